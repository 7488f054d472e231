"""The book's benchmark, in one command:  .venv/bin/python benchmarks/run.py

Prints, on this machine:
  1. a clean build of the book (seconds);
  2. an incremental build after a one-line edit of data/claims.csv (seconds and ratio to the
     clean build), and which page shows the edited sentence; the edit is made in a copy of the
     sources and reverted afterwards;
  3. the HTML bytes of every content page, and the largest;
  4. the first-visit transfer of an exercise page: the HTML and every same-origin asset it
     loads, uncompressed from a plain static server, in Chromium with a fresh profile (goal: at
     most 1,000,000 bytes); then Lighthouse (mobile, from npm, on the system Chromium) on a
     section page and the memo page served gzip-compressed as static hosts serve them
     (goals: performance at least 90, largest contentful paint at most 2.5 s);
  5. the run-all time of each exercise notebook (jupyter nbconvert --execute: the JupyterLab
     helper's own harness is not in this branch);
  6. `claimlab report` on 10,000 hand-ins (benchmarks/report_bench.py's own functions);
and the machine (nproc, CPU model, memory). Figures, not pass or fail: the goals are in
benchmarks/README.md.
"""

from __future__ import annotations

import contextlib
import csv
import functools
import http.server
import io
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
sys.path.insert(0, str(ROOT / "benchmarks"))

EXERCISE_PAGE = "book/sections/1-opening.html"
MEMO_PAGE = "book/your-recommendation.html"
LIGHTHOUSE = "lighthouse@12"
# npm installs Lighthouse here once (outside the repository; benchmarks only, never a test).
LIGHTHOUSE_HOME = Path.home() / ".cache" / "claimlab-bench" / "lighthouse"
MARKER = "This sentence was added by the benchmark."


def machine() -> str:
    model = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
        memory = next(
            line.split()[1]
            for line in Path("/proc/meminfo").read_text().splitlines()
            if line.startswith("MemTotal")
        )
        memory = f"{int(memory) / 1024 / 1024:.1f} GiB"
    except (OSError, StopIteration):
        memory = "unknown memory"
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    return (
        f"{os.cpu_count()} cores (nproc), {model}, {memory}, Python "
        f"{platform.python_version()}, load average {load:.1f} at start"
    )


def build(source: Path) -> tuple[float, str]:
    command = [str(BIN / "jupyter-book"), "build", str(source), "-W", "-n", "--keep-going"]
    start = time.perf_counter()
    result = subprocess.run(command, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if result.returncode != 0:
        sys.exit(result.stdout[-3000:] + result.stderr[-3000:])
    return seconds, result.stdout


def edit_claims(path: Path) -> str:
    """Append MARKER to the first claim's explanation (one line); return the old text."""
    original = path.read_text(encoding="utf-8")
    rows = list(csv.DictReader(io.StringIO(original)))
    rows[0]["explanation"] += f" {MARKER}"
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")
    return original


def pages(html: Path) -> dict[str, int]:
    return {
        p.relative_to(html).as_posix(): p.stat().st_size
        for p in sorted(html.rglob("*.html"))
        if not p.relative_to(html).parts[0].startswith("_")
    }


class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


def first_visit(html: Path, page: str) -> tuple[int, int]:
    """Bytes and number of same-origin responses for a first visit, fresh browser profile."""
    from playwright.sync_api import sync_playwright

    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(Quiet, directory=str(html))
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    sizes: list[int] = []
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=shutil.which("chromium") or "/usr/bin/chromium",
                args=["--no-sandbox", "--disable-gpu"],
            )
            context = browser.new_context()  # a fresh profile: empty cache
            tab = context.new_page()

            def count(response) -> None:
                if response.url.startswith(base):
                    # A redirect or an aborted request has no body.
                    with contextlib.suppress(Exception):
                        sizes.append(len(response.body()))

            tab.on("response", count)
            tab.goto(f"{base}/{page}", wait_until="networkidle")
            browser.close()
    finally:
        server.shutdown()
    return sum(sizes), len(sizes)


class Gzipped(Quiet):
    """A static server that compresses text as static hosts do (Content-Encoding: gzip)."""

    TEXT = (".html", ".js", ".css", ".json", ".svg", ".txt", ".map")

    def send_head(self):  # type: ignore[override]
        path = Path(self.translate_path(self.path))
        accepts = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (accepts and path.is_file() and path.suffix in self.TEXT):
            return super().send_head()
        import gzip

        body = gzip.compress(path.read_bytes(), 6)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)


def lighthouse_command() -> list[str] | None:
    """Lighthouse from npm, installed once into LIGHTHOUSE_HOME; None without npm."""
    binary = LIGHTHOUSE_HOME / "node_modules" / ".bin" / "lighthouse"
    if not binary.exists():
        npm = shutil.which("npm")
        if npm is None:
            return None
        LIGHTHOUSE_HOME.mkdir(parents=True, exist_ok=True)
        subprocess.run([npm, "install", "--no-audit", "--no-fund", "--prefix",
                        str(LIGHTHOUSE_HOME), LIGHTHOUSE], check=True, capture_output=True)
    return [str(binary)]


def lighthouse(html: Path, pages: list[str]) -> dict[str, dict[str, float]]:
    """Lighthouse's mobile scores (default throttling) for each page, served compressed."""
    import json

    command = lighthouse_command()
    if command is None:
        return {}
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(Gzipped, directory=str(html))
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    chromium = shutil.which("chromium") or "/usr/bin/chromium"
    results = {}
    try:
        for page in pages:
            with tempfile.TemporaryDirectory() as out:
                report = Path(out) / "report.json"
                subprocess.run(
                    [*command, f"{base}/{page}", "--quiet", "--output=json",
                     f"--output-path={report}",
                     "--chrome-flags=--headless=new --no-sandbox --disable-gpu",
                     "--only-categories=performance,accessibility,best-practices,seo"],
                    check=True, capture_output=True, env={**os.environ, "CHROME_PATH": chromium},
                )
                data = json.loads(report.read_text("utf-8"))
            scores = {k: round(v["score"] * 100) for k, v in data["categories"].items()}
            scores["lcp_s"] = data["audits"]["largest-contentful-paint"]["numericValue"] / 1000
            results[page] = scores
    finally:
        server.shutdown()
    return results


def notebook_times() -> dict[str, float]:
    times = {}
    with tempfile.TemporaryDirectory() as out:
        for notebook in sorted((ROOT / "exercises").glob("*.ipynb")):
            command = [
                str(BIN / "jupyter"),
                "nbconvert",
                "--to",
                "notebook",
                "--execute",
                "--output-dir",
                out,
                str(notebook),
            ]
            start = time.perf_counter()
            subprocess.run(command, capture_output=True, check=True, cwd=notebook.parent)
            times[notebook.name] = time.perf_counter() - start
    return times


def main() -> None:
    print(f"Machine: {machine()}\n", flush=True)
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "book"
        ignore = shutil.ignore_patterns(
            ".venv", "_build", ".git", "__pycache__", ".pytest_cache", "tests", ".jupyter_cache"
        )
        shutil.copytree(ROOT, source, ignore=ignore)
        clean, _ = build(source)
        print(f"1. Clean build: {clean:.1f} s", flush=True)

        claims = source / "data" / "claims.csv"
        original = edit_claims(claims)
        incremental, log = build(source)
        html = source / "_build" / "html"
        showing = [
            name for name in pages(html) if MARKER in (html / name).read_text(encoding="utf-8")
        ]
        log = re.sub(r"\x1b\[[0-9;]*m", "", log)  # jupyter-book colours its output
        reread = next((line for line in log.splitlines() if "updating environment" in line), "")
        executed = re.findall(r"/book/(\S+)\.md: Executed notebook", log)
        print(
            f"2. Incremental build after a one-line data/claims.csv edit: {incremental:.1f} s, "
            f"{incremental / clean:.2f} of the clean build ({reread.split(': ')[-1].strip()}; "
            f"executed: {', '.join(executed) or 'none'}); "
            f"the edit shows on {', '.join(showing) or 'NO PAGE'}",
            flush=True,
        )
        claims.write_text(original, encoding="utf-8")  # reverted

        sizes = pages(html)
        print("3. HTML bytes of every content page:")
        for name, size in sorted(sizes.items(), key=lambda kv: kv[1]):
            print(f"   {size:>8,}  {name}")
        largest = max(sizes, key=sizes.__getitem__)
        print(f"   largest: {largest}, {sizes[largest]:,} bytes (goal: under 100,000)", flush=True)

        total, requests = first_visit(html, EXERCISE_PAGE)
        print(
            f"4. First visit to {EXERCISE_PAGE}: {total:,} bytes in {requests} same-origin "
            "responses (fresh profile, uncompressed; goal: at most 1,000,000)",
            flush=True,
        )
        scores = lighthouse(html, [EXERCISE_PAGE, MEMO_PAGE])
        if not scores:
            print("   Lighthouse: npm not found, not measured")
        for page, score in scores.items():
            print(
                f"   Lighthouse (mobile, gzip) {page}: performance {score['performance']}, "
                f"LCP {score['lcp_s']:.1f} s, accessibility {score['accessibility']}, "
                f"best practices {score['best-practices']}, SEO {score['seo']} "
                "(goals: performance >= 90, LCP <= 2.5 s)",
                flush=True,
            )

    print("5. Run-all time per exercise notebook (jupyter nbconvert --execute):")
    for name, seconds in notebook_times().items():
        print(f"   {seconds:6.1f} s  {name}", flush=True)

    import report_bench

    from claimlab import load_module

    module = load_module(ROOT / "data")
    plain, whole = report_bench.measure(module, 10_000)
    print(
        f"6. claimlab report on 10,000 hand-ins: {whole:.2f} s (json.load alone {plain:.2f} s, "
        f"ratio {whole / plain:.1f}; goal at most 10)"
    )


if __name__ == "__main__":
    main()
