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
