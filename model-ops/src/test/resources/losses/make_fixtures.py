"""Expected loss values and input gradients from real MONAI 1.4.0 (Debian's torch 1.13).

    PYTHONPATH=/work/monai-src /usr/bin/python3 make_fixtures.py

Writes losses.json: for every case the loss class, its keyword arguments (other_act, when used,
is torch.tanh and written as "tanh"), the input logits, the target (label map B1H[WD] or one-hot
/ soft BNH[WD]), an optional mask, MONAI's output (any reduction) and the gradient of
output.sum() with respect to the input. Inputs are random with fixed seeds; class 2 is absent
from sample 0 of the label maps so GeneralizedDiceLoss meets its infinite weights.
"""

import json

import torch

from monai.losses import (DiceCELoss, DiceFocalLoss, DiceLoss, FocalLoss, GeneralizedDiceLoss,
                          MaskedDiceLoss, TverskyLoss)
from monai.networks import one_hot

torch.set_num_threads(1)
gen = torch.Generator().manual_seed(11)

CLASSES = {"DiceLoss": DiceLoss, "GeneralizedDiceLoss": GeneralizedDiceLoss, "MaskedDiceLoss": MaskedDiceLoss,
           "TverskyLoss": TverskyLoss, "FocalLoss": FocalLoss, "DiceCELoss": DiceCELoss,
           "DiceFocalLoss": DiceFocalLoss}


def labels(shape, classes):
    lab = torch.randint(0, classes, shape, generator=gen).float()
    if classes > 2:
        lab[0][lab[0] == 2] = 1  # class 2 absent from sample 0
    return lab


X2 = torch.randn((2, 3, 4, 4), generator=gen) * 2
Y2 = labels((2, 1, 4, 4), 3)
X3 = torch.randn((2, 2, 3, 3, 3), generator=gen) * 2
Y3 = labels((2, 1, 3, 3, 3), 2)
X1 = torch.randn((2, 1, 4, 4), generator=gen) * 2
Y1 = labels((2, 1, 4, 4), 2)
SOFT = torch.softmax(torch.randn((2, 3, 4, 4), generator=gen), 1)
MASK = (torch.rand((2, 1, 4, 4), generator=gen) > 0.3).float()

DATA = {"x2": X2, "y2": Y2, "y2_onehot": one_hot(Y2, 3), "x3": X3, "y3": Y3, "y3_onehot": one_hot(Y3, 2),
        "x1": X1, "y1": Y1, "soft": SOFT, "mask": MASK}

CASES = [
    # DiceLoss
    ("DiceLoss", {}, "x2", "y2_onehot"),
    ("DiceLoss", {"softmax": True, "to_onehot_y": True}, "x2", "y2"),
    ("DiceLoss", {"sigmoid": True, "to_onehot_y": True, "include_background": False}, "x2", "y2"),
    ("DiceLoss", {"softmax": True, "to_onehot_y": True, "squared_pred": True, "reduction": "sum"}, "x2", "y2"),
    ("DiceLoss", {"softmax": True, "to_onehot_y": True, "jaccard": True, "reduction": "none"}, "x2", "y2"),
    ("DiceLoss", {"softmax": True, "to_onehot_y": True, "batch": True, "smooth_nr": 0.0, "smooth_dr": 1e-6}, "x2", "y2"),
    ("DiceLoss", {"softmax": True, "to_onehot_y": True, "batch": True, "reduction": "none"}, "x2", "y2"),
    ("DiceLoss", {"softmax": True, "to_onehot_y": True, "weight": [0.2, 0.3, 0.5]}, "x2", "y2"),
    ("DiceLoss", {"other_act": "tanh", "to_onehot_y": True}, "x3", "y3"),
    ("DiceLoss", {"sigmoid": True}, "x1", "y1"),
    ("DiceLoss", {"softmax": True, "to_onehot_y": True, "include_background": False, "squared_pred": True,
                  "jaccard": True}, "x3", "y3"),
    # GeneralizedDiceLoss
    ("GeneralizedDiceLoss", {"softmax": True, "to_onehot_y": True}, "x2", "y2"),
    ("GeneralizedDiceLoss", {"softmax": True, "to_onehot_y": True, "w_type": "simple", "reduction": "none"}, "x2", "y2"),
    ("GeneralizedDiceLoss", {"softmax": True, "to_onehot_y": True, "w_type": "uniform", "reduction": "sum"}, "x2", "y2"),
    ("GeneralizedDiceLoss", {"softmax": True, "to_onehot_y": True, "batch": True}, "x2", "y2"),
    ("GeneralizedDiceLoss", {"sigmoid": True, "to_onehot_y": True, "include_background": False}, "x3", "y3"),
    # MaskedDiceLoss
    ("MaskedDiceLoss", {"softmax": True, "to_onehot_y": True}, "x2", "y2"),
    ("MaskedDiceLoss", {"sigmoid": True, "reduction": "none"}, "x1", "y1"),
    # TverskyLoss
    ("TverskyLoss", {"softmax": True, "to_onehot_y": True}, "x2", "y2"),
    ("TverskyLoss", {"softmax": True, "to_onehot_y": True, "alpha": 0.3, "beta": 0.7, "reduction": "none"}, "x2", "y2"),
    ("TverskyLoss", {"sigmoid": True, "to_onehot_y": True, "include_background": False, "batch": True,
                     "alpha": 0.7, "beta": 0.3, "reduction": "sum"}, "x3", "y3"),
    # FocalLoss
    ("FocalLoss", {}, "x2", "y2_onehot"),
    ("FocalLoss", {"to_onehot_y": True, "gamma": 1.5, "alpha": 0.25}, "x2", "y2"),
    ("FocalLoss", {"to_onehot_y": True, "use_softmax": True}, "x2", "y2"),
    ("FocalLoss", {"to_onehot_y": True, "use_softmax": True, "alpha": 0.75, "gamma": 3.0, "reduction": "sum"}, "x2", "y2"),
    ("FocalLoss", {"to_onehot_y": True, "weight": [0.5, 1.0, 2.0], "reduction": "none"}, "x2", "y2"),
    ("FocalLoss", {"to_onehot_y": True, "include_background": False, "weight": 0.5, "gamma": 0.0}, "x3", "y3"),
    ("FocalLoss", {"use_softmax": True, "include_background": False, "alpha": 0.5}, "x2", "y2_onehot"),
    ("FocalLoss", {"reduction": "sum"}, "x1", "y1"),
    # DiceCELoss
    ("DiceCELoss", {"softmax": True, "to_onehot_y": True}, "x2", "y2"),
    ("DiceCELoss", {"softmax": True, "to_onehot_y": True, "lambda_dice": 0.3, "lambda_ce": 0.7,
                    "weight": [0.2, 0.3, 0.5]}, "x2", "y2"),
    ("DiceCELoss", {"softmax": True, "to_onehot_y": True, "include_background": False,
                    "weight": [0.2, 0.3, 0.5], "reduction": "sum"}, "x2", "y2"),
    ("DiceCELoss", {"softmax": True, "to_onehot_y": True, "label_smoothing": 0.1, "weight": [1.0, 2.0, 0.5]}, "x2", "y2"),
    ("DiceCELoss", {"softmax": True}, "x2", "soft"),
    ("DiceCELoss", {"softmax": True, "label_smoothing": 0.2}, "x2", "soft"),
    ("DiceCELoss", {"sigmoid": True}, "x1", "y1"),
    ("DiceCELoss", {"sigmoid": True, "weight": [2.0], "batch": True}, "x1", "y1"),
    ("DiceCELoss", {"softmax": True, "to_onehot_y": True, "squared_pred": True, "jaccard": True}, "x3", "y3"),
    # DiceFocalLoss
    ("DiceFocalLoss", {"softmax": True, "to_onehot_y": True}, "x2", "y2"),
    ("DiceFocalLoss", {"sigmoid": True, "to_onehot_y": True, "gamma": 1.0, "lambda_dice": 0.5,
                       "lambda_focal": 2.0, "alpha": 0.25}, "x2", "y2"),
    ("DiceFocalLoss", {"softmax": True, "to_onehot_y": True, "include_background": False,
                       "weight": [1.0, 3.0], "reduction": "sum"}, "x2", "y2"),
    ("DiceFocalLoss", {"sigmoid": True, "reduction": "none"}, "x3", "y3_onehot"),
]


def flat(t):
    return [float(v) for v in t.detach().reshape(-1).tolist()]


def main():
    out = []
    for cls, args, xk, yk in CASES:
        kwargs = dict(args)
        if kwargs.get("other_act") == "tanh":
            kwargs["other_act"] = torch.tanh
        if "weight" in kwargs and cls == "DiceCELoss":
            kwargs["weight"] = torch.tensor(kwargs["weight"])
        loss = CLASSES[cls](**kwargs)
        x = DATA[xk].clone().requires_grad_(True)
        y = DATA[yk]
        if cls == "MaskedDiceLoss":
            value = loss(x, y, mask=MASK)
        else:
            value = loss(x, y)
        value.sum().backward()
        case = {"loss": cls, "args": args, "input": xk, "target": yk, "output_shape": list(value.shape),
                "output": flat(value), "input_grad": flat(x.grad)}
        if cls == "MaskedDiceLoss":
            case["mask"] = "mask"
        out.append(case)
    data = {k: {"shape": list(v.shape), "data": flat(v)} for k, v in DATA.items()}
    with open("losses.json", "w") as f:
        f.write('{"monai": "1.4.0", "data": ' + json.dumps(data, separators=(",", ":")) + ',\n"cases": [\n')
        f.write(",\n".join(json.dumps(c, separators=(",", ":")) for c in out))
        f.write("\n]}\n")
    print(len(out), "cases")


if __name__ == "__main__":
    main()
