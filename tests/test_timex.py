from datetime import date

import pytest

from chronicle.analyse.timex import tag_sentence

REF = date(2023, 11, 16)  # a Thursday


@pytest.mark.parametrize("sentence, surface, value", [
    ("Biden met Xi on Wednesday at an estate.", "Wednesday", "2023-11-15"),
    ("Officials met earlier this week.", "earlier this week", "2023-W46"),
    ("They first met last September.", "last September", "2023-09"),
    ("A call in October of last year went badly.", "October of last year", "2022-10"),
    ("Blinken will travel to Beijing next month.", "next month", "2023-12"),
    ("Prices peaked in mid-September.", "mid-September", "2023-09"),
    ("The summit on Nov. 15, 2023 lasted hours.", "Nov. 15, 2023", "2023-11-15"),
    ("The ceasefire began two days ago.", "two days ago", "2023-11-14"),
    ("The accord was signed in 2019.", "2019", "2019"),
])
def test_values(sentence, surface, value):
    found = {t.text: t.value for t in tag_sentence(sentence, 0, REF)}
    assert found.get(surface) == value


def test_range_is_one_expression_with_start_and_end():
    (timex,) = tag_sentence("Talks are set for March 4-5 in Geneva.", 0, REF)
    assert (timex.text, timex.value, timex.end_value) == ("March 4-5", "2024-03-04", "2024-03-05")


def test_future_tense_picks_the_coming_weekday():
    (timex,) = tag_sentence("The ministers will meet on Tuesday.", 0, REF)
    assert timex.value == "2023-11-21"


def test_month_day_without_reference_keeps_unknown_year():
    (timex,) = tag_sentence("They met on May 12.", 0, None)
    assert timex.value == "XXXX-05-12"


def test_the_modal_may_is_not_a_month():
    assert tag_sentence("He may go to Paris.", 0, REF) == []
