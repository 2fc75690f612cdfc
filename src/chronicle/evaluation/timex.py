"""The `timex` suite: TimeBank+AQUAINT text and creation date in, TIMEX3 extents, types and values out.

Scored as TempEval-3 does: relaxed (overlap) and strict (exact) extent P/R/F1; type accuracy and value
accuracy on relaxed matches; value F1 = relaxed extent F1 × value accuracy.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from chronicle.analysis.nlp import load_pipeline
from chronicle.analysis.timex import tag_doc
from chronicle.evaluation.gold import read_jsonl
from chronicle.evaluation.metrics import Tally, accuracy, match_spans
from chronicle.evaluation.report import Row, SuiteResult


def normal_value(value: str) -> str:
    """One notation per TIMEX3 value: weeks zero-padded ("2000-W7" is "2000-W07") and trailing unspecified
    parts dropped ("1949-XX" and "1995-XX-XX" are the year; the gold data writes both ways)."""
    value = re.sub(r"-W(\d)(?!\d)", r"-W0\1", value)
    value = re.sub(r"^(\d{2,3})X+$", r"\1", value)  # "199X" and "199" are both the 1990s
    value = re.sub(r"(T\d{2}):00$", r"\1", value)  # "T17:00" and "T17" are both five o'clock
    while re.search(r"^\d{4}.*-XX$", value):
        value = value[:-3]
    return value


def timex_value_matches(predicted: str, gold: str) -> bool:
    """Values agree when their notations are equal, ignoring the time-of-day suffix a date-level value lacks."""
    predicted, gold = normal_value(predicted), normal_value(gold)
    return predicted == gold or (gold.startswith(predicted) and gold[len(predicted) : len(predicted) + 1] == "T")


def run(data: Path) -> SuiteResult:
    """The timex suite: TempEval-3 extent, type and value scores of the TIMEX3 tagger on TimeBank+AQUAINT."""
    documents = read_jsonl(data / "timex" / "tbaq.jsonl")
    nlp = load_pipeline()
    relaxed, strict = Tally(), Tally()
    type_hits: list[bool] = []
    value_hits: list[bool] = []
    texts = ((d["text"], d) for d in documents)
    for doc, record in nlp.pipe(texts, as_tuples=True, batch_size=16):
        gold = record["timexes"]
        predicted = tag_doc(doc, date.fromisoformat(record["dct"][:10]))
        gold_spans = [(g["start"], g["end"]) for g in gold]
        pred_spans = [(p.start, p.end) for p in predicted]
        relaxed_match = match_spans(pred_spans, gold_spans)
        relaxed.add(*relaxed_match.counts())
        strict.add(*match_spans(pred_spans, gold_spans, strict=True).counts())
        for p, g in relaxed_match.pairs:
            type_hits.append(predicted[p].type == gold[g]["type"])
            value_hits.append(timex_value_matches(predicted[p].value, gold[g]["value"]))
    relaxed_prf, strict_prf = relaxed.prf(), strict.prf()
    value_accuracy = accuracy(value_hits)
    return SuiteResult(
        "timex",
        f"TimeBank+AQUAINT, {len(documents)} documents, {relaxed.tp + relaxed.fn:,} gold timexes",
        [
            Row("relaxed extent precision", relaxed_prf.precision),
            Row("relaxed extent recall", relaxed_prf.recall),
            Row("relaxed extent F1", relaxed_prf.f1, "TE3 best ≈0.90"),
            Row("strict extent precision", strict_prf.precision),
            Row("strict extent recall", strict_prf.recall),
            Row("strict extent F1", strict_prf.f1, "TE3 best 0.827 (ClearTK); target ≥ 0.84 (issue 4)"),
            Row("type accuracy (relaxed matches)", accuracy(type_hits)),
            Row("value accuracy (relaxed matches)", value_accuracy),
            Row(
                "value F1", relaxed_prf.f1 * value_accuracy, "HeidelTime 0.776, SUTime 0.674 (TE3 test); target ≥ 0.82"
            ),
        ],
    )
