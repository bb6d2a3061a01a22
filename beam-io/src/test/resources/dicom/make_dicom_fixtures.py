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
  pixels/  native pixel formats written by pydicom (8/16/32-bit, signed/unsigned, BitsStored <
           BitsAllocated, multi-frame, planar 0/1, YBR_FULL, YBR_FULL_422, PALETTE COLOR 8/16-bit,
           MONOCHROME1, 1-bit, float), big-endian copies (dcmconv +tb), and compressed copies:
           RLE (dcmcrle), JPEG lossless SV1 and predictors 2-7, baseline, 12-bit extended,
           progressive (retired process 10, through ImageIO)
           (dcmcjpeg, incl. several fragments per frame and an empty offset table), JPEG 2000
           (Pillow/OpenJPEG code streams encapsulated by pydicom), JPEG-LS (dcmcjpls, expected to
           be refused). Expected values: pydicom's pixel_array of the file, or of DCMTK's
           decompressed copy (dcmdjpeg/dcmdrle) where pydicom has no decoder here; colour as
           pydicom's convert_color_space(..., "YBR_FULL", "RGB") and apply_color_lut; modality
           LUT as MONAI's PydicomReader (float32(x) * slope + intercept).
  series/  an archive: four series in one flat folder under shuffled file names, slices in mixed
           transfer syntaxes (explicit/implicit LE, big endian, deflated, RLE, JPEG lossless,
           JPEG 2000 lossless): axial CT with a modality LUT, oblique MR, sagittal, and an
           enhanced CT (one file, per-frame functional groups, frames out of spatial order);
           plus problem series (a missing slice, uneven spacing, a series mixing a localizer
           and another size, two echoes, a duplicated file) and hostile files (truncated, lying
           lengths, absurd sizes, unclosed and too deep sequences, lying fragment lengths and
           offset tables, corrupt JPEG data, JPEG-LS). Expected: for each good series,
           dcm2niix's NIfTI (run on the uncompressed copy; nibabel's affine and data) and
           pydicom's pixel_array of every slice; for the others, what must fail and why.
  writer/  NOT written here: DicomWriterFixture (a test main) writes it with medbeam's
           DicomSeriesWriter; this script only checks it: dcmdump must read every file without
           error, dcm2niix must convert the folder (its affine and data recorded), pydicom's values
           are recorded, and each file's SHA-256 so the Java test can prove the writer still
           produces exactly these bytes.
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
from pydicom.encaps import encapsulate
from pydicom.pixel_data_handlers.util import apply_color_lut, convert_color_space
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

# ----------------------------------------------------------------------------------- pixels

ROWS, COLS = 14, 22  # partial JPEG blocks and MCUs on purpose


def image_ds(path, name, rows=ROWS, cols=COLS, frames=1, bits=16, stored=None, signed=False,
             photometric="MONOCHROME2", samples=1, planar=0, sop_class=SC_IMAGE_STORAGE):
    ds = file_dataset(path, sop_class, uid("pixels/" + name))
    ds.Modality = "OT"
    ds.SeriesInstanceUID = uid("pixels/series/" + name)
    ds.SamplesPerPixel = samples
    ds.PhotometricInterpretation = photometric
    if samples == 3:
        ds.PlanarConfiguration = planar
    ds.Rows = rows
    ds.Columns = cols
    if frames > 1:
        ds.NumberOfFrames = frames
    ds.BitsAllocated = bits
    ds.BitsStored = stored or bits
    ds.HighBit = (stored or bits) - 1
    ds.PixelRepresentation = 1 if signed else 0
    return ds


def smooth(rng, shape, lo, hi):
    """A smooth gradient with noise, so compressed fixtures compress like images."""
    grids = np.meshgrid(*[np.linspace(0, 1, n) for n in shape], indexing="ij")
    base = sum((k + 1) * g for k, g in enumerate(grids)) / sum(range(1, len(shape) + 1))
    arr = lo + (hi - lo) * (0.8 * base + 0.2 * rng.rand(*shape))
    return np.clip(np.round(arr), lo, hi)


def monai_rescale(arr, slope, intercept):
    """MONAI PydicomReader._get_array_data: float32 array * slope + intercept (numpy, float32)."""
    return arr.astype(np.float32) * slope + intercept


def expected_entry(arr, note):
    arr = np.asarray(arr)
    return {"shape": list(arr.shape), "dtype": arr.dtype.name, "values": arr.ravel().tolist(),
            "source": note}


def pixel_section():
    out = fresh("pixels")
    rng = np.random.RandomState(7)
    exp = {}

    def native(name, arr, **kw):
        path = os.path.join(out, name)
        ds = image_ds(path, name, **kw)
        return ds, path

    # 8-bit unsigned and signed
    a = smooth(rng, (ROWS, COLS), 0, 255).astype(np.uint8)
    ds, p = native("u8.dcm", a, bits=8)
    ds.PixelData = a.tobytes()
    save(ds, p)
    a = smooth(rng, (ROWS, COLS), -128, 127).astype(np.int8)
    ds, p = native("i8.dcm", a, bits=8, signed=True)
    ds.PixelData = a.tobytes()
    save(ds, p)
    # 16-bit, BitsStored 12, clean
    a = smooth(rng, (ROWS, COLS), 0, 4095).astype(np.uint16)
    ds, p = native("u16_bs12.dcm", a, bits=16, stored=12)
    ds.PixelData = a.tobytes()
    save(ds, p)
    # 16-bit signed, BitsStored 12, with junk above the high bit (an overlay plane in bit 15,
    # 12-bit two's complement not sign-extended) -- pydicom 2.3 returns these raw bits
    v = smooth(rng, (ROWS, COLS), -2048, 2047).astype(np.int16)
    raw = (v.astype(np.int32) & 0x0FFF) | ((rng.rand(ROWS, COLS) > 0.5) << 15)
    ds, p = native("i16_bs12_dirty.dcm", raw, bits=16, stored=12, signed=True)
    ds.PixelData = raw.astype(np.uint16).tobytes()
    save(ds, p)
    # hand derivation (PS3.5 8.1.1): keep bits 0-11, sign-extend bit 11
    exp["i16_bs12_dirty.dcm"] = expected_entry(
        (((raw & 0x0FFF) ^ 0x0800) - 0x0800).astype(np.int16),
        "hand derivation: ((raw & 0xFFF) ^ 0x800) - 0x800 (pydicom 2.3 does not mask)")
    # 16-bit signed, 3 frames, modality LUT slope 0.5 intercept -1024.25
    a = smooth(rng, (3, ROWS, COLS), -3000, 3000).astype(np.int16)
    ds, p = native("i16_frames_rescale.dcm", a, frames=3, bits=16, signed=True)
    ds.RescaleSlope = "0.5"
    ds.RescaleIntercept = "-1024.25"
    ds.PixelData = a.tobytes()
    save(ds, p)
    # 32-bit
    a = (smooth(rng, (ROWS, COLS), 0, 2 ** 31) * 1.9).astype(np.uint32)
    ds, p = native("u32.dcm", a, bits=32)
    ds.PixelData = a.tobytes()
    save(ds, p)
    a = smooth(rng, (ROWS, COLS), -2 ** 30, 2 ** 30).astype(np.int32)
    ds, p = native("i32.dcm", a, bits=32, signed=True)
    ds.PixelData = a.tobytes()
    save(ds, p)
    # colour: RGB planar 0 and 1 (2 frames)
    rgb = smooth(rng, (2, ROWS, COLS, 3), 0, 255).astype(np.uint8)
    ds, p = native("rgb_planar0.dcm", rgb, frames=2, bits=8, photometric="RGB", samples=3)
    ds.PixelData = rgb.tobytes()
    save(ds, p)
    ds, p = native("rgb_planar1.dcm", rgb, frames=2, bits=8, photometric="RGB", samples=3,
                   planar=1)
    ds.PixelData = np.ascontiguousarray(rgb.transpose(0, 3, 1, 2)).tobytes()
    save(ds, p)
    # YBR_FULL (native, interleaved) and YBR_FULL_422 (native, subsampled)
    ybr = smooth(rng, (ROWS, COLS, 3), 0, 255).astype(np.uint8)
    ds, p = native("ybr_full.dcm", ybr, bits=8, photometric="YBR_FULL", samples=3)
    ds.PixelData = ybr.tobytes()
    save(ds, p)
    y = smooth(rng, (ROWS, COLS), 16, 235).astype(np.uint8)
    cb = smooth(rng, (ROWS, COLS // 2), 30, 220).astype(np.uint8)
    cr = smooth(rng, (ROWS, COLS // 2), 40, 210).astype(np.uint8)
    packed = np.empty((ROWS, COLS // 2, 4), np.uint8)
    packed[..., 0] = y[:, 0::2]
    packed[..., 1] = y[:, 1::2]
    packed[..., 2] = cb
    packed[..., 3] = cr
    ds, p = native("ybr_full_422.dcm", packed, bits=8, photometric="YBR_FULL_422", samples=3)
    ds.PixelData = packed.tobytes()
    save(ds, p)
    # PALETTE COLOR: 8-bit LUT of 256 entries, and a 16-bit LUT of 200 entries from 10
    idx = smooth(rng, (ROWS, COLS), 0, 255).astype(np.uint8)
    ds, p = native("palette8.dcm", idx, bits=8, photometric="PALETTE COLOR")
    for c, tag in enumerate(["Red", "Green", "Blue"]):
        lut = ((np.arange(256) * (c + 1) * 37) % 256).astype(np.uint16)
        setattr(ds, tag + "PaletteColorLookupTableDescriptor", [256, 0, 8])
        ds[0x0028, 0x1101 + c].VR = "US"
        setattr(ds, tag + "PaletteColorLookupTableData", lut.astype("<u2").tobytes())
    ds.PixelData = idx.tobytes()
    save(ds, p)
    idx16 = smooth(rng, (ROWS, COLS), 0, 230).astype(np.uint16)
    ds, p = native("palette16.dcm", idx16, bits=16, photometric="PALETTE COLOR")
    for c, tag in enumerate(["Red", "Green", "Blue"]):
        lut = ((np.arange(200) * (c + 3) * 997) % 65536).astype(np.uint16)
        setattr(ds, tag + "PaletteColorLookupTableDescriptor", [200, 10, 16])
        ds[0x0028, 0x1101 + c].VR = "US"
        setattr(ds, tag + "PaletteColorLookupTableData", lut.astype("<u2").tobytes())
    ds.PixelData = idx16.tobytes()
    save(ds, p)
    # MONOCHROME1: values as stored (pydicom does not invert)
    a = smooth(rng, (ROWS, COLS), 0, 1023).astype(np.uint16)
    ds, p = native("monochrome1.dcm", a, bits=16, stored=10, photometric="MONOCHROME1")
    ds.PixelData = a.tobytes()
    save(ds, p)
    # 1-bit, 2 frames of 5 x 7 (35 bits: the second frame starts mid-byte)
    bits = (rng.rand(2, 5, 7) > 0.5).astype(np.uint8)
    ds, p = native("bits1.dcm", bits, rows=5, cols=7, frames=2, bits=1)
    ds.PixelData = np.packbits(bits.ravel(), bitorder="little").tobytes()
    save(ds, p)
    # float pixel data (7FE0,0008)
    fl = (rng.rand(ROWS, COLS) * 100 - 50).astype(np.float32)
    ds, p = native("float32.dcm", fl, bits=32)
    del ds.BitsStored, ds.HighBit, ds.PixelRepresentation
    ds.FloatPixelData = fl.tobytes()
    save(ds, p)

    # big endian copies
    for name in ["u8.dcm", "i16_frames_rescale.dcm", "u32.dcm", "rgb_planar0.dcm",
                 "palette16.dcm", "float32.dcm"]:
        run("dcmconv", "+tb", os.path.join(out, name), os.path.join(out, "be_" + name))

    # compressed copies
    comp = []

    def dcmtk(tool, opts, src, dst, decomp=None):
        # +un: keep the UIDs, so the fixtures are the same on every run
        opts = opts + (["+un"] if tool == "dcmcjpeg" else [])
        run(tool, *opts, os.path.join(out, src), os.path.join(out, dst))
        comp.append((dst, src, decomp))

    dcmtk("dcmcrle", [], "u8.dcm", "rle_u8.dcm")
    dcmtk("dcmcrle", [], "i16_frames_rescale.dcm", "rle_i16_frames_rescale.dcm")
    dcmtk("dcmcrle", [], "rgb_planar0.dcm", "rle_rgb.dcm")
    dcmtk("dcmcrle", [], "u32.dcm", "rle_u32.dcm")
    dcmtk("dcmcjpeg", ["+e1"], "i16_frames_rescale.dcm", "jpll_sv1_i16_frames.dcm", "dcmdjpeg")
    dcmtk("dcmcjpeg", ["+e1"], "u16_bs12.dcm", "jpll_sv1_u16_bs12.dcm", "dcmdjpeg")
    for sv in range(2, 8):
        dcmtk("dcmcjpeg", ["+el", "+sv", str(sv)], "u16_bs12.dcm", "jpll_sv%d.dcm" % sv,
              "dcmdjpeg")
    dcmtk("dcmcjpeg", ["+el", "+pt", "2"], "u8.dcm", "jpll_pt2_u8.dcm", "dcmdjpeg")
    dcmtk("dcmcjpeg", ["+e1"], "rgb_planar0.dcm", "jpll_rgb.dcm", "dcmdjpeg")
    dcmtk("dcmcjpeg", ["+eb"], "u8.dcm", "jpbase_u8.dcm")
    dcmtk("dcmcjpeg", ["+eb", "+cy"], "rgb_planar0.dcm", "jpbase_ybr422.dcm")
    dcmtk("dcmcjpeg", ["+eb", "+s4"], "rgb_planar0.dcm", "jpbase_ybr444.dcm")
    dcmtk("dcmcjpeg", ["+eb", "+cr"], "rgb_planar0.dcm", "jpbase_rgb.dcm")
    dcmtk("dcmcjpeg", ["+ep"], "u8.dcm", "jpprog_u8.dcm", "dcmdjpeg")
    dcmtk("dcmcjpeg", ["+ee"], "u16_bs12.dcm", "jpext_12bit.dcm", "dcmdjpeg")
    dcmtk("dcmcjpeg", ["+ee", "+q", "60"], "monochrome1.dcm", "jpext_12bit_q60.dcm", "dcmdjpeg")
    # several fragments per frame, with and without a basic offset table
    dcmtk("dcmcjpeg", ["+e1", "+fs", "1"], "i16_frames_rescale.dcm", "jpll_fragments_bot.dcm",
          "dcmdjpeg")
    dcmtk("dcmcjpeg", ["+e1", "+fs", "1", "-ot"], "i16_frames_rescale.dcm",
          "jpll_fragments_nobot.dcm", "dcmdjpeg")
    # JPEG-LS: medbeam has no decoder; the test expects UnsupportedTransferSyntaxException
    run("dcmcjpls", os.path.join(out, "u16_bs12.dcm"), os.path.join(out, "jpls_u16.dcm"))

    # JPEG 2000: Pillow (OpenJPEG) code streams, encapsulated by pydicom
    j2k_cases = []
    a = smooth(rng, (ROWS, COLS), 0, 4095).astype(np.uint16)
    j2k_cases.append(("j2k_u16_lossless.dcm", a, False, "MONOCHROME2"))
    a8 = smooth(rng, (ROWS, COLS, 3), 0, 255).astype(np.uint8)
    j2k_cases.append(("j2k_rgb_lossy.dcm", a8, True, "YBR_ICT"))
    for name, arr, lossy, photometric in j2k_cases:
        j2k_file(out, name, arr, lossy, photometric)

    # expected values
    files = sorted(os.path.basename(f) for f in glob.glob(os.path.join(out, "*.dcm")))
    decomp = {dst: (src, tool) for dst, src, tool in comp}
    for name in files:
        if name in exp or name.startswith("jpls_"):
            continue
        path = os.path.join(out, name)
        note = "pydicom pixel_array"
        if name in decomp and decomp[name][1]:
            tmp = os.path.join(out, "_tmp_decompressed.dcm")
            run(decomp[name][1], path, tmp)
            d = pydicom.dcmread(tmp)
            os.remove(tmp)
            note = "pydicom pixel_array of %s's decompression" % decomp[name][1]
        else:
            d = pydicom.dcmread(path)
        arr = d.pixel_array
        pi = d.PhotometricInterpretation
        if pi in ("YBR_FULL", "YBR_FULL_422"):
            arr = convert_color_space(arr, "YBR_FULL", "RGB")
            note += " + convert_color_space(YBR_FULL -> RGB)"
        elif pi == "PALETTE COLOR":
            arr = apply_color_lut(arr, d)
            note += " + apply_color_lut"
        if "RescaleSlope" in d or "RescaleIntercept" in d:
            arr = monai_rescale(arr, float(d.get("RescaleSlope", 1)),
                                float(d.get("RescaleIntercept", 0)))
            note += " + MONAI float32 rescale"
        exp[name] = expected_entry(arr, note)
    # pydicom 2.3 reads palette LUT data in the machine's byte order even in big endian files
    # (np.frombuffer without the file's endianness): the big endian copy decodes to the image of
    # the little endian original
    exp["be_palette16.dcm"] = dict(exp["palette16.dcm"])
    exp["be_palette16.dcm"]["source"] = ("expected of palette16.dcm (same image; pydicom 2.3 "
                                         "misreads big endian LUT data)")
    REF["pixels"] = exp
    REF["pixels_unsupported"] = {"jpls_u16.dcm": "1.2.840.10008.1.2.4.80"}


def j2k_file(out, name, arr, lossy, photometric):
    from PIL import Image
    import io
    rows, cols = arr.shape[:2]
    if arr.ndim == 2:
        img = Image.frombytes("I;16", (cols, rows), arr.astype("<u2").tobytes())
    else:
        img = Image.fromarray(arr, "RGB")
    buf = io.BytesIO()
    opts = {"irreversible": True, "quality_mode": "rates", "quality_layers": [8]} if lossy else {}
    # the grey one as a bare code stream, the colour one wrapped in JP2 boxes (both seen in DICOM)
    img.save(buf, format="JPEG2000", no_jp2=arr.ndim == 2, **opts)
    code = buf.getvalue()
    path = os.path.join(out, name)
    samples = 1 if arr.ndim == 2 else 3
    bits = 16 if arr.dtype == np.uint16 else 8
    # BitsStored must equal the code stream's precision (Pillow writes 16-bit); pydicom shifts
    # Pillow's output right by BitsAllocated - BitsStored otherwise
    ds = image_ds(path, name, rows=rows, cols=cols, bits=bits, photometric=photometric,
                  samples=samples)
    ds.file_meta.TransferSyntaxUID = "1.2.840.10008.1.2.4.91" if lossy else "1.2.840.10008.1.2.4.90"
    ds.PixelData = encapsulate([code])
    ds["PixelData"].is_undefined_length = True
    ds.is_little_endian = True
    ds.is_implicit_VR = False
    ds.save_as(path, write_like_original=False)

# ----------------------------------------------------------------------------------- series

def rotation(axis, angle_deg):
    axis = np.asarray(axis, float) / np.linalg.norm(axis)
    a = np.radians(angle_deg)
    k = np.array([[0, -axis[2], axis[1]], [axis[2], 0, -axis[0]], [-axis[1], axis[0], 0]])
    return np.eye(3) + np.sin(a) * k + (1 - np.cos(a)) * k @ k


def classic_slices(key, n, rows, cols, row_dir, col_dir, spacing, step, origin, modality,
                   bits=16, signed=True, stored=None, rescale=None, rng=None, lo=-1000,
                   hi=2000, series_number=1, description="", drop=(), steps=None, echo=None,
                   positions=None):
    """Datasets of one classic series; positions along the normal, InstanceNumber scrambled."""
    row_dir = np.asarray(row_dir, float)
    col_dir = np.asarray(col_dir, float)
    normal = np.cross(row_dir, col_dir)
    out = []
    order = rng.permutation(n)
    offsets = np.cumsum([0] + list(steps)) if steps is not None else np.arange(n) * step
    for k in range(n):
        if k in drop:
            continue
        pos = np.asarray(origin, float) + offsets[k] * normal if positions is None else positions[k]
        name = "%s/%d" % (key, k)
        ds = file_dataset("", CT_IMAGE_STORAGE if modality == "CT" else
                          "1.2.840.10008.5.1.4.1.1.4", uid(name))
        ds.Modality = modality
        ds.Manufacturer = "medbeam fixture"
        ds.PatientID = "PAT-" + key.split("/")[0]
        ds.StudyInstanceUID = uid("study/" + key.split("/")[0])
        ds.SeriesInstanceUID = uid("series/" + key)
        ds.FrameOfReferenceUID = uid("for/" + key.split("/")[0])
        ds.SeriesNumber = series_number
        ds.SeriesDescription = description
        ds.BodyPartExamined = "CHEST" if modality == "CT" else "HEAD"
        ds.AcquisitionDate = "20240131"
        ds.AcquisitionTime = "101500"
        ds.StudyDate = "20240131"
        ds.StudyTime = "101000"
        ds.InstanceNumber = int(order[k]) + 1
        if echo is not None:
            ds.EchoNumbers = echo
        ds.ImagePositionPatient = [float("%.6f" % v) for v in pos]
        ds.ImageOrientationPatient = [float("%.8f" % v) for v in list(row_dir) + list(col_dir)]
        ds.PixelSpacing = list(spacing)
        ds.SliceThickness = abs(step) if step else 1
        ds.SamplesPerPixel = 1
        ds.PhotometricInterpretation = "MONOCHROME2"
        ds.Rows = rows
        ds.Columns = cols
        ds.BitsAllocated = bits
        ds.BitsStored = stored or bits
        ds.HighBit = (stored or bits) - 1
        ds.PixelRepresentation = 1 if signed else 0
        if rescale:
            ds.RescaleSlope, ds.RescaleIntercept = rescale
        dtype = {(16, True): np.int16, (16, False): np.uint16}[(bits, signed)]
        arr = smooth(rng, (rows, cols), lo, hi).astype(dtype)
        arr[0, 0] = k  # makes every slice tell where it is
        ds.PixelData = arr.tobytes()
        out.append(ds)
    return out


def write_native(dss, folder):
    paths = []
    for ds in dss:
        p = os.path.join(folder, ds.SOPInstanceUID[-12:] + ".dcm")
        save(ds, p)
        paths.append(p)
    return paths


def enhanced_ct(key, rng, frames=6, rows=10, cols=12):
    ds = file_dataset("", "1.2.840.10008.5.1.4.1.1.2.1", uid(key))
    ds.Modality = "CT"
    ds.Manufacturer = "medbeam fixture"
    ds.PatientID = "PAT-enh"
    ds.StudyInstanceUID = uid("study/enh")
    ds.SeriesInstanceUID = uid("series/" + key)
    ds.FrameOfReferenceUID = uid("for/enh")
    ds.SeriesNumber = 7
    ds.SeriesDescription = "enhanced ct"
    ds.ImageType = ["ORIGINAL", "PRIMARY", "AXIAL"]
    ds.AcquisitionDateTime = "20240131101500"
    ds.ContentDate = "20240131"
    ds.ContentTime = "101500"
    ds.InstanceNumber = 1
    ds.SamplesPerPixel = 1
    ds.PhotometricInterpretation = "MONOCHROME2"
    ds.NumberOfFrames = frames
    ds.Rows = rows
    ds.Columns = cols
    ds.BitsAllocated = 16
    ds.BitsStored = 16
    ds.HighBit = 15
    ds.PixelRepresentation = 1
    r = rotation([0.2, 1, 0.1], 12)
    row_dir, col_dir = r[:, 0], r[:, 1]
    normal = np.cross(row_dir, col_dir)
    origin = np.array([-60.0, -40.5, 20.25])
    shared = Dataset()
    pm = Dataset()
    pm.PixelSpacing = [0.9, 0.7]
    pm.SliceThickness = 1.5
    shared.PixelMeasuresSequence = Sequence([pm])
    po = Dataset()
    po.ImageOrientationPatient = [float("%.8f" % v) for v in list(row_dir) + list(col_dir)]
    shared.PlaneOrientationSequence = Sequence([po])
    pvt = Dataset()
    pvt.RescaleIntercept = "-1024"
    pvt.RescaleSlope = "1"
    pvt.RescaleType = "HU"
    shared.PixelValueTransformationSequence = Sequence([pvt])
    ds.SharedFunctionalGroupsSequence = Sequence([shared])
    dim1 = Dataset()
    dim1.DimensionIndexPointer = 0x00209057  # InStackPositionNumber
    dim1.FunctionalGroupPointer = 0x00209111
    ds.DimensionIndexSequence = Sequence([dim1])
    order = rng.permutation(frames)  # frame f shows slice order[f]
    per = []
    data = []
    for f in range(frames):
        k = int(order[f])
        item = Dataset()
        pp = Dataset()
        pp.ImagePositionPatient = [float("%.6f" % v) for v in origin + 1.5 * k * normal]
        item.PlanePositionSequence = Sequence([pp])
        fc = Dataset()
        fc.InStackPositionNumber = k + 1
        fc.DimensionIndexValues = [k + 1]
        fc.StackID = "1"
        item.FrameContentSequence = Sequence([fc])
        per.append(item)
        arr = smooth(rng, (rows, cols), -1000, 1500).astype(np.int16)
        arr[0, 0] = k
        data.append(arr)
    ds.PerFrameFunctionalGroupsSequence = Sequence(per)
    ds.PixelData = np.stack(data).tobytes()
    return ds


def dcm2niix_reference(folder, workdir):
    """dcm2niix -z n on a folder of one series: nibabel affine, shape and data (i fastest)."""
    import nibabel as nib
    od = os.path.join(workdir, "nii")
    shutil.rmtree(od, ignore_errors=True)
    os.makedirs(od)
    subprocess.run(["dcm2niix", "-z", "n", "-b", "n", "-f", "%j", "-o", od, folder], check=True,
                   stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    nii = sorted(glob.glob(os.path.join(od, "*.nii")))
    if len(nii) != 1:
        raise RuntimeError("dcm2niix made %s from %s" % (nii, folder))
    img = nib.load(nii[0])
    data = np.asarray(img.get_fdata(), dtype=np.float64)
    return {"affine": img.affine.tolist(), "shape": list(data.shape),
            "data": data.ravel(order="F").tolist(),
            "version": subprocess.run(["dcm2niix", "-v"], stdout=subprocess.PIPE,
                                      stderr=subprocess.STDOUT).stdout.decode().split("\n")[0]}


def pydicom_volume(paths):
    """Slices by position along the normal; values pydicom + MONAI rescale; x fastest."""
    dss = [pydicom.dcmread(p) for p in paths]
    if len(dss) == 1 and int(dss[0].get("NumberOfFrames", 1)) > 1:
        d = dss[0]
        frames = d.pixel_array
        iop = np.array(d.SharedFunctionalGroupsSequence[0].PlaneOrientationSequence[0]
                       .ImageOrientationPatient, float)
        normal = np.cross(iop[:3], iop[3:])
        pos = [np.dot(np.array(it.PlanePositionSequence[0].ImagePositionPatient, float), normal)
               for it in d.PerFrameFunctionalGroupsSequence]
        pvt = d.SharedFunctionalGroupsSequence[0].PixelValueTransformationSequence[0]
        vol = np.stack([frames[i] for i in np.argsort(pos)])
        vol = monai_rescale(vol, float(pvt.RescaleSlope), float(pvt.RescaleIntercept))
        return vol
    iop = np.array(dss[0].ImageOrientationPatient, float)
    normal = np.cross(iop[:3], iop[3:])
    dss.sort(key=lambda d: np.dot(np.array(d.ImagePositionPatient, float), normal))
    vol = np.stack([d.pixel_array for d in dss])
    if "RescaleSlope" in dss[0] or "RescaleIntercept" in dss[0]:
        vol = monai_rescale(vol, float(dss[0].RescaleSlope), float(dss[0].RescaleIntercept))
    return vol


TS_MIX = [
    ("native", None),
    ("implicit", ["dcmconv", "+ti"]),
    ("big", ["dcmconv", "+tb"]),
    ("deflated", ["dcmconv", "+td"]),
    ("rle", ["dcmcrle"]),
    ("jpll", ["dcmcjpeg", "+e1"]),
]


def series_section():
    out = fresh("series")
    work = os.path.join("/tmp", "medbeam-dicom-fixtures")
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    rng = np.random.RandomState(11)
    good = {}
    specs = []
    r = rotation([1, 0.3, 0.2], 25)
    specs.append(("ct_axial", classic_slices(
        "ct_axial", 6, 12, 16, [1, 0, 0], [0, 1, 0], [0.75, 0.8], -2.5, [-100.5, -80.25, 50.0],
        "CT", rescale=("1", "-1024"), rng=rng, series_number=2, description="Thorax axial")))
    specs.append(("mr_oblique", classic_slices(
        "mr_oblique", 5, 10, 14, r[:, 0], r[:, 1], [1.1, 0.9], 3.3, [30.0, -20.0, 10.0], "MR",
        signed=False, stored=12, rng=rng, lo=0, hi=4095, series_number=3,
        description="T1 oblique")))
    specs.append(("sagittal", classic_slices(
        "sagittal", 4, 12, 12, [0, 1, 0], [0, 0, -1], [1.0, 1.0], 4.0, [-20.0, -60.0, 60.0],
        "MR", rng=rng, lo=-500, hi=1500, series_number=4, description="Sag T2")))
    for key, dss in specs:
        native = os.path.join(work, key)
        os.makedirs(native)
        paths = write_native(dss, native)
        ref = dcm2niix_reference(native, work)
        ref["expected"] = expected_entry(pydicom_volume(paths), "pydicom pixel_array of each "
                                         "slice, sorted along the normal, MONAI rescale")
        ref["slices"] = len(paths)
        # the archive copy: shuffled names, transfer syntaxes mixed slice by slice
        for i, p in enumerate(paths):
            tsname, cmd = TS_MIX[i % len(TS_MIX)] if key != "mr_oblique" else \
                [("native", None), ("j2k", "j2k"), ("jpll", ["dcmcjpeg", "+e1"])][i % 3]
            dst = os.path.join(out, "IM%05d" % rng.randint(100000))
            while os.path.exists(dst):
                dst = os.path.join(out, "IM%05d" % rng.randint(100000))
            if cmd is None:
                shutil.copy(p, dst)
            elif cmd == "j2k":
                j2k_copy(p, dst)
            else:
                run(*cmd, p, dst)
        good[dss[0].SeriesInstanceUID] = dict(ref, name=key)
    # enhanced CT: one file
    enh = enhanced_ct("enhanced", rng)
    native = os.path.join(work, "enhanced")
    os.makedirs(native)
    p = os.path.join(native, "enhanced.dcm")
    save(enh, p)
    ref = dcm2niix_reference(native, work)
    ref["expected"] = expected_entry(pydicom_volume([p]), "pydicom pixel_array, frames sorted "
                                     "along the normal, MONAI rescale")
    ref["slices"] = int(enh.NumberOfFrames)
    run("dcmcrle", p, os.path.join(out, "ENHANCED_RLE"))
    good[enh.SeriesInstanceUID] = dict(ref, name="enhanced")
    REF["series"] = good
    problem_series(out, rng)
    hostile_files(out, rng)


def j2k_copy(src, dst):
    """A JPEG 2000 lossless copy of a 16-bit slice (Pillow code stream, pydicom encapsulation)."""
    from PIL import Image
    import io
    d = pydicom.dcmread(src)
    arr = d.pixel_array
    img = Image.frombytes("I;16", (arr.shape[1], arr.shape[0]), arr.astype("<u2").tobytes())
    buf = io.BytesIO()
    img.save(buf, format="JPEG2000", no_jp2=True)
    d.BitsStored = 16  # the code stream is 16-bit; values are unchanged
    d.HighBit = 15
    d.file_meta.TransferSyntaxUID = "1.2.840.10008.1.2.4.90"
    d.PixelData = encapsulate([buf.getvalue()])
    d["PixelData"].is_undefined_length = True
    d["PixelData"].VR = "OB"
    d.save_as(dst, write_like_original=False)


def problem_series(out, rng):
    probs = {}
    # a missing slice: 6 planned, number 3 absent
    dss = classic_slices("missing", 6, 8, 8, [1, 0, 0], [0, 1, 0], [1, 1], 2.0, [0, 0, 0], "CT",
                         rng=rng, drop=(3,), series_number=20, description="missing slice")
    write_named(dss, out, "MISSING")
    probs[dss[0].SeriesInstanceUID] = {"kind": "missing", "slices": 5, "missing": 1}
    # uneven spacing 2, 2, 3, 2
    dss = classic_slices("uneven", 5, 8, 8, [1, 0, 0], [0, 1, 0], [1, 1], 2.0, [0, 0, 0], "CT",
                         rng=rng, steps=[2, 2, 3, 2], series_number=21,
                         description="uneven spacing")
    write_named(dss, out, "UNEVEN")
    probs[dss[0].SeriesInstanceUID] = {"kind": "uneven", "slices": 5}
    # one series UID: 4 axial slices, a coronal localizer, and 2 slices of another size
    axial = classic_slices("mixed", 4, 8, 8, [1, 0, 0], [0, 1, 0], [1, 1], 2.0, [0, 0, 0], "CT",
                           rng=rng, series_number=22, description="mixed")
    loc = classic_slices("mixed", 1, 8, 8, [1, 0, 0], [0, 0, -1], [1, 1], 2.0, [0, 0, 0], "CT",
                         rng=rng, series_number=22, description="mixed")
    big = classic_slices("mixed", 2, 10, 6, [1, 0, 0], [0, 1, 0], [1, 1], 2.0, [0, 0, 30],
                         "CT", rng=rng, series_number=22, description="mixed")
    for i, d in enumerate(loc + big):
        d.SOPInstanceUID = uid("mixed/extra/%d" % i)
        d.file_meta.MediaStorageSOPInstanceUID = d.SOPInstanceUID
    write_named(axial + loc + big, out, "MIXED")
    probs[axial[0].SeriesInstanceUID] = {"kind": "split", "parts": [4, 1, 2]}
    # two echoes at the same 3 positions
    e1 = classic_slices("echo", 3, 8, 8, [1, 0, 0], [0, 1, 0], [1, 1], 3.0, [0, 0, 0], "MR",
                        rng=rng, echo=1, series_number=23, description="dual echo")
    e2 = classic_slices("echo", 3, 8, 8, [1, 0, 0], [0, 1, 0], [1, 1], 3.0, [0, 0, 0], "MR",
                        rng=rng, echo=2, series_number=23, description="dual echo")
    for i, d in enumerate(e2):
        d.SOPInstanceUID = uid("echo2/%d" % i)
        d.file_meta.MediaStorageSOPInstanceUID = d.SOPInstanceUID
    write_named(e1 + e2, out, "ECHO")
    probs[e1[0].SeriesInstanceUID] = {"kind": "split", "parts": [3, 3]}
    # a duplicated file (same SOP instance under two names)
    dss = classic_slices("dup", 3, 8, 8, [1, 0, 0], [0, 1, 0], [1, 1], 2.5, [0, 0, 0], "CT",
                         rng=rng, series_number=24, description="duplicate file")
    write_named(dss, out, "DUP")
    shutil.copy(os.path.join(out, "DUP_1"), os.path.join(out, "DUP_1_copy"))
    probs[dss[0].SeriesInstanceUID] = {"kind": "duplicate", "slices": 3}
    REF["series_problems"] = probs


def write_named(dss, out, prefix):
    for i, ds in enumerate(dss):
        save(ds, os.path.join(out, "%s_%d" % (prefix, i)))

# ----------------------------------------------------------------------------------- hostile

def el(group, elem, vr, value, length=None):
    """One explicit VR little endian element; `length` overrides the encoded length."""
    import struct
    n = len(value) if length is None else length
    if vr in ("OB", "OW", "OF", "SQ", "UT", "UN", "UC", "UR", "OD", "OL", "OV", "SV", "UV"):
        return struct.pack("<HH2sHI", group, elem, vr.encode(), 0, n & 0xFFFFFFFF) + value
    return struct.pack("<HH2sH", group, elem, vr.encode(), n) + value


def item(value, length=None):
    import struct
    n = len(value) if length is None else length
    return struct.pack("<HHI", 0xFFFE, 0xE000, n & 0xFFFFFFFF) + value


def delim(elem):
    import struct
    return struct.pack("<HHI", 0xFFFE, elem, 0)


def ui(s):
    b = s.encode()
    return b + (b"\0" if len(b) % 2 else b"")


def txt(s):
    b = s.encode()
    return b + (b" " if len(b) % 2 else b"")


def part10(body, name, ts="1.2.840.10008.1.2.1"):
    sop = uid("hostile/" + name)
    meta = (el(2, 1, "OB", b"\0\1") + el(2, 2, "UI", ui(SC_IMAGE_STORAGE)) +
            el(2, 3, "UI", ui(sop)) + el(2, 0x10, "UI", ui(ts)) +
            el(2, 0x12, "UI", ui(UID_PREFIX + "1")))
    import struct
    head = b"\0" * 128 + b"DICM" + el(2, 0, "UL", struct.pack("<I", len(meta))) + meta
    ids = (el(8, 0x16, "UI", ui(SC_IMAGE_STORAGE)) + el(8, 0x18, "UI", ui(sop)) +
           el(8, 0x60, "CS", txt("OT")) + el(0x20, 0x0E, "UI", ui(uid("hostile-series/" + name))))
    return head + ids + body


def image_module(rows=8, cols=8, frames=None, bits=16):
    import struct
    b = el(0x28, 2, "US", struct.pack("<H", 1)) + el(0x28, 4, "CS", txt("MONOCHROME2"))
    if frames is not None:
        b += el(0x28, 8, "IS", txt(str(frames)))
    b += el(0x28, 0x10, "US", struct.pack("<H", rows)) + el(0x28, 0x11, "US", struct.pack("<H", cols))
    b += el(0x28, 0x100, "US", struct.pack("<H", bits)) + el(0x28, 0x101, "US", struct.pack("<H", bits))
    b += el(0x28, 0x102, "US", struct.pack("<H", bits - 1)) + el(0x28, 0x103, "US", struct.pack("<H", 0))
    return b


def hostile_files(out, rng):
    import struct
    h = {}

    def put(name, data, phase, error, contains):
        with open(os.path.join(out, name), "wb") as f:
            f.write(data)
        h[name] = {"phase": phase, "error": error, "contains": contains}

    good_pixels = el(0x7FE0, 0x10, "OW", bytes(8 * 8 * 2))
    full = part10(el(0x10, 0x20, "LO", txt("HOSTILE")) + image_module() + good_pixels, "trunc")
    cut = full.index(b"HOSTILE") + 3
    put("HOSTILE_truncated_element", full[:cut], "scan", "DicomParseException", "truncated")
    put("HOSTILE_length_past_eof",
        part10(el(9, 0x10, "LO", txt("EVIL")) + el(9, 0x1001, "OB", b"\1\2\3\4", 0x7FFFFFF0),
               "past"), "scan", "DicomParseException", "remain")
    put("HOSTILE_absurd_size",
        part10(image_module(rows=65535, cols=65535, frames=100000) + good_pixels, "absurd"),
        "scan", "DicomParseException", "limit")
    seq = el(8, 0x1140, "SQ", b"", 0xFFFFFFFF) + item(b"", 0xFFFFFFFF) + el(8, 0x1150, "UI",
                                                                         ui(CT_IMAGE_STORAGE))
    put("HOSTILE_unclosed_sequence", part10(seq, "unclosed"), "scan", "DicomParseException",
        "never closes")
    deep = b""
    for _ in range(500):
        deep += el(8, 0x1140, "SQ", b"", 0xFFFFFFFF) + item(b"", 0xFFFFFFFF)
    put("HOSTILE_deep_nesting", part10(deep, "deep"), "scan", "DicomParseException",
        "deeper than")
    over = el(8, 0x1140, "SQ", item(el(8, 0x1150, "UI", ui(CT_IMAGE_STORAGE)), 100), 20)
    put("HOSTILE_item_overruns", part10(over + image_module() + good_pixels, "overrun"), "scan",
        "DicomParseException", "")
    put("HOSTILE_not_dicom", b"This is a radiology report, not an image.\n" * 20, "scan",
        "DicomParseException", "not a DICOM file")
    put("HOSTILE_bits_allocated_12", part10(image_module(bits=12) + good_pixels, "ba12"),
        "scan", "DicomParseException", "BitsAllocated 12")
    body = el(0x10, 0x20, "LO", txt("X"))
    put("HOSTILE_deflate_garbage",
        part10(b"", "deflate", ts="1.2.840.10008.1.2.1.99")
        + rng.randint(0, 256, 300).astype(np.uint8).tobytes(),
        "scan", "DicomParseException", "")
    # native pixel data cut short: the header reads, the pixels cannot
    full = part10(image_module(rows=16, cols=16) + el(0x7FE0, 0x10, "OW", bytes(512)), "cutpix")
    put("HOSTILE_pixels_truncated", full[:-200], "assemble", "DicomSeriesException", "remain")
    # encapsulated: a fragment claims more bytes than the file has
    jp = pydicom.dcmread(os.path.join(HERE, "pixels", "jpll_sv1_u16_bs12.dcm"))
    frag = next(pydicom.encaps.generate_pixel_data_frame(jp.PixelData))
    enc_mod = image_module(rows=ROWS, cols=COLS).replace(
        el(0x28, 0x101, "US", struct.pack("<H", 16)), el(0x28, 0x101, "US", struct.pack("<H", 12)))
    enc = (el(0x7FE0, 0x10, "OB", b"", 0xFFFFFFFF) + item(b"") + item(frag, len(frag) + 100000)
           + delim(0xE0DD))
    put("HOSTILE_fragment_length_lies",
        part10(enc_mod + enc, "fraglen", ts="1.2.840.10008.1.2.4.70"), "assemble",
        "DicomSeriesException", "remain")
    # two frames whose offset table points into the middle of the first fragment
    enc2 = (el(0x7FE0, 0x10, "OB", b"", 0xFFFFFFFF) + item(struct.pack("<II", 0, 10))
            + item(frag) + item(frag) + delim(0xE0DD))
    put("HOSTILE_offset_table_lies",
        part10(image_module(rows=ROWS, cols=COLS, frames=2) + enc2, "bot",
               ts="1.2.840.10008.1.2.4.70"), "assemble", "DicomSeriesException",
        "offset table")
    # a JPEG code stream cut in half (length fields consistent): decoding must not invent pixels
    half = frag[:len(frag) // 2]
    half += b"\0" if len(half) % 2 else b""
    enc3 = el(0x7FE0, 0x10, "OB", b"", 0xFFFFFFFF) + item(b"") + item(half) + delim(0xE0DD)
    put("HOSTILE_jpeg_truncated",
        part10(image_module(rows=ROWS, cols=COLS) + enc3, "jpegcut", ts="1.2.840.10008.1.2.4.70"),
        "assemble", "DicomSeriesException", "")
    # JPEG-LS: no decoder in medbeam
    shutil.copy(os.path.join(HERE, "pixels", "jpls_u16.dcm"), os.path.join(out, "HOSTILE_jpeg_ls"))
    h["HOSTILE_jpeg_ls"] = {"phase": "assemble", "error": "UnsupportedTransferSyntaxException",
                            "contains": "1.2.840.10008.1.2.4.80"}
    REF["hostile"] = h

# ----------------------------------------------------------------------------------- writer

def writer_section():
    folder = os.path.join(HERE, "writer")
    files = sorted(glob.glob(os.path.join(folder, "*.dcm")))
    if not files:
        raise RuntimeError("run DicomWriterFixture first (see its Javadoc)")
    checks = {}
    for f in files:
        r = subprocess.run(["dcmdump", "-q", f], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        if r.returncode != 0 or r.stderr:
            raise RuntimeError("dcmdump rejects %s: %s" % (f, r.stderr.decode()))
        checks[os.path.basename(f)] = hashlib.sha256(open(f, "rb").read()).hexdigest()
    work = os.path.join("/tmp", "medbeam-dicom-fixtures", "writer")
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    ref = dcm2niix_reference(folder, work)
    ref["expected"] = expected_entry(pydicom_volume(files), "pydicom pixel_array of each slice, "
                                     "sorted along the normal, MONAI rescale")
    ref["sha256"] = checks
    ref["dcmdump"] = "dcmdump -q exits 0 with no messages for every file"
    REF["writer"] = ref


def main():
    random.seed(20261127)
    parse_section()
    pixel_section()
    series_section()
    writer_section()
    with open(os.path.join(HERE, "reference.json"), "w") as f:
        json.dump(REF, f, indent=1, sort_keys=True)
        f.write("\n")
    print("fixtures written:", ", ".join(sorted(REF)))


if __name__ == "__main__":
    main()
