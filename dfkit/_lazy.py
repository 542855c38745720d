"""A package that re-exports one submodule's public names, loaded on first use.

``dfkit.models`` and ``dfkit.training`` offer their main module's names at package level
(``models.build_cnn``) without importing Keras when only a light submodule is wanted.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any


def reexporting(package: str, main: str) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """The ``__getattr__`` and ``__dir__`` of ``package``: a submodule by its name, else the
    public name (``__all__``) of module ``main``, imported on first use."""

    def __getattr__(name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        try:  # a submodule (``from dfkit.models import torch_weights``) loads alone
            return importlib.import_module(f"{package}.{name}")
        except ModuleNotFoundError as err:
            if err.name != f"{package}.{name}":
                raise
        module = importlib.import_module(main)
        if name in module.__all__:
            return getattr(module, name)
        raise AttributeError(f"module {package!r} has no attribute {name!r}")

    def __dir__() -> list[str]:
        return sorted([*vars(importlib.import_module(package)), *importlib.import_module(main).__all__])

    return __getattr__, __dir__
