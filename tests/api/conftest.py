"""What the web tests share: their support modules on the path (``live_server`` here, ``kb_support``
and the review queue's builders in tests/resolve), and a client of a real server on a module's store."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
sys.path.insert(0, str(Path(__file__).parents[1] / "resolve"))


@pytest.fixture(scope="module")
def client(kb):
    """An httpx client of a real server on ``kb["db"]`` (the module's store fixture), with the
    operator's token ``kb["token"]`` when it gives one."""
    httpx = pytest.importorskip("httpx")
    from live_server import LiveServer
    with LiveServer(kb["db"], *([kb["token"]] if kb.get("token") else [])) as base:
        with httpx.Client(base_url=base, timeout=60) as c:
            yield c
