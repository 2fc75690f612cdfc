from datetime import date

import pytest

from chronicle.analysis.timex import tag_sentence

REF = date(2023, 11, 16)  # a Thursday


@pytest.mark.parametrize(
    "sentence, surface, value",
    [
        ("Biden met Xi on Wednesday at an estate.", "Wednesday", "2023-11-15"),
        ("Officials met earlier this week.", "earlier this week", "2023-W46"),
        ("They first met last September.", "last September", "2023-09"),
        ("A call in October of last year went badly.", "October of last year", "2022-10"),
        ("Blinken will travel to Beijing next month.", "next month", "2023-12"),
        ("Prices peaked in mid-September.", "mid-September", "2023-09"),
        ("The summit on Nov. 15, 2023 lasted hours.", "Nov. 15, 2023", "2023-11-15"),
        ("The ceasefire began two days ago.", "two days ago", "2023-11-14"),
        ("The accord was signed in 2019.", "2019", "2019"),
        ("Profit rose in the third quarter.", "the third quarter", "2023-Q3"),
        ("Sales fell from the year-ago quarter.", "the year-ago quarter", "2022-Q3"),
        ("They met last summer.", "last summer", "2023-SU"),
        ("Elections are due next spring.", "next spring", "2024-SP"),
        ("Prices peaked in the mid-1990s.", "mid-1990s", "199"),
        ("He was born in nineteen sixty-two.", "nineteen sixty-two", "1962"),
        ("It was a two-year program.", "two-year", "P2Y"),
        ("Talks stalled for nearly two months.", "nearly two months", "P2M"),
        ("Traders met daily.", "daily", "P1D"),
        ("They spoke on Wednesday night.", "Wednesday night", "2023-11-15TNI"),
        ("The vote closed at 9 a.m. Tuesday.", "9 a.m. Tuesday", "2023-11-14T09:00"),
        ("The family gathered for Thanksgiving.", "Thanksgiving", "2023-11-23"),
        ("Markets are calm now.", "now", "PRESENT_REF"),
        ("They lived in camps for 2 1/2 years.", "2 1/2 years", "P2Y6M"),
        ("The pilot called a minute and a half later.", "a minute and a half", "PT1M30S"),
        ("Trading fell in the last twenty four hours.", "the last twenty four hours", "PT24H"),
        ("A bomb went off in January nineteen ninety-seven.", "January nineteen ninety-seven", "1997-01"),
        ("The offer runs until 5 p.m. EST Nov. 20.", "5 p.m. EST Nov. 20", "2023-11-20T17:00"),
        ("The editorial ran on Saturday, Nov. 18.", "Saturday, Nov. 18", "2023-11-18"),
        ("Inspections have been allowed since Dec. 13.", "Dec. 13", "2022-12-13"),
        ("Revenue for the year ended Sept. 30 rose.", "the year", "P1Y"),
        ("Sales for the full year were flat.", "the full year", "2023"),
        ("The plant should close by the end of the year.", "the end of the year", "2023"),
        ("The mosque dominated the skyline for centuries.", "centuries", "PXC"),
        ("It is a 12th century temple.", "12th century", "11"),
        ("Profit rose in the fourth quarter.", "the fourth quarter", "2023-Q4"),
    ],
)
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


def test_weekday_range_is_one_expression():
    (timex,) = tag_sentence("Talks ran Monday through Wednesday.", 0, REF)
    assert (timex.value, timex.end_value) == ("2023-11-13", "2023-11-15")


@pytest.mark.parametrize(
    "sentence",
    [
        "Sun Microsystems reported a loss.",  # a company, not Sunday
        "Czech minister Jan Kavan spoke.",  # a name, not January
        "Prices will fall further.",  # a verb, not autumn
        "Mr. Reupke, 52 years old, resigned.",  # an age
        "The plant saves $2 million a year.",  # a rate
    ],
)
def test_look_alikes_are_not_time(sentence):
    assert tag_sentence(sentence, 0, REF) == []


def test_each_expression_takes_its_own_clause_tense(nlp):
    from chronicle.analysis.timex import tag_doc

    doc = nlp("Officials who met on Friday said the ministers will travel to Rome on Friday.")
    assert [t.value for t in tag_doc(doc, REF)] == ["2023-11-10", "2023-11-17"]


def test_a_quarter_still_to_come_is_last_years_when_nearer():
    (timex,) = tag_sentence("Profit fell in the fourth quarter.", 0, date(2024, 1, 26))
    assert timex.value == "2023-Q4"


def test_a_year_is_not_a_count_of_quarters():
    values = [t.value for t in tag_sentence("It earned $3 million in the 1988 quarter.", 0, REF)]
    assert not any(v.startswith("P") for v in values)
