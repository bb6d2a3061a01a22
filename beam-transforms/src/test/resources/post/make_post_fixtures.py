#!/usr/bin/python3
"""Reference outputs of MONAI 1.4.0's post-processing transforms for medbeam's post tests.

    PYTHONPATH=/work/monai-src /usr/bin/python3 make_post_fixtures.py
Needs scikit-image (Debian: python3-skimage), which MONAI uses for connected components.
Writes post_reference.json next to this script. Each case holds the medbeam config arguments
("args"; MONAI's own where they are plain data), the input(s), and MONAI's output (values flat in
C order, shape, dtype). Where MONAI takes a callable (Activations' `other`) the case names the
function and the script passes the torch function.
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
    return {"shape": list(a.shape), "dtype": str(a.dtype), "data": data}


INPUTS = {}


def ref(t):
    for k, v in INPUTS.items():
        if v[0] is t:
            return k
    name = f"in{len(INPUTS)}"
    INPUTS[name] = (t, enc(t))
    INPUTS[name][1]["affine"] = t.affine.tolist()
    return name


def mk(a, affine=None):
    return MetaTensor(torch.as_tensor(np.ascontiguousarray(a)), affine=affine)


FUNCS = {"tanh": torch.tanh, "relu": torch.relu, "exp": torch.exp, "abs": torch.abs}


def monai_args(args):
    a = dict(args)
    if "other" in a:
        o = a["other"]
        a["other"] = [FUNCS[x] for x in o] if isinstance(o, list) else FUNCS[o]
    return a


rng = np.random.RandomState(3)
cases = []


def case(name, target, args, img, tol=0.0):
    t = getattr(mt, target)(**monai_args(args))
    out = t(img.clone())
    cases.append({"name": name, "target": target, "args": args, "kind": "array", "tol": tol,
                  "input": ref(img), "output": enc(out)})


def dcase(name, target, args, data, tol=0.0):
    t = getattr(mt, target)(**monai_args(args))
    out = t({k: v.clone() for k, v in data.items()})
    cases.append({"name": name, "target": target, "args": args, "kind": "dict", "tol": tol,
                  "input": {k: ref(v) for k, v in data.items()},
                  "output": {k: enc(v) for k, v in out.items()}})


LOG = mk((rng.randn(3, 4, 5, 2) * 3).astype(np.float32))
LOG2 = mk((rng.randn(2, 6, 5) * 2).astype(np.float32))
case("act_sigmoid", "Activations", {"sigmoid": True}, LOG, 1e-6)
case("act_softmax", "Activations", {"softmax": True}, LOG, 1e-6)
case("act_other_tanh", "Activations", {"other": "tanh"}, LOG2, 1e-6)
case("act_sigmoid_relu", "Activations", {"sigmoid": True, "other": "relu"}, LOG2, 1e-6)
case("disc_argmax", "AsDiscrete", {"argmax": True}, LOG)
case("disc_argmax_onehot", "AsDiscrete", {"argmax": True, "to_onehot": 3}, LOG)
case("disc_threshold", "AsDiscrete", {"threshold": 0.5}, LOG2)
case("disc_rounding", "AsDiscrete", {"rounding": "torchrounding"}, mk(np.array([[[0.5, 1.5], [2.5, -0.5]]], np.float32)))
case("disc_onehot_labels", "AsDiscrete", {"to_onehot": 4}, mk(np.array([[[0, 3, 1], [2, 2, 0]]], np.float32)))
case("disc_argmax_nokeepdim", "AsDiscrete", {"argmax": True, "keepdim": False}, LOG)

DOC = mk(np.array([[[0, 0, 1, 0, 0], [0, 2, 1, 1, 1], [1, 2, 1, 0, 0], [1, 2, 0, 1, 0], [2, 2, 0, 0, 2]]], np.float32))
case("klcc_doc_dependent", "KeepLargestConnectedComponent", {"applied_labels": [1, 2], "independent": False, "connectivity": 1}, DOC)
case("klcc_doc_independent", "KeepLargestConnectedComponent", {"applied_labels": [1, 2], "independent": True, "connectivity": 1}, DOC)
case("klcc_doc_conn2", "KeepLargestConnectedComponent", {"applied_labels": [1, 2], "independent": False, "connectivity": 2}, DOC)
case("klcc_default", "KeepLargestConnectedComponent", {}, DOC)
L3 = (rng.rand(1, 9, 8, 7) > 0.6).astype(np.float32) * rng.randint(1, 3, size=(1, 9, 8, 7)).astype(np.float32)
L3T = mk(L3)
for conn in (1, 2, 3):
    case(f"klcc_3d_conn{conn}", "KeepLargestConnectedComponent", {"connectivity": conn}, L3T)
case("klcc_3d_union", "KeepLargestConnectedComponent", {"independent": False, "connectivity": 1}, L3T)
case("klcc_3d_two", "KeepLargestConnectedComponent", {"applied_labels": 1, "connectivity": 1, "num_components": 2}, L3T)
OH = np.zeros((3, 9, 8, 7), np.float32)
for c in range(3):
    OH[c] = L3[0] == c
OHT = mk(OH)
case("klcc_onehot", "KeepLargestConnectedComponent", {"connectivity": 1}, OHT)
case("klcc_onehot_union", "KeepLargestConnectedComponent", {"applied_labels": [1, 2], "independent": False, "connectivity": 2}, OHT)

B3 = mk((rng.rand(1, 9, 8, 7) > 0.65).astype(np.float32))
case("rso_binary", "RemoveSmallObjects", {"min_size": 3}, B3)
case("rso_binary_conn3", "RemoveSmallObjects", {"min_size": 5, "connectivity": 3}, B3)
case("rso_onehot", "RemoveSmallObjects", {"min_size": 4}, OHT)
case("rso_onehot_conn2", "RemoveSmallObjects", {"min_size": 4, "connectivity": 2}, OHT)
case("rso_not_independent", "RemoveSmallObjects", {"min_size": 6, "independent_channels": False}, L3T)
case("rso_labels", "RemoveSmallObjects", {"min_size": 60}, mk(L3.astype(np.int16)))
case("rso_by_measure", "RemoveSmallObjects", {"min_size": 7, "by_measure": True},
     mk(B3.numpy(), affine=torch.diag(torch.tensor([2.0, 1.0, 0.75, 1.0], dtype=torch.float64))))

FH = mk(np.array([[[1, 1, 1, 2, 2, 2, 3, 3], [1, 0, 1, 2, 0, 0, 3, 0], [1, 1, 1, 2, 2, 2, 3, 3]]], np.float32))
case("fill_doc", "FillHoles", {}, FH)
F3 = np.zeros((1, 7, 7, 6), np.float32)
F3[0, 1:6, 1:6, 1:5] = 1
F3[0, 3, 3, 2] = 0
F3[0, 2, 4, 3] = 2
F3[0, 4, 2, 2:4] = 0
F3[0, 1, 1, 1] = 0  # a corner: open to the outside only with full connectivity? no - on the inside
F3T = mk(F3)
case("fill_3d", "FillHoles", {}, F3T)
case("fill_3d_conn1", "FillHoles", {"connectivity": 1}, F3T)
case("fill_3d_label2", "FillHoles", {"applied_labels": [2]}, F3T)
F3OH = np.stack([F3[0] == 0, F3[0] == 1, F3[0] == 2]).astype(np.float32)
case("fill_onehot", "FillHoles", {"connectivity": 1}, mk(F3OH))
case("labelfilter", "LabelFilter", {"applied_labels": [1, 3]}, mk(np.array([[[1, 2, 3], [4, 3, 1]]], np.float32)))
case("labelfilter_3d", "LabelFilter", {"applied_labels": 2}, L3T)
case("contour_2d", "LabelToContour", {}, mk(np.pad(np.ones((1, 4, 5), np.float32), ((0, 0), (1, 2), (2, 1)))))
case("contour_3d", "LabelToContour", {}, B3)

P = [mk(rng.rand(2, 4, 3, 2).astype(np.float32)) for _ in range(3)]
dcase("mean_plain", "MeanEnsembled", {"keys": ["p0", "p1", "p2"], "output_key": "mean"}, dict(zip(["p0", "p1", "p2"], P)), 1e-6)
dcase("mean_weights_e", "MeanEnsembled", {"keys": ["p0", "p1", "p2"], "output_key": "mean", "weights": [1, 2, 4]},
      dict(zip(["p0", "p1", "p2"], P)), 1e-6)
dcase("mean_weights_ec", "MeanEnsembled", {"keys": ["p0", "p1", "p2"], "output_key": "mean", "weights": [[1, 3], [2, 1], [0.5, 2]]},
      dict(zip(["p0", "p1", "p2"], P)), 1e-6)
V = [mk((rng.rand(3, 4, 3) > 0.5).astype(np.float32)) for _ in range(3)]
dcase("vote_onehot", "VoteEnsembled", {"keys": ["a", "b", "c"], "output_key": "vote"}, dict(zip("abc", V)))
VL = [mk(rng.randint(0, 4, size=(1, 5, 4)).astype(np.float32)) for _ in range(4)]
dcase("vote_labels", "VoteEnsembled", {"keys": ["a", "b", "c", "d"], "output_key": "vote", "num_classes": 4}, dict(zip("abcd", VL)))
dcase("vote_onehot_num_classes", "VoteEnsembled", {"keys": ["a", "b", "c"], "output_key": "vote", "num_classes": 3}, dict(zip("abc", V)))
dcase("act_d", "Activationsd", {"keys": ["x", "y"], "sigmoid": [True, False], "softmax": [False, True]}, {"x": LOG2, "y": LOG2}, 1e-6)
dcase("disc_d", "AsDiscreted", {"keys": ["x", "y"], "argmax": [True, False], "to_onehot": [2, None], "threshold": [None, 0.0]},
      {"x": LOG2, "y": LOG2})
dcase("klcc_d", "KeepLargestConnectedComponentd", {"keys": ["x"], "connectivity": 1}, {"x": L3T})

out = {"monai_version": "1.4.0", "inputs": {k: v[1] for k, v in INPUTS.items()}, "cases": cases}
with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "post_reference.json"), "w") as f:
    json.dump(out, f, separators=(",", ":"))
print(len(cases), "cases")
