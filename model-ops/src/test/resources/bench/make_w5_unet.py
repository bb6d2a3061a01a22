"""W5 benchmark model (BENCHMARKS.md) and the MONAI reference timing on this machine.

    PYTHONPATH=/work/monai-src /usr/bin/python3 make_w5_unet.py OUT_DIR            # writes the model
    PYTHONPATH=/work/monai-src /usr/bin/python3 make_w5_unet.py OUT_DIR --time     # + times MONAI

Writes OUT_DIR/unet_w5.pt: MONAI's UNet(spatial_dims=3, in_channels=1, out_channels=2,
channels=(16, 32, 64, 128, 256), strides=(2, 2, 2, 2), num_res_units=2) in eval mode,
torch.jit.script'ed (weights from torch.manual_seed(0); a few MB: never commit it).

With --time: MONAI's sliding_window_inference on that model, input 1x1x192x192x128 (seeded),
roi 96^3, sw_batch_size 4, overlap 0.25 gaussian and 0.5 constant, torch.set_num_threads(2),
median of --runs timed runs after one warm-up (wall and process CPU seconds); also one forward
pass of a 4x1x96x96x96 batch. Prints one JSON object per line. Note: Debian's torch here is 1.13; medbeam runs the same file on
DJL's PyTorch 2.7.1, so engine speed differs between the two.
"""

import argparse
import json
import os
import statistics
import time

import torch

from monai.inferers import sliding_window_inference
from monai.networks.nets import UNet


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out_dir")
    ap.add_argument("--time", action="store_true")
    ap.add_argument("--runs", type=int, default=5)
    a = ap.parse_args()
    os.makedirs(a.out_dir, exist_ok=True)
    torch.manual_seed(0)
    net = UNet(spatial_dims=3, in_channels=1, out_channels=2, channels=(16, 32, 64, 128, 256),
               strides=(2, 2, 2, 2), num_res_units=2).eval()
    path = os.path.join(a.out_dir, "unet_w5.pt")
    torch.jit.script(net).save(path)
    print(json.dumps({"model": path, "bytes": os.path.getsize(path), "torch": torch.__version__}))
    if not a.time:
        return
    torch.set_num_threads(2)
    model = torch.jit.load(path).eval()
    g = torch.Generator().manual_seed(5)
    x = torch.rand((1, 1, 192, 192, 128), generator=g)
    batch = torch.rand((4, 1, 96, 96, 96), generator=g)

    def timed(fn):
        with torch.no_grad():
            fn()  # warm-up
            ts, cs = [], []
            for _ in range(a.runs):
                c0 = time.process_time()
                t0 = time.perf_counter()
                fn()
                ts.append(time.perf_counter() - t0)
                cs.append(time.process_time() - c0)
        return statistics.median(ts), ts, statistics.median(cs)

    for name, kw in [("overlap0.25_gaussian", dict(overlap=0.25, mode="gaussian")),
                     ("overlap0.5_constant", dict(overlap=0.5, mode="constant"))]:
        med, ts, cpu = timed(lambda: sliding_window_inference(x, (96, 96, 96), 4, model, **kw))
        print(json.dumps({"monai": name, "median_s": round(med, 3),
                          "runs_s": [round(t, 3) for t in ts], "cpu_s": round(cpu, 3)}))
    med, ts, cpu = timed(lambda: model(batch))
    print(json.dumps({"monai": "forward_4x96^3", "median_s": round(med, 3),
                      "runs_s": [round(t, 3) for t in ts], "cpu_s": round(cpu, 3)}))


if __name__ == "__main__":
    main()
