from chronicle.corpus.dates import value_range
from chronicle.corpus.dedup import shingles, signature


def test_near_duplicates_have_high_estimated_jaccard():
    text = " ".join(f"word{i}" for i in range(300))
    edited = text + " plus a different footer line"
    assert signature(text).jaccard(signature(edited)) > 0.9
    assert signature(text).jaccard(signature(" ".join(f"other{i}" for i in range(300)))) < 0.1
    assert len(shingles("a b c d e f")) == 2


def test_value_ranges():
    assert str(value_range("2023-11")) == "(datetime.date(2023, 11, 1), datetime.date(2023, 11, 30))"
    assert value_range("2023-W46")[0].isoformat() == "2023-11-13"
    assert value_range("XXXX-05-12") is None
