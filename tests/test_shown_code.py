"""The page shows the code dfkit runs: a chapter cell starting ``# @save dfkit.<module>`` defines
functions (or classes) identical, docstrings aside, to those of the same names in that module."""

from __future__ import annotations

import ast
import importlib.util
import re
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parent.parent
SAVE = re.compile(r"^#\s*@save\s+(dfkit(?:\.\w+)+)\s*$")
DEFS = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)


def _without_docstrings(node: ast.AST) -> str:
    """The definition's AST, docstrings removed, as comparable text."""
    node = ast.parse(ast.unparse(node)).body[0]  # a copy
    for inner in ast.walk(node):
        body = getattr(inner, "body", None)
        if isinstance(inner, DEFS) and body and isinstance(body[0], ast.Expr) \
                and isinstance(body[0].value, ast.Constant) and isinstance(body[0].value.value, str):
            inner.body = body[1:] or [ast.Pass()]
    return ast.dump(node, include_attributes=False)


def module_definitions(module: str) -> dict[str, str]:
    spec = importlib.util.find_spec(module)
    assert spec is not None and spec.origin, f"no module {module}"
    tree = ast.parse(Path(spec.origin).read_text())
    return {n.name: _without_docstrings(n) for n in tree.body if isinstance(n, DEFS)}


def saved_cells(notebook: Path) -> list[tuple[str, str]]:
    """(module, cell source) of every ``# @save dfkit.<module>`` code cell."""
    found = []
    for cell in nbformat.read(notebook, as_version=4).cells:
        lines = cell.source.splitlines()
        if cell.cell_type == "code" and lines and (m := SAVE.match(lines[0].strip())):
            found.append((m.group(1), cell.source))
    return found


def differences(module: str, source: str) -> list[str]:
    """What in a saved cell does not match ``module``: empty when the page shows dfkit's code."""
    library = module_definitions(module)
    shown = [n for n in ast.parse(source).body if isinstance(n, DEFS)]
    if not shown:
        return [f"the cell saved to {module} defines no function or class"]
    problems = []
    for node in shown:
        if node.name not in library:
            problems.append(f"{node.name} is not defined in {module}")
        elif _without_docstrings(node) != library[node.name]:
            problems.append(f"{node.name} differs from {module}.{node.name}: keep them identical")
    return problems


NOTEBOOKS = sorted(ROOT.glob("chapters/*.ipynb"))
SAVED = [(nb, module, source) for nb in NOTEBOOKS for module, source in saved_cells(nb)]


@pytest.mark.parametrize("nb, module, source", SAVED, ids=[f"{nb.stem}:{m}" for nb, m, _ in SAVED])
def test_saved_cells_match_dfkit(nb, module, source):
    assert not differences(module, source), f"{nb.name}: " + "; ".join(differences(module, source))


def test_the_rule_can_fail():
    from dfkit.evaluation import metrics

    real = ast.get_source_segment(Path(metrics.__file__).read_text(),
                                  next(n for n in ast.parse(Path(metrics.__file__).read_text()).body
                                       if isinstance(n, ast.FunctionDef) and n.name == "wilson_interval"))
    assert differences("dfkit.evaluation.metrics", "# @save dfkit.evaluation.metrics\n" + real) == []
    no_doc = re.sub(r'"""[^"]*"""\n\s*', "", real, count=1)
    assert differences("dfkit.evaluation.metrics", no_doc) == []  # docstrings aside
    assert differences("dfkit.evaluation.metrics", real.replace("1.96", "2.0"))
    assert differences("dfkit.evaluation.metrics", "def not_in_dfkit():\n    return 1\n")
    assert differences("dfkit.evaluation.metrics", "x = 1\n")
