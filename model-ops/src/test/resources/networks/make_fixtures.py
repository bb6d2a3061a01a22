"""Expected values for medbeam's network tests, computed with real MONAI 1.4.0.

Run from this folder (needs MONAI's source checkout and Debian's torch 1.13):

    PYTHONPATH=/work/monai-src /usr/bin/python3 make_fixtures.py

Writes
  structures.json   for each constructor argument set: MONAI's named_parameters() and
                    named_buffers() (name, shape) in order and the trainable parameter count
                    sum(p.numel() for p in net.parameters()).
  <case>.weights.json/.bin   every parameter and float buffer of a small network with
                    randomised values, in named_parameters() then named_buffers() order
                    (medbeam tensor bundle: JSON manifest + little-endian float32 blob).
  <case>.io.json/.bin        input, eval-mode output, train-mode output (computed after the
                    eval output, on the same weights), the fixed cotangent `r` and the
                    gradients of sum(train_out * r) for every trainable parameter.

Arguments are stored as MONAI keyword arguments (snake_case) so the Java test builds the same
network through medbeam's config factory.
"""

import contextlib
import io
import json
import struct

import numpy as np
import torch

import monai
from monai.networks import nets

torch.set_num_threads(1)


def build(target, args):
    with contextlib.redirect_stdout(io.StringIO()):  # BasicUNet prints its features
        return getattr(nets, target)(**args)


STRUCTURES = [
    # UNet (the first is benchmark W5)
    ("UNet", dict(spatial_dims=3, in_channels=1, out_channels=2, channels=[16, 32, 64, 128, 256],
                  strides=[2, 2, 2, 2], num_res_units=2)),
    ("UNet", dict(spatial_dims=2, in_channels=1, out_channels=1, channels=[4, 8, 16], strides=[2, 2],
                  num_res_units=2)),
    ("UNet", dict(spatial_dims=2, in_channels=3, out_channels=2, channels=[8, 16, 32, 64], strides=[2, 2, 1],
                  num_res_units=0, norm="batch", act="relu", dropout=0.1)),
    ("UNet", dict(spatial_dims=3, in_channels=1, out_channels=4, channels=[8, 16, 32], strides=[2, 2],
                  kernel_size=5, up_kernel_size=3, num_res_units=1, norm=["group", {"num_groups": 4}],
                  act=["leakyrelu", {"negative_slope": 0.2}], bias=False, adn_ordering="NA")),
    ("UNet", dict(spatial_dims=3, in_channels=2, out_channels=2, channels=[4, 8, 16, 32], strides=[2, 2, 2],
                  num_res_units=3, norm=["instance", {"affine": True}], act="prelu")),
    # BasicUNet
    ("BasicUNet", dict()),
    ("BasicUNet", dict(spatial_dims=2, in_channels=1, out_channels=3, features=[8, 8, 16, 32, 64, 8],
                       norm="batch")),
    ("BasicUNet", dict(spatial_dims=3, in_channels=1, out_channels=2, features=[4, 4, 8, 8, 16, 4],
                       upsample="nontrainable")),
    ("BasicUNet", dict(spatial_dims=2, in_channels=2, out_channels=2, features=[8, 8, 16, 16, 32, 8],
                       upsample="pixelshuffle", norm=["group", {"num_groups": 4}], bias=False)),
    # SegResNet
    ("SegResNet", dict()),
    ("SegResNet", dict(spatial_dims=2, init_filters=8, in_channels=1, out_channels=3, blocks_down=[1, 2, 2],
                       blocks_up=[1, 1], upsample_mode="deconv")),
    ("SegResNet", dict(spatial_dims=3, init_filters=16, in_channels=4, out_channels=3, dropout_prob=0.2,
                       norm="batch", upsample_mode="pixelshuffle")),
    ("SegResNet", dict(spatial_dims=3, init_filters=8, norm=["instance", {"affine": True}],
                       use_conv_final=False)),
    # DynUNet
    ("DynUNet", dict(spatial_dims=3, in_channels=1, out_channels=2, kernel_size=[3, 3, 3, 3],
                     strides=[1, 2, 2, 2], upsample_kernel_size=[2, 2, 2])),
    ("DynUNet", dict(spatial_dims=2, in_channels=1, out_channels=3, kernel_size=[3, 3, 3, 3, 3],
                     strides=[1, 2, 2, 2, 2], upsample_kernel_size=[2, 2, 2, 2], filters=[8, 16, 32, 64, 128],
                     res_block=True, deep_supervision=True, deep_supr_num=2)),
    ("DynUNet", dict(spatial_dims=3, in_channels=4, out_channels=3, kernel_size=[[3, 3, 1], [3, 3, 3], [3, 3, 3], 3],
                     strides=[[1, 1, 1], [2, 2, 1], [2, 2, 2], 2], upsample_kernel_size=[[2, 2, 1], [2, 2, 2], 2],
                     norm_name="batch", trans_bias=True, dropout=0.1)),
    # DenseNet
    ("DenseNet121", dict(spatial_dims=3, in_channels=1, out_channels=2)),
    ("DenseNet121", dict(spatial_dims=2, in_channels=3, out_channels=5)),
    ("DenseNet", dict(spatial_dims=2, in_channels=1, out_channels=3, init_features=8, growth_rate=4,
                      block_config=[2, 2], bn_size=2)),
]

FORWARD = [
    ("unet2d_res_batch", "UNet",
     dict(spatial_dims=2, in_channels=1, out_channels=2, channels=[4, 8, 16], strides=[2, 2], num_res_units=2,
          norm="batch"), [2, 1, 16, 16]),
    ("unet3d_plain", "UNet",
     dict(spatial_dims=3, in_channels=1, out_channels=2, channels=[4, 8, 16], strides=[2, 2], num_res_units=0),
     [1, 1, 8, 8, 8]),
    ("basicunet3d", "BasicUNet",
     dict(spatial_dims=3, in_channels=1, out_channels=1, features=[2, 2, 4, 4, 8, 2]), [1, 1, 16, 16, 32]),
    ("basicunet2d_nontrainable", "BasicUNet",
     dict(spatial_dims=2, in_channels=1, out_channels=2, features=[4, 4, 8, 8, 16, 4], upsample="nontrainable",
          norm="batch"), [2, 1, 18, 20]),
    ("basicunet2d_pixelshuffle", "BasicUNet",
     dict(spatial_dims=2, in_channels=1, out_channels=2, features=[4, 4, 8, 8, 16, 4], upsample="pixelshuffle",
          norm=["group", {"num_groups": 2}]), [1, 1, 16, 16]),
    ("segresnet3d", "SegResNet",
     dict(spatial_dims=3, init_filters=2, in_channels=1, out_channels=2, blocks_down=[1, 2, 2], blocks_up=[1, 1],
          norm=["group", {"num_groups": 2}]), [1, 1, 8, 8, 8]),
    ("segresnet2d_deconv", "SegResNet",
     dict(spatial_dims=2, init_filters=4, in_channels=2, out_channels=3, blocks_down=[1, 1, 1], blocks_up=[1, 1],
          norm="batch", upsample_mode="deconv", act="prelu"), [2, 2, 12, 8]),
    ("dynunet2d_ds", "DynUNet",
     dict(spatial_dims=2, in_channels=1, out_channels=3, kernel_size=[3, 3, 3, 3], strides=[1, 2, 2, 2],
          upsample_kernel_size=[2, 2, 2], filters=[2, 4, 8, 16], res_block=True, deep_supervision=True,
          deep_supr_num=2), [1, 1, 16, 16]),
    ("dynunet3d_aniso", "DynUNet",
     dict(spatial_dims=3, in_channels=1, out_channels=2, kernel_size=[[3, 3, 1], 3, 3],
          strides=[1, [2, 2, 1], 2], upsample_kernel_size=[[2, 2, 1], 2], filters=[2, 4, 8],
          norm_name="batch", trans_bias=True), [2, 1, 8, 8, 4]),
    ("densenet2d", "DenseNet",
     dict(spatial_dims=2, in_channels=1, out_channels=3, init_features=8, growth_rate=4, block_config=[2, 2],
          bn_size=2), [2, 1, 32, 32]),
]


def write_bundle(path_stem, tensors, extra):
    """tensors: list of (name, np.float32 array, kind)."""
    entries, blobs, offset = [], [], 0
    for name, arr, kind in tensors:
        a = np.ascontiguousarray(arr, dtype="<f4")
        entries.append({"name": name, "shape": list(a.shape), "offset": offset, "kind": kind})
        blobs.append(a.tobytes())
        offset += a.nbytes
    manifest = {"format": "medbeam-tensors", "version": 1, "dtype": "float32", "byte_order": "little",
                "tensors": entries}
    manifest.update(extra)
    with open(path_stem + ".json", "w") as f:
        json.dump(manifest, f, separators=(",", ":"))
    with open(path_stem + ".bin", "wb") as f:
        for b in blobs:
            f.write(b)


def randomise(net, gen):
    """Keep torch's default conv/linear weights, randomise everything that defaults to a constant."""
    with torch.no_grad():
        for name, p in net.named_parameters():
            leaf = name.rsplit(".", 1)[-1]
            if leaf == "bias":
                p.copy_(0.1 * torch.randn(p.shape, generator=gen))
            elif p.dim() == 1 and leaf == "weight" and "adn.A" not in name and ".act" not in name:
                p.copy_(1.0 + 0.2 * torch.randn(p.shape, generator=gen))  # norm gamma
            elif p.dim() == 1 and leaf == "weight":
                p.copy_(0.25 + 0.05 * torch.randn(p.shape, generator=gen))  # PReLU
            elif p.dim() >= 2:
                p.copy_(torch.empty(p.shape).uniform_(-1, 1, generator=gen) * p.abs().max().clamp(min=1e-3))
        for name, b in net.named_buffers():
            if name.endswith("running_mean"):
                b.copy_(0.1 * torch.randn(b.shape, generator=gen))
            elif name.endswith("running_var"):
                b.copy_(torch.empty(b.shape).uniform_(0.5, 1.5, generator=gen))


def main():
    structures = []
    for target, args in STRUCTURES:
        net = build(target, args)
        structures.append({
            "target": target,
            "args": args,
            "trainable": int(sum(p.numel() for p in net.parameters())),
            "parameters": [[n, list(p.shape)] for n, p in net.named_parameters()],
            "buffers": [[n, list(b.shape)] for n, b in net.named_buffers() if b.is_floating_point()],
        })
    with open("structures.json", "w") as f:  # one case per line
        f.write('{"monai": "1.4.0", "torch": "%s", "cases": [\n' % torch.__version__)
        f.write(",\n".join(json.dumps(c, separators=(",", ":")) for c in structures))
        f.write("\n]}\n")

    for i, (case, target, args, in_shape) in enumerate(FORWARD):
        gen = torch.Generator().manual_seed(1000 + i)
        torch.manual_seed(2000 + i)
        net = build(target, args)
        randomise(net, gen)
        weights = [(n, p.detach().numpy(), "parameter") for n, p in net.named_parameters()]
        weights += [(n, b.numpy(), "buffer") for n, b in net.named_buffers() if b.is_floating_point()]
        write_bundle(case + ".weights", weights, {"target": target, "args": args})

        x = torch.randn(in_shape, generator=gen)
        net.eval()
        with torch.no_grad():
            eval_out = net(x)
        net.train()
        train_out = net(x)
        r = torch.randn(train_out.shape, generator=gen)
        (train_out * r).sum().backward()
        io_tensors = [("input", x.numpy(), "data"), ("eval_out", eval_out.numpy(), "data"),
                      ("train_out", train_out.detach().numpy(), "data"), ("r", r.numpy(), "data")]
        io_tensors += [("grad:" + n, p.grad.numpy(), "gradient") for n, p in net.named_parameters()]
        write_bundle(case + ".io", io_tensors, {"target": target, "args": args})
        print(case, tuple(eval_out.shape), tuple(train_out.shape))


if __name__ == "__main__":
    main()
