"""HTML reader: a saved or fetched web page becomes one item with its page metadata."""

from __future__ import annotations

from claimgraph.ingest.readers import RawInput
from claimgraph.model import Origin
from claimgraph.text.html import extract_html


def read_html(
    data: bytes | str,
    source: str,
    *,
    url: str | None = None,
    charset: str | None = None,
    origin: Origin | None = None,
) -> RawInput:
    """Main text and metadata of a web page."""
    page = extract_html(data, url=url, charset=charset, name=source)
    meta = page.meta
    return RawInput(
        text=page.text,
        source=source,
        media_type="text/html",
        title=meta.title,
        authors=tuple(meta.authors),
        published=meta.published,
        site_name=meta.site_name,
        url=meta.url or url,
        origin=origin,
        warnings=tuple(page.warnings),
    )
