import re
from datetime import date

from chronicle.actors.registry import load_registry
from chronicle.analysis.entities import link_entities
from chronicle.analysis.pipeline import analyse_article
from chronicle.analysis.quotes import extract_quotes
from chronicle.records import CleanArticle


def _article(text, published=date(2023, 11, 16)):
    return CleanArticle(
        id="t", origin="t", title="t", text=text, url=None, source=None, published=published, published_basis="metadata"
    )


def _quotes(text, nlp):
    """The quotes the analysis finds in an article of this text (a headline-less 2016 report)."""
    return analyse_article(CleanArticle("q", "q", "", text, None, None, date(2016, 1, 1), "metadata"), nlp).quotes


def test_registry_roles_are_dated():
    rubio = load_registry().lookup("Marco Rubio")
    assert rubio.at(date(2023, 1, 1)).sector == "LEG"
    assert rubio.at(date(2025, 6, 1)).sector == "GOV"
    assert load_registry().lookup("Zelenskiy").id == load_registry().lookup("Volodymyr Zelenskyy").id


def test_mentions_of_one_person_are_linked(nlp):
    doc = nlp(
        "Secretary of State Antony Blinken arrived in Beijing on Monday. Blinken met officials. "
        "The secretary of state later flew to Tokyo."
    )
    (blinken,) = [e for e in link_entities(doc, date(2023, 6, 19)) if e.key == "antony-blinken"]
    assert len(blinken.mentions) == 3
    assert (blinken.actor.country, blinken.actor.sector) == ("USA", "GOV")


def test_unknown_person_described_in_the_text(nlp):
    doc = nlp("Chinese businessman Li Wei said the deal was done.")
    (person,) = [e for e in link_entities(doc, None) if e.type == "PERSON"]
    assert (person.actor.country, person.actor.sector) == ("CHN", "BUS")


def test_quotes_split_by_attribution_and_speaker_after(nlp):
    text = (
        "Foreign Minister Wang Yi met Antony Blinken on Monday.\n\n"
        "“The relationship is at a low point,” said Blinken, “and it must be stabilised.”\n\n"
        "“We had a candid and constructive conversation,” Wang said."
    )
    doc = nlp(text)
    quotes = extract_quotes(doc, link_entities(doc, date(2023, 11, 16)))
    assert [(q.text, q.speaker_key) for q in quotes] == [
        ("The relationship is at a low point, and it must be stabilised.", "antony-blinken"),
        ("We had a candid and constructive conversation,", "wang-yi"),
    ]


def test_quote_spanning_paragraphs(nlp):
    text = (
        "Joe Biden spoke at length.\n\n“We want dialogue. We do not want confrontation.\n\n"
        "“Both sides gain from trade,” Biden said."
    )
    doc = nlp(text)
    (quote,) = extract_quotes(doc, link_entities(doc, None))
    assert quote.text == "We want dialogue. We do not want confrontation. Both sides gain from trade,"
    assert quote.speaker_key == "joe-biden"


def test_events_types_status_actors_and_dates():
    analysed = analyse_article(
        _article(
            "President Joe Biden and Chinese President Xi Jinping met on Wednesday in Woodside, California.\n\n"
            "Officials said on Thursday that Jake Sullivan met Wang Yi in Malta last September.\n\n"
            "Biden will visit Beijing next month. Xi did not meet Blinken."
        )
    )
    events = [
        (e.type, e.status, tuple(a.key for a in e.sources), tuple(a.key for a in e.targets), e.date, e.date_basis)
        for e in analysed.events
    ]
    assert ("CONSULT", "occurred", ("joe-biden",), ("xi-jinping",), "2023-11-15", "relative") in events
    assert ("CONSULT", "occurred", ("jake-sullivan",), ("wang-yi",), "2023-09", "relative") in events
    assert ("CONSULT", "planned", ("joe-biden",), ("CHN",), "2023-12", "relative") in events
    assert ("CONSULT", "negated", ("xi-jinping",), ("antony-blinken",), "2023-11-16", "publication") in events
    woodside = next(e for e in analysed.events if e.date == "2023-11-15")
    assert woodside.place.name == "Woodside" and woodside.place.lat is None  # Woodside, Queens is another town
    assert woodside.sentence.startswith("President Joe Biden")
    assert analysed.article.text[woodside.start : woodside.end] == woodside.sentence


def test_a_qualified_place_name_is_not_resolved_to_another_town():
    from chronicle.analysis.places import resolve_place

    woodside = resolve_place("Woodside", "California")
    assert woodside.country == "USA" and woodside.lat is None  # not Woodside, Queens
    assert resolve_place("Paris", "France").country == "FRA"
    assert resolve_place("Paris", "Texas").lat < 34


def test_a_us_state_is_the_state_unless_a_major_city_bears_its_name():
    from chronicle.analysis.places import resolve_place

    assert resolve_place("Florida").country == "USA" and resolve_place("Florida").lat is None  # not Florida, Cuba
    assert resolve_place("New York").lat is not None  # the city
    assert resolve_place("PA").country == "USA" and resolve_place("PA").lat is None  # not Pa, Burkina Faso
    assert resolve_place("Georgia").country == "GEO"  # a country is a country first


def test_a_countrys_centre_of_population_lies_in_it_also_across_the_antimeridian():
    from chronicle.analysis.places import country_centres

    centres = country_centres()
    lat, lon = centres["USA"]
    assert 35 < lat < 42 and -100 < lon < -85  # the Census Bureau's mean centre of population is in Missouri
    assert abs(centres["FJI"][1]) > 170  # Fiji's cities straddle 180°: their plain mean would be near 0°


def test_the_two_leaders_are_the_pair_just_named():
    analysed = analyse_article(
        _article(
            "President Joe Biden met Xi Jinping on Wednesday at an estate in Woodside, California, "
            "and the two leaders agreed to reopen a military hotline.\n\nBoth sides also signed a deal on drugs."
        )
    )
    # PLOVER files signing a formal agreement as SUPPORT (CAMEO 057), agreeing to act as AGREE
    agreements = [e for e in analysed.events if e.type in ("AGREE", "SUPPORT")]
    assert [e.type for e in agreements] == ["AGREE", "SUPPORT"]
    for event in agreements:
        assert {a.key for a in (*event.sources, *event.targets)} == {"joe-biden", "xi-jinping"}
    meeting = next(e for e in analysed.events if e.type == "CONSULT")
    assert meeting.place.name == "Woodside" and meeting.place.lat is None


def test_the_verb_a_word_hangs_from_ends_at_a_verbless_root(nlp):
    from chronicle.analysis.events.clauses import first_verb

    doc = nlp("Record fines in 2019.")
    assert first_verb(doc[3]).i == next(t.i for t in doc if t.dep_ == "ROOT")


def test_plover_coding_of_light_nouns_reported_pronouns_and_demands():
    from chronicle.analysis.events import plover_category

    (mediation,) = analyse_article(
        _article("Qatar launched a mediation effort on Saturday between Egypt and Saudi Arabia.")
    ).events
    assert mediation.type == "CONSULT"
    withdrawal = analyse_article(_article("Syria says it is willing to withdraw its troops from Lebanon.")).events[0]
    assert withdrawal.sources[0].country == "SYR"
    assert plover_category(withdrawal.type, withdrawal.status) in ("RETREAT", "AGREE")
    (demand,) = analyse_article(_article("The PRC on Tuesday demanded that the US cancel the sale.")).events
    assert (demand.type, demand.sources[0].country, demand.targets[0].country) == ("REQUEST", "CHN", "USA")
    assert plover_category("CONSULT", "planned") == "AGREE" and plover_category("SANCTION", "planned") == "THREATEN"
    assert plover_category("AGREE", "negated") == "REJECT" and plover_category("CONSULT", "occurred") == "CONSULT"


def test_an_earlier_meeting_mentioned_in_passing_keeps_its_own_date_and_place():
    events = analyse_article(
        _article(
            "President Joe Biden spoke with Chinese President Xi Jinping by phone on Tuesday, the White House said, "
            "in the first conversation between the two leaders since they met in Woodside, California, in November.",
            published=date(2024, 4, 2),
        )
    ).events
    call, earlier = events
    assert (call.date, call.place) == ("2024-04-02", None)  # Woodside is the earlier meeting's place
    assert (earlier.date, earlier.date_basis, earlier.place.name) == (None, "background", "Woodside")
    assert {a.key for a in (*earlier.sources, *earlier.targets)} == {"joe-biden", "xi-jinping"}
    (bali,) = [
        e
        for e in analyse_article(
            _article(
                "Biden and Xi met on Wednesday at the Filoli estate, their first talks since they met in Bali, "
                "Indonesia, in November 2022."
            )
        ).events
        if e.place
    ]
    assert (bali.date, bali.place.country) == ("2022-11", "IDN")


def test_pronouns_names_and_clauses_resolve_to_the_right_people():
    events = analyse_article(
        _article(
            "Ukrainian President Volodymyr Zelenskyy signed a security agreement with French President Emmanuel Macron "
            "in Paris on Friday. Earlier on Friday, Zelenskyy and German Chancellor Olaf Scholz signed a similar "
            "agreement in Berlin. He is due to attend the Munich Security Conference on Saturday.",
            published=date(2024, 2, 16),
        )
    ).events
    berlin, munich = events[1], events[2]
    # a repeated name the tagger missed, and two people the parser joined wrongly, are both signatories, who
    # signed with each other
    assert ([a.key for a in berlin.sources], [a.key for a in berlin.targets]) == (
        ["volodymyr-zelensky"],
        ["olaf-scholz"],
    )
    assert munich.sources[0].key == "volodymyr-zelensky" and munich.status == "planned"  # "He": the first subject
    (visit,) = analyse_article(
        _article("Antony Blinken, who met Wang Yi in Bali in July, said on Monday that he would visit China.")
    ).events[1:]
    assert (visit.status, visit.sources[0].key, visit.targets[0].country) == ("planned", "antony-blinken", "CHN")


def test_words_that_only_look_like_events_or_demonyms():
    # "called" with an object predicate names talks; it reports no call
    assert not [
        e
        for e in analyse_article(
            _article("The two officials held what the White House called candid talks in Valletta.")
        ).events
        if e.type == "CONSULT" and e.sources and e.sources[0].name == "White House"
    ]
    assert analyse_article(_article("The Coast Guard suspended its search on Tuesday night.")).events == ()
    (sanction,) = analyse_article(_article("The United States suspended military aid to Bosnia on Friday.")).events
    assert sanction.type == "SANCTION"
    assert load_registry().country_of_word("Francis") is None and load_registry().country_of_word("Yemenis") == "YEM"
    # party members, not the Congos: no demonym comes from a word of a state's form of government
    assert (
        load_registry().country_of_word("Republicans") is None and load_registry().country_of_word("Democrats") is None
    )
    assert load_registry().country_of_word("Congolese") == "COD"
    assert analyse_article(_article("The crew had warned authorities moments before the crash.")).events == ()


def _main(text):
    from chronicle.evaluation.events import main_event

    return main_event(analyse_article(_article(text)).events)


def test_the_event_a_sentence_reports_outranks_its_content():
    from chronicle.analysis.events import plover_category

    threat = _main("Eritrean rebels have threatened to deliver heavy blows to Ethiopia.")
    assert (threat.type, threat.targets[0].country) == ("THREATEN", "ETH")  # aimed where the blows are
    protest = _main("Farmers across Kenya staged protests on Monday to demand lower fuel prices from the government.")
    assert protest.type == "PROTEST"  # "staged", which the lemmatiser reads as "stag"
    marchers = _main("Hundreds of Tunisian teachers marched through Tunis on Friday.")
    assert (marchers.type, marchers.sources[0].country) == ("PROTEST", "TUN")  # the group counted
    refusal = _main("Serbia refused on Tuesday to withdraw its troops from the border.")
    assert plover_category(refusal.type, refusal.status) == "REJECT"
    failure = _main("Chile and Peru failed to reach an agreement on fishing rights on Sunday.")
    assert plover_category(failure.type, failure.status) == "REJECT"


def test_saying_that_another_must_act_is_a_demand():
    events = analyse_article(_article("Germany said on Monday that Iran must release the detained journalists.")).events
    demand = max(events, key=lambda e: e.confidence)
    assert (demand.type, demand.sources[0].country, demand.targets[0].country) == ("REQUEST", "DEU", "IRN")
    assert all(e.status != "occurred" for e in events if e is not demand)  # the release has not happened
    (pledge,) = analyse_article(_article("Kenya said it must cooperate with Uganda on the border.")).events
    assert pledge.type != "REQUEST"  # what a speaker says it must do itself is no demand


def test_people_the_registry_shares_or_does_not_know():
    from chronicle.actors.registry import load_registry

    # a surname two presidents share: the title and the day decide, else the country they share
    bush = _main("President Bush imposed sanctions on Burma on Monday.").sources[0]
    assert (bush.actor_id, bush.country) == (None, "USA")
    assert load_registry().person_in_context("Bush", date(2003, 5, 1), set()).id == "george-w-bush"
    assert load_registry().person_in_context("Clinton", None, {"president"}).id == "bill-clinton"
    # an official the registry lacks serves the country the article names
    minister = _main("Finance Minister Tendai Moyo froze the accounts of Zimbabwean mining firms.").sources[0]
    assert (minister.country, minister.sector) == ("ZWE", "GOV")
    envoy = _main("Arab League envoy Samir Haddad urged Lebanon to hold elections.").sources[0]
    assert envoy.country == "IGO"
    assert (
        load_registry().country_of_word("Vietnamese-led") == "VNM"
        and load_registry().country_of_word("Iranian-backed") is None
    )


def test_recipients_behind_objects_and_places():
    from chronicle.analysis.events import plover_category

    rejection = _main("Serbia flatly rejected an Australian ultimatum on Thursday.")
    assert (plover_category(rejection.type, rejection.status), rejection.targets[0].country) == ("REJECT", "AUS")
    curfew = _main("Iraqi police imposed a curfew in Basra on Sunday.")
    assert (curfew.type, curfew.targets[0].country) == ("COERCE", "IRQ")  # done to the place
    meeting = _main("Sullivan met Wang Yi in Malta on Saturday.")
    assert all(t.country != "MLT" for t in meeting.targets)  # a meeting's place is only its venue


def test_roles_belong_to_the_country_of_the_article_and_means_are_not_targets():
    (clash,) = [
        e
        for e in analyse_article(
            _article("Fighting spread across Mozambique on Monday. Rebels attacked the police in Beira.")
        ).events
        if e.type == "ASSAULT"
    ]
    assert clash.sources[0].country == "MOZ" and clash.targets[0].country == "MOZ"
    withdrawal = _main("Syria says it will withdraw its troops from Lebanon.")
    assert withdrawal.targets[0].country == "LBN"  # the troops are Syria's own
    assert analyse_article(_article("The crew had warned authorities in Kenya.")).events == ()
    # an organisation the registry does not know is of the country the article is about
    offer = _main("President Joaquim Chissano said Mozambique would lift the ban on Ulundi Media Holdings.")
    assert offer.targets and offer.targets[0].country == "MOZ"
    # firing to disperse a crowd is aimed at the crowd
    fire = _main("Kenyan police opened fire to disperse student demonstrators on Monday.")
    assert (fire.type, fire.targets[0].name) == ("FIGHT", "student demonstrators")


def test_minorities_stances_event_nouns_and_long_names():
    protest = _main("Hundreds of ethnic Hungarians demonstrated in Slovakia on Sunday.")
    assert (protest.sources[0].country, protest.sources[0].sector) == ("SVK", "CVL")  # not Hungary's government
    pledge = _main("The foreign minister said Chile is committed to cooperating with Peru.")
    assert pledge.sources[0].country == "CHL"  # a stance, not something done to Chile
    riots = _main("Kenyan riots against the new tax law are still continuing.")
    assert (riots.type, riots.sources[0].country) == ("PROTEST", "KEN")
    ruling = _main("The Ivory Coast's Supreme Court allowed opposition candidates to run.")
    assert ruling.sources[0].country == "CIV"


def test_event_nouns_take_targets_with_on_and_into():
    probe = _main("Serbian police launched an investigation into crimes committed by Croat forces.")
    assert (probe.type, probe.targets[0].country) == ("INVESTIGATE", "HRV")  # whose crimes
    raid = _main("Burundian militiamen attacked a camp for Congolese refugees on Sunday.")
    assert raid.targets[0].country == "COD"
    # a verb keeps "on" for dates and topics: the summit is no party to the meeting
    meeting = _main("Biden met Xi on the sidelines of the APEC summit on Wednesday.")
    assert meeting.targets and all("APEC" not in t.name for t in meeting.targets)


def test_site_visits_pairs_and_the_weekend_a_report_gives():
    assert (
        analyse_article(
            _article("Pete Buttigieg visited the site of the Francis Scott Key Bridge on Wednesday.")
        ).events
        == ()
    )
    events = analyse_article(
        _article("Biden said he and Xi had agreed that either leader could call the other directly.")
    ).events
    (call,) = [e for e in events if e.type == "CONSULT"]
    assert {call.sources[0].key, call.targets[0].key} == {"joe-biden", "xi-jinping"} and call.status == "hypothetical"
    events = analyse_article(
        _article(
            "Jake Sullivan and Wang Yi met in Valletta over the weekend. Wang also met Robert Abela during the visit.",
            published=date(2023, 9, 18),
        )
    ).events
    assert events[1].date == events[0].date == "2023-W37-WE" and events[1].date_basis == "context"


def test_a_capital_named_by_its_country_is_a_place():
    summit = _main("Olaf Scholz met Emmanuel Macron in the French capital on Monday.")
    assert (summit.place.name, summit.place.country) == ("Paris", "FRA") and summit.place.lat is not None
    rally = _main("Kenyan teachers marched in the capital on Friday.")
    assert rally.place.name == "Nairobi"  # the capital of the country the article is about


def test_an_event_the_parse_gives_no_target_takes_the_first_party_named_after_its_trigger():
    threat = _main("Moscow threatened to walk out of the arms talks if Washington deploys new missiles in Europe.")
    assert (threat.type, threat.targets[0].country) == ("THREATEN", "USA")
    offer = _main("On Monday the Turkish prime minister offered to negotiate with the president of Armenia.")
    assert [t.country for t in offer.targets] == ["ARM"]
    # where the signing took place is its venue, not a party to it
    signing = _main("The Polish president signed a trade pact in Berlin on Friday.")
    assert signing.targets == () and signing.place.name == "Berlin"
    # a group its own words place is of that country, not of the place named after it
    ban = _main("The United States will prohibit all arms sales to Serbian rebels in Bosnia.")
    assert [t.country for t in ban.targets] == ["SRB"]
    # the actor's own people may be the counterpart
    reneged = _main("President Ruto reneged on his pledge to the Kenyan people.")
    assert [t.name for t in reneged.targets] == ["Kenyan people"]
    # an action done for the purpose of another takes that one's party
    events = analyse_article(
        _article("The European Union sent a team of experts to Kosovo on Monday to investigate the killings.")
    ).events
    inquiry = next(e for e in events if e.type == "INVESTIGATE")
    assert [t.country for t in inquiry.targets] == ["XKX"]


def test_counterparts_and_the_staff_of_a_named_person():
    (meeting,) = analyse_article(_article("Antony Blinken met his Chinese counterpart in Bali on Friday.")).events
    assert [t.actor_id for t in meeting.targets] == ["wang-yi"]  # a secretary of state's equal: the foreign minister
    (call,) = analyse_article(_article("Joe Biden spoke with his French counterpart on Friday.")).events
    assert [t.actor_id for t in call.targets] == ["emmanuel-macron"]
    criticism = _main("Xi's spokesman criticized Washington on Monday.")
    assert [(a.name, a.actor_id, a.country, a.sector) for a in criticism.sources] == [
        ("Xi's spokesman", None, "CHN", "GOV")
    ]  # his staff, not Xi himself
    talks = _main("President Biden's national security adviser met Wang Yi in Malta.")
    assert talks.sources[0].actor_id is None and talks.sources[0].country == "USA"


def test_bound_parties_signing_together_and_the_place_of_a_pledge():
    events = analyse_article(
        _article(
            "Emmanuel Macron and Volodymyr Zelenskiy signed a security agreement in Paris on Friday, committing "
            "France to long-term military and financial support for Ukraine."
        )
    ).events
    signing, commitment = sorted(events, key=lambda e: e.type, reverse=True)
    # joined subjects sign with each other; the place the agreement was made at is its venue, not a party
    assert (signing.type, [a.actor_id for a in signing.sources], [a.actor_id for a in signing.targets]) == (
        "SUPPORT",
        ["emmanuel-macron"],
        ["volodymyr-zelensky"],
    )
    assert signing.place is not None and signing.place.name == "Paris"
    # the object a commitment binds is its actor; the party of its 'to' phrase, the recipient
    assert (commitment.type, [a.country for a in commitment.sources], [a.country for a in commitment.targets]) == (
        "AGREE",
        ["FRA"],
        ["UKR"],
    )
    pledge = _main("Under the agreement, France pledged up to 3 billion euros in additional military aid to Ukraine.")
    assert [a.country for a in pledge.targets] == ["UKR"] and pledge.place is None  # aid to Ukraine is no venue


def test_claims_by_the_actor_itself_and_where_each_part_of_an_event_is_named():
    text = "China said it had shipped humanitarian aid to Gaza."
    (shipment,) = analyse_article(_article(text)).events
    assert (shipment.type, shipment.status) == ("AID", "claimed")  # only the actor itself says it happened
    assert text[slice(*shipment.trigger_span)] == "aid"
    assert [(span.role, text[span.start : span.end]) for span in shipment.actor_spans] == [
        ("source", "China"),
        ("target", "Gaza"),
    ]
    text = "Jake Sullivan met Wang Yi in Malta on Saturday, the White House said."
    (meeting,) = analyse_article(_article(text)).events
    assert meeting.status == "occurred"  # an office reporting its official's meeting is no claim of the meeting
    assert [text[span.start : span.end] for span in meeting.actor_spans] == ["Jake Sullivan", "Wang Yi"]


def test_contexts_say_what_an_event_is_about():
    assert _main("Joe Biden met Xi Jinping in Woodside on Wednesday.").contexts == ("diplomatic",)
    assert _main("Ethiopian troops clashed with Eritrean soldiers along the disputed border.").contexts == (
        "military",
        "territory",
    )
    assert _main("The European Union imposed tariffs on Chinese steel.").contexts == ("economic",)
    # no cue: the type's usual context in the CAMEO-to-PLOVER table, or none
    assert _main("Xi criticized Washington.").contexts == ()
    # the words of a phrase are no cues alone: artificial intelligence is no spying
    from chronicle.analysis.contexts import contexts_of, sentence_cues

    cues = sentence_cues(
        ["they", "discussed", "artificial", "intelligence"], ["they", "discuss", "artificial", "intelligence"]
    )
    assert contexts_of(cues, "CONSULT") == ("technology",)


def test_spellings_and_transliterations_of_one_name_are_one_entity():
    from chronicle.actors.registry import name_skeleton, romanised_key

    assert (
        name_skeleton("Mikhail Gorbachev")
        == name_skeleton("Mikhail Gorbatchev")
        == name_skeleton("Mikhail Gorbatschev")
    )
    assert name_skeleton("Abdel Fattah el-Sisi") == name_skeleton("Abdel Fattah Sisi")
    # Arabic's vowels romanised, in the registry's looser key; short words keep theirs (Li and Lei are two names)
    assert romanised_key("Osama bin Laden") == romanised_key("Usama bin Ladin")
    assert romanised_key("Wang Li") != romanised_key("Wang Lei") and name_skeleton("Li") != name_skeleton("Lei")
    registry = load_registry()
    assert [a.id for a in registry.candidates("Usama bin Ladin", ("person",))] == ["osama-bin-laden"]
    assert registry.candidates("bin Ladin", ("person",)) == []  # a surname alone: his son's as well
    assert registry.candidates("King Albert II", ("person",)) == []  # a regnal number is no last name
    # a middle name the registry does not give, or the same initial; not another initial, not another first name
    assert [a.id for a in registry.candidates("Ali Hosseini Khamenei", ("person",))] == ["ali-khamenei"]
    assert [a.id for a in registry.candidates("George Walker Bush", ("person",))] == ["george-w-bush"]
    assert [a.id for a in registry.candidates("George Herbert Walker Bush", ("person",))] == ["george-h-w-bush"]
    assert registry.candidates("Hamza bin Laden", ("person",)) == []
    keys = {
        entity.key
        for text in (
            "Muammar Gaddafi met the envoy.",
            "Mouammar Kadhafi met the envoy.",
            "Libyan leader Muammar al-Qadhafi met the envoy.",
        )
        for entity in analyse_article(_article(text, published=date(2009, 2, 16))).entities
        if entity.type == "PERSON"
    }
    assert keys == {"muammar-gaddafi"}


def test_a_title_a_birth_name_a_nickname_kin_and_a_description_belong_to_the_person_they_name(nlp):
    def people(doc) -> dict[str, tuple[str, list[str]]]:
        found = link_entities(doc, date(2020, 10, 7))
        return {e.name: (e.type, [doc.text[s:t] for s, t in e.mentions]) for e in found if e.type == "PERSON"}

    def tagged(text: str, *names: tuple[str, str, int]):
        """The text parsed, its tagger's spans replaced by these (name, label, which occurrence of the name)."""
        doc = nlp(text)
        starts = {name: [m.start() for m in re.finditer(re.escape(name), text)] for name, _, _ in names}
        doc.ents = [
            doc.char_span(starts[name][nth], starts[name][nth] + len(name), label=label) for name, label, nth in names
        ]
        return doc

    moyo = nlp(
        "Tendai Moyo, the country's first president, died on Friday in Harare. Cde Moyo led the liberation "
        "movement for four decades. Moyo was born Tendai Farai Ncube in 1941. Moyo said in 1990 that his father "
        "was born Simba Ncube."
    )
    assert people(moyo) == {
        "Tendai Moyo": ("PERSON", ["Tendai Moyo", "Moyo", "Moyo", "Tendai Farai Ncube", "Moyo"]),
        "Simba Ncube": ("PERSON", ["Simba Ncube"]),  # the father's birth name: the subject is not a person named
    }
    # "born" with no subject is a description, not a birth name; "née" follows the name it gives another of
    born = nlp("Chancellor Anna Berg praised Kenyan-born Daniel Otieno on Monday.")
    assert {"Anna Berg", "Daniel Otieno"} <= set(people(born))
    nee = tagged("Maria Lind (née Holm) spoke in Oslo.", ("Maria Lind", "PERSON", 0), ("Holm", "PERSON", 0))
    assert people(nee) == {"Maria Lind": ("PERSON", ["Maria Lind", "Holm"])}
    described = tagged(
        "Opposition leader Ivan Petrov fell ill. Associates of Petrov alleged poison. Supporters of Ivan Petrov "
        "marched. The charity Friends of Petrov disagreed.",
        ("Ivan Petrov", "PERSON", 0),
        ("Associates of Petrov", "ORG", 0),
        ("Supporters of Ivan Petrov", "ORG", 0),
        ("Friends of Petrov", "ORG", 0),
    )
    # mid-sentence, a capitalised "Friends of" is an organisation's own name
    assert people(described) == {"Ivan Petrov": ("PERSON", ["Ivan Petrov", "Petrov", "Ivan Petrov"])}
    nicknamed = tagged(
        'Singer Marcus Aldo "Teddy" Brandt died. His son Lukas Brandt spoke. Brandt was 71. Teddy Brandt sang.',
        ("Marcus Aldo", "PERSON", 0),
        ("Brandt", "PERSON", 0),
        ("Lukas Brandt", "PERSON", 0),
        ("Brandt", "PERSON", 2),
        ("Teddy Brandt", "PERSON", 0),
    )
    assert people(nicknamed) == {
        "Teddy Brandt": ("PERSON", ['Marcus Aldo "Teddy" Brandt', "Brandt", "Teddy Brandt"]),
        "Lukas Brandt": ("PERSON", ["Lukas Brandt"]),
    }
    kin = tagged("President Karl Weber arrived with his wife Greta.", ("Karl Weber", "PERSON", 0), ("Greta", "GPE", 0))
    assert people(kin) == {"Karl Weber": ("PERSON", ["Karl Weber"]), "Greta": ("PERSON", ["Greta"])}
    # scare quotes before an organisation join nothing; an honorific that is a given name too stays in the name
    quoted = tagged('Anna Berg "Welcomed" NATO envoys.', ("Anna Berg", "PERSON", 0), ("NATO", "ORG", 0))
    assert people(quoted) == {"Anna Berg": ("PERSON", ["Anna Berg"])}
    assert set(people(tagged("Syed Farook spoke.", ("Syed Farook", "PERSON", 0)))) == {"Syed Farook"}


def test_seats_of_government_stand_for_their_government():
    condemnation = _main("Downing Street condemned Iran on Monday.")
    assert [(a.country, a.sector) for a in condemnation.sources] == [("GBR", "GOV")]
    shipment = _main("The Elysee said France would send more artillery to Ukraine.")
    assert (shipment.type, shipment.status, shipment.sources[0].country, shipment.targets[0].country) == (
        "AID",
        "planned",
        "FRA",
        "UKR",
    )


def test_a_meeting_of_three_named_in_a_list_is_one_event_with_all_three():
    (meeting,) = analyse_article(_article("Joe Biden, Xi Jinping and Narendra Modi met in Bali on Tuesday.")).events
    assert {a.actor_id for a in (*meeting.sources, *meeting.targets)} == {"joe-biden", "xi-jinping", "narendra-modi"}


def test_giving_or_delivering_is_aid_only_when_what_is_given_is():
    assert [e.type for e in analyse_article(_article("Bolton gave a different account of events.")).events] == []
    assert [e.type for e in analyse_article(_article("He was given a two-year suspended sentence.")).events] == []
    assert [e.type for e in analyse_article(_article("Biden delivered a speech in Warsaw.")).events] == []
    events = analyse_article(_article("Xi threatened to deliver blows to the United States.")).events
    assert sorted(e.type for e in events) == ["ASSAULT", "THREATEN"]  # blows delivered are no aid
    aid = _main("Japan gave emergency funds to Haiti after the earthquake.")
    assert (aid.type, aid.sources[0].country, aid.targets[0].country) == ("AID", "JPN", "HTI")


def test_a_joined_clause_shares_an_elided_target_but_not_the_other_clauses_date():
    events = analyse_article(
        _article(
            "Treasury Secretary Janet Yellen will travel to China later this week, and Secretary of State Antony "
            "Blinken plans to visit in the coming weeks, officials said.",
            published=date(2024, 4, 2),
        )
    ).events
    yellen, blinken = events
    assert (yellen.date, [t.country for t in yellen.targets]) == ("2024-W14", ["CHN"])
    assert (blinken.status, [t.country for t in blinken.targets]) == ("planned", ["CHN"])
    assert [span.role for span in blinken.actor_spans] == ["source", "target"]  # China, named once for both
    assert (blinken.date, blinken.date_basis) == ("2024-04-02", "publication")  # "the coming weeks": no date


def test_what_happened_is_never_dated_after_its_report():
    sunday = date(2020, 1, 5)
    (met,) = analyse_article(
        _article(
            "French President Emmanuel Macron met German Chancellor Angela Merkel this Thursday in Paris.",
            published=sunday,
        )
    ).events
    assert (met.status, met.date) == ("occurred", "2020-01-02")
    (planned,) = analyse_article(
        _article(
            "French President Emmanuel Macron will meet German Chancellor Angela Merkel this Thursday in Paris.",
            published=sunday,
        )
    ).events
    assert (planned.status, planned.date) == ("planned", "2020-01-09")
    (futurate,) = analyse_article(
        _article(
            "French President Emmanuel Macron is meeting German Chancellor Angela Merkel on Thursday in Paris.",
            published=sunday,
        )
    ).events
    assert (futurate.status, futurate.date) == ("planned", "2020-01-09")
    # only a weekday's name is read as last week's; another later date is no date the text gives
    (misread,) = analyse_article(
        _article(
            "French President Emmanuel Macron met German Chancellor Angela Merkel on January 7 in Paris.",
            published=sunday,
        )
    ).events
    assert (misread.status, misread.date, misread.date_basis) == ("occurred", "2020-01-05", "publication")


def test_the_narrative_date_is_the_paragraphs_own():
    text = (
        "President Joe Biden met Chinese President Xi Jinping in Woodside on Wednesday. The two leaders "
        "agreed to restore military talks.\n\nChina accused Japan of provocations in the East China Sea."
    )
    events = analyse_article(_article(text)).events
    agreed = next(e for e in events if e.type == "AGREE")
    accused = next(e for e in events if e.type == "ACCUSE")
    assert (agreed.date, agreed.date_basis) == ("2023-11-15", "context")
    assert (accused.date, accused.date_basis) == ("2023-11-16", "publication")


def test_a_date_that_modifies_a_noun_does_not_date_the_clause():
    events = analyse_article(
        _article("China accused Japan of undermining the results of the 2022 maritime talks.")
    ).events
    accused = next(e for e in events if e.type == "ACCUSE")
    assert accused.date_basis == "publication"
    (held,) = analyse_article(_article("Chinese and Japanese diplomats held Tuesday's talks in Beijing.")).events
    assert (held.date, held.date_basis) == ("2023-11-14", "relative")


def test_a_borrowed_subject_is_the_doer_of_an_infinitive_or_gerund():
    events = analyse_article(
        _article(
            "Attorney General Eric Holder was held in contempt in 2012 for refusing to turn over documents to Congress."
        )
    ).events
    refused = next(e for e in events if e.trigger == "refusing")
    assert [a.name for a in refused.sources] == ["Eric Holder"]
    (charged,) = [
        e
        for e in analyse_article(
            _article("The opposition leader was arrested and charged by the police on Monday.")
        ).events
        if e.trigger == "charged"
    ]
    assert [a.name for a in charged.targets] == ["opposition leader"]


def test_a_reporting_verb_with_content_is_no_event_of_its_own():
    events = analyse_article(
        _article("President Donald Trump claimed the documents were subject to executive privilege.")
    ).events
    assert not [e for e in events if e.trigger == "claimed"]


def test_verbs_out_of_their_event_sense():
    for text in (
        "Republican nominee John Smith received 3.28 percent of the popular vote.",
        "President Franklin Roosevelt sought to tie the number of justices to age.",
    ):
        assert not [e for e in analyse_article(_article(text)).events if e.trigger in ("received", "sought")], text
    (received,) = analyse_article(
        _article("Chinese President Xi Jinping received French President Emmanuel Macron in Beijing.")
    ).events
    assert received.type == "CONSULT"
    (called,) = analyse_article(_article("The German government called for a ceasefire in Gaza.")).events
    assert called.type == "REQUEST"
    for text in (
        "French President Emmanuel Macron received it in Paris.",
        "French President Emmanuel Macron welcomed the agreement with Germany.",
    ):
        assert not [e for e in analyse_article(_article(text)).events if e.type == "CONSULT"], text


def test_an_election_is_no_plover_event():
    assert (
        analyse_article(
            _article("On Monday, Canada held a general election to select the members of the House of Commons.")
        ).events
        == ()
    )


def test_joined_parties_of_a_reciprocal_verb_and_a_regnal_number():
    (war,) = analyse_article(
        _article("Armenia and Azerbaijan fought a war over the Nagorno-Karabakh region in 1994.")
    ).events
    assert ([a.name for a in war.sources], [a.name for a in war.targets]) == (["Armenia"], ["Azerbaijan"])
    (asked,) = analyse_article(
        _article("Boris Johnson asked Queen Elizabeth II for this prorogation in August.")
    ).events
    assert [a.name for a in asked.targets] == ["Elizabeth II"]  # the title is no part of her name


def test_a_verbal_attack_and_a_trip_at_home():
    events = analyse_article(_article("President Donald Trump attacked Joe Biden for the tweet.")).events
    assert [e.type for e in events if e.trigger == "attacked"] == ["ACCUSE"]
    events = analyse_article(_article("Russian troops attacked Ukrainian positions near Bakhmut.")).events
    assert [e.type for e in events if e.trigger == "attacked"] == ["ASSAULT"]
    assert not [
        e
        for e in analyse_article(_article("French President Emmanuel Macron traveled to Paris on Friday.")).events
        if e.type == "CONSULT"
    ]
    assert [e.type for e in analyse_article(_article("President Joe Biden traveled to Ukraine on Monday.")).events] == [
        "CONSULT"
    ]
    # carried somewhere is no visit; visited is
    assert analyse_article(_article("President Joe Biden was flown to a hospital in Kyiv on Monday.")).events == ()
    (visit,) = analyse_article(_article("President Volodymyr Zelensky was visited by Joe Biden on Monday.")).events
    assert (visit.type, [a.name for a in visit.sources]) == ("CONSULT", ["Joe Biden"])


def test_a_role_description_means_the_last_sentences_subject_among_its_holders():
    events = analyse_article(
        _article(
            "Donald Trump met Emmanuel Macron in Paris on Monday. The president also "
            "criticized Germany over its defence spending.",
            published=date(2019, 9, 11),
        )
    ).events
    criticized = next(e for e in events if e.trigger == "criticized")
    assert [a.name for a in criticized.sources] == ["Donald Trump"]


def test_a_surname_alone_is_the_person_the_article_named_in_full_not_a_registry_namesake(nlp):
    from chronicle.analysis.entities import link_entities

    text = "Former governor Gary Johnson ran for president in 2016. Johnson said he would not run again."
    (johnson,) = [e for e in link_entities(nlp(text), date(2019, 10, 6)) if e.type == "PERSON"]
    assert johnson.name == "Gary Johnson" and johnson.key != "boris-johnson" and len(johnson.mentions) == 2


def test_a_name_of_one_word_given_before_the_full_name_is_that_person(nlp):
    from chronicle.analysis.entities import link_entities

    text = (
        "Axelrod calls on Dean to apologise\n\nDavid Axelrod on Wednesday called on Howard Dean, a former "
        "governor, to apologise. Axelrod said the remark was wrong."
    )
    people = {e.name: len(e.mentions) for e in link_entities(nlp(text), date(2016, 9, 28)) if e.type == "PERSON"}
    assert people == {"David Axelrod": 3, "Howard Dean": 2}


def test_words_glued_to_a_name_where_capitals_say_nothing_are_not_part_of_it(nlp):
    from chronicle.analysis.entities import link_entities

    text = (
        "Ted Cruz Refuses To Back Down In Iowa\n\nSenator Ted Cruz spoke in Des Moines on Monday. "
        "Endorsed Trump, said one sign at the rally, though few there backed Donald Trump. "
        "Billy Bush, a television host, asked Cruz about it."
    )
    people = {e.name: e for e in link_entities(nlp(text), date(2016, 1, 25)) if e.type == "PERSON"}
    assert set(people) >= {"Ted Cruz", "Donald Trump", "Billy Bush"}  # a given name stays a name
    assert not [name for name in people if name.endswith(("Refuses", "Endorsed Trump"))]
    headline = people["Ted Cruz"].mentions[0]
    assert text[headline[0] : headline[1]] == "Ted Cruz"  # the mention narrowed to the name
    assert any(text[a:b] == "Trump" for a, b in people["Donald Trump"].mentions)
    # a given name the census lists miss, a noun in the dictionary, is no glued word; nor is a relative another
    text = "Mitt Romney spoke in Des Moines on Monday. His wife, Ann Romney, told the crowd they would win."
    people = {e.name for e in link_entities(nlp(text), date(2012, 1, 2)) if e.type == "PERSON"}
    assert people == {"Mitt Romney", "Ann Romney"}


def test_quote_speakers_come_from_the_verb_the_quote_hangs_from_or_the_source_that_signs_it(nlp):
    cases = {
        'Rubio suggested that he would win, while Cruz said that the "stakes in this election are too high" '
        "for him.": "Cruz",
        '"You think I\'m going to change for anyone?" Trump asked reporters. "I\'m not changing."': "Trump",
        '"We will keep the harbour open all winter long," a government spokeswoman for Prime Minister Ana Lopes '
        "said.": "a government spokeswoman",
        'In a statement, her adviser, Jake Sullivan, said:\n"She values a strong voice in the union."': "Jake Sullivan",
        "“I just hope that this campaign gives us a voice.” ― Jorge Falcon": "Jorge Falcon",
        "''People remembered this piece for a long time,'' Mr. Singer said.": "Singer",
        'Cruz won an endorsement from Mike Lee, who declared in the spin room, "I am proud to stand with '
        'him."': "Mike Lee",
    }
    for text, speaker in cases.items():
        (quote, *rest) = _quotes(text, nlp)
        assert quote.speaker and speaker in quote.speaker, (text, quote.speaker)


def test_a_person_name_the_tagger_cut_in_two_or_took_for_an_organisation_is_one_person(nlp):
    from spacy.tokens import Span

    from chronicle.actors.registry import load_registry
    from chronicle.analysis.entities import joined_people, link_entities, person_shaped

    doc = nlp("Robert Gabriel Mugabe met Elijah Cummings at Virginia Tech and Austin Community College.")
    doc.ents = [
        Span(doc, 0, 2, "PERSON"),
        Span(doc, 2, 3, "PERSON"),
        Span(doc, 4, 6, "ORG"),
        Span(doc, 7, 9, "ORG"),
        Span(doc, 10, 13, "ORG"),
    ]
    assert [s.text for s in joined_people(doc.ents)][:2] == ["Robert Gabriel Mugabe", "Elijah Cummings"]
    assert [person_shaped(s, load_registry()) for s in doc.ents[2:]] == [True, False, False]
    people = [(e.key, e.name) for e in link_entities(doc, date(2019, 10, 17)) if e.type == "PERSON"]
    # the registry's Robert Mugabe by his first and last name
    assert people == [("robert-mugabe", "Robert Mugabe"), ("person:elyahcumings", "Elijah Cummings")]


def test_a_quotation_resumed_after_its_attribution_sentence_is_one_quote_with_that_speaker(nlp):
    text = (
        "Teachers met on Monday.\n\n“I find that in conversation with other teachers, [Clinton] can be very "
        "polarizing,” Ms. Kilfoyle said. “But then I ask them who else they would vote for.”\n\n"
        "“We will win this state,” Sanders said. “We will win it big,” Clinton replied."
    )
    quotes = _quotes(text, nlp)
    assert [(q.text.split()[:2], q.speaker) for q in quotes] == [
        (["I", "find"], "Kilfoyle"),
        (["We", "will"], "Sanders"),
        (["We", "will"], "Clinton"),
    ]
    assert "But then I ask" in quotes[0].text


def test_a_quote_after_a_colon_or_alone_after_a_named_subject_is_that_persons(nlp):
    cases = {
        'Police Chief Stephen Loomis asked the governor to act. Governor John Kasich refused: "Ohio governors do '
        'not have the power to suspend the constitution."': "John Kasich",
        'Senator Ann Carter praised the plan on Friday. "We need someone who will bring people '
        'together."': "Ann Carter",
    }
    for text, speaker in cases.items():
        (quote,) = _quotes(text, nlp)
        assert quote.speaker == speaker, (text, quote.speaker)


def test_a_quote_followed_by_a_name_an_apposition_and_a_speech_verb_is_that_names(nlp):
    text = (
        "The nominee attacked the press with harsh words.\n\n“We were tremendously wrong to not have confronted "
        "him from the beginning,” Ramos, 58, told AFP in an interview on Monday."
    )
    assert [q.speaker for q in _quotes(text, nlp)] == ["Ramos"]


def test_words_quoted_in_a_content_clause_are_the_subjects_of_the_verb_it_completes(nlp):
    text = (
        "“Markets punish waste sooner or later,” said the economist Tom Reilly. Budget hawks have argued this for "
        "years. During the downturn, Senator Ann Carter worried that the relief programme was becoming “a "
        "cushion that keeps healthy adults out of work for good.” Jobless claims fell later."
    )
    assert [q.speaker for q in _quotes(text, nlp)] == ["Tom Reilly", "Ann Carter"]


def test_capitals_and_a_dash_opening_a_paragraph_are_a_dateline_only_when_they_name_a_city(nlp):
    text = (
        "Allies meet in Brussels.\n\nNATO - the alliance accused Russia of breaking the treaty on Monday.\n\n"
        "CNN - the network said it would appeal.\n\nBOSTON - The mayor opened the bridge."
    )
    sentences = [s.text.strip() for s in nlp(text).sents if s.text.strip()]
    assert "NATO - the alliance accused Russia of breaking the treaty on Monday." in sentences
    assert "CNN - the network said it would appeal." in sentences  # "CNN" is some town's alternate name
    assert "BOSTON -" in sentences and "The mayor opened the bridge." in sentences


def test_a_dateline_is_never_a_speaker(nlp):
    cases = {
        "Mayor opens new bridge.\n\nBOSTON -- Mayor Ellen Park, opening the bridge on Saturday, said it would "
        "carry ''more than trade, more than traffic, a whole city's hopes.''": "Ellen Park",
        "Minister resigns.\n\nLISBON (Reuters) - Minister Rui Costa said the plan was “reckless, costly and "
        "late” before the vote.": "Rui Costa",
    }
    for text, speaker in cases.items():
        assert [q.speaker for q in _quotes(text, nlp)] == [speaker], text


def test_a_dateline_is_never_an_events_actor_but_its_apposition_is():
    cases = {
        "Talks.\n\nLONDON (Reuters) - Prime Minister Theresa May met German Chancellor Angela Merkel on Monday.": (
            "Theresa May"
        ),
        "Budget.\n\nWASHINGTON -- President Obama, speaking at the White House on Saturday, accused Russia of "
        "meddling in the election.": "Barack Obama",
    }
    for text, source in cases.items():
        (event,) = [e for e in analyse_article(_article(text)).events if e.type in ("CONSULT", "ACCUSE")]
        assert [a.name for a in event.sources] == [source], text


def test_an_acronym_is_an_actor_and_only_a_dateline_place_in_capitals_is_not():
    cases = {
        "NATO condemned Russia on Monday.": "NATO",
        "The FBI arrested two men in Boston on Monday.": "FBI",
        "Budget.\n\nWASHINGTON -- The CIA accused Russia of meddling on Monday.": "CIA",
    }
    for text, source in cases.items():
        (event,) = analyse_article(_article(text)).events
        assert [a.name for a in event.sources] == [source], text
    # past the first line, a dateline that credits an agency is a dateline, not an actor
    for event in analyse_article(_article("Vote.\n\nUNITED NATIONS (AP) — Russia vetoed the resolution.")).events:
        assert "United Nations" not in [a.name for a in event.sources]


def test_a_nouns_named_apposition_is_who_it_is():
    (stabbing,) = analyse_article(
        _article("Indonesia's security minister Wiranto was stabbed in Banten on Thursday.")
    ).events
    assert [a.name for a in stabbing.targets] == ["Wiranto"]


def test_a_surname_alone_is_the_one_person_of_the_article_who_bears_it():
    from chronicle.analysis.mentions import MentionIndex
    from chronicle.records import Entity

    def person(name: str, at: int) -> Entity:
        return Entity(key=name.lower(), name=name, type="PERSON", mentions=[(at, at + len(name))])

    mentions = MentionIndex((person("Bill Skelly", 0), person("Bill Clinton", 20), person("Hillary Clinton", 40)))
    assert mentions.person_called("Skelly").name == "Bill Skelly"
    assert mentions.person_called("Clinton") is None  # two people bear it
    assert mentions.person_called("Kelly") is None and mentions.person_called("") is None


def test_a_quote_signed_by_a_dash_and_a_no_break_space_is_the_signers(nlp):
    text = (
        "Readers wrote in about the debate.\n"
        "“The questions were fair and the answers were not.” ―\u00a0Maria Ortega\n"
        "“Nobody on that stage spoke to my town.” ―\u00a0Tom Reilly"
    )
    assert [q.speaker for q in _quotes(text, nlp)] == ["Maria Ortega", "Tom Reilly"]


def test_a_report_of_speech_that_is_itself_reported_is_still_its_speakers(nlp):
    cases = {
        "“We will reopen the plant in the spring,” Mayor Ellen Park said, according to the Daily Ledger.": "Ellen Park",
        "The Daily Ledger reported that Mayor Ellen Park said the plant “will reopen in the spring with new "
        "jobs.”": "Ellen Park",
        "“We will reopen the plant in the spring,” according to the Daily Ledger.": "Ledger",
        "Mayor Ellen Park said the plant “will reopen in the spring with new jobs.”": "Ellen Park",
    }
    for text, speaker in cases.items():
        (quote,) = _quotes(text, nlp)
        assert quote.speaker and speaker in quote.speaker, (text, quote.speaker)


def test_a_reporting_clause_that_puts_its_verb_before_its_subject_names_that_subject(nlp):
    text = (
        "The town hall was shut on Monday.\n\n“The bridge stays closed until the spring thaw,” read the notice "
        "on its door."
    )
    (quote,) = _quotes(text, nlp)
    assert quote.speaker == "the notice"


def test_an_unnamed_source_is_described_by_its_own_noun_phrase_without_the_clause_that_hangs_from_it(nlp):
    text = "“We expect the vote to pass easily,” said a senior aide who asked not to be named."
    (quote,) = _quotes(text, nlp)
    assert quote.speaker == "a senior aide"


def test_words_quoted_in_a_sentence_are_its_subjects_when_the_subject_is_a_description_of_a_named_person(nlp):
    text = (
        "Secretary of State Antony Blinken arrived in Beijing on Monday. The secretary of state called the talks "
        "“candid, useful and long overdue for both sides.”"
    )
    article = CleanArticle("q", "q", "", text, None, None, date(2023, 6, 19), "metadata")
    (quote,) = analyse_article(article, nlp).quotes
    assert quote.speaker_key == "antony-blinken"


def test_words_quoted_in_a_clause_without_a_subject_are_the_subjects_of_the_clause_it_hangs_from(nlp):
    text = "Senator Ann Carter toured Dayton on Friday, calling the plan “a gift to the insurance companies.”"
    (quote,) = _quotes(text, nlp)
    assert quote.speaker == "Ann Carter"


def test_a_pronoun_agrees_in_gender_and_an_object_pronoun_never_means_its_own_clauses_subject(nlp):
    from chronicle.analysis.mentions import MentionIndex

    text = (
        "Mayor Laura Brennan met Governor Peter Walsh on Monday. Walsh praised the plan. "
        '"It will help the city," she said. President Tom Ruiz criticised the council leader Anna Kovacs, '
        "accusing her of delay."
    )
    doc = nlp(text)
    mentions = MentionIndex(tuple(link_entities(doc, date(2023, 6, 19))))
    she, her = (t for t in doc if t.lower_ in ("she", "her"))
    assert mentions.antecedent(she).name == "Laura Brennan"  # the last subject, Walsh, is a man
    assert mentions.antecedent(her).name == "Anna Kovacs"  # not Ruiz, the subject "accusing" borrows
    article = CleanArticle("g", "g", "", text, None, None, date(2023, 6, 19), "metadata")
    (quote,) = analyse_article(article, nlp).quotes
    assert quote.speaker == "Laura Brennan"


def test_honorifics_mark_gender_where_the_given_name_does_not(nlp):
    from chronicle.analysis.mentions import MentionIndex

    doc = nlp("Mrs. Sasaki met Mr. Okafor in Lagos. He said the talks went well.")
    mentions = MentionIndex(tuple(link_entities(doc, None)))
    (he,) = (t for t in doc if t.lower_ == "he")
    assert "Okafor" in mentions.antecedent(he).name


def test_a_french_honorific_is_a_title_not_part_of_the_name(nlp):
    text = "Emily Spanton spoke to police in Paris. Mme Spanton said the officers had been rude."
    people = [e for e in link_entities(nlp(text), date(2019, 1, 1)) if e.type == "PERSON"]
    assert [(e.name, len(e.mentions)) for e in people] == [("Emily Spanton", 2)]


def test_a_name_the_tagger_missed_its_middle_names_and_the_titles_it_took_in_are_one_person(nlp):
    text = (
        "Early yesterday, United States Representative Elijah Cummings died in hospital. Elijah Eugene Cummings "
        "was born in Baltimore. His father, Robert Cummings Sr., was a farmer. Cummings studied law. "
        "First Lady Melania Trump sent her condolences."
    )
    people = {e.name: e for e in link_entities(nlp(text), date(2019, 10, 18)) if e.type == "PERSON"}
    elijah = people["Elijah Cummings"]
    named = {text[s:e] for s, e in elijah.mentions}
    assert {"Elijah Cummings", "Elijah Eugene Cummings"} <= named
    spans = sorted(elijah.mentions)
    assert all(end <= start for (_, end), (start, _) in zip(spans, spans[1:], strict=False)), spans  # none nested
    shorter_later = link_entities(nlp("Elijah Eugene Cummings died. Elijah Cummings was 68."), date(2019, 10, 18))
    assert len([e for e in shorter_later if e.type == "PERSON"]) == 1
    assert "Melania Trump" in people and not any(name.startswith(("First", "Lady")) for name in people)


def test_the_object_of_the_verb_a_complement_hangs_from_is_its_doer():
    (urged, withdraw) = analyse_article(
        _article("The United States urged Israel to withdraw its troops from Gaza on Monday.")
    ).events[:2]
    assert [a.name for a in withdraw.sources] == ["Israel"], withdraw


def test_a_passage_in_another_language_gives_only_names_already_known(nlp):
    from chronicle.analysis.nlp import in_english

    english = "Governor Ricardo Rosselló of Puerto Rico announced his resignation late on Wednesday night."
    spanish = (
        "Ricardo Rosselló dijo que la decisión del Tribunal Supremo fue recibida con alegría por los vecinos "
        "de la isla."
    )
    doc = nlp(f"{english} {spanish}")
    first, second = doc.sents
    assert in_english(first) and not in_english(second)
    assert in_english(nlp("Se fue de la isla.")[:])  # too few words to tell
    # new English words are no other language: its function words or script must show
    modern = nlp("The new app lets users livestream, vlog, retweet and geotag posts, said Tom Okafor of Zentrix.")
    assert in_english(modern[:]) and "Tom Okafor" in {e.name for e in link_entities(modern, None)}
    assert any("Tribunal Supremo" in e.text for e in doc.ents), "the tagger no longer marks the name: test nothing"
    entities = link_entities(doc, date(2019, 7, 24))
    assert not any("Tribunal" in e.name for e in entities)
    (rossello,) = [e for e in entities if "Rosselló" in e.name]
    assert len(rossello.mentions) == 2  # named again in the Spanish sentence


def test_words_without_a_capital_and_the_publishers_own_name_are_no_entities(nlp):
    from spacy.tokens import Span

    from chronicle.analysis.entities import publisher_names

    doc = nlp("Wikinews interviewed Jane Ofori, who said blah blah blah about the vote in Accra.")
    doc.ents = [
        Span(doc, 0, 1, label="ORG"),
        Span(doc, 2, 4, label="PERSON"),
        Span(doc, 7, 10, label="PERSON"),
        Span(doc, 14, 15, label="GPE"),
    ]
    publisher = publisher_names("en.wikinews.org", "https://en.wikinews.org/wiki/Vote")
    assert publisher == {"wikinews"}
    assert publisher_names("Capital Daily", "https://www.capital-daily.co.uk/x") == {"capitaldaily"}
    assert {e.name for e in link_entities(doc, None)} == {"Wikinews", "Jane Ofori", "Accra"}
    assert {e.name for e in link_entities(doc, None, publisher=publisher)} == {"Jane Ofori", "Accra"}
    # a government's own site still names its government, a city's paper its city
    doc = nlp("The White House said Boston would host the talks.")
    doc.ents = [Span(doc, 1, 3, label="ORG"), Span(doc, 4, 5, label="ORG")]
    publisher = publisher_names(None, "https://www.whitehouse.gov/x") | publisher_names("Boston", None)
    assert publisher == {"whitehouse", "boston"}
    assert len(link_entities(doc, None, publisher=publisher)) == 2


def test_phrases_read_by_index_are_the_subtrees_of_a_non_projective_parse(nlp):
    from spacy.tokens import Doc

    from chronicle.analysis.mentions import OUTSIDE_EXTENT, _subtree_extent, extent
    from chronicle.analysis.tree import doc_tree

    # "on the issue" hangs from "hearing" across "is scheduled": the subtree of "hearing" is not a range
    words = ["A", "hearing", "is", "scheduled", "on", "the", "issue", "today", "."]
    heads = [1, 3, 3, 3, 1, 6, 4, 3, 3]
    deps = ["det", "nsubjpass", "auxpass", "ROOT", "prep", "det", "pobj", "npadvmod", "punct"]
    doc = Doc(nlp.vocab, words=words, heads=heads, deps=deps)
    hearing = doc[1]
    assert (hearing.left_edge.i, hearing.right_edge.i) == (0, 6)
    tree = doc_tree(doc)
    for token in doc:
        assert tree.subtree(token.i) == sorted(t.i for t in token.subtree)
        phrase = [token, *(t for t in token.subtree if t.dep_ not in OUTSIDE_EXTENT)]
        assert _subtree_extent(token) == extent(phrase)
    assert tree.subtree(hearing.i) == [0, 1, 4, 5, 6]


def test_verb_phrases_hold_the_whole_subtree_where_spacy_edges_fall_short(nlp):
    from spacy.tokens import Doc

    from chronicle.analysis.cameo import OTHER_CLAUSES, SUBJECTS, _own_phrase, _subject_phrase
    from chronicle.analysis.tree import doc_tree

    # "extremism" hangs from "with", which hangs from "roots" across "groups": spaCy's one pass over the
    # heads leaves the right edge of "groups" at "roots", short of its subtree
    words = ["They", "attack", "groups", "with", "roots", "extremism", "."]
    heads = [1, 1, 1, 4, 2, 3, 1]
    deps = ["nsubj", "ROOT", "dobj", "prep", "appos", "pobj", "punct"]
    doc = Doc(nlp.vocab, words=words, heads=heads, deps=deps)
    assert doc[2].right_edge.i == 4 and 5 in {t.i for t in doc[2].subtree}
    tree = doc_tree(doc)
    for token in doc:
        assert tree.subtree(token.i) == sorted(t.i for t in token.subtree)
        assert tree.children(token.i) == [c.i for c in token.children]
    verb = doc[1]
    own = sorted(t.i for c in verb.rights if c.dep_ not in OTHER_CLAUSES for t in c.subtree)
    assert _own_phrase(tree, verb.i) == own == [2, 3, 4, 5]
    assert _subject_phrase(tree, verb.i) == [t.i for c in verb.lefts if c.dep_ in SUBJECTS for t in c.subtree] == [0]
