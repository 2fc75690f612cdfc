"""Plain-text cleaning: scraped text in, the article body and its headline out, every body sentence kept."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date

from chronicle.clean.boilerplate import (
    boilerplate_category,
    is_block_header,
    is_link_list_item,
    is_section_label,
    patterns,
    strip_inline,
)
from chronicle.clean.lines import LineModel
from chronicle.dates import FULL_DATE, find_full_dates

_TIME_TAIL = re.compile(
    r"^[\s,|•·-]*((at\s+)?\d{1,2}[:.]\d{2}(\s*[ap]\.?m\.?)?\s*([A-Z]{2,4}|GMT[+-]?\d*|UTC[+-]?\d*)?)?[\s,|•·-]*$", re.I
)
# A caption label glued to the text before it ("…Elizabeth WarrenImage: Gage Skidmore"): the scraper lost the
# break between a picture's caption and its credit. The credit starts a line of its own.
GLUED_CAPTION = re.compile(r"(?<=[a-z.)])(?=(?:Image|Photo|Picture|Credit)s?:)")
DATED_LEFTOVER_WORDS = 12
MIN_JUDGED_LINES = 4
MAX_DATE_LINE_CHARS = 90  # a longer line is a sentence that mentions a date, not a date line
# A headline is a line of MIN_TITLE_WORDS to MAX_TITLE_WORDS words and at most MAX_TITLE_CHARS characters; a
# longer line before one is found means the body has begun.
MIN_TITLE_WORDS = 3
MAX_TITLE_WORDS = 30
MAX_TITLE_CHARS = 220
MAX_SECTION_LABEL_WORDS = 3  # a longer line is not taken for a section's name, whatever it starts with
# Lines above the headline of at most this many words, without a sentence end, are outlet names and labels.
MAX_MASTHEAD_WORDS = 4
FIRST_SENTENCE_TITLE_WORDS = 16  # words of the first sentence kept as the title when the text has no headline
_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff"), None)


@dataclass
class CleanedText:
    """A cleaned text: its headline, its body, what was cut, and the date lines and dated leftovers found."""

    title: str | None
    body: str
    removed: list[str] = field(default_factory=list)
    published_lines: list[date] = field(default_factory=list)  # "Published ..." or bare date lines
    updated_lines: list[date] = field(default_factory=list)  # "Updated ..." lines: never a publication date
    # Short lines the line model dropped that name a full date ("Posted: 08 / 02 / 2013 11: 10 am EDT"): out
    # of the body, but as much evidence of when the page was published as a date in its text.
    dated_leftovers: list[str] = field(default_factory=list)


def normalise_whitespace(text: str) -> str:
    """The text in NFC without zero-width characters, with newline line ends and single spaces for runs."""
    text = unicodedata.normalize("NFC", text).translate(_ZERO_WIDTH)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\xa0", " ").replace("\t", " ")
    return re.sub(r"[ ]{2,}", " ", text)


def _date_line(line: str) -> tuple[str, date] | None:
    """('published' | 'updated', date) when the line is only a date, with an optional label and time."""
    if len(line) > MAX_DATE_LINE_CHARS:
        return None
    kind = "published"
    rest = line
    if match := patterns().updated_line.match(rest):
        kind, rest = "updated", rest[match.end() :]
    elif match := patterns().published_line.match(rest):
        rest = rest[match.end() :]
    match = FULL_DATE.search(rest)
    if not match or rest[: match.start()].strip(" ,|•·-"):
        return None
    found = find_full_dates(rest[match.start() : match.end()])
    if not found or not _TIME_TAIL.match(rest[match.end() :]):
        return None
    return kind, found[0][2]


def _looks_like_title(line: str) -> bool:
    words = line.split()
    if not MIN_TITLE_WORDS <= len(words) <= MAX_TITLE_WORDS or len(line) > MAX_TITLE_CHARS:
        return False
    if re.search(r"[.,;:]$", line) or line.startswith(("“", '"', "'")):
        return False
    return line[0].isupper() or line[0].isdigit()


def _same_text(a: str, b: str) -> bool:
    def norm(s: str) -> str:
        return re.sub(r"\W+", " ", s).strip().lower()

    return norm(a) == norm(b)


def _join_broken_lines(paragraphs: list[str]) -> list[str]:
    """Re-join paragraphs a scraper broke mid-sentence (the next piece starts in lower case)."""
    joined: list[str] = []
    for paragraph in paragraphs:
        if joined and not re.search(r"[.!?:\"”’)]$", joined[-1]) and paragraph[:1].islower():
            joined[-1] = f"{joined[-1]} {paragraph}"
        else:
            joined.append(paragraph)
    return joined


def scraped_lines(text: str, into: CleanedText) -> list[str]:
    """The non-empty lines of scraped text with inline leftovers cut out; date lines go to `into` instead."""
    lines = []
    for raw_line in GLUED_CAPTION.sub("\n", normalise_whitespace(text)).split("\n"):
        line, cut = strip_inline(raw_line.strip())
        into.removed.extend(cut)
        if not line:
            continue
        dated = _date_line(line)
        if dated:
            (into.updated_lines if dated[0] == "updated" else into.published_lines).append(dated[1])
            into.removed.append(line)
            continue
        lines.append(line)
    return lines


def clean_text(text: str, title_hint: str | None = None, line_model: LineModel | None = None) -> CleanedText:
    """Remove scraping leftovers and find the headline.

    With a line model (for text scraped from a whole page), lines it does not judge to be body are dropped.
    Whole lines are also dropped when a boilerplate pattern matches them entirely; fragments (ad tokens,
    photo credits, link hover-cards) are cut out of lines that stay. Lines under a "Related" or "Most read"
    header are dropped while they look like teaser links.
    """
    result = CleanedText(title=None, body="")
    in_link_block = False
    lines = scraped_lines(text, result)
    # A text of a few lines has no page around a body to tell it from: it is all kept.
    judged = line_model.is_body(lines) if line_model and len(lines) >= MIN_JUDGED_LINES else [True] * len(lines)
    numbers: list[int] = []  # the lines no pattern drops; the line model's verdict is applied after the headline
    for number, line in enumerate(lines):
        if in_link_block and is_link_list_item(line):
            result.removed.append(line)
            continue
        in_link_block = False
        if is_block_header(line):
            in_link_block = True
            result.removed.append(line)
            continue
        if boilerplate_category(line) or (len(line.split()) <= MAX_SECTION_LABEL_WORDS and is_section_label(line)):
            result.removed.append(line)
            continue
        numbers.append(number)

    # The headline is looked for whatever the line model says of it: it is not body, but it is the title.
    title = title_hint.strip() if title_hint and title_hint.strip() else None
    if title:
        numbers = [n for n in numbers if not _same_text(lines[n], title)]
    else:
        for index, number in enumerate(numbers[:8]):
            line = lines[number]
            if _looks_like_title(line):
                title = line
                # Short lines above the headline are outlet names and section labels, not body text.
                numbers = [
                    n
                    for n in numbers[:index]
                    if len(lines[n].split()) > MAX_MASTHEAD_WORDS or re.search(r"[.!?]$", lines[n])
                ] + numbers[index + 1 :]
                break
            if len(line.split()) > MAX_TITLE_WORDS:  # the body has begun: the headline is not in the text
                break
    dropped = [lines[n] for n in numbers if not judged[n]]
    result.removed.extend(dropped)
    result.dated_leftovers = [
        line for line in dropped if len(line.split()) <= DATED_LEFTOVER_WORDS and find_full_dates(line)
    ]
    kept = [lines[n] for n in numbers if judged[n]]
    body_paragraphs = _join_broken_lines(kept)
    result.body = "\n\n".join(body_paragraphs)
    result.title = title or _first_sentence(result.body)
    return result


def _first_sentence(body: str) -> str | None:
    if not body:
        return None
    sentence = re.split(r"(?<=[.!?])\s", body, maxsplit=1)[0]
    words = sentence.split()
    return " ".join(words[:FIRST_SENTENCE_TITLE_WORDS]) + ("…" if len(words) > FIRST_SENTENCE_TITLE_WORDS else "")
