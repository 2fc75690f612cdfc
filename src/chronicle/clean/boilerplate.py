"""Removal of scraping leftovers from article text, driven by the patterns in data/boilerplate.json."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from chronicle.data import data_json

# A line this long is body text whatever it starts with: whole-line patterns never remove it.
MAX_BOILERPLATE_WORDS = 45
# The longest teaser, in words, taken for an item of a "Related" link list rather than a body line.
MAX_LINK_ITEM_WORDS = 22
# A link hover-card pasted into a sentence: the link's text of two to four words ("Senator Jane Roe"), then the
# card's name for the same person, glued on or after a space ("Jane Roe", "Anna Müller": it ends with the link's
# last word), then the card's teaser up to the mark that truncates it ("MORE", "Read more", an ellipsis). The
# link text stays; the card goes, and the sentence around it with the link text is kept. The teaser is a
# headline: it starts with a capital, which keeps "New York New York is a song..." whole.
HOVER_CARD = re.compile(
    r"(?P<name>\b(?:[A-Z][\w.'’-]*\s+){1,3}(?P<last>[A-Z][^\W\d_]*[^\W\d_A-Z]))"
    r"\s?(?:[A-Z][\w.'’-]*\s+){0,3}(?P=last)\s?[A-Z\"“‘'].{0,400}?(?:\bMORE\b|\bRead more\b|…|\.\.\.)\s*"
)


@dataclass(frozen=True)
class BoilerplatePatterns:
    """The compiled patterns of data/boilerplate.json: whole-line leftovers by category, and the rest by use."""

    line: tuple[tuple[str, re.Pattern[str]], ...]
    prefixes: re.Pattern[str]
    block_header: re.Pattern[str]
    section_label: re.Pattern[str]
    inline: re.Pattern[str]
    published_line: re.Pattern[str]
    updated_line: re.Pattern[str]


@lru_cache(maxsize=1)
def patterns() -> BoilerplatePatterns:
    """The boilerplate patterns, compiled once from data/boilerplate.json."""
    data = data_json("boilerplate.json")
    case_sensitive = set(data.get("case_sensitive", []))
    line = tuple(
        (category, re.compile("(?:" + "|".join(regexes) + r")\s*[.:!]?", 0 if category in case_sensitive else re.I))
        for category, regexes in data["line"].items()
    )
    return BoilerplatePatterns(
        line=line,
        prefixes=re.compile("(?:" + "|".join(data["line_prefixes"]) + ")", re.I),
        block_header=re.compile("(?:" + "|".join(data["block_headers"]) + r")\s*[:»›>]?", re.I),
        section_label=re.compile("(?:" + "|".join(data["section_labels"]) + r")", re.I),
        inline=re.compile("|".join(data["inline"])),
        published_line=re.compile(data["date_line"]["published"], re.I),
        updated_line=re.compile(data["date_line"]["updated"], re.I),
    )


def strip_inline(line: str) -> tuple[str, list[str]]:
    """Cut ad tokens, photo credits and hover-cards out of a line; returns the line and what was cut."""
    removed: list[str] = []

    def keep_name(match: re.Match[str]) -> str:
        removed.append(match.group(0))
        return match.group("name") + " "

    line = HOVER_CARD.sub(keep_name, line)
    removed.extend(m.group(0) for m in patterns().inline.finditer(line))
    line = patterns().inline.sub("", line)
    line = re.sub(r"[ \t]{2,}", " ", line).strip()
    line = re.sub(r"\s+([,.;:!?])", r"\1", line)
    return line, removed


def boilerplate_category(line: str) -> str | None:
    """The kind of leftover a whole line is, or None when it is body text."""
    stripped = line.strip().strip("|•·")
    if not stripped:
        return None
    if len(stripped.split()) > MAX_BOILERPLATE_WORDS:
        return None
    if patterns().prefixes.match(stripped):
        return "link"
    for category, pattern in patterns().line:
        if pattern.fullmatch(stripped):
            return category
    return None


def is_section_label(line: str) -> bool:
    """Whether the line is only a section's name ("World news", "Politics"), bullets and a colon aside."""
    return bool(patterns().section_label.fullmatch(line.strip().strip("|•·:").strip()))


def is_block_header(line: str) -> bool:
    """Whether the line heads a list of links ("Related", "Read more") that runs until the body resumes."""
    return bool(patterns().block_header.fullmatch(line.strip()))


def is_link_list_item(line: str) -> bool:
    """A teaser in a 'Related' list: short and without the full stop a body sentence ends with."""
    words = line.split()
    return 0 < len(words) <= MAX_LINK_ITEM_WORDS and not re.search(r"[.!?][\"'”’)]?$", line.strip())
