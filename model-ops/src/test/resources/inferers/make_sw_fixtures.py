"""Fixtures for medbeam's SlidingWindowInferer / SimpleInferer / ClassificationSaver tests.

Expected values come from real MONAI 1.4.0 (read-only checkout) on Debian's torch 1.13:

    cd model-ops/src/test/resources
    PYTHONPATH=/work/monai-src /usr/bin/python3 inferers/make_sw_fixtures.py

Writes (all small):
  models/sw_tiny.pt     same-size 3D net, 1 -> 2 channels, asymmetric kernels + a cumsum along
                        MONAI's first spatial axis (H = medbeam X), so any axis mix-up shows
  models/sw_down.pt     stride-2 net (output spatial size = ceil(in / 2)): MONAI's zoom_scale path
  models/sw_multi.pt    tuple output (full-size seg, half-size seg): multiple outputs
  models/cls_tiny.pt    classification net (B, 1, H, W, D) -> softmax probabilities (B, 4)
  inferers/sw_input.npy           the input image, float32 (1, 1, 19, 16, 13) in MONAI layout
  inferers/sw_cases.json          one entry per case: parameters + expected file(s)
  inferers/sw_<case>[_<k>].npy    monai.inferers.sliding_window_inference(...) output, float32
  inferers/cls_input_<i>.npy      three classification inputs, float32 (1, 1, 9, 8, 7)
  inferers/cls_probs.npy          monai.inferers.SimpleInferer()(x, net) for the three, (3, 4)
  inferers/cls_expected.csv       monai.data.CSVSaver(...).save_batch(probs, meta) + finalize()
  inferers/importance_<k>.npy     monai.data.utils.compute_importance_map(...) (see "importance")
  "grids" in sw_cases.json        _get_scan_interval + dense_patch_slices window starts per axis

All .npy arrays keep MONAI's axis order (B, C, H, W, D), C order (last axis fastest); medbeam's
Volume is (C, X, Y, Z) with X fastest, i.e. the same numbers with (H, W, D) = (X, Y, Z).
"""

import json
import os
import sys

import numpy as np
import torch
import torch.nn as nn

import monai
from monai.data import CSVSaver
from monai.data.utils import compute_importance_map, dense_patch_slices
from monai.inferers import SimpleInferer, sliding_window_inference
from monai.inferers.utils import _get_scan_interval

HERE = os.path.dirname(os.path.abspath(__file__))
MODELS = os.path.join(os.path.dirname(HERE), "models")


class TinySeg(nn.Module):
    """Same spatial size out as in. Kernels (3,3,3) then (5,3,1): not symmetric in the axes."""

    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv3d(1, 4, kernel_size=3, padding=1)
        self.conv2 = nn.Conv3d(4, 2, kernel_size=(5, 3, 1), padding=(2, 1, 0))

    def forward(self, x):
        y = self.conv2(torch.relu(self.conv1(x)))
        # channel 1 also gets a running sum along H (MONAI's first spatial axis, medbeam's X)
        return torch.cat([y[:, :1], y[:, 1:] + 0.05 * torch.cumsum(x, dim=2)], dim=1)


class TinyDown(nn.Module):
    """Stride 2 in every axis: output spatial size ceil(n / 2)."""

    def __init__(self):
        super().__init__()
        self.conv = nn.Conv3d(1, 2, kernel_size=(3, 3, 3), stride=2, padding=1)
        self.mix = nn.Conv3d(2, 2, kernel_size=(1, 3, 1), padding=(0, 1, 0))

    def forward(self, x):
        return self.mix(torch.tanh(self.conv(x)))


class TinyMulti(nn.Module):
    """Two outputs: a full-size 2-channel map and a half-size 1-channel map."""

    def __init__(self):
        super().__init__()
        self.seg = TinySeg()
        self.down = nn.Conv3d(1, 1, kernel_size=(3, 1, 3), stride=2, padding=(1, 0, 1))

    def forward(self, x):
        return self.seg(x), self.down(x)


class TinyCls(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv3d(1, 3, kernel_size=(3, 2, 1))
        self.fc = nn.Linear(3, 4)

    def forward(self, x):
        y = torch.relu(self.conv(x)).mean(dim=(2, 3, 4))
        return torch.softmax(self.fc(y), dim=1)


def export(net, name, example):
    net.eval()
    with torch.no_grad():
        traced = torch.jit.trace(net, example)
    path = os.path.join(MODELS, name)
    traced.save(path)
    return traced


def save(name, array):
    np.save(os.path.join(HERE, name), np.ascontiguousarray(array.astype(np.float32)))


def main():
    os.makedirs(MODELS, exist_ok=True)
    torch.manual_seed(20261127)
    seg = TinySeg()
    torch.manual_seed(7)
    down = TinyDown()
    torch.manual_seed(11)
    multi = TinyMulti()
    torch.manual_seed(13)
    cls = TinyCls()

    # deterministic input: smooth ramp + noise from a seeded generator, asymmetric in the axes
    rng = np.random.RandomState(1234)
    shape = (1, 1, 19, 16, 13)
    h, w, d = np.meshgrid(*[np.arange(s) for s in shape[2:]], indexing="ij")
    img = 0.1 * h - 0.05 * w + 0.02 * d * d / 13.0 + rng.uniform(-1, 1, size=shape[2:])
    img = img[None, None].astype(np.float32)
    save("sw_input.npy", img)
    x = torch.from_numpy(img)

    example = torch.zeros((2, 1, 8, 12, 10))
    seg_ts = export(seg, "sw_tiny.pt", example)
    down_ts = export(down, "sw_down.pt", example)
    multi_ts = export(multi, "sw_multi.pt", example)
    cls_ts = export(cls, "cls_tiny.pt", torch.zeros((1, 1, 9, 8, 7)))

    # roi (8, 12, 20): smaller than the input in H and W, larger in D (13) -> padding in D
    cases = [
        dict(name="const_o25_b3_cval", model="sw_tiny.pt", roi_size=[8, 12, 20], sw_batch_size=3,
             overlap=0.25, mode="constant", padding_mode="constant", cval=0.5),
        dict(name="const_o50_b1_cval", model="sw_tiny.pt", roi_size=[8, 12, 20], sw_batch_size=1,
             overlap=0.5, mode="constant", padding_mode="constant", cval=-1.25),
        dict(name="gauss_o25_b3_cval", model="sw_tiny.pt", roi_size=[8, 12, 20], sw_batch_size=3,
             overlap=0.25, mode="gaussian", padding_mode="constant", cval=0.5),
        dict(name="gauss_o50_b1_replicate", model="sw_tiny.pt", roi_size=[8, 12, 20],
             sw_batch_size=1, overlap=0.5, mode="gaussian", padding_mode="replicate"),
        dict(name="gauss_o50_b3_replicate", model="sw_tiny.pt", roi_size=[8, 12, 20],
             sw_batch_size=3, overlap=0.5, mode="gaussian", padding_mode="replicate"),
        dict(name="gauss_perdim_sigma_reflect", model="sw_tiny.pt", roi_size=[7, -1, 16],
             sw_batch_size=4, overlap=[0.5, 0.0, 0.25], mode="gaussian", sigma_scale=[0.2, 0.1, 0.3],
             padding_mode="reflect"),
        dict(name="const_circular_o60", model="sw_tiny.pt", roi_size=[10, 20, 6], sw_batch_size=2,
             overlap=0.6, mode="constant", padding_mode="circular"),
        dict(name="gauss_scalar_roi", model="sw_tiny.pt", roi_size=9, sw_batch_size=5,
             overlap=0.3, mode="gaussian"),
        dict(name="down_const_o50", model="sw_down.pt", roi_size=[8, 12, 8], sw_batch_size=3,
             overlap=0.5, mode="constant"),
        dict(name="down_gauss_o50_pad", model="sw_down.pt", roi_size=[8, 12, 20], sw_batch_size=2,
             overlap=0.5, mode="gaussian", padding_mode="constant", cval=0.25),
        dict(name="multi_gauss_o50", model="sw_multi.pt", roi_size=[8, 12, 8], sw_batch_size=3,
             overlap=0.5, mode="gaussian"),
    ]
    nets = {"sw_tiny.pt": seg_ts, "sw_down.pt": down_ts, "sw_multi.pt": multi_ts}
    for c in cases:
        kwargs = {k: v for k, v in c.items() if k not in ("name", "model")}
        roi = kwargs.pop("roi_size")
        with torch.no_grad():
            out = sliding_window_inference(x, roi, predictor=nets[c["model"]], **kwargs)
        outs = out if isinstance(out, (tuple, list)) else (out,)
        files = []
        for k, o in enumerate(outs):
            fname = f"sw_{c['name']}.npy" if len(outs) == 1 else f"sw_{c['name']}_{k}.npy"
            save(fname, o.detach().cpu().numpy())
            files.append(fname)
        c["roi_size"] = roi
        c["expected"] = files
        c["expected_shapes"] = [list(o.shape) for o in outs]
        print(c["name"], c["expected_shapes"])

    # classification: SimpleInferer + CSVSaver (MONAI's ClassificationSaver writes through it)
    gen = np.random.RandomState(99)
    cls_inputs = [gen.normal(size=(1, 1, 9, 8, 7)).astype(np.float32) for _ in range(3)]
    names = ["/data/case_b.nii.gz", "/data/case_a.nii.gz", "/data/case_c.nii.gz"]
    probs = []
    for i, ci in enumerate(cls_inputs):
        save(f"cls_input_{i}.npy", ci)
        with torch.no_grad():
            probs.append(SimpleInferer()(torch.from_numpy(ci), cls_ts))
    probs = torch.cat(probs)
    save("cls_probs.npy", probs.numpy())
    # medbeam writes rows sorted by key (a Beam PCollection has no order); feed MONAI the same order
    order = sorted(range(3), key=lambda i: names[i])
    saver = CSVSaver(output_dir=HERE, filename="cls_expected.csv", overwrite=True)
    saver.save_batch(probs[order], {"filename_or_obj": [names[i] for i in order]})
    saver.finalize()

    # importance maps on their own (float32, C order over (H, W, D))
    importance = [
        dict(patch=[5, 4, 3], mode="gaussian", sigma_scale=0.125),
        dict(patch=[7, 6, 5], mode="gaussian", sigma_scale=[0.2, 0.1, 0.3]),
        dict(patch=[9, 2, 4], mode="gaussian", sigma_scale=1.5),
        dict(patch=[3, 4, 2], mode="constant", sigma_scale=0.125),
    ]
    for k, imp in enumerate(importance):
        m = compute_importance_map(tuple(imp["patch"]), mode=imp["mode"],
                                   sigma_scale=imp["sigma_scale"], device="cpu")
        imp["expected"] = f"importance_{k}.npy"
        save(imp["expected"], m.numpy())

    # the window grid: scan interval and the distinct starts per axis of dense_patch_slices
    grids = []
    for image, roi, ov in [((19, 16, 13), (8, 12, 13), (0.25, 0.25, 0.25)),
                           ((192, 192, 128), (96, 96, 96), (0.25, 0.25, 0.25)),
                           ((192, 192, 128), (96, 96, 96), (0.5, 0.5, 0.5)),
                           ((100, 7, 33), (10, 7, 32), (0.9, 0.0, 0.6)),
                           ((5, 64), (5, 3), (0.0, 0.7))]:
        interval = _get_scan_interval(image, roi, len(image), ov)
        slices = dense_patch_slices(image, roi, interval)
        starts = [sorted({int(s[d].start) for s in slices}) for d in range(len(image))]
        first = [[int(s[d].start) for d in range(len(image))] for s in slices[:4]]
        grids.append(dict(image=list(image), roi=list(roi), overlap=list(ov),
                          interval=[int(i) for i in interval], starts=starts, windows=len(slices),
                          first_windows=first))

    meta = dict(
        generator="make_sw_fixtures.py",
        monai=getattr(monai, "__version__", "?"),
        torch=torch.__version__,
        input="sw_input.npy",
        cases=cases,
        importance=importance,
        grids=grids,
        cls=dict(inputs=[f"cls_input_{i}.npy" for i in range(3)], filenames=names,
                 probs="cls_probs.npy", csv="cls_expected.csv"),
    )
    with open(os.path.join(HERE, "sw_cases.json"), "w") as f:
        json.dump(meta, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    sys.exit(main())
