"""How far independent labellers agree with the answer key and with each other, on type and support.

    .venv/bin/python tools/agreement.py labels.csv [more.csv ...] [--data data]

Each labels file has columns id,type,support (one row per claim), made by someone who has seen only
what tools/blind_packet.py writes. For each file the tool prints, against the key, the share of
claims labeled alike and Cohen's kappa for type and for support; for type it also counts a label
the key accepts as an alternative as agreement (the "accepted" figure); and it lists the claims
labeled differently. With two or more files it then prints the same figures for every pair of
labellers, and the claims on which all of them differ from the key in the same way.
"""

from __future__ import annotations

import argparse
import csv
from itertools import combinations
from pathlib import Path

from claimlab import load_module
from claimlab.classroom.report import cohen_kappa
from claimlab.module.model import Claim

FIELDS = ("type", "support")


def read_labels(path: Path) -> dict[str, dict[str, str]]:
    """id -> {type, support}, labels lower-cased; a row without both labels is left out."""
    with path.open(encoding="utf-8-sig", newline="") as stream:
        rows = list(csv.DictReader(stream))
    missing = [f for f in ("id", *FIELDS) if rows and f not in rows[0]]
    if missing:
        raise SystemExit(f"{path}: needs columns id,type,support (missing: {', '.join(missing)})")
    return {
        row["id"].strip(): {f: row[f].strip().lower() for f in FIELDS}
        for row in rows
        if row["id"].strip() and all(row[f].strip() for f in FIELDS)
    }


def against_key(claims: list[Claim], labels: dict[str, dict[str, str]]) -> dict[str, object]:
    """Agreement of one labelling with the key, on the claims it labels."""
    shared = [c for c in claims if c.id in labels]
    result: dict[str, object] = {"n": len(shared)}
    for field in FIELDS:
        key = [getattr(c, field) for c in shared]
        theirs = [labels[c.id][field] for c in shared]
        result[field] = cohen_kappa(key, theirs)
        result[f"{field}_differ"] = [
            f"{c.id} {k}->{t}" for c, k, t in zip(shared, key, theirs, strict=True) if k != t
        ]
    # A label the key accepts as an alternative counts as the key's own; any other stays as given.
    key_types = [c.type for c in shared]
    accepted = [c.type if labels[c.id]["type"] in c.accepted else labels[c.id]["type"]
                for c in shared]
    result["type_accepted"] = cohen_kappa(key_types, accepted)
    return result


def between(first: dict[str, dict[str, str]], second: dict[str, dict[str, str]]) -> dict:
    """Agreement of two labellings with each other, on the claims both label."""
    ids = sorted(set(first) & set(second))
    return {"n": len(ids)} | {
        field: cohen_kappa([first[i][field] for i in ids], [second[i][field] for i in ids])
        for field in FIELDS
    }


def shared_departures(claims: list[Claim], labellings: list[dict[str, dict[str, str]]]) -> list:
    """Claims every labeller labels alike and differently from the key: (id, field, key, theirs)."""
    out = []
    for claim in claims:
        if not all(claim.id in lab for lab in labellings):
            continue
        for field in FIELDS:
            given = {lab[claim.id][field] for lab in labellings}
            if len(given) == 1 and (label := given.pop()) != getattr(claim, field):
                out.append((claim.id, field, getattr(claim, field), label))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("labels", type=Path, nargs="+")
    parser.add_argument("--data", default="data")
    args = parser.parse_args()
    claims = list(load_module(args.data).claims)
    labellings = [read_labels(path) for path in args.labels]
    for path, labels in zip(args.labels, labellings, strict=True):
        result = against_key(claims, labels)
        missing = [c.id for c in claims if c.id not in labels]
        gaps = f"; missing: {', '.join(missing)}" if missing else ""
        print(f"{path} against the key: {result['n']} claims labeled{gaps}")
        for field in FIELDS:
            share, kappa = result[field]
            print(f"  {field:8} agreement {share:.0%}  Cohen's kappa {kappa:.2f}")
            if field == "type":
                share, kappa = result["type_accepted"]
                print(f"  {'':8} counting accepted alternatives: {share:.0%}  kappa {kappa:.2f}")
            print(f"  {'':8} differ: {', '.join(result[f'{field}_differ']) or 'none'}")
    for (pa, a), (pb, b) in combinations(zip(args.labels, labellings, strict=True), 2):
        result = between(a, b)
        print(f"{pa} against {pb}: {result['n']} claims labeled by both")
        for field in FIELDS:
            share, kappa = result[field]
            print(f"  {field:8} agreement {share:.0%}  Cohen's kappa {kappa:.2f}")
    if len(labellings) > 1:
        alike = shared_departures(claims, labellings)
        listed = ", ".join(f"{i} {f} {k}->{t}" for i, f, k, t in alike) or "none"
        print(f"all labellers differ from the key alike on: {listed}")


if __name__ == "__main__":
    main()
