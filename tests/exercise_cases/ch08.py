"""Right and wrong namespaces for the chapter 08 exercises (see tests/test_exercises.py).

q4 runs the chapter's linear baseline: its cases use a tiny synthetic course set."""


import pandas as pd

from dfkit.evaluation import ablation


def _runs(rgb, stack) -> pd.DataFrame:
    rows = [{"model": "cnn", "inputs": "rgb", "seed": i, "roc_auc": v} for i, v in enumerate(rgb)]
    rows += [{"model": "cnn", "inputs": "stack (all 6)", "seed": i, "roc_auc": v} for i, v in enumerate(stack)]
    return pd.DataFrame(rows)


NOISY = _runs([0.80, 0.86, 0.83], [0.84, 0.79, 0.88])
CLEAR = _runs([0.80, 0.81, 0.80], [0.90, 0.91, 0.905])
WORSE = _runs([0.90, 0.91, 0.905], [0.80, 0.81, 0.80])


def _gaps(rgb, stack):
    return (stack.set_index("seed")["roc_auc"] - rgb.set_index("seed")["roc_auc"]).sort_index()


def _gaps_by_merge(rgb, stack):
    both = rgb.merge(stack, on="seed", suffixes=("_rgb", "_stack")).sort_values("seed")
    return list(both["roc_auc_stack"] - both["roc_auc_rgb"])


def _gaps_by_row(rgb, stack):  # ignores the seeds: pairs whatever sits in the same row
    return stack["roc_auc"].to_numpy() - rgb["roc_auc"].to_numpy()


def _gaps_unsorted(rgb, stack):
    s = stack.set_index("seed")["roc_auc"]
    return (s - rgb.set_index("seed")["roc_auc"].loc[s.index]).to_numpy()


M = pd.DataFrame({"faceswap": [0.92, 0.61], "gan": [0.55, 0.97]},
                 index=pd.Index(["faceswap", "gan"], name="trained on"))
DROP = (0.92 + 0.97) / 2 - (0.55 + 0.61) / 2
# Seen 0.9204, 0.9704; unseen 0.5496, 0.6096: the exact drop is 0.3658, the drop from the
# heatmap's 3-decimal values 0.365 (0.0008 apart, more than half a unit of the 3rd decimal).
M_FINE = pd.DataFrame({"faceswap": [0.9204, 0.6096], "gan": [0.5496, 0.9704]},
                      index=pd.Index(["faceswap", "gan"], name="trained on"))


def _from_rounded():
    return (0.920 + 0.970) / 2 - (0.550 + 0.610) / 2


_COURSE = {}


def _course():
    """A tiny synthetic course set (ci profile): enough for a logistic regression."""
    if not _COURSE:
        from dfkit.course import chapter as course

        data = course.prepare("ci", verbose=False)
        baselines = pd.DataFrame({"FFT spectrum (32 numbers)": ablation.linear_baseline(
            data.splits, data.profile, ablation.spectrum_features)}).T
        low = ablation.linear_baseline(data.splits, data.profile,
                                       lambda im: ablation.spectrum_features(im)[:, :8])["all fakes"]
        _COURSE.update(data=data, profile=data.profile, baselines=baselines, low=low)
    return _COURSE


def _q4(which):
    c = _course()
    value = {"right": c["low"], "rounded": round(c["low"], 3),
             "full": c["baselines"].loc["FFT spectrum (32 numbers)", "all fakes"], "off": c["low"] + 0.01}[which]
    return {"low_freq_auc": value, "data": c["data"], "profile": c["profile"], "baselines": c["baselines"]}


CASES = {
    "q1": {"right": [lambda: {"q1_prediction": "c", "runs": NOISY}, lambda: {"q1_prediction": "a", "runs": CLEAR},
                     lambda: {"q1_prediction": "b", "runs": WORSE}],
           "wrong": [lambda: {"q1_prediction": "a", "runs": NOISY}, lambda: {"q1_prediction": "c", "runs": CLEAR}]},
    "q2": {"right": [lambda: {"paired_gaps": _gaps}, lambda: {"paired_gaps": _gaps_by_merge}],
           "wrong": [lambda: {"paired_gaps": _gaps_by_row}, lambda: {"paired_gaps": _gaps_unsorted},
                     lambda: {"paired_gaps": lambda r, s: -_gaps(r, s)},
                     lambda: {"paired_gaps": lambda r, s: _gaps(r, s).mean()},
                     lambda: {"paired_gaps": lambda r, s: "helps"}]},
    "q3": {"right": [lambda: {"auc_drop": DROP, "matrix": M}, lambda: {"auc_drop": round(DROP, 3), "matrix": M},
                     # from a table rounded to 3 decimals: off by more than half a unit of the 3rd
                     lambda: {"auc_drop": _from_rounded(), "matrix": M_FINE}],
           "wrong": [lambda: {"auc_drop": -DROP, "matrix": M}, lambda: {"auc_drop": 0.92 - 0.55, "matrix": M},
                     lambda: {"auc_drop": 0.3675, "matrix": M_FINE}]},
    "q4": {"right": [lambda: _q4("right"), lambda: _q4("rounded")],
           "wrong": [lambda: _q4("full"), lambda: _q4("off")]},
    "q5": {"right": [lambda: {"q5_answer": "b"}],
           "wrong": [lambda: {"q5_answer": "a"}, lambda: {"q5_answer": "c"}, lambda: {"q5_answer": "d"}]},
}
