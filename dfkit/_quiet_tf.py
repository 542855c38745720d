"""Keep TensorFlow's native start-up notices out of the notebooks.

TensorFlow 2.16+ logs through Abseil, which writes every message issued before
``absl::InitializeLog()`` straight to file descriptor 2, whatever ``TF_CPP_MIN_LOG_LEVEL`` says:
"All log messages before absl::InitializeLog() ...", "cudart_stub.cc ... Could not find cuda
drivers", on a machine without a GPU "failed call to cuInit", and on a CPU "oneDNN custom
operations are on" (a notice that oneDNN's kernels may round differently). Jupyter shows them as red
stderr output under the first cell that imports Keras. ``install()`` wraps the first import of
``tensorflow``: its native stderr goes to a temporary file while the module (and its device
list) initialise, and every line that is not one of these known notices is written back, so a
real error still shows.
"""

from __future__ import annotations

import contextlib
import importlib.abc
import importlib.machinery
import os
import re
import sys
import tempfile
from collections.abc import Iterator

#: Start-up notices dropped; any other native stderr line is passed on.
NOTICES = re.compile(
    r"All log messages before absl::InitializeLog\(\)"
    r"|cudart_stub\.cc.*Could not find cuda drivers"
    r"|cuda_platform\.cc.*failed call to cuInit"
    r"|cpu_feature_guard\.cc|To enable the following instructions:"
    r"|port\.cc.*oneDNN custom operations are on"
)


@contextlib.contextmanager
def native_stderr_filtered() -> Iterator[None]:
    """Send file descriptor 2 to a temporary file, then re-emit the lines that are not notices."""
    sys.stderr.flush()
    saved = os.dup(2)
    with tempfile.TemporaryFile(mode="w+b") as sink:
        os.dup2(sink.fileno(), 2)
        try:
            yield
        finally:
            os.dup2(saved, 2)
            os.close(saved)
            sink.seek(0)
            kept = [line for line in sink.read().decode(errors="replace").splitlines()
                    if not NOTICES.search(line)]
            if kept:
                sys.stderr.write("\n".join(kept) + "\n")
                sys.stderr.flush()


class _QuietLoader(importlib.abc.Loader):
    def __init__(self, loader: importlib.abc.Loader) -> None:
        self._loader = loader

    def create_module(self, spec):  # noqa: ANN001, ANN201 - the import protocol's signature
        return self._loader.create_module(spec)

    def exec_module(self, module) -> None:  # noqa: ANN001
        with native_stderr_filtered():
            self._loader.exec_module(module)
            with contextlib.suppress(Exception):  # initialise devices now: cuInit logs here
                module.config.list_physical_devices()


class _QuietFinder(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path, target=None):  # noqa: ANN001, ANN201
        if name != "tensorflow":
            return None
        sys.meta_path.remove(self)  # one import only, and no recursion into ourselves
        spec = importlib.machinery.PathFinder.find_spec(name, path)
        if spec is not None and spec.loader is not None:
            spec.loader = _QuietLoader(spec.loader)
        return spec


def install() -> None:
    """Filter the first ``import tensorflow`` (a no-op once TensorFlow is imported)."""
    if "tensorflow" not in sys.modules and not any(
            isinstance(finder, _QuietFinder) for finder in sys.meta_path):
        sys.meta_path.insert(0, _QuietFinder())
