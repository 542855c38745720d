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
# # Solutions · 07 Error analysis

# %%
import pandas as pd

from dfkit.exercises import strict
from dfkit.exercises.ch07 import q1, q2

strict(True)
results = pd.DataFrame({"file": [f"real/a{i}.jpg" for i in range(4)] + [f"deepfake/b{i}.jpg" for i in range(6)],
                        "y": [0] * 4 + [1] * 6,
                        "wrong": [False, True, False, True, True, False, False, True, True, True]})

# %% [markdown]
# **q1.** Among fakes only: missed fakes over all fakes (on an example table; the chapter's comes
# from its model).

# %%
fake_error_rate = results.loc[results["y"] == 1, "wrong"].mean()
print(fake_error_rate)
q1.check()

# %% [markdown]
# **q2.** Filter, keep the order, take five.

# %%
first_five = results.loc[results["wrong"], "file"].head(5).tolist()
print(first_five)
q2.check()
