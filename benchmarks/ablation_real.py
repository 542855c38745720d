"""The chapter-08 channel ablation on a real dataset folder (e.g. the DFDC sample), group-aware split.

Usage: python benchmarks/ablation_real.py --data ../shared/data/dfdc-faces [--n 2000] [--size 64]
       [--epochs 10] [--models cnn resnet] [--seeds 0 1 2] [--csv runs.csv]
Prints the per-run table and the mean and standard deviation over seeds, and ends with
``fusion_verdict_<model>: helps|hurts|no evidence`` (stack vs RGB, ROC-AUC, gap against 2 std).
"""

from __future__ import annotations

import argparse
import os
import time

from dfkit import ablation, config, data
from dfkit.exercises.ch08 import fusion_verdict


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", required=True)
    parser.add_argument("--n", type=int, default=2000)
    parser.add_argument("--size", type=int, default=64)
    parser.add_argument("--epochs", type=int, default=10)
    parser.add_argument("--models", nargs="+", default=["cnn", "resnet"])
    parser.add_argument("--seeds", nargs="+", type=int, default=[0, 1, 2])
    parser.add_argument("--csv", default=None)
    args = parser.parse_args()
    profile = config.get_profile("laptop", n_images=args.n, image_size=args.size, epochs=args.epochs)
    manifest, report = data.scan(args.data, verbose=False)
    subset = data.balanced_subset(manifest, args.n, seed=profile.seed)
    splits = data.make_splits(subset, "group", test=profile.test_fraction, val=profile.val_fraction, seed=profile.seed)
    print(report.summary(limit=3))
    print(splits.table().to_string())
    start = time.perf_counter()
    runs = ablation.run_ablation(splits, profile, kinds=tuple(args.models), seeds=tuple(args.seeds))
    if args.csv:
        runs.to_csv(args.csv, index=False)
    print(runs.round(3).to_string(index=False))
    print(ablation.summarise(runs).to_string())
    print(f"cores: {os.cpu_count()}, {len(runs)} runs in {time.perf_counter() - start:.0f} s "
          f"({args.n} images at {args.size}x{args.size}, up to {args.epochs} epochs, early stopping on val AUC)")
    for model in args.models:
        print(f"fusion_verdict_{model}: {fusion_verdict(runs, model)}")


if __name__ == "__main__":
    main()
