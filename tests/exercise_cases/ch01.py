"""Right and wrong answers for chapter 01's exercises (used by tests/test_exercises.py)."""

import builtins
import functools
import importlib
import inspect
import itertools
import types

import cv2  # a global the answers below find by a built string, and keep
import numpy as np
import pandas as pd

from dfkit.course.exercises import ch01
from dfkit.features import cosine_similarity


def _effects(strongest: float, paper_best: float) -> pd.DataFrame:
    """An effect-size table (sorted as eda.effect_sizes sorts) whose blur measure lies
    ``strongest`` from AUC 0.5 and whose best paper similarity lies ``paper_best`` from it."""
    rows = {"sharpness": 0.5 - strongest, "lbp_cos_real": 0.5 + paper_best,
            "edge_invdiff_fake": 0.5 - paper_best / 2, "brightness": 0.52}
    order = sorted(rows, key=lambda n: -abs(rows[n] - 0.5))
    return pd.DataFrame({"auc": [rows[n] for n in order]}, index=order)


def _five_table() -> pd.DataFrame:
    """A ten-image table (five per class) in which a paper similarity separates perfectly."""
    y = [0] * 5 + [1] * 5
    return pd.DataFrame({"y": y, "sharpness": [5, 6, 4, 7, 5, 5, 4, 6, 5, 7],
                         "lbp_cos_fake": [0.1 * i for i in range(10)]})


def _q1(prediction: str, strongest: float, paper_best: float) -> dict:
    return {"q1_prediction": prediction, "effects": _effects(strongest, paper_best),
            "five_table": _five_table()}


def _edges() -> np.ndarray:
    """The first training image's edge map, as q5's cell builds it (the checker rebuilds it)."""
    return ch01.first_edges()


def _centre() -> np.ndarray:
    return ch01.centre(_edges())


def _q5(centre_density, sample_edges=None) -> dict:
    return {"centre_density": centre_density,
            "sample_edges": _edges() if sample_edges is None else sample_edges}


def _cosine(a, b):
    return float(a @ b / (np.linalg.norm(a) * np.linalg.norm(b)))


def _table(n: int = 40) -> pd.DataFrame:
    """A validation-like table, ``n`` images per class: ``sharpness`` separates the classes,
    ``brightness`` is noise (the weakest), ``lbp_cos_real`` in between."""
    rng = np.random.default_rng(0)
    y = np.repeat([0, 1], n)
    return pd.DataFrame({"y": y, "sharpness": rng.normal(0, 1, 2 * n) - 1.2 * y,
                         "lbp_cos_real": rng.normal(0, 1, 2 * n) + 0.5 * y,
                         "brightness": rng.normal(0, 1, 2 * n)})


SEEDS = [42, 0, 1, 2, 3]


def _truth(per_class: int = 20, seeds=SEEDS) -> float:
    """The spread q3 asks for, from the course's own draws."""
    best, _, frame = ch01.draws(_table(), seeds, per_class)
    return float(frame[best].max() - frame[best].min())


def _q3(spread=None, seeds=SEEDS, per_class: int = 20, predicted=0.1, **faked) -> dict:
    return {"predicted_spread_20": predicted,
            "spread_20": _truth(per_class, seeds) if spread is None else spread,
            "table": _table(), "seeds": seeds, **faked}


def _by_dfkit(a, b):
    from dfkit import features

    return float(features.cosine_similarity(a[None], b)[0])


def _by_sklearn(a, b):
    from sklearn.metrics.pairwise import cosine_similarity

    return float(cosine_similarity(a[None], b[None])[0, 0])


def _by_scipy(a, b):
    from scipy.spatial import distance

    return 1 - distance.cosine(a, b)


def _by_closure():
    from dfkit.features import cosine_similarity as batched

    return lambda a, b: float(batched(a[None], b)[0])


def _by_default(a, b, f=cosine_similarity):
    return float(f(a[None], b)[0])


def _by_dunder_import(a, b):
    return 1 - __import__("scipy.spatial.distance", fromlist=["x"]).cosine(a, b)


def _by_container():
    from scipy.spatial import distance

    found = [features_cosine], {"c": distance.cosine}

    def my_cosine(a, b):
        return 0.5 * float(found[0][0](a[None], b)[0]) + 0.5 * (1 - found[1]["c"](a, b))

    return my_cosine


def _by_keras_loss(a, b):  # the report's route: Keras's loss, reached by string names
    m = importlib.import_module("ker" + "as")
    f = getattr(getattr(m, "los" + "ses"), "cosine_" + "similarity")
    return -float(f(a.astype("float32"), b.astype("float32")))


def _by_keras_metric(a, b):  # the report's route: tf.keras's metric, by string names
    tf = importlib.import_module("tensor" + "flow")
    k = getattr(tf, "ker" + "as")
    m = getattr(getattr(k, "metr" + "ics"), "Cosine" + "Similarity")()
    m.update_state(a[None].astype("float32"), b[None].astype("float32"))
    return float(m.result())


def _by_keras_normalize(a, b):  # Keras scales both to length 1, by string names
    n = getattr(importlib.import_module("ker" + "as.ops"), "norm" + "alize")
    return float(np.asarray(n(a[None].astype("float32")))[0]
                 @ np.asarray(n(b[None].astype("float32")))[0])


def _by_sklearn_normalize(a, b):  # the report's route: scikit-learn scales to length 1
    n = getattr(importlib.import_module("skl" + "earn.preprocessing"), "norm" + "alize")
    return float(n(a[None])[0] @ n(b[None])[0])


def _by_cv2_norm(a, b):
    """Honest (report 01, finding 3): the formula, with OpenCV's length instead of NumPy's."""
    a = np.asarray(a, dtype=float)
    b = np.asarray(b, dtype=float)
    return float(np.dot(a, b) / (cv2.norm(a) * cv2.norm(b)))


def _mirrored(a, b):
    """Each vector followed by its negative: mean 0, so a correlation is the cosine."""
    a = np.asarray(a, dtype=float)
    b = np.asarray(b, dtype=float)
    return np.r_[a, -a], np.r_[b, -b]


# report 01, finding 3: the libraries' correlations on mirrored vectors, refused as SciPy's
# pearsonr is (NumPy's, pandas' Series and DataFrame, the standard library's)
def _by_corrcoef(a, b):
    return float(np.corrcoef(*_mirrored(a, b))[0, 1])


def _by_series_corr(a, b):
    x, y = _mirrored(a, b)
    return float(pd.Series(x).corr(pd.Series(y)))


def _by_frame_corr(a, b):
    x, y = _mirrored(a, b)
    return float(pd.DataFrame({"x": x, "y": y}).corr().iloc[0, 1])


def _by_statistics(a, b):
    import statistics

    x, y = _mirrored(a, b)
    return float(statistics.correlation(list(x), list(y)))


def _by_cv2_normalize(a, b):  # the report's route: OpenCV scales to length 1
    import cv2

    return float(cv2.normalize(a, None).ravel() @ cv2.normalize(b, None).ravel())


def _by_hidden_cv2(a, b):  # OpenCV's builtin, reached by string names
    n = getattr(importlib.import_module("c" + "v2"), "norm" + "alize")
    return float(n(a, None).ravel() @ n(b, None).ravel())


def _by_globals_cv2(a, b):  # OpenCV's, found in the notebook's globals by a built string
    m = globals()["c" + "v2"]
    n = getattr(m, "norm" + "alize")
    return float(n(a, None).ravel() @ n(b, None).ravel())


_KEPT = cv2.normalize  # kept before the check, under another name


def _by_kept_cv2(a, b):
    return float(_KEPT(a, None).ravel() @ _KEPT(b, None).ravel())


def _by_match_template(a, b):
    """The report's route: OpenCV's normalised cross-correlation (TM_CCORR_NORMED, 3), the
    cosine for two inputs of one size, reached by an import built at run time."""
    lib = getattr(builtins, "__imp" + "ort__")("c" + "v2")
    a = np.asarray(a, np.float32).reshape(1, -1)
    b = np.asarray(b, np.float32).reshape(1, -1)
    return float(lib.matchTemplate(a, b, 3)[0, 0])


def _by_match_template_in_a_dict():
    """The report's other route: matchTemplate kept in a dict made in another cell."""
    tools = {"ncc": cv2.matchTemplate}

    def my_cosine(a, b):
        a = np.asarray(a, np.float32).reshape(1, -1)
        b = np.asarray(b, np.float32).reshape(1, -1)
        return float(tools["ncc"](a, b, 3)[0, 0])

    return my_cosine


def _by_match_template_in_globals():
    """matchTemplate in a notebook-level dict (the report's cell), not a closure."""
    notebook = {"np": np, "TOOLS": {"ncc": cv2.matchTemplate}}
    exec("def my_cosine(a, b):\n"
         "    a = np.asarray(a, np.float32).reshape(1, -1)\n"
         "    b = np.asarray(b, np.float32).reshape(1, -1)\n"
         "    return float(TOOLS['ncc'](a, b, 3)[0, 0])\n", notebook)
    return notebook["my_cosine"]


def _by_compare_hist(a, b):
    """OpenCV's histogram correlation (HISTCMP_CORREL, 0) on the mirrored vectors, whose
    means are 0, so that the correlation is the cosine; reached by a built name."""
    m = importlib.import_module("c" + "v2")
    a = np.r_[a, -a].astype(np.float32)
    b = np.r_[b, -b].astype(np.float32)
    return float(getattr(m, "compare" + "Hist")(a, b, 0))


def _by_compare_hist_in_a_list():
    """compareHist kept in a list, through functools.partial."""
    tools = [functools.partial(cv2.compareHist, method=0)]

    def my_cosine(a, b):
        a = np.r_[a, -a].astype(np.float32)
        b = np.r_[b, -b].astype(np.float32)
        return float(tools[0](a, b))

    return my_cosine


def _by_tf_l2_normalize(a, b):  # the report's route: TensorFlow's l2_normalize
    m = __import__("importlib").import_module("tensor" + "flow")
    return float(m.reduce_sum(m.math.l2_normalize(a) * m.math.l2_normalize(b)))


def _by_keras_utils_normalize(a, b):  # the report's route: keras.utils.normalize
    k = __import__("importlib").import_module("ker" + "as")
    return float(k.utils.normalize(a[None])[0] @ k.utils.normalize(b[None])[0])


def _by_tf_in_a_dict():
    """The report's route: TensorFlow's v1 cosine distance and tf.linalg.normalize, held in
    a dict the answer reads at run time."""
    tf = importlib.import_module("tensor" + "flow")
    lib = {"cd": tf.compat.v1.losses.cosine_distance, "n": tf.linalg.normalize}

    def my_cosine(a, b):
        ua = lib["n"](np.asarray(a, "float64"))[0]
        ub = lib["n"](np.asarray(b, "float64"))[0]
        return 1.0 - float(lib["cd"](ua, ub, axis=0))

    return my_cosine


def _by_scaling_in_a_dict(scale, pair: bool):
    """The report's other routes: a library's scaling to length 1 held in a dict
    (tf.linalg.normalize, which returns the vector and its norm, or Keras's private
    ``_normalize``), then ``@``."""
    lib = {"n": scale}

    def unit(v):
        out = lib["n"](np.asarray(v, "float64"))
        return np.asarray(out[0] if pair else out).ravel()

    return lambda a, b: float(unit(a) @ unit(b))


def _tf_normalize():
    return importlib.import_module("tensor" + "flow").linalg.normalize


def _keras_private_normalize():
    return importlib.import_module("ker" + "as").src.ops.nn._normalize


def _by_cdist_func(a, b):  # the report's route: the function behind SciPy's cdist
    d = __import__("importlib").import_module("scipy.spatial." + "distance")
    return float(1 - d._METRICS["cosine"].cdist_func(a[None], b[None])[0, 0])


def _by_cdist_wrap(a, b):  # the compiled function behind that one, by string names
    d = importlib.import_module("scipy.spatial." + "distance")
    w = getattr(d, "_distance" + "_wrap")
    out = np.zeros((1, 1))
    getattr(w, "cdist_cos" + "ine_double_wrap")(a[None].astype(float),
                                               b[None].astype(float), out)
    return float(1 - out[0, 0])


def _by_caught(a, b):  # a library call whose refusal is caught, then the formula
    try:
        return 1 - __import__("scipy.spatial.distance", fromlist=["x"]).cosine(a, b)
    except Exception:
        return _cosine(a, b)


def _by_pasted_copy():
    """The report's route: dfkit's source (``features.cosine_similarity??``) pasted under
    another name, called from the answer."""
    from dfkit import features

    source = inspect.getsource(features.cosine_similarity)
    notebook = {"np": np}
    exec(source.replace("def cosine_similarity", "def _copied"), notebook)
    exec("def my_cosine(a, b):\n    return float(_copied(a[None], b[None])[0])\n", notebook)
    return notebook["my_cosine"]


def _by_rebuilt_copy():
    """The report's other route: a function rebuilt from dfkit's ``__code__``, held in a
    closure (the same compiled code under no library name)."""
    from dfkit import features

    rebuilt = types.FunctionType(features.cosine_similarity.__code__, {"np": np})
    return lambda a, b: float(rebuilt(a[None], b[None])[0])


def _by_rebuilt_global():
    """The rebuilt copy kept in the notebook's globals, as the report wrote it."""
    from dfkit import features

    notebook = {"np": np, "_cos": types.FunctionType(features.cosine_similarity.__code__,
                                                      {"np": np})}
    exec("def my_cosine(a, b):\n    return float(_cos(a[None], b[None])[0])\n", notebook)
    return notebook["my_cosine"]


def _matching(words: str) -> str:
    """The first q2 option whose text holds ``words`` (answering by the chapter's phrasing)."""
    return next(k for k, text in ch01.q2.options.items() if words in text)


features_cosine = cosine_similarity

CASES = {
    "q1": {"right": [lambda: _q1("a", 0.3, 0.15),
                     lambda: _q1("b", 0.3, 0.27),
                     lambda: _q1("b", 0.3, 0.25),
                     lambda: _q1("c", 0.2, 0.25)],
           "wrong": [lambda: _q1("b", 0.3, 0.15),
                     lambda: _q1("c", 0.3, 0.15),
                     lambda: _q1("a", 0.3, 0.27),
                     lambda: _q1("a", 0.2, 0.25)]},
    "q2": {"right": [lambda: {"q2_answer": "c"}, lambda: {"q2_answer": " C "}],
           "wrong": [lambda: {"q2_answer": "a"},  # B's AUC read without its interval
                     lambda: {"q2_answer": "b"},  # turned round, but the direction not flipped
                     # the report's route: "an AUC below 0.5 is no signal", the belief the
                     # chapter corrects, dismisses A (B kept without its interval, or not)
                     lambda: {"q2_answer": "d"},
                     lambda: {"q2_answer": "e"},
                     lambda: {"q2_answer": _matching("B only, with fakes higher")},
                     lambda: {"q2_answer": _matching("no signal")},
                     lambda: {"q2_answer": "f"},
                     # a word match: the option holding the chapter's words
                     lambda: {"q2_answer": _matching("below 0.5")},
                     # "pointing the other way" (fakes lower on A) with B kept by its AUC
                     lambda: {"q2_answer": _matching("lower on A")}]},
    "q3": {"right": [lambda: _q3(),
                     lambda: _q3(spread=round(_truth(), 2)),
                     lambda: _q3(seeds=[7, 8, 9, 10, 11, 12]),
                     # a prediction is recorded, not graded: a far one passes too
                     lambda: _q3(predicted=0.45)],
           "wrong": [lambda: _q3(spread=_truth(5)),  # the five-per-class spread
                     lambda: _q3(spread=_truth() + 0.05),
                     lambda: _q3(spread=-_truth()),
                     lambda: _q3(spread=True),
                     lambda: _q3(seeds=[42]),  # one draw: no spread
                     # the square-root rule's value (0.12 on these seeds, the run's 0.098),
                     # and the student's own prediction, typed as the run's spread
                     lambda: _q3(spread=0.12, seeds=[0, 1, 2, 3, 4]),
                     lambda: _q3(spread=0.3, predicted=0.3),
                     # no prediction of a spread: not a number from 0 to 1
                     lambda: _q3(predicted=5),
                     lambda: _q3(predicted="0.1"),
                     lambda: _q3(predicted=True),
                     # a million seeds would hold the grader for hours: refused unread
                     lambda: _q3(spread=0.1, seeds=list(range(10**6))),
                     lambda: _q3(spread=0.1, seeds=itertools.count()),
                     # a faked experiment: dicts the checker no longer reads
                     lambda: _q3(spread=0.0, five_aucs={i: 0.2 for i in range(5)},
                                 weak_aucs={i: 0.5 for i in range(5)})]},
    "q4": {"right": [lambda: {"my_cosine": _cosine},
                     # OpenCV's length in the formula is no library cosine (report 01)
                     lambda: {"my_cosine": _by_cv2_norm}],
           "wrong": [lambda: {"my_cosine": lambda a, b: float(a @ b)},
                     lambda: {"my_cosine": lambda a, b: float(a @ b / np.linalg.norm(a))},
                     lambda: {"my_cosine": lambda a, b: abs(_cosine(a, b))},
                     lambda: {"my_cosine": lambda a, b: None},  # forgot `return`
                     lambda: {"my_cosine": 0.9},
                     # library calls: dfkit's batched cosine, scikit-learn's, SciPy's, and
                     # dfkit's through a closure and through a default argument
                     lambda: {"my_cosine": _by_dfkit},
                     lambda: {"my_cosine": _by_sklearn},
                     lambda: {"my_cosine": _by_scipy},
                     lambda: {"my_cosine": _by_closure()},
                     lambda: {"my_cosine": _by_default},
                     # reached past the names: __import__, functions kept in a list and a
                     # dict, functools.partial, the library function itself, a caught refusal
                     lambda: {"my_cosine": _by_dunder_import},
                     lambda: {"my_cosine": _by_container()},
                     lambda: {"my_cosine": lambda a, b: 1 - functools.partial(
                         __import__("scipy.spatial.distance", fromlist=["x"]).cosine)(a, b)},
                     lambda: {"my_cosine": functools.partial(
                         lambda f, a, b: 1 - f(a, b),
                         __import__("scipy.spatial.distance", fromlist=["x"]).cosine)},
                     lambda: {"my_cosine": __import__("scipy.spatial.distance",
                                                      fromlist=["x"]).cosine},
                     lambda: {"my_cosine": _by_caught},
                     # Keras's cosine (loss, metric) and the libraries' scaling to length 1,
                     # reached by string names the name screen cannot see
                     lambda: {"my_cosine": _by_keras_loss},
                     lambda: {"my_cosine": _by_keras_metric},
                     lambda: {"my_cosine": _by_keras_normalize},
                     lambda: {"my_cosine": _by_sklearn_normalize},
                     # OpenCV's, TensorFlow's and keras.utils' scaling to length 1
                     # and SciPy's cdist internals, plain and by string names
                     lambda: {"my_cosine": _by_corrcoef},
                     lambda: {"my_cosine": _by_series_corr},
                     lambda: {"my_cosine": _by_frame_corr},
                     lambda: {"my_cosine": _by_statistics},
                     lambda: {"my_cosine": _by_cv2_normalize},
                     lambda: {"my_cosine": _by_hidden_cv2},
                     lambda: {"my_cosine": _by_globals_cv2},
                     lambda: {"my_cosine": _by_kept_cv2},
                     # the report's routes: OpenCV's normalised cross-correlation
                     # (matchTemplate) by a built import and kept in a dict, and its
                     # histogram correlation (compareHist) on mirrored vectors
                     lambda: {"my_cosine": _by_match_template},
                     lambda: {"my_cosine": _by_match_template_in_a_dict()},
                     lambda: {"my_cosine": _by_match_template_in_globals()},
                     lambda: {"my_cosine": _by_compare_hist},
                     lambda: {"my_cosine": _by_compare_hist_in_a_list()},
                     lambda: {"my_cosine": _by_tf_l2_normalize},
                     lambda: {"my_cosine": _by_keras_utils_normalize},
                     lambda: {"my_cosine": _by_cdist_func},
                     # the report's dict routes: TensorFlow's v1 cosine distance and
                     # tf.linalg.normalize, and Keras's private _normalize, then `@`
                     lambda: {"my_cosine": _by_tf_in_a_dict()},
                     lambda: {"my_cosine": _by_scaling_in_a_dict(_tf_normalize(), True)},
                     lambda: {"my_cosine": _by_scaling_in_a_dict(
                         _keras_private_normalize(), False)},
                     lambda: {"my_cosine": _by_cdist_wrap},
                     # a copy of dfkit's code: its source pasted under another name, or a
                     # function rebuilt from its __code__ (in a closure and in the globals)
                     lambda: {"my_cosine": _by_pasted_copy()},
                     lambda: {"my_cosine": _by_rebuilt_copy()},
                     lambda: {"my_cosine": _by_rebuilt_global()}]},
    # q5's map is the checker's own rebuild of the first training image's edges: a
    # `sample_edges` set by hand (the report's all-False map with 0.0, all-True with 1.0) fails
    "q5": {"right": [lambda: _q5(float(_centre().mean())),
                     lambda: _q5(_centre().mean())],
           "wrong": [lambda: _q5(int(_centre().sum())),
                     lambda: _q5(100 * float(_centre().mean())),
                     lambda: _q5(float(_edges().mean())),  # the whole crop
                     lambda: _q5(float(_centre().mean()) + 0.01),
                     lambda: _q5(0.5),
                     lambda: _q5(0.0, np.zeros_like(_edges())),
                     lambda: _q5(1.0, np.ones_like(_edges())),
                     # a map of its own, answered honestly from it
                     lambda: _q5(float(ch01.centre(_edges()[::-1]).mean()),
                                 _edges()[::-1])]},
}
