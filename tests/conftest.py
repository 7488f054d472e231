"""Shared fixtures: the real module, the engine's tiny test module, and editable copies of both."""

from __future__ import annotations

import functools
import http.server
import os
import re
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from claimlab import Module, load_module

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
MINI = Path(__file__).resolve().parent / "fixtures" / "mini"


@pytest.fixture(scope="session")
def module() -> Module:
    return load_module(DATA)


@pytest.fixture(scope="session")
def mini() -> Module:
    return load_module(MINI)


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A throwaway copy of data/ that a test may break."""
    target = tmp_path / "data"
    shutil.copytree(DATA, target)
    shutil.copy(ROOT / "references.bib", tmp_path / "references.bib")  # module.yaml points here
    return target


def tool(name: str) -> str | None:
    """A console script from this interpreter's environment, else from PATH."""
    beside = Path(sys.executable).parent / name
    return str(beside) if beside.exists() else shutil.which(name)


@pytest.fixture(scope="session")
def built_book(tmp_path_factory) -> Path:
    """The book built once per test run, exactly as the README's build command builds it."""
    out = tmp_path_factory.mktemp("book")
    build_book(ROOT, "--path-output", str(out))
    return out / "_build" / "html"


def build_book(source: Path, *options: str) -> str:
    """`jupyter-book build` with the README's flags (warnings are errors); its log if it passes."""
    command = [tool("jupyter-book") or "jupyter-book", "build", str(source), *options]
    command += ["-W", "-n", "--keep-going"]
    result = subprocess.run(command, capture_output=True, text=True, timeout=1200)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-4000:]
    return result.stdout


# --- browser tests: Debian Chromium through Playwright, offline, on localhost ---------------


def chromium_path() -> str | None:
    for candidate in (os.environ.get("CLAIMLAB_CHROMIUM"), "chromium", "chromium-browser"):
        if candidate and (found := shutil.which(candidate)):
            return found
    return None


def need_browser() -> str:
    """Skip locally without Chromium; in CI (CI=true) its absence is a failure, not a skip."""
    path = chromium_path()
    reason = None
    if path is None:
        reason = "Chromium not found: install Debian's chromium (apt-get install chromium)"
    else:
        try:
            import playwright.sync_api  # noqa: F401
        except ImportError:
            reason = "Playwright is not installed: pip install -r requirements-dev.txt"
    if reason:
        if os.environ.get("CI"):
            pytest.fail(f"browser tests are mandatory in CI: {reason}")
        pytest.skip(reason)
    return path  # type: ignore[return-value]


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="session")
def serve(tmp_path_factory) -> Iterator[callable]:
    """serve(folder) -> base URL of a localhost server for that folder (one server per folder)."""
    servers: dict[Path, http.server.ThreadingHTTPServer] = {}

    def start(folder: Path) -> str:
        if folder not in servers:
            handler = functools.partial(QuietHandler, directory=str(folder))
            server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
            threading.Thread(target=server.serve_forever, daemon=True).start()
            servers[folder] = server
        return f"http://127.0.0.1:{servers[folder].server_address[1]}"

    yield start
    for server in servers.values():
        server.shutdown()


@pytest.fixture(scope="session")
def browser():
    executable = need_browser()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=executable,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


class Watched:
    """A browser page whose outside requests are blocked and recorded, with its errors kept."""

    def __init__(self, browser, tmp_path: Path):
        self.context = browser.new_context(accept_downloads=True)
        self.page = self.context.new_page()
        self.outside: list[str] = []
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        self.context.route("**/*", self._route)
        self.page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("dialog", self._dialog)

    def _route(self, route) -> None:
        url = route.request.url
        if re.match(r"^(https?://(127\.0\.0\.1|localhost)(:\d+)?/|data:|blob:)", url):
            route.continue_()
        else:
            self.outside.append(url)
            route.abort()

    def _dialog(self, dialog) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def assert_clean(self) -> None:
        assert self.outside == [], f"requests left localhost: {self.outside}"
        assert self.errors == [], f"console errors: {self.errors}"
        assert self.dialogs == [], f"dialogs opened (script ran?): {self.dialogs}"


@pytest.fixture
def watched(browser, tmp_path) -> Iterator[Watched]:
    session = Watched(browser, tmp_path)
    yield session
    session.context.close()


def download(page, tmp_path: Path, scope=None) -> dict:
    """Press "Download my answers" (in `scope`, a form's locator, or the page) and return the
    hand-in it saves, checked against the submission schema of its own version."""
    import json

    import jsonschema

    from claimlab.keeping.submission import submission_schema

    with page.expect_download() as info:
        (scope or page).get_by_role("button", name="Download my answers").click()
    target = tmp_path / info.value.suggested_filename
    info.value.save_as(target)
    submission = json.loads(target.read_text(encoding="utf-8"))
    jsonschema.validate(submission, submission_schema(submission["version"]))
    return submission
