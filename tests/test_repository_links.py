"""A Colab reader has the notebook, not the repository: every repository file a chapter sends
them to (benchmarks/, tests/, instructors.md, real_data.md) is a link to it on GitHub."""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
BLOB = "https://github.com/dfkit-course/deepfake-course/blob/main/"
LINK = re.compile(r"\[[^\]]*\]\(" + re.escape(BLOB) + r"([^)\s]+)\)")
MENTION = re.compile(r"\b(?:benchmarks/[\w./-]*|tests/[\w./-]*|instructors\.md|real_data\.md)")
SOURCES = sorted([*ROOT.glob("chapters/[0-9][0-9]_*.py"), *ROOT.glob("solutions/[0-9][0-9]_*.py")])


def markdown_text(path: Path) -> str:
    """The markdown cells of a jupytext percent file, comment marks removed."""
    cells, markdown = [], False
    for line in path.read_text().splitlines():
        if line.startswith("# %%"):
            markdown = "[markdown]" in line
        elif markdown:
            cells.append(line[2:] if line.startswith("# ") else line.lstrip("#"))
    return "\n".join(cells)


def unlinked(text: str) -> list[str]:
    """Repository paths named outside a GitHub link (a link's target must exist too)."""
    missing = [f"link to a missing file: {target}" for target in LINK.findall(text)
               if not (ROOT / target).exists()]
    return missing + MENTION.findall(LINK.sub("", text))


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_repository_files_are_linked_on_github(path):
    bad = unlinked(markdown_text(path))
    assert not bad, f"{path.relative_to(ROOT)}: link these to {BLOB}<path>: {bad}"


def test_the_check_finds_a_bare_mention_and_a_dead_link():
    assert unlinked("as recorded in benchmarks/README.md (2026)") == ["benchmarks/README.md"]
    assert unlinked(f"see [the record]({BLOB}benchmarks/README.md)") == []
    assert unlinked(f"see [x]({BLOB}benchmarks/nothing.md)") == [
        "link to a missing file: benchmarks/nothing.md"]
