"""Training: batches, callbacks and the fit loop (``trainer``); Keras Tuner searches (``tuning``); data-parallel
training and the scale-out command line (``distribute``, ``scale_out``); trained models kept for an identical
later run (``model_cache``).

``trainer``'s public names are available here too (``from dfkit import training; training.batches``), loaded
on first use so that importing a light submodule does not start Keras.
"""

from dfkit._lazy import reexporting

__getattr__, __dir__ = reexporting(__name__, "dfkit.training.trainer")
