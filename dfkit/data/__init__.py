"""Data: finding and checking image folders, groups and splits (``dataset``), the streams that feed
Keras (``loader``), the embedded synthetic faces (``synthetic``), JPEG decoding (``jpeg``) and
real datasets fetched for Colab (``download``).

The names chapters use from ``dfkit.data`` (``load_arrays``, ``Splits``, ...) live in ``dataset``.
"""

from dfkit.data.dataset import *  # noqa: F403
from dfkit.data.dataset import __all__  # noqa: F401
