"""Features: the paper's handcrafted channels (colour histograms, LBP, edge density, histogram
heatmap, the 6-channel stack) in ``handcrafted``; their compiled per-pixel loops in ``_kernels``."""

from dfkit.features.handcrafted import *  # noqa: F403
from dfkit.features.handcrafted import __all__  # noqa: F401
