"""How far `claimlab suggest` agrees with this course's key, as measured (no target).

    .venv/bin/python benchmarks/suggest_agreement.py [--data data]

Suggests claims for every paragraph (as `claimlab suggest --all` does) and compares them with
the hand-made key in data/claims.csv:

- quotes: of the key's claims, how many a suggestion quotes exactly, and how many more a
  suggested sentence contains (the key often quotes part of a sentence); of the suggestions,
  how many match no claim of the key (the key found no claim in that sentence);
- types: for each key claim matched by a suggestion, whether the proposed type is the key's
  type, or one the key also accepts (its alternatives); and the confusion by type.
"""

from __future__ import annotations

import argparse
from collections import Counter

from claimlab import load_module
from claimlab.authoring.suggest import suggest


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", default="data")
    args = parser.parse_args()
    module = load_module(args.data)
    suggestions = suggest(module, only_uncovered=False)
    by_paragraph: dict[int, list] = {}
    for item in suggestions:
        by_paragraph.setdefault(item.paragraph, []).append(item)
    exact = contained = unmatched = 0
    same = accepted = 0
    confusion: Counter[tuple[str, str]] = Counter()
    used: set[str] = set()
    for claim in module.claims:
        candidates = by_paragraph.get(claim.paragraph, [])
        match = next((s for s in candidates if s.quote == claim.quote), None)
        if match is not None:
            exact += 1
        else:
            match = next((s for s in candidates if claim.quote in s.quote), None)
            if match is None:
                unmatched += 1
                continue
            contained += 1
        used.add(match.id)
        confusion[(claim.type, match.type)] += 1
        same += match.type == claim.type
        accepted += match.type == claim.type or match.type in claim.alternatives
    matched = exact + contained
    spare = sum(1 for s in suggestions if s.id not in used)
    total = len(module.claims)
    print(f"Module {module.id}: {len(module.article.paragraphs)} paragraphs, {total} key claims, "
          f"{len(suggestions)} suggestions.")
    print("\nQuotes")
    print(f"  key claims quoted exactly by a suggestion:     {exact:3} of {total} "
          f"({exact / total:.0%})")
    print(f"  key claims inside a suggested sentence:        {contained:3} of {total} "
          f"({contained / total:.0%})")
    print(f"  key claims no suggested sentence contains:     {unmatched:3} of {total} "
          f"({unmatched / total:.0%})")
    print(f"  suggestions that match no key claim:           {spare:3} of {len(suggestions)}")
    print(f"\nTypes (the {matched} key claims a suggestion matches)")
    print(f"  proposed type is the key's type:               {same:3} of {matched} "
          f"({same / matched:.0%})")
    print(f"  ... or one the key also accepts:               {accepted:3} of {matched} "
          f"({accepted / matched:.0%})")
    types = module.taxonomy.type_ids
    print("\nConfusion (rows: the key's type; columns: the proposed type)")
    print("  " + " " * 13 + "".join(f"{t[:11]:>12}" for t in types))
    for key_type in types:
        cells = "".join(f"{confusion[(key_type, t)]:>12}" for t in types)
        print(f"  {key_type:<13}{cells}")


if __name__ == "__main__":
    main()
