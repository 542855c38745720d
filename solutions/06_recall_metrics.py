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
# # Solutions · 06 Recall and honest metrics

# %%
import numpy as np

from dfkit import metrics
from dfkit.exercises import strict
from dfkit.exercises.ch06 import q1, q2

strict(True)

# %% [markdown]
# **q1.** 331 of the 749 real faces were called real.

# %%
resnet_specificity = 331 / (331 + 418)
print(f"{resnet_specificity:.3f}")
q1.check()

# %% [markdown]
# **q2.** On example scores (the chapter's come from its trained model): the threshold is chosen
# on the validation split only.

# %%
rng = np.random.default_rng(0)
y_val, y_test = rng.integers(0, 2, 200), rng.integers(0, 2, 200)
p_val = np.clip(0.4 * y_val + 0.6 * rng.random(200), 0, 1)
p_test = np.clip(0.4 * y_test + 0.6 * rng.random(200), 0, 1)
chosen_threshold = metrics.threshold_for_recall(y_val, p_val, 0.95)
print(f"threshold {chosen_threshold:.3f}; test recall there: {metrics.summary(y_test, p_test, chosen_threshold)['recall']:.3f}")
q2.check()
