"""HTML extraction: page metadata (JSON-LD, OpenGraph, meta tags, bylines), decoding, and the
junk patterns in several languages."""

from __future__ import annotations

import pytest

from claimgraph.text.clean import clean_text, junk_reason
from claimgraph.text.html import decode_html, extract_html, fragment_text, parse_html
from claimgraph.text.metadata import page_metadata

BODY = (
    "<p>"
    + "Germany will deliver Leopard tanks to Ukraine, officials said on Tuesday. " * 8
    + "</p>"
)


def _meta(head: str, body: str = "", url: str | None = None):
    return page_metadata(
        parse_html(f"<html><head>{head}</head><body>{body}{BODY}</body></html>"), url
    )


def test_title_prefers_the_h1_the_declared_titles_agree_with() -> None:
    meta = _meta(
        "<title>Tanks arrive in Kyiv - Example News</title>",
        "<h1>Menu</h1><h1>Tanks arrive in Kyiv</h1>",
    )
    assert meta.title == "Tanks arrive in Kyiv"


def test_title_without_site_name() -> None:
    meta = _meta(
        '<meta property="og:site_name" content="Example News">'
        "<title>Tanks arrive in Kyiv | Example News</title>"
    )
    assert meta.title == "Tanks arrive in Kyiv"
    assert meta.site_name == "Example News"


def test_authors_from_json_ld_meta_and_byline() -> None:
    ld = (
        '<script type="application/ld+json">{"@type": "NewsArticle", "author": '
        '[{"@type": "Person", "name": "Jane Roe"}, {"@type": "Person", "name": "John Doe"}]}'
        "</script>"
    )
    assert _meta(ld).authors == ["Jane Roe", "John Doe"]
    assert _meta('<meta name="author" content="By Jane Roe">').authors == ["Jane Roe"]
    org = (
        '<script type="application/ld+json">{"@type": "NewsArticle", "author": '
        '{"@type": "Organization", "name": "Example News"}}</script>'
    )
    assert _meta(org).authors == []


def test_visible_byline_is_used_when_nothing_is_declared() -> None:
    page = (
        "<html><body><div class='byline'><span class='author-name'>By Maria Keller</span>"
        "<time datetime='2024-05-02'>2 May</time></div>" + BODY + "</body></html>"
    )
    result = extract_html(page.encode())
    assert result.meta.authors == ["Maria Keller"]
    assert result.meta.published == "2024-05-02"


def test_dates_from_meta_and_url() -> None:
    assert (
        _meta('<meta property="article:published_time" content="2023-11-08T10:00">').published
        == "2023-11-08"
    )
    assert _meta("", url="https://example.org/2021/06/30/story").published == "2021-06-30"


def test_canonical_url_and_language() -> None:
    meta = _meta('<link rel="canonical" href="/a/b">', url="https://example.org/x?utm=1")
    assert meta.url == "https://example.org/a/b"
    assert page_metadata(parse_html('<html lang="uk-UA"><body>x</body></html>')).language == "uk"


def test_decoding() -> None:
    assert decode_html("Défense".encode()) == "Défense"
    declared = '<meta charset="windows-1252"><p>Défense “quoted”</p>'.encode("cp1252")
    assert "Défense “quoted”" in decode_html(declared)
    mostly_utf8 = "<p>Müller said</p>".encode() + b"\xff" + b"<p>ok</p>"
    assert "Müller" in decode_html(mostly_utf8)


def test_fragment_text_keeps_paragraphs_and_drops_scripts() -> None:
    assert (
        fragment_text("<p>One <b>two</b></p><p>three<script>x()</script></p>") == "One two\nthree"
    )


@pytest.mark.parametrize(
    "line, reason",
    [
        ("Lesen Sie auch: Panzer für die Ukraine", "related-articles prompt"),
        ("Lire aussi : Les chars arrivent", "related-articles prompt"),
        ("Lea también: Llegan los tanques", "related-articles prompt"),
        ("Читайте также: танки прибыли", "related-articles prompt"),
        ("Czytaj także: Czołgi dla Ukrainy", "related-articles prompt"),
        ("相关阅读", "related-articles prompt"),
        ("Zum Newsletter anmelden", "newsletter prompt"),
        ("Teilen Sie dies mit:", "share bar"),
        ("© Reuters/Jane Roe", "photo credit"),
        ("Crédits photos : AFP", "photo credit"),
        ("Tags: Ukraine, Russia", "category or tag list"),
        ("Anzeige", "advertisement"),
        ("Kommentar verfassen", "comment prompt"),
    ],
)
def test_junk_in_several_languages(line: str, reason: str) -> None:
    assert junk_reason(line) == reason


@pytest.mark.parametrize(
    "line",
    [
        "Tag 1 of the offensive began before dawn.",
        "Anzeigen zufolge wurden die Panzer bereits geliefert.",
        "(c) the supplier delivers spare parts;",
        "Read the statement from the ministry below.",
    ],
)
def test_content_is_not_junk(line: str) -> None:
    assert junk_reason(line) is None


def test_structural_repeats_stay_and_repeated_lede_goes() -> None:
    lede = "Ankara sends four patrol boats to Tripoli, officials say."
    result = clean_text(f"{lede}\n\n{lede}\n\nThe boats were built in Istanbul.")
    assert [r.reason for r in result.removed] == ["repeated lede or teaser"]
    question = "What did the ministry say about the deliveries?"
    table = "\n".join([question, "Answer one.", question, "Answer two.", question, "Answer three."])
    assert clean_text(table).removed == []
