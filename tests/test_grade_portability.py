"""The grader imports on every Python the package supports (``requires-python >= 3.10``):
possessive quantifiers (``*+``, ``++``) exist in ``re`` only from 3.11, and
``submissions``' structure scan used them unconditionally (final review of 2026-12-07:
``re.error: multiple repeat`` at import on 3.10.13). On 3.10 the same patterns are built
without them; this checks that form matches exactly as the possessive one does."""

from __future__ import annotations

import random
import re

from dfkit.course.grading import submissions


def _without_possessive(pattern: bytes) -> bytes:
    """The pattern as Python 3.10 compiles it (``_POSSESSIVE`` empty)."""
    return pattern.replace(b"*+", b"*").replace(b"++", b"+").replace(b"}+", b"}")


def test_the_scan_patterns_read_alike_without_possessive_quantifiers():
    plain_skip = re.compile(_without_possessive(submissions._SKIP.pattern), re.DOTALL)
    plain_chunk = re.compile(_without_possessive(submissions._CHUNK.pattern), re.DOTALL)
    assert b"*+" not in plain_skip.pattern and b"++" not in plain_chunk.pattern
    rng = random.Random(0)
    alphabet = [b'"', b"\\", b"a", b"[", b"]", b"{", b"}", b",", b"n"]
    for _ in range(2000):
        data = b"".join(rng.choice(alphabet) for _ in range(rng.randint(0, 60)))
        assert plain_skip.sub(b"", data) == submissions._SKIP.sub(b"", data), data
        assert ([m.span() for m in plain_chunk.finditer(data)]
                == [m.span() for m in submissions._CHUNK.finditer(data)]), data


def test_the_module_builds_its_patterns_for_the_running_python():
    import sys

    possessive = sys.version_info >= (3, 11)
    assert (b"*+" in submissions._SKIP.pattern) == possessive
