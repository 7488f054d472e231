"""The authoring loop on real-looking web copy (issue 19).

Two invented articles, one plain text and one Markdown, carry every piece of furniture a copied
news page has: headline, standfirst, byline with a date, dateline, photo caption with a credit,
four subheads, curly quotes, a pull-quote that repeats the body, and an author bio. They must
become modules whose blocks are right or reported; a repair is one edit and every ¶ number
follows; and each authoring mistake gets one message that says what to do.
"""

from __future__ import annotations

import csv
import os
import re
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
import yaml

from claimlab import load_module
from claimlab.cli import main
from claimlab.module.articletext import parse_article
from claimlab.module.errors import ModuleValidationError
from claimlab.pages.render import article_html, section_html

ARTICLES = Path(__file__).resolve().parent / "fixtures" / "articles"
PLAIN = ARTICLES / "night-buses.txt"
#: Other conventions: a date line for a byline, a dateline with a date, a caption in brackets,
#: and the page's own lines ("Advertisement", "Read more") in the middle of the text.
PAGE = ARTICLES / "park-hours.txt"
MARKDOWN = ARTICLES / "school-meals.md"
HEADER = "id,paragraph,quote,type,alternatives,support,explanation"

#: What a careful reader marks up, block by block (the articles were written to have these).
PLAIN_KINDS = [
    "headline", "standfirst", "byline", "caption", "dateline", "paragraph", "paragraph",
    "subhead", "paragraph", "paragraph", "subhead", "paragraph", "pullquote", "paragraph",
    "subhead", "paragraph", "paragraph", "paragraph", "subhead", "paragraph", "paragraph", "bio",
]
MARKDOWN_KINDS = [
    "standfirst", "byline", "caption", "dateline", "paragraph", "paragraph", "subhead",
    "paragraph", "pullquote", "paragraph", "subhead", "paragraph", "paragraph", "subhead",
    "paragraph", "paragraph", "subhead", "paragraph", "paragraph", "bio",
]
PAGE_KINDS = [
    "headline", "byline", "dateline", "paragraph", "paragraph", "caption", "dropped", "subhead",
    "paragraph", "paragraph", "subhead", "paragraph", "dropped", "bio",
]


def parsed(article: Path):
    return parse_article(article.read_text(encoding="utf-8"), markdown=article == MARKDOWN)


@pytest.mark.parametrize(
    "article, expected, headline",
    [
        (PLAIN, PLAIN_KINDS, "Bring back the night buses"),
        (MARKDOWN, MARKDOWN_KINDS, "Free school meals pay for themselves"),
    ],
    ids=["plain", "markdown"],
)
def test_web_copy_furniture_gets_its_own_kind(article, expected, headline):
    result = parsed(article)
    assert [b["kind"] for b in result.blocks] == expected
    assert result.headline == headline  # as written
    texts = {b["kind"]: b["text"] for b in result.blocks}
    assert texts["byline"].startswith("By ") and "2025" in texts["byline"]
    assert "Photo:" in texts["caption"]
    assert texts["dateline"] in ("NORTHVALE –", "WESTMOOR —")
    assert texts["bio"].split()[1] in ("Reyes", "Lindqvist")
    # No furniture reached the body: ¶1 starts after the dateline, no ¶ repeats another.
    body = [b["text"] for b in result.paragraphs]
    assert not re.match(r"^[A-Z]{3,}", body[0])
    pullquote = texts["pullquote"].strip("“”")
    assert sum(pullquote.rstrip(".") in text for text in body) == 1


@pytest.mark.parametrize("article", [PLAIN, PAGE], ids=["night-buses", "park-hours"])
def test_every_block_whose_kind_was_a_guess_is_reported_at_its_line(article):
    """In plain text nothing but the words decides a kind: every block that is not an ordinary
    paragraph is a guess, and the author is told each one's line."""
    result = parsed(article)
    reported = {n.line for n in result.notices}
    for block in result.blocks:
        if block["kind"] != "paragraph":
            assert block["line"] in reported, block
    if article == PLAIN:  # the rhetorical question could be a subhead: kept as ¶, and said so
        question = next(n for n in result.notices if n.line == 31)
        assert question.kind == "paragraph" and "question" in question.message


def test_a_pages_own_lines_are_dropped_and_other_conventions_read(tmp_path):
    result = parsed(PAGE)
    assert [b["kind"] for b in result.blocks] == PAGE_KINDS
    by_kind = {b["kind"]: b["text"] for b in result.blocks}
    assert by_kind["byline"] == "Published: 4 June 2024"
    assert by_kind["dateline"] == "PARKSIDE, June 3 —"
    assert result.paragraphs[0]["text"].startswith("The parks board wants")
    module = load_module(make(tmp_path, PAGE) / "data")  # dropped lines keep the source whole
    shown = article_html(module)
    assert "Advertisement" not in shown and "Read more" not in shown
    assert [s.id for s in module.article.sections] == [
        "opening", "who-uses-the-parks-at-night", "what-would-work-instead"
    ]


def make(tmp_path: Path, article: Path, *options: str) -> Path:
    dest = tmp_path / article.stem
    assert main(["new", str(article), str(dest), *options]) == 0
    return dest


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_title_names_the_module_and_leaves_the_headline_as_written(tmp_path):
    dest = make(tmp_path, PLAIN, "--title", "Night buses: a module")
    meta = yaml.safe_load((dest / "data" / "module.yaml").read_text(encoding="utf-8"))
    assert meta["title"] == "Night buses: a module"
    assert meta["article"]["headline"] == "Bring back the night buses"


def test_dropping_and_rekinding_renumber_sections_titles_and_pages(tmp_path):
    dest = make(tmp_path, PLAIN)
    data = dest / "data"
    article = data / "article.yaml"
    assert ", n: " not in article.read_text(encoding="utf-8")
    before = load_module(data)
    assert before.exercise("claim-types-a-better-way-to-save").title.endswith("(¶10–¶11)")
    # One edit each: ¶2 dropped (as if it were an advert), and the rhetorical question made a
    # subhead (it gets its id from its words).
    edit(article, '{kind: paragraph, line: 11,', '{kind: dropped, line: 11,')
    edit(article, '{kind: paragraph, line: 31,', '{kind: subhead, line: 31,')
    module = load_module(data)  # no renumbering by hand, and the source still rebuilds
    numbers = [b.number for b in module.article.paragraphs]
    assert numbers == list(range(1, 10))
    assert module.article.paragraph(2).text.startswith("Transport officials")
    sections = {s.id: s.span for s in module.article.sections}
    assert sections["so-who-rides-the-last-bus"] == "¶7"
    assert sections["who-rides-after-dark"] == "¶6"
    assert module.exercise("claim-types-a-better-way-to-save").title.endswith("(¶8–¶9)")
    assert module.exercise("claim-types-the-hidden-costs").title.endswith("(¶4–¶5)")
    assert "The saving was small" not in article_html(module)  # dropped: in no page
    assert 'id="p9"' in section_html(module, "a-better-way-to-save")
    assert "Pull-quote" in article_html(module) and "Pull-quote" not in section_html(
        module, "the-hidden-costs"
    )


def test_a_typed_range_in_an_exercise_title_is_refused(tmp_path):
    dest = make(tmp_path, MARKDOWN)
    exercises = dest / "data" / "exercises.yaml"
    edit(exercises, "“What a lunch costs” ({paragraphs})", "“What a lunch costs” (¶3–¶4)")
    with pytest.raises(ModuleValidationError) as err:
        load_module(dest / "data")
    assert "types the paragraph range '¶3–¶4'" in str(err.value)
    assert "{paragraphs}" in str(err.value)


def errors_for(dest: Path, rows: str, encoding: str = "utf-8", header: str = HEADER) -> str:
    claims = dest / "data" / "claims.csv"
    claims.write_bytes(f"{header}\r\n{rows}\r\n".encode(encoding))
    try:
        load_module(dest / "data")
    except ModuleValidationError as err:
        return str(err)
    return ""


@pytest.fixture
def plain_module(tmp_path):
    return make(tmp_path, PLAIN)


def test_a_near_miss_quote_says_where_it_differs_and_gives_the_exact_text(plain_module):
    # ¶2 has "council’s" (curly); the author typed a straight apostrophe.
    message = errors_for(
        plain_module,
        "2a,2,The council's own budget paper puts it at 1.2 million a year,empirical,,assertion,"
        "A figure.",
    )
    assert "quote is not a verbatim part of ¶2" in message
    assert "you typed a straight apostrophe ', the article has a curly apostrophe ’" in message
    assert "The exact text is: The council’s own budget paper puts it at 1.2 million a year" in (
        message
    )


def test_a_quote_with_a_changed_word_gets_the_closest_passage(plain_module):
    message = errors_for(
        plain_module, "1a,1,The council said the cut would save cash,predictive,,assertion,X."
    )
    assert "it matches up to character 36" in message
    assert "then you typed 'cash' where the article has 'money and that" in message
    message = errors_for(
        plain_module, "1a,1,The board said the cut would save money,predictive,,assertion,X."
    )
    assert "the closest passage differs in character 5: you typed 'board'" in message
    assert "It reads: The council said the cut would save money" in message


def test_a_missing_paragraph_names_the_valid_range(plain_module):
    message = errors_for(plain_module, "40a,40,Anything.,empirical,,assertion,X.")
    assert "there is no ¶40 in article.yaml; the paragraphs are ¶1–¶11" in message


def test_a_misspelt_type_is_named_with_the_likely_one(plain_module):
    message = errors_for(
        plain_module, "2a,2,The saving was small.,emprical,,assertion,A figure."
    )
    assert "unknown type 'emprical' (did you mean 'empirical'?)" in message


@pytest.mark.parametrize(
    "encoding, header",
    [("utf-8-sig", HEADER), ("utf-8-sig", HEADER.replace(",", ";"))],
    ids=["excel-csv-utf8", "excel-semicolons"],
)
def test_an_excel_csv_reads_fine(plain_module, encoding, header):
    row = "2a,2,The saving was small.,evaluative,,assertion,A verdict."
    if ";" in header:
        row = row.replace(",", ";")
    assert errors_for(plain_module, row, encoding, header) == ""
    assert [c.id for c in load_module(plain_module / "data").claims] == ["2a"]


def test_a_csv_in_another_encoding_says_how_to_save_it(plain_module):
    message = errors_for(plain_module, "5a,5,“The last bus is not a luxury.,evaluative,,"
                         "assertion,A verdict.".replace("“", "\u00e9"), encoding="cp1252")
    assert "claims.csv" in message and "is not UTF-8 text" in message
    assert "CSV UTF-8" in message
    assert message.startswith("1 problem")  # one message, not one per column


def run_tasks(dest: Path, command: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "CLAIMLAB_USE_CURRENT_ENV": "1"}
    return subprocess.run(
        [sys.executable, str(dest / "tasks.py"), command], capture_output=True, text=True,
        env=env, timeout=600, check=False,
    )


@pytest.mark.parametrize(
    "row, says",
    [
        ("2a,2,The council's own budget paper,empirical,,assertion,A figure.",
         "you typed a straight apostrophe"),
        ("2a,2,The saving was small.,emprical,,assertion,A figure.", "did you mean 'empirical'"),
        ("40a,40,Anything.,empirical,,assertion,X.", "the paragraphs are ¶1–¶11"),
        ("2a,2,The council’s own budget paper,empirical,,assertion,A figure.", "CSV UTF-8"),
    ],
    ids=["quote", "type", "paragraph", "excel-cp1252"],
)
def test_build_stops_with_the_validators_message_and_no_traceback(plain_module, row, says):
    # The last case is Excel's plain "CSV (Comma delimited)": Windows-1252, not UTF-8.
    encoding = "cp1252" if says == "CSV UTF-8" else "utf-8"
    (plain_module / "data" / "claims.csv").write_bytes(f"{HEADER}\n{row}\n".encode(encoding))
    result = run_tasks(plain_module, "build")
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert "1 problem in the module" in output  # one message
    assert says in output and "claims.csv, line 2" in output
    assert "The book was not built" in output
    assert "Traceback" not in output and "CellExecutionError" not in output
    assert not (plain_module / "_build").exists()


@pytest.mark.slow
@pytest.mark.parametrize("article", [PLAIN, MARKDOWN], ids=["plain", "markdown"])
def test_both_articles_build_with_warnings_as_errors(tmp_path, article):
    """One book build per article (about 15 s each): a claim keyed, a citation in a chapter
    (the references page is there from the start), and the dateline, caption and pull-quote
    on the pages where they belong."""
    dest = make(tmp_path, article, "--author", "A. Writer", "--date", "2025-03")
    module = load_module(dest / "data")
    first = module.article.paragraph(1)
    quote = first.text.split(". ")[0] + "."
    (dest / "data" / "claims.csv").write_text(
        f"{HEADER}\n1a,1,{quote},empirical,,assertion,A report of what happened.\n",
        encoding="utf-8",
    )
    with (dest / "references.bib").open("a", encoding="utf-8") as bib:
        bib.write("\n@misc{writer2025, author = {Writer, A.}, title = {The article},"
                  " year = {2025}}\n")
    intro = dest / "book" / "intro.md"
    intro.write_text(
        intro.read_text(encoding="utf-8") + "\nThe article {cite:p}`writer2025`.\n",
        encoding="utf-8",
    )
    # The optional parts, each added by one command and filled with one entry.
    if article == PLAIN:
        assert main(["add", "factcheck", "--module", str(dest)]) == 0
        with (dest / "data" / "factcheck.csv").open("a", encoding="utf-8") as rows:
            rows.write(
                "fc01,1a,cut every bus route,accurate,The minutes record the cut.,"
                "The record matches.,writer2025\n"
            )
    else:
        for part in ("glossary", "timeline", "argument"):
            assert main(["add", part, "--module", str(dest)]) == 0
        (dest / "data" / "glossary.yaml").write_text(
            "- term: free lunch\n  definition: A meal the school pays for.\n"
            "  sources: [writer2025]\n", encoding="utf-8")
        with (dest / "data" / "timeline.csv").open("a", encoding="utf-8") as rows:
            rows.write("2019-09,Three towns start free lunches.,meals,writer2025,\n")
        (dest / "data" / "argument.yaml").write_text(
            "conclusion:\n  id: free-lunches\n  text: The writer argues for free lunches.\n"
            "  claims: [1a]\n", encoding="utf-8")
    assert main(["validate", str(dest / "data")]) == 0
    # Through the module's own `test` (validate, then every page from scratch, -W): the command
    # the guide tells authors to trust before they publish.
    result = run_tasks(dest, "test")
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-4000:]
    assert "Every page was rebuilt without a warning" in result.stdout
    html = dest / "_build" / "html"
    if article == PLAIN:
        page = (html / "book" / "fact-check.html").read_text(encoding="utf-8")
        assert 'data-cl-exercise="fact-check"' in page
    else:
        assert "A meal the school pays for." in (html / "book" / "glossary.html").read_text(
            encoding="utf-8")
        assert "Three towns start free lunches." in (
            html / "book" / "timeline.html").read_text(encoding="utf-8")
        assert 'data-cl-exercise="argument-map"' in (
            html / "book" / "argument.html").read_text(encoding="utf-8")
    opening = (html / "book" / "sections" / "1-opening.html").read_text(encoding="utf-8")
    assert 'data-cl-exercise="claim-types-opening"' in opening
    second = module.article.sections[1]
    later = (html / "book" / "sections" / f"2-{second.id}.html").read_text(encoding="utf-8")
    assert "data-cl-exercise" not in later  # no claims there yet: no exercise
    assert first.text[:40] in opening and first.text[:40] not in later
    assert second.paragraphs[0].text[:40] in later
    assert "Dateline:" in opening and "Photo caption" in opening
    assert "Pull-quote" not in opening and "Byline" not in opening
    whole = (html / "book" / "article.html").read_text(encoding="utf-8")
    for tag in ("Standfirst", "Byline", "Pull-quote", "Author bio"):
        assert tag in whole
    assert "Writer" in (html / "book" / "references.html").read_text(encoding="utf-8")
    footer = (html / "book" / "intro.html").read_text(encoding="utf-8")
    assert f"© Copyright {date.today().year}" in footer


def test_add_makes_stub_chapter_contents_line_and_references_once(plain_module):
    assert main(["add", "factcheck", "--module", str(plain_module)]) == 0
    toc = (plain_module / "_toc.yml").read_text(encoding="utf-8")
    assert toc.count("file: book/fact-check") == 1 and toc.count("file: book/references") == 1
    assert (plain_module / "book" / "fact-check.md").is_file()
    stub = (plain_module / "data" / "factcheck.csv").read_text(encoding="utf-8")
    assert stub.splitlines()[-1] == "id,claim,quote,verdict,finding,explanation,sources"
    module = load_module(plain_module / "data")  # a draft may have an empty fact-check
    assert module.exercise("fact-check").claim_ids == ()
    # Again: nothing doubled, nothing overwritten.
    (plain_module / "data" / "factcheck.csv").write_text(stub + "# mine\n", encoding="utf-8")
    assert main(["add", "factcheck", "--module", str(plain_module)]) == 0
    kept = (plain_module / "data" / "factcheck.csv").read_text(encoding="utf-8")
    assert kept.endswith("# mine\n")
    assert (plain_module / "_toc.yml").read_text(encoding="utf-8") == toc
    exercises = (plain_module / "data" / "exercises.yaml").read_text(encoding="utf-8")
    assert exercises.count("id: fact-check") == 1


def test_suggestions_quote_exactly_and_are_refused_until_confirmed(plain_module):
    data = plain_module / "data"
    assert main(["suggest", str(data)]) == 0
    lines = (data / "suggestions.csv").read_text(encoding="utf-8").splitlines()
    rows = [line for line in lines if not line.startswith("#")]
    assert rows[0] == HEADER
    module = load_module(data)
    suggested = list(csv.DictReader(rows))
    for row in suggested:
        assert row["quote"] in module.article.paragraph(int(row["paragraph"])).text
    assert not any(row["quote"].endswith("?") for row in suggested)  # questions are not claims
    should = next(r for r in suggested if " should " in r["quote"])
    assert should["type"] == "prescriptive"
    # Moved into the key as it is: refused. Confirmed by the author: keyed.
    claims = data / "claims.csv"
    claims.write_text(f"{HEADER}\n{rows[1]}\n", encoding="utf-8")
    with pytest.raises(ModuleValidationError) as err:
        load_module(data)
    assert "not yet confirmed" in str(err.value)
    first = suggested[0]
    claims.write_text(
        f"{HEADER}\n{first['id']},{first['paragraph']},\"{first['quote']}\",{first['type']},,"
        "assertion,My own reading.\n", encoding="utf-8",
    )
    assert [c.id for c in load_module(data).claims] == [first["id"]]
    assert main(["suggest", str(data)]) == 1  # the file is the author's now: never replaced


def test_sentences_cover_each_paragraph_exactly():
    from claimlab.module.articletext import sentences

    course = Path(__file__).resolve().parents[1] / "data"
    for block in load_module(course).article.paragraphs:
        found = sentences(block.text)
        assert all(s in block.text for s in found)
        assert re.sub(r"\s", "", "".join(found)) == re.sub(r"\s", "", block.text)


def test_a_complete_key_needs_no_claim_for_a_paragraph_of_questions(plain_module):
    data = plain_module / "data"
    edit(data / "module.yaml", "\nkey: draft", "\nkey: complete")
    message = errors_for(plain_module, "2a,2,The saving was small.,evaluative,,assertion,X.")
    assert "¶1 has no claim" in message and "¶9 has no claim" in message
    assert "¶8 has no claim" not in message  # "So who rides the last bus?"


def test_validate_names_a_chapter_left_behind_by_a_repair(plain_module, capsys):
    """A subhead that was really body text: one edit in article.yaml, and validation names
    everything of the old section that is left (exercise, then chapter and contents line)."""
    data = plain_module / "data"
    edit(data / "article.yaml", "{kind: subhead, id: what-the-cut-saved, line: 13,",
         "{kind: paragraph, line: 13,")
    assert main(["validate", str(data)]) == 1
    assert "no section 'what-the-cut-saved'" in capsys.readouterr().err
    exercises = data / "exercises.yaml"
    entries = yaml.safe_load(exercises.read_text(encoding="utf-8"))["exercises"]
    kept = [e for e in entries if e.get("section") != "what-the-cut-saved"]
    exercises.write_text(yaml.safe_dump({"exercises": kept}, allow_unicode=True), "utf-8")
    assert main(["validate", str(data)]) == 1
    err = capsys.readouterr().err
    assert "book/sections/2-what-the-cut-saved.md, line" in err
    assert "part.section('what-the-cut-saved') names no section" in err
    (plain_module / "book" / "sections" / "2-what-the-cut-saved.md").unlink()
    assert main(["validate", str(data)]) == 1
    assert "_toc.yml lists book/sections/2-what-the-cut-saved" in capsys.readouterr().err
    edit(plain_module / "_toc.yml", "      - file: book/sections/2-what-the-cut-saved\n", "")
    assert main(["validate", str(data)]) == 0
    # The other way: a paragraph made a subhead is a section no chapter shows yet; said so.
    edit(data / "article.yaml", "{kind: paragraph, line: 31,", "{kind: subhead, line: 31,")
    assert main(["validate", str(data)]) == 0
    assert "section 'so-who-rides-the-last-bus' (¶9) has no chapter" in capsys.readouterr().out


def test_installing_the_engine_writes_nothing_into_its_folder(plain_module, monkeypatch):
    """The module's requirements name the engine's folder; tasks.py installs a copy of it (pip
    would build in place and leave build/ there). Run without pip: what it would be given."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("module_tasks", plain_module / "tasks.py")
    tasks = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(tasks)
    engine_line = next(
        line for line in (plain_module / "requirements.txt").read_text("utf-8").splitlines()
        if line.startswith("claimlab @ file://")
    )
    engine = Path(engine_line.split("file://", 1)[1])
    given: list[str] = []

    def fake_run(command):
        requirements = Path(command[command.index("-r") + 1])
        for line in requirements.read_text("utf-8").splitlines():
            if line.startswith("claimlab @ "):
                copy = Path(line.split("file://", 1)[1])
                assert (copy / "pyproject.toml").is_file() and not (copy / ".venv").exists()
                given.append(str(copy))

    monkeypatch.setattr(tasks, "run", fake_run)
    tasks.install(Path(sys.executable))
    assert len(given) == 1 and not given[0].startswith(str(engine))


def test_a_typed_paragraph_number_is_checked_against_the_order(plain_module):
    article = plain_module / "data" / "article.yaml"
    edit(article, "{kind: paragraph, line: 11,", "{kind: paragraph, n: 3, line: 11,")
    with pytest.raises(ModuleValidationError) as err:
        load_module(plain_module / "data")
    assert "this is paragraph 2 in reading order, but n says 3" in str(err.value)
    edit(article, "n: 3, line: 11,", "n: 2, line: 11,")
    assert load_module(plain_module / "data").article.paragraph(2).line == 11


def test_a_copy_without_blank_lines_reads_each_line_as_a_block(tmp_path):
    tight = tmp_path / "tight.txt"
    lines = [line for line in PLAIN.read_text(encoding="utf-8").splitlines() if line.strip()]
    tight.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = parse_article(tight.read_text(encoding="utf-8"))
    assert [b["kind"] for b in result.blocks] == PLAIN_KINDS
    assert "no blank lines" in result.notices[0].message
    assert main(["validate", str(make(tmp_path, tight) / "data")]) == 0


def test_a_deleted_block_is_named_with_the_way_to_keep_it_out(plain_module):
    article = plain_module / "data" / "article.yaml"
    lines = article.read_text(encoding="utf-8").splitlines(keepends=True)
    article.write_text("".join(line for line in lines if "line: 23," not in line), "utf-8")
    with pytest.raises(ModuleValidationError) as err:
        load_module(plain_module / "data")
    assert "source/article.txt line 23 is not in any block" in str(err.value)
    assert "`kind: dropped`" in str(err.value)


def test_a_key_saved_back_by_a_spreadsheet_reads_fine(plain_module):
    """Excel's "CSV UTF-8" of the scaffold's claims.csv: a byte-order mark, CRLF, the note lines
    split at their commas and quoted where they hold quotes, and empty rows at the end."""
    claims = plain_module / "data" / "claims.csv"
    rows = list(csv.reader(claims.read_text(encoding="utf-8").splitlines()))
    rows.append(["2a", "2", "The saving was small.", "evaluative", "", "assertion", "A verdict."])
    rows += [[""] * 7] * 3
    with claims.open("w", encoding="utf-8-sig", newline="") as handle:
        csv.writer(handle, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL).writerows(
            [row + [""] * (7 - len(row)) for row in rows]
        )
    saved = claims.read_text(encoding="utf-8-sig")
    assert '"# Quote cells' in saved and saved.rstrip().endswith(",,,,,,")
    assert [c.id for c in load_module(plain_module / "data").claims] == ["2a"]


# --- issue 19 follow-up: what an independent new-user trial found ------------------------------


def scaffold_verdicts() -> list[str]:
    taxonomy = ROOT_SRC / "claimlab" / "authoring" / "scaffold" / "data" / "taxonomy.yaml"
    return [v["id"] for v in yaml.safe_load(taxonomy.read_text(encoding="utf-8"))["verdicts"]]


ROOT_SRC = Path(__file__).resolve().parents[1] / "src"
GUIDE = Path(__file__).resolve().parents[1] / "docs" / "authoring.md"


def test_the_fact_check_stub_and_the_guide_list_the_verdicts_the_validator_accepts(plain_module):
    # The module's own taxonomy decides: a verdict renamed there is the one the stub lists.
    taxonomy = plain_module / "data" / "taxonomy.yaml"
    edit(taxonomy, "- id: unverifiable\n", "- id: cannot-tell\n")
    assert main(["add", "factcheck", "--module", str(plain_module)]) == 0
    stub = (plain_module / "data" / "factcheck.csv").read_text(encoding="utf-8")
    listed = re.search(r"verdicts in taxonomy.yaml \(([^)]*)\)", stub).group(1).split(", ")
    module = load_module(plain_module / "data")
    assert listed == [v.id for v in module.taxonomy.verdicts]
    assert "cannot-tell" in listed and "unverifiable" not in listed
    # Every listed verdict passes the validator, and the old doc's 'false' does not.
    quote = module.article.paragraph(1).text.split(". ")[0] + "."
    (plain_module / "data" / "claims.csv").write_text(
        f'{HEADER}\n1a,1,"{quote}",empirical,,assertion,A report.\n', encoding="utf-8")
    with (plain_module / "references.bib").open("a", encoding="utf-8") as bib:
        bib.write("\n@misc{minutes2025, title = {Minutes}, year = {2025}}\n")
    statement = quote.split()[0]
    rows = [f"fc{n:02},1a,{statement},{verdict},F.,E.,minutes2025"
            for n, verdict in enumerate(listed, start=1)]
    factcheck = plain_module / "data" / "factcheck.csv"
    factcheck.write_text(stub + "\n".join(rows) + "\n", encoding="utf-8")
    assert len(load_module(plain_module / "data").factchecks) == len(listed)
    factcheck.write_text(stub + rows[0].replace(listed[0], "false") + "\n", encoding="utf-8")
    with pytest.raises(ModuleValidationError, match="unknown verdict 'false'"):
        load_module(plain_module / "data")
    # The guide's §4 lists exactly the scaffold's verdicts, in its order.
    guide = GUIDE.read_text(encoding="utf-8")
    in_guide = re.search(r"`verdict` \(([^)]*)\)", guide).group(1)
    assert re.findall(r"`([a-z-]+)`", in_guide) == scaffold_verdicts()


def module_tasks(dest: Path, monkeypatch, seen: list[tuple[list[str], str]]):
    """The module's tasks.py, with jupyter-book replaced by a stand-in that records what it was
    given and what the output folder held, and writes an index page where the book would go."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("module_tasks", dest / "tasks.py")
    tasks = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(tasks)
    monkeypatch.setattr(tasks, "python", lambda: Path(sys.executable))
    monkeypatch.setattr(tasks, "validate_first", lambda interpreter: None)

    def fake_run(command, cwd=None, env=None, **_):
        command = [str(part) for part in command]
        output = Path(command[command.index("--path-output") + 1]) if (
            "--path-output" in command) else dest
        before = sorted(str(p.relative_to(dest)) for p in (dest / "_build").rglob("*"))
        seen.append((command, env["CLAIMLAB_EDITION"], before))
        html = output / "_build" / "html"
        html.mkdir(parents=True, exist_ok=True)
        (html / "index.html").write_text("book", encoding="utf-8")
        return subprocess.CompletedProcess(command, 0)

    monkeypatch.setattr(tasks.subprocess, "run", fake_run)
    return tasks


def plant(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("from an earlier build", encoding="utf-8")


def test_module_test_rebuilds_every_page_from_nothing(plain_module, monkeypatch):
    """An incremental build reads only changed pages, so after a failed build `test` passed
    without seeing the warning again. It must start from no Sphinx state at all."""
    build = plain_module / "_build"
    for stale in (".doctrees/environment.pickle", "html/index.html",
                  "jupyter_execute/book/intro.ipynb", ".jupyter_cache/global.db"):
        plant(build / stale)
    plant(build / "graded" / "html" / "index.html")  # another edition's output is kept
    seen: list = []
    module_tasks(plain_module, monkeypatch, seen).test([])
    (command, edition, before), = seen
    assert before == ["_build/graded", "_build/graded/html", "_build/graded/html/index.html"]
    assert edition == "self-check" and "-W" in command and "-n" in command
    assert (build / "html" / "index.html").read_text(encoding="utf-8") == "book"


def test_module_build_graded_starts_fresh_and_keeps_only_the_html(plain_module, monkeypatch):
    """`build --graded` as the course's tasks.py does it: the graded edition, in a fresh work
    folder, so no self-check notebook (which holds the key) reaches its output."""
    build = plain_module / "_build"
    plant(build / "html" / "_sources" / "book" / "claim-types.ipynb")  # a self-check build
    plant(build / "graded" / ".work" / "_build" / "html" / "_sources" / "leak.ipynb")
    plant(build / "graded" / "html" / "_sources" / "leak.ipynb")
    seen: list = []
    module_tasks(plain_module, monkeypatch, seen).build(["--graded"])
    (command, edition, before), = seen
    work = build / "graded" / ".work"
    assert edition == "graded" and "-W" in command
    assert command[command.index("--path-output") + 1] == str(work)
    assert not any(".work" in entry for entry in before)  # nothing left in the work folder
    graded = sorted(str(p.relative_to(build)) for p in (build / "graded").rglob("*"))
    assert graded == ["graded/html", "graded/html/index.html"]
    # The self-check book is left as it was, and the command is documented.
    assert (build / "html" / "_sources" / "book" / "claim-types.ipynb").is_file()
    assert "build --graded" in (plain_module / "tasks.py").read_text(encoding="utf-8")
    assert "build --graded" in (plain_module / "README.md").read_text(encoding="utf-8")


def test_validate_checks_the_keys_chapters_cite(plain_module, capsys):
    """The module README says validate checks the chapters: a citation with no entry failed
    only the build, and only while its page was rebuilt."""
    with (plain_module / "references.bib").open("a", encoding="utf-8") as bib:
        bib.write("\n@misc{minutes2025, title = {Minutes}, year = {2025}}\n")
    intro = plain_module / "book" / "intro.md"
    lines = intro.read_text(encoding="utf-8").splitlines()
    lines += ["", "As {cite:p}`minutes2025,nosuchkey2026` and {cite:t}`minutes2025` say."]
    intro.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert main(["validate", str(plain_module / "data")]) == 1
    err = capsys.readouterr().err
    assert f"book/intro.md, line {len(lines)}: cites 'nosuchkey2026'" in err
    assert "references.bib" in err and "minutes2025" not in err
    intro.write_text(intro.read_text(encoding="utf-8").replace(",nosuchkey2026", ""),
                     encoding="utf-8")
    assert main(["validate", str(plain_module / "data")]) == 0
