"""Command line.

claimlab validate [DIR]             check a module directory and say what is wrong
claimlab report FOLDER [--data DIR]  grade a folder of submissions; show what to discuss
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter

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


def classroom_report(directory: str, folder: str) -> int:
    """Print the report; exit 0 whenever it is made, whatever files were skipped."""
    from .classroom import FolderError, class_results, report

    try:
        module = load_module(directory)
    except ModuleValidationError as err:
        print(err, file=sys.stderr)
        return 1
    try:
        graded = class_results(module, folder)
    except FolderError as err:
        print(f"{err}. No report was made.", file=sys.stderr)
        return 1
    print(report(module, folder, graded))
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
    args = parser.parse_args(argv)
    if args.command == "validate":
        return validate(args.directory)
    if args.command == "report":
        return classroom_report(args.data, args.folder)
    return 2  # pragma: no cover - argparse rejects unknown commands first


if __name__ == "__main__":
    sys.exit(main())
