"""The story join model: the weights that tell whether an article belongs to a story, and its thresholds."""

from __future__ import annotations

import math
import operator
from collections.abc import Sequence
from dataclasses import dataclass

from chronicle.data import data_json

# What the join model weighs, in the order join_features gives them and data/story_join_model.json weighs them.
JOIN_FEATURES = (
    "centroid_cosine",
    "closest_article_cosine",
    "shared_entities",
    "year_agreement",
    "weekday_agreement",
    "shared_figures",
    "both_dated",
    "time_closeness",
)


@dataclass(frozen=True)
class JoinModel:
    """Logistic regression over join_features: P(the article belongs to the story). An article joins its
    likeliest story at `threshold`; two stories it belongs to both at `merge_threshold` are one; a small
    story that, taken as one report, belongs to the story an article just joined at `absorb_threshold` is
    a fragment of it. A story's undated reports are another happening when their mean cosine with its other
    reports is below `apart_cohesion` times the geometric mean of the two groups' own (reports_apart)."""

    weights: tuple[float, ...]  # one per JOIN_FEATURES
    bias: float
    threshold: float
    merge_threshold: float
    absorb_threshold: float
    apart_cohesion: float = 0.0  # 0: never set apart

    def probability(self, values: Sequence[float]) -> float:
        """P(the article belongs to the story), given the values of JOIN_FEATURES for the pair."""
        z = self.bias + sum(map(operator.mul, self.weights, values))
        return 1.0 / (1.0 + math.exp(-z))


def installed_join_model() -> JoinModel:
    """The model in data/story_join_model.json, fitted by scripts/fit_story_model.py."""
    spec = data_json("story_join_model.json")
    if tuple(spec["features"]) != JOIN_FEATURES:
        raise ValueError(
            f"story_join_model.json weighs {spec['features']}, not the features computed: "
            f"{list(JOIN_FEATURES)}; refit it with scripts/fit_story_model.py"
        )
    return JoinModel(
        tuple(spec["weights"]),
        spec["bias"],
        spec["threshold"],
        spec["merge_threshold"],
        spec["absorb_threshold"],
        spec["apart_cohesion"],
    )
