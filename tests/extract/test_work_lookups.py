"""Work's cached look-ups answer what the linear scans they replace answered (issue 16: a scan of
the whole text, or of every sentence, per sentence made a long document quadratic)."""
from __future__ import annotations

from militant_monitor.extract.pipeline import hedged
from militant_monitor.extract import patterns
from militant_monitor.extract.state import Work
from militant_monitor.extract.text import sentences
from militant_monitor.model.document import Document

TEXT = ("Police said a bomb went off in Bannu on Monday. Two men were hurt.\n\nNotes\n"
        "[1] A note about the blast.\nReferences\nA list. Notes were kept.\n\nThe group reportedly denied it.")


def _work(text: str = TEXT) -> Work:
    return Work(doc=Document(text=text), text=text, published=None, sentences=sentences(text))


def test_sentence_at_is_the_sentence_holding_the_offset():
    work = _work()
    for pos in range(-1, len(TEXT) + 2):
        want = next((x for x in work.sentences if x.start <= pos < x.end), None)
        assert work.sentence_at(pos) is want, pos


def test_rfind_is_str_rfind_before_an_offset():
    work = _work()
    for sub in ("\nNotes", "\nReferences", "\nEndnotes", "Notes", "e"):
        for end in range(0, len(TEXT) + 1):
            assert work.rfind(sub, end) == TEXT.rfind(sub, 0, end), (sub, end)


def test_hedged_is_any_hedge_pattern():
    for text in ("He was reportedly killed.", "He is believed to have fled.", "The death is yet to be confirmed.",
                 "He was killed.", "REPORTEDLY dead", "suspected of the attack", ""):
        assert hedged(text) == (patterns.first("hedges", text) is not None), text


def test_hedged_spans_answers_what_the_slice_answers():
    import random

    from militant_monitor.extract.pipeline import HedgedSpans
    rng = random.Random(16)
    parts = ["A bomb went off in the market.", "The commander was reportedly killed.", "Police said so.",
             "He is believed to have fled.", "Two men were hurt in the blast.", "It could not be verified."]
    text = " ".join(rng.choice(parts) for _ in range(900))
    spans = HedgedSpans(text)
    for _ in range(300):
        a = rng.randrange(len(text))
        b = min(len(text), a + rng.choice([30, 200, 3000, 5000, 12000, 40000]))
        assert spans(a, b) == hedged(text[a:b]), (a, b)
    # one hedge deep inside a long span, none near its ends
    plain = "Police said a bomb went off. " * 400
    text = plain + "He was reportedly killed. " + plain
    assert HedgedSpans(text)(0, len(text)) and not HedgedSpans(plain + plain)(0, 2 * len(plain))


def test_citations_over_are_the_spans_a_scan_finds():
    import random
    rng = random.Random(16)
    work = _work()
    for _ in range(3):   # added in stages, as read_citations adds them: the look-up follows
        for _ in range(40):
            a = rng.randrange(0, 2_000)
            work.citation_spans.append((a, a + rng.randrange(1, 60)))
        for start in range(0, 2_100, 7):
            end = start + rng.randrange(0, 90)
            want = sorted((a, b) for a, b in work.citation_spans if a < end and b > start)
            assert work.citations_over(start, end) == want, (start, end)
