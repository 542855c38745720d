"""Classification metrics from labels and fake-probabilities, including what the paper left out."""

from __future__ import annotations

import numpy as np
import pandas as pd
from sklearn import metrics as skm


def confusion(y_true: np.ndarray, y_pred: np.ndarray) -> dict[str, int]:
    """TN, FP, FN, TP with 'fake' (1) as the positive class."""
    tn, fp, fn, tp = skm.confusion_matrix(y_true, y_pred, labels=[0, 1]).ravel()
    return {"tn": int(tn), "fp": int(fp), "fn": int(fn), "tp": int(tp)}


def from_confusion(tn: int, fp: int, fn: int, tp: int) -> dict[str, float]:
    """Accuracy, precision, recall, specificity, F1 and balanced accuracy from the four counts."""
    div = lambda a, b: a / b if b else 0.0  # noqa: E731
    recall, specificity = div(tp, tp + fn), div(tn, tn + fp)
    precision = div(tp, tp + fp)
    return {"accuracy": div(tp + tn, tn + fp + fn + tp),
            "precision": precision,
            "recall": recall,
            "specificity": specificity,
            "f1": div(2 * precision * recall, precision + recall),
            "balanced_accuracy": (recall + specificity) / 2}


def summary(y_true: np.ndarray, p_fake: np.ndarray, threshold: float = 0.5) -> dict[str, float]:
    """Every headline metric at ``threshold``, plus the threshold-free ROC-AUC and PR-AUC."""
    y_true = np.asarray(y_true).astype(int)
    p_fake = np.asarray(p_fake, dtype=float).ravel()
    counts = confusion(y_true, (p_fake >= threshold).astype(int))
    out = from_confusion(**counts)
    both = len(np.unique(y_true)) == 2
    out["roc_auc"] = float(skm.roc_auc_score(y_true, p_fake)) if both else float("nan")
    out["pr_auc"] = float(skm.average_precision_score(y_true, p_fake)) if both else float("nan")
    return {**out, **counts, "threshold": threshold}


HEADLINE = ("accuracy", "precision", "recall", "specificity", "f1", "balanced_accuracy", "roc_auc", "pr_auc")


# ---- the same numbers for a bootstrap's thousands of draws ----------------------------------
# scikit-learn validates its inputs on every call (about 10 ms for the three metrics of a draw);
# a 1,000-draw bootstrap spent ten seconds there. These compute the same values with NumPy alone
# (tests/test_metrics.py compares them with summary() on data with ties).

def pair_ranking_auc(y_true: np.ndarray, p_fake: np.ndarray) -> float:
    """ROC-AUC as the Mann-Whitney statistic: the share of (fake, real) pairs ranked the right way
    round, ties counting half, which is the area under the ROC curve."""
    from scipy.stats import rankdata

    fake = y_true == 1
    n_fake, n_real = int(fake.sum()), int((~fake).sum())
    return float((rankdata(p_fake)[fake].sum() - n_fake * (n_fake + 1) / 2) / (n_fake * n_real))


def _average_precision(y_true: np.ndarray, p_fake: np.ndarray) -> float:
    """PR-AUC as scikit-learn's average precision: the precision at each distinct score, from the
    highest down, weighted by the recall it adds."""
    order = np.argsort(-p_fake, kind="mergesort")
    scores, labels = p_fake[order], y_true[order]
    last = np.r_[np.flatnonzero(np.diff(scores)), len(scores) - 1]  # the end of each run of ties
    caught = np.cumsum(labels)[last]
    precision, recall = caught / (last + 1), caught / caught[-1]
    return float(np.sum(np.diff(recall, prepend=0.0) * precision))


def _draw_summary(y_true: np.ndarray, p_fake: np.ndarray, threshold: float) -> dict[str, float]:
    """summary()'s headline metrics of one bootstrap draw holding both classes (int labels)."""
    flagged, fake = p_fake >= threshold, y_true == 1
    tp, fp = int((flagged & fake).sum()), int((flagged & ~fake).sum())
    fn, tn = int(fake.sum()) - tp, int((~fake).sum()) - fp
    return {**from_confusion(tn, fp, fn, tp), "roc_auc": pair_ranking_auc(y_true, p_fake),
            "pr_auc": _average_precision(y_true, p_fake)}


def always_fake(y_true: np.ndarray) -> dict[str, float]:
    """What a 'detector' that calls every face fake scores on these labels: the bar to beat."""
    y_true = np.asarray(y_true).astype(int)
    return summary(y_true, np.ones(len(y_true)), threshold=0.5)


def threshold_for_recall(y_val: np.ndarray, p_val: np.ndarray,
                         target_recall: float = 0.95) -> float:
    """The threshold that reaches ``target_recall`` on *validation* data with the best precision.

    Choose it on validation, then apply it unchanged to test: choosing on test would report a
    recall the model cannot promise. Among thresholds with recall >= target, the highest
    precision wins (ties: the highest threshold, which keeps more real faces).
    """
    y_val = np.asarray(y_val).astype(int)
    precision, recall, thresholds = skm.precision_recall_curve(
        y_val, np.asarray(p_val, float).ravel())
    # the last point (recall 0) has no threshold
    ok = np.nonzero(recall[:-1] >= target_recall)[0]
    if len(ok) == 0:  # a target above 1: the lowest threshold, recall 1
        return float(thresholds.min())
    best = ok[precision[ok] == precision[ok].max()]
    return float(thresholds[best].max())


def _group_index(groups, n: int) -> list[np.ndarray]:
    """Row indices of each group (``groups`` is one label per row), in a fixed order."""
    groups = np.asarray(groups)
    if len(groups) != n:
        raise ValueError(f"groups has {len(groups)} labels for {n} rows: give one group per row "
                         "(e.g. the split's 'group' column: identity or video)")
    _, inverse = np.unique(groups, return_inverse=True)
    order = np.argsort(inverse, kind="stable")
    return np.split(order, np.cumsum(np.bincount(inverse))[:-1])


def _binary_labels(y_true, what: str) -> np.ndarray:
    """``y_true`` as 0 (real) / 1 (fake) ints, or a ValueError: the draws count fakes as label 1."""
    y = np.asarray(y_true)
    if not np.isin(y, (0, 1)).all():
        raise ValueError(f"{what} needs labels 0 (real) and 1 (fake); got {sorted(set(y.tolist()))[:5]}: "
                         "map them first, e.g. (labels == 'fake').astype(int)")
    return y.astype(int)


def _resample(rng: np.random.Generator, n: int, members: list[np.ndarray] | None) -> np.ndarray:
    """Row indices of one bootstrap draw: ``n`` images with replacement, or as many whole groups
    (``members``, from :func:`_group_index`) as there are, with replacement."""
    if members is None:
        return rng.integers(0, n, n)
    return np.concatenate([members[g] for g in rng.integers(0, len(members), len(members))])


def bootstrap(y_true: np.ndarray, p_fake: np.ndarray, threshold: float = 0.5, n_boot: int = 1000,
              seed: int = 0, level: float = 0.95, groups=None) -> pd.DataFrame:
    """Each headline metric with a percentile bootstrap confidence interval.

    Without ``groups`` it resamples images. With ``groups`` (one identity or video label per image)
    it resamples whole groups (a cluster bootstrap): frames of one person are not independent
    evidence, so resampling images would give intervals far too narrow. A draw holding one class
    only has no ROC-AUC and is redrawn; ``table.attrs["redrawn"]`` counts them. Columns: value
    (on all data), low, high; one row per metric.
    """
    y_true = _binary_labels(y_true, "bootstrap")
    p_fake = np.asarray(p_fake, float).ravel()
    if len(np.unique(y_true)) < 2:
        raise ValueError("bootstrap needs real and fake images in y_true: this split holds one class only")
    rng = np.random.default_rng(seed)
    point = summary(y_true, p_fake, threshold)
    members = _group_index(groups, len(y_true)) if groups is not None else None
    draws = {m: [] for m in HEADLINE}
    redrawn, limit = 0, 100 * n_boot
    while len(draws[HEADLINE[0]]) < n_boot:
        idx = _resample(rng, len(y_true), members)
        if len(np.unique(y_true[idx])) < 2:
            redrawn += 1
            if redrawn > limit:
                raise ValueError(f"{redrawn} bootstrap draws held one class only: too few groups "
                                 f"({len(members) if members is not None else len(y_true)}) with both "
                                 "classes to bootstrap; report the point value without an interval")
            continue
        s = _draw_summary(y_true[idx], p_fake[idx], threshold)
        for m in HEADLINE:
            draws[m].append(s[m])
    lo, hi = (1 - level) / 2 * 100, (1 + level) / 2 * 100
    rows = {m: {"value": point[m], "low": np.percentile(draws[m], lo), "high": np.percentile(draws[m], hi)}
            for m in HEADLINE}
    table = pd.DataFrame(rows).T
    table.attrs.update(redrawn=redrawn, n_boot=n_boot,
                       resampled="groups" if members is not None else "images",
                       n_units=len(members) if members is not None else len(y_true))
    return table


def paired_auc_difference(y_true: np.ndarray, p_a: np.ndarray, p_b: np.ndarray, groups=None,
                          n_boot: int = 1000, seed: int = 0, level: float = 0.95) -> tuple[float, float, float]:
    """ROC-AUC of ``p_b`` minus that of ``p_a`` on the same faces, with a percentile bootstrap interval.

    Both models are scored on every resample of the same faces (whole ``groups`` when given), so the
    interval is of the *difference*: two models tested on one split share its luck, and two
    overlapping intervals of their own do not show that they are alike. (difference, low, high).
    """
    from sklearn.metrics import roc_auc_score

    y_true = _binary_labels(y_true, "paired_auc_difference")
    p_a, p_b = (np.asarray(p, float).ravel() for p in (p_a, p_b))
    if len(np.unique(y_true)) < 2:
        raise ValueError("paired_auc_difference needs real and fake images in y_true")
    draws = draws_with_both_classes(
        lambda idx: pair_ranking_auc(y_true[idx], p_b[idx]) - pair_ranking_auc(y_true[idx], p_a[idx]),
        y_true, groups, n_boot, seed)
    diff = roc_auc_score(y_true, p_b) - roc_auc_score(y_true, p_a)
    lo, hi = np.percentile(draws, [(1 - level) / 2 * 100, (1 + level) / 2 * 100])
    return float(diff), float(lo), float(hi)


def draws_with_both_classes(statistic, y: np.ndarray, groups=None, n_boot: int = 1000,
                            seed: int = 0) -> list[float]:
    """``statistic(idx)`` on ``n_boot`` bootstrap resamples of the faces (whole ``groups`` when
    given) that hold both classes; a paired comparison evaluates both sides on each ``idx``.
    Raises when too few resamples hold both classes (too few groups to bootstrap)."""
    rng = np.random.default_rng(seed)
    members = _group_index(groups, len(y)) if groups is not None else None
    draws = []
    for _ in range(100 * n_boot):
        if len(draws) == n_boot:
            break
        idx = _resample(rng, len(y), members)
        if 0 < y[idx].sum() < len(idx):
            draws.append(statistic(idx))
    if len(draws) < n_boot:
        raise ValueError("too few resamples held both classes: too few groups to bootstrap")
    return draws


def wilson_interval(errors: float, n: int,
                    z: float = 1.96) -> tuple[float, float]:
    """Wilson score interval of a proportion: honest even for few images or rates near 0 or 1.

    ``errors`` is a float: counted in identities it is an effective count (a row's error rate
    times its identities), rarely whole."""
    if n == 0:
        return float("nan"), float("nan")
    p = errors / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * np.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    # inside [0, 1] in exact arithmetic; the clip only guards rounding at 0 or n errors
    return float(max(0.0, centre - half)), float(min(1.0, centre + half))


def _too_little_to_resample(errors: np.ndarray, sizes: np.ndarray, few: int) -> bool:
    """Whether resampling groups cannot vary the rate (enough): every group has the same rate,
    or fewer than ``few`` groups have an error, or a correct answer."""
    too_few = min((errors > 0).sum(), (errors < sizes).sum()) < few
    return bool(np.ptp(errors / sizes) == 0 or too_few)


def _cluster_rate_interval(errors: np.ndarray, sizes: np.ndarray, n_boot: int, seed: int,
                           level: float = 0.95, few: int = 0) -> tuple[float, float]:
    """Percentile interval of sum(errors)/sum(sizes) when whole groups are resampled.

    When every group has the same rate (all flagged, or none), every draw is identical and the
    percentile interval has zero width; Wilson's interval on the number of groups is used then,
    and also when fewer than ``few`` groups have an error, or a correct answer (the bootstrap
    then draws on the same few and comes out too narrow).
    """
    if len(sizes) < 2:
        return float("nan"), float("nan")  # one group: its spread cannot be estimated
    if _too_little_to_resample(errors, sizes, few):
        rate = float(errors.sum() / sizes.sum())
        low, high = wilson_interval(rate * len(sizes), len(sizes))
        return min(low, rate), max(high, rate)  # round-off must not leave the rate outside
    rng = np.random.default_rng(seed)
    draw = rng.integers(0, len(sizes), (n_boot, len(sizes)))
    rates = errors[draw].sum(axis=1) / sizes[draw].sum(axis=1)
    return (float(np.percentile(rates, (1 - level) / 2 * 100)),
            float(np.percentile(rates, (1 + level) / 2 * 100)))


def error_rate_interval(wrong, groups=None, n_boot: int = 2000, seed: int = 0,
                        few: int = 0) -> tuple[float, float, float]:
    """(error rate, low, high) of a boolean ``wrong`` per image, with a 95% interval.

    With ``groups`` (identity or video per image) the interval comes from a cluster bootstrap
    over groups, since images of one group fail together (Wilson's on the number of groups when
    all groups have the same rate, e.g. all flagged); without, the Wilson interval, which
    assumes independent images. Fewer than two groups: no interval (NaN bounds). ``few``: use
    Wilson's on the number of groups also when fewer than ``few`` groups have an error (or a
    correct answer), where a bootstrap comes out too narrow (chapter 07 passes 5).
    """
    wrong = np.asarray(wrong).astype(bool).ravel()
    if len(wrong) == 0:
        return float("nan"), float("nan"), float("nan")
    rate = float(wrong.mean())
    if groups is None:
        return (rate, *wilson_interval(int(wrong.sum()), len(wrong)))
    members = _group_index(groups, len(wrong))
    errors = np.array([wrong[m].sum() for m in members], float)
    sizes = np.array([len(m) for m in members], float)
    return (rate, *_cluster_rate_interval(errors, sizes, n_boot, seed, few=few))


def interval_method(wrong, groups=None, few: int = 0) -> str:
    """Which interval ``error_rate_interval`` (same ``few``) gives these images: "bootstrap"
    (resampling groups), "Wilson" (on the number of groups, the rate as an effective count of
    errors: ``wilson_interval(rate * groups, groups)``), "Wilson (images)" without ``groups``,
    or "none" (fewer than two groups)."""
    wrong = np.asarray(wrong).astype(bool).ravel()
    if groups is None:
        return "Wilson (images)"
    members = _group_index(groups, len(wrong))
    if len(members) < 2:
        return "none"
    errors = np.array([wrong[m].sum() for m in members], float)
    sizes = np.array([len(m) for m in members], float)
    return "Wilson" if _too_little_to_resample(errors, sizes, few) else "bootstrap"


def error_rate_difference(wrong, in_a, in_b, groups=None, n_boot: int = 2000, seed: int = 0,
                          level: float = 0.95) -> tuple[float, float, float]:
    """Error rate among rows ``in_a`` minus that among rows ``in_b``, with a bootstrap interval.

    Two overlapping intervals do not show that two rates are alike (nor is a gap shown only when
    they do not overlap): compare rates by an interval of their *difference*. With ``groups``
    (identity per image) every draw resamples whole groups, and both rates are computed on the
    same draw, since one identity's images often sit in both rows. (difference, low, high);
    draws that leave a row empty are skipped.
    """
    wrong = np.asarray(wrong).astype(bool).ravel()
    in_a, in_b = (np.asarray(m).astype(bool).ravel() for m in (in_a, in_b))
    if not (in_a.any() and in_b.any()):
        return float("nan"), float("nan"), float("nan")
    diff = float(wrong[in_a].mean() - wrong[in_b].mean())
    members = _group_index(groups, len(wrong)) if groups is not None else None
    rng = np.random.default_rng(seed)
    draws = []
    for _ in range(n_boot):
        idx = _resample(rng, len(wrong), members)
        a, b = in_a[idx], in_b[idx]
        if a.any() and b.any():
            draws.append(wrong[idx][a].mean() - wrong[idx][b].mean())
    if not draws:
        return diff, float("nan"), float("nan")
    lo, hi = np.percentile(draws, [(1 - level) / 2 * 100, (1 + level) / 2 * 100])
    return diff, float(lo), float(hi)


def newcombe_difference(rate_a: float, n_a: float, rate_b: float, n_b: float,
                        z: float = 1.96) -> tuple[float, float, float]:
    """``rate_a - rate_b`` with Newcombe's hybrid score interval (1998, method 10).

    Each rate gets its own Wilson interval (``n``: how many independent units it counts; the
    course passes identities, not images); the difference's interval adds the two rows'
    distances from their rates in quadrature, on the side each row can move:
    ``low = d - sqrt((a - low_a)^2 + (high_b - b)^2)``, ``high = d + sqrt((high_a - a)^2 +
    (b - low_b)^2)``. Unlike a bootstrap it keeps a row's uncertainty at zero errors. It treats
    the rows as independent, which is conservative when one identity sits in both.
    """
    if n_a <= 0 or n_b <= 0:
        return float("nan"), float("nan"), float("nan")
    low_a, high_a = wilson_interval(rate_a * n_a, n_a, z)
    low_b, high_b = wilson_interval(rate_b * n_b, n_b, z)
    diff = rate_a - rate_b
    low = diff - np.sqrt((rate_a - low_a) ** 2 + (high_b - rate_b) ** 2)
    high = diff + np.sqrt((high_a - rate_a) ** 2 + (rate_b - low_b) ** 2)
    return float(diff), float(max(-1.0, low)), float(min(1.0, high))


def error_rates_by(frame: pd.DataFrame, column: str, wrong: str = "wrong", bins=None, groups=None,
                   by_class: bool = False, n_boot: int = 2000, seed: int = 0,
                   few: int = 0, method: bool = False) -> pd.DataFrame:
    """Error rate per value (or bin) of ``column`` with counts and a 95% interval.

    ``groups``: a column name of ``frame`` (or one label per row) naming each image's identity or
    video; the interval is then a cluster bootstrap over groups (and ``groups`` counts them),
    otherwise Wilson's, which assumes independent images. ``by_class=True`` splits every row by
    the true label (column ``y``: real / fake, real first), whose error rates usually differ. ``few``: as
    in ``error_rate_interval``. ``method=True`` adds a column ``method``: which interval each
    row has (``interval_method``).
    """
    frame = frame.reset_index(drop=True)  # positions, for the group labels
    key = pd.cut(frame[column], bins) if bins is not None else frame[column]
    keys = [key]
    if by_class:
        # real before fake, as the course's figures and prose put them (not alphabetical)
        classes = pd.Categorical(frame["y"].map({0: "real", 1: "fake"}),
                                 categories=["real", "fake"])
        keys = [pd.Series(classes, index=frame.index, name="class"), key]
    group_labels = None
    if groups is not None:
        group_labels = frame[groups].to_numpy() if isinstance(groups, str) else np.asarray(groups)
        if len(group_labels) != len(frame):
            raise ValueError(f"groups has {len(group_labels)} labels for {len(frame)} rows")
    rows = []
    for value, part in frame.groupby(keys, observed=True, sort=True):
        value = value if isinstance(value, tuple) else (value,)
        k, n = int(part[wrong].sum()), len(part)
        row = dict(zip(["class", column] if by_class else [column], value))
        if by_class:
            row["class"] = str(row["class"])  # a plain string, not a category
        row.update(images=n, errors=k, error_rate=k / n)
        labels = None if group_labels is None else group_labels[part.index.to_numpy()]
        if labels is not None:
            _, low, high = error_rate_interval(part[wrong].to_numpy(), labels, n_boot, seed,
                                               few)
            row["groups"] = len(np.unique(labels))
        else:
            low, high = wilson_interval(k, n)
        row.update(low=low, high=high)
        if method:
            row["method"] = interval_method(part[wrong].to_numpy(), labels, few)
        rows.append(row)
    return pd.DataFrame(rows)


def validation_threshold(y_val: np.ndarray, p_val: np.ndarray) -> dict[str, float | str]:
    """The decision threshold that maximises balanced accuracy on *validation* (Youden's J), for
    ``predict``: a model's probabilities are rarely calibrated at 0.5, and test must not choose it.

    Ties go to the threshold nearest 0.5. Returns the threshold, the rule and its validation scores.
    """
    y_val = np.asarray(y_val).astype(int)
    p_val = np.asarray(p_val, float).ravel()
    if len(np.unique(y_val)) < 2:
        return {"value": 0.5, "rule": "0.5 (validation holds one class only)"}
    fpr, tpr, thresholds = skm.roc_curve(y_val, p_val)
    j = tpr - fpr
    best = np.nonzero(j == j.max())[0]
    finite = np.clip(thresholds[best], 0.0, 1.0)  # roc_curve's first threshold is +inf
    value = float(finite[np.argmin(np.abs(finite - 0.5))])
    at = summary(y_val, p_val, value)
    return {"value": value, "rule": "max balanced accuracy on validation",
            "val_balanced_accuracy": at["balanced_accuracy"], "val_recall": at["recall"],
            "val_specificity": at["specificity"]}
