"""Temporal expressions: tagging and normalisation against the document's reference date.

Our own rules, because no maintained Python library normalises relative news expressions ("last
September", "earlier this week", "Tuesday") against a creation date; dateparser resolves against today
and handles neither ranges nor tense. Each rule is a pattern and a small function, readable like
HeidelTime's resources; the word lists live in data/time_lexicon.json. The package: `words` (pattern pieces
from the time lexicon), `calendar` (values and date arithmetic), `normalise` (one function per kind of
expression), `grammar` (patterns, their order, false friends), `tense` (the clause's tense), and the tagger
here.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from datetime import date

from spacy.tokens import Doc, Span

from chronicle.analysis.nlp import doc_text
from chronicle.analysis.timex.calendar import Context, Handler
from chronicle.analysis.timex.grammar import RULES, SINCE_BEFORE, unwanted
from chronicle.analysis.timex.tense import clause_future
from chronicle.analysis.timex.words import FUTURE_CUE
from chronicle.records import Timex

__all__ = ["clause_future", "tag_doc", "tag_sentence"]


def tag_doc(doc: Doc, reference: date | None) -> list[Timex]:
    """Temporal expressions of a parsed document: each expression takes the tense of its own clause, and
    a document about business quarters reads "a year ago" as that quarter a year before."""
    about_quarters = bool(re.search(r"\bquarter", doc_text(doc), re.I))
    found: list[Timex] = []
    for sentence in doc.sents:

        def tense(char: int, sentence: Span = sentence) -> bool | None:
            return clause_future(sentence, char)

        found += tag_sentence(sentence.text, sentence.start_char, reference, tense, about_quarters)
    return found


def tag_sentence(
    text: str,
    offset: int,
    reference: date | None,
    tense: Callable[[int], bool | None] | None = None,
    about_quarters: bool = False,
) -> list[Timex]:
    """Temporal expressions of one sentence, with offsets in the document.

    `tense(char)` tells whether the clause around a character speaks of the future (see clause_future);
    without it, or where it cannot tell, a future cue anywhere in the sentence decides.
    """
    sentence_future = bool(FUTURE_CUE.search(text))
    ctx = Context(reference, sentence_future, about_quarter=about_quarters or bool(re.search(r"quarter", text, re.I)))
    candidates: list[tuple[int, int, Handler, re.Match[str]]] = []
    for pattern, handler in RULES:
        for match in pattern.finditer(text):
            if match.end() > match.start() and not unwanted(text, match, handler):
                candidates.append((match.start(), match.end(), handler, match))
    candidates.sort(key=lambda c: (c[0], -(c[1] - c[0])))
    found: list[Timex] = []
    last_end = -1
    for start, end, handler, match in candidates:
        if start < last_end:
            continue
        # "Wednesday's ruling" has been made; otherwise the clause's own verb decides
        clause = False if text.startswith("'s", end) else tense(start) if tense else None
        clause_ctx = ctx if clause is None else replace(ctx, future=clause)
        # A past verb often governs a coming date ("was extended to Nov. 16", "authorized a split payable
        # Dec. 7"); only "since" puts the date itself behind the reference
        value = handler(
            match, replace(clause_ctx, future=False, past=True) if SINCE_BEFORE.search(text, 0, start) else clause_ctx
        )
        if value is None:
            continue
        surface = match.group(0)
        lead = 3 if surface.lower().startswith("on ") else len(surface) - len(surface.lstrip())
        found.append(
            Timex(
                offset + start + lead,
                offset + end,
                surface[lead:],
                value.type,
                value.value,
                value.mod,
                value.relative,
                value.end_value,
            )
        )
        last_end = end
    return found
