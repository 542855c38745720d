"""Chapter 10 exercises: precision at a prevalence, calibration on an unseen family, a threshold
for a dearer miss, what temperature scaling changes, and how to report a detector honestly."""

from __future__ import annotations

import math

import numpy as np

from dfkit.base_rates import cost_threshold, rates
from dfkit.exercises import Exercise, Incorrect, NotAttempted, call_answer, choice, close, keywords, prediction


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


q2 = prediction(
    "q2",
    "A model trained on real faces and GAN-style fakes only meets face swaps. Compared with the "
    "GAN fakes, their mean calibrated P(fake) is (a) higher, (b) about the same (within 0.05), "
    "or (c) lower.",
    "q2_prediction",
    options={"a": "higher than the GAN fakes'", "b": "about the same (within 0.05)",
             "c": "lower than the GAN fakes'"},
    outcome=_family_shift,
    context=("mean_seen", "mean_unseen"),
    explanation="A model learns the artefacts of the fakes it was shown; a new generator leaves "
                "other artefacts, which it may miss (lower scores) or, by chance, share. The "
                "temperature fitted on validation knew only the seen family, so nothing adjusts "
                "the scores to the new one.",
    hints=("What did the model learn to look for, and does a pasted face leave the same traces "
           "as a GAN's up-sampling?",
           "Chapter 08's generalisation table trained on one family and tested on the other."),
)


# --------------------------------------------------------------------------- q3: implement
def _expected_per_catch(recall, specificity, prevalence):
    return (1 - specificity) * (1 - prevalence) / (recall * prevalence)


def _hidden_inputs() -> list[tuple]:
    rng = np.random.default_rng(10)
    cases = [(977 / 1000, 331 / 749, 0.01), (0.9, 0.9, 0.5), (0.5, 0.99, 0.001)]
    cases += [(float(r), float(s), float(p)) for r, s, p in
              zip(rng.uniform(0.3, 1, 5), rng.uniform(0.2, 0.999, 5), rng.uniform(0.001, 0.5, 5))]
    prevalences = np.array([0.5, 0.1, 0.01, 0.001])
    cases.append((rng.uniform(0.3, 1, 4), rng.uniform(0.2, 0.99, 4), prevalences))
    return cases


def _check_per_catch(false_alarms_per_catch) -> str:
    for recall, specificity, prevalence in _hidden_inputs():
        got = call_answer(false_alarms_per_catch, recall, specificity, prevalence,
                          what="false_alarms_per_catch")
        expected = _expected_per_catch(recall, specificity, prevalence)
        try:
            got_array = np.asarray(got, dtype=float)
        except (TypeError, ValueError):
            raise Incorrect("false_alarms_per_catch should return a number (or an array for "
                            f"arrays), not {type(got).__name__}.") from None
        if got_array.shape != np.shape(expected):
            raise Incorrect(f"for arrays of {np.size(expected)} inputs it returned shape "
                            f"{got_array.shape}: use NumPy arithmetic that works element by "
                            "element.")
        if np.allclose(got_array, expected, rtol=1e-6):
            continue
        args = (f"recall {np.round(recall, 3)}, specificity {np.round(specificity, 3)}, "
                f"prevalence {np.round(prevalence, 4)}")
        caught, alarms = recall * prevalence, (1 - specificity) * (1 - prevalence)
        if np.allclose(got_array, caught / (caught + alarms), rtol=1e-6):
            raise Incorrect(f"that is precision (fakes among the flagged), for {args}. The "
                            "question asks for real faces flagged per fake caught.")
        if np.allclose(got_array, caught / alarms, rtol=1e-6):
            raise Incorrect(f"that is fakes caught per real face flagged, for {args}: "
                            "turn it over.")
        if np.allclose(got_array, (1 - specificity) / (recall * prevalence), rtol=1e-6) or \
                np.allclose(got_array, (1 - specificity) / recall, rtol=1e-6):
            raise Incorrect(f"wrong for {args}: the real faces are a share 1 - prevalence of all "
                            "faces, and the fakes a share prevalence; both shares belong in the "
                            "count.")
        raise Incorrect(f"for {args} it returned {np.round(got_array, 4)}; expected "
                        f"{np.round(expected, 4)}.")
    return ("every hidden case is right. At 1 fake in 1,000 the count is about ten times what it "
            "is at 1 in 100.")


q3 = Exercise(
    "q3",
    "Write false_alarms_per_catch(recall, specificity, prevalence): the expected number of real "
    "faces flagged for every fake caught.",
    ("false_alarms_per_catch",),
    _check_per_catch,
    hints=("Among N faces, N·prevalence are fake and N·(1 − prevalence) real; the model "
           "catches a share recall of the first and flags a share (1 − specificity) of the second. "
           "N cancels.",
           "Plain arithmetic with * and / works for numbers and NumPy arrays alike; no dfkit "
           "function is needed."),
    kind="implement",
)


# --------------------------------------------------------------------------- q4: modify
def _check_costly_miss(threshold_costly_miss, recall_costly_miss, y_val, p_val, y_test, p_test,
                       deploy_prevalence, cost_fp) -> str:
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
    if same(expected, before):
        return ("on this run the cheapest validation threshold did not move: the validation scores "
                "leave no threshold between the two choices that is cheaper.")
    direction = "down" if expected < before else "up"
    return (f"the threshold went {direction} (from {before:.3f} to {expected:.3f}): when a miss "
            "costs more, flagging more faces to catch more fakes becomes worth its false alarms.")


q4 = Exercise(
    "q4",
    "Choose the least-cost threshold again on validation with a missed fake costing 100 false "
    "alarms; store it in threshold_costly_miss and the test recall at it in recall_costly_miss "
    "(2 decimals).",
    ("threshold_costly_miss", "recall_costly_miss"),
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
q6 = keywords(
    "q6",
    "What must an honest report of 'our deepfake detector is 95% accurate' add, and why?",
    "q6_answer",
    required=[("prevalence", "base rate", "how rare", "how common", "how many fakes",
               "share of fakes", "proportion of fakes", "rare"),
              ("false positive", "false alarm", "specificity", "real face", "real people",
               "real person", "wrongly flagged", "precision"),
              ("new generator", "unseen", "new kind", "new fake", "other data", "different data",
               "shift", "generali", "test set", "tested on", "evaluated on", "data set",
               "dataset")],
    feedback=["Say at what share of fakes the number holds: accuracy on a balanced test set says "
              "little about a feed where 1 face in 100 is fake (prevalence).",
              "Say what happens to real faces: how many are wrongly flagged (specificity, false "
              "positives, precision), since they are most of what a detector sees.",
              "Say what it was tested on and whether it holds on other data or new generators: a "
              "number from one test set does not travel."],
    min_words=15,
    hints=("Think of the three sections of this chapter: a rare-fake world, the people wrongly "
           "flagged, and fakes the model never saw.",
           "Write it as a string: q6_answer = \"...\"; name each thing and say why it matters."),
)
