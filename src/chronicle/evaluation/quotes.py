"""The `quotes` suite: PolNeAR articles in, Chronicle's direct quotes and their speakers out.

Gold direct quotes are the attribution contents that quote words verbatim: they hold a quotation mark, at their
start or inside ("called it “an evil, hateful act”"). A predicted quote matches a gold one when their spans
overlap (one to one). Speaker accuracy is measured on matched quotes whose gold
source names someone: right when Chronicle's speaker has a mention inside the gold source span or its
surname appears in it. A relative pronoun source ("…, said Aguilar, who added: “…”" marks "who") is scored
against its antecedent, the words just before it back to the clause boundary (an English relative clause
follows the noun phrase it modifies); a personal or possessive pronoun source is left out, as it cannot be
checked without the gold coreference PolNeAR lacks.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from chronicle.analysis.pipeline import analyse_articles
from chronicle.evaluation.gold import by_part
from chronicle.evaluation.metrics import Tally, accuracy, match_spans
from chronicle.evaluation.report import Row, SuiteResult
from chronicle.records import AnalysedArticle, CleanArticle

QUOTATION_MARKS = ('"', "“", "``", "''")
# Fields of a brat standoff line: a text-bound one has its id, its type and offsets, and its text; an event
# one has its id and then its arguments.
TEXT_BOUND_FIELDS = 3
EVENT_FIELDS = 2
# A gold source that is a personal or possessive pronoun names no one the score could check a speaker against.
PRONOUNS = {
    *("he", "she", "they", "i", "we", "you", "it", "him", "her", "them", "me", "us"),
    *("his", "hers", "its", "their", "theirs", "our", "ours", "my", "mine", "your", "yours"),
}
RELATIVE_PRONOUNS = {"who", "whom", "whose", "which", "that"}
CLAUSE_BOUNDARIES = (",", ";", ":", ".", "\n", "“", "”", '"', "(", ")")
ANTECEDENT_WORDS = 6  # at most this many words before a relative pronoun: a noun phrase, not its clause
ARTICLES = {"a", "an", "the"}  # a phrase after a comma that starts with one describes the phrase before it
NAME_LINKS = {"of", "de", "van", "von", "bin", "al"}  # lower-case words inside a name
DETERMINERS = {*ARTICLES, "his", "her", "its", "their", "our", "this", "these", "those"}  # open a noun phrase


@dataclass(frozen=True)
class GoldQuote:
    """A gold direct quote's span, with its source's span and text when the gold names one."""

    start: int
    end: int
    source: tuple[int, int, str] | None


def _span(field: str) -> tuple[int, int]:
    """'Content 120 150;160 200' → (120, 200): a discontinuous span by its outer bounds."""
    numbers = [int(n) for n in re.findall(r"\d+", field.split(" ", 1)[1])]
    return min(numbers), max(numbers)


def read_attributions(path: Path) -> list[GoldQuote]:
    """The direct quotes of a PolNeAR brat annotation file: the attribution contents holding a quotation mark."""
    spans: dict[str, tuple[str, int, int, str]] = {}
    relations: list[dict[str, str]] = []
    for line in path.read_text("utf-8").splitlines():
        parts = line.split("\t")
        if line.startswith("T") and len(parts) >= TEXT_BOUND_FIELDS:
            start, end = _span(parts[1])
            spans[parts[0]] = (parts[1].split(" ", 1)[0], start, end, parts[2])
        elif line.startswith("E") and len(parts) >= EVENT_FIELDS:
            relations.append(dict(arg.split(":", 1) for arg in parts[1].split() if ":" in arg))
    quotes = []
    for relation in relations:
        content = spans.get(relation.get("Content", ""))
        if content is None or not any(mark in content[3] for mark in QUOTATION_MARKS):
            continue
        source = spans.get(relation.get("Source", ""))
        quotes.append(GoldQuote(content[1], content[2], (source[1], source[2], source[3]) if source else None))
    return quotes


def speaker_right(
    analysed: AnalysedArticle, speaker_key: str | None, speaker: str | None, gold: tuple[int, int, str]
) -> bool:
    """Whether Chronicle's speaker is the gold source: a mention of it lies inside the source's span, or its
    surname is in the source's text."""
    start, end, text = gold
    entity = next((e for e in analysed.entities if e.key == speaker_key), None)
    if entity is not None and any(s < end and start < e for s, e in entity.mentions):
        return True
    surname = (speaker or "").split()[-1:]
    return bool(surname) and re.search(rf"\b{re.escape(surname[0])}\b", text, re.IGNORECASE) is not None


def antecedent(text: str, pronoun_start: int) -> tuple[int, int, str] | None:
    """The words a relative pronoun at `pronoun_start` refers back to: the noun phrase before it, back to the
    clause boundary (the comma of a non-restrictive clause left out), at most ANTECEDENT_WORDS words; when
    that phrase is an appositive ("Lionel Sosa, a media consultant, who"), the phrase it describes too."""
    end = _before_comma(text, pronoun_start)
    boundary, start = _phrase(text, end)
    first = text[boundary:end].split()[:1]
    if first and first[0].lower() in ARTICLES and text[:boundary].rstrip().endswith(","):
        start = _phrase(text, _before_comma(text, boundary))[1]  # an appositive: with the phrase it describes
    if start >= end:
        return None
    return start, end, text[start:end]


def _before_comma(text: str, offset: int) -> int:
    """Where the text before `offset` ends, without the comma and spaces just before it."""
    return len(text[:offset].rstrip().rstrip(",").rstrip())


def _phrase(text: str, end: int) -> tuple[int, int]:
    """The noun phrase ending at `end`: where its clause boundary is, and where the phrase starts within the
    last ANTECEDENT_WORDS words: a run of capitalised words (a name, "of" inside it: "Marco Rubio of
    Florida"), else from its first determiner ("a spokesman for the agency"); not the verb or subject before
    it ("Trump attacked Cruz" is "Cruz")."""
    boundary = max(text.rfind(mark, 0, end) for mark in CLAUSE_BOUNDARIES) + 1
    words = list(re.finditer(r"\S+", text[boundary:end]))[-ANTECEDENT_WORDS:]
    if not words:
        return boundary, end
    first = len(words) - 1
    if words[first].group()[:1].isupper():
        while first > 0 and (
            words[first - 1].group()[:1].isupper()
            or words[first - 1].group() in NAME_LINKS
            and first > 1
            and words[first - 2].group()[:1].isupper()
        ):
            first -= 1
    else:
        first = min((i for i, word in enumerate(words) if word.group().lower() in DETERMINERS), default=first)
    return boundary, boundary + words[first].start()


def documents(data: Path) -> list[tuple[CleanArticle, list[GoldQuote]]]:
    """PolNeAR's train and dev articles as undated clean articles, each with its gold quotes (an article
    annotated twice from its first file)."""
    found = []
    for split in ("train", "dev"):
        folder = data / "quotes" / "polnear" / split
        annotated: dict[str, Path] = {}
        for path in sorted((folder / "attributions").glob("*.ann")):
            # Files are "<article>_<annotator>.ann"; an article annotated twice is scored on its first file.
            annotated.setdefault(path.stem.rsplit("_", 1)[0], path)
        for stem, path in sorted(annotated.items()):
            text_path = folder / "text" / f"{stem}.txt"
            if text_path.exists():
                text = text_path.read_text("utf-8")
                article = CleanArticle(stem, str(text_path), "", text, None, None, None, "unknown")
                found.append((article, read_attributions(path)))
    return found


def run(data: Path) -> SuiteResult:
    """The quotes suite: direct quote precision, recall and F1 by span overlap, and speaker accuracy, for each
    part of the split."""
    docs = documents(data)
    parts = by_part([{"id": article.id, "doc": (article, gold)} for article, gold in docs], "polnear")
    analysed = {a.article.id: a for a in analyse_articles(article for article, _ in docs)}
    rows = []
    for part, records in parts.items():
        tally = Tally()
        speaker_hits: list[bool] = []
        for record in records:
            article, gold = record["doc"]
            predicted = analysed[article.id].quotes
            match = match_spans([(q.start, q.end) for q in predicted], [(g.start, g.end) for g in gold])
            tally.add(*match.counts())
            for p, g in match.pairs:
                source = gold[g].source
                if source is not None and source[2].strip().lower() in RELATIVE_PRONOUNS:
                    source = antecedent(article.text, source[0])
                if source is not None and source[2].strip().lower() not in PRONOUNS:
                    speaker_hits.append(
                        speaker_right(analysed[article.id], predicted[p].speaker_key, predicted[p].speaker, source)
                    )
        prf, label = tally.prf(), f"{part} ({len(records)} articles)"
        rows += [
            Row(f"{label}: direct quote precision (span overlap)", prf.precision),
            Row(f"{label}: direct quote recall (span overlap)", prf.recall),
            Row(
                f"{label}: direct quote F1 (span overlap)", prf.f1, "Gender Gap Tracker 0.837; target ≥ 0.80 (issue 25)"
            ),
            Row(
                f"{label}: speaker accuracy on matched quotes with a named gold source",
                accuracy(speaker_hits),
                "Gender Gap Tracker 0.865; target ≥ 0.90 (issue 25)",
            ),
            Row(f"{label}: matched quotes with a named gold source", len(speaker_hits)),
        ]
    return SuiteResult(
        "quotes",
        f"PolNeAR train+dev, {len(docs)} articles, tuning and untouched parts fixed in "
        "data/gold/splits.json (PolNeAR's test split is held back)",
        rows,
    )
