"""Turn an article's text into `article.yaml` blocks, as a careful reader would mark it up.

Two input forms. Plain text as scraped: blocks separated by blank lines, where a short line
without final punctuation between paragraphs is a subhead. Markdown: `#` the headline, `##`
subheads, `>` a standfirst, paragraphs between blank lines. Whatever the rules cannot decide
(a short line at the top or the end, a question that may be a subhead, a list) is kept in the
likelier kind and reported with its line, so the author can fix `article.yaml` by hand.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from .model import OPENING_SECTION_ID

#: At most this many words, with no final punctuation, reads as a subhead.
SUBHEAD_WORDS = 12
FINAL_PUNCTUATION = ".!?:;,…"
CLOSERS = "\"'”’)]»"
CAPTION = re.compile(r"\b(Photo|Image|Picture|Illustration)( credit)?:", re.IGNORECASE)


@dataclass(frozen=True)
class Notice:
    """A line the parser was not sure of, and what it did with it."""

    line: int
    message: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.message}"


@dataclass
class ParsedArticle:
    blocks: list[dict[str, Any]] = field(default_factory=list)
    headline: str = ""  # from a Markdown '# ' line
    notices: list[Notice] = field(default_factory=list)
    markdown: bool = False

    @property
    def source_name(self) -> str:
        return "article.md" if self.markdown else "article.txt"


def slugify(text: str) -> str:
    """'“Strategic patience” won’t help' -> 'strategic-patience-wont-help'."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    ascii_text = re.sub(r"['’]", "", ascii_text.lower())
    return re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")


def ends_a_sentence(text: str) -> bool:
    return text.rstrip().rstrip(CLOSERS)[-1:] in tuple(FINAL_PUNCTUATION)


def looks_like_markdown(text: str, filename: str = "") -> bool:
    """A .md file, or text whose lines use Markdown headings or a quoted standfirst."""
    if filename.lower().endswith((".md", ".markdown")):
        return True
    if filename.lower().endswith(".txt"):
        return False
    return bool(re.search(r"^(#{1,6} |> )", text, re.M))


class _Builder:
    def __init__(self, result: ParsedArticle) -> None:
        self.result = result
        self.paragraphs = 0
        self.ids: set[str] = {OPENING_SECTION_ID}
        self.counts: dict[str, int] = {}

    def note(self, line: int, message: str) -> None:
        self.result.notices.append(Notice(line, message))

    def add(self, kind: str, line: int, text: str, lines: int = 1) -> None:
        block: dict[str, Any] = {"kind": kind}
        if kind == "paragraph":
            self.paragraphs += 1
            block["n"] = self.paragraphs
        elif kind == "subhead":
            block["id"] = self._unique(slugify(text) or "section")
        elif kind != "standfirst":
            self.counts[kind] = self.counts.get(kind, 0) + 1
            block["id"] = self._unique(f"{kind}-{self.counts[kind]}")
        block["line"] = line
        if lines > 1:
            block["lines"] = lines
        block["text"] = text
        self.result.blocks.append(block)

    def _unique(self, base: str) -> str:
        candidate, number = base, 2
        while candidate in self.ids:
            candidate, number = f"{base}-{number}", number + 1
        self.ids.add(candidate)
        return candidate

    @property
    def last_kind(self) -> str:
        return self.result.blocks[-1]["kind"] if self.result.blocks else ""


def _chunks(lines: list[str]) -> list[tuple[int, list[str]]]:
    """Runs of non-blank lines, each with its first line number (from 1)."""
    chunks: list[tuple[int, list[str]]] = []
    current: list[str] = []
    start = 0
    for number, line in enumerate(lines, start=1):
        if line.strip():
            if not current:
                start = number
            current.append(line.strip())
        elif current:
            chunks.append((start, current))
            current = []
    if current:
        chunks.append((start, current))
    return chunks


def parse_plain(text: str, author: str = "") -> ParsedArticle:
    result = ParsedArticle()
    build = _Builder(result)
    chunks = _chunks(text.split("\n"))
    for index, (line, parts) in enumerate(chunks):
        joined = " ".join(parts)
        words = len(joined.split())
        single = len(parts) == 1
        first, last = index == 0, index == len(chunks) - 1
        short = single and words <= SUBHEAD_WORDS
        if CAPTION.search(joined):
            build.add("caption", line, joined, len(parts))
        elif last and author and joined.startswith(author) and not first:
            build.note(line, "the last block starts with the author's name: kept as a bio")
            build.add("bio", line, joined, len(parts))
        elif short and not ends_a_sentence(joined):
            if first:
                build.note(
                    line,
                    "a short line without final punctuation at the top: the headline or a "
                    "standfirst? Kept as the standfirst; put the headline in module.yaml",
                )
                build.add("standfirst", line, joined)
            elif last:
                build.note(line, "a short line at the end: a byline? Kept as a bio")
                build.add("bio", line, joined)
            elif build.last_kind != "paragraph":
                build.note(
                    line,
                    "a short line right after another heading-like block: kept as a paragraph",
                )
                build.add("paragraph", line, joined)
            else:
                build.add("subhead", line, joined)
        elif short and joined.endswith("?") and not first and not last:
            build.note(
                line, "a short question: a subhead or a one-line paragraph? Kept as a paragraph"
            )
            build.add("paragraph", line, joined)
        else:
            if not ends_a_sentence(joined) and not last:
                build.note(
                    line,
                    "no final punctuation: kept as a paragraph (a subhead has at most "
                    f"{SUBHEAD_WORDS} words)",
                )
            build.add("paragraph", line, joined, len(parts))
    return result


_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_EMPHASIS = re.compile(r"(\*\*|__|\*|_|`)(?=\S)(.+?)(?<=\S)\1")
_LIST_ITEM = re.compile(r"^([-*+]|\d+[.)])\s+")


def _plain_inline(text: str) -> str:
    """Markdown inline markup to the words a reader sees: links keep their text."""
    text = _LINK.sub(r"\1", text)
    previous = None
    while previous != text:
        previous, text = text, _EMPHASIS.sub(r"\2", text)
    return text


def parse_markdown(text: str) -> ParsedArticle:
    result = ParsedArticle(markdown=True)
    build = _Builder(result)
    lines = text.split("\n")
    paragraph: list[str] = []
    start = 0
    in_front_matter = bool(lines) and lines[0].strip() == "---"

    def flush() -> None:
        nonlocal paragraph
        if not paragraph:
            return
        joined = _plain_inline(" ".join(paragraph))
        if _LIST_ITEM.match(paragraph[0]):
            build.note(start, "a list: kept as one paragraph, with its markers")
            joined = " ".join(paragraph)
        build.add("paragraph", start, joined, len(paragraph))
        paragraph = []

    for number, raw in enumerate(lines, start=1):
        line = raw.strip()
        if in_front_matter:
            if number > 1 and line == "---":
                in_front_matter = False
            continue
        heading = re.match(r"^(#{1,6})\s+(.*?)\s*#*$", line)
        if not line or heading or line.startswith(">") or re.match(r"^!\[", line):
            flush()
        if not line or re.fullmatch(r"([-*_])\s*(\1\s*){2,}", line):
            continue
        if heading:
            level, title = len(heading.group(1)), _plain_inline(heading.group(2))
            if level == 1 and not result.headline and not result.blocks:
                result.headline = title
                continue
            if level != 2:
                build.note(number, f"a level-{level} heading: kept as a subhead")
            build.add("subhead", number, title)
        elif line.startswith(">"):
            quoted = _plain_inline(line.lstrip("> ").strip())
            if build.paragraphs:
                build.note(number, "a quotation block in the body: kept as a paragraph")
                build.add("paragraph", number, quoted)
            elif build.last_kind == "standfirst":
                result.blocks[-1]["text"] += " " + quoted
            else:
                build.add("standfirst", number, quoted)
        elif re.match(r"^!\[", line):
            match = _LINK.match(line)
            alt = match.group(1) if match else ""
            build.note(number, "an image: its alt text is kept as a photo caption")
            build.add("caption", number, alt or "(an image without a description)")
        else:
            if not paragraph:
                start = number
            paragraph.append(line)
    flush()
    return result


def parse_article(text: str, markdown: bool = False, author: str = "") -> ParsedArticle:
    """The blocks of an article's text; raise ValueError when it has no body paragraph."""
    text = text.lstrip("\ufeff")
    result = parse_markdown(text) if markdown else parse_plain(text, author)
    if not any(b["kind"] == "paragraph" for b in result.blocks):
        raise ValueError("found no paragraphs: is the file empty, or not the article's text?")
    return result
