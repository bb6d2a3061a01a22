#!/usr/bin/python3
"""A hand-built TorchScript segmentation model for medbeam's inference-pipeline tests.

Run with Debian's python3 (python3-torch 1.13):  /usr/bin/python3 make_infer_model.py
Writes threshold_net.pt next to this script.

Input (B, 1, X, Y, Z): CT scaled to [0, 1] by ScaleIntensityRange(-200, 250, 0, 1) — tissue
~0.53, "organ" ~0.64, "lesion" ~0.40, air 0. The net smooths with a 3x3x3 mean, builds ReLU
ramps at the intensity band edges and outputs 3 logits (background, organ, lesion), so that
argmax labels the synthetic organs. No training: the weights are set by hand, so the expected
masks follow from the formula.
"""
import os

import torch
import torch.nn as nn


class ThresholdNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.smooth = nn.Conv3d(1, 1, 3, padding=1, bias=False)
        self.ramps = nn.Conv3d(1, 4, 1)
        self.logits = nn.Conv3d(4, 3, 1)
        with torch.no_grad():
            self.smooth.weight.fill_(1.0 / 27)
            # ramps: relu(s - t) at t = 0.35, 0.47, 0.57, 0.70 (scaled by 20)
            self.ramps.weight.copy_(torch.full((4, 1, 1, 1, 1), 20.0))
            self.ramps.bias.copy_(torch.tensor([-7.0, -9.4, -11.4, -14.0]))
            # lesion band 0.35..0.47, organ above ~0.595, background elsewhere
            w = torch.tensor([
                [0.0, 0.0, 0.0, 0.0],      # background: constant 0
                [0.0, 0.0, 1.0, 0.0],      # organ: rises above 0.59
                [1.0, -2.0, 0.0, 0.0],     # lesion: up above 0.35, down above 0.47
            ])
            self.logits.weight.copy_(w.view(3, 4, 1, 1, 1))
            self.logits.bias.copy_(torch.tensor([0.5, 0.0, 0.0]))

    def forward(self, x):
        return self.logits(torch.relu(self.ramps(self.smooth(x))))


torch.manual_seed(0)
net = ThresholdNet().eval()
scripted = torch.jit.script(net)
scripted.save(os.path.join(os.path.dirname(os.path.abspath(__file__)), "threshold_net.pt"))
