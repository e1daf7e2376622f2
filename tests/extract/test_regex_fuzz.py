"""No extraction regex backtracks super-linearly on hostile text (issue 16).

Every compiled pattern the extractor uses - each entry of ``data/patterns/*.yaml``
(``patterns.load`` over ``patterns.files()``) and every module-level ``re.Pattern``
of ``militant_monitor/extract/*.py`` (also inside module-level lists, tuples and
dicts) - is run with ``finditer`` over adversarial strings at two sizes, ``N`` and
``4 * N`` characters. The strings are classic blow-up shapes (long runs of one
capitalised word, ``Ab-`` repeated, spaces, dots, commas, quotes, parentheses,
digits, mixed scripts, one long capitalised token) and the pattern's own example
sentences, repeated whole and with one stretch of them pumped.

A pattern fails when the larger text takes far more than four times as long as
the smaller one (``RATIO``; a quadratic pattern gives 16) once the larger time is
above a noise floor (``FLOOR_S``), or when one run takes over ``LIMIT_S`` seconds.
Timings are the best of a few repeats, so a busy machine does not fail a linear
pattern. The inputs are fixed (a seeded generator), so a failure reproduces.
"""
from __future__ import annotations

import importlib
import pkgutil
import random
import re
import signal
import time

import pytest

import militant_monitor.extract as extract_pkg
from militant_monitor.extract import patterns

N = 1000                 # characters of the smaller text; the larger is 4 * N
RATIO = 10.0             # linear gives ~4, quadratic ~16
FLOOR_S = 0.02           # below this for the larger text, timing noise decides nothing
LIMIT_S = 2.0            # no single run may take longer than this
REPEATS = 3


def _module_patterns() -> list[tuple[str, re.Pattern, tuple[str, ...]]]:
    """Every module-level compiled regex of ``militant_monitor.extract``, by dotted name."""
    out: dict[int, tuple[str, re.Pattern, tuple[str, ...]]] = {}
    for info in pkgutil.iter_modules(extract_pkg.__path__):
        mod = importlib.import_module(f"militant_monitor.extract.{info.name}")
        for name, value in vars(mod).items():
            found = [(name, value)] if isinstance(value, re.Pattern) else []
            if isinstance(value, (list, tuple)):
                found = [(f"{name}[{i}]", v) for i, v in enumerate(_flatten(value)) if isinstance(v, re.Pattern)]
            elif isinstance(value, dict):
                found = [(f"{name}[{k!r}]", v) for k, v in value.items() if isinstance(v, re.Pattern)]
            for label, rx in found:
                out.setdefault(id(rx), (f"{info.name}.{label}", rx, ()))
    return sorted(out.values(), key=lambda t: t[0])


def _flatten(items) -> list:
    """Items of a list/tuple, one level of nested tuples opened (``[("mdy", rx), ...]``)."""
    flat = []
    for it in items:
        flat.extend(it if isinstance(it, tuple) else (it,))
    return flat


def _data_patterns() -> list[tuple[str, re.Pattern, tuple[str, ...]]]:
    """Every pattern of ``data/patterns/*.yaml`` with its example sentences."""
    return [(f"{name}:{p.id}", p.rx, p.match + p.no_match)
            for name in patterns.files() for p in patterns.load(name).values()]


CASES = _data_patterns() + _module_patterns()

SHAPES = {                                   # name -> unit repeated to the wanted length
    "capword": "Ahmad ",
    "capword-nospace": "Ahmad",
    "ab-dash": "Ab-",
    "longtoken": "A",
    "caps-apos": "Ab'",
    "spaces": " ",
    "dots": ". ",
    "commas": ", ",
    "quotes": '"',
    "curly": "\u201c",
    "parens": "(",
    "paren-word": "(Ab ",
    "digits": "1",
    "numbers": "12, ",
    "mixed-script": "Ab \u0627\u0628 ",
    "of-the": "of the Ab ",
    "cap-comma": "Ab, ",
    "newlines": "\n",
}


def _repeat(unit: str, size: int) -> str:
    return (unit * (size // max(1, len(unit)) + 1))[:size]


def _texts(examples: tuple[str, ...], size: int, seed: str) -> dict[str, str]:
    """The hostile texts of ``size`` characters for one pattern (the same shapes at every size)."""
    rng, mix = random.Random(seed), random.Random(seed)
    texts = {name: _repeat(unit, size) for name, unit in SHAPES.items()}
    texts["random-caps"] = "".join(mix.choice(["Ab ", "Cd-", "E.", "Fgh'", "(", ", ", "1 "]) for _ in range(size))[:size]
    for i, ex in enumerate(examples[:2]):
        texts[f"example{i}-repeated"] = _repeat(ex + " ", size)
        words = ex.split()
        if len(words) >= 3:                  # pump a stretch in the middle, keep the ends
            a = rng.randrange(0, len(words) - 1)
            b = rng.randrange(a + 1, len(words))
            head, mid, tail = " ".join(words[:a]), " ".join(words[a:b]) + " ", " ".join(words[b:])
            texts[f"example{i}-pumped"] = head + " " + _repeat(mid, size - len(head) - len(tail)) + tail
        texts[f"example{i}-no-spaces"] = _repeat(ex.replace(" ", ""), size)
    return texts


class _TooSlow(Exception):
    pass


def _interrupt(_signum, _frame):
    raise _TooSlow


def _best_time(rx: re.Pattern, text: str, repeats: int = REPEATS, limit: float = LIMIT_S) -> float:
    """The best of ``repeats`` runs of ``finditer`` (and one ``search``) over ``text``;
    ``inf`` when one run passes ``limit`` seconds (the regex engine checks signals, so a
    timer interrupts a runaway match instead of letting it run for hours)."""
    best = float("inf")
    old = signal.signal(signal.SIGALRM, _interrupt)
    try:
        for _ in range(repeats):
            t0 = time.perf_counter()
            signal.setitimer(signal.ITIMER_REAL, limit)
            try:
                rx.search(text)
                for _m in rx.finditer(text):
                    pass
            except _TooSlow:
                return float("inf")
            finally:
                signal.setitimer(signal.ITIMER_REAL, 0)
            best = min(best, time.perf_counter() - t0)
    finally:
        signal.signal(signal.SIGALRM, old)
    return best


def test_regex_fuzz_collects_every_pattern():
    names = {name for name, _, _ in CASES}
    assert sum(1 for n in names if ":" in n) == sum(len(patterns.load(f)) for f in patterns.files())
    assert "citations.ACCORDING" in names and "citations.REPORTED" in names
    assert any(n.startswith("dates.PATTERNS[") for n in names)


@pytest.mark.parametrize("name,rx,examples", [pytest.param(*c, id=c[0]) for c in CASES])
def test_regex_fuzz_linear(name, rx, examples):
    small, large = _texts(examples, N, f"fuzz:{name}"), _texts(examples, 4 * N, f"fuzz:{name}")
    slow = []
    for shape, text in large.items():
        if _best_time(rx, text, repeats=1) < FLOOR_S:
            continue
        t_large, t_small = _best_time(rx, text), _best_time(rx, small[shape])
        ratio = t_large / max(t_small, 1e-6)
        if RATIO < ratio and t_large <= LIMIT_S:   # confirm on a text four times larger again: a one-off
            huge = _texts(examples, 16 * N, f"fuzz:{name}")[shape]   # step in the engine's cost per character
            t_huge = _best_time(rx, huge, repeats=2, limit=RATIO * t_large)   # (seen near 2-4k characters)
            if t_huge / t_large <= RATIO:          # is not growth; quadratic gives 16 again (and is cut off
                continue                           # at RATIO times the time of the smaller text)
        if ratio > RATIO or t_large > LIMIT_S:
            slow.append(f"{shape}: {t_small * 1e3:.1f} ms at {N} chars, {t_large * 1e3:.1f} ms at {4 * N} "
                        f"(x{ratio:.0f})")
            break                            # one shape shows it; spare the machine the rest
    assert not slow, f"{name} grows super-linearly: " + "; ".join(slow)


def test_regex_fuzz_catches_a_quadratic_pattern():
    """The check itself: a leading ``\\s*`` before a literal rescans every run of spaces from
    each of its positions, and the fuzzing must say so (a step in cost is not enough to pass it)."""
    with pytest.raises(AssertionError, match="grows super-linearly: spaces"):
        test_regex_fuzz_linear("quadratic", re.compile(r"\s*,"), ())
