"""Training: batches, callbacks and the fit loop (``fit``); Keras Tuner searches (``tuning``)."""

from dfkit.training.fit import *  # noqa: F403
from dfkit.training.fit import __all__  # noqa: F401
