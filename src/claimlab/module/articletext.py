"""Turn an article's text into `article.yaml` blocks, as a careful reader would mark it up.

Web copy carries furniture around the body: a headline, a standfirst, a byline with a date, a
dateline ("NORTHVALE –") before the first paragraph, photo captions with credits, pull-quotes
that repeat a sentence of the body, subheads and an author bio. Each becomes its own kind of
block, never a body paragraph, so the ¶ numbers count only the author's paragraphs.

Two input forms. Plain text as copied from a page: blocks separated by blank lines. Markdown:
`#` the headline, `##` subheads, `>` a standfirst (or, in the body, a pull-quote), italic lines
for the standfirst, byline, captions and bio. Both forms go through one classifier; every block
whose kind rests on a rule of thumb rather than on markup is reported with its line and the
reason, so the author checks exactly those (and changes a `kind` in `article.yaml` to repair
one: paragraph numbers are computed from the order, never typed).

It also splits a paragraph into sentences: `claimlab suggest` proposes one claim per sentence,
and validation leaves a paragraph that only asks questions unkeyed.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from .model import OPENING_SECTION_ID

#: At most this many words, with no final punctuation, reads as a subhead.
SUBHEAD_WORDS = 12
#: A headline or byline is short; a standfirst is at most a couple of sentences.
HEADLINE_WORDS = 20
STANDFIRST_WORDS = 60
#: A pull-quote repeats at least this many words of the body in order.
PULLQUOTE_WORDS = 5
FINAL_PUNCTUATION = ".!?:;,…"
CLOSERS = "\"'”’)]»"
CAPTION = re.compile(
    r"\b(Photo|Photograph|Image|Picture|Illustration|Credit|Photo credit)s?:"
    r"|\b(Photo|Picture|Image)s? by\b|/\s*(AFP|Reuters|AP|Getty Images)\b|\((Photo|Image)\b",
    re.IGNORECASE,
)
_MONTHS = (
    "Jan(uary)?|Feb(ruary)?|Mar(ch)?|Apr(il)?|May|June?|July?|Aug(ust)?|Sep(t(ember)?)?"
    "|Oct(ober)?|Nov(ember)?|Dec(ember)?"
)
DATE = re.compile(
    rf"\b(\d{{1,2}} ({_MONTHS})\.? \d{{4}}|({_MONTHS})\.? \d{{1,2}},? \d{{4}}"
    r"|\d{4}-\d{2}-\d{2})\b"
)
BYLINE = re.compile(r"^(by|words by|written by)\s+\S", re.IGNORECASE)
DATE_LINE = re.compile(rf"^((published|updated|posted)( on)?:?\s*)?{DATE.pattern}\W*$", re.I)
#: "NORTHVALE –" or "WESTMOOR, March 3 —": a place in capitals and a dash, before the body.
DATELINE = re.compile(
    r"^([A-Z][A-Z.’'\- ]{2,}[A-Z.](,\s*[A-Za-z0-9 .]{1,25})?)\s+[–—-]{1,2}(?=\s|$)"
)
#: Lines the page adds around the article: never the writer's words, so never a block shown.
PAGE_CLUTTER = re.compile(
    r"^(advertisement|advert|sponsored( content)?|read more|related( articles?| stories)?|"
    r"see also|also read|sign up|subscribe|share (this|on)|follow us|click here|continue "
    r"reading|most read|recommended)\b",
    re.IGNORECASE,
)
#: "Dana Reyes teaches ...": a name and a verb that introduces a person.
BIO = re.compile(
    r"^([A-Z][\w.’'\-]+ ){1,3}(is|was|teaches|writes|directs|leads|heads|has been|served|"
    r"works|chairs|covers|edits)\b"
)


@dataclass(frozen=True)
class Notice:
    """A block whose kind the parser guessed (or a line it was not sure of), and why."""

    line: int
    message: str
    kind: str = ""

    def __str__(self) -> str:
        return f"line {self.line}: {self.message}"


@dataclass
class ParsedArticle:
    """An article's text as parsed: the blocks for article.yaml and the notices on guessed kinds.

    `headline` is the article's own headline as found in the text (in Markdown, its `#` line, which
    makes no block); `markdown` says the text was parsed as Markdown.
    """

    blocks: list[dict[str, Any]] = field(default_factory=list)
    headline: str = ""  # the article's own headline, as written
    notices: list[Notice] = field(default_factory=list)
    markdown: bool = False

    @property
    def source_name(self) -> str:
        """The file name the text is kept under in source/: article.md or article.txt."""
        return "article.md" if self.markdown else "article.txt"

    @property
    def paragraphs(self) -> list[dict[str, Any]]:
        """The body paragraph blocks, in order."""
        return [b for b in self.blocks if b["kind"] == "paragraph"]


def slugify(text: str) -> str:
    """'“Strategic patience” won’t help' -> 'strategic-patience-wont-help'."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    ascii_text = re.sub(r"['’]", "", ascii_text.lower())
    return re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")


def ends_a_sentence(text: str) -> bool:
    """Whether the text ends in one of . ! ? : ; , …, closing quotes and brackets aside."""
    return text.rstrip().rstrip(CLOSERS)[-1:] in tuple(FINAL_PUNCTUATION)


def looks_like_markdown(text: str, filename: str = "") -> bool:
    """A .md file, or text whose lines use Markdown headings or a quoted standfirst."""
    if filename.lower().endswith((".md", ".markdown")):
        return True
    if filename.lower().endswith(".txt"):
        return False
    return bool(re.search(r"^(#{1,6} |> )", text, re.M))


def words_of(text: str) -> list[str]:
    """The words, case and punctuation aside: curly and straight apostrophes are one."""
    return re.findall(r"\w+(?:['’]\w+)*", text.replace("’", "'").casefold())


def _contains(haystack: list[str], needle: list[str]) -> bool:
    width = len(needle)
    return any(haystack[i : i + width] == needle for i in range(len(haystack) - width + 1))


@dataclass
class Chunk:
    """A run of source lines that makes one block (or a dateline and a paragraph)."""

    line: int
    lines: int
    text: str  # the words a reader sees, joined with single spaces
    heading: int = 0  # Markdown heading level
    quoted: bool = False  # a Markdown '>' block
    italic: bool = False  # a Markdown line wholly in *...* or _..._
    image: str | None = None  # a Markdown image's alt text
    after_rule: bool = False  # follows a Markdown '---'
    kind: str = ""
    reason: str = ""  # why the kind was guessed; empty when markup or the body decided


class _Builder:
    def __init__(self, result: ParsedArticle) -> None:
        self.result = result
        self.paragraphs = 0
        self.ids: set[str] = {OPENING_SECTION_ID}
        self.counts: dict[str, int] = {}

    def add(self, kind: str, line: int, text: str, lines: int = 1) -> None:
        # No `n` is written: article.yaml numbers paragraphs by their order, so dropping or
        # re-kinding a block never means renumbering the rest by hand.
        block: dict[str, Any] = {"kind": kind}
        if kind == "paragraph":
            self.paragraphs += 1
        elif kind == "subhead":
            block["id"] = self._unique(slugify(text) or "section")
        elif kind not in ("standfirst", "headline"):
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


def _plain_chunks(text: str) -> list[Chunk]:
    """Runs of non-blank lines, each with its first line number (from 1)."""
    chunks: list[Chunk] = []
    current: list[str] = []
    start = 0
    for number, line in enumerate([*text.split("\n"), ""], start=1):
        if line.strip():
            if not current:
                start = number
            current.append(line.strip())
        elif current:
            chunks.append(Chunk(start, len(current), " ".join(current)))
            current = []
    return chunks


_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_EMPHASIS = re.compile(r"(\*\*|__|\*|_|`)(?=\S)(.+?)(?<=\S)\1")
_ITALIC_LINE = re.compile(r"^(\*|_)(?!\1)(?=\S)(.+?)(?<=\S)\1$")
_LIST_ITEM = re.compile(r"^([-*+]|\d+[.)])\s+")
_RULE = re.compile(r"([-*_])\s*(\1\s*){2,}")


def _plain_inline(text: str) -> str:
    """Markdown inline markup to the words a reader sees: links keep their text."""
    text = _LINK.sub(r"\1", text)
    previous = None
    while previous != text:
        previous, text = text, _EMPHASIS.sub(r"\2", text)
    return text


def _markdown_chunks(text: str, result: ParsedArticle) -> list[Chunk]:
    lines = text.split("\n")
    chunks: list[Chunk] = []
    paragraph: list[str] = []
    start = 0
    after_rule = False
    in_front_matter = bool(lines) and lines[0].strip() == "---"

    def flush() -> None:
        nonlocal paragraph, after_rule
        if not paragraph:
            return
        raw = " ".join(paragraph)
        italic = len(paragraph) == 1 and bool(_ITALIC_LINE.match(raw))
        chunk = Chunk(start, len(paragraph), _plain_inline(raw), italic=italic)
        chunk.after_rule = after_rule
        if _LIST_ITEM.match(paragraph[0]):
            chunk.text = raw
            chunk.reason = "a list: kept as one paragraph, with its markers"
        chunks.append(chunk)
        paragraph, after_rule = [], False

    for number, raw in enumerate(lines, start=1):
        line = raw.strip()
        if in_front_matter:
            if number > 1 and line == "---":
                in_front_matter = False
            continue
        heading = re.match(r"^(#{1,6})\s+(.*?)\s*#*$", line)
        image = re.match(r"^!\[([^\]]*)\]\([^)]*\)\s*$", line)
        italic_line = bool(_ITALIC_LINE.match(line)) and not paragraph
        if not line or heading or line.startswith(">") or image or _RULE.fullmatch(line):
            flush()
        if not line:
            continue
        if _RULE.fullmatch(line):
            after_rule = True
            continue
        if heading:
            level, title = len(heading.group(1)), _plain_inline(heading.group(2))
            if level == 1 and not result.headline and not chunks:
                result.headline = title  # kept as written, and not a block of the body
                continue
            chunks.append(Chunk(number, 1, title, heading=level))
        elif line.startswith(">"):
            quoted = _plain_inline(line.lstrip("> ").strip())
            if chunks and chunks[-1].quoted and chunks[-1].line + chunks[-1].lines == number:
                chunks[-1].text += " " + quoted
                chunks[-1].lines += 1
            else:
                chunks.append(Chunk(number, 1, quoted, quoted=True))
        elif image:
            chunks.append(Chunk(number, 1, _plain_inline(image.group(1)), image=image.group(1)))
        elif italic_line and chunks and chunks[-1].image is not None and not paragraph:
            # The line under an image is its caption (and says more than the alt text).
            chunks[-1].text = _plain_inline(line)
            chunks[-1].line, chunks[-1].italic = number, True
        else:
            if not paragraph:
                start = number
            paragraph.append(line)
    flush()
    return chunks


def _classify(chunks: list[Chunk], markdown: bool, author: str, has_headline: bool) -> str:
    """Set each chunk's kind (and reason, where a rule of thumb decided); return the headline
    found in plain text ('' if none)."""
    headline = ""
    texts = [words_of(c.text) for c in chunks]
    # A block whose words all recur, in order, inside a longer block is a pull-quote.
    for i, chunk in enumerate(chunks):
        mine = texts[i]
        if chunk.heading or len(mine) < PULLQUOTE_WORDS:
            continue
        for j, other in enumerate(texts):
            if j != i and len(other) > len(mine) and _contains(other, mine):
                chunk.kind = "pullquote"
                chunk.reason = f"repeats words of the block at line {chunks[j].line}: a pull-quote"
                break

    for c in chunks:
        if not c.kind and PAGE_CLUTTER.match(c.text) and len(c.text.split()) <= 15:
            c.kind = "dropped"
            c.reason = "a line of the page, not of the article ('Advertisement', 'Read more')"

    def is_byline(c: Chunk) -> bool:
        words = len(c.text.split())
        return words <= HEADLINE_WORDS and (
            bool(BYLINE.match(c.text))
            or bool(DATE_LINE.match(c.text))
            or (bool(DATE.search(c.text)) and "|" in c.text)
            or bool(author and c.text.startswith(author) and DATE.search(c.text))
        )

    names = {author} if author else set()
    for c in chunks:
        if not c.kind and is_byline(c):
            c.kind = "byline"
            c.reason = "a line naming the writer or the date: a byline"
            match = re.match(r"^(?:by|words by|written by)\s+([^|,•·–—]+)", c.text, re.I)
            if match:
                names.add(match.group(1).strip(" *_"))
    # The top: a plain-text headline, then a standfirst up to the byline or the first body text.
    index = 0
    if not markdown and chunks and not chunks[0].kind:
        first = chunks[0]
        if (
            first.lines == 1
            and len(first.text.split()) <= HEADLINE_WORDS
            and not ends_a_sentence(first.text)
            and not CAPTION.search(first.text)
        ):
            first.kind, first.reason = "headline", "a short line at the top: the headline"
            headline = first.text
            index = 1
    has_top = has_headline or bool(headline)
    byline_at = next((i for i, c in enumerate(chunks) if c.kind == "byline"), None)
    for i in range(index, len(chunks)):
        c = chunks[i]
        if c.kind == "byline":
            continue  # an italic standfirst may come after the byline
        if c.kind or c.heading or c.image is not None or CAPTION.search(c.text):
            break
        if markdown and c.quoted:
            c.kind = "standfirst"  # marked up as one: not a guess
            continue
        before_byline = byline_at is not None and i < byline_at
        short = len(c.text.split()) <= STANDFIRST_WORDS
        if has_top and (before_byline or (short and c.italic)):
            c.kind = "standfirst"
            c.reason = (
                "italic, under the headline: the standfirst"
                if c.italic
                else "between the headline and the byline: the standfirst"
            )
            continue
        if has_top and short and i == index and c.lines == 1:
            c.reason = "the first block under the headline: ¶1, or the standfirst?"
        break
    # Captions: credits anywhere; in Markdown, an image or an italic line in the body.
    for c in chunks:
        if c.kind or c.heading:
            continue
        if c.image is not None:
            c.kind = "caption"
            c.reason = "" if c.italic else "an image: its alt text is kept as a photo caption"
        elif CAPTION.search(c.text) and len(c.text.split()) <= STANDFIRST_WORDS:
            c.kind, c.reason = "caption", "names a photo or its credit: a photo caption"
    # The bio: the last blocks of the body, when they introduce a person.
    for c in reversed(chunks):
        if c.kind in ("bio", "caption", "byline", "dropped"):
            continue
        if c.kind or c.heading:
            break
        starts_with_name = any(name and c.text.startswith(name) for name in names)
        if not (starts_with_name or BIO.match(c.text) or (markdown and (c.italic or c.after_rule))):
            break
        c.kind = "bio"
        c.reason = "after the body, introduces the writer: the author bio"
    # The dateline leads the first body paragraph; split it off (same source line).
    for c in chunks:
        if c.kind or c.heading:
            continue
        standalone = DATELINE.match(c.text)
        if standalone and standalone.end() == len(c.text.rstrip()):
            c.kind, c.reason = "dateline", "a place in capitals and a dash: the dateline"
        break
    # Markdown: an italic line left in the body, or a quotation there, is furniture too.
    for c in chunks:
        if c.kind or c.heading:
            continue
        if markdown and c.italic:
            c.kind = "caption"
            c.reason = "an italic line in the body: kept as a photo caption"
        elif markdown and c.quoted:
            c.kind, c.reason = "paragraph", "a quotation block in the body: kept as a paragraph"
    return headline


def _emit(chunks: list[Chunk], markdown: bool, result: ParsedArticle) -> None:
    build = _Builder(result)
    seen_body = False
    for index, c in enumerate(chunks):
        kind, reason = c.kind, c.reason
        is_last = index == len(chunks) - 1
        if c.heading:
            kind = "subhead"
            if c.heading != 2:
                reason = f"a level-{c.heading} heading: kept as a subhead"
        elif not kind:
            kind = "paragraph"
            short = c.lines == 1 and len(c.text.split()) <= SUBHEAD_WORDS
            if not markdown and short and not ends_a_sentence(c.text):
                shown = [b["kind"] for b in result.blocks if b["kind"] != "dropped"]
                previous = shown[-1] if shown else ""
                if is_last and len(c.text.split()) <= 4:
                    kind, reason = "byline", "a name alone at the end: the writer's sign-off"
                elif not seen_body or previous in ("subhead", "headline", "standfirst", "byline"):
                    reason = (
                        "a short line right after another heading-like block: kept as a paragraph"
                    )
                else:
                    kind, reason = "subhead", "a short line without final punctuation: a subhead"
            elif not markdown and short and c.text.endswith("?") and seen_body and not is_last:
                reason = "a short question: a subhead or a one-line paragraph? Kept as a paragraph"
            elif not ends_a_sentence(c.text) and not is_last and not markdown:
                reason = (
                    "no final punctuation: kept as a paragraph (a subhead has at most "
                    f"{SUBHEAD_WORDS} words)"
                )
        if kind == "paragraph" and not seen_body:
            seen_body = True
            lead = DATELINE.match(c.text)
            rest = c.text[lead.end():] if lead else ""
            if lead and rest.startswith(" ") and not rest.startswith("  ") and rest.strip():
                # One space joins them again, so the source line still rebuilds exactly.
                build.add("dateline", c.line, c.text[: lead.end()])
                result.notices.append(
                    Notice(c.line, "a place in capitals and a dash before ¶1: the dateline",
                           "dateline")
                )
                c = Chunk(c.line, c.lines, rest[1:])
        if kind == "paragraph":
            seen_body = True
        if reason:
            result.notices.append(Notice(c.line, f"{kind}: {reason}", kind))
        build.add(kind, c.line, c.text, c.lines)


def parse_plain(text: str, author: str = "") -> ParsedArticle:
    """The blocks of plain text, separated by blank lines (one a line when a long text has none)."""
    result = ParsedArticle()
    chunks = _plain_chunks(text)
    if len(chunks) == 1 and chunks[0].lines > 3:
        # Copied without blank lines between paragraphs: then each line is a block (a text
        # wrapped at a fixed width would have blank lines between its paragraphs).
        first = chunks[0].line
        lines = [line.strip() for line in text.split("\n")]
        chunks = [Chunk(n, 1, line) for n, line in enumerate(lines, start=1) if line]
        result.notices.append(
            Notice(first, "no blank lines between blocks: each line is read as one block")
        )
    result.headline = _classify(chunks, False, author, False)
    _emit(chunks, False, result)
    return result


def parse_markdown(text: str, author: str = "") -> ParsedArticle:
    """The blocks of Markdown text, whose markup decides a block's kind where it can."""
    result = ParsedArticle(markdown=True)
    chunks = _markdown_chunks(text, result)
    _classify(chunks, True, author, bool(result.headline))
    _emit(chunks, True, result)
    return result


def parse_article(text: str, markdown: bool = False, author: str = "") -> ParsedArticle:
    """The blocks of an article's text; raise ValueError when it has no body paragraph."""
    text = text.lstrip("\ufeff").replace("\r\n", "\n")
    result = parse_markdown(text, author) if markdown else parse_plain(text, author)
    if not result.paragraphs:
        raise ValueError("found no paragraphs: is the file empty, or not the article's text?")
    return result


# --- sentences: for suggestions, and for paragraphs that only ask ---------------------------

#: A sentence ends at . ! ? (and any closing quote or bracket) before a space and a capital,
#: a quote or a digit; not after a common abbreviation or an initial.
_END = re.compile(r"(?<=[.!?])([”\"’')\]]*)\s+(?=[A-Z“\"‘(0-9])")
_ABBREVIATION = re.compile(r"(\b(Mr|Mrs|Ms|Dr|St|Prof|Gen|Sen|Rep|No|vs|etc|e\.g|i\.e)|\b[A-Z])\.$")


def sentences(text: str) -> list[str]:
    """The paragraph's sentences, each an exact substring of it."""
    found: list[str] = []
    start = 0
    for match in _END.finditer(text):
        if _ABBREVIATION.search(text[start : match.start()]):
            continue  # "Mr. Kim", "U.S. policy": not the end of a sentence
        found.append(text[start : match.end(1)].strip())
        start = match.end()
    found.append(text[start:].strip())
    return [piece for piece in found if piece]


def is_question(sentence: str) -> bool:
    """Whether the sentence ends in a question mark, closing quotes and parentheses aside."""
    return sentence.rstrip("”\"’') ").endswith("?")


def only_questions(text: str) -> bool:
    """A paragraph that only asks (a rhetorical question) makes no claim to key."""
    found = sentences(text)
    return bool(found) and all(is_question(s) for s in found)
