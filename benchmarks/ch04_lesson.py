"""Chapter 04's experiment outside the notebook: does its lesson show at a profile, seed by seed?

Trains Model 2 on the 6-channel stack from the chapter's three seeds with each stop rule (the
paper's ``val_recall > 0.98`` and early stopping on ``val_auc``, patience 3), exactly as the
chapter's long cell does, and writes one row per run to a CSV (``--out``). The default profile's
record is ``dfkit/records/ch04_rules_laptop.csv``: chapter 04 shows it, and tests/test_ch04_lesson.py
checks the chapter's fixed text against it.
Inputs are held in memory (``training.input_cache``: the same batches as streaming, bit for bit).

    python benchmarks/ch04_lesson.py --profile laptop --out dfkit/records/ch04_rules_laptop.csv
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import pandas as pd

from dfkit import config, course, training
from dfkit.models import paper

RULES = ("paper's rule", "early stopping on val_auc")


def run(profile: config.Profile, momentum: float, seeds: list[int]) -> pd.DataFrame:
    """One row per (rule, seed): epochs trained, whether the rule fired, the epochs at chance on
    validation, and the test metrics at 0.5, as chapter 04's results table."""
    data = course.prepare(profile, verbose=False)
    cache = training.input_cache([data.train, data.val, data.test], profile, "stack")
    val = training.batches(data.val, profile, "stack", cache=cache)
    test = training.batches(data.test, profile, "stack", cache=cache)
    rows = []
    for rule in RULES:
        for seed in seeds:
            start = time.perf_counter()
            model = paper.build_resnet(input_shape=training.input_shape(profile, "stack"),
                                       seed=seed, bn_momentum=momentum)
            train = training.batches(data.train, profile, "stack", shuffle=True, cache=cache)
            stop = (training.RecallThresholdStop(0.98) if rule == RULES[0]
                    else training.early_stopping("val_auc", patience=3))
            history = training.fit(model, train, val, epochs=profile.epochs, callbacks=[stop],
                                   verbose=0)
            result = training.evaluate(model, test)
            rows.append({"profile": profile.name, "bn_momentum": momentum, "rule": rule,
                         "seed": seed, "epochs": len(history),
                         "fired": rule == RULES[0] and stop.stopped_epoch is not None,
                         "val_epochs_at_chance": int((history["val_accuracy"] - 0.5).abs()
                                                     .lt(0.02).sum()),
                         "best_val_accuracy": history["val_accuracy"].max(),
                         **{k: result[k] for k in ("recall", "specificity",
                                                   "balanced_accuracy", "roc_auc")},
                         "seconds": round(time.perf_counter() - start, 1)})
            print(pd.DataFrame(rows[-1:]).round(3).to_string(index=False, header=len(rows) == 1),
                  flush=True)
    return pd.DataFrame(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--profile", default="laptop")
    parser.add_argument("--bn-momentum", type=float, default=paper.BN_MOMENTUM)
    parser.add_argument("--seeds", type=int, nargs="+", default=None,
                        help="default: the chapter's, the profile's seed and the next two")
    parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args()
    profile = config.get_profile(args.profile)
    seeds = args.seeds or [profile.seed + i for i in range(3)]
    table = run(profile, args.bn_momentum, seeds)
    means = table.groupby("rule", sort=False)[["recall", "specificity", "balanced_accuracy",
                                               "roc_auc"]].mean()
    print("\nmeans over seeds\n" + means.round(3).to_string())
    if args.out:
        table.round(4).to_csv(args.out, index=False)
        print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
