"""Every chapter and solution notebook as JupyterLab renders it, opened in headless Chromium.

The book is not what most students read: Colab and JupyterLab render plain Markdown, so a MyST role
or directive there shows as raw text. Each notebook is executed (``ci`` profile), exported with
nbconvert's HTML exporter (JupyterLab's template) and opened in Chromium
(``dfkit.course.bookcheck.check_notebook``): no raw ``{glue``/``{term}``/``:class:``/```` ```{ ````
in the page, a figure in every chapter, and a full-page screenshot in
``_build/screenshots/notebooks/`` for people to look at (the HTML in ``_build/notebooks/``).

Skips, saying why, when Chromium is not installed (``make browser`` installs it as root; CI does).
"""

from __future__ import annotations

import base64
import io
import os
import shutil
from pathlib import Path

import nbformat
import pytest
from nbformat import v4
from PIL import Image

from dfkit.course import bookcheck

pytestmark = pytest.mark.skipif(
    not any(shutil.which(name) for name in ("chromium", "chromium-browser", "google-chrome")),
    reason="Chromium is not installed (installing it needs root: `make browser`); CI installs it and runs these")

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "chapters").glob("[0-9][0-9]_*.ipynb")) + sorted(
    (ROOT / "solutions").glob("[0-9][0-9]_*.ipynb"))
PAGES = ROOT / "_build" / "notebooks"
SHOTS = ROOT / "_build" / "screenshots" / "notebooks"


def png_output():
    buf = io.BytesIO()
    Image.new("RGB", (120, 80), (30, 120, 200)).save(buf, format="PNG")
    return v4.new_output("display_data", data={"image/png": base64.b64encode(buf.getvalue()).decode(),
                                                "text/plain": "<Figure>"})


def notebook(markdown: str, code: str = 'label = "{term}`x` is fine inside code"'):
    cell = v4.new_code_cell(code, outputs=[png_output()])
    return v4.new_notebook(cells=[v4.new_markdown_cell(markdown), cell])


def test_a_plain_notebook_passes_and_a_myst_one_fails_naming_what_shows_raw(tmp_path):
    good = bookcheck.check_notebook(notebook("# Title\n\n> **Warning.** Plain [recall](https://e.org/g#t)."),
                                    "good", tmp_path / "pages", tmp_path / "shots")
    assert good["figures"] == 1 and good["raw_markup"] == [] and Path(good["screenshot"]).stat().st_size > 1000
    bad = notebook("# Title\n\nWe caught {glue:text}`caught:.1f` fakes.\n\n```{warning}\n:class: warning\n"
                   "Careful.\n```\n")
    with pytest.raises(AssertionError) as err:
        bookcheck.check_notebook(bad, "bad", tmp_path / "pages", tmp_path / "shots")
    assert "bad as JupyterLab renders it" in str(err.value)
    assert "{glue" in str(err.value) and ":class:" in str(err.value) and "```{" in str(err.value)  # fence: a code block
    assert "{term}" not in str(err.value), "code cells may hold braces: only prose and outputs are searched"


def test_raw_markup_in_an_output_fails_too(tmp_path):
    nb = notebook("# Title")
    nb.cells.append(v4.new_code_cell("report.say(...)", outputs=[v4.new_output(
        "display_data", data={"text/markdown": "Recall is {glue:text}`recall`.", "text/plain": "<Markdown>"})]))
    with pytest.raises(AssertionError, match=r"raw MyST shown as text: \{glue"):
        bookcheck.check_notebook(nb, "out", tmp_path / "pages", tmp_path / "shots")


def test_a_chapter_without_figure_fails_and_the_screenshot_covers_the_whole_page(tmp_path):
    long = "# Title\n\n" + "\n\n".join(f"Paragraph {i}: some text to read." for i in range(200))
    nb = v4.new_notebook(cells=[v4.new_markdown_cell(long)])
    with pytest.raises(AssertionError, match="no figure rendered"):
        bookcheck.check_notebook(nb, "nofig", tmp_path / "pages", tmp_path / "shots")
    r = bookcheck.check_notebook(nb, "nofig", tmp_path / "pages", tmp_path / "shots", need_figure=False)
    assert r["height"] > 2400
    assert Image.open(r["screenshot"]).size == (bookcheck.WIDTH, r["height"])


# Executed here (ci profile) before rendering: a chapter of each kind (text and tables, a trained
# model with figures) and a solution. Every notebook is executed under nbval by `make test` anyway;
# executing all 22 a second time would double that cost, so the others are rendered from their
# source: their prose is what can hold raw MyST (outputs are written by ``report.say`` in code, which
# tests/test_plain_markdown.py checks in the sources).
EXECUTED = {"chapters/00_introduction.ipynb", "chapters/03_cnn_backbone.ipynb", "solutions/00_introduction.ipynb"}


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_every_notebook_renders_in_jupyterlab_without_raw_markup(path):
    from nbclient import NotebookClient

    nb = nbformat.read(path, as_version=4)
    executed = f"{path.parent.name}/{path.name}" in EXECUTED
    if executed:
        env = dict(os.environ, PYTHONPATH=str(ROOT), DFKIT_PROFILE="ci", PYTHONHASHSEED="0")
        if path.parent.name == "solutions":
            env["DFKIT_STRICT_EXERCISES"] = "1"
        NotebookClient(nb, timeout=1800, kernel_name="python3",
                       resources={"metadata": {"path": str(path.parent)}}).execute(env=env)
    name = f"{path.parent.name}-{path.stem}"
    r = bookcheck.check_notebook(nb, name, PAGES, SHOTS, need_figure=executed and path.parent.name == "chapters")
    assert r["height"] > 2400 or path.parent.name == "solutions", f"{name}: only {r['height']} px rendered"
