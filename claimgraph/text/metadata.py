"""Metadata of a web page: title, authors, site name, publication date, canonical URL, language.

Read from what publishers put in the page for machines (JSON-LD, OpenGraph and other ``<meta>``
tags, ``<link rel=canonical>``, ``<time>``), then from what readers see (the ``<h1>``, bylines).
Tag and attribute names are data: ``resources/html.yaml``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from typing import Any
from urllib.parse import urljoin, urlsplit

from lxml import etree
from lxml.html import HtmlElement

from claimgraph.resources import load_yaml

_SPACES = re.compile(r"\s+")
_ISO_DATE = re.compile(r"((?:19|20)\d\d)-(\d\d)-(\d\d)")
_URL_DATE = re.compile(r"/((?:19|20)\d\d)[/-](\d\d)[/-](\d\d)(?:/|[^\d])")
_DOMAIN = re.compile(r"(^www\.|https?:|\.(com|org|net|de|at|ch|fr|es|it|pl|ru|uk|info|io)$)", re.I)
_TRAILING_DATE = re.compile(r"\s+(am|on|le|el|il|den|vom|\||·|•)\s.*\d.*$", re.I)
_DEGREES = {"phd", "md", "dr", "prof", "mba", "msc", "ma", "ba", "jr", "sr"}
_NAME_OK = re.compile(r"^[^\W\d_][\w.'’\- ]*[\w.]$")


@dataclass
class PageMeta:
    """What the page says about itself."""

    title: str | None = None
    authors: list[str] = field(default_factory=list)
    published: str | None = None
    site_name: str | None = None
    url: str | None = None
    language: str | None = None
    description: str | None = None


def _config() -> dict[str, Any]:
    config: dict[str, Any] = load_yaml("html.yaml")
    return config


def norm_space(text: str | None) -> str:
    """Collapse runs of whitespace; None becomes ''."""
    return _SPACES.sub(" ", text or "").strip()


def page_metadata(tree: HtmlElement, url: str | None = None) -> PageMeta:
    """Metadata of a parsed page; ``url`` is where it was fetched from, if known."""
    metas = _meta_tags(tree)
    ld = list(_json_ld_objects(tree))
    article = _main_ld(ld)
    if article is not None:
        article = _resolve_refs(article, {o["@id"]: o for o in ld if isinstance(o.get("@id"), str)})
    meta = PageMeta()
    meta.url = _canonical(tree, metas, url)
    meta.site_name = _site_name(metas, ld, meta.url)
    meta.title = _title(tree, metas, article, meta.site_name)
    meta.authors = _authors(tree, metas, article)
    meta.published = _published(tree, metas, article, meta.url)
    meta.language = _language(tree, metas)
    meta.description = norm_space(_first(metas, "description", "og:description")) or None
    return meta


def complete_metadata(meta: PageMeta, tree: HtmlElement) -> PageMeta:
    """Fill what the page's declared metadata left open from its visible parts: the byline
    (trafilatura's author patterns) and dates in the page (htmldate). The tree may be changed:
    call this after the main text is extracted."""
    if not meta.authors or all(" " not in a for a in meta.authors):
        visible = _visible_authors(tree)
        if visible and (not meta.authors or _extends(visible, meta.authors)):
            meta.authors = visible
    if not meta.published:
        meta.published = _page_date(tree, meta.url)
    return meta


def _extends(longer: list[str], shorter: list[str]) -> bool:
    """True if every short name is a word of one of the longer names ('Nils' -> 'Nils Pickert')."""
    words = {w.casefold() for name in longer for w in name.split()}
    return all(name.casefold() in words for name in shorter)


def _visible_authors(tree: HtmlElement) -> list[str]:
    """Names in the page's byline: elements marked as author or byline (most specific
    first), outside comment sections, sidebars and figures."""
    candidates = [el for el in _BYLINE_CANDIDATES(tree) if el.tag in _BYLINE_TAGS]
    candidates.sort(key=lambda el: 0 if _specific_byline(el) else 1)
    for el in candidates:
        if _in_discarded(el):
            continue
        text = norm_space(" ".join(_BYLINE_TEXT(el)))
        if 2 < len(text) < 120:
            names = [n for n in (_clean_name(n) for n in _split_names(text)) if n]
            return _dedupe(names)
    return []


_BYLINE_WORDS = ("author", "Author", "byline", "Byline", "byl", "posted-by", "journalist")
_BYLINE_CANDIDATES = etree.XPath(
    "//@class["
    + " or ".join(f"contains(., '{w}')" for w in _BYLINE_WORDS)
    + "]/.. | //@id[contains(., 'author')]/.. | //@rel[. = 'author']/.."
    + " | //@itemprop[contains(., 'author')]/.."
)
_BYLINE_TAGS = frozenset({"a", "address", "div", "p", "span", "strong", "li", "h3", "h4", "author"})
_SPECIFIC_CLASS = re.compile(
    r"(^|\s)(author-?name|authorname|author_name|byline__name)(\s|$)", re.I
)


def _specific_byline(el: HtmlElement) -> bool:
    return (
        el.get("rel") == "author"
        or el.get("id") == "author"
        or el.get("class") == "author"
        or el.get("itemprop") == "author"
        or bool(_SPECIFIC_CLASS.search(el.get("class") or ""))
    )


_BYLINE_TEXT = etree.XPath(".//text()[not(ancestor::time|ancestor::figure|ancestor::script)]")


def _in_discarded(el: HtmlElement) -> bool:
    """True inside a comment section, sidebar, figure, date or title block (``byline_discard``)."""
    pattern = _discard_pattern()
    for node in (el, *el.iterancestors()):
        if node.tag in ("time", "figure"):
            return True
        for mark in (node.get("id"), node.get("class")):
            if mark and pattern.search(mark.strip()):
                return True
    return False


@cache
def _discard_pattern() -> re.Pattern[str]:
    return re.compile(_config()["byline_discard"])


def _page_date(tree: HtmlElement, url: str | None) -> str | None:
    from htmldate import find_date

    try:
        found = find_date(
            tree,
            url=url,
            original_date=True,
            extensive_search=False,
            max_date=date.today().isoformat(),
        )
    except Exception:  # htmldate gives up on some trees
        return None
    return _iso_date(found) if found else None


# -- raw material -------------------------------------------------------------------------


def _meta_tags(tree: HtmlElement) -> dict[str, list[str]]:
    """``<meta>`` contents by lower-cased name/property/itemprop (first occurrences first)."""
    found: dict[str, list[str]] = {}
    for el in tree.iter("meta"):
        content = el.get("content")
        if not content or not content.strip():
            continue
        for attr in ("property", "name", "itemprop", "http-equiv"):
            key = el.get(attr)
            if key:
                found.setdefault(key.strip().lower(), []).append(content.strip())
    return found


def _first(metas: dict[str, list[str]], *keys: str) -> str | None:
    for key in keys:
        values = metas.get(key)
        if values:
            return values[0]
    return None


def _json_ld_objects(tree: HtmlElement) -> Iterator[dict[str, Any]]:
    """Every JSON-LD object of the page, ``@graph`` members and nested lists flattened."""
    for script in tree.xpath('//script[contains(@type, "ld+json")]'):
        raw = script.text or ""
        if len(raw) > 500_000:
            continue
        try:
            data = json.loads(raw)
        except ValueError:
            continue
        yield from _flatten(data, 0)


def _flatten(data: Any, depth: int) -> Iterator[dict[str, Any]]:
    if depth > 4:
        return
    if isinstance(data, list):
        for item in data:
            yield from _flatten(item, depth + 1)
    elif isinstance(data, dict):
        yield data
        if "@graph" in data:
            yield from _flatten(data["@graph"], depth + 1)


def _resolve_refs(article: dict[str, Any], by_id: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """The article with ``{"@id": ...}`` authors and publisher replaced by the objects named."""

    def resolve(value: Any) -> Any:
        if isinstance(value, list):
            return [resolve(v) for v in value]
        if isinstance(value, dict) and set(value) <= {"@id", "@type"} and value.get("@id") in by_id:
            return by_id[value["@id"]]
        return value

    return {
        **article,
        "author": resolve(article.get("author")),
        "publisher": resolve(article.get("publisher")),
    }


def _types(obj: dict[str, Any]) -> set[str]:
    value = obj.get("@type", [])
    return {str(t) for t in (value if isinstance(value, list) else [value])}


def _main_ld(objects: list[dict[str, Any]]) -> dict[str, Any] | None:
    """The JSON-LD object describing the article itself."""
    kinds = set(_config()["json_ld_article_types"])
    for obj in objects:
        if _types(obj) & kinds:
            return obj
    return None


# -- fields -------------------------------------------------------------------------------


def _canonical(tree: HtmlElement, metas: dict[str, list[str]], url: str | None) -> str | None:
    for href in tree.xpath('//link[@rel="canonical"]/@href'):
        if href.strip():
            return _absolute(href.strip(), url)
    og = _first(metas, "og:url")
    if og:
        return _absolute(og, url)
    return url


def _absolute(href: str, base: str | None) -> str | None:
    joined = urljoin(base, href) if base else href
    return joined if urlsplit(joined).scheme in ("http", "https") else (base or None)


def _site_name(
    metas: dict[str, list[str]], ld: list[dict[str, Any]], url: str | None
) -> str | None:
    name = _first(metas, "og:site_name", "application-name", "twitter:site:name")
    if not name:
        for obj in ld:
            publisher = obj.get("publisher")
            if isinstance(publisher, dict) and isinstance(publisher.get("name"), str):
                name = publisher["name"]
                break
            is_site = bool(_types(obj) & {"WebSite", "Organization", "NewsMediaOrganization"})
            if is_site and isinstance(obj.get("name"), str):
                name = obj["name"]
                break
    return norm_space(name) or None


def _title(
    tree: HtmlElement,
    metas: dict[str, list[str]],
    article: dict[str, Any] | None,
    site: str | None,
) -> str | None:
    """The headline: the ``<h1>`` that the page's declared titles agree with, else the
    declared title without the site name."""
    declared = [
        norm_space(t)
        for t in (
            _first(metas, "og:title"),
            article.get("headline")
            if article and isinstance(article.get("headline"), str)
            else None,
            _first(metas, "twitter:title"),
            _first(metas, "headline", "title", "dc.title"),
            tree.findtext(".//title"),
        )
        if t and norm_space(t)
    ]
    headings = [norm_space(h.text_content()) for h in tree.iter("h1")]
    headings = [h for h in headings if 3 <= len(h) <= 300]
    keys = [_key(d) for d in declared]
    for heading in headings:
        key = _key(heading)
        if key and any(key == k or (len(key) >= 12 and key in k) for k in keys):
            return heading
    if declared:
        return _strip_site(declared[0], site)
    if len(headings) == 1:
        return headings[0]
    return None


def _key(text: str) -> str:
    return re.sub(r"\W+", " ", text.casefold()).strip()


def _strip_site(title: str, site: str | None) -> str:
    """'Headline | Site' -> 'Headline' (also ' - ', ' – ', ' — ', ' :: ', ' · ')."""
    parts = re.split(r"\s+(?:\||-|–|—|::|·|»)\s+", title)
    if len(parts) < 2:
        return title
    if site:
        skey = _key(site)
        kept = [p for p in parts if _key(p) != skey and skey not in _key(p)]
        if kept and len(kept) < len(parts):
            return " - ".join(kept)
    # the longest part is the headline; the site name is the short end piece
    longest = max(parts, key=len)
    return longest if len(longest) >= 0.5 * len(title) else title


def _authors(
    tree: HtmlElement, metas: dict[str, list[str]], article: dict[str, Any] | None
) -> list[str]:
    names: list[str] = []
    if article:
        names = _ld_names(article.get("author"))
    if not names:
        for key in _config()["author_meta"]:
            for value in metas.get(key, []):
                names += _split_names(value)
            if names:
                break
    return _dedupe([n for n in (_clean_name(n) for n in names) if n])


def _ld_names(value: Any) -> list[str]:
    if isinstance(value, str):
        return _split_names(value)
    if isinstance(value, dict):
        if _types(value) & {"Organization", "NewsMediaOrganization", "Corporation"}:
            return []
        name = value.get("name")
        if isinstance(name, str):
            return [name]
        if isinstance(name, list):
            return [n for n in name if isinstance(n, str)]
        return []
    if isinstance(value, list):
        return [n for item in value for n in _ld_names(item)]
    return []


def _split_names(value: str) -> list[str]:
    if value.startswith(("http://", "https://", "/")):
        return []
    return [p for p in re.split(r"\s*(?:;|,|\band\b|\bund\b|\bet\b|\by\b|&)\s*", value) if p]


def _clean_name(name: str) -> str | None:
    config = _config()
    name = norm_space(name)
    name = re.sub(config["author_prefix"], "", name, flags=re.IGNORECASE)
    name = _TRAILING_DATE.sub("", name)
    name = re.sub(config["author_suffix"], "", name, flags=re.IGNORECASE).strip(" ,:|-")
    if name.split(" ", 1)[0].casefold() in config["not_name_starts"]:
        return None
    if any(ch.isdigit() for ch in name) or name.casefold().strip(".") in _DEGREES:
        return None
    if not name or len(name) > 60 or len(name.split()) > 5:
        return None
    if name.casefold() in config["author_stopwords"] or _DOMAIN.search(name) or "@" in name:
        return None
    return name if _NAME_OK.match(name) else None


def _dedupe(items: list[str]) -> list[str]:
    seen: set[str] = set()
    out = []
    for item in items:
        key = item.casefold()
        if key not in seen:
            seen.add(key)
            out.append(item)
    return out


def _published(
    tree: HtmlElement,
    metas: dict[str, list[str]],
    article: dict[str, Any] | None,
    url: str | None,
) -> str | None:
    candidates: list[str | None] = []
    if article:
        candidates += [article.get("datePublished"), article.get("dateCreated")]
    candidates += [_first(metas, key) for key in _config()["date_meta"]]
    candidates += [str(t) for t in tree.xpath("//time[@datetime]/@datetime")[:1]]
    for value in candidates:
        found = _iso_date(value) if isinstance(value, str) else None
        if found:
            return found
    if url:
        match = _URL_DATE.search(url)
        if match:
            return _valid(*match.groups())
    return None


def _iso_date(value: str) -> str | None:
    match = _ISO_DATE.search(value)
    return _valid(*match.groups()) if match else None


def _valid(year: str, month: str, day: str) -> str | None:
    try:
        return date(int(year), int(month), int(day)).isoformat()
    except ValueError:
        return None


def _language(tree: HtmlElement, metas: dict[str, list[str]]) -> str | None:
    value = tree.get("lang") or _first(metas, "content-language", "og:locale", "language")
    if not value:
        return None
    code = re.split(r"[-_,; ]", value.strip().lower())[0]
    return code if re.fullmatch(r"[a-z]{2,3}", code) else None
