"""Chapter 10 exercises: precision at a prevalence (predicted, then run), the prevalence at
which half the flags are right, a threshold for a dearer miss, real faces flagged per fake caught
at a rarer prevalence, and what a headline accuracy leaves out."""

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
    prediction,
)
from dfkit.evaluation.base_rates import cost_threshold, rates


# --------------------------------------------------------------------------- q1: predict
def _precision_band(ours_precision) -> str:
    value = float(ours_precision)
    if math.isnan(value) or value < 0.1:  # NaN: nothing flagged, so no flag is right either
        return "c"
    return "a" if value > 0.5 else "b"


q1 = prediction(
    "q1",
    "When 1 face in 100 is fake, what share of the faces our Model 1 flags will really be fake? "
    "(a) more than half, (b) between 1 in 10 and a half, (c) fewer than 1 in 10.",
    "q1_prediction",
    options={"a": "more than half of its flags are fakes",
             "b": "between 1 in 10 and a half of its flags are fakes",
             "c": "fewer than 1 in 10 of its flags are fakes"},
    outcome=_precision_band,
    context=("ours_precision",),
    explanation="With 99 real faces for every fake, even a small share of real faces flagged "
                "outnumbers the fakes caught: precision falls with the prevalence, however high "
                "the recall.",
    hints=("Count: among 10,000 faces, how many are fake, how many real, and how many of each "
           "does the model flag at its recall and specificity?",
           "The paper's ResNet-style example above does this count for its recall and "
           "specificity; at a recall near 0.95, how small must the share of real faces "
           "flagged be for the flags to be mostly right?"),
)


# --------------------------------------------------------------------------- q2: implement
def _expected_break_even(recall, specificity):
    return (1 - specificity) / (recall + 1 - specificity)


def _hidden_inputs() -> list[tuple]:
    rng = np.random.default_rng(10)
    cases = [(977 / 1000, 331 / 749), (0.9, 0.9), (0.5, 0.99)]
    cases += [(float(r), float(s))
              for r, s in zip(rng.uniform(0.3, 1, 5), rng.uniform(0.2, 0.999, 5))]
    cases.append((rng.uniform(0.3, 1, 4), rng.uniform(0.2, 0.99, 4)))
    return cases


def _check_break_even(break_even_prevalence) -> str:
    for recall, specificity in _hidden_inputs():
        got = call_answer(break_even_prevalence, recall, specificity, what="break_even_prevalence")
        expected = _expected_break_even(recall, specificity)
        try:
            got_array = np.asarray(got, dtype=float)
        except (TypeError, ValueError):
            raise Incorrect("break_even_prevalence should return a number (or an array for "
                            f"arrays), not {type(got).__name__}.") from None
        if got_array.shape != np.shape(expected):
            raise Incorrect(f"for arrays of {np.size(expected)} inputs it returned shape "
                            f"{got_array.shape}: use NumPy arithmetic that works element by "
                            "element.")
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
    expected = cost_threshold(y_val, p_val, deploy_prevalence, cost_fp, 100)
    before = cost_threshold(y_val, p_val, deploy_prevalence, cost_fp, 20)
    peeked = cost_threshold(y_test, p_test, deploy_prevalence, cost_fp, 100)
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
        if same(answer, before):
            raise Incorrect("that is the threshold for a miss costing 20 false alarms: set the "
                            "miss's cost to 100 (cost_fn=100).")
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
           "base_rates.cost_threshold(labels, scores, prevalence, cost_fp, cost_fn) chooses; "
           "base_rates.rates(labels, scores, threshold) measures recall and specificity."),
    context=("y_val", "p_val", "y_test", "p_test", "deploy_prevalence", "cost_fp"),
    kind="modify",
)



# --------------------------------------------------------------------------- q4: compute
_PAPER_RESNET = (977 / 1000, 331 / 749)  # the paper's Fig 14
#: q4 passes within this many faces of the exact ratio: both whole numbers next to it, but not
#: the ratio plus one (the fake itself counted as a flag, a real mistake).
TOLERANCE = 0.75
#: an answer within this share of the ratio is a rounding slip, and is told so.
NEAR = 0.03


def _flags_per_fake(prevalence: float) -> float:
    recall, specificity = _PAPER_RESNET
    return (1 - specificity) * (1 - prevalence) / (recall * prevalence)


def _check_flags_per_fake(real_flags_per_fake) -> str:
    if isinstance(real_flags_per_fake, bool) or not isinstance(
            real_flags_per_fake, (int, float, np.integer, np.floating)):
        raise Incorrect("`real_flags_per_fake` should be a number: real faces flagged per fake "
                        "caught.")
    got, want = float(real_flags_per_fake), _flags_per_fake(0.001)
    if abs(got - want) <= TOLERANCE:
        return (f"about {want:.0f} real faces for every fake caught; at 1 in 100 it was about "
                f"{_flags_per_fake(0.01):.0f}. Ten times rarer fakes, about ten times more "
                "false alarms per catch: the ratio scales with the odds of a face being real.")
    recall, specificity = _PAPER_RESNET
    if abs(got - _flags_per_fake(0.01)) <= 0.5:
        raise Incorrect("that is the ratio at 1 fake in 100, the chapter's example: redo the "
                        "count for 1 fake in 1,000.")
    if abs(got - (want + 1)) <= 0.5:
        raise Incorrect("that counts every flag per fake caught, the fake itself included: the "
                        "question asks for the real faces flagged only.")
    if abs(got - 1 / want) <= 0.01 or abs(got - 1 / (want + 1)) <= 0.01:
        raise Incorrect("that is fakes per real face flagged (or the precision): turn the ratio "
                        "round, real faces flagged divided by fakes caught.")
    if abs(got - specificity * 999 / recall) <= 0.5:
        raise Incorrect("that uses the specificity (real faces left alone) where the share of "
                        "real faces flagged, 1 - specificity, belongs.")
    if abs(got - want) <= NEAR * want:
        raise Incorrect(f"{got:g} is close (within {NEAR:.0%}) but not close enough: the check "
                        f"accepts answers within {TOLERANCE} of the exact ratio, so that either "
                        "whole number next to it passes while one more (the fake itself "
                        "counted as a flag) does not. Compute with the paper's exact counts, "
                        "977 of 1,000 fakes caught and 331 of 749 real faces left alone, not "
                        "with rates rounded to two decimals: rounding the specificity to 0.44 "
                        "alone moves the ratio by about 2.")
    raise Incorrect(f"{got:g} is not it (the check accepts answers within {TOLERANCE} of the "
                    "exact ratio). Among 1,000,000 faces at 1 in 1,000, count the fakes caught "
                    "and the real faces flagged, then divide.")


q4 = Exercise(
    "q4",
    "At 1 fake in 1,000, how many real faces does the paper's ResNet-style model flag for every "
    "fake it catches? Store it in real_flags_per_fake.",
    ("real_flags_per_fake",),
    _check_flags_per_fake,
    hints=("Pick a number of faces that makes the count easy. How many are fake, how many "
           "real? Recall decides how many fakes are caught; which rate decides how many real "
           "faces are flagged?",
           "The specificity is the share of real faces left alone; the share flagged is what "
           "is left of them."),
    kind="compute",
)


# --------------------------------------------------------------------------- q5: explain
q5 = choice(
    "q5",
    "A news organisation will announce 'our deepfake detector is 95% accurate', measured on a "
    "test set with as many fakes as real faces. Which addition would most change what a reader "
    "may conclude from it?",
    "q5_answer",
    options={
        "a": "Its accuracy on the training faces as well, so that readers can see the model "
             "learned the task itself and did not simply memorise its own faces.",
        "b": "A test set ten times larger, of the same balanced kind, so that the 95% carries a "
             "narrow interval and can then be trusted wherever the detector is used.",
        "c": "Its ROC-AUC next to the accuracy, since a score free of any threshold holds at "
             "every prevalence and so settles how often a flag is right.",
        "d": "How often a flag is right where it will be used, at the share of fakes there, "
             "and how many real people it wrongly flags for each fake it catches.",
    },
    answer="d",
    feedback={
        "a": "Training accuracy says how well the model fits faces it has seen; it says nothing "
             "about what a flag means among the faces it will see.",
        "b": "A larger balanced test set narrows the interval around 95%, but the figure still "
             "holds only where half the faces are fake: at 1 in 100, most flags of such a "
             "detector can be false alarms.",
        "c": "ROC-AUC does not depend on the prevalence, which is exactly why it cannot say how "
             "often a flag is right: precision does depend on it.",
        "d": "Right: accuracy on a balanced set hides the base rate. Where fakes are rare, "
             "precision and the real people flagged per fake caught decide whether the "
             "detector helps; an honest report adds what it was tested on, too (chapter 11).",
    },
    hints=("Which of the chapter's numbers changes when the detector moves from a balanced test "
           "set to the world, and which stay the same?",
           "Section 1's table: which column falls as fakes become rarer?"),
)
