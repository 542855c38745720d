"""Exploratory statistics of the paper's §II-B, over a sample or a whole dataset.

:func:`describe_images` turns images into one row of numbers each (edge density, LBP entropy,
similarity to each class's average histogram, sharpness…); :func:`effect_sizes` says which
of them really separate real from fake, with Cohen's d and the ROC-AUC of the number alone.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np
import pandas as pd
from sklearn.metrics import roc_auc_score

from dfkit.features import handcrafted as F


@dataclass
class ClassAverages:
    """Per-class means of the paper's descriptors (Figs 1-4): what a 'typical' real or fake looks like."""

    colour_hist: dict[int, np.ndarray]  # label -> (3, 256)
    lbp_hist: dict[int, np.ndarray]  # label -> (256,)
    lbp_map: dict[int, np.ndarray]  # label -> (H, W) mean LBP code / 255
    edge_map: dict[int, np.ndarray]  # label -> (H, W) mean local edge density


def class_averages(images: np.ndarray, labels: np.ndarray) -> ClassAverages:
    """Average colour histogram, LBP histogram, LBP map and edge-density map of each class."""
    gray = F.to_gray(images)
    codes = F.lbp(gray)
    hist, lbp_h = F.color_histograms(images), F.lbp_histograms(codes)
    dens = F.edge_density_map(F.canny_edges(gray))
    pick = {y: labels == y for y in (0, 1)}
    return ClassAverages({y: hist[m].mean(0) for y, m in pick.items()},
                         {y: lbp_h[m].mean(0) for y, m in pick.items()},
                         {y: codes[m].mean(0) / 255 for y, m in pick.items()},
                         {y: dens[m].mean(0) for y, m in pick.items()})


def describe_images(images: np.ndarray, labels: np.ndarray, averages: ClassAverages | None = None) -> pd.DataFrame:
    """One row of descriptors per image, including the paper's similarities to class averages.

    ``averages`` must come from *training* images (:func:`class_averages`), so that the
    similarities of validation or test images are not computed with their own labels' help:
    averages built from the described images would make every similarity look better than it
    is, so there is no such default.
    """
    if averages is None:
        raise ValueError("describe_images needs class averages from the training images: "
                         "averages = eda.class_averages(train_images, train_labels). Averages of "
                         "the images described would let their own labels flatter the similarities.")
    gray = F.to_gray(images)
    codes = F.lbp(gray)
    edges = F.canny_edges(gray)
    dens = F.edge_density_map(edges)
    hist = F.color_histograms(images).reshape(len(images), -1)
    lbp_h = F.lbp_histograms(codes)
    entropy = -(lbp_h * np.log2(np.where(lbp_h > 0, lbp_h, 1))).sum(1)
    hsv = np.stack([cv2.cvtColor(im, cv2.COLOR_RGB2HSV) for im in images])
    sharp = np.array([cv2.Laplacian(g, cv2.CV_64F).var() for g in gray])
    table = pd.DataFrame({
        "y": labels.astype(int),
        "edge_density": F.edge_density(edges),
        "lbp_entropy": entropy,
        "sharpness": np.log1p(sharp),
        "brightness": gray.reshape(len(gray), -1).mean(1) / 255,
        "saturation": hsv[..., 1].reshape(len(hsv), -1).mean(1) / 255,
    })
    # each image's similarity to the real and to the fake average side by side, so that a row
    # reads across: which average is it nearer?
    for y, name in ((0, "real"), (1, "fake")):
        table[f"hist_cos_{name}"] = F.cosine_similarity(hist, averages.colour_hist[y].ravel())
    for y, name in ((0, "real"), (1, "fake")):
        table[f"lbp_cos_{name}"] = F.cosine_similarity(lbp_h, averages.lbp_hist[y])
    for y, name in ((0, "real"), (1, "fake")):
        table[f"edge_invdiff_{name}"] = F.inverse_difference(dens, averages.edge_map[y])
    return table


def cohens_d(a: np.ndarray, b: np.ndarray) -> float:
    """Standardised mean difference (b - a) / pooled std: 0.2 small, 0.5 medium, 0.8 large."""
    a, b = np.asarray(a, float), np.asarray(b, float)
    pooled = np.sqrt(((len(a) - 1) * a.var(ddof=1) + (len(b) - 1) * b.var(ddof=1)) / max(1, len(a) + len(b) - 2))
    return float((b.mean() - a.mean()) / pooled) if pooled > 0 else 0.0


def effect_sizes(table: pd.DataFrame, label: str = "y") -> pd.DataFrame:
    """For each descriptor: class means, Cohen's d (fake minus real) and its ROC-AUC alone.

    An AUC of 0.5 means the number alone cannot tell the classes apart; sorted by |AUC - 0.5|.
    """
    rows = []
    for col in table.columns.drop(label):
        real, fake = table.loc[table[label] == 0, col], table.loc[table[label] == 1, col]
        rows.append({"feature": col, "mean_real": real.mean(), "mean_fake": fake.mean(),
                     "cohens_d": cohens_d(real, fake), "auc": roc_auc_score(table[label], table[col])})
    out = pd.DataFrame(rows).set_index("feature")
    return out.reindex((out["auc"] - 0.5).abs().sort_values(ascending=False).index)


def auc_intervals(table: pd.DataFrame, groups, label: str = "y", n_boot: int = 1000,
                  seed: int = 0, level: float = 0.95, decimals: int = 3) -> pd.Series:
    """Each descriptor's ROC-AUC interval (a percentile bootstrap at ``level``) that resamples
    whole ``groups`` (one identity or pair of identities per row of ``table``) with
    replacement, as :func:`dfkit.evaluation.metrics.bootstrap` does for a model's scores:
    images of one person are not independent evidence. One ``pd.Interval`` per descriptor,
    both ends rounded to ``decimals`` as a table prints them, so that whether a printed
    interval includes 0.5 is what ``.array.contains(0.5)`` says."""
    from dfkit.evaluation.metrics import draws_with_both_classes, pair_ranking_auc

    y = table[label].to_numpy().astype(int)
    values = table.drop(columns=label)
    x = values.to_numpy(float)
    draws = np.array(draws_with_both_classes(
        lambda idx: [pair_ranking_auc(y[idx], x[idx, j]) for j in range(x.shape[1])],
        y, np.asarray(groups), n_boot, seed))
    return _intervals(draws, pd.Index(values.columns, name="feature"), level, decimals,
                      f"auc_{round(level * 100)}")


def mean_share_intervals(hits: pd.DataFrame, y, groups, n_boot: int = 1000, seed: int = 0,
                         level: float = 0.95, decimals: int = 3) -> pd.Series:
    """Each column's *mean share*, the share of True (``hits``: one row per image) among the
    reals and among the fakes (``y``), averaged over the two classes, as a percentile
    bootstrap interval at ``level`` that resamples whole ``groups``, as :func:`auc_intervals`
    does (the same draws machinery). Ends rounded to ``decimals``, so that whether a printed
    interval includes 0.5 is what ``.array.contains(0.5)`` says."""
    from dfkit.evaluation.metrics import draws_with_both_classes

    y = np.asarray(y).astype(int)
    x = hits.to_numpy(float)

    def mean_share(idx):
        return (x[idx][y[idx] == 0].mean(0) + x[idx][y[idx] == 1].mean(0)) / 2

    draws = np.array(draws_with_both_classes(mean_share, y, np.asarray(groups), n_boot, seed))
    return _intervals(draws, hits.columns, level, decimals, f"mean_{round(level * 100)}")


def _intervals(draws: np.ndarray, index: pd.Index, level: float, decimals: int,
               name: str) -> pd.Series:
    """The percentile interval at ``level`` of each column of bootstrap ``draws``, both ends
    rounded to ``decimals``: one closed ``pd.Interval`` per entry of ``index``."""
    low, high = np.percentile(draws, [(1 - level) / 2 * 100, (1 + level) / 2 * 100], axis=0)
    return pd.Series(pd.arrays.IntervalArray.from_arrays(
        np.round(low, decimals), np.round(high, decimals), closed="both"),
        index=index, name=name)


def separation(auc: pd.Series, decimals: int = 3) -> pd.Series:
    """How well each descriptor separates the classes, whichever scores higher: the larger of
    ``auc`` and ``1 - auc``, taken from the AUC rounded as a table prints it (``decimals``), so
    that a printed row's ``separation`` is exactly its printed ``auc`` or ``1 - auc``."""
    shown = auc.astype(float).round(decimals)
    return np.maximum(shown, 1 - shown)


def sample_aucs(table: pd.DataFrame, per_class: int, seed: int) -> pd.Series:
    """Every descriptor's AUC on ``per_class`` rows of each class of ``table`` (one row per
    image and its label in ``y``, as :func:`describe_images` gives), drawn with ``seed`` as
    :func:`dfkit.data.sample_per_class` draws images: on the rows of a validation split's
    table, the same images as drawing from the split's manifest with that seed."""
    from dfkit.data import sample_per_class

    return effect_sizes(sample_per_class(table, per_class, seed=seed))["auc"]
