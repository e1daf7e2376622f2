"""Every shipped pattern finds its positive examples and none of its negative ones."""
import pytest

from militant_monitor.extract import patterns

CASES = [(name, p) for name in patterns.files() for p in patterns.load(name).values()]


def test_patterns_every_file_loads_with_unique_ids():
    ids = [p.id for _, p in CASES]
    assert ids and len(ids) == len(set(ids))


@pytest.mark.parametrize("name,pattern", CASES, ids=[p.id for _, p in CASES])
def test_patterns_examples(name, pattern):
    assert pattern.match, f"{pattern.id} has no positive example"
    for s in pattern.match:
        assert pattern.search(s), f"{pattern.id} misses its example: {s!r}"
    for s in pattern.no_match:
        assert not pattern.search(s), f"{pattern.id} matches its negative example: {s!r}"
