"""Chapter 10's readings: what this run's recall, costs and intervals allow one to say.

Each function takes numbers the chapter computed in plain sight and returns the Markdown
sentence the chapter shows with ``report.say``; every branch is tested in
``tests/test_readings_ch10.py``.
"""

from __future__ import annotations

import pandas as pd

from dfkit.course.readings import ch03

#: the cost table's row of the threshold chosen as the cheapest on validation (not on test)
LEAST_COST = "least cost (validation)"


def training_reading(train_auc, val_auc, epochs: int) -> str:
    """What the training history shows: whether early stopping or the profile's ``epochs``
    ended training (chapter 03's reading), and whether validation ROC-AUC sat above training's."""
    train, val = [float(v) for v in train_auc], [float(v) for v in val_auc]
    text = ch03.budget_reading(val, stopped=len(val) < epochs)
    above = sum(v > t for t, v in zip(train, val))
    if not above:
        return text
    which = ("in every epoch" if above == len(val) else
             f"in {above} of its {len(val)} epochs")
    return (text + f" Validation ROC-AUC was above training's {which}, as chapter 03 "
            "explains: dropout switches units off only while training, and the training "
            "figure averages over an epoch in which the network was still worse.")


def recall_steps(test_recall: float, val_recall: float, n_val_fakes: int, step: float,
                 asked: float = 0.95) -> str:
    """Test recall against the recall asked for, and why validation could not hit it exactly
    (recall there moves one validation fake at a time)."""
    exact = abs(val_recall - asked) < 1e-9
    reached = (". Validation holds" if exact
               else f", not exactly `{asked:g}`: validation holds")
    same = f"{test_recall:.3f}" == f"{val_recall:.3f}"
    test = ("Test is another set of faces, though on this run its recall is the same as on "
            "validation." if same else
            "Test is another set of faces, so its recall differs.")
    return (f"Our test recall is {test_recall:.3f} against the `{asked:g}` asked for. The "
            f"threshold was chosen on validation, where it reached {val_recall:.3f}{reached} "
            f"{n_val_fakes} fakes, so recall there moves in steps of {step:.3f} (one fake). "
            f"{test}")


def specificity_shift(test_spec: float, val_spec: float, n_test_real: int, n_val_real: int,
                      test_precision: float, val_precision: float) -> str:
    """The threshold's specificity on test against validation, in real faces flagged, and which
    way the two splits' rates put its precision at 1 fake in 100 (``*_precision``), without
    quoting validation's precision (q1 asks the student to count it)."""
    flagged_test = round((1 - test_spec) * n_test_real)
    flagged_val = round((1 - val_spec) * n_val_real)
    same_spec = f"{test_spec:.3f}" == f"{val_spec:.3f}"
    text = (f"The threshold's specificity {'is the same' if same_spec else 'differs too'}: "
            f"{test_spec:.3f} on test ({flagged_test} of {n_test_real} real faces flagged, a "
            f"share of {1 - test_spec:.3f}) against {val_spec:.3f} on validation "
            f"({flagged_val} of {n_val_real}, a share of {1 - val_spec:.3f}).")
    if f"{test_precision:#.3g}" == f"{val_precision:#.3g}":
        return text + (" At 1 fake in 100 the two splits' rates give the same precision to "
                       "three digits.")
    side = "higher" if test_precision > val_precision else "lower"
    row = f"the table's test row comes out {side} than a count from validation's rates"
    if same_spec:
        return text + f" At 1 fake in 100 {row}: only the recall differs."
    if (test_spec > val_spec) != (test_precision > val_precision):
        return text + (f" At 1 fake in 100 {row} all the same: test's recall moved it more "
                       "than its specificity.")
    share = "smaller" if side == "higher" else "larger"
    most = (", and at that prevalence the false alarms are most of the flags"
            if max(test_precision, val_precision) < 0.5 else "")
    return text + (f" At 1 fake in 100 {row}, because test flagged a {share} share of its "
                   f"real faces{most}.")


def gap_verdict(name: str, gap: float) -> str:
    """One threshold's cost minus flagging nothing's (per 1,000 faces), in words."""
    if abs(gap) < 0.05:  # shown to one decimal: neither "more" nor "less"
        return f"the `{name}` threshold costs the same to one decimal"
    return f"the `{name}` threshold costs {abs(gap):.1f} " + ("more" if gap > 0 else "less")


def costs_against_nothing(cost_nothing: float, gaps: pd.Series, flags_none: bool) -> str:
    """Every threshold's cost against flagging nothing's (``gaps``: cost minus flagging
    nothing's, by row name, with a :data:`LEAST_COST` row), as point values only: whether a gap
    is more than the luck of the split is :func:`cost_gap_reading`'s question."""
    said = [gap_verdict(name, gap) for name, gap in gaps.items()]
    listed = ", ".join(said[:-1]) + " and " + said[-1] if len(said) > 1 else said[0]
    text = (f"Against flagging nothing ({cost_nothing:.1f} per 1,000 faces), on this run "
            f"{listed}.")
    if flags_none:
        text += (" The least-cost threshold flags no test face: on this run it is the choice "
                 "to flag nothing.")
    elif gaps[LEAST_COST] >= 0.05:
        text += (" The least-cost threshold, the cheapest on validation, is dearer than "
                 "flagging nothing on test.")
    return text


def _side(low: float, high: float) -> str:
    """Where a gap's interval lies against 0: "below", "above" or "holds"."""
    return "below" if high < 0 else "above" if low > 0 else "holds"


def cost_gap_reading(table: pd.DataFrame, n_groups: int, flags_none: bool,
                     rough_below: int = 30) -> str:
    """Each threshold's cost minus flagging nothing's (per 1,000 faces; ``table`` has columns
    ``gap/1k``, ``low``, ``high`` and a :data:`LEAST_COST` row), its 95% interval over resampled
    groups: whether this split shows that the least-cost threshold beats doing nothing, what it
    shows about the other rows, hedged by the number of groups the intervals rest on."""
    gap, low, high = table.loc[LEAST_COST, ["gap/1k", "low", "high"]]
    if flags_none:
        text = ("The least-cost threshold flags no test face, so it is the choice to flag "
                "nothing and has no gap to it to test.")
    else:
        text = (f"The least-cost threshold's cost minus flagging nothing's is {gap:.1f} per "
                f"1,000 faces, with a 95% interval from {low:.1f} to {high:.1f}.")
        text += {"below": " The whole interval lies below 0: this split shows that it beats "
                          "doing nothing.",
                 "above": " The whole interval lies above 0: on this split it costs more "
                          "than doing nothing.",
                 "holds": " The interval holds 0: this split cannot show that it beats doing "
                          "nothing, nor that it loses to it."}[_side(low, high)]
    others = table.drop(LEAST_COST)
    said = {"below": ("lies below 0: it beats", "lie below 0: they beat",
                      " doing nothing"),
            "above": ("lies above 0: it costs", "lie above 0: they cost",
                      " more than doing nothing"),
            "holds": ("holds 0: this split cannot tell it", "hold 0: this split cannot tell them",
                      " from doing nothing")}
    for side, (one, many, rest) in said.items():
        names = [f"`{name}`" for name, row in others.iterrows()
                 if _side(row["low"], row["high"]) == side]
        if len(names) == 1:
            text += f" The {names[0]} row's interval {one}{rest}."
        elif names:
            text += f" The {', '.join(names[:-1])} and {names[-1]} rows' intervals {many}{rest}."
    few = (f"only {n_groups} groups, too few for a reliable cluster bootstrap: read them as rough"
           if n_groups < rough_below else
           f"{n_groups} groups, so even that is approximate")
    return (text + " The intervals cover which people the test split happened to hold "
            f"({few}), not the validation split the thresholds were chosen on or the "
            "training seed.")


def least_cost_precision(flags_none: bool, real_flagged: int, n_real: int, share: float,
                         upper: float, precision_at_share: float,
                         precision_at_upper: float) -> str:
    """The least-cost threshold's share of real faces flagged, the largest share its count
    leaves open (Wilson upper end), and the precision at 1 fake in 100 at each."""
    if flags_none:
        return ("The least-cost threshold flags no test face, so it has no precision to "
                f"check. Even so, none of {n_real} real test faces flagged does not rule out "
                f"a share of {upper:.3f} flagged.")
    return (f"The least-cost threshold flagged {real_flagged} of this run's {n_real} real "
            f"test faces, a share of {share:.3f}. That count does not rule out a share of "
            f"{upper:.3f}, where its precision at 1 fake in 100 would be "
            f"{precision_at_upper:#.3g} instead of {precision_at_share:#.3g}.")


def upper_end_by_count(counts: pd.Series, shares: pd.Series, uppers: pd.Series,
                       n_real: int) -> str:
    """How far the Wilson upper end sits above the observed share, for the row with the most
    real faces flagged and the one with the fewest (all three Series indexed by row name, each
    count out of the same ``n_real`` real faces): in absolute terms, and divided by the share."""
    most, fewest = counts.idxmax(), counts.idxmin()
    same_n = f"Every row counts its flags among the same {n_real} real test faces."
    if counts[most] == counts[fewest]:
        return (f"{same_n} On this run every row flags {counts[most]} of them, so the rows "
                "cannot show how the interval changes with the count.")
    if counts[fewest] == 0:
        return (f"{same_n} On this run the `{fewest}` row flags none of them: its share is 0, "
                f"yet its upper end is {uppers[fewest]:.3f}.")
    above = uppers - shares
    ratio = uppers / shares
    narrower = above[fewest] < above[most]
    text = (f"{same_n} On this run the upper end sits {above[most]:.3f} above the share at "
            f"{counts[most]} flagged (the `{most}` row) and {above[fewest]:.3f} above it at "
            f"{counts[fewest]} (the `{fewest}` row): the smaller count leaves the "
            f"{'smaller' if narrower else 'larger'} margin.")
    text += (f" Divided by its share, the upper end is {ratio[most]:.2f} times the share in "
             f"the `{most}` row and {ratio[fewest]:.2f} times in the `{fewest}` row")
    if ratio[fewest] > ratio[most]:
        return text + (": relative to its share, the smaller count leaves the wider margin, "
                       "and at 1 fake in 100 a row's two precisions differ by roughly that "
                       "ratio.")
    return text + (": relative to its share, too, the smaller count does not leave the wider "
                   "margin on this run.")
