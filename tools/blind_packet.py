"""Write, into a folder, exactly what a blind annotator gets, and nothing from the answer key.

    .venv/bin/python tools/blind_packet.py OUT [--data data]

The annotator labels each claim's type and support having seen only what a student sees before
answering:

- `taxonomy.md`: the types (definition, test question), the decision order, the rules for mixed
  cases (pattern, decision, why), the support levels (definition, test question), the support
  procedure and its settled points with their invented worked examples;
- `article.md`: the article's subheads and numbered paragraphs, as the window rule counts them;
- `claims.csv`: each claim's id, paragraph and quote;
- `labels.csv`: the same ids with empty `type` and `support` columns, to fill in;
- `README.md`: the task, and the label ids allowed.

Left out on purpose: every claim's type, alternatives, support and explanation, and the claims the
taxonomy uses as worked examples (their labels are the key's). `check_blind` verifies a packet
against the key, so a change to the taxonomy cannot leak the key unnoticed.

Compare the filled-in labels with the key and with each other using tools/agreement.py.
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
from pathlib import Path

from claimlab import load_module
from claimlab.module.model import Module

FILES = ("README.md", "taxonomy.md", "article.md", "claims.csv", "labels.csv")


def taxonomy_md(module: Module) -> str:
    tax = module.taxonomy
    out = ["# The taxonomy", "", "## What kind of claim is it? (type)", ""]
    for t in tax.types:
        out += [f"**{t.name}** (`{t.id}`). {t.definition}", "", f"Ask: {t.test_question}", ""]
    names = {t.id: t.name for t in tax.types}
    out += [
        "## Decision order",
        "",
        "Ask the questions in this order and stop at the first yes: "
        + ", ".join(names[i] for i in tax.decision_order)
        + ". Where a rule below says another label is accepted, you may give the main one.",
        "",
        "## Rules for mixed wording",
        "",
    ]
    for rule in tax.rules:
        out += [f"### {rule.name}", "", f"Wording: {rule.pattern}", "", rule.decision, "",
                f"Why: {rule.why}", ""]
    out += ["## How well does the article support it? (support)", ""]
    for level in tax.support:
        out += [f"**{level.name}** (`{level.id}`). {level.definition}", "",
                f"Ask: {level.test_question}", ""]
    out += ["## The support procedure", ""]
    out += [f"{n}. {step}" for n, step in enumerate(tax.support_procedure, start=1)]
    out += ["", "## Points readers found unclear, settled", ""]
    for case in tax.support_cases:
        out += [f"### {case.name}", "", case.question, "", case.answer, "", case.example, ""]
    return "\n".join(out).rstrip() + "\n"


def article_md(module: Module) -> str:
    out = ["# The article", "", "Paragraphs are numbered as the claims cite them (¶N).", ""]
    for block in module.article.blocks:
        if block.kind == "subhead":
            out += [f"## {block.text}", ""]
        elif block.kind == "paragraph":
            out += [f"¶{block.number} {block.text}", ""]
    return "\n".join(out).rstrip() + "\n"


def readme_md(module: Module) -> str:
    tax = module.taxonomy
    return (
        "# Blind labelling\n\n"
        "Read `taxonomy.md`, then `article.md`. For each claim in `claims.csv`, decide what kind "
        "of claim it is (type) and how the article supports it (support), using only these files. "
        "Write your answers into `labels.csv`, one row per claim, keeping the ids.\n\n"
        f"Types: {', '.join(tax.type_ids)}.\n\n"
        f"Support: {', '.join(tax.support_ids)}.\n\n"
        "Do not look anything up: the point is whether the taxonomy alone decides the labels.\n"
    )


def write_packet(module: Module, out: Path) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    texts = {
        "README.md": readme_md(module),
        "taxonomy.md": taxonomy_md(module),
        "article.md": article_md(module),
    }
    for name, text in texts.items():
        (out / name).write_text(text, encoding="utf-8")
    with (out / "claims.csv").open("w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream, lineterminator="\n")
        writer.writerow(["id", "paragraph", "quote"])
        writer.writerows([c.id, c.paragraph, c.quote] for c in module.claims)
    with (out / "labels.csv").open("w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream, lineterminator="\n")
        writer.writerow(["id", "type", "support"])
        writer.writerows([c.id, "", ""] for c in module.claims)
    return [out / name for name in FILES]


def check_blind(module: Module, out: Path) -> list[str]:
    """What in the packet comes from the key: explanations, labels, claim ids in the prose."""
    problems = []
    prose = "".join((out / n).read_text(encoding="utf-8") for n in ("README.md", "taxonomy.md",
                                                                    "article.md"))
    for claim in module.claims:
        if claim.explanation in prose:
            problems.append(f"explanation of {claim.id}")
        if re.search(rf"(?<![\w¶]){re.escape(claim.id)}(?!\w)", prose):
            problems.append(f"claim id {claim.id} in the prose (a worked example from the key)")
    for name, header in (("claims.csv", ["id", "paragraph", "quote"]),
                         ("labels.csv", ["id", "type", "support"])):
        with (out / name).open(encoding="utf-8", newline="") as stream:
            rows = list(csv.reader(stream))
        if rows[0] != header:
            problems.append(f"{name} has columns {rows[0]}")
        if name == "labels.csv" and any(r[1] or r[2] for r in rows[1:]):
            problems.append("labels.csv holds labels")
    return problems


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--data", default="data")
    args = parser.parse_args()
    module = load_module(args.data)
    written = write_packet(module, args.out)
    problems = check_blind(module, args.out)
    if problems:
        sys.exit("the packet would leak the key: " + "; ".join(problems))
    print("\n".join(str(p) for p in written))


if __name__ == "__main__":
    main()
