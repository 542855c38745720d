"""dfkit: the helper package of the deepfake face detection course.

The library the chapters teach, in folders by concern:

- ``dfkit.data``: image folders, groups and splits, streaming batches, the synthetic faces;
- ``dfkit.features``: the paper's handcrafted channels;
- ``dfkit.models``: Model 1, Model 2 and the pretrained EfficientNet-Lite0;
- ``dfkit.training``: fitting, callbacks and Keras Tuner searches;
- ``dfkit.evaluation``: metrics with grouped intervals, calibration, error analysis, Grad-CAM;
- ``dfkit.inference``: ``predict`` on new photos.

Across them: ``dfkit.config`` (profiles and dataset switches) and ``dfkit.exceptions`` (every
error the user can fix). The course's own tooling (exercises, grading, student copies, the
book's checks) lives apart, in ``dfkit.course``. Keras-dependent modules are imported on
demand, so ``import dfkit`` stays fast.
"""

import logging
import os

from dfkit import _quiet_tf

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")  # keep TensorFlow's start-up chatter out of the chapters
# and its "tf.function retracing" notices, printed when a chapter evaluates several fresh models
# (a filter, not a level: TensorFlow resets the logger's level in Jupyter when it first logs)
logging.getLogger("tensorflow").addFilter(lambda record: "retracing" not in record.getMessage())

# the notices Abseil prints before it is initialised ignore that variable: filter them natively
_quiet_tf.install()

__version__ = "0.2.0"  # as pyproject.toml says (tests/test_repository.py checks the two agree)
