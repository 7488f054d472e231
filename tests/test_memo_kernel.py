"""The memo builder in a live kernel: saved as typed, reloaded after a restart, backup on damage."""

from __future__ import annotations

import errno
import json
import os
import stat

import pytest

from claimlab import storage
from claimlab.drafts import backup_path
from claimlab.memo_widget import DRAFT_FILE, MemoBuilder
from conftest import DATA


def test_typing_saves_and_a_new_builder_reloads_every_word(module, tmp_path):
    builder = MemoBuilder(module, work_folder=tmp_path)
    builder.widget  # noqa: B018 - the form must exist for typing to happen
    words = "Start with talks at the working level (¶13). 북한 🙂 <img src=x onerror=alert(1)>"
    builder._inputs["objective"].value = words  # what typing in the form does
    builder.set("stance-appoint-negotiator", "adopt")
    saved = json.loads((tmp_path / DRAFT_FILE).read_text(encoding="utf-8"))
    assert saved["answers"]["objective"] == words
    again = MemoBuilder(module, work_folder=tmp_path)
    assert again.answers["objective"] == words
    assert again.answers["stance-appoint-negotiator"] == "adopt"
    assert again.load_message.startswith("Your draft was loaded from")


def test_a_damaged_draft_falls_back_to_the_backup_with_a_message(module, tmp_path):
    builder = MemoBuilder(module, work_folder=tmp_path)
    builder.set("audience", "The incoming Secretary of State.")
    builder.set("objective", "Reduce the risk of war.")
    (tmp_path / DRAFT_FILE).write_text("{ damaged", encoding="utf-8")
    again = MemoBuilder(module, work_folder=tmp_path)
    assert again.answers["audience"] == "The incoming Secretary of State."
    assert "The backup (memo-draft.backup.json) was loaded instead" in again.load_message
    assert (tmp_path / "memo-draft.damaged.json").read_text(encoding="utf-8") == "{ damaged"
    assert backup_path(tmp_path / DRAFT_FILE).exists()


def test_the_books_build_leaves_a_students_damaged_draft_alone(module, tmp_path, monkeypatch):
    """Building the book on a student's machine runs the memo chapter; it must not touch the
    work folder, where a damaged draft would otherwise be set aside."""
    (tmp_path / DRAFT_FILE).write_text("{ damaged", encoding="utf-8")
    monkeypatch.setenv("CLAIMLAB_PAGE_FORMS", "1")  # what the book's build sets for its kernels
    builder = MemoBuilder(module, work_folder=tmp_path)
    assert "<form" in builder._repr_mimebundle_()["text/html"]
    assert sorted(p.name for p in tmp_path.iterdir()) == [DRAFT_FILE]
    assert (tmp_path / DRAFT_FILE).read_text(encoding="utf-8") == "{ damaged"


def test_exports_write_markdown_and_a_valid_submission(module, tmp_path):
    builder = MemoBuilder(module, work_folder=tmp_path)
    builder.set("asks", "<script>alert(1)</script> End cybercrime, as ¶37 suggests.")
    memo, submission = builder.export()
    assert "\\<script\\>alert(1)\\</script\\>" in memo.read_text(encoding="utf-8")
    data = json.loads(submission.read_text(encoding="utf-8"))
    assert data["kind"] == "memo" and data["answers"]["asks"].startswith("<script>")


def test_display_offers_the_kernel_free_form_too(module, tmp_path, monkeypatch):
    monkeypatch.delenv("CLAIMLAB_PAGE_FORMS", raising=False)
    in_a_notebook = MemoBuilder(module, work_folder=tmp_path)._repr_mimebundle_()["text/html"]
    assert "Run this cell" in in_a_notebook and "<textarea" not in in_a_notebook
    monkeypatch.setenv("CLAIMLAB_PAGE_FORMS", "1")  # the book's build
    bundle = MemoBuilder(module, work_folder=tmp_path)._repr_mimebundle_()
    assert 'class="cl-memo"' in bundle["text/html"]
    assert bundle["text/plain"].startswith("Memo builder: ")
    assert "application/vnd.jupyter.widget-view+json" in bundle


def test_a_draft_survives_a_real_kernel_restart(tmp_path):
    jupyter_client = pytest.importorskip("jupyter_client")
    manager = jupyter_client.KernelManager(kernel_name="python3")
    manager.start_kernel(cwd=str(tmp_path))
    client = manager.client()
    client.start_channels()

    def run(code: str) -> str:
        out: list[str] = []
        reply = client.execute_interactive(
            code,
            timeout=120,
            output_hook=lambda m: (
                out.append(m["content"].get("text", "")) if m["msg_type"] == "stream" else None
            ),
        )
        assert reply["content"]["status"] == "ok", reply["content"]
        return "".join(out)

    try:
        client.wait_for_ready(timeout=120)
        setup = "\n".join(
            [
                "from claimlab import load_module",
                "from claimlab.memo_widget import MemoBuilder",
                f"module = load_module({str(DATA)!r})",
                f"builder = MemoBuilder(module, work_folder={str(tmp_path)!r})",
                "",
            ]
        )
        run(setup + "builder.set('risks', 'If talks stall, keep sanctions (¶18).')")
        manager.restart_kernel(now=True)
        client.wait_for_ready(timeout=120)
        printed = run(setup + "print(builder.answers['risks']); print(builder.load_message)")
        assert printed.splitlines()[0] == "If talks stall, keep sanctions (¶18)."
        assert printed.splitlines()[1].startswith("Your draft was loaded from")
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=True)


def test_two_builders_on_one_folder_lose_no_text(module, tmp_path):
    """A second tab, or a second student on a shared folder: the stale form never overwrites."""
    first = MemoBuilder(module, work_folder=tmp_path)
    second = MemoBuilder(module, work_folder=tmp_path)  # opened before the first one typed
    first.set("audience", "First tab: the Secretary of State.")
    first.set("objective", "First tab: a freeze.")
    second.set("audience", "Second")
    second.set("audience", "Second tab: Congress.")  # two keystrokes in the stale form
    assert "Another tab or another person saved newer text" in second._status.value
    draft = json.loads((tmp_path / DRAFT_FILE).read_text(encoding="utf-8"))
    assert draft["answers"]["audience"] == "First tab: the Secretary of State."
    assert draft["answers"]["objective"] == "First tab: a freeze."
    backup = json.loads(backup_path(tmp_path / DRAFT_FILE).read_text(encoding="utf-8"))
    assert backup["answers"]["audience"] == "First tab: the Secretary of State."
    conflict = json.loads((tmp_path / "memo-draft.conflict-1.json").read_text(encoding="utf-8"))
    assert conflict["answers"]["audience"] == "Second tab: Congress."
    assert second.path.name == "memo-draft.conflict-1.json"
    first.set("objective", "First tab goes on saving to the draft.")  # it holds the newest
    saved = json.loads((tmp_path / DRAFT_FILE).read_text(encoding="utf-8"))
    assert saved["answers"]["objective"].endswith("draft.")
    reopened = MemoBuilder(module, work_folder=tmp_path)
    assert reopened.answers["objective"] == "First tab goes on saving to the draft."


@pytest.mark.parametrize(
    "damage",
    ["nested", "huge-number", "directory", "fifo", "link", "too-big"],
)
def test_an_odd_draft_is_set_aside_never_fatal(module, tmp_path, damage):
    path = tmp_path / DRAFT_FILE
    if damage == "nested":
        path.write_bytes(b"[" * 300_000 + b"]" * 300_000)
    elif damage == "huge-number":
        path.write_bytes(b'{"format": "claimlab-submission", "version": ' + b"9" * 50_000 + b"}")
    elif damage == "directory":
        path.mkdir()
    elif damage == "fifo":
        os.mkfifo(path)
    elif damage == "link":
        path.symlink_to("/dev/zero")
    else:
        path.write_bytes(b" " * (2 * 1024 * 1024))
    builder = MemoBuilder(module, work_folder=tmp_path)  # must not raise
    assert "It was kept as memo-draft.damaged.json" in builder.load_message
    assert os.path.lexists(tmp_path / "memo-draft.damaged.json")
    builder.set("audience", "Fresh start.")
    assert json.loads(path.read_text())["answers"]["audience"] == "Fresh start."


def test_a_read_only_folder_is_said_not_fatal(module, tmp_path, monkeypatch):
    """Renames and writes fail with EACCES (simulated: CI runs as root, who may write anyway)."""
    (tmp_path / DRAFT_FILE).write_text("{ damaged", encoding="utf-8")

    def denied(*args, **kwargs):
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(os, "rename", denied)
    monkeypatch.setattr(storage, "_temporary_beside", denied)
    builder = MemoBuilder(module, work_folder=tmp_path)
    assert "could not be moved aside (Permission denied)" in builder.load_message
    builder.set("audience", "Words.")
    assert "Could not save (Permission denied)" in builder._status.value
    assert builder.answers["audience"] == "Words."


def test_a_failed_export_keeps_the_good_memo(module, tmp_path, monkeypatch):
    builder = MemoBuilder(module, work_folder=tmp_path)
    builder.set("audience", "The good version.")
    memo, _ = builder.export()
    builder.set("audience", "A newer version.")

    def disk_full(handle, data):
        os.write(handle, data[:10])
        os.close(handle)
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(storage, "_write_all", disk_full)
    with pytest.raises(OSError):
        builder.export()
    assert "The good version." in memo.read_text(encoding="utf-8")


def test_drafts_and_hand_ins_follow_the_umask(module, tmp_path):
    old = os.umask(0o022)
    try:
        builder = MemoBuilder(module, work_folder=tmp_path)
        builder.set("audience", "Readable by my instructor.")
        memo, submission = builder.export()
    finally:
        os.umask(old)
    for path in (tmp_path / DRAFT_FILE, memo, submission):
        assert stat.S_IMODE(path.stat().st_mode) == 0o644, path


def test_a_downloaded_memo_can_be_imported_into_the_kernel_form(module, tmp_path):
    web = MemoBuilder(module, work_folder=tmp_path / "laptop")
    web.set("audience", "From the web book: the Secretary of State.")
    web.set("stance-appoint-negotiator", "adopt")
    _, downloaded = web.export()
    builder = MemoBuilder(module, work_folder=tmp_path / "hub")
    message = builder.import_draft(downloaded)
    assert message.startswith("Loaded ") and downloaded.name in message
    assert builder.answers["audience"] == "From the web book: the Secretary of State."
    assert builder.answers["stance-appoint-negotiator"] == "adopt"
    saved = json.loads((tmp_path / "hub" / DRAFT_FILE).read_text(encoding="utf-8"))
    assert saved["answers"]["audience"].startswith("From the web book")
    other = tmp_path / "other.json"
    other.write_text(json.dumps({**json.loads(downloaded.read_text()), "module": "another-one"}))
    assert "not a memo for" in builder.import_draft(other)
    (tmp_path / "bad.json").write_text("{ damaged")
    assert builder.import_draft(tmp_path / "bad.json").startswith("Nothing was loaded")
    assert builder.answers["audience"].startswith("From the web book")  # nothing changed
