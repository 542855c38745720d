"""Grading submitted notebooks: verdicts the grader decides, points, gradebook files.

Modules: :mod:`.submissions` (which notebooks, whose), :mod:`.execute` (run one in a fresh
kernel, copy its answers out), :mod:`.capture` (the copying, inside the kernel), :mod:`.codec`
(answers as safe data), :mod:`.sandbox` (the student's functions on hidden cases, in their own
process), :mod:`.verdicts` (the checkers, in the grader), :mod:`.points`, :mod:`.outputs`,
:mod:`.limits`, :mod:`.isolation` (each job as a uid of its own, when root), :mod:`.access`
(which folders other users can read), :mod:`.datasets` (each profile's data, before any job),
:mod:`.copies` (answers that look copied, flagged for the instructor) and :mod:`.run` (the
pipeline). The command line is :mod:`dfkit.course.grade`.
"""
