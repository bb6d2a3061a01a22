"""Expected optimizer, schedule, parameter-group and LR-finder values from real MONAI 1.4.0
(Debian's torch 1.13).

    PYTHONPATH=/work/monai-src /usr/bin/python3 make_fixtures.py

Writes optimizers.json:
  novograd      5 steps of monai.optimizers.Novograd on a tiny least-squares problem
                (y = x W^T + b, loss MSE) per argument set: initial W, b, data, and W, b after
                every step.
  schedules     learning rates of two parameter groups (base 0.1 and 0.01) for 30 steps under
                WarmupCosineSchedule, torch PolynomialLR and MONAI's LinearLR / ExponentialLR
                (the lr used by each optimizer.step(), i.e. read before scheduler.step()).
  param_groups  monai.optimizers.generate_param_groups on a small UNet: parameter names of
                every group, in order, and the groups' lr.
  lr_finder     monai.optimizers.LearningRateFinder.range_test with SGD on the same
                least-squares problem: history (lr, smoothed loss) and get_steepest_gradient.
"""

import json

import numpy as np
import torch

from monai.networks.nets import UNet
from monai.optimizers import ExponentialLR, LearningRateFinder, LinearLR, Novograd, WarmupCosineSchedule
from monai.optimizers import generate_param_groups

torch.set_num_threads(1)
gen = torch.Generator().manual_seed(5)
X = torch.randn((8, 3), generator=gen)
Y = torch.randn((8, 2), generator=gen)
W0 = torch.randn((2, 3), generator=gen) * 0.5
B0 = torch.randn((2,), generator=gen) * 0.1


def flat(t):
    return [float(v) for v in t.detach().reshape(-1).tolist()]


def novograd_cases():
    cases = []
    for args in [{}, {"lr": 0.05, "betas": [0.8, 0.9]}, {"lr": 0.01, "weight_decay": 0.1},
                 {"lr": 0.02, "grad_averaging": True}, {"lr": 0.03, "amsgrad": True, "eps": 1e-6},
                 {"lr": 0.02, "betas": [0.95, 0.5], "weight_decay": 0.01, "grad_averaging": True,
                  "amsgrad": True}]:
        kw = dict(args)
        if "betas" in kw:
            kw["betas"] = tuple(kw["betas"])
        lin = torch.nn.Linear(3, 2)
        with torch.no_grad():
            lin.weight.copy_(W0)
            lin.bias.copy_(B0)
        opt = Novograd(lin.parameters(), **kw)
        steps = []
        for _ in range(5):
            opt.zero_grad()
            loss = torch.nn.functional.mse_loss(lin(X), Y)
            loss.backward()
            opt.step()
            steps.append({"loss": float(loss), "weight": flat(lin.weight), "bias": flat(lin.bias)})
        cases.append({"args": args, "steps": steps})
    return cases


def schedule_cases():
    cases = []
    specs = [
        ("WarmupCosineSchedule", {"warmup_steps": 5, "t_total": 30}),
        ("WarmupCosineSchedule", {"warmup_steps": 8, "t_total": 25, "end_lr": 0.005, "cycles": 0.5,
                                  "warmup_multiplier": 0.1}),
        ("WarmupCosineSchedule", {"warmup_steps": 0, "t_total": 20, "cycles": 1.5}),
        ("WarmupCosineSchedule", {"warmup_steps": 40, "t_total": 20}),
        ("PolynomialLR", {"total_iters": 20, "power": 0.9}),
        ("PolynomialLR", {"total_iters": 10, "power": 2.0}),
        ("LinearLR", {"end_lr": 1.0, "num_iter": 25}),
        ("ExponentialLR", {"end_lr": 10.0, "num_iter": 25}),
    ]
    for name, args in specs:
        p1, p2 = torch.nn.Parameter(torch.zeros(1)), torch.nn.Parameter(torch.zeros(1))
        opt = torch.optim.SGD([{"params": [p1], "lr": 0.1}, {"params": [p2], "lr": 0.01}], lr=0.1)
        if name == "WarmupCosineSchedule":
            sched = WarmupCosineSchedule(opt, **args)
        elif name == "PolynomialLR":
            sched = torch.optim.lr_scheduler.PolynomialLR(opt, **args)
        elif name == "LinearLR":
            sched = LinearLR(opt, **args)
        else:
            sched = ExponentialLR(opt, **args)
        lrs = []
        for _ in range(30):
            lrs.append([g["lr"] for g in opt.param_groups])
            opt.step()
            sched.step()
        cases.append({"schedule": name, "args": args, "base_lrs": [0.1, 0.01], "lrs": lrs})
    return cases


def param_group_case():
    net = UNet(spatial_dims=2, in_channels=1, out_channels=2, channels=(4, 8, 16), strides=(2, 2), num_res_units=1)
    names = {id(p): n for n, p in net.named_parameters()}
    groups = generate_param_groups(
        network=net,
        layer_matches=[lambda x: x.model[0], lambda x: "2.0.conv" in x[0]],
        match_types=["select", "filter"],
        lr_values=[1e-2, 1e-3],
    )
    out = []
    for g in groups:
        out.append({"lr": g.get("lr"), "names": [names[id(p)] for p in g["params"]]})
    return {"network": {"spatial_dims": 2, "in_channels": 1, "out_channels": 2, "channels": [4, 8, 16],
                        "strides": [2, 2], "num_res_units": 1},
            "select": "model.0", "filter_contains": "2.0.conv", "lr_values": [1e-2, 1e-3], "groups": out}


def lr_finder_cases():
    cases = []
    for args in [{"start_lr": 1e-4, "end_lr": 10.0, "num_iter": 30, "step_mode": "exp"},
                 {"start_lr": 1e-3, "end_lr": 0.5, "num_iter": 15, "step_mode": "linear", "smooth_f": 0.0},
                 {"start_lr": 1e-4, "end_lr": 1.0, "num_iter": 12, "step_mode": "exp", "smooth_f": 0.2,
                  "diverge_th": 2}]:
        lin = torch.nn.Linear(3, 2)
        with torch.no_grad():
            lin.weight.copy_(W0)
            lin.bias.copy_(B0)
        opt = torch.optim.SGD(lin.parameters(), lr=1.0)
        loader = torch.utils.data.DataLoader(torch.utils.data.TensorDataset(X, Y), batch_size=4, shuffle=False)
        finder = LearningRateFinder(lin, opt, torch.nn.MSELoss(), device="cpu", verbose=False)
        finder.range_test(loader, **args)
        lr, loss = finder.get_steepest_gradient(skip_start=2, skip_end=1)
        cases.append({"args": args, "lr": finder.history["lr"], "loss": [float(v) for v in finder.history["loss"]],
                      "steepest_lr": lr, "steepest_loss": float(loss),
                      "weight_after": flat(lin.weight), "bias_after": flat(lin.bias)})
    return cases


def main():
    out = {"monai": "1.4.0", "torch": torch.__version__, "x": flat(X), "y": flat(Y), "w0": flat(W0), "b0": flat(B0),
           "novograd": novograd_cases(), "schedules": schedule_cases(), "param_groups": param_group_case(),
           "lr_finder": lr_finder_cases()}
    with open("optimizers.json", "w") as f:
        json.dump(out, f, indent=1)
    # numpy's gradient on a fixed sequence, for the steepest-gradient unit test
    print(np.gradient(np.array([3.0, 2.5, 1.0, 0.8, 0.9, 2.0])).tolist())


if __name__ == "__main__":
    main()
