"""Models: the paper's two networks, Model 1 (custom CNN) and Model 2 (ResNet-style), with their
search spaces (``paper``); the pretrained EfficientNet-Lite0 (``backbones``) and the safe reader
of its torch checkpoint (``torch_weights``); the sigmoid output and compile step all of them share
(``head``, re-exported by ``paper``)."""

from dfkit.models.paper import *  # noqa: F403
from dfkit.models.paper import __all__  # noqa: F401
