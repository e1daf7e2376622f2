"""The statement: one fact with its provenance - the unit of storage.

Like followthemoney/nomenklatura statements: an entity id, a property and a
value, plus where it came from (document, character span of the evidence,
citation) and who made it (extractor and version). The id is a hash of the
key fields, so extracting the same article twice yields the same statements.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass


@dataclass
class Statement:
    entity_id: str           # e.g. "person:iqbal-bali", "group:ttp", "event:doc-…:e1"
    entity_type: str         # person, group, event, document
    prop: str                # name, alias, role, affiliation, bounty, status, type, date, killed, ...
    value: object            # JSON-serialisable
    doc_id: str
    start: int | None = None  # evidence span in the document text
    end: int | None = None
    citation: str | None = None  # "Outlet, YYYY-MM-DD" when the article cites a source for it
    extractor: str = ""
    confidence: float = 1.0
    rule: str | None = None
    qualifier: str | None = None  # "hedged" ('reportedly', 'is believed to') or None: stated as fact

    @property
    def value_json(self) -> str:
        return json.dumps(self.value, sort_keys=True, ensure_ascii=False)

    @property
    def id(self) -> str:
        key = "\x1f".join([self.entity_id, self.prop, self.value_json, self.doc_id,
                           str(self.start), str(self.end), self.extractor])
        return hashlib.sha1(key.encode("utf-8")).hexdigest()

    def to_dict(self) -> dict:
        d = asdict(self)
        d["id"] = self.id
        return d
