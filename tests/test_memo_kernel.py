"""The memo builder in a live kernel: saved as typed, reloaded after a restart, backup on damage."""

from __future__ import annotations

import json

import pytest

from claimlab.drafting import backup_path
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
    assert "the backup (memo-draft.backup.json) was loaded instead" in again.load_message
    assert (tmp_path / "memo-draft.damaged.json").read_text(encoding="utf-8") == "{ damaged"
    assert backup_path(tmp_path / DRAFT_FILE).exists()


def test_exports_write_markdown_and_a_valid_submission(module, tmp_path):
    builder = MemoBuilder(module, work_folder=tmp_path)
    builder.set("asks", "<script>alert(1)</script> End cybercrime, as ¶37 suggests.")
    memo, submission = builder.export()
    assert "&lt;script&gt;" in memo.read_text(encoding="utf-8")
    data = json.loads(submission.read_text(encoding="utf-8"))
    assert data["kind"] == "memo" and data["answers"]["asks"].startswith("<script>")


def test_display_offers_the_kernel_free_form_too(module, tmp_path):
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
