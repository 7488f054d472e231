"""Write each chapter's citations and glossary terms as links JupyterLab can show.

`{cite:p}` and `{term}` roles become Markdown links whose text says who and when (from
references.bib) or names the term (see src/claimlab/pages/citelinks.py for why), and the References
page's list for JupyterLab is written again from references.bib. Run it after writing
a citation as a role, or after editing an entry's author or year in references.bib: the book's
build warns about any link whose text no longer matches the bibliography.

    python tools/cite_links.py [CHAPTER.md ...]    (default: every chapter in book/)
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from claimlab.pages.citelinks import (  # noqa: E402
    bib_labels,
    prefix_for,
    to_links,
    to_roles,
    with_reference_list,
)

BOOK = ROOT / "book"


def rewrite(chapter: Path, labels: dict[str, str]) -> bool:
    """Roles to links, and stale link texts refreshed; True if the file changed."""
    text = chapter.read_text("utf-8")
    terms = _terms()
    roles, _ = to_roles(text, labels, terms)
    new = to_links(roles, labels, prefix_for(chapter.resolve(), BOOK))
    new = with_reference_list(new, ROOT / "references.bib")
    if new != text:
        chapter.write_text(new, "utf-8")
    return new != text


def _terms() -> list[str]:
    import yaml

    entries = yaml.safe_load((ROOT / "data" / "glossary.yaml").read_text("utf-8"))
    return [e["term"] for e in entries]


def main(argv: list[str]) -> int:
    labels = bib_labels(ROOT / "references.bib")
    chapters = [Path(a) for a in argv] or sorted(BOOK.rglob("*.md"))
    for chapter in chapters:
        if rewrite(chapter, labels):
            print(f"rewrote {chapter}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
