"""Chapter 10 exercises: precision at a prevalence (counted, then run), the prevalence at
which half the flags are right, a threshold for a dearer miss, real faces flagged per fake caught
at any prevalence, and what a headline accuracy leaves out."""

from __future__ import annotations

import math

import numpy as np

from dfkit.course.exercises import (
    Exercise,
    Incorrect,
    ____,  # noqa: F401 (re-exported: a chapter imports its checkers and the blank in one line)
    call_answer,
    choice,
    close,
    hidden_rng,
    unwrap_scalar,
)
from dfkit.evaluation.base_rates import cost_threshold, precision_at_prevalence, rates

# --------------------------------------------------------------------------- q1: count
Q1_PREVALENCE = 0.01  # 1 face in 100 is fake
_PAPER_RESNET = (977 / 1000, 331 / 749)  # the paper's Fig 14
_PAPER_CNN = (942 / 1000, 636 / 749)  # the paper's Fig 13


def _q1_slips(recall_val: float, spec_val: float, test_precision: float) -> tuple:
    """(value, why) for answers that count something else than the question asks."""
    pi = Q1_PREVALENCE
    return (
        (test_precision, "that is the table's test row. The count asked for comes first, "
                         "from the rates the threshold gave on validation (the chapter's first "
                         "table): the check then compares the two."),
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


def _check_count(q1_prediction, recall_val, spec_val, ours_precision) -> str:
    expected = precision_at_prevalence(recall_val, spec_val, Q1_PREVALENCE)
    test_precision = float(ours_precision)
    value = unwrap_scalar(q1_prediction)
    allowed = 5e-4  # what close() allows at 3 decimals
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        for slip, why in _q1_slips(recall_val, spec_val, test_precision):
            if abs(value - slip) <= allowed < abs(value - expected):
                raise Incorrect(f"q1_prediction is {value:.4g}: {why}")
    close(value, expected, decimals=3, what="q1_prediction")
    per_fake = _flags_per_fake(recall_val, spec_val, Q1_PREVALENCE)
    return (f"validation's rates (recall {recall_val:.3f}, specificity {spec_val:.3f}) give "
            f"{expected:.3f}: about {per_fake:.0f} real faces flagged for every fake caught. "
            f"At the same threshold the test split gives {test_precision:#.3g} (the table's "
            "row); the sentence below this check compares the two splits' rates.")


q1 = Exercise(
    "q1",
    "Count, for 10,000 faces of which 1 in 100 is fake, with the recall and specificity our "
    "Model 1's threshold gave on validation: what share of the faces it flags are fake? Set "
    "q1_prediction to that share (a number between 0 and 1, to 3 decimals at least).",
    ("q1_prediction",),
    _check_count,
    hints=("Among 10,000 faces at 1 in 100: how many are fake, how many real? Recall decides "
           "how many fakes are caught, 1 - specificity how many real faces are flagged; the "
           "share is caught / (caught + flagged real faces).",
           "The chapter's first table holds the threshold's recall and specificity on "
           "validation; the paper's ResNet-style example above does the same count with other "
           "rates."),
    context=("recall_val", "spec_val", "ours_precision"),
    kind="compute",
)


# --------------------------------------------------------------------------- q2: implement
def _expected_break_even(recall, specificity):
    return (1 - specificity) / (recall + 1 - specificity)


def _hidden_inputs() -> list[tuple]:
    rng = hidden_rng("ch10.q2")
    cases = [(977 / 1000, 331 / 749), (0.9, 0.9), (0.5, 0.99)]
    cases += [(float(r), float(s))
              for r, s in zip(rng.uniform(0.3, 1, 5), rng.uniform(0.2, 0.999, 5))]
    cases.append((rng.uniform(0.3, 1, 4), rng.uniform(0.2, 0.99, 4)))
    return cases


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
        got = call_answer(break_even_prevalence, recall, specificity, what="break_even_prevalence")
        expected = _expected_break_even(recall, specificity)
        got_array = _numbers_like(got, expected, "break_even_prevalence")
        if np.allclose(got_array, expected, rtol=1e-6):
            continue
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
    "flagged faces are fake (as many real faces flagged as fakes caught).",
    ("break_even_prevalence",),
    _check_break_even,
    hints=("At prevalence π a share recall·π of all faces are fakes caught and a share "
           "(1 − specificity)·(1 − π) are real faces flagged. Set the two equal and solve "
           "for π.",
           "Plain arithmetic with + - * / works for numbers and NumPy arrays alike; check your "
           "result with base_rates.precision_at_prevalence, which must give 0.5 there."),
    kind="implement",
)


# --------------------------------------------------------------------------- q3: modify
def _check_costly_miss(threshold_costly_miss, recall_costly_miss, direction_costly_miss, y_val,
                       p_val, y_test, p_test, deploy_prevalence, cost_fp) -> str:
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
        if not math.isinf(expected) and abs(answer - expected) < 0.006:
            raise Incorrect(f"threshold_costly_miss is {answer:.4g}: close, but give it to 3 "
                            "decimals or more (thresholds this close can flag different faces).")
        shown = "inf" if math.isinf(expected) else "a different value"
        raise Incorrect(f"threshold_costly_miss is {answer:.4g}; base_rates.cost_threshold on "
                        f"validation with a miss costing 100 gives {shown}. Check the prevalence "
                        "and both costs.")
    recall_test = rates(y_test, p_test, expected)[0]
    recall_val = rates(y_val, p_val, expected)[0]
    if isinstance(recall_costly_miss, (int, float)) and abs(recall_val - recall_test) > 0.005 and \
            abs(float(recall_costly_miss) - recall_val) < 0.005:
        raise Incorrect("that is the recall on validation. Report the test recall at this "
                        "threshold.")
    close(recall_costly_miss, recall_test, decimals=2, what="recall_costly_miss")
    direction = "same" if same(expected, before) else ("down" if expected < before else "up")
    said = str(direction_costly_miss).strip().lower() if isinstance(direction_costly_miss, str) \
        else None
    if said not in ("up", "down", "same"):
        raise Incorrect('direction_costly_miss should be "up", "down" or "same": compare your '
                        "threshold with the chapter's t_cost (a miss costing 20).")
    if said != direction:
        raise Incorrect(f"compare again: the threshold went from {before:.3f} (a miss costing 20) "
                        f"to {expected:.3f}, so its direction is not {said!r}.")
    if direction == "same":
        return ("on this run the cheapest validation threshold did not move: the validation scores "
                "leave no threshold between the two choices that is cheaper.")
    return (f"the threshold went {direction} (from {before:.3f} to {expected:.3f}): when a miss "
            "costs more, flagging more faces to catch more fakes becomes worth its false alarms.")


q3 = Exercise(
    "q3",
    "Choose the least-cost threshold again on validation with a missed fake costing 100 false "
    "alarms; store it in threshold_costly_miss, the test recall at it in recall_costly_miss "
    "(rounded to 2 decimals), and whether the threshold went \"up\", \"down\" or stayed the "
    "\"same\" in direction_costly_miss.",
    ("threshold_costly_miss", "recall_costly_miss", "direction_costly_miss"),
    _check_costly_miss,
    hints=("Only the price of a miss changes: the prevalence, the split you choose on and the "
           "split you measure on stay as in the chapter.",
           "base_rates.cost_threshold(labels, scores, prevalence, cost_fp, cost_fn) chooses "
           "(cost_fp: a false alarm; cost_fn: a missed fake, a false negative); "
           "base_rates.rates(labels, scores, threshold) measures recall and specificity."),
    context=("y_val", "p_val", "y_test", "p_test", "deploy_prevalence", "cost_fp"),
    kind="modify",
)



# --------------------------------------------------------------------------- q4: implement
#: a whole-number answer is a rounding slip when it is this close to the exact ratio
NEAR = 0.5


def _flags_per_fake(recall, specificity, prevalence):
    """Real faces flagged per fake caught: (1 − specificity)·(1 − π) / (recall·π)."""
    return (1 - specificity) * (1 - prevalence) / (recall * prevalence)


def _q4_inputs() -> list[tuple]:
    """Inputs the chapter never prints: no table or cell shows these ratios."""
    rng = hidden_rng("ch10.q4")
    cases = [(*_PAPER_RESNET, 0.001), (*_PAPER_CNN, 1 / 250), (0.9, 0.995, 0.05),
             (0.6, 0.7, 0.3)]
    cases += [(float(r), float(s), float(p)) for r, s, p in
              zip(rng.uniform(0.3, 1, 4), rng.uniform(0.2, 0.999, 4), rng.uniform(0.001, 0.4, 4))]
    cases.append((rng.uniform(0.3, 1, 4), rng.uniform(0.2, 0.99, 4), rng.uniform(0.002, 0.4, 4)))
    return cases


#: typical slips, each recognised by what it returns and named without giving the formula away
_Q4_SLIPS = (
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
    for recall, specificity, prevalence in _q4_inputs():
        got = call_answer(real_flags_per_fake, recall, specificity, prevalence,
                          what="real_flags_per_fake")
        expected = _flags_per_fake(recall, specificity, prevalence)
        got_array = _numbers_like(got, expected, "real_flags_per_fake")
        if np.allclose(got_array, expected, rtol=1e-6):
            continue
        args = (f"recall {np.round(recall, 3)}, specificity {np.round(specificity, 3)}, "
                f"prevalence {np.round(prevalence, 4)}")
        for slip, why in _Q4_SLIPS:
            if np.allclose(got_array, slip(recall, specificity, prevalence), rtol=1e-6):
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


q4 = Exercise(
    "q4",
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


# --------------------------------------------------------------------------- q5: explain
q5 = choice(
    "q5",
    "Which claim about your run's tables holds whatever numbers your run printed?",
    "q5_answer",
    options={
        "a": "Were fakes 1 in 1,000 rather than 1 in 100, the least-cost threshold chosen on "
             "validation would move down, to catch the fakes that have become rarer and so "
             "more precious.",
        "b": "Weighted to 1 fake in 100, the test split would give the recall ≥ 0.95 on "
             "validation row a lower recall, since each test fake would then count for far "
             "less than one face.",
        "c": "A threshold whose cost/1k is below flagging nothing's must have more than half "
             "of its flags right at 1 fake in 100: otherwise its flags would do more harm "
             "than good.",
        "d": "With twice the real test faces, the same share of them flagged, the least-cost "
             "row's cost/1k would not change and its Wilson upper end would move toward its "
             "share.",
    },
    answer="d",
    feedback={
        "a": "in the expected cost a miss is weighted by π and a false alarm by 1 − π: at 1 in "
             "1,000 each miss weighs about ten times less against the false alarms, so flagging "
             "a face pays off less often and the cheapest threshold moves up (or stays), never "
             "down.",
        "b": "within each class every test face gets the same weight, so the weights cancel in "
             "recall (weighted fakes caught over weighted fakes) and in specificity: the rates "
             "stay, and only the precision moves with the prevalence.",
        "c": "a flag pays off when the fake it may catch outweighs the false alarm it may "
             "raise. Per flag, a threshold saves precision · cost_miss and costs "
             "(1 − precision) · cost_false_alarm, so with a miss worth 20 false alarms it beats "
             "flagging nothing as soon as more than 1 flag in 21 is a fake (a precision above "
             "about 0.048 at 1 in 100), not 1 in 2. Check your cost table's rows against that "
             "bar.",
        "d": "right: the expected cost is computed from recall and specificity (rates, not "
             "counts), and the same share of real faces flagged keeps the specificity; what more "
             "faces buy is a narrower interval around that share, and with it a precision at "
             "its upper end closer to the one at the share.",
    },
    hints=("For each claim, find the formula that makes the number: the expected cost for "
           "cost/1k and for the chosen threshold, the weighted counts for a weighted recall, "
           "the Wilson interval for the upper end. Which inputs does the change in the claim "
           "touch?",
           "For (c), write a threshold's cost minus flagging nothing's per face flagged: a "
           "flagged fake saves a miss, a flagged real face costs a false alarm."),
)
