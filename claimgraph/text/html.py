"""Main text of a web page: trafilatura, with a fallback when it finds nothing or too little.

The page is decoded (BOM, declared charset, UTF-8, else charset-normalizer) and parsed once with
lxml; metadata (``metadata.py``) and main text are read from the same tree. Nothing in the page
is ever executed: scripts, styles and templates are dropped as text.
"""

from __future__ import annotations

import codecs
import logging
import re
import unicodedata
from dataclasses import dataclass, field

from lxml import etree
from lxml.html import HtmlElement

from claimgraph.errors import InputError
from claimgraph.text.metadata import PageMeta, complete_metadata, norm_space, page_metadata

log = logging.getLogger(__name__)

THOROUGH_BELOW = 1000
"""When trafilatura's fast pass finds less text than this, its thorough pass is run (on the
benchmark pages this keeps its thorough-mode F1 at about half its cost)."""
MIN_TEXT_CHARS = 250
"""Main text shorter than this is 'too little': the fallback is tried and kept if longer."""

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([a-zA-Z0-9_\-:.]+)""", re.I)
_INVISIBLE = ("script", "style", "noscript", "template", "svg", "iframe", "object", "embed")
_CHROME = ("nav", "header", "footer", "aside", "form", "button", "select", "menu")
_VISIBLE_TEXT = etree.XPath(
    ".//text()[not(" + "|".join(f"ancestor::{tag}" for tag in _INVISIBLE) + ")]"
)
_BLOCKS = ("p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre", "td", "dd")


@dataclass
class HtmlExtract:
    """Main text of a page and its metadata."""

    text: str
    meta: PageMeta
    method: str = "trafilatura"
    warnings: list[str] = field(default_factory=list)


def decode_html(data: bytes, charset: str | None = None) -> str:
    """Decode a page: BOM, the HTTP charset, UTF-8, the ``<meta>`` charset, then detection.

    A page that is UTF-8 but for a few stray bytes stays UTF-8 (the stray bytes replaced).
    """
    for bom, codec in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            return data.decode(codec, errors="replace")
    declared = _META_CHARSET.search(data[:4096])
    names = [charset, "utf-8", declared.group(1).decode("ascii", "ignore") if declared else None]
    for name in names:
        if name:
            try:
                return data.decode(_codec(name))
            except (LookupError, UnicodeDecodeError):
                continue
    lenient = data.decode("utf-8", errors="replace")
    if lenient.count("\ufffd") <= max(3, len(data) // 2000):
        return lenient
    from charset_normalizer import from_bytes

    sample = data if len(data) < 20_000 else data[:10_000] + data[-10_000:]
    best = from_bytes(sample).best()
    if best is not None:
        try:
            return data.decode(best.encoding, errors="replace")
        except LookupError:
            pass
    return lenient


def _codec(name: str) -> str:
    """Browsers read latin-1 and ascii declarations as Windows-1252."""
    name = name.strip().lower()
    return "cp1252" if name in ("iso-8859-1", "latin-1", "latin1", "ascii", "us-ascii") else name


def parse_html(text: str, name: str = "page") -> HtmlElement:
    """Parse a page (or a fragment) into an lxml tree, or raise a clear :class:`InputError`."""
    from trafilatura.utils import load_html

    tree = load_html(text) if text.strip() else None
    if tree is None and text.strip():
        tree = load_html(f"<html><body><div>{text}</div></body></html>")
    if tree is None:
        raise InputError(f"{name}: not a readable HTML page")
    return tree


def extract_html(
    data: bytes | str, *, url: str | None = None, charset: str | None = None, name: str = "page"
) -> HtmlExtract:
    """Main text and metadata of a page given as bytes or text."""
    text = data if isinstance(data, str) else decode_html(data, charset)
    tree = parse_html(text, name)
    meta = page_metadata(tree, url)
    body = _trafilatura_text(tree, meta.url, fast=True)
    method = "trafilatura"
    if len(body) < THOROUGH_BELOW or _mostly_short_lines(body):
        body, method = _trafilatura_text(tree, meta.url, fast=False), "trafilatura-thorough"
    if len(body) < MIN_TEXT_CHARS:
        fallback = fallback_text(tree)
        if len(fallback) > max(len(body) * 1.5, len(body) + 50):
            body, method = fallback, "fallback"
    if not body.strip():
        raise InputError(f"{name}: no text found in the HTML page")
    complete_metadata(meta, tree)
    return HtmlExtract(text=_nfc(body), meta=_nfc_meta(meta), method=method)


def _mostly_short_lines(text: str) -> bool:
    """Menus and link lists caught by the fast pass: most lines are one to three words."""
    lines = [ln for ln in text.split("\n") if ln.strip()]
    short = sum(1 for ln in lines if len(ln.split()) < 4)
    return len(lines) >= 20 and short > 0.6 * len(lines)


def _nfc(text: str) -> str:
    return text if unicodedata.is_normalized("NFC", text) else unicodedata.normalize("NFC", text)


def _nfc_meta(meta: PageMeta) -> PageMeta:
    """Page metadata in Unicode normal form C, like the text."""
    meta.title = _nfc(meta.title) if meta.title else None
    meta.site_name = _nfc(meta.site_name) if meta.site_name else None
    meta.authors = [_nfc(a) for a in meta.authors]
    return meta


def _trafilatura_text(tree: HtmlElement, url: str | None, *, fast: bool) -> str:
    """trafilatura's main text; ``fast=False`` also compares with its readability and jusText
    fallbacks (slower; worth it when the fast pass finds little)."""
    import trafilatura

    try:
        document = trafilatura.bare_extraction(
            tree,
            url=url,
            include_comments=False,
            include_tables=True,
            with_metadata=False,
            fast=fast,
        )
    except Exception as exc:  # trafilatura gives up on some pathological trees
        log.debug("trafilatura failed: %s", exc)
        return ""
    text = getattr(document, "text", None) if document is not None else None
    return text or ""


def fallback_text(tree: HtmlElement) -> str:
    """Text of the page's block elements outside navigation, header, footer and forms."""
    root = _body(tree)
    lines: list[str] = []
    for el in root.iter(*_BLOCKS):
        if _inside(el, _INVISIBLE + _CHROME) or _has_block_child(el):
            continue
        line = norm_space(_visible_text(el))
        if line and (not lines or lines[-1] != line):
            lines.append(line)
    if not lines:
        lines = [norm_space(_visible_text(root))]
    return "\n".join(line for line in lines if line)


def fragment_text(fragment: str) -> str:
    """Plain text of an HTML fragment (feed entry, e-mail body), paragraphs on their own lines."""
    if "<" not in fragment:
        return fragment.strip()
    tree = parse_html(fragment, "fragment")
    return fallback_text(tree)


def _body(tree: HtmlElement) -> HtmlElement:
    body = tree.find(".//body")
    return body if body is not None else tree


def _inside(el: HtmlElement, tags: tuple[str, ...]) -> bool:
    return any(a.tag in tags for a in el.iterancestors())


def _has_block_child(el: HtmlElement) -> bool:
    return any(child.tag in _BLOCKS for child in el.iterdescendants())


def _visible_text(el: HtmlElement) -> str:
    """Text content without scripts, styles and other invisible elements."""
    return " ".join(_VISIBLE_TEXT(el))
