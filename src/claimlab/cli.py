"""Command line.

claimlab validate [DIR]             check a module directory and say what is wrong
claimlab new ARTICLE DEST [--title T] [--author A] [--outlet O] [--url U] [--date D]
                                    make a course-module repository from an article's text
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

from .errors import ModuleValidationError
from .load import load_module


def validate(directory: str) -> int:
    try:
        module = load_module(directory)
    except ModuleValidationError as err:
        print(err, file=sys.stderr)
        return 1
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
    from .classroom import FolderError, class_results, report
    from .storage import write_atomic

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
            from .gradebook import gradebook_csv

            try:
                text = gradebook_csv(module, graded, lms, exercises)
            except ValueError as err:
                print(f"--exercises: {err}. No gradebook was written.", file=sys.stderr)
                return 2
            write_atomic(csv_file, text)
            print(f"\nGradebook for {lms.capitalize()} written to {csv_file}.")
        if html_file:
            from .class_page import class_page

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
    return [part.strip() for part in text.split(",") if part.strip()]


def new(args: argparse.Namespace) -> int:
    """Make the module; print what was made, the lines to check, and what to do next."""
    from pathlib import Path

    from .newmodule import Metadata, NewModuleError, create_module

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
    paragraphs = sum(b["kind"] == "paragraph" for b in parsed.blocks)
    subheads = sum(b["kind"] == "subhead" for b in parsed.blocks)
    form = "Markdown" if parsed.markdown else "plain text"
    print(f"Made {dest}: {paragraphs} paragraphs, {subheads} subheads, read as {form}.")
    if parsed.notices:
        print(f"Check these lines of {args.article}, then fix data/article.yaml if needed:")
        for notice in parsed.notices:
            print(f"  {notice}")
    print(f"Next: claimlab validate {dest / 'data'}; add claims to {dest / 'data' / 'claims.csv'};"
          f" build with: cd {dest} && python3 tasks.py build")
    return 0


def main(argv: list[str] | None = None) -> int:
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
    args = parser.parse_args(argv)
    if args.command == "validate":
        return validate(args.directory)
    if args.command == "new":
        return new(args)
    if args.command == "report":
        return classroom_report(args.data, args.folder, args.csv, args.lms, args.html,
                                due=args.due, graded_only=args.graded_only,
                                exercises=args.exercises)
    return 2  # pragma: no cover - argparse rejects unknown commands first


if __name__ == "__main__":
    sys.exit(main())
