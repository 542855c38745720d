"""Chapter 06's sentences: how the intervals compare, which model ranks better, and why each
threshold chosen on validation landed where it did."""

from __future__ import annotations

import pandas as pd


def width_verdicts(ratio: pd.Series) -> str:
    """For each metric (``ratio``: group interval width over image interval width, by metric),
    whether the group interval is wider, about as wide (within 10%) or narrower."""
    verdicts = {"wider": ratio[ratio > 1.1], "about as wide": ratio[ratio.between(0.9, 1.1)],
                "narrower": ratio[ratio < 0.9]}
    said = [f"{how} for {', '.join(part.index)}" for how, part in verdicts.items() if len(part)]
    if not said:  # every image interval had width 0: no ratio to read
        return ("Group interval against image interval, in this run: no metric to compare, "
                "every image interval has width 0.")
    return "Group interval against image interval, in this run: " + "; ".join(said) + "."


def ranking_verdict(diff: float, low: float, high: float) -> str:
    """Model 2 minus Model 1 in test ROC-AUC with its paired interval, and which model ranks
    fakes above real faces better (neither, when the interval holds 0)."""
    ranked = ("Model 2 ranks fakes above real faces better" if low > 0 else
              "Model 1 ranks fakes above real faces better" if high < 0 else
              "this test split cannot rank the two models")
    return (f"Model 2 minus Model 1 in test ROC-AUC: {diff:+.3f}, 95% interval "
            f"{low:+.3f} to {high:+.3f} over resampled groups: {ranked}.")


def threshold_reading(model: str, val_recall: float, threshold: float, test_recall: float,
                      target: float) -> str:
    """Why the threshold chosen on validation for ``target`` recall moved away from 0.5
    (validation recall at 0.5 above or below the target), and what it caught on test."""
    moved = ("already reached the target, so the rule raised the threshold (more "
             "precision, same target)" if threshold > 0.5 else
             "fell short of the target, so the rule lowered the threshold"
             if threshold < 0.5 else "met the target, so the rule kept the threshold")
    far = (" Only the ranking of the scores matters to this rule, so a threshold this far "
           "from 0.5 is no error; whether the scores read as probabilities is chapter 11's "
           "question." if not 0.1 <= threshold <= 0.9 else "")
    where = "at" if threshold == 0.5 else "to"
    return (f"{model}: at 0.5 its validation recall, {val_recall:.3f}, {moved} "
            f"{where} {threshold:.3f}; on test that threshold caught "
            f"{test_recall:.3f} of the fakes (target {target}).{far}")


def balanced_accuracy_leader(at_val: dict[str, float]) -> str:
    """Which model has the higher test balanced accuracy at the thresholds chosen on
    validation (``at_val``: model name to balanced accuracy); a tie at 3 decimals is said."""
    shown = " against ".join(f"{v:.3f}" for v in at_val.values())
    if len({f"{v:.3f}" for v in at_val.values()}) == 1:
        lead = f"{' and '.join(at_val)} have the same balanced accuracy on test"
        return (f"At the thresholds chosen on validation, {lead} ({shown}, to 3 decimals): "
                "one split and no interval, so read it with the paired ROC-AUC interval "
                "above.")
    ahead = max(at_val, key=at_val.get)
    return (f"At the thresholds chosen on validation, {ahead} has the higher balanced "
            f"accuracy on test ({shown}, {' and '.join(at_val)}): one split and no "
            "interval, so read it with the paired ROC-AUC interval above.")
