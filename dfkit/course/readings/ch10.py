"""Chapter 10's readings: what this run's recall, costs and intervals allow one to say.

Each function takes numbers the chapter computed in plain sight and returns the Markdown
sentence the chapter shows with ``report.say``; every branch is tested in
``tests/test_readings_ch10.py``.
"""

from __future__ import annotations

import pandas as pd


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


def gap_verdict(name: str, gap: float, few: float) -> str:
    """One threshold's cost minus flagging nothing's (per 1,000 faces), read against what a
    few test faces can move a cost by."""
    if abs(gap) < 0.05:  # shown to one decimal: neither "more" nor "less"
        return f"the {name} threshold costs the same to one decimal"
    said = f"the {name} threshold costs {abs(gap):.1f} " + ("more" if gap > 0 else "less")
    if abs(gap) >= few:
        return said + ", more than a few faces' worth"
    return said + ", within a few faces' worth: too close to call on this split"


def costs_against_nothing(cost_nothing: float, gaps: pd.Series, few: float,
                          flags_none: bool) -> str:
    """Every threshold's cost against flagging nothing's (``gaps``: cost minus flagging
    nothing's, by row name, with a ``least cost`` row), and whether the least-cost threshold,
    chosen on validation, lost to doing nothing on test."""
    verdicts = "; ".join(gap_verdict(name, gap, few) for name, gap in gaps.items())
    no_flag = ("The least-cost threshold flags no test face, so it costs what flagging "
               "nothing costs. " if flags_none else "")
    lost = ("A threshold chosen on validation can lose to doing nothing on test. "
            if gaps["least cost"] >= few else "")
    return (f"Against flagging nothing ({cost_nothing:.1f} per 1,000 faces at 1 fake in 100), "
            f"on this run {verdicts}. {no_flag}{lost}All of it is one split and one seed.")


def least_cost_precision(flags_none: bool, real_flagged: int, n_real: int, share: float,
                         upper: float, precision_at_share: float,
                         precision_at_upper: float) -> str:
    """The least-cost threshold's share of real faces flagged, the largest share its count
    leaves open (Wilson upper end), and the precision at 1 fake in 100 at each."""
    if flags_none:
        return ("The least-cost threshold flags no test face, so it has no precision to "
                f"check; even so, none of {n_real} real test faces flagged does not rule out "
                f"a share of {upper:.3f} flagged.")
    return (f"The least-cost threshold flagged {real_flagged} of this run's {n_real} real "
            f"test faces, a share of {share:.3f}; that count does not rule out a share of up "
            f"to {upper:.3f}, at which its precision at 1 fake in 100 would be "
            f"{precision_at_upper:.3g} instead of {precision_at_share:.3g}.")


def worst_case_cost(upper: float, missed_upper: float, worst: float,
                    cost_nothing: float) -> str:
    """The least-cost threshold's cost at the pessimistic ends of both its intervals, against
    flagging nothing: whether this split can show that it beats doing nothing."""
    verdict = ("still less than flagging nothing." if worst < cost_nothing else
               f"more than flagging nothing ({cost_nothing:.1f}): this split cannot show that "
               "it beats doing nothing, whatever its point estimate says.")
    return (f"At the pessimistic ends of both its intervals (real faces flagged {upper:.3f}, "
            f"fakes missed {missed_upper:.3f}) the least-cost threshold would cost "
            f"{worst:.1f} per 1,000 faces, {verdict}")
