"""A real ``mmon serve`` process on a free loopback port, over a database built with ``mmon ingest``.

Shared by tests/api and tests/browser (the browser tests put this folder on sys.path).
"""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
MMON = Path(sys.executable).parent / "mmon"
CORPORA = [ROOT / "examples" / "articles", ROOT / "tests" / "corpus" / "articles"]


def clean_env(db: Path | None = None, token: str | None = None) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("MMON_DEBUG", "MMON_DB", "MMON_TOKEN")}
    env.update({"NO_COLOR": "1", "TERM": "dumb", "PYTHONIOENCODING": "utf-8", "COLUMNS": "200"})
    if db is not None:
        env["MMON_DB"] = str(db)
    if token is not None:
        env["MMON_TOKEN"] = token
    return env


def build_db(folder: Path) -> Path:
    """examples/articles and tests/corpus/articles ingested with the real command."""
    db = folder / "web.db"
    r = subprocess.run([str(MMON), "ingest", "-q", *map(str, CORPORA)], env=clean_env(db), cwd=ROOT,
                       capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    return db


def mmon(*args, db: Path, timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run([str(MMON), *map(str, args)], env=clean_env(db), cwd=ROOT, capture_output=True,
                          text=True, timeout=timeout)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class LiveServer:
    """``with LiveServer(db, token) as base:`` - the server's base URL while it runs."""

    def __init__(self, db: Path, token: str | None = None, extra: tuple = ()):
        self.db, self.token, self.extra = db, token, extra
        self.proc: subprocess.Popen | None = None
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log = Path(str(db) + f".serve-{self.port}.log")

    def __enter__(self) -> str:
        self._log = open(self.log, "wb")
        self.proc = subprocess.Popen([str(MMON), "serve", "--port", str(self.port), *self.extra],
                                     env=clean_env(self.db, self.token), cwd=ROOT, stdout=self._log,
                                     stderr=subprocess.STDOUT)
        deadline = time.time() + 60
        while True:
            try:
                with urllib.request.urlopen(self.base + "/healthz", timeout=5) as r:
                    if r.status == 200:
                        return self.base
            except OSError:
                pass
            if self.proc.poll() is not None or time.time() > deadline:
                self.__exit__(None, None, None)
                raise RuntimeError(f"mmon serve did not start:\n{self.log.read_text(errors='replace')}")
            time.sleep(0.1)

    def __exit__(self, *exc):
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)
        self._log.close()

    def output(self) -> str:
        return self.log.read_text(errors="replace")
