"""`taxonomy.yaml`: claim types, decision order, rules, support levels, verdicts.
"""

from __future__ import annotations

import re
from typing import Any

from ..model import (
    ClaimType,
    Rule,
    SupportCase,
    SupportLevel,
    Taxonomy,
    Verdict,
)
from .common import _Collector, _where


def _load_taxonomy(c: _Collector, data: Any) -> Taxonomy | None:
    file = "taxonomy.yaml"
    if data is None:
        return None
    if not isinstance(data, dict):
        c.add(file, "must be a mapping with types, decision_order and support")
        return None
    c.unknown_fields(
        file,
        _where(data),
        data,
        {
            "types",
            "decision_order",
            "rules",
            "support_procedure",
            "support_cases",
            "support",
            "verdicts",
            "timeline_categories",
        },
    )

    def records(
        key: str, label: str, cls: Any, fields: tuple[str, ...], optional: tuple[str, ...] = ()
    ) -> list[Any]:
        """Each mapping under `key` as a `cls` of its text `fields`, problems reported."""
        built = []
        for index, item in enumerate(data.get(key) or [], start=1):
            if not isinstance(item, dict):
                c.add(file, f"each {label} must be a mapping", f"{label} {index}")
                continue
            where = _where(item, f"{label} {index}")
            c.unknown_fields(file, where, item, set(fields) | set(optional))
            values = [c.text(file, where, item, k) for k in fields]
            values += [c.text(file, where, item, k, required=False) for k in optional]
            record = cls(*values)
            if values[0]:
                c.locations[(key, values[0])] = where
            built.append(record)
        return built

    types: list[ClaimType] = records(
        "types",
        "type",
        ClaimType,
        ("id", "name", "definition", "test_question"),
        ("example", "sample", "sample_why"),
    )
    for claim_type in types:
        if bool(claim_type.sample) != bool(claim_type.sample_why):
            where = c.locations.get(("types", claim_type.id), f"type '{claim_type.id}'")
            c.add(file, "give both 'sample' and 'sample_why' (why it is this type), or neither",
                  where, "sample")
    support: list[SupportLevel] = records(
        "support",
        "support level",
        SupportLevel,
        ("id", "name", "definition"),
        ("test_question", "example"),
    )
    verdicts: list[Verdict] = records("verdicts", "verdict", Verdict, ("id", "name", "definition"))
    categories = records("timeline_categories", "timeline category", lambda *v: v, ("id", "name"))
    rules: list[Rule] = records(
        "rules", "rule", Rule, ("id", "name", "pattern", "decision", "why", "example"), ("match",)
    )
    for rule in rules:
        if rule.match:
            try:
                re.compile(rule.match)
            except re.error as err:
                where = c.locations.get(("rules", rule.id), f"rule '{rule.id}'")
                c.add(file, f"is not a valid regular expression: {err}", where, "match")
    cases: list[SupportCase] = records(
        "support_cases",
        "support case",
        SupportCase,
        ("id", "name", "question", "answer", "example"),
    )
    procedure = data.get("support_procedure") or []
    if not isinstance(procedure, list) or not all(
        isinstance(step, str) and step.strip() for step in procedure
    ):
        c.add(file, "must be a list of steps, each a piece of text", None, "support_procedure")
        procedure = []
    if not types:
        c.add(file, "needs at least one type", None, "types")
    if not support:
        c.add(file, "needs at least one support level", None, "support")
    for label, ids in (
        ("type", [t.id for t in types]),
        ("support level", [s.id for s in support]),
        ("verdict", [v.id for v in verdicts]),
        ("rule", [r.id for r in rules]),
    ):
        for dup in sorted({i for i in ids if ids.count(i) > 1}):
            c.add(file, f"duplicate {label} id '{dup}'", None, "id")
    names = [r.name for r in rules]
    for dup in sorted({n for n in names if names.count(n) > 1}):
        c.add(file, f"duplicate rule name '{dup}'", None, "name")
    order = data.get("decision_order")
    type_ids = [t.id for t in types]
    if not isinstance(order, list) or sorted(map(str, order)) != sorted(type_ids):
        c.add(
            file,
            f"must list every type id exactly once: {', '.join(type_ids)}",
            None,
            "decision_order",
        )
        order = type_ids
    return Taxonomy(
        tuple(types),
        tuple(order),
        tuple(support),
        tuple(verdicts),
        tuple(categories),
        tuple(rules),
        tuple(step.strip() for step in procedure),
        tuple(cases),
    )
