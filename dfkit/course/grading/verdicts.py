"""From a notebook's source and the answers its run left behind to one verdict per exercise.

Everything here runs in the grader's process: the exercise modules are the grader's own copy
(what the submission did to *its* ``Exercise.check`` or checkers never reaches them), and
nothing the submission wrote but its answer values is read (no log, no printed text).
Functions and objects among the answers are loaded into the :class:`~.sandbox.Sandbox` and
called there on the checkers' hidden cases.

An exercise's ``context`` (what the chapter computed and the checker compares the answer
with) comes from the grader's own run of the chapter's handout (a :class:`Reference`), except
the exercise's ``own_context``: the submission can set any of its variables by hand.
"""

from __future__ import annotations

import ast
import hashlib
import importlib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from dfkit.course.exercises import Exercise
from dfkit.course.grading.codec import TAG, decode
from dfkit.course.grading.execute import FINAL
from dfkit.course.grading.sandbox import RemoteObject, Sandbox, SandboxFailed

MODULES = r"dfkit\.course\.exercises\.ch\d\d"
ANSWERS_MAX_BYTES = 1 << 30  # answers.jsonl (written by the student's kernel): read up to this
ANSWER_LINE_MAX_BYTES = 128 << 20  # one snapshot; a longer one is not read (memory: one line)
ANSWER_CONTAINERS_MAX = 1_000_000  # lists and dicts in one snapshot (each costs ~60 bytes parsed)
ANSWER_ITEMS_MAX = 4_000_000  # commas in one snapshot: numbers in lists cost ~32 bytes parsed
ANSWERS_KEPT_MAX_BYTES = 384 << 20  # the snapshots kept at once (the latest per label), as text
MESSAGE_MAX_CHARS = 1200  # a prediction's explanation fits; an unbounded student value does not
SENTENCE_END = re.compile(r"[.!?](?=\s)")
STATUS = {"correct": "correct", "incorrect": "incorrect", "blank": "not attempted",
          "recorded": "to review", "error": "error"}


@dataclass
class Verdict:
    chapter: str
    exercise: str
    kind: str
    status: str
    message: str


def cut(message: str, limit: int = MESSAGE_MAX_CHARS) -> str:
    """``message`` cut to at most ``limit`` characters at the end of a sentence (else of a word),
    marked ``[...]``: feedback never stops mid-sentence nor echoes an unbounded student value."""
    if len(message) <= limit:
        return message
    head = message[: limit - 6]
    ends = [m.end() for m in SENTENCE_END.finditer(head + " ")]
    if ends and ends[-1] > limit // 3:
        return head[: ends[-1]] + " [...]"
    return head.rsplit(" ", 1)[0] + " [...]"


def chapter_of(module: str) -> str:
    """'03' for dfkit.course.exercises.ch03; the module's last name otherwise."""
    last = module.rsplit(".", 1)[-1]
    return last[2:] if re.fullmatch(r"ch\d\d", last) else last


def exercises_of(module: str) -> list[Exercise]:
    """The exercises a module defines, in definition order ([] when it cannot be imported)."""
    try:
        found = importlib.import_module(module)
    except ImportError:
        return []
    return [v for v in vars(found).values() if isinstance(v, Exercise)]


# what parsing a cell the student wrote can raise (a 600 KB expression: RecursionError)
UNPARSABLE = (SyntaxError, ValueError, RecursionError, MemoryError)
# The grader parses the student's cells in its own process, which has no memory cap: a syntax
# tree costs up to ~0.75 GB per MiB of code (`[a,a,...]`, hostile review 19). A chapter's
# longest cell is under 2 KiB and a whole chapter's code under 20 KiB; past these caps a cell
# is not parsed (:func:`unread_code` says so, and the notebook is flagged for review).
CELL_PARSE_MAX_BYTES = 256 << 10
NOTEBOOK_PARSE_MAX_BYTES = 2 << 20
# The copy checks walk a tree recursively (copy.deepcopy, ast.NodeTransformer): ~4 frames a
# level, a RecursionError past ~250 levels (`a+a+...+a`, 1,000 terms, hostile review 20). The
# handouts' and solutions' deepest cell is 15 levels; a deeper tree is not read.
AST_MAX_DEPTH = 100


def _parse_plan(nb) -> list[tuple[int, str | None]]:
    """(index of each code cell, its code, or None where a cap leaves it unparsed)."""
    plan, total = [], 0
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        source = cell.source
        if isinstance(source, list) and all(isinstance(part, str) for part in source):
            source = "".join(source)
        if not isinstance(source, str):  # a student's file can hold a number there
            source = ""
        # a character is at least a byte: a longer cell is never even blanked line by
        # line (64 Mi one-character lines would cost gigabytes as a list)
        code = _code(source) if len(source) <= CELL_PARSE_MAX_BYTES else None
        size = len(code.encode("utf-8", "surrogatepass")) if code is not None else 0
        if code is None or size > CELL_PARSE_MAX_BYTES \
                or total + size > NOTEBOOK_PARSE_MAX_BYTES:
            plan.append((index, None))  # what is not parsed does not use up the budget
            continue
        total += size
        plan.append((index, code))
    return plan


def depth(tree: ast.AST) -> int:
    """How many levels a syntax tree nests (counted without recursion)."""
    deepest, stack = 0, [(tree, 1)]
    while stack:
        node, level = stack.pop()
        deepest = max(deepest, level)
        stack.extend((child, level + 1) for child in ast.iter_child_nodes(node))
    return deepest


def _trees(nb):
    """(index of each code cell, its syntax tree, or None where a cap leaves it unread,
    "deep" where it nests past :data:`AST_MAX_DEPTH`); a cell that does not parse is left out."""
    for index, code in _parse_plan(nb):
        if code is None:
            yield index, None
            continue
        try:
            tree = ast.parse(code)
        except UNPARSABLE:
            continue
        yield index, (tree if depth(tree) <= AST_MAX_DEPTH else "deep")


def code_trees(nb):
    """Each code cell's syntax tree, one at a time (never all kept at once), skipping a cell
    that does not parse, that a cap leaves unread or that nests too deep for the copy checks.
    The one entry point for parsing a student's code."""
    for _, tree in _trees(nb):
        if isinstance(tree, ast.AST):
            yield tree


def unread_code(nb) -> str:
    """Why some of the notebook's code was not read by the grader's import and copy checks
    ("" when all of it was): a cell over :data:`CELL_PARSE_MAX_BYTES`, code past
    :data:`NOTEBOOK_PARSE_MAX_BYTES` in all, or a cell nested past :data:`AST_MAX_DEPTH`."""
    large, deep = [], []
    for index, tree in _trees(nb):
        if tree is None:
            large.append(index)
        elif tree == "deep":
            deep.append(index)
    said = []
    if large:
        said.append(f"{len(large)} code cell(s) (the first is cell {large[0] + 1}) were too "
                    f"large for the grader to read (over {CELL_PARSE_MAX_BYTES >> 10} KiB in "
                    f"one cell or {NOTEBOOK_PARSE_MAX_BYTES >> 20} MiB in all)")
    if deep:
        said.append(f"{len(deep)} code cell(s) (the first is cell {deep[0] + 1}) were too "
                    f"deeply nested for the grader to read (over {AST_MAX_DEPTH} levels)")
    if not said:
        return ""
    return (" and ".join(said) + ": their imports and answers were not checked for copies; "
            "read them by hand")


def _code(source) -> str:
    """A cell's Python, magics and shell lines blanked; a source that is not text (a student's
    file can hold a number there) reads as an empty cell."""
    if isinstance(source, list) and all(isinstance(part, str) for part in source):
        source = "".join(source)
    if not isinstance(source, str):
        return ""
    return "\n".join("" if line.lstrip().startswith(("%", "!")) else line
                     for line in source.splitlines())


def imports(nb, pattern: str = MODULES) -> dict[str, tuple[str, str]]:
    """{notebook name: (module, exercise name)} for ``from <module> import q1, q2 as x``."""
    found: dict[str, tuple[str, str]] = {}
    for tree in code_trees(nb):
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module \
                    and re.fullmatch(pattern, node.module):
                for alias in node.names:
                    found[alias.asname or alias.name] = (node.module, alias.name)
    return found


def modules_in(nb, pattern: str = MODULES) -> list[str]:
    """The exercise modules a notebook imports (import statements only, never a mention in a
    comment or a string), in order of first import."""
    found: list[str] = []
    for tree in code_trees(nb):
        for node in ast.walk(tree):
            names = ([node.module] if isinstance(node, ast.ImportFrom) and node.module
                     else [a.name for a in node.names] if isinstance(node, ast.Import) else [])
            for name in names:
                if re.fullmatch(pattern, name) and name not in found:
                    found.append(name)
    return found


def exercise_table(nb, pattern: str = MODULES, filename: str = "") -> list[tuple[str, Exercise]]:
    """(module, exercise) for the exercises of the notebook's own chapter: the imported module
    of the chapter its file name names (``03_x.ipynb``), else the first one it imports."""
    modules = [m for m in modules_in(nb, pattern) if exercises_of(m)]
    if not modules:
        return []
    named = re.match(r"(\d\d)_", filename) or re.search(r"_(\d\d)_", filename)
    own = [m for m in modules if named and chapter_of(m) == named.group(1)]
    module = own[0] if own else modules[0]
    return [(module, ex) for ex in exercises_of(module)]


def plan(nb, table: list[tuple[str, Exercise]], pattern: str = MODULES):
    """({cell index: names to copy after it}, names to copy at the end, {cell: exercises})."""
    aliases = imports(nb, pattern)
    by_key = {(m, ex.name): ex for m, ex in table}
    single = {ex.name: (m, ex) for m, ex in table} if len({m for m, _ in table}) == 1 else {}
    after: dict[int, set[str]] = {}
    checked: dict[int, list[tuple[str, str]]] = {}
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        for var in re.findall(r"\b(\w+)\.check\(", cell.source):
            if var in aliases:
                key = aliases[var]
            elif var in single:
                key = (single[var][0], var)
            else:
                continue
            if key in by_key:
                ex = by_key[key]
                after.setdefault(index, set()).update(ex.names + ex.context)
                checked.setdefault(index, []).append(key)
    final = sorted({n for _, ex in table for n in ex.names + ex.context})
    return {i: sorted(n) for i, n in after.items()}, final, checked


@dataclass
class Reference:
    """The grader's own run of a chapter's handout in one profile: per exercise, the context
    values it takes from that run (:func:`reference_names`), and why the run did not reach its
    end (None when it did)."""

    found: dict = field(default_factory=dict)  # {(module, exercise): {name: tree} or DROPPED}
    stopped: str | None = None
    seconds: float | None = None  # how long the handout ran (when it was made, if cached)
    cached: bool = False  # read from an earlier grading run's cache

    @classmethod
    def of(cls, table: list[tuple[str, Exercise]], answers: dict,
           stopped: str | None = None) -> Reference:
        """From the handout's snapshots (:func:`read_answers`): for each exercise, the one
        after the handout's last check cell of it, else the final one (only when the handout
        ran to its end: a stopped run's last values may be half-made); only the names the
        grader takes from it are kept."""
        final, found = (answers.get(FINAL) if stopped is None else None), {}
        for module, ex in table:
            names = reference_names(ex)
            if names:
                trees = answers.get((module, ex.name), final)
                found[(module, ex.name)] = trees if isinstance(trees, _Dropped) else \
                    {n: trees[n] for n in names if isinstance(trees, dict) and n in trees}
        return cls(found, stopped)

    def context(self, module: str, ex: Exercise) -> tuple[dict, str | None]:
        """({name: tree} for the exercise's :func:`reference_names`, None) or ({}, why not)."""
        trees = self.found.get((module, ex.name))
        if isinstance(trees, _Dropped):
            return {}, trees.why
        trees = trees or {}
        missing = [n for n in reference_names(ex) if n not in trees]
        if missing:
            why = self.stopped or "the handout did not define them where it checks the exercise"
            return {}, f"{', '.join(f'`{n}`' for n in missing)} missing: {why}"
        return dict(trees), None


def reference_names(ex: Exercise) -> tuple[str, ...]:
    """The context names the grader takes from its run of the handout, not the submission."""
    own = getattr(ex, "own_context", ())
    return tuple(n for n in ex.context if n not in own)


def _answered(ex: Exercise, trees: dict) -> bool:
    """Whether every answer name holds a value other than the ``____`` blank."""
    return all(isinstance(trees.get(n), dict) and trees[n].get("value") != {TAG: "blank"}
               for n in ex.names)


class _Dropped:
    """An exercise's latest snapshot could not be read: its verdict says why (an older snapshot
    is not graded in its place)."""

    def __init__(self, name: str, why: str):
        self.name, self.why = name, why

    def __repr__(self) -> str:
        return self.name


DROPPED = _Dropped("DROPPED", "its values were too large to copy")
LOST = _Dropped("LOST", "copying its values took longer than the grader allows and was stopped")


def mark_lost(answers: dict, lost: list[str]) -> None:
    """The final snapshot the execute process had to stop (``lost`` holds its labels) stands
    as :data:`LOST` when no line of it was read: an exercise without a snapshot of its own then
    says so, instead of "not attempted". A lost snapshot after a cell leaves its exercises to
    the final one (they are judged on the values the notebook ended with)."""
    if FINAL in lost and FINAL not in answers:
        answers[FINAL] = LOST
_LABEL = re.compile(rb'^\{"label": "([a-z]+(?::\d{1,9})?)"')  # how capture.snapshot starts a line
_TOKEN = re.compile(rb'^\{"label": "([a-z]+(?::\d{1,9})?)", "token": "([0-9a-f]{32})"')
WROTE_ITSELF = ("the notebook wrote {n} line(s) to the grader's answers file itself: review it "
                "(those lines were not read)")


class Answers(dict):
    """:func:`read_answers`' result: ``{(module, exercise) or FINAL: names}``, and ``ignored``,
    the number of lines the grader did not write (or that were changed after it did)."""

    ignored: int = 0


def _lines(stream):
    """(line, whole, sha256) for each line of the file, one at a time (memory: one line). A
    line longer than ``ANSWER_LINE_MAX_BYTES`` comes as its first bytes with ``whole`` False
    (its digest is the whole line's); reading stops after ``ANSWERS_MAX_BYTES``."""
    line_max, total_max, read = ANSWER_LINE_MAX_BYTES, ANSWERS_MAX_BYTES, 0
    while read < total_max:
        line = stream.readline(line_max + 1)
        if not line:
            return
        read += len(line)
        digest = hashlib.sha256(line)
        if len(line) <= line_max or line.endswith(b"\n"):
            yield line, True, digest.hexdigest()
            continue
        head = line[:200]
        while line and not line.endswith(b"\n") and read < total_max:  # the rest of a long one
            line = stream.readline(1 << 20)
            digest.update(line)
            read += len(line)
        yield head, False, digest.hexdigest()


def read_answers(path: Path, checked: dict[int, list], issued: list | None = None) -> Answers:
    """{(module, exercise) or FINAL: names} from the snapshots (the last per exercise).

    ``issued``: the execute process's ``[(label, token, sha256)]``, in the order it took the
    snapshots. Only the first line carrying an issued token is read, when its label and bytes
    are the ones reported and it comes after the last line read; every other line (a label
    without token, an unknown or repeated token, a line changed after it was written) is
    counted in ``ignored`` and read as nothing. ``None``: every line is read (a file the grader
    wrote or checked itself).

    Read a line at a time and only the latest snapshot per exercise kept, so a notebook that
    checks a large answer (ch09 q4's models) in many cells loses none of its later snapshots.
    A snapshot too large to read (bytes, nested containers or items that would blow up in
    memory, or more than :data:`ANSWERS_KEPT_MAX_BYTES` with the other snapshots kept) leaves
    :data:`DROPPED` for its exercises: what one notebook's answers take in the grader's memory
    is bounded, whatever its kernel wrote."""
    found = Answers()
    sizes: dict[int, int] = {}  # id of a snapshot kept in found -> its line's bytes
    order = None if issued is None else {str(t): (i, str(lab), str(d))
                                         for i, (lab, t, d) in enumerate(issued)}
    last = -1
    try:  # the student's kernel wrote it: any bytes, any size, any shape
        if not path.is_file() or path.is_symlink():
            return found
        with open(path, "rb") as stream:
            for raw, whole, digest in _lines(stream):
                if order is not None:
                    mark = _TOKEN.match(raw)
                    want = order.get(mark.group(2).decode()) if mark else None
                    if want is None or want[0] <= last or want[1] != mark.group(1).decode() \
                            or want[2] != digest:
                        found.ignored += bool(raw.strip())
                        continue
                    last = want[0]
                label = _LABEL.match(raw)
                name = label.group(1).decode() if label else ""
                # what stays kept beside this snapshot (the ones it replaces are let go)
                keys = _keys(name, checked)
                others = {id(v) for k, v in found.items() if k not in keys}
                room = ANSWERS_KEPT_MAX_BYTES - sum(sizes.get(i, 0) for i in others)
                if whole and len(raw) <= room and _small(raw):
                    names = _read_record(raw, checked, found)
                    if names is not None:
                        sizes[id(names)] = len(raw)
                elif label:
                    _file(name, DROPPED, checked, found)
                alive = {id(v) for v in found.values()}
                sizes = {i: n for i, n in sizes.items() if i in alive}
    except OSError:
        return found
    return found


def _small(raw: bytes) -> bool:
    """Whether a snapshot line parses in bounded memory: few enough containers and items."""
    return (raw.count(b"[") + raw.count(b"{") <= ANSWER_CONTAINERS_MAX
            and raw.count(b",") <= ANSWER_ITEMS_MAX)


def _keys(label: str, checked: dict[int, list]) -> list:
    """The keys of ``found`` a snapshot's label stands for: FINAL, or its cell's exercises."""
    if label == FINAL:
        return [FINAL]
    if label.startswith("cell:") and label[5:].isdigit() and len(label) < 16:
        return [tuple(key) for key in checked.get(int(label[5:]), [])]
    return []


def _file(label: str, names, checked: dict[int, list], found: dict) -> None:
    """Put a snapshot's names under the exercises its label stands for."""
    for key in _keys(label, checked):
        found[key] = names


def _read_record(raw: bytes, checked: dict[int, list], found: dict) -> dict | None:
    """Put one snapshot line into ``found``; the names filed (None: a garbled line, which
    changes nothing)."""
    try:
        record = json.loads(raw.decode("utf-8", errors="replace"))
    except (ValueError, RecursionError):
        return None
    if not isinstance(record, dict) or not isinstance(record.get("names"), dict):
        return None
    names = {k: v for k, v in record["names"].items()
             if isinstance(k, str) and isinstance(v, dict) and "value" in v}
    label = record.get("label")
    if not isinstance(label, str):
        return None
    _file(label, names, checked, found)
    return names


def _pickled(tree) -> bool:
    """Whether a copied value is a pickle (loading it runs code, in the sandbox)."""
    value = tree.get("value") if isinstance(tree, dict) else None
    return isinstance(value, dict) and value.get(TAG) == "pickle"


SHARED_PROCESS = (
    "checked by your instructor: the checker's reference objects from the grader's run of the "
    "handout ({names}) had to be loaded into the same process as your code, which could change "
    "what they answer, so an automatic \"correct\" is not trusted here")


def _namespace(trees: dict, names: tuple[str, ...], sandbox: Sandbox) -> dict:
    """The checker's values of ``names``, loaded in their order (pickles into the sandbox)."""
    values = {}
    for name in names:
        if name not in trees:
            continue
        tree = trees[name].get("value")
        if isinstance(tree, dict) and tree.get(TAG) == "pickle":
            try:
                handle = sandbox.load(tree)
            except ImportError as exc:  # e.g. a checker's reference, refused in the sandbox
                raise SandboxFailed(f"`{name}` could not be loaded: {exc}") from None
            values[name] = RemoteObject(sandbox, handle, "function")
        else:
            values[name] = decode(tree)
    return values


def judge(ex: Exercise, trees: dict | None, sandbox: Sandbox, stopped: str | None,
          reached: bool = True, first: tuple[str, ...] = (),
          shared: tuple[str, ...] = ()) -> tuple[str, str]:
    """(status, message) for one exercise from its copied answers; ``reached`` is False when
    the notebook stopped before the exercise's first check cell. ``first``: names loaded
    before the others (the grader's own reference objects, before any of the student's);
    ``shared``: pickled reference names that share the sandbox with the student's pickled
    code, whose "correct" is then left to the instructor."""
    if trees is None:
        reason = f"not reached: {stopped}" if stopped else "no answers could be read"
        return "not attempted", reason
    try:
        order = (*[n for n in first if n in ex.names + ex.context],
                 *[n for n in ex.names + ex.context if n not in first])
        namespace = _namespace(trees, order, sandbox)
        status, message = ex.evaluate(namespace)
        if getattr(ex, "by_hand_when_graded", False) and status not in ("blank", "correct"):
            # the automatic message is not shown: through the sandbox's proxy the checker
            # cannot see the student's object, so it would blame a right answer
            status, message = "recorded", (
                "checked by your instructor: this exercise's checker needs your code in its own "
                "process, which the grader does not allow")
        if shared and status == "correct":
            status, message = "recorded", SHARED_PROCESS.format(
                names=", ".join(f"`{n}`" for n in shared))
        text = namespace.get(ex.names[0])
        if getattr(ex, "free_text", False) and status != "blank" and isinstance(text, str):
            status, message = "recorded", f"your answer, for your instructor to read: {text}"
    except SandboxFailed as exc:
        status, message = "incorrect", str(exc)
    except RecursionError:
        status, message = "incorrect", "your answer is nested too deeply to be graded"
    except Exception as exc:  # noqa: BLE001 - a checker bug: the instructor must look
        status, message = "error", f"the checker failed: {type(exc).__name__}: {exc}"
    if status == "blank" and stopped and not reached:
        message = f"not reached: {stopped}"
    # a student's string may hold lone surrogates ("\ud800") that no UTF-8 file can take
    message = str(message).encode("utf-8", "backslashreplace").decode("utf-8")
    message = cut(message)
    if status == "correct" and not message.strip():
        message = "correct"  # a row of grades.csv says so, never nothing
    return STATUS.get(status, "error"), message


def verdicts(table: list[tuple[str, Exercise]], answers: dict, sandbox: Sandbox,
             stopped: str | None, stop_cell: int | None = None,
             checked: dict | None = None, reference: Reference | None = None) -> list[Verdict]:
    """One verdict per exercise: from the snapshot after its last check cell, else the final one.

    With a ``reference`` (the grader's run of the chapter's handout), each exercise's context
    comes from it (:func:`reference_names`); a context value it lacks makes the verdict an
    error for the instructor, never a fall-back to the submission's value. Without one (no
    handout to run) the context comes from the submission, as its answers do."""
    final = answers.get(FINAL)
    first = {}
    for cell, keys in sorted((checked or {}).items()):
        for key in keys:
            first.setdefault(tuple(key), cell)
    out = []
    for module, ex in table:
        trees = answers.get((module, ex.name), final)
        cell = first.get((module, ex.name))
        reached = stop_cell is None or (cell is not None and cell < stop_cell)
        if trees is DROPPED:
            status, message = "error", (
                f"the answers at this exercise's last check were too large for the grader to "
                f"copy (over {ANSWER_LINE_MAX_BYTES >> 20} MiB, over "
                f"{ANSWERS_KEPT_MAX_BYTES >> 20} MiB with the notebook's other answers, or over "
                f"{ANSWER_CONTAINERS_MAX:,} nested lists or {ANSWER_ITEMS_MAX:,} items): keep "
                "only what the exercise asks for in its variables; your instructor can grade "
                "it by hand")
        elif trees is LOST:
            status, message = "error", (
                "copying your answers at the end of the notebook took longer than the grader "
                "allows and it was stopped (a value very slow to copy, or a kernel that did not "
                "answer): keep only what the exercise asks for in its variables; your "
                "instructor can grade it by hand")
        else:
            status, message = None, ""
            ours: dict = {}
            if reference is not None and reference_names(ex) and trees is not None:
                ours, why = reference.context(module, ex)
                # the submission's own values of these names are never read
                trees = {k: v for k, v in trees.items() if k not in reference_names(ex)}
                if why is None:
                    trees.update(ours)
                elif _answered(ex, trees):
                    status, message = "error", (
                        f"the grader's own run of the chapter's handout gave no "
                        f"{', '.join(f'`{n}`' for n in reference_names(ex))} to check this "
                        f"answer with ({why}): your instructor grades it by hand")
                    message = cut(message)
            if status is None:
                # pickled reference objects go into a process no student code has run in
                # (an earlier exercise's could have patched it), loaded before any student
                # value; student code loaded with them could still change them
                objects = tuple(n for n in ours if _pickled(ours[n]))
                theirs = any(_pickled((trees or {}).get(n)) for n in ex.names + ex.context
                             if n not in ours)
                sandbox.next_exercise(fresh=bool(objects))  # its own time budget
                status, message = judge(ex, trees, sandbox, stopped, reached, first=tuple(ours),
                                        shared=objects if theirs else ())
        out.append(Verdict(chapter_of(module), ex.name, ex.kind, status, message))
    return out
