"""Chapter 01 exercises: which descriptors separate the classes, reading AUCs, and the
paper's similarity measures by hand."""

from __future__ import annotations

import contextlib
import functools
import itertools
import numbers

import numpy as np
import pandas as pd

from dfkit import config
from dfkit.course.exercises import (
    Exercise,
    Incorrect,
    ____,
    call_refusing,
    choice,
    close,
    code_fingerprint,
    hands_work_to,
    hidden_rng,
    installed_functions,
    keeps_any,
    library_object,
    names_used,
    prediction,
    unwrap_scalar,
    within_decimals,
)

# ``____`` is re-exported so that a chapter imports its checkers and the blank in one line.
__all__ = ["____", "q1", "q2", "q3", "q4", "q5"]

PAPER_PREFIXES = ("hist_cos", "lbp_cos", "edge_invdiff")  # the chapter's PAPER_MEASURES
CLOSE = 0.05  # how near the strongest descriptor's distance from AUC 0.5 counts as "close"


# --------------------------------------------------------------------------- q1: predict, then run
def _auc_distance(effects):
    """Each descriptor's distance of its AUC from 0.5 in an ``eda.effect_sizes`` table (NaN
    AUCs dropped): how well it separates, whichever class scores higher."""
    return (effects["auc"].astype(float) - 0.5).abs().dropna()


def _distances(effects) -> tuple[str, float, str, float]:
    """The strongest descriptor and the best of the paper's six, each with its distance from
    AUC 0.5, in an ``eda.effect_sizes`` table; descriptors whose AUC is NaN are skipped."""
    distance = _auc_distance(effects)
    paper = distance[[n for n in distance.index if str(n).startswith(PAPER_PREFIXES)]]
    if paper.empty:
        raise Incorrect("No AUC in `effects` belongs to the paper's six similarities (every one "
                        "is missing or NaN, as when a split holds one class only), so the run "
                        "cannot say how they stand: run the chapter's cells above again.")
    return (str(distance.idxmax()), float(distance.max()),
            str(paper.idxmax()), float(paper.max()))


def paper_standing(effects, **_) -> str:
    """Where the best of the paper's similarity measures stands against the strongest
    descriptor: 'a' clearly behind, 'b' within CLOSE of it, 'c' the strongest itself."""
    _, strongest, _, paper = _distances(effects)
    if paper >= strongest:
        return "c"
    return "b" if strongest - paper <= CLOSE else "a"


def _ten_images(effects, five_table) -> str:
    """A sentence when the ten images of the chapter's first table point to another outcome
    than the whole split; empty when they agree (or cannot be read)."""
    from dfkit.course import eda

    try:
        five = eda.effect_sizes(five_table)
        happened, there = paper_standing(effects), paper_standing(five)
        _, _, paper_best, paper = _distances(five)
        whole = _auc_distance(effects)
        other = str(whole[[not str(n).startswith(PAPER_PREFIXES) for n in whole.index]]
                    .idxmax())  # the strongest of the other descriptors on the whole split
        other_distance = abs(float(five.loc[other, "auc"]) - 0.5)
    except Exception:  # a table the student changed: no comparison, no crash
        return ""
    if there == happened or other_distance != other_distance:  # NaN: nothing to compare
        return ""
    return (f" The ten images of the first table pointed to ({there}): over them "
            f"`{paper_best}` lay {paper:.2f} from AUC 0.5 and `{other}` {other_distance:.2f}. "
            "Ten images cannot rank descriptors; the whole split can.")


def _why_standing(happened: str, effects, five_table=None) -> str:
    """The run's two distances from AUC 0.5, and why a similarity usually trails."""
    best, strongest, paper_best, paper = _distances(effects)
    ten = _ten_images(effects, five_table)
    if happened == "c":
        distance = _auc_distance(effects)
        tied = [str(n) for n in distance.index
                if not str(n).startswith(PAPER_PREFIXES) and distance[n] >= paper]
        level = f" (level with `{tied[0]}`)" if tied else ""
        return (f"In your run the strongest descriptor is one of the paper's six, "
                f"`{paper_best}`{level}, with separation {0.5 + paper:.3f} (it lies "
                f"{paper:.3f} from AUC 0.5): the classes differ in "
                "something the class averages keep. Look at what it compares before you trust "
                "it; on the embedded faces the generator builds blur into every fake, and a "
                "similarity usually mixes that cue with how each face is laid out and lit." + ten)
    measured = (f"In your run the strongest descriptor, `{best}`, has separation "
                f"{0.5 + strongest:.3f} (it lies {strongest:.3f} from AUC 0.5), the best of "
                f"the paper's six, `{paper_best}`, {0.5 + paper:.3f} ({paper:.3f}). ")
    if happened == "b":
        return measured + (
            "Here a comparison with the class averages kept most of the cue: it can, where the "
            "averages still differ in what separates the classes (an edge map keeps some of the "
            "fine detail blur removes). Close ranks can swap on another seed." + ten)
    return measured + _survives(effects) + (
        "The comparison dilutes it. Mean |a - b| over every pixel of a face's edge map and an "
        "average one comes mostly from where this face's eyes, mouth, hair and outline lie, "
        "which blur hardly changes; a histogram's cosine, from lighting and skin colour. A "
        "sharpness measure reads the blur directly." + ten)


def _survives(effects) -> str:
    """Whether the blur survives in the class means of the run's edge density, in words."""
    try:
        real, fake = (float(effects.loc["edge_density", c]) for c in ("mean_real", "mean_fake"))
    except (KeyError, TypeError, ValueError):  # a table without those columns
        return ("Averaging need not wash the blur out (the class-average edge maps at the end "
                "of the chapter show whether the two averages still differ). ")
    if fake < real:
        return (f"Averaging does not wash the blur out: fakes have fewer edges on average "
                f"(mean edge density {fake:.3f} against {real:.3f} for reals). ")
    return (f"In your run fakes do not have fewer edges on average (mean edge density "
            f"{fake:.3f} against {real:.3f} for reals), so the averages carry little blur. ")


Q1_OPTIONS = {
    "a": "its separation falls clearly short of the strongest's (by more than 0.05): a "
         "similarity to an average mixes the cue with every other difference",
    "b": "its separation comes within 0.05 of the strongest's without being it: an edge map "
         "compared with the class averages sees the same blur as a sharpness measure",
    "c": "it is the strongest descriptor of all: comparing an image with both class averages "
         "uses what the training split knows about each class"}

q1 = prediction(
    name="q1",
    prompt="Before the whole-validation table runs: will the best of the paper's six "
           "similarity measures separate the classes (its separation, the larger of AUC and "
           "1 - AUC) about as well as the strongest descriptor of all? 'a' clearly worse (by more than 0.05), "
           "'b' about as well (within 0.05) but not the strongest, 'c' it will be the strongest "
           "itself. Reason from the descriptors' definitions: what would have to be true of the "
           "images for each option to happen? Set `q1_prediction`.",
    variable="q1_prediction",
    options=Q1_OPTIONS,
    # the verdict names each option's claim; its reasoning is in the chapter and in "Why"
    claims={k: text.split(": ")[0] for k, text in Q1_OPTIONS.items()},
    outcome=paper_standing,
    context=("effects", "five_table"),
    explanation=_why_standing,
    hints=("Take an `edge_invdiff` similarity, either of the two: one number from |a - b| "
           "averaged over every pixel of one face's edge map and a class average. List what "
           "makes that number large for a real, sharp face, not only for a blurred fake.",
           "Blur lowers a face's edge density a little almost everywhere; a face whose eyes or "
           "hairline sit a few pixels away from the average's makes large differences in a "
           "few places. Which of the two moves mean |a - b| more? Which does `sharpness` see?"),
)


# --------------------------------------------------------------------------- q2: explain (choice)
Q2_OPTIONS = {
    "a": "both, with fakes lower on A and higher on B: A's interval lies wholly below 0.5, "
         "and B's AUC lies above it",
    "b": "A only, with fakes higher: turned round, A has AUC 0.70 and interval "
         "[0.58, 0.82], wholly above 0.5",
    "c": "A only, with fakes lower: its interval leaves 0.5 out, B's reaches it",
    "d": "B only, with fakes higher: an AUC below 0.5 shows no signal, and B's AUC lies "
         "above 0.5",
    "e": "neither: B's interval reaches 0.5, and A's AUC lies below 0.5, where a descriptor "
         "shows no signal"}

# the key needs the chapter's lesson: A, below 0.5, is the one the split has shown to
# separate, so a reader who takes "below 0.5 is no signal" picks (d) or (e), both wrong; a
# reader who reads the AUCs without the intervals picks (a); (b) turns A round but forgets
# that scoring by -A puts the fakes lower on A itself
q2 = choice(
    name="q2",
    prompt="On one validation split, descriptor A has AUC 0.30 with auc_95 [0.18, 0.42], "
           "descriptor B has AUC 0.58 with auc_95 [0.47, 0.69]. Which of them has this split "
           "shown to separate the classes, and in which direction? Set `q2_answer`.",
    variable="q2_answer",
    options=Q2_OPTIONS,
    answer="c",
    feedback={"a": "A's interval [0.18, 0.42] does leave 0.5 out, so A separates, fakes "
                   "lower. But B's AUC, 0.58, alone shows nothing: its interval [0.47, 0.69] "
                   "reaches 0.5, so this split cannot tell B from a descriptor that does not "
                   "separate.",
              "b": "Turned round, A's interval is [0.58, 0.82], wholly above 0.5: A "
                   "separates. But turning round means scoring by -A, so fakes score higher "
                   "on -A and *lower* on A itself. B's [0.47, 0.69] reaches 0.5.",
              "c": "A's interval [0.18, 0.42] leaves 0.5 out: fakes score lower on A, and "
                   "scoring by -A would separate as well as an AUC of 0.70. B's "
                   "[0.47, 0.69] reaches 0.5: this split cannot tell B from a descriptor "
                   "that does not separate (a larger split might).",
              "d": "An AUC below 0.5 is a signal pointing the other way, not the absence of "
                   "one: A's interval [0.18, 0.42] leaves 0.5 out, so A separates, fakes "
                   "lower. B's AUC lies above 0.5, but its interval [0.47, 0.69] reaches it: "
                   "the split has not shown that B separates.",
              "e": "You read B right: its interval [0.47, 0.69] reaches 0.5. But an AUC "
                   "below 0.5 is a signal pointing the other way, not the absence of one: "
                   "A's interval [0.18, 0.42] leaves 0.5 out, so A separates, fakes lower."},
    hints=("Read each interval on its own against 0.5, as the chapter's direction column "
           "does: an AUC's distance from 0.5 says how strong it looks, its interval whether "
           "the split has shown it at all, whichever side of 0.5 it lies.",
           "For an AUC below 0.5, scoring by -A gives AUC 1 - AUC, and the same for each end "
           "of its interval: A's turned round is [0.58, 0.82]. Does it leave 0.5 out? Does "
           "B's?"),
)


# --------------------------------------------------------------------------- q3: modify
Q3_PER_CLASS = 20  # images per class q3 asks for, against the chapter's five


def draws(table, seeds, per_class: int):
    """(strongest, weakest, frame): the AUCs of the whole split's strongest and weakest
    descriptor in ``table`` (an ``eda.describe_images`` table of the validation split), one
    row per seed, on ``per_class`` images per class drawn as the chapter draws them."""
    from dfkit.course import eda

    effects = eda.effect_sizes(table)
    best, weakest = str(effects.index[0]), str(effects.index[-1])
    rows = {seed: eda.sample_aucs(table, per_class, seed)[[best, weakest]] for seed in seeds}
    return best, weakest, pd.DataFrame(rows).T


def _spread(frame, column) -> float:
    return float(frame[column].max() - frame[column].min())


def _distances_from_half(frame, column):
    """Each draw's distance of ``column``'s AUC from 0.5."""
    return (frame[column].astype(float) - 0.5).abs()


def _ahead(frame, best, weakest) -> int:
    """Draws in which ``best`` lies further from AUC 0.5 than ``weakest``."""
    return int((_distances_from_half(frame, best) > _distances_from_half(frame, weakest)).sum())


def _not_a_prediction(spread_20, spread: float, rule: float, predicted: float) -> None:
    """Refuse, with its own message, a ``spread_20`` that is the square-root rule's value or
    the student's prediction rather than the run's spread (checked to 2 decimals)."""
    value = unwrap_scalar(spread_20)
    if (not isinstance(value, numbers.Real) or isinstance(value, bool)
            or within_decimals(float(value), spread, 2)):
        return
    if within_decimals(float(value), rule, 2):
        raise Incorrect(f"spread_20 is {float(value):.2f}: that is the square-root rule's "
                        "prediction from the five-image spread, not your run's spread. Read "
                        f"the spread off the table of {Q3_PER_CLASS} images per class that "
                        "q3's cell shows (largest minus smallest).")
    if abs(float(value) - predicted) <= 1e-9:
        raise Incorrect(f"spread_20 is {float(value):.2f}, your prediction, not your run's "
                        f"spread: read it off the table of {Q3_PER_CLASS} images per class "
                        "that q3's cell shows (largest minus smallest).")


Q3_MAX_SEEDS = 50  # each seed is a draw the checker repeats (about 0.2 s each)


def _prediction(predicted_spread_20) -> float:
    """The student's predicted spread, a number from 0 to 1; it is recorded, not graded."""
    value = unwrap_scalar(predicted_spread_20)
    if (not isinstance(value, numbers.Real) or isinstance(value, bool)
            or not 0 <= float(value) <= 1):
        raise Incorrect("`predicted_spread_20` should be your prediction of the spread, one "
                        "number from 0 to 1 (AUCs lie between 0 and 1, so their spread does "
                        "too), set before you run q3's draws.")
    return float(value)


def _check_more_images(predicted_spread_20, spread_20, table, seeds) -> str:
    predicted = _prediction(predicted_spread_20)
    if not isinstance(table, pd.DataFrame) or "y" not in table:
        raise Incorrect("`table` is not the chapter's table of the validation images: run the "
                        "chapter's cells from the top again.")
    try:
        # at most one seed past the limit is read: the draws run in the grader's process
        chosen = sorted({int(s) for s in itertools.islice(seeds, Q3_MAX_SEEDS + 1)})
    except (TypeError, ValueError):
        raise Incorrect("`seeds` should be a list of whole numbers, such as [42, 0, 1, 2, 3].") \
            from None
    if len(chosen) > Q3_MAX_SEEDS:
        raise Incorrect(f"`seeds` holds more than {Q3_MAX_SEEDS} seeds: a few dozen draws show "
                        "the spread; keep at most that many and run the cells again.")
    if len(chosen) < 5:
        raise Incorrect(f"`seeds` holds {len(chosen)} different seed(s): keep at least five, so "
                        "that the spread means something, and run the cells again.")
    best, weakest, twenty = draws(table, chosen, Q3_PER_CLASS)
    _, _, five = draws(table, chosen, 5)
    spread, spread_5 = _spread(twenty, best), _spread(five, best)
    if (isinstance(spread_20, numbers.Real) and not isinstance(spread_20, bool)
            and abs(float(spread_20) - spread_5) < 0.005 < abs(spread - spread_5)):
        raise Incorrect("That is the spread with five images per class, the table above q3: "
                        f"draw {Q3_PER_CLASS} images per class in q3's cell and read its table.")
    rule = spread_5 * (5 / Q3_PER_CLASS) ** 0.5  # one over the square root of the images
    _not_a_prediction(spread_20, spread, rule, predicted)
    close(spread_20, spread, decimals=2, what="spread_20")
    ahead, ahead_5 = _ahead(twenty, best, weakest), _ahead(five, best, weakest)
    per_class = table["y"].value_counts()
    smallest = int(per_class.min())
    of = ("per class" if per_class.nunique() == 1 else "in the smaller class")
    if smallest <= Q3_PER_CLASS:
        return (f"You predicted {predicted:.2f} (recorded, not graded). "
                f"Your split holds only {smallest} images of its smaller class, so every draw "
                f"of {Q3_PER_CLASS} per class takes all of them and the draws cannot differ: "
                "run the chapter in the default profile to see the spread shrink.")
    shared = (f"each draw takes {Q3_PER_CLASS} of only {smallest} images {of}, so the draws "
              "share many images")
    if spread >= spread_5:
        narrower = "no narrower, which happens by chance with few draws: try more seeds"
    else:
        # a range over a few draws is too rough to set beside the rule: the run cannot say
        # whether it is narrower than the rule, only what to expect on average
        narrower = (f"narrower. Whether narrower than the rule, {len(chosen)} draws cannot "
                    "tell: a largest-minus-smallest over few draws moves a lot from one set "
                    "of seeds to another (more seeds firm it up). On average it should come "
                    f"out a little narrower than the rule, since {shared} and agree more "
                    "than independent samples would")
    return (f"You predicted {predicted:.2f} (recorded, not graded). With {Q3_PER_CLASS} "
            f"images per class the AUC of `{best}` spread over {spread:.2f} across your "
            f"{len(chosen)} draws, against {spread_5:.2f} with five; the square-root rule, "
            f"which halves a spread for four times the images, gives {rule:.2f}: {narrower}. "
            f"It lay further from 0.5 than `{weakest}` in {ahead} of the "
            f"{len(chosen)} draws (with five: {ahead_5}). A paper's five-sample table is one "
            "of the five-image rows.")


q3 = Exercise(
    name="q3",
    prompt=f"First predict, in `predicted_spread_{Q3_PER_CLASS}`, the spread of the strongest "
           f"descriptor's AUC with {Q3_PER_CLASS} images per class (recorded, not graded). "
           f"Then draw {Q3_PER_CLASS} images per class instead of five, with the same seeds, "
           "and store the spread of the strongest descriptor's AUC over the draws (largest "
           f"minus smallest, 2 decimals) in `spread_{Q3_PER_CLASS}`.",
    names=(f"predicted_spread_{Q3_PER_CLASS}", f"spread_{Q3_PER_CLASS}"),
    context=("table", "seeds"),
    # the student may add seeds ("try more seeds"): the grader takes them from the submission,
    # and `table` (the validation descriptors) from its own run of the handout
    own_context=("seeds",),
    checker=_check_more_images,
    hints=("For the prediction: over independent samples an AUC's spread shrinks roughly "
           "as one over the square root of the number of images. The spread is the highest "
           "AUC of the strongest descriptor over your draws minus its lowest, read from the "
           "table of twenty images per class, not of five.",
           "`draw_aucs(20)` gives one row per seed and one column per descriptor: `.max()` "
           "and `.min()` of the strongest descriptor's column give it."),
    kind="modify",
)


# --------------------------------------------------------------------------- q4: implement
_A = np.array([1.0, 2.0, 0.0, 3.0])
_B = np.array([2.0, 1.0, 1.0, 3.0])


def _hidden_pairs() -> list[tuple[str, np.ndarray, np.ndarray]]:
    """(description, a, b): the pairs the checker tries, each testing one property."""
    rng = hidden_rng("ch01.q4")
    histograms = rng.random((2, 256))  # histogram-like: long, non-negative
    return [("two short vectors", _A, _B),
            ("a vector and 3 times itself", _A, 3 * _A),
            ("two perpendicular vectors", np.array([1.0, 0.0]), np.array([0.0, 1.0])),
            ("a vector and its opposite", _A, -_A),
            ("two 256-bin histograms", histograms[0], histograms[1]),
            ("two random vectors of length 7", rng.normal(size=7), rng.normal(size=7))]


# names that hand the cosine to a library (dfkit's batched version, scikit-learn's, SciPy's
# distance, PyTorch's), or that reach a module by a string an answer can build
# ("tensor" + "flow"), which the names above cannot see: the exercise asks for the formula.
# OpenCV is not among them: its length `cv2.norm` writes the formula honestly (report 01,
# finding 3); its functions that scale or correlate are refused by name below (compiled)
_LIBRARY_NAMES = {"cosine_similarity", "pairwise", "distance", "spatial", "sklearn", "scipy",
                  "torch", "keras", "tensorflow", "dfkit", "features", "l2_normalize",
                  "importlib", "import_module", "__import__", "modules"}
_LIBRARIES = {"dfkit", "sklearn", "scipy", "torch", "keras", "tensorflow"}




# the library functions that compute a cosine (or a cosine distance), refused during the
# check however the answer reaches them: (module, names); a decorated one's inner function
# (Keras's loss, its metric classes' function and the vector scaling both libraries offer
# too: a string lookup slips past the names, so they are refused at call time as well)
REFUSED = (("dfkit.features.handcrafted", ("cosine_similarity",)),
           ("scipy.spatial.distance", ("cosine", "correlation", "cdist", "pdist")),
           ("sklearn.metrics.pairwise", ("cosine_similarity", "cosine_distances",
                                         "paired_cosine_distances", "pairwise_distances",
                                         "pairwise_kernels", "paired_distances")),
           ("sklearn.preprocessing", ("normalize",)),
           ("keras.src.losses.losses", ("cosine_similarity",)),
           ("keras.src.metrics.regression_metrics", ("cosine_similarity",)),
           # keras.ops.normalize and the private function behind it
           ("keras.src.ops.nn", ("normalize", "_normalize")),
           ("keras.src.utils.numerical_utils", ("normalize",)),
           # tf.math.l2_normalize, tf.linalg.normalize, tf.compat.v1.losses.cosine_distance
           ("tensorflow.python.ops.nn_impl", ("l2_normalize", "normalize")),
           ("tensorflow.python.ops.losses.losses_impl", ("cosine_distance",)),
           # the functions behind cdist and pdist for every metric (cosine among them)
           ("scipy.spatial.distance", ("CDistMetricWrapper.__call__",
                                       "PDistMetricWrapper.__call__")),
           # correlations, the cosine of centred vectors: on mirrored vectors (mean 0) they
           # return the cosine itself (report 01, finding 3), as SciPy's pearsonr, refused
           # with SciPy, does: NumPy's, pandas' Series.corr and the standard library's
           ("numpy", ("corrcoef",)),
           ("pandas.core.nanops", ("_pearson_corr", "nancorr")),
           ("statistics", ("correlation",)))
# compiled library functions (no Python code to swap: OpenCV's scaling to length 1, its
# normalised cross-correlation (matchTemplate's TM_CCORR_NORMED is the cosine of two inputs
# of one size) and histogram correlation (compareHist's HISTCMP_CORREL, the cosine of
# vectors whose mean is 0), the C code under SciPy's cdist): each module's attribute, and
# any other module's that holds the same function, is replaced by a refusal while the check
# runs, and a call of one reached otherwise (kept in a dict before the check) is caught as
# it happens; (module, names)
REFUSED_COMPILED = (("cv2", ("normalize", "matchTemplate", "compareHist")),
                    # pandas' DataFrame.corr
                    ("pandas._libs.algos", ("nancorr",)),
                    ("scipy.spatial._distance_wrap", ("cdist_cosine_double_wrap",
                                                      "pdist_cosine_double_wrap")))
_HANDS_OVER = ("my_cosine hands the work to a library: one the check refuses outright "
               "because each offers a cosine or a scaling to length 1 (dfkit, scikit-learn, "
               "SciPy, PyTorch, Keras, TensorFlow), OpenCV's `normalize`, `matchTemplate` or "
               "`compareHist`, a correlation (NumPy's `corrcoef`, pandas' `corr`, "
               "`statistics.correlation`), a module reached by a name built at run time "
               "(`importlib`, `__import__`), or a copy of such a function's code (its source "
               "pasted under another name, or a function made from its `__code__`): the "
               "exercise asks for the formula. Write the dot product and the two lengths "
               "yourself, with NumPy's `@` and `np.linalg.norm`.")


@functools.cache
def _compiled() -> tuple:
    """REFUSED_COMPILED's functions, each found once (a library not installed: none)."""
    return tuple(installed_functions(REFUSED_COMPILED))


@contextlib.contextmanager
def _refusing_compiled():
    """While the block runs, every module attribute that holds one of REFUSED_COMPILED's
    functions holds a refusal instead (read from each module's own namespace, so that no
    lazy module is loaded), and a call of one reached otherwise (kept in a dict, a list or
    a ``functools.partial`` before the check) is recorded as a refused call (a profile
    hook sees each call of a compiled function); put back after."""
    import sys

    from dfkit.course.exercises import _refused_call

    compiled = _compiled()
    swapped = []
    before = sys.getprofile()
    try:
        sys.setprofile(_watch_compiled(compiled, before))
        for module in list(sys.modules.values()):
            space = getattr(module, "__dict__", None)
            if not isinstance(space, dict):
                continue
            for name, value in list(space.items()):
                if any(value is f for f in compiled):
                    space[name] = _refused_call  # the shared refusal
                    swapped.append((space, name, value))
        yield
    finally:
        sys.setprofile(before)
        for space, name, value in swapped:
            space[name] = value


def _watch_compiled(compiled: tuple, before):
    """A profile function that records a call of one of ``compiled`` in REFUSED_CALLS (which
    ``call_refusing`` reads after the answer returns), then runs ``before``'s, if any."""
    from dfkit.course import exercises

    ids = frozenset(id(f) for f in compiled)

    def watch(frame, event, arg):
        if event == "c_call" and id(arg) in ids:
            exercises.REFUSED_CALLS.append("called")
        if before is not None:
            before(frame, event, arg)

    return watch


def _holds_compiled(my_cosine) -> bool:
    """True when a global the answer names, a closure cell or a default is one of
    REFUSED_COMPILED's functions (``N = cv2.normalize`` kept before the check), or holds one
    (in a dict, a list, a namespace or a ``functools.partial``)."""
    return keeps_any(my_cosine, REFUSED_COMPILED)  # graded: read in the sandbox


@functools.cache
def _library_fingerprints() -> frozenset[str]:
    """The ``code_fingerprint`` of each refused library function, taken once, before any check
    swaps their code (a copy of one, pasted or rebuilt from its ``__code__``, has the same)."""
    return frozenset(code_fingerprint(f) for f in installed_functions(REFUSED)
                     if getattr(f, "__code__", None) is not None)


def _delegates(my_cosine) -> bool:
    """True when the answer hands the cosine to a library (see ``hands_work_to``) or reaches a
    copy of a refused library function's code (its fingerprint in ``names_used``)."""
    return (hands_work_to(my_cosine, _LIBRARY_NAMES, _LIBRARIES)
            or bool(names_used(my_cosine) & _library_fingerprints())
            or _holds_compiled(my_cosine))


def _check_cosine(my_cosine) -> None:
    if callable(my_cosine) and (library_object(my_cosine, _LIBRARIES) or _delegates(my_cosine)):
        raise Incorrect(_HANDS_OVER)
    refused = installed_functions(REFUSED)
    # the compiled ones swapped out once for every hidden case (each swap reads every module)
    with _refusing_compiled():
        for described, a, b in _hidden_pairs():
            _check_one_pair(my_cosine, refused, described, a, b)


def _check_one_pair(my_cosine, refused: list, described: str, a: np.ndarray,
                    b: np.ndarray) -> None:
    """One hidden pair: my_cosine's result against the cosine, a slip named when it is one."""
    expected = float(a @ b / (np.linalg.norm(a) * np.linalg.norm(b)))
    what = f"my_cosine on {described}"
    got = call_refusing(my_cosine, refused, _HANDS_OVER, a, b, what=what)
    if got is None:
        raise Incorrect(f"{what} returned None: a function without a `return` line gives "
                        "None. Did you forget `return` before the result?")
    if not isinstance(got, numbers.Real) and not (np.ndim(got) == 0 and np.isreal(got)):
        raise Incorrect(f"{what} should return one number, got {type(got).__name__}.")
    got = float(got)
    if np.isclose(got, expected, atol=1e-6):
        return
    if np.isclose(got, float(a @ b)):
        raise Incorrect(f"{what} returned the dot product ({got:.4g}): divide it by the "
                        "two vectors' lengths (norms), so that only their directions count.")
    if abs(got) > 1 + 1e-6:
        raise Incorrect(f"{what} returned {got:.4g}, outside [-1, 1], where no cosine lies: "
                        "the dot product must be divided by the lengths of both vectors.")
    if np.isclose(got, -expected):
        raise Incorrect(f"{what} returned {got:.4g}, the right size with the wrong sign: a "
                        "cosine keeps its sign (vectors pointing apart give a negative value), "
                        "so take no absolute value and mind the order of the operations.")
    if abs(got - expected) < 0.01:
        raise Incorrect(f"{what} returned {got:.6g}, within 0.01 of the cosine but not "
                        "within 1e-6, the checker's tolerance: do not round the result.")
    raise Incorrect(f"{what} returned {got:.4g}, which is not the cosine of the angle "
                    "between them. Check your formula against the definition in the first "
                    "hint, term by term.")


q4 = Exercise(
    name="q4",
    prompt="Write `my_cosine(a, b)`: the cosine similarity of two 1-D vectors (the paper's "
           "histogram measure), their dot product over the product of their norms; it runs "
           "from -1 to 1 (0 to 1 for non-negative vectors such as histograms).",
    names=("my_cosine",),
    checker=_check_cosine,
    hints=("The cosine of the angle between two vectors: their dot product, divided by the "
           "product of their lengths. It ignores how long the vectors are.",
           "NumPy: the `@` operator for the dot product, `np.linalg.norm` for a length."),
    kind="implement",
)


# --------------------------------------------------------------------------- q5: compute
def centre(edges: np.ndarray) -> np.ndarray:
    """The central square of a map: rows and columns from a quarter to three quarters of its
    side (``size // 4`` up to, not including, ``3 * size // 4``)."""
    h, w = edges.shape
    return edges[h // 4: 3 * h // 4, w // 4: 3 * w // 4]


@functools.lru_cache(maxsize=4)
def _first_edges(profile: str, source: str) -> np.ndarray:
    from dfkit import features
    from dfkit.course import chapter
    from dfkit.data import load_arrays

    data = chapter.prepare(profile, verbose=False)
    image, _ = load_arrays(data.train.iloc[:1], data.profile.image_size)
    return features.canny_edges(features.to_gray(image))[0]


def first_edges() -> np.ndarray:
    """The Canny edge map of the profile's first training image, as q5's cell builds
    ``sample_edges``, rebuilt here from the data (never read from the notebook, where a map
    set by hand, all False, would make any density right)."""
    return _first_edges(config.get_profile().name, config.data_source())


def _check_centre(centre_density, sample_edges) -> str:
    edges = first_edges()
    given = np.asarray(sample_edges) if isinstance(sample_edges, np.ndarray) else None
    if given is None or given.shape != edges.shape or not np.array_equal(given, edges):
        raise Incorrect("`sample_edges` is not the Canny edge map of the first training "
                        "image any more: the check measures that image, so run q5's cell as "
                        "handed out (its first line builds the map) and answer from it.")
    return judge_centre(centre_density, edges)


def judge_centre(centre_density, edges: np.ndarray) -> str:
    """q5's verdict on ``centre_density`` for the edge map ``edges`` (True on edges)."""
    edges = np.asarray(edges, bool)
    expected, whole = float(centre(edges).mean()), float(edges.mean())
    count = int(centre(edges).sum())
    value = unwrap_scalar(centre_density)
    real = isinstance(value, numbers.Real) and not isinstance(value, bool)
    if real and isinstance(value, (int, np.integer)) and int(value) == count and count > 1:
        raise Incorrect("That is the number of edge pixels in the square; edge density is their "
                        "*share* of the square's pixels.")
    if real and expected > 0 and abs(float(value) - 100 * expected) < 1e-6:
        raise Incorrect("Give the density as a fraction between 0 and 1, not a percentage.")
    if real and abs(float(value) - whole) < 1e-9 and abs(whole - expected) > 1e-4:
        raise Incorrect("That is the edge density of the whole crop: take the central square "
                        "first (slice the rows and the columns), then its share of edge pixels.")
    if real and abs(float(value) - expected) > 0.001:
        h, w = edges.shape
        raise Incorrect(f"{float(value):.4g} is not the edge density of the central square: "
                        f"rows and columns {h // 4} up to, not including, {3 * h // 4} of this "
                        f"{h}x{w} map, then the share of its pixels that are edges.")
    close(centre_density, expected, decimals=4, what="centre_density")
    return (f"The centre holds {expected:.4f} against {whole:.4f} for the whole crop"
            + _where_edges(expected, whole))


def _where_edges(centre_share: float, whole: float) -> str:
    """Where this one image's edges lie, from its central square's density against the
    whole crop's (a quarter of the crop's pixels lie in the square)."""
    if whole <= 0:
        return (": this image has no edge pixel at all, so it says nothing about where edges "
                "lie.")
    ratio = centre_share / whole
    if ratio >= 1.25:
        where = ("edges gather in the centre, where the eyes, nose and mouth lie, more than "
                 "in the hair, outline and background")
    elif ratio <= 0.8:
        where = ("its edges lie more outside the centre, in the hair, outline or background, "
                 "than where the eyes, nose and mouth lie")
    else:
        where = "its edges are spread about evenly between the centre and the rest"
    return (f", {ratio:.1f} times: in this one image {where}. One image is weak evidence, as "
            "five per class were; the class-average edge maps above show where edges lie "
            "over every training image.")


q5 = Exercise(
    name="q5",
    prompt="`sample_edges` is one image's Canny edge map (True on edges). Store the edge density "
           "of its central square (rows and columns from size // 4 up to, not including, "
           "3 * size // 4), a fraction to at least 4 decimals, in `centre_density`.",
    names=("centre_density",),
    context=("sample_edges",),
    checker=_check_centre,
    hints=("Edge density is the number of edge pixels divided by the number of all pixels, here "
           "of the central square only: cut the square out first.",
           "Slice both axes, `edges[a:b, a:b]`, with `a = size // 4` and `b = 3 * size // 4` "
           "(`size` from the map's `.shape`); in arithmetic NumPy treats True as 1 and False "
           "as 0, so the reduction that averages numbers gives the share of Trues."),
    kind="compute",
)
