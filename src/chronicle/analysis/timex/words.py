"""Regular-expression pieces for time words, built from the time lexicon (data/time_lexicon.json)."""

from __future__ import annotations

import re

from chronicle.dates import WEEKDAY, YEAR, time_lexicon

UNIT = r"(?:days?|weeks?|months?|years?|decades?|centuries|century|hours?|minutes?|quarters?)"

SEASON = r"(?:spring|summer|autumn|fall|winter)"

DECADE_TENS = r"(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)"

DIGIT_WORD = r"(?:one|two|three|four|five|six|seven|eight|nine)"

NUMBER = (
    rf"(?:\d+|{DECADE_TENS}(?:[\s-]{DIGIT_WORD})?|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
    r"fifteen|several|a few|a couple of|couple of)"
)

# "nineteen ninety-six", "two thousand": years as a broadcast transcript writes them
SPELLED_YEAR = rf"(?:nineteen\s+{DECADE_TENS}(?:[\s-]{DIGIT_WORD})?|two\s+thousand(?:\s+and)?(?:\s+{DIGIT_WORD})?)"


def alternation(words) -> str:
    """A regular-expression alternation of the words, escaped, the longest first so that none loses to its
    own beginning."""
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


# Only cues that put the sentence's own verb in the future: "would", "expected" and "planned" are as often
# reported or past plans, and words like "next" carry their own direction.
FUTURE_CUE = re.compile(rf"\b(?:{alternation(time_lexicon()['future_cues'])})\b", re.I)

APPROX = rf"(?:(?P<approx>{alternation(time_lexicon()['approximations'])})\s+)?"

PART_OF_DAY = alternation(time_lexicon()["parts_of_day"])

MOD = r"(?:(?P<mod>early|mid-?|late|the end of|the beginning of|end of|beginning of|middle of|the middle of)\s*)?"

ORDINAL = r"(?:first|second|third|fourth|1st|2nd|3rd|4th)"

QUARTER_QUALIFIER = (
    rf"(?P<qual>(?:this|last|next) year's|the (?:same |comparable |corresponding )?(?:year-earlier|year-ago)|"
    rf"the (?P<qy>{YEAR})|the (?:latest|current|same|comparable|corresponding|fiscal|recent)|year-earlier|"
    r"year-ago|the|this|fiscal)"
)

DAYPART_ANCHOR = rf"(?:(?P<anchor>this|last|yesterday|tomorrow|tonight)|(?P<wd>{WEEKDAY}))"
