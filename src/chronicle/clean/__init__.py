"""Clean: raw articles become clean text with a headline and a publication date with its basis."""

from __future__ import annotations

from chronicle.clean.html import ExtractionError, extract_page
from chronicle.clean.lines import text_line_model
from chronicle.clean.pubdate import dateline_agency, publication_date
from chronicle.clean.text import clean_text
from chronicle.records import CleanArticle, RawArticle

__all__ = ["ExtractionError", "clean_article", "clean_text", "publication_date"]


def clean_article(raw: RawArticle) -> CleanArticle:
    """The pure cleaning stage for one article. Raises ExtractionError when no text can be found."""
    title, url, source, metadata_date = raw.title, raw.url, raw.source, raw.published
    text = raw.text
    # Plain text may be a whole page's text: the line model finds the body. trafilatura has already done so
    # for HTML, with the markup to go by.
    line_model = text_line_model() if text is not None else None
    if text is None:
        page = extract_page(raw.html or "", url=raw.url)
        text = page.text
        title = title or page.title
        url = url or page.url
        source = source or page.source
        metadata_date = metadata_date or page.published
    cleaned = clean_text(text, title_hint=title, line_model=line_model)
    if not cleaned.body.strip():
        raise ExtractionError("nothing but boilerplate in the text")
    dates_in = "\n\n".join([cleaned.body, *cleaned.dated_leftovers])
    published, basis = publication_date(dates_in, metadata_date, cleaned.published_lines)
    source = source or dateline_agency(cleaned.body)
    return CleanArticle(
        id=raw.id,
        origin=raw.origin,
        title=cleaned.title or "",
        text=cleaned.body,
        url=url,
        source=source,
        published=published,
        published_basis=basis,
        removed=tuple(cleaned.removed),
    )
