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
# # Solutions · 00 Introduction
#
# Worked answers to the chapter's exercises. Strict mode is on: a wrong answer, or a broken
# check, raises, so CI fails when either breaks.

# %%
from dfkit import course
from dfkit.exercises import strict
from dfkit.exercises.ch00 import q1, q2

strict(True)
data = course.prepare()

# %% [markdown]
# **q1.** The always-fake detector is right on every fake and wrong on every real face:
# 1,000 correct out of 1,749. Any model must beat 57.2% accuracy to be worth anything here,
# and its 100% recall shows why recall alone says little.

# %%
always_fake_accuracy = 1000 / (749 + 1000)
print(f"{always_fake_accuracy:.3f}")
q1.check()

# %% [markdown]
# **q2.** Groups, not images: `nunique()` counts each person or video once.

# %%
n_test_groups = data.test["group"].nunique()
print(n_test_groups, "groups in", len(data.test), "test images")
q2.check()
