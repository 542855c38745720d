"""Right and wrong namespaces for the chapter 07 exercises (see tests/test_exercises.py)."""

import re

import numpy as np
import pandas as pd


def _by_class(results):
    return {"real": results.loc[results["y"] == 0, "wrong"].mean(),
            "fake": results.loc[results["y"] == 1, "wrong"].mean()}


def _swapped(results):
    right = _by_class(results)
    return {"real": right["fake"], "fake": right["real"]}


def _pooled(results):
    return {"real": results["wrong"].mean(), "fake": results["wrong"].mean()}


def _positional(results):  # iloc on a shuffled index: wrong rows
    return {"real": results["wrong"].iloc[:5].mean(), "fake": results["wrong"].iloc[5:].mean()}


def _library(results):  # a hostile answer: the course's own counting does the work
    from dfkit.evaluation import metrics

    rates = metrics.error_rates_by(results, "y").set_index("y")["error_rate"]
    return {"real": float(rates[0]), "fake": float(rates[1])}


def _differences(results):  # a hostile answer: rate_differences reports both classes' rates
    from dfkit.evaluation import error_analysis

    d = error_analysis.rate_differences(results, "y", groups="file", by_class=False).iloc[0]
    return {"real": d["rate_against"], "fake": d["rate"]}


def _summary(results):  # a hostile answer: 1 - specificity and 1 - recall from metrics.summary
    from dfkit.evaluation import metrics

    s = metrics.summary(results["y"], results["y"] ^ results["wrong"])
    return {"real": 1 - s["specificity"], "fake": 1 - s["recall"]}


def _confusion(results):  # a hostile answer: 1 - specificity and 1 - recall from a confusion
    from dfkit.evaluation import metrics

    pred = results["y"].to_numpy() ^ results["wrong"].to_numpy().astype(int)
    m = metrics.from_confusion(**metrics.confusion(results["y"].to_numpy(), pred))
    return {"real": 1 - m["specificity"], "fake": 1 - m["recall"]}


def _sklearn_confusion(results):  # a hostile answer: scikit-learn's normalised confusion
    from sklearn.metrics import confusion_matrix

    y = results["y"].to_numpy().astype(int)
    pred = y ^ results["wrong"].to_numpy().astype(int)
    cm = confusion_matrix(y, pred, labels=[0, 1], normalize="true")
    return {"real": cm[0, 1], "fake": cm[1, 0]}


def _sklearn_recall(results):  # a hostile answer: 1 - recall of each class, scikit-learn's
    from sklearn.metrics import recall_score

    y = results["y"].to_numpy().astype(int)
    pred = y ^ results["wrong"].to_numpy().astype(int)
    return {"real": 1 - recall_score(y, pred, pos_label=0),
            "fake": 1 - recall_score(y, pred, pos_label=1)}


def _rate_difference(results):  # a hostile answer: a class's rate minus a dummy row's 0
    from dfkit.evaluation import metrics

    w, y = results["wrong"].to_numpy(), results["y"].to_numpy()
    none = np.zeros(len(w), bool)
    return {k: metrics.error_rate_difference(np.r_[w, False], np.r_[y == c, False],
                                             np.r_[none, True], n_boot=1)[0]
            for k, c in (("real", 0), ("fake", 1))}


def _lookup(results):  # a hostile answer: expected values keyed on the table's size
    return {"real": 0.0, "fake": 0.0} if len(results) == 10 else _by_class(results)


def _results(shadow_effect: float, threshold: float = 0.5, seed: int = 0,
             fake_effect: float | None = None) -> pd.DataFrame:
    """Real faces and fakes from 60 identities each (4 images each); shadows raise p(wrong) by
    shadow_effect among real faces and by fake_effect (default: the same) among fakes."""
    rng = np.random.default_rng(seed)
    n = 480
    group = np.repeat(np.arange(120), 4)
    y = np.repeat(np.r_[np.zeros(60, int), np.ones(60, int)], 4)
    shadowed = rng.random(n) < 0.5
    effect = np.where(y == 0, shadow_effect, shadow_effect if fake_effect is None else fake_effect)
    p_wrong = np.clip(0.25 + effect * shadowed, 0, 1)
    wrong = rng.random(n) < p_wrong
    p_fake = np.where(y == 1, np.where(wrong, 0.2, 0.8), np.where(wrong, 0.8, 0.2)) + rng.uniform(-0.15, 0.15, n)
    out = pd.DataFrame({"group": group, "y": y, "shadowed": np.where(shadowed, "yes", "no"), "p_fake": p_fake})
    out["pred"] = (out["p_fake"] >= threshold).astype(int)
    out["wrong"] = out["pred"] != out["y"]
    return out


def _modified(answer, threshold=0.3):
    results = _results(0.0, 0.5)  # the chapter's results table stays at 0.5
    real = results[results["y"] == 0]
    value = {"right": (real["p_fake"] >= 0.3).mean(), "at_half": (real["p_fake"] >= 0.5).mean(),
             "pooled": results["wrong"].mean()}[answer]
    return {"q2_real_error": value, "q2_threshold": threshold, "results": results}


# blurred minus sharp within each class, Newcombe's interval in images (one image a person)
_Q4_WITHIN = {"real": (-0.2, -0.302, -0.091), "fake": (-0.08, -0.116, -0.024)}


def _q4():
    return {"q4_pooled": {"blurred": 0.32, "sharp": 0.2}, "q4_within": dict(_Q4_WITHIN)}


def _option_words():
    from dfkit.course.exercises.ch07 import Q5_OPTIONS

    return {k: set(re.findall(r"[a-z]+", text.lower())) for k, text in Q5_OPTIONS.items()}


def _picked_by_words(pick, jaccard=False):
    """q5's letter a reader picks from the options' wording alone (report 19): the option whose
    words overlap the others' most (``max``) or least (``min``), counted or as Jaccard shares."""
    words = _option_words()
    score = {k: sum(len(w & o) / (len(w | o) if jaccard else 1)
                    for j, o in words.items() if j != k) for k, w in words.items()}
    return pick(score, key=score.get)


def _picked_by_length(pick):
    from dfkit.course.exercises.ch07 import Q5_OPTIONS

    return pick(Q5_OPTIONS, key=lambda k: len(Q5_OPTIONS[k]))


CASES = {
    "q1": {"right": [lambda: {"error_rates_by_class": _by_class}],
           "wrong": [lambda: {"error_rates_by_class": _swapped}, lambda: {"error_rates_by_class": _pooled},
                     lambda: {"error_rates_by_class": _positional},
                     lambda: {"error_rates_by_class": lambda r: 0.5},
                     lambda: {"error_rates_by_class": _lookup},
                     lambda: {"error_rates_by_class": _library},
                     lambda: {"error_rates_by_class": _differences},
                     lambda: {"error_rates_by_class": _summary},
                     lambda: {"error_rates_by_class": _confusion},  # passed (report 18)
                     # passed (report 22, finding 5): scikit-learn's counting, and a dfkit
                     # function the old list did not name
                     lambda: {"error_rates_by_class": _sklearn_confusion},
                     lambda: {"error_rates_by_class": _sklearn_recall},
                     lambda: {"error_rates_by_class": _rate_difference}]},
    "q2": {"right": [lambda: _modified("right")],
           "wrong": [lambda: _modified("at_half"), lambda: _modified("pooled"),
                     lambda: _modified("right", threshold=0.5),
                     lambda: _modified("right", threshold=float("nan"))]},  # NaN passed
    # q3: in which class the shadowed-minus-unshadowed interval excludes zero
    "q3": {"right": [lambda: {"q3_prediction": "a", "results": _results(0.6, fake_effect=0.0)},
                     lambda: {"q3_prediction": "b", "results": _results(0.0, fake_effect=0.6)},
                     lambda: {"q3_prediction": "c", "results": _results(0.6)},
                     lambda: {"q3_prediction": "d", "results": _results(0.0)}],
           "wrong": [lambda: {"q3_prediction": "b", "results": _results(0.6, fake_effect=0.0)},
                     lambda: {"q3_prediction": "d", "results": _results(0.6, fake_effect=0.0)},
                     lambda: {"q3_prediction": "a", "results": _results(0.6)},
                     lambda: {"q3_prediction": "c", "results": _results(0.0)}]},
    # q4: the pooled rates (162/500 blurred, 100/500 sharp), blurred minus sharp within each
    # class with Newcombe's interval, then the letter; the pooled rates and a letter alone fail
    "q4": {"right": [lambda: {**_q4(), "q4_answer": "c"},
                     lambda: {**_q4(), "q4_pooled": {"blurred": 0.324, "sharp": 0.20},
                              "q4_answer": "C"},
                     lambda: {**_q4(), "q4_pooled": pd.Series({"blurred": 0.324, "sharp": 0.2}),
                              "q4_within": {c: list(v) for c, v in _Q4_WITHIN.items()},
                              "q4_answer": "c"}],
           # (d) names the class mix as (c) does, with the within-class direction reversed
           "wrong": [lambda k=k: {**_q4(), "q4_answer": k} for k in "abd"]
                    + [lambda: {**_q4(), "q4_pooled": {"blurred": 0.21, "sharp": 0.35},
                                "q4_answer": "c"},
                       lambda: {**_q4(), "q4_pooled": {"blurred": 0.2, "sharp": 0.32},
                                "q4_answer": "c"},
                       lambda: {**_q4(), "q4_pooled": 0.32, "q4_answer": "c"},
                       # the hostile answer: pooled arithmetic and a letter, no within-class step
                       lambda: {**_q4(), "q4_within": {"real": -0.2, "fake": -0.08},
                                "q4_answer": "c"},
                       lambda: {**_q4(), "q4_within": {c: (-d, -h, -lo) for c, (d, lo, h)
                                                       in _Q4_WITHIN.items()},
                                "q4_answer": "c"},
                       lambda: {**_q4(), "q4_within": {"real": (-0.2, -0.3, -0.09),
                                                       "fake": (-0.08, -0.2, 0.01)},
                                "q4_answer": "c"}]},
    # q5 is a choice now: the text that passed the old keyword check is refused, not marked
    "q5": {"right": [lambda: {"q5_answer": "c"}, lambda: {"q5_answer": "C"}],
           "wrong": [lambda: {"q5_answer": "a"}, lambda: {"q5_answer": "b"}, lambda: {"q5_answer": "d"},
                     lambda: {"q5_answer": "e"},
                     lambda: {"q5_answer": "Grad-CAM shows where the shadow is, which proves they cause "
                                           "errors in how many images."},
                     # a test-wise pick from the options' words alone, no statistics: the one
                     # sharing the most words with the others passed (report 19, finding 1)
                     lambda: {"q5_answer": _picked_by_words(max)},
                     lambda: {"q5_answer": _picked_by_words(max, jaccard=True)},
                     lambda: {"q5_answer": _picked_by_words(min)},  # the odd one out
                     lambda: {"q5_answer": _picked_by_length(max)},
                     lambda: {"q5_answer": _picked_by_length(min)}]},
}
