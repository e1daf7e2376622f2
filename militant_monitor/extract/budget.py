"""The per-document time budget of extraction.

Extraction looks at the clock only at clean checkpoints: between the chunks that
the statistical pipeline parses, and between groups of rule stages
(:data:`~.pipeline.STAGES`). Once the budget is spent, the parse stops after the
chunk it is on (the rules then read the text up to there) and the rule stages
not yet begun are skipped, so a document is never cut inside a sentence and every
fact extracted is one its stages would extract from that text; the work done
after the budget is at most one chunk and one group of stages.
"""
from __future__ import annotations

import time

DEFAULT_MAX_SECONDS = 60.0   # mmon ingest --max-seconds and MMON_MAX_SECONDS; 0 or None: no budget


class Deadline:
    """The end of one document's budget of ``seconds`` (None: none), from its creation."""

    def __init__(self, seconds: float | None):
        self.seconds = seconds
        self.ends = None if seconds is None else time.monotonic() + seconds

    def passed(self) -> bool:
        """True once the budget is spent (never without a budget)."""
        return self.ends is not None and time.monotonic() >= self.ends
