"""Open the built book's chapter pages, and the notebooks as JupyterLab renders them, in headless Chromium.

Book: for every chapter page, the rendered DOM must hold at least one figure (an executed output
image that the browser actually loaded) and a Colab launch link for that chapter; a full-page
screenshot is saved for people to look at. ``python -m dfkit.course.bookcheck [_build/html]
[--screenshots DIR]``.

Notebooks (what a student opens in Colab or JupyterLab, which render plain Markdown only): an
executed notebook is exported with nbconvert's HTML exporter (JupyterLab's template) and opened in
Chromium; its text must hold no raw MyST (``{glue``, ``{term}``, a directive's ``:class:`` line, a
```` ```{ ```` fence), and a chapter must show a figure. Full-page screenshots as for the book
(``check_notebooks``; tests/test_notebook_render.py runs it over every chapter and solution).
Needs Debian's ``chromium`` (``apt-get install chromium``).
"""

from __future__ import annotations

import argparse
import html as htmllib
import json
import re
import shutil
import subprocess
import sys
import tempfile
import warnings
from pathlib import Path

CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync",
                  "--hide-scrollbars", "--allow-file-access-from-files"]
def chromium() -> str:
    """The Chromium binary, or a clear error that says how to install it."""
    for name in ("chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(name)
        if path:
            return path
    raise RuntimeError("No Chromium found: install Debian's package with `apt-get install chromium`.")


def _run(args: list[str], profile: str, timeout: int = 120) -> subprocess.CompletedProcess:
    return subprocess.run([chromium(), *CHROMIUM_FLAGS, f"--user-data-dir={profile}", *args],
                          capture_output=True, text=True, timeout=timeout)


WIDTH = 1280  # px, the screenshots' width (a laptop browser window)
MAX_HEIGHT = 60000  # px: a longer page is cut there (no chapter comes near it)
_MEASURE = ("<script>window.addEventListener('load', () => document.documentElement.setAttribute("
            "'data-dfkit-height', Math.ceil(Math.max(document.documentElement.scrollHeight, "
            "document.body ? document.body.scrollHeight : 0))));</script>")


def dom_and_height(page: Path, profile: str) -> tuple[subprocess.CompletedProcess, int]:
    """The DOM after scripts ran, and the page's full height at ``WIDTH`` px.

    The height is read by a copy of the page beside it (so relative links still resolve) that
    records ``scrollHeight`` on load; the copy is removed afterwards.
    """
    probe = page.with_name(f".{page.stem}.dfkit-measure.html")
    probe.write_text(page.read_text(encoding="utf-8", errors="replace") + _MEASURE, encoding="utf-8")
    try:
        dom = _run([f"--window-size={WIDTH},900", "--virtual-time-budget=5000", "--dump-dom", probe.resolve().as_uri()],
                   profile)
    finally:
        probe.unlink(missing_ok=True)
    found = re.search(r'data-dfkit-height="(\d+)"', dom.stdout)
    return dom, min(int(found.group(1)), MAX_HEIGHT) if found else 2400


def full_page_screenshot(page: Path, screenshot: Path, height: int, profile: str) -> subprocess.CompletedProcess:
    """A screenshot of the whole page (``WIDTH`` × ``height``), not just its first screen."""
    return _run([f"--screenshot={screenshot}", f"--window-size={WIDTH},{max(height, 600)}",
                 "--virtual-time-budget=5000", page.resolve().as_uri()], profile, timeout=300)


def inspect_page(page: Path, screenshot: Path) -> dict:
    """Render ``page``: count figures whose image files exist, list Colab links, save a full-page screenshot."""
    with tempfile.TemporaryDirectory() as profile:
        dom, height = dom_and_height(page, profile)
        shot = full_page_screenshot(page, screenshot, height, profile)
    sources = [tag.split('src="', 1)[1].split('"', 1)[0] for tag in dom.stdout.split("<img")[1:] if 'src="' in tag]
    figures = [src for src in sources if "_images/" in src and (page.parent / src).resolve().exists()]
    colab = sorted({part.split('"')[0] for part in dom.stdout.split('href="https://colab.research.google.com/')[1:]})
    return {"page": page.name, "figures": len(figures), "colab_links": colab,
            "screenshot": str(screenshot) if screenshot.exists() and screenshot.stat().st_size > 0 else None,
            "height": height, "chromium_ok": dom.returncode == 0 and shot.returncode == 0 and "<html" in dom.stdout}


def check_book(html: Path, screenshots: Path) -> list[dict]:
    """Inspect every chapter page; raise AssertionError naming each page that fails."""
    pages = sorted((html / "chapters").glob("[0-9][0-9]_*.html"))
    if not pages:
        raise AssertionError(f"No chapter pages under {html / 'chapters'}: build the book first (make book).")
    screenshots.mkdir(parents=True, exist_ok=True)
    results, problems = [], []
    for page in pages:
        r = inspect_page(page, screenshots / f"{page.stem}.png")
        results.append(r)
        if not r["chromium_ok"]:
            problems.append(f"{page.name}: Chromium did not render it")
        if r["figures"] == 0:
            problems.append(f"{page.name}: no figure rendered (was the chapter executed?)")
        if not any(link.endswith(f"chapters/{page.stem}.ipynb") for link in r["colab_links"]):
            problems.append(f"{page.name}: no Colab launch link to chapters/{page.stem}.ipynb")
        if not r["screenshot"]:
            problems.append(f"{page.name}: no screenshot saved")
    if problems:
        raise AssertionError("Book check failed:\n  " + "\n  ".join(problems))
    return results


# --------------------------------------------------------------------------- notebooks
# MyST that a plain Markdown renderer (Colab, JupyterLab) leaves as text: roles, directive fences and
# their options (ch03's old {warning} box showed as a code block starting ":class: warning")
RAW_MARKUP = ["{glue", "{term}", "{ref}", "{doc}", "{numref}", ":class:", "```{", ":::{"]


def visible_text(dom: str) -> str:
    """The text a reader sees in a DOM dump: no tags, scripts or styles; entities decoded."""
    dom = re.sub(r"(?is)<(script|style)\b.*?</\1>", " ", dom)
    return htmllib.unescape(re.sub(r"(?s)<[^>]+>", " ", dom))


def notebook_html(nb, path: Path, exclude_input: bool = False) -> Path:
    """Write ``nb`` (an executed notebook node) as JupyterLab's HTML (nbconvert, ``lab`` template)."""
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(template_name="lab", exclude_input=exclude_input)
    with warnings.catch_warnings():  # myst-nb's glue outputs (for the book) have no HTML form; JupyterLab skips them
        warnings.filterwarnings("ignore", message="Your element with mimetype", category=UserWarning)
        body, _ = exporter.from_notebook_node(nb)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(body, encoding="utf-8")
    return path


def inspect_notebook(nb, name: str, pages: Path, screenshot: Path) -> dict:
    """Render an executed notebook as JupyterLab shows it: raw MyST in its prose and outputs, figures,
    and a full-page screenshot (code included, as a student sees it).

    The raw-markup search reads the page without the code cells' input (code may legitimately hold
    braces and colons), so it sees the Markdown cells and every output, ``report.say``'s included.
    """
    full = notebook_html(nb, pages / f"{name}.html")
    prose = notebook_html(nb, pages / f"{name}.prose.html", exclude_input=True)
    with tempfile.TemporaryDirectory() as profile:
        dom = _run(["--virtual-time-budget=5000", "--dump-dom", prose.resolve().as_uri()], profile)
        full_dom, height = dom_and_height(full, profile)
        shot = full_page_screenshot(full, screenshot, height, profile)
    text = visible_text(dom.stdout)
    raw = {marker for marker in RAW_MARKUP if marker in text}
    if re.search(r'class="[^"]*language-\{', dom.stdout):  # a ```{directive} fence, shown as a code block
        raw.add("```{")
    raw = sorted(raw)
    figures = len(re.findall(r'<img[^>]+src="data:image/', full_dom.stdout))
    return {"page": name, "raw_markup": raw, "figures": figures, "height": height,
            "screenshot": str(screenshot) if screenshot.exists() and screenshot.stat().st_size > 0 else None,
            "chromium_ok": dom.returncode == 0 and shot.returncode == 0 and "<html" in dom.stdout}


def check_notebook(nb, name: str, pages: Path, screenshots: Path, need_figure: bool = True) -> dict:
    """``inspect_notebook``, raising AssertionError that names the notebook and each problem."""
    screenshots.mkdir(parents=True, exist_ok=True)
    r = inspect_notebook(nb, name, pages, screenshots / f"{name}.png")
    problems = []
    if not r["chromium_ok"]:
        problems.append("Chromium did not render it")
    if r["raw_markup"]:
        problems.append(f"raw MyST shown as text: {', '.join(r['raw_markup'])}")
    if need_figure and r["figures"] == 0:
        problems.append("no figure rendered (was it executed?)")
    if not r["screenshot"]:
        problems.append("no screenshot saved")
    if problems:
        raise AssertionError(f"{name} as JupyterLab renders it: " + "; ".join(problems))
    return r


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m dfkit.course.bookcheck", description=__doc__)
    parser.add_argument("html", nargs="?", type=Path, default=Path("_build/html"))
    parser.add_argument("--screenshots", type=Path, default=Path("_build/screenshots"))
    args = parser.parse_args(argv)
    results = check_book(args.html, args.screenshots)
    for r in results:
        print(json.dumps({k: r[k] for k in ("page", "figures", "screenshot")}))
    print(f"book check: {len(results)} chapter pages render with figures and a Colab launch button")
    return 0


if __name__ == "__main__":
    sys.exit(main())
