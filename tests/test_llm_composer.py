"""The optional LLM composer against a scripted OpenAI-compatible server running in this process.

The server speaks POST /v1/chat/completions (non-streaming), records every request and
answers with the reply each test scripts, so the composer, the checker and the fallback
are exercised end to end through llama-index's OpenAILike client and the real index.
"""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from rag.answer.messages import MESSAGES
from rag.assistant import Assistant
from rag.config import Settings
from rag.conversation import Turn
from rag.llm import LLMComposer, LLMUnavailable, is_abstention, statements, tidy_markers
from rag.models import MARKER_RE, Answer
from rag.verify import check

from .conftest import ROOT, TEST_ROOT

QUESTION = "科研人员转化成果能拿多少奖励"
GOOD = "科技成果转化所获收益可按70%及以上比例用于对科技人员奖励[1]。"

Reply = str | Callable[[dict], str]


class FakeOpenAI:
    """Scripted chat-completions endpoint: set `reply` (text or a function of the request body),
    `status` (an HTTP error code to answer with) or `delay` (seconds to stall before answering)."""

    def __init__(self) -> None:
        self.requests: list[dict] = []
        self.reset()
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:
                pass

            def do_POST(self) -> None:
                body = json.loads(self.rfile.read(int(self.headers.get("Content-Length") or 0)) or b"{}")
                fake.requests.append({"method": "POST", "path": self.path, "headers": dict(self.headers), "body": body})
                if fake.delay:
                    time.sleep(fake.delay)
                if self.path != "/v1/chat/completions":
                    return self._send(404, {"error": {"message": f"no route {self.path}"}})
                if fake.status != 200:
                    return self._send(fake.status, {"error": {"message": "scripted failure", "type": "server_error"}})
                content = fake.reply(body) if callable(fake.reply) else fake.reply
                self._send(200, {
                    "id": "chatcmpl-scripted", "object": "chat.completion", "created": int(time.time()),
                    "model": body.get("model"),
                    "choices": [{"index": 0, "finish_reason": "stop",
                                 "message": {"role": "assistant", "content": content}}],
                    "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
                })

            def _send(self, status: int, payload: dict) -> None:
                data = json.dumps(payload, ensure_ascii=False).encode()
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (timeout test)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def reset(self, reply: Reply = "", status: int = 200, delay: float = 0.0) -> None:
        self.reply, self.status, self.delay = reply, status, delay
        self.requests.clear()

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"

    def prompt(self) -> str:
        return "\n".join(m["content"] for m in self.requests[-1]["body"]["messages"])


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def fake():
    server = FakeOpenAI()
    server.thread.start()
    yield server
    server.server.shutdown()
    server.server.server_close()


@pytest.fixture(scope="module")
def assistant(fake):
    settings = Settings(root=TEST_ROOT, llm_base_url=fake.base_url, llm_model="scripted")
    a = Assistant.open(settings, build_if_needed=True)
    a.warm_up()
    return a


@pytest.fixture
def llm(fake, assistant):
    fake.reset()
    yield fake
    fake.reset()


def _verified(assistant: Assistant, answer: Answer) -> None:
    """The answer passes the checker and every quote is the document text at its offsets."""
    assert check(answer.answer, answer.citations, lambda d: assistant.document(d).text,
                 assistant._clause_or_none) == []
    for c in answer.citations:
        assert assistant.document(c.doc_id).text[c.start : c.end] == c.quote


def _clause_number_with(body: dict, needle: str) -> int:
    """The [n] of the first clause in the prompt whose text contains `needle` (Traditional or Simplified)."""
    user = body["messages"][-1]["content"]
    for n, block in re.findall(r"^\[(\d+)\] 《[^\n]*\n(.*?)(?=\n\n\[\d+\] |\n\n\S+：|\Z)", user, re.S | re.M):
        if needle in block:
            return int(n)
    raise AssertionError(f"no clause with {needle!r} in the prompt")


# -- 1. a good reply --------------------------------------------------------------------------


def test_a_good_reply_is_answered_with_verbatim_citations(assistant, llm):
    llm.reset(GOOD)
    answer = assistant.ask(QUESTION)
    assert answer.answered
    assert answer.meta["composer"] == "llm"
    assert answer.meta["model"] == "scripted"
    assert isinstance(answer.meta["latency_ms"], float)
    assert "checker" not in answer.meta and "fallback" not in answer.meta
    # the LLM's prose, opened (as every composer's answer is) by the asked-for value from its own quote
    assert answer.answer == "答：70%及以上[1]\n" + GOOD and answer.short_answer.text == "70%及以上"
    c1 = next(c for c in answer.citations if c.n == 1)
    assert "70%" in c1.quote
    assert assistant.document(c1.doc_id).text[c1.start : c1.end] == c1.quote
    assert c1.clause_id == answer.hits[0].clause_id
    assert len(c1.quote) < len(answer.hits[0].text)  # the supporting sentence, not the whole clause
    _verified(assistant, answer)


def test_the_marker_is_cited_from_the_clause_it_names(assistant, llm):
    """Whatever the retrieval order, [n] quotes hit n: script the reply from the prompt itself."""
    llm.reset(lambda body: f"科技成果转化所获收益可按70%及以上比例用于对科技人员奖励[{_clause_number_with(body, '70%')}]。")
    answer = assistant.ask(QUESTION)
    assert answer.answered and answer.meta["composer"] == "llm"
    n = int(MARKER_RE.search(answer.answer).group(1))
    assert answer.citations[0].clause_id == answer.hits[n - 1].clause_id
    _verified(assistant, answer)


# -- 2-4. replies the checker must catch --------------------------------------------------------


def test_an_invented_number_is_caught(assistant, llm):
    llm.reset("科技成果转化所获收益可按90%比例用于对科技人员奖励[1]。")
    answer = assistant.ask(QUESTION)
    assert any("90%" in p for p in answer.meta["checker"])
    assert "90%" not in answer.answer
    assert answer.meta.get("repaired") or answer.meta.get("fallback") == "extractive"
    _verified(assistant, answer)


def test_an_invented_number_next_to_a_good_statement_is_repaired_away(assistant, llm):
    llm.reset(GOOD + "单位领导最多可获得90%的奖励[2]。")
    answer = assistant.ask(QUESTION)
    assert any("90%" in p for p in answer.meta["checker"])
    assert answer.meta.get("repaired") and answer.meta["composer"] == "llm"
    assert "90%" not in answer.answer and "70%" in answer.answer
    _verified(assistant, answer)


def test_a_marker_without_a_source_is_caught(assistant, llm):
    llm.reset(GOOD + "另有专项资金支持[7]。")
    answer = assistant.ask(QUESTION)
    assert len(answer.hits) == 5
    assert any("[7]" in p for p in answer.meta["checker"])
    assert "[7]" not in answer.answer
    assert {int(m) for m in MARKER_RE.findall(answer.answer)} == {c.n for c in answer.citations}
    _verified(assistant, answer)


def test_only_a_marker_without_a_source_falls_back(assistant, llm):
    llm.reset("科技成果转化所获收益可按70%及以上比例用于对科技人员奖励[7]。")
    answer = assistant.ask(QUESTION)
    assert any("[7]" in p for p in answer.meta["checker"])
    assert answer.meta["fallback"] == "extractive" and answer.meta["composer"] == "extractive"
    assert {int(m) for m in MARKER_RE.findall(answer.answer)} == {c.n for c in answer.citations}
    _verified(assistant, answer)


def test_a_reply_without_markers_is_caught(assistant, llm):
    llm.reset("科技人员可以获得科技成果转化收益的奖励。")
    answer = assistant.ask(QUESTION)
    assert answer.meta["fallback"] == "extractive"
    assert "cites no clause" in answer.meta["llm_error"]
    assert answer.citations and "70%" in answer.answer  # the extractive answer
    _verified(assistant, answer)


def test_a_made_up_programme_name_is_caught(assistant, llm):
    llm.reset("科技人员可通过“星火燎原奖励计划”获得奖励[1]。")
    answer = assistant.ask(QUESTION)
    assert any("星火燎原奖励计划" in p for p in answer.meta["checker"])
    assert "星火燎原" not in answer.answer
    assert answer.meta["fallback"] == "extractive"
    _verified(assistant, answer)


# -- 5. abstention ------------------------------------------------------------------------------


@pytest.mark.parametrize("reply", ["这些文件没有回答这个问题。", "  这些文件没有回答这个问题  ", "所给条款未提及这一问题。"])
def test_an_abstention_reply_is_not_answered(assistant, llm, reply):
    llm.reset(reply)
    answer = assistant.ask("北京市对科技人员出国旅游有多少补贴")
    assert not answer.answered
    assert answer.citations == []
    assert answer.meta["composer"] == "llm" and answer.meta["reason"] == "llm_abstained"
    assert answer.answer.startswith(MESSAGES["zh-Hans"]["none"])


def test_abstention_speaks_the_question_language(assistant, llm):
    llm.reset(MESSAGES["en"]["none"])
    answer = assistant.ask("How much travel subsidy do researchers get for holidays abroad?")
    assert not answer.answered
    assert answer.answer.startswith(MESSAGES["en"]["none"])
    assert "Answer in English" in llm.requests[-1]["body"]["messages"][0]["content"]


# -- 6. the model is unavailable -------------------------------------------------------------


def _assert_extractive_fallback(assistant: Assistant, answer: Answer) -> None:
    assert answer.meta["fallback"] == "extractive"
    assert answer.meta["composer"] == "extractive"
    assert answer.meta["llm_error"]
    assert answer.answered and answer.citations
    _verified(assistant, answer)


def test_server_error_falls_back_to_extractive(assistant, llm):
    llm.reset(status=500)
    answer = assistant.ask(QUESTION)
    _assert_extractive_fallback(assistant, answer)
    assert "500" in answer.meta["llm_error"] or "InternalServerError" in answer.meta["llm_error"]
    assert len(llm.requests) == 2  # max_retries=1: the client tries once more, then gives up


def test_empty_reply_falls_back_to_extractive(assistant, llm):
    llm.reset("   ")
    answer = assistant.ask(QUESTION)
    _assert_extractive_fallback(assistant, answer)
    assert "empty" in answer.meta["llm_error"]


def test_timeout_falls_back_to_extractive(assistant, llm, monkeypatch):
    llm.reset(GOOD, delay=3.0)
    # the served snapshot's composer (rag.snapshot makes it once per snapshot)
    monkeypatch.setitem(assistant.snapshot()._parts, "composer",
                        LLMComposer(assistant.settings, timeout=0.5, max_retries=0))
    t0 = time.perf_counter()
    answer = assistant.ask(QUESTION)
    assert time.perf_counter() - t0 < 2.5
    _assert_extractive_fallback(assistant, answer)
    assert "Timeout" in answer.meta["llm_error"]


def test_server_down_falls_back_to_extractive(assistant):
    settings = Settings(root=TEST_ROOT, llm_base_url=f"http://127.0.0.1:{_free_port()}/v1", llm_model="scripted")
    down = Assistant(settings, index=assistant.index, embedder=assistant.embedder)
    answer = down.ask(QUESTION)
    _assert_extractive_fallback(down, answer)
    assert "Connection" in answer.meta["llm_error"]


def test_composer_raises_llm_unavailable(assistant, llm):
    from rag.question import analyse

    llm.reset(status=503)
    composer = LLMComposer(assistant.settings, max_retries=0)
    with pytest.raises(LLMUnavailable):
        composer.compose(analyse(QUESTION), assistant.search(QUESTION).hits)


# -- 7. nothing reaches for a model unless configured ------------------------------------------


def test_unconfigured_settings_build_nothing():
    with pytest.raises(ValueError):
        LLMComposer(Settings(root=TEST_ROOT))
    with pytest.raises(ValueError):
        LLMComposer(Settings(root=TEST_ROOT, llm_base_url="http://127.0.0.1:9/v1"))


def test_without_llm_settings_nothing_imports_llama_index_llms():
    script = f"""
import sys
import rag.llm
assert not [m for m in sys.modules if m.startswith(("llama_index", "openai"))], "importing rag.llm is not cheap"
from rag.assistant import Assistant
from rag.config import Settings
a = Assistant.open(Settings(root={str(TEST_ROOT)!r}))
assert type(a.composer).__name__ == "ExtractiveComposer", a.composer
answer = a.ask({QUESTION!r})
assert answer.answered and answer.meta["composer"] == "extractive", answer.meta
loaded = sorted(m for m in sys.modules if m.startswith(("llama_index.llms", "openai")))
assert not loaded, loaded
print("ok")
"""
    env = {k: v for k, v in os.environ.items() if not k.startswith("RAG_LLM_")}
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    assert done.stdout.strip().endswith("ok")


# -- 8. what the server is sent ----------------------------------------------------------------


def test_the_prompt_carries_the_numbered_clauses_and_the_question(assistant, llm):
    llm.reset(GOOD)
    answer = assistant.ask(QUESTION)
    assert len(llm.requests) == 1
    request = llm.requests[0]
    assert request["path"] == "/v1/chat/completions"
    assert request["headers"]["Authorization"] == "Bearer none"
    body = request["body"]
    assert body["model"] == "scripted" and body["stream"] is False
    assert [m["role"] for m in body["messages"]] == ["system", "user"]
    prompt = llm.prompt()
    assert QUESTION in prompt
    for n, hit in enumerate(answer.hits, start=1):
        assert f"[{n}] 《{hit.doc_title}》 {' > '.join(hit.section_path)}\n{hit.text.strip()}" in prompt
    assert "[6]" not in prompt
    system = body["messages"][0]["content"]
    assert "只能依据" in system and "[n]" in system and MESSAGES["zh-Hans"]["none"] in system


# -- the reply parser on its own ---------------------------------------------------------------


def test_markers_are_tidied():
    assert tidy_markers("比例为70%。[1]") == "比例为70%[1]。"
    assert tidy_markers("A【1】，B［2］") == "A[1]，B[2]"
    assert tidy_markers("A [1, 2]. B [3]") == "A[1][2]. B[3]"
    assert tidy_markers("<think>hmm [9]</think>A[1]。") == "A[1]。"


def test_each_marker_carries_the_words_before_it():
    said = statements("A说了70%[1]，B说了30%[2][3]。C[1]。")
    assert [(s.n, s.text) for s in said] == [(1, "A说了70%"), (2, "B说了30%"), (3, "B说了30%"), (1, "C")]


def test_abstention_detection():
    assert is_abstention("这些文件没有回答这个问题。")
    assert is_abstention("這些文件沒有回答這個問題。")
    assert is_abstention("These documents do not answer this question.")
    assert is_abstention("The clauses do not mention holiday subsidies.")
    assert not is_abstention(GOOD)
    assert not is_abstention("条款未规定具体金额，但可获得现金奖励[1]。")


def test_the_quote_is_the_sentence_that_supports_the_statement():
    from rag.llm import cite
    from rag.models import Hit

    text = "3.加强激励。单位可设立专项奖励。收益可按70%及以上比例用于奖励。领导干部实行公示制度。另有若干规定适用于其他单位的一般情形，具体办法由主管部门会同有关部门另行制定并向社会公布。"
    assert len(text) > 80  # longer clauses are quoted by sentence
    hit = Hit(clause_id="d:C1", doc_id="d", doc_title="某方案", section_path=["3.加强激励"], text=text,
              start=100, end=100 + len(text), score=1.0)
    (c,), invalid = cite("收益可按70%及以上比例奖励[1]。", [hit])
    assert invalid == [] and c.quote == "收益可按70%及以上比例用于奖励。"
    assert text[c.start - 100 : c.end - 100] == c.quote
    # two statements cite [1]: one contiguous verbatim span covers both sentences
    (c,), _ = cite("收益可按70%及以上比例奖励[1]。领导干部实行公示[1]。", [hit])
    assert c.quote == "收益可按70%及以上比例用于奖励。领导干部实行公示制度。"
    # nothing to match on (English, no numbers): the whole clause; a clause number never given: no citation
    (c,), invalid = cite("Units may set up rewards [1]. Something else [4].", [hit])
    assert c.quote == text and invalid == [4]


# -- follow-ups: the model may word the standalone question, the rules check it ------------------------------

FUND_CHAT = [Turn("user", "海淀区的创新基金规模是多少？"), Turn("assistant", "1000亿")]


def _rewriting(rewrite: str):
    """A scripted model: `rewrite` for a rewrite request; for the answer, the clause stating 200亿 cited."""
    def reply(body: dict) -> str:
        if body["messages"][0]["content"].startswith("Rewrite the user's last message"):
            return rewrite
        return f"合作共建的科技创新基金总规模达到200亿元[{_clause_number_with(body, '200亿')}]。"
    return reply


def test_a_good_llm_rewrite_is_used(assistant, llm):
    llm.reset(_rewriting("廊坊合作共建的科技创新基金总规模是多少？"))
    a = assistant.ask("那廊坊呢？", history=FUND_CHAT)
    assert a.resolved_question == "廊坊合作共建的科技创新基金总规模是多少？" and a.meta["rewrite"] == "llm"
    assert a.meta["rules_rewrite"].startswith("廊坊") and a.answered and "200亿" in a.answer
    _verified(assistant, a)


@pytest.mark.parametrize("bad", ["海淀区的创新基金规模是多少？", "上海和廊坊的创新基金规模是多少？", "廊坊\n上海"])
def test_an_llm_rewrite_that_drops_or_adds_an_entity_loses_to_the_rules(assistant, llm, bad):
    llm.reset(_rewriting(bad))
    a = assistant.ask("那廊坊呢？", history=FUND_CHAT)
    assert a.meta["rewrite"] == "rules" and a.meta["llm_rewrite_refused"]
    assert a.resolved_question.startswith("廊坊") and "上海" not in a.resolved_question


def test_an_unreachable_model_leaves_the_rules_rewrite(assistant, llm):
    llm.reset(status=500)
    a = assistant.ask("那廊坊呢？", history=FUND_CHAT)
    assert a.meta["rewrite"] == "rules" and a.resolved_question.startswith("廊坊")
    assert a.meta.get("fallback") == "extractive"  # and the answer itself came from the extractive composer
    _verified(assistant, a)


def test_a_complete_question_is_never_sent_for_rewriting(assistant, llm):
    llm.reset(_rewriting("上海的创新基金规模是多少？"))
    a = assistant.ask("廊坊的创新基金规模是多少？", history=FUND_CHAT)
    assert a.resolved_question is None and "rewrite" not in a.meta
    assert not any(r["body"]["messages"][0]["content"].startswith("Rewrite") for r in llm.requests)
