"""dfkit.course.bookcheck in a real headless Chromium: a good page passes, a page without figure or button fails."""

from __future__ import annotations

import shutil

import pytest
from PIL import Image

from dfkit.course import bookcheck

pytestmark = pytest.mark.skipif(
    not any(shutil.which(name) for name in ("chromium", "chromium-browser", "google-chrome")),
    reason="Chromium is not installed (installing it needs root: `make browser`); CI installs it and runs these")

PAGE = """<!DOCTYPE html><html><head><title>{name}</title></head><body><main>
<h1>{name}</h1><a href="https://colab.research.google.com/github/o/r/blob/main/chapters/{name}.ipynb">Colab</a>
{img}</main></body></html>"""


def make_book(root, name, figure=True, button=True):
    (root / "chapters").mkdir(parents=True, exist_ok=True)
    (root / "_images").mkdir(exist_ok=True)
    Image.new("RGB", (40, 30), (200, 50, 50)).save(root / "_images" / "fig.png")
    html = PAGE.format(name=name, img='<img src="../_images/fig.png">' if figure else "")
    if not button:
        html = html.replace("colab.research.google.com", "example.org")
    (root / "chapters" / f"{name}.html").write_text(html)


def test_a_rendered_chapter_with_figure_and_button_passes(tmp_path):
    make_book(tmp_path / "html", "00_intro")
    results = bookcheck.check_book(tmp_path / "html", tmp_path / "shots")
    assert results[0]["figures"] == 1 and (tmp_path / "shots" / "00_intro.png").stat().st_size > 1000
    assert Image.open(tmp_path / "shots" / "00_intro.png").size == (1280, results[0]["height"])


def test_the_screenshot_covers_the_whole_page_not_its_first_2400_px(tmp_path):
    make_book(tmp_path / "html", "03_long")
    page = tmp_path / "html" / "chapters" / "03_long.html"
    tall = '<div style="height:5000px;background:#ddd">tall</div><p id="end">the end</p></main>'
    page.write_text(page.read_text().replace("</main>", tall))
    results = bookcheck.check_book(tmp_path / "html", tmp_path / "shots")
    assert results[0]["height"] > 5000
    shot = Image.open(tmp_path / "shots" / "03_long.png")
    assert shot.size == (1280, results[0]["height"])
    assert not list((tmp_path / "html" / "chapters").glob(".*measure*")), "the measuring copy is left behind"


def test_missing_figure_or_button_fails_naming_the_page(tmp_path):
    make_book(tmp_path / "html", "01_eda", figure=False)
    make_book(tmp_path / "html", "02_features", button=False)
    with pytest.raises(AssertionError) as err:
        bookcheck.check_book(tmp_path / "html", tmp_path / "shots")
    assert "01_eda.html: no figure" in str(err.value) and "02_features.html: no Colab launch link" in str(err.value)


def test_an_unbuilt_book_is_a_clear_error(tmp_path):
    with pytest.raises(AssertionError, match="build the book first"):
        bookcheck.check_book(tmp_path, tmp_path / "shots")
