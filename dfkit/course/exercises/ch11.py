"""Chapter 11 exercises: calibration on an unseen family (predicted, then run), what
temperature scaling changes, a calibrated score moved to another prevalence, what a low ECE
does not say, and why a group's interval resamples people."""

from __future__ import annotations

import math

import numpy as np

from dfkit.course.exercises import (
    Exercise,
    Incorrect,
    NotAttempted,
    ____,  # noqa: F401 (re-exported: a chapter imports its checkers and the blank in one line)
    choice,
    prediction,
)


# --------------------------------------------------------------------------- q1: predict
def _family_shift(mean_seen, mean_unseen) -> str:
    seen, unseen = float(mean_seen), float(mean_unseen)
    if math.isnan(seen) or math.isnan(unseen):
        raise NotAttempted("this data set has no manipulation families, "
                           "so the experiment did not run.")
    if abs(unseen - seen) <= 0.05:
        return "b"
    return "a" if unseen > seen else "c"


_Q1_OPTIONS = {"a": "higher than the GAN fakes'", "b": "about the same (within 0.05)",
               "c": "lower than the GAN fakes'"}


def _q1_explanation(auc_seen) -> str:
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


q1 = prediction(
    "q1",
    "A model trained on real faces and GAN-style fakes only meets face swaps. Compared with the "
    "GAN fakes, their mean calibrated P(fake) is (a) higher, (b) about the same (within 0.05), "
    "or (c) lower.",
    "q1_prediction",
    _Q1_OPTIONS,
    outcome=lambda mean_seen, mean_unseen, auc_seen: _family_shift(mean_seen, mean_unseen),
    context=("mean_seen", "mean_unseen", "auc_seen"),
    explanation=lambda happened, auc_seen, **_: _q1_explanation(auc_seen),
    hints=("What did the model learn to look for, and does a pasted face leave the same traces "
           "as a GAN's up-sampling?",
           "Chapter 08's generalisation table trained on one family and tested on the other: "
           "which way did the unseen family's scores go there?"),
)



# --------------------------------------------------------------------------- q2: explain
q2 = choice(
    "q2",
    "You fit a temperature T on validation and apply it to the test scores. Which is true?",
    "q2_answer",
    options={"a": "With T > 1, some fakes scored above 0.5 fall below it, so the recall at a "
                  "threshold of 0.5 drops.",
             "b": "The ROC-AUC on test changes, because every test score changes when it is "
                  "rescaled.",
             "c": "The faces flagged at a threshold of 0.5 are exactly the same before and "
                  "after.",
             "d": "Temperature scaling must be fitted on test, because test is the split whose "
                  "numbers we report."},
    answer="c",
    feedback={"c": "Dividing the logit by T > 0 keeps its sign, and the logit is 0 exactly at "
                   "P(fake) = 0.5: no face crosses 0.5, and the order of the scores is kept. "
                   "Temperature scaling changes what a score means, not which faces a 0.5 rule "
                   "flags; at any other threshold, the same flags come back at a moved threshold.",
              "a": "T > 1 pulls scores towards 0.5 but never across it: a positive logit divided "
                   "by a positive T stays positive.",
              "b": "ROC-AUC depends only on the order of the scores, and dividing the logit by a "
                   "positive number keeps the order.",
              "d": "Fitting anything on test makes the test measurement optimistic. It is fitted "
                   "on validation and applied unchanged to test."},
    hints=("What does dividing a number by a positive constant do to its sign, and where is the "
           "logit of 0.5?",
           "calibration.apply_temperature computes sigmoid(logit(p) / T): follow one score "
           "above 0.5 and one below through it."),
)


# --------------------------------------------------------------------------- q3: compute
def _shifted(p: float, to: float, start: float = 0.5) -> float:
    odds = p / (1 - p) * (to / (1 - to)) / (start / (1 - start))
    return odds / (1 + odds)


def _check_deployed(p_fake_deployed) -> str:
    if isinstance(p_fake_deployed, bool) or not isinstance(
            p_fake_deployed, (int, float, np.integer, np.floating)):
        raise Incorrect("`p_fake_deployed` should be a probability, a number between 0 and 1.")
    got, want = float(p_fake_deployed), _shifted(0.8, 0.01)
    if abs(got - want) < 0.0005 + 1e-9:
        return (f"about {want:.3f}: the model's odds of 4 to 1 times the prior odds of 1 to 99. "
                "A face the balanced split calls four-to-one fake is still far more likely real "
                "where fakes are rare.")
    odds = 0.8 / 0.2 * (0.01 / 0.99)
    if abs(got - odds) < 0.0005:
        raise Incorrect("that is the odds of the face being fake, not the probability: turn "
                        "odds o into a share, o / (1 + o).")
    if abs(got - 0.8 * 0.01) < 0.0005 or abs(got - 0.8 * 0.01 / 0.5) < 0.0005:
        raise Incorrect("multiplying probabilities by the prevalence is not Bayes' rule: the "
                        "correction multiplies the odds, p / (1 - p), by the ratio of prior odds.")
    if abs(got - 0.8) < 0.0005:
        raise Incorrect("the score was calibrated where half the faces are fake; where 1 in 100 "
                        "is, the same evidence supports a much lower probability.")
    if abs(got - 4 * 0.01) < 0.0005:
        raise Incorrect("close in spirit, but the prior odds at 1 in 100 are 1 to 99, not 1 in "
                        "100, and the result is odds, not yet a probability.")
    raise Incorrect(f"{got:g} is not it. Write the score as odds, multiply by the new prior "
                    "odds over the old ones, and turn the odds back into a probability.")


q3 = Exercise(
    "q3",
    "A face scored 0.8 by a model calibrated at 1 fake in 2; deployed at 1 fake in 100, what is "
    "the probability that it is fake? Store it in p_fake_deployed (3 decimals).",
    ("p_fake_deployed",),
    _check_deployed,
    hints=("Bayes' rule is simplest in odds: posterior odds = prior odds × what the evidence "
           "says. Which of these changed between validation and deployment, and which did not?",
           "A probability p is the odds p / (1 − p); the prior odds at prevalence π are "
           "π / (1 − π). What the evidence says is the score's odds divided by the prior odds it "
           "was calibrated at; odds o turn back into a probability as o / (1 + o)."),
    kind="compute",
)


# --------------------------------------------------------------------------- q4: explain
q4 = choice(
    "q4",
    "A model has a test ECE of 0.01 and a test ROC-AUC of 0.51 on a balanced test split. What "
    "can you conclude?",
    "q4_answer",
    options={"a": "Its scores mean what they say, yet it barely tells fakes from real faces: "
                  "it may give every face a score near one half.",
             "b": "Its ranking is fine; ROC-AUC is low because of the 0.5 threshold, and a "
                  "threshold chosen on validation would lift it.",
             "c": "The two numbers contradict each other, so one of them must have been "
                  "computed on the wrong split or with a bug in it.",
             "d": "Temperature scaling fitted on validation would raise its ROC-AUC, since it "
                  "was built to repair scores of exactly this kind."},
    answer="a",
    feedback={"a": "Right: ECE measures calibration, not discrimination. A score that gives "
                   "every face the share of fakes is perfectly calibrated and useless.",
              "b": "ROC-AUC uses no threshold: it is the share of (fake, real) pairs ranked the "
                   "right way round, over every threshold at once. 0.51 is a coin toss at any "
                   "threshold, and good calibration does not change that.",
              "c": "They measure different things and agree with each other: a model that says "
                   "'one in two' to every face is calibrated on a balanced set and ranks at "
                   "chance.",
              "d": "Temperature scaling keeps the order of the scores, and ROC-AUC depends only "
                   "on that order: it cannot change."},
    hints=("What does each number measure: whether scores match frequencies, or whether fakes "
           "score higher than real faces?",
           "Imagine a model that answers 0.5 to every face on a balanced split: compute both "
           "numbers for it in your head."),
)


# --------------------------------------------------------------------------- q5: explain
q5 = choice(
    "q5",
    "The test split holds 12 real faces of each of 30 people. Why must the interval for the "
    "share of real faces flagged resample people rather than faces?",
    "q5_answer",
    options={"a": "Resampling faces would give an interval that is too wide, because 360 "
                  "faces contain many more combinations than 30 people do.",
             "b": "Resampling faces is fine if the interval is Wilson's, which stays honest at "
                  "small counts and near a rate of 0.",
             "c": "Only resampling people keeps all 30 people in every draw, so no person's "
                  "false alarms can drop out of the interval.",
             "d": "One person's faces share a face and so tend to be flagged together: the "
                  "evidence is closer to 30 cases than to 360."},
    answer="d",
    feedback={"d": "Right: faces of one person are not independent. Resampling faces treats 360 "
                   "correlated faces as 360 independent cases and gives an interval that is too "
                   "narrow.",
              "a": "The other way round: treating correlated faces as independent makes the "
                   "interval too narrow, not too wide.",
              "b": "Wilson's interval is honest about small counts, but it too counts every "
                   "face as independent evidence: with faces that are flagged together it is "
                   "too narrow, like the face bootstrap.",
              "c": "A bootstrap draws people with replacement: a draw may repeat one person and "
                   "leave another out. That is the point: it mimics a new test set of new "
                   "people, not the same 30."},
    hints=("If one person's faces are all flagged or all left alone, how many independent "
           "pieces of evidence do their 12 faces give?",
           "Chapter 07's cluster bootstrap draws whole groups: what is a group here?"),
)
