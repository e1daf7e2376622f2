"""extract/parse.py: who did what to whom, from the dependency parse (needs the English model)."""
import pytest

from militant_monitor.extract import parse
from militant_monitor.model.document import Document


@pytest.fixture(scope="module")
def read(extractor):
    if extractor.nlp is None:
        pytest.skip("the statistical English model is not installed")

    def _read(text):
        work = extractor.prepare(Document(text=text, published="2025-03-04"))

        def at(name, nth=0):
            i = -1
            for _ in range(nth + 1):
                i = text.index(name, i + 1)
            return work, i, i + len(name)
        return at
    return _read


def test_parse_passive_subject_is_the_patient_and_by_phrase_the_agent(read):
    at = read("Officials said Tariq Jan was killed by the Zarbat Front near Dargai.")
    r = parse.role(*at("Tariq Jan"))
    assert (r.lemma, r.role, r.passive) == ("kill", "patient", True)
    assert parse.role(*at("the Zarbat Front")).role == "agent"
    assert parse.reported_by(r.verb).lemma_ == "say"


def test_parse_active_subject_is_the_agent_and_object_the_patient(read):
    at = read("Gunmen of the Zarbat Front shot dead Nadir Gul on Friday.")
    assert parse.role(*at("Nadir Gul")).role == "patient"


def test_parse_negation_is_seen(read):
    at = read("Sher Alam did not die in the strike.")
    r = parse.role(*at("Sher Alam"))
    assert r.lemma == "die" and r.negated


def test_parse_a_name_that_only_qualifies_a_noun(read):
    at = read("Three Mullah Tor Gul militants were arrested. An aide of Qari Wasim was freed. Noor Wali was captured.")
    assert parse.modified_noun(*at("Mullah Tor Gul")).lower_ == "militants"
    assert parse.modified_noun(*at("Qari Wasim")).lower_ == "aide"
    assert parse.modified_noun(*at("Noor Wali")) is None


def test_parse_without_a_model_answers_none(extractor):
    from militant_monitor.extract.pipeline import Extractor
    work = Extractor(use_model=False).prepare(Document(text="Tariq Jan was killed.", published="2025-03-04"))
    assert parse.role(work, 0, 9) is None and parse.modified_noun(work, 0, 9) is None
