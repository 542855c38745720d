"""Chapter 01 exercises: which descriptors separate the classes, reading AUCs, and the
paper's similarity measures by hand."""

from __future__ import annotations

import numbers

import numpy as np

from dfkit.course.exercises import Exercise, Incorrect, ____, call_answer, choice, close, hidden_rng, prediction

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
                f"`{paper_best}`{level}, {paper:.3f} from AUC 0.5: the classes differ in "
                "something the class averages keep. Look at what it compares before you trust "
                "it; on the embedded faces the generator builds blur into every fake, and a "
                "similarity usually mixes that cue with every other way two faces differ." + ten)
    measured = (f"In your run the strongest descriptor, `{best}`, lies {strongest:.3f} from AUC "
                f"0.5; the best of the paper's six, `{paper_best}`, lies {paper:.3f} from it. ")
    if happened == "b":
        return measured + (
            "Here a comparison with the class averages kept most of the cue: it can, where the "
            "averages still differ in what separates the classes (an edge map keeps some of the "
            "fine detail blur removes). Close ranks can swap on another seed." + ten)
    return measured + (
        "A similarity compares a whole histogram or map with a class *average*, and averaging "
        "many faces blurs both averages alike, so the blur the generator builds into every "
        "fake is mixed with every other way two faces differ (light, skin, pose). A sharpness "
        "measure reads one image's fine detail directly. On real data the standing has to be "
        "measured again." + ten)


q1 = prediction(
    name="q1",
    prompt="Before the whole-validation table runs: will the best of the paper's six "
           "similarity measures separate the classes (distance of its AUC from 0.5) about as "
           "well as the strongest descriptor of all? 'a' clearly worse (by more than 0.05), "
           "'b' about as well (within 0.05) but not the strongest, 'c' it will be the strongest "
           "itself. Reason from "
           "how a similarity to a class average is built. Set `q1_prediction`.",
    variable="q1_prediction",
    options={"a": "it falls clearly behind the strongest descriptor (by more than 0.05): a "
                  "similarity to an average mixes the cue with every other difference",
             "b": "it comes close to the strongest descriptor (within 0.05) without being "
                  "it: an edge map compared with the class averages sees the same blur as a "
                  "sharpness measure",
             "c": "it is the strongest descriptor of all: comparing an image with both class "
                  "averages uses what the training split knows about each class"},
    outcome=paper_standing,
    context=("effects", "five_table"),
    explanation=_why_standing,
    hints=("Each similarity compares a whole histogram or map of one image with an average of "
           "many training faces. Which differences between two faces end up in that one "
           "number, besides blur? A sharpness measure reads one image's fine detail alone.",
           "What does averaging many faces do to the fine detail of the real average and of "
           "the fake one, and so to how differently a sharp and a blurred image compare with "
           "them?"),
)


# --------------------------------------------------------------------------- q2: explain (choice)
q2 = choice(
    name="q2",
    prompt="Descriptor A has AUC 0.30 on a validation split, descriptor B has AUC 0.62. A "
           "detector uses one of them alone and calls an image fake on one side of a "
           "threshold. Which choice is right? Set `q2_answer`.",
    variable="q2_answer",
    options={"a": "B, the only one above 0.5: a detector needs fakes to score higher",
             "b": "A, calling low A fake: then 70% of (fake, real) pairs are ordered right, "
                  "against B's 62%",
             "c": "A, calling high A fake: it lies further from 0.5 than B (0.20 against "
                  "0.12), so it separates better",
             "d": "either: A and B lie about equally far from 0.5, so they separate equally "
                  "well"},
    answer="b",
    feedback={"a": "A detector may call an image fake when a score is *low*. Ranked that way, "
                   "A orders 1 - 0.30 = 0.70 of the (fake, real) pairs right, more than B's "
                   "0.62.",
              "c": "A does lie further from 0.5 (0.20 against 0.12), but its AUC is below 0.5: "
                   "fakes score *lower* on A, so calling high A fake orders only 30% of the "
                   "pairs right, worse than a coin.",
              "d": "Measure the distances: A lies 0.20 from 0.5, B 0.12. That is not equal."},
    hints=("An AUC is the share of (fake, real) pairs in which the fake scores higher. What share "
           "of pairs does A order right if you call the *lower* score fake?",
           "Calling the lower score fake is ranking by -A, and AUC(-x) = 1 - AUC(x). Compare that "
           "with B's 0.62."),
)


# --------------------------------------------------------------------------- q3: modify
def told_apart(five_aucs: dict, weak_aucs: dict) -> bool:
    """True when every AUC of the strong descriptor lies further from 0.5 than every weak one."""
    strong = min(abs(float(v) - 0.5) for v in five_aucs.values())
    weak = max(abs(float(v) - 0.5) for v in weak_aucs.values())
    return strong > weak


def _check_five_samples(five_auc_range, five_told_apart, five_aucs, weak_aucs) -> str:
    if not isinstance(five_aucs, dict) or len(five_aucs) < 5:
        count = len(five_aucs) if isinstance(five_aucs, dict) else 0
        raise Incorrect(f"`five_aucs` holds {count} seed(s): change `seeds` to a list of five "
                        "different seeds and run that cell again before you answer.")
    values = [float(v) for v in five_aucs.values()]
    spread = max(values) - min(values)
    if (isinstance(five_auc_range, numbers.Real) and not isinstance(five_auc_range, bool)
            and abs(float(five_auc_range) - spread) > 0.05):
        raise Incorrect(f"{float(five_auc_range):.4g} is not the spread of your run: take the "
                        "largest of the five AUCs printed for the strongest descriptor, minus "
                        "the smallest.")
    close(five_auc_range, max(values) - min(values), decimals=2, what="five_auc_range")
    if not isinstance(five_told_apart, (bool, np.bool_)):
        raise Incorrect("`five_told_apart` should be True or False (without quotes).")
    if bool(five_told_apart) != told_apart(five_aucs, weak_aucs):
        raise Incorrect("The spread is right, but `five_told_apart` is not what your run shows. "
                        "For each of the ten AUCs printed, take its distance from 0.5; then "
                        "compare the smallest distance of the strongest descriptor with the "
                        "largest distance of the weakest one.")
    if told_apart(five_aucs, weak_aucs):
        return ("In your run the strongest cue showed through five images per class every "
                "time; the weaker differences in the table would not.")
    return ("In your run, five images per class could rank the useless descriptor at least as "
            "far from 0.5 as the strongest one: one five-sample table could mislead.")


q3 = Exercise(
    name="q3",
    prompt="Run the five-sample AUCs with five different seeds. Store the spread of the "
           "strongest descriptor's AUCs (largest minus smallest, 2 decimals) in "
           "`five_auc_range`, and in `five_told_apart` whether every one of its AUCs lies "
           "further from 0.5 than every AUC of the weakest descriptor (True or False).",
    names=("five_auc_range", "five_told_apart"),
    context=("five_aucs", "weak_aucs"),
    checker=_check_five_samples,
    hints=("The spread is how far apart the highest and lowest AUC of your five runs are. Two "
           "descriptors are told apart when their five-sample AUCs never overlap in distance "
           "from 0.5.",
           "`five_aucs` and `weak_aucs` are dicts {seed: auc}: `max`, `min` and `abs` over their "
           "`.values()` give everything; Python compares numbers with `>` into True or False."),
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


def _check_cosine(my_cosine) -> None:
    for described, a, b in _hidden_pairs():
        expected = float(a @ b / (np.linalg.norm(a) * np.linalg.norm(b)))
        what = f"my_cosine on {described}"
        got = call_answer(my_cosine, a, b, what=what)
        if got is None:
            raise Incorrect(f"{what} returned None: a function without a `return` line gives "
                            "None. Did you forget `return` before the result?")
        if not isinstance(got, numbers.Real) and not (np.ndim(got) == 0 and np.isreal(got)):
            raise Incorrect(f"{what} should return one number, got {type(got).__name__}.")
        got = float(got)
        if np.isclose(got, expected, atol=1e-6):
            continue
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
def _check_density(sample_density, sample_edges) -> None:
    edges = np.asarray(sample_edges, bool)
    count = int(edges.sum())
    if isinstance(sample_density, (int, np.integer)) and int(sample_density) == count and count > 1:
        raise Incorrect("That is the number of edge pixels; edge density is their *share* of "
                        "all pixels.")
    if (isinstance(sample_density, numbers.Real) and edges.mean() > 0
            and abs(float(sample_density) - 100 * edges.mean()) < 1e-6):
        raise Incorrect("Give the density as a fraction between 0 and 1, not a percentage.")
    if (isinstance(sample_density, numbers.Real) and not isinstance(sample_density, bool)
            and abs(float(sample_density) - edges.mean()) > 0.001):
        raise Incorrect(f"{float(sample_density):.4g} is not this map's edge density: count its "
                        "edge pixels and divide by the number of all its pixels.")
    close(sample_density, float(edges.mean()), decimals=4, what="sample_density")


q5 = Exercise(
    name="q5",
    prompt="`sample_edges` is one image's Canny edge map (True on edges). Store its edge density "
           "(a fraction, at least 4 decimals) in `sample_density`.",
    names=("sample_density",),
    context=("sample_edges",),
    checker=_check_density,
    hints=("Edge density is the number of edge pixels divided by the number of all pixels.",
           "In arithmetic NumPy treats True as 1 and False as 0, so the reductions you use on "
           "numbers work on an edge map too: think about which one turns a map of 0s and 1s "
           "straight into the share of 1s, and which attributes of an array give its shape "
           "and number of elements."),
    kind="compute",
)
