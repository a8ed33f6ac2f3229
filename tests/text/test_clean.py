"""Cleaning: junk out with reasons, lede once, headings, byline and AI disclosure."""

from claimgraph.text.clean import build_document, clean_text, find_authors, junk_reason

PAGE = """Ankara sends patrol boats to Tripoli, officials say.
Others are reading now
Ankara sends patrol boats to Tripoli, officials say.
What we know

Turkey has reportedly delivered four patrol boats to Libya's coast guard.
Also read
Share this article
Photo: Reuters
Sign up for our daily defence newsletter in your inbox
A quiet deal

The boats were built in Istanbul.
By Maria Keller | Defence desk
This report was written with the help of AI tools and checked by an editor.
"""


def test_junk_lines_are_removed_with_reasons() -> None:
    result = clean_text(PAGE)
    removed = {r.text: r.reason for r in result.removed}
    assert removed["Others are reading now"] == "related-articles prompt"
    assert removed["Also read"] == "related-articles prompt"
    assert removed["Share this article"] == "share bar"
    assert removed["Photo: Reuters"] == "photo credit"
    assert "newsletter" in removed["Sign up for our daily defence newsletter in your inbox"]
    for line, reason in removed.items():
        if reason != "repeated lede or teaser":
            assert line not in result.text.split("\n")


def test_lede_is_kept_once() -> None:
    result = clean_text(PAGE)
    assert result.text.count("Ankara sends patrol boats to Tripoli, officials say.") == 1
    assert any(r.reason == "repeated lede or teaser" for r in result.removed)


def test_headings_byline_and_disclosure() -> None:
    doc = build_document(PAGE)
    assert [h.text for h in doc.headings] == ["What we know", "A quiet deal"]
    assert doc.authors == ["Maria Keller"]
    assert doc.ai_disclosure is not None
    assert "help of AI" in doc.ai_disclosure.text
    assert doc.text[doc.ai_disclosure.start : doc.ai_disclosure.end] == doc.ai_disclosure.text


def test_content_lines_are_not_junk() -> None:
    assert junk_reason("Russia has reportedly agreed to supply tanks.") is None
    assert (
        junk_reason("Read more about the deal in our archive of reports on Libya and Turkey")
        is not None
    )
    assert junk_reason("The ministry said it would share more details later.") is None


def test_find_authors_patterns() -> None:
    assert find_authors("By John Smith and Ana Ruiz") == ["John Smith", "Ana Ruiz"]
    assert find_authors("This article was written by Lea Brandt, who covers defence") == [
        "Lea Brandt"
    ]
    assert find_authors("by the way, nothing here") is None


def test_publication_date_from_text() -> None:
    doc = build_document("Published 3 June 2024\n\nThe army said on Monday it had received drones.")
    assert doc.published == "2024-06-03"
    assert doc.published_precision == "day"


def test_document_id_is_stable_over_whitespace() -> None:
    a = build_document("Turkey delivered drones to Qatar.\n")
    b = build_document("Turkey delivered drones to Qatar.   \n\n")
    assert a.id == b.id


def test_published_must_be_an_iso_date() -> None:
    import pytest

    from claimgraph.errors import InputError

    for bad in ("yesterday", "2025-13-01", "2025-02-30"):
        with pytest.raises(InputError):
            build_document("Iran sent drones to Sudan.", published=bad)
    assert build_document("Iran sent drones.", published="2025-09").published_precision == "month"
