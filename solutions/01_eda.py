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
# # Solutions · 01 EDA

# %%
import numpy as np

from dfkit import course, features
from dfkit.exercises import strict
from dfkit.exercises.ch01 import q1, q2
from dfkit.data import load_arrays

strict(True)
data = course.prepare()
train_images, _ = load_arrays(data.train.iloc[:4], data.profile.image_size)

# %% [markdown]
# **q1.** Dot product over the product of the norms.

# %%
def my_cosine(a, b):
    return float(a @ b / (np.linalg.norm(a) * np.linalg.norm(b)))


q1.check()

# %% [markdown]
# **q2.** The mean of a boolean map is the share of `True` pixels.

# %%
sample_edges = features.canny_edges(features.to_gray(train_images[:1]))[0]
sample_density = sample_edges.mean()
print(f"{sample_density:.4f}")
q2.check()
