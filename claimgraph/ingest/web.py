"""Fetching a URL (httpx): timeouts, a size cap, content-type checks, limited redirects, and
private, loopback and link-local addresses refused unless allowed.

Every hop of a redirect chain is checked. The host is resolved once, by the check, and the
connection goes to the address that was checked (the request carries the host name in its
Host header and, for https, as the TLS server name the certificate must match), so a DNS
server that answers differently the second time (rebinding) cannot steer it elsewhere.
"""

from __future__ import annotations

import ipaddress
import socket
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from claimgraph import __name__ as _package
from claimgraph.errors import InputError
from claimgraph.ingest.limits import MIB, Limits
from claimgraph.ingest.sniff import CONTENT_TYPES

USER_AGENT = f"{_package}/0.1 (+document ingestion)"
ACCEPT = (
    "text/html,application/xhtml+xml,application/pdf,application/rss+xml,text/plain;q=0.9,*/*;q=0.1"
)


@dataclass(frozen=True)
class Fetched:
    """Body and headers of a fetched URL."""

    url: str
    data: bytes
    content_type: str
    charset: str | None


def is_url(value: str) -> bool:
    """True for an http(s) URL given on the command line."""
    return value.lower().startswith(("http://", "https://"))


def fetch(url: str, limits: Limits) -> Fetched:
    """GET a URL within the caps, or raise a clear :class:`InputError`."""
    import httpx

    timeout = httpx.Timeout(limits.timeout_s)
    current = url
    with httpx.Client(timeout=timeout, follow_redirects=False, trust_env=False) as client:
        for _ in range(limits.max_redirects + 1):
            target, host_header, server_name = _pinned(current, limits.allow_private)
            headers = _headers() | ({"Host": host_header} if host_header else {})
            extensions = {"sni_hostname": server_name} if server_name else {}
            try:
                with client.stream(
                    "GET", target, headers=headers, extensions=extensions
                ) as response:
                    if response.is_redirect:
                        location = response.headers.get("location", "")
                        current = urljoin(current, location)
                        continue
                    return _body(url, current, response, limits)
            except httpx.TimeoutException:
                raise InputError(f"{url}: timed out after {limits.timeout_s:g} s") from None
            except httpx.HTTPError as exc:
                raise InputError(
                    f"{url}: cannot be fetched ({type(exc).__name__}: {exc})"
                ) from None
    raise InputError(f"{url}: more than {limits.max_redirects} redirects; not followed")


def _headers() -> dict[str, str]:
    return {"User-Agent": USER_AGENT, "Accept": ACCEPT}


def _body(url: str, current: str, response: object, limits: Limits) -> Fetched:
    import httpx

    assert isinstance(response, httpx.Response)
    if response.status_code >= 400:
        raise InputError(f"{url}: HTTP {response.status_code} {response.reason_phrase}")
    content_type = response.headers.get("content-type", "").split(";")[0].strip().lower()
    if content_type and content_type not in CONTENT_TYPES:
        raise InputError(f"{url}: content type {content_type!r} is not a document type")
    declared = response.headers.get("content-length")
    cap = limits.max_download_bytes
    if declared and declared.isdigit() and int(declared) > cap:
        raise InputError(_too_big(url, int(declared), cap))
    chunks: list[bytes] = []
    size = 0
    for chunk in response.iter_bytes():
        size += len(chunk)
        if size > cap:
            raise InputError(_too_big(url, size, cap))
        chunks.append(chunk)
    return Fetched(
        url=current,
        data=b"".join(chunks),
        content_type=content_type,
        charset=response.charset_encoding,
    )


def _too_big(url: str, size: int, cap: int) -> str:
    return f"{url}: body of {size / MIB:.1f}+ MiB is over the {cap / MIB:g} MiB download cap"


def _pinned(url: str, allow_private: bool) -> tuple[str, str | None, str | None]:
    """(URL to request, Host header, TLS server name): the URL with its host replaced by the
    checked address, unless private addresses are allowed (then the URL as it is)."""
    address = _check_target(url, allow_private)
    parts = urlsplit(url)
    if address is None or parts.hostname is None:
        return url, None, None
    literal = f"[{address}]" if address.version == 6 else str(address)
    netloc = f"{literal}:{parts.port}" if parts.port else literal
    host_header = parts.netloc.rsplit("@", 1)[-1]
    server_name = parts.hostname if parts.scheme == "https" else None
    return parts._replace(netloc=netloc).geturl(), host_header, server_name


def _check_target(
    url: str, allow_private: bool
) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    """Refuse non-HTTP schemes and, unless allowed, hosts that resolve to private,
    loopback, link-local or otherwise non-public addresses; the address to connect to (None
    when private addresses are allowed: no check, no pinning)."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise InputError(f"{url}: only http and https URLs can be fetched")
    if allow_private:
        return None
    port = parts.port or (443 if parts.scheme == "https" else 80)
    try:
        infos = socket.getaddrinfo(parts.hostname, port, proto=socket.IPPROTO_TCP)
    except (socket.gaierror, UnicodeError) as exc:
        raise InputError(f"{url}: host {parts.hostname!r} cannot be resolved ({exc})") from None
    addresses = [ipaddress.ip_address(info[4][0]) for info in infos]
    for address in addresses:
        if _private(address):
            raise InputError(
                f"{url}: {parts.hostname} resolves to a private, loopback or link-local "
                f"address ({address}); refused (use --allow-private to fetch it)"
            )
    if not addresses:
        raise InputError(f"{url}: host {parts.hostname!r} has no address")
    return addresses[0]


def _private(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        address = address.ipv4_mapped
    return (
        address.is_private
        or address.is_loopback
        or address.is_link_local
        or address.is_multicast
        or address.is_reserved
        or address.is_unspecified
        or not address.is_global
    )
