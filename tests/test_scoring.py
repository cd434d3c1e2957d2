"""The fitted answerability model: fitting on hand-made data, the JSON format, the shipped model."""

from __future__ import annotations

import json

import numpy as np
import pytest

from rag.answer.features import ANSWER_FEATURES, MODEL_FEATURES
from rag.answer.policy import MODEL_PATH, load_model
from rag.answer.scoring import LogisticModel, fit


def test_fit_separates_what_a_feature_decides():
    rng = np.random.default_rng(0)
    x = rng.uniform(0, 1, size=(400, 2))
    y = (x[:, 0] > 0.5).astype(float)  # only the first feature matters
    model = fit(x, y, ["signal", "noise"], l2=0.1)
    assert abs(model.coef[0]) > 5 * abs(model.coef[1])
    assert model.probability({"signal": 0.9, "noise": 0.5}) > 0.9
    assert model.probability({"signal": 0.1, "noise": 0.5}) < 0.1


def test_fitting_is_deterministic_and_a_constant_feature_is_harmless():
    x = np.array([[0.1, 1.0], [0.9, 1.0], [0.2, 1.0], [0.8, 1.0]])
    y = np.array([0, 1, 0, 1])
    a, b = fit(x, y, ["f", "const"]), fit(x, y, ["f", "const"])
    assert a == b
    assert a.coef[1] == 0.0


def test_sample_weights_count():
    x = np.array([[0.0], [0.0], [1.0], [1.0]])
    y = np.array([0, 1, 1, 1])
    heavy = fit(x, y, ["f"], weights=np.array([10.0, 1.0, 1.0, 1.0]))
    light = fit(x, y, ["f"], weights=np.array([1.0, 10.0, 1.0, 1.0]))
    assert heavy.probability({"f": 0.0}) < light.probability({"f": 0.0})


def test_json_round_trip_and_version_check(tmp_path):
    model = LogisticModel(["a"], [0.5], [0.2], [1.5], -0.3, threshold=0.4, meta={"sources": ["dev"]})
    path = tmp_path / "m.json"
    model.save(path)
    assert LogisticModel.load(path) == model
    data = json.loads(path.read_text())
    path.write_text(json.dumps(data | {"version": 99}))
    with pytest.raises(ValueError, match="version"):
        LogisticModel.load(path)
    path.write_text(json.dumps(data | {"coef": [1.0, 2.0]}))
    with pytest.raises(ValueError, match="length"):
        LogisticModel.load(path)


def test_the_shipped_model_reads_the_answer_features():
    model = load_model()
    assert model is not None, f"{MODEL_PATH} is missing: run python -m evals.train_answer"
    assert model.features == list(MODEL_FEATURES)
    assert set(MODEL_FEATURES) <= set(ANSWER_FEATURES)
    assert 0.0 < model.threshold < 1.0
    assert model.meta["sources"][0] == "dev" and model.meta["training_fingerprint"]
    # place scope has no gate of its own (it changed no dev item once the model read it): the model must use it
    assert model.coef[model.features.index("places_covered")] > 0.3
    contributions = model.contributions(dict.fromkeys(ANSWER_FEATURES, 0.5))
    assert set(contributions) == set(MODEL_FEATURES)
