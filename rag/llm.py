"""The optional LLM composer: an OpenAI-compatible chat model writes the answer, we cite.

Off unless both RAG_LLM_BASE_URL and RAG_LLM_MODEL are set (`Assistant.composer`).
The model goes through llama-index's LLM interface (`OpenAILike`, from the `llm`
extra: `pip install -e '.[llm]'`), constructed here with every setting passed
explicitly; llama-index's global `Settings` is never read or written. Importing
this module imports neither llama_index nor openai: the client is built on the
first question.

1. Prompt: the top hits as numbered clauses, `[n] 《title》 section path` and the
   clause text, then the question; the instructions (in the question's language)
   say to answer only from these clauses, to copy key numbers exactly, to put [n]
   after each statement, and to reply with one fixed sentence if they do not answer.
2. Reply: markers are tidied (【1】 → [1], [1,2] → [1][2], "。[1]" → "[1]。"); for
   every marker [n] of an existing clause, the citation quotes hit n verbatim at its
   absolute offsets: the clause sentence that best supports the statement carrying
   the marker (the numbers and quoted names it shares, then shared character
   bigrams), widened to any sentence holding a claimed number the first one lacks;
   a short clause, or one where no sentence matches the statement, is quoted whole. A marker for a clause number that was never
   given stays in the prose with no citation, so the checker (`verify.check`)
   catches it; so does any number or name the model made up.
3. Abstention: a reply that is (or starts with) the fixed sentence, or one without
   markers that says the clauses do not answer, gives answered=False and the
   composer's usual message (`answer.messages.MESSAGES`).
4. Failure: a transport error, a timeout, an HTTP error or an empty reply raises
   `LLMUnavailable`; a reply that cites nothing raises its subclass `LLMBadReply`.
   `Assistant.ask` answers extractively instead and records why in `meta`.
"""

from __future__ import annotations

import re
import threading
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .answer.messages import MESSAGES
from .compose import Draft, citation_for
from .models import MARKER_RE, Citation, Hit
from .normalize import match_key, normalize
from .sentences import NUMBER_RE, QUOTED_NAME_RE, Span, split_sentences

if TYPE_CHECKING:
    from .config import Settings
    from .question import Question

TIMEOUT_S = 30.0
MAX_RETRIES = 1  # the openai client retries once on connection errors, 429 and 5xx
MAX_TOKENS = 600
TEMPERATURE = 0.0
MAX_CLAUSES = 8  # hits numbered in the prompt (the assistant retrieves 5 by default)
SHORT_CLAUSE = 80  # characters: a clause this short is quoted whole
MIN_OVERLAP = 0.15  # share of a statement's character bigrams a sentence must share to be quoted alone

_WS = " \t\r\n\u3000\xa0\ufeff"
_SENTENCE_RE = re.compile(r"[^。！？!?\n]*(?:[。！？!?]|\n|$)")  # as in verify.py
_PIECE_STRIP = " \t\n,，、;；:：。.！!？?"
_THINK_RE = re.compile(r"<think>.*?</think>", re.DOTALL)
_WIDE_MARKER_RE = re.compile(r"[【［\[]\s*(\d+(?:\s*[,，、]\s*\d+)*)\s*[】］\]]")
_MARKER_AFTER_END_RE = re.compile(r"([。！？!?；;.])((?:\[\d+\])+)")
_ABSTAIN_RE = re.compile(
    r"没有回答|未回答|无法回答|不能回答|无法确定|未提及|没有提及|未涉及|没有涉及|未说明|没有说明|未规定|没有规定"
    r"|没有相关|无相关|未找到|没有找到"
    r"|do(?:es)? not (?:answer|mention|address|cover|say|state|specify)|cannot be answered|no (?:relevant )?information",
    re.IGNORECASE,
)

PROMPTS = {
    "zh-Hans": {
        "system": (
            "你是政策文件问答助手。只能依据用户给出的编号条款回答问题，不得使用条款以外的知识，也不得推测。\n"
            "要求：\n"
            "1. 用简体中文回答，简洁，一到三句话。\n"
            "2. 关键数字、比例、金额、日期和名称必须按条款原文照抄，不得改写、换算或推算。\n"
            "3. 每句陈述之后紧接着用[n]标注所依据的条款编号，例如“……[1]。”；n只能是给出的编号。\n"
            "4. 如果这些条款不能回答问题，只回复这一句：{none}"
        ),
        "clauses": "条款：",
        "question": "问题：",
    },
    "zh-Hant": {
        "system": (
            "你是政策文件問答助手。只能依據使用者給出的編號條款回答問題，不得使用條款以外的知識，也不得推測。\n"
            "要求：\n"
            "1. 用繁體中文回答，簡潔，一到三句話。\n"
            "2. 關鍵數字、比例、金額、日期和名稱必須按條款原文照抄，不得改寫、換算或推算。\n"
            "3. 每句陳述之後緊接著用[n]標註所依據的條款編號，例如「……[1]。」；n只能是給出的編號。\n"
            "4. 如果這些條款不能回答問題，只回覆這一句：{none}"
        ),
        "clauses": "條款：",
        "question": "問題：",
    },
    "en": {
        "system": (
            "You answer questions about Chinese policy documents. Answer only from the numbered clauses the user "
            "gives; use no outside knowledge and do not guess.\n"
            "Rules:\n"
            "1. Answer in English, briefly, in one to three sentences.\n"
            "2. Copy key numbers, percentages, amounts, dates and names exactly as written in the clause; "
            "never reword, convert or compute them.\n"
            "3. Put the number of the supporting clause in brackets right after each statement, e.g. "
            "\"... [1].\"; use only the numbers given.\n"
            "4. If the clauses do not answer the question, reply with exactly this sentence and nothing else: {none}"
        ),
        "clauses": "Clauses:",
        "question": "Question:",
    },
}


class LLMUnavailable(RuntimeError):
    """The model could not be used for this question (unreachable, timed out, HTTP error, empty reply)."""


class LLMBadReply(LLMUnavailable):
    """The model replied, but with nothing we can cite (no [n] marker at all)."""


@dataclass
class _Statement:
    n: int
    text: str  # the words the marker closes (markers removed)
    sentence: str  # its whole sentence (markers removed)


def build_messages(question: Question, hits: list[Hit]) -> tuple[str, str]:
    """(system, user) prompt: the instructions, then the numbered clauses and the question."""
    prompt = PROMPTS.get(question.lang, PROMPTS["zh-Hans"])
    none = MESSAGES[question.lang]["none"]
    blocks = []
    for n, hit in enumerate(hits, start=1):
        path = " > ".join(hit.section_path)
        head = f"[{n}] 《{hit.doc_title}》" + (f" {path}" if path else "")
        blocks.append(f"{head}\n{hit.text.strip(_WS)}")
    user = f"{prompt['clauses']}\n\n" + "\n\n".join(blocks) + f"\n\n{prompt['question']}{question.text}"
    return prompt["system"].format(none=none), user


def tidy_markers(reply: str) -> str:
    """【1】/［1］ → [1]; [1,2] → [1][2]; a marker just after a sentence end moves inside the sentence."""
    reply = _THINK_RE.sub("", reply).strip()
    reply = _WIDE_MARKER_RE.sub(lambda m: "".join(f"[{d}]" for d in re.findall(r"\d+", m.group(1))), reply)
    reply = re.sub(r"\s+\[(\d+)\]", r"[\1]", reply)  # "text [1]" → "text[1]"
    return _MARKER_AFTER_END_RE.sub(r"\2\1", reply)


def is_abstention(reply: str) -> bool:
    bare = MARKER_RE.sub("", reply)
    key = match_key(bare).lower()
    if any(key.startswith(match_key(m["none"]).lower().rstrip("。.")) for m in MESSAGES.values()):
        return True
    return not MARKER_RE.search(reply) and bool(_ABSTAIN_RE.search(normalize(bare)))


def _claims(text: str) -> list[str]:
    found = [m.group(0).strip() for m in NUMBER_RE.finditer(text)]
    found += [m.group(1) or m.group(2) for m in QUOTED_NAME_RE.finditer(text)]
    return [match_key(f) for f in found if f]


def _bigrams(key: str) -> set[str]:
    return {key[i : i + 2] for i in range(len(key) - 1)}


def statements(reply: str) -> list[_Statement]:
    """Every marker with the words it closes: the text since the previous marker in its sentence."""
    out = []
    for sentence in _SENTENCE_RE.findall(reply):
        bare = MARKER_RE.sub("", sentence).strip()
        pos, last = 0, ""
        for m in MARKER_RE.finditer(sentence):
            piece = sentence[pos : m.start()].strip(_PIECE_STRIP)
            last = piece or last
            out.append(_Statement(int(m.group(1)), last or bare, bare))
            pos = m.end()
    return out


def _trimmed(hit: Hit) -> Span:
    text = hit.text
    a = len(text) - len(text.lstrip(_WS))
    b = len(text.rstrip(_WS))
    return Span(hit.start + a, hit.start + b, text[a:b])


def support_span(hit: Hit, said: list[_Statement]) -> Span:
    """The verbatim part of `hit` that best supports what the reply says with its marker."""
    whole = _trimmed(hit)
    if len(whole.text) <= SHORT_CLAUSE:
        return whole
    headings = {match_key(h).rstrip("。.;；:：") for h in [*hit.section_path, hit.doc_title]}
    spans = [s for s in split_sentences(hit.text, base=hit.start) if match_key(s.text).rstrip("。.;；:：") not in headings]
    if not spans:  # a bare heading or title line says nothing by itself
        return whole
    keys = [match_key(s.text) for s in spans]
    chosen: set[int] = set()
    for st in said:
        key = match_key(st.text)
        claims = _claims(st.text)
        grams = _bigrams(key)

        def score(i: int, claims=claims, grams=grams) -> tuple[int, float]:
            shared = sum(c in keys[i] for c in claims)
            return shared, len(grams & _bigrams(keys[i])) / len(grams) if grams else 0.0

        best = max(range(len(spans)), key=lambda i: (*score(i), -i))
        shared, overlap = score(best)
        if not shared and overlap < MIN_OVERLAP:
            return whole  # nothing to go by (say, an English statement without numbers): quote the clause
        chosen.add(best)
        for claim in _claims(st.sentence):  # a claimed number the best sentence lacks, stated by another one
            if not any(claim in keys[i] for i in chosen):
                chosen.update(i for i in range(len(spans)) if claim in keys[i])
    a, b = min(spans[i].start for i in chosen), max(spans[i].end for i in chosen)
    return Span(a, b, hit.text[a - hit.start : b - hit.start])


def cite(reply: str, hits: list[Hit]) -> tuple[list[Citation], list[int]]:
    """Citations for the markers of existing clauses; the numbers of markers that name no clause."""
    by_n: dict[int, list[_Statement]] = {}
    for st in statements(reply):
        by_n.setdefault(st.n, []).append(st)
    citations, invalid = [], []
    for n in sorted(by_n):
        if 1 <= n <= len(hits):
            citations.append(citation_for(n, hits[n - 1], support_span(hits[n - 1], by_n[n])))
        else:
            invalid.append(n)  # left in the prose: the checker reports "marker [n] has no citation"
    return citations, invalid


class LLMComposer:
    name = "llm"

    def __init__(self, settings: Settings, *, timeout: float | None = None, max_retries: int = MAX_RETRIES) -> None:
        if not (settings.llm_base_url and settings.llm_model):
            raise ValueError("the LLM composer needs both RAG_LLM_BASE_URL and RAG_LLM_MODEL")
        self.base_url = settings.llm_base_url
        self.model = settings.llm_model
        self._api_key = settings.llm_api_key or "none"
        self.timeout = timeout if timeout is not None else settings.llm_timeout_s
        self.max_retries = max_retries
        self._llm: Any = None
        self._lock = threading.Lock()

    @property
    def llm(self) -> Any:
        """The llama-index OpenAILike client, built on first use."""
        with self._lock:
            if self._llm is None:
                try:
                    from llama_index.core.callbacks import CallbackManager
                    from llama_index.llms.openai_like import OpenAILike
                except ImportError as e:
                    raise LLMUnavailable(
                        f"the LLM composer needs the `llm` extra (pip install -e '.[llm]'): {e}"
                    ) from e
                self._llm = OpenAILike(
                    model=self.model,
                    api_base=self.base_url,
                    api_key=self._api_key,
                    is_chat_model=True,
                    is_function_calling_model=False,
                    temperature=TEMPERATURE,
                    max_tokens=MAX_TOKENS,
                    timeout=self.timeout,
                    max_retries=self.max_retries,
                    callback_manager=CallbackManager([]),
                )
            return self._llm

    def warm_up(self) -> None:
        """Import llama-index and build the client at start-up, not on the first question."""
        try:
            _ = self.llm
        except LLMUnavailable:
            pass  # reported, and answered extractively, when a question comes

    def _chat(self, system: str, user: str) -> str:
        from llama_index.core.llms import ChatMessage

        try:
            response = self.llm.chat([ChatMessage(role="system", content=system), ChatMessage(role="user", content=user)])
        except LLMUnavailable:
            raise
        except Exception as e:  # openai.APIError and friends, httpx errors, a malformed response
            raise LLMUnavailable(f"{type(e).__name__}: {e}") from e
        reply = _THINK_RE.sub("", response.message.content or "").strip()
        if not reply:
            raise LLMUnavailable("the model returned an empty reply")
        return reply

    def rewrite(self, message: str, previous: str) -> str:
        """The standalone question a follow-up means, in the model's words (checked by
        conversation.check_rewrite before it is used)."""
        system = ("Rewrite the user's last message as one complete, standalone question in the language of that "
                  "message, using the previous question for whatever it leaves out. Keep every place, name, "
                  "figure and year it needs; add nothing else. Reply with the question only.")
        return self._chat(system, f"Previous question: {previous}\nLast message: {message}")

    def compose(self, question: Question, hits: list[Hit]) -> Draft:
        msgs = MESSAGES[question.lang]
        sep = " " if question.lang == "en" else ""
        hits = hits[:MAX_CLAUSES]
        meta: dict[str, object] = {"composer": self.name, "model": self.model}
        if not hits:
            meta["reason"] = "no_candidates"
            return Draft(f"{msgs['none']}{sep}{msgs['why_coverage']}", [], False, meta)
        system, user = build_messages(question, hits)
        self.llm  # noqa: B018  (build the client first: the first call's imports are not the model's latency)
        t0 = time.perf_counter()
        reply = self._chat(system, user)
        meta["latency_ms"] = round((time.perf_counter() - t0) * 1000, 1)
        meta["clauses"] = len(hits)
        reply = tidy_markers(reply)
        if is_abstention(reply):
            meta["reason"] = "llm_abstained"
            return Draft(f"{msgs['none']}{sep}{msgs['why_coverage']}", [], False, meta)
        if not MARKER_RE.search(reply):
            raise LLMBadReply("the model's reply cites no clause")
        citations, invalid = cite(reply, hits)
        if invalid:
            meta["invalid_markers"] = invalid
        return Draft(reply, citations, True, meta)
