"""Open the built book's chapter pages in headless Chromium, as a reader would.

For every chapter page: the rendered DOM must hold at least one figure (an executed output
image that the browser actually loaded) and a Colab launch link for that chapter; a screenshot
is saved for people to look at. ``python -m dfkit.course.bookcheck [_build/html] [--screenshots DIR]``.
Needs Debian's ``chromium`` (``apt-get install chromium``).
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
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


def inspect_page(page: Path, screenshot: Path) -> dict:
    """Render ``page``: count figures whose image files exist, list Colab links, save a screenshot."""
    url = page.resolve().as_uri()
    with tempfile.TemporaryDirectory() as profile:
        dom = _run(["--virtual-time-budget=5000", "--dump-dom", url], profile)  # the DOM after scripts ran
        shot = _run([f"--screenshot={screenshot}", "--window-size=1280,2400", "--virtual-time-budget=5000", url],
                    profile)
    sources = [tag.split('src="', 1)[1].split('"', 1)[0] for tag in dom.stdout.split("<img")[1:] if 'src="' in tag]
    figures = [src for src in sources if "_images/" in src and (page.parent / src).resolve().exists()]
    colab = sorted({part.split('"')[0] for part in dom.stdout.split('href="https://colab.research.google.com/')[1:]})
    return {"page": page.name, "figures": len(figures), "colab_links": colab,
            "screenshot": str(screenshot) if screenshot.exists() and screenshot.stat().st_size > 0 else None,
            "chromium_ok": dom.returncode == 0 and shot.returncode == 0 and "<html" in dom.stdout}


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
