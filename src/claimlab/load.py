"""Load a module directory into the typed model, validating as it goes.

A module directory holds `module.yaml` (metadata), `article.yaml` (the article as blocks),
`taxonomy.yaml`, `claims.csv`, optionally `exercises.yaml`, `factcheck.csv` and
`factcheck_excluded.csv` (the checkable statements left out, with reasons), and
`source/article.txt` (the text as received). Every problem found is collected and reported
together, each naming its file, its line and its field, so an author can fix a whole batch in
one pass.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path
from typing import Any

import yaml

from .errors import ModuleValidationError, Problem, suggest
from .model import (
    BLOCK_KINDS,
    ArgumentNode,
    Article,
    ArticleMeta,
    Block,
    Claim,
    ClaimType,
    Exclusion,
    Exercise,
    FactCheck,
    GlossaryEntry,
    MemoPart,
    Module,
    PeerCriterion,
    Recommendation,
    Rubric,
    Rule,
    SupportLevel,
    Taxonomy,
    TimelineEvent,
    Verdict,
)

CLAIM_COLUMNS = ("id", "paragraph", "quote", "type", "alternatives", "support", "explanation")
CLAIM_ID = re.compile(r"^[0-9]+[a-z]$")
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
LINE_KEY = "__line__"


class _LineLoader(yaml.SafeLoader):
    """A safe YAML loader that records each mapping's line, so errors can point into the file."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        mapping = super().construct_mapping(node, deep=deep)
        mapping[LINE_KEY] = node.start_mark.line + 1
        return mapping


class _Collector:
    """Gathers problems while loading so validation reports all of them at once."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []
        # where a record sits in its file, for problems found later in a cross-check
        self.locations: dict[tuple[str, str], str] = {}

    def add(self, file: str, message: str, where: str | None = None, field: str | None = None):
        self.problems.append(Problem(file, message, where, field))

    def read_yaml(self, path: Path) -> Any:
        name = path.name
        if not path.is_file():
            self.add(name, "file is missing")
            return None
        try:
            return yaml.load(path.read_text(encoding="utf-8"), Loader=_LineLoader)
        except yaml.MarkedYAMLError as err:
            mark = err.problem_mark or err.context_mark
            where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else None
            self.add(name, f"malformed YAML: {err.problem or err}", where)
        except (yaml.YAMLError, UnicodeDecodeError) as err:
            self.add(name, f"cannot be read: {err}")
        return None

    def text(
        self, file: str, where: str, item: dict[str, Any], key: str, required: bool = True
    ) -> str:
        value = item.get(key)
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                self.add(file, "is missing or empty", where, key)
            return ""
        if not isinstance(value, str):
            self.add(file, f"must be text, not {type(value).__name__}", where, key)
            return str(value)
        return value.strip()

    def unknown_fields(self, file: str, where: str, item: dict[str, Any], allowed: set[str]):
        for key in item:
            if key != LINE_KEY and key not in allowed:
                hint = suggest(str(key), sorted(allowed))
                self.add(file, f"unknown field{hint}", where, str(key))


def _where(item: dict[str, Any], label: str = "") -> str:
    line = f"line {item.get(LINE_KEY, '?')}"
    return f"{line} ({label})" if label else line


def _load_meta(c: _Collector, data: Any) -> tuple[str, str, ArticleMeta | None]:
    file = "module.yaml"
    if not isinstance(data, dict):
        if data is not None:
            c.add(file, "must be a mapping with id, title and article")
        return "", "", None
    c.unknown_fields(file, _where(data), data, {"id", "title", "article", "bibliography"})
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
    values = {k: c.text(file, where, article, k, required=k != "author_note") for k in fields}
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
    last_line, expected_number = 0, 1
    for index, item in enumerate(data["blocks"], start=1):
        if not isinstance(item, dict):
            c.add(file, "each block must be a mapping", f"block {index}")
            continue
        where = _where(item, f"block {index}")
        c.unknown_fields(file, where, item, {"kind", "id", "n", "line", "text"})
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
        last_line = max(last_line, line)
        number = None
        if kind == "paragraph":
            number = item.get("n")
            if number != expected_number:
                c.add(
                    file,
                    f"paragraphs are numbered in order: expected {expected_number}, "
                    f"found {number!r}",
                    where,
                    "n",
                )
            number = expected_number
            expected_number += 1
            block_id = f"p{number}"
        else:
            block_id = c.text(file, where, item, "id", required=kind != "standfirst") or kind
            if kind != "standfirst" and block_id and not SLUG.match(block_id):
                c.add(file, "must be lower-case words joined by hyphens", where, "id")
        if block_id in seen_ids:
            c.add(file, f"duplicate id '{block_id}'", where, "id")
        seen_ids.add(block_id)
        blocks.append(Block(kind, block_id, line, text, number))
    return tuple(blocks)


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
        number: line.rstrip()  # trailing whitespace (incl. no-break spaces) is scrape residue
        for number, line in enumerate(text.split("\n"), start=1)
        if line.strip()
    }
    rebuilt: dict[int, list[str]] = {}
    for block in blocks:
        rebuilt.setdefault(block.line, []).append(block.text)
    for number, text in received.items():
        parts = rebuilt.get(number)
        if parts is None:
            c.add(
                "article.yaml",
                f"source/article.txt line {number} is not in any block: {text[:60]!r}",
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
        "types", "type", ClaimType, ("id", "name", "definition", "test_question", "example")
    )
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
    )


def _load_claims(
    c: _Collector, path: Path, taxonomy: Taxonomy | None, paragraphs: dict[int, str]
) -> tuple[Claim, ...]:
    file = path.name
    if not path.is_file():
        c.add(file, "file is missing")
        return ()
    type_ids = taxonomy.type_ids if taxonomy else ()
    support_ids = taxonomy.support_ids if taxonomy else ()
    claims: list[Claim] = []
    seen: set[str] = set()
    for line, row in _read_csv(c, path, CLAIM_COLUMNS):
        claim = _claim_from_row(c, file, line, row, type_ids, support_ids, paragraphs)
        if taxonomy is not None:
            _check_rules(c, file, f"line {line} (claim {claim.id})", claim, taxonomy)
        if claim.id in seen:
            c.add(file, f"duplicate claim id '{claim.id}'", f"line {line} (claim {claim.id})", "id")
        seen.add(claim.id)
        claims.append(claim)
    return tuple(claims)


def _claim_from_row(
    c: _Collector,
    file: str,
    line: int,
    row: dict[str, str],
    type_ids: tuple[str, ...],
    support_ids: tuple[str, ...],
    paragraphs: dict[int, str],
) -> Claim:
    values = {k: row.get(k, "") for k in CLAIM_COLUMNS}
    claim_id = values["id"]
    where = f"line {line} (claim {claim_id})" if claim_id else f"line {line}"
    if not CLAIM_ID.match(claim_id):
        c.add(file, "must be a paragraph number and a letter, like '12b'", where, "id")
    for key in ("quote", "explanation"):
        if not values[key]:
            c.add(file, "is empty", where, key)
    number: int | None = None
    try:
        number = int(values["paragraph"])
    except ValueError:
        c.add(file, f"must be a paragraph number, not {values['paragraph']!r}", where, "paragraph")
    if number is not None:
        if number not in paragraphs:
            c.add(file, f"there is no ¶{number} in article.yaml", where, "paragraph")
        elif values["quote"] and values["quote"] not in paragraphs[number]:
            c.add(file, f"quote is not a verbatim part of ¶{number}", where, "quote")
        if CLAIM_ID.match(claim_id) and int(claim_id[:-1]) != number:
            c.add(
                file,
                f"id '{claim_id}' does not start with its paragraph number {number}",
                where,
                "id",
            )
    if type_ids and values["type"] not in type_ids:
        c.add(
            file,
            f"unknown type {values['type']!r}{suggest(values['type'], type_ids)}; "
            f"expected one of: {', '.join(type_ids)}",
            where,
            "type",
        )
    alternatives = tuple(a.strip() for a in values["alternatives"].split(";") if a.strip())
    for alt in alternatives:
        if type_ids and alt not in type_ids:
            c.add(file, f"unknown type {alt!r}{suggest(alt, type_ids)}", where, "alternatives")
        elif alt == values["type"]:
            c.add(file, f"repeats the main type {alt!r}", where, "alternatives")
    if support_ids and values["support"] not in support_ids:
        c.add(
            file,
            f"unknown support {values['support']!r}"
            f"{suggest(values['support'], support_ids)}; expected one of: "
            f"{', '.join(support_ids)}",
            where,
            "support",
        )
    return Claim(
        claim_id,
        number or 0,
        values["quote"],
        values["type"],
        alternatives,
        values["support"],
        values["explanation"],
    )


def _check_rules(c: _Collector, file: str, where: str, claim: Claim, taxonomy: Taxonomy) -> None:
    """Named rules must exist, and a claim whose wording a rule matches must name that rule."""
    names = [r.name for r in taxonomy.rules]
    for name in claim.rule_names:
        if name not in names:
            c.add(
                file,
                f"names an unknown rule '{name}'{suggest(name, names)}; "
                f"taxonomy.yaml has: {', '.join(names) or 'no rules'}",
                where,
                "explanation",
            )
    for rule in taxonomy.rules:
        try:
            applies = rule.applies_to(claim.quote)
        except re.error:  # reported with the rule itself
            continue
        if applies and rule.name not in claim.rule_names:
            c.add(
                file,
                f"the quote matches rule '{rule.id}' ({rule.pattern}), so the explanation must "
                f"say how the rule decides it and name it as '(rule: {rule.name})'",
                where,
                "explanation",
            )


#: What an exercise asks: a claim's type, its support, a verdict, or the argument map's shape.
EXERCISE_KINDS = ("classify", "support", "factcheck", "argument")


def _load_exercises(
    c: _Collector,
    data: Any,
    claims: tuple[Claim, ...],
    section_numbers: dict[str, set[int]],
    factchecks: tuple[FactCheck, ...] = (),
    has_argument: bool = False,
) -> tuple[Exercise, ...]:
    file = "exercises.yaml"
    if data is None:
        return ()
    if not isinstance(data, dict) or not isinstance(data.get("exercises"), list):
        c.add(file, "must be a mapping with a list under 'exercises'")
        return ()
    known = {claim.id for claim in claims}
    exercises: list[Exercise] = []
    for index, item in enumerate(data["exercises"], start=1):
        if not isinstance(item, dict):
            c.add(file, "each exercise must be a mapping", f"exercise {index}")
            continue
        where = _where(item, f"exercise {index}")
        c.unknown_fields(
            file, where, item, {"id", "title", "kind", "section", "claims", "instructions"}
        )
        exercise_id = c.text(file, where, item, "id")
        kind = c.text(file, where, item, "kind")
        title = c.text(file, where, item, "title")
        instructions = c.text(file, where, item, "instructions", required=False)
        if kind == "factcheck":  # every statement in factcheck.csv, in order
            if not factchecks:
                c.add(file, "a factcheck exercise needs factcheck.csv", where, "kind")
            ids = tuple(f.id for f in factchecks)
            exercises.append(Exercise(exercise_id, title, kind, ids, instructions))
            continue
        if kind == "argument":  # every step of argument.yaml, its role and what it supports
            if not has_argument:
                c.add(file, "an argument exercise needs argument.yaml", where, "kind")
            exercises.append(Exercise(exercise_id, title, kind, (), instructions))
            continue
        if kind and kind not in ("classify", "support"):
            c.add(
                file,
                f"unknown kind {kind!r}{suggest(kind, EXERCISE_KINDS)}; expected one of: "
                f"{', '.join(EXERCISE_KINDS)}",
                where,
                "kind",
            )
        section, listed = item.get("section"), item.get("claims")
        if (section is None) == (listed is None):
            c.add(file, "give either 'section' or 'claims', not both or neither", where)
            continue
        if section is not None:
            if section not in section_numbers:
                c.add(
                    file,
                    f"no section {section!r}{suggest(str(section), list(section_numbers))}",
                    where,
                    "section",
                )
                continue
            ids = tuple(cl.id for cl in claims if cl.paragraph in section_numbers[section])
        else:
            ids = tuple(str(i) for i in listed) if isinstance(listed, list) else ()
            for claim_id in ids:
                if claim_id not in known:
                    c.add(file, f"no claim '{claim_id}' in claims.csv", where, "claims")
        if not ids:
            c.add(file, "selects no claims", where)
        exercises.append(Exercise(exercise_id, title, kind, ids, instructions))
    return tuple(exercises)


def _read_csv(
    c: _Collector, path: Path, columns: tuple[str, ...], optional: tuple[str, ...] = ()
) -> list[tuple[int, dict]]:
    """Rows of a CSV file with their line numbers; header problems reported, not raised.

    `optional` columns may be left out of the header; rows then read them as empty.
    """
    file = path.name
    rows: list[tuple[int, dict]] = []
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle)
            header = reader.fieldnames or []
            missing = [col for col in columns if col not in header]
            for col in missing:
                c.add(file, "missing column", "line 1 (header)", col)
            known = (*columns, *optional)
            for col in header:
                if col not in known:
                    c.add(file, f"unknown column{suggest(col, known)}", "line 1 (header)", col)
            if missing:
                return []
            for row in reader:
                if None in row:
                    c.add(
                        file,
                        "has more cells than the header has columns",
                        f"line {reader.line_num}",
                    )
                    continue
                values = {k: (v or "").strip() for k, v in row.items()}
                rows.append((reader.line_num, {**{k: "" for k in optional}, **values}))
    except (UnicodeDecodeError, csv.Error) as err:
        c.add(file, f"cannot be read as UTF-8 CSV: {err}")
    return rows


def _keys(value: str) -> tuple[str, ...]:
    return tuple(k.strip() for k in value.split(";") if k.strip())


def _check_sources(
    c: _Collector,
    file: str,
    where: str,
    keys: tuple[str, ...],
    bibliography: frozenset[str] | None,
    required: bool = True,
) -> None:
    if required and not keys:
        c.add(file, "needs at least one source (a key in the bibliography)", where, "sources")
    if bibliography is None:
        return
    for key in keys:
        if key not in bibliography:
            c.add(
                file,
                f"no entry '{key}' in the bibliography{suggest(key, sorted(bibliography))}",
                where,
                "sources",
            )


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


ISO_DATE = re.compile(r"^\d{4}-\d{2}(-\d{2})?$")
FACTCHECK_COLUMNS = ("id", "claim", "quote", "verdict", "finding", "explanation", "sources")
TIMELINE_COLUMNS = ("date", "event", "category", "sources", "note")


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
    "caption": "photo caption",
    "standfirst": "standfirst",
    "subhead": "subhead",
}


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
        seen.add(node_id)
        ids = tuple(str(i) for i in item.get("claims") or [])
        if not ids:
            c.add(file, "anchor each step in at least one claim of the key", where, "claims")
        for claim_id in ids:
            if claim_id not in known:
                c.add(file, f"no claim '{claim_id}' in claims.csv", where, "claims")
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
        ids = tuple(str(i) for i in item.get("claims") or [])
        if not ids:
            c.add(file, "anchor it in at least one claim of the key", where, "claims")
        for claim_id in ids:
            if claim_id not in by_id:
                c.add(file, f"no claim '{claim_id}' in claims.csv", where, "claims")
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


def _cross_checks(
    c: _Collector, article: Article, taxonomy: Taxonomy | None, claims: tuple[Claim, ...]
) -> None:
    covered = {claim.paragraph for claim in claims}
    for block in article.paragraphs:
        if block.number not in covered:
            c.add("claims.csv", f"¶{block.number} has no claim; every body paragraph needs one")
    if taxonomy is None:
        return
    by_id = {claim.id: claim for claim in claims}
    for level in taxonomy.support:
        if not level.example:
            continue
        where = c.locations.get(("support", level.id), f"support level '{level.id}'")
        example = by_id.get(level.example)
        if example is None:
            c.add("taxonomy.yaml", f"no claim '{level.example}' in claims.csv", where, "example")
        elif example.support != level.id:
            c.add(
                "taxonomy.yaml",
                f"claim '{example.id}' has support {example.support!r} in claims.csv, so it "
                f"cannot illustrate {level.id!r}",
                where,
                "example",
            )
    for rule in taxonomy.rules:
        where = c.locations.get(("rules", rule.id), f"rule '{rule.id}'")
        example = by_id.get(rule.example)
        if example is None:
            c.add("taxonomy.yaml", f"no claim '{rule.example}' in claims.csv", where, "example")
        elif rule.name not in example.rule_names:
            c.add(
                "taxonomy.yaml",
                f"claim '{example.id}' is the rule's example, but its explanation does not "
                f"name it as '(rule: {rule.name})'",
                where,
                "example",
            )
    for claim_type in taxonomy.types:
        example = by_id.get(claim_type.example)
        where = f"type '{claim_type.id}'"
        if example is None:
            c.add(
                "taxonomy.yaml", f"no claim '{claim_type.example}' in claims.csv", where, "example"
            )
        elif example.type != claim_type.id:
            c.add(
                "taxonomy.yaml",
                f"claim '{example.id}' is labelled {example.type!r} in "
                f"claims.csv, so it cannot illustrate {claim_type.id!r}",
                where,
                "example",
            )


def load_module(path: str | Path = "data") -> Module:
    """Read and validate a module directory; raise ModuleValidationError listing every problem."""
    root = Path(path)
    if not root.is_dir():
        raise ModuleValidationError([Problem(str(root), "is not a directory")])
    c = _Collector()
    meta_data = c.read_yaml(root / "module.yaml")
    module_id, title, meta = _load_meta(c, meta_data)
    bibliography = _load_bibliography(
        c, root, meta_data.get("bibliography") if isinstance(meta_data, dict) else None
    )
    blocks = _load_blocks(c, c.read_yaml(root / "article.yaml"))
    _check_source(c, root, blocks)
    taxonomy = _load_taxonomy(c, c.read_yaml(root / "taxonomy.yaml"))
    paragraphs = {b.number: b.text for b in blocks if b.number is not None}
    claims = _load_claims(c, root / "claims.csv", taxonomy, paragraphs)
    # Files that point into the key or the taxonomy are checked only when those loaded:
    # otherwise every row would repeat one upstream problem.
    upstream_ok = bool(claims) and taxonomy is not None
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
            _cross_checks(c, article, taxonomy, claims)
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
    )
