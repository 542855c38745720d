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
        return "the pretrained backbone is ahead"
    if high < 0:
        return "Model 1 is ahead"
    return "this run cannot rank them"


def backbone_against_model1(best_m1: str, val_auc_m1: float, best_lite: str,
                            val_auc_lite: float, diff: float, low: float,
                            high: float) -> str:
    """The two rows chosen on validation, and their paired difference on test (Lite0 minus
    Model 1, with its 95% interval) read as a ranking or as too close to call."""
    return (f"Chosen on validation ROC-AUC: {best_m1} ({val_auc_m1:.3f}) and {best_lite} "
            f"({val_auc_lite:.3f}). On test, Lite0 minus Model 1: {diff:+.3f} in ROC-AUC, 95% "
            f"interval of the difference [{low:+.3f}, {high:+.3f}] (test identities "
            f"resampled): {backbone_ranking(low, high)}.")


def passed_over_on_test(passed_over: list[str]) -> str:
    """The rows passed over on validation that scored higher on test than the row chosen on
    their side: the price of choosing on validation, said as such."""
    return (f"On test, {' and '.join(passed_over)} scored higher than the row chosen on its "
            "side: the price of choosing on validation, and the honest one (a choice made on "
            "test would be scored on the faces it was made on).")


def still_rising(val_auc: Sequence[float]) -> bool:
    """Whether a model's validation AUC was still climbing when its training ended: its last
    epoch is its best so far and above the epoch before (one epoch alone: not known, False)."""
    values = [float(v) for v in val_auc]
    return len(values) > 1 and values[-1] >= max(values) and values[-1] > values[-2]


def training_budgets(best_m1: str, m1_val_auc: Sequence[float], best_lite: str,
                     probe_epochs: int, lite_extra: int) -> str:
    """The caveat to the Model 1 / Lite0 verdict: how many epochs each chosen model ran (Lite0's
    are the probe's, plus ``lite_extra`` after it), and whether Model 1 was still improving on
    validation when it stopped, read from (and quoting) its history's validation AUC, which a
    model loaded from the cache brings with it."""
    values = [float(v) for v in m1_val_auc]
    m1_epochs, m1_rising = len(values), still_rising(values)
    lite_epochs = probe_epochs + lite_extra
    parts = (f" (the probe's {probe_epochs}, then {lite_extra} more)" if lite_extra else "")
    ran = (f"{best_lite} trained {lite_epochs} epochs in all{parts}, {best_m1} "
           f"{m1_epochs}")
    tail = ", ".join(f"{v:.3f}" for v in values[-3:])
    rising = (f"{best_m1}'s validation AUC was still rising at its last epoch"
              if m1_rising else
              f"{best_m1}'s validation AUC had stopped rising before its last epoch")
    rising += f" (its history's last epochs: {tail})"
    if lite_epochs > m1_epochs and m1_rising:
        return (f"The two did not train equally long: {ran}, and {rising}. Part of the gap may "
                "be the extra training, so read the verdict as these recipes at these budgets, "
                "not as which network is better (section 3 gave its two models the same cap on "
                "epochs for this reason; this comparison does not).")
    if lite_epochs > m1_epochs:
        return (f"The two did not train equally long: {ran}; {rising}, so more epochs might "
                "not have changed its score much, but the budgets still differ (section 3's "
                "same-cap comparison was not run here).")
    if lite_epochs < m1_epochs:
        return f"The two did not train equally long: {ran}, the larger budget; {rising}."
    return f"Both had the same budget: {ran}; {rising}."


def kept_epochs(val_auc: Sequence[float]) -> str:
    """A table cell for a copy of the probe trained further: the epoch its weights hold, of
    those run. Early stopping restores the best epoch on validation AUC (the first best, as
    Keras keeps), which need not be the last one run."""
    values = [float(v) for v in val_auc]
    return f"{values.index(max(values)) + 1} of {len(values)}"


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


def cut_by_the_cap(histories: dict[str, Sequence[float]], cap: int) -> str:
    """Section 3's two models read alike: which of them had its best validation AUC at the
    last epoch the cap allowed (it may not have finished learning), and which peaked sooner."""
    cut, done = [], []
    for name, val_auc in histories.items():
        values = [float(v) for v in val_auc]
        best, ran = values.index(max(values)) + 1, len(values)
        if best == ran == cap:
            cut.append(name)
        else:
            done.append(f"the {name} model peaked at epoch {best} of the {ran} it ran")
    if not cut:
        return (f"Neither was cut short by the cap of {cap} epochs: "
                f"{' and '.join(done)}.")
    many = len(cut) > 1
    who = f"The {' and the '.join(cut)} model" + ("s were" if many else " was")
    said = (f"{who} still at {'their' if many else 'its'} best on validation at the last of "
            f"the {cap} epochs allowed: {'they' if many else 'it'} may not have finished "
            "learning.")
    if done:
        said += f" By contrast, {done[0]}."
    return f"{said} The comparison above holds at this cap, not beyond it."


def own_and_paired(own_a: str, own_b: str, low: float, high: float) -> str:
    """What the two models' own test intervals show next to the paired interval of their
    difference: overlapping own intervals do not mean the models are alike."""
    (a_low, a_high), (b_low, b_high) = _interval(own_a), _interval(own_b)
    overlap = a_low <= b_high and b_low <= a_high
    paired = f"the paired interval of the difference [{low:+.3f}, {high:+.3f}]"
    if overlap and (low > 0 or high < 0):
        return (f"This run shows it: the two models' own test intervals, {own_a} and {own_b}, "
                f"overlap, yet {paired} leaves out 0. Each own interval carries the luck of the "
                "test faces, which both models share; the paired one cancels it.")
    if overlap:
        return (f"Here the two models' own test intervals, {own_a} and {own_b}, overlap, and "
                f"{paired} includes 0 as well: this run cannot tell the two apart.")
    return (f"Here the two models' own test intervals, {own_a} and {own_b}, do not even "
            f"overlap; {paired} is the figure to quote all the same.")


def first_fine_tuned_epoch(loss_before: float, auc_before: float, loss_after: float,
                           auc_after: float) -> str:
    """The fine-tuned model's first epoch against the probe it started from (validation loss
    and AUC, as the epoch log prints them): a jump in loss (more than a quarter up) read with
    AUC, which may hold while the loss rises."""
    moved = (f"In its first fine-tuned epoch the validation loss went from {loss_before:.3f} "
             f"(the probe it started from) to {loss_after:.3f}, and validation AUC from "
             f"{auc_before:.3f} to {auc_after:.3f}.")
    if loss_after <= 1.25 * loss_before:
        return (f"{moved} No jump in loss: unfreezing at the lower rate did not upset the "
                "probe's scores in that epoch.")
    if auc_after >= auc_before - 0.005:
        return (f"{moved} The loss jumped while AUC held: AUC asks only whether fakes score "
                "above real faces, the loss also how confident each score is. A likely "
                "reading (this run does not prove it): the first steps of the unfrozen blocks "
                "rescaled the features the head was fitted to, moving the scores but not their "
                "order. BatchNorm in inference mode rules out one cause, the batches' "
                "statistics, not every one: Adam divides each weight's step by the running "
                "size of that weight's own gradients, so even a weight with tiny gradients "
                "moves by up to about the learning rate at every step.")
    return (f"{moved} Both got worse: the first steps of the unfrozen blocks disturbed what "
            "the probe had; the later epochs, and early stopping's choice of the best one, "
            "decide what the model keeps.")


def threshold_reading(threshold: float, median_real: float, median_fake: float,
                      fake_share: float) -> str:
    """Where the cut chosen on validation sits among validation's scores, and what a cut far
    from where calibrated scores would put it hints. For calibrated scores (a score is the
    chance the face is fake) the best balanced-accuracy cut is the share of fakes among the
    faces (0.5 with balanced classes); more than 0.1 away from it counts as far."""
    far = abs(threshold - fake_share) > 0.1
    share = (f"with balanced classes, as on validation here ({fake_share:.2f} fakes), near "
             "0.5" if abs(fake_share - 0.5) <= 0.05 else
             f"{fake_share:.2f} on validation (0.5 only when the classes are balanced)")
    reference = ("For scores that were calibrated probabilities (a score is the chance the "
                 f"face is fake), the best cut would sit near the share of fakes: {share}.")
    where = ("Here it lies far from that, a hint (no proof) that this model's scores are not "
             "calibrated probabilities; chapter 11 measures that." if far else
             "Here it lies near that, which fits calibrated scores but does not prove them "
             "(chapter 11 measures calibration).")
    return (f"The threshold {threshold:.3f} is the cut with the highest balanced accuracy on "
            "validation. Balanced accuracy depends only on which faces fall on each side of "
            "the cut, so the best cut need not be 0.5. It lies wherever it best separates the "
            f"two groups' scores: on validation the median real face scored {median_real:.3f} "
            f"and the median fake {median_fake:.3f}.\n\n{reference} {where}")


def photo_reading(scored: pd.DataFrame, own_photos: bool, threshold: float) -> str:
    """The faces scored in the photo (``scored``: predict_images' rows with a p_fake), read
    for the astronaut, a real photograph, or for the student's own photos, whose truth only
    they know."""
    if scored.empty:
        return "On this run the face finder found no face to score in the photo."
    if not own_photos:
        p, verdict = scored["p_fake"].iloc[0], scored["verdict"].iloc[0]
        meaning = ("a false alarm on a real photo." if verdict == "fake" else
                   "the right answer here, though not evidence that it can tell real photos "
                   "from fakes.")
        return (f"The astronaut is a real photograph. On this run the fine-tuned model called "
                f"her face **{verdict}** (p_fake {p:.3f}, threshold {threshold:.3f}): "
                f"{meaning}")
    faces = "; ".join(f"{Path(f).name}, face {k}: **{v}** (p_fake {p:.3f})"
                      for f, k, v, p in zip(scored["file"], scored["face"],
                                            scored["verdict"], scored["p_fake"]))
    return (f"Your photo, scored by the fine-tuned model at threshold {threshold:.3f}: "
            f"{faces}. Only you know whether it is real; the model's verdict is not evidence "
            "either way, for the reasons below.")
