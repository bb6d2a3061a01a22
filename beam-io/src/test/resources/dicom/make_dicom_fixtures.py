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
           RLE (dcmcrle), JPEG lossless SV1 and predictors 2-7, baseline, 12-bit extended
           (dcmcjpeg, incl. several fragments per frame and an empty offset table), JPEG 2000
           (Pillow/OpenJPEG code streams encapsulated by pydicom), JPEG-LS (dcmcjpls, expected to
           be refused). Expected values: pydicom's pixel_array of the file, or of DCMTK's
           decompressed copy (dcmdjpeg/dcmdrle) where pydicom has no decoder here; colour as
           pydicom's convert_color_space(..., "YBR_FULL", "RGB") and apply_color_lut; modality
           LUT as MONAI's PydicomReader (float32(x) * slope + intercept).
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


def main():
    random.seed(20261127)
    parse_section()
    pixel_section()
    with open(os.path.join(HERE, "reference.json"), "w") as f:
        json.dump(REF, f, indent=1, sort_keys=True)
        f.write("\n")
    print("fixtures written:", ", ".join(sorted(REF)))


if __name__ == "__main__":
    main()
