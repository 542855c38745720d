"""Code cells fit the book's page: the Jupyter Book shows 79 characters of a code line and wraps
the rest mid-expression (seen in _build/screenshots), so every line of a chapter's or a
solution's code cell stays within that. The Colab set-up cell (tagged remove-cell) is hidden in
the book and left as setup_cell writes it."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
WIDTH = 79
SOURCES = sorted([*ROOT.glob("chapters/*.py"), *ROOT.glob("solutions/*.py")])


def long_code_lines(text: str, width: int = WIDTH) -> list[tuple[int, int]]:
    """(line number, length) of every code-cell line longer than ``width`` in a percent-format
    notebook; markdown cells and cells tagged remove-cell are skipped."""
    found, code = [], False
    for number, line in enumerate(text.split("\n"), 1):
        if line.startswith("# %%"):
            code = not line.startswith("# %% [markdown]") and "remove-cell" not in line
        elif code and len(line) > width:
            found.append((number, len(line)))
    return found


def test_the_rule_sees_a_long_code_line_and_skips_markdown_and_setup():
    text = "\n".join(["# %% [markdown]", "# " + "m" * 100, "# %%", "x = 1", "y = " + "2" * 90,
                      '# %% tags=["remove-cell"]', "z = " + "3" * 90])
    assert long_code_lines(text) == [(5, 94)]


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_code_lines_fit_the_books_page(path):
    found = long_code_lines(path.read_text())
    assert not found, (f"{path.relative_to(ROOT)}: code lines longer than {WIDTH} characters "
                       f"wrap on the book's page (line, length): {found}")


def test_the_colab_set_up_cell_fits_too():
    """The book hides the set-up cell, but Colab and JupyterLab show it first: its lines keep
    the same width (one was 81 characters until 2026-12-07)."""
    from dfkit.course import setup_cell

    lines = setup_cell.render(setup_cell.setting(ROOT)).splitlines()
    assert max(len(line) for line in lines) <= WIDTH, [s for s in lines if len(s) > WIDTH]
