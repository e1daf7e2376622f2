"""What every exporter shares: the selection made by the filters of ``mmon events``, the
exchange table (``data/exchange.yaml``) and a progress callback."""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

from ..query.events import Filters, all_rows, event_table
from ..store import Store

EXCHANGE = Path(__file__).resolve().parents[1] / "data" / "exchange.yaml"


@lru_cache(maxsize=1)
def exchange() -> dict:
    """The documented mapping of our event types, precisions and sides to ACLED's and GTD's codes."""
    return yaml.safe_load(EXCHANGE.read_text(encoding="utf-8"))


@dataclass
class Selection:
    """The events the filters keep (all when none is given) and the documents that report them."""
    store: Store
    filters: Filters = field(default_factory=Filters)
    _rows: list | None = None
    _all: list | None = None

    @property
    def filtered(self) -> bool:
        return any(v is not None for v in vars(self.filters).values())

    def all_rows(self) -> list[dict]:
        if self._all is None:
            self._all = all_rows(self.store)
        return self._all

    def rows(self) -> list[dict]:
        """Event rows (``query.events.event_table``), latest first."""
        if self._rows is None:
            self._rows = event_table(self.store, self.filters, rows=self.all_rows())
        return self._rows

    def doc_ids(self) -> set[str] | None:
        """The documents behind the selected events; None: no filter, every document."""
        if not self.filtered:
            return None
        return {s["doc_id"] for r in self.rows() for s in r["sources"]}


def no_progress(done: int, total: int | None = None) -> None:
    """The default progress callback: says nothing."""
