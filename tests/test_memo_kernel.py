"""The memo builder in a live kernel: saved as typed, reloaded after a restart, backup on damage."""

from __future__ import annotations

import errno
import json
import os
import re
import stat
import subprocess
import sys
import time

import pytest

from claimlab.keeping import storage
from claimlab.keeping.drafts import backup_path
from claimlab.kernel.memo_widget import DRAFT_FILE, MemoBuilder
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
                "from claimlab.kernel.memo_widget import MemoBuilder",
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


# --- issue 17: revisions that cannot lie, a bounded lock, a huge paste, crash leftovers ----------


def draft_on_disk(folder) -> dict:
    return json.loads((folder / DRAFT_FILE).read_text(encoding="utf-8"))


def every_saved_text(folder, field: str) -> list[str]:
    """The field's text in every readable JSON file of the folder (draft, backup, copies)."""
    found = []
    for path in sorted(folder.glob("*.json")):
        try:
            found.append(json.loads(path.read_text(encoding="utf-8"))["answers"][field])
        except (ValueError, KeyError):
            continue
    return found


@pytest.mark.parametrize("mishap", ["damaged", "deleted"])
def test_a_stale_builder_never_wins_after_the_draft_is_damaged_or_deleted(
    module, tmp_path, mishap
):
    """The old tab has saved 50 times; the draft is then damaged or deleted and a new tab
    starts over. With a bare counter the old tab's revision 50 beat the new tab's revision 1."""
    old = MemoBuilder(module, work_folder=tmp_path)
    for n in range(50):
        old.set("audience", f"Old tab, keystroke {n}.")
    assert old.draft_file.revision == 50
    if mishap == "damaged":
        (tmp_path / DRAFT_FILE).write_text('{"format": "claimlab-sub', encoding="utf-8")
    else:
        (tmp_path / DRAFT_FILE).unlink()
    new = MemoBuilder(module, work_folder=tmp_path)
    assert new.answers["audience"] == "Old tab, keystroke 48."  # the backup came back
    new.set("audience", "New tab: the newest words.")
    assert "Saved to" in new._status.value
    old.set("audience", "Old tab, keystroke 50.")
    assert "Another tab or another person saved newer text" in old._status.value
    assert draft_on_disk(tmp_path)["answers"]["audience"] == "New tab: the newest words."
    conflict = json.loads((tmp_path / "memo-draft.conflict-1.json").read_text(encoding="utf-8"))
    assert conflict["answers"]["audience"] == "Old tab, keystroke 50."
    new.set("audience", "New tab goes on saving to the draft.")
    assert draft_on_disk(tmp_path)["answers"]["audience"] == "New tab goes on saving to the draft."


def test_a_stale_builder_never_writes_into_a_deleted_draft_before_anyone_else(module, tmp_path):
    """Deleted and not yet rewritten: the old tab must not recreate it over what a new tab,
    already open on the empty folder, is about to write."""
    old = MemoBuilder(module, work_folder=tmp_path)
    old.set("audience", "Old words.")
    (tmp_path / DRAFT_FILE).unlink()
    backup_path(tmp_path / DRAFT_FILE).unlink(missing_ok=True)  # none after one save
    new = MemoBuilder(module, work_folder=tmp_path)
    assert new.load_message.startswith("No saved draft yet")
    old.set("audience", "Old words, again.")
    assert old.path.name == "memo-draft.conflict-1.json"
    new.set("audience", "New words.")
    assert draft_on_disk(tmp_path)["answers"]["audience"] == "New words."
    assert "Old words, again." in every_saved_text(tmp_path, "audience")


def test_a_failed_write_leaves_the_builder_where_it_was(module, tmp_path, monkeypatch):
    """The disk fills after the backup was written: the builder must not count that save, or
    its next save would write over another tab's newer words."""
    first = MemoBuilder(module, work_folder=tmp_path)
    first.set("audience", "First tab, saved.")
    before = (first.draft_file.revision, first.draft_file.seen)
    real_replace = os.replace

    def full_for_the_draft(source, target):
        if os.fspath(target).endswith(DRAFT_FILE):
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_replace(source, target)

    monkeypatch.setattr(os, "replace", full_for_the_draft)
    first.set("audience", "First tab, not saved.")
    assert "Could not save (No space left on device)" in first._status.value
    assert (first.draft_file.revision, first.draft_file.seen) == before
    assert draft_on_disk(tmp_path)["answers"]["audience"] == "First tab, saved."
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".saving-")]
    monkeypatch.setattr(os, "replace", real_replace)

    second = MemoBuilder(module, work_folder=tmp_path)
    second.set("audience", "Second tab, newer.")
    first.set("audience", "First tab, after the disk was freed.")
    assert draft_on_disk(tmp_path)["answers"]["audience"] == "Second tab, newer."
    assert first.path.name.startswith("memo-draft.conflict-")
    assert "First tab, after the disk was freed." in every_saved_text(tmp_path, "audience")


def test_a_failed_write_alone_is_retried_on_the_next_keystroke(module, tmp_path, monkeypatch):
    builder = MemoBuilder(module, work_folder=tmp_path)
    builder.set("audience", "One.")

    def disk_full(source, target):
        raise OSError(errno.ENOSPC, "No space left on device")

    with monkeypatch.context() as patch:
        patch.setattr(os, "replace", disk_full)
        builder.set("audience", "Two.")
    builder.set("audience", "Three.")
    assert "Saved to" in builder._status.value
    assert draft_on_disk(tmp_path)["answers"]["audience"] == "Three."


HOLD_LOCK = """
import fcntl, os, sys, time
handle = os.open(sys.argv[1], os.O_RDWR | os.O_CREAT, 0o666)
fcntl.flock(handle, fcntl.LOCK_EX)
print("held", flush=True)
time.sleep(60)
"""


def test_a_lock_held_by_another_process_never_blocks_typing(module, tmp_path):
    builder = MemoBuilder(module, work_folder=tmp_path)
    builder.set("audience", "Saved before the lock was taken.")
    lock = tmp_path / f".{DRAFT_FILE}.lock"
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_LOCK, str(lock)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout.readline().strip() == "held"
        timings = []
        for n in range(5):
            start = time.monotonic()
            builder.set("audience", f"Typed while the lock was held, {n}.")
            timings.append(time.monotonic() - start)
        assert timings[0] < 3, timings  # the first wait is bounded
        assert max(timings[1:]) < 1, timings  # and then typing stays responsive
        status = builder._status.value
        assert "Not saved: another program, perhaps another kernel, is holding the lock" in status
        assert "Your words are still in the form" in status
        assert builder.answers["audience"] == "Typed while the lock was held, 4."
        assert draft_on_disk(tmp_path)["answers"]["audience"] == "Saved before the lock was taken."
    finally:
        holder.kill()
        holder.wait()
    builder.set("audience", "Saved once the lock was free.")
    assert "Saved to" in builder._status.value
    assert draft_on_disk(tmp_path)["answers"]["audience"] == "Saved once the lock was free."


def test_a_huge_paste_is_refused_before_writing_and_never_fills_the_disk(module, tmp_path):
    builder = MemoBuilder(module, work_folder=tmp_path)
    builder.set("audience", "A memo that fits.")
    long_but_fine = "word " * 100_000  # 500 KB: written, and read back
    builder.set("objective", long_but_fine)
    assert "Saved to" in builder._status.value
    files_before = sorted(p.name for p in tmp_path.iterdir())
    paste = "북한 " * 100_000  # 700 KB in UTF-8: with the rest, more than a draft can hold
    for n in range(10):  # keystrokes after the paste (each wrote a 1.2 MB damaged file before)
        builder.set("risks", paste + "x" * n)
    assert re.search(
        r"Not saved: the memo is 1\.\d MiB, over the 1 MiB a draft can hold: shorten the "
        r"longest paste\. Your words are still in the form",
        builder._status.value,
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == files_before
    assert sum(p.stat().st_size for p in tmp_path.iterdir()) < 1024 * 1024 + 10_000
    assert builder.answers["risks"].endswith("x" * 9)  # still in the form
    restarted = MemoBuilder(module, work_folder=tmp_path)
    assert restarted.load_message.startswith("Your draft was loaded from")
    assert restarted.answers["objective"] == long_but_fine  # the newest saved, not a backup
    builder.set("risks", "Shortened.")
    assert draft_on_disk(tmp_path)["answers"]["risks"] == "Shortened."


CRASH_MID_SAVE = """
import os, sys
from claimlab import load_module
from claimlab.keeping import storage
from claimlab.kernel.memo_widget import MemoBuilder
builder = MemoBuilder(load_module(sys.argv[1]), work_folder=sys.argv[2])
builder.set("audience", "Saved before the crash.")
storage.os.replace = lambda *args: os._exit(9)  # the power goes while the draft is replaced
builder.set("audience", "Being saved when the kernel died.")
"""


def test_temporary_files_from_a_crash_are_removed_on_the_next_start(module, tmp_path):
    crashed = subprocess.run(
        [sys.executable, "-c", CRASH_MID_SAVE, str(DATA), str(tmp_path)], check=False
    )
    assert crashed.returncode == 9
    leftovers = [p.name for p in tmp_path.iterdir() if p.name.startswith(".saving-")]
    assert leftovers  # the backup's or the draft's temporary file, half written
    stale = tmp_path / ".saving-0123456789ab-new.json"  # a hand-in whose save crashed long ago
    stale.write_text("{}", encoding="utf-8")
    old = time.time() - 2 * 3600
    os.utime(stale, (old, old))
    in_progress = tmp_path / ".saving-ba9876543210-new.json"  # another kernel's save, now
    in_progress.write_text("{}", encoding="utf-8")

    builder = MemoBuilder(module, work_folder=tmp_path)
    assert builder.answers["audience"] == "Saved before the crash."
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".saving-")) == [
        in_progress.name
    ]


def test_a_rewrite_that_keeps_the_revision_number_is_still_not_overwritten(module, tmp_path):
    """What the form has seen is the file's content, not its number: an edit made elsewhere
    that leaves "revision" as it was (a restored copy, a hand edit) is kept too."""
    builder = MemoBuilder(module, work_folder=tmp_path)
    builder.set("audience", "Typed in the form.")
    draft = draft_on_disk(tmp_path)
    draft["answers"]["audience"] = "Edited in a text editor."
    (tmp_path / DRAFT_FILE).write_text(json.dumps(draft), encoding="utf-8")
    builder.set("audience", "Typed in the form, again.")
    assert draft_on_disk(tmp_path)["answers"]["audience"] == "Edited in a text editor."
    assert builder.path.name == "memo-draft.conflict-1.json"


TYPE_MANY = """
import json, sys
from claimlab.keeping.drafts import DraftFile, DraftNotSaved
path, field, rounds = sys.argv[1], sys.argv[2], int(sys.argv[3])
draft = DraftFile(path)
loaded = draft.load()[0]  # as a builder's form starts from the draft
print("loaded", flush=True)
sys.stdin.readline()  # both have loaded the same draft before either saves
refused = 0
for n in range(rounds):
    loaded["answers"][field] = f"{field} {n}"
    while True:
        try:
            saved = draft.save(loaded)
            break
        except DraftNotSaved:  # the lock stayed busy (a loaded machine): the next change retries
            refused += 1
print(json.dumps([field, saved.path.name, refused]), flush=True)
"""


def test_two_kernels_typing_at_once_keep_both_last_words(module, tmp_path):
    """Two kernels on one draft, saving as fast as they can: whichever writes first keeps the
    draft; the other's words all go to one conflict copy. Each one's last words survive."""
    MemoBuilder(module, work_folder=tmp_path).set("risks", "Both kernels loaded this.")
    rounds = 30
    workers = [
        subprocess.Popen(
            [sys.executable, "-c", TYPE_MANY, str(tmp_path / DRAFT_FILE), field, str(rounds)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        for field in ("audience", "objective")
    ]
    try:
        assert [w.stdout.readline().strip() for w in workers] == ["loaded", "loaded"]
        for worker in workers:
            worker.stdin.write("go\n")
            worker.stdin.flush()
        reports = [json.loads(w.stdout.readline()) for w in workers]
    finally:
        for worker in workers:
            worker.kill()
            worker.wait()
    ended = {field: name for field, name, _ in reports}
    assert sorted(ended.values()) == ["memo-draft.conflict-1.json", DRAFT_FILE]
    for field, name in ended.items():
        saved = json.loads((tmp_path / name).read_text(encoding="utf-8"))
        assert saved["answers"][field] == f"{field} {rounds - 1}"
        assert saved["answers"]["risks"] == "Both kernels loaded this."
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith(".memo")) == [
        "memo-draft.backup.json", "memo-draft.conflict-1.json", DRAFT_FILE
    ]  # nothing damaged, no temporary file left
