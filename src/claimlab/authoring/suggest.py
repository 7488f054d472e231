"""Suggested claims: each body paragraph split into sentences, each sentence's exact text as a
quote, and a type proposed from the taxonomy's rules and cue words. The author decides.

A suggestion is never part of the key. `claimlab suggest` writes them to `suggestions.csv`
with the key's columns; a row moved into `claims.csv` as it is still says "UNCONFIRMED" in its
explanation, and validation refuses it until the author has checked the quote and the type
and written the explanation (and the support) in their own words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..module.articletext import is_question, sentences
from ..module.loading.key import UNCONFIRMED
from ..module.model import Module, Taxonomy

__all__ = ["CUES", "UNCONFIRMED", "Suggestion", "propose_type", "sentences", "suggest"]

#: Cue words for the standard claim types (a taxonomy with other type ids uses its rules and
#: the words its definitions quote). Each is a regular expression on the sentence.
CUES: dict[str, tuple[str, ...]] = {
    "prescriptive": (
        r"\bshould\b", r"\bmust\b", r"\bought to\b", r"\bneeds? to\b", r"\bhave to\b",
        r"\bhas to\b", r"\blet us\b", r"\blet's\b", r"\bit is time\b",
    ),
    "predictive": (
        r"\bwill\b", r"\bwould\b", r"\bwon[’']t\b", r"\bgoing to\b", r"\blikely\b",
        r"\bcould\b", r"\bmay\b", r"\bmight\b", r"\bsoon\b",
    ),
    "causal": (
        r"\bbecause\b", r"\bcaus(e|es|ed|ing)\b", r"\blead(s)? to\b", r"\bled to\b",
        r"\bresult(s|ed)? in\b", r"\bso that\b", r"\bdriv(e|es|en)\b", r"\bby being\b",
        r"\bin ways that\b", r"\bdue to\b", r"\bthanks to\b",
    ),
    "evaluative": (
        r"\btoo\b", r"\bmistake[n]?\b", r"\bgood\b", r"\bbad\b", r"\bbest\b", r"\bworst\b",
        r"\bbetter\b", r"\bworse\b", r"\bfail(ed|ure)?\b", r"\bsuccess(ful)?\b",
        r"\bwise\b", r"\bunfair\b", r"\bfair\b", r"\bhard to fault\b", r"\bnot enough\b",
        r"\bserious\b", r"\buseful\b", r"\bimportant\b", r"\bmatters?\b", r"\brealistic\b",
    ),
}


@dataclass(frozen=True)
class Suggestion:
    """A proposed claim for the author to check: one sentence of a paragraph and a type for it."""

    id: str
    paragraph: int
    quote: str
    type: str
    cue: str  # what decided the type, in words


def _rule_type(taxonomy: Taxonomy, sentence: str) -> tuple[str, str] | None:
    """A taxonomy rule that matches decides, when its decision names a type first."""
    names = {t.name.casefold(): t.id for t in taxonomy.types} | {t: t for t in taxonomy.type_ids}
    for rule in taxonomy.rules:
        try:
            if not rule.applies_to(sentence):
                continue
        except re.error:
            continue
        first = re.match(r"\s*([A-Za-z]+)", rule.decision)
        if first and first.group(1).casefold() in names:
            return names[first.group(1).casefold()], f"rule '{rule.name}'"
    return None


def _definition_cues(taxonomy: Taxonomy) -> dict[str, tuple[str, ...]]:
    """Single words a type's definition quotes ('often with "should", "must"'), as cues."""
    cues: dict[str, tuple[str, ...]] = {}
    for claim_type in taxonomy.types:
        quoted = re.findall(r"[\"“]([A-Za-z]+)[\"”]", claim_type.definition)
        cues[claim_type.id] = tuple(rf"\b{re.escape(w)}\b" for w in quoted)
    return cues


def propose_type(taxonomy: Taxonomy, sentence: str) -> tuple[str, str]:
    """(type id, the cue that decided it). Several cues: the taxonomy's decision order."""
    ruled = _rule_type(taxonomy, sentence)
    if ruled:
        return ruled
    extra = _definition_cues(taxonomy)
    order = list(taxonomy.decision_order) or list(taxonomy.type_ids)
    for type_id in order:
        for pattern in (*CUES.get(type_id, ()), *extra.get(type_id, ())):
            found = re.search(pattern, sentence, re.IGNORECASE)
            if found:
                return type_id, f"'{found.group()}'"
    fallback = "empirical" if "empirical" in taxonomy.type_ids else order[-1]
    return fallback, "no cue word: a statement of what is or was"


def suggest(module: Module, only_uncovered: bool = True) -> list[Suggestion]:
    """A suggestion per declarative sentence of each paragraph (questions are not claims);
    by default only for paragraphs the key does not cover yet."""
    covered = {c.paragraph for c in module.claims} if only_uncovered else set()
    result: list[Suggestion] = []
    for block in module.article.paragraphs:
        number = block.number
        if number is None or number in covered:
            continue
        letters = iter("abcdefghijklmnopqrstuvwxyz")
        for sentence in sentences(block.text):
            if is_question(sentence):
                continue
            letter = next(letters, None)
            if letter is None:
                break
            type_id, cue = propose_type(module.taxonomy, sentence)
            result.append(Suggestion(f"{number}{letter}", number, sentence, type_id, cue))
    return result
