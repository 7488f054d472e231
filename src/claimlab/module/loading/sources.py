"""Sourced reference data: the bibliography, `timeline.csv` and `glossary.yaml`.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from ..errors import suggest
from ..model import (
    GlossaryEntry,
    TimelineEvent,
)
from .common import ISO_DATE, SLUG, _check_sources, _Collector, _keys, _read_csv, _where


def _load_bibliography(c: _Collector, root: Path, relative: Any) -> frozenset[str] | None:
    if relative is None:
        return None
    path = (root / str(relative)).resolve()
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        c.add(
            "module.yaml", f"cannot read the bibliography {relative}: {err}", None, "bibliography"
        )
        return None
    keys = re.findall(r"^@\w+\{\s*([^,\s]+)\s*,", text, re.M)
    for dup in sorted({k for k in keys if keys.count(k) > 1}):
        c.add(path.name, f"duplicate entry key '{dup}'")
    return frozenset(keys)


TIMELINE_COLUMNS = ("date", "event", "category", "sources", "note")


def _load_timeline(
    c: _Collector,
    path: Path,
    bibliography: frozenset[str] | None,
    categories: tuple[str, ...] = (),
) -> tuple[TimelineEvent, ...]:
    if not path.is_file():
        return ()
    file = path.name
    events: list[TimelineEvent] = []
    last = ""
    for line, row in _read_csv(c, path, TIMELINE_COLUMNS):
        where = f"line {line}"
        if not ISO_DATE.match(row["date"]):
            c.add(file, "must be an ISO date, YYYY-MM-DD or YYYY-MM", where, "date")
        elif row["date"] < last:
            c.add(
                file, f"{row['date']} comes before {last}; keep events in date order", where, "date"
            )
        last = max(last, row["date"])
        if not row["event"]:
            c.add(file, "is empty", where, "event")
        if categories and row["category"] not in categories:
            c.add(
                file,
                f"unknown category {row['category']!r}"
                f"{suggest(row['category'], categories)}; taxonomy.yaml lists: "
                f"{', '.join(categories)}",
                where,
                "category",
            )
        elif not SLUG.match(row["category"]):
            c.add(file, "must be a lower-case-hyphenated category", where, "category")
        sources = _keys(row["sources"])
        _check_sources(c, file, where, sources, bibliography)
        events.append(
            TimelineEvent(row["date"], row["event"], row["category"], sources, row["note"])
        )
    return tuple(events)


def _load_glossary(
    c: _Collector, data: Any, bibliography: frozenset[str] | None
) -> tuple[GlossaryEntry, ...]:
    file = "glossary.yaml"
    if data is None:
        return ()
    if not isinstance(data, list):
        c.add(file, "must be a list of entries with term, definition and sources")
        return ()
    entries: list[GlossaryEntry] = []
    for index, item in enumerate(data, start=1):
        if not isinstance(item, dict):
            c.add(file, "each entry must be a mapping", f"entry {index}")
            continue
        where = _where(item, f"entry {index}")
        c.unknown_fields(file, where, item, {"term", "definition", "sources", "see_also"})
        sources = tuple(str(s) for s in item.get("sources") or [])
        _check_sources(c, file, where, sources, bibliography)
        entries.append(
            GlossaryEntry(
                c.text(file, where, item, "term"),
                c.text(file, where, item, "definition"),
                sources,
                tuple(str(s) for s in item.get("see_also") or []),
            )
        )
    terms = [e.term for e in entries]
    for dup in sorted({t for t in terms if terms.count(t) > 1}):
        c.add(file, f"duplicate term '{dup}'", None, "term")
    for entry in entries:
        for other in entry.see_also:
            if other not in terms:
                c.add(
                    file,
                    f"see_also '{other}' is not a term here{suggest(other, terms)}",
                    f"term '{entry.term}'",
                    "see_also",
                )
    return tuple(entries)
