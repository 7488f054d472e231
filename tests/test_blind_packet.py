"""The blind-labelling packet leaks nothing from the key; agreement figures are computed right.

Issue 20 measures the support procedure with fresh annotators who see only what
tools/blind_packet.py writes; tools/agreement.py compares their labels with the key and with each
other. Both are checked here on the real module and on small labellings whose figures are known.
"""

from __future__ import annotations

import csv
import importlib.util
from pathlib import Path

import pytest

from conftest import ROOT


def tool(name: str):
    spec = importlib.util.spec_from_file_location(name, ROOT / "tools" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


blind_packet = tool("blind_packet")
agreement = tool("agreement")


@pytest.fixture(scope="module")
def packet(module, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("packet")
    blind_packet.write_packet(module, out)
    return out


def test_the_packet_holds_the_taxonomy_article_and_quotes(module, packet):
    assert sorted(p.name for p in packet.iterdir()) == sorted(blind_packet.FILES)
    taxonomy = (packet / "taxonomy.md").read_text(encoding="utf-8")
    for case in module.taxonomy.support_cases:
        assert case.answer in taxonomy and case.example in taxonomy
    for step in module.taxonomy.support_procedure:
        assert step in taxonomy
    article = (packet / "article.md").read_text(encoding="utf-8")
    body = [b for b in module.article.blocks if b.kind == "paragraph"]
    assert all(f"¶{b.number} {b.text}" in article for b in body)
    with (packet / "claims.csv").open(encoding="utf-8", newline="") as stream:
        rows = list(csv.DictReader(stream))
    assert [(r["id"], r["quote"]) for r in rows] == [(c.id, c.quote) for c in module.claims]


def test_the_packet_leaks_nothing_from_the_key(module, packet):
    assert blind_packet.check_blind(module, packet) == []
    everything = "".join(p.read_text(encoding="utf-8") for p in packet.iterdir())
    for claim in module.claims:
        assert claim.explanation not in everything, claim.id


def test_a_leak_is_caught(module, packet, tmp_path):
    for name in blind_packet.FILES:
        (tmp_path / name).write_text((packet / name).read_text(encoding="utf-8"), encoding="utf-8")
    claim = module.claims[0]
    with (tmp_path / "taxonomy.md").open("a", encoding="utf-8") as stream:
        stream.write(f"\nExample (claim {claim.id}): {claim.explanation}\n")
    problems = blind_packet.check_blind(module, tmp_path)
    assert f"explanation of {claim.id}" in problems
    assert any(f"claim id {claim.id}" in p for p in problems)


def key_labels(module) -> dict[str, dict[str, str]]:
    return {c.id: {"type": c.type, "support": c.support} for c in module.claims}


def test_labels_equal_to_the_key_agree_fully(module):
    result = agreement.against_key(list(module.claims), key_labels(module))
    assert result["n"] == len(module.claims)
    assert result["type"] == (1.0, 1.0) and result["support"] == (1.0, 1.0)
    assert result["type_differ"] == [] and result["support_differ"] == []


def test_an_accepted_alternative_counts_only_in_the_accepted_figure(module):
    claims = list(module.claims)
    with_alternative = next(c for c in claims if c.alternatives)
    without = next(c for c in claims if not c.alternatives and c.type != "empirical")
    labels = key_labels(module)
    labels[with_alternative.id]["type"] = with_alternative.alternatives[0]
    labels[without.id]["type"] = "empirical"
    result = agreement.against_key(claims, labels)
    share, _ = result["type"]
    accepted_share, _ = result["type_accepted"]
    assert share == pytest.approx((len(claims) - 2) / len(claims))
    assert accepted_share == pytest.approx((len(claims) - 1) / len(claims))


def test_kappa_between_labellers_and_their_shared_departures(module, tmp_path):
    claims = list(module.claims)
    first, second = key_labels(module), key_labels(module)
    target = next(c for c in claims if c.support != "assertion")
    for labels in (first, second):
        labels[target.id]["support"] = "assertion"
    other = next(c for c in claims if c.support != "reasoning" and c.id != target.id)
    second[other.id]["support"] = "reasoning"
    pair = agreement.between(first, second)
    assert pair["n"] == len(claims) and pair["type"] == (1.0, 1.0)
    assert pair["support"][0] == pytest.approx((len(claims) - 1) / len(claims))
    assert agreement.shared_departures(claims, [first, second]) == [
        (target.id, "support", target.support, "assertion")
    ]
    path = tmp_path / "labels.csv"
    path.write_text("id,type,support\n" + "".join(
        f"{i},{v['type'].title()},{v['support']}\n" for i, v in first.items()
    ) + "99z,,\n", encoding="utf-8")
    assert agreement.read_labels(path) == first  # labels lower-cased, an empty row left out
