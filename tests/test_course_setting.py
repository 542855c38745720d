"""One course setting names the repository, the book and the release; everything else agrees with it.

``[tool.dfkit-course]`` in pyproject.toml is the one place. Checked here: the book's _config.yml,
the set-up cell of every chapter and solution notebook (identical, rendered from the setting, a
real ``%pip`` line that IPython accepts inside its ``if``), and every glossary link in the
notebooks' prose (the book's base URL, and an anchor that is a term of glossary.md).
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import nbformat
import pytest
import yaml

from dfkit.course import setup_cell
from dfkit.exceptions import DfkitError

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "chapters").glob("[0-9][0-9]_*.ipynb")) + sorted(
    (ROOT / "solutions").glob("[0-9][0-9]_*.ipynb"))
COURSE = setup_cell.setting(ROOT)
GLOSSARY_LINK = re.compile(r"\]\((https?://[^)\s]*glossary\.html[^)\s]*)\)")


def glossary_terms(text: str) -> set[str]:
    """The terms defined in glossary.md's ``{glossary}`` directive (unindented lines, options excepted)."""
    block = text.split("```{glossary}", 1)[1].split("```", 1)[0]
    return {line.strip() for line in block.splitlines()
            if line.strip() and not line[0].isspace() and not line.startswith(":")}


def sphinx_anchor(term: str) -> str:
    """Sphinx's id for a glossary term: ``term-`` + the term lower-cased, non-alphanumerics as hyphens."""
    return "term-" + re.sub(r"[^a-z0-9]+", "-", term.lower()).strip("-")


def test_the_setting_names_a_tagged_release_of_this_version():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert COURSE.release == f"v{project['version']}", \
        "[tool.dfkit-course] release must be the tag of the package version ('v' + version)"
    assert COURSE.repository.startswith("https://github.com/") and COURSE.book.startswith("https://")
    assert COURSE.install_spec == f"dfkit @ git+{COURSE.repository}@{COURSE.release}"


def test_the_books_config_names_the_same_repository_and_release():
    """The launch buttons open the notebooks of the release their set-up cell installs."""
    config = yaml.safe_load((ROOT / "_config.yml").read_text())
    assert config["repository"]["url"] == COURSE.repository
    assert config["repository"]["branch"] == COURSE.release


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_every_notebook_starts_with_the_rendered_set_up_cell(path):
    nb = nbformat.read(path, as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    setups = [c for c in code if c.source.startswith(setup_cell.MARKER)]
    assert len(setups) == 1 and code[0] is setups[0], f"{path.name}: the set-up cell must be its first code cell"
    assert code[0].source == setup_cell.render(COURSE), \
        f"{path.name}: set-up cell differs: run `python -m dfkit.course.setup_cell` then `make notebooks`"
    assert "remove-cell" in code[0].metadata.get("tags", [])


def test_the_py_sources_hold_the_same_cell():
    assert setup_cell.main(["--check", "--root", str(ROOT)]) == 0


def test_the_set_up_cell_installs_with_pip_magic_inside_the_colab_branch():
    from IPython.core.inputtransformer2 import TransformerManager

    source = setup_cell.render(COURSE)
    assert "\n    %pip install" in source, "%pip (Colab's restart prompt), indented under the Colab test"
    assert "subprocess" not in source
    python = TransformerManager().transform_cell(source)
    compile(python, "setup-cell", "exec")  # IPython accepts the indented magic
    assert "    get_ipython().run_line_magic('pip', 'install -q \"{DFKIT}\"')" in python
    assert f"git+{COURSE.repository}@{COURSE.release}" in source


def test_the_set_up_cell_runs_pip_only_on_colab(monkeypatch):
    """Executed as IPython would (magic transformed): nothing happens outside Colab, pip runs on it."""
    from IPython.core.inputtransformer2 import TransformerManager

    python = TransformerManager().transform_cell(setup_cell.render(COURSE))
    calls = []

    class Shell:
        def run_line_magic(self, name, line):
            calls.append((name, line))

    monkeypatch.delitem(sys.modules, "google.colab", raising=False)
    exec(python, {"get_ipython": Shell})
    assert calls == []
    monkeypatch.setitem(sys.modules, "google.colab", type(sys)("google.colab"))
    monkeypatch.setenv("DFKIT_INSTALL", "/tmp/dfkit-src")
    exec(python, {"get_ipython": Shell})
    assert calls == [("pip", 'install -q "{DFKIT}"')]


def test_a_notebook_without_the_cell_gets_it_after_its_title_and_a_stale_one_is_replaced():
    head = "# ---\n# jupyter:\n#   kernelspec:\n#     name: python3\n# ---\n\n"
    bare = head + "# %% [markdown]\n# # Title\n\n# %%\nimport numpy\n"
    done = setup_cell.updated(bare, COURSE)
    assert done == head + "# %% [markdown]\n# # Title\n\n" + setup_cell.render_py(COURSE) + "\n# %%\nimport numpy\n"
    assert setup_cell.updated(done, COURSE) == done
    stale = done.replace(COURSE.release, "v0.0.1")
    assert stale != done and setup_cell.updated(stale, COURSE) == done


def test_an_incomplete_setting_is_a_clear_error(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\n')
    with pytest.raises(DfkitError, match=r"pyproject.toml: no \[tool.dfkit-course\]"):
        setup_cell.setting(tmp_path)
    (tmp_path / "pyproject.toml").write_text('[tool.dfkit-course]\nrepository = "https://x/y"\n')
    with pytest.raises(DfkitError, match="lacks book, release"):
        setup_cell.setting(tmp_path)


def test_every_glossary_link_uses_the_books_url_and_names_a_real_term():
    anchors = {sphinx_anchor(term) for term in glossary_terms((ROOT / "glossary.md").read_text())}
    assert "term-roc-auc" in anchors and "term-recall" in anchors
    links, problems = 0, []
    for path in NOTEBOOKS:
        for cell in nbformat.read(path, as_version=4).cells:
            if cell.cell_type != "markdown":
                continue
            for url in GLOSSARY_LINK.findall(cell.source):
                links += 1
                base, _, anchor = url.partition("#")
                if base != COURSE.glossary:
                    problems.append(f"{path.name}: {url} is not under {COURSE.glossary}")
                elif anchor not in anchors:
                    problems.append(f"{path.name}: {url}: no glossary term has the id {anchor!r}")
    assert links > 0, "no glossary link found: the pattern no longer matches the prose"
    assert not problems, "\n".join(problems)


def test_the_anchor_rule_matches_sphinx():
    assert sphinx_anchor("ROC-AUC") == "term-roc-auc"
    assert sphinx_anchor("global average pooling") == "term-global-average-pooling"
    assert sphinx_anchor("F1") == "term-f1"
