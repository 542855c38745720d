"""Notebook policy: every .ipynb agrees with its .py pair, carries no outputs, and follows the chapter shape."""

from __future__ import annotations

import re
from pathlib import Path

import jupytext
import nbformat
import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
PAIRS = sorted([*ROOT.glob("chapters/*.py"), *ROOT.glob("solutions/*.py")])
CHAPTERS = sorted(ROOT.glob("chapters/*.ipynb"))


def cells(nb) -> list[tuple[str, str]]:
    return [(c.cell_type, c.source.strip()) for c in nb.cells]


def test_there_are_notebooks_and_each_has_both_halves():
    assert CHAPTERS, "no chapters found"
    ipynbs = sorted([*ROOT.glob("chapters/*.ipynb"), *ROOT.glob("solutions/*.ipynb")])
    assert [p.with_suffix("") for p in ipynbs] == [p.with_suffix("") for p in PAIRS], \
        "every .ipynb needs its .py and vice versa: run `make notebooks`"


@pytest.mark.parametrize("py", PAIRS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_pair_agrees(py):
    nb = nbformat.read(py.with_suffix(".ipynb"), as_version=4)
    assert cells(jupytext.read(py)) == cells(nb), f"{py.name} and its .ipynb drifted: run `make notebooks`"


@pytest.mark.parametrize("py", PAIRS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_committed_notebooks_have_no_outputs(py):
    nb = nbformat.read(py.with_suffix(".ipynb"), as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert not cell.outputs and cell.execution_count is None, \
                f"{py.with_suffix('.ipynb').name} holds outputs: the policy is none (run `make notebooks`)"


@pytest.mark.parametrize("nb_path", CHAPTERS, ids=lambda p: p.name)
def test_chapter_shape(nb_path):
    nb = nbformat.read(nb_path, as_version=4)
    md = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    assert re.match(r"^\d\d_[a-z_]+$", nb_path.stem)
    assert "Learning objectives" in nb.cells[0].source
    assert "## Summary" in md and "## Exercises" in md
    code = [c for c in nb.cells if c.cell_type == "code"]
    setup = code[0]
    assert "google.colab" in setup.source and "remove-cell" in setup.metadata.get("tags", [])
    repo = yaml.safe_load((ROOT / "_config.yml").read_text())["repository"]["url"]
    assert f"git+{repo}" in setup.source, "the Colab cell must install dfkit from the book's repository"
    assert any(".check()" in c.source for c in code)
    assert (ROOT / "solutions" / nb_path.name).exists(), f"solutions/{nb_path.name} is missing"


def test_every_chapter_is_in_the_book():
    toc = (ROOT / "_toc.yml").read_text()
    for nb in CHAPTERS:
        assert f"chapters/{nb.stem}" in toc
