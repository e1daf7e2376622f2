"""``read_paths``: files, folders and stdin -> Documents and Failures, lazily.

One input at a time: a folder is walked in sorted order (hidden entries
skipped), each file is size-checked before it is read, sniffed, decoded and
handed to the reader for its kind (HTML, plain text, JSON Lines, feed).
"""
from __future__ import annotations

import os
import re
import stat
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import BinaryIO, Callable

from militant_monitor import errors
from militant_monitor.ingest.base import Failure
from militant_monitor.ingest.textutil import (
    NotText,
    UnknownEncoding,
    clean_text,
    decode_bytes,
    document_language,
    guess_title,
    is_binary_head,
    looks_like_feed,
    looks_like_html_document,
)
from militant_monitor.model.document import Document

Item = Document | Failure

DEFAULT_MAX_BYTES = 50_000_000
STDIN = "-"
STDIN_NAME = "<stdin>"

HTML_EXTS = frozenset({".html", ".htm", ".xhtml", ".shtml"})
TEXT_EXTS = frozenset({".txt", ".text", ".md", ".markdown"})
JSONL_EXTS = frozenset({".jsonl", ".ndjson"})
JSON_EXTS = frozenset({".json"})
FEED_EXTS = frozenset({".xml", ".rss", ".atom"})
ARCHIVE_SUFFIXES = (
    ".zip", ".tar", ".tar.gz", ".tgz", ".tar.bz2", ".tbz", ".tbz2", ".tar.xz", ".txz",
    ".tar.zst", ".gz", ".bz2", ".xz", ".zst", ".7z", ".rar",
)  # fmt: skip
# Formats we may read one day; until then a clear message beats "binary file".
DOCUMENT_EXTS = frozenset({".pdf", ".doc", ".docx", ".odt", ".rtf", ".epub", ".xls", ".xlsx", ".ppt", ".pptx"})

_ARCHIVE_MAGIC = (
    b"PK\x03\x04", b"PK\x05\x06", b"\x1f\x8b", b"\xfd7zXZ\x00", b"7z\xbc\xaf\x27\x1c",
    b"Rar!\x1a\x07", b"(\xb5/\xfd",
)  # fmt: skip
_HEAD = 8192


# ------------------------------------------------------------------ readers


def parse_text(text: str, source: str) -> Document | Failure:
    """Plain text: boilerplate lines dropped, a headline-like first line as title."""
    cleaned = clean_text(text)
    if not cleaned:
        return Failure(source, errors.NO_TEXT_FOUND, errors.E_NO_TEXT)
    return Document(
        text=cleaned,
        title=guess_title(cleaned),
        language=document_language(cleaned),
        source_path=source,
    )


def _html(text: str, source: str) -> Iterator[Item]:
    from militant_monitor.ingest.html import parse_html  # imports trafilatura: only when needed

    yield parse_html(text, source)


def _plain(text: str, source: str) -> Iterator[Item]:
    yield parse_text(text, source)


def _feed(text: str, source: str) -> Iterator[Item]:
    from militant_monitor.ingest.feeds import parse_feed

    yield from parse_feed(text, source)


def _jsonl(text: str, source: str) -> Iterator[Item]:
    from militant_monitor.ingest.jsonl import parse_jsonl

    yield from parse_jsonl(text, source)


def _json(text: str, source: str) -> Iterator[Item]:
    from militant_monitor.ingest.jsonl import parse_json

    yield from parse_json(text, source)


Reader = Callable[[str, str], Iterator[Item]]


def _sniff(text: str) -> Reader:
    """Reader for content without a telling extension (or from stdin)."""
    head = text[:4096]
    if looks_like_html_document(head):
        return _html
    if looks_like_feed(head):
        return _feed
    first = head.lstrip().split("\n", 1)[0].strip()
    if first.startswith("{") and first.endswith("}"):
        return _jsonl
    return _plain


# ------------------------------------------------------------------ helpers


def _extension(path: str) -> str:
    """The lower-case extension, or '' where the suffix is not a file type ('report.2024')."""
    ext = os.path.splitext(path)[1].lower()
    return ext if re.fullmatch(r"\.[a-z][a-z0-9]{0,7}", ext) else ""


def _is_archive_name(path: str) -> bool:
    return os.path.basename(path).lower().endswith(ARCHIVE_SUFFIXES)


def _is_archive_data(head: bytes) -> bool:
    return head.startswith(_ARCHIVE_MAGIC) or head[257:262] == b"ustar"


def _os_failure(path: str, exc: OSError) -> Failure:
    if isinstance(exc, FileNotFoundError):
        return Failure(path, errors.NO_SUCH_PATH, errors.E_NOT_FOUND)
    if isinstance(exc, PermissionError):
        return Failure(path, errors.PERMISSION_DENIED, errors.E_PERMISSION)
    return Failure(path, errors.unreadable(exc.strerror or exc), errors.E_UNREADABLE)


def _read_bounded(stream: BinaryIO, max_bytes: int | None) -> tuple[bytes, bool]:
    """Read at most max_bytes (+1 to detect overflow). Returns (data, too_large)."""
    if max_bytes is None:
        return stream.read(), False
    data = stream.read(max_bytes + 1)
    return data[:max_bytes], len(data) > max_bytes


def _decode(data: bytes, source: str) -> str | Failure:
    if not data.strip():
        return Failure(source, errors.EMPTY_FILE, errors.E_EMPTY)
    try:
        text = decode_bytes(data)
    except UnknownEncoding:
        return Failure(source, errors.unknown_encoding(), errors.E_UNREADABLE)
    except NotText:
        return Failure(source, errors.BINARY_FILE, errors.E_BINARY)
    if not text.strip():
        return Failure(source, errors.EMPTY_FILE, errors.E_EMPTY)
    return text


_LETTER = re.compile(r"[^\W\d_]")


def _guarded(items: Iterator[Item], source: str) -> Iterator[Item]:
    """Yield from a reader; a bug in it becomes one Failure, not a crashed batch, and an
    input that gave nothing at all (``[]`` in a .json file) a "no text found" Failure,
    as does a "document" without a single letter (the ``<<>>`` left of broken markup)."""
    produced = False
    try:
        for item in items:
            produced = True
            if isinstance(item, Document) and not _LETTER.search(item.text):
                item = Failure(item.source_path or source, errors.NO_TEXT_FOUND, errors.E_NO_TEXT)
            yield item
    except Exception as exc:  # noqa: BLE001 - reported to the user as a Failure
        produced = True
        yield Failure(source, errors.unexpected_error(exc), errors.E_UNREADABLE)
    if not produced:
        yield Failure(source, errors.NO_TEXT_FOUND, errors.E_NO_TEXT)


# ------------------------------------------------------------------ one file


def _open_regular(path: str) -> BinaryIO | Failure:
    """Open a file found in a folder without blocking, refused unless it is a regular
    file: a FIFO swapped in after the walk never hangs the run."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        return Failure(path, errors.NOT_A_FILE_IN_FOLDER, errors.E_SKIPPED)
    return os.fdopen(fd, "rb")


def _size_failure(path: str, st: os.stat_result, max_bytes: int | None) -> Failure | None:
    """A Failure for a regular file that is too large or empty, known from its size."""
    if not stat.S_ISREG(st.st_mode):
        return None
    if max_bytes is not None and st.st_size > max_bytes:
        return Failure(path, errors.file_too_large(st.st_size, max_bytes), errors.E_TOO_LARGE)
    if st.st_size == 0:
        return Failure(path, errors.EMPTY_FILE, errors.E_EMPTY)
    return None


def _load(path: str, max_bytes: int | None, regular_only: bool = False,
          text_lines: bool = False) -> bytes | Failure:
    """The bytes of one file, or a Failure: size-checked before reading, binary files
    and archives recognised from their first bytes without reading the rest.
    ``regular_only`` (a file found in a folder): FIFOs and devices are refused, never
    opened for a blocking read. ``text_lines`` (JSON Lines): binary bytes in a line
    are that line's problem, unless no line of the head looks like a record."""
    try:
        too_big = _size_failure(path, os.stat(path), max_bytes)
        if too_big is not None:
            return too_big
        fh = _open_regular(path) if regular_only else open(path, "rb")  # noqa: SIM115 - closed by the with below
        if isinstance(fh, Failure):
            return fh
        with fh:
            head = fh.read(_HEAD)
            if _is_archive_data(head):
                return Failure(path, errors.ARCHIVE_NOT_SUPPORTED, errors.E_ARCHIVE)
            if is_binary_head(head) and not (text_lines and _has_record_line(head)):
                # do not read the rest of a 40 MB image
                return Failure(path, errors.BINARY_FILE, errors.E_BINARY)
            if max_bytes is None:
                rest = fh.read()
            elif len(head) > max_bytes:
                rest = b""
            else:
                rest = fh.read(max_bytes - len(head) + 1)
    except OSError as exc:
        return _os_failure(path, exc)
    if max_bytes is not None and len(head) + len(rest) > max_bytes:
        # a file that grew after stat(), or a pipe / device with no size
        return Failure(path, errors.input_too_large(max_bytes), errors.E_TOO_LARGE)
    return head + rest


def _has_record_line(head: bytes) -> bool:
    """True when a line of ``head`` (bar the last, maybe cut) holds a whole JSON object."""
    return any(ln.strip().startswith(b"{") and ln.strip().endswith(b"}") for ln in head.split(b"\n")[:-1])


def read_file(path: str, max_bytes: int | None = DEFAULT_MAX_BYTES, regular_only: bool = False) -> Iterator[Item]:
    """Documents and Failures from one file (not a folder); ``regular_only`` refuses FIFOs
    and devices (a file found in a folder walk)."""
    data = load_file(path, max_bytes, regular_only)
    if isinstance(data, Failure):
        yield data
        return
    yield from parse_file(path, data)


def load_file(path: str, max_bytes: int | None = DEFAULT_MAX_BYTES, regular_only: bool = False) -> bytes | Failure:
    """The bytes of one file, or the Failure that refuses it (archive, office document,
    too large, binary, unreadable): the reading half of :func:`read_file`."""
    ext = _extension(path)
    if _is_archive_name(path):
        return Failure(path, errors.ARCHIVE_NOT_SUPPORTED, errors.E_ARCHIVE)
    if ext in DOCUMENT_EXTS:
        return Failure(path, errors.unsupported_file_type(ext), errors.E_UNSUPPORTED)
    return _load(path, max_bytes, regular_only, text_lines=ext in JSONL_EXTS)


def parse_file(path: str, data: bytes) -> Iterator[Item]:
    """Documents and Failures from the bytes :func:`load_file` read from ``path``: decoded,
    cleaned and split into records by the reader its extension (or its content) calls for."""
    ext = _extension(path)
    if ext in JSONL_EXTS:
        from militant_monitor.ingest.jsonl import parse_jsonl_bytes

        yield from _guarded(parse_jsonl_bytes(data, path), path)
        return
    text = _decode(data, path)
    if isinstance(text, Failure):
        yield text
        return

    if ext in HTML_EXTS:
        reader: Reader = _html
    elif ext in FEED_EXTS:
        reader = _feed
    elif ext in JSONL_EXTS:
        reader = _jsonl
    elif ext in JSON_EXTS:
        reader = _json
    elif ext in TEXT_EXTS:
        reader = _plain
    else:
        reader = _sniff(text)
        if ext and reader is _plain:
            # An unknown extension with plain text in it (.csv, .py, .log): not an article
            # as far as we can tell; say so rather than ingest it.
            yield Failure(path, errors.unsupported_file_type(ext, text_hint=True), errors.E_UNSUPPORTED)
            return
    yield from _guarded(reader(text, path), path)


def read_stdin(max_bytes: int | None = DEFAULT_MAX_BYTES, stream: BinaryIO | None = None) -> Iterator[Item]:
    """stdin as one input: HTML, a feed or JSON Lines if it looks like one, else plain text."""
    if stream is None:
        stream = getattr(sys.stdin, "buffer", None)
    if stream is None:
        yield Failure(STDIN_NAME, errors.unreadable("no standard input"), errors.E_UNREADABLE)
        return
    try:
        data, too_large = _read_bounded(stream, max_bytes)
    except OSError as exc:
        yield _os_failure(STDIN_NAME, exc)
        return
    if too_large:
        assert max_bytes is not None   # only a limit can be exceeded
        yield Failure(STDIN_NAME, errors.input_too_large(max_bytes), errors.E_TOO_LARGE)
        return
    text = _decode(data, STDIN_NAME)
    if isinstance(text, Failure):
        yield text
        return
    yield from _guarded(_sniff(text)(text, STDIN_NAME), STDIN_NAME)


# ------------------------------------------------------------------ folders


def _inside(path: str, root: str) -> bool:
    """True when the real path ``path`` lies in the real folder ``root``."""
    return path == root or path.startswith(root.rstrip(os.sep) + os.sep)


def _walk(folder: str, root: str, seen: set[str], follow_links: bool) -> Iterator[str | Failure]:
    """File paths under ``folder``, sorted by name, hidden entries skipped, no loops.

    ``root`` is the real path of the folder given. A symbolic link whose target lies
    outside it is a note, not followed, unless ``follow_links``; FIFOs, sockets and
    devices are notes (never opened: reading a FIFO blocks for ever).
    """
    try:
        real = os.path.realpath(folder)
        if real in seen:
            return
        seen.add(real)
        with os.scandir(folder) as it:
            entries = sorted(it, key=lambda e: e.name)
    except OSError as exc:
        yield _os_failure(folder, exc)
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        path = os.path.join(folder, entry.name)
        if entry.is_symlink() and not follow_links and not _inside(os.path.realpath(path), root):
            yield Failure(path, errors.LINK_LEAVES_FOLDER, errors.E_SKIPPED)
            continue
        try:
            mode = entry.stat().st_mode
        except OSError as exc:
            yield _os_failure(path, exc)
            continue
        if stat.S_ISDIR(mode):
            yield from _walk(path, root, seen, follow_links)
        elif stat.S_ISREG(mode):
            yield path
        else:
            yield Failure(path, errors.NOT_A_FILE_IN_FOLDER, errors.E_SKIPPED)


@dataclass(frozen=True)
class FileUnit:
    """One file to read (a unit of work that can be sent to a worker process);
    ``regular_only``: found in a folder walk, so FIFOs and devices are refused."""

    path: str
    max_bytes: int | None
    regular_only: bool = False

    @property
    def parent_reads(self) -> bool:
        """Files of many records (JSON Lines, JSON, feeds): read where they are found, so
        that their records, not the whole file, are what gets spread over workers."""
        return _extension(self.path) in JSONL_EXTS | JSON_EXTS | FEED_EXTS


def read_unit(unit: FileUnit) -> Iterator[Item]:
    """The Documents and Failures of one file."""
    return _guarded(read_file(unit.path, unit.max_bytes, regular_only=unit.regular_only), unit.path)


@dataclass(frozen=True)
class LoadedUnit:
    """One file read but not parsed: what travels to a worker that cannot see the files."""

    path: str
    data: bytes


def load_unit(unit: FileUnit) -> LoadedUnit | Failure:
    """Read the bytes of ``unit`` (checked as :func:`read_file` checks them), or its Failure."""
    data = load_file(unit.path, unit.max_bytes, regular_only=unit.regular_only)
    return data if isinstance(data, Failure) else LoadedUnit(unit.path, data)


def read_loaded(unit: LoadedUnit) -> Iterator[Item]:
    """The Documents and Failures of a file read with :func:`load_unit`, as :func:`read_unit` gives them."""
    return _guarded(parse_file(unit.path, unit.data), unit.path)


def read_units(paths: Iterable[str | os.PathLike[str]], max_bytes: int | None = DEFAULT_MAX_BYTES,
               follow_links: bool = False) -> Iterator[Item | FileUnit]:
    """What :func:`read_paths` reads, with files left unread as :class:`FileUnit`:
    stdin read, folders walked (their notes as Failures), in the same order."""
    if isinstance(paths, (str, bytes, os.PathLike)):
        paths = [paths]  # type: ignore[list-item]
    if max_bytes is not None and max_bytes < 0:
        raise ValueError("max_bytes must be >= 0 or None")
    for given in paths:
        path = os.fsdecode(os.fspath(given))
        if path == STDIN:
            yield from read_stdin(max_bytes)
        elif os.path.isdir(path):
            for found in _walk(path, os.path.realpath(path), set(), follow_links):
                yield found if isinstance(found, Failure) else FileUnit(found, max_bytes, regular_only=True)
        else:
            yield FileUnit(path, max_bytes)


def read_paths(paths: Iterable[str | os.PathLike[str]], max_bytes: int | None = DEFAULT_MAX_BYTES,
               follow_links: bool = False) -> Iterator[Item]:
    """Yield a Document or a Failure per article found in ``paths``, one file at a time.

    ``paths`` holds files, folders (walked recursively in sorted order, hidden
    files and folders skipped) and ``"-"`` for stdin. ``max_bytes`` caps the size
    of any one input (None: no cap). Nothing is raised for a bad input: each one
    becomes a :class:`Failure` with a one-line reason. In a folder, FIFOs, sockets,
    devices and (unless ``follow_links``) symbolic links out of it are skipped with
    a Failure whose code is ``E_SKIPPED``.
    """
    for unit in read_units(paths, max_bytes, follow_links):
        if isinstance(unit, FileUnit):
            yield from read_unit(unit)
        else:
            yield unit
