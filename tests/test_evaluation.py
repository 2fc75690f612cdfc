"""Scorers on tiny hand-made cases with known answers, and `chronicle eval` on a tiny gold folder."""

import gzip
import json

import pytest
from typer.testing import CliRunner

from chronicle.evaluation.metrics import (
    PRF,
    bcubed,
    macro_f1,
    match_spans,
    pairwise,
    pearson,
    roc_auc,
    shingle_counts,
)
from chronicle.evaluation.quotes import read_attributions
from chronicle.evaluation.report import Row, SuiteResult, markdown
from chronicle.evaluation.stories import merged_topics
from chronicle.evaluation.timex import timex_value_matches
from chronicle.outputs.cli import app


def test_prf_from_counts():
    assert PRF.from_counts(3, 1, 2) == PRF(0.75, 0.6, pytest.approx(2 * 0.75 * 0.6 / 1.35))
    assert PRF.from_counts(0, 0, 0).f1 == 0.0


def test_bcubed_and_pairwise_on_a_known_clustering():
    gold = {"a": 1, "b": 1, "c": 1, "d": 2, "e": 2}
    predicted = {"a": "x", "b": "x", "c": "y", "d": "y", "e": "y"}
    # precision: a,b 1 each; c 1/3; d,e 2/3 each -> (2 + 1/3 + 4/3) / 5; recall: a,b 2/3; c 1/3; d,e 1 -> 11/3 / 5
    score = bcubed(predicted, gold)
    assert score.precision == pytest.approx((2 + 1 / 3 + 4 / 3) / 5)
    assert score.recall == pytest.approx((4 / 3 + 1 / 3 + 2) / 5)
    pairs = pairwise(predicted, gold)  # predicted links ab, cd, ce, de; gold ab, ac, bc, de
    assert (pairs.precision, pairs.recall) == (0.5, 0.5)
    assert bcubed(gold, gold).f1 == 1.0


def test_correlation_and_auc():
    assert pearson([1, 2, 3], [2, 4, 6]) == pytest.approx(1.0)
    assert pearson([1, 2, 3], [3, 2, 1]) == pytest.approx(-1.0)
    assert roc_auc([0.9, 0.8, 0.3, 0.1], [True, True, False, False]) == 1.0
    assert roc_auc([0.1, 0.9], [True, False]) == 0.0
    assert roc_auc([0.5, 0.5], [True, False]) == 0.5  # a tie counts half


def test_macro_f1_counts_a_missing_prediction_as_wrong():
    # AGREE: tp 1, fn 1 -> F1 2/3; REJECT: tp 1, fp 0, fn 0 -> 1
    assert macro_f1(["AGREE", None, "REJECT"], ["AGREE", "AGREE", "REJECT"]) == pytest.approx((2 / 3 + 1) / 2)


def test_shingles_and_span_matching():
    assert shingle_counts("a b c d e", "a b c d x") == (1, 1, 1)
    assert shingle_counts("", "a b c d") == (0, 0, 1)
    relaxed = match_spans([(0, 5), (10, 20)], [(3, 8), (30, 40)])
    assert relaxed.pairs == [(0, 0)] and relaxed.prf().precision == 0.5
    assert match_spans([(0, 5)], [(3, 8)], strict=True).pairs == []
    # One prediction cannot match two gold spans.
    assert len(match_spans([(0, 100)], [(0, 5), (10, 20)]).pairs) == 1


def test_merged_topics_needs_a_majority_of_each_happening_in_one_story():
    gold = {"a": "t1_x", "b": "t1_x", "c": "t1_y", "d": "t1_y", "e": "t2_x", "f": "t2_y"}
    topic = {k: v[:2] for k, v in gold.items()}
    predicted = {"a": "s1", "b": "s1", "c": "s1", "d": "s1", "e": "s2", "f": "s3"}
    assert merged_topics(predicted, gold, topic) == 1


def test_timex_values_ignore_a_missing_time_of_day():
    assert timex_value_matches("1998-01-08", "1998-01-08TEV")
    assert not timex_value_matches("1998-01", "1998-01-08")


def test_timex_values_compare_notations_not_spellings():
    assert timex_value_matches("2000-W07", "2000-W7") and timex_value_matches("1949", "1949-XX")
    assert timex_value_matches("1995", "1995-XX-XX")
    assert not timex_value_matches("1989-W43", "1989-WXX") and not timex_value_matches("2000-W17", "2000-W1")


def test_attribution_file_gives_direct_quotes_with_their_sources(tmp_path):
    ann = tmp_path / "doc_ab12.ann"
    ann.write_text(
        "T1\tSource 0 5\tSmith\nT2\tCue 6 10\tsaid\nT3\tContent 11 30\t“We will win,” he\n"
        "T4\tAttribution 6 10\tsaid\nE1\tAttribution:T4 Content:T3 Cue:T2 Source:T1\n"
        "T5\tSource 40 42\the\nT6\tCue 43 50\tbelieves\nT7\tContent 51 60;62 70\tthat it works\n"
        "T8\tAttribution 43 50\tbelieves\nE2\tAttribution:T8 Content:T7 Cue:T6 Source:T5\n",
        "utf-8",
    )
    (quote,) = read_attributions(ann)
    assert (quote.start, quote.end, quote.source) == (11, 30, (0, 5, "Smith"))


def test_a_relative_pronoun_source_is_scored_by_the_noun_phrase_before_it():
    from chronicle.evaluation.quotes import antecedent

    text = "“We will stay,” said the mayor, Ana Aguilar, who added: “No one leaves.”"
    start, end, words = antecedent(text, text.index("who"))
    assert words == "Ana Aguilar" and text[start:end] == words
    text = "The figures came from the national statistics office of the federal republic that said “more”."
    assert antecedent(text, text.index("that"))[2] == "the federal republic"  # from a determiner, six words at most
    text = "Trump attacked Cruz, who said: “No.”"
    assert antecedent(text, text.index("who"))[2] == "Cruz"  # the noun phrase, not the clause's subject
    assert antecedent("who said “yes”", 0) is None
    text = "“No,” said Lionel Sosa, a media consultant and a Republican who said he would not vote."
    assert antecedent(text, text.index("who"))[2] == "Lionel Sosa, a media consultant and a Republican"


def test_markdown_report_lists_every_row_and_the_command():
    result = SuiteResult(
        "pubdate",
        "2 pages",
        [Row("day accuracy", 0.5, "htmldate 0.949", 1.0, "htmldate alone"), Row("pages left undated", 1)],
    )
    text = markdown([result], "abc123", "../shared/data", __import__("datetime").date(2026, 11, 22))
    assert "`chronicle eval pubdate --data ../shared/data`" in text
    assert "| day accuracy | 0.500 | 1.000 (htmldate alone) | htmldate 0.949 |" in text
    assert "| pages left undated | 1 |" in text and "abc123" in text


def _page(day: str) -> bytes:
    return gzip.compress(
        f"""<html><head><meta property="article:published_time" content="{day}">
<title>Council approves budget</title></head><body><article><h1>Council approves budget</h1>
<p>The city council approved the new budget on Monday after a long debate about school funding and roads.</p>
<p>Members voted seven to two, and the mayor said the plan would take effect next month across the city.</p>
</article></body></html>""".encode()
    )


def test_eval_command_scores_a_tiny_gold_folder(tmp_path):
    folder = tmp_path / "pubdate" / "mediacloud_dev"
    (folder / "html").mkdir(parents=True)
    (folder / "html" / "1.html.gz").write_bytes(_page("2020-03-04"))
    (folder / "html" / "2.html.gz").write_bytes(_page("2020-05-06"))
    gold = {
        "https://a.example/1": {"file": "1.html", "date": "2020-03-04"},
        "https://a.example/2": {"file": "2.html", "date": "2020-01-01"},
    }
    (folder / "gold.json").write_text(json.dumps(gold), "utf-8")
    result = CliRunner().invoke(app, ["eval", "pubdate", "--data", str(tmp_path), "--json"])
    assert result.exit_code == 0, result.output
    (suite,) = json.loads(result.output)
    rows = {r["metric"]: r for r in suite["rows"]}
    # pages in neither part of the split are scored as unseen
    assert rows["unseen (2): day accuracy"]["ours"] == 0.5 and rows["unseen (2): day accuracy"]["baseline"] == 0.5
    missing = CliRunner().invoke(app, ["eval", "pubdate", "--data", str(tmp_path / "nope")])
    assert missing.exit_code == 2


def test_ecb_targets_are_scored_on_train_and_dev_and_every_unseen_split_alone(tmp_path):
    from chronicle.evaluation.stories import _ecb_rows

    texts = {
        "quake": "A strong earthquake struck Qeshm island in Iran on Sunday, injuring five people in Dargahan.",
        "heist": "Armed robbers stole jewels worth millions from a Harry Winston store in Paris on Thursday.",
    }
    records = [
        {
            "doc_id": f"{topic}_{n}{split}",
            "topic": i,
            "split": split,
            "event_cluster": f"{topic}_{split}",
            "title": texts[topic][:40],
            "text": texts[topic],
        }
        for i, topic in enumerate(texts, 1)
        for split in ("train", "dev", "test")
        for n in (1, 2)
    ]
    (tmp_path / "stories").mkdir()
    (tmp_path / "stories" / "ecbplus_docs.jsonl").write_text("\n".join(map(json.dumps, records)), "utf-8")
    rows, described = _ecb_rows(tmp_path)
    scored = {row.metric: row.ours for row in rows}
    assert described == "ECB+ train+dev (8 documents), ECB+ test (4 documents, scored alone)"
    # train and dev reports of a topic are word for word the same: one story at once, apart split by split
    assert scored["ECB+ all topics at once: topics with both happenings merged"] == 2
    assert scored["ECB+ dev split alone (unseen by the join model): BCubed F1"] == 1.0
    assert scored["ECB+ test split alone (unseen by the join model): BCubed F1"] == 1.0
    assert not any(metric.startswith("ECB+ train split") for metric in scored)


def test_duplicates_are_scored_on_verified_pairs_and_grouped_under_the_first_article():
    from chronicle.evaluation.stories import detect_duplicates

    words = [f"word{i}" for i in range(200)]
    texts = {
        "a": " ".join(words),
        "b": " ".join(words[:130] + ["changed"] * 70),
        "c": " ".join(words[:90]),
        "d": "an unrelated short text here",
    }
    links, groups = detect_duplicates(texts)
    # c repeats b (86/131) but not a (86/196): it joins a's group without becoming a pair with a
    assert links == {frozenset("ab"), frozenset("bc")}
    assert groups == {"a": "a", "b": "a", "c": "a", "d": "d"}


def test_events_are_scored_under_the_plover_2021_names():
    from chronicle.evaluation.events import plover_type

    assert plover_type("REQUEST") == "DEMAND" and plover_type("ACCUSE") == "DISAPPROVE"
    assert plover_type("CONSULT") == "CONSULT"


def test_event_date_challenge_set():
    """Our own sentences with gold event dates: a fall in event dating shows here first."""
    from chronicle.evaluation.event_dates import challenge_set, date_events

    records = challenge_set()
    dated = date_events(records)
    assert len(records) >= 60 and len({r["pattern"] for r in records}) >= 40
    wrong = [d for d in dated if d.predicted != d.gold]
    assert len(wrong) <= 3, wrong
    assert all(d.basis == "publication" for d in dated if d.pattern in ("publication date", "duration"))


def test_event_coref_aligns_gold_tokens_with_our_triggers_and_links_across_documents():
    from chronicle.evaluation.event_coref import align, cross_document_links

    sentences = {
        ("d1", 2): ["Airbus", "delivered", "the", "first", "jet", "."],
        ("d2", 3): ["The", "jet", "was", "delivered", "on", "Monday", "."],
    }
    gold = [
        {"doc_id": "d1", "sent_id": 2, "token_numbers": [1], "text": "delivered", "cluster_id": "c1"},
        {"doc_id": "d2", "sent_id": 3, "token_numbers": [3], "text": "delivered", "cluster_id": "c1"},
        {"doc_id": "d2", "sent_id": 3, "token_numbers": [5], "text": "Monday", "cluster_id": "c2"},
    ]
    ours = [
        ("d1", "Airbus delivered the first jet.", "delivered", "event-1"),
        ("d2", "The jet was delivered on Monday.", "delivered", "event-1"),
    ]
    aligned = align(gold, sentences, ours)
    assert aligned == {0: "event-1", 1: "event-1"}
    documents = {i: gold[i]["doc_id"] for i in aligned}
    assert cross_document_links(aligned, documents) == {frozenset((0, 1))}
    assert cross_document_links({0: "a", 1: "b"}, documents) == set()


def test_undated_reports_can_arrive_in_a_random_order_after_the_dated_ones():
    from datetime import date

    from chronicle.analysis.pipeline import analyse_article
    from chronicle.evaluation.stories import cluster, cluster_undated_shuffled
    from chronicle.records import CleanArticle

    def article(article_id: str, text: str, day: date | None) -> CleanArticle:
        return CleanArticle(
            id=article_id,
            origin=article_id,
            title=text,
            text=text,
            url=None,
            source=article_id,
            published=day,
            published_basis="metadata" if day else "unknown",
        )

    texts = {
        "dam-1": "Floodwater breached the Mosul dam in northern Iraq, engineers said.",
        "dam-2": "Engineers said the Mosul dam in northern Iraq was breached by floodwater.",
        "quake": "An earthquake shook Qeshm island off southern Iran, injuring five people.",
    }
    analysed = [
        analyse_article(article(i, text, date(2024, 3, 1) if i == "dam-1" else None)) for i, text in texts.items()
    ]
    orders = [
        cluster_undated_shuffled(analysed, seed, one_by_one) for seed in range(1, 4) for one_by_one in (True, False)
    ]
    for predicted in orders:
        assert set(predicted) == set(texts)  # (by their own ids, whatever they were given for the batch)
        assert predicted["dam-1"] == predicted["dam-2"] != predicted["quake"]
    # with nothing undated there is nothing to shuffle: the same stories as the batch
    dated = [analyse_article(article(i, text, date(2024, 3, 1))) for i, text in texts.items()]
    assert cluster_undated_shuffled(dated, 1, True) == cluster_undated_shuffled(dated, 1, False) == cluster(dated)


def test_the_plover_manuals_quad_classes_and_scores_reach_each_category():
    from chronicle.outputs.event_layouts import date_precision, scale

    assert scale("AID") == scale("AID") and (scale("AID").quad, scale("AID").score) == (2, 10.0)
    assert (scale("ACCUSE").quad, scale("ACCUSE").score) == (3, -3.0)  # the manual's dropped minus sign
    assert (scale("INVESTIGATE").quad, scale("INVESTIGATE").score) == (3, -3.5)  # ACCUSE's Investigate mode
    assert scale("FIGHT").quad == 4 and scale("UNKNOWN").quad is None
    assert [date_precision(v) for v in ("2024-03-04", "2024-W10", "2024-03", "2024", None)] == [
        "day",
        "week",
        "month",
        "year",
        None,
    ]
