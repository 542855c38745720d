"""Chapter 10 exercises: precision at a prevalence, calibration on an unseen family, the
prevalence at which half the flags are right, a threshold for a dearer miss, what temperature
scaling changes, and how to report a detector honestly."""

from __future__ import annotations

import math
import re

import numpy as np

from dfkit.course.exercises import Exercise, Incorrect, NotAttempted, call_answer, choice, close, prediction
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
           "specificity; base_rates.precision_at_prevalence does it for any."),
)


# --------------------------------------------------------------------------- q2: predict
def _family_shift(mean_seen, mean_unseen) -> str:
    seen, unseen = float(mean_seen), float(mean_unseen)
    if math.isnan(seen) or math.isnan(unseen):
        raise NotAttempted("this data set has no manipulation families, "
                           "so the experiment did not run.")
    if abs(unseen - seen) <= 0.05:
        return "b"
    return "a" if unseen > seen else "c"


_Q2_OPTIONS = {"a": "higher than the GAN fakes'", "b": "about the same (within 0.05)",
               "c": "lower than the GAN fakes'"}


def _q2_explanation(auc_seen) -> str:
    """Why the run came out as it did: a model that learned nothing cannot show a shift."""
    auc = float(auc_seen)
    if math.isnan(auc) or auc < 0.6:
        return (f"on this run the model did not learn even the GAN fakes it was trained on "
                f"(ROC-AUC {auc:.2f} on them; 0.5 is chance), so it gives both families about the "
                "same uninformative score, and the run cannot show what a new family does. With "
                "a model that works (try the laptop profile), a new generator leaves other "
                "artefacts, which the model may miss (lower scores) or, by chance, share.")
    return ("a model learns the artefacts of the fakes it was shown; a new generator leaves "
            "other artefacts, which it may miss (lower scores) or, by chance, share. The "
            "temperature fitted on validation knew only the seen family, so nothing adjusts "
            "the scores to the new one.")


q2 = prediction(
    "q2",
    "A model trained on real faces and GAN-style fakes only meets face swaps. Compared with the "
    "GAN fakes, their mean calibrated P(fake) is (a) higher, (b) about the same (within 0.05), "
    "or (c) lower.",
    "q2_prediction",
    _Q2_OPTIONS,
    outcome=lambda mean_seen, mean_unseen, auc_seen: _family_shift(mean_seen, mean_unseen),
    context=("mean_seen", "mean_unseen", "auc_seen"),
    explanation=lambda happened, auc_seen, **_: _q2_explanation(auc_seen),
    hints=("What did the model learn to look for, and does a pasted face leave the same traces "
           "as a GAN's up-sampling?",
           "Chapter 08's generalisation table trained on one family and tested on the other."),
)


# --------------------------------------------------------------------------- q3: implement
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


q3 = Exercise(
    "q3",
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


# --------------------------------------------------------------------------- q4: modify
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


q4 = Exercise(
    "q4",
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


# --------------------------------------------------------------------------- q5: explain
q5 = choice(
    "q5",
    "You fit a temperature T on validation and apply it to the test scores. Which is true?",
    "q5_answer",
    options={"a": "The faces flagged at threshold 0.5 are exactly the same before and after.",
             "b": "With T > 1, some fakes scored above 0.5 fall below it, so recall at 0.5 drops.",
             "c": "The ROC-AUC changes, because the scores change.",
             "d": "Temperature scaling must be fitted on test, because test is what we report."},
    answer="a",
    feedback={"a": "Dividing the logit by T > 0 keeps its sign, and the logit is 0 exactly at "
                   "P(fake) = 0.5: no face crosses 0.5, and the order of the scores is kept. "
                   "Temperature scaling changes what a score means, not which faces a 0.5 rule "
                   "flags; at any other threshold, the same flags come back at a moved threshold.",
              "b": "T > 1 pulls scores towards 0.5 but never across it: a positive logit divided "
                   "by a positive T stays positive.",
              "c": "ROC-AUC depends only on the order of the scores, and dividing the logit by a "
                   "positive number keeps the order.",
              "d": "Fitting anything on test makes the test measurement optimistic. It is fitted "
                   "on validation and applied unchanged to test."},
    hints=("What does dividing a number by a positive constant do to its sign, and where is the "
           "logit of 0.5?",
           "calibration.apply_temperature computes sigmoid(logit(p) / T)."),
)


# --------------------------------------------------------------------------- q6: explain
_Q6_REQUIRED = [
    ("prevalence", "base rate", "how rare", "how common", "how many fakes", "share of fakes",
     "proportion of fakes", "rare"),
    ("false positive", "false alarm", "specificity", "real face", "real people", "real person",
     "wrongly flagged", "precision"),
    ("new generator", "unseen", "new kind", "new fake", "other data", "different data", "shift",
     "generali", "test set", "tested on", "evaluated on", "data set", "dataset"),
]
_Q6_FEEDBACK = [
    "Your answer does not yet say where the 95% holds: how common are fakes where the detector "
    "is used, and what does that do to the meaning of a flag?",
    "Your answer does not yet say what happens to the real faces: how many of them get flagged?",
    "Your answer does not yet say what the detector was tested on: would the figure travel to "
    "other data?",
]


def _sentences(text: str) -> list[str]:
    """Pieces of text ending in . ! or ? with at least five words (a list of terms is not one)."""
    pieces = re.split(r"[.!?]+(?:\s+|$)", text.strip())
    return [p for p in pieces if len(p.split()) >= 5]


def _check_report(q6_answer) -> str:
    if not isinstance(q6_answer, str):
        raise Incorrect("`q6_answer` should be your answer in words, as a string in quotes.")
    if len(q6_answer.split()) < 15:
        raise Incorrect(f"Write at least 15 words (you wrote {len(q6_answer.split())}): say why, "
                        "not only what.")
    if len(_sentences(q6_answer)) < 2:
        raise Incorrect("Write it as two or three full sentences, each ending with a full stop, "
                        "that say what must be added and why: a list of terms is not an "
                        "explanation.")
    lowered = q6_answer.lower()
    missing = [msg for group, msg in zip(_Q6_REQUIRED, _Q6_FEEDBACK)
               if not any(word in lowered for word in group)]
    if missing:
        more = (f" ({len(missing) - 1} more point{'s' if len(missing) > 2 else ''} to add after "
                "this one.)") if len(missing) > 1 else ""
        raise Incorrect(missing[0] + more)
    return "your answer names what matters. Compare it with a classmate's or your instructor's."


q6 = Exercise(
    "q6",
    "What must an honest report of 'our deepfake detector is 95% accurate' add, and why? "
    "Two or three sentences.",
    ("q6_answer",),
    _check_report,
    hints=("Think of what this chapter measured: how rare fakes are (section 1), fakes the "
           "model never saw (the end of section 2), and real people wrongly flagged (section 3).",
           "Write it as a string: q6_answer = \"...\"; name each thing and say why it matters, "
           "in full sentences."),
    kind="explain",
)
