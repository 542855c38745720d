"""Shared fixtures: tiny image folders built on the fly, and the synthetic set."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
ROOT = Path(__file__).resolve().parent.parent
DFDC = Path(os.environ.get("DFKIT_DFDC", ROOT.parent / "shared" / "data" / "dfdc-faces"))


def face(seed: int, size: int = 48) -> np.ndarray:
    """A random but valid RGB image."""
    rng = np.random.default_rng(seed)
    return rng.integers(0, 256, (size, size, 3), dtype=np.uint8)


def write(path: Path, arr: np.ndarray | None = None, seed: int = 0, mode: str | None = None,
          fmt: str | None = None) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    img = Image.fromarray(face(seed) if arr is None else arr)
    if mode:
        img = img.convert(mode)
    img.save(path, format=fmt)
    return path


@pytest.fixture
def make_dataset(tmp_path):
    """Build ``real/`` and ``deepfake/`` with ``n`` valid images each, in groups of two frames."""

    def build(n: int = 6, fake_name: str = "deepfake", root: Path | None = None) -> Path:
        root = root or tmp_path / "ds"
        for label, offset in (("real", 0), (fake_name, 1000)):
            for i in range(n):
                write(root / label / f"vid{label}{i // 2}_frame_{i % 2}_face_0.jpg", seed=offset + i)
        return root

    return build


@pytest.fixture(scope="session")
def synthetic_root(tmp_path_factory):
    from dfkit.data import synthetic

    root = tmp_path_factory.mktemp("syn") / "set"
    return synthetic.generate(root, synthetic.SyntheticSpec(n_images=120, seed=3), progress=False)
