"""The course's own tooling, apart from the library the chapters teach: what a chapter starts
with (``chapter``: ``prepare``), exercises with instant feedback (``exercises``), the grader
(``grade``), student copies (``student``), the prose-number rule (``prose``), values shown in
the text (``report``), the sentences that read a chapter's run (``readings``), the book's
browser check (``bookcheck``), and the chapters' EDA tables and figures (``eda``, ``plots``).

Only ``chapter`` is imported here: the grader's and the book's dependencies (nbclient,
nbformat, seaborn) are needed only by the modules that use them.
"""

from dfkit.course.chapter import *  # noqa: F403
from dfkit.course.chapter import __all__  # noqa: F401
