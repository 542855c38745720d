"""Chapter 09's readings: the pretrained backbone against Model 1, and a photo's verdict.

Each function takes numbers the chapter computed in plain sight and returns the Markdown
sentence the chapter shows with ``report.say``; every branch is tested in
``tests/test_readings_ch09.py``.
"""

from __future__ import annotations

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


def threshold_reading(threshold: float, median_real: float, median_fake: float) -> str:
    """Where the cut chosen on validation sits among validation's scores, and what a cut far
    from 0.5 hints about calibration (more than 0.1 away counts as far)."""
    far = abs(threshold - 0.5) > 0.1
    where = ("Here it lies far from 0.5, a hint (no proof) that this model's scores are not "
             "calibrated probabilities; chapter 11 measures that." if far else
             "Here it lies near 0.5; with a model whose probabilities are not calibrated "
             "(chapter 11) it can lie far from it.")
    return (f"The threshold {threshold:.3f} is the cut with the highest balanced accuracy on "
            "validation. A cut is about the order of the scores, not their scale: on "
            f"validation the median real face scored {median_real:.3f} and the median fake "
            f"{median_fake:.3f}, and the best cut is found among such scores, wherever they "
            f"sit. {where}")


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
