"""dfkit's import graph, read from the source (ast): no module imports itself back, and the runtime
library (everything outside ``dfkit/course/``) needs none of the course tooling's packages."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "dfkit"
COURSE_ONLY = {"nbclient", "nbformat", "seaborn"}  # the grader, student copies and plots need them


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {_module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def _imports(module: str) -> set[str]:
    """Every module ``module`` imports, at the top or inside a function (a lazy import is still an
    edge: it only hides a cycle). ``from a import b`` means the module a.b when there is one."""
    path, found = MODULES[module], set()
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:  # relative: from . import x, from ..a import b
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            for alias in node.names:
                found.add(f"{base}.{alias.name}" if f"{base}.{alias.name}" in MODULES else base)
    return found


def graph() -> dict[str, set[str]]:
    """dfkit's modules and the dfkit modules each imports."""
    return {m: {i for i in _imports(m) if i in MODULES and i != m} for m in MODULES}


def find_cycle(edges: dict[str, set[str]]) -> list[str] | None:
    """One cycle of ``edges`` (as the list of its modules, first repeated last), or None."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for nxt in sorted(edges[node]):
            if state.get(nxt) == 1:
                return path[path.index(nxt):] + [nxt]
            if nxt not in state and (cycle := visit(nxt)):
                return cycle
        state[node] = 2
        path.pop()
        return None

    for start in sorted(edges):
        if start not in state and (cycle := visit(start)):
            return cycle
    return None


def test_the_cycle_finder_finds_a_cycle_and_accepts_a_tree():
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b", "c"}, "b": {"c"}, "c": set()}) is None


def test_the_graph_sees_lazy_imports_and_the_old_models_cycle():
    """The edge that made the cycle (backbones imported paper inside build_lite0) is one this graph
    would see: a function-level import is parsed like a top-level one."""
    tree = ast.parse("def f():\n    from dfkit.models.paper import standard_metrics\n")
    imported = {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)}
    edges = graph()
    edges["dfkit.models.backbones"] |= imported
    cycle = find_cycle(edges)
    assert cycle is not None and set(cycle) == {"dfkit.models.backbones", "dfkit.models.paper"}


def test_dfkit_has_no_import_cycle():
    edges = graph()
    assert "dfkit.models.head" in edges["dfkit.models.backbones"] & edges["dfkit.models.paper"]
    assert find_cycle(edges) is None, f"import cycle: {' -> '.join(find_cycle(edges))}"


def _runtime_closure() -> set[str]:
    """The runtime modules (outside dfkit.course) and every dfkit module they import, directly or not."""
    edges = graph()
    todo = [m for m in MODULES if not m.startswith("dfkit.course")]
    seen = set(todo)
    while todo:
        for nxt in edges[todo.pop()] - seen:
            seen.add(nxt)
            todo.append(nxt)
    return seen


def test_the_runtime_library_imports_no_course_only_package_even_through_dfkit_course():
    runtime = _runtime_closure()  # the CLI uses dfkit.course.chapter.prepare: its imports count too
    used = {name.split(".")[0] for m in runtime for name in _imports(m)}
    assert not used & COURSE_ONLY, f"the runtime library imports {used & COURSE_ONLY}"


def test_importing_the_library_loads_no_course_only_package():
    """The same, as Python sees it: after importing every runtime module (one process), none of
    those packages is in ``sys.modules``."""
    runtime = sorted(m for m in MODULES if not m.startswith("dfkit.course"))
    code = (f"import importlib, sys\nfor m in {runtime!r}:\n    importlib.import_module(m)\n"
            f"print('LOADED', sorted(set(sys.modules) & set({sorted(COURSE_ONLY)!r})))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=600, cwd=ROOT)
    assert out.returncode == 0, out.stderr[-2000:]
    assert "LOADED []" in out.stdout.splitlines(), out.stdout[-2000:]


def test_models_and_training_re_export_their_main_module_lazily():
    """``models.build_cnn`` and ``training.batches`` work at package level, a light submodule
    (``models.torch_weights``, ``training.scale_out``) loads without Keras, and a name that
    is neither a submodule nor public says which package lacks it."""
    code = (
        "import sys\n"
        "from dfkit.models import torch_weights\n"
        "from dfkit.training import scale_out\n"
        "print('KERAS', 'keras' in sys.modules)\n"
        "from dfkit import models, training\n"
        "print('NAMES', models.build_cnn.__name__, training.batches.__name__,\n"
        "      'build_cnn' in dir(models), 'torch_weights' in dir(models))\n"
        "try:\n    models.no_such_name\nexcept AttributeError as err:\n    print('ERR', err)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=600, cwd=ROOT)
    assert out.returncode == 0, out.stderr[-2000:]
    lines = out.stdout.splitlines()
    assert "KERAS False" in lines, out.stdout
    assert "NAMES build_cnn batches True True" in lines, out.stdout
    assert "ERR module 'dfkit.models' has no attribute 'no_such_name'" in lines, out.stdout
