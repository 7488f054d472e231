"""The course on a real JupyterHub, as two students meet it.

JupyterHub runs on loopback with its own proxy (configurable-http-proxy, installed by tasks.py
as the README's setup does), the dummy authenticator (any name, one shared password) and local
processes: each student's single-user server runs in a home of its own (run as root, as CI runs,
it needs `--allow-root`). The course comes from a local copy of this repository through the
course's nbgitpuller link, the link the book's launch button holds (tests/test_launch.py checks
its shape). In Chromium:

- Ana follows the link for a chapter: nbgitpuller clones the course into her home and the chapter
  opens as a notebook with its MyST rendered; run, its exercise checks answers.
- Her memo draft is saved in her own home as she types, and comes back after her server is
  stopped and started again.
- Ben, a second student, gets his own copy: none of Ana's work is in his home or his form, and
  Ana's server turns him away.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlencode

import pytest

from conftest import ROOT, need_browser, tool

sys.path.insert(0, str(ROOT))
import tasks

COURSE = "claimlab-course"  # the repository's name: nbgitpuller clones into ~/claimlab-course
CHAPTER = "book/sections/1-opening.md"
MEMO = "exercises/02-your-recommendation.ipynb"
PASSWORD = secrets.token_hex(8)
# JupyterLab's open notebook, and its kernel at rest (as in tests/test_jupyterlab.py).
ACTIVE = ".jp-NotebookPanel:not(.lm-mod-hidden)"
IDLE = f"{ACTIVE} .jp-Notebook-ExecutionIndicator[data-status='idle']"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def run_all(page) -> None:
    page.get_by_role("menuitem", name="Run", exact=True).click()
    page.get_by_role("menuitem", name="Run All Cells", exact=True).click()


def need(name: str, found: str | None, how: str) -> str:
    """A hub component: skipped locally when missing, a failure in CI (CI=true)."""
    if found is None:
        reason = f"{name} is not installed: {how}"
        if os.environ.get("CI"):
            pytest.fail(f"the JupyterHub test is mandatory in CI: {reason}")
        pytest.skip(reason)
    return found


def course_copy(where: Path) -> str:
    """A local git repository holding the course as committed, plus the files being changed."""
    repo = where / COURSE
    listed = subprocess.run(
        ["git", "ls-files", "-co", "--exclude-standard"], cwd=ROOT, capture_output=True,
        text=True, check=True,
    ).stdout.splitlines()
    for name in listed:
        source = ROOT / name
        if source.is_file() and not name.startswith(("tests/", "reviews/", "benchmarks/")):
            (repo / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, repo / name)
    git = ["git", "-c", "user.name=course", "-c", "user.email=course@example.invalid"]
    subprocess.run([*git, "init", "-q", "-b", "main"], cwd=repo, check=True)
    subprocess.run([*git, "add", "-A"], cwd=repo, check=True)
    subprocess.run([*git, "commit", "-q", "-m", "course"], cwd=repo, check=True)
    return f"file://{repo}"


def pull_link(base: str, repo: str, path: str) -> str:
    """The book's JupyterHub launch link (sphinx-book-theme's format, with the repository's
    address swapped for the local copy): clone or update the course, then open `path`."""
    query = urlencode(
        {"repo": repo, "urlpath": f"lab/tree/{COURSE}/{path}", "branch": "main"}, safe="/"
    )
    return f"{base}/hub/user-redirect/git-pull?{query}"


class Hub:
    def __init__(self, base: str, homes: Path, token: str, repo: str, log: Path):
        self.base, self.homes, self.token, self.repo, self.log = base, homes, token, repo, log

    def api(self, method: str, path: str) -> dict | None:
        request = urllib.request.Request(
            f"{self.base}/hub/api{path}", method=method,
            headers={"Authorization": f"token {self.token}"},
        )
        with urllib.request.urlopen(request, timeout=30) as reply:
            body = reply.read()
        return json.loads(body) if body else None

    def stop(self, user: str) -> None:
        """Stop the student's server and wait until the hub says it is gone."""
        try:
            self.api("DELETE", f"/users/{user}/server")
        except urllib.error.HTTPError as err:
            assert err.code == 202, err  # accepted, still stopping
        deadline = time.monotonic() + 60
        while self.api("GET", f"/users/{user}")["servers"]:
            assert time.monotonic() < deadline, "the server did not stop"
            time.sleep(0.5)


CONFIG = """
c = get_config()  # noqa
c.JupyterHub.ip = "127.0.0.1"
c.JupyterHub.port = {port}
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = {hub_port}
c.JupyterHub.db_url = "sqlite:///{state}/hub.sqlite"
c.JupyterHub.cookie_secret_file = "{state}/cookie_secret"
c.JupyterHub.pid_file = "{state}/hub.pid"
c.ConfigurableHTTPProxy.command = [{proxy!r}]
c.ConfigurableHTTPProxy.api_url = "http://127.0.0.1:{proxy_port}"
c.ConfigurableHTTPProxy.pid_file = "{state}/proxy.pid"
c.JupyterHub.authenticator_class = "dummy"
c.DummyAuthenticator.password = {password!r}
c.Authenticator.allow_all = True
# Local processes, one home per student (no system accounts needed).
c.JupyterHub.spawner_class = "simple"
c.SimpleLocalProcessSpawner.home_dir_template = "{homes}/{{username}}"
c.Spawner.cmd = [{singleuser!r}]
c.Spawner.args = {args!r}
c.Spawner.default_url = "/lab"
c.Spawner.start_timeout = 120
c.Spawner.http_timeout = 120
c.JupyterHub.services = [{{"name": "course-test", "api_token": {token!r}}}]
c.JupyterHub.load_roles = [
    {{"name": "course-test", "scopes": ["admin:users", "admin:servers", "access:servers"],
      "services": ["course-test"]}}
]
"""


@pytest.fixture(scope="module")
def hub(tmp_path_factory) -> Iterator[Hub]:
    need_browser()
    jupyterhub = need("JupyterHub", tool("jupyterhub"), "pip install -r requirements-dev.txt")
    singleuser = need(
        "jupyterhub-singleuser", tool("jupyterhub-singleuser"),
        "pip install -r requirements-dev.txt",
    )
    try:
        import nbgitpuller  # noqa: F401
    except ImportError:
        need("nbgitpuller", None, "pip install -r requirements-dev.txt")
    proxy = need(
        "configurable-http-proxy", tasks.hub_proxy(Path(sys.executable)),
        "python3 tasks.py hub-proxy (needs npm)",
    )
    need("git", shutil.which("git"), "apt-get install git")
    assert tasks.install_lab_settings(Path(sys.executable)) is not None  # .md opens as notebook

    work = tmp_path_factory.mktemp("hub")
    state, homes = work / "state", work / "homes"
    state.mkdir()
    homes.mkdir()
    repo = course_copy(work / "upstream")
    for user in ("ana", "ben"):  # every cell in the page, so the test finds fields by label
        settings = homes / user / ".jupyter/lab/user-settings/@jupyterlab/notebook-extension"
        settings.mkdir(parents=True)
        (settings / "tracker.jupyterlab-settings").write_text('{"windowingMode": "none"}')
    port, token = free_port(), secrets.token_hex(16)
    root = hasattr(os, "geteuid") and os.geteuid() == 0
    config = state / "jupyterhub_config.py"
    config.write_text(CONFIG.format(
        port=port, hub_port=free_port(), proxy_port=free_port(), state=state, homes=homes,
        proxy=proxy, password=PASSWORD, singleuser=singleuser, token=token,
        args=["--allow-root"] if root else [],  # CI runs as root
    ))
    env = {**os.environ, "HOME": str(state)}
    env.pop("CLAIMLAB_PAGE_FORMS", None)
    env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")])
    log_path = state / "hub.log"
    log = log_path.open("w")
    server = subprocess.Popen(
        [jupyterhub, "-f", str(config)], cwd=state, env=env, stdout=log, stderr=subprocess.STDOUT
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{base}/hub/api/", timeout=2):
                    break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    pytest.fail("JupyterHub did not start:\n" + log_path.read_text())
                time.sleep(0.5)
        yield Hub(base, homes, token, repo, log_path)
    finally:
        server.terminate()  # the hub stops the proxy and the students' servers with it
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()


def chapter_words(chapter: Path) -> list[str]:
    """The chapter's title and the first words of its first paragraph, as a reader sees them
    (read from the source, so a rewrite of the prose does not break the test)."""
    lines = chapter.read_text("utf-8").split("---\n", 2)[2].splitlines()
    title = next(line[2:].strip() for line in lines if line.startswith("# "))
    start = lines.index(f"# {title}") + 1
    paragraph = next(line for line in lines[start:] if line.strip())
    plain = paragraph.replace("**", "").split()[:6]  # before any role or citation
    return [title, " ".join(plain)]


def log_in(browser, hub: Hub, user: str):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(90_000)
    page.goto(f"{hub.base}/hub/login")
    page.get_by_label("Username").fill(user)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/hub/**")
    return context, page


def open_from_link(page, hub: Hub, path: str) -> None:
    """Follow the course's link: the hub starts the server, nbgitpuller pulls, Lab opens `path`."""
    page.goto(pull_link(hub.base, hub.repo, path))
    page.wait_for_url(f"**/lab/tree/{COURSE}/{path}*", timeout=150_000)
    page.locator(f"{ACTIVE} .jp-Cell").first.wait_for()


def kernel_idle(page, hub: Hub, user: str, path: str) -> None:
    """Wait until the student's server has an idle kernel for `path` (Run All before that runs
    nothing: on a busy machine a kernel can take a while to start)."""
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        request = urllib.request.Request(
            f"{hub.base}/user/{user}/api/sessions",
            headers={"Authorization": f"token {hub.token}"},
        )
        with urllib.request.urlopen(request, timeout=30) as reply:
            sessions = json.load(reply)
        for session in sessions:
            kernel = session.get("kernel") or {}
            here = session.get("path") == f"{COURSE}/{path}"
            if here and kernel.get("execution_state") == "idle":
                page.locator(IDLE).wait_for()
                return
        time.sleep(0.3)
    pytest.fail(f"no kernel started for {path}")


def test_two_students_on_a_jupyterhub(hub, browser, module):
    started = time.monotonic()
    ana_home, ben_home = hub.homes / "ana", hub.homes / "ben"

    # Ana follows the chapter's link: the course is cloned into her home, the chapter opens as a
    # notebook with its MyST rendered, and its exercise (run) checks her answer.
    context, page = log_in(browser, hub, "ana")
    open_from_link(page, hub, CHAPTER)
    assert (ana_home / COURSE / CHAPTER).is_file()
    panel = page.locator(ACTIVE)
    panel.locator(".jp-MarkdownCell .myst").first.wait_for()
    text = "\n".join(panel.locator(".jp-MarkdownCell .myst").all_inner_texts())
    for words in chapter_words(ROOT / CHAPTER):  # the chapter's own prose, as rendered text
        assert words in text, words
    assert "{cite:p}" not in text and "**" not in text  # roles and emphasis rendered
    assert "Unknown Directive" not in panel.inner_text()
    kernel_idle(page, hub, "ana", CHAPTER)
    run_all(page)
    claim = next(iter(module.iter_exercise_claims("claim-types-opening")))
    names = dict(module.exercise_options("claim-types-opening"))
    inside = page.get_by_label(f"Answer for {claim.id}", exact=True)
    exercise = panel.locator(".jp-OutputArea-output").filter(has=inside)
    panel.get_by_label(f"Answer for {claim.id}", exact=True).select_option(
        label=names[claim.type]
    )
    exercise.get_by_role("button", name="Check answers").click()
    exercise.get_by_role("status").filter(has_text="Score: 1 of").wait_for()

    # Her memo draft is saved in her own home as she types...
    open_from_link(page, hub, MEMO)
    kernel_idle(page, hub, "ana", MEMO)
    run_all(page)
    part = module.rubric.parts[1]
    words = "Ana's memo: open working-level talks (¶39) now"
    page.get_by_label(part.title, exact=True).press_sequentially(words, delay=5)
    draft = ana_home / COURSE / "exercises" / "work" / "memo-draft.json"
    deadline = time.monotonic() + 30
    while not (draft.exists() and words in draft.read_text("utf-8")):
        assert time.monotonic() < deadline, "the memo was not saved in Ana's home"
        time.sleep(0.2)

    # ...and comes back after her server is stopped and started again (the link starts it; the
    # pull keeps her work).
    hub.stop("ana")
    open_from_link(page, hub, MEMO)
    kernel_idle(page, hub, "ana", MEMO)
    run_all(page)
    restored = page.get_by_label(part.title, exact=True)
    restored.wait_for()
    page.wait_for_function(
        "([el, text]) => el.value === text", arg=[restored.element_handle(), words]
    )
    context.close()

    # Ben gets a copy of his own: none of Ana's work is in his home or his form.
    context, page = log_in(browser, hub, "ben")
    open_from_link(page, hub, MEMO)
    assert (ben_home / COURSE / MEMO).is_file()
    assert not (ben_home / COURSE / "exercises" / "work").exists()
    kernel_idle(page, hub, "ben", MEMO)
    run_all(page)
    box = page.get_by_label(part.title, exact=True)
    box.wait_for()
    assert box.input_value() == ""
    assert not [p for p in ben_home.rglob("*") if p.is_file() and words in _text(p)]
    # Ana's server turns Ben away: the hub refuses him access to it.
    reply = page.request.get(f"{hub.base}/user/ana/api/contents/{COURSE}/exercises/work")
    assert reply.status == 403, (reply.status, reply.url)
    assert "memo-draft" not in reply.text()
    context.close()
    print(f"JupyterHub walkthrough took {time.monotonic() - started:.0f} s")


def _text(path: Path) -> str:
    try:
        return path.read_text("utf-8")
    except (UnicodeDecodeError, OSError):
        return ""
