"""Duplicates, syndication, templated reports and translations, on texts written for these
tests (fingerprints only: no language pipeline)."""

from __future__ import annotations

import random

from claimgraph.analysis.dedup import DocClusters, cluster_documents, compare
from claimgraph.analysis.fingerprint import (
    DocFeatures,
    build_features,
    features_many,
    strip_credits,
)

WIRE = (
    "TAIPEI (AP) - Taiwan's navy said on Friday it tracked 14 Chinese warships and 32 aircraft "
    "around the island over 24 hours, the largest deployment since August. The defence "
    "minister said the drills were meant to intimidate the island's people and that the armed "
    "forces had raised their readiness level for the rest of the week."
)
TEMPLATE = (
    "{place} (Reuters) - A roadside bomb killed {n} soldiers near {place} on {day}, the "
    "provincial governor said. No group claimed responsibility for the attack, the {nth} in "
    "the province this month, and the army said it had sent reinforcements to the district."
)
EVENTS = [
    dict(place="Kandahar", n="four", day="Monday", nth="third"),
    dict(place="Helmand", n="seven", day="Tuesday", nth="fifth"),
    dict(place="Kunduz", n="2", day="Wednesday", nth="second"),
    dict(place="Kandahar", n="9", day="Monday", nth="sixth"),
]
RUSSIAN = (
    "ТАЙБЭЙ. ВМС Тайваня за 24 часа зафиксировали у острова 14 китайских военных кораблей и "
    "32 самолёта, это крупнейшее развёртывание с августа."
)


def _features(*docs: tuple[str, str], language: str = "en", day: str = "2024-05-24") -> list:
    return features_many(
        [build_features(doc_id=i, text=t, language=language, published=day) for i, t in docs]
    )


def _cluster(*docs: tuple[str, str]) -> DocClusters:
    return cluster_documents(_features(*docs))


def _same(clusters: DocClusters, level: str, *ids: str) -> bool:
    assign = clusters.origin if level == "origin" else clusters.event
    return len({assign[i] for i in ids}) == 1


def test_credits_are_stripped_and_the_wire_is_named() -> None:
    parts = strip_credits("KABUL (Reuters) - Three people were killed on Saturday.")
    assert parts.body.startswith("Three people")
    assert parts.wire == "media:reuters" and parts.place == "KABUL"
    assert strip_credits("AP - Officials said Sunday.").wire == "media:ap"
    assert strip_credits("Officials said on Sunday (AFP)").wire == "media:afp"
    assert strip_credits("Officials said.", outlet="The Associated Press").wire == "media:ap"
    assert strip_credits("Officials said.", title="Blast kills three (AP)").wire == "media:ap"


def test_wire_copies_with_and_without_credit_and_truncated_resend_are_one_origin() -> None:
    clusters = _cluster(
        ("wire", WIRE),
        ("no-credit", WIRE.replace("TAIPEI (AP) - ", "")),
        ("tagged", WIRE.replace(" (AP)", "") + " (AP)"),
        ("truncated", WIRE[: WIRE.index(" The defence")] + " ..."),
    )
    assert _same(clusters, "origin", "wire", "no-credit", "tagged", "truncated")
    kinds = {link.kind for link in clusters.links}
    assert {"wire_copy", "truncated"} <= kinds
    (record,) = clusters.clusters.values()
    assert record.source is not None and record.source.id == "media:ap"
    assert record.earliest in {"wire", "no-credit", "tagged", "truncated"}
    assert len(record.documents) == 4


def test_earliest_document_is_by_publication_date() -> None:
    items = [
        build_features(doc_id="late", text=WIRE, published="2024-05-25"),
        build_features(doc_id="early", text=WIRE.replace(" (AP)", ""), published="2024-05-24"),
    ]
    clusters = cluster_documents(features_many(items))
    (record,) = clusters.clusters.values()
    assert record.earliest == "early" and record.earliest_published == "2024-05-24"


def test_templated_reports_of_different_events_never_merge() -> None:
    days = ["2024-05-06", "2024-05-07", "2024-05-08", "2024-05-20"]
    items = [
        build_features(doc_id=f"t{i}", text=TEMPLATE.format(**facts), published=day)
        for i, (facts, day) in enumerate(zip(EVENTS, days, strict=True))
    ]
    clusters = cluster_documents(features_many(items))
    assert len(set(clusters.origin.values())) == len(items)
    assert len(set(clusters.event.values())) == len(items)
    assert not clusters.links


def test_same_boilerplate_same_place_and_day_other_figure_is_not_a_copy() -> None:
    """Another death toll for the same place and day: the same event (its figures contradict
    each other), never the same origin."""
    clusters = _cluster(("a", TEMPLATE.format(**EVENTS[0])), ("b", TEMPLATE.format(**EVENTS[3])))
    assert not _same(clusters, "origin", "a", "b")
    assert _same(clusters, "event", "a", "b")


def test_templated_report_and_its_copy_do_merge() -> None:
    text = TEMPLATE.format(**EVENTS[0])
    clusters = _cluster(("a", text), ("b", text.replace("Kandahar (Reuters) - ", "")))
    assert _same(clusters, "origin", "a", "b")


def test_same_event_in_other_words_is_one_event_not_one_origin() -> None:
    rewrite = (
        "Taiwan counted 14 Chinese warships and 32 military aircraft around the island on "
        "Friday, the largest deployment since August, and its defence minister said the drills "
        "were meant to intimidate the people of the island."
    )
    clusters = _cluster(("wire", WIRE), ("rewrite", rewrite))
    assert _same(clusters, "event", "wire", "rewrite")
    assert not _same(clusters, "origin", "wire", "rewrite")


def test_translation_is_flagged_as_one_origin() -> None:
    (english,) = _features(("en", WIRE))
    (russian,) = _features(("ru", RUSSIAN), language="ru")
    link = compare(english, russian)
    assert link is not None and link.kind == "translation" and link.level == "origin"
    clusters = cluster_documents([english, russian])
    assert clusters.clusters[clusters.origin["en"]].translated
    assert clusters.clusters[clusters.origin["en"]].languages == ["en", "ru"]


def test_other_figures_in_another_language_are_not_a_translation() -> None:
    (english,) = _features(("en", WIRE))
    (russian,) = _features(("ru", RUSSIAN.replace("14", "9").replace("32", "11")), language="ru")
    assert compare(english, russian) is None


def test_clusters_do_not_depend_on_input_order() -> None:
    docs = [(f"t{i}", TEMPLATE.format(**facts)) for i, facts in enumerate(EVENTS)]
    docs += [("wire", WIRE), ("copy", WIRE.replace(" (AP)", "")), ("copy2", WIRE + " (AP)")]
    features: list[DocFeatures] = _features(*docs)
    first = cluster_documents(features)
    shuffled = features[:]
    random.Random(3).shuffle(shuffled)
    second = cluster_documents(shuffled)
    assert first.origin == second.origin and first.event == second.event
