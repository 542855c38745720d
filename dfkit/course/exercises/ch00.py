"""Chapter 00 exercises: what a random split leaks, and what the paper's headline numbers mean."""

from __future__ import annotations

import functools
import importlib
import inspect
import numbers
import sys

from dfkit import config
from dfkit.course.exercises import (
    Exercise,
    Incorrect,
    ____,
    _is_sandbox_proxy,
    call_refusing,
    choice,
    close,
    hands_work_to,
    hidden_rng,
    installed_functions,
    keras_metric_functions,
    library_object,
    names_used,
    prediction,
    within_decimals,
)

# ``____`` is re-exported so that a chapter imports its checkers and the blank in one line.
__all__ = ["____", "q1", "q2", "q3", "q4", "q5"]

PAPER_TEST_REAL, PAPER_TEST_FAKE = 749, 1000  # the paper's confusion matrices (Figs 13-14)


# --------------------------------------------------------------------------- q1: predict, then run
def leak_outcome(leaked_share: float) -> str:
    """The option that the random split's leaked share falls in."""
    if leaked_share < 0.1:
        return "a"
    return "b" if leaked_share <= 0.7 else "c"


@functools.lru_cache(maxsize=8)
def _rerun(profile: str, source: str) -> tuple[int, float, float]:
    from dfkit.course import chapter
    from dfkit.data import dataset

    data = chapter.prepare(profile, verbose=False)
    n_groups, share = dataset.random_split_leak(data.manifest, n_test=len(data.test),
                                                seed=data.profile.seed)
    return n_groups, share, len(data.manifest) / data.manifest["group"].nunique()


def random_split_run() -> tuple[int, float, float]:
    """The chapter's random split, rerun here on the profile's data (never read from the
    notebook, where a hand-set share would decide the outcome): (groups in its test set, the
    share of them also in train, images per group on average)."""
    return _rerun(config.get_profile().name, config.data_source())


def _leak_happened() -> str:
    return leak_outcome(random_split_run()[1])


def _leak_why(happened: str) -> str:
    """Why the rerun came out as it did, in its own numbers."""
    n_groups, share, size = random_split_run()
    said = (f"The random test set held {n_groups} groups, {share:.0%} of them also in train; "
            f"a group holds {size:.3g} images on average. ")
    if happened == "c":
        return said + ("A random split deals a group's images out like cards: all of them land "
                       "on the test side only by a rare chance, so nearly every test group also "
                       "has images in train. A model can then score by recognising images "
                       "whose label it has seen (other frames of the same face or video), "
                       "not the traces of a fake.")
    if happened == "b":
        return said + ("Small groups sometimes land whole on one side, larger ones rarely: the "
                       "more images a group holds, the likelier it leaks. Even a partial leak "
                       "lets a model score on images whose label it has seen.")
    if size < 1.5:
        return said + ("With one image per group (a folder whose file names give no video or "
                       "person makes each file its own group), a test group has no image left "
                       "for train, so this split leaks nothing. Where groups hold many frames "
                       "of a video, the same split would leak most test groups.")
    return said + ("So few test groups share images with train here that a model could not "
                   "score by recognising them.")


q1 = prediction(
    name="q1",
    prompt="A random split that ignores groups: what share of its test groups also appear in its "
           "training set? Set `q1_prediction` to 'a' (almost none), 'b' (some) or 'c' (most or "
           "all) before you run the experiment.",
    variable="q1_prediction",
    options={"a": "none or almost none (fewer than one in ten)",
             "b": "some (between one in ten and seven in ten)",
             "c": "most or all (more than seven in ten)"},
    outcome=_leak_happened,
    context=(),
    explanation=_leak_why,
    hints=("Think of one group with several images. For it to be absent from train, every one "
           "of its images must land in the test set. How likely is that when test is a small "
           "share of the data?",
           "Put numbers on it: if each image lands in test with a chance of about one in five, "
           "independently, a group of k images lands there whole with a chance of about "
           "(1/5)**k. How many images does a group hold here? The sentence above the split "
           "table says."),
)


# --------------------------------------------------------------------------- q2: compute
def _check_always_fake(always_fake_accuracy) -> None:
    expected = PAPER_TEST_FAKE / (PAPER_TEST_REAL + PAPER_TEST_FAKE)
    answer = always_fake_accuracy
    if isinstance(answer, numbers.Real) and not isinstance(answer, bool):
        value = float(answer)
        if abs(value - 0.5) < 1e-3:
            raise Incorrect("0.5 would hold on a balanced test set, but the paper's was not: "
                            "it held 749 real and 1,000 fake faces.")
        if abs(value - 1.0) < 1e-3:
            raise Incorrect("1.0 is the *recall* of a model that calls everything fake; "
                            "accuracy also counts the real faces it gets wrong.")
        if 1 < value <= 100:
            raise Incorrect("Give accuracy as a fraction between 0 and 1, not a percentage.")
        if abs(value - PAPER_TEST_REAL / (PAPER_TEST_REAL + PAPER_TEST_FAKE)) < 1e-3:
            raise Incorrect("That is the share of *real* faces. Which faces does a detector that "
                            "calls every face fake label correctly?")
        if abs(value - expected) > 0.01:
            raise Incorrect(f"{value:.4g} is not it. Accuracy counts the faces labelled "
                            "correctly, out of all 1,749: which ones does a detector that calls "
                            "every face fake get right?")
    close(always_fake_accuracy, expected, decimals=3, what="always_fake_accuracy")


q2 = Exercise(
    name="q2",
    prompt="A 'detector' calls every face fake. What accuracy does it score on the test set of the "
           "paper's Figs 13-14 (749 real, 1,000 fake)? Store the fraction, to 3 decimals, in "
           "`always_fake_accuracy`.",
    names=("always_fake_accuracy",),
    checker=_check_always_fake,
    hints=("Accuracy is the share of all faces that the detector labels correctly. Which faces "
           "does an always-fake detector label correctly, and which wrongly?",
           "Divide a count of faces by the total count; Python's `/` gives the fraction."),
    kind="compute",
)


# --------------------------------------------------------------------------- q3: implement
def reference_scores(n_real: int, n_fake: int) -> tuple[float, float, float]:
    """Accuracy, recall and F1 of the always-fake detector (fake = positive)."""
    precision = n_fake / (n_real + n_fake)
    return precision, 1.0, 2 * precision / (precision + 1)


HIDDEN_TEST_SETS = ((749, 1000), (800, 800), (90, 10), (3, 997), (1, 1))


def test_sets() -> list[tuple[int, int]]:
    """The fixed test sets and three drawn from ``hidden_rng`` (other ones under the instructor's
    secret), so that a table of the fixed five's answers does not pass when graded."""
    rng = hidden_rng("ch00.q3")
    drawn = [(int(r), int(f)) for r, f in rng.integers(1, 5_000, size=(3, 2))]
    return [*HIDDEN_TEST_SETS, *drawn]


# names that hand the scores to a library: dfkit's own always-fake baseline and metric table,
# scikit-learn's scorers. The exercise asks for the formulas (precision equals accuracy here,
# and F1 is their harmonic mean with recall 1).
_LIBRARY_NAMES = {"always_fake", "from_confusion", "summary", "dfkit", "evaluation", "metrics",
                  "sklearn", "accuracy_score", "recall_score", "precision_score", "f1_score",
                  "fbeta_score", "precision_recall_fscore_support", "confusion_matrix",
                  "classification_report", "precision_recall_curve", "roc_curve",
                  "hmean", "pmean", "harmonic_mean", "torchmetrics", "keras",
                  "dice", "hamming", "jaccard",
                  # compiled distance kernels, which have no Python code to refuse as they
                  # run (SciPy's under its distances, scikit-learn's DistanceMetric): 1 - Dice
                  # is F1 and 1 - Hamming accuracy (report_00 of 2026-12-08, finding 1)
                  "scipy", "_distance_pybind", "_distance_wrap", "_dist_metrics",
                  "DistanceMetric", "get_metric",
                  # a module or function reached by a name built at run time, which the
                  # names above cannot see (the same report: importlib and getattr on
                  # strings reached DistanceMetric); an honest answer uses none of them
                  "importlib", "import_module", "__import__", "modules", "getattr",
                  "__getattribute__", "attrgetter", "vars", "__dict__", "eval", "exec"}
# SciPy's kernels go by cdist_<metric> and pdist_<metric> (cdist_dice, cdist_hamming, ...)
_KERNEL_PREFIXES = ("cdist", "pdist")
_LIBRARIES = {"dfkit", "sklearn", "scipy", "torchmetrics", "keras", "tensorflow", "torch"}
# the library functions that score a detector, refused while the answer runs, however it
# reaches them (by name, under another name, through __import__): (module, names)
REFUSED = (("dfkit.evaluation.metrics", ("always_fake", "from_confusion", "summary",
                                         "confusion", "bootstrap")),
           # the curves' counter, under precision_recall_curve, roc_curve and det_curve
           # (_binary_clf_curve before scikit-learn 1.8)
           ("sklearn.metrics._ranking", ("confusion_matrix_at_thresholds",
                                         "_binary_clf_curve")),
           # F1 is the harmonic mean of precision and recall: the exercise asks for it
           ("scipy.stats", ("hmean", "pmean")),
           ("statistics", ("harmonic_mean",)))


def _public_functions(module_name: str) -> tuple:
    """Every public function of a scoring module, not a chosen few: a reader passed with
    ``sklearn.metrics.precision_recall_curve``, whose first point is the always-fake detector
    (report_00, finding 1), and another with SciPy's ``distance.dice`` (1 - F1) and
    ``distance.hamming`` (1 - accuracy) (report_00 of 2026-12-07, finding 1). Read when the
    check runs (none where the library is not installed)."""
    try:
        module = importlib.import_module(module_name)
    except ImportError:
        return ()
    names = tuple(n for n in getattr(module, "__all__", ())
                  if inspect.isfunction(getattr(module, n, None)))
    return ((module_name, names),)


# libraries whose every public function scores labels: scikit-learn's metrics, and SciPy's
# distances between label vectors (Dice, Hamming, Jaccard ... are 1 - F1, 1 - accuracy ...)
_SCORING_MODULES = ("sklearn.metrics", "scipy.spatial.distance")


# The checker's own answer, refused while the answer runs (a reader reached it through
# ``sys.modules`` by a name built from strings, report_00c finding 2). Its code is the
# formulas, so a copy of it is the honest answer: only the function itself is refused.
REFUSED_UNWATCHED = (("dfkit.course.exercises.ch00", ("reference_scores",)),)
# Libraries with scorers of their own (Keras's metric classes, among others) that an honest
# answer never imports: one that the answer's call imports hands the work over. Where Keras
# is loaded already, its scorers are refused as they run (:func:`_keras_scorers`).
_SCORING_LIBRARIES = ("keras", "tensorflow", "torch", "torchmetrics", "jax")
_HANDS_OVER = ("always_fake_scores hands the work to a library (dfkit's `metrics.always_fake`, "
               "`from_confusion` or `summary`, any of scikit-learn's `metrics` (its "
               "scorers, curves and `DistanceMetric`), anything of SciPy's, "
               "`statistics`' harmonic mean, or Keras's "
               "metrics), to a module or function reached by a name built at run time "
               "(`importlib`, `__import__`, `getattr`, `eval`), to another program, or to "
               "the checker: the exercise asks for the formulas. Work out "
               "what the detector gets right from n_real and n_fake, then write accuracy, "
               "recall and F1 with + - * /; call the library only outside the function, to "
               "check what it returns.")


def _keras_scorers(answer) -> list:
    """Keras's scorers, refused however the answer reaches them (a reader imported Keras by
    a name built from strings, report_00c finding 2): every function of ``keras.metrics``,
    and the ``update_state`` and ``result`` of its metric classes and of their bases. Only
    while Keras is loaded already, or when the answer runs in the grading sandbox (which
    imports Keras there to refuse them): importing it takes seconds, and an answer that
    imports it itself is refused by ``_SCORING_LIBRARIES``."""
    if "keras" not in sys.modules and not _is_sandbox_proxy(answer):
        return []
    return keras_metric_functions()


def _scoring_libraries_loaded() -> set[str]:
    return {name for name in _SCORING_LIBRARIES if name in sys.modules}


def _names_a_kernel(always_fake_scores) -> bool:
    """True when the answer's code (or a helper's, read as :func:`names_used` reads it, in
    the grading sandbox when graded) names one of SciPy's compiled distance kernels."""
    names = {part for name in names_used(always_fake_scores) for part in name.split(".")}
    return any(name.startswith(_KERNEL_PREFIXES) for name in names)


def _check_scores(always_fake_scores) -> None:
    if callable(always_fake_scores) and (
            library_object(always_fake_scores, _LIBRARIES)
            or hands_work_to(always_fake_scores, _LIBRARY_NAMES, _LIBRARIES)
            or _names_a_kernel(always_fake_scores)):
        raise Incorrect(_HANDS_OVER)
    # each once: a function refused twice (confusion_matrix_at_thresholds is public in
    # scikit-learn 1.9) would get the refusal's code back as its own when they are undone
    refused = list({id(f): f for f in (installed_functions(REFUSED)
                                       + [f for m in _SCORING_MODULES
                                          for f in installed_functions(_public_functions(m))]
                                       + _keras_scorers(always_fake_scores))}.values())
    own = installed_functions(REFUSED_UNWATCHED)
    for n_real, n_fake in test_sets():
        what = f"always_fake_scores({n_real}, {n_fake})"
        loaded = _scoring_libraries_loaded()
        # programs refused as the grading sandbox refuses them, so that the kernel's check
        # and the grade agree (report_00, finding 2: dfkit run in a child process)
        got = call_refusing(always_fake_scores, refused, _HANDS_OVER, n_real, n_fake,
                            what=what, unwatched=own, programs=True)
        if _scoring_libraries_loaded() - loaded:  # the answer imported one
            raise Incorrect(_HANDS_OVER)
        try:
            values = [float(v) for v in got]
        except (TypeError, ValueError):
            raise Incorrect(f"{what} should return three numbers (accuracy, recall, f1), "
                            f"got {got!r}.") from None
        if len(values) != 3:
            raise Incorrect(f"{what} returned {len(values)} numbers; return three: "
                            "(accuracy, recall, f1).")
        accuracy, recall, f1 = reference_scores(n_real, n_fake)
        if any(v > 1 + 1e-9 for v in values):
            raise Incorrect(f"{what} returned {values}: give fractions between 0 and 1, "
                            "not percentages.")
        if not within_decimals(values[1], recall, 3):
            raise Incorrect(f"{what}: recall is the share of the fakes that the detector calls "
                            f"fake; you returned {values[1]:.4g}.")
        if not within_decimals(values[0], accuracy, 3):
            raise Incorrect(f"{what}: accuracy {values[0]:.4g} is not right; it should depend on "
                            "how many of all the faces are fake.")
        if not within_decimals(values[2], f1, 3):
            hint = (" That is the precision; F1 combines precision and recall."
                    if within_decimals(values[2], accuracy, 3) else "")
            raise Incorrect(f"{what}: f1 {values[2]:.4g} is not right.{hint} F1 is the "
                            "harmonic mean of precision and recall, not their plain average "
                            "(see its definition at the top of the chapter).")


q3 = Exercise(
    name="q3",
    prompt="Write `always_fake_scores(n_real, n_fake)` returning (accuracy, recall, f1) of the "
           "always-fake detector as fractions from 0 to 1, fake being the positive class, "
           "with arithmetic only (no scoring library); the checker also tries test sets you "
           "do not see.",
    names=("always_fake_scores",),
    checker=_check_scores,
    hints=("The detector finds every fake (recall), and its 'fake' calls are right as often as a "
           "face is fake (precision, here equal to its accuracy). F1 is the harmonic mean of "
           "precision and recall.",
           "A Python function returns several values as a tuple (`return a, b, c`); `/` gives a "
           "float. F1's formula is in the chapter's definitions, under 'The paper we rebuild'."),
    kind="implement",
)


# --------------------------------------------------------------------------- q4: explain (choice)
q4 = choice(
    name="q4",
    prompt="A detector is tested on 1,000 fake and 1,000 real faces and reaches a recall of "
           "97.7%, Model 2's (the paper's Table I). Which range holds exactly the accuracies it "
           "can reach on these 2,000 faces, from the lowest possible to the highest possible? "
           "Set `q4_answer` to 'a', 'b', 'c' or 'd'.",
    variable="q4_answer",
    # each option is the range that one calculation gives, right or slipped, so every bound
    # is a number to work out: none is copied from the prompt (97.7%), and no bound is shared,
    # so neither "avoid the prompt's numbers" nor "pick the bound most options share" singles
    # out the key (a reader passed with the first, report_00b finding 3). Listed by their
    # lower ends; each claims its two ends are reached, so none is "true but loose".
    options={"a": "from 1.15% to 51.15%",     # the faces wrong, not right (or TP, FN swapped)
             "b": "from 47.70% to 52.30%",    # 97.7% read as the share of all faces called fake
             "c": "from 48.85% to 98.85%",    # TN from 0 to 1,000: (977 + TN) / 2,000
             "d": "from 49.42% to 100.00%"},  # precision: 977 / (977 + FP), FP 1,000 to 0
    answer="c",
    feedback={"c": "Recall = TP / (TP + FN) = 977 / 1,000 fixes TP = 977 and FN = 23; the "
                   "1,000 real faces (FP + TN) never enter it. Accuracy = (977 + TN) / 2,000 "
                   "runs from 977 / 2,000 (every real face called fake) to 1,977 / 2,000 (none "
                   "called fake): the same recall fits accuracies from 48.85% to 98.85%, so "
                   "recall alone says nothing about the real faces.",
              "a": "Those ends count the faces the detector gets *wrong* (or take 23 fakes as "
                   "found and 977 as missed). Accuracy counts the faces it gets right, and "
                   "recall = TP / (TP + FN) = 97.7% of 1,000 fakes says how many fakes those "
                   "are.",
              "b": "That reads 97.7% as the share of all 2,000 faces called fake. Recall "
                   "divides by the fakes only: TP / (TP + FN), with TP + FN = 1,000. Which two "
                   "counts does it fix, and which two does it leave free?",
              "d": "Those are the ends of the *precision*, TP / (TP + FP), from 977 / 1,977 to "
                   "977 / 977: it leaves out the 23 missed fakes and the real faces called "
                   "real. Accuracy divides the faces labelled right by all 2,000."},
    hints=("Recall looks only at the faces that really are fake. Which faces does it ignore, "
           "and how many of them can the detector get wrong?",
           "Write recall and accuracy with the four counts defined at the top of the chapter "
           "(TP, FN, FP, TN): with 1,000 fakes, what are TP and FN here? Then try the two "
           "extremes for the real faces: none called fake, all called fake."),
)


# --------------------------------------------------------------------------- q5: explain (choice)
q5 = choice(
    name="q5",
    prompt="A random split put frames of the same videos in train and test: 80% of its test "
           "frames come from videos that also have training frames. The model scores 99% "
           "accuracy on those and 70% on the other 20%, frames of videos it never trained on. "
           "What accuracy does the random split report, and what should you expect on frames "
           "of new videos? Set `q5_answer` to 'a', 'b', 'c' or 'd'.",
    variable="q5_answer",
    options={"a": "93.2%; expect about 93.2% on new videos",
             "b": "93.2%; expect about 70% on new videos",
             "c": "84.5%; expect about 70% on new videos",
             "d": "84.5%; expect about 84.5% on new videos"},
    answer="b",
    feedback={"b": "The split reports 0.8 × 99% + 0.2 × 70% = 93.2%, a mix of recognition "
                   "(seen videos: the model can answer from what it memorised of their "
                   "person, light and background) and detection. A new video is unseen, so "
                   "70% is the estimate that applies: the one a group split measures on all "
                   "its test frames.",
              "a": "93.2% is what the random split reports, but a test score predicts new "
                   "data only when its test frames are like new data. Which of the two kinds "
                   "of test frames is a frame of a new video like?",
              "c": "84.5% is the plain mean of 99% and 70%, which weighs the two kinds of "
                   "frames equally; but 80% of the test frames are of seen videos. Weigh each "
                   "score by its share.",
              "d": "Two slips. 84.5% is the plain mean of 99% and 70%, but 80% of the test "
                   "frames are of seen videos: weigh each score by its share. And a new "
                   "video's frames are like only one of the two kinds of test frames: which?"},
    hints=("The random split's accuracy is the share right over all its test frames: each kind "
           "counts by its share. Then ask which kind a frame of a new video resembles.",
           "Weigh the two scores by their shares (0.8 and 0.2) and add. The q1 experiment above "
           "showed how often a random split leaks: the model has seen other frames of "
           "those videos, with their labels."),
)
