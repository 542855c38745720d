"""dfkit.features.handcrafted: exact LBP, the batched stack equals the naive loop, clear errors on bad input."""

from __future__ import annotations

import cv2
import numpy as np
import pytest
from skimage.feature import local_binary_pattern
from sklearn.metrics.pairwise import cosine_similarity as sk_cosine

from dfkit.data import dataset as data
from dfkit.data.dataset import load_arrays
from dfkit.features import _kernels
from dfkit.features import handcrafted as F


@pytest.fixture(scope="module")
def faces(synthetic_root):
    manifest, _ = data.scan(synthetic_root, verbose=False)
    return load_arrays(manifest.iloc[::6], 64)[0]


@pytest.mark.parametrize("shape", [(3, 5, 5), (2, 37, 53), (1, 1, 7)])
def test_lbp_equals_skimage_on_random_images(shape):
    gray = np.random.default_rng(sum(shape)).integers(0, 256, shape, dtype=np.uint8)
    ref = np.stack([local_binary_pattern(g, P=8, R=1, method="default") for g in gray])
    assert np.array_equal(F.lbp(gray), ref.astype(np.uint8))


def test_lbp_equals_skimage_on_faces_and_flat_regions(faces):
    gray = F.to_gray(faces)
    flat = np.full((2, 24, 24), 9, np.uint8)
    flat[1, 5:12, 3:9] = 10  # exact ties: the diagonal interpolation rounds either way
    for batch in (gray, flat):
        ref = np.stack([local_binary_pattern(g, P=8, R=1, method="default") for g in batch])
        assert np.array_equal(F.lbp(batch), ref.astype(np.uint8))


def test_batched_stack_equals_naive_loop_at_any_size(faces):
    stack = F.feature_stack(faces, chunk=3)
    assert stack.shape == faces.shape[:3] + (6,) and stack.dtype == np.float32
    assert 0 <= stack.min() and stack.max() <= 1
    assert np.array_equal(stack, np.stack([F.naive_stack(img) for img in faces]))
    small = faces[:2, :40, :48]
    assert F.feature_stack(small).shape == (2, 40, 48, 6)


def test_colour_histograms_and_cosine_similarity(faces):
    hist = F.color_histograms(faces)
    assert hist.shape == (len(faces), 3, 256) and np.allclose(hist.sum(-1), 1)
    ref = np.histogram(faces[0, ..., 1], bins=256, range=(0, 256))[0]
    assert np.allclose(hist[0, 1], ref / ref.sum())
    flat = hist.reshape(len(hist), -1)
    assert np.allclose(F.cosine_similarity(flat, flat[0]), sk_cosine(flat, flat[:1])[:, 0])
    assert F.cosine_similarity(np.zeros((1, 4)), np.ones(4))[0] == 0.0


def test_lbp_histograms_sum_to_one(faces):
    h = F.lbp_histograms(F.lbp(F.to_gray(faces)))
    assert h.shape == (len(faces), 256) and np.allclose(h.sum(1), 1)


def test_edge_density_and_inverse_difference():
    gray = np.zeros((1, 32, 32), np.uint8)
    gray[:, :, 16:] = 255  # one vertical step edge
    edges = F.canny_edges(gray)
    assert np.array_equal(edges[0], cv2.Canny(gray[0], 100, 200) > 0)
    assert F.edge_density(edges)[0] == pytest.approx(edges.mean())
    dmap = F.edge_density_map(edges)
    assert dmap[0, 16, 16] > 0 and dmap[0, 16, 2] == 0
    assert F.inverse_difference(dmap, dmap)[0] == 1.0
    assert F.inverse_difference(dmap, dmap + 1)[0] == pytest.approx(0.5)


def test_histogram_heatmap_marks_common_colours_bright():
    img = np.zeros((1, 10, 10, 3), np.uint8)
    img[0, :2, :2] = 255  # 4 of 100 pixels white, the rest black
    heat = F.histogram_heatmap(img)
    assert heat.shape == (1, 10, 10) and heat[0, 5, 5] == 1.0
    assert heat[0, 0, 0] == pytest.approx(4 / 96)


@pytest.mark.parametrize("bad,match", [
    (np.zeros((2, 8, 8, 3), np.int32), "dtype int32"),
    (np.zeros((2, 8, 8, 4), np.uint8), "3 colour channels"),
    (np.zeros((0, 8, 8, 3), np.uint8), "empty"),
    (np.full((1, 8, 8, 3), np.nan, np.float32), "NaN"),
    (np.full((1, 8, 8, 3), 2.0, np.float32), r"\[0, 1\]"),
    (np.zeros((8, 8, 3), np.uint8), r"image\[None\]"),
])
def test_bad_input_gets_a_clear_error(bad, match):
    with pytest.raises(ValueError, match=match):
        F.feature_stack(bad)


def test_float_input_in_unit_range_is_accepted(faces):
    assert np.array_equal(F.feature_stack(faces[:2] / 255.0), F.feature_stack(faces[:2]))


def test_lbp_integer_weights_decide_every_diagonal_exactly():
    """239·B + 577·E has the sign of d(1-d)·B + d²·E (d = 0.70711) on the whole input range, zero only at 0."""
    axis_sum = np.arange(-510, 511)[:, None]  # B: the two axis corners minus twice the centre
    far = np.arange(-255, 256)[None, :]  # E: the far corner minus the centre
    exact = np.sign(axis_sum * 2071054479 + far * 5000045521)  # d(1-d) and d² times 10^10, as integers
    assert np.array_equal(np.sign(axis_sum * _kernels.AXIS_WEIGHT + far * _kernels.FAR_WEIGHT), exact)
    assert (exact == 0).sum() == 1


def test_lbp_four_equal_corners_interpolate_to_exactly_their_value_for_any_image_side():
    """Why the kernel may set a tie of four equal corners to 1 without asking skimage's float64:
    for every sampling weight skimage uses up to 65,536 px, (1-f)·v + f·v rounds back to v."""
    at = np.arange(-1, 65537, dtype=np.float64)[None, :] + np.array([[-0.70711], [0.70711]])
    fractions = np.unique(at - np.floor(at))
    v = np.arange(256.0)[:, None, None]
    er, ec = fractions[None, :, None], fractions[None, None, :]
    top = (1 - ec) * v + ec * v
    assert np.array_equal(np.broadcast_to((1 - er) * top + er * top, (256, len(fractions), len(fractions))),
                          np.broadcast_to(v, (256, len(fractions), len(fractions))))


@pytest.mark.parametrize("levels", [2, 3, 5])
def test_lbp_equals_skimage_where_non_flat_ties_abound(levels):
    """Few grey levels make many exact ties, whose float64 rounding depends on the position."""
    rng = np.random.default_rng(levels)
    for shape in [(4, 37, 53), (2, 128, 128), (1, 40, 530)]:
        gray = (rng.integers(0, levels, shape) * (255 // (levels - 1))).astype(np.uint8)
        ref = np.stack([local_binary_pattern(g, P=8, R=1, method="default") for g in gray])
        assert np.array_equal(F.lbp(gray), ref.astype(np.uint8))


def test_feature_stack_writes_into_a_given_buffer_and_rejects_a_wrong_one(faces):
    out = np.full(faces.shape[:3] + (6,), -1, np.float32)
    assert F.feature_stack(faces, out=out) is out and out.min() >= 0
    with pytest.raises(ValueError, match="out must be"):
        F.feature_stack(faces, out=np.empty(faces.shape[:3] + (5,), np.float32))


def test_histogram_heatmap_with_many_colours_stays_exact(faces):
    """32 bins per channel (32,768 colours) against the plain NumPy definition; 65 bins is refused."""
    heat = F.histogram_heatmap(faces, bins=32)
    for img, h in zip(faces, heat):
        q = (img.astype(np.int64) * 32) // 256
        code = (q[..., 0] * 32 + q[..., 1]) * 32 + q[..., 2]
        counts = np.bincount(code.ravel(), minlength=32 ** 3).astype(np.float32)
        assert np.array_equal(h, (counts / counts.max())[code])
    with pytest.raises(ValueError, match="bins must be between"):
        F.histogram_heatmap(faces, bins=65)


@pytest.mark.parametrize("levels", [2, 3, 256])
def test_plain_numpy_lbp_reference_equals_skimage_and_the_fast_lbp(levels, faces):
    """The readable LBP that chapter 02 shows gives skimage's codes, ties included."""
    rng = np.random.default_rng(levels)
    images = [(rng.integers(0, levels, shape) * (255 // (levels - 1))).astype(np.uint8)
              for shape in [(5, 5), (37, 53), (1, 7), (40, 530)]]
    images += list(F.to_gray(faces[:4])) + [np.full((9, 9), 7, np.uint8)]
    for gray in images:
        ref = local_binary_pattern(gray, P=8, R=1, method="default").astype(np.uint8)
        assert np.array_equal(F.lbp_reference(gray), ref)
        assert np.array_equal(F.lbp(gray[None])[0], ref)


def test_plain_numpy_heatmap_reference_equals_the_fast_heatmap(faces):
    for bins in (2, 8, 64):
        fast = F.histogram_heatmap(faces, bins=bins)
        assert np.array_equal(np.stack([F.histogram_heatmap_reference(f, bins) for f in faces]), fast)
# --------------------------------------------------------------------------- numba's cache (issue 16, item 5)
RUN_KERNELS = """
import numpy as np
from dfkit.features import handcrafted as features
x = np.random.default_rng(0).integers(0, 255, (4, 32, 32, 3), dtype=np.uint8)
print("stack ok", features.feature_stack(x, threads=1).shape)
"""


def _installed_copy(tmp_path, pycache_blocked: bool):
    """dfkit copied as a pip install would leave it, without compiled caches."""
    import shutil
    from pathlib import Path

    site = tmp_path / "site"
    shutil.copytree(Path(F.__file__).parent.parent, site / "dfkit",
                    ignore=shutil.ignore_patterns("__pycache__"))
    if pycache_blocked:  # no __pycache__ can be made there, even by root
        for folder in [site / "dfkit", *(p for p in (site / "dfkit").rglob("*") if p.is_dir())]:
            (folder / "__pycache__").write_text("not a folder")
    return site


def _run_kernels(site, home):
    import os
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if not k.startswith("NUMBA_")}
    env.update(PYTHONPATH=str(site), HOME=str(home), XDG_CACHE_HOME=str(home / ".cache"), PYTHONDONTWRITEBYTECODE="1")
    return subprocess.run([sys.executable, "-c", RUN_KERNELS], env=env, capture_output=True, text=True, timeout=300,
                          cwd=site)


def _written(site):
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*")
                  if p.is_file() and p.suffix in (".nbi", ".nbc"))


def test_kernels_import_and_run_from_a_read_only_install(tmp_path):
    """No writable __pycache__ and no writable home: numba's cache=True failed at import."""
    site = _installed_copy(tmp_path, pycache_blocked=True)
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    for p in sorted(site.rglob("*"), reverse=True):
        p.chmod(0o555 if p.is_dir() else 0o444)
    try:
        res = _run_kernels(site, blocker / "home")  # a home under a file: nothing can be made there
    finally:
        for p in site.rglob("*"):
            p.chmod(0o755 if p.is_dir() else 0o644)
    assert res.returncode == 0 and "stack ok (4, 32, 32, 6)" in res.stdout, res.stderr[-2000:]
    assert _written(site) == []


def test_kernels_never_cache_into_the_package_folder(tmp_path):
    site = _installed_copy(tmp_path, pycache_blocked=False)
    home = tmp_path / "home"
    home.mkdir()
    for _ in range(2):  # compiled once, then loaded from the cache
        res = _run_kernels(site, home)
        assert res.returncode == 0, res.stderr[-2000:]
    assert _written(site) == []
    assert list((home / ".cache" / "dfkit").rglob("*.nbi"))


# --------------------------------------------------------------------------- threads (issue 16, item 6)
def test_feature_stack_keeps_one_thread_pool_and_its_buffers(monkeypatch, faces):
    made = []
    real_pool = F.ThreadPoolExecutor
    monkeypatch.setattr(F, "ThreadPoolExecutor", lambda *a, **k: made.append(a or k) or real_pool(*a, **k))
    buffers = []
    real_scratch = F._scratch
    monkeypatch.setattr(F, "_scratch", lambda *a, **k: buffers.append(real_scratch(*a, **k)) or buffers[-1])
    expected = F.feature_stack(faces[:8], chunk=4, threads=1)
    per_thread = len({b.__array_interface__["data"][0] for b in buffers})
    for _ in range(4):
        assert np.array_equal(F.feature_stack(faces[:8], chunk=4, threads=2), expected)
    assert len(made) <= 1  # one pool for the process (none if an earlier call made it), not one per call
    addresses = {b.__array_interface__["data"][0] for b in buffers}
    assert len(addresses) <= 3 * per_thread  # this thread's and the two pool threads', reused every call


def test_default_threads_follow_cpu_affinity_not_the_machine(monkeypatch, faces):
    from dfkit import config

    monkeypatch.setattr(config.os, "sched_getaffinity", lambda pid: {3}, raising=False)
    monkeypatch.setattr(config.os, "cpu_count", lambda: 64)
    assert config.cpu_count() == 1
    asked = []
    real_pool = F._pool
    monkeypatch.setattr(F, "_pool", lambda n: asked.append(n) or real_pool(n))
    F.feature_stack(faces[:8])
    assert asked == []  # one usable core: the stack runs in the calling thread
