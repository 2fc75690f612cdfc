from datetime import date

from chronicle.clean import clean_article, clean_text, publication_date
from chronicle.clean.pubdate import strip_dateline
from chronicle.records import RawArticle

SCRAPED = """Skip to content
Menu
World
Senate passes stopgap bill before deadline
By Jane Doe, Example Wire
Published March 1, 2024 4:05 PM ET
Listen to this article
A A A
The Senate passed a stopgap spending bill on Friday, averting a shutdown.
{adslot} Senator Jane RoeJane RoeSenate passes stopgap bill MORE said on Friday that talks would go on. [[ad]]
Photo: John Smith/Getty Images
Read more
Five things to know about the budget
What the deal means for you
Share this article
Facebook Twitter Email
Jane Doe is a congressional correspondent for Example Wire.
Follow her on X @janedoe
Tags: Congress, Budget
© 2024 Example Wire. All rights reserved.
Leave a comment
Your email address will not be published. Required fields are marked *
"""


def test_cleaning_keeps_the_body_and_drops_the_leftovers():
    cleaned = clean_text(SCRAPED)
    assert cleaned.title == "Senate passes stopgap bill before deadline"
    assert cleaned.body == (
        "The Senate passed a stopgap spending bill on Friday, averting a shutdown.\n\n"
        "Senator Jane Roe said on Friday that talks would go on."
    )
    assert cleaned.published_lines == [date(2024, 3, 1)]


def test_body_sentences_that_start_like_bylines_stay():
    text = "Talks resume\nBy the time talks ended, the ministers had left for the airport.\nThey will meet again."
    assert "By the time talks ended" in clean_text(text).body


def test_repost_date_line_does_not_win_over_content():
    body = "The leaders met on Wednesday, their first talks since November 2022, officials said on Nov. 16, 2023."
    assert publication_date(body, None, [date(2026, 3, 3)]) == (date(2023, 11, 16), "content")


def test_recent_recollection_does_not_make_a_date_line_a_repost():
    body = "The leaders met on Wednesday, their first meeting since November 2022."
    assert publication_date(body, None, [date(2023, 11, 15)]) == (date(2023, 11, 15), "dateline")


def test_no_date_means_unknown_not_today():
    assert publication_date("Officials met on Tuesday.", None, []) == (None, "unknown")


def test_metadata_wins_and_html_is_extracted():
    html = ("<html><head><title>Talks in Geneva</title>"
            "<meta property='article:published_time' content='2024-05-02T10:00:00Z'></head><body>"
            "<nav>Home World</nav><article><h1>Talks in Geneva</h1>"
            "<p>Diplomats from both countries met in Geneva on Thursday to discuss a ceasefire proposal.</p>"
            "<p>The talks lasted six hours and will resume next week, officials said after the meeting.</p>"
            "</article><footer>© 2024 Example</footer></body></html>")
    article = clean_article(RawArticle(id="a.html", origin="a.html", html=html))
    assert article.published == date(2024, 5, 2) and article.published_basis == "metadata"
    assert "Diplomats from both countries met in Geneva" in article.text
    assert "©" not in article.text


def test_a_lead_dateline_dates_the_article_and_is_left_out_of_summaries():
    body = "GENEVA, Nov. 15, 2023 (Global Wire) - Envoys met for talks on Wednesday."
    assert publication_date(body, None, []) == (date(2023, 11, 15), "dateline")
    assert strip_dateline(body) == "Envoys met for talks on Wednesday."
    assert strip_dateline("PARIS (AP) — Macron spoke.") == "Macron spoke."
    assert strip_dateline("US President Biden - said so.") == "US President Biden - said so."
