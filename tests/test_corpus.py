from datetime import date

from chronicle.analyse.fingerprint import as_minhash, exact_jaccard, fingerprint, shingle_hashes
from chronicle.corpus import CorpusState, EventRecord
from chronicle.corpus.dates import months, value_range
from chronicle.corpus.dedup import find_original


def test_fingerprints_estimate_and_measure_jaccard():
    text = " ".join(f"word{i}" for i in range(300))
    edited = text + " plus a different footer line"
    other = " ".join(f"other{i}" for i in range(300))
    assert as_minhash(fingerprint(text).minhash).jaccard(as_minhash(fingerprint(edited).minhash)) > 0.9
    assert as_minhash(fingerprint(text).minhash).jaccard(as_minhash(fingerprint(other).minhash)) < 0.1
    assert exact_jaccard(shingle_hashes(text), shingle_hashes(edited)) == 296 / 301
    assert len(shingle_hashes("a b c d e f")) == 2
    assert len(shingle_hashes("A b, c d e")) == 1 == len(shingle_hashes("a b c"))
    # word order matters: the same words in another order are other shingles
    assert exact_jaccard(shingle_hashes("a b c d e f"), shingle_hashes("f e d c b a")) == 0


def test_a_copy_of_a_copy_links_to_the_first_article():
    words = [f"word{i}" for i in range(200)]
    state = CorpusState()
    first, copy, second_copy = " ".join(words), " ".join(words[:150] + ["changed"] * 50), " ".join(words[:120])
    state.add_fingerprint("first", fingerprint(first))
    assert find_original(state, fingerprint(copy)) == "first"
    state.add_fingerprint("copy", fingerprint(copy))
    state.duplicate_of["copy"] = "first"
    assert find_original(state, fingerprint(second_copy)) == "first"
    assert find_original(state, fingerprint(" ".join(words[:60]))) is None  # Jaccard 56/151 at most


def test_value_ranges():
    assert str(value_range("2023-11")) == "(datetime.date(2023, 11, 1), datetime.date(2023, 11, 30))"
    assert value_range("2023-W46")[0].isoformat() == "2023-11-13"
    assert value_range("XXXX-05-12") is None


def _event(number: int, day: str | None) -> EventRecord:
    actors = [{"key": "usa"}, {"key": "chn"}]
    return EventRecord(id=f"event-{number:05d}", story_id=None, type="CONSULT", status="occurred", sources=actors[:1],
                       targets=actors[1:], date=day, date_basis="explicit", location=None, confidence=0.5)


def test_events_are_found_by_type_actor_and_month_only():
    state = CorpusState()
    for number, day in enumerate(["2023-11-15", "2023-11", "2024-03-02", None], start=1):
        state.add_event(_event(number, day))
    near = state.events_near("CONSULT", frozenset({"chn"}), value_range("2023-11-16"))
    assert [e.id for e in near] == ["event-00001", "event-00002"]
    assert [e.id for e in state.events_near("CONSULT", frozenset({"usa"}), None)] == ["event-00004"]
    assert state.events_near("FIGHT", frozenset({"usa"}), value_range("2023-11-16")) == []
    assert state.events_near("CONSULT", frozenset({"rus"}), value_range("2023-11-16")) == []
    assert months(value_range("2023-W52")) == ["2023-12"] and months((date(2023, 12, 30), date(2024, 1, 2))) == [
        "2023-12", "2024-01"]
