"""`claimlab new`: an article that is not this course's, in both input forms, becomes a module
that validates, builds, shows its paragraphs section by section, and shows an exercise once its
key has a claim. The two articles are invented for these tests."""

from __future__ import annotations

from pathlib import Path

import markupsafe
import pytest
import yaml

from claimlab import load_module
from claimlab.cli import main
from claimlab.module.articletext import parse_article
from claimlab.module.errors import ModuleValidationError
from claimlab.pages.render import exercise_html, section_html

ARTICLES = Path(__file__).resolve().parent / "fixtures" / "articles"
PLAIN = ARTICLES / "bike-lanes.txt"
MARKDOWN = ARTICLES / "library-hours.md"
CLAIM = '4a,4,Lanes would pay for themselves within ten years.,predictive,,assertion,Looks ahead.\n'


def kinds(parsed):
    return [(b["kind"], b.get("id")) for b in parsed.blocks]


def test_plain_text_subheads_are_short_unpunctuated_lines_between_paragraphs():
    parsed = parse_article(PLAIN.read_text())
    assert ("subhead", "what-the-lanes-cost") in kinds(parsed)
    assert len(parsed.paragraphs) == 7
    assert all("n" not in b for b in parsed.blocks)  # numbers come from the order, never typed
    wrapped = parsed.paragraphs[1]
    assert wrapped["line"] == 3 and wrapped["lines"] == 2
    assert wrapped["text"].startswith("The council voted") and "\n" not in wrapped["text"]
    # "Who would use them?" could be a subhead: kept as a paragraph, and reported with its line.
    # "Who would use them?" could be a subhead: kept as a paragraph, and reported with its line,
    # as is the subhead, whose kind is a guess too.
    assert [(n.line, n.kind) for n in parsed.notices] == [(8, "subhead"), (13, "paragraph")]
    assert "question" in parsed.notices[1].message


def test_plain_text_reports_what_it_cannot_decide():
    text = "Bring back the lanes\n\nThe lanes worked.\n\nCosts\n\nThey are cheap.\n\nA. Writer\n"
    parsed = parse_article(text)
    assert kinds(parsed) == [
        ("headline", None), ("paragraph", None), ("subhead", "costs"), ("paragraph", None),
        ("byline", "byline-1"),
    ]
    assert parsed.headline == "Bring back the lanes"
    # Every guess is reported: the headline, ¶1 (or a standfirst?), the subhead, the sign-off.
    assert [n.line for n in parsed.notices] == [1, 3, 5, 9]


def test_markdown_headline_standfirst_subheads_and_reported_list():
    parsed = parse_article(MARKDOWN.read_text(), markdown=True)
    assert parsed.headline == "Keep the library open in the evening"
    assert parsed.blocks[0] == {
        "kind": "standfirst", "line": 3,
        "text": "Cutting evening hours saves little and costs the students who need the "
        "library most.",
    }
    assert [b["id"] for b in parsed.blocks if b["kind"] == "subhead"] == [
        "the-case-for-the-cut", "a-better-plan"
    ]
    assert parsed.paragraphs[1]["text"].startswith(
        "Students who work in the day depend"  # **depend**: the emphasis marks are gone
    )
    assert [(n.line, "list" in n.message) for n in parsed.notices] == [(16, True)]
    assert all(b["kind"] != "headline" for b in parsed.blocks)  # '# ' is module.yaml's headline


def test_an_article_without_paragraphs_is_refused(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("\n\n")
    assert main(["new", str(empty), str(tmp_path / "m")]) == 1
    assert not (tmp_path / "m").exists()


def make(tmp_path: Path, article: Path, *options: str) -> Path:
    dest = tmp_path / article.stem
    assert main(["new", str(article), str(dest), *options]) == 0
    return dest


@pytest.mark.parametrize("article", [PLAIN, MARKDOWN], ids=["plain", "markdown"])
def test_new_module_validates_and_renders_section_by_section(tmp_path, article):
    dest = make(tmp_path, article, "--author", "A. Writer", "--date", "2021-05")
    for name in ("_config.yml", "_toc.yml", "requirements.txt", "README.md", "tasks.py",
                 "references.bib", "data/claims.csv", "data/taxonomy.yaml", "data/rubric.yaml"):
        assert (dest / name).is_file(), name
    source = dest / "data" / "source" / ("article.md" if article == MARKDOWN else "article.txt")
    assert source.read_bytes() == article.read_bytes()  # kept verbatim
    meta = yaml.safe_load((dest / "data" / "module.yaml").read_text())
    assert meta["key"] == "draft"
    assert meta["article"]["author"] == "A. Writer" and meta["article"]["published"] == "2021-05"
    assert main(["validate", str(dest / "data")]) == 0
    module = load_module(dest / "data")
    assert module.claims == ()
    toc = (dest / "_toc.yml").read_text()
    for number, section in enumerate(module.article.sections, start=1):
        if not section.paragraphs:
            continue
        assert f"book/sections/{number}-{section.id}" in toc
        html = section_html(module, section.id)
        for block in module.article.paragraphs:  # its own paragraphs, and no other section's
            shown = str(markupsafe.escape(block.text)) in html
            assert shown == (block in section.paragraphs), block.number


def test_draft_key_grows_and_a_complete_key_needs_every_paragraph(tmp_path):
    dest = make(tmp_path, PLAIN)
    with (dest / "data" / "claims.csv").open("a") as handle:
        handle.write(CLAIM)
    module = load_module(dest / "data")
    exercise = module.exercise("claim-types-what-the-lanes-cost")
    assert exercise.claim_ids == ("4a",)
    assert 'data-cl-claim="4a"' in exercise_html(module, exercise.id)
    assert module.exercise("claim-types-opening").claim_ids == ()
    module_yaml = dest / "data" / "module.yaml"
    module_yaml.write_text(module_yaml.read_text().replace("key: draft", "key: complete"))
    with pytest.raises(ModuleValidationError) as err:
        load_module(dest / "data")
    assert "¶1 has no claim" in str(err.value) and "¶4 has no claim" not in str(err.value)
    assert "author" in str(err.value)  # a complete module names its author


def test_a_bad_row_is_reported_at_its_line_in_the_commented_csv(tmp_path):
    dest = make(tmp_path, PLAIN)
    claims = dest / "data" / "claims.csv"
    header_line = claims.read_text().splitlines().index(
        "id,paragraph,quote,type,alternatives,support,explanation"
    ) + 1
    with claims.open("a") as handle:
        handle.write(CLAIM.replace("predictive", "forecast"))
    with pytest.raises(ModuleValidationError) as err:
        load_module(dest / "data")
    assert f"claims.csv, line {header_line + 1} (claim 4a)" in str(err.value)


def test_wrapped_source_lines_are_checked(tmp_path):
    dest = make(tmp_path, PLAIN)
    article = dest / "data" / "article.yaml"
    article.write_text(article.read_text().replace("it should reverse it", "it must reverse it"))
    with pytest.raises(ModuleValidationError) as err:
        load_module(dest / "data")
    assert "text differs from source/article.txt line 3" in str(err.value)


def test_refuses_a_folder_in_use(tmp_path, capsys):
    dest = tmp_path / "taken"
    dest.mkdir()
    (dest / "notes.txt").write_text("mine")
    assert main(["new", str(PLAIN), str(dest)]) == 1
    assert "not an empty folder" in capsys.readouterr().err
    assert [p.name for p in dest.iterdir()] == ["notes.txt"]
