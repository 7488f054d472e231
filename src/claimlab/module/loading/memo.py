"""The argument and the memo: `argument.yaml`, `recommendations.yaml`, `rubric.yaml`.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from ..model import (
    ARGUMENT_ROLES,
    NO_TARGET,
    ArgumentNode,
    Claim,
    MemoPart,
    PeerCriterion,
    Recommendation,
    Rubric,
)
from .common import SLUG, _Collector, _where


def _anchors(
    c: _Collector, file: str, where: str, item: dict, known: Collection[str], what: str
) -> tuple[str, ...]:
    """The claim ids an entry is anchored in; an entry with none, or an unknown id, is reported."""
    ids = tuple(str(i) for i in item.get("claims") or [])
    if not ids:
        c.add(file, f"{what} in at least one claim of the key", where, "claims")
    for claim_id in ids:
        if claim_id not in known:
            c.add(file, f"no claim '{claim_id}' in claims.csv", where, "claims")
    return ids

def _load_argument(c: _Collector, data: Any, claims: tuple[Claim, ...]) -> ArgumentNode | None:
    file = "argument.yaml"
    if data is None:
        return None
    known = {claim.id for claim in claims}
    seen: set[str] = set()

    def node(item: Any, label: str) -> ArgumentNode | None:
        if not isinstance(item, dict):
            c.add(file, "each step must be a mapping with id, text and claims", label)
            return None
        where = _where(item, label)
        c.unknown_fields(file, where, item, {"id", "text", "claims", "reasons"})
        node_id = c.text(file, where, item, "id")
        if node_id in seen:
            c.add(file, f"duplicate id '{node_id}'", where, "id")
        if node_id in {role for role, _ in ARGUMENT_ROLES} | {NO_TARGET}:
            # Students see step ids (the map's menus, their hand-ins): a step called
            # "conclusion" would answer the map exercise on the graded page.
            c.add(file, f"'{node_id}' names a role; give the step an id of its own", where, "id")
        seen.add(node_id)
        ids = _anchors(c, file, where, item, known, "anchor each step")
        children = [node(child, f"reason of {node_id}") for child in item.get("reasons") or []]
        return ArgumentNode(
            node_id,
            c.text(file, where, item, "text"),
            ids,
            tuple(ch for ch in children if ch is not None),
        )

    if not isinstance(data, dict) or "conclusion" not in data:
        c.add(file, "must be a mapping with a 'conclusion' step")
        return None
    return node(data["conclusion"], "conclusion")


def _load_recommendations(
    c: _Collector, data: Any, claims: tuple[Claim, ...]
) -> tuple[Recommendation, ...]:
    file = "recommendations.yaml"
    if data is None:
        return ()
    if not isinstance(data, dict) or not isinstance(data.get("recommendations"), list):
        c.add(file, "must be a mapping with a list under 'recommendations'")
        return ()
    by_id = {claim.id: claim for claim in claims}
    items: list[Recommendation] = []
    for index, item in enumerate(data["recommendations"], start=1):
        if not isinstance(item, dict):
            c.add(file, "each recommendation must be a mapping", f"recommendation {index}")
            continue
        where = _where(item, f"recommendation {index}")
        c.unknown_fields(file, where, item, {"id", "text", "claims"})
        rec_id = c.text(file, where, item, "id")
        if rec_id and not SLUG.match(rec_id):
            c.add(file, "must be lower-case words joined by hyphens", where, "id")
        ids = _anchors(c, file, where, item, by_id, "anchor it")
        numbers = tuple(sorted({by_id[i].paragraph for i in ids if i in by_id}))
        items.append(Recommendation(rec_id, c.text(file, where, item, "text"), ids, numbers))
    ids = [r.id for r in items]
    for dup in sorted({i for i in ids if ids.count(i) > 1}):
        c.add(file, f"duplicate id '{dup}'", None, "id")
    return tuple(items)


def _word_range(c: _Collector, file: str, where: str, value: Any, field: str) -> tuple[int, int]:
    ok = (
        isinstance(value, list)
        and len(value) == 2
        and all(isinstance(v, int) and not isinstance(v, bool) and v >= 0 for v in value)
        and value[0] <= value[1]
    )
    if not ok:
        c.add(file, "must be [minimum, maximum] words, two whole numbers", where, field)
        return (0, 0)
    return (value[0], value[1])


def _load_rubric(c: _Collector, data: Any) -> Rubric | None:
    file = "rubric.yaml"
    if data is None:
        return None
    if not isinstance(data, dict):
        c.add(file, "must be a mapping with notice, parts, stances and peer_review")
        return None
    c.unknown_fields(
        file,
        _where(data),
        data,
        {"notice", "parts", "total_words", "min_citations", "stances", "peer_review"},
    )
    parts: list[MemoPart] = []
    for index, item in enumerate(data.get("parts") or [], start=1):
        if not isinstance(item, dict):
            c.add(file, "each part must be a mapping", f"part {index}")
            continue
        where = _where(item, f"part {index}")
        c.unknown_fields(file, where, item, {"id", "title", "prompt", "words", "counterargument"})
        low, high = _word_range(c, file, where, item.get("words"), "words")
        parts.append(
            MemoPart(
                c.text(file, where, item, "id"),
                c.text(file, where, item, "title"),
                c.text(file, where, item, "prompt"),
                low,
                high,
                bool(item.get("counterargument")),
            )
        )
    if not parts:
        c.add(file, "needs at least one part", None, "parts")
    if not any(p.counterargument for p in parts):
        c.add(file, "one part must be marked counterargument: true", None, "parts")
    stances = []
    for index, item in enumerate(data.get("stances") or [], start=1):
        where = _where(item, f"stance {index}") if isinstance(item, dict) else f"stance {index}"
        if not isinstance(item, dict):
            c.add(file, "each stance must be a mapping with id and name", where)
            continue
        stances.append((c.text(file, where, item, "id"), c.text(file, where, item, "name")))
    criteria = []
    peer = data.get("peer_review") or {}
    for index, item in enumerate(peer.get("criteria") or [], start=1):
        if not isinstance(item, dict):
            c.add(file, "each criterion must be a mapping", f"criterion {index}")
            continue
        where = _where(item, f"criterion {index}")
        levels = item.get("levels")
        if (
            not isinstance(levels, list)
            or len(levels) < 2
            or not all(isinstance(level, str) and level.strip() for level in levels)
        ):
            c.add(file, "needs at least two level descriptors, lowest first", where, "levels")
            levels = []
        criteria.append(
            PeerCriterion(
                c.text(file, where, item, "id"), c.text(file, where, item, "name"), tuple(levels)
            )
        )
    min_citations = data.get("min_citations", 1)
    if not isinstance(min_citations, int) or min_citations < 0:
        c.add(file, "must be a whole number", None, "min_citations")
        min_citations = 1
    return Rubric(
        c.text(file, _where(data), data, "notice"),
        tuple(parts),
        _word_range(c, file, _where(data), data.get("total_words"), "total_words"),
        min_citations,
        tuple(stances),
        tuple(criteria),
    )
