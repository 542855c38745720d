"""Self-test cases of dfkit.exercises.ch03: right answers pass, typical wrong ones fail."""

from __future__ import annotations

from dfkit.exercises.ch03 import _good_block, _no_pool, _valid_padding

CASES = {
    "q1": {
        "right": [lambda: {"my_conv_block": _good_block}],
        "wrong": [lambda: {"my_conv_block": _no_pool}, lambda: {"my_conv_block": _valid_padding},
                lambda: {"my_conv_block": lambda x, f: x}],
    },
    "q2": {
        "right": [lambda: {"conv_params": 1760}],
        "wrong": [lambda: {"conv_params": 1728}, lambda: {"conv_params": 896}, lambda: {"conv_params": 320}],
    },
}
