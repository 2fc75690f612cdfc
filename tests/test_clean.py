from datetime import date

from chronicle.clean import clean_article, clean_text, publication_date
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
    html = (
        "<html><head><title>Talks in Geneva</title>"
        "<meta property='article:published_time' content='2024-05-02T10:00:00Z'></head><body>"
        "<nav>Home World</nav><article><h1>Talks in Geneva</h1>"
        "<p>Diplomats from both countries met in Geneva on Thursday to discuss a ceasefire proposal.</p>"
        "<p>The talks lasted six hours and will resume next week, officials said after the meeting.</p>"
        "</article><footer>© 2024 Example</footer></body></html>"
    )
    article = clean_article(RawArticle(id="a.html", origin="a.html", html=html))
    assert article.published == date(2024, 5, 2) and article.published_basis == "metadata"
    assert "Diplomats from both countries met in Geneva" in article.text
    assert "©" not in article.text


def test_a_lead_dateline_dates_the_article_and_is_left_out_of_summaries():
    body = "GENEVA, Nov. 15, 2023 (Global Wire) - Envoys met for talks on Wednesday."
    assert publication_date(body, None, []) == (date(2023, 11, 15), "dateline")
    from chronicle.analysis.pipeline import lead_sentences
    from chronicle.records import Sentence

    sentences = [
        Sentence(0, 0, text)
        for text in ("Talks in Geneva", body, "PARIS (AP) — Macron spoke.", "US President Biden - said so.")
    ]
    assert lead_sentences(sentences, "Talks in Geneva", 3) == (
        "Envoys met for talks on Wednesday.",
        "Macron spoke.",
        "US President Biden - said so.",
    )


PARAGRAPHS = [
    "Flood barriers along the river were raised on Tuesday after three days of heavy rain, the regional "
    "water authority said in a statement.",
    "Engineers worked through the night to close the gates at the northern end of the harbour, where the "
    "water had reached its highest level in more than a decade.",
    "The mayor told reporters that schools in the lower districts would stay closed until Thursday and asked "
    "residents to avoid the embankment roads.",
    "About 400 people were moved to sports halls on the edge of the city, and the army sent two trucks with "
    "sandbags to the villages upstream.",
    "Forecasters expect the rain to ease by the weekend, but warned that the river would keep rising for at "
    "least another day as water arrives from the hills.",
    "The authority said it would publish a review of the barriers once the water has gone down.",
]
NAVIGATION = [
    "Home",
    "News",
    "Region",
    "Weather",
    "Sport",
    "Culture",
    "Opinion",
    "Video",
    "Podcasts",
    "Newsletters",
    "Subscribe",
    "Sign in",
    "Search",
]
FOOTER = [
    "More from Region",
    "Bus drivers vote on new contract",
    "New bridge opens to cyclists",
    "Contact us",
    "Careers",
    "Privacy",
    "Terms of use",
    "© 2031 The Valley Courier",
]


def test_the_line_model_keeps_the_body_of_a_whole_page_and_drops_the_page_around_it():
    from chronicle.clean.lines import text_line_model

    page = "\n".join([*NAVIGATION, "River barriers raised as rain goes on", "By Ana Costa", *PARAGRAPHS, *FOOTER])
    cleaned = clean_text(page, line_model=text_line_model())
    assert cleaned.title == "River barriers raised as rain goes on"
    assert cleaned.body == "\n\n".join(PARAGRAPHS)


def test_text_that_arrives_clean_stays_whole_under_the_line_model():
    from chronicle.clean.lines import text_line_model

    model = text_line_model()
    for text in (PARAGRAPHS[0], "\n".join(PARAGRAPHS[:2]), "Barriers raised\n" + PARAGRAPHS[0], "\n".join(PARAGRAPHS)):
        assert PARAGRAPHS[0] in clean_text(text, line_model=model).body, text


def test_a_copy_of_the_body_is_kept_once():
    from chronicle.clean.lines import without_repeats

    lines = [
        *PARAGRAPHS[:3],
        " ".join(PARAGRAPHS[:3]),
        "Photo of the barriers at dawn, by the authority.",
        "Photo of the barriers at dawn, by the authority.",
    ]
    assert without_repeats(lines, [True] * len(lines)) == [True, True, True, False, True, False]


def test_a_hover_card_is_cut_out_of_its_sentence_and_the_sentence_kept():
    from chronicle.clean.boilerplate import strip_inline

    assert (
        strip_inline(
            "The talks between Chancellor MüllerAnna MüllerSenate votes down the budget plan… ended without a deal."
        )[0]
        == "The talks between Chancellor Müller ended without a deal."
    )
    assert (
        strip_inline(
            "A court heard that he threatened Rep. Dana Ortiz Dana Ortiz Budget talks stall | Storm "
            "hits coast Ortiz asks for calm MORE (D-Ore.) in May."
        )[0]
        == "A court heard that he threatened Rep. Dana Ortiz (D-Ore.) in May."
    )
    for whole in ("New York New York is a song... by Frank Sinatra.", "He met President Joe Biden, and Biden said so."):
        assert strip_inline(whole)[0] == whole


def test_a_caption_credit_glued_to_a_name_goes_and_the_name_stays():
    cleaned = clean_text(
        "Talks go on\nThe senator spoke to Elizabeth WarrenImage: A. Photographer.\n"
        "Warren said on Monday that the plan would cost less than expected."
    )
    assert "WarrenImage" not in cleaned.body and "Photographer" not in cleaned.body
    assert "Warren said on Monday" in cleaned.body


def test_a_caption_line_of_a_pictures_subject_and_its_credit_goes():
    cleaned = clean_text(
        "Talks go on\nThe senator said on Monday that the plan would cost less.\n"
        "Kamala Harris Image: U.S. Senate.\nHarris later said she would vote for it."
    )
    assert "Image" not in cleaned.body and "Harris later said" in cleaned.body


def test_a_date_line_the_line_model_drops_still_dates_the_page():
    text = (
        "Talk show host to present the awards again\nFriday August 2, 2031 @ 8: 13am PDT\n"
        "The comedian will host the awards ceremony for a second time next year, the academy said on Friday.\n"
        "She first hosted the ceremony six years ago and said she was thrilled to be asked back to the stage."
    )
    article = clean_article(RawArticle(id="x", origin="x", text=text))
    assert "8: 13am" not in article.text and (article.published, article.published_basis) == (
        date(2031, 8, 2),
        "content",
    )


def test_of_a_teaser_and_the_paragraph_it_was_cut_from_the_paragraph_stays():
    from chronicle.clean.lines import without_repeats

    teaser = " ".join(PARAGRAPHS[1].split()[:16])
    for lines in ([teaser, PARAGRAPHS[0], PARAGRAPHS[1]], [PARAGRAPHS[1], PARAGRAPHS[0], teaser]):
        kept = without_repeats(lines, [True] * 3)
        assert [line for line, keep in zip(lines, kept, strict=True) if keep] == [
            line for line in lines if line != teaser
        ]
