from datetime import date

import numpy as np
import pytest

from chronicle.analysis.fingerprint import exact_jaccard, fingerprint, shingle_hashes
from chronicle.analysis.marks import figures_stated, story_keys, weekdays_named
from chronicle.corpus import CorpusState, EventRecord
from chronicle.corpus.dates import months, value_range
from chronicle.corpus.dedup import find_original
from chronicle.corpus.events import EventParty
from chronicle.corpus.join_model import JOIN_FEATURES, installed_join_model
from chronicle.corpus.lsh import BANDS, ROWS, SPARE, SPARE_MATCHES, BandIndex, candidate_probability
from chronicle.corpus.state import StoryProfile
from chronicle.corpus.stories import (
    APART_REPORTS,
    ArticleSignature,
    candidate_stories,
    cohesion_ratio,
    fragments_of,
    join_features,
    refresh_title_and_summary,
    reports_apart,
)
from chronicle.corpus.vectors import StackedVectors, TermVector, Vocabulary


def _vocabulary(*terms: str) -> Vocabulary:
    vocabulary = Vocabulary()
    vocabulary.add_document(dict.fromkeys(terms, 1))
    return vocabulary


def test_term_vectors_weigh_by_tfidf_and_sum_and_dot_over_term_ids():
    vocabulary = Vocabulary()
    for document in (["summit", "leader"], ["summit", "flood"], ["summit"]):
        vocabulary.add_document(dict.fromkeys(document, 1))
    vector = vocabulary.tfidf({"summit": 3, "leader": 1, "unseen": 1})
    # idf = ln(4 / (1 + df)) + 1; tf = 1 + ln(count); a term never counted weighs in the norm but has no id
    summit, leader, unseen = (1 + np.log(3)) * (np.log(4 / 4) + 1), np.log(4 / 2) + 1, np.log(4) + 1
    norm = np.sqrt(summit**2 + leader**2 + unseen**2)
    assert vocabulary.words(vector) == pytest.approx({"summit": summit / norm, "leader": leader / norm})
    assert vocabulary.words(vector.heaviest(1)) == pytest.approx({"summit": summit / norm})
    both = vector.plus(vocabulary.vector({"flood": 1.0, "leader": 1.0}))
    assert vocabulary.words(both) == pytest.approx(
        {"summit": summit / norm, "leader": leader / norm + 1.0, "flood": 1.0}
    )
    with vocabulary.spread(vector) as products:
        assert abs(products.dot(both) - (summit**2 + leader**2) / norm**2 - leader / norm) < 1e-12
        members = StackedVectors.of([vocabulary.vector({"flood": 1.0}), vocabulary.vector({"summit": 1.0})])
        assert abs(products.best_dot(members) - summit / norm) < 1e-12
    with vocabulary.spread(vocabulary.vector({"flood": 1.0})) as products:  # the last spread left nothing
        assert products.dot(vector) == 0.0


def test_similarities_score_many_texts_as_tfidf_and_dot_score_each():
    vocabulary = Vocabulary()
    for document in (["summit", "leader"], ["summit", "flood"], ["summit"], ["flood", "river"]):
        vocabulary.add_document(dict.fromkeys(document, 1))
    texts = [{"summit": 2, "leader": 1}, {}, {"unseen": 3}, {"flood": 1, "unseen": 1}, {"river": 1}]
    target = vocabulary.tfidf({"flood": 2, "river": 1, "summit": 1})
    with vocabulary.spread(target) as products:
        expected = [products.dot(vocabulary.tfidf(text)) if text else 0.0 for text in texts]
        scores = vocabulary.similarities(texts, products)
        assert scores.tolist() == pytest.approx(expected, abs=1e-12)
        assert scores[2] == 0.0 and 0 < scores[3] < scores[4]  # an unseen term only dilutes
        assert vocabulary.similarities([{}, {}], products).tolist() == [0.0, 0.0]


def test_a_story_is_titled_and_summarised_by_what_is_nearest_its_centroid():
    vocabulary = Vocabulary()
    reports = [
        {"bridge": 2, "collapse": 1, "ship": 1},
        {"bridge": 1, "collapse": 1, "rescue": 1},
        {"bridge": 1, "ship": 1, "port": 1},
        {"weather": 1},
        {"election": 1},
    ]
    vectors = [vocabulary.add_document(report) for report in reports]
    story = StoryProfile(
        id="story-0001",
        article_ids=["a1", "a2", "a3"],
        titles={"a1": "Port closed", "a2": "Bridge collapse after ship strike", "a3": "Divers search"},
        lead_sentences=[
            ("a1", "Ledger", "The weather was cold"),
            ("a1", "Ledger", "bridge collapse ship"),
            ("a2", "Courier", "Rescue at the bridge"),
            ("a3", "Ledger", "Port ship"),
        ],
    )
    for vector in vectors[:3]:
        story.add_vector(vector)
    state = CorpusState(vocabulary=vocabulary)
    refresh_title_and_summary(state, story)
    assert story.title == "Bridge collapse after ship strike"
    # the nearest lead sentence of each outlet, nearest first: not the order the articles came in
    assert story.summary == "bridge collapse ship [Ledger] Rescue at the bridge [Courier]"


def test_fingerprints_estimate_and_measure_jaccard():
    text = " ".join(f"word{i}" for i in range(300))
    edited = text + " plus a different footer line"
    other = " ".join(f"other{i}" for i in range(300))

    def estimate(a: str, b: str) -> float:  # the share of MinHash values two texts agree on
        return float(np.mean(fingerprint(a).minhash == fingerprint(b).minhash))

    assert estimate(text, edited) > 0.9 and estimate(text, other) < 0.1
    assert exact_jaccard(shingle_hashes(text), shingle_hashes(edited)) == 296 / 301
    assert len(shingle_hashes("a b c d e f")) == 2
    assert len(shingle_hashes("A b, c d e")) == 1 == len(shingle_hashes("a b c"))
    # word order matters: the same words in another order are other shingles
    assert exact_jaccard(shingle_hashes("a b c d e f"), shingle_hashes("f e d c b a")) == 0


def test_a_copy_of_a_copy_links_to_the_first_article():
    words = [f"word{i}" for i in range(200)]
    state = CorpusState()
    first, copy, second_copy = " ".join(words), " ".join(words[:150] + ["changed"] * 50), " ".join(words[:120])
    state.add_fingerprint("first", fingerprint(first))
    assert find_original(state, fingerprint(copy)) == "first"
    state.add_fingerprint("copy", fingerprint(copy))
    state.duplicate_of["copy"] = "first"
    assert find_original(state, fingerprint(second_copy)) == "first"
    assert find_original(state, fingerprint(" ".join(words[:60]))) is None  # Jaccard 56/151 at most


def test_band_index_finds_texts_sharing_a_band_and_bands_find_duplicates():
    assert candidate_probability(0.5) > 0.99 and candidate_probability(0.1) < 0.05
    words = [f"word{i}" for i in range(200)]
    index = BandIndex()
    index.insert("first", fingerprint(" ".join(words)).minhash)
    index.insert("copy", fingerprint(" ".join(words[:190])).minhash)
    index.insert("other", fingerprint(" ".join(f"other{i}" for i in range(200))).minhash)
    assert index.query(fingerprint(" ".join(words[5:])).minhash) == {"first", "copy"}


def test_a_text_sharing_a_band_but_not_the_spare_values_is_no_candidate():
    signature = fingerprint(" ".join(f"word{i}" for i in range(200))).minhash
    index = BandIndex()
    index.insert("first", signature)
    spare = slice(BANDS * ROWS, BANDS * ROWS + SPARE)
    for agreeing in (0, SPARE_MATCHES - 1, SPARE_MATCHES):
        probe = signature.copy()
        probe[spare] += 1  # every spare value differs...
        probe[spare.start : spare.start + agreeing] = signature[spare.start : spare.start + agreeing]  # ...but these
        assert index.query(probe) == ({"first"} if agreeing >= SPARE_MATCHES else set())


def test_value_ranges():
    assert str(value_range("2023-11")) == "(datetime.date(2023, 11, 1), datetime.date(2023, 11, 30))"
    assert value_range("2023-W46")[0].isoformat() == "2023-11-13"
    assert value_range("XXXX-05-12") is None


def _event(number: int, day: str | None) -> EventRecord:
    actors = [EventParty("United States", "usa", "USA", "USA", None), EventParty("China", "chn", "CHN", "CHN", None)]
    return EventRecord(
        id=f"event-{number:05d}",
        story_id=None,
        type="CONSULT",
        plover_code="CONSULT",
        status="occurred",
        sources=actors[:1],
        targets=actors[1:],
        date=day,
        date_basis="explicit",
        location=None,
        confidence=0.5,
    )


def test_events_are_found_by_type_actor_pair_and_month_only():
    state = CorpusState()
    for number, day in enumerate(["2023-11-15", "2023-11", "2024-03-02", None], start=1):
        state.add_event(_event(number, day))
    near = state.events_near("CONSULT", frozenset({"chn", "usa"}), value_range("2023-11-16"))
    assert [e.id for e in near] == ["event-00001", "event-00002"]
    assert [e.id for e in state.events_near("CONSULT", frozenset({"usa", "chn", "gbr"}), None)] == ["event-00004"]
    assert state.events_near("FIGHT", frozenset({"usa", "chn"}), value_range("2023-11-16")) == []
    # one of the two actors, or another pair, is another happening
    assert state.events_near("CONSULT", frozenset({"chn"}), value_range("2023-11-16")) == []
    assert state.events_near("CONSULT", frozenset({"rus", "chn"}), value_range("2023-11-16")) == []
    assert months(value_range("2023-W52")) == ("2023-12",) and months((date(2023, 12, 30), date(2024, 1, 2))) == (
        "2023-12",
        "2024-01",
    )


def test_stories_match_on_names_whatever_their_tag_and_on_figures_and_weekdays():
    assert story_keys("gpe:hugh jackman", "Hugh Jackman", "GPE") == {"hugyackman"}
    assert story_keys("person:hugyackman", "Hugh Jackman", "PERSON") == {"hugyackman", "yackman"}
    assert story_keys("CHN", "China", "GPE") == {"CHN"}
    assert story_keys("norp:french", "French", "NORP") == set()
    text = "The Colts won 31-24 on Thursday in 2008, before 67,000 fans; 3 players and $85 million, 4.5 percent."
    assert figures_stated(text) == {"31-24", "67,000", "85 million", "4.5 percent"}
    assert figures_stated("a 20 - 13 win") == {"20-13"}
    assert weekdays_named({"thursday": 1, "colt": 2, "sun": 1}) == {"thursday"}


def _story_with(vocabulary: Vocabulary, figures: set[str], weekdays: set[str]) -> StoryProfile:
    story = StoryProfile(
        id="s",
        centroid=vocabulary.vector({"colt": 1.0, "playoff": 1.0}),
        members=[vocabulary.vector({"colt": 0.7, "playoff": 0.7})],
    )
    story.figures.update(figures)
    story.weekdays.update(weekdays)
    return story


def test_an_undated_report_with_the_figures_and_weekday_of_a_story_is_likelier_to_join_it():
    vocabulary = _vocabulary("colt", "playoff")
    vector = vocabulary.vector({"colt": 0.7, "playoff": 0.7})
    article = ArticleSignature(
        vector,
        vector,
        ("colt", "playoff"),
        frozenset(),
        None,
        frozenset(),
        frozenset({"thursday"}),
        frozenset({"31-24"}),
    )
    model = installed_join_model()
    with vocabulary.spread(vector) as products:
        same = model.probability(join_features(article, _story_with(vocabulary, {"31-24"}, {"thursday"}), products))
        other = model.probability(join_features(article, _story_with(vocabulary, {"20-13"}, {"sunday"}), products))
    assert same > other


def test_one_name_in_common_weighs_less_than_many():
    vocabulary = _vocabulary("jewel", "robbery")
    vector = vocabulary.vector({"jewel": 0.7, "robbery": 0.7})
    story = StoryProfile(id="s", centroid=vector, members=[vector])
    story.entities.update(["paris", "cannes", "carlton", "interpol", "casty"])

    def name_share(names: set[str]) -> float:
        article = ArticleSignature(vector, vector, (), frozenset(names), None, frozenset())
        with vocabulary.spread(vector) as products:
            return join_features(article, story, products)[JOIN_FEATURES.index("shared_entities")]

    # a report naming only "Paris" is no surer a report of this heist than one naming three of its names
    assert name_share({"paris"}) < name_share({"paris", "cannes", "carlton"}) < 1.0
    assert name_share({"paris", "harrywinston"}) < name_share({"paris"}) and name_share({"rome"}) == 0.0


def test_what_might_happen_is_not_merged_with_what_happened():
    from chronicle.analysis.pipeline import analyse_article
    from chronicle.corpus import add_articles
    from chronicle.records import CleanArticle

    def article(article_id: str, text: str) -> CleanArticle:
        return CleanArticle(
            id=article_id,
            origin=article_id,
            title=text,
            text=text,
            url=None,
            source=article_id,
            published=date(2023, 11, 16),
            published_basis="metadata",
        )

    state = CorpusState()
    add_articles(
        state,
        [
            analyse_article(article("a", "Joe Biden met Xi Jinping in Woodside, California, on Wednesday.")),
            analyse_article(article("b", "Joe Biden said he could meet Xi Jinping at any time.")),
        ],
    )
    consults = [e for e in state.events.values() if e.type == "CONSULT"]
    assert sorted(e.status for e in consults) == ["hypothetical", "occurred"]


def test_a_meeting_named_in_passing_is_the_meeting_held_there_whichever_report_comes_first():
    from chronicle.analysis.pipeline import analyse_article
    from chronicle.corpus import add_articles
    from chronicle.records import CleanArticle

    def article(article_id: str, text: str, day: date) -> CleanArticle:
        return CleanArticle(
            id=article_id,
            origin=article_id,
            title=text,
            text=text,
            url=None,
            source=article_id,
            published=day,
            published_basis="metadata",
        )

    held = analyse_article(
        article("held", "Joe Biden met Xi Jinping in Woodside, California, on Wednesday.", date(2023, 11, 16))
    )
    recalled = analyse_article(
        article(
            "recalled",
            "Joe Biden spoke with Xi Jinping by phone on Tuesday, their first conversation since they met "
            "in Woodside, California.",
            date(2024, 4, 2),
        )
    )
    for batches in ([[held], [recalled]], [[recalled], [held]]):
        state = CorpusState()
        for batch in batches:
            add_articles(state, batch)
        (meeting,) = [e for e in state.events.values() if e.type == "CONSULT" and e.place_name == "Woodside"]
        assert meeting.num_articles == 2 and meeting.date == "2023-11-15"

    # they met there again: "since they met in Woodside" is the latest of the two meetings
    again = analyse_article(
        article(
            "again",
            "On Monday the American president again met Xi Jinping: Joe Biden hosted him in Woodside, California.",
            date(2024, 3, 5),
        )
    )
    state = CorpusState()
    for batch in ([held], [again], [recalled]):
        add_articles(state, batch)
    meetings = sorted(
        (
            e
            for e in state.events.values()
            if e.type == "CONSULT" and e.place_name == "Woodside" and len(e.actor_keys) == 2
        ),
        key=lambda e: e.date,
    )
    assert [(e.date, e.num_articles) for e in meetings] == [("2023-11-15", 1), ("2024-03-04", 2)]


def test_a_date_found_in_the_text_does_not_fence_the_stories_an_article_can_join():
    state = CorpusState()
    state.vocabulary.add_document({"felt": 1})
    felt = state.vocabulary.vector({"felt": 1.0})
    story = StoryProfile(id="story-0001", centroid=felt, dates=[date(2008, 12, 18)])
    story.entities.update({"felt", "watergate"})
    state.stories[story.id] = story
    state.index_story(story)

    def article(published_day: bool) -> ArticleSignature:  # "the resignation on August 9, 1974"
        return ArticleSignature(
            felt,
            felt,
            ("felt",),
            frozenset({"felt", "watergate"}),
            date(1974, 8, 9),
            frozenset(),
            published_day=published_day,
        )

    assert candidate_stories(state, article(published_day=False)) == [story]
    assert candidate_stories(state, article(published_day=True)) == []


def test_a_merged_story_hands_over_its_articles_and_lookups():
    state = CorpusState()
    state.vocabulary.add_document({"dam": 1, "flood": 1})
    kept, merged = StoryProfile(id="story-0001"), StoryProfile(id="story-0002")
    for story, term, day, article_id in (
        (kept, "dam", date(2023, 3, 1), "a"),
        (merged, "flood", date(2023, 4, 14), "b"),
    ):
        story.add_vector(state.vocabulary.vector({term: 1.0}))
        story.add_date(day)
        story.key_terms.add(term)
        story.article_ids.append(article_id)
        state.stories[story.id] = story
        state.article_story[article_id] = story.id
        state.index_story(story)
    state.merge_stories(kept, merged)
    assert list(state.stories) == ["story-0001"] and state.current_story_id("story-0002") == "story-0001"
    assert kept.dates == [date(2023, 3, 1), date(2023, 4, 14)] and kept.article_ids == ["a", "b"]
    assert abs(kept.centroid_norm - 2**0.5) < 1e-9 and state.article_story["b"] == "story-0001"
    assert state.key_stories["flood"] == {"story-0001"} and state.story_count == 2
    assert all("story-0002" not in ids for by_key in state.period_key_stories.values() for ids in by_key.values())
    # what the merge filed is what indexing the merged story afresh files: each key in each of its periods
    fresh = CorpusState()
    fresh.index_story(kept)

    def filed(s: CorpusState) -> set[tuple[int, str, str]]:
        return {
            (period, key, i)
            for period, by_key in s.period_key_stories.items()
            for key, ids in by_key.items()
            for i in ids
        }

    assert filed(state) == filed(fresh) and len(filed(state)) == 4  # dam and flood, in March and in April


def _story(
    state: CorpusState, story_id: str, terms: dict[str, float], names: set[str], days: list[date], articles: int
) -> StoryProfile:
    story = StoryProfile(id=story_id, dates=days, article_ids=[f"{story_id}/{i}" for i in range(articles)])
    state.vocabulary.add_document(dict.fromkeys(terms, 1))
    for _ in range(articles):
        story.add_vector(state.vocabulary.vector(terms))
        story.add_member(state.vocabulary.vector(terms))
    story.entities.update(names)
    return story


def test_a_small_story_that_now_reads_as_a_report_of_a_grown_story_is_its_fragment():
    quake = {"quake": 0.6, "island": 0.5, "magnitude": 0.4, "village": 0.3, "injure": 0.3, "rescue": 0.2}
    state = CorpusState()
    grown = _story(state, "story-0001", quake, {"keshm", "IRN", "dargahan"}, [date(2008, 9, 10)], 3)
    early = _story(
        state, "story-0002", {"quake": 0.7, "island": 0.5, "injure": 0.5}, {"keshm", "IRN"}, [date(2008, 9, 9)], 1
    )
    unrelated = _story(state, "story-0003", {"election": 0.8, "ballot": 0.6}, {"TKM"}, [date(2008, 9, 9)], 1)
    months_later = _story(
        state, "story-0004", {"quake": 0.7, "island": 0.5, "injure": 0.5}, {"keshm", "IRN"}, [date(2008, 12, 20)], 1
    )
    big = _story(
        state, "story-0005", {"quake": 0.7, "island": 0.5, "injure": 0.5}, {"keshm", "IRN"}, [date(2008, 9, 9)], 4
    )
    assert fragments_of(state, grown, [early, unrelated, months_later, big, grown]) == [early]


def test_a_plan_then_a_claim_then_a_report_of_one_shipment_is_one_event_that_occurred():
    from chronicle.analysis.pipeline import analyse_article
    from chronicle.corpus import add_articles
    from chronicle.records import CleanArticle

    def article(article_id: str, text: str, day: date) -> CleanArticle:
        return CleanArticle(
            id=article_id,
            origin=article_id,
            title=text,
            text=text,
            url=None,
            source=article_id,
            published=day,
            published_basis="metadata",
        )

    reports = [
        ("plan", "China will ship humanitarian aid to Gaza on Monday, officials in Beijing said.", date(2024, 3, 1)),
        ("claim", "China said on Monday it had shipped humanitarian aid to Gaza.", date(2024, 3, 4)),
        ("seen", "Aid workers confirmed that China shipped humanitarian aid to Gaza on Monday.", date(2024, 3, 5)),
    ]
    state = CorpusState()
    statuses = []
    for article_id, text, day in reports:
        add_articles(state, [analyse_article(article(article_id, text, day))])
        (shipment,) = [e for e in state.events.values() if e.type == "AID"]
        statuses.append(shipment.status)
    assert statuses == ["planned", "claimed", "occurred"]
    assert [h.status for h in shipment.history] == ["planned", "claimed", "occurred"]


def test_an_undated_article_finds_its_stories_by_keys_few_stories_share():
    from chronicle.corpus.state import COMMON_KEY_STORIES

    state = CorpusState()
    state.vocabulary.add_document({"usa": 1, "dam": 1})
    for number in range(COMMON_KEY_STORIES + 2):  # a name in more stories than an undated article looks through
        story = StoryProfile(id=f"story-{number:04d}", dates=[date(2023, 1, 1)])
        story.entities.update({"usa", "dam"} if number == 0 else {"usa"})
        state.stories[story.id] = story
        state.index_story(story)
    vector = state.vocabulary.vector({"dam": 1.0})
    undated = ArticleSignature(vector, vector, ("dam",), frozenset({"usa", "dam"}), None, frozenset())
    assert [s.id for s in candidate_stories(state, undated)] == ["story-0000"]


def test_a_story_sharing_one_key_is_no_candidate():
    state = CorpusState()
    state.vocabulary.add_document({"dam": 1, "flood": 1})
    vector = state.vocabulary.vector({"dam": 1.0})
    story = StoryProfile(id="story-0001", centroid=vector, dates=[date(2023, 3, 1)])
    story.entities.update({"dam"})
    state.stories[story.id] = story
    state.index_story(story)

    def article(names: frozenset[str]) -> ArticleSignature:
        return ArticleSignature(vector, vector, ("dam",), names, date(2023, 3, 2), frozenset())

    assert candidate_stories(state, article(frozenset({"dam"}))) == []  # one key, as a name and a term
    story.entities.update({"mosul"})
    state.index_story(story, {"mosul"})
    assert candidate_stories(state, article(frozenset({"dam", "mosul"}))) == [story]


def test_vocabulary_numbers_terms_across_table_growth() -> None:
    """Terms keep their ids while the hash table behind them grows many times and probes past its collisions."""
    vocabulary = Vocabulary()
    terms = [f"term{i}" for i in range(70_000)]
    for start in range(0, len(terms), 5_000):
        vocabulary.add_document(dict.fromkeys(terms[start : start + 5_000], 1))
    assert vocabulary.terms == terms
    assert vocabulary.ids(terms).tolist() == list(range(len(terms)))
    assert vocabulary.ids(["never-seen", "term69999"]).tolist() == [-1, 69_999]
    vocabulary.add_document({"term3": 2, "fresh": 1})
    assert vocabulary.ids(["fresh", "term3"]).tolist() == [70_000, 3]


def test_a_sum_less_one_of_its_vectors_drops_the_terms_only_that_vector_gave():
    vocabulary = _vocabulary("flood", "river", "dam")
    flood, dam = vocabulary.vector({"flood": 0.6, "river": 0.8}), vocabulary.vector({"dam": 0.6, "river": 0.8})
    rest = flood.plus(dam).minus(dam)
    assert vocabulary.words(rest) == pytest.approx({"flood": 0.6, "river": 0.8}) and rest.norm == pytest.approx(1.0)


def _unit(vocabulary: Vocabulary, terms: dict[str, float]) -> TermVector:
    vector = vocabulary.vector(terms)
    return vector.scaled(1 / vector.norm)


def test_undated_reports_that_hold_together_apart_from_their_story_are_another_happening():
    # two firings of one team's coach, three years apart: the same words, other names and figures
    firing = {"fire": 0.5, "coach": 0.5, "team": 0.4, "season": 0.3}
    first = [{**firing, "obrien": 0.5, "playoff": 0.3, extra: 0.3} for extra in ("king", "round", "player", "monday")]
    second = [
        {**firing, "cheeks": 0.5, "dileo": 0.4, "start": 0.3, extra: 0.3}
        for extra in ("interim", "brand", "stefanski", "bench", "streak", "loss")
    ]
    vocabulary = _vocabulary(*{term for terms in (*first, *second) for term in terms})
    core = TermVector.empty()
    for terms in first:
        core = core.plus(_unit(vocabulary, terms))
    reports = {f"later-{i}": _unit(vocabulary, terms) for i, terms in enumerate(second[:APART_REPORTS])}
    cohesion = installed_join_model().apart_cohesion
    assert reports_apart(vocabulary, core, len(first), reports, cohesion) == list(reports)
    # fewer than APART_REPORTS are too few to tell
    fewer = dict(list(reports.items())[: APART_REPORTS - 1])
    assert reports_apart(vocabulary, core, len(first), fewer, cohesion) == []
    # reports of the story's own happening stay, and one of the other happening among them is not enough
    same = {
        f"same-{i}": _unit(vocabulary, {**firing, "obrien": 0.5, "playoff": 0.3, extra: 0.3})
        for i, extra in enumerate(("round", "monday", "player", "king", "season"))
    }
    assert reports_apart(vocabulary, core, len(first), same, cohesion) == []
    mixed = {**dict(list(same.items())[:4]), "later-0": reports["later-0"]}
    assert reports_apart(vocabulary, core, len(first), mixed, cohesion) == []


def test_a_coach_fired_again_years_later_is_another_story_though_its_reports_are_undated(coach_firings):
    from dataclasses import replace

    from chronicle.analysis.pipeline import analyse_article
    from chronicle.corpus import add_articles
    from chronicle.records import CleanArticle

    def article(article_id: str, text: str, day: date | None = None) -> CleanArticle:
        return CleanArticle(
            id=article_id,
            origin=article_id,
            title=text.split(".")[0],
            text=text,
            url=None,
            source=article_id,
            published=day,
            published_basis="metadata" if day else None,
        )

    first, second = coach_firings
    dated = [analyse_article(article(f"obrien-{i}", text, date(2005, 5, 24))) for i, text in enumerate(first)]
    undated = [analyse_article(article(f"cheeks-{i}", text)) for i, text in enumerate(second)]

    def stories_of(state: CorpusState) -> list[list[str]]:
        return sorted(story.article_ids for story in state.stories.values())

    # one by one, each undated report of the second firing joins the first firing's story...
    merged = CorpusState(join_model=replace(installed_join_model(), apart_cohesion=0.0))
    add_articles(merged, dated + undated)
    assert len(merged.stories) == 1
    # ...but as a group they hold together apart from it: another story, not dated from the first
    state = CorpusState()
    outcomes = {o.article_id: o for o in add_articles(state, dated + undated)}
    assert stories_of(state) == [[a.article.id for a in undated], [a.article.id for a in dated]]
    assert all(outcomes[a.article.id].published is None for a in undated)
    # the first firing's story is as if the second's reports had never joined it
    alone = CorpusState()
    add_articles(alone, dated)
    first, (only,) = state.stories[outcomes["obrien-0"].story_id], alone.stories.values()
    assert (first.entities, first.figures, first.titles, first.title) == (
        only.entities,
        only.figures,
        only.titles,
        only.title,
    )
    assert state.vocabulary.words(first.centroid) == pytest.approx(alone.vocabulary.words(only.centroid))


def test_the_cohesion_ratio_is_the_mean_cosine_across_over_the_geometric_mean_within():
    rng = np.random.default_rng(7)
    vectors = rng.random((9, 6))
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    core, undated = vectors[:3], vectors[3:]
    apart = np.array([True, False, True, True, False, True])
    story_side, apart_side = np.vstack([core, undated[~apart]]), undated[apart]

    def mean_within(side: np.ndarray) -> float:
        cosines = side @ side.T
        return (cosines.sum() - len(side)) / (len(side) * (len(side) - 1))

    expected = (story_side @ apart_side.T).mean() / np.sqrt(mean_within(story_side) * mean_within(apart_side))
    between = undated @ undated.T
    np.fill_diagonal(between, 0.0)
    core_sum = core.sum(axis=0)
    ratio = cohesion_ratio(float(core_sum @ core_sum), len(core), undated @ core_sum, between, apart)
    assert ratio == pytest.approx(expected)


def _with_entities(article_id: str, text: str, *entities: tuple[str, str, str]):
    """A small analysed article whose entities are given as (key, name, type), each named where its name is."""
    from dataclasses import replace

    from chronicle.analysis.pipeline import analyse_article
    from chronicle.records import CleanArticle, Entity

    article = CleanArticle(article_id, article_id, "", text, None, None, date(2020, 1, 1), "metadata")
    found = tuple(
        Entity(key=key, name=name, type=kind, mentions=[(text.index(name), text.index(name) + len(name))])
        for key, name, kind in entities
    )
    return replace(analyse_article(article), entities=found)


def test_names_one_article_cannot_resolve_are_the_one_person_or_organisation_the_corpus_names_in_full():
    from chronicle.corpus.entities import NameIndex, resolve_names

    full = _with_entities(
        "a",
        "Bernie Sanders and Ben Carson met the Syrian Democratic Forces and John R. Bolton.",
        ("person:berniesanders", "Bernie Sanders", "PERSON"),
        ("person:bencarson", "Ben Carson", "PERSON"),
        ("org:syrian democratic forces", "Syrian Democratic Forces", "ORG"),
        ("person:yohnrbolton", "John R. Bolton", "PERSON"),
    )
    short = _with_entities(
        "b",
        "Sanders, Vermont Bernie Sanders, the SDF, John Bolton and Sanders–Carson spoke.",
        ("person:sanders", "Sanders", "PERSON"),
        ("org:vermont bernie sanders", "Vermont Bernie Sanders", "ORG"),
        ("org:sdf", "SDF", "ORG"),
        ("person:yohnbolton", "John Bolton", "PERSON"),
        ("org:sanders carson", "Sanders–Carson", "ORG"),
    )
    # the short names come first in the batch: the batch's full names count whatever the order
    resolved = {a.article.id: a for a in resolve_names(NameIndex(), [short, full])}
    keys = {e.key: (e.type, [resolved["b"].article.text[s:t] for s, t in e.mentions]) for e in resolved["b"].entities}
    assert keys == {
        "person:berniesanders": ("PERSON", ["Sanders", "Vermont Bernie Sanders", "Sanders"]),
        "org:syrian democratic forces": ("ORG", ["SDF"]),
        "person:yohnrbolton": ("PERSON", ["John Bolton"]),
        "person:bencarson": ("PERSON", ["Carson"]),
    }
    assert resolved["a"].entities == full.entities


def _keys_after(index, article_id: str, text: str, *entities: tuple[str, str, str]) -> list[str]:
    """The keys of an article's entities once the corpus of `index` has resolved them (the article joins it)."""
    from chronicle.corpus.entities import resolve_names

    (article,) = resolve_names(index, [_with_entities(article_id, text, *entities)])
    return [e.key for e in article.entities]


def test_a_word_tagged_person_in_one_article_and_organisation_in_others_has_one_key_kept_by_later_batches():
    from chronicle.corpus.entities import NameIndex, index_stored, resolve_names

    index = NameIndex()
    outlet = [("org:politiko", "Politiko", "ORG")]
    batch = [
        _with_entities("a", "Politiko reported it.", ("person:politiko", "Politiko", "PERSON")),
        _with_entities("b", "Politiko said so.", *outlet),
        _with_entities("c", "Politiko asked.", *outlet),
    ]
    resolved = resolve_names(index, batch)
    assert [(e.key, e.type) for a in resolved for e in a.entities] == [("org:politiko", "ORG")] * 3
    # a later batch of more mentions under the other tag keeps the key the corpus gave the name
    later = [_with_entities(x, "Politiko wrote.", ("person:politiko", "Politiko", "PERSON")) for x in "de"]
    assert [e.key for a in resolve_names(index, later) for e in a.entities] == ["org:politiko"] * 2
    # one mention under each tag: an organisation; a given name or a surname of the corpus is left as it is
    index = NameIndex()
    index_stored(index, [("person:zorbix", "Zorbix", "PERSON", 1), ("org:zorbix", "Zorbix", "ORG", 1)])
    assert index.one_word_key("Zorbix") == "org:zorbix"
    index_stored(index, [("person:greta", "Greta", "PERSON", 1), ("org:greta", "Greta", "ORG", 2)])
    index_stored(index, [("person:karlweber", "Karl Weber", "PERSON", 1), ("org:weber", "Weber", "ORG", 1)])
    index_stored(index, [("person:weber", "Weber", "PERSON", 1)])
    assert index.one_word_key("Greta") is None and index.one_word_key("Weber") is None


def test_a_surname_two_people_of_the_corpus_share_stays_as_it_is():
    from chronicle.corpus.entities import NameIndex

    index = NameIndex()
    people = [("boris-johnson", "Boris Johnson", "PERSON"), ("person:garyohnson", "Gary Johnson", "PERSON")]
    _keys_after(index, "a", "Boris Johnson and Gary Johnson.", *people)
    assert _keys_after(index, "b", "Johnson spoke.", ("person:yohnson", "Johnson", "PERSON")) == ["person:yohnson"]


def test_a_given_name_alone_is_the_one_person_the_corpus_names_with_it_and_a_surname_of_its_article():
    from chronicle.corpus.entities import NameIndex

    def kin() -> list[str]:
        wife = ("person:greta", "Greta", "PERSON")
        return _keys_after(
            index, "b", "Karl Weber came with his wife Greta.", ("person:karlweber", "Karl Weber", "PERSON"), wife
        )

    index = NameIndex()
    people = [("person:gretaweber", "Greta Weber", "PERSON"), ("person:gretalind", "Greta Lind", "PERSON")]
    _keys_after(index, "a", "Greta Weber and Greta Lind spoke.", *people)
    assert kin() == ["person:karlweber", "person:gretaweber"]
    # two Gretas in the corpus and no surname in the article: the name stays as it is
    assert _keys_after(index, "c", "Greta spoke.", ("person:greta", "Greta", "PERSON")) == ["person:greta"]
    # the article's own surname comes before the one person the corpus names with "Greta" as a surname
    _keys_after(index, "d", "Anna Greta spoke.", ("person:annagreta", "Anna Greta", "PERSON"))
    assert kin() == ["person:karlweber", "person:gretaweber"]


def test_a_short_form_of_a_given_name_and_a_name_with_its_own_acronym_are_the_same_referent():
    from chronicle.corpus.entities import NameIndex, resolve_names

    full = _with_entities(
        "a",
        "William Weld spoke to the National Hurricane Center.",
        ("person:wiliamweld", "William Weld", "PERSON"),
        ("org:national hurricane center", "National Hurricane Center", "ORG"),
    )
    short = _with_entities(
        "b",
        "Bill Weld read the National Hurricane Center NHC report.",
        ("person:bilweld", "Bill Weld", "PERSON"),
        ("org:national hurricane center nhc", "National Hurricane Center NHC", "ORG"),
    )
    resolved = {a.article.id: a for a in resolve_names(NameIndex(), [full, short])}
    assert [e.key for e in resolved["b"].entities] == ["person:wiliamweld", "org:national hurricane center"]


def test_a_short_form_or_an_initial_of_a_given_name_is_the_one_person_of_that_surname_it_fits():
    from chronicle.corpus.entities import NameIndex

    index = NameIndex()
    index.add_all(
        [("person:michstoltz", "Mitch Stoltz", "PERSON"), ("person:michelstoltz", "Mitchell Stoltz", "PERSON")]
    )
    # the longer given name keys the person, whichever comes first in a batch
    assert index.same_person("Mitch Stoltz") == index.same_person("Mitchell Stoltz") == "person:michelstoltz"
    index.add_all([("person:yanedoe", "Jane Doe", "PERSON"), ("person:peterdoe", "Peter Doe", "PERSON")])
    assert index.same_person("J. Doe") == "person:yanedoe"
    assert index.same_person("Sam Doe") is None  # no form of "Jane" or "Peter"
    index.add_all([("person:yohndoe", "John Doe", "PERSON")])
    assert index.same_person("J. Doe") is None  # two people it fits
    # a fuller name is no form of a shorter one, and two names of a length are no forms of each other
    index.add_all([("person:fredgray", "Fred Gray", "PERSON")])
    assert index.same_person("Frederick Gray") is None and index.same_person("Bill Gray") is None


def test_a_short_form_or_an_initial_met_earlier_takes_in_no_one_named_in_full_later():
    from chronicle.corpus.entities import NameIndex

    index = NameIndex()
    index.add_all([("person:ydoe", "J. Doe", "PERSON"), ("person:ronhoward", "Ron Howard", "PERSON")])
    later = [
        ("person:yohndoe", "John Doe", "PERSON"),
        ("person:yanedoe", "Jane Doe", "PERSON"),
        ("person:aronhoward", "Aaron Howard", "PERSON"),
        ("person:ronaldhoward", "Ronald Howard", "PERSON"),
    ]
    index.add_all(later)
    assert [index.same_person(name) for _, name, _ in later] == [key for key, _, _ in later]
    assert index.same_person("John R. Doe") == "person:yohndoe"
    # the same given name comes before a longer one it may stand for
    assert index.same_person("Ron Howard") == "person:ronhoward" and index.same_person("J. Doe") == "person:ydoe"


def test_a_long_surname_spelled_otherwise_is_the_one_person_of_that_given_name_it_is_so_like():
    from chronicle.corpus.entities import NameIndex

    index = NameIndex()
    index.add_all(
        [
            ("alexander-lukashenko", "Alexander Lukashenko", "PERSON"),
            ("person:bilclinton", "Bill Clinton", "PERSON"),
            ("person:maikyohnson", "Mike Johnson", "PERSON"),
        ]
    )
    assert index.same_person("Alexander Lukashenka") == "alexander-lukashenko"
    # another given name, even a form of it; a letter changed in or added to a shorter surname: other people
    assert index.same_person("Alex Lukashenka") is None
    assert index.same_person("Viktor Lukashenka") is None
    assert index.same_person("Bill Clifton") is None
    assert index.same_person("Mike Johnston") is None


def test_a_ticket_names_the_people_its_own_article_names_and_a_multiword_surname_finds_its_person():
    from chronicle.corpus.entities import NameIndex, resolve_names

    index = NameIndex()
    resolve_names(
        index,
        [
            _with_entities(
                "a",
                "Angela Walker and Scott Walker met Gloria La Riva.",
                ("person:angelawalker", "Angela Walker", "PERSON"),
                ("person:scotwalker", "Scott Walker", "PERSON"),
                ("person:glorialariva", "Gloria La Riva", "PERSON"),
            )
        ],
    )
    later = _with_entities(
        "b",
        "Howie Hawkins chose Angela Walker. The Hawkins/Walker ticket and La Riva spoke.",
        ("person:howiehawkins", "Howie Hawkins", "PERSON"),
        ("person:angelawalker", "Angela Walker", "PERSON"),
        ("org:hawkinswalker", "Hawkins/Walker", "ORG"),
        ("org:la riva", "La Riva", "ORG"),
    )
    # the tagger's mention of the ticket holds the article before it
    ticket = next(e for e in later.entities if e.key == "org:hawkinswalker")
    ticket.mentions[0] = (ticket.mentions[0][0] - 4, ticket.mentions[0][1])
    (resolved,) = resolve_names(index, [later])
    # "Walker" alone is two people in the corpus; the article names one of them in full
    mentions = {e.key: [later.article.text[s:t] for s, t in e.mentions] for e in resolved.entities}
    assert mentions == {
        "person:howiehawkins": ["Howie Hawkins", "Hawkins"],
        "person:angelawalker": ["Angela Walker", "Walker"],
        "person:glorialariva": ["La Riva"],
    }


def test_the_registry_key_wins_over_a_fuller_unregistered_spelling_also_after_a_reload(tmp_path):
    from chronicle.corpus.entities import NameIndex

    names = [
        ("person:robertgabrielmugabe", "Robert Gabriel Mugabe", "PERSON"),
        ("robert-mugabe", "Robert Mugabe", "PERSON"),
    ]
    for order in (names, names[::-1]):
        index = NameIndex()
        index.add_all(order)
        assert index.same_person("Robert Gabriel Mugabe") == index.same_person("Robert Mugabe") == "robert-mugabe"


def test_a_name_without_a_middle_name_or_second_surname_is_the_one_fuller_name_it_fits():
    from chronicle.corpus.entities import NameIndex

    index = NameIndex()
    index.add_all(
        [
            ("person:ricardoroselonevares", "Ricardo Rosselló Nevares", "PERSON"),
            ("person:georgewalkerbush", "George Walker Bush", "PERSON"),
            ("person:georgeherbertbush", "George Herbert Bush", "PERSON"),
        ]
    )
    assert index.same_person("Ricardo Rosselló") == "person:ricardoroselonevares"
    assert index.same_person("George W. Bush") == "person:georgewalkerbush"
    assert index.same_person("George Bush") is None  # two people fit it


def test_the_corpus_decides_how_an_entity_is_kept_and_hands_it_to_the_store_as_changed():
    from chronicle.records import Actor, Entity

    state = CorpusState()
    state.name_entity(Entity("person:ann", "Ann Lee", "PERSON", aliases={"Lee"}))
    state.name_entity(Entity("person:ann", "Ann B. Lee", "PERSON", actor=Actor(None, "USA", None)))
    state.name_entity(Entity("person:ann", "Ann", "PERSON", actor=Actor(None, "CAN", "GOV")))
    state.name_entity(Entity("robert-mugabe", "Robert Mugabe", "PERSON", actor=Actor("MUGABE", "ZWE", "GOV")))
    # a fuller spelling the registry knows does not rename the registry's entity
    state.name_entity(Entity("robert-mugabe", "Robert Gabriel Mugabe", "PERSON", actor=Actor("MUGABE", None, None)))
    ann, mugabe = state.take_changes().entities
    assert (ann.name, ann.aliases, ann.country, ann.sector) == ("Ann B. Lee", ("Ann", "Ann Lee", "Lee"), "USA", "GOV")
    assert (mugabe.name, mugabe.aliases, mugabe.actor_id) == ("Robert Mugabe", ("Robert Gabriel Mugabe",), "MUGABE")
    assert state.take_changes().entities == () and state.entities["person:ann"] == ann
