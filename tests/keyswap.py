"""Permute a module's answers among its items, keeping the module valid: the differential build's
second input (tests/test_editions.py), and a tool for anyone who wants to see what a page
derives from the key.

What moves, and with what:
- claims.csv: each claim's answer (type, alternatives, support, both explanations) goes to
  another claim. The loader requires that a claim whose quote matches a rule's `match` names
  that rule, and that a rule's example names its rule, so answers move only among claims with
  the same matching rules and the same named rules (a rotation within each such group).
- factcheck.csv: each statement's verdict, finding, explanation, sources and review go to the
  next statement.
- argument.yaml: the map keeps its shape, but each position gets another step (its id, text and
  claims): every step's role and the step it supports change.
- taxonomy.yaml: a support level's (or type's) worked example is re-pointed to a claim that now
  has that label, as validation requires.

Nothing else changes: the article, the claims' ids, quotes and paragraphs, the exercises.
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from pathlib import Path

import yaml

from claimlab import load_module
from claimlab.module.model import RULE_MENTION, Rule

CLAIM_ANSWER = ("type", "alternatives", "support", "explanation", "support_explanation")
FACTCHECK_ANSWER = ("verdict", "finding", "explanation", "sources", "review")


def _rotate(values: list) -> list:
    return values[1:] + values[:1] if len(values) > 1 else values


def _read(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    reader = csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"), newline=""))
    return list(reader.fieldnames or []), list(reader)


def _write(path: Path, fields: list[str], rows: list[dict[str, str]]) -> None:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=fields, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")


def _permute_claims(data: Path, rules: list[Rule]) -> int:
    fields, rows = _read(data / "claims.csv")
    moving = [f for f in CLAIM_ANSWER if f in fields]
    groups: dict[tuple, list[int]] = defaultdict(list)
    for index, row in enumerate(rows):
        matched = frozenset(rule.id for rule in rules if rule.applies_to(row["quote"]))
        named = frozenset(n.strip() for n in RULE_MENTION.findall(row["explanation"]))
        groups[(matched, named)].append(index)
    changed = 0
    for members in groups.values():
        answers = _rotate([{f: rows[i][f] for f in moving} for i in members])
        for i, answer in zip(members, answers, strict=True):
            changed += any(rows[i][f] != answer[f] for f in ("type", "support"))
            rows[i].update(answer)
    _write(data / "claims.csv", fields, rows)
    return changed


def _permute_factchecks(data: Path) -> int:
    path = data / "factcheck.csv"
    if not path.exists():
        return 0
    fields, rows = _read(path)
    moving = [f for f in FACTCHECK_ANSWER if f in fields]
    answers = _rotate([{f: row[f] for f in moving} for row in rows])
    changed = 0
    for row, answer in zip(rows, answers, strict=True):
        changed += row["verdict"] != answer["verdict"]
        row.update(answer)
    _write(path, fields, rows)
    return changed


def _permute_map(data: Path) -> int:
    path = data / "argument.yaml"
    if not path.exists():
        return 0
    tree = yaml.safe_load(path.read_text(encoding="utf-8"))
    nodes: list[dict] = []

    def walk(node: dict) -> None:
        nodes.append(node)
        for child in node.get("reasons") or []:
            walk(child)

    walk(tree["conclusion"])
    payloads = _rotate([{k: node[k] for k in ("id", "text", "claims")} for node in nodes])
    for node, payload in zip(nodes, payloads, strict=True):
        node.update(payload)
    path.write_text(yaml.safe_dump(tree, allow_unicode=True, sort_keys=False), "utf-8")
    return len(nodes)


def _repoint_examples(data: Path) -> None:
    path = data / "taxonomy.yaml"
    taxonomy = yaml.safe_load(path.read_text(encoding="utf-8"))
    _, rows = _read(data / "claims.csv")
    for section, column in (("types", "type"), ("support", "support")):
        for entry in taxonomy.get(section) or []:
            if entry.get("example"):
                entry["example"] = next(r["id"] for r in rows if r[column] == entry["id"])
    path.write_text(yaml.safe_dump(taxonomy, allow_unicode=True, sort_keys=False), "utf-8")


def permute_key(data: Path) -> dict[str, int]:
    """Permute the answers of the module in `data` in place; return how many items changed.

    The module must still load: an answer key that no longer validates would stop the build,
    and a differential build would then prove nothing.
    """
    module = load_module(data)
    rules = list(module.taxonomy.rules)
    changed = {
        "claims": _permute_claims(data, rules),
        "factchecks": _permute_factchecks(data),
        "map steps": _permute_map(data),
    }
    _repoint_examples(data)
    load_module(data)  # raises ModuleValidationError, with every problem, if it no longer holds
    return changed
