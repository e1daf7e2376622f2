"""User-facing error messages, in one place.

Every message a user may read is a constant or a small function here, so that
wording stays consistent and can be tested. A message is always ONE short
line: no traceback, no newline.

``MmonError`` is the exception the package raises for problems the user can
act on (bad input, bad option). Its ``code`` is a short stable string that the
CLI may map to an exit status; its ``str()`` is the message alone.
"""
from __future__ import annotations

import re

__all__ = [
    "MmonError",
    "one_line",
    # codes
    "E_INPUT",
    "E_EMPTY",
    "E_BINARY",
    "E_TOO_LARGE",
    "E_ARCHIVE",
    "E_UNSUPPORTED",
    "E_NOT_FOUND",
    "E_PERMISSION",
    "E_UNREADABLE",
    "E_JSON",
    "E_XML",
    "E_XML_DTD",
    "E_FEED",
    "E_NO_TEXT",
    # messages
    "EMPTY_FILE",
    "BINARY_FILE",
    "ARCHIVE_NOT_SUPPORTED",
    "NO_SUCH_PATH",
    "PERMISSION_DENIED",
    "NOT_A_REGULAR_FILE",
    "XML_DTD_REFUSED",
    "FEED_ITEM_NO_TEXT",
    "FEED_NO_ITEMS",
    "JSONL_NOT_OBJECT",
    "NO_TEXT_FOUND",
    "file_too_large",
    "unreadable",
    "unsupported_file_type",
    "input_too_large",
    "invalid_json",
    "jsonl_no_text",
    "invalid_xml",
    "not_a_feed",
    "unexpected_error",
]


class MmonError(Exception):
    """An error the user can act on. ``code`` is stable; the message is one line."""

    def __init__(self, code: str, message: str):
        self.code = code
        self.message = one_line(message)
        super().__init__(self.message)

    def __str__(self) -> str:
        return self.message

    def __repr__(self) -> str:
        return f"MmonError({self.code!r}, {self.message!r})"


def one_line(text: object, max_len: int = 200) -> str:
    """Collapse whitespace (newlines included) and cut to ``max_len`` characters."""
    s = re.sub(r"\s+", " ", str(text)).strip()
    if len(s) > max_len:
        s = s[: max_len - 3].rstrip() + "..."
    return s


# --------------------------------------------------------------------- codes
# Short, stable identifiers. The lead adds more for other stages.
E_INPUT = "input"  # generic: something wrong with an input
E_EMPTY = "input.empty"
E_BINARY = "input.binary"
E_TOO_LARGE = "input.too_large"
E_ARCHIVE = "input.archive"
E_UNSUPPORTED = "input.unsupported"
E_NOT_FOUND = "input.not_found"
E_PERMISSION = "input.permission"
E_UNREADABLE = "input.unreadable"
E_JSON = "input.json"
E_XML = "input.xml"
E_XML_DTD = "input.xml_dtd"
E_FEED = "input.feed"
E_NO_TEXT = "input.no_text"

# ------------------------------------------------------------------ messages
EMPTY_FILE = "empty file"
BINARY_FILE = "binary file, not text"
ARCHIVE_NOT_SUPPORTED = "archives are not supported yet"
NO_SUCH_PATH = "no such file or directory"
PERMISSION_DENIED = "permission denied"
NOT_A_REGULAR_FILE = "not a regular file"
XML_DTD_REFUSED = "XML with a DTD or entity declarations is refused (unsafe)"
FEED_ITEM_NO_TEXT = "feed item has no text (no content, summary or description)"
FEED_NO_ITEMS = "feed has no items"
JSONL_NOT_OBJECT = "not a JSON object"
NO_TEXT_FOUND = "no text found"


def _mb(n: float) -> str:
    """Bytes as megabytes for a message: '50', '1.5', '0.0001'."""
    mb = n / 1_000_000
    if mb >= 10:
        return f"{mb:.0f}"
    if mb >= 0.1:
        return f"{mb:.1f}".removesuffix(".0")
    return f"{mb:.2g}"


def file_too_large(size: int, limit: int) -> str:
    return f"file too large ({_mb(size)} MB > limit {_mb(limit)} MB)"


def unreadable(detail: object) -> str:
    return one_line(f"cannot read: {detail}")


def unsupported_file_type(ext: str, text_hint: bool = False) -> str:
    hint = "; rename it to .txt to read it as plain text" if text_hint else ""
    return f"unsupported file type ({ext}){hint}"


def input_too_large(limit: int) -> str:
    """For a stream (stdin, a pipe) whose size is only known once read past the limit."""
    return f"input too large (over the limit of {_mb(limit)} MB)"


def invalid_json(msg: str, column: int | None = None) -> str:
    # json's messages may end in " at" ("Unterminated string starting at"): no "at at"
    msg = re.sub(r"\s+at$", "", msg.strip()) if column else msg
    where = f" at column {column}" if column else ""
    return one_line(f"invalid JSON: {msg}{where}")


def jsonl_no_text(keys: tuple[str, ...]) -> str:
    return one_line(f"no text field (expected one of: {', '.join(keys)})")


def invalid_xml(detail: object) -> str:
    return one_line(f"invalid XML: {detail}")


def not_a_feed(root: str) -> str:
    return one_line(f"not an RSS or Atom feed (root element <{root}>)")


def unexpected_error(exc: BaseException) -> str:
    detail = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
    return one_line(f"unexpected error: {detail}")
