"""Expected values for medbeam's spatial transforms, computed with real MONAI 1.4.0.

Run from the repository root:
    PYTHONPATH=/work/monai-src /usr/bin/python3 \
        beam-transforms/src/test/resources/spatial/make_spatial_fixtures.py

Writes spatial_expected.json next to this script: the inputs (values flattened with the first
spatial index fastest, medbeam's order), and for every case the transform as a MONAI Bundle-style
spec (the Java tests build it with ChainConfig), the seed for random ones (MONAI's
set_random_state), and MONAI's output shape, affine, dtype, values and applied-operation classes.
"""
import json
import os
import warnings

import numpy as np
import torch

import monai
from monai.data import MetaTensor
from monai.transforms import *  # noqa: F401,F403

warnings.filterwarnings("ignore")
torch.set_num_threads(1)
assert monai.__version__ in ("1.4.0", "0+unknown"), monai.__version__

HERE = os.path.dirname(os.path.abspath(__file__))


def ours(a):
    """Flatten channel-first (C, X, Y[, Z]) with the first spatial index fastest."""
    a = np.asarray(a)
    axes = (0,) + tuple(range(a.ndim - 1, 0, -1))
    return np.transpose(a, axes).ravel()


def fmt(v):
    return [float("%.8g" % x) for x in np.asarray(v, dtype=np.float64).ravel()]


# ----------------------------------------------------------------------------- inputs
x, y, z = np.meshgrid(np.arange(7), np.arange(6), np.arange(5), indexing="ij")
smooth3 = (10 + 3 * x + 2 * y - z + 4 * np.sin(x * 0.9) * np.cos(y * 0.7 + z * 0.5)).astype(np.float32)
label3 = ((x // 2 + 3 * (y // 3) + 5 * (z // 2)) % 7).astype(np.float32)
int3 = (100 * x - 7 * y + 13 * z - 50).astype(np.int16)
x2, y2 = np.meshgrid(np.arange(9), np.arange(8), indexing="ij")
smooth2 = (5 + 2 * x2 - y2 + 3 * np.sin(0.8 * x2 + 0.3 * y2)).astype(np.float32)
xe, ye, ze = np.meshgrid(np.arange(12), np.arange(10), np.arange(8), indexing="ij")
elastic3 = (20 + 2 * xe - ye + 0.5 * ze + 5 * np.sin(0.6 * xe) * np.cos(0.5 * ye + 0.4 * ze)).astype(np.float32)
xf, yf = np.meshgrid(np.arange(20), np.arange(18), indexing="ij")
elastic2 = (10 + xf - 0.5 * yf + 4 * np.sin(0.5 * xf + 0.3 * yf)).astype(np.float32)

oblique = np.array(
    [[-0.7, 0.05, 0.0, 10.0], [0.03, -0.8, 0.02, 20.0], [0.0, 0.01, 1.25, -5.0], [0, 0, 0, 1]],
    dtype=np.float64,
)
lps = np.diag([-0.7, -0.8, 1.25, 1.0])
lps[:3, 3] = [12.0, 7.0, -3.0]
aff2 = np.array([[0.9, 0.1, 0, 3.0], [-0.05, 1.1, 0, -2.0], [0, 0, 1, 0], [0, 0, 0, 1]], dtype=np.float64)

INPUTS = {
    "smooth_oblique": (smooth3, oblique),
    "smooth_lps": (smooth3, lps),
    "label_lps": (label3, lps),
    "label_oblique": (label3, oblique),
    "int16_lps": (int3, lps),
    "smooth2d": (smooth2, aff2),
    "elastic3": (elastic3, np.eye(4)),
    "elastic2": (elastic2, np.eye(4)),
}


def make(name):
    arr, aff = INPUTS[name]
    return MetaTensor(torch.as_tensor(arr[None].copy()), affine=torch.as_tensor(aff))


# ----------------------------------------------------------------------------- cases
CASES = []


def case(name, inp, spec, seed=None, exact=False, note=None, key_count=1):
    CASES.append(dict(name=name, input=inp, spec=spec, seed=seed, exact=exact, note=note))


def spec(target, **kw):
    d = {"_target_": target}
    d.update(kw)
    return d


# Spacing: shape rounding, offsets, modes, paddings, align_corners
case("spacing_oblique_bilinear", "smooth_oblique", spec("Spacing", pixdim=[1.0, 1.0, 1.0]))
case("spacing_lps_aniso", "smooth_lps", spec("Spacing", pixdim=[1.1, 0.9, 2.0]))
case("spacing_lps_nearest", "label_lps", spec("Spacing", pixdim=[1.1, 0.95, 0.9], mode="nearest"), exact=True)
case("spacing_zeros_ac", "smooth_lps", spec("Spacing", pixdim=[0.55, 0.6, 0.9], padding_mode="zeros", align_corners=True))
case("spacing_diagonal", "smooth_oblique", spec("Spacing", pixdim=[0.9, 1.0, 1.1], diagonal=True))
case("spacing_scale_extent", "smooth_lps", spec("Spacing", pixdim=[1.3, 1.2, 2.1], scale_extent=True, align_corners=True))
case("spacing_min_max", "smooth_lps", spec("Spacing", pixdim=[1.0, 1.0, 1.0], min_pixdim=[0.6, 0.9, 1.0], max_pixdim=[1.5, 1.5, 1.2]))
case("spacing_recompute", "smooth_lps", spec("Spacing", pixdim=[1.0, 1.0, 1.0], recompute_affine=True))
case("spacing_keep_axis", "smooth_lps", spec("Spacing", pixdim=[-1, 1.0, 0.8]))
case("spacing_short_pixdim", "smooth_lps", spec("Spacing", pixdim=[1.2]))
case("spacing_unchanged", "smooth_lps", spec("Spacing", pixdim=[0.7, 0.8, 1.25]))
case("spacing_reflection", "smooth_oblique", spec("Spacing", pixdim=[0.6, 0.7, 1.1], padding_mode="reflection"))
case("spacing_2d", "smooth2d", spec("Spacing", pixdim=[0.7, 0.8]))
case("spacing_int16", "int16_lps", spec("Spacing", pixdim=[1.0, 1.0, 1.0]))

# Orientation (exact)
case("orientation_ras_from_lps", "smooth_lps", spec("Orientation", axcodes="RAS"), exact=True)
case("orientation_ras_from_oblique", "smooth_oblique", spec("Orientation", axcodes="RAS"), exact=True)
case("orientation_pli", "smooth_lps", spec("Orientation", axcodes="PLI"), exact=True)
case("orientation_canonical", "smooth_oblique", spec("Orientation", as_closest_canonical=True), exact=True)
case("orientation_int16", "int16_lps", spec("Orientation", axcodes="SAR"), exact=True)
case("orientation_2d", "smooth2d", spec("Orientation", axcodes="LP"), exact=True)

# Flip, Rotate90 (exact)
case("flip_0", "smooth_lps", spec("Flip", spatial_axis=0), exact=True)
case("flip_02", "smooth_oblique", spec("Flip", spatial_axis=[0, 2]), exact=True)
case("flip_all", "int16_lps", spec("Flip"), exact=True)
case("flip_neg", "smooth2d", spec("Flip", spatial_axis=-1), exact=True)
case("rot90_k1", "smooth_lps", spec("Rotate90"), exact=True)
case("rot90_k2_02", "smooth_oblique", spec("Rotate90", k=2, spatial_axes=[0, 2]), exact=True)
case("rot90_k3_12", "int16_lps", spec("Rotate90", k=3, spatial_axes=[1, 2]), exact=True)
case("rot90_k1_20", "smooth_lps", spec("Rotate90", k=1, spatial_axes=[2, 0]), exact=True)
case("rot90_2d_neg", "smooth2d", spec("Rotate90", k=-1), exact=True)

# Rotate
case("rotate_2d", "smooth2d", spec("Rotate", angle=0.3))
case("rotate_2d_grow", "smooth2d", spec("Rotate", angle=0.5, keep_size=False))
case("rotate_3d", "smooth_lps", spec("Rotate", angle=[0.1, 0.2, 0.3]))
case("rotate_3d_nearest_zeros", "label_lps", spec("Rotate", angle=[0.3, -0.2, 0.4], mode="nearest", padding_mode="zeros"), exact=True)
case("rotate_3d_ac_reflection", "smooth_oblique", spec("Rotate", angle=[0.2, 0.1, -0.3], align_corners=True, padding_mode="reflection", keep_size=False))

# Zoom
case("zoom_up_area", "smooth_lps", spec("Zoom", zoom=1.3))
case("zoom_down_area_edge", "smooth_lps", spec("Zoom", zoom=0.6))
case("zoom_trilinear_nokeep", "smooth_oblique", spec("Zoom", zoom=[1.5, 0.7, 1.2], mode="trilinear", keep_size=False))
case("zoom_nearest", "label_lps", spec("Zoom", zoom=[0.7, 1.4, 1.1], mode="nearest"), exact=True)
case("zoom_linear_ac_constant", "smooth_lps", spec("Zoom", zoom=0.8, mode="trilinear", align_corners=True, padding_mode="constant"))
case("zoom_2d_bicubic", "smooth2d", spec("Zoom", zoom=1.4, mode="bicubic"))
case("zoom_reflect", "smooth_lps", spec("Zoom", zoom=0.75, mode="nearest-exact", padding_mode="reflect"), exact=True)

# Resize
case("resize_area", "smooth_lps", spec("Resize", spatial_size=[4, 5, 3]))
case("resize_trilinear", "smooth_oblique", spec("Resize", spatial_size=[10, 9, 8], mode="trilinear"))
case("resize_nearest", "label_lps", spec("Resize", spatial_size=[5, 9, 4], mode="nearest"), exact=True)
case("resize_longest", "smooth_lps", spec("Resize", spatial_size=10, size_mode="longest", mode="trilinear", align_corners=True))
case("resize_antialias", "smooth_lps", spec("Resize", spatial_size=[3, 4, 2], mode="trilinear", anti_aliasing=True))
case("resize_keep_dim", "smooth_lps", spec("Resize", spatial_size=[-1, 4, 7], mode="bilinear"))
case("resize_2d_bicubic", "smooth2d", spec("Resize", spatial_size=[12, 5], mode="bicubic"))

# Affine
case("affine_params_reflection", "smooth_lps", spec("Affine", rotate_params=[0.1, 0.2, 0.3], shear_params=[0.05, 0, 0.1, 0, 0, 0.02], translate_params=[1.0, -0.5, 0.3], scale_params=[1.1, 0.9, 1.2]))
case("affine_zeros", "smooth_lps", spec("Affine", rotate_params=[0.4, 0, 0], translate_params=[0.5, 1.5, 0], padding_mode="zeros"))
case("affine_border_size", "smooth_oblique", spec("Affine", rotate_params=[0, 0, 0.3], scale_params=[0.8, 1.1, 1.0], spatial_size=[9, 5, 6], padding_mode="border"))
case("affine_ac", "smooth_lps", spec("Affine", rotate_params=[0.2, 0.1, 0.0], spatial_size=[8, 7, 4], padding_mode="zeros", align_corners=True))
case("affine_matrix_nearest", "label_lps", spec("Affine", affine=[[0.91, 0.11, 0.0, 0.63], [-0.13, 1.02, 0.05, -0.27], [0.0, 0.023, 1.1, 0.17], [0, 0, 0, 1]], mode="nearest"), exact=True)
case("affine_2d", "smooth2d", spec("Affine", rotate_params=0.35, shear_params=[0.1, -0.05], translate_params=[1, 0.5], scale_params=[1.2, 0.9], padding_mode="border"))

# random array transforms with MONAI's set_random_state(seed)
case("randaffine_seed3", "smooth_lps", spec("RandAffine", prob=1.0, rotate_range=[0.3, [0.0, 0.2], 0.1], shear_range=0.1, translate_range=[2, 1, [0, 1]], scale_range=[0.1, 0.1, 0.2], padding_mode="zeros"), seed=3)
case("randaffine_prob_skip", "smooth_lps", spec("RandAffine", prob=0.3, rotate_range=0.5), seed=0)
case("randaffine_size", "smooth_lps", spec("RandAffine", prob=0.3, rotate_range=0.5, spatial_size=[6, 6, 6]), seed=0)
case("randaffine_2d", "smooth2d", spec("RandAffine", prob=0.9, rotate_range=0.5, scale_range=[0.2, 0.2]), seed=11)
case("randrotate_3d", "smooth_lps", spec("RandRotate", range_x=0.4, range_y=[0.1, 0.3], range_z=0.2, prob=0.9), seed=5)
case("randrotate_2d", "smooth2d", spec("RandRotate", range_x=1.0, prob=1.0, keep_size=False), seed=7)
case("randzoom_one", "smooth_lps", spec("RandZoom", prob=0.9, min_zoom=0.7, max_zoom=1.3, mode="trilinear"), seed=2)
case("randzoom_two", "smooth_lps", spec("RandZoom", prob=1.0, min_zoom=[0.8, 1.2], max_zoom=[1.2, 1.5], mode="nearest"), seed=4, exact=True)
case("randflip_do", "smooth_lps", spec("RandFlip", prob=0.7, spatial_axis=1), seed=1, exact=True)
case("randflip_skip", "smooth_lps", spec("RandFlip", prob=0.3, spatial_axis=1), seed=0, exact=True)
case("randrot90", "smooth_lps", spec("RandRotate90", prob=0.8, max_k=3, spatial_axes=[0, 2]), seed=9, exact=True)
case("rand2delastic", "elastic2", spec("Rand2DElastic", spacing=[6, 5], magnitude_range=[1.0, 2.0], prob=1.0, rotate_range=0.2, padding_mode="border"), seed=21)
case("rand3delastic", "elastic3", spec("Rand3DElastic", sigma_range=[1.0, 2.0], magnitude_range=[3.0, 5.0], prob=1.0), seed=13)
case("rand3delastic_affine", "elastic3", spec("Rand3DElastic", sigma_range=[1.5, 2.0], magnitude_range=[2.0, 3.0], prob=1.0, rotate_range=[0.1, 0.1, 0.1], scale_range=0.1, spatial_size=[10, 10, 6], padding_mode="zeros"), seed=17)

# dictionary forms: one draw per sample, the same for every key (image bilinear, label nearest)
DICT_CASES = []


def dcase(name, spec_, seed=None):
    DICT_CASES.append(dict(name=name, spec=spec_, seed=seed))


dcase("spacingd", spec("Spacingd", keys=["image", "label"], pixdim=[1.1, 0.9, 1.3], mode=["bilinear", "nearest"]))
dcase("orientationd", spec("Orientationd", keys=["image", "label"], axcodes="RAS"))
dcase("rotate90d", spec("Rotate90d", keys=["image", "label"], k=3, spatial_axes=[1, 2]))
dcase("rotated", spec("Rotated", keys=["image", "label"], angle=[0.2, 0.1, -0.1], mode=["bilinear", "nearest"], padding_mode="zeros"))
dcase("zoomd", spec("Zoomd", keys=["image", "label"], zoom=1.2, mode=["trilinear", "nearest"]))
dcase("resized", spec("Resized", keys=["image", "label"], spatial_size=[5, 7, 4], mode=["area", "nearest"]))
dcase("affined", spec("Affined", keys=["image", "label"], rotate_params=[0.1, 0.1, 0.1], mode=["bilinear", "nearest"], padding_mode="zeros"))
dcase("randrotate90d", spec("RandRotate90d", keys=["image", "label"], prob=0.6, max_k=3), seed=6)
dcase("randflipd", spec("RandFlipd", keys=["image", "label"], prob=0.5, spatial_axis=[0, 1]), seed=8)
dcase("randaffined", spec("RandAffined", keys=["image", "label"], prob=0.9, rotate_range=[0.2, 0.2, 0.2], translate_range=[1, 1, 1], mode=["bilinear", "nearest"], padding_mode="zeros"), seed=12)
dcase("randrotated", spec("RandRotated", keys=["image", "label"], range_x=0.3, range_y=0.3, range_z=0.3, prob=0.9, mode=["bilinear", "nearest"]), seed=14)
dcase("randzoomd", spec("RandZoomd", keys=["image", "label"], prob=0.9, min_zoom=0.8, max_zoom=1.3, mode=["trilinear", "nearest"]), seed=15)
dcase("rand2delasticd", spec("Rand2DElasticd", keys=["image", "label"], spacing=5, magnitude_range=[1.0, 2.0], prob=0.9, scale_range=[0.1, 0.1], mode=["bilinear", "nearest"]), seed=18)
dcase("rand3delasticd", spec("Rand3DElasticd", keys=["image", "label"], sigma_range=[1.0, 2.0], magnitude_range=[2.0, 3.0], prob=0.9, mode=["bilinear", "nearest"]), seed=16)


# MONAI's lazy resampling: Compose(..., lazy=True) resamples the chain once
LAZY_CASES = [
    dict(name="lazy_orientation_spacing", input="smooth_lps",
         chain=[spec("Orientation", axcodes="RAS"), spec("Spacing", pixdim=[1.1, 0.9, 1.3])]),
    dict(name="lazy_orientation_spacing_rotate", input="smooth_lps",
         chain=[spec("Orientation", axcodes="RAS"), spec("Spacing", pixdim=[1.1, 0.9, 1.3]),
                spec("Rotate", angle=[0.1, 0.05, -0.1])]),
    # MONAI 1.4's lazy resampling ignores the ops' own modes (pending operations carry none) and
    # resamples bilinear/border unless Compose(overrides=...) says otherwise; medbeam uses each
    # op's mode, so a nearest chain matches MONAI with overrides={"mode": "nearest"}
    dict(name="lazy_flip_spacing_rot90_nearest", input="label_lps", overrides={"mode": "nearest"},
         chain=[spec("Flip", spatial_axis=1), spec("Spacing", pixdim=[0.6, 0.9, 0.8], mode="nearest"),
                spec("Rotate90", k=1)]),
]


def build(s):
    s = dict(s)
    target = s.pop("_target_")
    if isinstance(s.get("affine"), list):
        s["affine"] = np.array(s["affine"], dtype=np.float64)  # MONAI needs an array here
    return globals()[target](**s)


def describe(out):
    return dict(
        shape=list(out.shape),
        affine=fmt(out.affine),
        dtype=str(out.dtype).replace("torch.", ""),
        values=fmt(ours(out.detach().cpu().numpy())),
        applied=[op["class"] for op in out.applied_operations],
    )


result = {"inputs": {}, "cases": [], "dict_cases": []}
for name, (arr, aff) in INPUTS.items():
    result["inputs"][name] = dict(
        shape=[1] + list(arr.shape), dtype=str(arr.dtype), affine=fmt(aff), values=fmt(ours(arr[None]))
    )

for c in CASES:
    t = build(c["spec"])
    if c["seed"] is not None:
        t.set_random_state(c["seed"])
    img = make(c["input"])
    out = t(img)
    if isinstance(out, tuple):
        out = out[0]
    entry = dict(c)
    entry.update(describe(out))
    result["cases"].append(entry)

for c in DICT_CASES:
    t = build(c["spec"])
    if c["seed"] is not None:
        t.set_random_state(c["seed"])
    if "2delastic" in c["name"]:
        img_in, lab = "elastic2", np.round(elastic2[None] / 5)
    elif "3delastic" in c["name"]:
        img_in, lab = "elastic3", np.round(elastic3[None] / 10)
    else:
        img_in, lab = "smooth_lps", None
    data = {"image": make(img_in), "label": make("label_lps")}
    if lab is not None:
        data["label"] = MetaTensor(torch.as_tensor(lab.astype(np.float32)), affine=torch.eye(4))
        result["inputs"][img_in + "_label"] = dict(
            shape=list(lab.shape), dtype="float32", affine=fmt(np.eye(4)), values=fmt(ours(lab)))
    out = t(data)
    entry = dict(c)
    entry["outputs"] = {k: describe(out[k]) for k in ("image", "label")}
    result["dict_cases"].append(entry)

result["lazy_cases"] = []
for c in LAZY_CASES:
    chain = Compose([build(t) for t in c["chain"]], lazy=True, overrides=c.get("overrides"))
    out = chain(make(c["input"]))
    entry = dict(c)
    entry.update(describe(out))
    result["lazy_cases"].append(entry)

with open(os.path.join(HERE, "spatial_expected.json"), "w") as f:
    json.dump(result, f, separators=(",", ":"))
print("cases", len(result["cases"]), "dict cases", len(result["dict_cases"]))
