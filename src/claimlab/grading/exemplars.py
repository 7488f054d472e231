"""Exemplar memos for instructors: load and validate `exemplars.yaml` from a module directory.

An exemplar is a memo draft in exactly the shape students hand in (the keys of
`drafting.blank_answers`), plus the course's marking of it against the rubric's peer-review
criteria. Validation reports every problem at once, each naming the file, the entry and the
field, as `module/load.py` does for the rest of the module, so an author can fix a batch in one
pass.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..module.errors import ModuleValidationError, Problem, suggest
from ..module.loading.common import LINE_KEY, SLUG, _Collector
from ..module.model import Module
from .drafting import blank_answers

FILE = "exemplars.yaml"
_LINE = LINE_KEY
ENTRY_FIELDS = {"id", "title", "student", "summary", "answers", "marking"}
MARK_FIELDS = {"level", "note"}


@dataclass(frozen=True)
class Mark:
    """One criterion's level (1 = lowest) and the reason for it."""

    criterion: str
    level: int
    note: str


@dataclass(frozen=True)
class Exemplar:
    """One exemplar from exemplars.yaml: a complete memo draft (`answers`, keyed as students'
    drafts are) and the course's marking of it."""

    id: str
    title: str
    student: str
    summary: str
    answers: dict[str, str]
    marking: tuple[Mark, ...]

    def stance(self, recommendation_id: str) -> str:
        """The exemplar's stance on the recommendation with this id; "" if it has none."""
        return self.answers.get(f"stance-{recommendation_id}", "")


def _read(path: Path, problems: list[Problem]) -> Any:
    if not path.is_file():
        problems.append(Problem(FILE, f"file is missing (looked for {path})"))
        return None
    reader = _Collector()  # the module's own line-recording YAML reader
    data = reader.read_yaml(path)
    problems.extend(reader.problems)
    return data


def _unknown(
    item: Mapping[Any, Any], allowed: set[str], where: str, prefix: str, problems: list[Problem]
) -> None:
    for key in item:
        if key != _LINE and key not in allowed:
            hint = suggest(str(key), sorted(allowed))
            problems.append(Problem(FILE, f"unknown field{hint}", where, f"{prefix}{key}"))


def _text(item: Mapping[Any, Any], key: str, where: str, problems: list[Problem]) -> str:
    value = item.get(key)
    if not isinstance(value, str) or not value.strip():
        problems.append(Problem(FILE, "must be text and not empty", where, key))
        return ""
    return value.strip()


def _answers(value: Any, module: Module, where: str, problems: list[Problem]) -> dict[str, str]:
    expected = blank_answers(module)  # the one definition of a draft's fields
    if not isinstance(value, Mapping):
        problems.append(
            Problem(FILE, "must be a mapping of the memo draft's fields", where, "answers")
        )
        return {}
    _unknown(value, set(expected), where, "answers.", problems)
    stances = dict(module.rubric.stances) if module.rubric else {}
    answers: dict[str, str] = {}
    for key in expected:
        text = value.get(key)
        if not isinstance(text, str) or not text.strip():
            problems.append(
                Problem(
                    FILE,
                    "is missing or empty; an exemplar fills in every field",
                    where,
                    f"answers.{key}",
                )
            )
            continue
        text = text.strip()
        if key.startswith("stance-") and text not in stances:
            problems.append(
                Problem(
                    FILE,
                    f"{text!r} is not a stance{suggest(text, list(stances))}; "
                    f"expected one of: {', '.join(stances)}",
                    where,
                    f"answers.{key}",
                )
            )
        answers[key] = text
    return answers


def _marking(value: Any, module: Module, where: str, problems: list[Problem]) -> tuple[Mark, ...]:
    criteria = module.rubric.peer_criteria if module.rubric else ()
    if not isinstance(value, Mapping):
        problems.append(
            Problem(
                FILE, "must map each peer-review criterion to a level and a note", where, "marking"
            )
        )
        return ()
    _unknown(value, {c.id for c in criteria}, where, "marking.", problems)
    marks = []
    for criterion in criteria:
        field = f"marking.{criterion.id}"
        item = value.get(criterion.id)
        if not isinstance(item, Mapping):
            problems.append(Problem(FILE, "is missing: give a level and a note", where, field))
            continue
        _unknown(item, MARK_FIELDS, where, f"{field}.", problems)
        level, top = item.get("level"), len(criterion.levels)
        if not isinstance(level, int) or isinstance(level, bool) or not 1 <= level <= top:
            problems.append(
                Problem(
                    FILE,
                    f"must be a whole number from 1 to {top}, not {level!r}",
                    where,
                    f"{field}.level",
                )
            )
            level = 0
        note = item.get("note")
        if not isinstance(note, str) or not note.strip():
            problems.append(
                Problem(FILE, "must say why, in a sentence or two", where, f"{field}.note")
            )
            note = ""
        marks.append(Mark(criterion.id, level, note.strip()))
    return tuple(marks)


def load_exemplars(path: str | Path, module: Module) -> tuple[Exemplar, ...]:
    """Read `exemplars.yaml` in the module directory `path`, checked against `module`'s rubric.

    Raises ModuleValidationError listing every problem, each with file, entry and field.
    """
    if module.rubric is None:
        raise ModuleValidationError(
            [Problem(FILE, "the module has no rubric.yaml to mark against")]
        )
    problems: list[Problem] = []
    data = _read(Path(path) / FILE, problems)
    entries = data.get("exemplars") if isinstance(data, Mapping) else None
    if data is not None and not isinstance(entries, list):
        problems.append(Problem(FILE, "must be a mapping with a list under 'exemplars'"))
    exemplars: list[Exemplar] = []
    seen: set[str] = set()
    for index, item in enumerate(entries or [], start=1):
        if not isinstance(item, Mapping):
            problems.append(Problem(FILE, "each exemplar must be a mapping", f"exemplar {index}"))
            continue
        label = item.get("id") if isinstance(item.get("id"), str) else f"exemplar {index}"
        where = f"line {item.get(_LINE, '?')} ({label})"
        _unknown(item, ENTRY_FIELDS, where, "", problems)
        exemplar_id = _text(item, "id", where, problems)
        if exemplar_id and not SLUG.match(exemplar_id):
            problems.append(
                Problem(FILE, "must be lower-case words joined by hyphens", where, "id")
            )
        if exemplar_id and exemplar_id in seen:
            problems.append(Problem(FILE, f"duplicate id '{exemplar_id}'", where, "id"))
        seen.add(exemplar_id)
        exemplars.append(
            Exemplar(
                exemplar_id,
                _text(item, "title", where, problems),
                _text(item, "student", where, problems),
                _text(item, "summary", where, problems),
                _answers(item.get("answers"), module, where, problems),
                _marking(item.get("marking"), module, where, problems),
            )
        )
    if data is not None and isinstance(entries, list) and not entries:
        problems.append(Problem(FILE, "lists no exemplars", None, "exemplars"))
    if problems:
        raise ModuleValidationError(problems)
    return tuple(exemplars)
