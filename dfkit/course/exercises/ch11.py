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
    "You fit a temperature T = 2 on validation. A test face scored 0.9 before rescaling: what "
    "is its score after, and what happens to the faces flagged at 0.5?",
    "q2_answer",
    options={"a": "0.75, and fewer are flagged: scores above 0.5 move down towards it, and "
                  "some cross it.",
             "b": "0.61 (the sigmoid of 0.9 / 2), and the same faces are flagged at 0.5.",
             "c": "0.95: T = 2 doubles the logit's distance from 0; the same faces are flagged.",
             "d": "0.75, and the same faces are flagged at 0.5."},
    answer="d",
    feedback={"d": "Right: logit(0.9) = log 9 = 2.197, halved 1.099, and sigmoid(1.099) = 0.75. "
                   "Dividing a logit by T > 0 keeps its sign, and the logit is 0 exactly at 0.5: "
                   "no face crosses 0.5, and the order of the scores is kept. At any other "
                   "threshold the same flags come back at a moved threshold.",
              "a": "The score is right (sigmoid(log 9 / 2) = 0.75), and scores above 0.5 do "
                   "move down, but none crosses it: a positive logit divided by a positive T "
                   "stays positive, so no flag at 0.5 changes.",
              "b": "0.9 is a probability, not a logit: take logit(0.9) = log 9 first, divide "
                   "that by T, then apply the sigmoid.",
              "c": "Dividing by T = 2 halves the logit, pulling the score towards 0.5 (T > 1 "
                   "softens); doubling it is what T = 0.5 would do."},
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

    def near(value: float) -> bool:  # the same number at 4 decimals
        return abs(got - value) < 0.00005 + 1e-9

    if near(want):
        return (f"about {want:.4f}: the model's odds of 4 to 1 times the prior odds of 1 to 99 "
                "(over the 1 to 1 it was calibrated at). A face the balanced split calls "
                "four-to-one fake is still far more likely real where fakes are rare.")
    # the prevalence 0.01 taken for the prior odds, before or after turning odds into a share
    if near(4 * 0.01) or near(0.04 / 1.04):
        raise Incorrect("the prior odds at 1 in 100 are 1 to 99 (0.01 / 0.99), not 0.01: the "
                        "prevalence is a share of all faces, the odds compare fakes with real "
                        "faces.")
    odds = 0.8 / 0.2 * (0.01 / 0.99)
    if near(odds):
        raise Incorrect("that is the odds of the face being fake, not the probability: turn "
                        "odds o into a share, o / (1 + o).")
    if near(0.8 * 0.01) or near(0.8 * 0.01 / 0.5):
        raise Incorrect("multiplying probabilities by the prevalence is not Bayes' rule: the "
                        "correction multiplies the odds, p / (1 - p), by the ratio of prior odds.")
    if abs(got - 0.8) < 0.0005:
        raise Incorrect("the score was calibrated where half the faces are fake; where 1 in 100 "
                        "is, the same evidence supports a much lower probability.")
    if abs(got - want) < 0.0005:
        raise Incorrect(f"{got:g} is close; give 4 decimals, so that the right odds are told "
                        "apart from a near miss.")
    raise Incorrect(f"{got:g} is not it. Write the score as odds, multiply by the new prior "
                    "odds over the old ones, and turn the odds back into a probability.")


q3 = Exercise(
    "q3",
    "A face scored 0.8 by a model calibrated at 1 fake in 2; deployed at 1 fake in 100, what is "
    "the probability that it is fake? Store it in p_fake_deployed (4 decimals).",
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
    "On one balanced test split, model A has an ECE of 0.01 and a ROC-AUC of 0.51, model B an "
    "ECE of 0.12 and a ROC-AUC of 0.93. Which would you rather deploy, and why?",
    "q4_answer",
    options={"a": "A: an ECE of 0.01 says its scores are right face by face, so its flags "
                  "will be right too.",
             "b": "B, rescaled on validation: a rescaling can repair what its scores mean, not "
                  "A's ranking.",
             "c": "Either: rescaled on validation and cut at the Bayes threshold, both reach "
                  "the same expected cost.",
             "d": "A: B's ECE of 0.12 shows it over-fitted its training faces, so its 0.93 "
                  "will not hold on new faces."},
    answer="b",
    feedback={"b": "Right: ECE measures calibration, ROC-AUC discrimination. A can be "
                   "calibrated by saying 'one in two' to every face and still be useless; B "
                   "ranks well, and a rescaling fitted on validation can repair what its "
                   "scores mean without changing their order.",
              "a": "The ECE compares each bin's mean score with its share of fakes, not each "
                   "face's score with its label: a model that says 'one in two' to every face "
                   "on a balanced split has an ECE near 0 and flags at chance (its ROC-AUC "
                   "0.5).",
              "c": "Calibration decides where a threshold sits, not what it can separate: "
                   "wherever A's threshold is, its flags catch fakes and real faces at about "
                   "the same rate (ROC-AUC 0.51), while B's catch many more fakes than real "
                   "faces. The cost follows the ranking, which no rescaling changes.",
              "d": "Both numbers were measured on the same held-out test split: 0.93 already "
                   "is B's ROC-AUC on faces it never trained on. Its ECE says its scores' "
                   "meaning is off there, which a rescaling fitted on validation can repair."},
    hints=("What does each number measure: whether scores match frequencies, or whether fakes "
           "score higher than real faces?",
           "Which of the two numbers can a rescaling fitted on validation change, and which "
           "can it not?"),
)


# --------------------------------------------------------------------------- q5: explain
q5 = choice(
    "q5",
    "Section 2's real test faces come from the identity groups its table counts. Suppose a "
    "group's faces tend to be flagged all together or not at all: an interval for the share "
    "flagged that resamples faces instead of groups is then",
    "q5_answer",
    options={"a": "too wide: drawn face by face, it adds the variation within each group on "
                  "top of that between groups.",
             "b": "about right: the share flagged is the same whichever unit is drawn, so its "
                  "spread is too.",
             "c": "too narrow: it counts faces that share one verdict as separate pieces of "
                  "evidence.",
             "d": "too narrow only if the groups differ in size; with equal groups the two "
                  "intervals agree."},
    answer="c",
    feedback={"c": "Right: a group's faces repeat one verdict, so the evidence is closer to the "
                   "number of groups than to the number of faces. Resampling faces treats "
                   "correlated faces as independent cases and gives an interval that is too "
                   "narrow.",
              "a": "Drawing faces one by one breaks the groups up: a draw then mixes flagged "
                   "and unflagged faces from many groups, and its share varies less than a "
                   "draw of whole groups, whose faces move together. Too narrow, not too wide.",
              "b": "The share flagged is the same, but its interval is the spread of the share "
                   "over draws, and that depends on what moves together: whole groups vary "
                   "more than loose faces when a group's faces share a verdict.",
              "d": "With equal groups the face bootstrap is still too narrow: what matters is "
                   "that a group's faces move together, not how many each group holds. Size "
                   "differences only add to it."},
    hints=("If a group's faces are all flagged or all left alone, how many independent pieces "
           "of evidence do they give?",
           "Chapter 07's cluster bootstrap draws whole groups: what is a group here?"),
)
