"""Citations and glossary terms written so that both of a chapter's readers can follow them.

A chapter is read in two places: the web book (Sphinx, with sphinxcontrib-bibtex and a glossary)
and JupyterLab (jupyterlab-myst). JupyterLab reads no bibliography (jupyter-book/jupyterlab-myst
#127): there `{cite:p}` shows the raw BibTeX key in a warning chip, and `{term}` links nowhere and
logs "Cross reference target was not found". A plain Markdown link reads well in both, so chapters
write citations and terms as links:

    [(Smith, 2020; World Bank, 2014)](../references.md#smith2020,worldbank2014)
    [summits](../glossary.md#term-summit-diplomacy)

In JupyterLab the link shows who and when, and opens the reference list (or the glossary). The
book's Sphinx extension turns each link back into the role (`to_roles`), so the web book keeps
its real citations and glossary links; it also checks that the link's text is what references.bib
says (`cite_text`), so the text can never drift from the bibliography. `tools/cite_links.py`
writes the links from the roles (`to_links`).

The reference list the links lead to is the web book's `{bibliography}`, which JupyterLab cannot
fill. So the References page also holds the list as Markdown (`reference_list`, between
LIST_START and LIST_END), written from references.bib by the same tool; the book's build drops
it (`drop_reference_list`), where the bibliography stands instead.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from pathlib import Path, PurePosixPath

_ROLE_CITE = re.compile(r"\{cite:p\}`(?P<keys>[^`]+)`")
_ROLE_TERM = re.compile(r"\{term\}`(?P<body>[^`]+)`")
_LINK_CITE = re.compile(
    r"\[(?P<text>[^\]]*)\]\((?P<prefix>(?:\.\./)*)references\.md#(?P<keys>[^)\s]+)\)"
)
_LINK_TERM = re.compile(
    r"\[(?P<text>[^\]]*)\]\((?P<prefix>(?:\.\./)*)glossary\.md#term-(?P<slug>[^)\s]+)\)"
)
_EXPLICIT = re.compile(r"^(?P<text>.*?)\s*<(?P<target>[^<>]+)>$", re.S)


def _plain(text: str) -> str:
    return re.sub(r"[{}]", "", " ".join(text.split()))


def author_year(fields: Mapping[str, str], people: Iterable[str]) -> str:
    """'Smith, 2020': who (last names, an organisation, or the title) and when ('n.d.')."""
    names = [_plain(p) for p in people]
    if not names:
        who = _plain(fields.get("organization") or fields.get("publisher") or "")
        who = who or _plain(fields.get("title", "Untitled"))
    elif len(names) == 1:
        who = names[0]
    elif len(names) == 2:
        who = f"{names[0]} and {names[1]}"
    else:
        who = f"{names[0]} et al."
    year = _plain(fields.get("year", "")) or _plain(fields.get("date", ""))[:4] or "n.d."
    return f"{who}, {year}"


def _entries(path: Path) -> dict[str, tuple[str, dict[str, str]]]:
    """Each entry's author-year label and its fields, read from a BibTeX file with pybtex."""
    from pybtex.database import parse_file

    data = parse_file(str(path), bib_format="bibtex")
    entries = {}
    for key, entry in data.entries.items():
        persons = entry.persons.get("author") or entry.persons.get("editor") or []
        people = [" ".join(p.last_names) or str(p) for p in persons]
        fields = dict(entry.fields)
        entries[key] = (author_year(fields, people), fields)
    return entries


def bib_labels(path: Path) -> dict[str, str]:
    """Each entry's author-year label, read from a BibTeX file."""
    return {key: label for key, (label, _) in _entries(path).items()}


LIST_START = "<!-- reference list for JupyterLab: written by tools/cite_links.py -->"
LIST_END = "<!-- end of the reference list for JupyterLab -->"
_LIST = re.compile(re.escape(LIST_START) + r".*?" + re.escape(LIST_END) + r"\n?", re.S)
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+!|$~])")


def _md(text: str) -> str:
    return _MARKDOWN_SPECIAL.sub(r"\\\1", _plain(text))


def reference_list(path: Path) -> str:
    """Every entry as a Markdown list item, by author and year: who and when, then the title
    (a link to the source where it has an address) and where it appeared."""
    lines = [LIST_START]
    for _key, (label, fields) in sorted(_entries(path).items(), key=lambda e: e[1][0].lower()):
        title = _md(fields.get("title", ""))
        if fields.get("url"):
            title = f"[{title}]({fields['url'].strip()})"
        where = _md(fields.get("howpublished") or fields.get("journal") or "")
        who = _md(label) + ("" if label.endswith(".") else ".")
        lines.append(f"- {who} {title}." + (f" {where}." if where else ""))
    lines.append(LIST_END)
    return "\n".join(lines) + "\n"


def with_reference_list(text: str, path: Path) -> str:
    """A page with its reference list written (again) from the bibliography at `path`."""
    return _LIST.sub(lambda _m: reference_list(path), text) if LIST_START in text else text


def drop_reference_list(text: str) -> str:
    """The page without its Markdown list: the book shows the bibliography instead."""
    return _LIST.sub("", text)


def cite_text(keys: Iterable[str], labels: Mapping[str, str]) -> str:
    """What a parenthetical citation of `keys` reads as: '(Smith, 2020; World Bank, n.d.)'."""
    return "(" + "; ".join(labels[k] for k in keys) + ")"


def term_slug(term: str) -> str:
    """A glossary term as a link fragment: letters and digits, hyphens between words."""
    return re.sub(r"[^\w]+", "-", term, flags=re.UNICODE).strip("-").lower()


def _split_term(body: str) -> tuple[str, str]:
    match = _EXPLICIT.match(body)
    return (match["text"], match["target"]) if match else (body, body)


def to_links(text: str, labels: Mapping[str, str], prefix: str) -> str:
    """Roles to links; `prefix` leads from the chapter's folder to the book's ('../' or '')."""

    def cite(match: re.Match) -> str:
        keys = [k.strip() for k in match["keys"].split(",")]
        if not all(k in labels for k in keys):
            return match[0]  # the book's build names the unknown key
        return f"[{cite_text(keys, labels)}]({prefix}references.md#{','.join(keys)})"

    def term(match: re.Match) -> str:
        shown, target = _split_term(match["body"])
        return f"[{shown}]({prefix}glossary.md#term-{term_slug(target)})"

    return _ROLE_TERM.sub(term, _ROLE_CITE.sub(cite, text))


def to_roles(
    text: str, labels: Mapping[str, str], terms: Iterable[str]
) -> tuple[str, list[str]]:
    """Links back to roles, for Sphinx; and every link whose key, term or text is wrong."""
    by_slug = {term_slug(t): t for t in terms}
    problems: list[str] = []

    def cite(match: re.Match) -> str:
        keys = [k.strip() for k in match["keys"].split(",")]
        unknown = [k for k in keys if k not in labels]
        if unknown:
            problems.append(f"{match[0]}: no entry {', '.join(unknown)} in the bibliography")
            return match[0]
        expected = cite_text(keys, labels)
        if match["text"] != expected:
            problems.append(
                f"{match[0]}: the bibliography says {expected!r}; run tools/cite_links.py"
            )
        return f"{{cite:p}}`{','.join(keys)}`"

    def term(match: re.Match) -> str:
        target = by_slug.get(match["slug"])
        if target is None:
            problems.append(f"{match[0]}: no glossary term '{match['slug']}'")
            return match[0]
        shown = match["text"]
        return f"{{term}}`{target}`" if shown == target else f"{{term}}`{shown} <{target}>`"

    return _LINK_TERM.sub(term, _LINK_CITE.sub(cite, text)), problems


def prefix_for(chapter: Path, book: Path) -> str:
    """The relative way up from a chapter's folder to the book's folder ('', '../', ...)."""
    depth = len(PurePosixPath(chapter.parent.relative_to(book).as_posix()).parts)
    return "../" * depth
