"""The typed model of a module: an article split into blocks, a claim taxonomy and a claim key.

Everything here is immutable and free of I/O; `claimlab.load` builds it from files and validates it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Literal

import pandas as pd

BlockKind = Literal["standfirst", "caption", "subhead", "paragraph", "bio"]
BLOCK_KINDS: tuple[BlockKind, ...] = ("standfirst", "caption", "subhead", "paragraph", "bio")

#: How an explanation names the taxonomy rule that decides a claim: "(rule: too X)".
RULE_MENTION = re.compile(r"\(rule: ([^)]+)\)")

#: Id of the section that runs from the top of the article to its first subhead.
OPENING_SECTION_ID = "opening"


@dataclass(frozen=True)
class Block:
    """A piece of the article in reading order; only paragraphs are body text."""

    kind: BlockKind
    id: str
    line: int  # line in the source text, for provenance
    text: str
    number: int | None = None  # paragraph number, cited as ¶N
    lines: int = 1  # source lines the block spans (a wrapped paragraph rejoins with spaces)

    @property
    def label(self) -> str:
        return f"¶{self.number}" if self.number is not None else self.kind


@dataclass(frozen=True)
class Section:
    """Body paragraphs between two subheads; the opening section has no title."""

    id: str
    title: str | None
    blocks: tuple[Block, ...]

    @property
    def paragraphs(self) -> tuple[Block, ...]:
        return tuple(b for b in self.blocks if b.kind == "paragraph")

    @property
    def span(self) -> str:
        """The section's paragraph range as students cite it, e.g. '¶8–¶12'."""
        numbers = [b.number for b in self.paragraphs]
        if not numbers:
            return ""
        first, last = min(numbers), max(numbers)  # type: ignore[type-var]
        return f"¶{first}" if first == last else f"¶{first}–¶{last}"


def published_text(published: str) -> str:
    """'2020-09' -> 'September 2020'; the precision of the data is the precision of the words."""
    if not published:
        return "date not known"
    parts = [int(p) for p in published.split("-")]
    month = date(2000, parts[1], 1).strftime("%B") if len(parts) > 1 else ""
    if len(parts) == 3:
        return f"{parts[2]} {month} {parts[0]}"
    return f"{month} {parts[0]}".strip()


@dataclass(frozen=True)
class ArticleMeta:
    author: str
    outlet: str
    url: str
    published: str  # ISO date to the precision known: "2020-09" or "2020-09-14"
    headline: str
    headline_status: str  # how far the headline is verified, in words
    author_note: str = ""


@dataclass(frozen=True)
class Article:
    meta: ArticleMeta
    blocks: tuple[Block, ...]

    @property
    def paragraphs(self) -> tuple[Block, ...]:
        return tuple(b for b in self.blocks if b.kind == "paragraph")

    def paragraph(self, number: int) -> Block:
        for block in self.paragraphs:
            if block.number == number:
                return block
        raise KeyError(f"the article has no ¶{number}")

    @property
    def sections(self) -> tuple[Section, ...]:
        """Split at subheads; captions stay where they appear, standfirst and bios in none."""
        sections: list[Section] = []
        current_id, current_title = OPENING_SECTION_ID, None
        current: list[Block] = []
        for block in self.blocks:
            if block.kind == "subhead":
                sections.append(Section(current_id, current_title, tuple(current)))
                current_id, current_title, current = block.id, block.text, []
            elif block.kind not in ("standfirst", "bio"):
                current.append(block)
        sections.append(Section(current_id, current_title, tuple(current)))
        return tuple(sections)

    def section(self, section_id: str) -> Section:
        for section in self.sections:
            if section.id == section_id:
                return section
        known = ", ".join(s.id for s in self.sections)
        raise KeyError(f"no section '{section_id}'; sections are: {known}")

    def section_of(self, number: int) -> Section:
        for section in self.sections:
            if any(b.number == number for b in section.paragraphs):
                return section
        raise KeyError(f"the article has no ¶{number}")

    def source_lines(self) -> list[str]:
        """The non-empty source lines, rebuilt from the blocks (blocks on one line rejoin)."""
        lines: dict[int, list[str]] = {}
        for block in self.blocks:
            lines.setdefault(block.line, []).append(block.text)
        return [" ".join(parts) for _, parts in sorted(lines.items())]


@dataclass(frozen=True)
class ClaimType:
    id: str
    name: str
    definition: str
    test_question: str
    example: str  # a claim id


@dataclass(frozen=True)
class SupportLevel:
    id: str
    name: str
    definition: str
    test_question: str = ""
    example: str = ""  # a claim id with this support label


@dataclass(frozen=True)
class Rule:
    """How the decision order settles one recurring mixed pattern ("too X", "require", ...).

    `match` is an optional regular expression: every claim whose quote matches it must name the
    rule in its explanation, so the key stays consistent with its own rules.
    """

    id: str
    name: str  # as explanations name it: "(rule: NAME)"
    pattern: str
    decision: str
    why: str
    example: str  # a claim id the rule decides
    match: str = ""

    def applies_to(self, quote: str) -> bool:
        return bool(self.match) and re.search(self.match, quote, re.IGNORECASE) is not None


@dataclass(frozen=True)
class Taxonomy:
    types: tuple[ClaimType, ...]
    decision_order: tuple[str, ...]
    support: tuple[SupportLevel, ...]
    verdicts: tuple[Verdict, ...] = ()
    timeline_categories: tuple[tuple[str, str], ...] = ()  # (id, name)
    rules: tuple[Rule, ...] = ()
    support_procedure: tuple[str, ...] = ()  # the steps that decide a claim's support level

    @property
    def type_ids(self) -> tuple[str, ...]:
        return tuple(t.id for t in self.types)

    @property
    def support_ids(self) -> tuple[str, ...]:
        return tuple(s.id for s in self.support)

    def type(self, type_id: str) -> ClaimType:
        return next(t for t in self.types if t.id == type_id)

    def support_level(self, support_id: str) -> SupportLevel:
        return next(s for s in self.support if s.id == support_id)

    def rule(self, name: str) -> Rule:
        """A rule by the name explanations use for it."""
        return next(r for r in self.rules if r.name == name)


@dataclass(frozen=True)
class Verdict:
    """A fact-check verdict students choose from (accurate, imprecise, ...)."""

    id: str
    name: str
    definition: str


@dataclass(frozen=True)
class Claim:
    """One unit of the answer key: a verbatim quote from one paragraph, labelled and explained."""

    id: str
    paragraph: int
    quote: str
    type: str
    alternatives: tuple[str, ...]
    support: str
    explanation: str

    @property
    def accepted(self) -> tuple[str, ...]:
        return (self.type, *self.alternatives)

    @property
    def rule_names(self) -> tuple[str, ...]:
        """The taxonomy rules the explanation says decide this claim."""
        return tuple(name.strip() for name in RULE_MENTION.findall(self.explanation))

    # The gradable-item interface shared with FactCheck (see claimlab.check).
    @property
    def key(self) -> str:
        return self.type

    @property
    def label(self) -> str:
        return f"Claim {self.id}"

    @property
    def where(self) -> str:
        return f"¶{self.paragraph}"


@dataclass(frozen=True)
class FactCheck:
    """A checkable statement in the article, its sourced verdict and the precise statement."""

    id: str
    target: str  # a claim id, or the id of a non-body block such as an author bio
    where: str  # "¶12" or "author bio", for citing it
    quote: str
    verdict: str
    finding: str
    note: str  # why the verdict, for the student
    sources: tuple[str, ...]
    review: str = ""  # for a disputed verdict: the reasoning for and against it

    @property
    def key(self) -> str:
        return self.verdict

    @property
    def alternatives(self) -> tuple[str, ...]:
        return ()

    @property
    def label(self) -> str:
        return f"Statement {self.id}"

    @property
    def explanation(self) -> str:
        return f"{self.finding} {self.note}"


@dataclass(frozen=True)
class Exclusion:
    """A checkable statement deliberately left out of the fact-check, and why."""

    block: str  # "p12" for ¶12, or the id of a caption or bio
    where: str  # "¶12" or "author bio", for citing it
    quote: str
    reason: str


@dataclass(frozen=True)
class TimelineEvent:
    date: str  # ISO, to the precision the source gives
    event: str
    category: str
    sources: tuple[str, ...]
    note: str = ""


@dataclass(frozen=True)
class GlossaryEntry:
    term: str
    definition: str
    sources: tuple[str, ...]
    see_also: tuple[str, ...] = ()


@dataclass(frozen=True)
class ArgumentNode:
    """A step in the argument map: the course's paraphrase, anchored in the author's claims."""

    id: str
    text: str
    claims: tuple[str, ...]
    children: tuple[ArgumentNode, ...] = ()

    def walk(self) -> Iterator[ArgumentNode]:
        yield self
        for child in self.children:
            yield from child.walk()


@dataclass(frozen=True)
class Exercise:
    """A set of claims to classify, chosen by section or by id."""

    id: str
    title: str
    kind: str
    claim_ids: tuple[str, ...]
    instructions: str = ""


@dataclass(frozen=True)
class Recommendation:
    """A policy step the author recommends: the course's paraphrase, anchored in his claims."""

    id: str
    text: str
    claims: tuple[str, ...]
    paragraphs: tuple[int, ...]

    @property
    def where(self) -> str:
        return ", ".join(f"¶{n}" for n in self.paragraphs)


@dataclass(frozen=True)
class MemoPart:
    id: str
    title: str
    prompt: str
    min_words: int
    max_words: int
    counterargument: bool = False


@dataclass(frozen=True)
class PeerCriterion:
    id: str
    name: str
    levels: tuple[str, ...]  # from lowest to highest, each "N: descriptor"


@dataclass(frozen=True)
class Rubric:
    notice: str
    parts: tuple[MemoPart, ...]
    total_words: tuple[int, int]
    min_citations: int
    stances: tuple[tuple[str, str], ...]  # (id, name)
    peer_criteria: tuple[PeerCriterion, ...]


@dataclass(frozen=True)
class Module:
    id: str
    title: str
    path: Path
    article: Article
    taxonomy: Taxonomy
    claims: tuple[Claim, ...]
    exercises: tuple[Exercise, ...] = field(default=())
    factchecks: tuple[FactCheck, ...] = ()
    timeline: tuple[TimelineEvent, ...] = ()
    glossary: tuple[GlossaryEntry, ...] = ()
    argument: ArgumentNode | None = None
    bibliography: frozenset[str] = frozenset()
    recommendations: tuple[Recommendation, ...] = ()
    rubric: Rubric | None = None
    exclusions: tuple[Exclusion, ...] = ()  # checkable statements left out of the fact-check
    draft: bool = False  # module.yaml says `key: draft`: the key is still being written

    def claim(self, claim_id: str) -> Claim:
        for claim in self.claims:
            if claim.id == claim_id:
                return claim
        raise KeyError(f"no claim '{claim_id}'")

    def claims_in(self, section_id: str) -> tuple[Claim, ...]:
        numbers = {b.number for b in self.article.section(section_id).paragraphs}
        return tuple(c for c in self.claims if c.paragraph in numbers)

    def exercise(self, exercise_id: str) -> Exercise:
        for exercise in self.exercises:
            if exercise.id == exercise_id:
                return exercise
        known = ", ".join(e.id for e in self.exercises) or "none"
        raise KeyError(f"no exercise '{exercise_id}'; exercises are: {known}")

    def iter_exercise_claims(self, exercise_id: str) -> Iterator[Claim | FactCheck]:
        """The exercise's items in order: claims to type, or statements to fact-check."""
        exercise = self.exercise(exercise_id)
        if exercise.kind == "factcheck":
            by_id = {f.id: f for f in self.factchecks}
            yield from (by_id[i] for i in exercise.claim_ids)
        else:
            for claim_id in exercise.claim_ids:
                yield self.claim(claim_id)

    def exercise_options(self, exercise_id: str) -> tuple[tuple[str, str], ...]:
        """(id, name) of each answer a student can choose in this exercise."""
        if self.exercise(exercise_id).kind == "factcheck":
            return tuple((v.id, v.name) for v in self.taxonomy.verdicts)
        return tuple((t.id, t.name) for t in self.taxonomy.types)

    def claims_frame(self) -> pd.DataFrame:
        """The claim key as a DataFrame, one row per claim, with its section for grouping."""
        section_of = {b.number: s.id for s in self.article.sections for b in s.paragraphs}
        rows = [
            {
                "id": c.id,
                "paragraph": c.paragraph,
                "section": section_of[c.paragraph],
                "quote": c.quote,
                "type": c.type,
                "alternatives": ";".join(c.alternatives),
                "support": c.support,
                "explanation": c.explanation,
            }
            for c in self.claims
        ]
        frame = pd.DataFrame(rows).set_index("id")
        frame["type"] = pd.Categorical(frame["type"], categories=self.taxonomy.type_ids)
        frame["support"] = pd.Categorical(frame["support"], categories=self.taxonomy.support_ids)
        return frame

    def paragraphs_frame(self) -> pd.DataFrame:
        rows = [
            {"paragraph": b.number, "section": s.id, "text": b.text}
            for s in self.article.sections
            for b in s.paragraphs
        ]
        return pd.DataFrame(rows).set_index("paragraph")
