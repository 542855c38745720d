"""Models: the paper's two networks, Model 1 (custom CNN) and Model 2 (ResNet-style), with their
search spaces (``paper``); the pretrained EfficientNet-Lite0 (``backbones``) and the safe reader
of its torch checkpoint (``torch_weights``); the sigmoid output and compile step all of them share
(``head``, re-exported by ``paper``).

``paper``'s public names are available here too (``from dfkit import models; models.build_cnn``),
loaded on first use so that importing ``torch_weights`` alone does not start Keras.
"""

import importlib

_MAIN = "dfkit.models.paper"


def __getattr__(name: str):
    if name.startswith("__"):
        raise AttributeError(name)
    try:  # a submodule (``from dfkit.models import torch_weights``) loads alone
        return importlib.import_module(f"{__name__}.{name}")
    except ModuleNotFoundError as err:
        if err.name != f"{__name__}.{name}":
            raise
    module = importlib.import_module(_MAIN)
    if name in module.__all__:
        return getattr(module, name)
    raise AttributeError(f"module 'dfkit.models' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted([*globals(), *importlib.import_module(_MAIN).__all__])
