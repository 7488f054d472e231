"""The typed model of a module: an article split into blocks, a claim taxonomy and a claim key.

Everything here is immutable and free of I/O; `claimlab.module.load` builds it from files and
validates it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Literal

import pandas as pd

BlockKind = Literal[
    "headline", "standfirst", "byline", "dateline", "caption", "subhead", "paragraph",
    "pullquote", "bio", "dropped",
]
BLOCK_KINDS: tuple[BlockKind, ...] = (
    "headline", "standfirst", "byline", "dateline", "caption", "subhead", "paragraph",
    "pullquote", "bio", "dropped",
)
#: Blocks that frame the article rather than belong to a section's reading: a section shows
#: its paragraphs, captions and dateline; a pull-quote only repeats the body; a dropped block
#: (an advert, a "Read more" link) is kept in article.yaml so the source still rebuilds.
OUTSIDE_SECTIONS = ("headline", "standfirst", "byline", "pullquote", "bio", "dropped")

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
        """How the block is cited: ¶N for a paragraph, else its kind ("caption", "bio")."""
        return f"¶{self.number}" if self.number is not None else self.kind


@dataclass(frozen=True)
class Section:
    """Body paragraphs between two subheads; the opening section has no title."""

    id: str
    title: str | None
    blocks: tuple[Block, ...]

    @property
    def paragraphs(self) -> tuple[Block, ...]:
        """The section's body paragraphs, in reading order (its captions and dateline left out)."""
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
    """Who wrote the article, where and when it appeared, as module.yaml gives it."""

    author: str
    outlet: str
    url: str
    published: str  # ISO date to the precision known: "2020-09" or "2020-09-14"
    headline: str
    headline_status: str  # how far the headline is verified, in words
    author_note: str = ""


@dataclass(frozen=True)
class Article:
    """The article as article.yaml lists it: its metadata and its blocks in reading order."""

    meta: ArticleMeta
    blocks: tuple[Block, ...]

    @property
    def paragraphs(self) -> tuple[Block, ...]:
        """The body paragraphs, in reading order."""
        return tuple(b for b in self.blocks if b.kind == "paragraph")

    def paragraph(self, number: int) -> Block:
        """Paragraph ¶number; KeyError names it when the article has none."""
        for block in self.paragraphs:
            if block.number == number:
                return block
        raise KeyError(f"the article has no ¶{number}")

    @property
    def sections(self) -> tuple[Section, ...]:
        """Split at subheads; captions stay where they appear, the framing blocks in none."""
        sections: list[Section] = []
        current_id, current_title = OPENING_SECTION_ID, None
        current: list[Block] = []
        for block in self.blocks:
            if block.kind == "subhead":
                sections.append(Section(current_id, current_title, tuple(current)))
                current_id, current_title, current = block.id, block.text, []
            elif block.kind not in OUTSIDE_SECTIONS:
                current.append(block)
        sections.append(Section(current_id, current_title, tuple(current)))
        return tuple(sections)

    def section(self, section_id: str) -> Section:
        """The section with this id; KeyError lists the section ids when there is none."""
        for section in self.sections:
            if section.id == section_id:
                return section
        known = ", ".join(s.id for s in self.sections)
        raise KeyError(f"no section '{section_id}'; sections are: {known}")

    def section_of(self, number: int) -> Section:
        """The section that holds ¶number; KeyError when the article has no such paragraph."""
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
    """A claim type of the taxonomy: its definition and the question that tests for it."""

    id: str
    name: str
    definition: str
    test_question: str
    example: str = ""  # a claim id: shown as key content if an exercise grades it
    # An invented sentence of this type and why it is one: a worked example no exercise grades,
    # so every edition can show it before the exercises.
    sample: str = ""
    sample_why: str = ""


@dataclass(frozen=True)
class SupportLevel:
    """A level of support the article gives a claim, as the support exercise grades it."""

    id: str
    name: str
    definition: str
    test_question: str = ""
    example: str = ""  # a claim id with this support label


@dataclass(frozen=True)
class SupportCase:
    """A point of the support procedure that readers found unclear, settled with a worked example.

    The example is invented, so that settling the point gives away no exercise item.
    """

    id: str
    name: str
    question: str
    answer: str
    example: str


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
        """Whether the rule's `match` finds this quote, ignoring case; False when it has none."""
        return bool(self.match) and re.search(self.match, quote, re.IGNORECASE) is not None


@dataclass(frozen=True)
class Taxonomy:
    """The module's taxonomy.yaml: claim types and their rules, support levels, verdicts.

    `decision_order` lists type ids in the order their test questions are asked: the first "yes"
    decides a claim's type.
    """

    types: tuple[ClaimType, ...]
    decision_order: tuple[str, ...]
    support: tuple[SupportLevel, ...]
    verdicts: tuple[Verdict, ...] = ()
    timeline_categories: tuple[tuple[str, str], ...] = ()  # (id, name)
    rules: tuple[Rule, ...] = ()
    support_procedure: tuple[str, ...] = ()  # the steps that decide a claim's support level
    support_cases: tuple[SupportCase, ...] = ()  # unclear points of the procedure, settled

    @property
    def type_ids(self) -> tuple[str, ...]:
        """The claim type ids, in taxonomy order."""
        return tuple(t.id for t in self.types)

    @property
    def support_ids(self) -> tuple[str, ...]:
        """The support level ids, in taxonomy order."""
        return tuple(s.id for s in self.support)

    def type(self, type_id: str) -> ClaimType:
        """The claim type with this id; StopIteration (not KeyError) when there is none."""
        return next(t for t in self.types if t.id == type_id)

    def support_level(self, support_id: str) -> SupportLevel:
        """The support level with this id; StopIteration (not KeyError) when there is none."""
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
    explanation: str  # why the type: what the claim-type exercise explains
    # Why the support level: what the support exercise explains. Kept apart so that checking the
    # type never shows a support answer before the support exercise is tried (and vice versa).
    support_explanation: str = ""

    @property
    def accepted(self) -> tuple[str, ...]:
        """The claim's accepted types: its type and any alternatives."""
        return (self.type, *self.alternatives)

    @property
    def rule_names(self) -> tuple[str, ...]:
        """The taxonomy rules the explanation says decide this claim."""
        return tuple(name.strip() for name in RULE_MENTION.findall(self.explanation))

    # The gradable-item interface shared with FactCheck (see claimlab.grading.check).
    @property
    def key(self) -> str:
        """The answer graded as correct: the claim's type."""
        return self.type

    @property
    def label(self) -> str:
        """How feedback names the claim: "Claim 1a"."""
        return f"Claim {self.id}"

    @property
    def where(self) -> str:
        """The claim's paragraph, cited as ¶N."""
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
        """The answer graded as correct: the statement's verdict."""
        return self.verdict

    @property
    def alternatives(self) -> tuple[str, ...]:
        """Always empty: only the verdict counts as right."""
        return ()

    @property
    def label(self) -> str:
        """How feedback names the statement: "Statement fc01"."""
        return f"Statement {self.id}"

    @property
    def explanation(self) -> str:
        """What feedback explains after a check: the finding, then the note on why the verdict."""
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
    """A dated event of the module's timeline (timeline.csv), with the sources that attest it."""

    date: str  # ISO, to the precision the source gives
    event: str
    category: str
    sources: tuple[str, ...]
    note: str = ""


@dataclass(frozen=True)
class GlossaryEntry:
    """A term of the glossary (glossary.yaml): its definition, sources and related terms."""

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
        """This step, then every step below it, depth first."""
        yield self
        for child in self.children:
            yield from child.walk()


@dataclass(frozen=True)
class SupportItem:
    """A claim to grade by how the article backs it: the same quote, keyed by its support level."""

    claim: Claim

    @property
    def id(self) -> str:
        """The claim's id."""
        return self.claim.id

    @property
    def paragraph(self) -> int:
        """The number of the claim's paragraph."""
        return self.claim.paragraph

    @property
    def quote(self) -> str:
        """The claim's quote."""
        return self.claim.quote

    @property
    def key(self) -> str:
        """The answer graded as correct: the claim's support level."""
        return self.claim.support

    @property
    def alternatives(self) -> tuple[str, ...]:
        """Always empty: only the support level counts as right."""
        return ()

    @property
    def explanation(self) -> str:
        """Why the support level: the claim's support explanation, else its one explanation."""
        # A key without support explanations (an older or a new module) explains with the
        # claim's one explanation, as it always did.
        return self.claim.support_explanation or self.claim.explanation

    @property
    def label(self) -> str:
        """How feedback names the item: the claim's label, "Claim 1a"."""
        return self.claim.label

    @property
    def where(self) -> str:
        """The claim's paragraph, cited as ¶N."""
        return self.claim.where


#: The roles a step can play in an argument map, in the order students choose from.
ARGUMENT_ROLES: tuple[tuple[str, str], ...] = (
    ("conclusion", "Conclusion"),
    ("reason", "Reason"),
    ("sub-reason", "Sub-reason"),
    ("objection", "Objection"),
    ("answer", "Answer to an objection"),
    ("background", "Background"),
)

#: What each role means, shown beside the map exercise so a student can tell them apart without
#: guessing what the course means by a word. Every role in ARGUMENT_ROLES has one.
ARGUMENT_ROLE_DEFINITIONS: dict[str, str] = {
    "conclusion": "What the whole argument sets out to establish. It supports no other step.",
    "reason": "A claim offered directly in support of the conclusion.",
    "sub-reason": "A claim offered in support of a reason (or of another sub-reason), so it "
    "backs the conclusion only through that reason.",
    "objection": "A claim that counts against another step: a doubt the author raises, or one "
    "a critic would raise.",
    "answer": "A claim that replies to an objection, defending the step the objection targets.",
    "background": "Context the reader needs (what happened, who is who) that is not offered as "
    "grounds for any step.",
}

#: What a student answers for a step that supports no other step (the conclusion).
NO_TARGET = "none"

#: The answer id prefix for "which step does this one support" (answers: target-<step id>).
TARGET_PREFIX = "target-"


@dataclass(frozen=True)
class ArgumentItem:
    """One gradable point of the argument map: a step's role, or the step it supports.

    Each step of the map gives two items, `<step>` (its role) and `target-<step>` (the step it
    supports), so role and target score one point each. `choices` are the answers offered for
    this item, with the names students see ("Step 4"); `hints` are what a first check says to a
    student who chose each of them.
    """

    id: str
    step: str  # the step's id in argument.yaml
    aspect: Literal["role", "target"]
    quote: str  # the step's text, as the course paraphrases it
    where: str
    label: str  # "Step 3" or "Step 3, what it supports"
    key: str
    explanation: str
    choices: tuple[tuple[str, str], ...]
    hints: tuple[tuple[str, str], ...] = ()

    @property
    def alternatives(self) -> tuple[str, ...]:
        """Always empty: only the key counts as right."""
        return ()

    def answer_name(self, answer: str | None) -> str:
        """The short name feedback uses: "Step 4", "None", "Sub-reason" (menus add the text)."""
        return dict(self.choices).get(answer or "", answer or "").split(":")[0]

    def hint_for(self, answer: str | None) -> str | None:
        """What a first check says to a student who chose this answer; None when it has no hint."""
        return dict(self.hints).get(answer or "")


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
        """The paragraphs the recommendation anchors in, cited as "¶12, ¶14"."""
        return ", ".join(f"¶{n}" for n in self.paragraphs)


@dataclass(frozen=True)
class MemoPart:
    """One part of the policy memo students write: its prompt and word range.

    `counterargument` marks the part that answers an objection: the feedback counts the
    counterargument as addressed once that part has `min_words` words.
    """

    id: str
    title: str
    prompt: str
    min_words: int
    max_words: int
    counterargument: bool = False


@dataclass(frozen=True)
class PeerCriterion:
    """One criterion of the memo's peer review, with its level descriptors."""

    id: str
    name: str
    levels: tuple[str, ...]  # from lowest to highest, each "N: descriptor"


@dataclass(frozen=True)
class Rubric:
    """The memo assignment, as rubric.yaml gives it: its parts and limits, and the peer review.

    `notice` is what the automatic feedback says it can and cannot judge; `stances` are the
    answers a student can give to each of the author's recommendations.
    """

    notice: str
    parts: tuple[MemoPart, ...]
    total_words: tuple[int, int]
    min_citations: int
    stances: tuple[tuple[str, str], ...]  # (id, name)
    peer_criteria: tuple[PeerCriterion, ...]


@dataclass(frozen=True)
class Module:
    """One course module: the article, its taxonomy, the key and all that is built on them.

    `claimlab.module.load` builds it from the data folder at `path`.
    """

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
        """The claim with this id; KeyError names the id when there is none."""
        for claim in self.claims:
            if claim.id == claim_id:
                return claim
        raise KeyError(f"no claim '{claim_id}'")

    def claims_in(self, section_id: str) -> tuple[Claim, ...]:
        """The claims in this section's paragraphs; KeyError when there is no such section."""
        numbers = {b.number for b in self.article.section(section_id).paragraphs}
        return tuple(c for c in self.claims if c.paragraph in numbers)

    def exercise(self, exercise_id: str) -> Exercise:
        """The exercise with this id; KeyError lists the exercise ids when there is none."""
        for exercise in self.exercises:
            if exercise.id == exercise_id:
                return exercise
        known = ", ".join(e.id for e in self.exercises) or "none"
        raise KeyError(f"no exercise '{exercise_id}'; exercises are: {known}")

    def iter_exercise_claims(
        self, exercise_id: str
    ) -> Iterator[Claim | FactCheck | SupportItem | ArgumentItem]:
        """The exercise's items in order: claims to type or to grade by support, statements to
        fact-check, or the role and target of each step of the argument map."""
        exercise = self.exercise(exercise_id)
        if exercise.kind == "factcheck":
            by_id = {f.id: f for f in self.factchecks}
            yield from (by_id[i] for i in exercise.claim_ids)
        elif exercise.kind == "support":
            yield from (SupportItem(self.claim(i)) for i in exercise.claim_ids)
        elif exercise.kind == "argument":
            yield from argument_items(self)
        else:
            for claim_id in exercise.claim_ids:
                yield self.claim(claim_id)

    def exercise_options(self, exercise_id: str) -> tuple[tuple[str, str], ...]:
        """(id, name) of each answer a student can choose in this exercise.

        For the argument map these are every role and every target together (what the grader
        accepts); each item offers only its own `choices`.
        """
        kind = self.exercise(exercise_id).kind
        if kind == "factcheck":
            return tuple((v.id, v.name) for v in self.taxonomy.verdicts)
        if kind == "support":
            return tuple((s.id, s.name) for s in self.taxonomy.support)
        if kind == "argument":
            options: dict[str, str] = {}
            for item in argument_items(self):
                for option, name in item.choices:
                    options.setdefault(option, name)
            return tuple(options.items())
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
                "support_explanation": c.support_explanation,
            }
            for c in self.claims
        ]
        frame = pd.DataFrame(rows).set_index("id")
        frame["type"] = pd.Categorical(frame["type"], categories=self.taxonomy.type_ids)
        frame["support"] = pd.Categorical(frame["support"], categories=self.taxonomy.support_ids)
        return frame

    def paragraphs_frame(self) -> pd.DataFrame:
        """The body paragraphs as a DataFrame indexed by number, with their section and text."""
        rows = [
            {"paragraph": b.number, "section": s.id, "text": b.text}
            for s in self.article.sections
            for b in s.paragraphs
        ]
        return pd.DataFrame(rows).set_index("paragraph")


# --- the argument map as an exercise ------------------------------------------------------------
# argument.yaml gives the map's structure (a conclusion, its reasons, their reasons) but no role
# field: each step's role is derived from its depth (0 conclusion, 1 reason, 2 and deeper
# sub-reason) and the step it supports is its parent. Objection, answer and background are roles
# students may choose; this map's main line has none, so they are never the key here.

_DEPTH_ROLES = ("conclusion", "reason", "sub-reason")


def argument_steps(module: Module) -> tuple[tuple[ArgumentNode, str, ArgumentNode | None], ...]:
    """Each step of the map with its derived role and the step it supports, in the order the
    exercise lists them: by the paragraphs the step anchors in, then its id, so the list follows
    the article and does not give the map's shape away (not even in a tie: the map's own order
    would put a reason before its sub-reasons)."""
    if module.argument is None:
        return ()
    found: list[tuple[ArgumentNode, str, ArgumentNode | None]] = []

    def visit(node: ArgumentNode, depth: int, parent: ArgumentNode | None) -> None:
        found.append((node, _DEPTH_ROLES[min(depth, len(_DEPTH_ROLES) - 1)], parent))
        for child in node.children:
            visit(child, depth + 1, node)

    visit(module.argument, 0, None)
    paragraph = {c.id: c.paragraph for c in module.claims}
    return tuple(
        sorted(found, key=lambda s: (sorted(paragraph[c] for c in s[0].claims), s[0].id))
    )


def _short(text: str, limit: int = 70) -> str:
    """A step's text cut at a word boundary for a menu entry."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0].rstrip(",;:") + "…"


def argument_items(module: Module) -> tuple[ArgumentItem, ...]:
    """Two gradable items per step of the map: its role, and the step it supports."""
    steps = argument_steps(module)
    names = {node.id: f"Step {n}" for n, (node, _, _) in enumerate(steps, start=1)}
    claims = {c.id: c for c in module.claims}
    role_names = dict(ARGUMENT_ROLES)
    supported_by: dict[str, list[str]] = {}
    for node, _, parent in steps:
        if parent is not None:
            supported_by.setdefault(parent.id, []).append(node.id)

    def anchor(node: ArgumentNode) -> str:
        claim = claims[node.claims[0]]
        return f"“{claim.quote}” ({claim.where})"

    role_hints = (
        ("conclusion", "A conclusion is what the whole argument asks you to accept in the end: "
         "does every other step lead to this one?"),
        ("reason", "A reason answers “why should we accept the conclusion?” directly: can you "
         "read it as “the conclusion, because this step”?"),
        ("sub-reason", "A sub-reason backs another reason, not the conclusion itself: which "
         "reason would it make more believable?"),
        ("objection", "An objection is a reason against a step: does the author raise this "
         "to reject it, or does he argue for it?"),
        ("answer", "An answer to an objection replies to a doubt someone has raised: which "
         "doubt would this step answer?"),
        ("background", "Background sets the scene without arguing for anything: would the "
         "argument lose a reason if this step were left out?"),
    )
    items: list[ArgumentItem] = []
    for node, role, parent in steps:
        # In reading order, not in the order argument.yaml lists them: a step whose first anchor
        # is its latest paragraph (the conclusion's ¶39 before ¶13) would stand out in the list.
        ordered = sorted(node.claims, key=lambda c: claims[c].paragraph)
        where = ", ".join(dict.fromkeys(claims[c].where for c in ordered))
        name = names[node.id]
        below = supported_by.get(node.id, [])
        backed = (
            f" {len(below)} other step{'s' if len(below) != 1 else ''} "
            f"({', '.join(names[b] for b in below)}) support{'s' if len(below) == 1 else ''} it."
            if below
            else ""
        )
        if parent is None:
            why = "it is what every other step leads to, and it supports no other step."
        elif role == "reason":
            why = f"it supports the conclusion ({names[parent.id]}) directly."
        else:
            why = (
                f"it supports {names[parent.id]}, a reason, rather than the conclusion directly."
            )
        items.append(
            ArgumentItem(
                id=node.id,
                step=node.id,
                aspect="role",
                quote=node.text,
                where=where,
                label=name,
                key=role,
                explanation=f"In the course's map this step is a {role_names[role].lower()}: "
                f"{why}{backed}",
                choices=ARGUMENT_ROLES,
                hints=role_hints,
            )
        )
        others = [other for other, _, _ in steps if other.id != node.id]
        targets = (
            (NO_TARGET, "None: it is the conclusion"),
            *((o.id, f"{names[o.id]}: {_short(o.text)}") for o in others),
        )
        target_hints = (
            (
                NO_TARGET,
                "Only the conclusion supports no other step: is this the claim the whole "
                "argument leads to?",
            ),
            *(
                (
                    o.id,
                    f"Read it as “{names[o.id]}, because {name}”. Does {name} give a reason to "
                    f"accept {names[o.id]}, or does it back a step in between?",
                )
                for o in others
            ),
        )
        if parent is None:
            target_key = NO_TARGET
            target_why = "Nothing: this is the conclusion, so it supports no other step."
        else:
            target_key = parent.id
            target_why = (
                f"{names[parent.id]}. In the author's words: {anchor(parent)}, because "
                f"{anchor(node)}."
            )
        items.append(
            ArgumentItem(
                id=f"{TARGET_PREFIX}{node.id}",
                step=node.id,
                aspect="target",
                quote=node.text,
                where=where,
                label=f"{name}, what it supports",
                key=target_key,
                explanation=f"In the course's map this step supports {target_why}",
                choices=targets,
                hints=target_hints,
            )
        )
    return tuple(items)
