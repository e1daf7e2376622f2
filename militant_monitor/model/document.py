"""The document: one article as ingested, before any fact is read from it."""
from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import asdict, dataclass, field


def normalise_text(text: str) -> str:
    """Text as it is hashed for exact-duplicate detection: NFC, single spaces."""
    text = unicodedata.normalize("NFC", text)
    return re.sub(r"\s+", " ", text).strip()


def content_hash(text: str) -> str:
    return hashlib.sha256(normalise_text(text).encode("utf-8")).hexdigest()


@dataclass
class Document:
    """One article. ``id`` is stable: a hash of the normalised main text."""

    text: str
    title: str | None = None
    published: str | None = None  # YYYY-MM-DD, YYYY-MM or YYYY
    author: str | None = None
    publisher: str | None = None
    url: str | None = None
    language: str | None = None
    source_path: str | None = None  # where it was read from (file, file:line)
    raw_html: str | None = field(default=None, repr=False)
    extra: dict = field(default_factory=dict)

    @property
    def id(self) -> str:
        return "doc-" + content_hash(self.text)[:16]

    def to_dict(self) -> dict:
        d = asdict(self)
        d.pop("raw_html", None)
        d["id"] = self.id
        return d
