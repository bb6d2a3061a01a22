#!/usr/bin/env python3
"""Builds medbeam's DICOM test fixtures and their reference values.

Run from this folder with Debian's python3 (pydicom 2.3, numpy, nibabel) and DCMTK / dcm2niix on
the PATH:

    cd beam-io/src/test/resources/dicom && /usr/bin/python3 make_dicom_fixtures.py

Everything is generated from a fixed seed; the script rewrites the fixture folders and
reference.json. Tests never run Python: they read the files and the JSON written here.

Sections (each writes one folder and one key of reference.json):
  parse/   one small CT slice with nested sequences and private tags, in every encoding:
           written by pydicom (explicit VR LE), then converted by DCMTK's dcmconv to implicit VR LE,
           explicit VR big endian, deflated, undefined-length sequences, and a bare data set with
           no preamble/meta. Expected values: pydicom's reading of each file.
"""
import glob
import hashlib
import json
import os
import random
import shutil
import subprocess
import sys

import numpy as np
import pydicom
from pydicom.dataset import Dataset, FileDataset, FileMetaDataset
from pydicom.sequence import Sequence
from pydicom.uid import ExplicitVRLittleEndian, generate_uid

HERE = os.path.dirname(os.path.abspath(__file__))
REF = {}
CT_IMAGE_STORAGE = "1.2.840.10008.5.1.4.1.1.2"
SC_IMAGE_STORAGE = "1.2.840.10008.5.1.4.1.1.7"
UID_PREFIX = "1.2.826.0.1.3680043.8.498."  # pydicom's documented example root, used only here


def uid(name):
    """Deterministic UID for a fixture name."""
    return UID_PREFIX + str(int(hashlib.sha1(name.encode()).hexdigest()[:24], 16))


def run(*cmd):
    subprocess.run(cmd, check=True, stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def fresh(folder):
    path = os.path.join(HERE, folder)
    shutil.rmtree(path, ignore_errors=True)
    os.makedirs(path)
    return path


def file_dataset(path, sop_class, sop_instance, ts=ExplicitVRLittleEndian):
    meta = FileMetaDataset()
    meta.MediaStorageSOPClassUID = sop_class
    meta.MediaStorageSOPInstanceUID = sop_instance
    meta.TransferSyntaxUID = ts
    meta.ImplementationClassUID = UID_PREFIX + "1"
    ds = FileDataset(path, {}, file_meta=meta, preamble=b"\0" * 128)
    ds.SOPClassUID = sop_class
    ds.SOPInstanceUID = sop_instance
    return ds


def save(ds, path):
    ds.is_little_endian = ds.file_meta.TransferSyntaxUID != "1.2.840.10008.1.2.2"
    ds.is_implicit_VR = ds.file_meta.TransferSyntaxUID == "1.2.840.10008.1.2"
    ds.save_as(path, write_like_original=False)


def rel(path):
    return os.path.relpath(path, HERE)


# ----------------------------------------------------------------------------------- parse

def parse_section():
    out = fresh("parse")
    rng = np.random.RandomState(20261127)
    path = os.path.join(out, "base_explicit_le.dcm")
    ds = file_dataset(path, CT_IMAGE_STORAGE, uid("parse/base"))
    ds.SpecificCharacterSet = "ISO_IR 100"
    ds.ImageType = ["ORIGINAL", "PRIMARY", "AXIAL"]
    ds.StudyDate = "20240131"
    ds.StudyTime = "101530.25"
    ds.Modality = "CT"
    ds.Manufacturer = "medbeam fixture"
    ds.SeriesDescription = "Thorax 1.0 B31f"
    ds.PatientName = "Müller^Jürgen"
    ds.PatientID = "PAT-0001"
    ds.BodyPartExamined = "CHEST"
    ds.SliceThickness = "1.25"
    ds.StudyInstanceUID = uid("parse/study")
    ds.SeriesInstanceUID = uid("parse/series")
    ds.SeriesNumber = 3
    ds.InstanceNumber = 7
    ds.ImagePositionPatient = [-125.5, -130.25, 87.5]
    ds.ImageOrientationPatient = [1, 0, 0, 0, 1, 0]
    ds.PixelSpacing = [0.6640625, 0.6640625]
    ds.WindowCenter = [40, 400]
    ds.WindowWidth = [400, 2000]
    ds.RescaleIntercept = "-1024"
    ds.RescaleSlope = "1"
    # a nested sequence: one item holding a sequence of two items
    code = Dataset()
    code.CodeValue = "T-D3000"
    code.CodingSchemeDesignator = "SRT"
    code.CodeMeaning = "Chest"
    inner1 = Dataset()
    inner1.CodeValue = "113691"
    inner1.CodeMeaning = "inner one"
    inner2 = Dataset()
    inner2.CodeValue = "113692"
    inner2.CodeMeaning = "inner two"
    code.ModifierCodeSequence = Sequence([inner1, inner2])
    ds.AnatomicRegionSequence = Sequence([code])
    ref_item = Dataset()
    ref_item.ReferencedSOPClassUID = CT_IMAGE_STORAGE
    ref_item.ReferencedSOPInstanceUID = uid("parse/ref")
    ds.ReferencedImageSequence = Sequence([ref_item, Dataset()])  # second item empty
    # private block: creator + OB + LO + a US in a private group
    block = ds.private_block(0x0009, "MEDBEAM TEST", create=True)
    block.add_new(0x01, "OB", bytes([1, 2, 3, 250, 251, 252]))
    block.add_new(0x02, "LO", "private text")
    block.add_new(0x03, "US", [513, 65535])
    ds.SamplesPerPixel = 1
    ds.PhotometricInterpretation = "MONOCHROME2"
    ds.Rows = 6
    ds.Columns = 8
    ds.BitsAllocated = 16
    ds.BitsStored = 16
    ds.HighBit = 15
    ds.PixelRepresentation = 1
    pixels = rng.randint(-2000, 3000, size=(6, 8)).astype(np.int16)
    ds.PixelData = pixels.tobytes()
    save(ds, path)

    variants = {"base_explicit_le.dcm": path}
    conv = [
        ("implicit_le.dcm", ["+ti"]),
        ("explicit_be.dcm", ["+tb"]),
        ("deflated.dcm", ["+td"]),
        ("undefined_lengths.dcm", ["+te", "-e"]),
        ("group_lengths.dcm", ["+te", "+g"]),
    ]
    for name, opts in conv:
        target = os.path.join(out, name)
        run("dcmconv", *opts, path, target)
        variants[name] = target
    # a bare data set: no preamble, no meta, implicit VR LE (what old ACR-NEMA-era writers made)
    bare = os.path.join(out, "no_meta_implicit.dcm")
    run("dcmconv", "-F", "+ti", path, bare)
    variants["no_meta_implicit.dcm"] = bare

    files = {}
    for name, p in sorted(variants.items()):
        d = pydicom.dcmread(p, force=True)
        ts = str(d.file_meta.TransferSyntaxUID) if "TransferSyntaxUID" in d.file_meta else ""
        if not ts:  # a bare data set: pydicom read it as implicit VR LE; say so for pixel_array
            d.file_meta.TransferSyntaxUID = pydicom.uid.ImplicitVRLittleEndian
        files[name] = {
            "transfer_syntax": ts,
            "PatientName": str(d.PatientName),
            "PatientID": d.PatientID,
            "SeriesDescription": d.SeriesDescription,
            "StudyTime": d.StudyTime,
            "ImageType": list(d.ImageType),
            "ImagePositionPatient": [float(x) for x in d.ImagePositionPatient],
            "PixelSpacing": [float(x) for x in d.PixelSpacing],
            "WindowCenter": [float(x) for x in d.WindowCenter],
            "InstanceNumber": int(d.InstanceNumber),
            "Rows": int(d.Rows),
            "anatomic_code_meaning": d.AnatomicRegionSequence[0].CodeMeaning,
            "modifier_values": [i.CodeValue for i in d.AnatomicRegionSequence[0].ModifierCodeSequence],
            "referenced_items": len(d.ReferencedImageSequence),
            "referenced_instance": d.ReferencedImageSequence[0].ReferencedSOPInstanceUID,
            "private_creator": d[0x0009, 0x0010].value,
            "private_ob_hex": bytes(d[0x0009, 0x1001].value).hex(),
            "private_lo_raw_hex": raw_bytes(d[0x0009, 0x1002].value).hex(),
            "private_us_raw_hex": raw_bytes(d[0x0009, 0x1003].value, d.is_little_endian).hex(),
            "pixels": d.pixel_array.astype(int).ravel().tolist(),
        }
    REF["parse"] = {"files": files, "shape": [6, 8]}


def raw_bytes(value, little=True):
    """Element value as the bytes a file holds (pydicom gives UN values of implicit files raw)."""
    if isinstance(value, (bytes, bytearray)):
        return bytes(value)
    if isinstance(value, str):
        b = value.encode("latin-1")
        return b + (b" " if len(b) % 2 else b"")
    return np.asarray(value, dtype="<u2" if little else ">u2").tobytes()


def main():
    random.seed(20261127)
    parse_section()
    with open(os.path.join(HERE, "reference.json"), "w") as f:
        json.dump(REF, f, indent=1, sort_keys=True)
        f.write("\n")
    print("fixtures written:", ", ".join(sorted(REF)))


if __name__ == "__main__":
    main()
