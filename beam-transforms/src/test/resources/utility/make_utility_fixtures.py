#!/usr/bin/python3
"""Reference outputs of MONAI 1.4.0's utility transforms for medbeam's utility tests.

    PYTHONPATH=/work/monai-src /usr/bin/python3 make_utility_fixtures.py
Writes utility_reference.json next to this script (values flat in C order, shape, dtype, affine),
plus numpy's multinomial draws that MONAI's OneOf uses.
"""
import json
import os
import warnings

import numpy as np
import torch

from monai.data import MetaTensor
import monai.transforms as mt

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
    r = {"shape": list(a.shape), "dtype": str(a.dtype), "data": data}
    if isinstance(t, MetaTensor):
        r["affine"] = t.affine.tolist()
    return r


INPUTS = {}


def ref(t):
    for k, v in INPUTS.items():
        if v[0] is t:
            return k
    name = f"in{len(INPUTS)}"
    INPUTS[name] = (t, enc(t))
    return name


AFF = torch.tensor([[0.5, 0, 0, 10], [0, -2, 0, 20], [0, 0, 1.5, -30], [0, 0, 0, 1]], dtype=torch.float64)


def mk(a):
    return MetaTensor(torch.as_tensor(np.ascontiguousarray(a)), affine=AFF.clone())


rng = np.random.RandomState(11)
V = mk(rng.rand(2, 3, 4, 5).astype(np.float32))
S1 = mk(rng.rand(1, 3, 1, 4).astype(np.float32))
I16 = mk(rng.randint(-300, 300, size=(1, 4, 3, 2)).astype(np.int16))
cases = []


def case(name, target, args, img):
    out = getattr(mt, target)(**args)(img.clone())
    outs = out if isinstance(out, list) else [out]
    cases.append({"name": name, "target": target, "args": args, "input": ref(img),
                  "outputs": [enc(o) for o in outs]})


case("aschannellast", "AsChannelLast", {}, V)
case("aschannellast_1", "AsChannelLast", {"channel_dim": 1}, V)
case("squeeze_0", "SqueezeDim", {"dim": 0}, S1)
case("squeeze_spatial", "SqueezeDim", {"dim": 2}, S1)
case("squeeze_none", "SqueezeDim", {"dim": None}, S1)
case("cast_int16_float", "CastToType", {"dtype": "float32"}, I16)
case("cast_float_int32", "CastToType", {"dtype": "int32"}, mk((rng.rand(1, 3, 2) * 20 - 10).astype(np.float32)))
case("split_last", "SplitDim", {}, V)
case("split_0", "SplitDim", {"dim": 0}, V)
case("split_1_nokeep", "SplitDim", {"dim": 1, "keepdim": False}, V)

dcases = []


def dcase(name, target, args, data):
    out = getattr(mt, target)(**args)({k: (v.clone() if isinstance(v, torch.Tensor) else v) for k, v in data.items()})
    conv = lambda v: enc(v) if isinstance(v, torch.Tensor) else [enc(x) for x in v] if isinstance(v, list) else v
    dcases.append({"name": name, "target": target, "args": args,
                   "input": {k: ref(v) for k, v in data.items()},
                   "output": {k: conv(v) for k, v in out.items()}})


A = mk(rng.rand(1, 3, 4, 2).astype(np.float32))
B = mk(rng.rand(2, 3, 4, 2).astype(np.float32))
dcase("concat_0", "ConcatItemsd", {"keys": ["a", "b"], "name": "ab"}, {"a": A, "b": B})
dcase("concat_2", "ConcatItemsd", {"keys": ["a", "c"], "name": "ac", "dim": 2}, {"a": A, "c": mk(rng.rand(1, 3, 2, 2).astype(np.float32))})
dcase("copy", "CopyItemsd", {"keys": ["a", "b"], "times": 2, "names": ["a1", "b1", "a2", "b2"]}, {"a": A, "b": B})
dcase("delete", "DeleteItemsd", {"keys": ["b"]}, {"a": A, "b": B})
dcase("splitd", "SplitDimd", {"keys": ["b"], "output_postfixes": ["x", "y"]}, {"b": B})
LAB = np.zeros((1, 5, 4, 3), np.float32)
LAB[0, 1:3, 1:3, 1] = 1
LAB[0, 4, 0, 2] = 2
IMG = mk(rng.rand(1, 5, 4, 3).astype(np.float32) - 0.3)
dcase("fgbg", "FgBgToIndicesd", {"keys": "label"}, {"label": mk(LAB)})
dcase("fgbg_image", "FgBgToIndicesd", {"keys": "label", "image_key": "image", "image_threshold": 0.1}, {"label": mk(LAB), "image": IMG})
OH = np.stack([LAB[0] == 0, LAB[0] == 1, LAB[0] == 2]).astype(np.float32)
dcase("fgbg_onehot", "FgBgToIndicesd", {"keys": "label"}, {"label": mk(OH)})
dcase("classes", "ClassesToIndicesd", {"keys": "label", "num_classes": 3}, {"label": mk(LAB)})
dcase("classes_image_max", "ClassesToIndicesd", {"keys": "label", "num_classes": 3, "image_key": "image", "max_samples_per_class": 4},
      {"label": mk(LAB), "image": IMG})
dcase("classes_onehot", "ClassesToIndicesd", {"keys": "label"}, {"label": mk(OH)})

# EnsureChannelFirst on a plain (X, Y, 3) array: medbeam reads it as (1, X, Y, 3)
RGB = rng.rand(4, 3, 3).astype(np.float32)
ecf = mt.EnsureChannelFirst(channel_dim=-1)(torch.as_tensor(RGB))
ecf_case = {"input": {k: v for k, v in enc(mk(RGB[None])).items() if k != "affine"}, "output": enc(ecf)}

# numpy's multinomial(1, p).argmax(), MONAI OneOf's draw
multi = []
for seed in range(40):
    for p in ([0.5, 0.5], [0.2, 0.3, 0.5], [0.7, 0.1, 0.1, 0.1], [1 / 3, 1 / 3, 1 / 3], [0.05, 0.95]):
        multi.append({"seed": seed, "p": p, "index": int(np.random.RandomState(seed).multinomial(1, p).argmax())})

# OneOf itself: its generator set directly (set_random_state would also reseed its children)
one = mt.OneOf([mt.ScaleIntensityd(keys="a", minv=None, maxv=None, factor=1.0), mt.ThresholdIntensityd(keys="a", threshold=0.5)], weights=[1, 3])
oneof = []
for seed in range(6):
    one.R = np.random.RandomState(seed)
    out = one({"a": A.clone()})
    oneof.append({"seed": seed, "output": enc(out["a"]), "ops": [o["class"] for o in out["a"].applied_operations],
                  "index": int(out["a"].applied_operations[-1]["extra_info"]["index"])})

out = {"monai_version": "1.4.0", "inputs": {k: v[1] for k, v in INPUTS.items()}, "cases": cases, "dict_cases": dcases,
       "ensure_channel_first": ecf_case, "multinomial": multi, "oneof": oneof}
with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "utility_reference.json"), "w") as f:
    json.dump(out, f, separators=(",", ":"))
print(len(cases), len(dcases), "cases")
