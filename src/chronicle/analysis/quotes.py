"""Direct quotes and their speakers.

A quote is text between quotation marks of at least a few words (shorter ones are scare quotes). Quotes split
by their attribution ("A," she said, "B." or "A," she said. "B.") become one quote; a quote whose paragraph
ends open and whose next paragraph reopens with a quotation mark continues there, as newspapers write
multi-paragraph quotes.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from spacy.tokens import Doc, Span, Token

from chronicle.analysis.mentions import PRONOUNS, MentionIndex
from chronicle.analysis.nlp import doc_text
from chronicle.data import data_json
from chronicle.records import Entity, Quote

MIN_QUOTE_WORDS = 4
# An attribution between two parts of one quotation is short ("she said", "he added, smiling").
MAX_ATTRIBUTION_CHARS = 80
UNNAMED_WORDS = 8  # an unnamed source's description, cut to its head noun phrase
RELATIVE_PRONOUN_TAGS = ("WP", "WDT")  # "who", "which", "that" heading a relative clause (Penn tags)
# Spaces within a line: any whitespace but a line break, the no-break space (U+00A0) included, which
# typesetters put after a signing dash to keep it on the line of the name it introduces.
SPACE = r"[^\S\n]"
SPEAKER_LABEL = re.compile(rf"(?P<label>[A-Z][^\n:“”\"]{{0,79}}):{SPACE}*")
DASH_BYLINE = re.compile(
    rf"\s*(?:[―—–]{{1,2}}|-(?={SPACE})){SPACE}*(?P<name>[A-Z][\w'’-]*(?:\.?{SPACE}[A-Z][\w'’-]*){{0,4}})"
)
OPEN, CLOSE = '“"', '”"'
# Between a quote and its speech verb: the speaker's name, perhaps an apposition between commas ("Ramos, 58,").
FRONTED_NAME = re.compile(
    rf"[,.!?”\"]{{0,3}}{SPACE}*(?P<name>[A-Z][\w'’.-]*(?:{SPACE}[A-Z][\w'’.-]*){{0,3}}){SPACE}*(?:,[^,“”\"\n]{{1,60}},)?{SPACE}*"
)
SENTENCE_END = re.compile(r"(\w*)[.!?]\s+")
ABBREVIATION = re.compile(r"[A-Z][a-z]{0,3}")


@lru_cache(maxsize=1)
def speech_verbs() -> frozenset[str]:
    """The verbs that report speech ("said", "told", "added"), from data/quote_cues.json."""
    return frozenset(data_json("quote_cues.json")["speech_verbs"])


@dataclass
class _Span:
    start: int  # offset of the opening mark
    end: int  # offset just after the closing mark
    parts: list[tuple[int, int]]  # inner text ranges


def _opening(text: str, i: int) -> int:
    """The width of a quotation mark opening at i: 1 for “ or ", 2 for the typewriter's two apostrophes
    (''…'', as some archives write quotes), 0 for none."""
    if text[i] in OPEN:
        return 1
    return 2 if text.startswith("''", i) and i + 2 < len(text) and not text[i + 2].isspace() else 0


def find_quote_spans(text: str) -> list[_Span]:
    """Every quotation in the text, with the parts inside its marks, in order."""
    spans: list[_Span] = []
    i = 0
    while i < len(text):
        width = _opening(text, i)
        if not width:
            i += 1
            continue
        start, parts, j = i, [], i + width
        while True:
            close, close_width = _next_close(text, j)
            paragraph_end = text.find("\n\n", j)
            if paragraph_end != -1 and (close == -1 or paragraph_end < close):
                # The paragraph ends inside the quote: it goes on only if the next paragraph reopens it.
                after = paragraph_end + 2
                if after < len(text) and (reopen := _opening(text, after)):
                    parts.append((j, paragraph_end))
                    j = after + reopen
                    continue
                parts = []
                break
            if close == -1:
                parts = []
                break
            parts.append((j, close))
            j = close + close_width
            break
        if parts:
            spans.append(_Span(start, j, parts))
            i = j
        else:
            i += 1
    return spans


def _next_close(text: str, start: int) -> tuple[int, int]:
    """Where the quote opened before `start` closes, and the closing mark's width; (-1, 0) if it does not."""
    for k in range(start, len(text)):
        ch = text[k]
        if ch == "”" or (ch == '"' and (k + 1 == len(text) or not text[k + 1].isalnum())):
            return k, 1
        if text.startswith("''", k) and (k + 2 == len(text) or not text[k + 2].isalnum()):
            return k, 2
    return -1, 0


def _quote_text(text: str, spans: list[_Span]) -> str:
    return " ".join(text[a:b].strip() for span in spans for a, b in span.parts).strip()


@dataclass(frozen=True)
class Speaker:
    """Who a quote is attributed to: an entity of the article, or a description of an unnamed source."""

    name: str
    key: str | None  # the entity's key; None for an unnamed source ("a Democratic strategist")


def _speaker(token: Token, mentions: MentionIndex) -> Speaker | None:
    """The speaker a speech verb's subject names. A name or a pronoun is an entity of the article; a phrase
    that names no one is an unnamed source, described by its own words. A phrase's prepositional parts do not
    name the speaker: "a spokeswoman for Prime Minister X" is the spokeswoman, not X. A relative pronoun stands
    for the noun its clause hangs from ("Senator X, who said …")."""
    if token.tag_ in RELATIVE_PRONOUN_TAGS and token.head.dep_ == "relcl":
        token = token.head.head
    if token.lower_ in PRONOUNS:
        entity = mentions.antecedent(token)
        return Speaker(entity.name, entity.key) if entity else None
    entity = mentions.named_in(token, leave_out=lambda t: t.dep_ == "prep")
    if entity is None:
        named = next((mentions.at(t.idx, t.idx + len(t)) for t in token.children if t.dep_ == "appos"), None)
        entity = named if named is not None and named.type == "PERSON" else None
    if entity is not None:
        return Speaker(entity.name, entity.key)
    words = sorted(_own_phrase(token), key=lambda t: t.i)
    if token.is_title and (person := mentions.person_called(" ".join(t.text for t in words if t.is_title))):
        # a name the tagger missed that ends the name of one person of the article ("said Skelly")
        return Speaker(person.name, person.key)
    if token.pos_ not in ("NOUN", "PROPN"):
        return None
    return Speaker(" ".join(t.text for t in words[:UNNAMED_WORDS]), None)


def _own_phrase(token: Token) -> list[Token]:
    """A noun's own phrase: its words without the clauses, appositions and conjuncts that hang from it, nor
    their words ("the statement, which was attributed to X" is "the statement")."""
    words = [token]
    for child in token.children:
        if child.dep_ not in ("relcl", "acl", "appos", "punct", "cc", "conj"):
            words += _own_phrase(child)
    return words


def _inverted_subject(verb: Token) -> Token | None:
    """A reporting clause right after its quote may put its subject after the verb ("…,” read the email):
    quotative inversion. The parser then takes that subject for an object or an adverbial noun; with no
    subject of its own, such a speech verb's first noun to its right is it."""
    following = next(verb.rights, None)
    if following is None or following.dep_ not in ("dobj", "npadvmod", "attr", "advmod"):
        return None
    # A capitalised word mid-sentence is a name even where the small model tags an unknown one otherwise
    # ("said Skelly" as an adverb).
    return following if following.pos_ in ("NOUN", "PROPN") or following.is_title else None


def _fronted_subject(verb: Token, quoted: list[tuple[int, int]], text: str) -> Token | None:
    """A reporting clause right after its quote with its subject first (“…,” Ramos, 58, told AFP): a
    name, perhaps with an apposition between commas, is all that stands between the quote and the verb.
    The parser may join such a name to the quote's own clause and leave the verb without a subject. `text` is
    the document's."""
    doc = verb.doc
    before = [b for _, b in quoted if b <= verb.idx]
    if not before:
        return None
    match = FRONTED_NAME.fullmatch(text[max(before) : verb.idx])
    if match is None:
        return None
    name = doc.char_span(max(before) + match.start("name"), max(before) + match.end("name"), alignment_mode="expand")
    return name.root if name is not None else None


def _subject(verb: Token, allowed: Callable[[Token], bool] = lambda token: True) -> Token | None:
    """A verb's subject, or the subject it borrows from the verb it hangs from ("was prompted to say", "endorsed
    her, saying"). Only an allowed one: a parser may hang a quoted clause's subject on the verb that quotes it."""
    for candidate in (verb, verb.head) if verb.dep_ in ("xcomp", "conj", "advcl") else (verb,):
        subject = next((t for t in candidate.children if t.dep_ in ("nsubj", "nsubjpass") and allowed(t)), None)
        if subject is not None:
            return subject
    return None


# Dependencies by which a clause is the content of the verb it hangs from ("Y reported that X said …").
CONTENT_CLAUSE = ("ccomp", "parataxis", "xcomp")


def _according_to(token: Token, mentions: MentionIndex) -> Speaker | None:
    """The source an "according to" phrase starting at the token names: the phrase's head noun, not its first
    word ("according to a letter from the chairman")."""
    doc = token.doc
    if token.lemma_.lower() != "accord" or token.i + 1 >= len(doc) or doc[token.i + 1].lower_ != "to":
        return None
    source = next((t for t in doc[token.i + 1].children if t.dep_ == "pobj"), None)
    if source is None or source.pos_ not in ("PROPN", "NOUN", "PRON"):
        return None
    return _speaker(source, mentions)


def _reported_by_another(verb: Token, governing: set[int]) -> bool:
    """Whether a speech verb's clause is the content of another speech verb the quote hangs from."""
    while verb.dep_ in CONTENT_CLAUSE and verb.head.i != verb.i:
        verb = verb.head
        if verb.i in governing:
            return True
    return False


def _speech_subject(verb: Token, quoted: list[tuple[int, int]]) -> Token | None:
    """A speech verb's subject outside the quoted words: its own or one it borrows; right after a quote, one
    that quotative inversion puts after it; else a name fronted between the quote and the verb."""
    subject = _subject(verb, lambda t: all(not (a - 1 <= t.idx < b + 1) for a, b in quoted))
    if subject is not None:
        return subject
    text = doc_text(verb.doc)
    if any(b <= verb.idx and not re.search(r"\w", text[b : verb.idx]) for _, b in quoted):
        subject = _inverted_subject(verb)
    return subject if subject is not None else _fronted_subject(verb, quoted, text)


def _attribution(
    doc: Doc, start: int, end: int, quoted: list[tuple[int, int]], mentions: MentionIndex
) -> Speaker | None:
    """The speaker named by a speech verb in the given text range, outside the quoted parts. Of several speech
    verbs ("Rubio suggested …, while Cruz said that the “stakes …”"), the one the quote hangs from, else the
    one nearest the quote. A report of speech can itself be reported ("X said “…”, according to CNN", "CNN
    reported that X said “…”"): the words are still X's, so the speech verb whose content the quote is comes
    before the verbs that report it, and an "according to" phrase names the speaker only where no speech verb
    does (the outlet that reported it is not the one who said it)."""

    def outside(idx: int) -> bool:
        return all(not (a - 1 <= idx < b + 1) for a, b in quoted)

    def distance(token: Token) -> int:
        return min((min(abs(token.idx - a), abs(token.idx - b)) for a, b in quoted), default=0)

    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return None
    verbs: list[tuple[Token, Speaker]] = []
    according: list[tuple[Token, Speaker]] = []
    for token in (t for t in span if outside(t.idx)):
        if speaker := _according_to(token, mentions):
            according.append((token, speaker))
        if token.pos_ == "VERB" and token.lemma_.lower() in speech_verbs():
            subject = _speech_subject(token, quoted)
            if subject is not None and (speaker := _speaker(subject, mentions)):
                verbs.append((token, speaker))
    first_quoted = doc.char_span(quoted[0][0], quoted[0][1], alignment_mode="expand") if quoted else None
    governing = {verb.i for verb, _ in verbs if first_quoted is not None and verb.is_ancestor(first_quoted.root)}
    # The innermost speech verb the quote hangs from first, then the verbs that report it, then an "according
    # to" framing them, then any other cue, each rank by nearness.
    found = [
        (2 if any(cue.head.i == i or cue.head.is_ancestor(doc[i]) for i in governing) else 3, distance(cue), speaker)
        for cue, speaker in according
    ]
    found += [
        (3 if verb.i not in governing else 0 if _reported_by_another(verb, governing) else 1, distance(verb), speaker)
        for verb, speaker in verbs
    ]
    return min(found, key=lambda item: item[:2])[2] if found else None


def _introduced(doc: Doc, start: int, context: Span, mentions: MentionIndex) -> Speaker | None:
    """A speaker who introduces the quote with a colon: a transcript's label ("Rep. Trey Gowdy (R-S.C.):"
    opening the line), or an attribution ending in a colon in the sentence before ("…, Jake Sullivan, said:")."""
    text = doc_text(doc)
    line_start = text.rfind("\n", 0, start) + 1
    if label := SPEAKER_LABEL.fullmatch(text, line_start, start):
        named = [entity for _, _, entity in mentions.within(line_start, start) if entity.type == "PERSON"]
        return Speaker(named[0].name, named[0].key) if named else Speaker(label.group("label").strip(), None)
    if text[:start].rstrip().endswith(":") and context.start > 0:
        previous = doc[context.start - 1].sent
        return _attribution(doc, previous.start_char, previous.end_char, [], mentions)
    return None


def _embedding_subject(doc: Doc, start: int, end: int, mentions: MentionIndex) -> Speaker | None:
    """For words quoted inside someone's sentence ("Obama called the attack “an evil, hateful act”"): the
    named subject of the verb the quoted words hang from, outside the quote. Only a subject that is an entity
    of the article, by its name or by a pronoun or description that refers to it ("The secretary of state
    called it “…”"): a phrase that names no one is no speaker here."""
    inside = doc.char_span(start, end, alignment_mode="expand")
    if inside is None:
        return None
    token = inside.root
    while token.head.i != token.i and start <= token.idx < end:
        token = token.head
    while True:
        while token.head.i != token.i and token.pos_ not in ("VERB", "AUX"):
            token = token.head
        if start <= token.idx < end or token.pos_ not in ("VERB", "AUX"):
            return None
        subject = next(
            (t for t in token.children if t.dep_ in ("nsubj", "nsubjpass") and not start <= t.idx < end), None
        )
        if subject is not None:
            speaker = _speaker(subject, mentions)
            if speaker is not None and speaker.key is not None:
                return speaker
            # A content clause reports what the subject of the verb it completes said or thought ("Ryan
            # worried that the safety net was becoming “a hammock”"): its words are that subject's.
            if token.dep_ != "ccomp":
                return None
        elif "Fin" in token.morph.get("VerbForm", []) or token.head.i == token.i:
            # A participle, gerund or infinitive clause without a subject of its own ("Carter toured Dayton,
            # calling the plan “…”") has the subject of the clause it hangs from (subject control).
            return None
        token = token.head


def _colon_subject(doc: Doc, start: int, mentions: MentionIndex) -> Speaker | None:
    """For a quote a colon introduces ("Kasich resisted: “…”"): the named subject of the clause the colon
    ends, whatever its verb. Only a name of the article or a pronoun that resolves to one."""
    text, colon_at = doc_text(doc), start - 1
    while colon_at >= 0 and text[colon_at].isspace():
        colon_at -= 1
    if colon_at < 0 or text[colon_at] != ":":
        return None
    colon = doc.char_span(colon_at, colon_at + 1, alignment_mode="expand")
    if colon is None:
        return None
    verb = colon[0].head
    while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
        verb = verb.head
    before_quote = verb.pos_ in ("VERB", "AUX") and verb.idx < start
    subject = _subject(verb, lambda t: t.idx < start) if before_quote else None
    speaker = _speaker(subject, mentions) if subject is not None else None
    return speaker if speaker is not None and speaker.key is not None else None


def _named_subject(sentence: Span, mentions: MentionIndex) -> Speaker | None:
    """The person a sentence's main clause names as its subject, when it is a name (not a pronoun or a
    description) of a person of the article."""
    subject = _subject(sentence.root)
    if subject is None or subject.lower_ in PRONOUNS:
        return None
    entity = mentions.named_in(subject, leave_out=lambda t: t.dep_ == "prep")
    return Speaker(entity.name, entity.key) if entity is not None and entity.type == "PERSON" else None


def _sentence_range(doc: Doc, start: int, end: int) -> Span:
    first = doc.char_span(start, start + 1, alignment_mode="expand")
    last = doc.char_span(max(start, end - 1), end, alignment_mode="expand")
    s = first.sent.start if first is not None else 0
    e = last.sent.end if last is not None else len(doc)
    return doc[s:e]


def _continues(text: str, last: _Span, span: _Span) -> bool:
    """Whether a quote goes on from the last one across its attribution: only a short attribution lies between
    them in one paragraph, either inside the sentence ("A," she said, "B.") or as a sentence of its own after
    which the quotation resumes and ends its sentence ("A," she said. "B."), the way news splits one speaker's
    quotation. A quote followed by its own attribution ("B," he replied) has a speaker of its own."""
    gap = text[last.end : span.start]
    if len(gap) >= MAX_ATTRIBUTION_CHARS or "\n" in gap or not re.search(r"\b\w+\b", gap):
        return False
    if "." not in gap.strip(" ,"):
        return True
    inner = text[span.parts[-1][0] : span.parts[-1][1]].rstrip()
    ends = list(SENTENCE_END.finditer(gap))
    # one sentence end, the attribution's own; other full stops close a title or an initial ("Ms. Moore")
    return (
        bool(ends)
        and ends[-1].end() == len(gap)
        and all(ABBREVIATION.fullmatch(m.group(1)) for m in ends[:-1])
        and inner.endswith((".", "?", "!", "…"))
    )


def _following_speaker(
    doc: Doc, end: int, context: Span, quoted: list[tuple[int, int]], mentions: MentionIndex
) -> Speaker | None:
    """ "'You think I'm going to change?' Trump asked": the attribution is the sentence the quote runs into."""
    text = doc_text(doc)
    if context.end < len(doc) and not text[end : doc[context.end].idx].strip(" ,.?!”\"'’"):
        following = doc[context.end].sent
        return _attribution(doc, following.start_char, following.end_char, quoted, mentions)
    return None


def _dash_signer(text: str, end: int, mentions: MentionIndex) -> Speaker | None:
    """“…” ― Jorge Falcon: the dash that signs a quote."""
    byline = DASH_BYLINE.match(text, end)
    if byline is None:
        return None
    found = mentions.at(byline.start("name"), byline.end("name"))
    return Speaker(found.name, found.key) if found else Speaker(byline.group("name").strip(), None)


def _sentence_speaker(doc: Doc, start: int, end: int, context: Span, mentions: MentionIndex) -> Speaker | None:
    """The subject of the sentence a quote sits inside; for a quote standing as a sentence of its own after one
    whose subject is a named person ("Clinton touted her credentials. “We need …”"), that person, the centre
    of the text just before it."""
    if doc_text(doc)[context.start_char : start].strip():
        return _embedding_subject(doc, start, end, mentions)
    if context.start > 0:
        return _named_subject(doc[context.start - 1].sent, mentions)
    return None


def _direct_speaker(
    doc: Doc, start: int, end: int, quoted: list[tuple[int, int]], context: Span, mentions: MentionIndex
) -> Speaker | None:
    """The speaker the quote's own sentence, or the one it runs into, names: each cue in turn."""
    return (
        _colon_subject(doc, start, mentions)
        or _attribution(doc, context.start_char, context.end_char, quoted, mentions)
        or _following_speaker(doc, end, context, quoted, mentions)
        or _dash_signer(doc_text(doc), end, mentions)
        or _introduced(doc, start, context, mentions)
        or _sentence_speaker(doc, start, end, context, mentions)
    )


def _running_speaker(
    doc: Doc, start: int, context: Span, mentions: MentionIndex, last_speaker: Speaker | None, last_paragraph_end: int
) -> Speaker | None:
    """A quote no cue of its own attributes: the last quote's speaker goes on in the same or the next
    paragraph; else the speaker of the sentence before it, in its paragraph."""
    text = doc_text(doc)
    paragraph_start = text.rfind("\n\n", 0, start) + 2 if "\n\n" in text[:start] else 0
    if last_paragraph_end >= paragraph_start - 4 and last_speaker is not None:
        return last_speaker
    if context.start == 0:
        return None
    previous = doc[context.start - 1].sent
    if not text[paragraph_start:start].strip():
        # A quote opening its paragraph after "X said:" in the sentence before.
        return _attribution(doc, previous.start_char, previous.end_char, [], mentions)
    if not text[context.start_char : start].strip() and previous.start_char >= paragraph_start:
        # A quote opening its sentence after "…, Schiff said." in the same paragraph: Schiff goes on.
        return _attribution(doc, previous.start_char, previous.end_char, [], mentions)
    return None


def extract_quotes(doc: Doc, entities: tuple[Entity, ...]) -> tuple[Quote, ...]:
    """The direct quotes of an article with their speakers: one quote for a quotation split by its
    attribution, its speaker from the cues around it, else the one speaking before it."""
    text = doc_text(doc)
    mentions = MentionIndex(entities)
    raw = [s for s in find_quote_spans(text) if len(_quote_text(text, [s]).split()) >= MIN_QUOTE_WORDS]
    groups: list[list[_Span]] = []
    for span in raw:
        if groups and _continues(text, groups[-1][-1], span):
            groups[-1].append(span)
        else:
            groups.append([span])
    quotes: list[Quote] = []
    last_speaker: Speaker | None = None
    last_paragraph_end = -1
    for group in groups:
        start, end = group[0].start, group[-1].end
        quoted = [part for span in group for part in span.parts]
        context = _sentence_range(doc, start, end)
        speaker = _direct_speaker(doc, start, end, quoted, context, mentions) or _running_speaker(
            doc, start, context, mentions, last_speaker, last_paragraph_end
        )
        quotes.append(
            Quote(
                text=_quote_text(text, group),
                start=start,
                end=end,
                speaker=speaker.name if speaker else None,
                speaker_key=speaker.key if speaker else None,
            )
        )
        last_speaker = speaker or last_speaker
        paragraph_end = text.find("\n\n", end)
        last_paragraph_end = len(text) if paragraph_end == -1 else paragraph_end
    return tuple(quotes)
