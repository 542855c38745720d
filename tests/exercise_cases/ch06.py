"""Right and wrong namespaces for the chapter 06 exercises (see tests/test_exercises.py)."""

import json
import textwrap
from pathlib import Path

import numpy as np
import pandas as pd

from dfkit.evaluation import metrics


def _balanced(y, p, t):
    pred = np.asarray(p) >= t
    y = np.asarray(y) == 1
    return ((pred & y).sum() / y.sum() + (~pred & ~y).sum() / (~y).sum()) / 2


def _by_summary(y, p, t):  # dfkit's own summary does the work
    return metrics.summary(y, p, t)["balanced_accuracy"]


def _by_sklearn(y, p, t):
    from sklearn.metrics import balanced_accuracy_score

    return balanced_accuracy_score(y, np.asarray(p) >= t)


def _by_confusion_matrix(y, p, t):  # scikit-learn counts, dfkit's from_confusion averages
    from sklearn.metrics import confusion_matrix

    return metrics.from_confusion(
        *confusion_matrix(y, np.asarray(p) >= t).ravel())["balanced_accuracy"]


def _by_dunder_import(y, p, t):
    module = __import__("sklearn.metrics", fromlist=["x"])
    return module.balanced_accuracy_score(y, np.asarray(p) >= t)


def _by_caught(y, p, t):  # a library call whose refusal is caught, then the formula
    try:
        return _by_dunder_import(y, p, t)
    except Exception:
        return _balanced(y, p, t)


def _own_counts(y, p, t):
    """Counts made by the answer, averaged by a notebook's own from_confusion: allowed."""
    def from_confusion(tn, fp, fn, tp):
        return {"balanced_accuracy": (tp / (tp + fn) + tn / (tn + fp)) / 2}

    pred, fake = np.asarray(p) >= t, np.asarray(y) == 1
    return from_confusion(tn=(~pred & ~fake).sum(), fp=(pred & ~fake).sum(),
                          fn=(~pred & fake).sum(), tp=(pred & fake).sum())["balanced_accuracy"]


CHAPTER = Path(__file__).resolve().parents[2] / "chapters" / "06_recall_metrics.ipynb"


def _as_the_chapter(answer: str):
    """``answer`` (a cell's source) run as a student runs it: in a namespace that ran the
    chapter's own ``from_confusion`` cell first, taken from the notebook a student opens."""
    cell = next("".join(c["source"]) for c in json.loads(CHAPTER.read_text())["cells"]
                if c["cell_type"] == "code" and "def from_confusion(" in "".join(c["source"]))
    scope = {"__name__": "__main__", "np": np, "pd": pd}
    exec(compile(cell, "<chapter cell>", "exec"), scope)  # noqa: S102 - the chapter's own code
    exec(compile(textwrap.dedent(answer), "<answer cell>", "exec"), scope)  # noqa: S102
    return scope["balanced_accuracy_at"]


# report_06 finding 1: counts made with NumPy, rates from the notebook's own @save
# from_confusion (the route the prompt and hint 2 recommend), which has the code of the
# library's from_confusion and was refused as a copy of it
_CHAPTER_ROUTE = """
def balanced_accuracy_at(y_true, p_fake, threshold):
    y = np.asarray(y_true)
    called = np.asarray(p_fake) >= threshold
    tp = (called & (y == 1)).sum(); fn = (~called & (y == 1)).sum()
    tn = (~called & (y == 0)).sum(); fp = (called & (y == 0)).sum()
    return from_confusion(tn, fp, fn, tp)["balanced_accuracy"]
"""


def _library_rates(y, p, t):  # own counts, the library's from_confusion by a built name
    pred, fake = np.asarray(p) >= t, np.asarray(y) == 1
    rates = getattr(__import__("dfkit.evaluation." + "metrics", fromlist=["x"]),
                    "from_" + "confusion")
    return rates((~pred & ~fake).sum(), (pred & ~fake).sum(), (~pred & fake).sum(),
                 (pred & fake).sum())["balanced_accuracy"]


def _by_roc_curve(y_true, p_fake, threshold):  # report_06 finding 2: the curve counts
    m = __import__("sk" + "learn.metrics", fromlist=["x"])
    fpr, tpr, th = getattr(m, "roc_" + "curve")(y_true, p_fake, drop_intermediate=False)
    i = np.flatnonzero(th >= threshold)[-1]
    return (tpr[i] + 1 - fpr[i]) / 2


def _by_det_curve(y_true, p_fake, threshold):  # the same through det_curve
    m = __import__("sk" + "learn.metrics", fromlist=["x"])
    fpr, fnr, th = getattr(m, "det_" + "curve")(y_true, p_fake)
    i = np.flatnonzero(th >= threshold)[0]
    return (1 - fnr[i] + 1 - fpr[i]) / 2


def _by_roc_auc(y, p, t):  # the AUC of 0/1 decisions is their balanced accuracy
    m = __import__("sk" + "learn.metrics", fromlist=["x"])
    return getattr(m, "roc_" + "auc_score")(y, np.asarray(p) >= t)


def _by_rates(y, p, t):  # report_06 finding 1: base_rates.rates by a string-built import
    import importlib

    m = importlib.import_module("dfk" + "it.eval" + "uation.base_" + "rates")
    return sum(getattr(m, "ra" + "tes")(y, p, t)) / 2


def _by_ranking_auc(y, p, t):  # the course's AUC of 0/1 decisions: their balanced accuracy
    m = __import__("dfk" + "it.evaluation.met" + "rics", fromlist=["x"])
    return getattr(m, "pair_ranking_" + "auc")(y, (np.asarray(p) >= t).astype(float))


def _by_draw_summary(y, p, t):  # a private helper of the course's metrics
    m = __import__("dfk" + "it.evaluation.met" + "rics", fromlist=["x"])
    return getattr(m, "_draw_" + "summary")(np.asarray(y), np.asarray(p, float),
                                           t)["balanced_accuracy"]


# report_06 finding 1 (r20): a confusion matrix under another name, by a string-built import
def _by_contingency(y, p, t):
    import importlib

    m = importlib.import_module("sk" + "learn.metrics.cluster")
    c = np.asarray(getattr(m, "contingency" + "_matrix")(y, np.asarray(p) >= t))
    return (c[1, 1] / c[1].sum() + c[0, 0] / c[0].sum()) / 2


def _by_contingency_private(y, p, t):  # the same from the module that defines it
    import importlib

    m = importlib.import_module("sk" + "learn.metrics.cluster._super" + "vised")
    c = np.asarray(getattr(m, "contingency" + "_matrix")(y, np.asarray(p) >= t))
    return (c[1, 1] / c[1].sum() + c[0, 0] / c[0].sum()) / 2


def _by_reliability_bins(y, p, t):  # the course's calibration bins, decisions as "labels"
    import importlib

    cal = importlib.import_module("dfkit.evaluation." + "calibration")
    bins = getattr(cal, "reliability_" + "bins")(np.asarray(p) >= t,
                                                 np.asarray(y, float), n_bins=2)
    false_alarm, caught = bins["fraction_fake"]
    return (caught + 1 - false_alarm) / 2


def _by_mannwhitneyu(y, p, t):  # the AUC of 0/1 decisions (U over n1*n0): balanced accuracy
    import importlib

    stats = importlib.import_module("sci" + "py.stats")
    d, fake = (np.asarray(p) >= t).astype(float), np.asarray(y) == 1
    u = getattr(stats, "mann" + "whitneyu")(d[fake], d[~fake]).statistic
    return u / (fake.sum() * (~fake).sum())


# report_06 finding 1 (r22): SciPy's own cross table of the four cells, reached with a
# plain getattr (the reader's game_q2b.py) and by a string-built import (game_q2.py)
def _by_scipy_crosstab(y_true, p_fake, threshold):
    from scipy.stats import contingency

    def from_confusion(tn, fp, fn, tp):
        return {"balanced_accuracy": (tp / (tp + fn) + tn / (tn + fp)) / 2}

    # a literal getattr (the route: the name check reads no strings)
    tab = getattr(contingency, "crosstab")(  # noqa: B009
        np.asarray(y_true).astype(int), (np.asarray(p_fake) >= threshold).astype(int),
        levels=([0, 1], [0, 1])).count
    return from_confusion(tab[0, 0], tab[0, 1], tab[1, 0],
                          tab[1, 1])["balanced_accuracy"]


def _by_scipy_crosstab_built(y_true, p_fake, threshold):
    import importlib

    mod = importlib.import_module("scipy.stats." + "contin" + "gency")
    tab = getattr(mod, "cross" + "tab")(np.asarray(y_true).astype(int),
                                        (np.asarray(p_fake) >= threshold).astype(int),
                                        levels=([0, 1], [0, 1])).count
    return (tab[1, 1] / tab[1].sum() + tab[0, 0] / tab[0].sum()) / 2


# report_06 finding 1 (r22): scikit-learn's "balanced" sample weights (n / (2 n_class))
# average the correct decisions into balanced accuracy; a string-built import
def _by_sample_weight(y_true, p_fake, threshold):
    import importlib

    mod = importlib.import_module("sk" + "learn.utils.class_weight")
    w = getattr(mod, "compute_sample_weight")(  # noqa: B009 - the reader's code
        "balanced", np.asarray(y_true))
    return float(np.average((np.asarray(p_fake) >= threshold) == np.asarray(y_true),
                            weights=w))


def _by_class_weight(y_true, p_fake, threshold):  # the same from the class weights
    import importlib

    mod = importlib.import_module("sk" + "learn.utils.class_" + "weight")
    y = np.asarray(y_true)
    w = getattr(mod, "compute_class_" + "weight")("balanced", classes=np.array([0, 1]), y=y)
    return float(np.average((np.asarray(p_fake) >= threshold) == y, weights=w[y]))


def _by_keras(y, p, t):  # report_06 finding 2: Keras counts, by a string-built import
    import importlib

    km = getattr(importlib.import_module("ker" + "as"), "met" + "rics")
    below = float(np.nextafter(np.float32(t), np.float32(0)))  # keras calls fake above it
    c = {}
    for n in ("TruePositives", "FalseNegatives", "TrueNegatives", "FalsePositives"):
        m = getattr(km, n)(thresholds=below)
        m.update_state(np.asarray(y, "float32"), np.asarray(p, "float32"))
        c[n] = round(float(m.result()))
    return (c["TruePositives"] / (c["TruePositives"] + c["FalseNegatives"])
            + c["TrueNegatives"] / (c["TrueNegatives"] + c["FalsePositives"])) / 2


def _by_keras_counter(y, p, t):  # the counter under Keras' confusion metrics, called itself
    import importlib

    mu = importlib.import_module("ker" + "as.src.metrics.metrics_" + "utils")
    keras = importlib.import_module("ker" + "as")
    names = ("TRUE_POSITIVES", "FALSE_NEGATIVES", "TRUE_NEGATIVES", "FALSE_POSITIVES")
    cells = {getattr(mu.ConfusionMatrix, n): keras.Variable(np.zeros(1, "float32"))
             for n in names}
    below = float(np.nextafter(np.float32(t), np.float32(0)))
    getattr(mu, "update_confusion_matrix_" + "variables")(
        cells, np.asarray(y, "float32"), np.asarray(p, "float32"), thresholds=[below])
    tp, fn, tn, fp = (float(np.asarray(cells[getattr(mu.ConfusionMatrix, n)])[0])
                      for n in names)
    return (tp / (tp + fn) + tn / (tn + fp)) / 2


def _by_crosstab(y, p, t):  # pandas gives the per-class rates (the reviewer's answer)
    rates = pd.crosstab(np.asarray(y), np.asarray(p) >= t, normalize="index")
    return (rates.loc[0, False] + rates.loc[1, True]) / 2


def _by_value_counts(y, p, t):  # pandas' normalised counts give each class's rate
    called = pd.Series(np.asarray(p) >= t)
    fake = np.asarray(y) == 1
    recall = called[fake].value_counts(normalize=True).get(True, 0.0)
    specificity = called[~fake].value_counts(normalize=True).get(False, 0.0)
    return (recall + specificity) / 2


def _by_crosstab_alias(y, p, t):  # the same through another name: refused as it runs
    return _cross(np.asarray(y), np.asarray(p) >= t, normalize="index").values.trace() / 2


_cross = pd.crosstab


def _by_value_counts_alias(y, p, t):  # the method under another name (the reviewer's H1)
    called, fake = pd.Series(np.asarray(p) >= t), np.asarray(y) == 1
    return (_counts(called[fake], normalize=True).get(True, 0.0)
            + _counts(called[~fake], normalize=True).get(False, 0.0)) / 2


_counts = pd.Series.value_counts


def _strict(y, p, t):
    return _balanced(y, p, np.nextafter(t, 1))


def _accuracy(y, p, t):
    return float(((np.asarray(p) >= t) == (np.asarray(y) == 1)).mean())


def _table(low, high):
    """A bootstrap table of eight metrics: ``low`` and ``high`` each one value or eight."""
    rows = ["accuracy", "precision", "recall", "specificity", "f1", "balanced_accuracy",
            "roc_auc", "pr_auc"]
    return pd.DataFrame({"value": 0.8, "low": low, "high": high}, index=rows)


def _ratios(rates, share, seeds=4):
    """Width ratios by metric and seed: recall and specificity at ``rates``, precision, F1
    and PR-AUC at ``share`` (each one value, or one per seed), the rest at 1."""
    rows = ["accuracy", "precision", "recall", "specificity", "f1", "balanced_accuracy",
            "roc_auc", "pr_auc"]
    table = pd.DataFrame(1.0, index=rows, columns=[f"seed {s}" for s in range(seeds)])
    table.loc[["recall", "specificity"]] = np.broadcast_to(rates, (2, seeds))
    table.loc[["precision", "f1", "pr_auc"]] = np.broadcast_to(share, (3, seeds))
    return table


def _q3(letter, ratios):
    return {"q3_prediction": letter, "ratios": ratios}


# the laptop run's kind: the per-class rates wider on every seed
LAPTOP = _ratios([1.09, 1.12, 1.05, 1.10], [0.91, 0.95, 0.93, 0.90])
MIXED = _ratios([1.09, 0.98, 1.05, 1.10], [0.91, 1.02, 0.93, 0.90])  # seeds disagree


def _run(target=0.80, answer=None):
    rng = np.random.default_rng(3)
    y_val, y_test = rng.integers(0, 2, 120), rng.integers(0, 2, 120)
    val_scores = {"cnn": np.clip(0.4 * y_val + 0.6 * rng.random(120), 0, 1)}
    test_scores = {"cnn": np.clip(0.4 * y_test + 0.6 * rng.random(120), 0, 1)}
    ns = {"q4_target": target, "y_val": y_val, "val_scores": val_scores, "y_test": y_test,
          "test_scores": test_scores}
    t = metrics.threshold_for_recall(y_val, val_scores["cnn"], 0.80)
    right = metrics.summary(y_test, test_scores["cnn"], t)["specificity"]
    ns["q4_specificity"] = right if answer is None else answer(ns)
    return ns


def _spec_at(target):
    def answer(ns):
        t = metrics.threshold_for_recall(ns["y_val"], ns["val_scores"]["cnn"], target)
        return metrics.summary(ns["y_test"], ns["test_scores"]["cnn"], t)["specificity"]
    return answer


CASES = {
    "q1": {"right": [lambda: {"extra_real_kept": 279}, lambda: {"extra_real_kept": 279.0},
                     lambda: {"extra_real_kept": np.int64(279)}],
           "wrong": [lambda: {"extra_real_kept": 305}, lambda: {"extra_real_kept": 610},
                     lambda: {"extra_real_kept": 278.785}, lambda: {"extra_real_kept": 278},
                     lambda: {"extra_real_kept": 331 / 749}, lambda: {"extra_real_kept": "279"},
                     lambda: {"extra_real_kept": 280}]},
    "q2": {"right": [lambda: {"balanced_accuracy_at": _balanced},
                     lambda: {"balanced_accuracy_at": _own_counts},
                     lambda: {"balanced_accuracy_at": _as_the_chapter(_CHAPTER_ROUTE)}],
           "wrong": [lambda: {"balanced_accuracy_at": _by_summary},
                     lambda: {"balanced_accuracy_at": _by_sklearn},
                     lambda: {"balanced_accuracy_at": _by_confusion_matrix},
                     lambda: {"balanced_accuracy_at": _by_dunder_import},
                     lambda: {"balanced_accuracy_at": _by_caught},
                     lambda: {"balanced_accuracy_at": metrics.summary},
                     lambda: {"balanced_accuracy_at": _by_crosstab},
                     lambda: {"balanced_accuracy_at": _by_value_counts},
                     lambda: {"balanced_accuracy_at": _by_crosstab_alias},
                     lambda: {"balanced_accuracy_at": _by_value_counts_alias},
                     lambda: {"balanced_accuracy_at": _by_roc_curve},
                     lambda: {"balanced_accuracy_at": _by_det_curve},
                     lambda: {"balanced_accuracy_at": _by_roc_auc},
                     # report_06 findings 1 and 2: the course's counting and Keras',
                     # each reached by a name built from strings
                     lambda: {"balanced_accuracy_at": _by_rates},
                     lambda: {"balanced_accuracy_at": _by_ranking_auc},
                     lambda: {"balanced_accuracy_at": _by_draw_summary},
                     lambda: {"balanced_accuracy_at": _by_keras},
                     lambda: {"balanced_accuracy_at": _by_keras_counter},
                     # report_06 finding 1 (r20): a confusion matrix under another
                     # name, the course's calibration bins, and the AUC of the
                     # decisions by SciPy's U statistic, by string-built names
                     lambda: {"balanced_accuracy_at": _by_contingency},
                     lambda: {"balanced_accuracy_at": _by_contingency_private},
                     lambda: {"balanced_accuracy_at": _by_reliability_bins},
                     lambda: {"balanced_accuracy_at": _by_mannwhitneyu},
                     # report_06 finding 1 (r22): SciPy's crosstab and
                     # scikit-learn's balanced sample and class weights
                     lambda: {"balanced_accuracy_at": _by_scipy_crosstab},
                     lambda: {"balanced_accuracy_at": _by_scipy_crosstab_built},
                     lambda: {"balanced_accuracy_at": _by_sample_weight},
                     lambda: {"balanced_accuracy_at": _by_class_weight},
                     # the library's from_confusion itself is still refused
                     lambda: {"balanced_accuracy_at": _library_rates},
                     lambda: {"balanced_accuracy_at": _strict}, lambda: {"balanced_accuracy_at": _accuracy},
                     lambda: {"balanced_accuracy_at": lambda y, p, t: 0.5},
                     lambda: {"balanced_accuracy_at": lambda y, p, t: 1 / 0}]},
    "q3": {"right": [lambda: _q3("a", LAPTOP), lambda: _q3("b", _ratios(0.95, 1.1)),
                     lambda: _q3("c", MIXED), lambda: _q3("c", _ratios(1.0, 1.0)),
                     # a family with no ratio at all (every image width 0): no comparison
                     lambda: _q3("c", _ratios(np.nan, 0.9))],
           "wrong": [lambda: _q3("b", LAPTOP), lambda: _q3("c", LAPTOP),
                     lambda: _q3("a", MIXED), lambda: _q3("b", MIXED),
                     lambda: _q3("a", _ratios(0.95, 1.1))]},
    "q4": {"right": [lambda: _run(), lambda: _run(answer=lambda ns: round(_spec_at(0.80)(ns), 3))],
           "wrong": [lambda: _run(target=0.95), lambda: _run(target=float("nan")),
                     lambda: _run(answer=_spec_at(0.95)),
                     lambda: _run(answer=lambda ns: 0.123)]},
    "q5": {"right": [lambda: {"q5_answer": "b"}],
           "wrong": [lambda: {"q5_answer": "a"}, lambda: {"q5_answer": "c"}, lambda: {"q5_answer": "d"},
                     lambda: {"q5_answer": "e"}]},
}
