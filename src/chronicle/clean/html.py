"""Main text and metadata from HTML pages, with trafilatura (text, title, site) and htmldate (date)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import htmldate
import trafilatura


@dataclass(frozen=True)
class ExtractedPage:
    """An HTML page's article text with the title, publication date, site name and URL found for it."""

    text: str
    title: str | None
    published: date | None
    source: str | None
    url: str | None


class ExtractionError(ValueError):
    """The page holds no article text trafilatura can find."""


def extract_page(html: str, url: str | None = None) -> ExtractedPage:
    """The article text and metadata of an HTML page; raises ExtractionError when it has no article text."""
    document = trafilatura.bare_extraction(
        html, url=url, with_metadata=True, include_comments=False, include_tables=False, favor_precision=False
    )
    text = getattr(document, "text", None) if document is not None else None
    if not text or not text.strip():
        raise ExtractionError("no article text found in the HTML")
    # htmldate's answer as it gives it, asked for the first publication rather than the latest update
    # (its `original_date`, meant for news); the measured choice is in docs/DECISIONS.md.
    found = htmldate.find_date(html, url=url, original_date=True, outputformat="%Y-%m-%d")
    return ExtractedPage(
        text=text,
        title=getattr(document, "title", None),
        published=date.fromisoformat(found) if found else None,
        source=getattr(document, "sitename", None) or getattr(document, "hostname", None),
        url=getattr(document, "url", None) or url,
    )
