"""Command line.

claimlab validate [DIR]             check a module directory and say what is wrong
claimlab new ARTICLE DEST [--title T] [--author A] [--outlet O] [--url U] [--date D]
                                    make a course-module repository from an article's text
claimlab add PART [--module DIR]    add factcheck, glossary, timeline, argument or references:
                                    a data stub, its chapter, the contents line, references
claimlab suggest [DIR] [--all]      suggest claims: each sentence a quote with a proposed type,
                                    in suggestions.csv, never keyed until the author confirms
claimlab report FOLDER [--data DIR] [--due WHEN] [--graded-only] [--csv FILE
                [--lms canvas|moodle] [--exercises ID,...]] [--html FILE]
                                    grade a folder of hand-ins; show what to discuss; write a
                                    gradebook for the LMS and a class page
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from datetime import datetime, time, timezone

from .module.errors import ModuleValidationError
from .module.load import load_module

_PART_CALL = re.compile(r"""part\.(section|claims|exercise)\(\s*["']([^"']+)["']""")
#: A MyST citation role ({cite:p}`a,b`, {cite}`a`, {footcite:t}`a`) and its keys.
_CITE = re.compile(r"\{(?:foot)?cite(?::\w+)?\}`([^`]*)`")
_BIB_KEY = re.compile(r"^@\w+\{\s*([^,\s]+)\s*,", re.M)


def _book_bibliography(root) -> tuple[set[str], str] | None:
    """The keys of the BibTeX files _config.yml gives the book (`bibtex_bibfiles`), the ones
    the build resolves citations against, and the files' names; None when it names none."""
    import yaml

    try:
        config = yaml.safe_load((root / "_config.yml").read_text("utf-8")) or {}
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return None
    files = config.get("bibtex_bibfiles") if isinstance(config, dict) else None
    if not files:
        return None
    keys: set[str] = set()
    for name in files:
        try:
            keys.update(_BIB_KEY.findall((root / str(name)).read_text("utf-8")))
        except (OSError, UnicodeDecodeError):
            continue  # the build names an unreadable file itself
    return keys, ", ".join(str(name) for name in files)


def book_problems(module, root) -> tuple[list[str], list[str]]:
    """What in the book's chapters no longer matches the data (a chapter for a section that a
    repair removed, a contents line without its file), and the sections no chapter shows.

    Checked with the data, so a stale chapter is named here rather than failing its notebook.
    """
    from pathlib import Path

    root = Path(root)
    toc = root / "_toc.yml"
    problems: list[str] = []
    shown: set[str] = set()
    if not toc.is_file():
        return problems, []
    sections = {s.id for s in module.article.sections}
    exercises = {e.id for e in module.exercises}
    # Checked here, because the build reports a missing key only as a warning on the page that
    # cites it, and only when that page is rebuilt.
    bibliography = _book_bibliography(root)
    for name in re.findall(r"^\s*-?\s*(?:file|root):\s*(\S+)\s*$", toc.read_text("utf-8"), re.M):
        chapter = root / f"{name}.md"
        if not chapter.is_file():
            problems.append(f"_toc.yml lists {name}, but {name}.md does not exist: write it, or "
                            "delete the line")
            continue
        for number, line in enumerate(chapter.read_text("utf-8").splitlines(), start=1):
            for keys in _CITE.findall(line):
                for key in filter(None, (k.strip() for k in keys.split(","))):
                    if bibliography is None:
                        problems.append(
                            f"{name}.md, line {number}: cites '{key}', but _config.yml names "
                            "no bibliography: list references.bib under bibtex_bibfiles"
                        )
                    elif key not in bibliography[0]:
                        problems.append(
                            f"{name}.md, line {number}: cites '{key}', which is not an entry "
                            f"in {bibliography[1]}: add the entry, or correct the key"
                        )
            for what, ident in _PART_CALL.findall(line):
                known = exercises if what == "exercise" else sections
                if what == "section":
                    shown.add(ident)
                if ident not in known:
                    noun = "exercise" if what == "exercise" else "section"
                    problems.append(
                        f"{name}.md, line {number}: part.{what}({ident!r}) names no {noun} of "
                        f"the data; if a repair in article.yaml removed it, delete this chapter, "
                        f"its line in _toc.yml and its exercise in exercises.yaml"
                    )
    unshown = [
        f"section '{s.id}' ({s.span}) has no chapter: its paragraphs show only on the "
        "whole-article page. Copy a chapter of book/sections/, change its ids, and list it in "
        "_toc.yml (and add its exercise to exercises.yaml)"
        for s in module.article.sections
        if s.paragraphs and s.id not in shown
    ]
    return problems, unshown


def validate(directory: str) -> int:
    """`claimlab validate`: check the module and the book's chapters beside it; print the
    problems and return 1, or a summary and return 0."""
    from pathlib import Path

    try:
        module = load_module(directory)
    except ModuleValidationError as err:
        print(err, file=sys.stderr)
        return 1
    problems, unshown = book_problems(module, Path(directory).resolve().parent)
    if problems:
        print(f"{len(problems)} problem(s) in the book's chapters:", file=sys.stderr)
        for problem in problems:
            print(f"  - {problem}", file=sys.stderr)
        return 1
    for note in unshown:
        print(f"Note: {note}.")
    types = Counter(claim.type for claim in module.claims)
    print(f"{directory}: valid module '{module.id}'")
    print(
        f"  {len(module.article.paragraphs)} paragraphs in {len(module.article.sections)} "
        f"sections; {len(module.claims)} claims "
        f"({', '.join(f'{types[t]} {t}' for t in module.taxonomy.type_ids)}); "
        f"{len(module.exercises)} exercises"
    )
    return 0


def classroom_report(
    directory: str,
    folder: str,
    csv_file: str | None = None,
    lms: str = "canvas",
    html_file: str | None = None,
    *,
    due: datetime | None = None,
    graded_only: bool = False,
    exercises: list[str] | None = None,
) -> int:
    """Print the report; exit 0 whenever it is made, whatever files were skipped."""
    from .classroom.report import FolderError, class_results, report
    from .keeping.storage import write_atomic

    try:
        module = load_module(directory)
    except ModuleValidationError as err:
        print(err, file=sys.stderr)
        return 1
    try:
        graded = class_results(module, folder, due=due, graded_only=graded_only)
    except FolderError as err:
        print(f"{err}. No report was made.", file=sys.stderr)
        return 1
    print(report(module, folder, graded))
    try:
        if csv_file:
            from .classroom.gradebook import gradebook_csv

            try:
                text = gradebook_csv(module, graded, lms, exercises)
            except ValueError as err:
                print(f"--exercises: {err}. No gradebook was written.", file=sys.stderr)
                return 2
            write_atomic(csv_file, text)
            print(f"\nGradebook for {lms.capitalize()} written to {csv_file}.")
        if html_file:
            from .pages.class_page import class_page

            write_atomic(html_file, class_page(module, graded, folder))
            print(f"\nClass page written to {html_file}.")
    except OSError as err:
        print(f"Could not write ({err.strerror or err}).", file=sys.stderr)
        return 1
    return 0


def due_date(text: str) -> datetime:
    """--due: an ISO 8601 date and time (UTC unless it gives an offset), or a date alone,
    which means the end of that day in UTC."""
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            day = datetime.fromisoformat(text).date()
            return datetime.combine(day, time(23, 59, 59), tzinfo=timezone.utc)
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a date: give YYYY-MM-DD or YYYY-MM-DDTHH:MM (UTC), or add an "
            "offset such as +01:00"
        ) from None
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def exercise_list(text: str) -> list[str]:
    """--exercises: the comma-separated exercise ids, blanks dropped."""
    return [part.strip() for part in text.split(",") if part.strip()]


def new(args: argparse.Namespace) -> int:
    """Make the module; print what was made, the lines to check, and what to do next."""
    from pathlib import Path

    from .authoring.newmodule import Metadata, NewModuleError, create_module

    if args.date and not re.match(r"^\d{4}(-\d{2}){0,2}$", args.date):
        print("--date must be YYYY, YYYY-MM or YYYY-MM-DD (the precision known).", file=sys.stderr)
        return 2
    meta = Metadata(args.title or "", args.author or "", args.outlet or "", args.url or "",
                    args.date or "")
    markdown = {"auto": None, "markdown": True, "text": False}[args.format]
    dest = Path(args.dest)
    try:
        parsed = create_module(Path(args.article), dest, meta, markdown, args.engine)
    except NewModuleError as err:
        print(err, file=sys.stderr)
        return 1
    kinds = Counter(b["kind"] for b in parsed.blocks)
    form = "Markdown" if parsed.markdown else "plain text"
    print(f"Made {dest}: {kinds['paragraph']} paragraphs, {kinds['subhead']} subheads, read as "
          f"{form}.")
    furniture = [f"{count} {kind}" for kind, count in kinds.items()
                 if kind not in ("paragraph", "subhead")]
    if furniture:
        print(f"Kept apart from the body: {', '.join(furniture)}.")
    if parsed.headline:
        print(f"Headline, as written: {parsed.headline}")
    if parsed.notices:
        print(f"Check these lines of {args.article}, then fix data/article.yaml if needed:")
        for notice in parsed.notices:
            print(f"  {notice}")
    print(
        f"Next: cd {dest}, then `python3 tasks.py validate` (it sets up the module's own "
        "environment on first use and checks data/). Repair the split first: change a block's "
        "kind in data/article.yaml (`dropped` keeps it out of the book), and the book's "
        "paragraph numbers follow, but the ids and paragraph numbers you type in claims.csv "
        "do not. Then add claims to data/claims.csv, and `python3 tasks.py build`."
    )
    return 0


def add(args: argparse.Namespace) -> int:
    """Add an optional part: its data stub, chapter, contents line and the references page."""
    from pathlib import Path

    from .authoring.newmodule import NewModuleError, add_part

    try:
        done = add_part(Path(args.module), args.part)
    except NewModuleError as err:
        print(err, file=sys.stderr)
        return 1
    for line in done or ["nothing to do: the part is there already"]:
        print(line)
    print("Fill in the data file (docs/authoring.md has a worked example), then build.")
    return 0


def suggest_claims(args: argparse.Namespace) -> int:
    """Write suggestions.csv: sentences as quotes, a proposed type each, never keyed."""
    import csv
    import io
    from pathlib import Path

    from .authoring.suggest import UNCONFIRMED, suggest
    from .keeping.storage import write_atomic
    from .module.loading.common import CLAIM_COLUMNS

    try:
        module = load_module(args.directory)
    except ModuleValidationError as err:
        print(err, file=sys.stderr)
        return 1
    out = Path(args.out) if args.out else Path(args.directory) / "suggestions.csv"
    if out.exists() and not args.replace:
        print(f"{out} exists; nothing was written. Move your rows out of it, or add --replace.",
              file=sys.stderr)
        return 1
    found = suggest(module, only_uncovered=not args.all)
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(CLAIM_COLUMNS), lineterminator="\n")
    buffer.write(
        "# Suggestions from `claimlab suggest`: NOT part of the key. Copy a row into claims.csv\n"
        "# only after checking its quote and type; then fill in support and replace the\n"
        f"# explanation (validation refuses a row whose explanation still says {UNCONFIRMED}).\n"
    )
    writer.writeheader()
    for item in found:
        row = dict.fromkeys(CLAIM_COLUMNS, "")
        row.update(
            id=item.id, paragraph=str(item.paragraph), quote=item.quote, type=item.type,
            explanation=f"{UNCONFIRMED} suggestion (type from {item.cue}): check the quote "
            "and the type, then explain them in your own words.",
        )
        writer.writerow(row)
    write_atomic(out, buffer.getvalue())
    paragraphs = len({item.paragraph for item in found})
    print(f"Wrote {len(found)} suggestions for {paragraphs} paragraphs to {out}.")
    return 0


def main(argv: list[str] | None = None) -> int:
    """Run the `claimlab` command in `argv` (default: sys.argv) and return its exit status."""
    parser = argparse.ArgumentParser(prog="claimlab", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("validate", help="validate a module directory")
    check.add_argument(
        "directory", nargs="?", default="data", help="the module directory (default: data)"
    )
    report = commands.add_parser("report", help="grade a folder of student submissions")
    report.add_argument("folder", help="the folder holding the submitted .json files")
    report.add_argument("--data", default="data", help="the module directory (default: data)")
    report.add_argument("--csv", metavar="FILE", help="also write a gradebook CSV for your LMS")
    report.add_argument(
        "--lms",
        choices=["canvas", "moodle"],
        default="canvas",
        help="the gradebook's shape (default: canvas)",
    )
    report.add_argument(
        "--html", metavar="FILE", help="also write a self-contained class page with figures"
    )
    report.add_argument(
        "--due", type=due_date, metavar="WHEN",
        help="the due date: YYYY-MM-DD (end of that day, UTC) or YYYY-MM-DDTHH:MM[+HH:MM]; "
        "later hand-ins are marked late",
    )
    report.add_argument(
        "--graded-only", action="store_true",
        help="refuse self-check hand-ins (made with the key on screen) in a graded class",
    )
    report.add_argument(
        "--exercises", type=exercise_list, metavar="ID,...",
        help="the gradebook's columns (exercise ids, and memo); default: those handed in",
    )
    make = commands.add_parser("new", help="make a course module from an article's text")
    make.add_argument(
        "article", help="the article: plain text (blocks between blank lines) or Markdown"
    )
    make.add_argument("dest", help="the new module's folder (must not exist, or be empty)")
    make.add_argument("--title", help="the module's title (default: the Markdown headline)")
    make.add_argument("--author", help="the article's author")
    make.add_argument("--outlet", help="where it was published")
    make.add_argument("--url", help="its web address")
    make.add_argument("--date", help="its date: YYYY, YYYY-MM or YYYY-MM-DD")
    make.add_argument(
        "--format", choices=["auto", "markdown", "text"], default="auto",
        help="how to read ARTICLE (default: by its name and content)",
    )
    make.add_argument("--engine", help="the requirements.txt line that installs claimlab")
    extra = commands.add_parser(
        "add", help="add a fact-check, glossary, timeline, argument map or references page"
    )
    extra.add_argument("part", choices=["factcheck", "glossary", "timeline", "argument",
                                        "references"])
    extra.add_argument("--module", default=".", help="the module's folder (default: here)")
    hint = commands.add_parser(
        "suggest", help="suggest claims (quotes and types) for the author to confirm"
    )
    hint.add_argument("directory", nargs="?", default="data", help="the module directory")
    hint.add_argument("--all", action="store_true", help="also paragraphs the key covers")
    hint.add_argument("--out", help="where to write (default: DIRECTORY/suggestions.csv)")
    hint.add_argument("--replace", action="store_true", help="replace an existing file")
    args = parser.parse_args(argv)
    if args.command == "validate":
        return validate(args.directory)
    if args.command == "new":
        return new(args)
    if args.command == "add":
        return add(args)
    if args.command == "suggest":
        return suggest_claims(args)
    if args.command == "report":
        return classroom_report(args.data, args.folder, args.csv, args.lms, args.html,
                                due=args.due, graded_only=args.graded_only,
                                exercises=args.exercises)
    return 2  # pragma: no cover - argparse rejects unknown commands first


if __name__ == "__main__":
    sys.exit(main())
