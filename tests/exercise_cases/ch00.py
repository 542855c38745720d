"""Right and wrong answers for chapter 00's exercises (used by tests/test_exercises.py)."""

import importlib
import sys

import numpy as np

from dfkit.course.exercises.ch00 import reference_scores
from dfkit.evaluation import metrics


def _honest(n_real, n_fake):
    """The formulas: precision (= accuracy here), recall 1, and their harmonic mean."""
    precision = n_fake / (n_real + n_fake)
    return precision, 1.0, 2 * precision / (precision + 1)


def _by_always_fake(n_real, n_fake):  # the course's own always-fake baseline
    s = metrics.always_fake(np.r_[np.zeros(n_real), np.ones(n_fake)])
    return s["accuracy"], s["recall"], s["f1"]


def _by_from_confusion(n_real, n_fake):  # the course's formulas, fed the four counts
    s = metrics.from_confusion(0, n_real, 0, n_fake)
    return s["accuracy"], s["recall"], s["f1"]


def _by_sklearn(n_real, n_fake):  # scikit-learn's scorers on the detector's verdicts
    from sklearn.metrics import accuracy_score, f1_score, recall_score

    y = [0] * n_real + [1] * n_fake
    p = [1] * len(y)
    return accuracy_score(y, p), recall_score(y, p), f1_score(y, p)


def _by_hidden_always_fake(n_real, n_fake):  # no telling name in the code: refused as it runs
    module = __import__("dfkit.evaluation.me" + "trics", fromlist=["x"])
    s = getattr(module, "always_" + "fake")(np.r_[np.zeros(n_real), np.ones(n_fake)])
    return s["accuracy"], s["recall"], s["f1"]


def _by_hidden_sklearn(n_real, n_fake):
    module = __import__("sklearn.me" + "trics", fromlist=["x"])
    y, p = [0] * n_real + [1] * n_fake, [1] * (n_real + n_fake)
    return tuple(getattr(module, name + "_score")(y, p) for name in ("accuracy", "recall", "f1"))


def _by_caught(n_real, n_fake):  # a refused call caught, then the formulas
    try:
        return _by_hidden_sklearn(n_real, n_fake)
    except Exception:
        return _honest(n_real, n_fake)


def _by_hidden_reference(n_real, n_fake):  # the checker's own answer, through sys.modules
    module = sys.modules["dfkit.course.exercises.ch0" + "0"]
    return getattr(module, "reference_" + "scores")(n_real, n_fake)


def _by_hidden_keras(n_real, n_fake):  # Keras's metric classes, imported by a built name
    scorers = getattr(importlib.import_module("ker" + "as"), "metr" + "ics")
    y = np.r_[np.zeros(n_real), np.ones(n_fake)].reshape(-1, 1).astype("float32")
    out = []
    for m in (scorers.BinaryAccuracy(), scorers.Recall(), scorers.F1Score(threshold=0.5)):
        m.update_state(y, np.ones_like(y))
        out.append(float(np.asarray(m.result()).ravel()[0]))
    return tuple(out)


def _by_pr_curve(n_real, n_fake):  # report_00 finding 1, as the reader wrote it
    # precision_recall_curve's first point is the always-fake detector; SciPy's harmonic
    # mean gives F1
    sk = importlib.import_module("sk" + "learn.metrics")
    hm = importlib.import_module("scipy.stats").hmean
    y = [0] * n_real + [1] * n_fake
    p, r, _ = sk.precision_recall_curve(y, [1.0] * len(y))
    return p[0], r[0], hm([p[0], r[0]])


def _by_hidden_pr_curve(n_real, n_fake):  # the same, no telling name: refused as it runs
    sk = importlib.import_module("sk" + "learn.metrics")
    hm = getattr(importlib.import_module("scipy." + "stats"), "h" + "mean")
    y = [0] * n_real + [1] * n_fake
    p, r, _ = getattr(sk, "precision_recall" + "_curve")(y, [1.0] * len(y))
    return p[0], r[0], hm([p[0], r[0]])


def _by_hidden_hmean(n_real, n_fake):  # the formulas for two, a library's harmonic mean for F1
    precision = n_fake / (n_real + n_fake)
    mean = getattr(importlib.import_module("statis" + "tics"), "harmonic" + "_mean")
    return precision, 1.0, mean([precision, 1.0])


def _by_label_distances(n_real, n_fake):  # report_00 of 2026-12-07: 1 - Dice is F1
    import numpy as np
    from scipy.spatial import distance

    y = np.r_[np.zeros(n_real, bool), np.ones(n_fake, bool)]
    p = np.ones_like(y)
    return 1 - distance.hamming(y, p), 1.0, 1 - distance.dice(y, p)


def _by_hidden_label_distances(n_real, n_fake):  # the same, no telling name
    d = importlib.import_module("scipy.spatial." + "dist" + "ance")
    y = [0] * n_real + [1] * n_fake
    p = [1] * len(y)
    return (1 - getattr(d, "ham" + "ming")(y, p), 1.0,
            1 - getattr(d, "jac" + "card")(y, p) / (2 - getattr(d, "jac" + "card")(y, p)))


try:  # SciPy's compiled distance kernels, imported by plain names (report_00 of 2026-12-08)
    from scipy.spatial import _distance_pybind as kernels
except ImportError:  # not in this SciPy: the route does not exist, the case still fails
    kernels = None


def _by_distance_kernels(n_real, n_fake):  # report_00 of 2026-12-08, finding 1, as written
    t = np.r_[np.zeros(n_real), np.ones(n_fake)][None, :]
    p = np.ones_like(t)
    f1 = 1 - kernels.cdist_dice(t.astype(bool), p.astype(bool))[0, 0]  # Dice = 1 - F1
    acc = 1 - kernels.cdist_hamming(t, p)[0, 0]  # Hamming = 1 - accuracy
    return acc, 1.0, f1


def _by_distance_metric(n_real, n_fake):  # the same report: scikit-learn's Cython metric
    import importlib

    import numpy as np
    DM = getattr(importlib.import_module("sk" + "learn.met" + "rics"), "Distance" + "Metric")
    t = np.r_[np.zeros(n_real), np.ones(n_fake)][None, :].astype(bool)
    p = np.ones_like(t)
    return (1 - DM.get_metric("ham" + "ming").pairwise(t, p)[0, 0], 1.0,
            1 - DM.get_metric("di" + "ce").pairwise(t, p)[0, 0])


def _by_child_process(n_real, n_fake):  # report_00 finding 2: dfkit run in another program
    import subprocess

    code = ("import numpy as np; from dfkit.evaluation import metrics as m; "
            f"s = m.always_fake(np.r_[np.zeros({n_real}), np.ones({n_fake})]); "
            "print(s['accuracy'], s['recall'], s['f1'])")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True,
                         text=True).stdout
    return tuple(float(v) for v in out.split())


CASES = {
    # q1's outcome is the checker's own rerun of the random split on the profile's data: a
    # share set by hand in the notebook (`leaked_share`) changes nothing
    "q1": {"right": [lambda: {"q1_prediction": "c"},
                     lambda: {"q1_prediction": "C", "leaked_share": 0.0}],
           "wrong": [lambda: {"q1_prediction": "a"}, lambda: {"q1_prediction": "b"},
                     lambda: {"q1_prediction": "a", "leaked_share": 0.0},
                     lambda: {"q1_prediction": "b", "leaked_share": 0.5}]},
    "q2": {"right": [lambda: {"always_fake_accuracy": 1000 / 1749},
                     lambda: {"always_fake_accuracy": 0.572}],
           "wrong": [lambda: {"always_fake_accuracy": 0.5}, lambda: {"always_fake_accuracy": 1.0},
                     lambda: {"always_fake_accuracy": 57.2},
                     lambda: {"always_fake_accuracy": "0.57"},
                     lambda: {"always_fake_accuracy": 0.428},
                     lambda: {"always_fake_accuracy": 0.57}]},
    "q3": {"right": [lambda: {"always_fake_scores": _honest},
                     lambda: {"always_fake_scores":
                              lambda r, f: [f / (r + f), 1, 2 * f / (r + 2 * f)]},
                     lambda: {"always_fake_scores":  # rounded to 3 decimals, as q2 asks
                              lambda r, f: tuple(round(v, 3) for v in _honest(r, f))}],
           "wrong": [lambda: {"always_fake_scores": lambda r, f: (0.5, 1.0, 2 / 3)},
                     lambda: {"always_fake_scores": lambda r, f: (f / (r + f), 1.0, f / (r + f))},
                     lambda: {"always_fake_scores": lambda r, f: (f / (r + f), 1.0)},
                     lambda: {"always_fake_scores": lambda r, f: tuple(100 * v for v in
                                                                      _honest(r, f))},
                     lambda: {"always_fake_scores": lambda r, f: 1 / 0},
                     lambda: {"always_fake_scores": 0.57},
                     # the checker's own function, assigned as the answer or called by it
                     lambda: {"always_fake_scores": reference_scores},
                     lambda: {"always_fake_scores": lambda r, f: reference_scores(r, f)},
                     # the routes a reader passed with (report_00, finding 1): the course's
                     # always-fake baseline, its from_confusion, scikit-learn's scorers
                     lambda: {"always_fake_scores": _by_always_fake},
                     lambda: {"always_fake_scores": _by_from_confusion},
                     lambda: {"always_fake_scores": _by_sklearn},
                     # the same, reached where no name in the code gives it away
                     lambda: {"always_fake_scores": _by_hidden_always_fake},
                     lambda: {"always_fake_scores": _by_hidden_sklearn},
                     lambda: {"always_fake_scores": _by_caught},
                     # the routes a reader passed with (report_00c, finding 2): the checker's
                     # own reference and Keras's metric classes, by names built from strings
                     lambda: {"always_fake_scores": _by_hidden_reference},
                     lambda: {"always_fake_scores": _by_hidden_keras},
                     # the routes a reader passed with (report_00 of review 19): an unlisted
                     # scikit-learn curve with SciPy's harmonic mean, a harmonic mean alone,
                     # and dfkit's baseline run in a child process (told "Correct" in the
                     # kernel, refused when graded)
                     lambda: {"always_fake_scores": _by_pr_curve},
                     lambda: {"always_fake_scores": _by_hidden_pr_curve},
                     lambda: {"always_fake_scores": _by_hidden_hmean},
                     lambda: {"always_fake_scores": _by_child_process},
                     # SciPy's distances between label vectors (1 - Dice is F1, 1 - Hamming
                     # accuracy): report_00 of 2026-12-07, by name and hidden
                     lambda: {"always_fake_scores": _by_label_distances},
                     lambda: {"always_fake_scores": _by_hidden_label_distances},
                     # the compiled kernels under those distances, which no swap of Python
                     # code reaches: SciPy's by plain names, scikit-learn's DistanceMetric by
                     # names built from strings (report_00 of 2026-12-08, finding 1)
                     lambda: {"always_fake_scores": _by_distance_kernels},
                     lambda: {"always_fake_scores": _by_distance_metric}]},
    "q4": {"right": [lambda: {"q4_answer": "c"}],
           "wrong": [lambda: {"q4_answer": "a"}, lambda: {"q4_answer": "b"},
                     lambda: {"q4_answer": "d"}]},
    "q5": {"right": [lambda: {"q5_answer": "b"}, lambda: {"q5_answer": " (B) "}],
           "wrong": [lambda: {"q5_answer": "a"}, lambda: {"q5_answer": "c"},
                     lambda: {"q5_answer": "d"}, lambda: {"q5_answer": "e"},
                     lambda: {"q5_answer": "93.2%; expect about 70% on new videos"}]},
}
