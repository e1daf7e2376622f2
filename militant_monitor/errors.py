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
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .ingest.runner import IngestReport

__all__ = [
    "MmonError",
    "one_line",
    "printable",
    "StoreError",
    "store_error",
    "unknown_model",
    "E_STORE",
    "E_MODEL",
    "E_SKIPPED",
    "E_FORGOTTEN",
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
    "lone_surrogate",
    "unknown_encoding",
    "NOT_A_FILE_IN_FOLDER",
    "LINK_LEAVES_FOLDER",
    "FORGOTTEN",
    "NEAR_FORGOTTEN",
    "NUL_IN_LINE",
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


# ESC sequences (CSI, OSC, DCS/PM/APC strings, two-byte ESC x), then any other C0/C1
# control character and the bidi overrides that reorder what a terminal shows.
_ESC_SEQ = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]?"                       # CSI: colours, cursor moves
    r"|\x1b[\]PX^_].*?(?:\x07|\x1b\\|$)"              # OSC, DCS, SOS, PM, APC strings
    r"|\x9b[0-?]*[ -/]*[@-~]?"                         # 8-bit CSI
    r"|[\x90\x9d\x98\x9e\x9f].*?(?:\x07|\x9c|\x1b\\|$)"  # 8-bit string controls
    r"|\x1b[ -~]?",                                    # any other ESC (and a lone one)
    re.DOTALL,
)
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def printable(text: object) -> str:
    """``text`` safe to show on a terminal: ESC sequences and C0/C1 control characters
    (tab and newline aside) and bidi overrides removed. Rich markup is NOT escaped here."""
    s = _ESC_SEQ.sub("", str(text))
    return _CONTROL.sub("", s)


def one_line(text: object, max_len: int = 200) -> str:
    """Collapse whitespace (newlines included), drop terminal control characters and ESC
    sequences (:func:`printable`) and cut to ``max_len`` characters."""
    s = re.sub(r"\s+", " ", printable(text)).strip()
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
E_SKIPPED = "input.skipped"      # not an article (a FIFO, a link out of the folder): a note, not a failure
E_FORGOTTEN = "input.forgotten"  # forgotten with ``mmon forget``: skipped unless --force
E_STORE = "store"                # the store cannot be written (disk full, locked): the run stops
E_MODEL = "model"                # the statistical model asked for is not installed
E_ENGINE = "engine"              # an ingest engine that cannot run (its extra not installed, no scheduler)

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
NOT_A_FILE_IN_FOLDER = "not a regular file (a FIFO, socket or device): not opened"
LINK_LEAVES_FOLDER = "symbolic link out of the folder: not followed (--follow-links follows it)"
FORGOTTEN = "forgotten with mmon forget: not ingested again (--force ingests it)"
NEAR_FORGOTTEN = "near duplicate of a document forgotten with mmon forget: not ingested (--force ingests it)"
NUL_IN_LINE = "binary data (NUL byte) in the line"


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


def lone_surrogate(field: str) -> str:
    """A JSON string with a ``\\ud800``-style escape that is no Unicode character."""
    return one_line(f"invalid Unicode in field {field!r}: a lone surrogate escape (\\ud800-\\udfff)")


def unknown_encoding() -> str:
    return "unknown text encoding (not UTF-8, UTF-16, Windows-1252 or Windows-1256): save it as UTF-8"


class StoreError(MmonError):
    """The store cannot be written (disk full, database locked): the run stops here."""

    report: IngestReport   # what was done before it stopped: set by ingest.runner._stopped

    def __init__(self, message: str):
        super().__init__(E_STORE, message)


def store_error(exc: BaseException) -> str:
    """One line for a database error: the driver's reason, without SQLAlchemy's SQL and links."""
    orig = getattr(exc, "orig", None) or exc
    reason = str(orig).split("\n")[0].strip() or type(orig).__name__
    return one_line(f"store error: {reason}")


def unknown_model(name: str) -> str:
    return one_line(f"unknown model {name!r} (MMON_MODEL): not installed; install it, or set "
                    "MMON_MODEL=none for rules only")


def engine_missing(engine: str, extra: str, package: str) -> str:
    return one_line(f"--engine {engine} needs {package}: pip install 'militant-monitor[{extra}]'")


def scheduler_unreachable(address: str, exc: BaseException | str) -> str:
    reason = str(exc).split("\n")[0].strip() or type(exc).__name__
    return one_line(f"cannot reach the Dask scheduler at {address}: {reason}")
