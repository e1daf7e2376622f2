"""Recall of events, their dates and their authors on phrasings of news reporting. Every
sentence was written for these tests: people and towns are invented."""
from __future__ import annotations

from militant_monitor.model.document import Document


def events_of(extractor, text, published="2021-05-04"):
    return extractor(Document(text=text, published=published))[0]["events"]


def test_events_writers_todays_attack_dates_the_undated_lead(extractor):
    evs = events_of(extractor, "At least 12 people were killed and 20 were injured in a blast in a market in Sarban.\n\n"
                               "The police said the market was crowded. The timing of today's attack shows a clear "
                               "link with the release of the commander.")
    assert [e["date"] for e in evs] == ["2021-05-04"]


def test_events_quoted_todays_attack_leaves_the_lead_undated(extractor):
    evs = events_of(extractor, "At least 12 people were killed and 20 were injured in a blast in a market in Sarban.\n\n"
                               "\u201cWe condemn today's attack on the market,\u201d the governor said.")
    assert [e["date"] for e in evs] == [None]
