"""Chapter 10 exercises: precision at a prevalence (counted, then run), the prevalence at
which half the flags are right, which way a dearer miss can move the least-cost threshold (asked
before it is computed), that threshold for a dearer miss, real faces flagged per fake caught at
any prevalence, and which claims about the run's tables hold whatever it printed."""

from __future__ import annotations

import collections
import functools
import inspect
import math
import numbers

import numpy as np

from dfkit.course.exercises import (
    Exercise,
    Incorrect,
    ____,  # noqa: F401 (re-exported: a chapter imports its checkers and the blank in one line)
    _is_sandbox_proxy,
    call_refusing,
    choice,
    close,
    code_fingerprint,
    hands_work_to,
    hidden_rng,
    names_used,
    own_functions,
    unwrap_scalar,
    wrapped_chain,
)
from dfkit.evaluation import base_rates
from dfkit.evaluation.base_rates import cost_threshold, precision_at_prevalence, rates

# --------------------------------------------------------------------------- q1: count
Q1_PREVALENCE = 0.01  # 1 face in 100 is fake
_PAPER_RESNET = (977 / 1000, 331 / 749)  # the paper's Fig 14
_PAPER_CNN = (942 / 1000, 636 / 749)  # the paper's Fig 13


def _q1_slips(recall_val: float, spec_val: float, test_precision: float) -> tuple:
    """(value, why) for answers that count something else than the question asks."""
    pi = Q1_PREVALENCE
    return (
        (test_precision, "that is the precision on test (the table after this cell). The "
                         "count asked for comes from the rates the threshold gave on "
                         "validation (the chapter's first table): the reading after the table "
                         "compares the two."),
        (precision_at_prevalence(recall_val, spec_val, 0.5),
         "that is the share at 1 fake in 2, a balanced set. Count 10,000 faces of which 1 in "
         "100 is fake: 100 fakes and 9,900 real faces."),
        (recall_val * pi / (recall_val * pi + spec_val * (1 - pi)),
         "that uses the specificity (the real faces left alone) where the share of real faces "
         "flagged, 1 - specificity, belongs."),
        (precision_at_prevalence(*_PAPER_RESNET, pi),
         "that is the paper's ResNet-style model, the worked example. Count with our model's "
         "recall and specificity on validation."),
    )


Q1_FACES = 10_000
#: the chapter's first table shows validation's recall and specificity to 3 decimals
SHOWN_DECIMALS = 3


def _count_range(spec_val: float) -> tuple[float, float]:
    """The real faces flagged among the 9,900 counted from any specificity the chapter's first
    table would show as it shows ``spec_val`` (to :data:`SHOWN_DECIMALS`), widened by one face
    for a count rounded to whole faces: a count from the printed 0.717 is as right as one from
    the unrounded rate. The unrounded count always lies inside."""
    real = Q1_FACES * (1 - Q1_PREVALENCE)
    half = 0.5 * 10 ** -SHOWN_DECIMALS
    shown = round(float(spec_val), SHOWN_DECIMALS)
    return (1 - (shown + half)) * real - 1, (1 - (shown - half)) * real + 1


def _check_real_flagged(q1_real_flagged, recall_val, spec_val) -> None:
    """The count the share is made of: the real faces flagged among the 9,900 (whole or not),
    from the unrounded specificity or from the table's printed one (:func:`_count_range`).
    base_rates.expected_counts gives it too, and a number cannot show how it was made: q1 is a
    prediction to commit to before running, not a test that the count was done by hand (any
    number it could ask for is one step of arithmetic from that function's counts)."""
    real = Q1_FACES * (1 - Q1_PREVALENCE)
    low, high = _count_range(spec_val)
    value = unwrap_scalar(q1_real_flagged)
    if not isinstance(value, numbers.Real) or isinstance(value, bool):
        raise Incorrect("q1_real_flagged should be a number: the real faces flagged among the "
                        f"{real:,.0f} real ones.")
    if low <= value <= high:
        return
    slips = ((spec_val * real, "that counts the real faces left alone; the flagged ones are a "
              "share 1 - specificity of them."),
             ((1 - spec_val) * Q1_FACES, f"that flags a share of all {Q1_FACES:,} faces; only "
              f"the {real:,.0f} real ones can be flagged wrongly."),
             (recall_val * Q1_FACES * Q1_PREVALENCE, "that is the fakes caught, not the real "
              "faces flagged."))
    width = (high - low) / 2
    for slip, why in slips:
        if abs(value - slip) <= width:
            raise Incorrect(f"q1_real_flagged is {value:.6g}: {why}")
    raise Incorrect(f"q1_real_flagged is {value:.6g}, which is not right yet: of the "
                    f"{real:,.0f} real faces, which share does the threshold flag? (A count "
                    "from the rates as the chapter's first table prints them is accepted, "
                    "whole or not.)")


def _check_count(q1_real_flagged, q1_prediction, recall_val, spec_val, y_test, p_test,
                 t_recall) -> str:
    _check_real_flagged(q1_real_flagged, recall_val, spec_val)
    expected = precision_at_prevalence(recall_val, spec_val, Q1_PREVALENCE)
    # the test row of the table after the check, for the slip of reading test for validation
    test_precision = float(precision_at_prevalence(*rates(y_test, p_test, t_recall),
                                                   Q1_PREVALENCE))
    value = unwrap_scalar(q1_prediction)
    allowed = 5e-4  # what close() allows at 3 decimals
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        for slip, why in _q1_slips(recall_val, spec_val, test_precision):
            if abs(value - slip) <= allowed < abs(value - expected):
                raise Incorrect(f"q1_prediction is {value:.4g}: {why}")
    # not "rounded to 2 decimals, too far": that would confirm the count's leading digits
    close(value, expected, decimals=3, what="q1_prediction", name_rounding=False)
    per_fake = _flags_per_fake(recall_val, spec_val, Q1_PREVALENCE)
    return (f"validation's rates (recall {recall_val:.3f}, specificity {spec_val:.3f}) give "
            f"{expected:.3f}: about {per_fake:.0f} real faces flagged for every fake caught. "
            f"At the same threshold the test split gives {test_precision:#.3g} (the test row "
            "of the table after this cell); the reading under that table compares the two "
            "splits' rates.")


q1 = Exercise(
    "q1",
    "Count, for 10,000 faces of which 1 in 100 is fake, with the recall and specificity our "
    "Model 1's threshold gave on validation: how many real faces does it flag, and what share "
    "of the faces it flags are fake? Set q1_real_flagged to the count and q1_prediction to the "
    "share (a number between 0 and 1, to 3 decimals at least).",
    ("q1_real_flagged", "q1_prediction"),
    _check_count,
    hints=("Among 10,000 faces at 1 in 100: how many are fake, how many real? Recall decides "
           "how many fakes are caught, 1 - specificity how many real faces are flagged; the "
           "share is caught / (caught + flagged real faces).",
           "The chapter's first table holds the threshold's recall and specificity on "
           "validation; the paper's ResNet-style example above does the same count with other "
           "rates."),
    context=("recall_val", "spec_val", "y_test", "p_test", "t_recall"),
    kind="compute",
)


# ------------------------------------------------- q2 and q5: the course's functions are refused
# q2 and q5 ask for the formula; the functions of base_rates compute it, or the numbers it is
# built from, in several ways: precision_at_prevalence (its @save cell too) the precision
# (1 / precision - 1, a root search on it), expected_counts the counts (fp / tp is q5's
# answer), expected_cost each part of the cost (one price 0), bayes_threshold the odds (report
# 19, finding 1: with prevalence 0.5 and the costs 1 - S and R it returns q2's answer, and
# t / (1 - t) at prevalence π is q5's), shift_prior a precision shifted. So every public
# function of the module is refused while the answer runs, however it reached them (an import
# by a string included), not a list kept by hand; and by name, and by their code (a copy
# pasted under another name or rebuilt from its __code__ has the same code_fingerprint: in the
# names the answer reaches, and while it runs). A copy edited by hand (report_10, 3rd round:
# the @save cell with its last line changed) has other code and is not refused: a documented
# limit (instructors.md). q5 fails it all the same on its last hidden inputs
# (:data:`_Q5_TINY`), where 1 / precision - 1 loses its digits. q2 refuses a numeric search
# for the prevalence however precise (report_10, 5th round, finding 1: brentq with xtol 1e-300
# and a bisection of 2,000 halvings on a copy edited by hand both passed): a solver named in
# the answer (:data:`_SOLVER_NAMES`), scipy.optimize's functions while it runs (refused like
# base_rates'), and a line of the notebook's code run more than :data:`SEARCH_STEPS` times
# for one detector (``counting_steps``: a loop of its own), in the kernel and when graded
_LIBRARY_NAMES = {"precision_at_prevalence", "base_rates", "dfkit"}
_LIBRARIES = {"dfkit"}


def _module_functions(module) -> tuple:
    """Every public function ``module`` defines (not one it imports), unwrapped."""
    return tuple(inspect.unwrap(value) for name, value in sorted(own_functions(module).items())
                 if not name.startswith("_"))


#: every public function of base_rates: each gives q2's or q5's answer, the numbers it is made
#: of, or something else no answer needs
_REFUSED = _module_functions(base_rates)
#: taken at import, before any check swaps the functions' code for a refusal: a copy's
#: fingerprint, and the function it copies
_COURSE_FINGERPRINTS = {code_fingerprint(f): f.__name__ for f in _REFUSED}
_MODULE = "dfkit.evaluation.base_rates"


def _hands_over(what: str, how: str | None = None) -> str:
    """The refusal: what the answer was found to use (``how``), or, when it was caught while
    running, the module whose functions are refused."""
    how = how or (f"called a function of {_MODULE} (or an unchanged copy of one) while it ran")
    return (f"{what} {how}: the exercise asks for the formula, written with + - * / on the "
            "rates. Use base_rates only outside the function, to check what it returns.")


def _found_by_name(answer) -> str | None:
    """What the name check finds in the answer's code, in words; None when it finds nothing."""
    # the function inside a functools.cache or other wrapper too (final review r21)
    names = set().union(*(names_used(f) for f in wrapped_chain(answer)))
    copies = sorted(_COURSE_FINGERPRINTS[n] for n in names if n in _COURSE_FINGERPRINTS)
    if copies:
        return f"runs an unchanged copy of base_rates.{copies[0]}"
    if not hands_work_to(answer, _LIBRARY_NAMES, _LIBRARIES):
        return None
    named = sorted(({part for name in names for part in name.split(".")} | names)
                   & _LIBRARY_NAMES)
    if named:
        return "uses the course's library by name (" + ", ".join(named) + ")"
    return "reaches an object of the course's library dfkit"


def _course_functions(answer) -> list:
    """The refused functions of base_rates and the copy the chapter's @save cell defines beside
    the answer (a grading sandbox's proxy has no globals here: its names are checked instead)."""
    found = {} if _is_sandbox_proxy(answer) else getattr(answer, "__globals__", {})
    copy = found.get("precision_at_prevalence") if isinstance(found, dict) else None
    functions = list(_REFUSED)
    if callable(copy) and copy is not base_rates.precision_at_prevalence:
        functions.append(copy)
    return functions


def _call_refusing(answer, *args, what: str):
    """``call_answer`` with the course's functions refused (Incorrect when the answer used one,
    by name or however it reached it while running)."""
    found = _found_by_name(answer) if callable(answer) else None
    if found:
        raise Incorrect(_hands_over(what, found))
    return call_refusing(answer, _course_functions(answer), _hands_over(what), *args,
                         what=what, watch=set(_COURSE_FINGERPRINTS))


# ------------------------------------------------------ q2: a numeric search is refused too
#: names of numeric solvers: an answer that names one hands the equation to it (report_10, 5th
#: round, finding 1: scipy's brentq with xtol 1e-300 passed every hidden case)
_SOLVER_NAMES = {"optimize", "brentq", "brenth", "ridder", "bisect", "newton", "toms748",
                 "root_scalar", "fsolve", "fixed_point", "minimize_scalar", "sympy",
                 "solveset", "nsolve"}
#: what would switch off the count of the answer's steps (sys.settrace and its kin)
_TRACING_NAMES = {"settrace", "setprofile", "gettrace", "getprofile", "monitoring", "f_trace",
                  "_getframe", "call_tracing"}
#: a line of the answer run more often than this for one detector (the hidden arrays hold 4
#: detectors) is a loop that searches for the prevalence
SEARCH_STEPS = 64


@functools.cache
def _solver_functions() -> tuple:
    """Every public function of scipy.optimize, unwrapped: refused while q2's answer runs (an
    import by a string too), as base_rates' are."""
    import scipy.optimize

    found = (inspect.unwrap(value) for name, value in sorted(vars(scipy.optimize).items())
             if not name.startswith("_") and callable(value))
    return tuple(f for f in found if inspect.isfunction(f))


def _searches(what: str) -> str:
    """The refusal of a numeric search, which says what the exercise asks and no way round."""
    return (f"{what} searches for the prevalence numerically instead of computing it: the "
            "exercise asks you to solve the equation for the prevalence by hand and write the "
            "answer as one fraction of the two rates.")


def _call_without_search(answer, *args, what: str):
    """:func:`_call_refusing` for q2, with a numeric search refused too: a solver named in the
    answer, scipy.optimize's functions while it runs and a line of the notebook's code run
    more than :data:`SEARCH_STEPS` times for one detector (counted where the answer runs: in
    the grading sandbox when graded)."""
    if callable(answer):
        names = set().union(*(names_used(f) for f in wrapped_chain(answer)))
        parts = {part for name in names for part in name.split(".")}
        if parts & _SOLVER_NAMES:
            raise Incorrect(_searches(what))
        tracing = ", ".join(sorted(parts & _TRACING_NAMES))
        if tracing:
            raise Incorrect(f"{what} changes Python's tracing ({tracing}), which the check "
                            "uses to count its steps: write the formula and leave tracing "
                            "alone.")
        found = _found_by_name(answer)
        if found:
            raise Incorrect(_hands_over(what, found))
    counts: collections.Counter = collections.Counter()
    hands_over = (f"{what} called a function of {_MODULE} or of scipy.optimize (or an "
                  "unchanged copy of one) while it ran: the exercise asks for the formula, "
                  "written with + - * / on the rates. Use base_rates only outside the "
                  "function, to check what it returns.")
    got = call_refusing(answer, [*_course_functions(answer), *_solver_functions()],
                        hands_over, *args, what=what, watch=set(_COURSE_FINGERPRINTS),
                        steps=counts)
    if max(counts.values(), default=0) > SEARCH_STEPS:
        raise Incorrect(_searches(what))
    return got


# --------------------------------------------------------------------------- q2: implement
def _expected_break_even(recall, specificity):
    return (1 - specificity) / (recall + 1 - specificity)


def _hidden_inputs() -> list[tuple]:
    rng = hidden_rng("ch10.q2")
    cases = [(977 / 1000, 331 / 749), (0.9, 0.9), (0.5, 0.99)]
    cases += [(float(r), float(s))
              for r, s in zip(rng.uniform(0.3, 1, 5), rng.uniform(0.2, 0.999, 5))]
    cases.append((rng.uniform(0.3, 1, 4), rng.uniform(0.2, 0.99, 4)))
    return cases + list(_Q2_TINY)


#: detectors that almost never flag a real face, tried last: a break-even prevalence near
#: 1e-14, which the formula gives to the last digit, while a root finder at its usual
#: tolerance (report_10, 4th round, finding 1: brentq on an edited copy of the @save cell)
#: stops far from it, and 1 - recall / (...) (a number near 1 taken from 1) loses its digits
_Q2_TINY = ((0.85, 1 - 1e-14), (0.8, 1 - 1e-14))


def _numbers_like(got, expected, what: str) -> np.ndarray:
    """A function's result as floats shaped like ``expected``, or Incorrect saying why not."""
    try:
        got_array = np.asarray(got, dtype=float)
    except (TypeError, ValueError):
        raise Incorrect(f"{what} should return a number (or an array for arrays), not "
                        f"{type(got).__name__}.") from None
    if got_array.shape != np.shape(expected):
        raise Incorrect(f"for arrays of {np.size(expected)} inputs it returned shape "
                        f"{got_array.shape}: use NumPy arithmetic that works element by element.")
    return got_array


def _check_break_even(break_even_prevalence) -> str:
    for recall, specificity in _hidden_inputs():
        got = _call_without_search(break_even_prevalence, recall, specificity,
                                   what="break_even_prevalence")
        expected = _expected_break_even(recall, specificity)
        got_array = _numbers_like(got, expected, "break_even_prevalence")
        # atol 0: near 1e-14 (_Q2_TINY) an absolute tolerance would pass any small number
        if np.allclose(got_array, expected, rtol=1e-6, atol=0):
            continue
        if np.ndim(recall) == 0 and (recall, specificity) in _Q2_TINY:
            near = np.allclose(got_array, expected, rtol=0.5, atol=0)
            how = ("close to the break-even prevalence but not exact (the check allows a "
                   "millionth of it)" if near else
                   "not the break-even prevalence, which lies near 1e-14")
            raise Incorrect(
                f"for recall {recall}, specificity 1 - 1e-14 (a detector that almost never "
                f"flags a real face) it returned {float(got_array):.3g}, {how}. Solve the "
                "equation for the prevalence and write it as one fraction of the rates: 1 "
                "minus a fraction of them (a number near 1 taken from 1) keeps few of the "
                "answer's digits here.")
        args = f"recall {np.round(recall, 3)}, specificity {np.round(specificity, 3)}"
        if np.allclose(got_array, 1 - expected, rtol=1e-6):
            raise Incorrect(f"for {args} that is the share of real faces at the break-even "
                            "point, not the share of fakes: turn it round.")
        if np.allclose(got_array, (1 - specificity) / recall, rtol=1e-6):
            raise Incorrect(f"for {args} that is the odds of a face being fake, "
                            "prevalence / (1 - prevalence), at the break-even point: turn the "
                            "odds into a share.")
        raise Incorrect(f"for {args} it returned {np.round(got_array, 4)}; at that prevalence "
                        "base_rates.precision_at_prevalence should give 0.5, and it does not.")
    paper = float(_expected_break_even(977 / 1000, 331 / 749))
    return (f"every hidden case is right. For the paper's ResNet-style model it is {paper:.2f}: "
            "more than a third of the faces must be fake before half of its flags are right.")


q2 = Exercise(
    "q2",
    "Write break_even_prevalence(recall, specificity): the prevalence at which half of the "
    "flagged faces are fake (as many real faces flagged as fakes caught). Write that equation "
    "by hand and solve it for the prevalence, as one fraction of the rates (a numeric search "
    "is refused). 1 - specificity is fine; 1 minus a fraction of the rates loses its digits "
    "on the hidden detectors that almost never flag a real face.",
    ("break_even_prevalence",),
    _check_break_even,
    hints=("At prevalence π a share recall·π of all faces are fakes caught and a share "
           "(1 − specificity)·(1 − π) are real faces flagged. Set the two equal and solve "
           "for π.",
           "Plain arithmetic with + - * / works for numbers and NumPy arrays alike; check your "
           "result with base_rates.precision_at_prevalence, which must give 0.5 there."),
    kind="implement",
)


# --------------------------------------------------------------------------- q3: explain
q3 = choice(
    "q3",
    "Before computing it: a missed fake now costs 100 false alarms, not 20. Which way can the "
    "least-cost threshold chosen on validation move, for any validation scores whatsoever?",
    "q3_answer",
    options={
        "a": "Down, or not at all: the dearer miss adds most to the thresholds that miss the "
             "most fakes, the high ones, so none above t_cost can become the cheapest.",
        "b": "Up, or not at all: a dearer miss makes every mistake count for more, so the "
             "cheapest threshold must flag fewer faces and make fewer mistakes of either kind.",
        "c": "Always down, at least a little: with a miss five times dearer, some threshold "
             "below t_cost always catches enough more fakes to become the cheapest.",
        "d": "Either way: the validation cost, threshold by threshold, goes up and down with "
             "small dips beside the deepest one, so which dip is deepest once a miss costs "
             "more cannot be told in advance.",
        "e": "Down, or not at all: the validation cost has a single minimum, and a dearer "
             "miss slides it smoothly towards the lower thresholds.",
    },
    answer="a",
    feedback={
        "a": "right: each threshold's cost is its misses times their price plus its false "
             "alarms; raising the price adds π·(1 − recall)·80 per face, and a higher threshold "
             "never has a higher recall. A threshold above t_cost was already dearer and now "
             "gains at least as much, so the cheapest moves down or stays. Compute it in q4.",
        "b": "a dearer miss does not make a false alarm dearer: only the misses' part of each "
             "threshold's cost grows, and it grows most where the most fakes are missed, at "
             "the high thresholds. Flagging fewer faces misses more fakes, which now cost more.",
        "c": "the validation split holds few scores: when no threshold below t_cost catches "
             "enough more fakes to pay for its extra false alarms at the new price, the "
             "cheapest stays where it was. A dearer miss can only keep it or move it down.",
        "d": "the dips do not matter here: raising a miss's price adds to every threshold's "
             "cost the misses' part, π·(1 − recall)·80, which never shrinks as the threshold "
             "rises. A threshold above t_cost was dearer before and gains at least as much, so "
             "it stays dearer: the cheapest moves down or stays.",
        "e": "the direction is right but not the reason: the validation cost goes up and down "
             "with small dips (the cost figure's right panel), and the cheapest can jump from "
             "one dip to another. What holds for any scores is how the added cost of the "
             "misses changes as the threshold rises.",
    },
    hints=("Write one threshold's cost as the misses' part plus the false alarms' part. Which "
           "part does the new price change, and is that part larger at a high threshold or a "
           "low one?",
           "Compare t_cost with any threshold above it: which was cheaper before, and which "
           "of the two gains more when a miss costs 100?"),
)


# --------------------------------------------------------------------------- q4: modify
def _check_costly_miss(threshold_costly_miss, recall_costly_miss, y_val, p_val, y_test, p_test,
                       deploy_prevalence, cost_fp) -> str:
    expected = cost_threshold(y_val, p_val, deploy_prevalence, cost_fp=cost_fp, cost_fn=100)
    before = cost_threshold(y_val, p_val, deploy_prevalence, cost_fp=cost_fp, cost_fn=20)
    peeked = cost_threshold(y_test, p_test, deploy_prevalence, cost_fp=cost_fp, cost_fn=100)
    # the formula names the miss first, the function takes the false alarm first
    swapped = cost_threshold(y_val, p_val, deploy_prevalence, cost_fp=100, cost_fn=cost_fp)
    threshold_costly_miss = unwrap_scalar(threshold_costly_miss)
    if not isinstance(threshold_costly_miss, (int, float, np.floating, np.integer)) or \
            isinstance(threshold_costly_miss, bool):
        raise Incorrect("threshold_costly_miss should be a number "
                        "(the threshold chosen on validation).")
    answer = float(threshold_costly_miss)
    same = lambda a, b: (math.isinf(a) and math.isinf(b)) or (  # noqa: E731
        not math.isinf(a) and not math.isinf(b) and abs(a - b) < 5e-4)
    if not same(answer, expected):
        if same(answer, peeked):
            raise Incorrect("that threshold was chosen on the test split. Choose it on validation "
                            "(y_val, p_val); test only measures it.")
        order = ("cost_threshold(labels, scores, prevalence, cost_fp, cost_fn) takes the "
                 "false alarm's cost (a false positive) first, although the formula names the "
                 "miss first; a missed fake is a false negative, cost_fn. Pass them by name: "
                 "cost_fp=cost_fp, cost_fn=100.")
        if same(answer, swapped) and not same(answer, before):
            raise Incorrect("the two costs are swapped: that is the threshold for a false "
                            "alarm costing 100 and a miss costing 1. " + order)
        if same(answer, before):
            raise Incorrect("that is the threshold for a miss costing 20 false alarms"
                            + (". On these scores the two costs swapped (a false alarm "
                               "costing 100, a miss 1) give it too, so check both: "
                               + order if same(before, swapped) else
                               ": set the miss's cost to 100 (cost_fn=100)."))
        # the same words however near the answer is, so that they say nothing of its digits
        shown = "inf" if math.isinf(expected) else "a different value"
        raise Incorrect(f"threshold_costly_miss is {answer:.4g}; base_rates.cost_threshold on "
                        f"validation with a miss costing 100 gives {shown}. Check the prevalence "
                        "and both costs, and store the threshold unrounded (or to 3 decimals "
                        "at least: thresholds this close can flag different faces).")
    recall_test = rates(y_test, p_test, expected)[0]
    recall_val = rates(y_val, p_val, expected)[0]
    if isinstance(recall_costly_miss, (int, float)) and abs(recall_val - recall_test) > 0.005 and \
            abs(float(recall_costly_miss) - recall_val) < 0.005:
        raise Incorrect("that is the recall on validation. Report the test recall at this "
                        "threshold.")
    close(recall_costly_miss, recall_test, decimals=2, what="recall_costly_miss",
          name_rounding=False)
    if same(expected, before):
        return (f"the threshold stays at {expected:.3f}: on this run no validation score below "
                "t_cost catches enough more fakes to pay for its false alarms at the new "
                "price (q3: down, or not at all).")
    return (f"the threshold went down, from {before:.3f} to {expected:.3f}, as q3 reasoned: "
            "when a miss costs more, flagging more faces to catch more fakes becomes worth its "
            "false alarms.")


q4 = Exercise(
    "q4",
    "Choose the least-cost threshold again on validation with a missed fake costing 100 false "
    "alarms; store it in threshold_costly_miss and the test recall at it in recall_costly_miss "
    "(rounded to 2 decimals).",
    ("threshold_costly_miss", "recall_costly_miss"),
    _check_costly_miss,
    hints=("Only the price of a miss changes: the prevalence, the split you choose on and the "
           "split you measure on stay as in the chapter.",
           "base_rates.cost_threshold(labels, scores, prevalence, cost_fp, cost_fn) chooses "
           "(cost_fp: a false alarm; cost_fn: a missed fake, a false negative); "
           "base_rates.rates(labels, scores, threshold) measures recall and specificity."),
    context=("y_val", "p_val", "y_test", "p_test", "deploy_prevalence", "cost_fp"),
    kind="modify",
)


# --------------------------------------------------------------------------- q5: implement
#: a whole-number answer is a rounding slip when it is this close to the exact ratio
NEAR = 0.5


def _flags_per_fake(recall, specificity, prevalence):
    """Real faces flagged per fake caught: (1 − specificity)·(1 − π) / (recall·π)."""
    return (1 - specificity) * (1 - prevalence) / (recall * prevalence)


def _q5_inputs() -> list[tuple]:
    """Inputs the chapter never prints: no table or cell shows these ratios."""
    rng = hidden_rng("ch10.q5")
    cases = [(*_PAPER_RESNET, 0.001), (*_PAPER_CNN, 1 / 250), (0.9, 0.995, 0.05),
             (0.6, 0.7, 0.3)]
    cases += [(float(r), float(s), float(p)) for r, s, p in
              zip(rng.uniform(0.3, 1, 4), rng.uniform(0.2, 0.999, 4), rng.uniform(0.001, 0.4, 4))]
    cases.append((rng.uniform(0.3, 1, 4), rng.uniform(0.2, 0.99, 4), rng.uniform(0.002, 0.4, 4)))
    return cases + list(_Q5_TINY)


#: detectors that almost never flag a real face, tried last: a ratio near 1e-14, which the
#: formula gives to the last digit, while 1 / precision - 1 (a precision near 1, minus 1) loses
#: most of its digits: the route through a precision, the course's or a copy of it edited by
#: hand (report_10, 3rd round, finding 1), fails here by a few tenths of a percent
_Q5_TINY = ((0.85, 1 - 1e-14, 0.3), (0.8, 1 - 1e-14, 0.4))


#: typical slips, each recognised by what it returns and named without giving the formula away
_Q5_SLIPS = (
    (lambda r, s, p: _flags_per_fake(r, s, p) + 1,
     "that counts every flag per fake caught, the fake itself included: the question asks "
     "for the real faces flagged only."),
    (lambda r, s, p: 1 / _flags_per_fake(r, s, p),
     "that is fakes caught per real face flagged: turn the ratio round, real faces flagged "
     "divided by fakes caught."),
    (lambda r, s, p: r * p / (r * p + (1 - s) * (1 - p)),
     "that is the precision (the share of flags that are fakes), not real faces flagged per "
     "fake caught."),
    (lambda r, s, p: s * (1 - p) / (r * p),
     "that uses the specificity (real faces left alone) where the share of real faces "
     "flagged, 1 - specificity, belongs."),
    (lambda r, s, p: (1 - s) / (r * p),
     "that flags a share 1 - specificity of *all* faces; only the real ones, a share "
     "1 - prevalence of the faces, can be flagged wrongly."),
    (lambda r, s, p: (1 - s) * (1 - p) / p,
     "that divides by all the fakes; only the fakes the detector catches (a share recall of "
     "them) count as caught."),
)


def _check_flags_per_fake(real_flags_per_fake) -> str:
    for recall, specificity, prevalence in _q5_inputs():
        got = _call_refusing(real_flags_per_fake, recall, specificity, prevalence,
                             what="real_flags_per_fake")
        expected = _flags_per_fake(recall, specificity, prevalence)
        got_array = _numbers_like(got, expected, "real_flags_per_fake")
        if np.allclose(got_array, expected, rtol=1e-6, atol=0):
            continue
        tiny = np.ndim(recall) == 0 and (recall, specificity, prevalence) in _Q5_TINY
        if tiny and np.allclose(got_array, expected, rtol=0.1, atol=0):
            raise Incorrect(
                f"for recall {recall}, specificity 1 - 1e-14, prevalence {prevalence} (a "
                "detector that almost never flags a real face) it is close but not exact. A "
                "ratio near 1e-14 got from a number near 1 minus 1 (1 / precision - 1, or all "
                "flags per fake caught minus 1) keeps few of its digits: divide the real "
                "faces flagged by the fakes caught directly.")
        args = (f"recall {np.round(recall, 3)}, specificity {np.round(specificity, 3)}, "
                f"prevalence {np.round(prevalence, 4)}")
        for slip, why in _Q5_SLIPS:
            if np.allclose(got_array, slip(recall, specificity, prevalence), rtol=1e-6,
                           atol=0):
                raise Incorrect(f"for {args} {why}")
        if np.all(np.abs(got_array - expected) <= NEAR) or \
                np.allclose(got_array, expected, rtol=0.01):
            raise Incorrect(f"for {args} it is close but not exact: the check compares with "
                            "the exact ratio (to a millionth of it), so do not round, neither "
                            "the result nor the rates you compute it from; round only when "
                            "you print it.")
        raise Incorrect(f"for {args} it returned {np.round(got_array, 4)}, which is not the "
                        "ratio. Among 1,000,000 faces at that prevalence, work out how many "
                        "fakes are caught and how many real faces flagged (expected counts: "
                        "keep the fractions, do not round to whole faces), then divide.")
    at_1000 = float(_flags_per_fake(*_PAPER_RESNET, 0.001))
    at_100 = float(_flags_per_fake(*_PAPER_RESNET, 0.01))
    return (f"every hidden case is right. The paper's ResNet-style model flags about "
            f"{at_1000:.0f} real faces for every fake it catches at 1 fake in 1,000, against "
            f"about {at_100:.0f} at 1 in 100: ten times rarer fakes, about ten times more false "
            "alarms per catch. The ratio scales with the odds of a face being real.")


q5 = Exercise(
    "q5",
    "Write real_flags_per_fake(recall, specificity, prevalence): how many real faces a "
    "detector flags for every fake it catches when a share prevalence of the faces is fake.",
    ("real_flags_per_fake",),
    _check_flags_per_fake,
    hints=("Pick a number of faces that makes the count easy. How many are fake, how many "
           "real? Recall decides how many fakes are caught; which rate decides how many real "
           "faces are flagged?",
           "The specificity is the share of real faces left alone; the share flagged is what "
           "is left of them. Plain arithmetic with + - * / works for numbers and NumPy arrays "
           "alike."),
    kind="implement",
)


# --------------------------------------------------------------------------- q6: explain
q6 = choice(
    "q6",
    "Which claim holds whatever numbers your run printed?",
    "q6_answer",
    options={
        "a": "Weighted to 1 fake in 100, the test split would give Model 1 the same ROC-AUC as "
             "unweighted, since every face of a class gets the same weight.",
        "b": "Were fakes 1 in 1,000 rather than 1 in 100, the least-cost threshold chosen on "
             "validation would move down, to catch the fakes that have become rarer and so "
             "more precious.",
        "c": "A threshold whose cost/1k is below flagging nothing's on this test split would be "
             "below it on a test split of new people too, since the cost is worked out from "
             "rates, not counts.",
        "d": "With twice the real test faces and the same share of them flagged, the "
             "least-cost row's precision at 1 in 100 would rise, since more real faces left "
             "alone make each flag likelier to be right.",
    },
    answer="a",
    feedback={
        "a": "right: ROC-AUC is the chance that a fake scores above a real face, counted over "
             "pairs of one fake and one real face. With the same weight on every fake and the "
             "same on every real face, each pair weighs the same and the weights cancel, as "
             "they do in recall and specificity, the two rates the ROC curve is drawn from.",
        "b": "in the expected cost a miss is weighted by π and a false alarm by 1 − π: at 1 in "
             "1,000 each miss weighs about ten times less against the false alarms (as if a "
             "miss had become cheaper, q3 the other way round), so the cheapest threshold "
             "moves up or stays, never down.",
        "c": "the rates are counted on the faces this split holds: other people give other "
             "rates, and with them another cost. That is what the gap intervals above measure: "
             "a row whose interval holds 0 can land on either side of flagging nothing on "
             "another split.",
        "d": "the precision at 1 in 100 is worked out from the recall and the specificity, "
             "and the same share of real faces flagged is the same specificity: it would not "
             "move. What more real faces buy is a narrower Wilson interval around that share.",
    },
    hints=("For each claim, find the formula that makes the number: the expected cost for "
           "cost/1k and for the chosen threshold, the weighted pairs for a weighted ROC-AUC, the "
           "precision formula for a precision. Which inputs does the change in the claim touch?",
           "For (b), compare with q3: which of the two parts of a threshold's cost does a "
           "rarer fake shrink?"),
)
