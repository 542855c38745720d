"""Self-test cases of dfkit.course.exercises.ch10: right answers pass, typical wrong ones fail."""

from __future__ import annotations

import inspect
import textwrap
import types

import numpy as np

from dfkit.evaluation import base_rates
from dfkit.evaluation.base_rates import cost_threshold, precision_at_prevalence, rates


def _scores(seed: int = 4) -> dict:
    """Validation and test scores where the thresholds for a miss costing 20 and 100, and the
    one a peek at test would choose, all differ (seed 4; seed 8: the threshold for the two
    costs swapped differs from all three as well)."""
    rng = np.random.default_rng(seed)
    y_val, y_test = rng.integers(0, 2, 200), rng.integers(0, 2, 200)
    return {"y_val": y_val, "y_test": y_test,
            "p_val": np.clip(0.35 * y_val + 0.65 * rng.random(200), 0, 1),
            "p_test": np.clip(0.35 * y_test + 0.65 * rng.random(200), 0, 1),
            "deploy_prevalence": 0.01, "cost_fp": 1}


def _q4(cost_fn: float = 100, choose_on: str = "val", recall_on: str = "test",
        recall_shift: float = 0.0, cost_fp: float = 1, seed: int = 4):
    ctx = _scores(seed)
    t = cost_threshold(ctx[f"y_{choose_on}"], ctx[f"p_{choose_on}"], 0.01, cost_fp, cost_fn)
    recall = rates(ctx[f"y_{recall_on}"], ctx[f"p_{recall_on}"], t)[0] + recall_shift
    return {**ctx, "threshold_costly_miss": t, "recall_costly_miss": recall}


def _test_split(caught: int = 118, flagged: int = 24, n: int = 120) -> dict:
    """Test labels, scores and a threshold 0.5 that catch ``caught`` of ``n`` fakes and flag
    ``flagged`` of ``n`` real faces (118 and 24: precision 0.0473 at 1 in 100, as in a laptop
    run)."""
    y = np.repeat([1, 0], n)
    p = np.concatenate([np.arange(n) < caught, np.arange(n) < flagged]).astype(float)
    return {"y_test": y, "p_test": p, "t_recall": 0.5}


def _q1(count, real_flagged=17 / 60 * 9900) -> dict:
    return {"q1_real_flagged": real_flagged, "q1_prediction": count, "recall_val": 0.95,
            "spec_val": 43 / 60, **_test_split()}


def _break_even(fn):
    return lambda: {"break_even_prevalence": fn}


def _flags(fn):
    return lambda: {"real_flags_per_fake": fn}


def _bisect(f, low: float = 1e-9, high: float = 1 - 1e-9):
    """A root of ``f`` in (low, high), element by element (f rises with its argument)."""
    low, high = np.broadcast_arrays(np.float64(low), f(low) * 0 + high)
    low, high = low.astype(float), high.astype(float)
    for _ in range(200):
        mid = (low + high) / 2
        up = f(mid) > 0
        low, high = np.where(up, low, mid), np.where(up, mid, high)
    return (low + high) / 2


def _root_search(r, s):
    """The break-even prevalence found by a root search on the course's precision."""
    return _bisect(lambda p: base_rates.precision_at_prevalence(r, s, p) - 0.5)


def _through_a_name(fn):
    """An answer that reaches the course's function through a name the name check does not
    list (``getattr`` on the module): only the refusal while it runs catches it."""
    def answer(*args):
        module = __import__("dfkit.evaluation.base_rates", fromlist=["x"])
        return fn(getattr(module, "precision" + "_at_prevalence"), *args)
    return answer


def _pasted_copy():
    """The chapter's @save cell pasted under another name, its body unchanged."""
    source = textwrap.dedent(inspect.getsource(base_rates.precision_at_prevalence))
    scope = {"np": np}
    exec(source.replace("def precision_at_prevalence(", "def _pasted("), scope)
    return scope["_pasted"]


_pasted = _pasted_copy()


def _edited_copy():
    """report_10 (3rd round), finding 1: the @save cell pasted, renamed and its last line
    changed (``return out``): other code, so not refused; q5's tiny ratios fail it."""
    source = textwrap.dedent(inspect.getsource(base_rates.precision_at_prevalence))
    last = "return float(out) if out.ndim == 0 else out"
    assert last in source
    scope = {"np": np}
    exec(source.replace("def precision_at_prevalence(", "def my_precision(")
         .replace(last, "return out"), scope)
    return scope["my_precision"]


_edited = _edited_copy()


#: one line outside the answer: the course's code under a new function object (game2.py)
_rebound = types.FunctionType(base_rates.precision_at_prevalence.__code__, globals())


def _game2_brentq(recall, specificity):
    """report_10's game2.py: scipy's brentq on the rebound copy."""
    from scipy.optimize import brentq

    f = np.vectorize(lambda r, s: brentq(lambda p: _rebound(r, s, p) - 0.5, 1e-12,
                                         1 - 1e-12, xtol=1e-15))
    out = f(recall, specificity)
    return float(out) if np.ndim(out) == 0 else out


def _report_brentq(recall, specificity):
    """report_10 (4th round), finding 1 (hack.py): the @save cell pasted with its last lines
    edited, root-searched by scipy's brentq at a tight tolerance; no equation solved. Not
    refused (other code), but it stops about 1e-15 from an answer near 1e-14 (_Q2_TINY)."""
    from scipy.optimize import brentq

    def prec(recall, specificity, prevalence):
        prevalence = np.asarray(prevalence, dtype=float)
        caught = np.asarray(recall, dtype=float) * prevalence
        false_alarms = (1 - np.asarray(specificity, dtype=float)) * (1 - prevalence)
        out = caught / (caught + false_alarms)
        return float(out) if out.ndim == 0 else out

    f = np.vectorize(lambda r, s: brentq(lambda p: prec(r, s, p) - 0.5, 0, 1, xtol=1e-15,
                                         rtol=1e-14))
    out = f(recall, specificity)
    return float(out) if np.ndim(out) == 0 else out


def _own_brentq(recall, specificity):
    """brentq at its default tolerance on the equation written out by hand: a numeric search
    that stops far from an answer near 1e-14 (_Q2_TINY)."""
    from scipy.optimize import brentq

    f = np.vectorize(lambda r, s: brentq(lambda p: r * p - (1 - s) * (1 - p), 0, 1))
    out = f(recall, specificity)
    return float(out) if np.ndim(out) == 0 else out


def _own_bisection(recall, specificity):
    """Bisection on the equation written out by hand (no copy): a numeric search all the same,
    refused in the kernel (a line run hundreds of times)."""
    lo, hi = np.zeros(np.shape(recall)), np.ones(np.shape(recall))
    for _ in range(200):
        mid = (lo + hi) / 2
        above = recall * mid > (1 - specificity) * (1 - mid)
        hi, lo = np.where(above, mid, hi), np.where(above, lo, mid)
    out = (lo + hi) / 2
    return float(out) if np.ndim(out) == 0 else out


def _trimmed_prec(recall, specificity, prevalence):
    """report_10 (5th round), finding 1: the @save cell pasted and cut down to caught /
    flagged (other code: not refused as a copy)."""
    caught = np.asarray(recall, float) * prevalence
    false_alarms = (1 - np.asarray(specificity, float)) * (1 - prevalence)
    return caught / (caught + false_alarms)


def _report_xtol(r, s):
    """report_10 (5th round), finding 1, its code: brentq run to the float's last digit
    (xtol 1e-300) on the trimmed copy; it passed every hidden case."""
    import scipy.optimize

    if np.ndim(r):
        return np.array([_report_xtol(a, b) for a, b in zip(r, s)])
    return scipy.optimize.brentq(lambda p: _trimmed_prec(r, s, p) - 0.5, 0, 1, xtol=1e-300)


def _report_halvings(r, s):
    """report_10 (5th round), finding 1 (hostile_q2.py): a bisection of 2,000 halvings by
    hand on the trimmed copy, no library named; it passed too."""
    if np.ndim(r):
        return np.array([_report_halvings(a, b) for a, b in zip(r, s)])
    lo, hi = 0.0, 1.0
    for _ in range(2000):
        mid = (lo + hi) / 2
        if _trimmed_prec(r, s, mid) < 0.5:
            lo = mid
        else:
            hi = mid
    return (lo + hi) / 2


def _solver_by_a_string(r, s):
    """brentq imported by a string (no solver's name in the code): refused while it runs."""
    solver = getattr(__import__("scipy." + "opt" + "imize", fromlist=["_"]), "bre" + "ntq")
    if np.ndim(r):
        return np.array([_solver_by_a_string(a, b) for a, b in zip(r, s)])
    return solver(lambda p: r * p - (1 - s) * (1 - p), 0, 1, xtol=1e-300)


def _by_a_string(name: str):
    """A course function of base_rates imported by a string (report_10, 2nd round, finding 4):
    no name of the course in the answer's code, so only the refusal while it runs catches it."""
    import importlib

    module = importlib.import_module("dfkit.evaluation." + "base" + "_rates")
    return getattr(module, name)


def _q5_string_import(recall, specificity, prevalence):
    """report_10 (2nd round), finding 4: expected_counts imported by a string, fp / tp."""
    f = np.vectorize(lambda r, s, p: (lambda c: c["fp"] / c["tp"])(
        _by_a_string("expected_" + "counts")(r, s, p)))
    out = f(recall, specificity, prevalence)
    return out if np.ndim(out) else float(out)


def _q5_expected_cost(recall, specificity, prevalence):
    """The false alarms per face and the misses per face from expected_cost, one price 0."""
    cost = _by_a_string("expected_" + "cost")
    alarms = cost(recall, specificity, prevalence, 1, 0)
    caught = prevalence - cost(recall, specificity, prevalence, 0, 1)
    return alarms / caught


def _q2_counts_bisection(recall, specificity):
    """A bisection on expected_counts (imported by a string): no equation written at all."""
    counts = _by_a_string("expected_" + "counts")
    return _bisect(lambda p: np.vectorize(
        lambda r, s, q: (lambda c: c["tp"] - c["fp"])(counts(r, s, q)))(recall, specificity, p))


def _q2_bayes_threshold(recall, specificity):
    """report 19, finding 1 (its code): bayes_threshold imported by a string, at 1 in 2 with
    the costs 1 - specificity and recall, returns q2's answer."""
    bt = __import__("dfkit.evaluation.base_rates", fromlist=["_"]).bayes_threshold
    r, s = np.broadcast_arrays(recall, specificity)
    out = np.array([bt(0.5, cost_fp=1 - si, cost_fn=ri) for ri, si in zip(r.ravel(), s.ravel())])
    return out.reshape(r.shape)[()]


def _q5_bayes_threshold(recall, specificity, prevalence):
    """report 19, finding 1 (its code): t / (1 - t) of bayes_threshold at the prevalence."""
    bt = __import__("dfkit.evaluation.base_rates", fromlist=["_"]).bayes_threshold
    r, s, p = np.broadcast_arrays(recall, specificity, prevalence)
    t = np.array([bt(pi, cost_fp=1 - si, cost_fn=ri)
                  for ri, si, pi in zip(r.ravel(), s.ravel(), p.ravel())])
    return (t / (1 - t)).reshape(r.shape)[()]


def _q5_shift_prior(recall, specificity, prevalence):
    """report 19, finding 1: the precision at 1 in 2 moved to the prevalence by shift_prior
    (imported by a string); real flags per fake are its odds turned round."""
    shifted = _by_a_string("shift" + "_prior")(recall / (recall + 1 - specificity), prevalence)
    return (1 - shifted) / shifted


def _q2_shift_prior(recall, specificity):
    """report 19, finding 1: a bisection on shift_prior's precision at the prevalence."""
    shift = _by_a_string("shift" + "_prior")
    at_half = recall / (recall + 1 - specificity)
    return _bisect(lambda p: np.vectorize(lambda a, q: shift(a, q) - 0.5)(at_half, p))


_COPIES = [[_pasted], {"p": _pasted}]  # reached through a list and a dict, not a name


_Q2 = {"mean_seen": 0.8, "mean_unseen": 0.4, "auc_seen": 0.9}


CASES = {
    "q1": {
        # validation: recall 0.95, specificity 43/60 (0.717), as in a laptop run; test 0.0473
        "right": [lambda: _q1(0.0328), lambda: _q1(0.033),
                  lambda: _q1(0.0331),  # counted with the table's rates rounded to 0.950, 0.72
                  lambda: _q1(np.float32(0.03276)),
                  lambda: _q1(0.0328, 2805),  # the count, rounded to whole faces
                  # report_10 (2nd), finding 1: counted from the table's printed 0.717
                  lambda: _q1(0.0328, (1 - 0.717) * 9900), lambda: _q1(0.0328, 2802),
                  # the ends of what a specificity printed as 0.717 gives, whole faces
                  lambda: _q1(0.0328, 2797), lambda: _q1(0.0328, 2807),
                  # a detector that flags every face
                  lambda: {"q1_real_flagged": 9900, "q1_prediction": 0.0095, "recall_val": 1.0,
                           "spec_val": 0.0, **_test_split(120, 120)}],
        "wrong": [lambda: _q1(0.0473),  # the test row, read off the table
                  lambda: _q1(0.77),  # at 1 in 2
                  lambda: _q1(0.0133),  # specificity where 1 - specificity belongs
                  lambda: _q1(0.0174),  # the paper's worked example
                  lambda: _q1(3.3),  # a percentage
                  lambda: _q1(0.03),  # rounded too far
                  lambda: _q1("c"),  # the old bands
                  lambda: _q1(True),
                  # the share from one library call, no count (report_10, finding 6)
                  # (left blank it is "blank", not correct, too)
                  lambda: _q1(precision_at_prevalence(0.95, 43 / 60, 0.01), 0),
                  lambda: _q1(0.0328, 43 / 60 * 9900),  # the real faces left alone
                  lambda: _q1(0.0328, 17 / 60 * 10_000),  # a share of all faces
                  lambda: _q1(0.0328, 95),  # the fakes caught
                  # from a specificity rounded further than the table prints it (0.72)
                  lambda: _q1(0.0328, (1 - 0.72) * 9900),
                  # just outside what a specificity printed as 0.717 gives
                  lambda: _q1(0.0328, 2795), lambda: _q1(0.0328, 2809)],
    },
    "q2": {
        "right": [_break_even(lambda r, s: (1 - s) / (r + 1 - s)),
                  # the formula through a float conversion (honest arithmetic on arrays)
                  _break_even(lambda r, s: (1 - np.asarray(s, dtype=float))
                              / (np.asarray(r, dtype=float) + 1 - np.asarray(s, dtype=float))),
                  _break_even(lambda r, s: np.divide(1 - s, 1 - s + r)),
                  # the formula, element by element, for arrays (a short loop, no search)
                  _break_even(lambda r, s: np.array([(1 - b) / (a + 1 - b) for a, b in
                                                     zip(r, s)]) if np.ndim(r) else
                              (1 - s) / (r + 1 - s))],
        "wrong": [_break_even(lambda r, s: r / (r + 1 - s)),  # the real share
                  _break_even(lambda r, s: (1 - s) / r),  # odds, not a share
                  _break_even(lambda r, s: s / (r + s)),  # specificity for its complement
                  # arrays collapsed to one number
                  _break_even(lambda r, s: float(np.mean((1 - s) / (r + 1 - s)))),
                  _break_even(lambda r, s: 1 / 0),  # a bug: reported, not crashed
                  _break_even(0.36),  # not a function
                  # the course's own function does the work: a root search on it
                  _break_even(_root_search),
                  _break_even(_through_a_name(
                      lambda f, r, s: _bisect(lambda p: f(r, s, p) - 0.5))),
                  # report_10: copies of the course's function (pasted, rebound, in a list)
                  _break_even(_game2_brentq),
                  _break_even(lambda r, s: _bisect(lambda p: _pasted(r, s, p) - 0.5)),
                  _break_even(lambda r, s: _bisect(
                      lambda p: _COPIES[0][0](r, s, p) - 0.5)),
                  # report_10 (2nd round): a search on expected_counts, imported by a string
                  _break_even(_q2_counts_bisection),
                  # report 19, finding 1: bayes_threshold and shift_prior, by a string and by
                  # name (every public function of base_rates is refused while it runs)
                  _break_even(_q2_bayes_threshold),
                  _break_even(_q2_shift_prior),
                  _break_even(lambda r, s: base_rates.bayes_threshold(0.5, 1 - s, r)),
                  # report_10 (4th round), finding 1: brentq on a copy edited by hand (not
                  # refused), and on the student's own equation: both stop at their tolerance,
                  # far from an answer near 1e-14 (the last hidden inputs, _Q2_TINY)
                  _break_even(_report_brentq),
                  _break_even(_own_brentq),
                  # the odds solved, then 1 - r / (r + 1 - s): a number near 1 taken from 1
                  _break_even(lambda r, s: 1 - r / (r + 1 - s)),
                  # report_10 (5th round), finding 1: a search run to the float's last digit
                  # (brentq with xtol 1e-300, 2,000 halvings by hand) on a trimmed copy, and
                  # on the equation written out by hand (a search all the same), a solver
                  # imported by a string
                  _break_even(_report_xtol),
                  _break_even(_report_halvings),
                  _break_even(_own_bisection),
                  _break_even(_solver_by_a_string)],
    },
    "q3": {
        "right": [lambda: {"q3_answer": "a"}, lambda: {"q3_answer": " A "}],
        "wrong": [lambda: {"q3_answer": "b"}, lambda: {"q3_answer": "c"},
                  lambda: {"q3_answer": "d"},
                  # report_10 (5th round), finding 3: the right direction, a wrong reason
                  lambda: {"q3_answer": "e"}, lambda: {"q3_answer": "down"},
                  lambda: {"q3_answer": 2}],
    },
    "q4": {
        "right": [lambda: _q4(), lambda: _q4(recall_shift=0.004), lambda: _q4(seed=8)],
        "wrong": [lambda: _q4(cost_fn=20), lambda: _q4(choose_on="test"),
                  lambda: _q4(recall_on="val"), lambda: _q4(recall_shift=0.05),
                  lambda: {**_q4(), "threshold_costly_miss": "0.5"},
                  lambda: _q4(cost_fp=100, cost_fn=1, seed=8),  # the costs swapped
                  # swapped, where that gives the threshold for a miss costing 20 too
                  lambda: _q4(cost_fp=100, cost_fn=1),
                  # rounded to 2 decimals, then nudged: wrong, and not told it is close
                  lambda: {**_q4(), "threshold_costly_miss": round(
                      float(_q4()["threshold_costly_miss"]), 2) + 0.004}],
    },
    "q5": {
        "right": [_flags(lambda r, s, p: (1 - s) * (1 - p) / (r * p)),
                  _flags(lambda r, s, p: np.divide((1 - s) * (1 - p), r * p)),
                  # counted out among a million faces
                  _flags(lambda r, s, p: (1 - s) * (1_000_000 * (1 - p))
                         / (r * 1_000_000 * p))],
        "wrong": [_flags(lambda r, s, p: (1 - s) * (1 - p) / (r * p) + 1),  # fake included
                  _flags(lambda r, s, p: r * p / ((1 - s) * (1 - p))),  # turned round
                  _flags(lambda r, s, p: r * p / (r * p + (1 - s) * (1 - p))),  # precision
                  _flags(lambda r, s, p: s * (1 - p) / (r * p)),  # specificity
                  _flags(lambda r, s, p: (1 - s) / (r * p)),  # all faces, not the real ones
                  _flags(lambda r, s, p: (1 - s) * (1 - p) / p),  # all fakes, not caught
                  _flags(lambda r, s, p: np.round((1 - s) * (1 - p) / (r * p))),  # rounded
                  _flags(lambda r, s, p: 570.6),  # the paper's number, typed
                  _flags(lambda r, s, p: float(np.mean((1 - s) * (1 - p) / (r * p)))),
                  _flags(lambda r, s, p: 1 / 0),  # a bug: reported, not crashed
                  _flags(571),  # not a function
                  # the course's own function does the work (a hostile reviewer's answer)
                  _flags(lambda r, s, p: 1 / precision_at_prevalence(r, s, p) - 1),
                  _flags(lambda r, s, p: 1 / base_rates.precision_at_prevalence(r, s, p) - 1),
                  _flags(_through_a_name(lambda f, r, s, p: 1 / f(r, s, p) - 1)),
                  # report_10: the @save cell pasted or rebound, renamed (refused; a copy
                  # edited by hand has other code and is not: see the last cases)
                  _flags(lambda r, s, p: 1 / _pasted(r, s, p) - 1),
                  _flags(lambda r, s, p: 1 / _rebound(r, s, p) - 1),
                  _flags(lambda r, s, p: 1 / _COPIES[1]["p"](r, s, p) - 1),
                  # report_10 (2nd round), finding 4: expected_counts imported by a string
                  _flags(_q5_string_import),
                  # the other course function that gives the counts: expected_cost
                  _flags(_q5_expected_cost),
                  _flags(lambda r, s, p: (lambda c: c["fp"] / c["tp"])(
                      base_rates.expected_counts(r, s, p))),
                  # report_10 (3rd round), finding 1: a copy edited by hand is not refused,
                  # but 1 / precision - 1 loses its digits on the last hidden inputs
                  _flags(lambda r, s, p: 1 / _edited(r, s, p) - 1),
                  # the same route through a precision written out by hand, and all flags
                  # per fake caught minus 1
                  _flags(lambda r, s, p: 1 / (r * p / (r * p + (1 - s) * (1 - p))) - 1),
                  _flags(lambda r, s, p: (r * p + (1 - s) * (1 - p)) / (r * p) - 1),
                  # report 19, finding 1: bayes_threshold and shift_prior
                  _flags(_q5_bayes_threshold),
                  _flags(_q5_shift_prior)],
    },
    "q6": {
        "right": [lambda: {"q6_answer": "a"}, lambda: {"q6_answer": " A "}],
        "wrong": [lambda: {"q6_answer": "b"}, lambda: {"q6_answer": "c"},
                  lambda: {"q6_answer": "d"}, lambda: {"q6_answer": "z"},
                  lambda: {"q6_answer": 4}],
    },
}
