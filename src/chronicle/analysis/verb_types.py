"""Which PLOVER type a verb names, by the synthetic NGEC stories it leads (data/verb_types.json, made by
scripts/fit_verb_types.py), weighed against the type the CAMEO dictionary gives it.

A CAMEO block's default lumps senses together ("agree", "cooperate" and "endorse" all "engage in diplomatic
cooperation"). The stories' counts, taken per story of each type so that frequent types do not win by their
number, say which type a verb leads; the dictionary's type counts as PRIOR_STORIES stories of its own, so a
verb seen in few leads keeps it.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from chronicle.data import data_json

# How many lead sentences the dictionary's type is worth: the middle of the best run on the PLOVER gold
# records' tuning part with the dictionary coding alone (docs/DECISIONS.md).
PRIOR_STORIES = 2.0
# The stories use PLOVER 2021's types; the 2018 draft's FIGHT and INVESTIGATE fall under ASSAULT and ACCUSE.
TYPE_2021 = {"FIGHT": "ASSAULT", "INVESTIGATE": "ACCUSE"}


@dataclass(frozen=True)
class VerbTypes:
    """How many stories of each PLOVER type each verb leads (`counts`: lemma → type → stories), and how many
    stories there are of each type."""

    counts: dict[str, dict[str, int]]
    stories_per_type: dict[str, int]

    def shares(self, lemma: str) -> tuple[dict[str, float], int]:
        """Each type's share of the verb's leads, per story of that type, and how many leads it stands in."""
        counts = self.counts.get(lemma, {})
        rates = {t: n / self.stories_per_type[t] for t, n in counts.items()}
        total = sum(rates.values())
        return ({t: r / total for t, r in rates.items()} if total else {}), sum(counts.values())


@lru_cache(maxsize=1)
def verb_types() -> VerbTypes:
    """The counts of data/verb_types.json, read once per process."""
    data = data_json("verb_types.json")
    return VerbTypes(data["verbs"], data["stories_per_type"])


def weigh(lemma: str, dictionary_type: str, evidence: VerbTypes, prior: float = PRIOR_STORIES) -> str:
    """The dictionary's type, unless the verb's leads name another type more strongly than the dictionary's
    type (worth `prior` leads) and the leads' own share of it together do."""
    shares, leads = evidence.shares(lemma)
    if not leads:
        return dictionary_type
    own = TYPE_2021.get(dictionary_type, dictionary_type)
    scores = {t: leads * s for t, s in shares.items()}
    scores[own] = scores.get(own, 0.0) + prior
    best = max(scores, key=lambda t: scores[t])
    return dictionary_type if best == own else best
