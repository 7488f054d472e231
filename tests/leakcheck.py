"""Detectors for the three kinds of leak an attacker found in the graded edition's prose (issue 16,
attack16): worked examples that are the article's sentences with nouns changed, argument pages
that match the map's steps to their roles, and prose that points at a fact-check verdict.

Pure functions over text, so each can be shown to fire on the leak it was written for
(tests/test_leaks.py) before it is trusted to pass on the book.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Iterator

#: Function words: sharing them with the article says nothing about where a sentence came from.
_STOP_WORDS = """a an the and or but if of to in on for with by at from as is are was were
    be been being it
    its this that these those there their they them he she his her him we our you your i not no so
    than then too very can could would should will may might must has have had do does did what
    which who whom whose when where why how all any some more most much many one two new also only
    just still even into over under about after before up out own same other such each every both
    itself"""
STOP = frozenset(_STOP_WORDS.split())


def words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+(?:'[a-z0-9]+)*", text.lower().replace("’", "'"))


def content_words(text: str) -> set[str]:
    return {w for w in words(text) if w not in STOP and len(w) > 2}


def sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.?!])[”\"]?\s+", text) if s.strip()]


def ngrams(text: str, n: int) -> set[tuple[str, ...]]:
    found = words(text)
    return {tuple(found[i : i + n]) for i in range(len(found) - n + 1)}


def telling(grams: Iterable[tuple[str, ...]]) -> set[tuple[str, ...]]:
    """The n-grams that carry a content word (not "it is not a")."""
    return {g for g in grams if any(w not in STOP and len(w) > 2 for w in g)}


def quoted(text: str) -> list[str]:
    return re.findall(r"[“\"]([^”\"]+)[”\"]", text)


def mirrored_sentences(example: str, article_sentences: Iterable[str]) -> list[str]:
    """Why a worked example looks like an article sentence with its nouns changed: a sentence of
    it that shares two or more content words, or a three-word run with a content word, with one
    sentence of the article. An invented example on an unrelated topic shares neither."""
    found = []
    article_sentences = list(article_sentences)
    for mine in sentences(example):
        ours, runs = content_words(mine), telling(ngrams(mine, 3))
        for theirs in article_sentences:
            shared = ours & content_words(theirs)
            common = runs & ngrams(theirs, 3)
            if len(shared) >= 2 or common:
                found.append(f"{mine!r} ~ {theirs!r}: {sorted(shared)} {sorted(common)}")
    return found


def article_phrases(text: str, article: str) -> list[str]:
    """Phrases of the article in a text students see before they answer: a quoted phrase of two
    or more words taken from it, or a four-word run with a content word."""
    flat = " ".join(words(article))
    found = [q for q in quoted(text) if len(words(q)) >= 2 and " ".join(words(q)) in flat]
    found += [" ".join(g) for g in telling(ngrams(text, 4)) & ngrams(article, 4)]
    return found


# --- page prose ---------------------------------------------------------------------------------

_BLOCK = re.compile(r"<(p|li|dd|dt|h[1-6]|td|th|figcaption|summary)\b[^>]*>(.*?)</\1>", re.S)


def prose_units(page: str) -> list[str]:
    """The visible prose of an HTML page, one string per paragraph, list item or heading, with
    scripts, styles and forms (the exercises, whose own labels name roles and verdicts) left out.
    A list item's nested list counts as its own units."""
    page = re.sub(r"<(script|style|form|template)\b.*?</\1>", " ", page, flags=re.S)
    page = re.sub(r"<(ul|ol)\b", r"</li><\1", page)  # close an item before its nested list
    units = []
    for _, inner in _BLOCK.findall(page):
        text = html.unescape(re.sub(r"<[^>]+>", " ", inner))
        text = " ".join(text.replace("’", "'").split())
        if text:
            units.append(text)
    return units


def page_sections(page: str) -> list[list[str]]:
    """A page's prose units, grouped by its second-level sections (the page's own headings)."""
    return [prose_units(part) for part in re.split(r"<h2\b", page)]


def paragraph_refs(text: str) -> set[int]:
    """The ¶ numbers a text cites, ranges expanded: "¶9–¶13" is 9 to 13."""
    found: set[int] = set()
    for first, last in re.findall(r"¶\s?(\d+)(?:\s?[–-]\s?¶?\s?(\d+))?", text):
        a = int(first)
        b = int(last) if last else a
        found.update(range(a, b + 1))
    return found


#: Words that give a step's role away when they sit beside what identifies the step.
ROLE_WORDS = re.compile(
    r"\b(conclusions?|concludes?|main reasons?|sub-reasons?|further reasons?|background|"
    r"supports? (?:the|his) conclusion)\b",
    re.I,
)


def role_leaks(sections: list[list[str]], anchors: dict[str, set[int]]) -> list[str]:
    """Sections of a page that speak of roles and, in the same section, cite the anchor
    paragraphs of a step: two or more of them, or its only one. That pairing lets a student
    match the section's analysis to the exercise's steps. `anchors`: step id -> its ¶ numbers."""
    found = []
    for section in sections:
        if not any(ROLE_WORDS.search(u) for u in section):
            continue
        for unit in section:
            cited = paragraph_refs(unit)
            for step, paragraphs in anchors.items():
                hit = cited & paragraphs
                if len(hit) >= min(2, len(paragraphs)):
                    found.append(f"{step} ({sorted(hit)}): {unit[:120]!r}")
    return found


#: What a verdict sounds like in prose: the verdict names and the ways prose hints at them.
VERDICT_WORDS = re.compile(
    r"\b(accurate|inaccurate|imprecise|contested|unverifiable|cannot be verified|"
    r"can ?not be confirmed|no source (?:can )?confirms?|no source settles|official name|"
    r"correct name|should (?:read|be “)|the fact-check's (?:evidence|verdict)|"
    r"not evidence of intent|is wrong|a slip)\b",
    re.I,
)


def verdict_pointers(
    units: list[str], statements: dict[str, tuple[int, str]]
) -> list[str]:
    """Prose units that point at a fact-check statement (cite its ¶, or quote four words of it)
    and also use verdict words. `statements` maps a statement id to its paragraph and quote."""
    found = []
    for unit in units:
        unit = unit.replace("’", "'")
        if re.search(r"\bthe fact-check's (evidence|verdict|finding)", unit, re.I):
            found.append(f"a pointer to the fact-check's answer: {unit[:160]!r}")
        if not VERDICT_WORDS.search(unit):
            continue
        cited = paragraph_refs(unit)
        runs = ngrams(unit, 4)
        for statement, (paragraph, quote) in statements.items():
            if paragraph in cited or (runs & ngrams(quote, 4)):
                found.append(f"{statement}: {unit[:160]!r}")
    return found


def article_sentences(module) -> Iterator[str]:
    for block in module.article.paragraphs:
        yield from sentences(block.text)
