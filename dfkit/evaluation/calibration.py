"""Does a predicted 0.9 mean "fake nine times in ten"? Reliability bins, ECE, and rescaling.

* :func:`reliability_bins` and :func:`expected_calibration_error` measure calibration of the
  fake-probability (the positive class), binned as scikit-learn's ``calibration_curve`` bins it,
  optionally with per-image weights (to look at another prevalence, see
  :func:`dfkit.evaluation.base_rates.prevalence_weights`).
* :func:`fit_temperature` / :func:`apply_temperature` (Guo et al. 2017) and :func:`fit_platt` /
  :func:`apply_platt` (Platt 1999) rescale the model's logit; both are fitted on *validation*
  scores and applied unchanged to test.
"""

from __future__ import annotations

import math

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from scipy import optimize

EPS = 1e-7  # probabilities are clipped to [EPS, 1 - EPS] before taking logits


def checked_scores(y_true, p_fake,
                   sample_weight=None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Labels, scores and weights as flat float arrays, after checking what a wrong call passes:
    one score per label, scores in [0, 1], labels 0 (real) or 1 (fake), weights non-negative."""
    y = np.asarray(y_true, dtype=float).ravel()
    p = np.asarray(p_fake, dtype=float).ravel()
    if len(y) != len(p):
        raise ValueError(f"y_true has {len(y)} labels but p_fake has {len(p)} scores: "
                         "pass one per image.")
    if len(p) and (np.nanmin(p) < 0 or np.nanmax(p) > 1 or np.isnan(p).any()):
        raise ValueError("p_fake must hold probabilities in [0, 1] "
                         "(pass the model's sigmoid output).")
    if not np.isin(y, (0, 1)).all():
        raise ValueError("y_true must hold 0 (real) and 1 (fake) only.")
    w = np.ones_like(p) if sample_weight is None else np.asarray(sample_weight, dtype=float).ravel()
    if len(w) != len(p) or (w < 0).any():
        raise ValueError("sample_weight needs one non-negative weight per image.")
    return y, p, w


def bin_edges(p_fake: np.ndarray, n_bins: int = 10, strategy: str = "uniform") -> np.ndarray:
    """``n_bins + 1`` edges: equal width on [0, 1] ("uniform") or equal count ("quantile")."""
    if strategy == "uniform":
        return np.linspace(0.0, 1.0, n_bins + 1)
    if strategy == "quantile":
        return np.percentile(np.asarray(p_fake, float).ravel(), np.linspace(0, 100, n_bins + 1))
    raise ValueError(f"strategy must be 'uniform' or 'quantile', not {strategy!r}.")


def reliability_bins(y_true: np.ndarray, p_fake: np.ndarray, n_bins: int = 10,
                     strategy: str = "uniform",
                     sample_weight: np.ndarray | None = None) -> pd.DataFrame:
    """One row per non-empty bin of predicted P(fake): its range, how many images (and their
    weight), the mean prediction and the share that really is fake.

    Bins are scikit-learn's: a score on an inner edge belongs to the lower bin. Without weights,
    ``fraction_fake`` and ``mean_predicted`` equal ``calibration_curve``'s two arrays.
    """
    y, p, w = checked_scores(y_true, p_fake, sample_weight)
    edges = bin_edges(p, n_bins, strategy)
    index = np.searchsorted(edges[1:-1], p)  # as sklearn: value on an inner edge -> lower bin
    weight = np.bincount(index, weights=w, minlength=n_bins)
    predicted = np.bincount(index, weights=w * p, minlength=n_bins)
    fake = np.bincount(index, weights=w * y, minlength=n_bins)
    count = np.bincount(index, minlength=n_bins)
    keep = weight > 0
    with np.errstate(invalid="ignore", divide="ignore"):
        table = pd.DataFrame({"low": edges[:-1], "high": edges[1:], "images": count,
                              "weight": weight, "mean_predicted": predicted / weight,
                              "fraction_fake": fake / weight})
    table = table[keep].reset_index(drop=True)
    table["gap"] = table["fraction_fake"] - table["mean_predicted"]
    return table


def expected_calibration_error(
        y_true: np.ndarray, p_fake: np.ndarray, n_bins: int = 10,
        strategy: str = "uniform",
        sample_weight: np.ndarray | None = None) -> float:
    """ECE: the gap between predicted P(fake) and the share of fakes, averaged over bins
    weighted by how many images (or how much weight) each bin holds. 0 is perfectly calibrated."""
    bins = reliability_bins(y_true, p_fake, n_bins, strategy, sample_weight)
    share = bins["weight"] / bins["weight"].sum()  # each bin's share of weight
    return float(np.sum(share * np.abs(bins["gap"])))


def logit(p_fake: np.ndarray) -> np.ndarray:
    """log(p / (1 - p)), with p clipped away from 0 and 1 so that the logit stays finite."""
    p = np.clip(np.asarray(p_fake, dtype=float), EPS, 1 - EPS)
    return np.log(p) - np.log1p(-p)


def sigmoid(z: np.ndarray) -> np.ndarray:
    """The inverse of :func:`logit`."""
    return 1.0 / (1.0 + np.exp(-np.asarray(z, dtype=float)))


def log_loss(y_true: np.ndarray, p_fake: np.ndarray) -> float:
    """Mean negative log-likelihood of the labels (what the rescalings minimise)."""
    y = np.asarray(y_true, float).ravel()
    p = np.clip(np.asarray(p_fake, float).ravel(), EPS, 1 - EPS)
    return float(-np.mean(y * np.log(p) + (1 - y) * np.log1p(-p)))


def apply_temperature(p_fake: np.ndarray, temperature: float) -> np.ndarray:
    """Divide the logit by ``temperature``: above 1 softens over-confident scores, below 1 sharpens.
    The order of the scores and the 0.5 decision do not change."""
    return sigmoid(logit(p_fake) / temperature)


def fit_temperature(y_val: np.ndarray, p_val: np.ndarray,
                    bounds: tuple[float, float] = (0.02, 50.0)) -> float:
    """The temperature that minimises the validation log loss (one number, fitted on validation)."""
    y, p, _ = checked_scores(y_val, p_val)
    if len(np.unique(y)) < 2:
        raise ValueError("fit_temperature needs real and fake faces in the "
                         "validation labels.")
    z = logit(p)

    def loss(log_t: float) -> float:
        return log_loss(y, sigmoid(z / np.exp(log_t)))

    best = optimize.minimize_scalar(loss, bounds=np.log(bounds),
                                    method="bounded", options={"xatol": 1e-6})
    return float(np.exp(best.x))


def apply_platt(p_fake: np.ndarray, a: float, b: float) -> np.ndarray:
    """Platt scaling: sigmoid(a · logit(p) + b). Temperature scaling is the case b = 0, a = 1/T."""
    return sigmoid(a * logit(p_fake) + b)


def fit_platt(y_val: np.ndarray, p_val: np.ndarray) -> tuple[float, float]:
    """(a, b) of a logistic regression of the validation labels on the model's logit,
    unregularised, fitted by maximum likelihood."""
    y, p, _ = checked_scores(y_val, p_val)
    if len(np.unique(y)) < 2:
        raise ValueError("fit_platt needs real and fake faces in the validation labels.")
    z = logit(p)

    def loss_and_grad(ab: np.ndarray) -> tuple[float, np.ndarray]:
        q = np.clip(sigmoid(ab[0] * z + ab[1]), EPS, 1 - EPS)
        loss = -np.mean(y * np.log(q) + (1 - y) * np.log1p(-q))
        r = q - y
        return float(loss), np.array([np.mean(r * z), np.mean(r)])

    best = optimize.minimize(loss_and_grad, x0=np.array([1.0, 0.0]), jac=True, method="L-BFGS-B",
                             options={"gtol": 1e-10, "ftol": 1e-14, "maxiter": 1000})
    return float(best.x[0]), float(best.x[1])


def cross_fitted(y_val: np.ndarray, p_val: np.ndarray, method: str,
                 groups: np.ndarray | None = None, n_folds: int = 5, seed: int = 0) -> np.ndarray:
    """Each validation score rescaled by ``method`` (``"temperature"`` or ``"Platt"``) fitted on
    the *other* folds: scores no fit has seen, to compare rescalings on validation without using
    test. ``groups`` keeps each group (identity) in one fold. A fold whose other folds lack one
    class keeps its raw scores."""
    y, p, _ = checked_scores(y_val, p_val)
    units = np.arange(len(y)) if groups is None else np.asarray(groups)
    names = np.random.default_rng(seed).permutation(np.unique(units))
    fold_of = {u: i % max(1, min(n_folds, len(names))) for i, u in enumerate(names)}
    fold = np.array([fold_of[u] for u in units])
    out = p.copy()
    for k in np.unique(fold):
        fit, held = fold != k, fold == k
        if len(np.unique(y[fit])) < 2:
            continue
        if method == "temperature":
            out[held] = apply_temperature(p[held], fit_temperature(y[fit], p[fit]))
        elif method == "Platt":
            out[held] = apply_platt(p[held], *fit_platt(y[fit], p[fit]))
        else:
            raise ValueError(f"method must be 'temperature' or 'Platt', not {method!r}")
    return out


def fitted_map(method: str, y_val: np.ndarray, p_val: np.ndarray):
    """The rescaling ``method`` (``"raw"``: none, ``"temperature"`` or ``"Platt"``) fitted on
    the validation scores, as a function to apply unchanged to other scores."""
    if method == "raw":
        return lambda p_fake: np.asarray(p_fake, float)
    if method == "temperature":
        t = fit_temperature(y_val, p_val)
        return lambda p_fake: apply_temperature(p_fake, t)
    if method == "Platt":
        a, b = fit_platt(y_val, p_val)
        return lambda p_fake: apply_platt(p_fake, a, b)
    raise ValueError(f"method must be 'raw', 'temperature' or 'Platt', not {method!r}")


LINE_FLOOR = 0.01  # a sized diagram joins only bins holding at least this share


def _dot_size(share) -> np.ndarray:
    """A sized dot's area (points²) for a share of the faces or of the weight, one scale for
    every diagram (a ch11 reader saw equal dots mean different shares from figure to figure):
    it grows with the square root of the share, so that a bin of one face in 120 looks much
    smaller than one of thirty, and a dot resting on 0.01% still shows."""
    return 6 + 400 * np.sqrt(np.clip(share, 0.0, 1.0))


def plot_reliability(curves: dict[str, tuple[np.ndarray, np.ndarray]], n_bins: int = 10,
                     weights: dict[str, np.ndarray] | None = None,
                     title: str = "reliability diagram",
                     ax: plt.Axes | None = None, sized: bool = False) -> plt.Figure:
    """Reliability diagram: share of fakes against mean predicted P(fake) per bin, one line per
    ``{name: (y_true, p_fake)}``, ECE in the legend (under the axes, off the curves); the diagonal
    is perfect calibration. ``sized``: each bin is a hollow dot (one shape per curve, so that
    dots at one place both show) whose area grows with its bin's share of the faces (with
    ``weights``: of the weight), on one scale keyed in the legend, and faint lines join only
    neighbouring bins holding ``LINE_FLOOR`` or more, so that a point resting on almost nothing
    stands alone, as a dot; the axes then reach a little past 0 and 1, so that a dot on an
    edge shows whole and the dots at the origin clear the tick labels."""
    if ax is None:
        _, ax = plt.subplots(figsize=(5.6 if sized else 4.5, 5.6 if sized else 5.0))
    ax.plot([0, 1], [0, 1], ls=":", color="grey", lw=1, label="perfectly calibrated")
    shapes = "osD^v"
    for k, (name, (y, p)) in enumerate(curves.items()):
        w = (weights or {}).get(name)
        bins = reliability_bins(y, p, n_bins, sample_weight=w)
        ece = expected_calibration_error(y, p, n_bins, sample_weight=w)
        label = f"{name} (ECE {ece:.3f})"
        if not sized:
            ax.plot(bins["mean_predicted"], bins["fraction_fake"], marker="o", ms=4, label=label)
            continue
        share = bins["weight"] / bins["weight"].sum()
        joined = bins["fraction_fake"].where(share >= LINE_FLOOR)  # NaN breaks the line
        line, = ax.plot(bins["mean_predicted"], joined, lw=1, alpha=0.35)
        ax.scatter(bins["mean_predicted"], bins["fraction_fake"],
                   s=_dot_size(share),
                   marker=shapes[k % len(shapes)], facecolors="none", linewidths=1.5,
                   edgecolors=line.get_color(), zorder=3, clip_on=False, label=label)
    pad = 0.05 if sized else 0.0
    ax.set(xlim=(-pad, 1 + pad), ylim=(-pad, 1 + pad),
           xlabel="mean predicted P(fake) in the bin",
           ylabel="share of the bin that is fake", title=title)
    # below the axes: inside, it hid the points of a curve that climbs at the left
    handles, labels = ax.get_legend_handles_labels()
    if sized:  # a second column: the key of the dot sizes
        blank = plt.Line2D([], [], ls="none")
        # 0.01% only where weights can make it: a bin of faces holds at least one
        of, shares = (("weight", (0.5, 0.1, 0.01, 0.0001)) if weights else
                      ("faces", (0.5, 0.1, 0.01)))
        keys = [ax.scatter([], [], s=_dot_size(v), facecolors="none",
                           edgecolors="dimgrey", linewidths=1.5) for v in shares]
        keys.append(plt.Line2D([], [], color="dimgrey", lw=1, alpha=0.35))
        key_labels = [f"dot size: the bin's share of the {of}",
                      *(f"{v * 100:g}%" for v in shares),
                      f"lines join bins of {LINE_FLOOR:.0%} or more"]
        rows = max(len(handles), len(key_labels))
        handles = (handles + [blank] * (rows - len(handles)) + [blank, *keys]
                   + [blank] * (rows - len(key_labels)))
        labels = labels + [""] * (rows - len(labels)) + key_labels + [""] * (rows - len(key_labels))
    ax.legend(handles, labels, fontsize=8, loc="upper center", bbox_to_anchor=(0.5, -0.16),
              frameon=False, ncols=2 if sized else 1)
    ax.figure.tight_layout()
    return ax.figure


def platt_crossing(a: float, b: float) -> float:
    """The score that Platt's map sigmoid(a·logit + b) leaves where it is: logit b / (1 - a).
    NaN when a = 1 (to three decimals): then no score stays, every one moves the way b says."""
    if abs(a - 1) < 5e-4:
        return math.nan
    return 1 / (1 + math.exp(-b / (1 - a)))


def plot_rescaling_maps(temperature: float, a: float, b: float,
                        ax: plt.Axes | None = None) -> plt.Figure:
    """Each fitted rescaling as a curve, raw score -> rescaled score, against the identity line
    (a score left unchanged): above it a map raises scores, below it lowers them. Platt's
    crossing, where its curve meets the identity, is marked; temperature's is always 0.5."""
    if ax is None:
        _, ax = plt.subplots(figsize=(4.8, 5.0))
    p = np.linspace(0.001, 0.999, 400)
    ax.plot([0, 1], [0, 1], ls=":", color="grey", lw=1, label="unchanged (output = input)")
    ax.plot(p, apply_temperature(p, temperature), lw=2, label=f"temperature, T = {temperature:.2f}")
    ax.plot(p, apply_platt(p, a, b), lw=2, ls="--", label=f"Platt, a = {a:.2f}, b = {b:.2f}")
    crossing = platt_crossing(a, b)
    if 0.001 < crossing < 0.999:  # False for NaN (a = 1: no crossing)
        ax.plot([crossing], [crossing], "o", color="black", ms=6,
                label=f"Platt's crossing, {crossing:.2f}")
    ax.set(xlim=(0, 1), ylim=(0, 1), aspect="equal", xlabel="raw score (model's P(fake))",
           ylabel="rescaled score", title="the two rescalings, fitted on validation")
    ax.legend(fontsize=8, loc="upper center", bbox_to_anchor=(0.5, -0.16), frameon=False)
    ax.figure.tight_layout()
    return ax.figure
