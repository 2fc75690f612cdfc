"""Assembly: one article's events from its sentences, its triggers, actors, status, date and place."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from spacy.tokens import Doc, Span, Token

from chronicle.actors.registry import Registry
from chronicle.analysis.contexts import contexts_of, sentence_cues
from chronicle.analysis.entities import article_countries
from chronicle.analysis.events.actors import (
    actor_of,
    country_actor,
    is_political,
    is_state,
    made_at_a_place,
    owner_of,
    placed_in_setting,
    unique_actors,
)
from chronicle.analysis.events.confidence import Scorer, confidence_model, event_features
from chronicle.analysis.events.dating import bounded_by_report, date_of, dated_from_context, paragraphs
from chronicle.analysis.events.lexicon import OBJECT_DEPS, SYMMETRIC, lexicon
from chronicle.analysis.events.parties import (
    bound_parties,
    first_party_after,
    noun_agents,
    passive_agents,
    refers_to_pair,
    reporter_for_pronoun,
    subjects_of,
    targets_of,
)
from chronicle.analysis.events.place import place_of
from chronicle.analysis.events.status import claimed_by_its_actor, event_status
from chronicle.analysis.events.triggers import Trigger, find_triggers, governor_of, typing_particle, verb_lemma
from chronicle.analysis.mentions import PRONOUNS, MentionIndex
from chronicle.analysis.nlp import doc_text, registry_of
from chronicle.analysis.tree import doc_tree
from chronicle.records import ActorSpan, Entity, EventActor, EventMention, Place, Timex

# the complementisers of an indirect yes/no question ("asked whether", "asked if")
QUESTION_MARKS = {"whether", "if"}


def extract_events(
    doc: Doc,
    entities: tuple[Entity, ...],
    timexes: tuple[Timex, ...],
    published: date | None,
    score: Scorer | None = None,
) -> tuple[EventMention, ...]:
    """The article's events in sentence order; `score` turns an event's features into its confidence (the
    fitted model unless given)."""
    score = score or confidence_model()
    registry = registry_of(doc)
    mentions = MentionIndex(entities, article_countries(doc, registry, entities))
    text, sentences = doc_text(doc), list(doc.sents)
    mentions.read(doc, text, sentences)
    events: list[EventMention] = []
    last_pair: tuple[EventActor, ...] = ()  # the latest two named actors of one event, for "the two leaders"
    pair_sentence = -2
    coded_sentences = ((n, s, t) for n, s in enumerate(sentences) if (t := find_triggers(s)))
    for number, sentence, triggers in coded_sentences:
        cues: frozenset[str] | None = None  # read at the sentence's first event
        said = text[sentence.start_char : sentence.end_char]  # the sentence's text, without re-joining its tokens
        said_from = sentence.start_char + len(said) - len(said.lstrip())
        coded: dict[int, int] = {}  # id of a trigger → index of its event
        governors: dict[int, tuple[Trigger, bool]] = {}
        for trigger in triggers:
            subject_tokens, target_tokens, passive = _party_words(trigger, registry)
            # "They" is the pair only right after it was named; further on it may be anyone.
            pair_reference = (
                last_pair
                and len(subject_tokens) == 1
                and (
                    refers_to_pair(subject_tokens[0])
                    or (subject_tokens[0].lower_ == "they" and number - pair_sentence <= 1)
                )
            )
            sources = last_pair if pair_reference else unique_actors(actor_of(t, mentions) for t in subject_tokens)
            targets = unique_actors(
                actor_of(t, mentions) or owner_of(t, mentions)
                for t in target_tokens
                if not made_at_a_place(t, mentions)
            )
            targets = tuple(t for t in targets if t not in sources)
            named = tuple(a for a in (*sources, *targets) if a.key)
            if len(named) == 2:  # noqa: PLR2004 (a pair: the two actors "the two leaders" refers back to)
                last_pair, pair_sentence = named, number
            by_authority = _done_by_an_authority(trigger, passive, subject_tokens)
            if not sources and not any(t.key or t.country for t in targets) and not by_authority:
                continue  # no one named acts on no one named: "the crew had warned authorities"
            if _out_of_sense(trigger, passive, sources, targets, mentions):
                continue
            if not (
                by_authority
                or any(is_political(a) for a in sources)
                or (not sources and any(is_political(a) for a in targets))
            ):
                continue  # "received brain surgery", "the site helps readers": the word is not in its political sense
            sources, targets, place = _settled_parties(trigger, sentence, sources, targets, mentions, registry)
            status = event_status(trigger)
            if status == "occurred" and claimed_by_its_actor(trigger.verb, sources, mentions):
                status = "claimed"
            governor = governor_of(trigger, triggers)
            if governor is not None:
                governors[id(trigger)] = governor
                if governor[1] and governor[0].type == "REQUEST" and status == "occurred":
                    status = "hypothetical"  # what is demanded has not happened
            event_date, basis, status = bounded_by_report(
                *date_of(trigger, sentence, timexes, published), status, published, trigger.verb
            )
            cues = _cues(sentence) if cues is None else cues
            confidence = score(
                event_features(
                    trigger.basis, trigger.verb, subject_tokens, sources, targets, status, governor is not None
                )
            )
            events.append(
                EventMention(
                    type=trigger.type,
                    trigger=trigger.word.text
                    if trigger.word is trigger.verb
                    else f"{trigger.verb.text} {trigger.word.text}",
                    status=status,
                    sources=sources,
                    targets=targets,
                    date=event_date,
                    date_basis=basis,
                    place=place,
                    sentence=said.strip(),
                    start=said_from,
                    end=sentence.start_char + len(said.rstrip()),
                    confidence=confidence,
                    trigger_span=(trigger.word.idx, trigger.word.idx + len(trigger.word)),
                    contexts=contexts_of(cues, trigger.type),
                )
            )
            coded[id(trigger)] = len(events) - 1
        _rank_under_governors(events, coded, governors)
        _share_elided_targets(events, coded, triggers)
        _add_actor_spans(events, coded, triggers, sentence, mentions)
    return dated_from_context(events, paragraphs(text))


def _cues(sentence: Span) -> frozenset[str]:
    """The contexts the sentence's words and lemmas name cues of (one pass over its tokens)."""
    lowers, lemmas = doc_tree(sentence.doc).words(sentence.start, sentence.end)
    return sentence_cues(lowers, [lemma.lower() for lemma in lemmas])


def _party_words(trigger: Trigger, registry: Registry) -> tuple[list[Token], list[Token], bool]:
    """The words that name the trigger's sources and its targets, and whether its verb is passive (the agent
    of a passive is its source; the object a binding verb binds is its source too)."""
    subject_tokens, passive = subjects_of(trigger.verb)
    subject_tokens = [reporter_for_pronoun(t) for t in subject_tokens]
    target_tokens = targets_of(trigger)
    if trigger.word is not trigger.verb and trigger.word.dep_ in ("nsubj", "nsubjpass", "attr"):
        # "the meeting took place", "sanctions were imposed": the noun is the event, not its actor or what
        # is done to; "Palestinian riots are continuing": its modifier names who acts, as do the agent of a
        # passive ("talks were held by the two sides") and the noun's own ("calls from the United States")
        subject_tokens = (
            [
                c
                for c in trigger.word.children
                if c.dep_ in ("amod", "poss", "compound") and registry.country_of_word(c.text)
            ]
            + passive_agents(trigger.verb)
            + noun_agents(trigger.word, trigger.type)
        )
    elif passive and trigger.verb.lemma_.lower() not in lexicon().stative_passives:
        subject_tokens, target_tokens = passive_agents(trigger.verb), subject_tokens
    elif trigger.word is trigger.verb and trigger.verb.lemma_.lower() in lexicon().binding_verbs:
        subject_tokens, target_tokens = bound_parties(trigger.verb) or (subject_tokens, target_tokens)
    return subject_tokens, target_tokens, passive


def _settled_parties(
    trigger: Trigger,
    sentence: Span,
    sources: tuple[EventActor, ...],
    targets: tuple[EventActor, ...],
    mentions: MentionIndex,
    registry: Registry,
) -> tuple[tuple[EventActor, ...], tuple[EventActor, ...], Place | None]:
    """The event's sources and targets once placed in the article's setting, with a reciprocal event's
    further sources as its targets and an event with no target given one (the place it is done to, else the
    first party named after the trigger); and the event's place."""
    sources, targets = (
        placed_in_setting(sources, mentions.setting),
        placed_in_setting(targets, mentions.setting),
    )
    reciprocal = trigger.type in SYMMETRIC or trigger.verb.lemma_.lower() in lexicon().reciprocal_verbs
    if reciprocal and len(sources) > 1 and not targets:
        sources, targets = sources[:1], sources[1:]
    place = place_of(trigger, sentence, mentions)
    if not targets and place is not None and place.country and trigger.type in lexicon().place_targeted:
        # "shortened the curfew imposed in Sudan", "shelled targets in Jericho": done to the place
        targets = (country_actor(place.country, None, registry),)
    if not targets:
        targets = first_party_after(trigger, sources, mentions)
    return sources, targets, place


def _add_actor_spans(
    events: list[EventMention], coded: dict[int, int], triggers: list[Trigger], sentence: Span, mentions: MentionIndex
) -> None:
    """Where the sentence names each of its events' actors, once the passes before have settled who they are."""
    for trigger in triggers:
        if (index := coded.get(id(trigger))) is not None:
            event = events[index]
            events[index] = replace(
                event, actor_spans=_actor_spans(sentence, trigger, event.sources, event.targets, mentions)
            )


def _out_of_sense(
    trigger: Trigger,
    passive: bool,
    sources: tuple[EventActor, ...],
    targets: tuple[EventActor, ...],
    mentions: MentionIndex,
) -> bool:
    """A trigger in a sense that is no event (the sense constraints of data/plover_triggers.json): a visit to
    a place ("visited the site of the bridge"), a trip at home ("Macron traveled to Paris") or in the passive
    ("was flown to Moscow for treatment"), a guest verb whose object is no one ("received the votes",
    "welcomed the agreement with Germany"), an attempt verb with an infinitive and no object ("sought to
    tie"), an inquiry verb asking a question ("asked him about it")."""
    lex, verb = lexicon(), trigger.verb
    surface = verb.lemma_.lower()
    if surface in lex.place_visits and not targets and any(c.dep_ == "dobj" for c in verb.children):
        return True
    if surface in lex.travel_verbs and (
        # "was flown to a hospital": carried there (VerbNet's send class), no visitor; "was visited by" is a
        # visit, whose passive subject is the host
        (passive and surface not in lex.place_visits)
        or (targets and all(is_state(t) and t.country in {s.country for s in sources} for t in targets))
    ):
        return True
    if trigger.word is not verb:
        return False  # typed by its object or noun: "held talks"
    lemma = verb_lemma(verb, lex.known_verbs)
    if typing_particle(verb, lex.verbs_with_preposition.get(lemma, {})) is not None:
        return False  # typed by its preposition: "called for"
    objects = [c for c in verb.children if c.dep_ in OBJECT_DEPS]
    if lemma in lex.guest_verbs and not passive:
        return not any(_someone(c, mentions) for c in objects)
    if lemma in lex.attempt_verbs:
        return not objects and any(c.dep_ == "xcomp" for c in verb.children)
    if lemma in lex.inquiry_verbs:
        return _asks_a_question(verb)
    return False


def _done_by_an_authority(trigger: Trigger, passive: bool, agents: list[Token]) -> bool:
    """ "Twenty people were arrested", "two men were sentenced": an act only an authority does, in the passive
    with no agent named (`agents`: the words of its "by" phrase), is done by an authority the article leaves
    unnamed (data/plover_triggers.json)."""
    return (
        passive
        and not agents
        and trigger.word is trigger.verb
        and verb_lemma(trigger.verb, lexicon().known_verbs) in lexicon().authority_verbs
    )


def _asks_a_question(verb: Token) -> bool:
    """Whether an inquiry verb asks about something ("asked Trump about the call", "asked if we are alive")
    rather than for it ("asked for help", "asked him to resign"). A clause with a modal may ask leave ("asked
    whether it could delay") and is left a request."""
    children = list(verb.children)
    asking_for = any(c.dep_ == "xcomp" for c in children) or any(
        p.lower_ == "for"
        for c in children
        if c.dep_ == "prep"
        for p in (c, *c.conjuncts)  # "about the delay and for tanks"
    )
    about = any(c.dep_ == "prep" and c.lower_ == "about" for c in children)
    question = any(
        c.dep_ == "ccomp"
        and any(m.dep_ == "mark" and m.lower_ in QUESTION_MARKS for m in c.children)
        and not any(m.tag_ == "MD" for m in c.children)
        for c in children
    )
    return (about or question) and not asking_for


def _someone(token: Token, mentions: MentionIndex) -> bool:
    """Whether the word itself names or refers to someone: a name, a role or people noun ("the ambassador"),
    a personal pronoun, "the other"."""
    return (
        token.lower_ in PRONOUNS
        or token.lemma_.lower() == "other"
        or mentions.at(token.idx, token.idx + len(token)) is not None
        or token.lemma_.lower() in registry_of(token.doc).role_nouns
    )


def _share_elided_targets(events: list[EventMention], coded: dict[int, int], triggers: list[Trigger]) -> None:
    """ "Yellen will travel to China, and Blinken plans to visit": a joined clause of the same kind that
    names no one it is done to has the other clause's targets (the English leaves them out)."""
    by_verb = {trigger.verb.i: trigger for trigger in triggers}
    for trigger in triggers:
        index = coded.get(id(trigger))
        if index is None or events[index].targets or any(c.dep_ in OBJECT_DEPS for c in trigger.verb.children):
            continue
        node = trigger.verb
        while node.dep_ == "xcomp" and node.head.i != node.i:  # "plans to visit": the planning is joined
            node = node.head
        other = by_verb.get(node.head.i) if node.dep_ == "conj" else None
        above = coded.get(id(other)) if other is not None else None
        if above is not None and events[above].type == events[index].type and events[above].targets:
            events[index] = replace(events[index], targets=events[above].targets)


def _rank_under_governors(
    events: list[EventMention], coded: dict[int, int], governors: dict[int, tuple[Trigger, bool]]
) -> None:
    """The content of an event is never more certain than the event that reports it: a threat outranks the
    blows it threatens, a protest the demand it voices, so the sentence's main event is the happening it
    reports (the content's confidence is capped just under its governor's). A governing event with no target
    of its own is aimed at its content's ("threatened to deliver blows to the United States")."""
    for _ in range(len(governors)):  # a chain ("refused to threaten to strike") settles in as many rounds
        for trigger_id, (governor, content) in governors.items():
            index, above = coded.get(trigger_id), coded.get(id(governor))
            if index is None or above is None:
                continue
            inner, outer = events[index], events[above]
            if content and not outer.targets and inner.targets:
                targets = tuple(t for t in inner.targets if t not in outer.sources)
                events[above] = outer = replace(outer, targets=targets)
            if inner.confidence >= outer.confidence:
                # just under the governor's: a cap, which the calibration (monotone) leaves in place
                events[index] = replace(inner, confidence=round(max(0.0, outer.confidence - 0.001), 3))


def _actor_spans(
    sentence: Span,
    trigger: Trigger,
    sources: tuple[EventActor, ...],
    targets: tuple[EventActor, ...],
    mentions: MentionIndex,
) -> tuple[ActorSpan, ...]:
    """Where the sentence names each actor: the mention of its entity nearest the trigger, or its own words
    ("Xi's spokesman", "Hungarian officials"). An actor named only in an earlier sentence ("the two leaders",
    "they") is given by the words that refer to it here, when the sentence has them; else it has no span."""
    start, end = sentence.start_char, sentence.end_char
    anchor = trigger.word.idx
    inside = mentions.within(start, end)
    spans = []
    for role, actors in (("source", sources), ("target", targets)):
        for actor in actors:
            named = [
                (s, e)
                for s, e, entity in inside
                if actor.key is not None
                and (
                    entity.key == actor.key
                    or (
                        is_state(actor)
                        and entity.type == "GPE"  # "Beijing" names China
                        and registry_of(sentence.doc).country_of_word(entity.name) == actor.country
                    )
                )
            ]
            if not named:
                found = sentence.text.lower().find(actor.name.lower())
                named = [(start + found, start + found + len(actor.name))] if found >= 0 else []
            if named:
                s, e = min(named, key=lambda span: abs(span[0] - anchor))
                spans.append(ActorSpan(role, actor.name, s, e))
    return tuple(spans)
