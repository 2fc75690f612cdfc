"""The general resources behind event coding: the CAMEO dictionary converter and matcher, the synthetic
stories' verb evidence, the political-actor sense constraint, and the article-events scorer."""

from __future__ import annotations

import importlib.util
import json
import re
from datetime import date
from pathlib import Path

from chronicle.analysis.cameo import cameo_lexicon, code_verb
from chronicle.analysis.pipeline import analyse_article
from chronicle.analysis.verb_types import VerbTypes, weigh
from chronicle.evaluation.article_events import Emitted, OffsetMap, actor_right, fully_right, match, score
from chronicle.evaluation.gold import by_part, split_ids
from chronicle.records import CleanArticle

ROOT = Path(__file__).resolve().parents[1]

# A dictionary in PETRARCH's format, written for this test (two blocks, a synset, a reviewed synonym and
# an unreviewed one), and a CAMEO→PLOVER table in the 2021 file's layout.
DICTIONARY = """# header
# The MIT License (MIT)
# Copyright (c) test
# LAST UPDATE: today

####### SYNONYM SETS #######

&WEAPON_
+GUN
+ROCKET_LAUNCHER

####### VERB PATTERNS #######

---  MEET_PEOPLE   [040]  ---
+MEET_WITH {+MET_WITH }
CONFER
MEET {MEETS MET MEETING}
NOD
- * (FOR TALKS)                                       [036:036]     # MEET
- * PAYMENT                                           [061]         # CONFER

---  SHIP   [---]  ---
SHIP
DELIVER [070]
- * &WEAPON (TO)                                      [072]         # SHIP
- * RUN-OFF                                           [---]         # SHIP
"""
TABLE = """# CAMEO to PLOVER
04: CONSULT
040: CONSULT, ,  # Consult
036: AGREE,  , diplomatic # Express intent to meet
061: COOPERATE,   ,   economic # Cooperate economically
07: AID
070: AID,   ,  # Provide aid
072: AID,   ,   military # Provide military aid
~~~~~
"""


def _converter():
    spec = importlib.util.spec_from_file_location("convert_cameo_verbs", ROOT / "scripts" / "convert_cameo_verbs.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_converter_keeps_blocks_patterns_synsets_codes_and_the_licence(tmp_path: Path):
    (tmp_path / "events" / "phoenix_dictionaries").mkdir(parents=True)
    (tmp_path / "events" / "plover").mkdir()
    (tmp_path / "events" / "phoenix_dictionaries" / "CAMEO.2.0.txt").write_text(DICTIONARY, "utf-8")
    (tmp_path / "events" / "plover" / "CAMEO2PLOVER-2021.txt").write_text(TABLE, "utf-8")
    converted = _converter().convert(tmp_path)
    assert "The MIT License" in converted["_licences"][0] and "CC BY-SA 4.0" in converted["_licences"][1]
    assert converted["synsets"]["&WEAPON"] == [["gun"], ["rocket", "launcher"]]
    meet = converted["blocks"]["MEET_PEOPLE"]
    assert {"verb": "meet", "particles": ["with"], "own_code": False, "code": "040"} in meet["verbs"]
    assert meet["patterns"][0] == {
        "before": [],
        "after": [[["for"]], [["talks"]]],
        "code": "036",
        "found_under": ["meet"],
    }
    ship = converted["blocks"]["SHIP"]
    assert {"verb": "deliver", "particles": [], "own_code": True, "code": "070"} in ship["verbs"]
    assert ship["patterns"][0]["after"] == [["&WEAPON"], [["to"]]] and ship["patterns"][1]["code"] is None
    assert converted["codes"]["036"]["type"] == "AGREE" and converted["codes"]["072"]["contexts"] == ["military"]


def test_the_bundled_dictionary_codes_verbs_by_their_phrase(nlp):
    lexicon = cameo_lexicon()

    def coded(text: str, verb: str) -> str | None:
        token = next(t for t in nlp(text) if t.text == verb)
        found = code_verb(token, lexicon)
        return found.plover.type if found else None

    assert coded("Police arrested the suspects on Monday.", "arrested") == "COERCE"
    assert coded("The minister received the Chinese ambassador.", "received") == "CONSULT"  # a pattern
    assert coded("The candidate received 203,091 votes.", "received") is None  # no pattern, no default
    assert coded("The government rejected the proposal.", "rejected") == "REJECT"
    assert coded("Russia threatened to cut gas supplies.", "threatened") == "THREATEN"


def test_synthetic_leads_outweigh_a_lumped_default_only_with_enough_stories():
    evidence = VerbTypes(
        {"agree": {"AGREE": 12, "CONCEDE": 30}, "nod": {"AGREE": 1}}, {"AGREE": 100, "CONCEDE": 700, "SUPPORT": 200}
    )
    assert weigh("agree", "SUPPORT", evidence) == "AGREE"  # per story of each type, AGREE leads
    assert weigh("nod", "SUPPORT", evidence) == "SUPPORT"  # one story is not enough against the dictionary
    assert weigh("unknown", "SUPPORT", evidence) == "SUPPORT"
    assert weigh("agree", "SUPPORT", evidence, prior=1000) == "SUPPORT"


def _article(text: str) -> CleanArticle:
    return CleanArticle(
        id="a",
        origin="a",
        title="",
        text=text,
        url=None,
        source=None,
        published=date(2024, 3, 4),
        published_basis="metadata",
    )


def test_a_trigger_counts_only_with_a_political_actor():
    for text in (
        "Jane Smith received brain surgery on Monday.",
        "The candidate received 203,091 votes.",
        "The new bill meets the requirement.",
        "According to the ministry, the bridge reopened.",
    ):
        assert analyse_article(_article(text)).events == (), text
    (arrest,) = analyse_article(_article("Kenyan police arrested three protesters in Nairobi on Monday.")).events
    assert arrest.type in ("COERCE", "ASSAULT") and arrest.sources[0].sector


def test_asking_about_something_is_a_question_not_a_request():
    for text in (
        "Reporters asked President Joe Biden about the call on Monday.",
        "Senator Mitch McConnell asked whether the talks with China had resumed.",
    ):
        assert not [e for e in analyse_article(_article(text)).events if e.type == "REQUEST"], text
    for text in (
        "President Volodymyr Zelensky asked Germany for tanks on Monday.",
        "President Joe Biden asked Congress to pass the aid bill on Monday.",
        "President Volodymyr Zelensky asked Germany about the delay and for tanks on Monday.",
        "The Supreme Court was asked whether it could delay the ruling by the Justice Department.",
    ):
        assert "REQUEST" in [e.type for e in analyse_article(_article(text)).events], text


def test_an_act_only_an_authority_does_stands_with_its_doer_unnamed():
    for text, kind in (
        ("Twenty people were arrested after the march on Saturday.", "COERCE"),
        ("Three journalists were detained on Monday.", "COERCE"),
        ("Two men were jailed for life on Friday.", "COERCE"),
    ):
        (event,) = [e for e in analyse_article(_article(text)).events if e.type == kind]
        assert event.sources == () and event.status == "occurred", text
    # a negative subject or object negates the act as a "not" does, also one a joined verb shares, but not
    # one of another clause
    for text in (
        "No one was arrested after the march.",
        "Police arrested nobody on Monday.",
        "No one was injured or arrested on Monday.",
    ):
        assert [e.status for e in analyse_article(_article(text)).events] == ["negated"], text
    (attack,) = analyse_article(_article("Nobody was hurt when Russia attacked Ukraine on Monday.")).events
    assert attack.status == "occurred"
    # nor does a "not" of another clause; one of a clause the event completes does
    (arrest,) = analyse_article(_article("Russia did not comment, and police arrested ten protesters.")).events
    assert arrest.status == "occurred"
    meeting = [
        e for e in analyse_article(_article("Russia did not agree to meet Ukraine.")).events if e.type == "CONSULT"
    ]
    assert [e.status for e in meeting] == ["negated"]
    # a conviction is a SANCTION (the NGEC codebook's "convict" mode)
    (convicted,) = analyse_article(_article("A Moscow court convicted Alexei Navalny of fraud on Monday.")).events
    assert convicted.type == "SANCTION"
    # an act anyone may do, or one whose doer is named as no political actor: no event
    for text in ("Twenty people were attacked on Saturday.", "The dog was detained by its owner."):
        assert analyse_article(_article(text)).events == (), text


def test_an_event_noun_its_clause_states_is_a_trigger_and_its_verb_no_event_of_its_own():
    def coded(text: str) -> list[tuple[str, str, list[str], list[str]]]:
        return [
            (e.type, e.status, [a.name for a in e.sources], [a.name for a in e.targets])
            for e in analyse_article(_article(text)).events
        ]

    # the passive of a verb its object types: "imposed sanctions" as "sanctions were imposed"
    assert coded("Sanctions were imposed on Iran by the European Union on Monday.") == [
        ("SANCTION", "occurred", ["European Union"], ["Iran"])
    ]
    assert coded("Talks were held by Russia and Ukraine in Istanbul on Monday.") == [
        ("CONSULT", "occurred", ["Russia"], ["Ukraine"])
    ]
    # an existential "there is"
    assert coded("There were clashes between Armenia and Azerbaijan on Monday.") == [
        ("FIGHT", "occurred", [], ["Armenia", "Azerbaijan"])
    ]
    assert [e.status for e in analyse_article(_article("No talks were held by Russia and Ukraine.")).events] == [
        "negated"
    ]
    assert coded("There were no clashes between Armenia and Azerbaijan on Monday.")[0][1] == "negated"
    # with no agent, the target is the party of the noun's preposition, which the passive hangs on the verb
    assert coded("Sanctions were imposed on Iran on Monday.") == [("SANCTION", "occurred", [], ["Iran"])]
    # a noun typed by its preposition as its verb is; what it calls for has not happened
    assert coded("There were calls from the United States for Israel to withdraw from Gaza.")[1][:2] == (
        "RETREAT",
        "hypothetical",
    )
    # the noun's own "from" names who calls; the one told to act is its target
    assert coded("There were calls from the United States for Israel to withdraw from Gaza.")[0] == (
        "REQUEST",
        "occurred",
        ["United States"],
        ["Israel"],
    )


def test_calling_for_a_clause_is_a_request_and_a_call_on_a_day_is_a_call():
    def coded(text: str) -> list[tuple[str, str, list[str]]]:
        return [(e.type, e.status, [a.name for a in e.targets]) for e in analyse_article(_article(text)).events]

    # a for-to infinitive after "call for": the demand, with the one told to act; what is demanded has not
    # happened (it is no cancelled withdrawal: only "call off" cancels)
    assert coded("The European Union called for Israel to withdraw from Gaza on Monday.") == [
        ("REQUEST", "occurred", ["Israel"]),
        ("RETREAT", "hypothetical", ["Palestine"]),
    ]
    # "on Monday" dates the call: it is no "call on"; "for a day of mourning" is no date
    assert coded("President Joe Biden called Xi Jinping on Monday.") == [("CONSULT", "occurred", ["Xi Jinping"])]
    assert [e[0] for e in coded("The Kenyan minister called for a day of mourning on Monday.")] == ["REQUEST"]
    assert coded("President Joe Biden called on Xi Jinping to act.")[0][0] == "REQUEST"


def test_splits_are_fixed_by_id_and_disjoint():
    for gold_set in ("plover_gsr", "article_events", "pubdate_mediacloud", "extraction_aeb"):
        parts = split_ids(gold_set)
        assert parts["tuning"] and parts["untouched"] and not parts["tuning"] & parts["untouched"]
    tuning_id = sorted(split_ids("plover_gsr")["tuning"])[0]
    # held-back records in the same format are scored as a part of their own, never mixed into the others
    parts = by_part([{"id": "not-in-any-split"}, {"id": tuning_id}], "plover_gsr")
    assert parts == {"tuning": [{"id": tuning_id}], "unseen": [{"id": "not-in-any-split"}]}


def test_the_article_gold_refers_to_articles_by_offsets_only():
    lines = (ROOT / "src" / "chronicle" / "data" / "gold" / "article_events.jsonl").read_text("utf-8").splitlines()
    gold = [json.loads(line) for line in lines]
    parts = split_ids("article_events")
    assert len(gold) >= 40 and sum(len(a["events"]) for a in gold) >= 300
    for article in gold:
        assert article["article"] in parts[article["split"]]
        for event in article["events"]:
            assert set(event) <= {"type", "status", "date", "mentions", "source", "target"}
            for mention in event["mentions"]:
                assert mention["sentence"][0] <= mention["trigger"][0] < mention["trigger"][1] <= mention["sentence"][1]


def _emitted(event_type: str, trigger: tuple[int, int], sentence: tuple[int, int], **fields) -> Emitted:
    values = {
        "article": "a",
        "type": event_type,
        "status": "occurred",
        "date": None,
        "date_basis": "publication",
        "confidence": 0.9,
        "source": None,
        "target": None,
        "triggers": (trigger,),
        "sentences": (sentence,),
        "actor_spans": (),
    } | fields
    return Emitted(**values)


def _gold(event_type: str, trigger: list[int], sentence: list[int], **fields) -> dict:
    return {
        "type": event_type,
        "status": "occurred",
        "date": None,
        "source": None,
        "target": None,
        "mentions": [{"sentence": sentence, "trigger": trigger}],
    } | fields


def test_matching_takes_each_gold_event_once_and_counts_duplicates():
    gold = [_gold("CONSULT", [10, 13], [0, 40]), _gold("ACCUSE", [60, 67], [50, 90])]
    first = _emitted("CONSULT", (10, 13), (0, 40))
    again = _emitted("CONSULT", (20, 25), (0, 40))  # the same meeting, emitted twice
    wrong_type = _emitted("AGREE", (60, 67), (50, 90))
    pairs, duplicates = match([again, first, wrong_type], gold)
    assert [(e.triggers, g["type"]) for e, g in pairs] == [(((10, 13),), "CONSULT")] and duplicates == 1
    total = score([{"article": "a", "events": gold}], {"a": [first, again, wrong_type]}, 0.0)
    assert (total.emitted, total.matched, total.gold, total.duplicates) == (3, 1, 2, 1)
    assert score([{"article": "a", "events": gold}], {"a": [first]}, 0.95).emitted == 0


def test_fully_right_needs_actors_date_and_status():
    xi = {"span": [0, 2], "name": "Xi Jinping", "country": "CHN", "sector": "GOV"}
    biden = {"span": [20, 25], "name": "Joe Biden", "country": "USA", "sector": "GOV"}
    gold = _gold("CONSULT", [10, 13], [0, 40], source=xi, target=biden, date="2023-11-15")
    ours_xi = {"name": "Xi", "actor_id": "xi-jinping", "country": "CHN", "sector": "GOV"}
    ours_biden = {"name": "President Biden", "actor_id": "joe-biden", "country": "USA", "sector": "GOV"}
    swapped = _emitted(
        "CONSULT", (10, 13), (0, 40), source=ours_biden, target=ours_xi, date="2023-11-15", date_basis="relative"
    )
    assert fully_right(swapped, gold)  # a meeting has no sides
    assert not fully_right(
        _emitted(
            "CONSULT", (10, 13), (0, 40), source=ours_biden, target=ours_xi, date="2023-11-14", date_basis="relative"
        ),
        gold,
    )
    undated = _gold("ACCUSE", [10, 13], [0, 40], source=xi)
    assert fully_right(_emitted("ACCUSE", (10, 13), (0, 40), source=ours_xi, date="2024-01-02"), undated)
    assert not fully_right(_emitted("ACCUSE", (10, 13), (0, 40), source=ours_xi, status="planned"), undated)
    state = {"span": None, "name": "China", "country": "CHN", "sector": None}
    assert actor_right({"name": "Beijing", "actor_id": "CHN", "country": "CHN", "sector": "GOV"}, state, [])
    assert not actor_right({"name": "Li Wei", "actor_id": None, "country": "CHN", "sector": None}, xi, [])
    assert actor_right({"name": "he", "actor_id": None, "country": None, "sector": None}, xi, [(0, 2)])


def test_offsets_of_the_cleaned_text_map_back_to_the_record():
    original = "Share this!\nTalks began in Geneva. Officials met again on Friday."
    cleaned = "Talks began in Geneva. Officials met again on Friday."
    to = OffsetMap(cleaned, original)
    start = cleaned.index("met")
    assert original[to(start) : to(start + 3)] == "met"
    # a line the cleaning changed aligns by its characters; a span's end stays before what was cut after it
    original = "Share this!\nThe ministers  met in Geneva.Read more\nThey agreed."
    cleaned = "The ministers met in Geneva.\nThey agreed."
    to = OffsetMap(cleaned, original)
    start, end = to.span(cleaned.index("met"), cleaned.index("."))
    assert original[start:end] == "met in Geneva"
    assert original[slice(*to.span(cleaned.index("They"), len(cleaned)))] == "They agreed."


def test_offsets_carry_over_when_every_line_lost_its_double_spaces_and_a_paragraph_went():
    # Wire copy puts two spaces after each full stop; the cleaning keeps one and here drops a paragraph.
    # Compared as they are, no line of the two is equal and the letters pair up across the gap.
    paragraphs = [
        "The council met on Monday.  The mayor spoke first.  Tseng answered questions.",
        "The firm shares a name with another firm.  The firm has two arms.  Both arms serve councils.",
        "Tseng said the council should meet again.  The mayor agreed.  The vote is on Friday.",
    ]
    for line_end, space in (("\n", " "), ("\r\n", "\xa0")):  # and a record with CRLF lines, no-break spaces
        original = (line_end * 2).join(p.replace(" ", space) for p in paragraphs)
        for dropped in range(len(paragraphs)):
            cleaned = "\n\n".join(p.replace(".  ", ". ") for n, p in enumerate(paragraphs) if n != dropped)
            to = OffsetMap(cleaned, original)
            for word in re.finditer(r"\w+", cleaned):
                assert original[slice(*to.span(*word.span()))] == word.group()


def test_confidence_is_the_calibrated_model_over_every_event_feature(nlp):
    from datetime import date

    from chronicle.analysis.entities import link_entities
    from chronicle.analysis.events import extract_events
    from chronicle.analysis.events.confidence import FEATURES, ConfidenceModel, confidence_model
    from chronicle.analysis.timex import tag_doc

    model = confidence_model()
    assert set(model.weights) == set(FEATURES) and 0 < model.default_min_confidence < 1
    plain = ConfidenceModel(0.0, {"target": 2.0}, (1.0, 0.0), 0.5)
    assert plain({"target": 0.0}) == 0.5 and plain({"target": 1.0}) == 0.881
    assert ConfidenceModel(0.0, {"target": 2.0}, (0.5, -1.0), 0.5)({"target": 1.0}) == 0.5
    doc = nlp(
        "French President Emmanuel Macron met German Chancellor Olaf Scholz in Berlin on Monday. "
        "Macron said he would visit Kyiv."
    )
    published = date(2024, 1, 10)
    seen = []
    events = extract_events(
        doc,
        link_entities(doc, published),
        tuple(tag_doc(doc, published)),
        published,
        lambda features: seen.append(features) or 0.42,
    )
    assert len(seen) == len(events) >= 2 and all(set(f) == set(FEATURES) for f in seen)
    assert {e.confidence for e in events} == {0.42}
    met = seen[0]
    assert met["main_clause"] == met["state_actor"] == 1.0
    assert met["cameo"] == met["not_occurred"] == met["first_person"] == met["governed"] == 0.0
    # content ranks just under the event that reports it: the threat, not the attack, is the sentence's event
    doc = nlp("Russia threatened to attack Ukraine on Monday.")
    threat, attack = extract_events(
        doc, link_entities(doc, published), tuple(tag_doc(doc, published)), published, lambda features: 0.42
    )
    assert (threat.type, threat.confidence, attack.type, attack.confidence) == ("THREATEN", 0.42, "ASSAULT", 0.419)


def test_the_word_filter_before_trigger_matching_drops_no_trigger(nlp, monkeypatch):
    """`_may_name_event` must name every table `find_triggers` reads: with it letting every word through,
    the triggers found are the same."""
    from chronicle.analysis.events import triggers
    from chronicle.clean import clean_article
    from chronicle.records import RawArticle
    from chronicle.sources import sample_corpus
    from chronicle.sources.readers import read_paths

    texts = [clean_article(raw).text for raw in read_paths([sample_corpus()]) if isinstance(raw, RawArticle)]
    # words only one table holds: a speech verb ("exclaimed"), the curated verbs ("bulldozed"), verbs typed by
    # their particle ("handed over", "sat in") or their object ("had talks", "tariffs were imposed"), event
    # nouns ("the meeting", "there were riots")
    texts.append(
        "Russia said Sudan must return the helicopter. The minister exclaimed that Sudan must return the "
        "helicopter. The meeting took place in Geneva. Protesters called for his resignation. Troops opened fire "
        "on the crowd. The minister blew up the deal and welcomed the envoy. Talks between the two sides resumed. "
        "Officials sought to tie aid to reforms. Soldiers bulldozed the homes. The rebels handed over the town. "
        "Protesters sat in at the ministry. The two leaders had talks in Geneva. Tariffs were imposed on China by "
        "the United States. There were riots in Paris."
    )
    docs = list(nlp.pipe(texts))

    def found() -> list[tuple[str, int, int, str]]:
        triggers._event_words.cache_clear()
        for doc in docs:
            doc.user_data.pop(triggers.CANDIDATES_KEY, None)
        return [
            (t.type, t.verb.i, t.word.i, t.basis) for doc in docs for s in doc.sents for t in triggers.find_triggers(s)
        ]

    try:
        filtered = found()
        monkeypatch.setattr(triggers, "_may_name_event", lambda lower, lemma, noun: True)
        assert found() == filtered and len(filtered) > 20  # noqa: PLR2004
    finally:
        triggers._event_words.cache_clear()  # no answer of the unfiltered run is left for other tests
