"""Models: the paper's two networks, Model 1 (custom CNN) and Model 2 (ResNet-style), with their
search spaces (``paper``); the pretrained EfficientNet-Lite0 (``backbones``) and the safe reader
of its torch checkpoint (``torch_weights``); the sigmoid output and compile step all of them share
(``head``, re-exported by ``paper``).

``paper``'s public names are available here too (``from dfkit import models; models.build_cnn``),
loaded on first use so that importing ``torch_weights`` alone does not start Keras.
"""

from dfkit._lazy import reexporting

__getattr__, __dir__ = reexporting(__name__, "dfkit.models.paper")
