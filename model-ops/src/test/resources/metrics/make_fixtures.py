"""Writes the reference values the metrics tests compare against.

Run from the repository root (MONAI 1.4.0 from source, Debian's numpy 1.24 / scipy 1.10 / torch 1.13):

    PYTHONPATH=/work/monai-src /usr/bin/python3 \
        model-ops/src/test/resources/metrics/make_fixtures.py model-ops/src/test/resources/metrics

Files written (all small JSON; NaN/Infinity as JSON5-style tokens, which Jackson reads with
ALLOW_NON_NUMERIC_NUMBERS):

- monai_metrics.json: label maps of small 2D/3D cases (Fortran order = medbeam's voxel order,
  first spatial index fastest) and, per metric configuration, MONAI's per-case buffer and its
  aggregate() for every reduction, with not_nans.
- scipy_edt.json: random binary masks and scipy.ndimage.distance_transform_edt(sampling=...) /
  distance_transform_cdt(metric=...) outputs.
- quantile_summary.json: torch.quantile on float32 vectors (the call MONAI's HD percentile uses),
  numpy nan-aware summary ops on float32 columns and str(np.float32) spellings (what
  monai.handlers.utils.write_metrics_reports prints), and write_metrics_reports' CSV files for
  one metric.
"""

import json
import os
import sys
import tempfile
import warnings

import numpy as np
import torch
from scipy import ndimage

import monai
from monai.handlers.utils import write_metrics_reports
from monai.metrics import (
    ConfusionMatrixMetric,
    DiceMetric,
    HausdorffDistanceMetric,
    MAEMetric,
    MeanIoU,
    MSEMetric,
    PSNRMetric,
    ROCAUCMetric,
    SurfaceDiceMetric,
    SurfaceDistanceMetric,
)

warnings.filterwarnings("ignore")
# the read-only checkout has no git metadata (monai.__version__ is "0+unknown"); its CHANGELOG's
# newest release is the version we pin to
with open(os.path.join(os.path.dirname(os.path.dirname(monai.__file__)), "CHANGELOG.md")) as _f:
    MONAI_RELEASE = next(l.split("]")[0].split("[")[1] for l in _f if l.startswith("## [1."))
assert MONAI_RELEASE == "1.4.0", MONAI_RELEASE
torch.set_num_threads(1)
OUT = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.abspath(__file__))
REDUCTIONS = ["none", "mean", "sum", "mean_batch", "sum_batch", "mean_channel", "sum_channel"]


def f32(x):
    """A float32 value as the shortest decimal that reads back to it (Java: (float) Double.parseDouble)."""
    return float(str(np.float32(x)))


def flat(t):
    """A float32 tensor as a flat C-order list (shortest float32 spellings) plus its shape."""
    a = np.asarray(t.detach().cpu().numpy() if isinstance(t, torch.Tensor) else t)
    assert a.dtype == np.float32, a.dtype
    return {"shape": list(a.shape), "data": [f32(x) for x in a.ravel(order="C")]}


def fortran(a):
    """An integer array as a digit string in medbeam's voxel order (first index fastest)."""
    v = np.asarray(a).ravel(order="F")
    assert v.min() >= 0 and v.max() <= 9
    return "".join(str(int(x)) for x in v)


def blob(shape, center, radii, rng, jitter=0.0):
    grids = np.meshgrid(*[np.arange(s) for s in shape], indexing="ij")
    r = sum(((g - c) / rr) ** 2 for g, c, rr in zip(grids, center, radii))
    if jitter:
        r = r + jitter * rng.uniform(-1, 1, size=shape)
    return r <= 1.0


def label_map(shape, blobs, rng):
    lab = np.zeros(shape, dtype=np.int64)
    for cls, center, radii, jitter in blobs:
        lab[blob(shape, center, radii, rng, jitter)] = cls
    return lab


def make_cases(shape, rng, dims):
    """Four cases: normal, class 2 missing in pred, class 2 missing in label, class 2 in neither."""
    c = [s / 2.0 for s in shape]
    cases = []
    for kind in ["normal", "empty_pred", "empty_label", "both_empty"]:
        r1 = [s * 0.3 for s in shape]
        r2 = [s * 0.15 for s in shape]
        c2 = [s * 0.72 for s in shape]
        lab_blobs = [(1, c, r1, 0.3)]
        pred_blobs = [(1, [x + 0.7 for x in c], [r * 0.9 for r in r1], 0.3)]
        if kind in ("normal", "empty_pred"):
            lab_blobs.append((2, c2, r2, 0.2))
        if kind in ("normal", "empty_label"):
            pred_blobs.append((2, [x - 0.6 for x in c2], [r * 1.2 for r in r2], 0.2))
        if kind == "normal":
            # a label blob touching the image border (edges on the border)
            lab_blobs.append((1, [0] * dims, [s * 0.2 for s in shape], 0.0))
        cases.append((kind, label_map(shape, lab_blobs, rng), label_map(shape, pred_blobs, rng)))
    return cases


def onehot(lab, n=3):
    return torch.as_tensor(np.stack([(lab == i) for i in range(n)]).astype(np.float32))


def metric_entry(name, args, metric, preds, labels, spacing, reductions=("mean",)):
    kw = {"spacing": spacing} if spacing is not None else {}
    metric(y_pred=preds, y=labels, **kw)
    buf = metric.get_buffer()
    entry = {"metric": name, "args": args, "buffer": flat(buf), "aggregate": {}}
    for red in reductions:
        res = metric.aggregate(reduction=red)
        if isinstance(res, list):  # ConfusionMatrixMetric: one per metric name
            entry["aggregate"][red] = [
                {"value": flat(r[0]), "not_nans": flat(r[1])} if isinstance(r, tuple) else {"value": flat(r)}
                for r in res
            ]
        elif isinstance(res, tuple):
            entry["aggregate"][red] = {"value": flat(res[0]), "not_nans": flat(res[1])}
        else:
            entry["aggregate"][red] = {"value": flat(res)}
    if isinstance(metric, ConfusionMatrixMetric):
        entry["aggregate_compute_sample"] = {}
        for red in reductions:
            res = metric.aggregate(compute_sample=True, reduction=red)
            entry["aggregate_compute_sample"][red] = [
                {"value": flat(r[0]), "not_nans": flat(r[1])} if isinstance(r, tuple) else {"value": flat(r)}
                for r in res
            ]
    return entry


def segmentation_fixtures():
    rng = np.random.RandomState(20261127)
    groups = []
    for dims, shape, spacing in [(2, (16, 14), [0.8, 1.3]), (3, (12, 11, 9), [1.0, 0.7, 2.5])]:
        cases = make_cases(shape, rng, dims)
        preds = [onehot(p) for _, _, p in cases]
        labels = [onehot(l) for _, l, _ in cases]
        group = {
            "dims": dims,
            "shape": list(shape),
            "spacing": spacing,
            "cases": [{"kind": k, "label": fortran(l), "pred": fortran(p)} for k, l, p in cases],
            "metrics": [],
        }
        m = group["metrics"]
        for ib in (True, False):
            for ie in (True, False):
                args = {"include_background": ib, "ignore_empty": ie, "get_not_nans": True}
                m.append(metric_entry("dice", args, DiceMetric(**args), preds, labels, None, REDUCTIONS))
                m.append(metric_entry("mean_iou", args, MeanIoU(**args), preds, labels, None))
        for sp in (None, spacing):
            for dm in ("euclidean", "chessboard", "taxicab"):
                if sp is None and dm != "euclidean":
                    continue  # spacing is ignored by chessboard/taxicab: one run of each is enough
                for pct in (None, 95, 50, 0, 100, 33.3):
                    for directed in (False, True):
                        if (dm != "euclidean" or sp is None) and pct not in (None, 95):
                            continue
                        for ib in ((False, True) if pct is None and not directed else (False,)):
                            args = {"include_background": ib, "distance_metric": dm, "percentile": pct,
                                    "directed": directed, "get_not_nans": True}
                            reds = REDUCTIONS if (sp is not None and pct is None and not directed and not ib) else ("mean",)
                            e = metric_entry("hausdorff", args, HausdorffDistanceMetric(**args), preds, labels, sp, reds)
                            e["spacing"] = sp
                            m.append(e)
                for sym in (False, True):
                    for ib in (False, True):
                        args = {"include_background": ib, "symmetric": sym, "distance_metric": dm,
                                "get_not_nans": True}
                        e = metric_entry("surface_distance", args, SurfaceDistanceMetric(**args), preds, labels, sp)
                        e["spacing"] = sp
                        m.append(e)
                for ib, th in ((False, [1.0, 2.5]), (True, [0.5, 1.5, 0.0])):
                    args = {"class_thresholds": th, "include_background": ib, "distance_metric": dm,
                            "get_not_nans": True}
                    e = metric_entry("surface_dice", args, SurfaceDiceMetric(**args), preds, labels, sp)
                    e["spacing"] = sp
                    m.append(e)
        names = ["sensitivity", "specificity", "precision", "negative predictive value", "miss rate",
                 "fall out", "false discovery rate", "false omission rate", "prevalence threshold",
                 "threat score", "accuracy", "balanced accuracy", "f1 score",
                 "matthews correlation coefficient", "fowlkes mallows index", "informedness", "markedness"]
        for ib in (True, False):
            args = {"include_background": ib, "metric_name": names, "get_not_nans": True}
            reds = ("none", "mean", "mean_batch") if (ib and dims == 2) else ("mean",)
            m.append(metric_entry("confusion_matrix", args, ConfusionMatrixMetric(**args), preds, labels, None, reds))
        # DiceMetric with label-index ground truth (B1HW[D]) and num_classes
        lab_idx = [torch.as_tensor(l[None].astype(np.float32)) for _, l, _ in cases]
        pred_idx = [torch.as_tensor(p[None].astype(np.float32)) for _, _, p in cases]
        for ib in (True, False):
            args = {"include_background": ib, "num_classes": 3, "get_not_nans": True}
            e = metric_entry("dice", args, DiceMetric(**args), pred_idx, lab_idx, None)
            e["index_inputs"] = True
            m.append(e)
        args = {"include_background": True, "get_not_nans": True}
        e = metric_entry("dice", args, DiceMetric(**args), preds, lab_idx, None)
        e["index_label"] = True
        m.append(e)
        # single-channel binary masks (class 1 only)
        p1 = [(p[1:2] > 0).float() for p in preds]
        l1 = [(l[1:2] > 0).float() for l in labels]
        for name, cls, a in (("dice", DiceMetric, {"include_background": False}),
                             ("hausdorff", HausdorffDistanceMetric, {"include_background": False}),
                             ("surface_distance", SurfaceDistanceMetric, {"symmetric": True})):
            a = dict(a, get_not_nans=True)
            e = metric_entry(name, a, cls(**a), p1, l1, None)
            e["single_channel"] = True
            m.append(e)
        # return_with_label
        d = DiceMetric(include_background=False, reduction="mean_batch", return_with_label=True)
        d(y_pred=preds, y=labels)
        group["dice_return_with_label"] = {k: float(v) for k, v in d.aggregate().items()}
        d = DiceMetric(include_background=True, reduction="mean_batch", return_with_label=["bg", "liver", "tumour"])
        d(y_pred=preds, y=labels)
        group["dice_return_with_names"] = {k: float(v) for k, v in d.aggregate().items()}
        groups.append(group)
    return groups


def regression_fixtures():
    rng = np.random.RandomState(7)
    shape = (3, 2, 6, 5)
    y = np.round(rng.uniform(0, 1, size=shape), 3).astype(np.float32)
    p = np.round(y + rng.normal(0, 0.1, size=shape), 3).astype(np.float32)
    out = {"shape": list(shape[1:]),
           "y": [fortran_float(a) for a in y], "y_pred": [fortran_float(a) for a in p], "metrics": []}
    for name, met in (("mse", MSEMetric(get_not_nans=True)), ("mae", MAEMetric(get_not_nans=True)),
                      ("psnr", PSNRMetric(max_val=1.0, get_not_nans=True))):
        out["metrics"].append(metric_entry(name, {}, met, list(torch.as_tensor(p)), list(torch.as_tensor(y)), None,
                                           ("mean", "none", "sum_batch")))
    return out


def fortran_float(a):
    # channel-first (C, X, Y): medbeam stores x fastest, then y, then channel
    return [f32(v) for c in range(a.shape[0]) for v in np.asarray(a[c]).ravel(order="F")]


def rocauc_fixtures():
    rng = np.random.RandomState(11)
    b, c = 14, 3
    y_pred = np.round(rng.uniform(0, 1, size=(b, c)), 1).astype(np.float32)  # ties on purpose
    y = (rng.uniform(0, 1, size=(b, c)) < 0.45).astype(np.float32)
    y[0, 2], y[1, 2] = 1, 0
    out = {"y_pred": y_pred.tolist(), "y": y.tolist(), "average": {}}
    for avg in ("macro", "weighted", "micro", "none"):
        m = ROCAUCMetric(average=avg)
        m(y_pred=torch.as_tensor(y_pred), y=torch.as_tensor(y))
        r = m.aggregate()
        out["average"][avg] = [float(v) for v in r] if isinstance(r, list) else float(r)
    # one class without positives -> nan for that class
    y2 = y.copy()
    y2[:, 1] = 0
    out["y_no_positive"] = y2.tolist()
    out["no_positive"] = {}
    for avg in ("macro", "weighted", "none"):
        m = ROCAUCMetric(average=avg)
        m(y_pred=torch.as_tensor(y_pred), y=torch.as_tensor(y2))
        r = m.aggregate()
        out["no_positive"][avg] = [float(v) for v in r] if isinstance(r, list) else float(r)
    # binary (B,) input
    m = ROCAUCMetric()
    m(y_pred=torch.as_tensor(y_pred[:, 0]), y=torch.as_tensor(y[:, 0]))
    out["binary"] = float(m.aggregate())
    return out


def edt_fixtures():
    rng = np.random.RandomState(5)
    out = []
    for shape, sampling, density in [((13, 11), (0.8, 1.7), 0.9), ((9, 8, 7), (1.0, 0.6, 2.2), 0.93),
                                     ((20,), (1.5,), 0.8), ((6, 7, 5), None, 0.97), ((10, 12), (1.0, 1.0), 0.5)]:
        mask = rng.uniform(size=shape) < density  # True = distance computed, False = feature
        mask.ravel()[0] = False
        edt = ndimage.distance_transform_edt(mask, sampling=sampling)
        entry = {"shape": list(shape), "sampling": list(sampling) if sampling else None,
                 "mask": fortran(mask.astype(int)), "edt": [float(v) for v in edt.ravel(order="F")]}
        if len(shape) > 1:
            for metric in ("chessboard", "taxicab"):
                entry[metric] = fortran(ndimage.distance_transform_cdt(mask, metric=metric))
        out.append(entry)
    return out


def quantile_summary_fixtures():
    rng = np.random.RandomState(3)
    quant = []
    qs = [0.0, 0.05, 0.333, 0.5, 0.9, 0.95, 0.99, 1.0]
    for n in (1, 2, 3, 7, 10, 101, 400):
        # distances-like values: square roots of small integers times a spacing, as float32
        v = (np.sqrt(rng.randint(0, 200, size=n)) * 0.7).astype(np.float32)
        quant.append({"values": [f32(x) for x in v], "q": qs,
                      "result": [f32(torch.quantile(torch.as_tensor(v), q)) for q in qs]})
    cols = []
    for n in (1, 3, 8, 9, 17, 130, 300):
        v = rng.uniform(0, 5, size=n).astype(np.float32)
        v = np.array([f32(x) for x in np.round(v, 4)], dtype=np.float32)
        if n > 3:
            v[1] = np.nan
        col = {"values": [f32(x) for x in v]}
        col["nanmean"] = f32(np.nanmean(v))
        col["nanmedian"] = f32(np.nanmedian(v))
        col["nanmax"] = f32(np.nanmax(v))
        col["nanmin"] = f32(np.nanmin(v))
        col["nanpercentile"] = {str(p): float(np.nanpercentile(v, p)) for p in (0, 5, 25, 90, 95, 100)}
        col["nanstd"] = f32(np.nanstd(v))
        col["row_nanmean"] = f32(np.nanmean(v[None, :], axis=1, keepdims=True)[0, 0])
        cols.append(col)
    spell = [float(np.float32(x)) for x in (0.1, 1.0, 0.0, 1e-5, 1.234e-4, 1e-4, 123456.7, 1e16, 3.4e38, 2.5e-7,
                                             0.8123456789, 7.0, 1 / 3, 12345678.0, float("nan"), float("inf"),
                                             -float("inf"), -0.5, 1e15, 9.999999e15)]
    spellings = [{"value": v, "str": str(np.float32(v)), "pyrepr": repr(v)} for v in spell]
    spellings += [{"value": v, "str": str(np.float32(v)), "pyrepr": repr(v)}
                  for v in rng.uniform(0, 100, size=12).astype(np.float32).astype(float).tolist()]
    fmt = [{"value": v, "f4": f"{v:.4f}"} for v in (0.00005, 0.00015, 0.12345, 2.5e-5, 1.00005, 0.6662499904632568,
                                                     float("nan"), float("inf"), -0.00001, 123.45675)]
    return {"quantile": quant, "columns": cols, "float32_str": spellings, "format4": fmt}


def report_fixture(groups):
    """write_metrics_reports on the 3D dice buffer (one metric per call: MONAI 1.4 repeats 'mean' in the
    header of the second metric when given several, a bug we do not copy)."""
    g = groups[1]
    def unpack(digits):
        return np.array([int(ch) for ch in digits]).reshape(g["shape"], order="F")

    preds = [onehot(unpack(c["pred"])) for c in g["cases"]]
    labels = [onehot(unpack(c["label"])) for c in g["cases"]]
    ids = ["case_%s" % c["kind"] for c in g["cases"]]
    out = {"ids": ids, "files": {}}
    for name, met, sp in (("dice", DiceMetric(include_background=True), None),
                          ("hausdorff95", HausdorffDistanceMetric(percentile=95), g["spacing"])):
        met(y_pred=preds, y=labels, **({"spacing": sp} if sp else {}))
        d = tempfile.mkdtemp()
        value = met.aggregate().item()
        write_metrics_reports(d, ids, {name: value}, {name: met.get_buffer()}, "*")
        for f in sorted(os.listdir(d)):
            with open(os.path.join(d, f)) as fh:
                out["files"].setdefault(f, "")
                out["files"][f] += fh.read()
    return out


def main():
    os.makedirs(OUT, exist_ok=True)
    groups = segmentation_fixtures()
    seg = {"monai": MONAI_RELEASE, "groups": groups, "regression": regression_fixtures(),
           "rocauc": rocauc_fixtures()}
    with open(os.path.join(OUT, "monai_metrics.json"), "w") as f:
        json.dump(seg, f, separators=(",", ":"))
    with open(os.path.join(OUT, "scipy_edt.json"), "w") as f:
        json.dump(edt_fixtures(), f, separators=(",", ":"))
    qs = quantile_summary_fixtures()
    qs["report"] = report_fixture(groups)
    with open(os.path.join(OUT, "quantile_summary.json"), "w") as f:
        json.dump(qs, f, separators=(",", ":"))


if __name__ == "__main__":
    main()
