# ---
# jupyter:
#   jupytext:
#     formats: ipynb,py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Solutions · 03 The CNN backbone

# %%
import keras

from dfkit.exercises import strict
from dfkit.exercises.ch03 import q1, q2

strict(True)

# %% [markdown]
# **q1.** `padding="same"` keeps 32×32; pooling halves it to 16×16; the channel count becomes `filters`.

# %%
def my_conv_block(x, filters):
    x = keras.layers.Conv2D(filters, 3, padding="same", activation="relu")(x)
    return keras.layers.MaxPooling2D()(x)


q1.check()

# %% [markdown]
# **q2.** Each filter has 3 × 3 × 6 = 54 weights and a bias; 32 filters give 1,760. Keras agrees:

# %%
conv_params = (3 * 3 * 6 + 1) * 32
layer = keras.layers.Conv2D(32, 3)
layer.build((None, 64, 64, 6))
print(conv_params, layer.count_params())
q2.check()
