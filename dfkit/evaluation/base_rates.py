"""What a detector's flag means where most faces are real: precision at a prevalence, and the
threshold that costs least for a prevalence and a price of each mistake.

Recall and specificity do not depend on how many fakes there are; precision does. With
prevalence π (the share of faces that are fake), Bayes' rule gives

    precision = recall·π / (recall·π + (1 − specificity)·(1 − π)).

Scores measured on a balanced test split are moved to another prevalence by reweighting the two
classes (:func:`prevalence_weights`) or, for calibrated probabilities, by :func:`shift_prior`.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

PREVALENCES = (0.5, 0.1, 0.01, 0.001)


def _check_prevalence(prevalence) -> np.ndarray:
    pi = np.asarray(prevalence, dtype=float)
    if np.any((pi < 0) | (pi > 1)) or np.isnan(pi).any():
        raise ValueError("prevalence is the share of faces that are fake: a number in [0, 1], "
                         f"not {prevalence!r}.")
    return pi


def precision_at_prevalence(recall, specificity, prevalence):
    """Share of flagged faces that are fake when a share ``prevalence`` of
    faces is.

    NaN when nothing would be flagged (recall 0 and specificity 1, or
    prevalence 0 and specificity 1). Works on numbers or arrays.
    """
    prevalence = np.asarray(prevalence, dtype=float)
    if np.any((prevalence < 0) | (prevalence > 1)):
        raise ValueError("prevalence is the share of faces that are fake: "
                         "a number in [0, 1].")
    caught = np.asarray(recall, dtype=float) * prevalence
    false_alarm_rate = 1 - np.asarray(specificity, dtype=float)
    false_alarms = false_alarm_rate * (1 - prevalence)
    flagged = caught + false_alarms
    with np.errstate(invalid="ignore", divide="ignore"):
        # NaN: nothing flagged
        out = np.where(flagged > 0, caught / flagged, np.nan)
    return float(out) if out.ndim == 0 else out


def expected_counts(recall: float, specificity: float, prevalence: float,
                    n: int = 10_000) -> dict[str, float]:
    """Expected TP, FN, FP, TN (and how many flagged) among ``n`` faces at ``prevalence``."""
    pi = float(_check_prevalence(prevalence))
    fakes, reals = n * pi, n * (1 - pi)
    tp, fp = recall * fakes, (1 - specificity) * reals
    return {"faces": n, "fakes": fakes, "real faces": reals, "tp": tp, "fn": fakes - tp, "fp": fp,
            "tn": reals - fp, "flagged": tp + fp}


def rates(y_true: np.ndarray, p_fake: np.ndarray, threshold) -> tuple[np.ndarray, np.ndarray]:
    """Recall and specificity of the rule "fake if p_fake >= threshold" (one or many thresholds)."""
    y = np.asarray(y_true).astype(int).ravel()
    p = np.asarray(p_fake, dtype=float).ravel()
    if not ((y == 0).any() and (y == 1).any()):
        raise ValueError("rates need both real (0) and fake (1) faces in y_true.")
    t = np.atleast_1d(np.asarray(threshold, dtype=float))
    fake, real = np.sort(p[y == 1]), np.sort(p[y == 0])
    recall = 1 - np.searchsorted(fake, t, side="left") / len(fake)  # share of fake scores >= t
    specificity = np.searchsorted(real, t, side="left") / len(real)  # share of real scores < t
    if np.ndim(threshold) == 0:
        return float(recall[0]), float(specificity[0])
    return recall, specificity


def prevalence_weights(y_true: np.ndarray, prevalence: float) -> np.ndarray:
    """Per-image weights under which the labelled set has the given share of fakes (mean 1).

    Every metric computed with these weights is what the same scores would give on a set where
    fakes are that rare; recall and specificity are unchanged, precision and calibration are not.
    """
    y = np.asarray(y_true).astype(int).ravel()
    pi = float(_check_prevalence(prevalence))
    n_fake, n_real = int((y == 1).sum()), int((y == 0).sum())
    if n_fake == 0 or n_real == 0:
        raise ValueError("prevalence_weights needs both real (0) and fake (1) faces.")
    return np.where(y == 1, pi * len(y) / n_fake, (1 - pi) * len(y) / n_real)


def shift_prior(p_fake: np.ndarray, prevalence: float, from_prevalence: float = 0.5) -> np.ndarray:
    """Move calibrated probabilities from the prevalence they were calibrated at to another one:
    the posterior odds are multiplied by the ratio of the prior odds (Bayes' rule)."""
    pi, pi0 = float(_check_prevalence(prevalence)), float(_check_prevalence(from_prevalence))
    if not (0 < pi < 1 and 0 < pi0 < 1):
        raise ValueError("prevalences must be strictly between 0 and 1.")
    p = np.clip(np.asarray(p_fake, dtype=float), 1e-12, 1 - 1e-12)
    log_odds = np.log(p / (1 - p)) + np.log(pi / (1 - pi)) - np.log(pi0 / (1 - pi0))
    return 1.0 / (1.0 + np.exp(-log_odds))


def expected_cost(recall, specificity, prevalence, cost_fp: float = 1.0, cost_fn: float = 1.0):
    """Expected cost per face: a missed fake costs ``cost_fn``, a real face flagged ``cost_fp``."""
    pi = _check_prevalence(prevalence)
    missed = pi * (1 - np.asarray(recall, float))
    false_alarms = (1 - pi) * (1 - np.asarray(specificity, float))
    return missed * cost_fn + false_alarms * cost_fp


def cost_threshold(y_val: np.ndarray, p_val: np.ndarray, prevalence: float, cost_fp: float = 1.0,
                   cost_fn: float = 1.0) -> float:
    """The threshold with the lowest expected cost per face at ``prevalence``, measured on
    *validation* scores; apply it unchanged to test.

    Candidates are the validation scores themselves and ``inf`` ("flag nothing"); among equally
    cheap thresholds the highest wins (it flags fewest real faces).
    """
    if cost_fp < 0 or cost_fn < 0:
        raise ValueError("costs must be non-negative.")
    candidates = np.append(np.unique(np.asarray(p_val, dtype=float)), np.inf)
    recall, specificity = rates(y_val, p_val, candidates)
    cost = expected_cost(recall, specificity, prevalence, cost_fp, cost_fn)
    best = np.nonzero(np.isclose(cost, cost.min(), rtol=1e-12, atol=1e-15))[0]
    return float(candidates[best].max())


def cost_table(y_true: np.ndarray, p_fake: np.ndarray, thresholds: dict[str, float],
               prevalence: float, cost_fp: float = 1.0, cost_fn: float = 1.0) -> pd.DataFrame:
    """Each named threshold of ``{name: threshold}`` measured on ``(y_true, p_fake)``, a row
    each: ``threshold``, ``recall``, ``spec.`` (specificity), ``caught`` (fakes flagged) and
    ``real flagged`` (counts on these faces), the precision at ``prevalence`` (column named by
    :func:`prevalence_label`, NaN when nothing is flagged) and ``cost/1k``, the
    :func:`expected_cost` per 1,000 faces where a share ``prevalence`` is fake. ``inf`` is the
    choice to flag nothing."""
    y = np.asarray(y_true).astype(int).ravel()
    p = np.asarray(p_fake, dtype=float).ravel()
    rows = {}
    for name, threshold in thresholds.items():
        recall, specificity = rates(y, p, threshold)
        flagged = p >= threshold
        rows[name] = {"threshold": float(threshold), "recall": recall, "spec.": specificity,
                      "caught": int(np.sum(flagged & (y == 1))),
                      "real flagged": int(np.sum(flagged & (y == 0))),
                      prevalence_label(prevalence):
                          precision_at_prevalence(recall, specificity, prevalence),
                      "cost/1k": 1000 * float(expected_cost(recall, specificity, prevalence,
                                                            cost_fp, cost_fn))}
    return pd.DataFrame.from_dict(rows, orient="index")


def shown_costs(costs: pd.DataFrame) -> pd.DataFrame:
    """:func:`cost_table`'s table as the page shows it: threshold and rates to 3 decimals,
    precisions to 3 significant digits (:func:`significant`), costs to 1 decimal."""
    shown = costs.round({"threshold": 3, "recall": 3, "spec.": 3, "cost/1k": 1})
    precisions = [c for c in costs.columns if str(c).startswith("prec @")]
    shown[precisions] = significant(costs[precisions])
    return shown


def cost_gap_interval(y_true: np.ndarray, p_fake: np.ndarray, threshold: float,
                      prevalence: float, cost_fp: float = 1.0, cost_fn: float = 1.0, groups=None,
                      n_boot: int = 2000, seed: int = 0,
                      level: float = 0.95, against=None) -> tuple[float, float, float]:
    """Expected cost per face at ``threshold`` minus that of flagging nothing (π·cost_fn), with
    a percentile bootstrap interval: (gap, low, high); a gap below 0 is cheaper than nothing.
    ``against``: another rule's ``(scores, threshold)`` on the same faces, whose cost replaces
    flagging nothing's; each draw costs both rules on the same resampled faces (a paired gap).

    With ``groups`` (identity or video per face) whole groups are resampled (the cluster
    bootstrap of :func:`dfkit.evaluation.metrics.bootstrap`), since faces of one person are not
    independent evidence; without, faces. Draws holding one class only are redrawn.
    """
    from dfkit.evaluation import metrics  # its paired group bootstrap

    y = metrics._binary_labels(y_true, "cost_gap_interval")
    p = np.asarray(p_fake, dtype=float).ravel()
    nothing = float(_check_prevalence(prevalence)) * cost_fn

    def cost(scores, cut, idx) -> float:
        r, s = rates(y[idx], scores[idx], cut)
        return float(expected_cost(r, s, prevalence, cost_fp, cost_fn))

    if against is not None:
        other, other_cut = np.asarray(against[0], dtype=float).ravel(), against[1]

    def gap(idx) -> float:
        base = nothing if against is None else cost(other, other_cut, idx)
        return cost(p, threshold, idx) - base

    draws = metrics.draws_with_both_classes(gap, y, groups, n_boot, seed)
    low, high = np.percentile(draws, [(1 - level) / 2 * 100, (1 + level) / 2 * 100])
    return gap(np.arange(len(y))), float(low), float(high)


def bayes_threshold(prevalence: float, cost_fp: float = 1.0, cost_fn: float = 1.0,
                    from_prevalence: float = 0.5) -> float:
    """The cheapest threshold for *calibrated* probabilities (calibrated at ``from_prevalence``):
    flag when the posterior at ``prevalence`` exceeds cost_fp / (cost_fp + cost_fn)."""
    pi, pi0 = float(_check_prevalence(prevalence)), float(_check_prevalence(from_prevalence))
    if not (0 < pi < 1 and 0 < pi0 < 1):
        raise ValueError("prevalences must be strictly between 0 and 1.")
    if cost_fp + cost_fn <= 0:
        raise ValueError("at least one cost must be positive.")
    target_odds = cost_fp / cost_fn if cost_fn > 0 else np.inf
    odds = target_odds * (pi0 / (1 - pi0)) / (pi / (1 - pi))
    return float(1.0 if np.isinf(odds) else odds / (1 + odds))


def prevalence_label(prevalence: float) -> str:
    """A precision column's name, the prevalence as one fake in so many: ``prec @ 1 in 1,000``."""
    pi = float(_check_prevalence(prevalence))
    if pi <= 0:
        raise ValueError("a precision needs some fakes: the prevalence must be above 0.")
    return f"prec @ 1 in {1 / pi:,.0f}" if abs(1 / pi - round(1 / pi)) < 1e-9 \
        else f"prec @ {pi:.3g}"


def precision_table(operating_points: dict[str, tuple[float, float]],
                    prevalences=PREVALENCES) -> pd.DataFrame:
    """Precision of each ``{name: (recall, specificity)}`` at each prevalence (rows: names;
    columns named by :func:`prevalence_label`, e.g. ``prec @ 1 in 100``)."""
    return pd.DataFrame({prevalence_label(pi): {name: precision_at_prevalence(r, s, pi)
                                                for name, (r, s) in operating_points.items()}
                         for pi in prevalences})


def significant(frame: pd.DataFrame, digits: int = 3) -> pd.DataFrame:
    """``frame`` with every number shown to ``digits`` significant digits (as text), so that a
    precision of ``0.00175`` keeps its digits where rounding to decimals would show ``0.002``."""
    def show(value):
        if isinstance(value, (int, float, np.floating, np.integer)) and not isinstance(value, bool):
            if isinstance(value, (int, np.integer)):
                return str(value)  # a count keeps its digits
            # '#': trailing zeros kept, so 0.800 and 0.410 show three digits like the rest
            return "NaN" if np.isnan(value) else f"{value:#.{digits}g}"
        return value
    return frame.apply(lambda column: column.map(show))


#: line style and marker of each operating point in turn, so that curves lying close together
#: differ by more than their colour
_STYLES = (("-", "o"), ("--", "s"), (":", "^"), ("-.", "D"))


def plot_precision_vs_prevalence(operating_points: dict[str, tuple[float, float]],
                                 marks=PREVALENCES, ax: plt.Axes | None = None) -> plt.Figure:
    """Precision against prevalence for each ``{name: (recall, specificity)}``, both axes on a
    log scale: on a linear axis precisions of 0.017 and 0.059 (the rare-fake end, where a
    deployed detector works) would look the same. Fakes become rarer from left to right."""
    if ax is None:
        _, ax = plt.subplots(figsize=(6.4, 3.6))
    grid = np.union1d(np.logspace(np.log10(min(marks)), np.log10(max(marks)), 200), marks)
    at_marks = [int(np.argmin(np.abs(grid - pi))) for pi in marks]
    lowest = 1.0
    for i, (name, (r, s)) in enumerate(operating_points.items()):
        style, marker = _STYLES[i % len(_STYLES)]
        curve = precision_at_prevalence(r, s, grid)
        ax.plot(grid, curve, ls=style, marker=marker, markevery=at_marks, ms=5,
                mfc="none" if i % 2 else None, label=name)  # points at the marked prevalences
        shown = curve[np.isfinite(curve) & (curve > 0)]
        lowest = min(lowest, shown.min()) if shown.size else lowest
    ax.set(xscale="log", yscale="log", ylim=(max(lowest / 1.5, 1e-5), 1.3),
           xlabel="prevalence: one fake in so many faces (log scale; rarer to the right)",
           ylabel="precision: flagged faces\nthat are really fake (log scale)",
           title="precision falls as fakes become rarer (a line per operating point)")
    ax.set_xticks(marks, [prevalence_label(pi).removeprefix("prec @ ") for pi in marks])
    ax.set_xlim(max(marks) * 1.3, min(marks) / 1.3)  # reversed: fakes rarer to the right
    ax.xaxis.set_minor_locator(plt.NullLocator())  # only the marked prevalences are labelled
    ax.yaxis.set_major_locator(plt.LogLocator(subs=(1.0, 2.0, 5.0)))  # 0.001, 0.002, 0.005, …
    ax.yaxis.set_minor_locator(plt.NullLocator())
    ax.yaxis.set_major_formatter(plt.FuncFormatter(lambda v, _: f"{v:g}"))
    for pi in marks:
        ax.axvline(pi, color="grey", lw=0.5, ls=":")
    ax.legend(fontsize=9)
    ax.figure.tight_layout()
    return ax.figure


def plot_cost_curve(y_val: np.ndarray, p_val: np.ndarray, prevalence: float,
                    cost_fp: float = 1.0, cost_fn: float = 1.0, chosen: float | None = None,
                    ax: plt.Axes | None = None) -> plt.Figure:
    """Expected cost per 1,000 faces of every threshold :func:`cost_threshold` tries on
    validation (each validation score), the cost of flagging nothing as a line, and ``chosen``
    (the threshold it returned) as a point: the search takes the lowest point wherever it lies.

    Without ``ax`` the figure has a second panel (``axes[1]``) that zooms on the thresholds
    costing less than 1.5 times flagging nothing, where the cheapest and the dips beside it
    lie; the first panel shows every threshold."""
    cuts = np.unique(np.asarray(p_val, dtype=float))
    recall, specificity = rates(y_val, p_val, cuts)
    cost = 1000 * expected_cost(recall, specificity, prevalence, cost_fp, cost_fn)
    nothing = 1000 * float(_check_prevalence(prevalence)) * cost_fn
    point = None
    if chosen is not None and np.isfinite(chosen):
        r, s = rates(y_val, p_val, chosen)
        point = (chosen, 1000 * expected_cost(r, s, prevalence, cost_fp, cost_fn))
    if ax is None:
        _, (ax, zoom) = plt.subplots(1, 2, figsize=(10, 3.8))
    else:
        zoom = None
    for where in (ax, zoom):
        if where is None:
            continue
        where.plot(cuts, cost, ".-", ms=4, lw=0.8, label="each validation score as threshold")
        where.axhline(nothing, color="grey", ls="--", lw=1, label="flag nothing (threshold inf)")
        if point is not None:
            where.plot([point[0]], [point[1]], "o", color="C3", ms=9, mfc="none", mew=2,
                       label=f"chosen: {point[0]:.3f}")
        where.set(xlabel="threshold (validation scores)", ylabel="cost per 1,000 faces")
        where.set_ylim(bottom=0)
    ax.set_title("expected cost on validation, threshold by threshold", fontsize=10)
    ax.legend(fontsize=8)
    if zoom is not None:
        top = 1.5 * nothing
        low = cuts[cost <= top]
        if len(low):
            pad = 0.02 * max(low.max() - low.min(), 0.05)
            zoom.set_xlim(low.min() - pad, low.max() + pad)
        zoom.set_ylim(0, top)
        zoom.set_title("zoom: thresholds costing under 1.5 × flagging nothing", fontsize=10)
    ax.figure.tight_layout()
    return ax.figure
