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
            "other artefacts, which it may miss (lower scores) or, by chance, share. Its "
            "scores were chosen (and any rescaling fitted) on validation holding only the "
            "seen family, so nothing adjusts them to the new one.")


q1 = prediction(
    "q1",
    "The family model, trained on real faces and GAN-style fakes only, meets face swaps. "
    "Compared with the GAN fakes, their mean P(fake) (the family model's scores, chosen on "
    "its own validation split) is (a) higher, (b) about the same (within 0.05), or (c) "
    "lower.",
    "q1_prediction",
    _Q1_OPTIONS,
    outcome=lambda mean_seen, mean_unseen, auc_seen: _family_shift(mean_seen, mean_unseen),
    context=("mean_seen", "mean_unseen", "auc_seen"),
    explanation=lambda happened, auc_seen, **_: _q1_explanation(auc_seen),
    hints=("What did the model learn to look for, and does a pasted face leave the same traces "
           "as a GAN's up-sampling?",
           "A model scores a face by the traces it learned to tie to fakes. Might a face "
           "swap carry all of a GAN's traces, some or none, and what score follows from "
           "each?"),
)



# --------------------------------------------------------------------------- q2: explain
q2 = choice(
    "q2",
    "You fit T = 2 on validation. A test face scored 0.9 before rescaling: what is its score "
    "after, and what happens to the set of faces flagged at a threshold of 0.5?",
    "q2_answer",
    options={"a": "0.45, and fewer of the test faces are flagged at a threshold of 0.5.",
             "b": "0.75, and fewer faces are flagged at a threshold of 0.5.",
             "c": "0.95, and more faces are flagged at a threshold of 0.5.",
             "d": "0.75, and the same faces are flagged at 0.5."},
    answer="d",
    feedback={"d": "Right: logit(0.9) = log 9 = 2.197, halved 1.099, and sigmoid(1.099) = 0.75. "
                   "Dividing a logit by T > 0 keeps its sign, and the logit is 0 exactly at 0.5: "
                   "no face crosses 0.5, and the order of the scores is kept. At any other "
                   "threshold the same flags come back at a moved threshold.",
              "a": "Temperature scaling divides the logit, not the probability: 0.9 / 2 would "
                   "cross 0.5, which a positive logit divided by a positive T never does.",
              "b": "The score is right (sigmoid(log 9 / 2) = 0.75), but it stays above 0.5: a "
                   "positive logit divided by a positive T stays positive, so no flag at 0.5 "
                   "changes.",
              "c": "T > 1 pulls scores towards 0.5, not away from it; and no face crosses 0.5 "
                   "either way."},
    hints=("Temperature scaling computes sigmoid(logit(p) / T). What is logit(0.9), and what "
           "is logit(0.5)?",
           "Dividing a number by a positive constant: what happens to its sign?"),
)


# --------------------------------------------------------------------------- q3: compute
def _shifted(p: float, to: float, start: float = 0.5) -> float:
    odds = p / (1 - p) * (to / (1 - to)) / (start / (1 - start))
    return odds / (1 + odds)


def _check_deployed(p_fake_deployed) -> str:
    if isinstance(p_fake_deployed, np.ndarray) and p_fake_deployed.size == 1:
        p_fake_deployed = p_fake_deployed.reshape(()).item()  # shift_prior of a 1-element array
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
    "On the same balanced test split, model A has an ECE of 0.01 and a ROC-AUC of 0.51; model "
    "B an ECE of 0.12 and a ROC-AUC of 0.93. Which would you rather deploy, and why?",
    "q4_answer",
    options={"a": "A: its scores mean what they say, and scores you can trust matter most.",
             "b": "B, rescaled on validation: that can lower its ECE; no rescaling lifts A's "
                  "ranking.",
             "c": "A, rescaled on validation: a temperature can lift its ROC-AUC and keep its ECE "
                  "low.",
             "d": "Neither: A's two numbers contradict each other, so one of them has a bug."},
    answer="b",
    feedback={"b": "Right: ECE measures calibration, ROC-AUC discrimination. A can be "
                   "calibrated by saying 'one in two' to every face and still be useless; B "
                   "ranks well, and a rescaling fitted on validation can repair what its "
                   "scores mean without changing their order.",
              "a": "A calibrated score is worth little if it cannot tell fakes from real faces: "
                   "a model that says 'one in two' to every face on a balanced split has an "
                   "ECE near 0 and a ROC-AUC of 0.5.",
              "c": "Temperature scaling keeps the order of the scores, and ROC-AUC depends only "
                   "on that order: it cannot lift A's.",
              "d": "They measure different things and need not agree: a model that says 'one in "
                   "two' to every face is calibrated on a balanced set and ranks at chance."},
    hints=("What does each number measure: whether scores match frequencies, or whether fakes "
           "score higher than real faces?",
           "Which of the two numbers can a rescaling fitted on validation change, and which "
           "can it not?"),
)


# --------------------------------------------------------------------------- q5: explain
q5 = choice(
    "q5",
    "Section 2's real test faces come from a few dozen identity groups. Suppose a group's faces "
    "tend to be flagged all together or not at all. An interval for the share flagged that "
    "resamples faces instead of groups is then",
    "q5_answer",
    options={"a": "too wide: there are many more faces than groups to draw from.",
             "b": "right, if it is Wilson's, which stays honest at small counts.",
             "c": "too narrow: each face counts as new evidence of its own.",
             "d": "the same: a group is drawn once on average either way."},
    answer="c",
    feedback={"c": "Right: a group's faces repeat one verdict, so the evidence is closer to the "
                   "number of groups than to the number of faces. Resampling faces treats "
                   "correlated faces as independent cases and gives an interval that is too "
                   "narrow.",
              "a": "The other way round: treating correlated faces as independent makes the "
                   "interval too narrow, not too wide.",
              "b": "Wilson's interval is honest about small counts, but it too counts every "
                   "face as independent evidence: with faces that are flagged together it is "
                   "too narrow, like the face bootstrap.",
              "d": "On average a group's faces appear as often either way, but drawn face by "
                   "face they no longer move together: the draws vary less than new groups "
                   "would, and the interval comes out too narrow."},
    hints=("If a group's faces are all flagged or all left alone, how many independent pieces "
           "of evidence do they give?",
           "Chapter 07's cluster bootstrap draws whole groups: what is a group here?"),
)
