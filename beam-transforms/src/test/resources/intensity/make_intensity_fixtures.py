#!/usr/bin/python3
"""Reference outputs of MONAI 1.4.0's intensity transforms for medbeam's intensity tests.

    PYTHONPATH=/work/monai-src /usr/bin/python3 make_intensity_fixtures.py
Writes intensity_reference.json next to this script: per case the MONAI transform name and
arguments (as a medbeam config writes them), the input, MONAI's output (values flat in C order,
shape, dtype). Random transforms are seeded with `set_random_state(seed)`.
"""
import json
import os
import warnings

import numpy as np
import torch

from monai.data import MetaTensor
import monai.transforms as mt
from monai.networks.layers.convutils import gaussian_1d
from monai.transforms.utils_pytorch_numpy_unification import percentile

warnings.filterwarnings("ignore")
torch.set_num_threads(1)


def enc(t):
    a = t.detach().cpu().numpy() if isinstance(t, torch.Tensor) else np.asarray(t)
    if a.dtype == np.bool_:
        a = a.astype(np.uint8)
    if a.dtype == np.float32:
        data = [float(repr(x)) for x in a.ravel()]
    else:
        data = a.ravel().tolist()
    return {"shape": list(a.shape), "dtype": str(a.dtype), "data": data}


INPUTS = {}


def ref(t):
    for k, v in INPUTS.items():
        if v[0] is t:
            return k
    name = f"in{len(INPUTS)}"
    INPUTS[name] = (t, enc(t))
    return name


def mk(a):
    return MetaTensor(torch.as_tensor(np.ascontiguousarray(a)))


rng = np.random.RandomState(7)
F3 = mk((rng.rand(1, 5, 4, 3) * 300 - 80).astype(np.float32))
F3C = mk((rng.rand(2, 4, 3, 5) * 10 - 3).astype(np.float32))
Z3 = F3C.clone()
Z3[Z3 < 1.5] = 0
I16 = mk(rng.randint(-200, 300, size=(1, 4, 5, 2)).astype(np.int16))
F2 = mk(np.tile(np.arange(1, 6, dtype=np.float32), (1, 6, 1)))
F64 = mk(rng.rand(1, 3, 4, 2) * 5)
SM = mk(rng.rand(1, 9, 8, 7).astype(np.float32))
SM2 = mk(rng.rand(2, 11, 10).astype(np.float32))

cases = []


def case(name, target, args, img, seed=None, tol=1e-5):
    t = getattr(mt, target)(**args)
    if seed is not None:
        t.set_random_state(seed)
    out = t(img.clone())
    cases.append({"name": name, "target": target, "args": args, "kind": "array", "seed": seed,
                  "tol": tol, "input": ref(img), "output": enc(out)})


case("sir_clip", "ScaleIntensityRange", {"a_min": -57, "a_max": 164, "b_min": 0.0, "b_max": 1.0, "clip": True}, F3)
case("sir_noclip", "ScaleIntensityRange", {"a_min": -57, "a_max": 164, "b_min": -1.0, "b_max": 2.5}, F3)
case("sir_no_b", "ScaleIntensityRange", {"a_min": -10.5, "a_max": 100}, F3)
case("sir_clip_one_side", "ScaleIntensityRange", {"a_min": 0, "a_max": 100, "b_max": 1.0, "clip": True}, F3)
case("sir_int16", "ScaleIntensityRange", {"a_min": -100, "a_max": 250, "b_min": 0.0, "b_max": 1.0, "clip": True}, I16)
case("sir_equal", "ScaleIntensityRange", {"a_min": 3, "a_max": 3, "b_min": 1.0, "b_max": 2.0}, F3)
case("sir_float64_in", "ScaleIntensityRange", {"a_min": 0, "a_max": 5, "b_min": 0.0, "b_max": 1.0}, F64)
case("norm_default", "NormalizeIntensity", {}, F3)
case("norm_nonzero", "NormalizeIntensity", {"nonzero": True}, Z3)
case("norm_channel_wise", "NormalizeIntensity", {"channel_wise": True}, F3C)
case("norm_nonzero_channel_wise", "NormalizeIntensity", {"nonzero": True, "channel_wise": True}, Z3)
case("norm_given", "NormalizeIntensity", {"subtrahend": 2.5, "divisor": 4.0}, F3C)
case("norm_given_channel_wise", "NormalizeIntensity", {"subtrahend": [1.0, -2.0], "divisor": [2.0, 0.0], "channel_wise": True}, F3C)
case("norm_all_zero_nonzero", "NormalizeIntensity", {"nonzero": True}, mk(np.zeros((1, 2, 3, 2), np.float32)))
case("norm_int16", "NormalizeIntensity", {}, I16)
case("scale_default", "ScaleIntensity", {}, F3)
case("scale_range_channel_wise", "ScaleIntensity", {"minv": -1.0, "maxv": 3.0, "channel_wise": True}, F3C)
case("scale_factor", "ScaleIntensity", {"minv": None, "maxv": None, "factor": 0.25}, F3)
case("scale_minv_only", "ScaleIntensity", {"minv": 2.0, "maxv": None}, F3)
case("scale_constant", "ScaleIntensity", {"minv": 2.0, "maxv": 5.0}, mk(np.full((1, 2, 2, 2), 3.0, np.float32)))
case("sirp_plain", "ScaleIntensityRangePercentiles", {"lower": 10, "upper": 90, "b_min": 0, "b_max": 200}, F2)
case("sirp_relative", "ScaleIntensityRangePercentiles", {"lower": 10, "upper": 90, "b_min": 0, "b_max": 200, "relative": True}, F2)
case("sirp_clip", "ScaleIntensityRangePercentiles", {"lower": 5, "upper": 95, "b_min": 0.0, "b_max": 1.0, "clip": True}, F3)
case("sirp_channel_wise", "ScaleIntensityRangePercentiles", {"lower": 25.5, "upper": 77.3, "b_min": -1.0, "b_max": 1.0, "clip": True, "channel_wise": True}, F3C)
case("clip_hard", "ClipIntensityPercentiles", {"lower": 30, "upper": 70}, F2)
case("clip_hard_lower_none", "ClipIntensityPercentiles", {"lower": None, "upper": 80}, F3)
case("clip_soft", "ClipIntensityPercentiles", {"lower": 30, "upper": 70, "sharpness_factor": 10.0}, F2)
case("clip_soft_upper_only", "ClipIntensityPercentiles", {"lower": None, "upper": 60, "sharpness_factor": 0.5}, F3)
case("clip_channel_wise", "ClipIntensityPercentiles", {"lower": 12, "upper": 88, "channel_wise": True}, F3C)
case("threshold_above", "ThresholdIntensity", {"threshold": 50, "above": True, "cval": -1.0}, F3)
case("threshold_below", "ThresholdIntensity", {"threshold": 50, "above": False, "cval": 7.5}, F3)
case("threshold_int16", "ThresholdIntensity", {"threshold": 10.5, "cval": 3.7}, I16)
case("shift", "ShiftIntensity", {"offset": 1.25}, F3)
case("shift_int16", "ShiftIntensity", {"offset": 2.7}, I16)
for g in (0.5, 2, 1.7):
    case(f"contrast_{g}", "AdjustContrast", {"gamma": g}, F3)
case("contrast_invert", "AdjustContrast", {"gamma": 1.3, "invert_image": True}, F3)
case("contrast_retain", "AdjustContrast", {"gamma": 2.4, "retain_stats": True}, F3)
case("contrast_invert_retain", "AdjustContrast", {"gamma": 0.8, "invert_image": True, "retain_stats": True}, F3C)
case("smooth_erf_1", "GaussianSmooth", {"sigma": 1.0}, SM)
case("smooth_erf_axes", "GaussianSmooth", {"sigma": [0.5, 1.2, 2.0]}, SM)
case("smooth_erf_small", "GaussianSmooth", {"sigma": 0.3}, SM)
case("smooth_sampled", "GaussianSmooth", {"sigma": [1.5, 0.8, 1.0], "approx": "sampled"}, SM)
case("smooth_scalespace", "GaussianSmooth", {"sigma": 1.3, "approx": "scalespace"}, SM)
case("smooth_2d", "GaussianSmooth", {"sigma": [2.0, 0.7]}, SM2)
case("smooth_int16", "GaussianSmooth", {"sigma": 0.9}, I16)

for s in (0, 1, 5):
    case(f"noise_seed{s}", "RandGaussianNoise", {"prob": 1.0, "mean": 0.5, "std": 2.0}, F3, seed=s)
case("noise_fixed_std", "RandGaussianNoise", {"prob": 1.0, "std": 0.7, "sample_std": False}, F3C, seed=3)
case("noise_skip", "RandGaussianNoise", {"prob": 0.5}, F3, seed=1)
case("noise_2d", "RandGaussianNoise", {"prob": 0.9, "mean": -1.0, "std": 0.3}, SM2, seed=4)
for s in (0, 2):
    case(f"randscale_seed{s}", "RandScaleIntensity", {"factors": 0.5, "prob": 0.8}, F3, seed=s)
case("randscale_channel_wise", "RandScaleIntensity", {"factors": [-0.2, 0.9], "prob": 1.0, "channel_wise": True}, F3C, seed=9)
case("randscale_skip_int16", "RandScaleIntensity", {"factors": 0.5, "prob": 0.0}, I16, seed=9)
case("randshift", "RandShiftIntensity", {"offsets": 3.0, "prob": 1.0}, F3, seed=4)
case("randshift_channel_wise", "RandShiftIntensity", {"offsets": [1.0, 5.0], "prob": 1.0, "channel_wise": True}, F3C, seed=6)
for s in (0, 3, 8):
    case(f"randcontrast_seed{s}", "RandAdjustContrast", {"prob": 0.7}, F3, seed=s)
case("randcontrast_gamma", "RandAdjustContrast", {"prob": 1.0, "gamma": [0.7, 1.5], "retain_stats": True}, F3, seed=2)
case("randsmooth", "RandGaussianSmooth", {"prob": 1.0, "sigma_x": [0.5, 1.5], "sigma_y": [0.2, 0.6], "sigma_z": [1.0, 2.0]}, SM, seed=5)
case("randsmooth_2d", "RandGaussianSmooth", {"prob": 1.0}, SM2, seed=6)
case("randsmooth_skip", "RandGaussianSmooth", {"prob": 0.1}, SM, seed=6)


def dcase(name, target, args, data, seed):
    t = getattr(mt, target)(**args)
    if seed is not None:
        t.set_random_state(seed)
    out = t({k: v.clone() for k, v in data.items()})
    cases.append({"name": name, "target": target, "args": args, "kind": "dict", "seed": seed,
                  "tol": 1e-5, "input": {k: ref(v) for k, v in data.items()},
                  "output": {k: enc(v) for k, v in out.items()}})


D = {"image": F3, "other": mk((rng.rand(1, 5, 4, 3) * 2).astype(np.float32))}
dcase("d_noise", "RandGaussianNoised", {"keys": ["image", "other"], "prob": 0.9, "std": 0.4}, D, 11)
dcase("d_noise_skip", "RandGaussianNoised", {"keys": ["image", "other"], "prob": 0.2}, D, 11)
dcase("d_scale", "RandScaleIntensityd", {"keys": ["image", "other"], "factors": 0.3, "prob": 1.0}, D, 12)
dcase("d_shift", "RandShiftIntensityd", {"keys": ["image", "other"], "offsets": 2.0, "prob": 1.0}, D, 13)
dcase("d_contrast", "RandAdjustContrastd", {"keys": ["image", "other"], "prob": 1.0}, D, 14)
dcase("d_smooth", "RandGaussianSmoothd", {"keys": ["image", "other"], "prob": 1.0}, D, 15)
dcase("d_sir", "ScaleIntensityRanged", {"keys": ["image"], "a_min": -57, "a_max": 164, "b_min": 0.0, "b_max": 1.0, "clip": True}, D, None)
dcase("d_norm", "NormalizeIntensityd", {"keys": ["image", "other"], "nonzero": True}, D, None)
M = {"image": F3C, "mask": mk((rng.rand(1, 4, 3, 5) > 0.5).astype(np.float32))}
dcase("d_mask", "MaskIntensityd", {"keys": "image", "mask_key": "mask"}, M, None)
M2 = {"image": F3C, "mask": mk((rng.rand(2, 4, 3, 5) - 0.5).astype(np.float32))}
dcase("d_mask_channels", "MaskIntensityd", {"keys": "image", "mask_key": "mask"}, M2, None)

# kernels of gaussian_1d (the filter MONAI's GaussianSmooth uses)
kernels = []
for approx in ("erf", "sampled", "scalespace"):
    for s in (0.3, 0.75, 1.0, 2.5, 4.2):
        kernels.append({"approx": approx, "sigma": s,
                        "kernel": [float(x) for x in gaussian_1d(torch.tensor(s), 4.0, approx).numpy()]})

# percentiles on both of MONAI's paths: torch.quantile (<= 1e6 values) and np.percentile (> 1e6);
# values are a formula both sides can compute: ((i * 7919) % 1000003) / 1000003 as float32
perc = []
for n in (17, 1000, 1_000_001, 1_234_567):
    i = np.arange(n, dtype=np.int64)
    vals = (((i * 7919) % 1000003) / 1000003.0).astype(np.float32)
    t = torch.as_tensor(vals)
    for q in (0, 0.5, 10, 33.3, 50, 99.9, 100):
        perc.append({"n": n, "q": q, "value": float(percentile(t, q))})

out = {"monai_version": "1.4.0", "inputs": {k: v[1] for k, v in INPUTS.items()}, "cases": cases,
       "kernels": kernels, "percentiles": perc}
with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "intensity_reference.json"), "w") as f:
    json.dump(out, f, separators=(",", ":"))
print(len(cases), "cases")
