"""The generic chapter parts (`{claimlab:section}` and its siblings) in a real, small Sphinx build.

Each build takes a second or two: a MyST page, the directives and the engine's tiny module.
"""

from __future__ import annotations

import io
import pickle
import shutil
from pathlib import Path

import pytest
from sphinx.application import Sphinx
from sphinx.util.docutils import docutils_namespace

from conftest import MINI

PAGE = """# A chapter

Prose of the module's own.

```{claimlab:section} the-costs
```

```{claimlab:exercise} costs
```

```{claimlab:claims} the-costs
```

```{claimlab:taxonomy}
```
"""


def build(tmp_path: Path, page: str = PAGE, data: str = "data", edition: str = "self-check"):
    """Build one page; return (its HTML, the warnings)."""
    src = tmp_path / "src"
    src.mkdir(exist_ok=True)
    if not (src / data).exists():
        shutil.copytree(MINI, src / data)
    (src / "conf.py").write_text(
        "extensions = ['myst_parser', 'claimlab.sphinx_parts']\n"
        f"claimlab_data = {data!r}\n"
    )
    (src / "index.md").write_text(page)
    warnings = io.StringIO()
    # A namespace per build: Sphinx registers nodes and directives process-wide.
    with pytest.MonkeyPatch.context() as patch, docutils_namespace():
        patch.setenv("CLAIMLAB_EDITION", edition)
        app = Sphinx(
            str(src), str(src), str(tmp_path / "out"), str(tmp_path / "doctrees"), "html",
            status=None, warning=warnings, freshenv=True,
        )
        app.build()
    return (tmp_path / "out" / "index.html").read_text(encoding="utf-8"), warnings.getvalue()


def test_parts_render_the_data(tmp_path):
    html, warnings = build(tmp_path, data="module-data")  # the config value names the folder
    assert not warnings
    assert "Lanes would pay for themselves within ten years." in html  # the section's ¶2
    assert "Cycling fell by a third" not in html.split('class="cl-exercise"')[0]  # ¶1: not here
    assert 'data-cl-exercise="costs"' in html
    assert "<caption>Claims in the key per paragraph: The costs (¶2)</caption>" in html
    assert 'id="type-predictive"' in html


def test_graded_edition_holds_no_key(tmp_path):
    html, warnings = build(tmp_path, edition="graded")
    assert not warnings
    assert 'data-cl-exercise="costs"' in html
    assert "This exercise will be graded." in html
    assert "looks ahead" not in html  # 2a's explanation, from the key


def test_data_error_is_a_located_warning(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    shutil.copytree(MINI, src / "data")
    (src / "data" / "claims.csv").write_text(
        "id,paragraph,quote,type,alternatives,support,explanation\n"
        "2a,2,Lanes would pay,forecast,,assertion,Looks ahead.\n"
    )
    html, warnings = build(tmp_path)
    assert "index.md:5" in warnings and "unknown type 'forecast'" in warnings
    assert "Lanes would pay" not in html


def test_unknown_section_is_a_located_warning(tmp_path):
    _html, warnings = build(tmp_path, page="# A\n\n```{claimlab:section} the-cost\n```\n")
    assert "index.md:3" in warnings and "no section 'the-cost'" in warnings


def test_pages_depend_on_the_data(tmp_path):
    build(tmp_path)
    src = tmp_path / "src"
    env = pickle.loads((tmp_path / "doctrees" / "environment.pickle").read_bytes())
    deps = {Path(src, d).resolve() for d in env.dependencies["index"]}
    assert (src / "data" / "claims.csv").resolve() in deps
    assert (src / "data" / "article.yaml").resolve() in deps
