"""Self-test cases of dfkit.exercises.ch02: right answers pass, typical wrong ones fail."""

from __future__ import annotations

import cv2

from dfkit.exercises.ch02 import PAPER_BYTES, reference_histogram_image

CASES = {
    "q1": {
        "right": [lambda: {"stack_gib": PAPER_BYTES / 2 ** 30}],
        "wrong": [lambda: {"stack_gib": PAPER_BYTES / 2 ** 30 / 4}, lambda: {"stack_gib": PAPER_BYTES / 1e9},
                lambda: {"stack_gib": 8000 * 128 * 128 * 3 * 4 / 2 ** 30}, lambda: {"stack_gib": 3}],
    },
    "q2": {
        "right": [lambda: {"histogram_image": reference_histogram_image}],
        "wrong": [lambda: {"histogram_image": lambda img: reference_histogram_image(img).T},
                lambda: {"histogram_image": lambda img: reference_histogram_image(img) * 3},
                lambda: {"histogram_image": lambda img: cv2.resize(reference_histogram_image(img), (img.shape[1], img.shape[0]),
                interpolation=cv2.INTER_LINEAR)[::-1]}],
    },
}
