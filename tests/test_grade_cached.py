"""A function under ``functools.cache`` is graded as its kernel check judged it: cloudpickle
cannot copy the cache wrapper of a notebook's function, so a right cached ``is_uniform`` was
graded "it is Opaque" (incorrect) while ``q5.check()`` said correct (2026-12-07)."""

from __future__ import annotations

from dfkit.course.exercises import ch02
from dfkit.course.grading import capture, verdicts
from dfkit.course.grading.limits import Limits
from dfkit.course.grading.sandbox import Sandbox

HONEST_CACHED = '''
import functools

@functools.cache
def is_uniform(code):
    bits = [(code >> p) & 1 for p in range(8)]
    return sum(bits[p] != bits[(p + 1) % 8] for p in range(8)) <= 2

for c in range(256):
    is_uniform(c)
'''
LIBRARY_CACHED = '''
import functools
import numpy as np
from skimage.feature import local_binary_pattern

AROUND = [(1, 2), (0, 2), (0, 1), (0, 0), (1, 0), (2, 0), (2, 1), (2, 2)]

@functools.cache
def is_uniform(code):
    patch = np.full((3, 3), 120, np.uint8)
    for bit, (r, c) in enumerate(AROUND):
        patch[r, c] = 255 if (code >> bit) & 1 else 0
    return bool(local_binary_pattern(patch, 8, 1, "nri_uniform")[1, 1] != 58)

for c in range(256):
    is_uniform(c)
'''


def _graded(source: str, tmp_path) -> tuple[str, str, str]:
    namespace = {"__name__": "__main__"}
    exec(source, namespace)
    kernel = ch02.q5.evaluate({"is_uniform": namespace["is_uniform"]})[0]
    tree = capture.value_tree(namespace["is_uniform"])
    assert "note" not in tree, tree.get("note")
    sandbox = Sandbox(tmp_path / "box", Limits(call_seconds=30, memory_gb=2))
    try:
        (verdict,) = verdicts.verdicts([("dfkit.course.exercises.ch02", ch02.q5)],
                                       {verdicts.FINAL: {"is_uniform": tree}}, sandbox, None)
    finally:
        sandbox.close()
    return kernel, verdict.status, verdict.message


def test_a_right_cached_answer_is_graded_correct(tmp_path):
    kernel, status, message = _graded(HONEST_CACHED, tmp_path)
    assert kernel == "correct" and status == "correct", message


def test_a_cached_library_answer_is_refused_when_graded_too(tmp_path):
    kernel, status, message = _graded(LIBRARY_CACHED, tmp_path)
    assert kernel == "incorrect" and status == "incorrect"
    assert "local_binary_pattern" in message
