"""A chapter runs alone in a fresh environment holding only what Colab ships plus what its first cell installs.

Builds a new virtual environment with Colab's preinstalled stack (TensorFlow, numpy, pandas,
scikit-learn, scikit-image, OpenCV, matplotlib, seaborn...), marks it as Colab (a stub
``google.colab`` module, imported at start-up as on Colab), and runs chapter 00 with its set-up
cell pointed at this checkout instead of GitHub. The cell must install dfkit and everything the
chapter needs, without changing numpy's or TensorFlow's version.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
COLAB_STACK = ["tensorflow", "tensorboard", "numpy", "pandas", "scikit-learn", "scikit-image", "opencv-python-headless",
               "numba", "matplotlib", "seaborn", "tqdm", "psutil", "pillow", "ipykernel", "ipywidgets", "nbclient",
               "nbformat"]
RUNNER = textwrap.dedent("""
    import sys, nbformat, nbclient
    nb = nbformat.read(sys.argv[1], as_version=4)
    nbclient.NotebookClient(nb, timeout=900, kernel_name="python3").execute()
    print("chapter ran:", len(nb.cells), "cells")
""")


def versions(python: Path) -> dict[str, str]:
    out = subprocess.run([str(python), "-m", "pip", "list", "--format=freeze"], capture_output=True, text=True,
                         check=True)
    return dict(line.split("==", 1) for line in out.stdout.splitlines() if "==" in line)


def package_index_reachable() -> bool:
    """Whether pip can reach its package index (the test installs Colab's stack from it)."""
    try:
        probe = subprocess.run([sys.executable, "-m", "pip", "index", "versions", "pip"], capture_output=True,
                               text=True, timeout=60)
    except subprocess.TimeoutExpired:
        return False
    return probe.returncode == 0


@pytest.mark.skipif(os.environ.get("DFKIT_SKIP_COLAB_TEST") == "1", reason="DFKIT_SKIP_COLAB_TEST=1")
def test_chapter_runs_alone_in_a_colab_like_environment(tmp_path):
    if not package_index_reachable():
        pytest.skip("no network: pip cannot reach its package index to install Colab's stack (CI has it)")
    venv = tmp_path / "colab"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    python = venv / "bin" / "python"
    subprocess.run([str(python), "-m", "pip", "install", "-q", *COLAB_STACK], check=True, timeout=900)
    site = Path(subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                               capture_output=True, text=True, check=True).stdout.strip())
    (site / "google" / "colab").mkdir(parents=True)  # a namespace package beside google.protobuf
    (site / "google" / "colab" / "__init__.py").write_text('"""Stand-in for Colab\'s module."""\n')
    (site / "sitecustomize.py").write_text("import google.colab  # Colab's kernel has it imported\n")
    before = versions(python)
    assert "dfkit" not in before and "keras-tuner" not in before
    env = {k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "PYTHONPATH")}
    source = tmp_path / "dfkit-src"  # a copy: a plain pip install builds in place and would litter the checkout
    skip = shutil.ignore_patterns(".venv", ".git", "data", "_build", "build", "*.egg-info")
    shutil.copytree(ROOT, source, ignore=skip)
    env.update(DFKIT_INSTALL=str(source), DFKIT_PROFILE="ci", DFKIT_CACHE=str(tmp_path / "cache"),
               PATH=f"{venv / 'bin'}{os.pathsep}{env.get('PATH', '')}", TF_CPP_MIN_LOG_LEVEL="3")
    res = subprocess.run([str(python), "-c", RUNNER, str(ROOT / "chapters" / "00_introduction.ipynb")], env=env,
                         capture_output=True, text=True, timeout=1200, cwd=tmp_path)
    assert res.returncode == 0, res.stdout[-3000:] + res.stderr[-3000:]
    after = versions(python)
    assert "dfkit" in after and "keras-tuner" in after
    for pinned in ("numpy", "tensorflow"):
        assert after[pinned] == before[pinned], f"the set-up cell changed Colab's {pinned}"
