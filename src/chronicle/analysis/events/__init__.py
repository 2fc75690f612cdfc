"""Events: who did what to whom, typed with PLOVER, from the dependency parse of each sentence.

A trigger is a verb from the lexicon (data/plover_triggers.json), a verb with a typed object ("held talks",
"imposed sanctions") or with a typed preposition ("spoke with"); a clause-head verb the lexicon does not know
is coded by PETRARCH-2's CAMEO dictionary (chronicle.analysis.cameo). An event needs a political actor as its
source, or, with no source named, as its target: "received brain surgery" is no event. Its actors are the
subjects and objects of its own clause, so "X said Y met Z" codes Y meeting Z, never X. Status comes from
modals, negation, planning verbs and conditional clauses; the date from the temporal expressions of the
trigger's clause.

When one trigger's clause is the content or purpose of another's ("threatened to deliver blows", "staged
protests to demand reforms"), the governing event is the happening the sentence reports and outranks its
content. Actors no word places (an unknown official, "rebels", "the government") belong to the country the
article names most.

The package's modules are its components, each testable on its own: lexicon (language data), triggers,
parties (which words fill the roles), actors (what they stand for), status, dating, place, confidence and the
assembly that runs them over one article.
"""

from chronicle.analysis.events.assembly import extract_events
from chronicle.analysis.events.lexicon import SYMMETRIC, plover_category

__all__ = ["SYMMETRIC", "extract_events", "plover_category"]
