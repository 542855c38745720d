"""Self-test cases of dfkit.course.exercises.ch11: right answers pass, typical wrong ones fail."""

from __future__ import annotations

import numpy as np

_Q1 = {"mean_seen": 0.8, "mean_unseen": 0.4, "auc_seen": 0.9}


CASES = {
    "q1": {
        "right": [lambda: {**_Q1, "q1_prediction": "c"},
                  lambda: {**_Q1, "q1_prediction": "b", "mean_unseen": 0.77},
                  lambda: {**_Q1, "q1_prediction": "a", "mean_seen": 0.6, "mean_unseen": 0.7},
                  # a model that learned nothing: the outcome is still what the run shows
                  lambda: {"q1_prediction": "b", "mean_seen": 0.32, "mean_unseen": 0.31,
                           "auc_seen": 0.54}],
        "wrong": [lambda: {**_Q1, "q1_prediction": "a"},
                  lambda: {**_Q1, "q1_prediction": "c", "mean_unseen": 0.78},
                  lambda: {"q1_prediction": "c", "mean_seen": 0.32, "mean_unseen": 0.31,
                           "auc_seen": 0.54}],
    },
    "q2": {
        "right": [lambda: {"q2_answer": "d"}, lambda: {"q2_answer": " (D) "}],
        "wrong": [lambda: {"q2_answer": "a"}, lambda: {"q2_answer": "b"},
                  lambda: {"q2_answer": "c"}, lambda: {"q2_answer": "z"}],
    },
    "q3": {
        "right": [lambda: {"p_fake_deployed": 0.0388}, lambda: {"p_fake_deployed": 0.03883},
                  # base_rates.shift_prior of a 1-element array
                  lambda: {"p_fake_deployed": np.array([0.03883])}],
        "wrong": [lambda: {"p_fake_deployed": 0.0404},  # odds, not a probability
                  # the prevalence 0.01 taken for the prior odds, then turned into a share
                  lambda: {"p_fake_deployed": 0.04 / 1.04},
                  lambda: {"p_fake_deployed": 0.0385},
                  lambda: {"p_fake_deployed": 0.04},  # the same, left as odds
                  lambda: {"p_fake_deployed": 0.039},  # 3 decimals: not told apart from 0.0385
                  lambda: {"p_fake_deployed": 0.008},  # probability times prevalence
                  lambda: {"p_fake_deployed": 0.8},  # unchanged
                  lambda: {"p_fake_deployed": 0.5},
                  lambda: {"p_fake_deployed": "0.039"}],
    },
    "q4": {
        "right": [lambda: {"q4_answer": "b"}],
        "wrong": [lambda: {"q4_answer": "a"}, lambda: {"q4_answer": "c"},
                  lambda: {"q4_answer": "d"}],
    },
    "q5": {
        "right": [lambda: {"q5_answer": "c"}],
        "wrong": [lambda: {"q5_answer": "a"}, lambda: {"q5_answer": "b"},
                  lambda: {"q5_answer": "d"}, lambda: {"q5_answer": True}],
    },
}
