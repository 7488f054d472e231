"""How long `claimlab report` takes on a class or cohort of hand-ins, against plain json.load.

    .venv/bin/python benchmarks/report_bench.py               # 1,000 and 10,000 hand-ins
    .venv/bin/python benchmarks/report_bench.py 100000        # any sizes you like

For each size it writes that many realistic hand-ins (a mix of exercises, a few students handing
in twice, a memo for every tenth student) into a temporary folder, then prints the time to
`json.load` every file, the time of the whole report (reading safely, validating, grading,
the text), and their ratio. The goal is a ratio of at most 10, and time that grows linearly.
Figures, not a pass or fail: machines are noisy, so nothing here is a timed test.
"""

from __future__ import annotations

import json
import random
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

from claimlab import load_module
from claimlab.classroom.report import class_results, report
from claimlab.grading.drafting import draft_submission
from claimlab.keeping.submission import make_submission, save_submission

ROOT = Path(__file__).resolve().parent.parent


def write_class(module, folder: Path, count: int) -> None:
    rng = random.Random(count)
    exercises = list(module.exercises)
    start = datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc)
    for number in range(count):
        student = f"student-{number // 2 if number % 20 == 0 else number}"  # some hand in twice
        moment = start + timedelta(seconds=number)
        if number % 10 == 9:
            text = "We should keep pressure while talking (¶5, ¶12). " * 30
            memo = draft_submission(module, {"summary": text, "audience": text}, student)
            save_submission(memo | {"submitted_at": moment.isoformat()}, folder)
            continue
        exercise = exercises[number % len(exercises)]
        options = [o for o, _ in module.exercise_options(exercise.id)]
        answers = {c.id: rng.choice([*options, None])
                   for c in module.iter_exercise_claims(exercise.id)}
        save_submission(
            make_submission(module.id, exercise.id, answers, student, now=moment), folder
        )


def measure(module, count: int) -> tuple[float, float]:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        write_class(module, folder, count)
        files = sorted(folder.glob("*.json"))
        began = time.perf_counter()
        for path in files:
            with open(path, encoding="utf-8") as stream:
                json.load(stream)
        plain = time.perf_counter() - began
        began = time.perf_counter()
        report(module, folder, class_results(module, folder))
        whole = time.perf_counter() - began
    return plain, whole


def main(argv: list[str]) -> None:
    sizes = [int(a) for a in argv] or [1_000, 10_000]
    module = load_module(ROOT / "data")
    measure(module, 50)  # warm the imports and caches once
    print(f"{'hand-ins':>9} {'json.load s':>12} {'report s':>9} {'ratio':>6} {'µs/hand-in':>11}")
    for count in sizes:
        plain, whole = measure(module, count)
        print(f"{count:>9,} {plain:>12.3f} {whole:>9.3f} {whole / plain:>6.1f} "
              f"{whole / count * 1e6:>11.0f}")


if __name__ == "__main__":
    main(sys.argv[1:])
