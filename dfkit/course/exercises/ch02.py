"""Chapter 02 exercises: an LBP code by hand, what LBP ignores, Canny's thresholds, the stack's memory, uniform
codes, and the other reading of the histogram heatmap."""

from __future__ import annotations

import contextlib
import functools
import numbers

import cv2
import numpy as np

from dfkit.course.exercises import (
    Exercise,
    Incorrect,
    ____,
    call_answer,
    call_refusing,
    choice,
    close,
    hands_work_to,
    hidden_rng,
    installed_functions,
    library_object,
    prediction,
    reaches,
    tables_reached,
    unwrap_scalar,
    within_decimals,
    wrapped_chain,
)
from dfkit.course.readings.words import listing
from dfkit.features.handcrafted import (
    CANNY_HIGH,
    CANNY_LOW,
    canny_edges,
    color_histograms,
    edge_density,
    lbp,
    lbp_reference,
)

PAPER_BYTES = 8000 * 128 * 128 * 6 * 4

# ``____`` is re-exported so that a chapter imports its checkers and the blank in one line.
__all__ = ["____", "q1", "q2", "q3", "q4", "q5", "q6", "q7"]


# --------------------------------------------------------------------------- q1: compute by hand
# The patch the chapter shows (a test keeps the two the same). Each diagonal neighbour's
# interpolated value lies on the same side of the centre as its corner pixel, by 8 or more grey
# levels, so comparing the corner pixel gives the same bit: the chapter tells the student so.
PATCH = np.array([[90, 50, 30],
                  [70, 50, 60],
                  [20, 45, 80]], np.uint8)
# bit p's neighbour, as (row, column) of PATCH, and its name: counter-clockwise from the right
NEIGHBOURS = (((1, 2), "right"), ((0, 2), "up-right"), ((0, 1), "above"), ((0, 0), "up-left"),
              ((1, 0), "left"), ((2, 0), "down-left"), ((2, 1), "below"), ((2, 2), "down-right"))


def hand_lbp_code() -> int:
    """The centre's code as ``lbp_reference`` computes it (interpolated diagonals)."""
    return int(lbp_reference(PATCH)[1, 1])


def _corner_code(strict: bool = False, darker: bool = False) -> int:
    """The code read off the 8 pixels around the centre (corners for the diagonals): with
    ``>`` instead of ``>=`` (``strict``), or with 1 where the neighbour is darker."""
    centre = int(PATCH[1, 1])
    code = 0
    for bit, (place, _) in enumerate(NEIGHBOURS):
        value = int(PATCH[place])
        if darker:
            on = value < centre
        else:
            on = value > centre if strict else value >= centre
        code |= on << bit
    return code


def _bits(code: int) -> list[int]:
    return [(code >> p) & 1 for p in range(8)]


def _from_bits(bits) -> int:
    return sum(b << p for p, b in enumerate(bits))


_CONVENTION = ("bit 0 is the right neighbour and the bits go counter-clockwise (bit 1 "
               "up-right, bit 2 above, bit 3 up-left, bit 4 left, bit 5 down-left, bit 6 "
               "below, bit 7 down-right); a bit is 1 where the neighbour is at least as "
               "bright as the centre, and bit p is worth 2**p.")


def _check_hand_code(hand_code) -> str:
    value = unwrap_scalar(hand_code)
    if isinstance(value, str) and value.strip() and set(value.strip()) <= {"0", "1"}:
        raise Incorrect("Give the code as a number, not as a string of bits: `int('10000001', "
                        "2)` reads a bit string (bit 7 first) as the number 129.")
    whole = isinstance(value, numbers.Integral) or (
        isinstance(value, numbers.Real) and float(value).is_integer())
    if not whole or isinstance(value, bool) or not 0 <= value <= 255:
        raise Incorrect("An LBP code is a whole number from 0 to 255: 8 bits, bit p worth "
                        "2**p.")
    value = int(value)
    expected = hand_lbp_code()
    if value == expected:
        # not "right." (report 17b: "Correct: right." said it twice)
        return ("only the neighbour above ties with the centre, and a tie sets its "
                "bit; a neighbour that is darker by a single grey level would not.")
    bits = _bits(expected)
    if value == _from_bits(bits[::-1]):
        raise Incorrect("Your bits are right but in reverse order: bit 0 (the right "
                        "neighbour) is the lowest bit, worth 1, and bit 7 the highest, worth "
                        "128. Written as a binary number, bit 7 comes first.")
    if value == _corner_code(strict=True):
        raise Incorrect("Almost: you set a bit only where the neighbour is brighter than the "
                        "centre. LBP sets it where the neighbour is *at least* as bright, so "
                        "a neighbour equal to the centre sets its bit too.")
    if value == _corner_code(darker=True) or value == 255 - expected:
        raise Incorrect("Your bits are the other way round: a bit is 1 where the neighbour is "
                        "at least as bright as the centre, 0 where it is darker.")
    if value == _from_bits([bits[(8 - p) % 8] for p in range(8)]):
        raise Incorrect("You went round clockwise: with bit 0 on the right, the bits go "
                        "counter-clockwise, so bit 2 is the pixel above (row offset -1) and "
                        "bit 6 the one below.")
    # no wrong bit is ever named, and the count only near the answer: naming the lowest wrong
    # bit let a loop flip it until the code passed, in 6 blind tries (student report 17), and
    # an exact count is an oracle too (0, then each single bit: 9 tries). "1 or 2 wrong"
    # helps a student who worked the patch; "more than 2" tells a blind guess next to nothing
    wrong = sum(a != b for a, b in zip(_bits(value), bits))
    if wrong <= 2:
        count = "1 of your 8 bits is" if wrong == 1 else "2 of your 8 bits are"
        raise Incorrect(f"A near miss: {count} wrong. Go round the centre once more and "
                        "check each neighbour: " + _CONVENTION)
    raise Incorrect("More than 2 of your 8 bits are wrong. Go round the centre once more, "
                    "one neighbour at a time: " + _CONVENTION)


q1 = Exercise(
    name="q1",
    prompt="Work out, by hand, the LBP code of the centre pixel of `patch` (bit 0 right, bit 2 "
           "above, bit 4 left, bit 6 below; 1 where the neighbour is at least as bright as the "
           "centre) and store it in `hand_code`, a number from 0 to 255.",
    names=("hand_code",),
    checker=_check_hand_code,
    hints=("Go once around the centre, counter-clockwise from the right: right, up-right, "
           "above, up-left, left, down-left, below, down-right are bits 0 to 7. Write 1 where "
           "that neighbour is at least as bright as the centre, else 0; for a diagonal, the "
           "corner pixel decides in this patch.",
           "Bit p is worth 2**p: add the worth of the bits that are 1. Or write the 8 bits from "
           "bit 7 down to bit 0 and read them with `int('........', 2)`. A neighbour equal to "
           "the centre counts as 1."),
    kind="compute",
)


# --------------------------------------------------------------------------- q2: predict, then run
def changed_shares(gray: np.ndarray) -> dict[str, float]:
    """The share of the face's LBP codes each of q2's changes alters, computed here from
    ``gray`` (the chapter's experiment, redone: the check does not read its results)."""
    gray = np.asarray(gray, np.uint8)
    changed = np.stack([
        np.clip(gray.astype(int) + 40, 0, 255).astype(np.uint8),
        ((gray.astype(int) - 128) // 2 + 128).astype(np.uint8),
        cv2.GaussianBlur(gray, (0, 0), 1.0),
    ])
    codes = lbp(gray[None])[0]
    return {key: float((new != codes).mean())
            for key, new in zip("abc", lbp(changed))}


def most_changed(gray: np.ndarray) -> str:
    """The key of the change that alters the largest share of the face's LBP codes."""
    shares = changed_shares(gray)
    return max(shares, key=shares.get)


def _why_q1(happened: str, gray: np.ndarray) -> str:
    """Why the changes rank as they do, with the shares this face's run gave."""
    shares = changed_shares(gray)
    return ("LBP keeps only whether each neighbour is at least as bright as its centre. "
            "Adding a constant keeps every such comparison (except where pixels clip at "
            "255, and at the border, where padding zeros do not brighten). Halving the "
            "contrast keeps the order too (except, again, at the border, where the padding "
            "stays 0 while the pixels move towards mid-grey), but neighbours one grey level "
            "apart can become "
            "equal (130 and 131 both go to 129; 129 and 130 stay apart), which flips some "
            "bits. Blur replaces each pixel by an average of its surroundings and reorders "
            "fine texture: LBP is a texture measure, and blur is what it sees. On this face "
            f"blur changed {shares['c']:.1%} of the codes, halving the contrast "
            f"{shares['b']:.1%} and brightening {shares['a']:.1%}.")


q2 = prediction(
    name="q2",
    prompt="Which change alters the most LBP codes: 'a' brightening, 'b' halving the contrast, "
           "'c' a slight blur? Set `q2_prediction` before you run the experiment.",
    variable="q2_prediction",
    options={"a": "brightening (add 40, clipped at 255)",
             "b": "halving the contrast around mid-grey, kept in whole grey levels",
             "c": "a slight Gaussian blur"},
    outcome=most_changed,
    context=("gray",),
    explanation=_why_q1,
    hints=("Ask of each change: does it keep, for every pair of neighbouring pixels, which one "
           "is brighter?",
           "Now look closer at the cases where the answer is 'almost': a change that keeps the "
           "order can still make two pixels *equal* (clipping at 255, or whole-number grey "
           "levels squeezed together), and a tie counts as 'at least as bright'. Which change "
           "creates many ties, and which one moves every pixel towards its neighbours' "
           "average?"),
)


# --------------------------------------------------------------------------- q3: modify
HALVED = (CANNY_LOW // 2, CANNY_HIGH // 2)


def smallest_starting_step(low: int, high: int) -> int:
    """The smallest clean vertical step (in grey levels) in which OpenCV's Canny, at these
    thresholds, starts an edge: found by running Canny on steps of 1, 2, 3... levels."""
    for step in range(1, 256):
        image = np.zeros((16, 16), np.uint8)
        image[:, 8:] = step
        if cv2.Canny(image, low, high).any():
            return step
    raise ValueError(f"no step starts an edge at thresholds ({low}, {high})")


def _density(gray: np.ndarray, low: int, high: int) -> float:
    """The face's edge density as the chapter computes it (the same dfkit functions)."""
    return float(edge_density(canny_edges(np.asarray(gray)[None], low, high))[0])


def _check_step(smallest_step) -> int:
    expected = smallest_starting_step(*HALVED)
    value = unwrap_scalar(smallest_step)
    whole = isinstance(value, numbers.Integral) or (
        isinstance(value, numbers.Real) and float(value).is_integer())
    if not whole or isinstance(value, bool):
        raise Incorrect("`smallest_step` should be a whole number of grey levels, such as "
                        "12 (or 12.0).")
    value = int(value)
    if value == expected:
        return expected
    if value == smallest_starting_step(CANNY_LOW, CANNY_HIGH):
        raise Incorrect(f"{value} is the smallest step at the default thresholds "
                        f"({CANNY_LOW}, {CANNY_HIGH}); the question halves them.")
    if value == expected - 1 and 4 * value == HALVED[1]:
        raise Incorrect(f"A step of {value} gives a Sobel response of exactly the halved high "
                        "threshold. Is 'exactly' enough? Reread how OpenCV compares the "
                        "response with the threshold.")
    # no formula here (report_02 of 2026-12-07: "4 × s passes 100" turned any wrong guess
    # into the answer within two more tries); the "exactly" message above stays for 25
    raise Incorrect(f"{value} is not it. Reread the paragraph above on how OpenCV "
                    "measures the change at a clean vertical edge, and on its test for a "
                    "start; then apply them with the halved thresholds.")


def _check_ratio(smallest_step, density_ratio, gray) -> str:
    step = _check_step(smallest_step)
    before = _density(gray, CANNY_LOW, CANNY_HIGH)
    if before == 0:
        raise Incorrect("This face has no edges at the default thresholds, so the ratio is "
                        "undefined; try another image (`face = images[1]`, then rerun).")
    expected = _density(gray, *HALVED) / before
    value = unwrap_scalar(density_ratio)
    if isinstance(value, numbers.Real) and not isinstance(value, bool):
        if abs(value - 1 / expected) < 0.05 and abs(expected - 1) > 0.1:
            raise Incorrect("That is the ratio upside down: new density divided by the old one.")
        if abs(value - 1) < 0.1 and abs(expected - 1) > 0.1:
            raise Incorrect("A ratio near 1 is what the default thresholds give: halve `low` "
                            "and `high` in the experiment cell and run that cell again.")
        if abs(value - expected) > 0.3:
            raise Incorrect(f"{value:.4g} is not the ratio the halved thresholds give on this "
                            "face: run the experiment cell with them, then divide the new "
                            "density by the old one.")
    close(density_ratio, expected, decimals=1, what="density_ratio")
    default_step = smallest_starting_step(CANNY_LOW, CANNY_HIGH)
    return (f"at the defaults a clean step must reach {default_step} grey levels to start an "
            f"edge; halved, {step} do. So edges now also start at the softer steps of {step} "
            f"to {default_step - 1} levels, and the halved low threshold lets every edge run "
            "on through weaker gradients. On this face the two together multiplied the edge "
            f"density by {expected:.1f}: the step says which edges can start, not how many "
            "pixels they add, which depends on how many soft steps the face holds.")


q3 = Exercise(
    name="q3",
    prompt="With both Canny thresholds halved, what is the smallest clean step (whole grey "
           "levels) that starts an edge? Store it in `smallest_step`. Then run the experiment "
           "with the halved thresholds and store the new edge density over the old one, "
           "`modified_density / face_density` (1 decimal), in `density_ratio`.",
    names=("smallest_step", "density_ratio"),
    context=("gray",),
    checker=_check_ratio,
    hints=("An edge starts where the gradient magnitude passes the high threshold. The text "
           "above gives the magnitude of a clean step of s grey levels; 'how many times it "
           "grew' is the new density over the old one.",
           "Solve 4 × s > high for the smallest whole s (the test is strict). The experiment "
           "cell reads `low` and `high` on its first line: assign the halved values there "
           "(`//` keeps them whole numbers, as Canny wants) and rerun that same cell; "
           "`face_density` keeps the default thresholds' value from above."),
    kind="modify",
)


# --------------------------------------------------------------------------- q4: compute
def _check_gib(stack_gib) -> str:
    expected = PAPER_BYTES / 2 ** 30
    if isinstance(stack_gib, numbers.Real) and not isinstance(stack_gib, bool):
        value = float(stack_gib)
        # a slip is named only for its own value to 2 decimals (0.73, 1.46, 3.15), which
        # only its computation gives; any other wrong value, near or far, gets one message:
        # "Close, but that is in GB" for 3.1 told a guesser the answer lay just below, and
        # a message kept for values within 0.3 told them they were near (report_02 of
        # 2026-12-07: 3, 3.1, then 2.9 passed with nothing computed)
        if abs(value - expected / 4) < 0.005:
            raise Incorrect("You counted values, not bytes: a float32 takes 4 bytes.")
        if abs(value - expected / 2) < 0.005:
            raise Incorrect("That is the RGB part only: the stack has 6 channels.")
        if abs(value - PAPER_BYTES / 1e9) < 0.005:
            raise Incorrect("That is in GB (10**9 bytes); a GiB is 2**30 bytes.")
        if abs(value - PAPER_BYTES / 2 ** 20) < 1:
            raise Incorrect("That is in MiB (2**20 bytes); a GiB is 2**30 bytes.")
        if not within_decimals(value, expected, 1):
            raise Incorrect(f"{value:.4g} GiB is not it: count the numbers (images × pixels "
                            "per image × channels), then the bytes (a float32 takes 4), then "
                            "divide by 2**30 (a GiB, not 10**9).")
    close(stack_gib, expected, decimals=1, what="stack_gib", name_rounding=False)
    numbers_held = PAPER_BYTES // 4
    return (f"8000 × 128 × 128 × 6 = {numbers_held:,} float32 numbers of 4 bytes, "
            f"{PAPER_BYTES:,} bytes: divided by 2**30, {expected:.2f} GiB (the same bytes "
            f"read {PAPER_BYTES / 1e9:.2f} in GB of 10**9). That is one copy, before any "
            "copy a framework makes while preprocessing or batching.")


q4 = Exercise(
    name="q4",
    prompt="How many GiB would the 6-channel float32 stack of the paper's 8,000 images at 128×128 "
           "take in memory? Store it in `stack_gib`, to 1 decimal.",
    names=("stack_gib",),
    checker=_check_gib,
    hints=("Count the numbers first (images, pixels per image, channels per pixel), then the "
           "bytes each number takes.",
           "A float32 takes 4 bytes; 1 GiB is 2**30 bytes."),
    kind="compute",
)


# --------------------------------------------------------------------------- q5: implement
def _changes(code: int) -> int:
    """How often neighbouring bits of ``code`` differ, around the circle (bit 7 to bit 0 too)."""
    bits = [(int(code) >> p) & 1 for p in range(8)]
    return sum(bits[p] != bits[(p + 1) % 8] for p in range(8))


def _reference_is_uniform(code: int) -> bool:
    """At most two 0/1 changes around the circle of 8 bits."""
    return _changes(code) <= 2


def _which_way(wrong: list[int], answers: dict[int, bool]) -> str:
    """The kinds of codes the function gets wrong, by how often their bits change, and which
    way: never a code itself, nor how many (a named code could be toggled, one check at a
    time, into a passing answer without counting a single change)."""
    said = []
    for verdict, wrong_way in ((True, "calls uniform"), (False, "calls non-uniform")):
        changes = sorted({_changes(c) for c in wrong if answers[c] == verdict})
        if changes:
            counts = listing([str(n) for n in changes], "or")
            said.append(f"it {wrong_way} some codes with {counts} changes "
                        "around the circle")
    return "; ".join(said)


def _diagnose(wrong: list[int], answers: dict[int, bool]) -> str:
    """What the wrong answers have in common, said without giving the code away."""
    if all(answers[c] == (bin(c).count("1") <= 2) for c in range(256)):
        return ("Your function counts the 1 bits. Uniformity counts changes between "
                "neighbouring bits: a long run of ones is uniform, however many ones it holds.")
    if all(_changes(c) == 2 for c in wrong):
        return "Every code it gets wrong has exactly two changes: 'at most twice' includes two."
    if all(_changes(c) == 0 for c in wrong):
        return ("It is wrong only for codes whose bits are all equal: no change at all is "
                "'at most twice' as well.")
    return ("Take a code from the prompt, such as `01010000`, count its changes by hand, "
            "bit by bit around the circle (bit 7 next to bit 0), and compare with what your "
            "function computes for it, step by step.")


# names that hand the verdict to scikit-image's LBP (its "uniform" and "nri_uniform" methods
# label the non-uniform codes apart: build a patch whose centre has the code, read the label)
_LIBRARY_NAMES = {"skimage", "local_binary_pattern", "_local_binary_pattern", "texture",
                  "_texture"}
_LIBRARIES = {"skimage"}
# the library function that computes LBP labels, refused while the answer runs, however it
# reaches it: (module, names)
REFUSED = (("skimage.feature.texture", ("local_binary_pattern",)),)
# the compiled (Cython) function behind it, which a name built at run time reached with no
# Python code to swap (report_02 of 2026-12-07): every module attribute that holds it holds
# a refusal while the check runs, as chapter 01 does for OpenCV's normalize; (module, names)
REFUSED_COMPILED = (("skimage.feature._texture", ("_local_binary_pattern",)),)
_HANDS_OVER = ("is_uniform hands the work to scikit-image's `local_binary_pattern` or the "
               "compiled `_local_binary_pattern` behind it, however reached (its "
               "`\"uniform\"` and `\"nri_uniform\"` methods label the non-uniform codes "
               "apart): the exercise asks you to count the changes between neighbouring "
               "bits yourself, with Python's bit operators or a string of the 8 bits. "
               "Starting another program (a subprocess, `os.system`, a pool), which could "
               "run scikit-image there, is refused too.")


@functools.cache
def _compiled() -> tuple:
    """REFUSED_COMPILED's functions, each found once (a library not installed: none)."""
    return tuple(installed_functions(REFUSED_COMPILED))


@contextlib.contextmanager
def _refusing_compiled():
    """While the block runs, every module attribute that holds one of REFUSED_COMPILED's
    functions holds a refusal instead (read from each module's own namespace, so that no
    lazy module is loaded); put back after. A copy kept elsewhere before the check (a dict,
    an object) is found before the answer runs (:func:`_holds_compiled`): a Cython function's
    calls raise no profile event, so chapter 01's hook would not see them."""
    import sys

    from dfkit.course.exercises import _refused_call

    compiled = _compiled()
    swapped = []
    try:
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
        for space, name, value in swapped:
            space[name] = value


def _holds_compiled(is_uniform) -> bool:
    """True when a global the answer names, a closure cell or a default is the compiled
    function (``f = _texture._local_binary_pattern`` kept before the check), or holds it,
    a few steps in (a dict, a list, a ``functools.partial``, an object of the notebook's own
    class: :func:`reaches`, as chapter 01 looks inside them; review 20)."""
    compiled = _compiled()
    return reaches(is_uniform, lambda value: any(value is f for f in compiled))


_LOOKS_UP = ("is_uniform looks its answers up in a table of the 256 codes, or in a list "
             "of the uniform codes (or of the others), prepared outside it or typed in: a "
             "global, an attribute set on a module, a default or a constant, held in a "
             "list, tuple, set, dict, numpy array, pandas Series, DataFrame or Index, "
             "`array.array`, `memoryview`, a bit mask, or written out in a string. The "
             "check cannot see how that table was made, by counting or by scikit-image's "
             "`local_binary_pattern`. Count the changes between neighbouring bits inside "
             "the function, from `code` itself.")


def reads_a_uniform_table(is_uniform) -> bool:
    """True when the function can read a prepared table that tells uniform codes from the
    others: some table it reaches (:func:`tables_reached`) gives no uniform code an entry that
    a non-uniform code has, and is not merely a different entry for each code; a list whose
    members are exactly the uniform codes (or the others) counts, as a table of membership.
    A route no call-time refusal sees: the table built with scikit-image in a cell above
    (report 17b), the 58 uniform codes listed and tested with ``in`` (report 17d), or
    written out in a string and parsed when the function runs (review 19), kept in pandas,
    an ``array.array``, a ``memoryview`` or on a module (report2_02, finding 1). A table
    disguised further (compressed, encoded, in a file) is not caught."""
    uniform = [_reference_is_uniform(c) for c in range(256)]
    for labels in tables_reached(is_uniform, 256):
        if len(set(labels)) == 256:
            continue
        yes = {label for label, u in zip(labels, uniform) if u}
        no = {label for label, u in zip(labels, uniform) if not u}
        if not yes & no:
            return True
    return False


def _clear_caches(is_uniform) -> None:
    """Empty the cache of a ``functools.cache`` or ``lru_cache`` around the answer (or
    inside it), so that every code is worked out while the refusals hold: a cache filled
    before the check would answer without calling the library (report_02 of 2026-12-07,
    finding 1)."""
    kind = type(functools.lru_cache(None)(len))
    for fn in wrapped_chain(is_uniform):
        if isinstance(fn, kind):
            fn.cache_clear()


def _check_uniform(is_uniform) -> str:
    if callable(is_uniform) and (library_object(is_uniform, _LIBRARIES)
                                 or hands_work_to(is_uniform, _LIBRARY_NAMES, _LIBRARIES)
                                 or _holds_compiled(is_uniform)):
        raise Incorrect(_HANDS_OVER)
    if callable(is_uniform) and reads_a_uniform_table(is_uniform):
        raise Incorrect(_LOOKS_UP)
    _clear_caches(is_uniform)
    answers = {}
    refused = installed_functions(REFUSED)
    with _refusing_compiled():  # once for all 256 codes (each swap reads every module)
        for code in range(256):
            # programs refused: a subprocess running scikit-image (report2_02)
            got = call_refusing(is_uniform, refused, _HANDS_OVER, code,
                                what=f"is_uniform({code})", programs=True)
            if not isinstance(got, (bool, np.bool_)):
                raise Incorrect(f"is_uniform({code}) should return True or False, got "
                                f"{got!r}.")
            answers[code] = bool(got)
    wrong = [c for c in range(256) if answers[c] != _reference_is_uniform(c)]
    if wrong:
        raise Incorrect("is_uniform is wrong for some codes: " + _which_way(wrong, answers)
                        + ". A code is uniform exactly when its bits change at most twice. "
                        + _diagnose(wrong, answers))
    return ("all 256 codes right. Did your function compare bit 7 with bit 0? This check "
            "cannot tell, and here is why: walking around a circle you end on the bit you "
            "started from, so the changes come in pairs (0, 2, 4, 6 or 8 of them). The 7 "
            "inner pairs miss at most one change, so 1 inner change means 2 around the "
            "circle and 3 mean 4: at a limit of 2, the verdict is the same either way. A "
            "count of changes needs the wrap-around pair: `00000001` has 1 inner change, "
            "2 around the circle.")


q5 = Exercise(
    name="q5",
    prompt="Write `is_uniform(code)`: True when the 8 bits of `code`, read around the circle, "
           "change between 0 and 1 at most twice.",
    names=("is_uniform",),
    checker=_check_uniform,
    hints=("Walk around the 8 bits and count how often a bit differs from the next one; the "
           "last bit's 'next' is the first.",
           "Python's bit operators give the bits of an int: `>>` shifts them right and `&` "
           "masks them (or `format(code, '08b')` writes them as a string). The remainder "
           "operator `%` wraps an index past 7 back to 0."),
    kind="implement",
)


# --------------------------------------------------------------------------- q6: implement
def _reference_histogram_image(img: np.ndarray) -> np.ndarray:
    hist = color_histograms(img[None])[0].astype(np.float32)
    out = cv2.resize(hist, (img.shape[1], img.shape[0]), interpolation=cv2.INTER_NEAREST)
    return out / out.max()


def _hidden_images() -> list[np.ndarray]:
    rng = hidden_rng("ch02.q6")
    noise = rng.integers(0, 256, (40, 56, 3), dtype=np.uint8)
    dark = rng.integers(0, 60, (64, 64, 3), dtype=np.uint8)
    return [noise, dark]


def _round(num: np.ndarray, den: int) -> tuple[np.ndarray, np.ndarray]:
    """num / den rounded, half up and half down (the two differ only at an exact half)."""
    up = (2 * num + den) // (2 * den)
    return up, np.where((2 * num + den) % (2 * den) == 0, up - 1, up)


def _conventions(n_in: int, n_out: int) -> list[tuple[np.ndarray, np.ndarray]]:
    """For each way a nearest-neighbour resize places its pixels, the input index each of
    ``n_out`` output positions copies, as (one, other): both agree except at an exact tie,
    which a library may break either way (computed exactly, in integers).

    - pixel centres aligned, (i + 0.5) · n_in / n_out - 0.5 rounded: PIL, OpenCV's
      INTER_NEAREST_EXACT, TensorFlow, skimage's order=0 (without anti-aliasing);
    - the left edges aligned, i · n_in / n_out rounded down: OpenCV's INTER_NEAREST,
      ``np.arange(n_out) * n_in // n_out``;
    - the corners aligned, i · (n_in - 1) / (n_out - 1) rounded: ``np.linspace`` indexing.
    """
    i = np.arange(n_out)
    centre = _round((2 * i + 1) * n_in - n_out, 2 * n_out)
    left = (i * n_in // n_out,) * 2
    ways = [centre, left]
    if n_out > 1:
        ways.append(_round(i * (n_in - 1), n_out - 1))
    return [(np.clip(a, 0, n_in - 1), np.clip(b, 0, n_in - 1)) for a, b in ways]


def _nearest_neighbour_like(got: np.ndarray, hist: np.ndarray) -> bool:
    """True when ``got`` is the histogram resized by nearest neighbour in one of the ways
    libraries place pixels (:func:`_conventions`, one for the rows and one for the columns),
    each output pixel copying the entry its row and column fall on, all divided by the
    largest entry copied."""
    h, w = got.shape
    for rows in _conventions(hist.shape[0], h):
        for cols in _conventions(hist.shape[1], w):
            # (2, 2, H, W): the entries each pixel may copy, by how each tie is broken
            copies = np.stack([np.stack([hist[r][:, c] for c in cols]) for r in rows])
            # the largest entry copied lands where ``got`` is 1: one of its tie variants
            at_top = copies[(..., *np.unravel_index(np.argmax(got), got.shape))]
            for top in np.unique(at_top[at_top > 0]):
                if np.all(np.abs(copies / top - got).min(axis=(0, 1)) <= 1e-5):
                    return True
    return False


def _histogram_values(got: np.ndarray, hist: np.ndarray) -> bool:
    """True when every value of ``got`` is one of the histogram's entries, unscaled (a result
    that was never scaled, not one scaled before resizing)."""
    values = np.unique(hist)
    flat = got.ravel()
    pos = np.clip(np.searchsorted(values, flat), 1, max(len(values) - 1, 1))
    near = np.minimum(np.abs(flat - values[pos - 1]), np.abs(flat - values[np.minimum(
        pos, len(values) - 1)]))
    return bool(np.all(near <= 1e-6 * max(float(values.max()), 1e-12)))


def _smoothed_nearest(img: np.ndarray) -> np.ndarray:
    """skimage's ``resize(hist, (H, W), order=0)`` with its default anti-aliasing: on a
    float histogram that it shrinks it smooths first, so its values mix nearby bins."""
    from skimage.transform import resize

    out = resize(color_histograms(img[None])[0], img.shape[:2], order=0)
    return out / out.max()


def _scipy_zoom(img: np.ndarray) -> np.ndarray:
    """scipy's ``ndimage.zoom(hist, (H / 3, W / 256), order=0)`` with its default
    ``mode="constant"``: it places pixels corner to corner, and for some widths a rounding
    error puts the last column a hair past bin 255, where it reads the constant 0."""
    from scipy import ndimage

    hist = color_histograms(img[None])[0]
    out = ndimage.zoom(hist, (img.shape[0] / 3, img.shape[1] / 256), order=0)
    return out / out.max()


# the placements of :func:`_conventions`, as a student indexes by hand (a test runs each one):
# for W columns from 256 bins, and the same for the rows (3 rows to H)
BY_HAND_INDICES = ("np.arange(W) * 256 // W",
                   "(2 * np.arange(W) + 1) * 256 // (2 * W)",
                   "np.round(np.linspace(0, 255, W)).astype(int)")
_BY_HAND = ("Indices computed by hand pass in the three placements libraries use: "
            f"`{BY_HAND_INDICES[0]}` (the left edges aligned, rounded down: OpenCV's "
            f"`INTER_NEAREST`), `{BY_HAND_INDICES[1]}` (the pixel centres aligned) or "
            f"`{BY_HAND_INDICES[2]}` (the first and last aligned), and the same for the "
            "3 rows; `np.round(np.arange(W) * 256 / W)` is none of them.")


def _check_histogram_image(histogram_image) -> str:
    for img in _hidden_images():
        try:
            got = np.asarray(call_answer(histogram_image, img, what="histogram_image(img)"))
        except ValueError:  # ragged lists
            raise Incorrect("The result should be a rectangular array of numbers.") from None
        if got.shape != img.shape[:2]:
            raise Incorrect(f"For an image of shape {img.shape}, the result should have the "
                            f"image's height and width {img.shape[:2]}, got {got.shape}. "
                            "OpenCV gives sizes as (width, height).")
        if not np.issubdtype(got.dtype, np.number) or not np.all(np.isfinite(got)):
            raise Incorrect("The result should be an array of finite numbers.")
        got = got.astype(np.float64)
        hist = color_histograms(img[None])[0].astype(np.float64)
        if not np.isclose(got.max(), 1.0):
            if 0 < got.max() < 1 and _histogram_values(got, hist):
                raise Incorrect(f"Its values are the histogram's own (each channel sums to 1), "
                                f"so the largest is {got.max():.3g}, not 1: scale the resized "
                                "result so that its largest value is 1.")
            if 0 < got.max() < 1 and _nearest_neighbour_like(got / got.max(), hist):
                raise Incorrect(f"Its values come from the histogram, but the largest is "
                                f"{got.max():.3g}, not 1. Did you scale before resizing? "
                                "The resize drops the bins between the columns it copies, "
                                "here the bin that held the histogram's peak, so the "
                                "largest value left is below 1: resize first, then scale.")
            raise Incorrect(f"Scale the result so that its largest value is 1 "
                            f"(it is {got.max():.3g}).")
        if _nearest_neighbour_like(got, hist):
            continue
        if np.allclose(got, _smoothed_nearest(img), atol=1e-5):
            raise Incorrect("This is skimage's `resize(..., order=0)` with its default "
                            "`anti_aliasing=True`: when it shrinks, it first smooths the "
                            "histogram, so each column mixes neighbouring bins instead of "
                            "copying one. Pass `anti_aliasing=False` for a nearest-neighbour "
                            "copy.")
        if got.shape == _scipy_zoom(img).shape and np.allclose(
                got, _scipy_zoom(img), atol=1e-5):
            raise Incorrect("This is scipy's `ndimage.zoom(..., order=0)` with its default "
                            "`mode=\"constant\"`: it lines up the first and last pixels "
                            "with the first and last bins, and for this width a rounding "
                            "error puts the last column a hair past bin 255, where it reads "
                            "the constant 0 instead of a bin. Pass `mode=\"nearest\"`.")
        raise Incorrect("Right shape and scale, but the values do not come from the histogram "
                        "at their places: the 3 histogram rows should fill the image top to "
                        "bottom (R, G, B) and the 256 bins left to right, each output pixel "
                        "copying the entry it falls on (nearest neighbour: OpenCV's "
                        "`cv2.INTER_NEAREST`, skimage's `order=0, anti_aliasing=False`, "
                        "PIL's `NEAREST`, TensorFlow's `method=\"nearest\"` or scipy's "
                        "`zoom(..., order=0, mode=\"nearest\")` all do). "
                        + _BY_HAND)
    return ("right, on images of other sizes too. Your result has the face's height and "
            "width, yet its columns are not the face's columns: they are the 256 "
            "intensities (bins), thinned or repeated to the image's width, and its three "
            "bands are R, G and B. Column j holds the share of pixels (scaled so the "
            "largest is 1) at about intensity j × 256 / W.")


q6 = Exercise(
    name="q6",
    prompt="Write `histogram_image(img)`: the image's (3, 256) colour histogram resized to the "
           "image's height and width by nearest neighbour, its rows R, G, B from top to "
           "bottom and its bins from left to right, scaled so its maximum is 1. For an image "
           "of shape (H, W, 3) it returns a float array of shape (H, W).",
    names=("histogram_image",),
    checker=_check_histogram_image,
    hints=("Three rows of 256 numbers become an image of the face's size by resizing: each "
           "row covers a band of rows, and the bins spread over the columns (in an image "
           "narrower than 256 pixels, each column keeps one bin and the bins between drop out).",
           "Nearest-neighbour resizing invents no new values: every output pixel copies the "
           "histogram entry it falls on. OpenCV's `cv2.resize` with "
           "`interpolation=cv2.INTER_NEAREST` does it; read its documentation for the order in "
           "which it takes the size. Other libraries pass too, each with a pitfall: PIL's "
           "`NEAREST` (on a float image, mode \"F\"); skimage's "
           "`resize(..., order=0, anti_aliasing=False)` (by default it smooths before it "
           "shrinks); TensorFlow's `tf.image.resize(..., method=\"nearest\")` (it wants a "
           "channel axis); scipy's `ndimage.zoom(..., order=0, mode=\"nearest\")` (its "
           "default `mode` can blank the last column)."),
    kind="implement",
)


# --------------------------------------------------------------------------- q7: explain (choice)
q7 = choice(
    name="q7",
    prompt="Shuffle a face's pixels at random. What happens to `histogram_image` and to the "
           "back-projection heatmap? Set `q7_answer`.",
    variable="q7_answer",
    # the same form for each (no option alone without a reason, report 17d); the key is
    # not the longest
    options={"a": "histogram_image and the heatmap both stay exactly the same, place by place",
             "b": "histogram_image stays the same; the heatmap gets new values, not only new "
                  "places",
             "c": "histogram_image changes with the pixels; the heatmap stays exactly the "
                  "same, place by place",
             "d": "histogram_image stays the same; the heatmap's values move with their "
                  "pixels"},
    answer="d",
    feedback={"a": "A shuffle keeps every colour's count, yes. But 'exactly the same' "
                   "compares two arrays place by place, not the counts they are built "
                   "from: for each of the two, ask what one place of the array stands for "
                   "(a pixel of the face, or something else) and what it holds before and "
                   "after the shuffle.",
              "b": "Reread `histogram_heatmap_reference`: over how many pixels does "
                   "`np.bincount` count a colour, a patch around each pixel or the whole "
                   "image? Then ask whether shuffling changes any of those counts.",
              "c": "Reread q6: what do histogram_image's columns stand for, the face's "
                   "columns or something else? It is built from the (3, 256) histogram "
                   "alone. Then take the heatmap at one place, row 0, column 0: whose "
                   "colour's count does it hold before the shuffle, and whose after?",
              "d": "a shuffle keeps every colour's count, so histogram_image, built from the "
                   "counts alone, cannot change: its place says nothing about where a colour "
                   "was. The heatmap gives each pixel its own colour's count, so the same "
                   "values come out, each at its pixel's new place: a map aligned with the "
                   "face, which is why it can stand beside the RGB, LBP and edge channels."},
    hints=("Does a histogram know *where* each colour was in the image? Does the heatmap?",
           "The heatmap gives each pixel the count of its own colour; the histogram image is "
           "built from counts alone."),
)
