#!/usr/bin/python3
"""Writes the NIfTI fixtures of medbeam's NiftiReader tests and what nibabel and MONAI read back.

Run from anywhere with Debian's python (numpy 1.24, nibabel 5.0) and MONAI 1.4.0 from source:

    PYTHONPATH=/work/monai-src /usr/bin/python3 make_nifti_fixtures.py

Every file is written here (next to this script) with nibabel, sometimes with header fields set by
hand afterwards. nibabel_reference.json then holds, per file, what nibabel reads
(``img.shape``, ``np.asanyarray(img.dataobj)``'s dtype and values flattened first index fastest,
``img.affine`` at full double precision, the header fields after nibabel's load-time fixes) and
what MONAI's ``NibabelReader().get_data`` reports (``spatial_shape``, ``original_channel_dim``,
``pixdim``, ``dim``, ...). Non-finite floats are written as the strings "nan", "inf", "-inf".
"""
import gzip
import json
import math
import os
import struct
import zlib

import nibabel as nib
import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = {}


def path(name):
    return os.path.join(HERE, name)


def num(v):
    v = float(v)
    if math.isnan(v):
        return "nan"
    if math.isinf(v):
        return "inf" if v > 0 else "-inf"
    return v


def jsonable(v):
    if isinstance(v, np.ndarray):
        if v.dtype.kind in "SU":
            return v.item().decode("latin-1") if v.dtype.kind == "S" else str(v.item())
        if v.ndim == 0:
            return jsonable(v.item())
        return [jsonable(x) for x in v.tolist()]
    if isinstance(v, (list, tuple)):
        return [jsonable(x) for x in v]
    if isinstance(v, bytes):
        return v.decode("latin-1")
    if isinstance(v, (bool, np.bool_)):
        return bool(v)
    if isinstance(v, (int, np.integer)):
        return int(v)
    if isinstance(v, (float, np.floating)):
        return num(v)
    return str(v)


def data_values(arr):
    if arr.dtype.names:  # RGB / RGBA records: one [r, g, b(, a)] per voxel
        flat = arr.ravel(order="F")
        return [[int(x) for x in rec] for rec in flat.tolist()]
    return [jsonable(x) for x in arr.ravel(order="F").tolist()]


def record(name, note):
    """Reads ``name`` back with nibabel and MONAI and stores the reference values."""
    img = nib.load(path(name))
    arr = np.asanyarray(img.dataobj)
    hdr = img.header
    header = {k: jsonable(hdr[k]) for k in hdr.keys()}
    # MONAI 1.4.0's NibabelReader, as LoadImage(reader="NibabelReader") uses it
    from monai.data import NibabelReader

    reader = NibabelReader()
    _, meta = reader.get_data(reader.read(path(name)))
    ocd = meta["original_channel_dim"]
    monai = {
        "spatial_shape": jsonable(meta["spatial_shape"]),
        "original_channel_dim": "no_channel" if isinstance(ocd, float) and math.isnan(ocd) else int(ocd),
        "affine": jsonable(np.asarray(meta["affine"])),
        "original_affine": jsonable(np.asarray(meta["original_affine"])),
    }
    for k in ("dim", "pixdim", "qform_code", "sform_code", "xyzt_units", "intent_code", "datatype",
              "bitpix", "scl_slope", "scl_inter", "vox_offset", "slice_code", "dim_info", "cal_max",
              "cal_min", "slice_duration", "toffset", "slice_start", "slice_end", "intent_p1",
              "intent_p2", "intent_p3", "quatern_b", "quatern_c", "quatern_d", "qoffset_x",
              "qoffset_y", "qoffset_z", "srow_x", "srow_y", "srow_z", "sizeof_hdr"):
        if k in meta:
            monai[k] = jsonable(meta[k])
    OUT[name] = {
        "note": note,
        "size": os.path.getsize(path(name)),
        "nibabel": {
            "shape": list(arr.shape),
            "dtype": arr.dtype.name if not arr.dtype.names else "".join(arr.dtype.names),
            "affine": jsonable(np.asarray(img.affine, dtype=np.float64)),
            "header": header,
            "data": data_values(arr),
        },
        "monai": monai,
    }


def save(img, name, note):
    nib.save(img, path(name))
    record(name, note)


AFF = np.array(
    [[-0.7, 0.0, 0.0, 90.25], [0.0, 0.8, 0.0, -126.5], [0.0, 0.0, 1.25, -72.0], [0, 0, 0, 1]]
)
rng = np.random.RandomState(20261127)

# ---------------------------------------------------------------- one file per scalar datatype
for dt in ("uint8", "int8", "uint16", "int16", "uint32", "int32", "uint64", "int64", "float32",
           "float64"):
    t = np.dtype(dt)
    shape = (3, 4, 5)
    if t.kind == "f":
        a = (rng.standard_normal(shape) * 1000).astype(t)
        fi = np.finfo(t)
        a.flat[0], a.flat[1], a.flat[2], a.flat[3] = fi.max, fi.min, fi.tiny, -0.0
        a.flat[4] = fi.tiny / 4  # subnormal
    else:
        ii = np.iinfo(t)
        lo, hi = max(int(ii.min), -(2 ** 62)), min(int(ii.max), 2 ** 62)
        a = rng.randint(0, 2 ** 31 - 1, size=shape).astype(np.float64)
        a = (lo + (a / (2 ** 31 - 1)) * (hi - lo)).astype(np.float64)
        a = np.clip(a, lo, hi).astype(t)
        a.flat[0], a.flat[1] = ii.min, ii.max
    save(nib.Nifti1Image(a, AFF, dtype=t), f"dtype_{dt}.nii", f"{dt} (3,4,5), sform from AFF")

# ---------------------------------------------------------------- RGB24 / RGBA32
rgb_t = np.dtype([("R", "u1"), ("G", "u1"), ("B", "u1")])
rgb = np.zeros((2, 3, 4), dtype=rgb_t)
v = rng.randint(0, 256, size=(2, 3, 4, 3))
rgb["R"], rgb["G"], rgb["B"] = v[..., 0], v[..., 1], v[..., 2]
save(nib.Nifti1Image(rgb, AFF), "rgb24.nii", "RGB24 (2,3,4)")
rgba_t = np.dtype([("R", "u1"), ("G", "u1"), ("B", "u1"), ("A", "u1")])
rgba = np.zeros((2, 3, 2), dtype=rgba_t)
v = rng.randint(0, 256, size=(2, 3, 2, 4))
for i, c in enumerate("RGBA"):
    rgba[c] = v[..., i]
save(nib.Nifti1Image(rgba, AFF), "rgba32.nii", "RGBA32 (2,3,2)")

# ---------------------------------------------------------------- dimensionality
a = rng.randint(-500, 500, size=(7,)).astype(np.int16)
save(nib.Nifti1Image(a, AFF), "dim1d.nii", "1D int16 (7,)")
a = rng.randint(-500, 500, size=(4, 5)).astype(np.int16)
save(nib.Nifti1Image(a, AFF), "dim2d.nii", "2D int16 (4,5)")
a = rng.standard_normal((3, 4, 5, 2)).astype(np.float32)
img = nib.Nifti1Image(a, AFF)
img.header.set_xyzt_units("mm", "sec")
img.header["pixdim"][4] = 2.5
save(img, "dim4d.nii", "4D float32 (3,4,5,2), xyzt_units mm+sec, TR 2.5")
a = rng.randint(-500, 500, size=(3, 4, 2, 2, 3)).astype(np.int16)
img = nib.Nifti1Image(a, AFF)
img.header.set_intent("vector")
save(img, "dim5d.nii", "5D int16 (3,4,2,2,3), intent vector")
a = rng.randint(0, 255, size=(2, 2, 2, 2, 1, 3)).astype(np.uint8)
save(nib.Nifti1Image(a, AFF), "dim6d.nii", "6D uint8 (2,2,2,2,1,3)")
a = rng.randint(0, 255, size=(3, 4, 1)).astype(np.uint8)
save(nib.Nifti1Image(a, AFF), "dim3d_z1.nii", "3D with a trailing size-1 axis (3,4,1)")

# ---------------------------------------------------------------- byte order
def big_endian(klass, header_klass, a):
    hdr = header_klass(endianness=">")
    hdr.set_data_dtype(a.dtype)
    return klass(a, AFF, header=hdr)


a = rng.randint(-3000, 3000, size=(3, 4, 5)).astype(">i2")
save(big_endian(nib.Nifti1Image, nib.Nifti1Header, a), "bigendian_int16.nii", "big-endian int16")
a = rng.standard_normal((3, 4, 5)).astype(">f8")
save(big_endian(nib.Nifti1Image, nib.Nifti1Header, a), "bigendian_float64.nii.gz",
     "big-endian float64, gzip")
a = rng.randint(0, 60000, size=(3, 2, 4)).astype(">u2")
save(big_endian(nib.Nifti2Image, nib.Nifti2Header, a), "nifti2_bigendian.nii",
     "NIfTI-2 big-endian uint16")
assert OUT["bigendian_int16.nii"]["nibabel"]["dtype"] == "int16"
assert OUT["nifti2_bigendian.nii"]["nibabel"]["dtype"] == "uint16"

# ---------------------------------------------------------------- scaling
def scaled(name, raw, slope, inter, note):
    img = nib.Nifti1Image(raw, AFF)
    nib.save(img, path(name))
    # set scl_slope / scl_inter by hand after writing so that the raw values stay as given
    with open(path(name), "r+b") as f:
        f.seek(112)
        f.write(struct.pack("<ff", slope, inter))
    record(name, note)


scaled("scaled_int16.nii", rng.randint(-1024, 3000, size=(3, 4, 5)).astype(np.int16), 2.5,
       -1024.0, "int16 slope 2.5 inter -1024")
scaled("scaled_uint8_inter.nii", rng.randint(0, 255, size=(3, 4, 5)).astype(np.uint8), 1.0, 10.0,
       "uint8 slope 1 inter 10")
scaled("scaled_float32.nii", rng.standard_normal((3, 4, 5)).astype(np.float32), 0.3, 3.1,
       "float32 slope 0.3 inter 3.1")
scaled("scaled_int32_fraction.nii", rng.randint(-2 ** 31, 2 ** 31 - 1, size=(3, 4, 5)).astype(
    np.int32), 1e-3, 0.125, "int32 slope 1e-3 inter 0.125")
scaled("scaled_slope0.nii", rng.randint(-10, 10, size=(3, 4, 5)).astype(np.int16), 0.0, 5.0,
       "slope 0: nibabel ignores scaling")
scaled("scaled_slope_nan.nii", rng.randint(-10, 10, size=(3, 4, 5)).astype(np.int16),
       float("nan"), 5.0, "slope NaN: nibabel ignores scaling")
scaled("scaled_identity.nii", rng.randint(-10, 10, size=(3, 4, 5)).astype(np.int16), 1.0, 0.0,
       "slope 1 inter 0: raw dtype kept")

# ---------------------------------------------------------------- affines
SHEAR = np.array(
    [[0.7, 0.1, 0.02, -100.0], [-0.05, 0.68, 0.3, 50.5], [0.01, -0.2, 1.9, 20.0], [0, 0, 0, 1]]
)
a = rng.randint(0, 100, size=(3, 4, 5)).astype(np.int16)
img = nib.Nifti1Image(a, None)
img.header.set_sform(SHEAR, code=1)
img.header.set_qform(None, code=0)
img.header.set_zooms(np.sqrt(np.sum(SHEAR[:3, :3] ** 2, axis=0)))
save(img, "sform_only.nii", "sform code 1 (sheared), qform code 0, pixdim = sform column norms")

img = nib.Nifti1Image(a, None)
img.header.set_sform(SHEAR, code=1)
img.header.set_qform(None, code=0)
save(img, "sform_pixdim_mismatch.nii",
     "sform code 1 but pixdim (1, 1, 1) disagrees with it: nibabel uses the sform, MONAI's "
     "correct_nifti_header_if_necessary replaces it by the (unit) qform")

img = nib.Nifti1Image(a, None)
img.header.set_sform(SHEAR, code=2)
img.header.set_qform(AFF, code=1)
save(img, "sform_and_qform.nii", "sform code 2 wins over qform code 1")

# oblique rotation with a reflection (qfac -1), non-uniform zooms
th = 0.3
rot = np.array([[math.cos(th), -math.sin(th), 0], [math.sin(th), math.cos(th), 0], [0, 0, 1]])
rot2 = np.array([[1, 0, 0], [0, math.cos(0.2), -math.sin(0.2)], [0, math.sin(0.2), math.cos(0.2)]])
QAFF = np.eye(4)
QAFF[:3, :3] = rot @ rot2 @ np.diag([0.9, 1.1, -2.5])
QAFF[:3, 3] = [-12.5, 33.25, 7.0]
img = nib.Nifti1Image(a, None)
img.header.set_qform(QAFF, code=1)
img.header.set_sform(None, code=0)
save(img, "qform_only.nii", "qform code 1, oblique quaternion with qfac -1, sform code 0")
assert OUT["qform_only.nii"]["nibabel"]["header"]["pixdim"][0] == -1.0

nib.save(img, path("qform_qfac0.nii"))
with open(path("qform_qfac0.nii"), "r+b") as f:
    f.seek(76)
    f.write(struct.pack("<f", 0.0))  # pixdim[0] = 0: nibabel treats qfac as 1
record("qform_qfac0.nii", "qform only, pixdim[0] = 0 (qfac treated as 1)")

img = nib.Nifti1Image(a, None)
img.header.set_sform(None, code=0)
img.header.set_qform(None, code=0)
img.header.set_zooms((0.7, 0.8, 2.0))
save(img, "no_xform.nii", "qform and sform codes 0: nibabel's base affine from pixdim")

b = rng.randint(0, 100, size=(4, 6)).astype(np.uint8)
img = nib.Nifti1Image(b, None)
img.header.set_sform(None, code=0)
img.header.set_qform(None, code=0)
img.header.set_zooms((0.5, 1.5))
save(img, "no_xform_2d.nii", "2D, no xform: base affine")

nib.save(nib.Nifti1Image(a, np.eye(4)), path("bad_pixdim.nii"))
with open(path("bad_pixdim.nii"), "r+b") as f:
    f.seek(76)
    f.write(struct.pack("<4f", 1.0, -0.7, 0.0, 2.0))  # negative and zero zooms
    f.seek(252)
    f.write(struct.pack("<hh", 0, 0))  # no qform, no sform
record("bad_pixdim.nii", "pixdim (-0.7, 0, 2): nibabel fixes to (0.7, 1, 2); base affine")

img = nib.Nifti1Image(a, None)
img.header.set_qform(QAFF, code=1)
img.header.set_sform(SHEAR, code=1)
nib.save(img, path("invalid_sform_code.nii"))
with open(path("invalid_sform_code.nii"), "r+b") as f:
    f.seek(254)
    f.write(struct.pack("<h", 9))  # not a valid xform code: nibabel resets it to 0
record("invalid_sform_code.nii", "sform_code 9 is invalid: nibabel sets it to 0, qform used")

# ---------------------------------------------------------------- NIfTI-2
PREC = np.array(
    [[0.123456789012345, 0.0, 0.0, -98.765432109876], [0.0, 0.3333333333333333, 0.0, 1e-9],
     [0.0, 0.0, 2.0000000000000004, 12345.678901234567], [0, 0, 0, 1]]
)
a = rng.standard_normal((3, 4, 5))
save(nib.Nifti2Image(a, PREC), "nifti2_float64.nii", "NIfTI-2 float64, double-precision sform")
a = rng.randint(-1000, 1000, size=(5, 4, 3, 2)).astype(np.int16)
save(nib.Nifti2Image(a, AFF), "nifti2_int16.nii.gz", "NIfTI-2 4D int16, gzip")

# ---------------------------------------------------------------- gzip
a = rng.randint(-1024, 2000, size=(6, 5, 4)).astype(np.int16)
save(nib.Nifti1Image(a, AFF), "gz_int16.nii.gz", "int16, nibabel's default compresslevel")
img = nib.Nifti1Image(a, AFF)
nib.save(img, path("tmp_plain.nii"))
raw = open(path("tmp_plain.nii"), "rb").read()
os.remove(path("tmp_plain.nii"))
with open(path("gz_multimember.nii.gz"), "wb") as f:
    for lo, hi in ((0, 200), (200, 700), (700, len(raw))):  # three gzip members
        f.write(gzip.compress(raw[lo:hi], compresslevel=6, mtime=0))
record("gz_multimember.nii.gz", "three concatenated gzip members (split inside the header)")
a = np.full((10, 10, 10), -1024, dtype=np.int16)
save(nib.Nifti1Image(a, AFF), "gz_constant.nii.gz", "constant int16: high compression ratio")

# ---------------------------------------------------------------- extensions, offsets, text
a = rng.randint(0, 1000, size=(3, 4, 5)).astype(np.uint16)
img = nib.Nifti1Image(a, AFF)
img.header.extensions.append(nib.nifti1.Nifti1Extension("comment", b"medbeam fixture ext"))
img.header["descrip"] = b"medbeam fixture"
img.header["aux_file"] = b"aux.txt"
img.header["intent_name"] = b"label"
img.header["cal_min"], img.header["cal_max"] = 0.0, 999.0
img.header.set_dim_info(freq=0, phase=1, slice=2)
save(img, "extension.nii", "one comment extension (vox_offset > 352), text fields")
assert OUT["extension.nii"]["nibabel"]["header"]["vox_offset"] == 0  # nibabel consumes it

img = nib.Nifti1Image(a, AFF)
img.header.set_data_offset(400)
save(img, "vox_offset_400.nii", "vox_offset 400, padding after the extension flag")

with open(os.path.join(HERE, "nibabel_reference.json"), "w") as f:
    json.dump(OUT, f, sort_keys=True)
print("wrote", len(OUT), "fixtures")

# ---------------------------------------------------------------- qform fitting (writer side)
# nibabel's Nifti2Header.set_qform (float64 fields) for affines medbeam's writer must fit alike.
FITS = {
    "sheared_flipped": [[-0.7, 0.1, 0.02, 100.5], [0.05, 0.68, 0.3, -50.25],
                        [0.01, -0.2, -1.9, 20.0], [0, 0, 0, 1]],
    "oblique_qfac_minus1": QAFF.tolist(),
    "identity": np.eye(4).tolist(),
    "las": np.diag([-0.7, 0.7, 1.25, 1.0]).tolist(),
    "rot180_z": np.diag([-1.0, -1.0, 1.0, 1.0]).tolist(),
    "rot180_x_scaled": np.diag([2.0, -3.0, -4.0, 1.0]).tolist(),
    "permuted": [[0, 0, 1.5, 1], [-0.8, 0, 0, 2], [0, 0.9, 0, 3], [0, 0, 0, 1]],
}
fits = {}
for name, aff in FITS.items():
    h = nib.Nifti2Header()
    h.set_qform(np.array(aff, dtype=np.float64), code=1)
    fits[name] = {
        "affine": aff,
        "quatern": [float(h["quatern_b"]), float(h["quatern_c"]), float(h["quatern_d"])],
        "pixdim": [float(x) for x in h["pixdim"][:4]],
        "qoffset": [float(h["qoffset_x"]), float(h["qoffset_y"]), float(h["qoffset_z"])],
        "qform": h.get_qform().tolist(),
    }
with open(os.path.join(HERE, "qform_fits.json"), "w") as f:
    json.dump(fits, f, sort_keys=True, indent=1)
