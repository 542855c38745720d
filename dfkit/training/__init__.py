"""Training: batches, callbacks and the fit loop (``trainer``); Keras Tuner searches (``tuning``); data-parallel
training and the scale-out command line (``distribute``, ``scale_out``); trained models kept for an identical
later run (``model_cache``).

``trainer``'s public names are available here too (``from dfkit import training; training.batches``), loaded
on first use so that importing a light submodule does not start Keras.
"""

import importlib

_MAIN = "dfkit.training.trainer"


def __getattr__(name: str):
    if name.startswith("__"):
        raise AttributeError(name)
    try:  # a submodule (``from dfkit.training import tuning``) loads alone
        return importlib.import_module(f"{__name__}.{name}")
    except ModuleNotFoundError as err:
        if err.name != f"{__name__}.{name}":
            raise
    module = importlib.import_module(_MAIN)
    if name in module.__all__:
        return getattr(module, name)
    raise AttributeError(f"module 'dfkit.training' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted([*globals(), *importlib.import_module(_MAIN).__all__])
