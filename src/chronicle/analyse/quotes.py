"""Direct quotes and their speakers.

A quote is text between quotation marks of at least a few words (shorter ones are scare quotes). Quotes split
by their attribution ("A," she said, "B.") become one quote; a quote whose paragraph ends open and whose next
paragraph reopens with a quotation mark continues there, as newspapers write multi-paragraph quotes.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from spacy.tokens import Doc, Span

from chronicle.analyse.mentions import MentionIndex
from chronicle.records import Entity, Quote

MIN_QUOTE_WORDS = 4
OPEN, CLOSE = "“\"", "”\""


@lru_cache(maxsize=1)
def speech_verbs() -> frozenset[str]:
    data = json.loads(resources.files("chronicle.data").joinpath("quote_cues.json").read_text("utf-8"))
    return frozenset(data["speech_verbs"])


@dataclass
class _Span:
    start: int  # offset of the opening mark
    end: int  # offset just after the closing mark
    parts: list[tuple[int, int]]  # inner text ranges


def find_quote_spans(text: str) -> list[_Span]:
    spans: list[_Span] = []
    i = 0
    while i < len(text):
        if text[i] not in OPEN:
            i += 1
            continue
        start, parts, j = i, [], i + 1
        while True:
            close = _next_close(text, j)
            paragraph_end = text.find("\n\n", j)
            if paragraph_end != -1 and (close == -1 or paragraph_end < close):
                # The paragraph ends inside the quote: it goes on only if the next paragraph reopens it.
                after = paragraph_end + 2
                if after < len(text) and text[after] in OPEN:
                    parts.append((j, paragraph_end))
                    j = after + 1
                    continue
                parts = []
                break
            if close == -1:
                parts = []
                break
            parts.append((j, close))
            j = close + 1
            break
        if parts:
            spans.append(_Span(start, j, parts))
            i = j
        else:
            i += 1
    return spans


def _next_close(text: str, start: int) -> int:
    for k in range(start, len(text)):
        ch = text[k]
        if ch == "”" or (ch == '"' and (k + 1 == len(text) or not text[k + 1].isalnum())):
            return k
    return -1


def _quote_text(text: str, spans: list[_Span]) -> str:
    return " ".join(text[a:b].strip() for span in spans for a, b in span.parts).strip()


def _attribution(doc: Doc, start: int, end: int, quoted: list[tuple[int, int]], mentions: MentionIndex) -> Entity | None:
    """The speaker named by a speech verb in the given text range, outside the quoted parts."""
    def outside(idx: int) -> bool:
        return all(not (a - 1 <= idx < b + 1) for a, b in quoted)

    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return None
    for token in span:
        if not outside(token.idx):
            continue
        if token.lemma_.lower() == "accord" and token.i + 2 < len(doc) and doc[token.i + 1].lower_ == "to":
            entity = mentions.for_token(doc[token.i + 2]) if doc[token.i + 2].pos_ in ("PROPN", "NOUN", "PRON") else None
            if entity:
                return entity
        if token.pos_ == "VERB" and token.lemma_.lower() in speech_verbs():
            for child in token.children:
                if child.dep_ in ("nsubj", "nsubjpass") and outside(child.idx):
                    entity = mentions.for_token(child)
                    if entity:
                        return entity
    return None


def _sentence_range(doc: Doc, start: int, end: int) -> Span:
    first = doc.char_span(start, start + 1, alignment_mode="expand")
    last = doc.char_span(max(start, end - 1), end, alignment_mode="expand")
    s = first.sent.start if first is not None else 0
    e = last.sent.end if last is not None else len(doc)
    return doc[s:e]


def extract_quotes(doc: Doc, entities: tuple[Entity, ...]) -> tuple[Quote, ...]:
    text = doc.text
    mentions = MentionIndex(entities)
    raw = [s for s in find_quote_spans(text) if len(_quote_text(text, [s]).split()) >= MIN_QUOTE_WORDS]
    # Merge quotes split by their attribution: only a short stretch with a speech verb lies between them.
    groups: list[list[_Span]] = []
    for span in raw:
        if groups:
            gap = text[groups[-1][-1].end:span.start]
            if len(gap) < 80 and "\n\n" not in gap and re.search(r"\b\w+\b", gap) and "." not in gap.strip(" ,"):
                groups[-1].append(span)
                continue
        groups.append([span])
    quotes: list[Quote] = []
    last_speaker: Entity | None = None
    last_paragraph_end = -1
    for group in groups:
        start, end = group[0].start, group[-1].end
        quoted = [part for span in group for part in span.parts]
        context = _sentence_range(doc, start, end)
        speaker = _attribution(doc, context.start_char, context.end_char, quoted, mentions)
        if speaker is None:
            paragraph_start = text.rfind("\n\n", 0, start) + 2 if "\n\n" in text[:start] else 0
            if last_paragraph_end >= paragraph_start - 4 and last_speaker is not None:
                # The same or the next paragraph as the last quote: the same speaker goes on.
                speaker = last_speaker
            elif not text[paragraph_start:start].strip() and context.start > 0:
                # A quote opening its paragraph after "X said:" in the sentence before.
                previous = doc[context.start - 1].sent
                speaker = _attribution(doc, previous.start_char, previous.end_char, [], mentions)
        quotes.append(Quote(
            text=_quote_text(text, group),
            start=start,
            end=end,
            speaker=speaker.name if speaker else None,
            speaker_key=speaker.key if speaker else None,
        ))
        last_speaker = speaker or last_speaker
        paragraph_end = text.find("\n\n", end)
        last_paragraph_end = len(text) if paragraph_end == -1 else paragraph_end
    return tuple(quotes)
