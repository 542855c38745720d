"""Chapter 00's sentences: the nuisance blur of this run's faces, and the always-fake baseline
set beside the paper's Model 2."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
import pandas as pd

# the paper's Table I, Model 2 (F1 printed there on a 0-100 scale; here as a fraction)
MODEL_2 = {"accuracy": 0.7479, "recall": 0.977, "f1": 0.8159}
BLUR_REFERENCE_PX = 128  # blur_sigma is stored in pixels of an image this wide (the paper's size)


FACTORS = ("family", "strength", "blur_sigma", "shadow", "jpeg_quality")


def split_reading(split_sizes: pd.DataFrame, manifest: pd.DataFrame, image_size: int) -> str:
    """This run's images, their split shares (from ``split_sizes``, the splits' table) and how
    many images a group holds on average, per class."""
    counts = split_sizes[["real", "deepfake"]]
    n_all = int(counts.to_numpy().sum())
    shares = counts.sum(axis=1) / n_all
    per_group = manifest.groupby("label").size() / manifest["group"].nunique()
    return (f"This run: {n_all} images at {image_size}×{image_size} px, split "
            f"{shares['train']:.0%} train / {shares['val']:.0%} validation / "
            f"{shares['test']:.0%} test; a group holds {per_group.sum():.3g} images on average "
            f"({per_group.get('real', 0):.3g} real, {per_group.get('deepfake', 0):.3g} fake).")


def factor_examples(manifest: pd.DataFrame, seed: int) -> pd.DataFrame:
    """A few images with their nuisance factors: of each class (and fake family), two from
    different groups, one with the extra blur and one without; on a dataset that records no
    factors, two of each class with their file, label and group."""
    shuffled = manifest.sample(frac=1, random_state=seed)
    one_per_group = shuffled.drop_duplicates(["label", "group"])
    kinds = [c for c in ("label", "family") if c in manifest]
    if "blur_sigma" in manifest:  # of each kind, one blurred and one not
        one_per_group = one_per_group.assign(blurred=one_per_group["blur_sigma"] > 0)
        kinds.append("blurred")
    shown = one_per_group.groupby(kinds).head(1 if "blurred" in kinds else 2)
    columns = ["file", "label", "group", *(c for c in FACTORS if c in manifest)]
    return shown.sort_values(kinds)[columns]


def blur_reading(manifest: pd.DataFrame, image_size: int) -> str:
    """What share of this run's images got the extra nuisance blur, per class, and what a
    ``blur_sigma`` of 1 means in this run's pixels; on a dataset that records no blur, says so."""
    if "blur_sigma" not in manifest:
        return ("This dataset records no nuisance factors (only the embedded synthetic set "
                "does), so the table above shows only each image's file, label and group.")
    blurred = manifest["blur_sigma"] > 0
    by_class = blurred.groupby(manifest["label"]).mean()
    parts = ", ".join(f"{by_class[label]:.0%} of the {name}"
                      for label, name in (("real", "real faces"), ("deepfake", "fakes"))
                      if label in by_class)
    if image_size == BLUR_REFERENCE_PX:
        unit = (f"This run's images are {image_size} px wide, so `blur_sigma` is the blur's σ "
                "in their own pixels")
    else:
        unit = (f"`blur_sigma` is the blur's σ in pixels of a {BLUR_REFERENCE_PX}-px image "
                "(the paper's size), so that one value means the same blur at every profile's "
                f"size: in this run's {image_size}-px images, a `blur_sigma` of `1` is a σ of "
                f"{image_size / BLUR_REFERENCE_PX:.2g} px")
    return (f"In this run {blurred.mean():.0%} of the images got the extra blur ({parts}). "
            f"{unit}.")


def baseline_reading(n_real: int, n_fake: int,
                     scores: Callable[[int, int], Sequence[float]] | None,
                     model: dict[str, float] = MODEL_2) -> str:
    """The always-fake detector's scores on a test set of ``n_real`` real and ``n_fake`` fake
    faces, as ``scores`` (the student's ``always_fake_scores``, once q3 passes) computes them,
    beside a model's (by default the paper's Model 2): which of its scores clear the baseline,
    and by how much. ``scores`` None: q3 does not pass yet, and the reading says so."""
    if scores is None:
        side, model_2 = (("below", "Model 2 misses some") if model["recall"] < 1
                         else ("equal to", "so does Model 2"))
        return (f"Model 2's recall, {model['recall']:.3f} (the paper's Table I), is {side} the "
                "1.000 of a detector that calls every face fake (such a detector finds every "
                f"fake; {model_2}). How "
                "Model 2's accuracy and F1 compare with that detector's on the paper's test set "
                f"({n_real:,} real and {n_fake:,} fake faces), your `always_fake_scores` will "
                "show: once `q3.check()` passes, run this cell again.")
    base = dict(zip(("accuracy", "recall", "f1"), (float(v) for v in scores(n_real, n_fake))))
    said = (f"On a test set of {n_real:,} real and {n_fake:,} fake faces, your "
            f"`always_fake_scores` says that calling every face fake scores accuracy "
            f"{base['accuracy']:.3f}, recall {base['recall']:.3f} and F1 {base['f1']:.3f}. "
            f"Model 2 scored {model['accuracy']:.3f}, {model['recall']:.3f} and "
            f"{model['f1']:.3f} (the paper's Table I, F1 as a fraction).")
    beaten = [m for m in ("accuracy", "recall", "f1") if model[m] > base[m]]
    if model["recall"] < base["recall"]:
        said += " Its recall, the paper's headline, is *below* this do-nothing baseline's"
    else:
        said += " Its recall matches this do-nothing baseline's"
    if "f1" in beaten:
        said += f"; its F1 is {model['f1'] - base['f1']:.3f} above it"
    else:
        said += "; its F1 does not even reach it"
    if "accuracy" in beaten:
        said += (f", and its accuracy {model['accuracy'] - base['accuracy']:.3f} above it. "
                 "Read a score against this baseline, not against zero.")
    else:
        said += (", and its accuracy does not reach the baseline's either: on these counts the "
                 "model shows nothing that calling every face fake would not.")
    return said


def _against(difference: float) -> str:
    """``difference`` (model minus baseline) as words: '0.176 above it', 'level with it'."""
    if abs(difference) < 5e-4:
        return "level with it"
    return f"{abs(difference):.3f} {'above' if difference > 0 else '*below*'} it"


def baseline_summary(n_real: int, n_fake: int, model: dict[str, float] = MODEL_2) -> str:
    """The summary's sentence: the always-fake detector's accuracy, recall and F1 on a test set
    of ``n_real`` real and ``n_fake`` fake faces, computed by the course (it comes after the
    exercises, so it gives no answer away), and where a model (by default the paper's Model 2)
    stands against each."""
    from dfkit.evaluation import metrics

    base = metrics.always_fake(np.r_[np.zeros(n_real), np.ones(n_fake)])
    return (f"On the paper's test set ({n_real:,} real and {n_fake:,} fake faces, its Figs "
            "13–14), a detector that calls every face fake scores accuracy "
            f"{base['accuracy']:.3f}, recall {base['recall']:.3f} and F1 {base['f1']:.3f}. "
            f"Model 2 (the paper's Table I) is {_against(model['accuracy'] - base['accuracy'])} "
            f"in accuracy, {_against(model['f1'] - base['f1'])} in F1 and "
            f"{_against(model['recall'] - base['recall'])} in recall, the paper's headline.")
