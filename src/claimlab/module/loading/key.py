"""The key: `claims.csv` (one row per claim), `exercises.yaml`, and the checks across
them and the taxonomy (every paragraph covered, worked examples that fit).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from ..articletext import only_questions
from ..errors import suggest
from ..model import (
    Article,
    Claim,
    Exercise,
    FactCheck,
    Taxonomy,
)
from .common import CLAIM_COLUMNS, CLAIM_ID, CLAIM_OPTIONAL_COLUMNS, _Collector, _read_csv, _where
from .quotes import explain_quote

#: The mark a suggestion (`claimlab suggest`) carries in its explanation until the author
#: replaces it: validation refuses a row that still says it.
UNCONFIRMED = "UNCONFIRMED"


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
    rows = _read_csv(c, path, CLAIM_COLUMNS, CLAIM_OPTIONAL_COLUMNS)
    # With the column, every row explains its support; without it, `explanation` does both.
    split = any(row.get("support_explanation") for _, row in rows)
    for line, row in rows:
        claim = _claim_from_row(c, file, line, row, type_ids, support_ids, paragraphs)
        if row.get("explanation", "").startswith(UNCONFIRMED):
            c.add(file, "is a suggestion from claimlab suggest, not yet confirmed: check the "
                  "quote and the type, fill in support, and write the explanation yourself",
                  f"line {line} (claim {claim.id})", "explanation")
        if split and not claim.support_explanation:
            c.add(file, "is empty", f"line {line} (claim {claim.id})", "support_explanation")
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
    values = {k: row.get(k, "") for k in (*CLAIM_COLUMNS, *CLAIM_OPTIONAL_COLUMNS)}
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
            c.add(file, f"there is no ¶{number} in article.yaml{_valid_range(paragraphs)}",
                  where, "paragraph")
        elif values["quote"] and values["quote"] not in paragraphs[number]:
            c.add(file, explain_quote(values["quote"], number, paragraphs), where, "quote")
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
        values["support_explanation"],
    )


def _valid_range(paragraphs: dict[int, str]) -> str:
    if not paragraphs:
        return "; it has no paragraphs"
    return f"; the paragraphs are ¶{min(paragraphs)}–¶{max(paragraphs)}"


def _check_rules(c: _Collector, file: str, where: str, claim: Claim, taxonomy: Taxonomy) -> None:
    """Named rules must exist, and a claim whose wording a rule matches must name that rule."""
    names = [r.name for r in taxonomy.rules]
    for name in claim.rule_names:
        if name not in names:
            c.add(
                file,
                f"names an unknown rule '{name}'{suggest(name, names)}; "
                f"taxonomy.yaml has: {', '.join(names) or 'no rules'}. Define it under `rules:` "
                "in taxonomy.yaml (docs/authoring.md shows how), or take out '(rule: ...)'",
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
    draft: bool = False,
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
            if not factchecks and not draft:  # a draft's fact-check appears once it has rows
                c.add(file, "a factcheck exercise needs factcheck.csv", where, "kind")
            ids = tuple(f.id for f in factchecks)
            exercises.append(Exercise(exercise_id, title, kind, ids, instructions))
            continue
        if kind == "argument":  # every step of argument.yaml, its role and what it supports
            if not has_argument and not draft:
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
                    f"no section {section!r}{suggest(str(section), list(section_numbers))}; "
                    "if a repair in article.yaml removed its subhead, delete this exercise, "
                    "its chapter and the chapter's line in _toc.yml",
                    where,
                    "section",
                )
                continue
            ids = tuple(cl.id for cl in claims if cl.paragraph in section_numbers[section])
            title = _paragraph_range(c, file, where, title, section_numbers[section])
        else:
            ids = tuple(str(i) for i in listed) if isinstance(listed, list) else ()
            for claim_id in ids:
                if claim_id not in known:
                    c.add(file, f"no claim '{claim_id}' in claims.csv", where, "claims")
            numbers = {cl.paragraph for cl in claims if cl.id in ids}
            title = _paragraph_range(c, file, where, title, numbers)
        if not ids and not draft:  # a draft's exercise appears once its section has claims
            c.add(file, "selects no claims", where)
        exercises.append(Exercise(exercise_id, title, kind, ids, instructions))
    return tuple(exercises)


#: What a title types for the paragraphs it covers, and the placeholder that computes them.
PARAGRAPHS = "{paragraphs}"
TYPED_RANGE = re.compile(r"¶\d+(?:[–-]¶?\d+)?")


def _paragraph_range(c: _Collector, file: str, where: str, title: str, numbers: set[int]) -> str:
    """`{paragraphs}` in a title becomes the range it covers, computed from article.yaml, so
    a block dropped or re-kinded there renumbers every title too; a typed range is refused."""
    typed = TYPED_RANGE.search(title)
    if typed:
        c.add(
            file,
            f"types the paragraph range {typed.group()!r}, which goes stale when article.yaml "
            f"changes; write {PARAGRAPHS} instead (it becomes the range the exercise covers)",
            where,
            "title",
        )
    if PARAGRAPHS not in title:
        return title
    if not numbers:
        return title.replace(f" ({PARAGRAPHS})", "").replace(PARAGRAPHS, "")
    first, last = min(numbers), max(numbers)
    return title.replace(PARAGRAPHS, f"¶{first}" if first == last else f"¶{first}–¶{last}")


def _cross_checks(
    c: _Collector,
    article: Article,
    taxonomy: Taxonomy | None,
    claims: tuple[Claim, ...],
    draft: bool = False,
) -> None:
    covered = {claim.paragraph for claim in claims}
    for block in article.paragraphs:
        # A paragraph of questions only ("So who rides the last bus?") asserts nothing to key.
        if block.number not in covered and not draft and not only_questions(block.text):
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
        if not claim_type.example:  # a new module's key has no worked examples yet
            continue
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
