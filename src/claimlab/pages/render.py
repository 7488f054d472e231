"""Kernel-free HTML for chapters and notebooks, rendered from the model through escaped templates.

Jinja2 autoescaping means any text from data or from a student is shown as text, never run.
"""

from __future__ import annotations

import functools
import hashlib
import json
import re
from collections import Counter
from collections.abc import Callable, Iterable
from importlib import resources
from pathlib import Path

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from ..edition import (
    KEY_CLASS,
    LATER_CLASS,
    Edition,
    current_edition,
    later_notice,
    shows_key,
    submission_edition,
)
from ..grading.check import (
    ACCURATE,
    EXPLAIN_AT_CHECK,
    UNVERIFIABLE,
    Feedback,
    Gradable,
    answer_name,
    check_answers,
    exercise_hints,
    first_look,
    register_html_view,
)
from ..grading.drafting import Assessment, article_reference
from ..module.model import (
    ARGUMENT_ROLE_DEFINITIONS,
    ARGUMENT_ROLES,
    ArgumentItem,
    Block,
    Claim,
    FactCheck,
    Module,
    Rubric,
    published_text,
)

_env = Environment(
    loader=PackageLoader("claimlab.pages", "templates"),
    autoescape=select_autoescape(default=True, default_for_string=True),
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
    keep_trailing_newline=False,
)

# How furniture that is not body text is announced, in words rather than by styling alone.
BLOCK_TAGS = {
    "headline": "Headline",
    "standfirst": "Standfirst",
    "byline": "Byline",
    "dateline": "Dateline",
    "pullquote": "Pull-quote (repeats the article's words)",
    "caption": "Photo caption (photo not reproduced)",
    "subhead": "Subhead",
    "bio": "Author bio",
}


class HTML(str):
    """A string that notebooks and MyST-NB display as HTML (text/html) instead of a repr."""

    def _repr_html_(self) -> str:
        return str(self)


def render_template(template: str, **context: object) -> HTML:
    """Any of the engine's templates, autoescaped, for the other HTML edges (the class page)."""
    return _render(template, **context)


def _render(template: str, **context: object) -> HTML:
    return HTML(_env.get_template(template).render(**context).strip())


def mark_key(
    content: object | Callable[[], object],
    what: str,
    after: str = "your work is graded",
    edition: Edition | None = None,
) -> HTML:
    """Content derived from the key, marked as such: the engine's one way to mark it.

    `content` is HTML (anything with `_repr_html_`, such as a figure or a DataFrame, or a str of
    HTML), or a function that makes it. In an edition that shows the key it comes back wrapped in
    an element of class KEY_CLASS; in one that hides the key the function is never called and
    only a notice stands in its place, saying what students will see and when (`what`,
    `after`), so nothing on the page can depend on the key.
    """
    if not shows_key(edition or current_edition()):
        return HTML(Markup('<p class="{}">{}</p>').format(LATER_CLASS, later_notice(what, after)))
    if callable(content) and not hasattr(content, "_repr_html_"):
        content = content()
    shown = content._repr_html_() if hasattr(content, "_repr_html_") else content
    if not isinstance(shown, str):
        raise TypeError(f"mark_key needs HTML, not {type(content).__name__}")
    return HTML(Markup('<div class="{}">{}</div>').format(KEY_CLASS, Markup(shown)))


def graded_item_ids(module: Module) -> set[str]:
    """The ids of the claims that some exercise grades: none may be shown as a worked example."""
    return {claim_id for exercise in module.exercises for claim_id in exercise.claim_ids}


def blocks_html(blocks: Iterable[Block], label: str) -> HTML:
    """Article blocks with their ¶ numbers; captions, subheads and bios marked as such."""
    return _render("article.html.j2", blocks=list(blocks), tags=BLOCK_TAGS, label=label)


def article_html(module: Module) -> HTML:
    """The whole article, furniture included, in its original order."""
    meta = module.article.meta
    shown = (b for b in module.article.blocks if b.kind != "dropped")
    return blocks_html(shown, f"{meta.author}, {meta.outlet} ({meta.published})")


def section_html(module: Module, section_id: str) -> HTML:
    """The body paragraphs (and captions) of one section, for a section-by-section chapter."""
    section = module.article.section(section_id)
    title = section.title or "Opening"
    return blocks_html(section.blocks, f"{title}, {section.span}")


def claim_html(claim: Claim, module: Module, with_label: bool = True) -> HTML:
    """One claim as a quotation card: the quote, its ¶, and (optionally) its key and explanation."""
    return claims_html([claim], module, with_label)


def claims_html(claims: Iterable[Claim], module: Module, with_label: bool = True) -> HTML:
    """Quotation cards; with `with_label`, each card's key (label, support, explanation) is key
    content (`mark_key`), so an edition that hides the key shows the quote alone."""
    claims = list(claims)
    types = {t.id: t.name for t in module.taxonomy.types}
    support = {s.id: s.name for s in module.taxonomy.support}
    keys = {  # Markup: already escaped HTML, which the template must not escape again
        c.id: Markup(
            mark_key(
                lambda c=c: _render("claim_key.html.j2", c=c, types=types, support=support),
                "how the key labels this claim",
            )
        )
        for c in claims
        if with_label
    }
    return _render("claim.html.j2", claims=claims, keys=keys)


def taxonomy_html(module: Module) -> HTML:
    """The claim types, each with its test question and a worked example.

    A type's invented `sample` is shown in every edition. A worked example from the article (its
    `example` claim) is shown only when no exercise grades that claim; if one does, its label and
    explanation are key content (`mark_key`), and an edition that hides the key leaves the whole
    example out, since the quote beside the type's name is itself the answer.
    """
    by_id = {c.id: c for c in module.claims}
    graded = graded_item_ids(module)
    examples: dict[str, Markup] = {}  # already escaped HTML
    for t in module.taxonomy.types:
        claim = by_id.get(t.example)  # a new module's key may not have one yet
        if t.sample or claim is None:
            continue
        card = functools.partial(_render, "taxonomy_example.html.j2", ex=claim)
        examples[t.id] = Markup(
            mark_key(card, f"a worked example of a {t.name.lower()} claim")
            if claim.id in graded
            else card()
        )
    return _render("taxonomy.html.j2", taxonomy=module.taxonomy, examples=examples)


def claim_counts_html(module: Module, section_id: str) -> HTML:
    """How many claims the key finds in each paragraph of a section; no labels, so no answers."""
    section = module.article.section(section_id)
    counts = {b.number: 0 for b in section.paragraphs}
    for claim in module.claims_in(section_id):
        counts[claim.paragraph] += 1
    title = section.title or "Opening"
    return _render(
        "claim_counts.html.j2",
        counts=counts,
        caption=f"Claims in the key per paragraph: {title} ({section.span})",
        total=sum(counts.values()),
    )


def decision_order_html(module: Module) -> HTML:
    """The claim types' test questions in the taxonomy's decision order: the order to ask them."""
    return _render("decision_order.html.j2", taxonomy=module.taxonomy)


def support_html(module: Module) -> HTML:
    """The support levels with their definitions, then the taxonomy's step-by-step procedure
    and settled cases when it has them."""
    return _render("support.html.j2", taxonomy=module.taxonomy)


def feedback_html(feedback: Feedback) -> HTML:
    """A check's feedback as HTML: the score line, then each item's quote and message."""
    return _render("feedback.html.j2", feedback=feedback)


# Feedback (a core dataclass) shows as this HTML in notebooks; the core itself never imports us.
register_html_view(feedback_html)


def assessment_html(assessment: Assessment) -> HTML:
    """A memo's completeness feedback as HTML (its own escaped `_repr_html_`)."""
    return HTML(assessment._repr_html_())


def meta_html(module: Module) -> HTML:
    """Who wrote the article, where and when, and how sure the course is of each."""
    meta = module.article.meta
    return _render(
        "meta.html.j2",
        meta=meta,
        published=published_text(meta.published),
        day_known=meta.published.count("-") == 2,
        article=module.article,
    )


def _asset(name: str) -> Markup:
    """A file from claimlab/pages/static, inlined so the page makes no request of its own."""
    text = resources.files("claimlab.pages").joinpath("static", name).read_text(encoding="utf-8")
    if "</" in text:  # would end the <style> or <script> element early
        raise ValueError(f"static/{name} must not contain '</'")
    return Markup(text)


def _script_json(data: object) -> Markup:
    """JSON that is safe inside <script>: no '<', '>' or '&' can close the element or open a tag."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return Markup(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))


def exercise_uid(module: Module, exercise_id: str) -> str:
    """A stable element id from content, never random, so re-renders give identical HTML."""
    digest = hashlib.sha256(f"{module.id}/{exercise_id}".encode()).hexdigest()[:10]
    return f"cl-{digest}"


#: A message's parts, in the order a payload lists them: a page holds hundreds of messages.
MESSAGE_PARTS = ("status", "first", "full")

#: Where a choice's name stands in a message that several choices share ("you chose {given}").
GIVEN = "{given}"


def share_messages(
    per_choice: dict[str, dict[str, str]], names: dict[str, str]
) -> dict[str, object]:
    """Each choice's messages, with the messages that differ only in the choice's name kept once.

    A wrong choice's message names the choice and otherwise often reads the same for every wrong
    choice ("Not quite: you chose {given}; the key says Step 6. ..."), so a menu of many steps
    needs one message for its wrong choices, not one each.

    Returns `{"messages": [...], "fill": [...], "other": i, "pick": {choice: j}}`: a choice
    listed in `pick` uses message j, every other choice message i. In the messages listed in
    `fill`, GIVEN stands for the choice's name (a message that held GIVEN as written is never
    one of them). Each message is a list in MESSAGE_PARTS order. `choice_feedback` (and
    static/exercise.js) read this back to exactly the messages given: putting the name back where
    it was replaced is exact, since GIVEN's one "{" can open no other match.
    """

    def template(choice: str) -> dict[str, str]:
        message, name = per_choice[choice], names.get(choice, choice)
        if not name or any(GIVEN in text for text in message.values()):
            return message
        return {k: v if k == "status" else v.replace(name, GIVEN) for k, v in message.items()}

    def key(message: dict[str, str]) -> str:
        return json.dumps(message, sort_keys=True)

    shared = Counter(key(template(choice)) for choice in per_choice)
    messages: list[list[str]] = []
    filled: list[int] = []
    seen: dict[str, int] = {}
    chosen: dict[str, int] = {}
    for choice, message in per_choice.items():
        # A message no other choice shares stays as it is: its explanation may use the
        # choice's name ("so the sentence is evaluative"), and the page packs whole sentences.
        candidate = template(choice)
        stored = candidate if shared[key(candidate)] > 1 else message
        to_fill = stored is candidate and candidate != message
        stored_key = f"{to_fill}:{key(stored)}"  # a template never merges with a literal text
        if stored_key not in seen:
            seen[stored_key] = len(messages)
            if to_fill:
                filled.append(len(messages))
            messages.append([stored[part] for part in MESSAGE_PARTS])
        chosen[choice] = seen[stored_key]
    counts = Counter(chosen.values())
    other = max(sorted(counts), key=lambda i: counts[i]) if counts else 0
    return {
        "messages": messages,
        "fill": filled,
        "other": other,
        "pick": {choice: i for choice, i in chosen.items() if i != other},
    }


def choice_feedback(
    payload: dict[str, object], item: dict[str, object], given: str | None
) -> dict[str, str]:
    """The messages a self-check page shows for `given` on `item` (what exercise.js does)."""
    if given is None:
        return item.get("unanswered", payload["unanswered"])  # type: ignore[return-value]
    table: dict = item["feedback"]  # type: ignore[assignment]
    index = table["pick"].get(given, table["other"])
    message = dict(zip(MESSAGE_PARTS, table["messages"][index], strict=True))
    if index not in table["fill"]:  # written out in full, "{given}" and all
        return message
    names = payload["names"][table["names"]] if "names" in table else {}  # type: ignore[index]
    name = names.get(given, given)
    return {k: v if k == "status" else v.replace(GIVEN, name) for k, v in message.items()}


def _shared_names(name_maps: list[dict[str, str]]) -> tuple[list[dict[str, str]], list[int]]:
    """Merge the items' choice names into as few maps as agree with each other, and say which
    map each item uses: the argument map's target menus all share one map of step names."""
    merged: list[dict[str, str]] = []
    which = []
    for names in name_maps:
        for i, existing in enumerate(merged):
            if all(existing.get(k, v) == v for k, v in names.items()):
                existing.update(names)
                which.append(i)
                break
        else:
            which.append(len(merged))
            merged.append(dict(names))
    return merged, which


def shared_menu(module: Module, exercise_id: str) -> dict[str, object]:
    """The argument map's target menus as one list, and what each item's menu leaves out.

    Every step's menu offers all the other steps with a line of their text: written into the page
    for each select, the same list would be most of the page's weight (about 20 KB for this
    course's map). The page's script builds each select
    from `menu` without its `omit` entries, which gives back exactly the item's choices, in order.
    """
    lists = {
        item.id: list(item.choices)
        for item in module.iter_exercise_claims(exercise_id)
        if isinstance(item, ArgumentItem) and item.aspect == "target"
    }
    menu: list[tuple[str, str]] = []
    for choices in lists.values():
        for n, choice in enumerate(choices):
            if choice not in menu:  # right after the choice it follows in this item's menu
                menu.insert(menu.index(choices[n - 1]) + 1 if n else 0, choice)
    omit = {
        item: [c for c, _ in menu if c not in {offered for offered, _ in choices}]
        for item, choices in lists.items()
    }
    for item, choices in lists.items():
        if [c for c in menu if c[0] not in omit[item]] != choices:
            raise ValueError(f"{item}: its menu does not follow the shared order of steps")
    return {"menu": [list(choice) for choice in menu], "menuOmit": omit}


def exercise_payload(
    module: Module, exercise_id: str, edition: Edition | None = None
) -> dict[str, object]:
    """Everything the page needs, precomputed by the pure checker for every choice.

    Self-check: for each item and each choice, the first-check message (right or not, and a
    hint) and the full one (with the key's explanation), stored once per distinct message (see
    `share_messages`); the page only picks one. Graded: the item ids and nothing about the key,
    since anything in the page is readable by the student.
    """
    edition = edition or current_edition()
    exercise = module.exercise(exercise_id)
    graded = not shows_key(edition)
    payload: dict[str, object] = {
        "module": module.id,
        "exercise": exercise.id,
        "kind": exercise.kind,
        "edition": submission_edition(edition),
        # A graded page never reads a self-check state (with its checks) from the same browser.
        "storageKey": f"claimlab:{module.id}:{exercise.id}" + (":graded" if graded else ""),
    }
    if exercise.kind == "factcheck":
        # Not the key: which verdict needs no corrected sentence (see check.missing_notes).
        payload["noCorrection"] = ACCURATE
        payload["searchOnly"] = UNVERIFIABLE  # asks what the student searched instead
    if exercise.kind == "argument":
        # Not the key: the steps' names and the roles' names, to draw the student's own map.
        payload["steps"] = [
            {"id": item.step, "name": item.label, "text": item.quote}
            for item in module.iter_exercise_claims(exercise_id)
            if isinstance(item, ArgumentItem) and item.aspect == "role"
        ]
        payload["roles"] = dict(ARGUMENT_ROLES)
        payload.update(shared_menu(module, exercise_id))
    if graded:
        payload["items"] = [{"id": c.id} for c in module.iter_exercise_claims(exercise_id)]
        return payload
    labels = tuple(option for option, _ in module.exercise_options(exercise_id))
    hints = exercise_hints(module, exercise_id)
    verdict_names = {v.id: v.name for v in module.taxonomy.verdicts}
    items = []
    name_maps = []
    for claim in module.iter_exercise_claims(exercise_id):

        def messages(answer: str | None, claim: Gradable = claim) -> dict[str, str]:
            item = check_answers([claim], {claim.id: answer}, labels).items[0]
            return {
                "status": item.status.value,
                "first": first_look(item, hints),
                "full": item.message,
            }

        # Each argument-map item offers its own choices; the others offer the exercise's.
        choices = (
            [option for option, _ in claim.choices] if isinstance(claim, ArgumentItem) else labels
        )
        names = {c: answer_name(claim, c) or c for c in choices}
        entry: dict[str, object] = {
            "id": claim.id,
            "feedback": share_messages({c: messages(c) for c in choices}, names),
            "unanswered": messages(None),
        }
        name_maps.append({c: n for c, n in names.items() if n != c})
        if isinstance(claim, FactCheck):
            entry["course"] = {
                "verdict": verdict_names.get(claim.verdict, claim.verdict),
                "finding": claim.finding,
                "sources": source_links(module, claim.sources),
            }
        items.append(entry)
    # A choice whose name is its own id (a claim type, a verdict) needs no name map.
    named = [i for i, names in enumerate(name_maps) if names]
    if named:
        merged, which = _shared_names([name_maps[i] for i in named])
        payload["names"] = merged
        for i, index in zip(named, which, strict=True):
            items[i]["feedback"]["names"] = index  # type: ignore[index]
    # The unanswered message is the same for every item of a kind: kept once, beside the items.
    if items:
        payload["unanswered"] = items[0]["unanswered"]
        for entry in items:
            if entry["unanswered"] == payload["unanswered"]:
                del entry["unanswered"]
    payload["items"] = items
    payload["explainAtCheck"] = EXPLAIN_AT_CHECK
    return payload


_BIB_ENTRY = re.compile(r"@\w+\{([^,\s]+),(.*?)\n\}", re.DOTALL)
_BIB_FIELD = re.compile(r"^\s*(title|year|url)\s*=\s*\{+(.*?)\}+,?\s*$", re.MULTILINE)


@functools.lru_cache(maxsize=4)
def _bibliography(path: Path) -> dict[str, dict[str, str]]:
    """Title, year and address of each entry of a BibTeX file, enough to name a source."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError:
        return {}
    return {
        key: {name: " ".join(value.split()) for name, value in _BIB_FIELD.findall(body)}
        for key, body in _BIB_ENTRY.findall(text)
    }


def source_names(module: Module, keys: Iterable[str]) -> list[str]:
    """Each source as a student can find it: "Title (year), address", or its key if unknown."""
    return [
        f"{link['text']}, {link['url']}" if link["url"] else link["text"]
        for link in source_links(module, keys)
    ]


def source_links(module: Module, keys: Iterable[str]) -> list[dict[str, str]]:
    """Each source as a link a student can follow: its text "Title (year)" (the key if the
    bibliography lacks it) and its address ("" if none), so a page shows a title, not a raw
    address that wraps mid-word."""
    meta = module.path / "module.yaml"
    relative = None
    if meta.exists():
        match = re.search(r"^bibliography:\s*(\S+)", meta.read_text(encoding="utf-8"), re.M)
        relative = match.group(1) if match else None
    entries = _bibliography((module.path / relative).resolve()) if relative else {}
    links = []
    for key in keys:
        entry = entries.get(key)
        if not entry or "title" not in entry:
            links.append({"text": key, "url": ""})
            continue
        year = f" ({entry['year']})" if entry.get("year") else ""
        links.append({"text": f"{entry['title']}{year}", "url": entry.get("url", "")})
    return links


def _script(name: str) -> Markup:
    """A form's script with the shared helpers (static/common.js) inlined before it."""
    return Markup(_asset("common.js") + "\n" + _asset(name))


def exercise_html(module: Module, exercise_id: str, edition: Edition | None = None) -> HTML:
    """The exercise as one self-contained block of HTML, CSS and JS that works with no kernel."""
    edition = edition or current_edition()
    exercise = module.exercise(exercise_id)
    items = list(module.iter_exercise_claims(exercise_id))
    return _render(
        "exercise.html.j2",
        # The argument map lists each step once, with its role and its target side by side.
        steps=list(zip(items[0::2], items[1::2], strict=True))
        if exercise.kind == "argument"
        else [],
        uid=exercise_uid(module, exercise_id),
        module_id=module.id,
        exercise=exercise,
        edition=submission_edition(edition),
        graded=not shows_key(edition),
        items=items,
        options=module.exercise_options(exercise_id),
        # Every role the map offers, defined where the student chooses (not the key).
        roles=[(name, ARGUMENT_ROLE_DEFINITIONS[rid]) for rid, name in ARGUMENT_ROLES]
        if exercise.kind == "argument"
        else [],
        payload=_script_json(exercise_payload(module, exercise_id, edition)),
        css=_asset("exercise.css"),
        js=_script("exercise.js"),
    )


def argument_map_html(module: Module, reveal: str | None = None) -> HTML:
    """The argument map as nested lists: readable by screen readers, drawn with CSS only.

    With `reveal` (a button text such as "Show the course's map"), the map is folded in a
    <details> element, so a student who is building their own map opens it when ready.
    """
    if module.argument is None:
        raise ValueError("this module has no argument.yaml")
    html = _render(
        "argument.html.j2", root=module.argument, claims={c.id: c for c in module.claims}
    )
    if reveal is None:
        return html
    return HTML(
        str(Markup('<details class="cl-arg-reveal"><summary>{}</summary>{}</details>').format(
            reveal, Markup(html)
        ))
    )


def _memo_rubric(module: Module) -> Rubric:
    if module.rubric is None:
        raise ValueError("this module has no rubric.yaml")
    return module.rubric


def _memo_payload(module: Module, edition: Edition) -> dict[str, object]:
    rubric = _memo_rubric(module)
    numbers = [b.number for b in module.article.paragraphs]
    return {
        "module": module.id,
        "edition": submission_edition(edition),
        "storageKey": f"claimlab:{module.id}:memo",
        "peerStorageKey": f"claimlab:{module.id}:peer",
        "parts": [
            {
                "id": p.id,
                "title": p.title,
                "min": p.min_words,
                "max": p.max_words,
                "counterargument": p.counterargument,
            }
            for p in rubric.parts
        ],
        "total": list(rubric.total_words),
        "minCitations": rubric.min_citations,
        "paragraphs": [min(numbers), max(numbers)],
        "stances": [list(s) for s in rubric.stances],
        "recommendations": [
            {"id": r.id, "text": r.text, "where": r.where} for r in module.recommendations
        ],
        "reference": article_reference(module),
        "criteria": [
            {"id": c.id, "name": c.name, "levels": list(c.levels)} for c in rubric.peer_criteria
        ],
    }


def _rubric_form(module: Module, template: str, name: str, **context: object) -> HTML:
    """A kernel-free form built from the module's rubric, with memo.js and the shared CSS."""
    edition = current_edition()
    return _render(
        template,
        uid=f"cl-{hashlib.sha256(f'{module.id}/{name}'.encode()).hexdigest()[:10]}",
        module_id=module.id,
        graded=not shows_key(edition),
        payload=_script_json(_memo_payload(module, edition)),
        css=_asset("exercise.css"),
        js=_script("memo.js"),
        **context,
    )


def memo_html(module: Module) -> HTML:
    """The memo builder as self-contained HTML, CSS and JS: drafts persist in the browser."""
    rubric = _memo_rubric(module)
    return _rubric_form(
        module,
        "memo.html.j2",
        "memo",
        parts=rubric.parts,
        recommendations=module.recommendations,
        stances=rubric.stances,
        notice=rubric.notice,
    )


def peer_review_html(module: Module) -> HTML:
    """The peer-review form: rubric levels per criterion, comments, a Markdown feedback sheet."""
    return _rubric_form(module, "peer.html.j2", "peer", criteria=_memo_rubric(module).peer_criteria)


def recommendations_html(module: Module, edition: Edition | None = None) -> HTML:
    """The author's recommendations, each with its ¶; in an edition that shows the key, also the
    quotes that anchor it, by claim id.

    The anchors are key content: a quote listed under "he recommends" tells a student that the
    claim it matches in an exercise is read as advice, so an edition that hides the key shows the
    steps and their paragraphs only, and says when the quotes come.
    """
    anchors = shows_key(edition or current_edition())
    return _render(
        "recommendations.html.j2",
        recommendations=module.recommendations,
        claims={c.id: c for c in module.claims} if anchors else {},
        anchors=anchors,
        key_class=KEY_CLASS,
        later_class=LATER_CLASS,
        later=later_notice(
            "the author's own words under each step", "the claim-type exercises are graded"
        ),
    )


def key_html(module: Module, edition: Edition | None = None) -> HTML:
    """The full key for the instructor: every exercise's items with key, alternatives, support
    and explanation, and every fact-check verdict with the precise statement and its reason.

    Refuses in the graded edition, whose output must hold no key.
    """
    if not shows_key(edition or current_edition()):
        raise ValueError("the graded edition holds no key; build the instructor edition")
    return _render(
        "key.html.j2",
        exercises=[(e, list(module.iter_exercise_claims(e.id))) for e in module.exercises],
        types={t.id: t.name for t in module.taxonomy.types},
        support={s.id: s.name for s in module.taxonomy.support},
        verdicts={v.id: v.name for v in module.taxonomy.verdicts},
    )
