"""Chapter 09's readings: the pretrained backbone against Model 1, and a photo's verdict.

Each function takes numbers the chapter computed in plain sight and returns the Markdown
sentence the chapter shows with ``report.say``; every branch is tested in
``tests/test_readings_ch09.py``.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pandas as pd


def backbone_ranking(low: float, high: float) -> str:
    """What the paired interval of Lite0 minus Model 1 allows: only an interval that leaves
    out 0 ranks the two."""
    if low > 0:
        return "At these budgets, the pretrained backbone is ahead on this run"
    if high < 0:
        return "At these budgets, Model 1 is ahead on this run"
    return "This run cannot rank the two"


def backbone_against_model1(best_m1: str, val_auc_m1: float, best_lite: str,
                            val_auc_lite: float, diff: float, low: float,
                            high: float) -> str:
    """The verdict first, then the two rows chosen on validation and their paired difference on
    test (Lite0 minus Model 1, with its 95% interval)."""
    return (f"{backbone_ranking(low, high)}: on test, {best_lite} minus {best_m1} (the two "
            f"chosen on validation ROC-AUC, {val_auc_lite:.3f} and {val_auc_m1:.3f}) is "
            f"{diff:+.3f} in ROC-AUC, paired 95% interval [{low:+.3f}, {high:+.3f}].")


def passed_over(rows: dict[str, dict], picks: Sequence[str]) -> list[str]:
    """The rows passed over on validation that scored higher on test than the row chosen on
    their side (a row's side: Lite0 or Model 1, by its name's first word)."""
    def side(name: str) -> str:
        return name.split()[0]

    chosen = {side(pick): pick for pick in picks}
    return [name for name, row in rows.items() if name not in picks
            and row["test ROC-AUC"] > rows[chosen[side(name)]]["test ROC-AUC"]]


def passed_over_on_test(passed: list[str]) -> str:
    """The rows passed over on validation that scored higher on test than the row chosen on
    their side, hedged: no paired interval was computed for such a pair, so the gap is not
    read as one model being better ("" when none)."""
    if not passed:
        return ""
    return (f"On test, {' and '.join(passed)} scored higher than the row chosen on "
            f"{'its' if len(passed) == 1 else 'their'} side, a gap this run does not rank (no "
            "paired interval was computed for it); choosing on validation stays the rule.")


def still_rising(val_auc: Sequence[float]) -> bool:
    """Whether a model's validation AUC was still climbing when its training ended: its last
    epoch is its best so far and above the epoch before (one epoch alone: not known, False)."""
    values = [float(v) for v in val_auc]
    return len(values) > 1 and values[-1] >= max(values) and values[-1] > values[-2]


def _val_auc(history) -> list[float]:
    """One fit's validation AUC per epoch, from its history table or as a plain sequence."""
    if isinstance(history, pd.DataFrame):
        history = history["val_auc"]
    return [float(v) for v in history]


def training_budgets(best_m1: str, m1_fits: Sequence, best_lite: str,
                     lite_fits: Sequence) -> str:
    """The caveat to the Model 1 / Lite0 verdict in one sentence: how many epochs each chosen
    model ran in all (``*_fits``: the histories of its fits, the probe's first for its copies),
    and whether Model 1 was still improving on validation when it stopped, read from (and
    quoting) its history, which a model loaded from the cache brings with it."""
    values = [v for fit in m1_fits for v in _val_auc(fit)]
    m1_epochs, lite_epochs = len(values), sum(len(_val_auc(fit)) for fit in lite_fits)
    tail = ", ".join(f"{v:.3f}" for v in values[-3:])
    rising = still_rising(values)
    if lite_epochs > m1_epochs and rising:
        return (f"The budgets differ: {best_lite} trained {lite_epochs} epochs in all, "
                f"{best_m1} {m1_epochs} and was still improving (validation AUC {tail} in its "
                "last epochs), so this ranks the recipes at these budgets, not the networks.")
    if lite_epochs > m1_epochs:
        return (f"The budgets differ ({best_lite} {lite_epochs} epochs in all, {best_m1} "
                f"{m1_epochs}), but {best_m1} had stopped improving (validation AUC {tail} in "
                "its last epochs), so more epochs might not have changed its score much.")
    state = "still improving" if rising else "no longer improving"
    if lite_epochs < m1_epochs:
        return (f"{best_m1} had the larger budget, {m1_epochs} epochs against {best_lite}'s "
                f"{lite_epochs} in all, and was {state} at its end (validation AUC {tail}).")
    return (f"Both trained {m1_epochs} epochs in all; {best_m1} was {state} at its end "
            f"(validation AUC {tail}).")


def against_model1(rows: dict[str, dict], fits: dict[str, Sequence], best_m1: str,
                   best_lite: str, paired: Sequence[float]) -> str:
    """Section 5's reading, at most three sentences: the verdict of the pair chosen on
    validation, their training budgets, and any row passed over that did better on test."""
    diff, low, high = (float(v) for v in paired)
    budgets = training_budgets(best_m1, fits[best_m1], best_lite, fits[best_lite])
    said = [backbone_against_model1(best_m1, rows[best_m1]["val ROC-AUC"], best_lite,
                                    rows[best_lite]["val ROC-AUC"], diff, low, high),
            budgets[:-1] + ended_at_best(fits) + ".",
            passed_over_on_test(passed_over(rows, [best_m1, best_lite]))]
    return " ".join(part for part in said if part)


def ended_at_best(fits: dict[str, Sequence]) -> str:
    """A clause for the budgets sentence: the rows whose last fit was at its best in its last
    epoch on validation AUC, so that none of them is known to have finished learning ("" when
    none is); ``fits``: each row's histories, in the table's order."""
    last = [name for name, runs in fits.items()
            if len(values := _val_auc(runs[-1])) > 1  # one epoch: nothing to rise from
            and values.index(max(values)) == len(values) - 1]
    if not last:
        return ""
    rest = [name for name in fits if name not in last]
    if len(rest) < 2:
        # a name with its own comma ("Lite0 probe, trained longer") closes it with another
        closing = "," if rest and "," in rest[0] else ""
        who = "every row" + (f" but {rest[0]}{closing}" if rest else "")
        return f"; {who} was at its best in its last epoch, still learning when it stopped"
    if len(last) == 1:
        return f"; {last[0]} was at its best in its last epoch, still learning when it stopped"
    who = f"{', '.join(last[:-1])} and {last[-1]}"
    return f"; {who} were at their best in their last epoch, still learning when they stopped"


def kept_epochs(fits: Sequence) -> str:
    """A table cell: the epoch whose weights a model holds, of all it ran. ``fits``: the
    histories of its fits in order (a copy of the probe trained further: the probe's, then its
    own). Early stopping restores the best epoch of the last fit on validation AUC (the first
    best, as Keras keeps), which need not be the last one run."""
    runs = [_val_auc(fit) for fit in fits]
    before, last = sum(len(run) for run in runs[:-1]), runs[-1]
    return f"{before + last.index(max(last)) + 1} of {before + len(last)}"


def training_faces(n_train: int, image_size: int, synthetic: bool) -> str:
    """The faces this run's models learnt from, in words: how many, how large, and whether
    they are the course's synthetic drawings or a dataset folder's."""
    what = "the course's synthetic faces, drawn, not photographed" if synthetic else (
        "from the configured dataset folder")
    return f"{n_train:,} training faces of {image_size}×{image_size} px ({what})"


def _interval(text: str) -> tuple[float, float]:
    """(low, high) of an interval written "[low, high]", as the chapter's score tables show it."""
    low, high = (float(v) for v in text.strip("[] ").split(","))
    return low, high


def probe_trained(epochs: int, seconds: Sequence[float]) -> str:
    """How section 2's probe came to be: trained here (its epochs and their time), or loaded
    from dfkit's model cache (no epoch ran, so no time to quote)."""
    if seconds:
        return f"the probe trained {epochs} epochs in {sum(seconds):.0f} s"
    return (f"the probe ({epochs} epochs) was loaded from dfkit's model cache, trained by an "
            "identical earlier run: no time was spent training it here")


def probe_reading(val_auc: Sequence[float], epoch_cap: int, val_roc: float, test_roc: float,
                  test_interval: str) -> str:
    """Section 2's result read: where the probe's validation AUC peaked (at the last epoch of
    the cap: it may not have finished learning), and test against validation, with the test
    interval as the yardstick of the test faces' luck."""
    values = [float(v) for v in val_auc]
    best, ran = values.index(max(values)) + 1, len(values)
    if best == ran and ran == epoch_cap:
        when = (f"The probe's validation AUC was highest at its last epoch ({ran} of the cap of "
                f"{epoch_cap}): it may not have finished learning, so section 3 trains a copy of "
                "it further before crediting fine-tuning with any gain.")
    elif ran < epoch_cap:
        when = (f"Early stopping ended the probe at epoch {ran} of {epoch_cap}, its best being "
                f"epoch {best}: more epochs at this rate were not helping on validation.")
    else:
        when = (f"The probe's validation AUC peaked at epoch {best} of {ran}; section 3 still "
                "trains a copy of it further, to compare fine-tuning with the same cap.")
    low, high = _interval(test_interval)
    side = "above" if test_roc > val_roc else "below"
    gap = (f"On test it scored {test_roc:.3f}, {side} validation's {val_roc:.3f} (exact ROC-AUC, "
           "different identities in each split);")
    if low <= val_roc <= high:
        return (f"{when}\n\n{gap} validation's figure lies inside the test interval "
                f"[{low:.3f}, {high:.3f}], so the gap is within the test faces' luck.")
    return (f"{when}\n\n{gap} validation's figure lies outside the test interval [{low:.3f}, "
            f"{high:.3f}], but that interval holds only the test faces' luck. Validation's "
            "fewer faces have their own, so the gap may come from either split. It is no "
            "reason to choose anything on test.")


def cut_by_the_cap(further: dict[str, Sequence], cap: int, before: int = 0) -> str:
    """Section 3's two copies read alike, in one sentence: which had its best validation AUC at
    the last epoch the cap allowed (it may not have finished learning) and which peaked sooner,
    each epoch counted as the score table does (``before``: the probe's epochs, run first)."""
    cut, done = [], []
    for name, fit in further.items():
        values = _val_auc(fit)
        best, ran = values.index(max(values)) + 1, len(values)
        where = f"epoch {before + best} of {before + ran}"
        if best == ran == cap:
            cut.append(f"the {name} was still at its best at the last epoch the cap allowed "
                       f"({where})")
        else:
            done.append(f"the {name} peaked at {where}")
    if not cut:
        return f"Neither was cut short by the cap of {cap} further epochs: {' and '.join(done)}."
    said = "; ".join(cut + done)
    return (f"{said[0].upper()}{said[1:]}: the verdict holds at this cap of {cap} further "
            "epochs, not beyond it.")


def _overlap(own_a: str, own_b: str) -> bool:
    (a_low, a_high), (b_low, b_high) = _interval(own_a), _interval(own_b)
    return a_low <= b_high and b_low <= a_high


def fine_tune_verdict(gain: Sequence[float], frozen_interval: str, tuned_interval: str,
                      frozen_fit, tuned_fit, before: int, cap: int) -> str:
    """Section 3's reading, three sentences: the verdict of the paired interval (fine-tuned
    minus the frozen copy; overlapping own intervals pointed out when the paired one ranks
    them), what the comparison changes (two things at once), and whether the cap cut either
    short."""
    diff, low, high = (float(v) for v in gain)
    if low > 0:
        head, rule = "On this run fine-tuning is ahead of the probe trained further", "leaves out"
    elif high < 0:
        head, rule = ("On this run the probe trained further is ahead of fine-tuning",
                      "leaves out")
    else:
        head, rule = "This run cannot rank fine-tuning and the probe trained further", "includes"
    first = (f"{head}: the fine-tuned model minus the frozen copy is {diff:+.3f} in test "
             f"ROC-AUC, paired 95% interval [{low:+.3f}, {high:+.3f}], which {rule} 0 (one "
             "seed, one split)")
    if rule == "leaves out" and _overlap(frozen_interval, tuned_interval):
        first += (f", although their own test intervals, {frozen_interval} and "
                  f"{tuned_interval}, overlap: the paired one cancels the luck of the test "
                  "faces, which both share")
    two = ("The fine-tuned model differs in two things at once, its unfrozen blocks and a ten "
           "times lower learning rate (its head's too), so this credits that recipe, not "
           "unfreezing alone.")
    cap_said = cut_by_the_cap({"frozen copy": frozen_fit, "fine-tuned model": tuned_fit}, cap,
                              before)
    return f"{first}. {two} {cap_said}"


def first_fine_tuned_epoch(start, tuned_first, frozen_first) -> str:
    """The copies' first further epoch against the probe epoch they started from (each a row
    of a history: ``val_loss``, ``val_auc``): a jump in the fine-tuned model's validation loss
    (more than a quarter up) read with its AUC, and set against the frozen copy's, whose fresh
    Adam ran at a ten times higher rate on the head alone."""
    loss0, auc0 = float(start["val_loss"]), float(start["val_auc"])
    loss1, auc1 = float(tuned_first["val_loss"]), float(tuned_first["val_auc"])
    frozen = float(frozen_first["val_loss"])
    jumped = 1.25 * loss0
    if loss1 <= jumped:
        return (f"In its first fine-tuned epoch the validation loss went from {loss0:.3f} (the "
                f"probe it started from) to {loss1:.3f} and validation AUC from {auc0:.3f} to "
                f"{auc1:.3f}: unfreezing at the lower rate did not upset the probe's scores.")
    if auc1 < auc0 - 0.005:
        return (f"In its first fine-tuned epoch the validation loss jumped from {loss0:.3f} "
                f"(the probe it started from) to {loss1:.3f} and validation AUC fell from "
                f"{auc0:.3f} to {auc1:.3f}: the first steps of the unfrozen blocks disturbed "
                "what the probe had; early stopping keeps the best later epoch.")
    auc = (f"validation AUC rose from {auc0:.3f} to {auc1:.3f}" if auc1 > auc0 + 0.005 else
           f"validation AUC stayed near {auc0:.3f} ({auc1:.3f})")
    said = (f"In its first fine-tuned epoch the validation loss jumped from {loss0:.3f} (the "
            f"probe it started from) to {loss1:.3f}, yet {auc}: AUC reads only the order of "
            "the scores, the loss also how far each lies from its label, so the scores moved "
            "while their order did not get worse.")
    if frozen <= jumped:
        return (f"{said} The frozen copy, whose fresh Adam trained its head alone at a ten "
                f"times higher learning rate, had no such jump ({frozen:.3f}): the likely cause "
                "(this run does not prove it) is the unfrozen blocks' first steps rescaling the "
                "features the head was fitted to.")
    return (f"{said} The frozen copy's loss jumped too ({frozen:.3f}) with only its head "
            "learning, so a fresh optimizer's first steps, not unfreezing alone, may be the "
            "cause.")


def threshold_reading(threshold: float, median_real: float, median_fake: float) -> str:
    """Where the cut chosen on validation sits among validation's scores, in one sentence."""
    return (f"The threshold {threshold:.3f} is the cut with the highest balanced accuracy on "
            f"validation, where the median real face scored {median_real:.3f} and the median "
            f"fake {median_fake:.3f}: balanced accuracy depends only on which side of the cut "
            "each face falls, so the best cut need not be 0.5.")


def photo_reading(scored: pd.DataFrame, own_photos: bool, threshold: float,
                  trained_on: str) -> str:
    """The faces scored in the photo (``scored``: predict_images' rows with a p_fake), read
    for the astronaut, a real photograph, or for the student's own photos, whose truth only
    they know; ``trained_on``: what the model learnt from (:func:`training_faces`)."""
    model = f"the fine-tuned model, which learnt from {trained_on},"
    if scored.empty:
        return (f"On this run the face finder found no face in the photo for {model[:-1]} to "
                "score.")
    if not own_photos:
        p, verdict = scored["p_fake"].iloc[0], scored["verdict"].iloc[0]
        meaning = ("a false alarm on a real photo" if verdict == "fake" else
                   "the right answer here, though not evidence that it can tell real photos "
                   "from fakes")
        return (f"The astronaut is a real photograph, and {model} called her face "
                f"**{verdict}** (p_fake {p:.3f}, threshold {threshold:.3f}): {meaning}.")
    faces = "; ".join(f"{Path(f).name}, face {k}: **{v}** (p_fake {p:.3f})"
                      for f, k, v, p in zip(scored["file"], scored["face"],
                                            scored["verdict"], scored["p_fake"]))
    return (f"Your photo, scored by {model} at threshold {threshold:.3f}: {faces}. Only you "
            "know whether it is real; the verdict is not evidence either way, for the reasons "
            "below.")
