"""dfkit: the helper package of the deepfake face detection course.

Modules, one concern each: ``config`` (profile and dataset switches), ``synthetic`` (the
embedded face set), ``data`` (scanning, groups, splits), ``loader`` (streaming batches for
Keras), ``course`` (what every chapter starts with), ``plots`` and ``exercises``.
Keras-dependent modules are imported on demand, so ``import dfkit`` stays fast.
"""

import logging
import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")  # keep TensorFlow's start-up chatter out of the chapters
# and its "tf.function retracing" notices, printed when a chapter evaluates several fresh models
# (a filter, not a level: TensorFlow resets the logger's level in Jupyter when it first logs)
logging.getLogger("tensorflow").addFilter(lambda record: "retracing" not in record.getMessage())

__version__ = "0.1.0"
