"""`claimlab new`: make a complete, standalone course-module repository from an article's text.

The article is parsed into blocks (`claimlab.module.articletext`), the text kept verbatim under
`data/source/`, and the repository's files come from the templates in
`claimlab/authoring/scaffold/`, filled in with the article's metadata. The key starts empty
(`key: draft`), so the new module validates and builds at once; each section's exercise appears
when the key has claims for it.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date
from importlib import resources
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from string import Template

import yaml

from ..module.articletext import Notice, ParsedArticle, looks_like_markdown, parse_article, slugify
from ..module.model import OPENING_SECTION_ID

#: Scaffold files copied as they are (after filling in $placeholders), and where they go.
TEMPLATES = {
    "README.md": "README.md",
    "requirements.txt": "requirements.txt",
    "references.bib": "references.bib",
    "gitignore": ".gitignore",
    "_config.yml": "_config.yml",
    "tasks.py": "tasks.py",
    "book/intro.md": "book/intro.md",
    "book/claim-types.md": "book/claim-types.md",
    "book/memo.md": "book/memo.md",
    "book/article.md": "book/article.md",
    "book/references.md": "book/references.md",
    "data/taxonomy.yaml": "data/taxonomy.yaml",
    "data/rubric.yaml": "data/rubric.yaml",
    "data/claims.csv": "data/claims.csv",
}


@dataclass(frozen=True)
class Metadata:
    """What `claimlab new` is told on its command line: the module's title, the article's details.

    An empty field is unknown. `title` names the module; the article keeps a headline found in its
    text.
    """

    title: str = ""
    author: str = ""
    outlet: str = ""
    url: str = ""
    date: str = ""  # ISO, to the precision known


class NewModuleError(Exception):
    """Why a module could not be made (the destination is in use, the article is unreadable)."""


def engine_requirement() -> tuple[str, str]:
    """The requirements.txt line that installs this engine, and a sentence saying what it is.

    From a source checkout, its path (works on this machine only); otherwise this version.
    """
    checkout = Path(__file__).resolve().parents[3]
    pyproject = checkout / "pyproject.toml"
    if pyproject.is_file() and 'name = "claimlab"' in pyproject.read_text(encoding="utf-8"):
        return (
            f"claimlab @ {checkout.as_uri()}",
            "That is the engine's source folder on the machine that ran `claimlab new`.",
        )
    try:
        return f"claimlab=={version('claimlab')}", "That is the version that made the module."
    except PackageNotFoundError:  # pragma: no cover - claimlab always has metadata when run
        return "claimlab", "That is whichever version pip finds."


def _md_text(text: str) -> str:
    """Text for a MyST heading or paragraph: markup characters escaped."""
    return re.sub(r"([\\`*_{}\[\]<>()#+!|$~])", r"\\\1", " ".join(text.split()))


def _yaml_text(text: str) -> str:
    dumped = yaml.safe_dump(text, allow_unicode=True, width=10_000)
    return dumped.strip().removesuffix("...").strip()


def _template(name: str) -> Template:
    return Template(
        resources.files("claimlab.authoring").joinpath("scaffold", name).read_text(encoding="utf-8")
    )


def _module_yaml(module_id: str, title: str, meta: Metadata, headline: str) -> str:
    article = {
        "author": meta.author,
        "outlet": meta.outlet,
        "url": meta.url,
        "published": meta.date,
        "headline": headline,
        "headline_status": (
            "Taken from the text given to claimlab new; check it against the published page."
        ),
    }
    data = {
        "id": module_id,
        "title": title,
        "key": "draft",
        "bibliography": "../references.bib",
        "article": article,
    }
    body = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=98)
    return (
        "# Module metadata, written by `claimlab new`. Fill in what is empty when you know it:\n"
        "# author, outlet, url (the article's web address) and published (YYYY, YYYY-MM or\n"
        "# YYYY-MM-DD, to the precision known). `key: draft` lets the key be incomplete; change\n"
        "# it to `complete` when every body paragraph has a claim.\n" + body
    )


def _article_yaml(parsed: ParsedArticle) -> str:
    lines = [
        "# The article as blocks in reading order, written by `claimlab new` from "
        f"source/{parsed.source_name}.",
        "# kind: headline, standfirst, byline, dateline, caption, subhead, paragraph, pullquote,",
        "# bio, or dropped (kept out of the book, e.g. an advert). Only paragraphs are body text:",
        "# they are numbered by their order (cited as ¶N), so to repair a block change its kind",
        "# (never delete one), and every ¶ number, section range and exercise title follows.",
        "# claims.csv does not: its ids and paragraph numbers are typed, so repair before keying.",
        "# A subhead starts a section; its id names the section. `line` is the block's first",
        "# line in the source; `lines` how many source lines it joins.",
        "# Then run: python3 tasks.py validate",
        "blocks:",
    ]
    for block in parsed.blocks:
        fields = ", ".join(
            # JSON strings are YAML double-quoted scalars: safe for any text in a flow mapping.
            f"{key}: {json.dumps(value, ensure_ascii=False) if key == 'text' else value}"
            for key, value in block.items()
        )
        lines.append(f"  - {{{fields}}}")
    return "\n".join(lines) + "\n"


def _sections(parsed: ParsedArticle) -> list[tuple[str, str, list[int]]]:
    """(id, title, paragraph numbers) of each section that has paragraphs."""
    sections: list[tuple[str, str, list[int]]] = [(OPENING_SECTION_ID, "Opening", [])]
    number = 0
    for block in parsed.blocks:
        if block["kind"] == "subhead":
            sections.append((block["id"], block["text"], []))
        elif block["kind"] == "paragraph":
            number += 1
            sections[-1][2].append(number)
    return [s for s in sections if s[2]]


def _exercises_yaml(sections: list[tuple[str, str, list[int]]]) -> str:
    entries = [
        {
            "id": f"claim-types-{section_id}",
            # {paragraphs} is computed from article.yaml at every load, so it never goes stale.
            "title": f"Claim types in “{title}” ({{paragraphs}})",
            "kind": "classify",
            "section": section_id,
            "instructions": "Read each quote, then choose the type that says what the sentence "
            "asks you to accept. When a sentence does two things, use the decision order.",
        }
        for section_id, title, _numbers in sections
    ]
    return (
        "# One exercise per section: it selects the section's claims from claims.csv, so it\n"
        "# appears in the book once the key has claims there. Add `claims: [ids]` exercises, or\n"
        "# a `kind: factcheck` exercise over factcheck.csv, as the module grows.\n"
        + yaml.safe_dump({"exercises": entries}, sort_keys=False, allow_unicode=True, width=98)
    )


def _toc(sections: list[tuple[str, str, list[int]]], chapters: dict[str, str]) -> str:
    lines = [
        "# Table of contents, written by `claimlab new`.",
        "format: jb-book",
        "root: book/intro",
        "parts:",
        "  - caption: Before you read",
        "    chapters:",
        "      - file: book/claim-types",
        "  - caption: The article, section by section",
        "    chapters:",
        *(f"      - file: {chapters[s[0]]}" for s in sections),
        "  - caption: After you read",
        "    chapters:",
        "      - file: book/memo",
        "  - caption: Reference",
        "    chapters:",
        "      - file: book/article",
        "      - file: book/references",
    ]
    return "\n".join(lines) + "\n"


def create_module(
    article: Path,
    dest: Path,
    meta: Metadata,
    markdown: bool | None = None,
    engine: str | None = None,
) -> ParsedArticle:
    """Write a new module repository at `dest` from the article at `article`; return the parse
    (its notices are the lines to check). Refuses a destination that exists and is not empty."""
    try:
        text = article.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise NewModuleError(f"cannot read {article}: {err}") from err
    if dest.exists() and (not dest.is_dir() or any(dest.iterdir())):
        raise NewModuleError(f"{dest} exists and is not an empty folder; nothing was written")
    if markdown is None:
        markdown = looks_like_markdown(text, article.name)
    try:
        parsed = parse_article(text, markdown=markdown, author=meta.author)
    except ValueError as err:
        raise NewModuleError(f"{article}: {err}") from err
    # The article's own headline stays as written; --title names the module only.
    headline = parsed.headline or meta.title or dest.name
    if not parsed.headline:
        parsed.notices.insert(0, Notice(
            1, f"found no headline: module.yaml's headline is {headline!r} until you correct it",
        ))
    title = meta.title or parsed.headline or dest.name
    module_id = slugify(title) or "module"
    sections = _sections(parsed)
    chapters = {s[0]: f"book/sections/{n}-{s[0]}" for n, s in enumerate(sections, start=1)}
    requirement, note = (engine, "") if engine else engine_requirement()
    byline = f"{meta.author}'s article" if meta.author else "an opinion article"
    article_line = f"{byline} “{headline}”" + (f" ({meta.outlet})" if meta.outlet else "")
    values = {
        "title": title,
        "title_yaml": _yaml_text(title),
        "article_line": article_line,
        "engine": requirement,
        "engine_note": note,
        "year": str(date.today().year),
    }
    files: dict[str, str] = {}
    for source, target in TEMPLATES.items():
        files[target] = _template(source).substitute(values)
    files["book/intro.md"] = _template("book/intro.md").substitute(
        {**values, "title": _md_text(title), "article_line": _md_text(article_line)}
    )
    for section_id, section_title, _numbers in sections:
        files[f"{chapters[section_id]}.md"] = _template("book/section.md").substitute(
            section_title=_md_text(section_title),
            section_id=section_id,
        )
    files["_toc.yml"] = _toc(sections, chapters)
    files["data/module.yaml"] = _module_yaml(module_id, title, meta, headline)
    files["data/article.yaml"] = _article_yaml(parsed)
    files["data/exercises.yaml"] = _exercises_yaml(sections)
    files[f"data/source/{parsed.source_name}"] = text  # verbatim, for provenance
    for relative, content in files.items():
        path = dest / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content, encoding="utf-8")
    return parsed


#: What `claimlab add PART` writes: a data stub (never over an existing file), a chapter and
#: its contents line, and the exercise entry when the part has one. Every part also gets the
#: references page, so a citation in its sources always has a bibliography to point to.
PARTS: dict[str, dict[str, str]] = {
    "factcheck": {
        "data": "factcheck.csv", "chapter": "fact-check", "exercise": "fact-check",
        "caption": "Check the facts",
        "kind": "factcheck", "title": "Check the article's facts",
        "instructions": "Judge each statement against the sources: choose the verdict that "
        "fits what they show.",
    },
    "argument": {
        "data": "argument.yaml", "chapter": "argument", "exercise": "argument-map",
        "caption": "Map the argument",
        "kind": "argument", "title": "Build the argument map",
        "instructions": "Give each step its role, and the step it supports.",
    },
    "glossary": {"data": "glossary.yaml", "chapter": "glossary"},
    "timeline": {"data": "timeline.csv", "chapter": "timeline"},
    "references": {"chapter": "references"},
}
#: Where new chapters go in the contents: before the reference part, or at the end.
_REFERENCE_CAPTION = "  - caption: Reference\n"


def _add_toc_line(toc: Path, chapter: str, caption: str) -> bool:
    """Add `book/<chapter>` to _toc.yml (in a part of its own, before the Reference part);
    False when it is there already."""
    text = toc.read_text(encoding="utf-8")
    entry = f"file: book/{chapter}"
    if re.search(rf"^\s*-?\s*{re.escape(entry)}\s*$", text, re.M):
        return False
    if chapter in ("references", "glossary", "timeline") and _REFERENCE_CAPTION in text:
        at = text.index(_REFERENCE_CAPTION) + len(_REFERENCE_CAPTION)
        at = text.index("\n", text.index("chapters:", at)) + 1
        text = text[:at] + f"      - {entry}\n" + text[at:]
    else:
        block = f"  - caption: {caption}\n    chapters:\n      - {entry}\n"
        if _REFERENCE_CAPTION in text:
            at = text.index(_REFERENCE_CAPTION)
            text = text[:at] + block + text[at:]
        else:
            text = text.rstrip("\n") + "\n" + block
    toc.write_text(text, encoding="utf-8")
    return True


def verdict_ids(taxonomy: Path) -> list[str]:
    """The verdict ids of a taxonomy.yaml (the scaffold's when the file has none), so a stub's
    header lists the verdicts the validator accepts and cannot drift from them."""
    scaffold = resources.files("claimlab.authoring").joinpath("scaffold/data/taxonomy.yaml")
    for path in (taxonomy, scaffold):
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, yaml.YAMLError):
            continue
        verdicts = data.get("verdicts") if isinstance(data, dict) else None
        ids = [v["id"] for v in verdicts or () if isinstance(v, dict) and "id" in v]
        if ids:
            return ids
    return []


def add_part(root: Path, part: str) -> list[str]:
    """Add an optional part to the module at `root`; return what was done, one line each.
    Nothing that exists is overwritten."""
    if part not in PARTS:
        raise NewModuleError(f"no part {part!r}; parts are: {', '.join(PARTS)}")
    toc = root / "_toc.yml"
    if not toc.is_file() or not (root / "data").is_dir():
        raise NewModuleError(f"{root} is not a module made by claimlab new (no _toc.yml or data/)")
    done: list[str] = []
    wanted = [part] if part == "references" else [part, "references"]
    for name in wanted:
        spec = PARTS[name]
        chapter = root / "book" / f"{spec['chapter']}.md"
        if name == "references":
            source = _template("book/references.md").template
        else:
            source = _template(f"parts/{spec['chapter']}.md").template
        if not chapter.exists():
            chapter.parent.mkdir(parents=True, exist_ok=True)
            chapter.write_text(source, encoding="utf-8")
            done.append(f"wrote {chapter.relative_to(root)}")
        if _add_toc_line(toc, spec["chapter"], spec.get("caption", "Reference")):
            done.append(f"added book/{spec['chapter']} to _toc.yml")
        if "data" in spec:
            data = root / "data" / spec["data"]
            if data.exists():
                done.append(f"kept data/{spec['data']} (it exists)")
            else:
                stub = _template(f"parts/{spec['data']}").safe_substitute(
                    verdicts=", ".join(verdict_ids(root / "data" / "taxonomy.yaml"))
                )
                data.write_text(stub, encoding="utf-8")
                done.append(f"wrote data/{spec['data']} (a stub: its header says what goes in)")
        if "exercise" in spec:
            exercises = root / "data" / "exercises.yaml"
            text = exercises.read_text(encoding="utf-8") if exercises.exists() else "exercises:\n"
            if not re.search(rf"^\s*-?\s*id:\s*{spec['exercise']}\s*$", text, re.M):
                entry = yaml.safe_dump(
                    [{"id": spec["exercise"],
                      **{k: spec[k] for k in ("title", "kind", "instructions")}}],
                    sort_keys=False, allow_unicode=True, width=98,
                )
                exercises.write_text(text.rstrip("\n") + "\n" + entry, encoding="utf-8")
                done.append(f"added exercise '{spec['exercise']}' to data/exercises.yaml")
    return done
