"""Shared by every file's loader: the line-recording YAML reader, the problem collector,
the CSV reader and the source-key check.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path
from typing import Any

import yaml

from ..errors import Problem, suggest

CLAIM_COLUMNS = ("id", "paragraph", "quote", "type", "alternatives", "support", "explanation")
#: Optional in claims.csv: why the support level, apart from `explanation` (why the type).
CLAIM_OPTIONAL_COLUMNS = ("support_explanation",)
CLAIM_ID = re.compile(r"^[0-9]+[a-z]$")
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
LINE_KEY = "__line__"


class _LineLoader(yaml.SafeLoader):
    """A safe YAML loader that records each mapping's line, so errors can point into the file."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        mapping = super().construct_mapping(node, deep=deep)
        mapping[LINE_KEY] = node.start_mark.line + 1
        return mapping


class _Collector:
    """Gathers problems while loading so validation reports all of them at once."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []
        # where a record sits in its file, for problems found later in a cross-check
        self.locations: dict[tuple[str, str], str] = {}

    def add(self, file: str, message: str, where: str | None = None, field: str | None = None):
        self.problems.append(Problem(file, message, where, field))

    def read_yaml(self, path: Path) -> Any:
        name = path.name
        if not path.is_file():
            self.add(name, "file is missing")
            return None
        try:
            return yaml.load(path.read_text(encoding="utf-8"), Loader=_LineLoader)
        except yaml.MarkedYAMLError as err:
            mark = err.problem_mark or err.context_mark
            where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else None
            self.add(name, f"malformed YAML: {err.problem or err}", where)
        except (yaml.YAMLError, UnicodeDecodeError) as err:
            self.add(name, f"cannot be read: {err}")
        return None

    def text(
        self, file: str, where: str, item: dict[str, Any], key: str, required: bool = True
    ) -> str:
        value = item.get(key)
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                self.add(file, "is missing or empty", where, key)
            return ""
        if not isinstance(value, str):
            self.add(file, f"must be text, not {type(value).__name__}", where, key)
            return str(value)
        return value.strip()

    def unknown_fields(self, file: str, where: str, item: dict[str, Any], allowed: set[str]):
        for key in item:
            if key != LINE_KEY and key not in allowed:
                hint = suggest(str(key), sorted(allowed))
                self.add(file, f"unknown field{hint}", where, str(key))


def _where(item: dict[str, Any], label: str = "") -> str:
    line = f"line {item.get(LINE_KEY, '?')}"
    return f"{line} ({label})" if label else line


def _read_csv(
    c: _Collector, path: Path, columns: tuple[str, ...], optional: tuple[str, ...] = ()
) -> list[tuple[int, dict]]:
    """Rows of a CSV file with their line numbers; header problems reported, not raised.

    `optional` columns may be left out of the header; rows then read them as empty.
    """
    file = path.name
    rows: list[tuple[int, dict]] = []
    try:
        # utf-8-sig: Excel's "CSV UTF-8" starts with a byte-order mark, which must not become
        # part of the first column's name.
        with path.open(encoding="utf-8-sig", newline="") as handle:
            # Lines starting with '#' before the header are notes for the author (how to fill
            # the file in); the row numbers reported still count them.
            lines = handle.readlines()
            skipped = 0
            while skipped < len(lines) and _first_cell(lines[skipped]).startswith("#"):
                skipped += 1
            # Excel in a comma-decimal locale separates columns with ';': read it as it is.
            first = lines[skipped] if skipped < len(lines) else ""
            delimiter = ";" if first.count(";") > first.count(",") else ","
            reader = csv.DictReader(
                io.StringIO("".join(lines[skipped:]), newline=""), delimiter=delimiter
            )
            header = reader.fieldnames or []
            at_header = f"line {skipped + 1} (header)"
            missing = [col for col in columns if col not in header]
            for col in missing:
                c.add(file, "missing column", at_header, col)
            known = (*columns, *optional)
            for col in header:
                if col not in known:
                    c.add(file, f"unknown column{suggest(col, known)}", at_header, col)
            if missing:
                return []
            for row in reader:
                if None in row:
                    c.add(
                        file,
                        "has more cells than the header has columns",
                        f"line {reader.line_num + skipped}",
                    )
                    continue
                values = {k: (v or "").strip() for k, v in row.items()}
                if not any(values.values()):
                    continue  # a spreadsheet's empty row (",,,,,,"): nothing to read
                rows.append((reader.line_num + skipped, {**{k: "" for k in optional}, **values}))
    except UnicodeDecodeError as err:
        line = err.object[: err.start].count(b"\n") + 1
        c.add(
            file,
            f"is not UTF-8 text (byte {err.object[err.start]:#x} cannot be read): it was "
            "probably saved by a spreadsheet in another encoding. Save it again as "
            "'CSV UTF-8 (comma delimited)' (Excel) or 'Text CSV' with UTF-8 (LibreOffice)",
            f"line {line}",
        )
    except csv.Error as err:
        c.add(file, f"cannot be read as CSV: {err}")
    return rows


def _first_cell(line: str) -> str:
    """A line's first CSV cell: a spreadsheet saves a note line '# ... "quoted" ...' with its
    first cell in quotes, and it is still a note."""
    try:
        return next(csv.reader([line]), [""])[0].lstrip() if line.strip() else ""
    except csv.Error:
        return line


def _keys(value: str) -> tuple[str, ...]:
    return tuple(k.strip() for k in value.split(";") if k.strip())


def _check_sources(
    c: _Collector,
    file: str,
    where: str,
    keys: tuple[str, ...],
    bibliography: frozenset[str] | None,
    required: bool = True,
) -> None:
    if required and not keys:
        c.add(file, "needs at least one source (a key in the bibliography)", where, "sources")
    if bibliography is None:
        return
    for key in keys:
        if key not in bibliography:
            c.add(
                file,
                f"no entry '{key}' in the bibliography{suggest(key, sorted(bibliography))}",
                where,
                "sources",
            )


ISO_DATE = re.compile(r"^\d{4}-\d{2}(-\d{2})?$")
