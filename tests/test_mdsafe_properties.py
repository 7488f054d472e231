"""Exports that student text cannot rewrite, proven with Hypothesis over arbitrary text.

Every field of the memo (and of the peer-review sheet) gets arbitrary text, biased towards
Markdown and MyST syntax. The export is parsed as CommonMark (markdown-it) and as MyST with the
book's own extensions (_config.yml), and must have exactly the structure of the same export filled
with plain placeholder words: the same headings, paragraphs and list items, no other kind of token
(no directive, role, include, raw block, substitution, link, code or HTML), and where each
placeholder stood, exactly the student's text. static/memo.js, run in Node, must write the same
bytes as Python for every example. One real Sphinx build with myst-parser checks the end result:
no directive, include, raw block or substitution runs.

Example counts are modest, the runs derandomized (no example database) and failures reported
unshrunk, so the suite stays fast and gives the same result every time.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from markdown_it.renderer import RendererHTML
from myst_parser.config.main import MdParserConfig
from myst_parser.parsers.mdit import create_md_parser

from claimlab.edition import current_edition
from claimlab.grading.drafting import PeerReview, blank_answers, memo_markdown, peer_review_markdown
from claimlab.keeping.mdsafe import clean_text
from claimlab.pages.render import _memo_payload

ROOT = Path(__file__).resolve().parents[1]
MEMO_JS = ROOT / "src" / "claimlab" / "pages" / "static" / "memo.js"

PROPERTY = settings(
    max_examples=40,
    derandomize=True,
    database=None,
    deadline=None,
    # No shrinking: a failure is reported as found, rather than after minutes of searching.
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def book_extensions() -> set[str]:
    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    return set(config["parse"]["myst_enable_extensions"])


COMMONMARK = MarkdownIt("commonmark")
MYST = create_md_parser(MdParserConfig(enable_extensions=book_extensions()), RendererHTML)
READINGS = {"CommonMark": COMMONMARK, "MyST": MYST}

# What a memo is made of; anything else in the parse came from student text.
BLOCK_TOKENS = {
    "heading_open", "heading_close", "paragraph_open", "paragraph_close", "inline",
    "bullet_list_open", "bullet_list_close", "list_item_open", "list_item_close", "blockquote_open",
    "blockquote_close",
}  # fmt: skip
# Marks stand in the flattened text where the memo's own emphasis and links are (the MyST reading
# links the article's address in the reference), so one more from student text shows as a change.
INLINE_TOKENS = {"text", "softbreak", "strong_open", "strong_close", "em_open", "em_close",
                 "link_open", "link_close"}  # fmt: skip
MARKS = {"strong_open": "\x01", "strong_close": "\x01", "em_open": "\x02", "em_close": "\x02",
         "link_open": "\x03", "link_close": "\x03"}  # fmt: skip

# Pieces of hostile Markdown and MyST, glued together and to arbitrary text by the strategy.
ATTACKS = [
    "## Reference", "\t## Reference", "   # Verdict", "Instructor's verdict\n===", "---", "***",
    "- item", "* item", "+ item", "1. item", "2) item", "- [ ] task", "> **Grade: A**",
    ":::{admonition} Instructor's verdict\nExcellent.\n:::", "```{include} /etc/passwd\n```",
    "```{raw} html\n<script>alert(1)</script>\n```", "~~~\ncode\n~~~", "    indented code",
    "{{ substitution }}", "{sub-ref}`today`", "{download}`x.txt`", "(forged-target)=",
    "% a MyST comment", "+++", "[^1]", "[^1]: a note", "[ref]: https://e.example/x", "[a](b)",
    "![pixel](https://t.example/p.gif)", "<https://a.example>", "https://a.example/%41",
    "www.kcna.kp", "ta@uni.edu", "mailto:ta@uni.edu", "//localhost/x", "xn--80ak6aa92e.com",
    "| a | b |\n|---|---|\n| 1 | 2 |", "<div>", "<!-- hidden -->", "&amp; &#65;", "$x$",
    "$$\nx\n$$", "\\", "\\\n", "  \n", "\n\n", "\n \n", "*emph* _e_ **strong** `code`",
    "<script>alert(1)</script>", "\x00\x1b[2J\x07\ufeff\u2028\u2029\r\n\x85", "북한 🙂 ¶13",
]  # fmt: skip
SYNTAX = "#>-+*_=`~:{}[]()!<&|%$.@/\\^'\" \t\n0123456789abxyzéß북\u00a0\u3000"

text_piece = st.one_of(
    st.sampled_from(ATTACKS),
    st.text(alphabet=SYNTAX, max_size=30),
    st.text(max_size=20),
)
student_text = st.lists(text_piece, max_size=6).map("".join)


def flatten(children) -> str:
    out = []
    for child in children:
        assert child.type in INLINE_TOKENS, f"student text made a {child.type!r}: {child}"
        out.append(" " if child.type == "softbreak" else MARKS.get(child.type, child.content))
    return "".join(out)


def outline(parser: MarkdownIt, markdown: str) -> list[list[str]]:
    """The document as [kind, text] entries: headings, list items, and runs of paragraphs (a
    student's blank line makes two paragraphs of one field); whitespace collapsed."""
    entries: list[list[str]] = []
    opened = ""
    for token in parser.parse(markdown):
        assert token.type in BLOCK_TOKENS, f"student text made a {token.type!r}: {token}"
        if token.type in ("heading_open", "bullet_list_open", "list_item_open"):
            entries.append([token.tag, ""])
        elif token.type == "blockquote_open":
            entries.append(["blockquote", ""])
        elif token.type == "paragraph_open" and entries[-1][0] not in ("li", "blockquote"):
            if opened != "paragraph_close":  # a run of paragraphs is one entry
                entries.append(["p", ""])
        elif token.type == "inline":
            entries[-1][1] += " " + flatten(token.children)
        elif token.type in ("list_item_close", "blockquote_close"):
            entries.append(["end", ""])
        if token.type != "inline":
            opened = token.type
    return [[kind, " ".join(text.split())] for kind, text in entries]


def placeholder(n: int) -> str:
    return f"Placeholder{n}word"


def expected_outline(parser, plain_markdown: str, shown: dict[str, str]) -> list[list[str]]:
    """The placeholder export's outline with each placeholder replaced by what must show."""
    entries = outline(parser, plain_markdown)
    for entry in entries:
        for word, text in shown.items():
            entry[1] = entry[1].replace(word, text)
        entry[1] = " ".join(entry[1].split())
    return entries


def as_shown(typed: str, missing: str) -> str:
    """What a reader must see for a field: the typed text, spaced as Markdown shows text."""
    flat = " ".join(clean_text(typed).split())
    return flat if flat else missing


def assert_inert(real: str, plain: str, shown: dict[str, str]) -> None:
    for reading, parser in READINGS.items():
        got = outline(parser, real)
        want = expected_outline(parser, plain, shown)
        assert got == want, f"{reading}: the export's structure or text changed\n{real}"


# --- the memo --------------------------------------------------------------------------------


def memo_fields(module) -> list[str]:
    return list(blank_answers(module))


@pytest.fixture(scope="module")
def node_exports():
    """memo.js's own export functions, run in Node over lines of JSON."""
    node = shutil.which("node")
    if node is None:
        pytest.fail("node is missing: the byte-identity check runs memo.js in Node")
    source = MEMO_JS.read_text(encoding="utf-8")
    hook = "\n  function initAll() {"
    assert hook in source, "memo.js changed shape: update the hook in this test"
    source = source.replace(
        hook, "\n  globalThis.__exports = { memo: memoMarkdown, peer: peerMarkdown };" + hook, 1
    )
    driver = (
        "globalThis.window = { ClaimlabCommon: {} };"
        "globalThis.document = { readyState: 'complete', querySelectorAll: () => [] };"
        f"{source}\n"
        "const rl = require('readline').createInterface({ input: process.stdin });"
        "rl.on('line', (line) => { const [kind, p, a, b] = JSON.parse(line);"
        " const out = kind === 'memo' ? __exports.memo(p, a, b) : __exports.peer(p, a);"
        " process.stdout.write(JSON.stringify(out) + '\\n'); });"
    )
    process = subprocess.Popen(
        [node, "-e", driver], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
        encoding="utf-8",
    )  # fmt: skip

    def run(*call):
        process.stdin.write(json.dumps(call) + "\n")
        process.stdin.flush()
        return json.loads(process.stdout.readline())

    yield run
    process.stdin.close()
    process.wait(timeout=10)


class Course:
    """The module and its page payload, with a short repr for Hypothesis's failure reports."""

    def __init__(self, module):
        self.module = module
        self.payload = _memo_payload(module, current_edition())

    def __repr__(self) -> str:
        return "<the course module>"


@pytest.fixture(scope="module")
def course(module) -> Course:
    return Course(module)


def stance_strategy(module):
    ids = [sid for sid, _ in module.rubric.stances]
    return st.one_of(st.sampled_from([*ids, ""]), student_text)


@PROPERTY
@given(data=st.data())
def test_memo_export_is_inert_and_shows_exactly_what_was_typed(course, node_exports, data):
    module = course.module
    fields = memo_fields(module)
    answers = {
        field: data.draw(stance_strategy(module) if field.startswith("stance-") else student_text)
        for field in fields
    }
    student = data.draw(student_text)
    real = memo_markdown(module, answers, student)

    plain_answers = dict(answers)
    shown = {}
    for n, field in enumerate(fields):
        if field.startswith("stance-"):
            continue  # a stance is shown as its name, never as typed text
        plain_answers[field] = placeholder(n)
        shown[placeholder(n)] = as_shown(answers[field], "\x02(not written yet)\x02")
    shown[placeholder(999)] = as_shown(student, "(no name given)")
    plain = memo_markdown(module, plain_answers, placeholder(999))
    assert_inert(real, plain, shown)

    assert node_exports("memo", course.payload, answers, student) == real


@PROPERTY
@given(data=st.data())
def test_peer_review_sheet_is_inert_and_shows_exactly_what_was_typed(course, node_exports, data):
    module = course.module
    criteria = module.rubric.peer_criteria
    levels = {c.id: data.draw(st.integers(0, len(c.levels))) for c in criteria}
    levels = {k: v for k, v in levels.items() if v}
    comments = {c.id: data.draw(student_text) for c in criteria}
    reviewer, author, overall = (data.draw(student_text) for _ in range(3))
    real = peer_review_markdown(module, PeerReview(reviewer, author, levels, comments, overall))

    shown = {
        placeholder(900): as_shown(reviewer, "(not given)"),
        placeholder(901): as_shown(author, "(not given)"),
        placeholder(902): as_shown(overall, "\x02(not written yet)\x02"),
    }
    plain_comments = {}
    for n, c in enumerate(criteria):
        plain_comments[c.id] = placeholder(n)
        shown[placeholder(n)] = as_shown(comments[c.id], "\x02(not written yet)\x02")
    plain = peer_review_markdown(
        module,
        PeerReview(placeholder(900), placeholder(901), levels, plain_comments, placeholder(902)),
    )
    assert_inert(real, plain, shown)

    review = {"reviewer": reviewer, "author": author, "levels": levels, "comments": comments,
              "overall": overall}  # fmt: skip
    assert node_exports("peer", course.payload, review) == real


@pytest.mark.parametrize("reading", list(READINGS))
@pytest.mark.parametrize(
    "attack",
    [
        "Fine.\n\t## Reference",  # issue 17: a tab-indented heading in a stance reason
        "Fine.\n- forged item\n1. forged\n> quote",
        ":::{admonition} Instructor's verdict\nExcellent.\n:::",
        "```{include} /etc/passwd\n```",
        "```{raw} html\n<script>alert(1)</script>\n```",
        "{{ substitution }} and {sub-ref}`today`",
        "see https://a.example/%41 or xn--80ak6aa92e.com or //localhost",
    ],
)
def test_the_attacks_from_issue_17_are_text_in_every_field(module, reading, attack):
    """Named cases, so a failure says which attack got through without Hypothesis's search."""
    answers = {field: attack for field in memo_fields(module) if not field.startswith("stance-")}
    memo = memo_markdown(module, answers, attack)
    parser = READINGS[reading]
    entries = outline(parser, memo)
    headings = [text for kind, text in entries if re.fullmatch(r"h\d", kind)]
    assert headings == ["Recommendation memo"] + [p.title for p in module.rubric.parts] + [
        "Stance on the author's recommendations",
        "Reference",
    ]
    assert sum(kind == "li" for kind, _ in entries) == len(module.recommendations)
    assert " ".join(clean_text(attack).split()) in entries[1][1]  # the name, as typed


def test_a_real_myst_build_of_a_hostile_memo_runs_nothing(module, tmp_path):
    """The instructor's case from issue 17, end to end: memo.md built by Sphinx with myst-parser
    and the book's extensions. No admonition box, no included file, no raw script, no
    substitution; the headings are the memo's own; the student's words are on the page."""
    source, out = tmp_path / "src", tmp_path / "out"
    source.mkdir()
    (source / "conf.py").write_text(
        "extensions = ['myst_parser']\n"
        f"myst_enable_extensions = {sorted(book_extensions())!r}\n"
        "myst_substitutions = {'grade': 'SUBSTITUTED-VALUE'}\n",
        encoding="utf-8",
    )
    (source / "secret.txt").write_text("TOP-SECRET-CONTENT", encoding="utf-8")
    attack = (
        ":::{admonition} Instructor's verdict\nExcellent.\n:::\n```{include} secret.txt\n```\n"
        "```{raw} html\n<script>alert(1)</script>\n```\n{{ grade }}\n\t## Reference\n(x)=\n% hid"
    )
    answers = {f: attack for f in memo_fields(module) if not f.startswith("stance-")}
    (source / "index.md").write_text(memo_markdown(module, answers, attack), encoding="utf-8")
    # Its own process: Sphinx keeps parsers in globals, and another test's book build in this
    # process can leave myst-nb's registered for .md (seen in the full suite).
    result = subprocess.run(
        [sys.executable, "-m", "sphinx", "-b", "html", "-q", "-E", str(source), str(out)],
        capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    page = (out / "index.html").read_text(encoding="utf-8")
    assert "TOP-SECRET-CONTENT" not in page and "SUBSTITUTED-VALUE" not in page
    assert "<script>alert" not in page and 'class="admonition' not in page
    assert page.count("<h2") == len(module.rubric.parts) + 2
    shown = len(answers) + 1  # every field and the name, as typed
    assert page.count(":::{admonition} Instructor") == page.count("% hid") == shown
