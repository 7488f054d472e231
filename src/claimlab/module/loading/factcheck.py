"""`factcheck.csv` (checkable statements and verdicts) and `factcheck_excluded.csv`
(statements left out, with reasons).
"""

from __future__ import annotations

import re
from pathlib import Path

from ..errors import suggest
from ..model import (
    Block,
    Claim,
    Exclusion,
    FactCheck,
    Taxonomy,
)
from .common import _check_sources, _Collector, _keys, _read_csv

FACTCHECK_COLUMNS = ("id", "claim", "quote", "verdict", "finding", "explanation", "sources")


def _load_factchecks(
    c: _Collector,
    path: Path,
    claims: tuple[Claim, ...],
    blocks: tuple[Block, ...],
    taxonomy: Taxonomy | None,
    bibliography: frozenset[str] | None,
) -> tuple[FactCheck, ...]:
    if not path.is_file():
        return ()
    file = path.name
    verdict_ids = tuple(v.id for v in taxonomy.verdicts) if taxonomy else ()
    if not verdict_ids:
        c.add(
            "taxonomy.yaml",
            "factcheck.csv needs verdicts defined in taxonomy.yaml",
            None,
            "verdicts",
        )
    by_claim = {claim.id: claim for claim in claims}
    by_block = {b.id: b for b in blocks if b.kind != "paragraph"}
    items: list[FactCheck] = []
    seen: set[str] = set()
    for line, row in _read_csv(c, path, FACTCHECK_COLUMNS, ("review",)):
        where = f"line {line} ({row['id']})" if row["id"] else f"line {line}"
        if not re.match(r"^fc\d+$", row["id"]):
            c.add(file, "must be 'fc' and a number, like 'fc07'", where, "id")
        if row["id"] in seen:
            c.add(file, f"duplicate id '{row['id']}'", where, "id")
        seen.add(row["id"])
        target, text, location = row["claim"], None, ""
        if target in by_claim:
            text, location = by_claim[target].quote, f"¶{by_claim[target].paragraph}"
        elif target in by_block:
            text, location = by_block[target].text, BLOCK_NAMES.get(by_block[target].kind, "")
        else:
            c.add(file, f"no claim or block '{target}'", where, "claim")
        if text is not None and row["quote"] not in text:
            c.add(file, f"quote is not a verbatim part of {target}", where, "quote")
        if verdict_ids and row["verdict"] not in verdict_ids:
            c.add(
                file,
                f"unknown verdict {row['verdict']!r}{suggest(row['verdict'], verdict_ids)}"
                f"; expected one of: {', '.join(verdict_ids)}",
                where,
                "verdict",
            )
        for key in ("quote", "finding", "explanation"):
            if not row[key]:
                c.add(file, "is empty", where, key)
        sources = _keys(row["sources"])
        _check_sources(
            c, file, where, sources, bibliography, required=row["verdict"] != "unverifiable"
        )
        items.append(
            FactCheck(
                row["id"],
                target,
                location,
                row["quote"],
                row["verdict"],
                row["finding"],
                row["explanation"],
                sources,
                row["review"],
            )
        )
    return tuple(items)


EXCLUDED_COLUMNS = ("paragraph", "quote", "reason")
FACTCHECK_ID = re.compile(r"\bfc\d+\b")


def _span(text: str, quote: str) -> tuple[int, int] | None:
    start = text.find(quote)
    return None if start < 0 or not quote else (start, start + len(quote))


def _load_exclusions(
    c: _Collector,
    path: Path,
    blocks: tuple[Block, ...],
    claims: tuple[Claim, ...],
    factchecks: tuple[FactCheck, ...],
) -> tuple[Exclusion, ...]:
    """Checkable statements left out of the fact-check: each verbatim, with a reason, and none
    that the fact-check also covers (their spans in the block may not overlap)."""
    if not path.is_file():
        return ()
    file = path.name
    by_block = {b.id: b for b in blocks}
    claim_block = {cl.id: f"p{cl.paragraph}" for cl in claims}
    checked: dict[str, list[tuple[str, tuple[int, int]]]] = {}  # block id -> (fc id, span)
    for fc in factchecks:
        block_id = claim_block.get(fc.target, fc.target)
        block = by_block.get(block_id)
        span = _span(block.text, fc.quote) if block else None
        if span:
            checked.setdefault(block_id, []).append((fc.id, span))
    fc_ids = {fc.id for fc in factchecks}
    items: list[Exclusion] = []
    seen: set[tuple[str, str]] = set()
    for line, row in _read_csv(c, path, EXCLUDED_COLUMNS):
        where = f"line {line}"
        ref = row["paragraph"]
        block_id = f"p{ref}" if ref.isdigit() else ref
        block = by_block.get(block_id)
        if block is None or (not ref.isdigit() and block.kind == "paragraph"):
            c.add(
                file,
                f"no paragraph or block {ref!r}: give a paragraph number, or the id of a "
                "caption or bio in article.yaml",
                where,
                "paragraph",
            )
        for key in ("quote", "reason"):
            if not row[key]:
                c.add(file, "is empty", where, key)
        span = _span(block.text, row["quote"]) if block is not None else None
        if block is not None and row["quote"] and span is None:
            c.add(file, f"quote is not a verbatim part of {block.label}", where, "quote")
        if span is not None:
            for fc_id, (start, end) in checked.get(block_id, []):
                if span[0] < end and start < span[1]:
                    c.add(
                        file,
                        f"overlaps statement {fc_id} of the fact-check; a statement is either "
                        "checked or left out, not both",
                        where,
                        "quote",
                    )
        for fc_id in FACTCHECK_ID.findall(row["reason"]):
            if fc_id not in fc_ids:
                c.add(file, f"refers to {fc_id}, which is not in factcheck.csv", where, "reason")
        if (block_id, row["quote"]) in seen:
            c.add(file, "lists the same statement twice", where, "quote")
        seen.add((block_id, row["quote"]))
        if block is None:
            label = ref
        else:
            label = block.label if block.kind == "paragraph" else BLOCK_NAMES.get(block.kind, "")
        items.append(Exclusion(block_id, label, row["quote"], row["reason"]))
    return tuple(items)


BLOCK_NAMES = {
    "bio": "author bio",
    "byline": "byline",
    "dateline": "dateline",
    "headline": "headline",
    "pullquote": "pull-quote",
    "caption": "photo caption",
    "standfirst": "standfirst",
    "subhead": "subhead",
}
