"""`module.yaml` (the module's id, title, key state and the article's metadata) and
`article.yaml` (the article as blocks), checked against `source/article.txt`.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from ..articletext import slugify
from ..errors import suggest
from ..model import (
    BLOCK_KINDS,
    ArticleMeta,
    Block,
)
from .common import SLUG, _Collector, _where

KEY_STATES = ("complete", "draft")


def _key_is_draft(c: _Collector, data: Any) -> bool:
    """`key: draft` in module.yaml: the key is being written, so gaps in it are not errors."""
    if not isinstance(data, dict) or data.get("key") is None:
        return False
    if data["key"] not in KEY_STATES:
        c.add(
            "module.yaml",
            f"must be one of: {', '.join(KEY_STATES)}",
            _where(data),
            "key",
        )
        return False
    return data["key"] == "draft"


def _load_meta(
    c: _Collector, data: Any, draft: bool = False
) -> tuple[str, str, ArticleMeta | None]:
    """The module's id and title and the article's metadata. A draft module may leave the
    article's details (author, outlet, address, date) empty until the author knows them."""
    file = "module.yaml"
    if not isinstance(data, dict):
        if data is not None:
            c.add(file, "must be a mapping with id, title and article")
        return "", "", None
    c.unknown_fields(file, _where(data), data, {"id", "title", "article", "bibliography", "key"})
    module_id = c.text(file, _where(data), data, "id")
    if module_id and not SLUG.match(module_id):
        c.add(file, "must be lower-case words joined by hyphens", _where(data), "id")
    title = c.text(file, _where(data), data, "title")
    article = data.get("article")
    if not isinstance(article, dict):
        c.add(file, "must be a mapping", _where(data), "article")
        return module_id, title, None
    fields = {"author", "outlet", "url", "published", "headline", "headline_status", "author_note"}
    where = _where(article, "article")
    c.unknown_fields(file, where, article, fields)
    optional = {"author_note"} | ({"author", "outlet", "url", "published"} if draft else set())
    values = {k: c.text(file, where, article, k, required=k not in optional) for k in fields}
    if values["published"] and not re.match(r"^\d{4}(-\d{2}){0,2}$", values["published"]):
        c.add(
            file,
            "must be an ISO date to the precision known (YYYY, YYYY-MM or YYYY-MM-DD)",
            where,
            "published",
        )
    return module_id, title, ArticleMeta(**values)


def _load_blocks(c: _Collector, data: Any) -> tuple[Block, ...]:
    file = "article.yaml"
    if data is None:
        return ()
    if not isinstance(data, dict) or not isinstance(data.get("blocks"), list):
        c.add(file, "must be a mapping with a list under 'blocks'")
        return ()
    blocks: list[Block] = []
    seen_ids: set[str] = set()
    explicit_ids = {
        str(item["id"]) for item in data["blocks"] if isinstance(item, dict) and "id" in item
    }
    counts: dict[str, int] = {}
    last_line, expected_number = 0, 1
    for index, item in enumerate(data["blocks"], start=1):
        if not isinstance(item, dict):
            c.add(file, "each block must be a mapping", f"block {index}")
            continue
        where = _where(item, f"block {index}")
        c.unknown_fields(file, where, item, {"kind", "id", "n", "line", "lines", "text"})
        kind = item.get("kind")
        if kind not in BLOCK_KINDS:
            c.add(
                file,
                f"unknown kind {kind!r}{suggest(str(kind), BLOCK_KINDS)}; "
                f"expected one of: {', '.join(BLOCK_KINDS)}",
                where,
                "kind",
            )
            continue
        text = c.text(file, where, item, "text")
        line = item.get("line")
        if not isinstance(line, int) or isinstance(line, bool) or line < 1:
            c.add(
                file,
                "must be a positive whole number (the line in source/article.txt)",
                where,
                "line",
            )
            line = last_line
        elif line < last_line:
            c.add(
                file,
                f"line {line} comes before the previous block's line {last_line}; "
                "blocks must stay in reading order",
                where,
                "line",
            )
        # A paragraph wrapped over several source lines says how many (they rejoin with spaces).
        span = item.get("lines", 1)
        if not isinstance(span, int) or isinstance(span, bool) or span < 1:
            c.add(file, "must be a positive whole number of source lines", where, "lines")
            span = 1
        last_line = max(last_line, line + span - 1)
        number = None
        if kind == "paragraph":
            # Numbers come from the order of the blocks: dropping or re-kinding a block renumbers
            # everything after it. An `n` typed into the file is only checked against that order.
            given = item.get("n")
            if given is not None and given != expected_number:
                c.add(
                    file,
                    f"this is paragraph {expected_number} in reading order, but n says {given!r}; "
                    "paragraph numbers are computed from the order of the blocks, so delete "
                    "`n` (or correct it)",
                    where,
                    "n",
                )
            number = expected_number
            expected_number += 1
            block_id = f"p{number}"
        elif item.get("id") is None and kind != "subhead":
            # An id is needed only to point at the block (a fact-check of a caption); a block
            # re-kinded in one edit gets one from its kind and place.
            counts[kind] = counts.get(kind, 0) + 1
            block_id = f"{kind}-{counts[kind]}" if kind != "standfirst" else kind
            while block_id in seen_ids or block_id in explicit_ids:
                counts[kind] += 1
                block_id = f"{kind}-{counts[kind]}"
        elif item.get("id") is None:
            block_id = _section_id(text, seen_ids | explicit_ids)
        else:
            block_id = c.text(file, where, item, "id")
            if block_id and not SLUG.match(block_id):
                c.add(file, "must be lower-case words joined by hyphens", where, "id")
        if block_id in seen_ids:
            c.add(file, f"duplicate id '{block_id}'", where, "id")
        seen_ids.add(block_id)
        blocks.append(Block(kind, block_id, line, text, number, span))
    return tuple(blocks)


def _section_id(text: str, taken: set[str]) -> str:
    """A subhead's id from its words, as `claimlab new` makes it: 'What the cut saved' ->
    'what-the-cut-saved' (numbered when taken)."""
    base = slugify(text) or "section"
    candidate, number = base, 2
    while candidate in taken:
        candidate, number = f"{base}-{number}", number + 1
    return candidate


def _check_source(c: _Collector, root: Path, blocks: tuple[Block, ...]) -> None:
    """The blocks must rebuild every non-empty line of the text as received, in order."""
    source = root / "source" / "article.txt"
    if not source.is_file() or not blocks:
        return
    try:
        text = source.read_text(encoding="utf-8")
    except UnicodeDecodeError as err:
        c.add("source/article.txt", f"is not UTF-8 text: {err}")
        return
    received = {
        number: line.strip()  # outer whitespace (incl. no-break spaces) is scrape residue
        for number, line in enumerate(text.split("\n"), start=1)
        if line.strip()
    }
    for block in blocks:  # a wrapped block's lines rejoin with single spaces
        if block.lines > 1:
            span = range(block.line, block.line + block.lines)
            wrapped = [received.pop(n, "").strip() for n in span]
            received[block.line] = " ".join(part for part in wrapped if part)
    rebuilt: dict[int, list[str]] = {}
    for block in blocks:
        rebuilt.setdefault(block.line, []).append(block.text)
    for number, text in received.items():
        parts = rebuilt.get(number)
        if parts is None:
            c.add(
                "article.yaml",
                f"source/article.txt line {number} is not in any block: {text[:60]!r}; "
                f"add it back as a block (with `kind: dropped` if the book should not show it)",
            )
        elif " ".join(parts) != text:
            c.add(
                "article.yaml",
                f"text differs from source/article.txt line {number}",
                f"line {number} of the source",
                "text",
            )
    for number in rebuilt.keys() - received.keys():
        c.add(
            "article.yaml",
            f"a block claims source line {number}, which is empty or missing in source/article.txt",
            None,
            "line",
        )
