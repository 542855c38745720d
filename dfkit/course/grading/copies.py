"""Answers that look copied, flagged for the instructor (points are never changed on a guess).

The checkers' reference functions and multiple-choice keys ship with ``dfkit`` (the course is
public), so a student can read them. Three flags name what the grader can see:

* an answer function whose code is a checker's reference function up to names, comments,
  docstrings, annotations and formatting: "same code as dfkit's reference_is_uniform";
* notebook code that names a checker's reference function or an exercise's ``answer`` (the
  multiple-choice key): "uses dfkit's reference_is_uniform", "reads q6.answer (the key)";
* two students' answer functions to one exercise with the same normalised code: "same code as
  bob's 02.q5".

Code is compared as normalised ASTs (:func:`normalised`): docstrings and annotations dropped,
every variable, argument and function name renamed in order of appearance (attributes and
keywords, the APIs called, are kept).
"""

from __future__ import annotations

import ast
import copy
import inspect
import textwrap
from dataclasses import dataclass
from pathlib import Path

import nbformat

from dfkit.course.grading import verdicts

PLACEHOLDER = "____"


class _Normaliser(ast.NodeTransformer):
    """Rename identifiers in order of appearance; drop docstrings and annotations."""

    def __init__(self) -> None:
        self.names: dict[str, str] = {}

    def _name(self, name: str) -> str:
        return self.names.setdefault(name, f"v{len(self.names)}")

    def _body(self, node):
        body = node.body
        if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant) \
                and isinstance(body[0].value.value, str):
            node.body = body[1:] or [ast.Pass()]
        return node

    def visit_FunctionDef(self, node):
        node.name = self._name(node.name)
        node.returns = None
        self._body(node)
        return self.generic_visit(node)

    visit_AsyncFunctionDef = visit_FunctionDef

    def visit_ClassDef(self, node):
        node.name = self._name(node.name)
        self._body(node)
        return self.generic_visit(node)

    def visit_arg(self, node):
        node.arg, node.annotation = self._name(node.arg), None
        return node

    def visit_Name(self, node):
        node.id = self._name(node.id)
        return node

    def visit_AnnAssign(self, node):
        node.annotation = ast.Constant(None)
        return self.generic_visit(node)

    def visit_Global(self, node):
        node.names = [self._name(n) for n in node.names]
        return node

    visit_Nonlocal = visit_Global


def normalised(node: ast.AST) -> str:
    """A function's code up to names, docstrings, annotations, comments and formatting."""
    return ast.dump(_Normaliser().visit(copy.deepcopy(node)), include_attributes=False)


def _placeholder(node: ast.AST) -> bool:
    """True for the handout's unanswered ``return ____`` (every blank notebook has it)."""
    return any(isinstance(n, ast.Name) and n.id == PLACEHOLDER for n in ast.walk(node))


def references(module: str) -> dict[str, str]:
    """{name: normalised code} of the checker module's ``reference_*`` functions."""
    found = {}
    try:
        mod = __import__(module, fromlist=["_"])
    except ImportError:
        return found
    for name, fn in vars(mod).items():
        if name.startswith("reference_") and inspect.isfunction(fn) and fn.__module__ == module:
            try:
                tree = ast.parse(textwrap.dedent(inspect.getsource(fn)))
            except (OSError, TypeError, SyntaxError):
                continue
            found[name] = normalised(tree.body[0])
    return found


def _trees(nb) -> list[ast.Module]:
    out = []
    for cell in nb.cells:
        if cell.cell_type == "code":
            try:
                out.append(ast.parse(verdicts._code(cell.source)))
            except SyntaxError:
                continue
    return out


@dataclass
class Answers:
    """What one graded notebook shows of its answers' code."""

    student: str
    chapter: str
    functions: dict  # {exercise name: normalised code of its answer function}
    flags: dict  # {exercise name: [flag, ...]}


def _owner(table, reference: str) -> str | None:
    """The exercise a reference function belongs to: its answer's name, else its checker's."""
    short = reference.removeprefix("reference_")
    for _, ex in table:
        if short in ex.names:
            return ex.name
    for _, ex in table:
        if reference in getattr(getattr(ex.checker, "__code__", None), "co_names", ()):
            return ex.name
    return None


def read(student: str, path: Path, pattern: str = verdicts.MODULES) -> Answers | None:
    """The answer functions and reference flags of one notebook (None when it is no notebook)."""
    try:
        nb = nbformat.read(path, as_version=4)
    except Exception:  # noqa: BLE001 - unreadable: graded (and reported) elsewhere
        return None
    table = verdicts.exercise_table(nb, pattern, path.name)
    if not table:
        return None
    module = table[0][0]
    answers = Answers(student, verdicts.chapter_of(module), {}, {})
    refs = references(module)
    by_name = {n: ex.name for _, ex in table for n in ex.names}
    aliases = verdicts.imports(nb, pattern)
    keys = {alias for alias, (m, name) in aliases.items() if m == module}

    def flag(exercise: str | None, text: str) -> None:
        if exercise and text not in answers.flags.setdefault(exercise, []):
            answers.flags[exercise].append(text)

    for tree in _trees(nb):
        for node in ast.walk(tree):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) \
                    and not _placeholder(node):
                code = normalised(node)
                if node.name in by_name:
                    answers.functions[by_name[node.name]] = code  # the last definition counts
                for ref, ref_code in refs.items():
                    if code == ref_code:
                        flag(by_name.get(node.name) or _owner(table, ref),
                             f"same code as dfkit's {ref}")
            name = node.id if isinstance(node, ast.Name) else \
                node.attr if isinstance(node, ast.Attribute) else None
            if name in refs:
                flag(_owner(table, name), f"uses dfkit's {name}")
            if isinstance(node, ast.Attribute) and node.attr == "answer" \
                    and isinstance(node.value, ast.Name) and node.value.id in keys:
                flag(aliases[node.value.id][1], f"reads {node.value.id}.answer (the key)")
    return answers


def flags(graded: list[tuple[str, Path]], pattern: str = verdicts.MODULES
          ) -> dict[tuple[str, str, str], list[str]]:
    """{(student, chapter, exercise): flags} for the graded notebooks ((student, path) each)."""
    found: dict[tuple[str, str, str], list[str]] = {}
    seen: dict[tuple[str, str, str], list[str]] = {}  # (chapter, exercise, code): students
    for student, path in graded:
        answers = read(student, path, pattern)
        if answers is None:
            continue
        for exercise, texts in answers.flags.items():
            found.setdefault((student, answers.chapter, exercise), []).extend(texts)
        for exercise, code in answers.functions.items():
            seen.setdefault((answers.chapter, exercise, code), []).append(student)
    for (chapter, exercise, _), students in seen.items():
        for student in students:
            for other in students:
                if other != student:
                    found.setdefault((student, chapter, exercise), []).append(
                        f"same code as {other}'s {chapter}.{exercise}")
    return found
