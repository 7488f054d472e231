"""The generic parts of a module's chapters as Sphinx directives, one implementation for every
module (this course's and any that `claimlab new` makes).

Each renders raw HTML from `claimlab.render`, reading the module directory named by the config
value `claimlab_data` (default `data`, relative to the book's root), and notes every file of
that directory as a dependency of the page, so editing the data rebuilds the pages that show it::

    ```{claimlab:section} opening
    ```
    ```{claimlab:exercise} claim-types-opening
    ```
    ```{claimlab:claims} opening
    ```
    ```{claimlab:taxonomy}
    ```

Also `claimlab:decision-order`, `claimlab:support`, `claimlab:article`, `claimlab:meta`,
`claimlab:recommendations`, `claimlab:memo` and `claimlab:peer-review`. They follow the edition
(`claimlab.edition`) exactly as the renderer does: the graded edition's forms hold no key.
A data error becomes a warning at the directive's line (an error under `-W`), not a traceback.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, ClassVar

from docutils import nodes
from sphinx.domains import Domain
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from . import render
from .errors import ModuleValidationError
from .load import load_module
from .model import Module

logger = logging.getLogger(__name__)

_cache: dict[tuple[str, tuple[tuple[str, int], ...]], Module] = {}


def data_files(root: Path) -> list[Path]:
    """Every file of a module directory (hidden files aside): the pages' dependencies."""
    return sorted(
        p for p in root.rglob("*") if p.is_file() and not any(x.startswith(".") for x in p.parts)
    )


def cached_module(root: Path) -> Module:
    """Load once per build while no file changes (a chapter may hold several directives)."""
    stamp = tuple((str(p), p.stat().st_mtime_ns) for p in data_files(root))
    key = (str(root.resolve()), stamp)
    if key not in _cache:
        _cache.clear()
        _cache[key] = load_module(root)
    return _cache[key]


class _PartDirective(SphinxDirective):
    """A generic chapter part: `html(module, argument)` gives its HTML."""

    required_arguments = 0
    optional_arguments = 0
    has_content = False

    def html(self, module: Module, argument: str) -> str:  # pragma: no cover - abstract
        raise NotImplementedError

    def run(self) -> list[nodes.Node]:
        root = Path(self.env.srcdir) / self.config.claimlab_data
        if not root.is_dir():
            return self._warn(f"no module directory {root} (set claimlab_data in the config)")
        for path in data_files(root):
            self.env.note_dependency(str(path))
        try:
            module = cached_module(root)
        except ModuleValidationError as err:
            return self._warn(str(err))
        argument = self.arguments[0] if self.arguments else ""
        try:
            html = self.html(module, argument)
        except (KeyError, ValueError) as err:
            return self._warn(str(err.args[0] if err.args else err))
        return [nodes.raw("", str(html), format="html")] if html else []

    def _warn(self, message: str) -> list[nodes.Node]:
        logger.warning(f"{self.name}: {message}", location=(self.env.docname, self.lineno))
        return []


def _part(render_html: Callable[..., str], takes_argument: bool) -> type[_PartDirective]:
    class Part(_PartDirective):
        required_arguments = 1 if takes_argument else 0

        def html(self, module: Module, argument: str) -> str:
            return render_html(module, argument) if takes_argument else render_html(module)

    Part.__doc__ = render_html.__doc__
    return Part


def _exercise(module: Module, exercise_id: str) -> str:
    """An exercise form; nothing while a draft key has no claims for it."""
    if not module.exercise(exercise_id).claim_ids:
        return ""
    return render.exercise_html(module, exercise_id)


def _optional(render_html: Callable[[Module], str], present: Callable[[Module], object]):
    """A part a module may lack (a rubric, recommendations): nothing when it has none."""

    def html(module: Module) -> str:
        return render_html(module) if present(module) else ""

    html.__doc__ = render_html.__doc__
    return html


PARTS: dict[str, type[_PartDirective]] = {
    "section": _part(render.section_html, True),
    "exercise": _part(_exercise, True),
    "claims": _part(render.claim_counts_html, True),
    "taxonomy": _part(render.taxonomy_html, False),
    "decision-order": _part(render.decision_order_html, False),
    "support": _part(render.support_html, False),
    "article": _part(render.article_html, False),
    "meta": _part(render.meta_html, False),
    "recommendations": _part(
        _optional(render.recommendations_html, lambda m: m.recommendations), False
    ),
    "memo": _part(_optional(render.memo_html, lambda m: m.rubric), False),
    "peer-review": _part(_optional(render.peer_review_html, lambda m: m.rubric), False),
}


class ClaimlabDomain(Domain):
    """The `claimlab:` prefix: `{claimlab:section} opening` and its siblings."""

    name = "claimlab"
    label = "claimlab"
    directives: ClassVar[dict[str, Any]] = dict(PARTS)
    roles: ClassVar[dict[str, Any]] = {}
    initial_data: ClassVar[dict[str, Any]] = {}

    def clear_doc(self, docname: str) -> None:
        pass

    def merge_domaindata(self, docnames: Any, otherdata: dict) -> None:
        pass  # no data kept: nothing to merge from parallel readers


def setup(app: Any) -> dict[str, Any]:
    app.add_config_value("claimlab_data", "data", "env")
    app.add_domain(ClaimlabDomain)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
