#!/usr/bin/python3
"""Reference outputs of MONAI 1.4.0's crop and pad transforms for medbeam's croppad tests.

Run from anywhere with MONAI's source on the path:
    PYTHONPATH=/work/monai-src /usr/bin/python3 make_croppad_fixtures.py
Writes croppad_reference.json next to this script.

Every case names the MONAI transform and its arguments exactly as a medbeam config would
(`{"_target_": name, **args}`), the input(s), and MONAI's outputs: values (flat, C order), shape,
dtype, affine, the applied-operations entries, and for invertible ones MONAI's inverse.
Random transforms are seeded with `set_random_state(seed)`.
"""
import json
import os
import warnings

import numpy as np
import torch

import monai
from monai.data import MetaTensor
import monai.transforms as mt

warnings.filterwarnings("ignore")
torch.set_num_threads(1)

# a non-trivial affine (scaling, a flip, translation) so that crop/pad translations show
AFF3 = torch.tensor(
    [[0.5, 0.0, 0.0, 10.0], [0.0, -2.0, 0.0, 20.0], [0.0, 0.0, 1.5, -30.0], [0, 0, 0, 1]],
    dtype=torch.float64)


def enc(t):
    a = t.detach().cpu().numpy() if isinstance(t, torch.Tensor) else np.asarray(t)
    if a.dtype == np.bool_:
        a = a.astype(np.uint8)
    if a.dtype == np.float32:
        # shortest text that reads back as the same float32
        data = [float(repr(x)) for x in a.ravel()]
    else:
        data = a.ravel().tolist()
    return {"shape": list(a.shape), "dtype": str(a.dtype), "data": data}


INPUTS = {}


def ref(t):
    """Stores an input once; cases refer to it by name."""
    for k, v in INPUTS.items():
        if v[0] is t:
            return k
    name = f"in{len(INPUTS)}"
    INPUTS[name] = (t, result(t))
    return name


def plain(v):
    if isinstance(v, torch.Tensor):
        v = v.detach().cpu().numpy()
    if isinstance(v, np.ndarray):
        return v.tolist()
    if isinstance(v, (np.integer,)):
        return int(v)
    if isinstance(v, (np.floating,)):
        return float(v)
    if isinstance(v, dict):
        return {str(k): plain(x) for k, x in v.items() if k not in ("id", "tracing", "lazy")}
    if isinstance(v, (list, tuple)):
        return [plain(x) for x in v]
    return v


def meta(t):
    out = {"affine": t.affine.tolist(), "ops": plain(list(t.applied_operations))}
    for k in ("patch_index", "crop_center"):
        if k in t.meta:
            out[k] = plain(t.meta[k])
    return out


def result(t):
    r = enc(t)
    r.update(meta(t))
    return r


def mk(a, affine=None):
    t = torch.as_tensor(np.ascontiguousarray(a))
    return MetaTensor(t, affine=AFF3.clone() if affine is None else affine)


rng = np.random.RandomState(20240601)
IMG3 = mk(rng.randint(0, 9, size=(1, 4, 5, 3)).astype(np.float32))
IMG3C2 = mk(rng.rand(2, 5, 4, 6).astype(np.float32))
IMG2 = mk(np.arange(1, 13, dtype=np.float32).reshape(1, 3, 4))
IMG2I = mk(np.arange(-6, 6, dtype=np.int16).reshape(1, 4, 3))
IMG3I = mk(rng.randint(-50, 50, size=(1, 3, 4, 2)).astype(np.int16))

cases = []


def case(name, target, args, img, kind="array", extra=None, inverse=True):
    t = getattr(mt, target)(**args)
    out = t(img.clone())
    c = {"name": name, "target": target, "args": args, "kind": kind, "input": ref(img)}
    c["output"] = result(out)
    if inverse:
        c["inverse"] = result(t.inverse(out.clone()))
    if extra:
        c.update(extra)
    cases.append(c)


# ------------------------------------------------------------------ pads
case("spatialpad_3d_symmetric_odd", "SpatialPad", {"spatial_size": [7, 6, 5]}, IMG3)
case("spatialpad_3d_negative_entry", "SpatialPad", {"spatial_size": [-1, 8, 2]}, IMG3)
case("spatialpad_2d_end_edge", "SpatialPad", {"spatial_size": [6, 7], "method": "end", "mode": "edge"}, IMG2)
case("spatialpad_2d_reflect_torch", "SpatialPad", {"spatial_size": [5, 7], "mode": "reflect"}, IMG2)
case("spatialpad_2d_replicate", "SpatialPad", {"spatial_size": [6, 5], "mode": "replicate"}, IMG2)
case("spatialpad_2d_circular", "SpatialPad", {"spatial_size": [7, 6], "mode": "circular"}, IMG2)
case("spatialpad_2d_symmetric_mode", "SpatialPad", {"spatial_size": [8, 9], "mode": "symmetric"}, IMG2)
case("spatialpad_2d_wrap_wide_int16", "SpatialPad", {"spatial_size": [13, 10], "mode": "wrap"}, IMG2I)
case("spatialpad_2d_reflect_wide_int16", "SpatialPad", {"spatial_size": [13, 11], "mode": "reflect"}, IMG2I)
case("spatialpad_2d_value", "SpatialPad", {"spatial_size": [5, 5], "value": 2.5}, IMG2)
case("spatialpad_3d_mean_f32", "SpatialPad", {"spatial_size": [6, 7, 4], "mode": "mean"}, IMG3)
case("spatialpad_3d_median_int16", "SpatialPad", {"spatial_size": [5, 7, 5], "mode": "median"}, IMG3I)
case("spatialpad_3d_maximum", "SpatialPad", {"spatial_size": [6, 6, 4], "mode": "maximum"}, IMG3)
case("spatialpad_3d_minimum_int16", "SpatialPad", {"spatial_size": [4, 6, 5], "mode": "minimum"}, IMG3I)
case("spatialpad_2d_linear_ramp", "SpatialPad", {"spatial_size": [7, 8], "mode": "linear_ramp"}, IMG2)
case("spatialpad_2d_linear_ramp_int16", "SpatialPad", {"spatial_size": [7, 8], "mode": "linear_ramp"}, IMG2I)
case("borderpad_1", "BorderPad", {"spatial_border": 2}, IMG3)
case("borderpad_ndim", "BorderPad", {"spatial_border": [1, 0, 2]}, IMG3)
case("borderpad_2ndim_edge", "BorderPad", {"spatial_border": [1, 2, 0, 3], "mode": "edge"}, IMG2)
case("borderpad_negative", "BorderPad", {"spatial_border": [-1, 2]}, IMG2)
case("divisiblepad_4", "DivisiblePad", {"k": 4}, IMG3)
case("divisiblepad_mixed_end", "DivisiblePad", {"k": [3, -1, 4], "method": "end"}, IMG3C2)
case("divisiblepad_2d_reflect", "DivisiblePad", {"k": 4, "mode": "reflect"}, IMG2)

# ------------------------------------------------------------------ crops
case("spatialcrop_center_size_odd", "SpatialCrop", {"roi_center": [2, 2, 1], "roi_size": [3, 3, 3]}, IMG3)
case("spatialcrop_center_size_even", "SpatialCrop", {"roi_center": [2, 3, 1], "roi_size": [2, 4, 2]}, IMG3)
case("spatialcrop_center_near_edge", "SpatialCrop", {"roi_center": [0, 4, 2], "roi_size": [3, 4, 5]}, IMG3)
case("spatialcrop_start_end", "SpatialCrop", {"roi_start": [1, -2, 0], "roi_end": [3, 9, 2]}, IMG3)
case("spatialcrop_first_axes_only", "SpatialCrop", {"roi_start": [1], "roi_end": [3]}, IMG3)
case("spatialcrop_2d", "SpatialCrop", {"roi_center": [1, 2], "roi_size": [2, 3]}, IMG2)
case("centerspatialcrop_odd", "CenterSpatialCrop", {"roi_size": [3, 3, 2]}, IMG3)
case("centerspatialcrop_even", "CenterSpatialCrop", {"roi_size": [2, 4, 1]}, IMG3)
case("centerspatialcrop_full_and_larger", "CenterSpatialCrop", {"roi_size": [-1, 9, 2]}, IMG3)
case("centerspatialcrop_2d", "CenterSpatialCrop", {"roi_size": 2}, IMG2)


def rcase(name, target, args, img, seed, call_kwargs=None, multi=False, inverse=True):
    t = getattr(mt, target)(**args)
    t.set_random_state(seed)
    out = t(img.clone(), **(call_kwargs or {}))
    c = {"name": name, "target": target, "args": args, "kind": "array", "seed": seed,
         "input": ref(img)}
    if call_kwargs:
        c["call_kwargs"] = {k: ref(v) for k, v in call_kwargs.items() if isinstance(v, MetaTensor)}
    if multi:
        c["outputs"] = [result(o) for o in out]
        if inverse:
            # MONAI's multi-sample crops are not invertible; the reference is the zero-padded crop
            # (shape and affine only: the values are the crop, zero elsewhere, checked in Java)
            c["inverses"] = []
            for o in out:
                inv = mt.BorderPad(o.applied_operations[-1]["extra_info"]["extra_info"]["cropped"])(o.clone())
                r = result(inv)
                del r["data"]
                r["ops"] = r["ops"][:-2]
                c["inverses"].append(r)
    else:
        c["output"] = result(out)
        if inverse:
            c["inverse"] = result(t.inverse(out.clone()))
    cases.append(c)


BIG = mk(rng.rand(1, 9, 8, 7).astype(np.float32))
for s in (0, 1, 7):
    rcase(f"randspatialcrop_seed{s}", "RandSpatialCrop", {"roi_size": [4, 3, 5]}, BIG, s)
rcase("randspatialcrop_center", "RandSpatialCrop", {"roi_size": [4, -1, 3], "random_center": False}, BIG, 3)
rcase("randspatialcrop_random_size", "RandSpatialCrop",
      {"roi_size": [2, 3, 2], "max_roi_size": [6, -1, 5], "random_size": True}, BIG, 11)
rcase("randspatialcrop_random_size_center", "RandSpatialCrop",
      {"roi_size": [3, 2, 2], "random_size": True, "random_center": False}, BIG, 12)
rcase("randspatialcropsamples", "RandSpatialCropSamples", {"roi_size": [3, 4, 2], "num_samples": 3}, BIG, 5,
      multi=True)

FG = np.zeros((1, 7, 6, 5), np.float32)
FG[0, 2:4, 1:4, 2] = 1.0
FG[0, 5, 3, 1] = 2.0
FGI = mk(FG)
FG2 = np.zeros((2, 7, 6, 5), np.float32)
FG2[0, 1, 1, 1] = 3.0
FG2[1, 4:6, 2, 3:5] = 1.0
FGI2 = mk(FG2)
case("cropforeground_default", "CropForeground", {}, FGI)
case("cropforeground_margin", "CropForeground", {"margin": 1}, FGI)
case("cropforeground_margin_per_axis_clamped", "CropForeground", {"margin": [3, 0, 4]}, FGI)
case("cropforeground_k_divisible", "CropForeground", {"k_divisible": [4, 3, 2]}, FGI)
case("cropforeground_not_smaller", "CropForeground",
     {"margin": [3, 1, 3], "allow_smaller": False}, FGI)
case("cropforeground_not_smaller_edge_k", "CropForeground",
     {"margin": 2, "allow_smaller": False, "k_divisible": 4, "mode": "edge"}, FGI)
case("cropforeground_channel", "CropForeground", {"channel_indices": 1}, FGI2)
case("cropforeground_empty", "CropForeground", {}, mk(np.zeros((1, 3, 4, 2), np.float32)))

# ------------------------------------------------------------------ label-driven crops
LAB = np.zeros((1, 12, 10, 9), np.float32)
LAB[0, 3:6, 2:5, 4:7] = 1
LAB[0, 9, 8, 1] = 1
LAB[0, 10:12, 0:2, 7:9] = 2
IMGL = rng.rand(1, 12, 10, 9).astype(np.float32) - 0.3
LABT = mk(LAB)
IMGT = mk(IMGL)
for s, pos, neg, size in ((0, 1, 1, [4, 3, 5]), (3, 1, 1, [5, 5, 5]), (42, 2, 1, [3, 4, 2]), (9, 1, 3, [12, 2, 9])):
    rcase(f"poslabel_seed{s}", "RandCropByPosNegLabel",
          {"spatial_size": size, "pos": pos, "neg": neg, "num_samples": 4}, IMGT, s,
          call_kwargs={"label": LABT}, multi=True)
rcase("poslabel_image_threshold", "RandCropByPosNegLabel",
      {"spatial_size": [4, 4, 4], "num_samples": 6, "image_threshold": 0.2}, IMGT, 17,
      call_kwargs={"label": LABT, "image": IMGT}, multi=True)
rcase("poslabel_allow_smaller", "RandCropByPosNegLabel",
      {"spatial_size": [14, 3, 20], "num_samples": 3, "allow_smaller": True}, IMGT, 5,
      call_kwargs={"label": LABT}, multi=True)
fg, bg = mt.FgBgToIndices()(LABT, IMGT)
rcase("poslabel_indices", "RandCropByPosNegLabel",
      {"spatial_size": [3, 3, 3], "num_samples": 5}, IMGT, 23,
      call_kwargs={"label": LABT, "fg_indices": fg, "bg_indices": bg}, multi=True)
cases[-1]["fg_indices"] = plain(fg)
cases[-1]["bg_indices"] = plain(bg)
LAB2D = np.zeros((1, 9, 7), np.float32)
LAB2D[0, 2:5, 3:6] = 1
rcase("poslabel_2d", "RandCropByPosNegLabel", {"spatial_size": [4, 3], "num_samples": 4},
      mk(rng.rand(2, 9, 7).astype(np.float32)), 31, call_kwargs={"label": mk(LAB2D)}, multi=True)
ONEHOT = np.zeros((3, 12, 10, 9), np.float32)
ONEHOT[0] = LAB == 0
ONEHOT[1] = LAB == 1
ONEHOT[2] = LAB == 2
rcase("poslabel_onehot", "RandCropByPosNegLabel", {"spatial_size": [3, 3, 3], "num_samples": 4},
      IMGT, 2, call_kwargs={"label": mk(ONEHOT)}, multi=True)

for s, ratios in ((0, None), (4, [0, 1, 2]), (8, [1, 1, 5])):
    rcase(f"labelclasses_seed{s}", "RandCropByLabelClasses",
          {"spatial_size": [3, 4, 3], "ratios": ratios, "num_classes": 3, "num_samples": 5}, IMGT, s,
          call_kwargs={"label": LABT}, multi=True)
rcase("labelclasses_onehot_image", "RandCropByLabelClasses",
      {"spatial_size": [4, 4, 4], "ratios": [1, 2, 1], "num_samples": 4, "image_threshold": 0.1}, IMGT, 6,
      call_kwargs={"label": mk(ONEHOT), "image": IMGT}, multi=True)
rcase("labelclasses_missing_class", "RandCropByLabelClasses",
      {"spatial_size": [3, 3, 3], "num_classes": 4, "num_samples": 4}, IMGT, 13,
      call_kwargs={"label": LABT}, multi=True)
rcase("labelclasses_max_samples", "RandCropByLabelClasses",
      {"spatial_size": [3, 3, 3], "num_classes": 3, "num_samples": 4, "max_samples_per_class": 5}, IMGT, 14,
      call_kwargs={"label": LABT}, multi=True)

W = np.zeros((1, 12, 10, 9), np.float32)
W[0, 4, 5, 3] = 2.0
W[0, 8, 2, 6] = 1.0
W[0, 6:8, 6:9, 2:4] = 0.25
rcase("weighted_seed0", "RandWeightedCrop", {"spatial_size": [4, 4, 3], "num_samples": 5}, IMGT, 0,
      call_kwargs={"weight_map": mk(W)}, multi=True)
rcase("weighted_uniform", "RandWeightedCrop", {"spatial_size": [5, 3, 4], "num_samples": 3}, IMGT, 1,
      call_kwargs={"weight_map": mk(np.zeros((1, 12, 10, 9), np.float32))}, multi=True)
rcase("weighted_large_window", "RandWeightedCrop", {"spatial_size": [20, -1, 4], "num_samples": 2}, IMGT, 2,
      call_kwargs={"weight_map": mk(W)}, multi=True)

# ------------------------------------------------------------------ dictionary forms
def dcase(name, target, args, data, seed=None, multi=False):
    t = getattr(mt, target)(**args)
    if seed is not None:
        t.set_random_state(seed)
    out = t({k: (v.clone() if isinstance(v, torch.Tensor) else v) for k, v in data.items()})
    c = {"name": name, "target": target, "args": args, "kind": "dict", "seed": seed,
         "input": {k: ref(v) for k, v in data.items() if isinstance(v, MetaTensor)}}
    conv = lambda d: {k: (result(v) if isinstance(v, MetaTensor) else plain(v)) for k, v in d.items()}
    if multi:
        c["outputs"] = [conv(o) for o in out]
    else:
        c["output"] = conv(out)
        if hasattr(t, "inverse"):
            c["inverse"] = conv(t.inverse(out))
    cases.append(c)


DL = np.zeros((1, 8, 7, 6), np.float32)
DL[0, 2:4, 3:6, 1:3] = 1
DL[0, 6, 1, 4] = 2
D = {"image": mk(rng.rand(1, 8, 7, 6).astype(np.float32) - 0.2), "label": mk(DL)}
dcase("d_spatialpadd_modes", "SpatialPadd",
      {"keys": ["image", "label"], "spatial_size": [10, 8, 7], "mode": ["reflect", "constant"]}, D)
dcase("d_borderpadd", "BorderPadd", {"keys": "label", "spatial_border": [1, 2, 0]}, D)
dcase("d_divisiblepadd", "DivisiblePadd", {"keys": ["image", "label"], "k": 8, "method": "end"}, D)
dcase("d_spatialcropd", "SpatialCropd", {"keys": ["image", "label"], "roi_start": [2, 1, 3], "roi_end": [7, 6, 7]}, D)
dcase("d_centerspatialcropd", "CenterSpatialCropd", {"keys": ["image", "label"], "roi_size": [5, 4, -1]}, D)
dcase("d_cropforegroundd", "CropForegroundd",
      {"keys": ["image", "label"], "source_key": "label", "margin": 1, "k_divisible": 4,
       "allow_smaller": False}, D)
dcase("d_randspatialcropd", "RandSpatialCropd", {"keys": ["image", "label"], "roi_size": [5, 6, 4]}, D, seed=3)
dcase("d_randspatialcropsamplesd", "RandSpatialCropSamplesd",
      {"keys": ["image", "label"], "roi_size": [3, 4, 5], "num_samples": 3, "random_size": True}, D, seed=4, multi=True)
dcase("d_randcropbyposneglabeld", "RandCropByPosNegLabeld",
      {"keys": ["image", "label"], "label_key": "label", "spatial_size": [5, 4, 3], "pos": 1, "neg": 1,
       "num_samples": 4, "image_key": "image", "image_threshold": 0}, D, seed=12345, multi=True)
dcase("d_randcropbylabelclassesd", "RandCropByLabelClassesd",
      {"keys": ["image", "label"], "label_key": "label", "spatial_size": [3, 3, 3], "ratios": [1, 1, 1],
       "num_classes": 3, "num_samples": 3, "image_key": "image", "image_threshold": 0.0}, D, seed=77, multi=True)
dcase("d_randweightedcropd", "RandWeightedCropd",
      {"keys": ["image", "label"], "w_key": "w", "spatial_size": [4, 4, 4], "num_samples": 3},
      {"image": IMGT, "label": LABT, "w": mk(W)}, seed=8, multi=True)
for c in cases[-1]["outputs"]:
    for k in ("image", "w"):
        del c[k]["data"]
DI = mt.FgBgToIndicesd(keys="label", image_key="image")({"image": IMGT, "label": LABT})
dcase("d_randcropbyposneglabeld_indices", "RandCropByPosNegLabeld",
      {"keys": ["image", "label"], "label_key": "label", "spatial_size": [3, 3, 3], "num_samples": 2,
       "fg_indices_key": "label_fg_indices", "bg_indices_key": "label_bg_indices"}, DI, seed=99, multi=True)
cases[-1]["input"]["label_fg_indices"] = plain(DI["label_fg_indices"])
cases[-1]["input"]["label_bg_indices"] = plain(DI["label_bg_indices"])

# ------------------------------------------------------------------ a larger label (many line groups)
big_lab = (rng.rand(1, 33, 29, 17) > 0.93).astype(np.float32)
big_lab = big_lab.astype(np.uint8)
big_img = rng.randint(-5, 6, size=(1, 33, 29, 17)).astype(np.int16)
rcase("poslabel_large", "RandCropByPosNegLabel",
      {"spatial_size": [16, 16, 8], "num_samples": 8}, mk(big_img), 2024,
      call_kwargs={"label": mk(big_lab), "image": mk(big_img)}, multi=True, inverse=False)
for c in cases[-1]["outputs"]:
    del c["data"]  # centres, shapes and affines pin this case; the values add nothing but size

out = {"monai_version": "1.4.0", "inputs": {k: v[1] for k, v in INPUTS.items()}, "cases": cases}
with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "croppad_reference.json"), "w") as f:
    json.dump(out, f, separators=(",", ":"))
print(len(cases), "cases")
