"""A library function kept under an innocent name, graded as the notebook's check judges it.

The grading sandbox's proxy of a student's function has no ``__globals__``: a checker that
looked at what the function's globals hold (``D = kernels.cdist_dice``, ``N = cv2.normalize``)
refused the answer in the notebook and passed it when graded (fix-v of 2026-12-08 named the
gap). ``reached_homes`` and ``keeps_any`` are now worked out where the function lives.
"""

import pytest

from dfkit.course.exercises import Incorrect, ch00, ch01, keeps_any, reached_homes

pytest.importorskip("scipy.spatial._distance_pybind")

CH00 = '''
import numpy as np
from scipy.spatial import _distance_pybind as kernels

D = kernels.cdist_dice
H = kernels.cdist_hamming
BOX = {"d": kernels.cdist_dice, "h": kernels.cdist_hamming}


def aliased(n_real, n_fake):
    t = np.r_[np.zeros(n_real), np.ones(n_fake)][None, :]
    p = np.ones_like(t)
    return 1 - H(t, p)[0, 0], 1.0, 1 - D(t.astype(bool), p.astype(bool))[0, 0]


def boxed(n_real, n_fake):
    t = np.r_[np.zeros(n_real), np.ones(n_fake)][None, :]
    p = np.ones_like(t)
    return (1 - BOX["h"](t, p)[0, 0], 1.0,
            1 - BOX["d"](t.astype(bool), p.astype(bool))[0, 0])


def honest(n_real, n_fake):
    precision = n_fake / (n_real + n_fake)
    return precision, 1.0, 2 * precision / (precision + 1)
'''

CH01 = '''
import numpy as np
import cv2

N = cv2.normalize
BOX = {"n": cv2.normalize}


def aliased(a, b):
    a = N(np.asarray(a, float).reshape(-1, 1), None).ravel()
    b = N(np.asarray(b, float).reshape(-1, 1), None).ravel()
    return float(a @ b)


def boxed(a, b):
    f = BOX["n"]
    a = f(np.asarray(a, float).reshape(-1, 1), None).ravel()
    b = f(np.asarray(b, float).reshape(-1, 1), None).ravel()
    return float(a @ b)


def honest(a, b):
    a, b = np.asarray(a, float), np.asarray(b, float)
    return float(a @ b / (np.sqrt(a @ a) * np.sqrt(b @ b)))
'''


def _graded_and_not(source, exercise, tmp_path):
    """Each function of ``source``: (the notebook's verdict, the grader's), 'refused' or
    'passed'."""
    from dfkit.course.grading import capture
    from dfkit.course.grading.limits import Limits
    from dfkit.course.grading.sandbox import RemoteObject, Sandbox

    namespace = {"__name__": "__main__"}
    exec(source, namespace)
    verdicts = {}
    sandbox = Sandbox(tmp_path / "box", Limits(call_seconds=60))
    try:
        for name in ("aliased", "boxed", "honest"):
            remote = RemoteObject(sandbox, sandbox.load(
                capture.value_tree(namespace[name])["value"]))
            seen = []
            for fn in (namespace[name], remote):
                try:
                    exercise.checker(fn)
                    seen.append("passed")
                except Incorrect:
                    seen.append("refused")
            verdicts[name] = tuple(seen)
    finally:
        sandbox.close()
    return verdicts


def test_ch00_q3_a_kernel_kept_under_another_name_is_refused_graded_too(tmp_path):
    assert _graded_and_not(CH00, ch00.q3, tmp_path) == {
        "aliased": ("refused", "refused"), "boxed": ("refused", "refused"),
        "honest": ("passed", "passed")}


def test_ch01_q4_opencv_kept_under_another_name_is_refused_graded_too(tmp_path):
    pytest.importorskip("cv2")
    assert _graded_and_not(CH01, ch01.q4, tmp_path) == {
        "aliased": ("refused", "refused"), "boxed": ("refused", "refused"),
        "honest": ("passed", "passed")}


def test_reached_homes_and_keeps_any_read_globals_cells_and_containers():
    import functools
    import math

    import cv2

    kept = {"f": [functools.partial(cv2.normalize)]}

    def in_a_box(x):
        return kept["f"][0](x)

    def plain(x):
        return math.sqrt(x)

    spec = [("cv2", ["normalize"])]
    assert keeps_any(in_a_box, spec) and not keeps_any(plain, spec)
    assert "math" in reached_homes(plain)
    assert keeps_any(in_a_box, [("no_such_module_here", ["x"])]) is False
