"""Answers that look copied, flagged for the instructor (points are never changed on a guess).

The checkers' reference functions and multiple-choice keys ship with ``dfkit`` (the course is
public), so a student can read them. Three flags name what the grader can see:

* an answer function whose code is a checker's reference function up to names, comments,
  docstrings, annotations and formatting: "same code as dfkit's _reference_is_uniform";
* notebook code that names a checker's reference function or an exercise's ``_key`` (the
  multiple-choice key; ``answer``, its old public name, too): "uses dfkit's
  _reference_is_uniform", "reads q7._key (the key)";
* notebook code that imports from the checker module anything but its exercises, ``____``
  and the names the chapter itself imports (``HANDOUT_NAMES``), or reads such a name off the
  module (``import dfkit.course.exercises.ch06 as k; k.extra_needed()``): the checkers'
  helpers compute answers: "imports dfkit's extra_needed (a checker's helper)";
* two students' answer functions to one exercise with the same normalised code: "same code as
  bob's 02.q6";
* an answer function the grader received whose compiled code is a reference function's
  (:func:`compiled`, read from the pickled bytes without loading them): "same compiled code as
  dfkit's _reference_is_uniform" (a notebook that rebuilds the reference from its ``__code__``
  names it nowhere in its text).

Code is compared as normalised ASTs (:func:`normalised`): docstrings and annotations dropped,
every variable, argument and function name renamed in order of appearance (attributes and
keywords, the APIs called, are kept). Short answers are not compared (:data:`MIN_NODES`): the
course's hints lead honest students to the reference's few lines, and a form that many students
share (more than :data:`MAX_SHARED`) is what the hints lead to, not a copy. An edited copy (a
``pass`` added, ``<= 2`` made ``< 3``, a lambda) is not caught: the flags are a heuristic.
"""

from __future__ import annotations

import ast
import base64
import copy
import inspect
import io
import pickle
import textwrap
from dataclasses import dataclass, field
from pathlib import Path

from dfkit.course.grading import outputs, submissions, verdicts
from dfkit.course.grading.codec import TAG

KEY_ATTRIBUTES = ("_key", "answer")  # where an Exercise keeps its multiple-choice key
PLACEHOLDER = "____"
# Smallest normalised code (AST nodes) compared. The course's answers are 2-10 lines: 20-115
# nodes in solutions/; the hint-led ones (02 q5 is_uniform, q6 histogram_image, 00 q3) are
# 50-75, and so were the honest answers, written alone, that matched each other and the
# references. 80 compares only answers longer than the hints dictate (06 q2, 09 q1, and a
# student's own longer code).
MIN_NODES = 80
# Most students sharing one form for it to be flagged: a form shared by more is what the hints
# lead to (the solution's q5 and q6 were each shared by 5-10 of the reviewer's 11 notebooks).
MAX_SHARED = 3


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


# nodes of function code copied (and normalised) per notebook at most: each nested function
# is copied with everything it holds, so 95 nested defs around a wide list cost nesting times
# width (a 70 KB cell took 243 s, hostile review 20b, G2); an honest notebook holds a few
# thousand. A function past the budget is named as unread and its notebook flagged.
COPY_BUDGET = 100_000


def _subtree_sizes(tree: ast.AST) -> dict[int, int]:
    """{id(node): how many nodes it holds, itself included}, in one pass without recursion."""
    sizes: dict[int, int] = {}
    stack = [(tree, False)]
    while stack:
        node, done = stack.pop()
        if done:
            sizes[id(node)] = 1 + sum(sizes[id(c)] for c in ast.iter_child_nodes(node))
        else:
            stack.append((node, True))
            stack.extend((child, False) for child in ast.iter_child_nodes(node))
    return sizes


def _normal_copy(node: ast.AST) -> ast.AST:
    """A normalised copy of a function's tree (the original is left as it was)."""
    return _Normaliser().visit(copy.deepcopy(node))


def normalised(node: ast.AST) -> str:
    """A function's code up to names, docstrings, annotations, comments and formatting."""
    return ast.dump(_normal_copy(node), include_attributes=False)


def size(node: ast.AST) -> int:
    """How many AST nodes a function's normalised code holds (docstrings and annotations out)."""
    return sum(1 for _ in ast.walk(_normal_copy(node)))


def comparable(node: ast.AST) -> str | None:
    """:func:`normalised` of a function whose :func:`size` is at least :data:`MIN_NODES`, else
    None: from one copy, normalised once (the two functions make one each)."""
    tree = _normal_copy(node)
    if sum(1 for _ in ast.walk(tree)) < MIN_NODES:
        return None
    return ast.dump(tree, include_attributes=False)


def _placeholder(node: ast.AST) -> bool:
    """True for the handout's unanswered ``return ____`` (every blank notebook has it)."""
    return any(isinstance(n, ast.Name) and n.id == PLACEHOLDER for n in ast.walk(node))


def _module(module: str):
    """The checker module, or None where it cannot be imported."""
    try:
        return __import__(module, fromlist=["_"])
    except ImportError:
        return None


REFERENCE_PREFIXES = ("reference_", "_reference_")  # a checker's reference, public or private


def _is_reference(name: str) -> bool:
    return name.startswith(REFERENCE_PREFIXES)


def _reference_functions(module: str) -> dict:
    """{name: function} of the checker module's reference functions (``reference_*``, or
    ``_reference_*``: private, so that tab completion does not offer them)."""
    mod = _module(module)
    if mod is None:
        return {}
    return {name: fn for name, fn in vars(mod).items() if _is_reference(name)
            and inspect.isfunction(fn) and fn.__module__ == module}


def references(module: str) -> dict[str, str]:
    """{name: normalised code} of the checker module's reference functions long enough to
    compare (:data:`MIN_NODES`)."""
    found = {}
    for name, fn in _reference_functions(module).items():
        try:
            tree = ast.parse(textwrap.dedent(inspect.getsource(fn)))
        except (OSError, TypeError, SyntaxError):
            continue
        if (code := comparable(tree.body[0])) is not None:
            found[name] = code
    return found


def reference_names(module: str) -> set[str]:
    """The names of the checker module's reference functions (a mention of one is flagged)."""
    return set(_reference_functions(module))


def handout_names(module: str) -> set[str]:
    """What a notebook may import from the checker module: its exercises, ``____`` and the
    names its chapter imports itself (the module's ``HANDOUT_NAMES``)."""
    from dfkit.course.exercises import Exercise

    mod = _module(module)
    if mod is None:
        return {PLACEHOLDER}
    return ({n for n, obj in vars(mod).items() if isinstance(obj, Exercise)} | {PLACEHOLDER}
            | set(getattr(mod, "HANDOUT_NAMES", ())))


def _reached(module: str, code) -> set[str]:
    """Every name a checker's code reaches: its own names and its nested functions', and those
    of the module's functions it names, however deep (a helper two calls deep still counts)."""
    mod = _module(module)
    found: set[str] = set()
    seen: set[str] = set()  # the module's functions already walked
    stack = [code]
    while stack:
        code = stack.pop()
        nested = [c for c in code.co_consts if inspect.iscode(c)]  # functions and lambdas
        names = set(code.co_names) | {c.co_name for c in nested}
        found |= names
        stack.extend(nested)
        for other in names - seen:
            fn = getattr(mod, other, None)
            if inspect.isfunction(fn) and fn.__module__ == module:
                seen.add(other)
                stack.append(fn.__code__)
    return found


def _checker_reach(table, module: str) -> list[tuple[str, set[str]]]:
    """(exercise, the names its checker reaches) in ``table``'s order: walked once per
    notebook, so that each name a notebook imports is a set lookup (hostile review 20c, M1)."""
    if _module(module) is None:
        return []
    return [(ex.name, _reached(module, code)) for _, ex in table
            if (code := getattr(ex.checker, "__code__", None)) is not None]


def _helper_owner(table, module: str, name: str, reach: list | None = None) -> str | None:
    """The exercise whose checker reaches ``name``, directly or through the module's own
    functions (a helper two calls deep still belongs to its exercise); else the first one.
    ``reach`` is :func:`_checker_reach`'s, computed here when not given."""
    for exercise, names in _checker_reach(table, module) if reach is None else reach:
        if name in names:
            return exercise
    return table[0][1].name if table else None


def _star_names(module: str) -> list[str]:
    """The names ``from module import *`` binds: its ``__all__``, else its public names."""
    mod = _module(module)
    star = getattr(mod, "__all__", None)
    return list(star) if star is not None else [n for n in vars(mod or object)
                                                 if not n.startswith("_")]


def _module_aliases(nb, module: str) -> set[str]:
    """Names a notebook binds to the checker module itself (``import ... as k``,
    ``from dfkit.course.exercises import ch06``)."""
    package, _, short = module.rpartition(".")
    found = set()
    for tree in verdicts.code_trees(nb):
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                found |= {a.asname for a in node.names if a.name == module and a.asname}
            elif isinstance(node, ast.ImportFrom) and node.module == package:
                found |= {a.asname or a.name for a in node.names if a.name == short}
    return found




@dataclass
class Answers:
    """What one graded notebook shows of its answers' code."""

    student: str
    chapter: str
    functions: dict  # {exercise name: normalised code of its answer function}
    flags: dict  # {exercise name: [flag, ...]}
    unread: list = field(default_factory=list)  # functions the checks could not read


UNREAD = outputs.COPIES_UNREAD  # a flag of the whole notebook


def _owner(table, reference: str) -> str | None:
    """The exercise a reference function belongs to: its answer's name, else its checker's."""
    short = reference.lstrip("_").removeprefix("reference_")
    for _, ex in table:
        if short in ex.names:
            return ex.name
    for _, ex in table:
        if reference in getattr(getattr(ex.checker, "__code__", None), "co_names", ()):
            return ex.name
    return None


def read(student: str, path: Path, pattern: str = verdicts.MODULES,
         problems: list | None = None) -> Answers | None:
    """The answer functions and reference flags of one notebook (None when it is no notebook,
    or one whose cells cannot be read: it runs after every notebook was judged, so a student's
    malformed file must never stop the class's grades from being written); why it could not be
    read goes to ``problems`` (never silence: :func:`flags` flags the notebook)."""
    try:
        return _read(student, path, pattern)
    except Exception as exc:  # noqa: BLE001 - unreadable: graded (and reported) elsewhere
        if problems is not None:
            problems.append(f"{type(exc).__name__}: {exc}"[:200])
        return None


def _read(student: str, path: Path, pattern: str) -> Answers | None:
    nb = submissions.read_notebook(path)
    table = verdicts.exercise_table(nb, pattern, path.name)
    if not table:
        return None
    module = table[0][0]
    answers = Answers(student, verdicts.chapter_of(module), {}, {})
    refs, named = references(module), reference_names(module)
    by_name = {n: ex.name for _, ex in table for n in ex.names}
    aliases = verdicts.imports(nb, pattern)
    keys = {alias for alias, (m, name) in aliases.items() if m == module}
    allowed, module_names = handout_names(module), _module_aliases(nb, module)

    helpers: set[str] = set()  # names already looked up: only distinct names cost anything
    reach: list = []  # [_checker_reach's], walked at the first helper

    def helper(name: str) -> None:
        if name in helpers or name in allowed or name in named:  # references: their own flag
            return
        helpers.add(name)
        if name == "*":  # brings the module's public names, helpers too
            for public in _star_names(module):
                helper(public)
            return
        if not reach:
            reach.append(_checker_reach(table, module))
        flag(_helper_owner(table, module, name, reach[0]),
             f"imports dfkit's {name} (a checker's helper)")

    flagged: set[tuple[str, str]] = set()  # (exercise, flag): a list's `in` is quadratic

    def flag(exercise: str | None, text: str) -> None:
        if exercise and (exercise, text) not in flagged:
            flagged.add((exercise, text))
            answers.flags.setdefault(exercise, []).append(text)

    def function(node) -> str | None:
        """The normalised code of an answer-sized function, None for a smaller one; one too
        deep to copy is named in ``answers.unread`` (code_trees keeps the trees shallow)."""
        try:
            return comparable(node)
        except RecursionError:
            answers.unread.append(node.name)
            return None

    spent = 0  # nodes copied so far (COPY_BUDGET)
    for tree in verdicts.code_trees(nb):
        sizes = _subtree_sizes(tree)
        for node in ast.walk(tree):
            is_function = isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))
            if is_function and spent + sizes[id(node)] > COPY_BUDGET:
                answers.unread.append(node.name)
                is_function = False
            elif is_function:
                spent += sizes[id(node)]
            if is_function and not _placeholder(node) and (code := function(node)) is not None:
                if node.name in by_name:
                    answers.functions[by_name[node.name]] = code  # the last definition counts
                for ref, ref_code in refs.items():
                    if code == ref_code:
                        flag(by_name.get(node.name) or _owner(table, ref),
                             f"same code as dfkit's {ref}")
            name = node.id if isinstance(node, ast.Name) else \
                node.attr if isinstance(node, ast.Attribute) else None
            if name in named:
                flag(_owner(table, name), f"uses dfkit's {name}")
            if isinstance(node, ast.Attribute) and node.attr in KEY_ATTRIBUTES \
                    and isinstance(node.value, ast.Name) and node.value.id in keys:
                flag(aliases[node.value.id][1],
                     f"reads {node.value.id}.{node.attr} (the key)")
            if isinstance(node, ast.ImportFrom) and node.module == module:
                for alias in node.names:
                    helper(alias.name)
            if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) \
                    and node.value.id in module_names:
                helper(node.attr)
    return answers


def flags(graded: list[tuple[str, Path]], pattern: str = verdicts.MODULES,
          unread: dict | None = None) -> dict[tuple[str, str, str], list[str]]:
    """{(student, chapter, exercise): flags} for the graded notebooks ((student, path) each);
    ``unread`` receives {(student, notebook name): the flag} for each notebook whose code
    could not all be read (a flag of the whole notebook, :data:`UNREAD`)."""
    found: dict[tuple[str, str, str], list[str]] = {}
    seen: dict[tuple[str, str, str], list[str]] = {}  # (chapter, exercise, code): students
    unread = {} if unread is None else unread
    for student, path in graded:
        problems: list[str] = []
        answers = read(student, path, pattern, problems)
        if problems:
            unread[(student, path.name)] = f"{UNREAD} ({problems[0]}): read it by hand"
        elif answers is not None and answers.unread:
            unread[(student, path.name)] = (
                f"{UNREAD} (function {answers.unread[0]} too deeply nested, or past the "
                f"{COPY_BUDGET:,} nodes of code the grader copies per notebook): read it by "
                "hand")
        if answers is None:
            continue
        for exercise, texts in answers.flags.items():
            found.setdefault((student, answers.chapter, exercise), []).extend(texts)
        for exercise, code in answers.functions.items():
            seen.setdefault((answers.chapter, exercise, code), []).append(student)
    for (chapter, exercise, _), students in seen.items():
        if len(students) > MAX_SHARED:  # a form many share is what the hints lead to
            continue
        for student in students:
            for other in students:
                if other != student:
                    found.setdefault((student, chapter, exercise), []).append(
                        f"same code as {other}'s {chapter}.{exercise}")
    return found


class _Stub:
    """What one pickled object would have been (the callable and its arguments); nothing runs."""

    def __init__(self, what, args=()):
        self.what, self.args = what, args

    def __call__(self, *args):
        return _Stub(self, args)

    def __setstate__(self, state):
        self.state = state

    def __setitem__(self, key, value):
        pass

    def append(self, item):
        pass

    def extend(self, items):
        pass

    def add(self, item):
        pass


class _Global:
    """A global a pickle names (``module.name``), never imported: calling it makes a stub."""

    where: tuple = ()

    def __new__(cls, *args):
        return _Stub(cls.where, args)


class _StubUnpickler(pickle.Unpickler):
    """Reads a pickle's structure without importing or calling what it names."""

    def __init__(self, data: bytes):
        super().__init__(io.BytesIO(data))
        self.globals_named: set[tuple[str, str]] = set()

    def find_class(self, module, name):
        self.globals_named.add((str(module), str(name)))
        return type("Global", (_Global,), {"where": (str(module), str(name))})

    def persistent_load(self, pid):
        raise pickle.UnpicklingError("no persistent ids")


def _is_code(stub) -> bool:
    """True for cloudpickle's rebuilt code object: ``_builtin_type("CodeType")(...)``."""
    maker = stub.what if isinstance(stub, _Stub) else None
    return isinstance(maker, _Stub) and maker.args == ("CodeType",) \
        and maker.what[-1:] == ("_builtin_type",)


def _form(value, depth: int = 0):
    """A comparable form of a read pickle's value (code objects with all their fields)."""
    if depth > 40:
        raise RecursionError
    if isinstance(value, _Stub):
        what = value.what if isinstance(value.what, tuple) else _form(value.what, depth + 1)
        return ("call", what, _form(value.args, depth + 1))
    if isinstance(value, (list, tuple)):
        return tuple(_form(v, depth + 1) for v in value)
    if isinstance(value, (str, bytes, int, float, complex, bool, type(None))):
        return value
    return ("other", type(value).__name__)


CODES_MAX_STEPS = 200_000  # objects visited in one pickle, at most (a submission's is untrusted)


def _codes(value, found: list, depth: int = 0, seen: set | None = None,
           budget: list | None = None) -> None:
    """Every code object (as :func:`_form`) in a read pickle's value. Each object is visited
    once (a pickle can share one tuple at every level of a deep nest: walked as a tree, 40
    levels are 2**40 steps) and at most :data:`CODES_MAX_STEPS` objects in all."""
    seen = set() if seen is None else seen
    budget = [CODES_MAX_STEPS] if budget is None else budget
    if depth > 200 or id(value) in seen or budget[0] <= 0:
        return
    if isinstance(value, (_Stub, list, tuple, dict)):
        seen.add(id(value))
        budget[0] -= 1
    if isinstance(value, _Stub):
        if _is_code(value):
            found.append(_form(value))
        for part in (value.what, value.args, getattr(value, "state", None)):
            _codes(part, found, depth + 1, seen, budget)
    elif isinstance(value, (list, tuple)):
        for v in value:
            _codes(v, found, depth + 1, seen, budget)
    elif isinstance(value, dict):
        for v in value.values():
            _codes(v, found, depth + 1, seen, budget)


def _read_pickle(data: bytes) -> tuple[list, set[tuple[str, str]]]:
    """(code objects, globals named) of a pickle, read without loading it; nothing when it
    cannot be read so."""
    reader = _StubUnpickler(data)
    try:
        value = reader.load()
        found: list = []
        _codes(value, found)
    except Exception:  # noqa: BLE001 - any pickle the stubs cannot read: no flag
        return [], set()
    return found, reader.globals_named


def _reference_codes(module: str) -> dict:
    """{compiled form of its code: name} for the module's reference functions, as cloudpickle
    sends a function compiled from their code."""
    import cloudpickle

    found = {}
    for name, fn in _reference_functions(module).items():
        codes, _ = _read_pickle(cloudpickle.dumps(fn.__code__))
        if codes:
            found[codes[0]] = name
    return found


def compiled(module: str, tree) -> list[str]:
    """Flags for one answer value as the grader received it (an encoded tree): a function whose
    compiled code is one of ``module``'s reference functions (rebuilt from its ``__code__``,
    so the notebook's text need not name it), or the reference itself."""
    if not (isinstance(tree, dict) and tree.get(TAG) == "pickle"
            and isinstance(tree.get("data"), str)):
        return []
    try:
        data = base64.b64decode(tree["data"])
    except ValueError:
        return []
    codes, named = _read_pickle(data)
    references_by_code = _reference_codes(module)
    out = []
    for code in codes:
        name = references_by_code.get(code)
        if name and f"same compiled code as dfkit's {name}" not in out:
            out.append(f"same compiled code as dfkit's {name}")
    for where, name in sorted(named):
        if where == module and _is_reference(name):
            out.append(f"is dfkit's {name}")
    return out


def received(table, answers: dict) -> dict[tuple[str, str], list[str]]:
    """{(chapter, exercise): flags} from the answers the grader copied out of the kernel
    (:func:`compiled` on each answer function; ``answers`` as ``verdicts.read_answers``)."""
    final = answers.get(verdicts.FINAL)
    found: dict[tuple[str, str], list[str]] = {}
    for module, ex in table:
        trees = answers.get((module, ex.name), final)
        if not isinstance(trees, dict):
            continue
        for name in ex.names:
            entry = trees.get(name)
            for text in compiled(module, entry.get("value") if isinstance(entry, dict) else None):
                found.setdefault((verdicts.chapter_of(module), ex.name), []).append(text)
    return found
