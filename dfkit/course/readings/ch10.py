"""Chapter 10's readings: what this run's recall, costs and intervals allow one to say.

Each function takes numbers the chapter computed in plain sight and returns the Markdown
sentence the chapter shows with ``report.say``; every branch is tested in
``tests/test_readings_ch10.py``.
"""

from __future__ import annotations

import pandas as pd

from dfkit.course.readings import ch03
from dfkit.evaluation.base_rates import precision_at_prevalence

#: the cost table's row of the threshold chosen as the cheapest on validation (not on test)
LEAST_COST = "least cost on validation"
#: the cost table's row of the threshold chosen on validation for a recall of 0.95
RECALL_ROW = "recall ≥ 0.95 on validation"


def training_reading(train_auc, val_auc, epochs: int) -> str:
    """What the training history shows: whether early stopping or the profile's ``epochs``
    ended training (chapter 03's reading), and whether validation ROC-AUC sat above training's."""
    train, val = [float(v) for v in train_auc], [float(v) for v in val_auc]
    # here the model comes from training.train_model, whose epochs are the profile's
    text = ch03.budget_reading(val, stopped=len(val) < epochs,
                               more="a profile with more: the commented cell after the "
                                    "table shows how")
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
                      test_precision: float, val_recall: float,
                      val_interval: tuple[float, float] | None = None,
                      within_chance: bool | None = None) -> str:
    """The threshold's specificity on test against validation, in real faces flagged, and which
    way the two splits' rates put its precision at 1 fake in 100 (``test_precision``: the
    table's test row; validation's is counted here from ``val_recall`` and ``val_spec``, so
    that the chapter's cell does not show the expression that answers q1). Both precisions are
    quoted, so that the comparison can be read on the page (q1 asks the student to count
    validation's before running this cell: its answer shows after the commitment).
    ``val_interval``: the Wilson 95% interval of validation's share of real faces flagged;
    when it holds test's share, the difference is called what it is, within chance (the
    interval ignores test's own noise and counts faces as independent: both make it narrower,
    so the verdict errs towards "beyond chance", never the other way; report_10, 3rd round).
    ``within_chance``: that rule as the chapter's cell computes it in plain sight (report_10,
    5th round, finding 5), worded here; None computes it, and one that contradicts
    ``val_interval`` is an error, never worded."""
    val_precision = precision_at_prevalence(val_recall, val_spec, 0.01)
    flagged_test = round((1 - test_spec) * n_test_real)
    flagged_val = round((1 - val_spec) * n_val_real)
    same_spec = f"{test_spec:.3f}" == f"{val_spec:.3f}"
    text = (f"The threshold's specificity {'is the same' if same_spec else 'differs too'}: "
            f"{test_spec:.3f} on test ({flagged_test} of {n_test_real} real faces flagged, a "
            f"share of {1 - test_spec:.3f}) against {val_spec:.3f} on validation "
            f"({flagged_val} of {n_val_real}, a share of {1 - val_spec:.3f}).")
    if f"{test_precision:#.3g}" == f"{val_precision:#.3g}":
        return text + (" At 1 fake in 100 the two splits' rates give the same precision to "
                       f"three digits, {test_precision:#.3g} (q1's count).")
    side = "higher" if test_precision > val_precision else "lower"
    row = (f"the table's test row ({test_precision:#.3g}) comes out {side} than the count from "
           f"validation's rates (q1's, {val_precision:#.3g})")
    if same_spec:
        return text + f" At 1 fake in 100 {row}: only the recall differs."
    if (test_spec > val_spec) != (test_precision > val_precision):
        return text + (f" At 1 fake in 100 {row} all the same: test's recall moved it more "
                       "than its specificity.")
    share = "smaller" if side == "higher" else "larger"
    most = (", and at that prevalence the false alarms are most of the flags"
            if max(test_precision, val_precision) < 0.5 else "")
    if val_interval is not None:
        inside = val_interval[0] <= 1 - test_spec <= val_interval[1]
        if within_chance is not None and bool(within_chance) != inside:
            raise ValueError(f"within_chance={within_chance} but validation's interval "
                             f"{val_interval} {'holds' if inside else 'misses'} test's share "
                             f"{1 - test_spec:.3f}")
        within_chance = inside
    if val_interval is not None and within_chance:
        low, high = val_interval
        return text + (f" At 1 fake in 100 {row}, mostly because test flagged a {share} share "
                       f"of its real faces{most}.\n\nWith {n_val_real} real validation faces "
                       "that difference is within chance: the Wilson 95% interval of "
                       f"validation's share, {low:.3f} to {high:.3f}, holds test's "
                       f"{1 - test_spec:.3f}. That interval takes test's share as exact and "
                       "faces as independent, and both make it too narrow, so a fuller "
                       f"interval would hold {1 - test_spec:.3f} all the more.")
    return text + (f" At 1 fake in 100 {row}, because test flagged a {share} share of its "
                   f"real faces{most}.")


def gap_verdict(name: str, gap: float) -> str:
    """One threshold's cost minus flagging nothing's (per 1,000 faces), in words."""
    if abs(gap) < 0.05:  # shown to one decimal: neither "more" nor "less"
        return f"the `{name}` row costs the same to one decimal"
    return f"the `{name}` row costs {abs(gap):.1f} " + ("more" if gap > 0 else "less")


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
    groups: whether this split is evidence that the least-cost threshold beats doing nothing
    (hedged, in the same sentence, by what the interval does not cover), what it says about the
    other rows, and how many groups the intervals rest on."""
    gap, low, high = table.loc[LEAST_COST, ["gap/1k", "low", "high"]]
    covers = ("it covers which people the test split happened to hold, not the validation "
              "split that chose the threshold or the training seed")
    if flags_none:
        text = ("The least-cost threshold flags no test face, so it is the choice to flag "
                "nothing and has no gap to it to test.")
    else:
        text = (f"The least-cost threshold's cost minus flagging nothing's is {gap:.1f} per "
                f"1,000 faces, with a 95% interval from {low:.1f} to {high:.1f}.")
        text += {"below": " The whole interval lies below 0: evidence that it beats doing "
                          f"nothing, though only as far as the interval reaches ({covers}).",
                 "above": " The whole interval lies above 0: evidence that it costs more than "
                          f"doing nothing, as far as the interval reaches ({covers}).",
                 "holds": " The interval holds 0: this split cannot show that it beats doing "
                          "nothing, nor that it loses to it."}[_side(low, high)]
    others = table.drop(LEAST_COST)
    said = {"below": ("lies below 0: it beats", "lie below 0: they beat",
                      " doing nothing on this split"),
            "above": ("lies above 0: it costs", "lie above 0: they cost",
                      " more than doing nothing on this split"),
            "holds": ("holds 0: this split cannot tell it", "hold 0: this split cannot tell them",
                      " from doing nothing")}
    rows = []  # the other rows, and what the intervals rest on: a paragraph of their own
    for side, (one, many, rest) in said.items():
        names = [f"`{name}`" for name, row in others.iterrows()
                 if _side(row["low"], row["high"]) == side]
        if len(names) == 1:
            rows.append(f"The {names[0]} row's interval {one}{rest}.")
        elif names:
            rows.append(f"The {', '.join(names[:-1])} and {names[-1]} rows' intervals "
                        f"{many}{rest}.")
    few = (f"only {n_groups} groups, too few for a reliable cluster bootstrap: read them as rough"
           if n_groups < rough_below else
           f"{n_groups} groups, so even that is approximate")
    if not flags_none and _side(low, high) != "holds":
        rows.append(f"The intervals rest on {few}.")
    else:
        rows.append("The intervals cover which people the test split happened to hold "
                    f"({few}), not the validation split the thresholds were chosen on or the "
                    "training seed.")
    return text + "\n\n" + " ".join(rows)


def paired_gap_reading(gap: float, low: float, high: float) -> str:
    """The least-cost threshold's cost minus the recall-first one's (per 1,000 faces), both
    costed on the same resampled people on each draw (a paired cluster bootstrap), with its 95%
    interval: whether the trade-off read on test holds beyond this test split."""
    if max(abs(gap), abs(low), abs(high)) < 0.05:
        return ("The two thresholds flag the same test faces, so they cost the same on every "
                "resample: there is no trade to test.")
    text = (f"The least-cost threshold's cost minus the `{RECALL_ROW}` threshold's, both "
            f"counted on the same resampled people, is {gap:.1f} per 1,000 faces, with a 95% "
            f"interval from {low:.1f} to {high:.1f}.")
    return text + {"below": " The whole interval lies below 0: evidence that the least-cost "
                            "threshold is the cheaper of the two for other people like these "
                            "too, not only on this test split, though only as far as the "
                            "interval reaches (it does not cover another validation split or "
                            "training seed).",
                   "above": " The whole interval lies above 0: evidence that for other people "
                            "like these the least-cost threshold costs more than the "
                            "recall-first one, as far as the interval reaches.",
                   "holds": " The interval holds 0: this split cannot tell which of the two "
                            "is cheaper, so the trade above is a reading of this test split "
                            "only."}[_side(low, high)]


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
            f"{precision_at_upper:#.3g} instead of {precision_at_share:#.3g}: a what-if about "
            "the real faces flagged only, since both keep the test recall as measured, itself "
            "counted on few fakes.")


def clustering_reading(flagged_per_person: pd.Series, wilson: tuple[float, float],
                       people: tuple[float, float]) -> str:
    """Whether clustering made Wilson's upper end too low on this run, for the least-cost row's
    share of real test faces flagged: Wilson's 95% interval (faces counted as independent) against
    the 95% interval of a bootstrap over people (``people``: whole people resampled), with how
    the flags fall on people (``flagged_per_person``: real faces flagged, one entry per person
    with real test faces). Upper ends are compared as printed (3 decimals): the table's
    precision at the upper end uses Wilson's."""
    n_people, k = len(flagged_per_person), int(flagged_per_person.sum())
    (w_low, w_high), (p_low, p_high) = wilson, people
    if k == 0:
        return ("The least-cost threshold flags no real test face: a bootstrap over people "
                "flags none on any resample either, so only Wilson's upper end, "
                f"{w_high:.3f}, says how large a share that count leaves open.")
    with_flags, most = int((flagged_per_person > 0).sum()), int(flagged_per_person.max())
    spread = (f"Its {k} flagged real faces come from {with_flags} of the {n_people} people with "
              f"real test faces, at most {most} from one.")
    both = (f"resampling whole people gives {p_low:.3f} to {p_high:.3f} for the least-cost "
            f"row's share of real faces flagged, against Wilson's {w_low:.3f} to {w_high:.3f}")
    if round(p_high, 3) > round(w_high, 3):
        return (f"On this run clustering made Wilson's upper end too low: {both}, so the "
                f"bootstrap over people reaches higher. {spread} Wilson's upper end, and the "
                "precision at it in the table, are too low here: read the bootstrap's upper "
                "end instead.")
    return (f"On this run clustering did not make Wilson's upper end too low: {both}, so the "
            f"bootstrap over people reaches no higher than Wilson. {spread} Where a "
            "threshold's flags fall on a few people, the bootstrap reaches higher and Wilson's "
            "upper end is too low.")


def _weighed(costs: pd.DataFrame, fewer_fakes: int, fewer_real: int, n: int,
             weights: tuple[float, float], prices: tuple[float, float]) -> str:
    """The trade-off of :func:`trade_off` in cost at the deployment prevalence: what the extra
    misses cost and the false alarms spared save per ``n`` test faces, the net of the two, and
    that net per 1,000 faces, the gap between the two rows' cost/1k (quoted from the table when
    ``costs`` has that column)."""
    (w_fake, w_real), (cost_fp, cost_fn) = weights, prices
    lost, saved = fewer_fakes * w_fake * cost_fn, fewer_real * w_real * cost_fp
    net = saved - lost
    per_1k = 1000 * net / n
    verdict = ("On this test split that is a good trade at this prevalence" if net > 0 else
               "On test that is no good trade at this prevalence")
    text = (f"\n\n{verdict}, since each test fake stands for {w_fake:.3f} faces and each "
            f"real face for {w_real:.3f} (section 1's weights):\n\n"
            f"- the misses cost {fewer_fakes} × {w_fake:.3f} × {cost_fn:g} = {lost:.2f};\n"
            f"- the false alarms spared save {fewer_real} × {w_real:.3f} × {cost_fp:g} = "
            f"{saved:.2f};\n"
            f"- a net {'saving' if net > 0 else 'loss'} of {saved:.2f} − {lost:.2f} = "
            f"{abs(net):.2f} per {n} test faces, or {abs(net):.2f} × 1,000 / {n} = "
            f"{abs(per_1k):.1f} per 1,000 faces.\n\n")
    if "cost/1k" not in costs:
        return text + "That is the gap between the two rows' cost/1k, to rounding."
    first, least = (float(costs.loc[row, "cost/1k"]) for row in (RECALL_ROW, LEAST_COST))
    shown = f"{first:.1f} − {least:.1f}"
    # one gap, one number (report_10, 4th round, finding 2): the rounded costs' difference can
    # miss the unrounded one, which the list above and the paired gap below print, by 0.1
    if f"{round(first, 1) - round(least, 1):.1f}" == f"{first - least:.1f}":
        return text + (f"That is the gap between the two rows' cost/1k in the table, {shown} "
                       f"= {first - least:.1f}.")
    return text + (f"That is the gap between the two rows' cost/1k in the table, {shown}, "
                   f"which is {first - least:.1f} before the table rounds each cost.")


def trade_off(costs: pd.DataFrame, n_fakes: int, n_real: int,
              weights: tuple[float, float] | None = None,
              prices: tuple[float, float] = (1, 20)) -> str:
    """What the least-cost threshold gives up against the recall-first one of chapter 06
    (``costs``: the cost table, with :data:`LEAST_COST` and :data:`RECALL_ROW` rows and columns
    ``caught``, ``real flagged``, ``recall``), counted on test. ``weights``: what one test fake
    and one real test face stand for at the deployment prevalence (section 1's weights), and
    ``prices`` (a false alarm, a miss): with both, the counts are turned into the cost/1k gap
    between the two rows, so that the arithmetic agrees with the table."""
    least, first = costs.loc[LEAST_COST], costs.loc[RECALL_ROW]
    caught, flagged = int(least["caught"]), int(least["real flagged"])
    fewer_fakes = int(first["caught"]) - caught
    fewer_real = int(first["real flagged"]) - flagged
    text = (f"On test the least-cost threshold catches {caught} of {n_fakes} fakes (recall "
            f"{least['recall']:.3f}) and flags {flagged} of {n_real} real faces, against "
            f"{int(first['caught'])} and {int(first['real flagged'])} for the "
            f"`{RECALL_ROW}` threshold.")
    if fewer_fakes > 0 and fewer_real > 0:
        text += f" It lets {fewer_fakes} more fakes through to flag {fewer_real} fewer real faces."
        text += (" Chapter 06 put recall first; at this prevalence and price of a miss, the "
                 "threshold cheapest on validation does not.")
        if weights is not None:
            text += _weighed(costs, fewer_fakes, fewer_real, n_fakes + n_real, weights, prices)
        return text
    if fewer_fakes < 0 and fewer_real < 0:
        return text + (f" It catches {-fewer_fakes} more fakes at the price of {-fewer_real} "
                       "more real faces flagged: on this run the price of a miss makes the "
                       "cheapest threshold reach further than recall 0.95.")
    if fewer_fakes == 0 and fewer_real == 0:
        return text + " On this run the two flag the same test faces."
    return text + (" On this run one of the two is no worse on both counts: the thresholds "
                   "were chosen on validation, and test is another set of faces.")
