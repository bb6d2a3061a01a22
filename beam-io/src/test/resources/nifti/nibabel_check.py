#!/usr/bin/python3
"""Checks NIfTI files written by medbeam's NiftiWriter with nibabel (run by NiftiNibabelInteropTest).

Usage: nibabel_check.py DIR. DIR/cases.json maps each file name to what Java wrote:
{"affine": 16 row-major doubles, "sform_code": int, "qform_code": int}. For every file this
prints, as one JSON object on stdout, what nibabel reads (shape, dtype, affine, sha256 of the
voxels as little-endian bytes in first-index-fastest order) and whether the file is identical
(after gunzip) to the one nibabel writes for the same data and affine the way MONAI's
NibabelWriter does: Nifti1Image(data, affine) (Nifti2Image when the Java file is NIfTI-2), then
set_sform(affine, code) and set_qform(affine, code). Differences are listed by header field.
"""
import gzip
import hashlib
import json
import os
import sys
import tempfile

import nibabel as nib
import numpy as np


def raw_bytes(path):
    with open(path, "rb") as f:
        data = f.read()
    return gzip.decompress(data) if path.endswith(".gz") else data


def main(folder):
    with open(os.path.join(folder, "cases.json")) as f:
        cases = json.load(f)
    out = {}
    for name, case in sorted(cases.items()):
        path = os.path.join(folder, name)
        img = nib.load(path)
        arr = np.asanyarray(img.dataobj)
        le = arr.astype(arr.dtype.newbyteorder("<"), copy=False)
        res = {
            "class": type(img).__name__,
            "shape": list(arr.shape),
            "dtype": arr.dtype.name,
            "sha256": hashlib.sha256(le.tobytes(order="F")).hexdigest(),
            "affine": np.asarray(img.affine, dtype=np.float64).tolist(),
            "qform": np.asarray(img.get_qform(), dtype=np.float64).tolist(),
            "sform_code": int(img.header["sform_code"]),
            "qform_code": int(img.header["qform_code"]),
        }
        affine = np.array(case["affine"], dtype=np.float64).reshape(4, 4)
        klass = nib.Nifti2Image if isinstance(img, nib.Nifti2Image) else nib.Nifti1Image
        ref = klass(np.asarray(arr), affine, dtype=arr.dtype)
        ref.set_sform(affine, code=case["sform_code"])
        ref.set_qform(affine, code=case["qform_code"])
        suffix = ".nii.gz" if name.endswith(".gz") else ".nii"
        with tempfile.TemporaryDirectory() as tmp:
            ref_path = os.path.join(tmp, "ref" + suffix)
            nib.save(ref, ref_path)
            ours, theirs = raw_bytes(path), raw_bytes(ref_path)
            res["identical_decompressed"] = ours == theirs
            with open(path, "rb") as a, open(ref_path, "rb") as b:
                res["identical_file"] = a.read() == b.read()
            if not res["identical_decompressed"]:
                size = img.header.sizeof_hdr
                hc = type(img.header)
                h_ours = hc(ours[:size], check=False)
                h_theirs = hc(theirs[:size], check=False)
                res["header_diff"] = {
                    k: [str(h_ours[k]), str(h_theirs[k])]
                    for k in h_ours.keys()
                    if np.asarray(h_ours[k]).tobytes() != np.asarray(h_theirs[k]).tobytes()
                }
                res["lengths"] = [len(ours), len(theirs)]
        out[name] = res
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main(sys.argv[1])
