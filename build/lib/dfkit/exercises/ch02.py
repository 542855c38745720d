"""Chapter 02 exercises: the cost of the stack, and the other reading of the histogram heatmap."""

from __future__ import annotations

import cv2
import numpy as np

from dfkit.exercises import Exercise, Incorrect, call_answer, close

PAPER_BYTES = 8000 * 128 * 128 * 6 * 4


def _check_gib(stack_gib) -> None:
    expected = PAPER_BYTES / 2 ** 30
    if isinstance(stack_gib, (int, float)) and abs(stack_gib - PAPER_BYTES / 2 ** 30 / 4) < 0.01:
        raise Incorrect("You counted values, not bytes: a float32 takes 4 bytes.")
    if isinstance(stack_gib, (int, float)) and abs(stack_gib - 8000 * 128 * 128 * 3 * 4 / 2 ** 30) < 0.01:
        raise Incorrect("That is the RGB part only: the stack has 6 channels.")
    if isinstance(stack_gib, (int, float)) and abs(stack_gib - PAPER_BYTES / 1e9) < 0.01:
        raise Incorrect("Close, but that is in GB (10^9 bytes); a GiB is 2**30 bytes.")
    close(stack_gib, expected, tol=0.01, what="stack_gib")


q1 = Exercise(
    name="q1",
    prompt="How many GiB does the 6-channel float32 stack of the paper's 8,000 images at 128×128 take in memory? "
           "Store it in `stack_gib`.",
    names=("stack_gib",),
    checker=_check_gib,
    hint_text="images × height × width × channels × bytes per float32, divided by 2**30.",
    solution_text="stack_gib = 8000 * 128 * 128 * 6 * 4 / 2**30   # 2.93 GiB, before any copy",
    right=[lambda: {"stack_gib": PAPER_BYTES / 2 ** 30}],
    wrong=[lambda: {"stack_gib": PAPER_BYTES / 2 ** 30 / 4}, lambda: {"stack_gib": PAPER_BYTES / 1e9},
           lambda: {"stack_gib": 8000 * 128 * 128 * 3 * 4 / 2 ** 30}, lambda: {"stack_gib": 3}],
)


def reference_histogram_image(img: np.ndarray) -> np.ndarray:
    from dfkit.features import color_histograms

    hist = color_histograms(img[None])[0].astype(np.float32)
    out = cv2.resize(hist, (img.shape[1], img.shape[0]), interpolation=cv2.INTER_NEAREST)
    return out / out.max()


def _check_histogram_image(histogram_image) -> None:
    img = np.random.default_rng(0).integers(0, 256, (40, 56, 3), dtype=np.uint8)
    got = np.asarray(call_answer(histogram_image, img, what="histogram_image(img)"))
    if got.shape != img.shape[:2]:
        raise Incorrect(f"The result should have the image's height and width {img.shape[:2]}, got {got.shape}. "
                        "cv2.resize takes the size as (width, height).")
    if not np.isclose(got.max(), 1.0):
        raise Incorrect(f"Scale the result so that its largest value is 1 (it is {got.max():.3g}).")
    if not np.allclose(got, reference_histogram_image(img), atol=1e-6):
        raise Incorrect("Right shape and scale, but the values differ: use nearest-neighbour resizing "
                        "(cv2.INTER_NEAREST) of the (3, 256) histogram.")


q2 = Exercise(
    name="q2",
    prompt="The other reading of 'reshaped to 128×128': write `histogram_image(img)` that resizes the image's "
           "(3, 256) colour histogram to the image's size with nearest-neighbour interpolation, max scaled to 1.",
    names=("histogram_image",),
    checker=_check_histogram_image,
    hint_text="hist = dfkit.features.color_histograms(img[None])[0]; cv2.resize(hist.astype(np.float32), "
              "(width, height), interpolation=cv2.INTER_NEAREST); then divide by its max.",
    solution_text="def histogram_image(img):\n    hist = features.color_histograms(img[None])[0].astype(np.float32)\n"
                  "    out = cv2.resize(hist, (img.shape[1], img.shape[0]), interpolation=cv2.INTER_NEAREST)\n"
                  "    return out / out.max()",
    right=[lambda: {"histogram_image": reference_histogram_image}],
    wrong=[lambda: {"histogram_image": lambda img: reference_histogram_image(img).T},
           lambda: {"histogram_image": lambda img: reference_histogram_image(img) * 3},
           lambda: {"histogram_image": lambda img: cv2.resize(reference_histogram_image(img), (img.shape[1], img.shape[0]),
                                                              interpolation=cv2.INTER_LINEAR)[::-1]}],
)
