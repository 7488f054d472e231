"""How far an independent labeller agrees with the answer key, on claim types and on support.

    .venv/bin/python tools/agreement.py labels.csv [--data data]

`labels.csv` has columns id,type,support (one row per claim), made by someone who has seen only
what a student sees. For each dimension it prints the share of claims labeled alike and Cohen's
kappa; for types it also counts a label the key accepts as an alternative as agreement (the
"accepted" figure), and it lists the claims labeled differently.
"""

from __future__ import annotations

import argparse
import csv
from pathlib import Path

from claimlab import load_module
from claimlab.classroom import cohen_kappa


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("labels", type=Path)
    parser.add_argument("--data", default="data")
    args = parser.parse_args()
    module = load_module(args.data)
    with args.labels.open(encoding="utf-8", newline="") as stream:
        given = {row["id"].strip(): row for row in csv.DictReader(stream)}
    claims = [c for c in module.claims if c.id in given]
    missing = [c.id for c in module.claims if c.id not in given]
    gaps = f"; missing: {', '.join(missing)}" if missing else ""
    print(f"{len(claims)} claims labeled{gaps}")
    for field in ("type", "support"):
        key = [getattr(c, field) for c in claims]
        theirs = [given[c.id][field].strip().lower() for c in claims]
        share, kappa = cohen_kappa(key, theirs)
        print(f"{field:8} agreement {share:.0%}  Cohen's kappa {kappa:.2f}")
        if field == "type":
            rows = zip(claims, key, theirs, strict=True)
            accepted = [t if t in c.accepted else k for c, k, t in rows]
            share, kappa = cohen_kappa(key, accepted)
            print(f"{'':8} counting accepted alternatives: {share:.0%}  kappa {kappa:.2f}")
        differ = [f"{c.id} {k}->{t}" for c, k, t in zip(claims, key, theirs, strict=True) if k != t]
        print(f"{'':8} differ: {', '.join(differ) or 'none'}")


if __name__ == "__main__":
    main()
