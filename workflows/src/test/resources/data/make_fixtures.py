#!/usr/bin/python3
"""Expected values for medbeam's dataset utilities, from real MONAI 1.4.0.

Run from this folder:  PYTHONPATH=/work/monai-src /usr/bin/python3 make_fixtures.py
Writes datasets.json next to this script:

* partition_dataset(data, ratios / num_partitions, shuffle, seed, drop_last, even_divisible)
* partition_dataset_classes(data, classes, ...)
* CrossValidation folds: partition_dataset(num_partitions=nfolds, shuffle=True, seed) then
  select_cross_validation_folds (training = the other folds, validation = the fold)
* SmartCacheDataset(data, cache_num, replace_rate, shuffle, seed): the cache content of each
  epoch with update_cache() between epochs (what SmartCacheHandler does)
"""
import json
import os

from monai.data import SmartCacheDataset
from monai.data.utils import (partition_dataset, partition_dataset_classes,
                              select_cross_validation_folds)

out = {"partition": [], "partition_classes": [], "kfold": [], "smartcache": []}

data = list(range(23))
for args in [
    dict(ratios=[0.8, 0.2], shuffle=False),
    dict(ratios=[8, 1, 1], shuffle=True, seed=0),
    dict(ratios=[0.6, 0.2, 0.2], shuffle=True, seed=12345),
    dict(num_partitions=4, shuffle=False),
    dict(num_partitions=4, shuffle=True, seed=7),
    dict(num_partitions=5, shuffle=True, seed=1, even_divisible=True),
    dict(num_partitions=5, shuffle=True, seed=1, even_divisible=True, drop_last=True),
    dict(num_partitions=3, shuffle=False, even_divisible=True, drop_last=False),
]:
    out["partition"].append({"n": len(data), "args": args,
                             "result": partition_dataset(data, **args)})

classes = [2, 0, 2, 1, 3, 2, 2, 0, 2, 0, 3, 3, 1, 3, 0, 1, 2, 2, 1, 0]
cdata = list(range(len(classes)))
for args in [
    dict(ratios=[2, 1], shuffle=False),
    dict(ratios=[0.8, 0.2], shuffle=True, seed=42),
    dict(num_partitions=2, shuffle=True, seed=3),
]:
    out["partition_classes"].append({"classes": classes, "args": args,
                                     "result": partition_dataset_classes(cdata, classes, **args)})

for n, nfolds, seed in [(23, 5, 0), (10, 3, 12345)]:
    parts = partition_dataset(list(range(n)), num_partitions=nfolds, shuffle=True, seed=seed)
    folds = []
    for f in range(nfolds):
        folds.append({
            "training": select_cross_validation_folds(parts, [i for i in range(nfolds) if i != f]),
            "validation": select_cross_validation_folds(parts, f),
        })
    out["kfold"].append({"n": n, "nfolds": nfolds, "seed": seed, "folds": folds})

for n, cache_num, rate, shuffle, seed in [(5, 4, 0.25, False, 0), (11, 4, 0.5, True, 3),
                                          (9, 6, 0.2, True, 0)]:
    ds = SmartCacheDataset(data=[{"i": i} for i in range(n)], transform=None, cache_num=cache_num,
                           replace_rate=rate, shuffle=shuffle, seed=seed, progress=False)
    ds.start()
    epochs = []
    for e in range(6):
        epochs.append([ds[k]["i"] for k in range(len(ds))])
        ds.update_cache()
    ds.shutdown()
    out["smartcache"].append({"n": n, "cache_num": cache_num, "replace_rate": rate,
                              "shuffle": shuffle, "seed": seed, "epochs": epochs})

with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "datasets.json"), "w") as f:
    json.dump(out, f, indent=1)
