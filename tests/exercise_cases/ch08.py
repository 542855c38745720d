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


def _gaps_no_sort(rgb, stack):  # right only when pandas happens to sort (indexes differ)
    return (stack.set_index("seed")["roc_auc"] - rgb.set_index("seed")["roc_auc"]).to_numpy()


def _gaps_by_library(rgb, stack):  # hands the pairing to the course's own function
    both = pd.concat([rgb.assign(model="cnn", inputs="rgb"),
                      stack.assign(model="cnn", inputs="stack (all 6)")])
    return ablation.paired_differences(both, "cnn", "stack (all 6)")


def _gaps_by_library_quietly(rgb, stack):  # the same through a name built at run time
    import importlib

    module = importlib.import_module("dfkit.evaluation." + "abl" + "ation")
    pair = getattr(module, "paired_" + "differences")
    both = pd.concat([rgb.assign(model="cnn", inputs="rgb"),
                      stack.assign(model="cnn", inputs="stack (all 6)")])
    return pair(both, "cnn", "stack (all 6)")


def _gaps_by_checker_reference(rgb, stack):  # the checker's own reference, fetched quietly
    import importlib

    module = importlib.import_module("dfkit.course.exercises.ch08")
    return getattr(module, "_tr" + "uth")(rgb, stack)


def _gaps_by_checker_reference_directly(rgb, stack):
    from dfkit.course.exercises import ch08

    return ch08._truth(rgb, stack)


M = pd.DataFrame({"faceswap": [0.92, 0.61], "gan": [0.55, 0.97]},
                 index=pd.Index(["faceswap", "gan"], name="trained on"))
BY_COLUMN = {"faceswap": 0.92 - 0.61, "gan": 0.97 - 0.55}
BY_ROW = {"faceswap": 0.92 - 0.55, "gan": 0.97 - 0.61}  # the cells of a row: wrong
# the same row reading keyed by the family each row's model never saw
BY_ROW_UNSEEN = {"gan": 0.92 - 0.55, "faceswap": 0.97 - 0.61}
# The laptop run's matrix: the faceswap column rises, the gan column drops.
M_LAPTOP = pd.DataFrame({"faceswap": [0.6351, 0.7519], "gan": [0.8021, 0.8918]},
                        index=pd.Index(["faceswap", "gan"], name="trained on"))
# Exact -0.1168 and 0.0897; from the heatmap's 3 decimals -0.117 and 0.090.
LAPTOP_ROUNDED = {"faceswap": 0.635 - 0.752, "gan": 0.892 - 0.802}


_COURSE = {}


def _course():
    """A tiny synthetic course set (ci profile): enough for a logistic regression."""
    if not _COURSE:
        from dfkit.course import chapter as course

        data = course.prepare("ci", verbose=False)
        baselines = pd.DataFrame({"FFT spectrum (32 numbers)": ablation.linear_baseline(
            data.splits, data.profile, ablation.spectrum_features)}).T
        def auc(columns):
            return ablation.linear_baseline(
                data.splits, data.profile,
                lambda im: ablation.spectrum_features(im)[:, columns])["all fakes"]

        # rings 1 to 8 (ring 0 is 0 for every face); the slips keep columns 0 to 7,
        # or 1 to 7 ("rings 1 to 8" read as a slice's bounds): 7 rings either way
        _COURSE.update(data=data, profile=data.profile, baselines=baselines,
                       low=auc(slice(1, 9)), first=auc(slice(0, 8)),
                       one_short=auc(slice(1, 8)))
    return _COURSE


def _q4(which, prediction="b"):
    c = _course()
    value = {"right": c["low"], "rounded": round(c["low"], 3),
             "full": c["baselines"].loc["FFT spectrum (32 numbers)", "all fakes"], "off": c["low"] + 0.01,
             "first": c["first"], "one_short": c["one_short"]}[which]
    return {"q4_prediction": prediction, "low_freq_auc": value, "data": c["data"],
            "profile": c["profile"], "baselines": c["baselines"]}


CASES = {
    "q1": {"right": [lambda: {"q1_prediction": "c", "runs": NOISY}, lambda: {"q1_prediction": "a", "runs": CLEAR},
                     lambda: {"q1_prediction": "b", "runs": WORSE}],
           "wrong": [lambda: {"q1_prediction": "a", "runs": NOISY}, lambda: {"q1_prediction": "c", "runs": CLEAR}]},
    "q2": {"right": [lambda: {"paired_gaps": _gaps}, lambda: {"paired_gaps": _gaps_by_merge}],
           "wrong": [lambda: {"paired_gaps": _gaps_by_row}, lambda: {"paired_gaps": _gaps_unsorted},
                     lambda: {"paired_gaps": _gaps_no_sort},
                     lambda: {"paired_gaps": _gaps_by_library},
                     lambda: {"paired_gaps": _gaps_by_library_quietly},
                     lambda: {"paired_gaps": _gaps_by_checker_reference},
                     lambda: {"paired_gaps": _gaps_by_checker_reference_directly},
                     lambda: {"paired_gaps": lambda r, s: -_gaps(r, s)},
                     lambda: {"paired_gaps": lambda r, s: _gaps(r, s).mean()},
                     lambda: {"paired_gaps": lambda r, s: "helps"}]},
    "q3": {"right": [lambda: {"family_drops": BY_COLUMN, "matrix": M},
                     lambda: {"family_drops": pd.Series(BY_COLUMN).round(3), "matrix": M},
                     lambda: {"family_drops": LAPTOP_ROUNDED, "matrix": M_LAPTOP}],
           "wrong": [lambda: {"family_drops": BY_ROW, "matrix": M},
                     lambda: {"family_drops": BY_ROW_UNSEEN, "matrix": M},
                     lambda: {"family_drops": {k: -v for k, v in BY_COLUMN.items()},
                              "matrix": M},
                     lambda: {"family_drops": 0.3675, "matrix": M},
                     lambda: {"family_drops": {"faceswap": 0.31}, "matrix": M},
                     lambda: {"family_drops": {"faceswap": 0.31, "gan": 0.5},
                              "matrix": M},
                     lambda: {"family_drops": {"faceswap": -0.167, "gan": 0.140},
                              "matrix": M_LAPTOP}]},
    # any committed prediction is right (it is recorded and compared); the value is checked
    "q4": {"right": [lambda: _q4("right"), lambda: _q4("rounded", "a"), lambda: _q4("right", "C")],
           "wrong": [lambda: _q4("full"), lambda: _q4("off"), lambda: _q4("first"),
                     lambda: _q4("one_short"),
                     lambda: _q4("right", "low"), lambda: _q4("right", 1)]},
    "q5": {"right": [lambda: {"q5_answer": "c"}],
           "wrong": [lambda: {"q5_answer": "a"}, lambda: {"q5_answer": "b"}, lambda: {"q5_answer": "d"},
                     lambda: {"q5_answer": "e"},
                     # report_08 of 2026-12-08, finding 3: the only option that named
                     # RGB and the stack with the prompt's 12 SDs passed by matching
                     # words; this one names them too and gets the arithmetic wrong
                     lambda: {"q5_answer": "f"}]},
}
