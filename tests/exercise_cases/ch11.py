"""Self-test cases of dfkit.course.exercises.ch11: right answers pass, typical wrong ones fail."""

from __future__ import annotations

import numpy as np
import pandas as pd

from dfkit.evaluation import calibration

_Q1 = {"mean_seen": 0.8, "mean_unseen": 0.4, "auc_seen": 0.9, "shift_ci": (-0.5, -0.3)}


CASES = {
    "q1": {
        "right": [lambda: {**_Q1, "q1_prediction": "c"},
                  lambda: {**_Q1, "q1_prediction": "b", "mean_unseen": 0.77},
                  lambda: {**_Q1, "q1_prediction": "a", "mean_seen": 0.6, "mean_unseen": 0.7},
                  # a model that learned nothing: the outcome is still what the run shows
                  lambda: {"q1_prediction": "b", "mean_seen": 0.32, "mean_unseen": 0.31,
                           "auc_seen": 0.54, "shift_ci": (float("nan"), float("nan"))}],
        "wrong": [lambda: {**_Q1, "q1_prediction": "a"},
                  lambda: {**_Q1, "q1_prediction": "c", "mean_unseen": 0.78},
                  lambda: {"q1_prediction": "c", "mean_seen": 0.32, "mean_unseen": 0.31,
                           "auc_seen": 0.54, "shift_ci": (-0.06, 0.04)}],
    },
    "q2": {
        "right": [lambda: {"q2_answer": "d"}, lambda: {"q2_answer": " (D) "}],
        "wrong": [lambda: {"q2_answer": "a"}, lambda: {"q2_answer": "b"},
                  lambda: {"q2_answer": "c"}, lambda: {"q2_answer": "z"}],
    },
    "q3": {
        "right": [lambda: _q3(0.0388), lambda: _q3(0.03883),
                  lambda: _q3(np.float64(0.0388), odds=np.float64(4.0))],
        "wrong": [
            # base_rates.shift_prior's answer with made-up working
            lambda: _q3(0.0388, odds=1.0, factor=1.0),
            lambda: _q3(0.0388, odds=0.8),  # the share, not the odds
            lambda: _q3(0.0388, factor=0.01),  # the prevalence taken for the prior odds
            lambda: _q3(0.0388, factor=0.02),  # 0.01 / 0.5
            lambda: _q3(0.0388, factor=99.0),  # old over new
            lambda: _q3(0.0404),  # odds, not a probability
            # the prevalence 0.01 taken for the prior odds, then turned into a share
            lambda: _q3(0.04 / 1.04),
            lambda: _q3(0.0385),
            lambda: _q3(0.04),  # the same, left as odds
            lambda: _q3(0.039),  # 3 decimals: not told apart from 0.0385
            lambda: _q3(0.008),  # probability times prevalence
            lambda: _q3(0.8),  # unchanged
            lambda: _q3(0.5),
            lambda: _q3("0.039"),
            lambda: _q3(np.array([0.0388]))],  # an array, not one number
    },
    "q4": {
        "right": [lambda: {"q4_answer": "b"}],
        "wrong": [lambda: {"q4_answer": "a"}, lambda: {"q4_answer": "c"},
                  lambda: {"q4_answer": "d"}],
    },
    "q5": {
        "right": [lambda: {"q5_answer": "c"}],
        "wrong": [lambda: {"q5_answer": "a"}, lambda: {"q5_answer": "b"},
                  lambda: {"q5_answer": "d"}, lambda: {"q5_answer": True}],
    },
    "q6": {
        "right": [lambda: {"ece_by_hand": _ece},
                  lambda: {"ece_by_hand": _ece_loop},
                  # a bin index for every face, then pandas' group means: allowed
                  lambda: {"ece_by_hand": _ece_pandas},
                  lambda: {"ece_by_hand": _ece_digitize}],  # NumPy's digitize: allowed
        "wrong": [lambda: {"ece_by_hand": lambda y, p: 0.0},  # a constant
                  lambda: {"ece_by_hand": lambda y, p: 0.05},
                  lambda: {"ece_by_hand": _by_course},  # the course's function
                  lambda: {"ece_by_hand": calibration.expected_calibration_error},
                  lambda: {"ece_by_hand": _by_bins},  # reliability_bins does the binning
                  lambda: {"ece_by_hand": _by_sklearn},  # calibration_curve does it
                  lambda: {"ece_by_hand": _by_sklearn_alias},  # the same, another name
                  lambda: {"ece_by_hand": _by_caught},  # a refusal caught, then a guess
                  # the course's ECE run in a child process (report 19, finding 1)
                  lambda: {"ece_by_hand": _by_child_process},
                  lambda: {"ece_by_hand": _by_scipy},  # binned_statistic does the binning
                  lambda: {"ece_by_hand": _by_scipy_dd},  # its n-dimensional version
                  lambda: {"ece_by_hand": _by_pandas_cut},  # pandas' cut does it
                  # an inner edge in the bin above (the floor rule, the old hint's)
                  lambda: {"ece_by_hand": _floor_rule},
                  lambda: {"ece_by_hand": _histogram},  # np.histogram's edges: the same
                  lambda: {"ece_by_hand": _eleventh_bin},  # wrong binning: 1.0 alone
                  lambda: {"ece_by_hand": _equal_counts},  # wrong binning: equal counts
                  lambda: {"ece_by_hand": _nine_bins},  # wrong binning: nine bins
                  lambda: {"ece_by_hand": _unweighted},
                  lambda: {"ece_by_hand": _signed},
                  # the hidden cases collected through repeated checks, looked up (report 18)
                  lambda: {"ece_by_hand": _harvested()},
                  lambda: {"ece_by_hand": "0.05"}],
    },
}


def _q3(p, odds=4.0, factor=1 / 99):
    return {"score_odds": odds, "prior_factor": factor, "p_fake_deployed": p}


def _gaps(y, p, index):
    """Faces, mean score and share of fakes of each non-empty bin."""
    y, p, index = np.asarray(y, float), np.asarray(p, float), np.asarray(index, int)
    n = np.bincount(index)
    keep = n > 0
    mean = np.bincount(index, weights=p)[keep] / n[keep]
    share = np.bincount(index, weights=y)[keep] / n[keep]
    return n[keep], mean, share


EDGES = np.linspace(0, 1, 11)


def _ece(y, p):
    n, mean, share = _gaps(y, p, np.searchsorted(EDGES[1:-1], p))
    return float(np.sum(n / n.sum() * np.abs(share - mean)))


def _ece_loop(y, p):
    total = 0.0
    for k in range(10):
        low, high = k / 10, (k + 1) / 10
        # (low, high]: a score on an inner edge in the bin below; 0.0 in the first
        inside = ((p > low) if k > 0 else (p >= 0.0)) & (p <= high)
        if inside.any():
            total += inside.sum() * abs(y[inside].mean() - p[inside].mean())
    return total / len(p)


def _ece_digitize(y, p):
    n, mean, share = _gaps(y, p, np.digitize(p, EDGES[1:-1], right=True))
    return float(np.sum(n / n.sum() * np.abs(share - mean)))


def _ece_pandas(y, p):
    frame = pd.DataFrame({"y": y, "p": p,
                          "bin": np.searchsorted(EDGES[1:-1], p)})
    per_bin = frame.groupby("bin").agg(n=("y", "size"), y=("y", "mean"), p=("p", "mean"))
    return float((per_bin["n"] / len(frame) * (per_bin["y"] - per_bin["p"]).abs()).sum())


def _by_course(y, p):
    return calibration.expected_calibration_error(y, p)


def _by_bins(y, p):
    bins = calibration.reliability_bins(y, p)
    return float(np.sum(bins["weight"] / bins["weight"].sum() * bins["gap"].abs()))


def _by_sklearn(y, p):
    from sklearn.calibration import calibration_curve

    share, mean = calibration_curve(y, p, n_bins=10)
    return float(np.mean(np.abs(share - mean)))


def _by_sklearn_alias(y, p):
    module = __import__("sklearn.calibration", fromlist=["x"])
    return float(np.mean(np.abs(np.subtract(
        *getattr(module, "calib" + "ration_curve")(y, p, n_bins=10)))))


def _by_caught(y, p):
    try:
        return _by_sklearn_alias(y, p)
    except Exception:
        return 0.1


def _by_child_process(y, p):  # a new program imports an untouched dfkit
    import json
    import subprocess
    import sys

    code = ("import sys, json, numpy as np; from dfkit.evaluation.calibration import "
            "expected_calibration_error as e; y, p = json.load(sys.stdin); "
            "print(e(np.array(y), np.array(p)))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         input=json.dumps([np.asarray(y).tolist(), np.asarray(p).tolist()]))
    return float(out.stdout)


def _by_scipy(y, p):
    from scipy.stats import binned_statistic

    y, p = np.asarray(y, float), np.asarray(p, float)
    n, _, _ = binned_statistic(p, p, "count", bins=10, range=(0, 1))
    mean, _, _ = binned_statistic(p, p, "mean", bins=10, range=(0, 1))
    share, _, _ = binned_statistic(p, y, "mean", bins=10, range=(0, 1))
    k = n > 0
    return float(np.sum(n[k] / n.sum() * np.abs(share[k] - mean[k])))


def _by_scipy_dd(y, p):
    from scipy import stats

    y, p = np.asarray(y, float), np.asarray(p, float)
    n = stats.binned_statistic_dd(p[:, None], p, "count", bins=[EDGES]).statistic
    mean = stats.binned_statistic_dd(p[:, None], p, "mean", bins=[EDGES]).statistic
    share = stats.binned_statistic_dd(p[:, None], y, "mean", bins=[EDGES]).statistic
    k = n > 0
    return float(np.sum(n[k] / n.sum() * np.abs(share[k] - mean[k])))


def _by_pandas_cut(y, p):
    frame = pd.DataFrame({"y": y, "p": p,
                          "bin": pd.cut(p, EDGES, include_lowest=True)})
    per_bin = frame.groupby("bin", observed=True).agg(n=("y", "size"), y=("y", "mean"),
                                                      p=("p", "mean"))
    return float((per_bin["n"] / len(frame) * (per_bin["y"] - per_bin["p"]).abs()).sum())


def _floor_rule(y, p):
    n, mean, share = _gaps(y, p, np.minimum(np.floor(np.asarray(p) * 10), 9))
    return float(np.sum(n / n.sum() * np.abs(share - mean)))


def _histogram(y, p):
    n, _ = np.histogram(p, bins=10, range=(0, 1))
    fakes, _ = np.histogram(p, bins=10, range=(0, 1), weights=y)
    total, _ = np.histogram(p, bins=10, range=(0, 1), weights=p)
    k = n > 0
    return float(np.sum(n[k] / n.sum() * np.abs(fakes[k] / n[k] - total[k] / n[k])))


def _eleventh_bin(y, p):
    n, mean, share = _gaps(y, p, np.floor(np.asarray(p) * 10))
    return float(np.sum(n / n.sum() * np.abs(share - mean)))


def _equal_counts(y, p):
    ranks = np.argsort(np.argsort(p, kind="stable"), kind="stable")
    n, mean, share = _gaps(y, p, ranks * 10 // len(p))
    return float(np.sum(n / n.sum() * np.abs(share - mean)))


def _nine_bins(y, p):
    n, mean, share = _gaps(y, p, np.minimum(np.floor(np.asarray(p) * 9), 8))
    return float(np.sum(n / n.sum() * np.abs(share - mean)))


def _unweighted(y, p):
    n, mean, share = _gaps(y, p, np.searchsorted(EDGES[1:-1], p))
    return float(np.mean(np.abs(share - mean)))


def _signed(y, p):
    n, mean, share = _gaps(y, p, np.searchsorted(EDGES[1:-1], p))
    return float(abs(np.sum(n / n.sum() * (share - mean))))


def _harvested():
    """A reader's route (report 18): an answer that records each hidden case it has not seen
    and returns -1 there, checked eight times, with the course's ECE of every recorded case
    worked out between the checks (where nothing is refused): the answer is then a lookup
    table of every hidden case it met, with no binning at all."""
    from dfkit.course.exercises import ch11

    table, unseen = {}, []

    def key(y, p):
        return (tuple(np.asarray(y).tolist()),
                tuple(np.round(np.asarray(p, float), 12).tolist()))

    def _lookup(y, p):
        if key(y, p) in table:
            return table[key(y, p)]
        unseen.append((np.array(y), np.array(p)))
        return -1.0

    for _ in range(8):
        ch11.q6.evaluate({"ece_by_hand": _lookup})
        for y, p in unseen:
            table[key(y, p)] = calibration.expected_calibration_error(y, p)
        unseen.clear()
    return _lookup
