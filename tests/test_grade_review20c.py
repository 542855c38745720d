"""Hostile review 20c (2026-12-07): costs in the grader's own process that no cap bounded. The
tests count work (calls, copies, bytes held), never wall-clock time; each fails on the code
before the fix."""

from __future__ import annotations

import json
import random
import re
import tracemalloc
from pathlib import Path

import nbformat

from dfkit.course.grading import copies, submissions

CH00 = "dfkit.course.exercises.ch00"
HELPER = "imports dfkit's {} (a checker's helper)"
# an answer-sized function (copies.MIN_NODES) and a short one
LONG = ("def long_one(x, y):\n    total = 0\n    for i in range(len(x)):\n"
        "        total = total + x[i] * y[i] - (x[i] - y[i]) ** 2 // 3\n"
        "        if total > 100 and x[i] < y[i] or total < -100:\n"
        "            total = max(-100, min(100, total + x[i - 1] * 2 - y[i - 1] // 2))\n"
        "    return total / len(x) if len(x) else 0.0\n")
SHORT = "def short_one(x):\n    return x + 1\n"


def _notebook(path: Path, *sources: str) -> Path:
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(s) for s in sources]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(nb))
    return path


def _count_calls(monkeypatch, name: str) -> list:
    """Count the calls of ``copies.<name>`` (a list holding the count)."""
    calls, real = [0], getattr(copies, name)

    def counted(*args, **kwargs):
        calls[0] += 1
        return real(*args, **kwargs)

    monkeypatch.setattr(copies, name, counted)
    return calls


def test_a_helper_imported_thousands_of_times_walks_the_checkers_code_once(
        tmp_path, monkeypatch):
    """Each imported helper name, and each ``k.name`` read off the module, walked every
    checker's code graph again (a 256 KiB cell of ``import a,a,...``: 20 s, review 20c, M1):
    the graphs are walked once per notebook and a name repeated costs nothing; the flags are
    those the per-name walk gave: one per distinct name, in order of first appearance."""
    distinct = [f"a{i}" for i in range(300)]
    path = _notebook(
        tmp_path / "m" / "00_introduction.ipynb",
        f"from {CH00} import q1",
        f"%%script true\nfrom {CH00} import " + ",".join(["a"] * 3000),
        f"import {CH00} as k\n" + "k.a\nk.a0\n" * 1000,
        f"from {CH00} import " + ",".join(distinct),
        f"from {CH00} import *\n" * 300)
    modules = _count_calls(monkeypatch, "_module")
    answers = copies.read("m", path)
    assert modules[0] < 20  # 5,603 on the code before: one walk per name read
    texts = [text for found in answers.flags.values() for text in found]
    assert texts == [HELPER.format(name) for name in ["a", *distinct]]
    table = [(CH00, ex) for ex in copies.verdicts.exercises_of(CH00)]
    owner = copies._helper_owner(table, CH00, "a")
    assert answers.flags[owner][0] == HELPER.format("a")


def test_each_function_is_copied_and_normalised_once(tmp_path, monkeypatch):
    """``size`` and ``normalised`` each deep-copied and normalised an answer-sized function:
    one copy serves both (``copies.comparable``), and the code compared is the same."""
    import ast

    tree = ast.parse(LONG).body[0]
    assert copies.size(tree) >= copies.MIN_NODES > copies.size(ast.parse(SHORT).body[0])
    path = _notebook(tmp_path / "n" / "00_introduction.ipynb", f"from {CH00} import q1",
                     LONG, SHORT)
    monkeypatch.setattr(copies, "references", lambda module: {})  # the notebook's only
    made = [0]

    class Counted(copies._Normaliser):
        def __init__(self) -> None:
            made[0] += 1
            super().__init__()

    monkeypatch.setattr(copies, "_Normaliser", Counted)
    assert copies.read("n", path).unread == []
    assert made[0] == 2  # 3 before: the long function was normalised twice
    assert copies.comparable(tree) == copies.normalised(tree)
    assert copies.comparable(ast.parse(SHORT).body[0]) is None


def _structure_whole(raw: bytes) -> tuple[int, int, int]:
    """The counts as too_large made them before: escapes, then strings, out of the whole."""
    bare = re.sub(rb'"[^"]*"', b"", re.sub(rb"\\.", b"", raw, flags=re.DOTALL))
    depth = deepest = 0
    for bracket in re.findall(rb"[\[\]{}]", bare):
        depth += 1 if bracket in (b"[", b"{") else -1
        deepest = max(deepest, depth)
    return bare.count(b"{") + bare.count(b"["), bare.count(b","), deepest


def test_the_structure_counts_hold_no_piece_per_string():
    """Removing 2 MiB of ``"",``'s strings at once held a piece per string, ~60 bytes each
    (8 MiB: 0.5 GB, review 20c, L1): a chunk at a time, the counts and the answer the same."""
    raw = b"[" + b'"",' * 700_000 + b'""]'  # 2 MiB, under the caps
    tracemalloc.start()
    try:
        why = submissions.too_large(raw)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert why is None
    assert peak < 24 << 20  # ~120 MB before
    assert submissions._structure(raw) == _structure_whole(raw) == (1, 700_000, 1)


def test_the_structure_counts_are_those_of_the_whole(monkeypatch):
    """Chunks start and end outside strings: on JSON-like bytes of every kind (escapes outside
    strings, quotes never closed, a final backslash) the counts equal the whole's, in chunks
    of the grader's size and of two tokens (so that every boundary is met)."""
    rng = random.Random(20)
    alphabet = [b"[", b"]", b"{", b"}", b",", b'"', b"\\", b"a", b"\n"]
    cases = []
    for _ in range(3000):
        weights = [rng.random() for _ in alphabet]
        cases.append(b"".join(rng.choices(alphabet, weights, k=rng.randint(0, 60))))
    tiny = submissions._CHUNK.pattern.replace(b"{1,%d}+" % submissions._CHUNK_TOKENS, b"{1,2}+")
    assert tiny != submissions._CHUNK.pattern
    for chunk in (submissions._CHUNK, re.compile(tiny, re.DOTALL)):
        monkeypatch.setattr(submissions, "_CHUNK", chunk)
        for raw in cases:
            assert submissions._structure(raw) == _structure_whole(raw), raw
    nested = b'{"a": ["x\\"]", "\\\\", 1], "b": {"c": [[]]}}' * 5000  # past one chunk
    assert submissions._structure(nested) == _structure_whole(nested)
