"""Fitting the package's small models: L2-penalised logistic regression and folds grouped by document.

Written here rather than taken from scikit-learn: the models have a handful of features, and numpy and scipy
are already dependencies.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence

import numpy as np
from scipy.optimize import minimize


def _loss(params: np.ndarray, x: np.ndarray, y: np.ndarray, penalty: float) -> tuple[float, np.ndarray]:
    p = predict(params, x)
    eps = 1e-9
    loss = -np.sum(y * np.log(p + eps) + (1 - y) * np.log(1 - p + eps)) + penalty * np.sum(params[1:] ** 2)
    gradient = np.concatenate([[np.sum(p - y)], x.T @ (p - y) + 2 * penalty * params[1:]])
    return loss, gradient


def fit_logistic(x: np.ndarray, y: np.ndarray, penalty: float) -> np.ndarray:
    """Intercept then weights of an L2-penalised logistic regression (the intercept unpenalised), by L-BFGS."""
    return minimize(_loss, np.zeros(x.shape[1] + 1), args=(x, y, penalty), jac=True, method="L-BFGS-B").x


def predict(params: np.ndarray, x: np.ndarray) -> np.ndarray:
    """The probability for each row of `x` under logistic regression parameters as fit_logistic gives them."""
    return 1 / (1 + np.exp(-(params[0] + x @ params[1:])))


def grouped_folds(groups: Sequence[Hashable], folds: int) -> np.ndarray:
    """The fold of each row, whole groups (articles, pages, topics) kept in one fold, groups dealt in turn."""
    fold_of = {g: i % folds for i, g in enumerate(dict.fromkeys(groups))}
    return np.array([fold_of[g] for g in groups])
