"""Test inputs generated in the tests: PDFs written by hand, Word files, e-mails, feeds."""

from __future__ import annotations

import io
import zlib
from email.message import EmailMessage

ARTICLE = (
    "Germany will deliver 14 Leopard 2A4 tanks to Ukraine by the end of March, the defence "
    "ministry in Berlin said on Tuesday."
)
PAGE = f"""<!doctype html>
<html lang="en"><head><title>Leopards for Kyiv | Defence Daily</title>
<meta property="og:site_name" content="Defence Daily">
<meta property="og:title" content="Leopards for Kyiv">
<meta property="article:published_time" content="2024-03-05T08:00:00Z">
<link rel="canonical" href="https://news.example.org/a/leopards">
<script type="application/ld+json">{{"@context": "https://schema.org", "@graph": [
 {{"@type": "NewsArticle", "headline": "Leopards for Kyiv", "author": {{"@id": "#jane"}}}},
 {{"@type": "Person", "@id": "#jane", "name": "Jane Roe"}}]}}</script>
</head><body><nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article><h1>Leopards for Kyiv</h1>
<p>{ARTICLE}</p>
<p>Others are reading now</p>
<p>The tanks come from industry stocks and were refurbished in Unterluess, a ministry
spokesperson told reporters, adding that the training of crews had already begun.</p>
<script>document.write("INJECTED BY SCRIPT")</script>
<p>Share this article</p>
</article><footer>Copyright Defence Daily</footer></body></html>"""


def text_pdf(lines: list[str], size: int = 14) -> bytes:
    """A one-page PDF with a text layer (Helvetica)."""
    ops = []
    y = 760
    for line in lines:
        escaped = line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
        ops.append(f"BT /F1 {size} Tf 50 {y} Td ({escaped}) Tj ET")
        y -= int(size * 1.6)
    stream = "\n".join(ops).encode("latin-1")
    return _assemble(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
            b"/Resources << /Font << /F1 5 0 R >> >> >>",
            b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        ],
        b"/Info 6 0 R ",
        [b"<< /Title (Deliveries report) /Author (Jane Roe) /CreationDate (D:20240305120000Z) >>"],
    )


def scanned_pdf(lines: list[str]) -> bytes:
    """A one-page PDF that is only an image of text (no text layer)."""
    import pypdfium2 as pdfium

    page = pdfium.PdfDocument(text_pdf(lines, size=28))[0]
    bitmap = page.render(scale=150 / 72, grayscale=True)
    width, height, stride = bitmap.width, bitmap.height, bitmap.stride
    raw = bytes(bitmap.buffer)
    gray = b"".join(raw[y * stride : y * stride + width] for y in range(height))
    data = zlib.compress(gray)
    content = b"q 612 0 0 792 0 0 cm /Im1 Do Q"
    return _assemble(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
            b"/Resources << /XObject << /Im1 5 0 R >> >> >>",
            b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
            b"<< /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceGray "
            b"/BitsPerComponent 8 /Filter /FlateDecode /Length %d >>\nstream\n"
            % (width, height, len(data))
            + data
            + b"\nendstream",
        ]
    )


def encrypted_pdf() -> bytes:
    """A PDF whose standard security handler wants a password nobody knows."""
    return _assemble(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [] /Count 0 >>",
            b"<< /Filter /Standard /V 2 /R 3 /Length 128 /P -44 /O <"
            + b"41" * 32
            + b"> /U <"
            + b"42" * 32
            + b"> >>",
        ],
        b"/Encrypt 3 0 R /ID [<0123456789abcdef0123456789abcdef> "
        b"<0123456789abcdef0123456789abcdef>] ",
    )


def _assemble(
    objects: list[bytes], trailer: bytes = b"", extra: list[bytes] | None = None
) -> bytes:
    objects = objects + (extra or [])
    out = b"%PDF-1.4\n"
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R %s>>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        trailer,
        xref,
    )
    return out


def docx_bytes() -> bytes:
    """A Word file with a heading, paragraphs and a table."""
    import docx

    document = docx.Document()
    document.core_properties.title = "Deliveries"
    document.core_properties.author = "Jane Roe"
    document.add_heading("Deliveries in 2024", 1)
    document.add_paragraph("Germany delivered 14 Leopard tanks to Poland, officials said.")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "Item"
    table.cell(0, 1).text = "Quantity"
    table.cell(1, 0).text = "Leopard 2A4"
    table.cell(1, 1).text = "14"
    document.add_paragraph("After the table.")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def email_bytes(with_attachments: bool = True) -> bytes:
    """An e-mail with a text body, a text attachment and an HTML attachment."""
    message = EmailMessage()
    message["From"] = "Ann Analyst <ann@example.org>"
    message["To"] = "desk@example.org"
    message["Subject"] = "Leaked memo on S-400"
    message["Date"] = "Tue, 05 Mar 2024 10:00:00 +0000"
    message["Message-ID"] = "<memo-1@example.org>"
    message.set_content("Russia delivered S-400 systems to India in 2021, officials said.")
    if with_attachments:
        message.add_attachment(
            b"Turkey received S-400 batteries in 2019, the report says.",
            maintype="text",
            subtype="plain",
            filename="report.txt",
        )
        message.add_attachment(PAGE.encode(), maintype="text", subtype="html", filename="page.html")
    return bytes(message)


RSS = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Defence Wire</title>
<item><title>Tanks for Ukraine</title><link>https://news.example.org/1</link><guid>wire-1</guid>
<pubDate>Tue, 05 Mar 2024 10:00:00 GMT</pubDate><author>jane@example.org (Jane Roe)</author>
<description>&lt;p&gt;Germany will deliver tanks to Ukraine, officials said.&lt;/p&gt;</description>
</item>
<item><title>Jets for Iran</title><link>https://news.example.org/2</link><guid>wire-2</guid>
<pubDate>Wed, 06 Mar 2024 10:00:00 GMT</pubDate>
<description>Russia delivered jets to Iran, the ministry said.</description></item>
</channel></rss>"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Defence Atom</title>
<entry><title>Drones</title><id>urn:uuid:atom-1</id><link href="https://news.example.org/3"/>
<updated>2024-03-07T10:00:00Z</updated><author><name>John Doe</name></author>
<content type="html">&lt;p&gt;Iran sent drones to Sudan, the report said.&lt;/p&gt;</content>
</entry></feed>"""

BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol">
<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
<!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">]>
<rss version="2.0"><channel><title>&lol4;</title>
<item><title>x</title><description>&lol4;</description></item></channel></rss>"""
