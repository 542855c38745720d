"""Chapter 06's sentences: how the intervals compare, which model ranks better, how our models
differ from the paper's, and why each threshold chosen on validation landed where it did."""

from __future__ import annotations

import pandas as pd

LABELS = {"accuracy": "accuracy", "precision": "precision", "recall": "recall",
          "specificity": "specificity", "f1": "F1", "balanced_accuracy": "balanced accuracy",
          "roc_auc": "ROC-AUC", "pr_auc": "PR-AUC"}


def label(metric: str) -> str:
    """A metric's name as prose says it (``"balanced_accuracy"`` -> ``"balanced accuracy"``)."""
    return LABELS.get(metric, metric.replace("_", " "))


def width_verdicts(ratio: pd.Series) -> str:
    """For each metric (``ratio``: group interval width over image interval width, by metric),
    whether the group interval is wider, about as wide (within 10%) or narrower, each with its
    ratio (3 decimals, as the chapter's width table); ratios within 0.03 of the 10% lines are
    named, as a verdict another run could flip."""
    verdicts = {"wider": ratio[ratio > 1.1], "about as wide": ratio[ratio.between(0.9, 1.1)],
                "narrower": ratio[ratio < 0.9]}
    said = [f"{how} for " + ", ".join(f"{label(m)} (×{r:.3f})" for m, r in part.items())
            for how, part in verdicts.items() if len(part)]
    if not said:  # every image interval had width 0: no ratio to read
        return ("Group interval against image interval, in this run: no metric to compare, "
                "every image interval has width 0.")
    near = ", ".join(label(m) for m, r in ratio.items()
                     if min(abs(r - 1.1), abs(r - 0.9)) < 0.03)
    many = "," in near
    edge = (f" {near[:1].upper()}{near[1:]} {'lie' if many else 'lies'} within 0.03 of a "
            f"10% line: another seed or test split could put {'them' if many else 'it'} on "
            "the other side." if near else "")
    return ("Group interval against image interval (width ratio), in this run: "
            + "; ".join(said) + "." + edge)


def groups_note(n_groups: int) -> str:
    """How far to trust a cluster bootstrap over ``n_groups`` groups (about 30 is the usual
    least)."""
    if n_groups < 30:
        return (f"This test split holds only {n_groups} groups: fewer than the about 30 a "
                "cluster bootstrap needs (few distinct resamples), so read both widths below "
                "as rough.")
    if n_groups < 60:
        where = "just at" if n_groups < 35 else "not far above"
        return (f"This test split holds {n_groups} groups, {where} the about 30 that a "
                "cluster bootstrap needs as a rule of thumb: read its widths to a few "
                "hundredths, not to the last decimal.")
    return (f"This test split holds {n_groups} groups, enough for the cluster bootstrap to "
            "give a usable interval.")


def balanced_test_note(n_real: int, n_fake: int, groups_balanced: bool) -> str:
    """Why accuracy and balanced accuracy agree (or not) on the test split, and why their image
    intervals can still differ: an image resample draws the two classes unequally."""
    if n_real != n_fake:
        return (f"The test split holds {n_real} real faces and {n_fake} fakes, so accuracy "
                "and balanced accuracy differ: accuracy weighs the larger class more.")
    intervals = ("Their group intervals agree too: every group holds as many real faces as "
                 "fakes, so a resample of whole groups stays balanced" if groups_balanced
                 else "Their group intervals need not agree: the groups hold the two classes "
                 "unequally, so a resample of groups is no longer balanced")
    return (f"Accuracy and balanced accuracy have the same value here: the test split holds "
            f"as many real faces as fakes ({n_real} each), and then the two are equal by "
            f"arithmetic. {intervals}. Their image intervals can differ: a resample of images "
            "draws more of one class than the other, and there the two come apart. Balanced "
            "accuracy earns its place on unbalanced sets, such as the paper's 749 real "
            "faces and 1,000 fakes (its Figs 13–14).")


def collapse_reading(at_half: dict[str, dict]) -> str:
    """Whether a model (name to its metric summary at 0.5) gave (nearly) every test face the
    same class: recall or specificity at most 0.01."""
    collapsed = [name for name, s in at_half.items()
                 if min(s["recall"], s["specificity"]) <= 0.01]
    if collapsed:
        return (f"In this run {' and '.join(collapsed)} gave (nearly) every test face the "
                "same class at the 0.5 threshold: recall or specificity near 0.")
    lowest = min(min(s["recall"], s["specificity"]) for s in at_half.values())
    return ("In this run no model gave every test face the same class at 0.5: the lowest "
            f"recall or specificity in the table is {lowest:.3f}.")


def paper_contrast(cnn: dict, resnet: dict) -> str:
    """How Model 2 (the ResNet-style model) differs from Model 1 at 0.5 in this run (``cnn``,
    ``resnet``: metric summaries), against the paper's trade: more recall, less specificity."""
    def higher(metric: str) -> int:  # +1 Model 2 higher, -1 lower, 0 equal to 3 decimals
        a, b = round(cnn[metric], 3), round(resnet[metric], 3)
        return (b > a) - (b < a)

    pair = (higher("recall"), higher("specificity"))
    how = {(1, -1): "makes the same trade",
           (-1, 1): "does the reverse, giving up recall for specificity",
           }.get(pair, "makes no trade: it is as good or better on both"
                 if min(pair) >= 0 else "makes no trade: it is as good or worse on both")
    auc = ("higher" if higher("roc_auc") > 0 else "lower" if higher("roc_auc") < 0
           else "the same")
    return (f"The paper's ResNet-style model bought recall with specificity (Table I above). "
            f"In this run our Model 2 at 0.5 {how}: recall {resnet['recall']:.3f} against "
            f"Model 1's {cnn['recall']:.3f}, specificity {resnet['specificity']:.3f} against "
            f"{cnn['specificity']:.3f}, precision {resnet['precision']:.3f} against "
            f"{cnn['precision']:.3f}. Its ROC-AUC, which no threshold decides, is {auc} "
            f"({resnet['roc_auc']:.3f} against {cnn['roc_auc']:.3f}): where one threshold "
            "lands says little about how well the scores rank fakes above real faces.")


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
    validation (``at_val``: model name to balanced accuracy), the leader's number first; a tie
    at 3 decimals is said."""
    caveat = ("one split and no interval, so read it with the paired ROC-AUC interval "
              "above.")
    if len({f"{v:.3f}" for v in at_val.values()}) == 1:
        shown = " against ".join(f"{v:.3f}" for v in at_val.values())
        lead = f"{' and '.join(at_val)} have the same balanced accuracy on test"
        return (f"At the thresholds chosen on validation, {lead} ({shown}, to 3 decimals): "
                + caveat)
    ahead = max(at_val, key=at_val.get)
    others = ", ".join(f"{v:.3f} for {k}" for k, v in at_val.items() if k != ahead)
    return (f"At the thresholds chosen on validation, {ahead} has the higher balanced "
            f"accuracy on test ({at_val[ahead]:.3f} against {others}): " + caveat)


def same_rows_note(intervals: pd.DataFrame) -> str:
    """Where a model's ROC-AUC and PR-AUC rows agree at 3 decimals (value, low and high), say so
    with 4 decimals, so that the coincidence is not read as a copying error; "" otherwise.
    ``intervals``: one column group per model with value, low, high; rows by metric."""
    said = []
    for model in dict.fromkeys(intervals.columns.get_level_values(0)):
        if "low" not in intervals[model]:
            continue
        rows = intervals[model].loc[["roc_auc", "pr_auc"], ["value", "low", "high"]]
        if (rows.round(3).iloc[0] == rows.round(3).iloc[1]).all():
            roc, pr = (f"{r['value']:.4f} [{r['low']:.4f}, {r['high']:.4f}]"
                       for _, r in rows.iterrows())
            said.append(f"{model}'s ROC-AUC and PR-AUC rows agree to 3 decimals in this run, "
                        f"by coincidence: they are different measures, computed apart "
                        f"(to 4 decimals {roc} and {pr}).")
    return " ".join(said)
