"""Right and wrong answers for chapter 00's exercises (used by tests/test_exercises.py)."""

from dfkit.course.exercises.ch00 import reference_scores

CASES = {
    # q1's outcome is the checker's own rerun of the random split on the profile's data: a
    # share set by hand in the notebook (`leaked_share`) changes nothing
    "q1": {"right": [lambda: {"q1_prediction": "c"},
                     lambda: {"q1_prediction": "C", "leaked_share": 0.0}],
           "wrong": [lambda: {"q1_prediction": "a"}, lambda: {"q1_prediction": "b"},
                     lambda: {"q1_prediction": "a", "leaked_share": 0.0},
                     lambda: {"q1_prediction": "b", "leaked_share": 0.5}]},
    "q2": {"right": [lambda: {"always_fake_accuracy": 1000 / 1749},
                     lambda: {"always_fake_accuracy": 0.572}],
           "wrong": [lambda: {"always_fake_accuracy": 0.5}, lambda: {"always_fake_accuracy": 1.0},
                     lambda: {"always_fake_accuracy": 57.2},
                     lambda: {"always_fake_accuracy": "0.57"},
                     lambda: {"always_fake_accuracy": 0.428},
                     lambda: {"always_fake_accuracy": 0.57}]},
    "q3": {"right": [lambda: {"always_fake_scores": lambda r, f: reference_scores(r, f)},
                     lambda: {"always_fake_scores":
                              lambda r, f: [f / (r + f), 1, 2 * f / (r + 2 * f)]},
                     lambda: {"always_fake_scores":  # rounded to 3 decimals, as q2 asks
                              lambda r, f: tuple(round(v, 3) for v in reference_scores(r, f))}],
           "wrong": [lambda: {"always_fake_scores": lambda r, f: (0.5, 1.0, 2 / 3)},
                     lambda: {"always_fake_scores": lambda r, f: (f / (r + f), 1.0, f / (r + f))},
                     lambda: {"always_fake_scores": lambda r, f: (f / (r + f), 1.0)},
                     lambda: {"always_fake_scores": lambda r, f: tuple(100 * v for v in
                                                                      reference_scores(r, f))},
                     lambda: {"always_fake_scores": lambda r, f: 1 / 0},
                     lambda: {"always_fake_scores": 0.57},
                     # the checker's own function, assigned as the answer
                     lambda: {"always_fake_scores": reference_scores}]},
    "q4": {"right": [lambda: {"q4_answer": "c"}],
           "wrong": [lambda: {"q4_answer": "a"}, lambda: {"q4_answer": "b"},
                     lambda: {"q4_answer": "d"}]},
    "q5": {"right": [lambda: {"q5_answer": "b"}, lambda: {"q5_answer": " (B) "}],
           "wrong": [lambda: {"q5_answer": "a"}, lambda: {"q5_answer": "c"},
                     lambda: {"q5_answer": "d"}, lambda: {"q5_answer": "e"},
                     lambda: {"q5_answer": "93.2%; expect about 70% on new videos"}]},
}
