"""The chapter-08 channel ablation on a real dataset folder (e.g. the DFDC sample), group-aware split.

Usage: python benchmarks/ablation_real.py --data ../shared/data/dfdc-faces [--n 2000] [--size 64]
       [--epochs 10] [--models cnn resnet] [--seeds 0 1 2] [--csv runs.csv] [--in-memory]
       python benchmarks/ablation_real.py --merge part1.csv part2.csv ...   (runs split over processes)
Prints the per-run table and the mean and standard deviation over seeds, and ends with
``fusion_verdict_<model>: helps|hurts|no evidence`` (stack vs RGB, ROC-AUC: the 95% t interval of
the per-seed paired differences).
``--in-memory`` computes the stack once for the whole sample (ablation.stack_cache) instead of every epoch.
"""

from __future__ import annotations

import argparse
import os
import time

import pandas as pd

from dfkit import config
from dfkit.data import dataset as data
from dfkit.evaluation import ablation
from dfkit.evaluation.ablation import fusion_verdict


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", default=None, help="the dataset folder (required unless --merge)")
    parser.add_argument("--n", type=int, default=2000)
    parser.add_argument("--size", type=int, default=64)
    parser.add_argument("--epochs", type=int, default=10)
    parser.add_argument("--models", nargs="+", default=["cnn", "resnet"])
    parser.add_argument("--seeds", nargs="+", type=int, default=[0, 1, 2])
    parser.add_argument("--csv", default=None)
    parser.add_argument("--in-memory", action="store_true", help="compute the stack once (ablation.stack_cache)")
    parser.add_argument("--inputs", nargs="+", default=None, choices=list(ablation.CHANNEL_SETS),
                        help="input sets to run, in this order (default: all)")
    parser.add_argument("--merge", nargs="+", default=None, help="only merge these run CSVs and report")
    args = parser.parse_args()
    if args.merge:
        report_runs(pd.concat([pd.read_csv(f) for f in args.merge], ignore_index=True))
        return
    if not args.data:
        parser.error("--data is required (a dataset folder with real/ and deepfake/)")
    profile = config.get_profile("laptop", n_images=args.n, image_size=args.size, epochs=args.epochs)
    manifest, report = data.scan(args.data, verbose=False)
    subset = data.balanced_subset(manifest, args.n, seed=profile.seed)
    splits = data.make_splits(subset, "group", test=profile.test_fraction, val=profile.val_fraction, seed=profile.seed)
    print(report.summary(limit=3))
    print(splits.table().to_string())
    start = time.perf_counter()
    everything = pd.concat([splits.train, splits.val, splits.test])
    cache = ablation.stack_cache(everything, args.size) if args.in_memory else None
    # one run at a time, the RGB-vs-stack pair first, each row saved as soon as it exists:
    # a run cut short by a time limit still leaves every finished run on disk
    ends = ("rgb", "stack (all 6)")
    order = args.inputs or [*ends, *(k for k in ablation.CHANNEL_SETS if k not in ends)]
    rows = []
    for seed in args.seeds:
        for name in order:
            for model in args.models:
                rows.append(ablation.run_ablation(splits, profile, kinds=(model,), seeds=(seed,), cache=cache,
                                                  channel_sets={name: ablation.CHANNEL_SETS[name]}))
                if args.csv:
                    pd.concat(rows).to_csv(args.csv, index=False)
    runs = pd.concat(rows, ignore_index=True)
    print(f"cores: {os.cpu_count()}, {len(runs)} runs in {time.perf_counter() - start:.0f} s "
          f"({args.n} images at {args.size}x{args.size}, up to {args.epochs} epochs, early stopping on val AUC)")
    report_runs(runs)


def report_runs(runs: pd.DataFrame) -> None:
    print(runs.round(3).to_string(index=False))
    print(ablation.summarise(runs).to_string())
    for model in runs["model"].unique():
        print(f"fusion_verdict_{model}: {fusion_verdict(runs, model)}")


if __name__ == "__main__":
    main()
