"""ZIP and TAR readers: every member is read as an input of its own, recursively.

Nothing is extracted to disk. Caps (``Limits``): size of one member, archive depth, member
count and total uncompressed bytes; a zip bomb stops at the total cap with a clear error.
"""

from __future__ import annotations

import io
import tarfile
import zipfile
from collections.abc import Callable, Iterator

from claimgraph.errors import InputError
from claimgraph.ingest.limits import Budget, CapExceeded
from claimgraph.model import Origin

Recurse = Callable[..., Iterator[object]]
CHUNK = 1 << 20


def _member_origin(origin: Origin | None, source: str, member: str) -> Origin:
    base = origin or Origin(container=source)
    path = f"{base.path}!{member}" if base.path else member
    return base.model_copy(update={"path": path})


def _skip(name: str) -> bool:
    """Folders, hidden files and OS metadata are not documents."""
    parts = name.replace("\\", "/").split("/")
    return name.endswith("/") or any(p.startswith(".") or p == "__MACOSX" for p in parts if p)


def iter_zip(
    data: bytes,
    source: str,
    *,
    budget: Budget,
    depth: int,
    origin: Origin | None,
    recurse: Recurse,
) -> Iterator[object]:
    """Each member of a ZIP archive, in archive order."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise InputError(f"{source}: not a readable ZIP archive") from None
    with archive:
        for info in archive.infolist():
            if _skip(info.filename):
                continue
            budget.take_member(source)
            child = f"{source}!{info.filename}"
            if info.flag_bits & 0x1:
                yield _failure(child, "encrypted archive member; not read")
                continue
            try:
                budget.check_file(info.file_size, child)
                with archive.open(info) as fh:
                    content = _read_capped(fh, budget, child)
            except CapExceeded:
                raise
            except InputError as exc:
                yield _failure(child, str(exc))
                continue
            except (zipfile.BadZipFile, OSError, EOFError, ValueError) as exc:
                yield _failure(child, f"damaged archive member ({exc})")
                continue
            yield from recurse(
                content,
                child,
                name=info.filename,
                budget=budget,
                depth=depth + 1,
                origin=_member_origin(origin, source, info.filename),
            )


def iter_tar(
    data: bytes,
    source: str,
    *,
    budget: Budget,
    depth: int,
    origin: Origin | None,
    recurse: Recurse,
) -> Iterator[object]:
    """Each regular file of a TAR archive (plain, gzip, bzip2 or xz), in archive order."""
    try:
        archive = tarfile.open(fileobj=io.BytesIO(data), mode="r:*")  # noqa: SIM115 -- closed below
    except (tarfile.TarError, EOFError, OSError) as exc:
        raise InputError(f"{source}: not a readable TAR archive ({exc})") from None
    with archive:
        while True:
            try:
                member = archive.next()
            except (tarfile.TarError, EOFError, OSError) as exc:
                yield _failure(source, f"damaged TAR archive ({exc}); stopped reading it")
                return
            if member is None:
                return
            if not member.isfile() or _skip(member.name):
                continue
            budget.take_member(source)
            child = f"{source}!{member.name}"
            try:
                budget.check_file(member.size, child)
                fh = archive.extractfile(member)
                if fh is None:
                    continue
                content = _read_capped(fh, budget, child)
            except CapExceeded:
                raise
            except InputError as exc:
                yield _failure(child, str(exc))
                continue
            except (tarfile.TarError, OSError, EOFError) as exc:
                yield _failure(child, f"damaged archive member ({exc})")
                continue
            yield from recurse(
                content,
                child,
                name=member.name,
                budget=budget,
                depth=depth + 1,
                origin=_member_origin(origin, source, member.name),
            )


def _read_capped(fh: io.BufferedIOBase | object, budget: Budget, name: str) -> bytes:
    """Read a member in chunks, counting every byte against the caps as it arrives (the
    declared size of a member can lie)."""
    parts: list[bytes] = []
    size = 0
    read = fh.read  # type: ignore[union-attr]
    while True:
        chunk = read(CHUNK)
        if not chunk:
            break
        size += len(chunk)
        budget.take_bytes(len(chunk), name)
        budget.check_file(size, name)
        parts.append(chunk)
    return b"".join(parts)


def _failure(source: str, reason: str) -> object:
    from claimgraph.ingest.items import ItemFailure

    return ItemFailure(source, reason.removeprefix(f"{source}: "))
