"""Chapter 11 exercises: calibration on an unseen family (predicted, then run), what
temperature scaling changes, a calibrated score moved to another prevalence in odds, what
calibration cannot buy a model that ranks worse, why a group's interval resamples people, and
the expected calibration error written by hand."""

from __future__ import annotations

import math

import numpy as np

from dfkit.course.exercises import (
    Exercise,
    Incorrect,
    NotAttempted,
    ____,  # noqa: F401 (re-exported: a chapter imports its checkers and the blank in one line)
    _is_sandbox_proxy,
    call_refusing,
    choice,
    grading_secret_set,
    hands_work_to,
    hidden_rng,
    installed_functions,
    library_object,
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


def _q1_margin(shift_ci) -> str:
    """A sentence when the 95% interval of unseen minus seen mean P(fake) (resampling identity
    groups) reaches across an edge of the band of 0.05: the verdict then rests on the point
    estimate (a reader found q1 graded on a difference given with no interval)."""
    try:
        low, high = (float(v) for v in shift_ci)
    except (TypeError, ValueError):
        return ""
    if math.isnan(low) or math.isnan(high):
        return ""
    if any(low < edge < high for edge in (-0.05, 0.05)):
        return (f" On this run the difference's 95% interval, resampling identity groups "
                f"({low:+.3f} to {high:+.3f}), reaches across an edge of the band of 0.05: "
                "the verdict rests on the point estimate, and another run could well call "
                "it differently.")
    # how near the interval's nearest end comes to an edge (a reader found -0.053 said as
    # safely beyond -0.05)
    near = min(abs(abs(end) - 0.05) for end in (low, high))
    close = (f", though only {near:.3f} from the nearest: another seed could put it across"
             if near < 0.01 else "")
    return (f" The difference's 95% interval, resampling identity groups ({low:+.3f} to "
            f"{high:+.3f}), stays on one side of each edge of the band of 0.05{close}.")


def _q1_explanation(auc_seen, shift_ci=None) -> str:
    """Why the run came out as it did: a model that learned nothing cannot show a shift."""
    auc = float(auc_seen)
    margin = _q1_margin(shift_ci)
    if math.isnan(auc) or auc < 0.6:
        return (f"on this run the model did not learn even the GAN fakes it was trained on "
                f"(ROC-AUC {auc:.2f} on them; 0.5 is chance), so it gives both families about the "
                "same uninformative score, and the run cannot show what a new family does. With "
                "a model that works (try the laptop profile), a new generator leaves other "
                "artefacts, which the model may miss (lower scores) or, by chance, share."
                + margin)
    return ("a model learns the artefacts of the fakes it was shown; a new generator leaves "
            "other artefacts, which it may miss (lower scores) or, by chance, share. Its "
            "scores were chosen (and any rescaling fitted) on validation holding only the "
            "seen family, so nothing adjusts them to the new one." + margin)


q1 = prediction(
    "q1",
    "The family model, trained on real faces and GAN-style fakes only, meets face swaps. "
    "Compared with the GAN fakes, their mean P(fake) (the family model's scores, chosen on "
    "its own validation split) is (a) higher, (b) about the same (within 0.05), or (c) "
    "lower.",
    "q1_prediction",
    _Q1_OPTIONS,
    outcome=lambda mean_seen, mean_unseen, auc_seen, shift_ci: _family_shift(mean_seen,
                                                                             mean_unseen),
    context=("mean_seen", "mean_unseen", "auc_seen", "shift_ci"),
    explanation=lambda happened, auc_seen, shift_ci, **_: _q1_explanation(auc_seen, shift_ci),
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
    options={"a": "0.75, and fewer faces are flagged at 0.5: the scores above it move down "
                  "towards it, and some of them cross it.",
             "b": "0.61, and the same faces are flagged at 0.5: every score moves towards it, "
                  "and none crosses it.",
             "c": "0.61, and fewer faces are flagged at 0.5: the scores above it move down "
                  "towards it, and some of them cross it.",
             "d": "0.75, and the same faces are flagged at 0.5: every score moves towards it, "
                  "and none crosses it."},
    answer="d",
    feedback={"d": "Right: logit(0.9) = log 9 = 2.197, halved 1.099, and sigmoid(1.099) = 0.75. "
                   "Dividing a logit by T > 0 keeps its sign, and the logit is 0 exactly at 0.5: "
                   "no face crosses 0.5, and the order of the scores is kept. At any other "
                   "threshold the same flags come back at a moved threshold.",
              "a": "The score is right (sigmoid(log 9 / 2) = 0.75), and scores above 0.5 do "
                   "move down, but none crosses it: a positive logit divided by a positive T "
                   "stays positive, so no flag at 0.5 changes.",
              "b": "What happens at 0.5 is right, but 0.61 is the sigmoid of 0.9 / 2: 0.9 is a "
                   "probability, not a logit. Take logit(0.9) = log 9 first, divide that by T, "
                   "then apply the sigmoid.",
              "c": "0.61 divides the probability instead of the logit (take logit(0.9) = log 9 "
                   "first, divide that by T, then apply the sigmoid), and no score crosses 0.5: "
                   "a positive logit divided by a positive T stays positive."},
    hints=("Temperature scaling computes sigmoid(logit(p) / T). What is logit(0.9), and what "
           "is logit(0.5)?",
           "Dividing a number by a positive constant: what happens to its sign?"),
)


# --------------------------------------------------------------------------- q3: compute
SCORE, NEW, OLD = 0.8, 0.01, 0.5  # the face's score, the deployed and the validation prevalence


def _odds(p: float) -> float:
    return p / (1 - p)


def _number(value, name: str) -> float:
    if isinstance(value, bool) or not isinstance(
            value, (int, float, np.integer, np.floating)):
        raise Incorrect(f"`{name}` should be one number, got {type(value).__name__}.")
    return float(value)


def _check_deployed(score_odds, prior_factor, p_fake_deployed) -> str:
    odds = _number(score_odds, "score_odds")
    if abs(odds - _odds(SCORE)) > 1e-3:
        if abs(odds - SCORE) < 1e-3 or abs(odds - 1 / _odds(SCORE)) < 1e-3:
            raise Incorrect("`score_odds`: odds compare fakes with real faces, p / (1 - p), "
                            "not the share p itself, nor real over fake.")
        raise Incorrect(f"`score_odds` = {odds:g} is not the odds of a score of 0.8: odds are "
                        "p / (1 - p).")
    factor, want_factor = _number(prior_factor, "prior_factor"), _odds(NEW) / _odds(OLD)

    def near_factor(value: float) -> bool:
        return abs(factor - value) <= 1e-3 * abs(value)

    if not near_factor(want_factor):
        if near_factor(NEW) or near_factor(NEW / OLD):
            raise Incorrect("`prior_factor`: the prior odds at 1 in 100 are 1 to 99 (0.01 / "
                            "0.99), not 0.01: the prevalence is a share of all faces, the odds "
                            "compare fakes with real faces.")
        if near_factor(1 / want_factor):
            raise Incorrect("`prior_factor` is upside down: the new prior odds over the old "
                            "ones, since the score's odds already carry the old prior.")
        raise Incorrect(f"`prior_factor` = {factor:g} is not it: the prior odds where the model "
                        "is deployed, divided by the prior odds it was calibrated at.")
    got = _number(p_fake_deployed, "p_fake_deployed")
    shifted = odds * want_factor
    want = shifted / (1 + shifted)

    def near(value: float) -> bool:  # the same number at 4 decimals
        return abs(got - value) < 0.00005 + 1e-9

    if near(want):
        return (f"about {want:.4f}: the model's odds of 4 to 1 times the prior odds of 1 to 99 "
                "(over the 1 to 1 it was calibrated at). A face the balanced split calls "
                "four-to-one fake is still far more likely real where fakes are rare.")
    if near(shifted):
        raise Incorrect("that is the odds of the face being fake, not the probability: turn "
                        "odds o into a share, o / (1 + o).")
    if near(4 * NEW) or near(0.04 / 1.04):
        raise Incorrect("the prior odds at 1 in 100 are 1 to 99 (0.01 / 0.99), not 0.01: the "
                        "prevalence is a share of all faces, the odds compare fakes with real "
                        "faces.")
    if near(SCORE * NEW) or near(SCORE * NEW / OLD):
        raise Incorrect("multiplying probabilities by the prevalence is not Bayes' rule: the "
                        "correction multiplies the odds, p / (1 - p), by the ratio of prior odds.")
    if abs(got - SCORE) < 0.0005:
        raise Incorrect("the score was calibrated where half the faces are fake; where 1 in 100 "
                        "is, the same evidence supports a much lower probability.")
    if abs(got - want) < 0.0005:
        raise Incorrect(f"{got:g} is close; give 4 decimals, so that the right odds are told "
                        "apart from a near miss.")
    raise Incorrect(f"{got:g} is not it: multiply `score_odds` by `prior_factor`, then turn "
                    "the odds back into a probability.")


q3 = Exercise(
    "q3",
    "A face scored 0.8 by a model calibrated at 1 fake in 2; deployed at 1 fake in 100, what is "
    "the probability that it is fake? Work in odds: store the score's odds in score_odds, the "
    "factor the change of prevalence multiplies them by in prior_factor, and the probability "
    "in p_fake_deployed (4 decimals), computed from your two odds, not with "
    "base_rates.shift_prior.",
    ("score_odds", "prior_factor", "p_fake_deployed"),
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
    "On one balanced test split, model A has an ECE of 0.01 and a ROC-AUC of 0.85, model B an "
    "ECE of 0.12 and a ROC-AUC of 0.93, and B's ROC curve lies above A's everywhere. Each is "
    "rescaled on a large validation split, which leaves both with a test ECE near 0.01, then "
    "cut at the Bayes threshold for 1 fake in 100. Which costs less on test, and why?",
    "q4_answer",
    # the key does not restate the stem's dominance, and a second "B" uses it wrongly (a
    # reader found the key by matching the stem's words and ruling out the rest)
    options={"a": "A: after rescaling both sit near an ECE of 0.01, but B's Bayes threshold "
                  "lands at a worse point of its curve, since its rescaling had an error "
                  "twelve times as large to undo.",
             "b": "B: rescaling keeps each model's ranking and moves its Bayes threshold to "
                  "the cheapest point of its own curve, and B's curve has the cheaper points.",
             "c": "B: the rescaling that cut its ECE from 0.12 to 0.01 also improved its "
                  "ranking of the faces, which is what lifts its ROC curve above A's at the "
                  "threshold.",
             "d": "Either: the Bayes threshold depends only on the costs and the prevalence, "
                  "so both cut at the same score, and two calibrated models cut at one score "
                  "cost the same."},
    answer="b",
    feedback={"b": "Right: a rescaling is monotone, so it keeps each model's ranking and ROC "
                   "curve; calibration only decides where the Bayes threshold sits, at the "
                   "cheapest point of that model's own curve. B's curve lies above A's "
                   "everywhere, so its cheapest point costs less.",
              "a": "A calibrated model's Bayes threshold sits at the cheapest point of its own "
                   "curve, however large the error its rescaling undid. Once both are near an "
                   "ECE of 0.01, what is left is the ranking, and B's curve lies above A's.",
              "c": "B does cost less, but not for that reason: a rescaling is monotone, so it "
                   "leaves the order of the scores, and the ROC curve, as they were. B's curve "
                   "lay above A's before any rescaling; calibration only moves each threshold "
                   "to the cheapest point of its own curve.",
              "d": "Both do cut at the same score: the Bayes threshold comes from the costs "
                   "and the prevalence alone. But one score cuts each model's ROC curve at its "
                   "own point, and B's curve lies above A's, so B's point catches more fakes "
                   "for its false alarms and costs less."},
    hints=("Once both models are calibrated, what still differs between them?",
           "At the Bayes threshold a calibrated model sits at the cheapest point of its own ROC "
           "curve. Whose curve has the cheaper points?"),
)


# --------------------------------------------------------------------------- q5: explain
q5 = choice(
    "q5",
    "Section 2's real test faces come from the identity groups its table counts. Suppose a "
    "group's faces tend to be flagged all together or not at all: an interval for the share "
    "flagged that resamples faces instead of groups is then",
    "q5_answer",
    options={"a": "too wide: drawing faces one by one adds the variation within each group "
                  "on top of the variation between groups.",
             "b": "too narrow: a draw of faces repeats some faces and leaves others out, "
                  "which a draw of whole groups never does.",
             "c": "too narrow: a draw of loose faces mixes many groups' verdicts, so its share "
                  "moves less than draws of whole groups do.",
             "d": "too wide: a group flagged all together counts many times over in a draw of "
                  "faces, so the share swings further."},
    answer="c",
    feedback={"c": "Right: a group's faces repeat one verdict, so the evidence is closer to the "
                   "number of groups than to the number of faces. Drawing loose faces averages "
                   "over many groups in every draw, so the share varies less than it does when "
                   "whole groups, whose faces move together, are drawn: too narrow.",
              "a": "Drawing faces one by one breaks the groups up: a draw then mixes flagged "
                   "and unflagged faces from many groups, and its share varies less than a "
                   "draw of whole groups, whose faces move together. Too narrow, not too wide.",
              "b": "Too narrow, but not for that reason: a draw of groups repeats some groups "
                   "and leaves others out too. A group's faces share one verdict, so a draw of "
                   "loose faces mixes many groups' verdicts and its share moves less than "
                   "draws of whole groups do.",
              "d": "A draw of faces takes each face on its own, so a group's faces do not come "
                   "in or go out together: that is what a draw of groups does, and it is the "
                   "group draw whose share swings further. Too narrow, not too wide."},
    hints=("If a group's faces are all flagged or all left alone, how many independent pieces "
           "of evidence do they give?",
           "Chapter 07's cluster bootstrap draws whole groups: what is a group here?"),
)


# --------------------------------------------------------------------------- q6: implement
N_BINS = 10


def _ece_cases() -> list[tuple[np.ndarray, np.ndarray]]:
    """Hidden labels and scores: spread over the bins and mis-calibrated, a few faces to
    many; then scores of exactly 0 and 1 (1.0 belongs to the last bin) in bins that mix
    labels; then scores on inner edges (0.2 belongs to the bin 0.1 to 0.2); then one case
    drawn afresh on every call."""
    rng = hidden_rng("ch11.q6")
    cases = []
    for n, (a, b) in ((30, (0.6, 0.6)), (120, (0.5, 2.0)), (400, (2.0, 0.7))):
        p = rng.beta(a, b, n)
        y = (rng.random(n) < 0.15 + 0.7 * p).astype(int)
        y[:2] = (0, 1)
        cases.append((y, p))
    cases.append((np.array([1, 0, 1, 0, 0, 1, 1, 0]),
                  np.array([1.0, 1.0, 0.93, 0.0, 0.02, 0.55, 0.61, 0.18])))
    # scores on inner edges, each belonging to the bin below it (as scikit-learn's), beside
    # scores inside both neighbouring bins: the bin below or above changes the ECE
    cases.append((np.array([0, 1, 0, 1, 1, 0, 1, 1, 0, 0, 1, 0]),
                  np.array([0.2, 0.2, 0.15, 0.25, 0.5, 0.5, 0.45, 0.55, 0.8, 0.8, 0.75,
                            0.85])))
    # the other inner edges, beside scores inside the bins around them
    cases.append((np.array([1, 0, 0, 1, 1, 0, 0, 1, 1, 0, 0, 1]),
                  np.array([0.1, 0.3, 0.35, 0.4, 0.6, 0.65, 0.7, 0.9, 0.05, 0.25, 0.75,
                            0.95])))
    # last, in a student's kernel one case drawn afresh on every check (from the operating
    # system's entropy, not hidden_rng): an answer that collects the hidden cases through
    # repeated checks, with their ECEs worked out between checks, meets one it has never seen
    # (a reader passed with a lookup table on the seventh check). Under the grading secret the
    # cases are already unseen, so it comes from hidden_rng: the same grade on every regrade.
    fresh = rng if grading_secret_set() else np.random.default_rng()
    n = int(fresh.integers(40, 200))
    p = np.round(fresh.random(n), int(fresh.integers(1, 4)))  # some scores on edges
    y = (fresh.random(n) < 0.1 + 0.8 * p).astype(int)
    y[:2] = (0, 1)
    cases.append((y, p))
    return cases


def _binned(y: np.ndarray, p: np.ndarray, index: np.ndarray) -> tuple:
    """Each non-empty bin's faces, mean score and share of fakes for a bin ``index`` per face."""
    keep = np.unique(index)
    n = np.array([np.sum(index == k) for k in keep], float)
    mean = np.array([p[index == k].mean() for k in keep])
    share = np.array([y[index == k].mean() for k in keep])
    return n, mean, share


def _slips(y: np.ndarray, p: np.ndarray) -> dict[str, float]:
    """What the usual slips return on one case, to name the slip a wrong answer made."""
    # the course's bins (reliability_bins, as scikit-learn's): an inner edge in the bin below
    n, mean, share = _binned(y, p, np.searchsorted(np.linspace(0, 1, N_BINS + 1)[1:-1], p))
    slips = {"unweighted": float(np.mean(np.abs(share - mean))),
             "signed": float(abs(np.sum(n / n.sum() * (share - mean)))),
             "not divided": float(np.sum(n * np.abs(share - mean)))}
    # an inner edge in the bin above it (np.floor's, np.histogram's rule); named before the
    # eleventh bin, which gives the same number where no score is 1.0
    n, mean, share = _binned(y, p, np.minimum(np.floor(p * N_BINS), N_BINS - 1))
    slips["upper edge"] = float(np.sum(n / n.sum() * np.abs(share - mean)))
    n, mean, share = _binned(y, p, np.floor(p * N_BINS))  # 1.0 in a bin of its own
    slips["eleventh bin"] = float(np.sum(n / n.sum() * np.abs(share - mean)))
    ranks = np.argsort(np.argsort(p, kind="stable"), kind="stable")
    n, mean, share = _binned(y, p, ranks * N_BINS // len(p))  # equal-count bins
    slips["equal counts"] = float(np.sum(n / n.sum() * np.abs(share - mean)))
    return slips


_SLIPS = {
    "unweighted": "each bin counts the same: weight a bin's gap by its share of the faces, so "
                  "that a bin of 2 faces does not weigh as much as one of 60.",
    "signed": "the gaps' signs cancel: take each bin's absolute gap, |share of fakes - mean "
              "score|, before averaging.",
    "not divided": "the weights are counts: divide each bin's faces by all the faces, so that "
                   "the weights add up to 1.",
    "eleventh bin": "a score of exactly 1.0 got a bin of its own: floor(1.0 * 10) is 10, and "
                    "it belongs to the last bin, 0.9 to 1.0.",
    "equal counts": "those are bins of equal counts: use ten bins of equal width, 0 to 0.1, "
                    "0.1 to 0.2, ... 0.9 to 1.0.",
    "upper edge": "a score on an inner edge went to the bin above it (as `np.floor(p * 10)` "
                  "puts it): it belongs to the bin below, so 0.2 is in the bin 0.1 to 0.2, as "
                  "in scikit-learn's `calibration_curve`.",
}
_ECE_NAMES = {"expected_calibration_error", "reliability_bins", "calibration_curve",
              "bin_edges", "binned_statistic", "binned_statistic_2d", "binned_statistic_dd",
              "sklearn", "torchmetrics", "netcal"}
_ECE_LIBRARIES = {"sklearn", "torchmetrics", "netcal"}
# the functions that bin scores for the answer or score calibration, refused while the answer
# runs, however it reaches them: (module, names). NumPy's own tools (arithmetic,
# np.searchsorted, np.digitize, np.histogram, np.bincount) stay allowed, and so do per-bin
# sums with pandas' groupby once the answer has given each face its bin number.
ECE_REFUSED = (("dfkit.evaluation.calibration",
                ("expected_calibration_error", "reliability_bins", "bin_edges")),
               ("sklearn.calibration", ("calibration_curve",)),
               ("scipy.stats", ("binned_statistic", "binned_statistic_2d",
                                "binned_statistic_dd")),
               ("pandas", ("cut", "qcut")))
_ECE_HANDS_OVER = ("ece_by_hand hands the binning to a library (the course's "
                   "`expected_calibration_error` or `reliability_bins`, scikit-learn's "
                   "`calibration_curve`, SciPy's `binned_statistic` or pandas' `cut`): the "
                   "exercise asks you to give each face its bin number yourself, with NumPy, "
                   "and average the gaps.")


def _ece_refused(answer) -> list:
    """The library functions, and the chapter's own copy of expected_calibration_error that
    its @save cell defines beside the answer."""
    found = {} if _is_sandbox_proxy(answer) else getattr(answer, "__globals__", {})
    refused = installed_functions(ECE_REFUSED)
    copy = found.get("expected_calibration_error") if isinstance(found, dict) else None
    if callable(copy) and copy not in refused:
        refused.append(copy)
    return refused


def _check_ece(ece_by_hand) -> str:
    from dfkit.evaluation.calibration import expected_calibration_error

    if callable(ece_by_hand) and (library_object(ece_by_hand, _ECE_LIBRARIES)
                                  or hands_work_to(ece_by_hand, _ECE_NAMES, _ECE_LIBRARIES)):
        raise Incorrect(_ECE_HANDS_OVER)
    for y, p in _ece_cases():
        want = expected_calibration_error(y, p)
        # programs refused as the grading sandbox refuses them, so that the kernel's check
        # and the grade agree (report 19, finding 1: the course's ECE in a child process)
        got = call_refusing(ece_by_hand, _ece_refused(ece_by_hand), _ECE_HANDS_OVER,
                            y.copy(), p.copy(), what="ece_by_hand", programs=True)
        try:
            value = float(got)
        except (TypeError, ValueError):
            raise Incorrect(f"ece_by_hand should return one number, got {got!r}.") from None
        if abs(value - want) < 1e-9:
            continue
        for slip, made in _slips(y, p).items():
            if abs(value - made) < 1e-9:
                raise Incorrect(f"On a hidden case of {len(y)} faces, {_SLIPS[slip]}")
        raise Incorrect(f"On a hidden case of {len(y)} faces you returned {value:.4f}, "
                        f"expected {want:.4f}.")
    return ("your ECE matches the course's on every hidden case: ten bins of width 0.1, each "
            "bin's |share of fakes - mean score| weighted by its share of the faces.")


q6 = Exercise(
    "q6",
    "Write `ece_by_hand(y_true, p_fake)`: the expected calibration error of the scores "
    "`p_fake` against the labels `y_true` (1 = fake), with ten bins of equal width over 0 to "
    "1 (a score on an inner edge, such as 0.2, in the bin below it, as scikit-learn's; 0.0 in "
    "the first bin, 1.0 in the last), each non-empty bin's absolute gap between its share of "
    "fakes and its mean score weighted by its share of the faces. Give each face its bin "
    "number with NumPy yourself; it is checked on hidden labels and scores, some of them on "
    "the edges.",
    ("ece_by_hand",),
    _check_ece,
    hints=("Three steps: give each face a bin number, then for each non-empty bin take its "
           "share of fakes, its mean score and its number of faces, then average the absolute "
           "gaps weighted by the faces.",
           "The edge rule is the trap: an inner edge such as 0.2 goes to the bin below it, so "
           "`np.floor(p * 10)` gets it wrong (0.2 lands in the bin above). Look up "
           "`np.searchsorted` and its `side` argument: against which edges would it give each "
           "face a bin number from 0 to 9? For the sums per bin, `np.bincount` takes "
           "`weights`."),
    kind="implement",
)
