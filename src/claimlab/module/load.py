"""Load a module directory into the typed model, validating as it goes.

A module directory holds `module.yaml` (metadata), `article.yaml` (the article as blocks),
`taxonomy.yaml`, `claims.csv`, optionally `exercises.yaml`, `factcheck.csv` and
`factcheck_excluded.csv` (the checkable statements left out, with reasons), and
`source/article.txt` (the text as received). Every problem found is collected and reported
together, each naming its file, its line and its field, so an author can fix a whole batch in
one pass.

The rules for each file live in `claimlab.module.loading` (article, taxonomy, key, factcheck,
sources, memo); this module reads the directory in order and cross-checks the files.
"""

from __future__ import annotations

from pathlib import Path

from .errors import ModuleValidationError, Problem
from .loading.article import _check_source, _key_is_draft, _load_blocks, _load_meta
from .loading.common import _Collector
from .loading.factcheck import _load_exclusions, _load_factchecks
from .loading.key import _cross_checks, _load_claims, _load_exercises
from .loading.memo import _load_argument, _load_recommendations, _load_rubric
from .loading.sources import _load_bibliography, _load_glossary, _load_timeline
from .loading.taxonomy import _load_taxonomy
from .model import (
    Article,
    Exercise,
    Module,
)


def load_module(path: str | Path = "data") -> Module:
    """Read and validate a module directory; raise ModuleValidationError listing every problem."""
    root = Path(path)
    if not root.is_dir():
        raise ModuleValidationError([Problem(str(root), "is not a directory")])
    c = _Collector()
    meta_data = c.read_yaml(root / "module.yaml")
    draft = _key_is_draft(c, meta_data)
    module_id, title, meta = _load_meta(c, meta_data, draft)
    bibliography = _load_bibliography(
        c, root, meta_data.get("bibliography") if isinstance(meta_data, dict) else None
    )
    blocks = _load_blocks(c, c.read_yaml(root / "article.yaml"))
    _check_source(c, root, blocks)
    taxonomy = _load_taxonomy(c, c.read_yaml(root / "taxonomy.yaml"))
    paragraphs = {b.number: b.text for b in blocks if b.number is not None}
    before = len(c.problems)
    claims = _load_claims(c, root / "claims.csv", taxonomy, paragraphs)
    # Files that point into the key or the taxonomy are checked only when those loaded:
    # otherwise every row would repeat one upstream problem. A draft key may still be empty.
    claims_read = len(c.problems) == before and (root / "claims.csv").is_file()
    upstream_ok = (bool(claims) or (draft and claims_read)) and taxonomy is not None
    factchecks = (
        _load_factchecks(c, root / "factcheck.csv", claims, blocks, taxonomy, bibliography)
        if upstream_ok
        else ()
    )
    exclusions = (
        _load_exclusions(c, root / "factcheck_excluded.csv", blocks, claims, factchecks)
        if upstream_ok
        else ()
    )
    timeline = _load_timeline(
        c,
        root / "timeline.csv",
        bibliography,
        tuple(cid for cid, _ in taxonomy.timeline_categories) if taxonomy else (),
    )
    glossary_path = root / "glossary.yaml"
    glossary = (
        _load_glossary(c, c.read_yaml(glossary_path), bibliography)
        if glossary_path.exists()
        else ()
    )
    argument_path = root / "argument.yaml"
    argument = (
        _load_argument(c, c.read_yaml(argument_path), claims)
        if argument_path.exists() and upstream_ok
        else None
    )
    recommendations_path = root / "recommendations.yaml"
    recommendations = (
        _load_recommendations(c, c.read_yaml(recommendations_path), claims)
        if recommendations_path.exists() and upstream_ok
        else ()
    )
    rubric_path = root / "rubric.yaml"
    rubric = _load_rubric(c, c.read_yaml(rubric_path)) if rubric_path.exists() else None
    article = Article(meta, blocks) if meta else None
    exercises: tuple[Exercise, ...] = ()
    if article is not None:
        if claims:  # with no readable key, "¶N has no claim" for every ¶ would only be noise
            _cross_checks(c, article, taxonomy, claims, draft)
        section_numbers = {
            s.id: {b.number for b in s.paragraphs if b.number is not None} for s in article.sections
        }
        exercises_path = root / "exercises.yaml"
        if exercises_path.exists() and upstream_ok:
            exercises = _load_exercises(
                c,
                c.read_yaml(exercises_path),
                claims,
                section_numbers,
                factchecks,
                draft,
                has_argument=argument is not None,
            )
    if c.problems or article is None or taxonomy is None:
        raise ModuleValidationError(c.problems or [Problem(str(root), "could not be loaded")])
    return Module(
        module_id,
        title,
        root,
        article,
        taxonomy,
        claims,
        exercises,
        factchecks,
        timeline,
        glossary,
        argument,
        bibliography or frozenset(),
        recommendations,
        rubric,
        exclusions,
        draft,
    )
