"""Expected outputs of single layers (MONAI 1.4.0 factories over Debian's torch 1.13).

    PYTHONPATH=/work/monai-src /usr/bin/python3 make_layer_fixtures.py

Writes layers.json: for each case the layer (factory name, dims and keyword arguments), its
parameters (flat, C order, as torch holds them), the input and the output (flat, C order), in
train or eval mode. Inputs and parameters are random with fixed seeds.
"""

import json

import torch
import torch.nn.functional as F

from monai.networks.layers import Act, Conv, Norm, Pool
from monai.networks.layers.utils import get_act_layer, get_norm_layer, get_pool_layer
from monai.networks.utils import pixelshuffle

torch.set_num_threads(1)
gen = torch.Generator().manual_seed(7)
cases = []


def rnd(*shape):
    return torch.randn(shape, generator=gen)


def flat(t):
    return [float(v) for v in t.detach().reshape(-1).tolist()]


def record(name, kind, spec, layer, x, train=False, randomise=True):
    with torch.no_grad():
        if randomise:
            for _, p in layer.named_parameters():
                p.copy_(rnd(*p.shape) * 0.5 + (1.0 if p.dim() == 1 and "weight" in _ else 0.0))
            for n, b in layer.named_buffers():
                if n.endswith("running_mean"):
                    b.copy_(rnd(*b.shape) * 0.2)
                elif n.endswith("running_var"):
                    b.copy_(torch.rand(b.shape, generator=gen) + 0.5)
    state = {n: [list(t.shape), flat(t)] for n, t in layer.state_dict().items() if t.is_floating_point()}
    layer.train(train)
    y = layer(x)
    after = {n: flat(t) for n, t in layer.state_dict().items() if t.is_floating_point()}
    cases.append({"name": name, "kind": kind, "spec": spec, "train": train, "state": state,
                  "input_shape": list(x.shape), "input": flat(x), "output_shape": list(y.shape),
                  "output": flat(y), "state_after": after})


# transposed convolutions (torch.nn.ConvTransposeNd through MONAI's Conv factory)
for i, (dims, cin, cout, kw, xs) in enumerate([
    (2, 3, 4, dict(kernel_size=3, stride=2, padding=1, output_padding=1), (2, 3, 5, 4)),
    (3, 2, 3, dict(kernel_size=3, stride=2, padding=1, output_padding=1), (1, 2, 3, 4, 2)),
    (3, 4, 2, dict(kernel_size=2, stride=2), (1, 4, 3, 2, 3)),
    (2, 2, 3, dict(kernel_size=5, stride=3, padding=1, output_padding=2), (1, 2, 4, 3)),
    (2, 4, 6, dict(kernel_size=3, stride=2, padding=0, groups=2, bias=False), (2, 4, 3, 3)),
    (3, 2, 2, dict(kernel_size=[3, 3, 1], stride=[2, 2, 1], padding=[1, 1, 0], output_padding=[1, 1, 0]),
     (1, 2, 3, 3, 2)),
    (2, 3, 2, dict(kernel_size=3, stride=1, padding=1), (1, 3, 4, 5)),
    (1, 2, 2, dict(kernel_size=4, stride=2, padding=3, output_padding=1), (2, 2, 7)),
    (2, 2, 3, dict(kernel_size=1, stride=2, output_padding=1), (1, 2, 3, 3)),
    (3, 2, 2, dict(kernel_size=4, stride=2, padding=2), (1, 2, 3, 2, 2)),
    (2, 3, 2, dict(kernel_size=[4, 3], stride=[2, 3], padding=[0, 3], output_padding=[1, 2]), (2, 3, 3, 4)),
]):
    layer = Conv["convtrans", dims](cin, cout, **kw)
    record(f"convtrans{i}", "convtrans", {"dims": dims, "in": cin, "out": cout, "args": kw}, layer, rnd(*xs))

# convolutions
for i, (dims, cin, cout, kw, xs) in enumerate([
    (3, 2, 3, dict(kernel_size=3, stride=2, padding=1), (1, 2, 5, 4, 3)),
    (2, 4, 4, dict(kernel_size=3, dilation=2, padding=2, groups=2), (2, 4, 6, 5)),
]):
    layer = Conv["conv", dims](cin, cout, **kw)
    record(f"conv{i}", "conv", {"dims": dims, "in": cin, "out": cout, "args": kw}, layer, rnd(*xs))

# normalisation (get_norm_layer), train and eval
for i, (spec, dims, ch, xs, train) in enumerate([
    ("batch", 2, 3, (4, 3, 3, 2), True),
    ("batch", 3, 3, (2, 3, 2, 2, 2), False),
    (["batch", {"affine": False, "momentum": 0.3}], 2, 2, (3, 2, 2, 2), True),
    ("instance", 3, 2, (2, 2, 3, 2, 2), True),
    (["instance", {"affine": True}], 2, 3, (2, 3, 3, 3), False),
    (["group", {"num_groups": 2}], 3, 4, (2, 4, 2, 2, 3), True),
    (["group", {"num_groups": 1, "affine": False, "eps": 1e-3}], 2, 2, (1, 2, 3, 3), True),
    (["layer", {"normalized_shape": [3, 3]}], 2, 2, (2, 2, 3, 3), True),
]):
    sp = spec if isinstance(spec, str) else (spec[0], spec[1])
    layer = get_norm_layer(sp, spatial_dims=dims, channels=ch)
    record(f"norm{i}", "norm", {"spec": spec, "dims": dims, "channels": ch}, layer, rnd(*xs) * 2 + 0.5, train)

# activations (get_act_layer)
for i, spec in enumerate(["relu", ["leakyrelu", {"negative_slope": 0.2}], "prelu",
                          ["prelu", {"num_parameters": 3, "init": 0.1}], "elu", ["celu", {"alpha": 0.5}],
                          "selu", "gelu", "relu6", "sigmoid", "tanh", ["softmax", {"dim": 1}],
                          ["logsoftmax", {"dim": 1}], "swish", "mish"]):
    sp = spec if isinstance(spec, str) else (spec[0], spec[1])
    layer = get_act_layer(sp)
    record(f"act{i}", "act", {"spec": spec}, layer, rnd(2, 3, 4) * 4, True)

# pooling (get_pool_layer)
for i, (spec, dims, xs) in enumerate([
    (["max", {"kernel_size": 2}], 3, (1, 2, 4, 4, 5)),
    (["max", {"kernel_size": 3, "stride": 2, "padding": 1}], 2, (2, 2, 7, 6)),
    (["avg", {"kernel_size": 2, "stride": 2}], 2, (1, 3, 4, 6)),
    (["avg", {"kernel_size": 3, "stride": 1, "padding": 1, "count_include_pad": False}], 2, (1, 1, 4, 4)),
    (["adaptiveavg", {"output_size": 1}], 3, (2, 3, 3, 2, 4)),
    (["adaptivemax", {"output_size": [2, 3]}], 2, (1, 2, 5, 7)),
]):
    layer = get_pool_layer((spec[0], spec[1]), spatial_dims=dims)
    record(f"pool{i}", "pool", {"spec": spec, "dims": dims}, layer, rnd(*xs), True)

# interpolation (torch.nn.Upsample as MONAI's UpSample builds it)
for i, (dims, kw, xs) in enumerate([
    (3, dict(scale_factor=2, mode="trilinear", align_corners=False), (1, 2, 3, 2, 4)),
    (2, dict(scale_factor=2, mode="bilinear", align_corners=True), (2, 1, 3, 5)),
    (2, dict(size=(5, 7), mode="bilinear", align_corners=False), (1, 2, 3, 4)),
    (2, dict(size=(7, 3), mode="nearest"), (1, 1, 3, 4)),
    (3, dict(scale_factor=(2, 2, 1), mode="nearest"), (1, 1, 2, 3, 2)),
    (1, dict(scale_factor=3, mode="linear", align_corners=False), (1, 2, 4)),
]):
    layer = torch.nn.Upsample(**kw)
    record(f"upsample{i}", "upsample", {"dims": dims, "args": kw}, layer, rnd(*xs), True, False)


class Shuffle(torch.nn.Module):
    def __init__(self, dims, factor):
        super().__init__()
        self.dims, self.factor = dims, factor

    def forward(self, x):
        return pixelshuffle(x, self.dims, self.factor)


for i, (dims, f, xs) in enumerate([(2, 2, (1, 8, 2, 3)), (3, 2, (1, 16, 2, 1, 2))]):
    record(f"pixelshuffle{i}", "pixelshuffle", {"dims": dims, "factor": f}, Shuffle(dims, f), rnd(*xs), True)

with open("layers.json", "w") as fh:
    fh.write('{"cases": [\n' + ",\n".join(json.dumps(c, separators=(",", ":")) for c in cases) + "\n]}\n")
print(len(cases), "cases")
