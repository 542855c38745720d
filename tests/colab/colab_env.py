"""Build (once) and reuse a virtual environment that holds what Colab preinstalls.

The environment lives in ``.venv-colab/`` at the repository root, keyed on the SHA-256 of
``tests/colab/constraints.txt``: it is rebuilt only when that file changes (building it downloads
TensorFlow and takes minutes; reusing it takes a second). It holds exactly the pinned packages
and their dependencies, plus a stand-in ``google.colab`` module imported at start-up (Colab's
kernel has it in ``sys.modules``, which is what the chapters' set-up cell tests).

Colab runs Python 3.12, which cannot be installed on the course machines: the environment uses
the Python that runs the tests (3.11); every pinned version has wheels for both.

``python tests/colab/colab_env.py`` builds it outside pytest (what the test would do).
"""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CONSTRAINTS = Path(__file__).with_name("constraints.txt")
VENV = ROOT / ".venv-colab"
STAMP = VENV / "constraints.sha256"


def pins(path: Path = CONSTRAINTS) -> dict[str, str]:
    """The ``name==version`` lines of a constraints file, names normalised as pip does."""
    out = {}
    for line in path.read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            name, version = line.split("==", 1)
            out[normalise(name)] = version.strip()
    return out


def normalise(name: str) -> str:
    """PEP 503 name: lower case, runs of ``-_.`` as one hyphen."""
    return "-".join(part for part in name.lower().replace("_", "-").replace(".", "-").split("-") if part)


def python() -> Path:
    return VENV / "bin" / "python"


def installed(py: Path | None = None) -> dict[str, str]:
    """``{normalised name: version}`` of every distribution in the environment."""
    out = subprocess.run([str(py or python()), "-m", "pip", "list", "--format=json"], capture_output=True,
                         text=True, check=True)
    return {normalise(d["name"]): d["version"] for d in json.loads(out.stdout)}


def digest() -> str:
    return hashlib.sha256(CONSTRAINTS.read_bytes()).hexdigest()


def ensure(log=print) -> Path:
    """The environment's Python, building the environment first when missing or stale."""
    if STAMP.exists() and STAMP.read_text().strip() == digest() and python().exists():
        return python()
    if STAMP.exists() or (VENV.exists() and not python().exists()):  # built from other pins, or broken
        shutil.rmtree(VENV)
    log(f"building {VENV} from {CONSTRAINTS.name} (minutes: downloads Colab's stack)")
    if not python().exists():  # else an interrupted build: pip carries on where it stopped
        subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
    subprocess.run([str(python()), "-m", "pip", "install", "-q", "--upgrade", "pip"], check=True)
    subprocess.run([str(python()), "-m", "pip", "install", "-q", "-c", str(CONSTRAINTS), *pins()],
                   check=True, timeout=3600)
    site = Path(subprocess.run([str(python()), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                               capture_output=True, text=True, check=True).stdout.strip())
    (site / "google" / "colab").mkdir(parents=True, exist_ok=True)  # a namespace package beside google.protobuf
    (site / "google" / "colab" / "__init__.py").write_text('"""Stand-in for Colab\'s module."""\n')
    (site / "sitecustomize.py").write_text("import google.colab  # Colab's kernel has it imported\n")
    have = installed()
    wrong = {n: (v, have.get(n)) for n, v in pins().items() if have.get(n) != v}
    if wrong:
        raise RuntimeError(f"the Colab stack did not install at its pins: {wrong}")
    STAMP.write_text(digest() + "\n")
    return python()


if __name__ == "__main__":
    print(ensure())
