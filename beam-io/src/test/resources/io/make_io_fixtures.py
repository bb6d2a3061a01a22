#!/usr/bin/python3
"""NPY/NPZ and PNG/JPEG/BMP fixtures for medbeam's NumpyReader and PILReader tests.

Run with Debian's python3 (python3-numpy, python3-pil):  /usr/bin/python3 make_io_fixtures.py
Writes the files below next to this script and io_reference.json with what numpy/PIL read back,
flattened in medbeam's layout (first spatial index fastest, channel slowest).
"""
import json
import os

import numpy as np
from PIL import Image

here = os.path.dirname(os.path.abspath(__file__))
ref = {}


def flat(vol):
    # vol is channel-first (C, X, Y[, Z]); medbeam stores each channel with X fastest (Fortran
    # order), channels one after the other
    return np.concatenate([np.asarray(vol[c]).flatten(order="F") for c in range(vol.shape[0])]).tolist()


rng = np.random.RandomState(3)
# --- npy: dtypes, orders, byte orders; expected values in medbeam layout (channel-first)
cases = {
    "int16_c_3d": rng.randint(-1000, 1000, size=(4, 3, 2)).astype("<i2"),
    "int16_f_3d": np.asfortranarray(rng.randint(-1000, 1000, size=(4, 3, 2)).astype("<i2")),
    "float32_be_2d": rng.randn(5, 3).astype(">f4"),
    "uint8_c_2d": rng.randint(0, 256, size=(3, 4)).astype("u1"),
    "bool_c_2d": (rng.rand(3, 3) > 0.5),
    "uint16_c_3d": rng.randint(0, 65536, size=(2, 3, 4)).astype("<u2"),
    "int64_c_3d": rng.randint(-2**40, 2**40, size=(2, 2, 3)).astype("<i8"),
    "float64_c_4d_channel_first": rng.randn(2, 3, 4, 2).astype("<f8"),
    "uint32_f_4d": np.asfortranarray(rng.randint(0, 2**32 - 1, size=(3, 2, 2, 2), dtype=np.uint64).astype("<u4")),
    "int8_c_1d": rng.randint(-128, 128, size=(6,)).astype("i1"),
}
for name, a in cases.items():
    np.save(os.path.join(here, name + ".npy"), a)
    vol = a[None] if a.ndim <= 3 else a  # <=3 dims: all spatial, medbeam adds a channel axis
    ref[name + ".npy"] = {
        "shape": list(vol.shape),
        "dtype": "uint8" if a.dtype == bool else a.dtype.newbyteorder("=").name,
        "data": flat(vol.astype(np.float64)),
    }

# channel-last array, read with channel_dim=-1
a = rng.randint(0, 100, size=(3, 4, 2)).astype("<i4")
np.save(os.path.join(here, "int32_channel_last.npy"), a)
ref["int32_channel_last.npy"] = {"shape": [2, 3, 4], "dtype": "int32",
                                 "data": flat(np.moveaxis(a, -1, 0).astype(np.float64))}

# npz with two arrays of the same shape (stacked as channels) and one other
x = rng.randn(3, 2).astype("<f4")
y = rng.randn(3, 2).astype("<f4")
np.savez(os.path.join(here, "two.npz"), first=x, second=y)
ref["two.npz"] = {"shape": [2, 3, 2], "dtype": "float32",
                  "data": flat(np.stack([x, y]).astype(np.float64))}
ref["two.npz[second]"] = {"shape": [1, 3, 2], "dtype": "float32",
                          "data": flat(y[None].astype(np.float64))}

# --- PIL images: MONAI's PILReader gives (W, H[, C]) — moveaxis(asarray(img), 0, 1) — and
# EnsureChannelFirst makes it (C, W, H)
def pil_ref(path, img):
    arr = np.asarray(Image.open(path))
    arr = np.moveaxis(arr, 0, 1)  # (W, H[, C])
    vol = arr[None] if arr.ndim == 2 else np.moveaxis(arr, -1, 0)
    return {"shape": list(vol.shape), "dtype": str(vol.dtype) if vol.dtype != bool else "uint8",
            "data": flat(vol.astype(np.float64))}


w, h = 7, 5
grey = (np.arange(w * h).reshape(h, w) * 7 % 256).astype(np.uint8)
Image.fromarray(grey, mode="L").save(os.path.join(here, "grey8.png"))
grey16 = (np.arange(w * h).reshape(h, w) * 1877 % 65536).astype(np.uint16)
Image.fromarray(grey16.astype(np.int32), mode="I").convert("I;16").save(os.path.join(here, "grey16.png"))
rgb = rng.randint(0, 256, size=(h, w, 3)).astype(np.uint8)
Image.fromarray(rgb, mode="RGB").save(os.path.join(here, "rgb.png"))
Image.fromarray(rgb, mode="RGB").save(os.path.join(here, "rgb.bmp"))
rgba = rng.randint(0, 256, size=(h, w, 4)).astype(np.uint8)
Image.fromarray(rgba, mode="RGBA").save(os.path.join(here, "rgba.png"))
pal = Image.fromarray(rgb, mode="RGB").quantize(colors=8)
pal.save(os.path.join(here, "palette.png"))
smooth = np.clip(np.add.outer(np.arange(h) * 20, np.arange(w) * 15) + 30, 0, 255).astype(np.uint8)
Image.fromarray(smooth, mode="L").save(os.path.join(here, "grey.jpg"), quality=95)
for f in ["grey8.png", "grey16.png", "rgb.png", "rgb.bmp", "rgba.png", "palette.png", "grey.jpg"]:
    ref[f] = pil_ref(os.path.join(here, f), None)
# PIL widens 16-bit grey PNG to its 32-bit mode "I"; the values are the file's uint16 samples,
# and medbeam keeps the file's own type
ref["grey16.png"]["dtype"] = "uint16"

with open(os.path.join(here, "io_reference.json"), "w") as fh:
    json.dump(ref, fh, indent=0)
