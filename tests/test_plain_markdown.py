"""The notebooks' prose is plain Markdown: no MyST role or directive, which Colab and JupyterLab show raw.

A student reads the chapters in Colab or JupyterLab, whose Markdown renderers know nothing of MyST:
``{glue:text}`x```, ``{term}`recall``` or a ```` ```{warning} ```` fence appear there as literal
text (a directive's options, such as ``:class: warning``, as a code block). Run-dependent sentences
come from ``report.say`` in the cell that computed them; glossary terms are plain links; boxes are
blockquotes. Static and fast: reads the ``.py`` sources (jupytext percent format).
"""

from __future__ import annotations

import re
from pathlib import Path

import jupytext
import pytest

ROOT = Path(__file__).resolve().parent.parent
SOURCES = sorted((ROOT / "chapters").glob("[0-9][0-9]_*.py")) + sorted((ROOT / "solutions").glob("[0-9][0-9]_*.py"))

# (what, pattern) pairs; each pattern matches MyST syntax that a plain Markdown renderer leaves raw
MYST = [
    ("a role such as {glue:text}`x` or {term}`x`", re.compile(r"\{[A-Za-z][\w:.+-]*\}`[^`\n]*`?")),
    ("a directive fence such as ```{warning}", re.compile(r"^\s*(`{3,}|~{3,})\s*\{", re.M)),
    ("a colon fence (:::)", re.compile(r"^\s*:::", re.M)),
    ("a directive option such as :class:", re.compile(r"^\s*:[a-z][\w-]*:(\s|$)", re.M)),
    ("a MyST target such as (label)=", re.compile(r"^\s*\([\w-]+\)=\s*$", re.M)),
]


def myst_syntax(markdown: str) -> list[str]:
    """Each piece of MyST syntax in ``markdown``, described with the text it matched."""
    found = []
    for what, pattern in MYST:
        for match in pattern.finditer(markdown):
            found.append(f"{what}: {match.group(0).strip()!r}")
    return found


def test_the_detector_finds_each_kind_and_leaves_plain_markdown_alone():
    assert myst_syntax("caught {glue:text}`n_caught:.1f` fakes") and myst_syntax("a {term}`recall` here")
    assert myst_syntax("```{warning}\nCareful.\n```") and myst_syntax(":::{note}\nx\n:::")
    assert myst_syntax("```{admonition} Title\n:class: warning\nx\n```")
    assert myst_syntax("(sec-intro)=\n# Intro")
    plain = ("> **Warning.** Careful: `x = {a: 1}` and [recall](https://e.org/glossary.html#term-recall).\n"
             "```python\nd = {'a': 1}\n```\n| a | b |\n|---|---|\n| 1 | 2 |\nTime: 12:30 and a: b.")
    assert myst_syntax(plain) == []


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_markdown_cells_hold_no_myst_syntax(path):
    problems = []
    for i, cell in enumerate(jupytext.read(path).cells):
        if cell.cell_type == "markdown":
            problems += [f"cell {i}: {found}" for found in myst_syntax(cell.source)]
    assert not problems, (f"{path.parent.name}/{path.name} shows raw MyST in Colab/JupyterLab "
                          "(use report.say, plain links, blockquotes):\n  " + "\n  ".join(problems))


SAID = re.compile(r"report\.say\(")


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_what_report_say_writes_holds_no_myst_syntax(path):
    """report.say's text becomes a Markdown output: it must be plain Markdown too (the render test
    executes only some notebooks, so the code that writes those outputs is read here)."""
    problems = []
    for i, cell in enumerate(jupytext.read(path).cells):
        if cell.cell_type == "code" and SAID.search(cell.source):
            problems += [f"cell {i}: {found}" for found in myst_syntax(cell.source)
                         if not found.startswith("a directive option")]  # dict literals, keyword args
    assert not problems, f"{path.parent.name}/{path.name}: report.say writes raw MyST:\n  " + "\n  ".join(problems)
