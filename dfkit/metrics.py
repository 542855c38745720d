"""Classification metrics from labels and fake-probabilities, including what the paper left out."""

from __future__ import annotations

import numpy as np
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
    return {"accuracy": div(tp + tn, tn + fp + fn + tp), "precision": precision, "recall": recall,
            "specificity": specificity, "f1": div(2 * precision * recall, precision + recall),
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
