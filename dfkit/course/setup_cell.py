"""The course's one setting (repository, book URL, released tag) and the set-up cell it renders.

The setting lives in ``pyproject.toml``'s ``[tool.dfkit-course]`` table; everything that names the
repository or the release reads it: the set-up cell of every chapter and solution notebook (written
by this module), the book's ``_config.yml`` (checked by ``tests/test_course_setting.py``) and the
glossary links in the chapters' prose (checked by the same test).

The set-up cell installs dfkit at the released tag, on Colab only, with ``%pip`` (so Colab offers to
restart the runtime when the install replaced something already imported) and with no version
floors above what Colab preinstalls (``pyproject.toml``'s dependencies; ``tests/test_colab.py``).

``python -m dfkit.course.setup_cell`` rewrites the cell in every ``chapters/*.py`` and
``solutions/*.py``; ``--check`` only reports the files whose cell differs (exit 1). Regenerate the
``.ipynb`` pairs afterwards (``make notebooks``). This is repository tooling: it reads the
checkout's ``pyproject.toml``, not an installed copy.
"""

from __future__ import annotations

import argparse
import re
import sys
from dataclasses import dataclass
from pathlib import Path

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib

from dfkit.exceptions import DfkitError

__all__ = ["CourseSetting", "setting", "render", "render_py", "updated", "apply", "main"]

ROOT = Path(__file__).resolve().parents[2]
MARKER = "# Colab set-up:"  # the first line of the cell, how it is found again
HEADER = '# %% tags=["remove-cell"]'  # the book hides the cell (it does nothing there)


@dataclass(frozen=True)
class CourseSetting:
    """Where the course lives and which release its notebooks install."""

    repository: str  # https URL of the git repository
    book: str  # base URL of the published book, ending in "/"
    release: str  # the git tag the notebooks install, "v" + the package version

    @property
    def install_spec(self) -> str:
        """The pip requirement the set-up cell installs: the repository at the release tag."""
        return f"dfkit @ git+{self.repository}@{self.release}"

    @property
    def glossary(self) -> str:
        """The glossary page's URL, as chapter prose links it."""
        return f"{self.book}glossary.html"


def setting(root: Path = ROOT) -> CourseSetting:
    """Read ``[tool.dfkit-course]`` from ``root/pyproject.toml``; a clear error if it is incomplete."""
    path = root / "pyproject.toml"
    data = tomllib.loads(path.read_text())
    table = data.get("tool", {}).get("dfkit-course")
    if not table:
        raise DfkitError(f"{path}: no [tool.dfkit-course] table (repository, book, release): add it.")
    missing = [key for key in ("repository", "book", "release") if not table.get(key)]
    if missing:
        raise DfkitError(f"{path}: [tool.dfkit-course] lacks {', '.join(missing)}: add them.")
    if not table["book"].endswith("/"):
        raise DfkitError(f"{path}: [tool.dfkit-course] book must end with '/': {table['book']!r}.")
    return CourseSetting(table["repository"].rstrip("/"), table["book"], table["release"])


def render(course: CourseSetting) -> str:
    """The set-up cell's source as a notebook shows it (a real ``%pip`` line)."""
    return "\n".join([
        f"{MARKER} installs the course helper `dfkit` ({course.release}) beside Colab's",
        "# own packages, changing none of their versions. Anywhere else it does nothing",
        "# (install locally with the README's commands).",
        "import os",
        "import sys",
        "",
        'if "google.colab" in sys.modules:',
        f'    REPO = "git+{course.repository}@{course.release}"',
        '    DFKIT = os.environ.get("DFKIT_INSTALL", f"dfkit @ {REPO}")',
        '    %pip install -q "{DFKIT}"',
        "    import importlib",
        "",
        "    importlib.invalidate_caches()  # so it imports without a restart",
    ])


def render_py(course: CourseSetting) -> str:
    """The same cell in a jupytext percent ``.py`` file (magics are written as comments there)."""
    lines = [re.sub(r"^(\s*)%", r"\1# %", line) for line in render(course).splitlines()]
    return "\n".join([HEADER, *lines]) + "\n"


def _cells(text: str) -> list[str]:
    """Split a percent-format file into chunks, each starting at a ``# %%`` line (the first is the header)."""
    return re.split(r"(?m)^(?=# %%)", text)


def updated(text: str, course: CourseSetting, name: str = "notebook") -> str:
    """``text`` (a percent-format notebook) with the current set-up cell.

    An existing set-up cell is replaced; a notebook without one (the solutions had none) gets it
    after its first (title) cell.
    """
    chunks = _cells(text)
    cell = render_py(course)
    found = [i for i, chunk in enumerate(chunks)
             if chunk.startswith("# %%") and "".join(chunk.split("\n", 2)[1:2]).startswith(MARKER)]
    if found:
        i = found[0]
        trailing = chunks[i][len(chunks[i].rstrip("\n")):]
        chunks[i] = cell.rstrip("\n") + (trailing if len(trailing) >= 2 else "\n\n")
    else:
        if len(chunks) < 3:
            raise DfkitError(f"{name}: expected a title cell before the code; add the set-up cell by hand.")
        chunks.insert(2, cell + "\n")
    return "".join(chunks)


def apply(path: Path, course: CourseSetting) -> bool:
    """Write the current set-up cell into ``path``; True when the file changed."""
    text = path.read_text()
    new = updated(text, course, str(path))
    if new != text:
        path.write_text(new)
        return True
    return False


def notebooks(root: Path = ROOT) -> list[Path]:
    """Every chapter and solution source (``.py``, the jupytext source of truth)."""
    return sorted((root / "chapters").glob("[0-9][0-9]_*.py")) + sorted((root / "solutions").glob("[0-9][0-9]_*.py"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m dfkit.course.setup_cell", description=__doc__.split("\n")[0])
    parser.add_argument("--check", action="store_true", help="only list the files whose set-up cell differs")
    parser.add_argument("--root", type=Path, default=ROOT)
    args = parser.parse_args(argv)
    course = setting(args.root)
    stale = []
    for path in notebooks(args.root):
        if args.check:
            text = path.read_text()
            if updated(text, course, str(path)) != text:
                stale.append(path)
        elif apply(path, course):
            stale.append(path)
    for path in stale:
        print(("differs: " if args.check else "updated: ") + str(path.relative_to(args.root)))
    if stale and not args.check:
        print("now run `make notebooks` to regenerate the .ipynb pairs")
    return 1 if (args.check and stale) else 0


if __name__ == "__main__":
    sys.exit(main())
