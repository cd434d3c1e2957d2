"""Feedback on answers: 👍/👎 with an optional reason, appended to a JSON Lines log, and turned into
candidate gold items so real users' questions feed the evaluation (the dev split only).

Each entry holds what is needed to judge the answer later without the server: the question as typed,
the question it was answered as (a follow-up's `resolved_question`), the answer, whether it answered,
and the clause ids it cited. The server remembers its latest answers (RECENT) so a client can rate one
by its id alone; an older or unknown id is refused, and a client may instead send the question itself.
"""

from __future__ import annotations

import json
import threading
import time
from collections import OrderedDict
from collections.abc import Iterable
from pathlib import Path

from .errors import BadInput, NotFound
from .models import Answer

RECENT = 2000  # answers remembered for feedback by id (about 2 MB at the answers' usual size)
MAX_REASON_CHARS = 2000


class FeedbackLog:
    def __init__(self, path: Path, recent: int = RECENT) -> None:
        self.path = path
        self._recent: OrderedDict[str, Answer] = OrderedDict()
        self._keep = recent
        self._lock = threading.Lock()

    def remember(self, answer: Answer) -> None:
        with self._lock:
            self._recent[answer.id] = answer
            while len(self._recent) > self._keep:
                self._recent.popitem(last=False)

    def record(self, rating: int, reason: str = "", answer_id: str | None = None,
               question: str | None = None) -> dict:
        """Append one rating; returns the entry written."""
        if isinstance(rating, bool) or rating not in (1, -1):
            raise BadInput("rating must be 1 (helpful) or -1 (not helpful)")
        if not isinstance(reason, str) or len(reason) > MAX_REASON_CHARS:
            raise BadInput(f"reason must be a string of at most {MAX_REASON_CHARS} characters")
        entry: dict[str, object] = {"time": time.strftime("%Y-%m-%dT%H:%M:%S%z"), "rating": rating,
                                    "reason": reason.strip()}
        if answer_id:
            with self._lock:
                answer = self._recent.get(answer_id.removeprefix("chatcmpl-"))
            if answer is None:
                raise NotFound(f"no recent answer has the id '{answer_id[:80]}'; send the question instead")
            entry |= {"answer_id": answer.id, "question": answer.question,
                      "resolved_question": answer.resolved_question, "answered": answer.answered,
                      "answer": answer.answer, "short_answer": answer.short_answer.text if answer.short_answer else None,
                      "clause_ids": [c.clause_id for c in answer.citations],
                      "quotes": [c.quote for c in answer.citations]}
        elif question and question.strip():
            entry["question"] = question.strip()[:MAX_REASON_CHARS]
        else:
            raise BadInput("feedback needs an answer_id (from an answer) or the question")
        line = json.dumps(entry, ensure_ascii=False) + "\n"
        with self._lock:  # one write of one whole line: concurrent ratings never interleave
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with self.path.open("a", encoding="utf-8") as f:
                f.write(line)
        return entry


def read(path: Path) -> list[dict]:
    """The log's entries; a damaged line (a write cut by a crash) is skipped, not fatal."""
    if not path.exists():
        return []
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        try:
            entry = json.loads(line)
        except json.JSONDecodeError:
            continue
        if isinstance(entry, dict) and entry.get("question"):
            out.append(entry)
    return out


def candidates(entries: Iterable[dict]) -> list[dict]:
    """Candidate gold items (dev split, to be reviewed before use) from rated answers, one per question.

    👍 on an answer: answerable, its quotes as evidence. 👎 "should not answer": unanswerable. Any
    other 👎: the question is kept with no evidence and `needs_review`, for a person to write the
    right answer or mark it unanswerable. Never the test split: test items come from blind writers."""
    from .normalize import detect_lang

    items: dict[str, dict] = {}
    for e in entries:
        question = str(e.get("resolved_question") or e["question"])
        reason = str(e.get("reason") or "")
        item: dict[str, object] = {
            "id": f"fb{len(items) + 1:04d}", "question": question, "lang": detect_lang(question), "split": "dev",
            "answerable": True, "seed": None, "evidence": [], "answer_any": [], "answer_all": [], "kind": "feedback",
            "needs_review": True, "note": f"rating {e['rating']:+d}" + (f": {reason}" if reason else ""),
        }
        if e["rating"] == 1 and e.get("answered"):
            item["evidence"] = list(e.get("quotes") or [])
            if e.get("short_answer"):
                item["answer_any"] = [e["short_answer"]]
        elif e["rating"] == 1 and e.get("answered") is False:  # a refusal the user agreed with
            item["answerable"] = False
        elif e["rating"] == -1 and ("not answer" in reason.lower() or "不该回答" in reason):
            item["answerable"] = False
        items[question] = item | {"id": items.get(question, item)["id"]}  # the latest rating of a question wins
    return list(items.values())
