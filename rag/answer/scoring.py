"""A logistic model, fitted on data and stored as JSON (no pickle): p(the answer is right).

Fitting is L2-regularised Newton's method (IRLS) on standardised features: small,
deterministic, numpy only. `evals/train_answer.py` fits it on the dev split plus
synthetic and out-of-domain questions and chooses the decision threshold on
out-of-fold predictions; the JSON records the feature list, the coefficients, the
threshold, the training-data fingerprint and the figures it was chosen by.
"""

from __future__ import annotations

import json
import math
from dataclasses import asdict, dataclass, field
from pathlib import Path

import numpy as np

MODEL_VERSION = 1


@dataclass
class LogisticModel:
    features: list[str]
    mean: list[float]
    scale: list[float]
    coef: list[float]
    intercept: float
    threshold: float = 0.5  # answer when p >= threshold
    version: int = MODEL_VERSION
    meta: dict = field(default_factory=dict)  # training data fingerprint, sources, cross-validated figures

    def probability(self, values: dict[str, float]) -> float:
        z = self.intercept
        for name, mu, sd, w in zip(self.features, self.mean, self.scale, self.coef, strict=True):
            z += w * (float(values.get(name, 0.0)) - mu) / sd
        return 1.0 / (1.0 + math.exp(-max(-50.0, min(50.0, z))))

    def contributions(self, values: dict[str, float]) -> dict[str, float]:
        """Each feature's share of the log-odds (for `rag ask --explain`)."""
        return {name: round(w * (float(values.get(name, 0.0)) - mu) / sd, 3)
                for name, mu, sd, w in zip(self.features, self.mean, self.scale, self.coef, strict=True)}

    def save(self, path: Path) -> None:
        path.write_text(json.dumps(asdict(self), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")

    @classmethod
    def load(cls, path: Path) -> LogisticModel:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("version") != MODEL_VERSION:
            raise ValueError(f"{path}: model version {data.get('version')}, expected {MODEL_VERSION}")
        model = cls(**data)
        if not len(model.features) == len(model.mean) == len(model.scale) == len(model.coef):
            raise ValueError(f"{path}: feature list and coefficients differ in length")
        return model


def fit(x: np.ndarray, y: np.ndarray, features: list[str], l2: float = 1.0, weights: np.ndarray | None = None,
        iterations: int = 50) -> LogisticModel:
    """L2-regularised logistic regression by Newton's method; `weights` per sample (default 1)."""
    x = np.asarray(x, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64)
    w_s = np.ones(len(y)) if weights is None else np.asarray(weights, dtype=np.float64)
    mean = x.mean(axis=0)
    scale = x.std(axis=0)
    scale[scale < 1e-9] = 1.0  # a constant feature contributes nothing
    z = np.hstack([np.ones((len(y), 1)), (x - mean) / scale])
    beta = np.zeros(z.shape[1])
    penalty = np.full(z.shape[1], l2)
    penalty[0] = 0.0  # the intercept is not shrunk
    for _ in range(iterations):
        p = 1.0 / (1.0 + np.exp(-np.clip(z @ beta, -50, 50)))
        grad = z.T @ (w_s * (p - y)) + penalty * beta
        hess = (z * (w_s * p * (1 - p))[:, None]).T @ z + np.diag(penalty) + 1e-9 * np.eye(z.shape[1])
        step = np.linalg.solve(hess, grad)
        beta -= step
        if np.max(np.abs(step)) < 1e-8:
            break
    return LogisticModel(features=list(features), mean=mean.round(6).tolist(), scale=scale.round(6).tolist(),
                         coef=beta[1:].round(6).tolist(), intercept=round(float(beta[0]), 6))
