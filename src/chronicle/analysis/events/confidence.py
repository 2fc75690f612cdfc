"""Confidence: the chance that an emitted event is a real event of its type, from a few properties of how it
was found. A logistic model over them is fitted on the tuning part of the article gold, with folds grouped by
article; its scores are calibrated (Platt scaling) on the untouched part, which the rules were not tuned on,
and the default display threshold is read there too (scripts/fit_event_confidence.py). The numbers are data
(data/event_confidence.json); `chronicle eval article-events` reports precision and calibration by threshold.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache

from spacy.tokens import Token

from chronicle.data import data_json
from chronicle.records import EventActor

FEATURES = ("cameo", "state_actor", "main_clause", "first_person", "governed", "not_occurred")
FIRST_PERSON = {"i", "we", "you", "me", "us"}
# CAMEO's sectors of the state itself (government, military, legislature, judiciary, police)
STATE_SECTORS = {"GOV", "MIL", "LEG", "JUD", "COP"}

Scorer = Callable[[Mapping[str, float]], float]


@dataclass(frozen=True)
class ConfidenceModel:
    """The fitted logistic model and its Platt calibration; called on an event's features, it gives the
    event's confidence."""

    intercept: float
    weights: Mapping[str, float]
    calibration: tuple[float, float]  # slope and intercept applied to the model's log-odds
    default_min_confidence: float

    def __call__(self, features: Mapping[str, float]) -> float:
        """The calibrated chance that an event with these features is real, to three decimals."""
        z = self.intercept + sum(weight * features.get(name, 0.0) for name, weight in self.weights.items())
        slope, shift = self.calibration
        return round(1 / (1 + math.exp(-(slope * z + shift))), 3)


@lru_cache(maxsize=1)
def confidence_model() -> ConfidenceModel:
    """The model fitted by scripts/fit_event_confidence.py, from data/event_confidence.json, read once."""
    data = data_json("event_confidence.json")
    calibration = data["calibration"]
    return ConfidenceModel(
        data["intercept"],
        data["weights"],
        (calibration["slope"], calibration["intercept"]),
        data["default_min_confidence"],
    )


def _main_clause(verb: Token) -> bool:
    """Whether the verb heads the sentence or a clause joined to its head: what the sentence reports, not
    a relative or adverbial clause about something else."""
    while verb.dep_ == "conj" and verb.head.i != verb.i:
        verb = verb.head
    return verb.dep_ == "ROOT"


def event_features(
    trigger_basis: str,
    verb: Token,
    subjects: Iterable[Token],
    sources: tuple[EventActor, ...],
    targets: tuple[EventActor, ...],
    status: str,
    governed: bool,
) -> dict[str, float]:
    """The model's inputs for one event: whether CAMEO's dictionary rather than Chronicle's lexicon coded its
    trigger, whether a state takes part, whether the sentence reports it in its main clause, whether a
    speaker tells it in the first person, whether it is the content of another event, or not (yet) real."""
    actors = (*sources, *targets)
    values = {
        "cameo": trigger_basis != "lexicon",
        "state_actor": any(a.sector in STATE_SECTORS or (a.actor_id and a.actor_id == a.country) for a in actors),
        "main_clause": _main_clause(verb),
        "first_person": any(t.lower_ in FIRST_PERSON for t in subjects),
        "governed": governed,
        "not_occurred": status != "occurred",
    }
    return {name: float(values[name]) for name in FEATURES}
