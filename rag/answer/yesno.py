"""Yes/no questions: 是 or 否 from the sentence that decides them, or nothing when none does.

The deciding sentence is the cited quotes' sentence covering the question best (`_deciding_sentence`);
it decides by the figure the question states (`_value_verdict`), by the modal the question asks
(能不能…/可以…, 需要…/不需…), by a negation of the asked thing, by stating what the question asks is
stated, or by saying one thing only on its face. `decide` gives (是/否, the citation's n); the short
answer (rag.answer.short) words it, in English too.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

from ..models import Citation
from ..normalize import aligned_simplified
from ..question import Question
from .enumerated import item_at
from .premise import bare_sums, counts, figures, respective, values

# a yes/no question is decided by its clause when that says one thing only: may / must / is supported,
# or may not / is not set
_NO_RE = re.compile(r"不得|禁止|不予|不能|不可|无须|不需|不设|不再|不属于|不适用|不列入|不纳入")
_YES_RE = re.compile(r"可以|应当|支持|鼓励|允许|有权|予以|给予|适用|纳入|参照")


def decide(q: Question, citations: list[Citation], terms: list[str] | None = None,
            topic: Callable[[str], float] | None = None,
            stated: Callable[[str], float] | None = None) -> tuple[str, int] | None:
    """是 or 否 from the deciding sentence — of the cited quotes' sentences, the one that covers the
    question best (earlier on a tie; the first quote's when nothing scores them) — else nothing:
    0. the modal the question asks stated right before one of its words (能不能突破… / 可以突破…) → 是;
    1. the asked thing negated (不计入…, 不得获取…, 禁止发展…, 不受影响) → 否;
    2. the question's modal asked of it (需要/need, 可以/can, 必须/must) stated negated in the sentence
       (不需审批, 不得, 无须) → 否, stated plainly → 是;
    3. the question asks whether something is stated (有没有提出…, is there …) and the sentence, read
       with its document's title, states nearly all of it (`stated`: the coverage of the question's
       words less the frame words 提出/规定/mention; ≥ EXISTENCE_COVERAGE), not negated → 是;
    4. the sentence says one thing only on its face: may / must / is supported → 是, may not / is not
       set → 否. A sentence saying both, or neither, decides nothing."""
    if not citations:
        return None
    terms = [t for t in terms or [] if t]
    # a Chinese yes/no question ends with what it asks (…再申报会受影响吗): the sentence saying it decides
    predicate = asked_predicate(q, terms)
    n, sentence = _deciding_sentence(citations, topic, predicate,
                                     terms if q.is_english and NEGATED_TERM_DECIDES else None)
    cited = next(c for c in citations if c.n == n)
    if EARMARKS and OTHER_USE_ASKED_RE.search(q.normalised):
        # money earmarked (专款专用) or a use fixed (不得擅自变更) serves no other use; the earmark may be the
        # clause's next sentence, quoted apart ("经费…在职工教育经费中支付。…专款专用，不得挪用": devdocs 5 dev)
        # (or the first quote: the composer puts an earmarking sentence first for such a question, feat:earmark)
        earmark = next((c.n for c in citations if (c.n in (n, 1) or (EARMARK_CLAUSE and c.clause_id == cited.clause_id))
                        and EARMARKED_RE.search(aligned_simplified(c.quote))), None)
        if earmark is not None:
            return "否", earmark
    if PROHIBITED_ITEM and (verdict := _prohibited_item(q, citations, cited, sentence)) is not None:
        return verdict
    if SAME_FIGURES and _SAME_ASKED_RE.search(q.normalised) and (verdict := _same_figures(citations)) is not None:
        return verdict
    if predicate is not None and predicate not in sentence and PREDICATE_SYNONYMS:
        # "有没有比例上限" is said by 不单设比例限制: the predicate in the word the text uses (devdocs 3 dev)
        said = next((w for w in _PREDICATE_SYNONYMS.get(predicate, ()) if w in sentence), None)
        if said is not None:
            predicate, terms = said, [*terms, said]
    # what a document states is read with its title and the clause's headings: a heading "为冬奥会做好科技支撑"
    # states it for every sentence under it
    title = " ".join([cited.doc_title, *(cited.section_path if HEADINGS_STATE else [])])
    with_title = f"{aligned_simplified(title)}\n{sentence}"
    found = [t for t in terms if t in sentence]
    negated = _negates(sentence, found)
    modal = next((family for family, pattern in _MODAL_ASKED.items() if pattern.search(q.normalised)), None)
    if modal is None and ((MAY_TRADE and _MAY_TRADE_RE.search(q.normalised))
                          or (MAY_STILL and _MAY_STILL_RE.search(q.normalised))
                          or (MAY_RIGHT and _MAY_RIGHT_RE.search(q.normalised))):
        modal = "may"
    # the asked modal stated right before one of the question's words: 可以突破…总额 answers 能不能突破…总额
    # (not across a preposition: 可以向数据处理者要求… governs no 数据 — PREPOSITION_GOVERNS_NOT)
    gap = r"(?:(?![向对与和在从由给为])[^，,。；;]){0,2}" if PREPOSITION_GOVERNS_NOT else ".{0,2}"
    objects = _modal_objects(q, modal, found)
    governed = modal is not None and any(
        re.search(rf"(?:{_MODAL_YES[modal].pattern}){gap}{re.escape(t)}", sentence)
        and not re.search(rf"(?:{_MODAL_NO[modal].pattern}).{{0,2}}{re.escape(t)}", sentence) for t in objects)
    text = _value_verdict(q, citations, n, sentence)
    if text == "":
        return None
    if text is None and COUNTED_IN and _COUNTED_ASKED_RE.search(q.normalised):
        text = _classed(sentence, _NOT_COUNTED_RE, _COUNTED_RE)
    if text is None and ON_ITS_OWN and _OWN_ASKED_RE.search(q.normalised) and _CONDITION_SAID_RE.search(sentence):
        text = "否"
    # a Chinese question's predicate absent from the sentence: what the sentence says on its face is about
    # something else (需要上缴吗 — 收入全部留归本单位,纳入单位预算 says 纳入, not 上缴)
    on_face = q.is_english or predicate is None or predicate in sentence or not PREDICATE_ON_FACE
    if q.is_english and stated is not None and ENGLISH_FACE_COVERAGE:
        # an English question has no predicate to look for: the sentence must state most of what it asks
        # (forms 2 dev: "does the central government put up the money?" was Yes from a sentence about
        # another body)
        on_face = stated(with_title) >= ENGLISH_FACE_COVERAGE
    if text is None and ANTONYMS and (said := _opposite_said(q.normalised, sentence)):
        text = said
    asks_to_omit = bool(_ASKS_TO_OMIT_RE.search(q.normalised)
                        or (OMIT_ADVERB and _ASKS_TO_OMIT_ADVERB_RE.search(q.normalised)))
    if text is None and DUTY_AGAINST and asks_to_omit and not (OMISSION_SAID and governed):
        text = _duty_verdict(sentence)
    if text is None and BYPASS_ASKED and not q.is_english:
        text = _bypass_verdict(q.normalised, sentence)
    if text is None and WITHOUT_APPROVAL and _WITHOUT_APPROVAL_ASKED_RE.search(q.normalised):
        # "can a company set it up without approval?": 应当经…审批 says no, 无需审批 yes
        text = "是" if _NO_APPROVAL_SAID_RE.search(sentence) else "否" if _APPROVAL_SAID_RE.search(sentence) else None
    if text is None and predicate is not None and predicate in sentence and STRETCH_SCOPE:
        text = _stretch_verdict(sentence, terms, topic, _asked_phrase(q, terms, predicate), modal,
                                negated_verbs=not _NEGATED_IN_QUESTION_RE.search(q.normalised))
    if text is None and CONSEQUENCE_STATED and predicate is not None and _CONSEQUENCE_ASKED_RE.search(q.normalised):
        text = _consequence_verdict(sentence, _asked_phrase(q, terms, predicate))
    if (text is None and PHRASE_STATED and predicate is not None and not modal
            and not _EXISTENCE_ASKED_RE.search(q.normalised)  # (whether a document says it: read with its title below)
            and len(asked := _asked_phrase(q, terms, predicate)) == 2):
        text = _consequence_verdict(sentence, asked)
    if text is None and NO_BOUND_ASKED and _NO_BOUND_ASKED_RE.search(q.normalised):
        # "是否不封顶?", "is there no cap?": a cap stated (最高10万元) says no, a cap ruled out (不设上限) yes
        text = "是" if _NO_BOUND_SAID_RE.search(sentence) else "否" if _CAP_STATED_RE.search(sentence) else None
    if text is None and _EXISTENCE_ASKED_RE.search(q.normalised) and _bound_stated(q, sentence):
        text = "是"
    if text is None and SAME_EFFECT and _SAME_EFFECT_ASKED_RE.search(q.normalised):
        text = "是" if _SAME_EFFECT_SAID_RE.search(sentence) and "不具有" not in sentence else None
    if text is None and UNAFFECTED and _VOIDED_ASKED_RE.search(q.normalised) and "不影响" in sentence:
        text = "否"
    if text is None and FREELY and _FREELY_ASKED_RE.search(q.normalised) and _CONDITION_SAID_RE.search(sentence):
        text = "否"
    if text is None and MEMBERSHIP and on_face and _MEMBERSHIP_ASKED_RE.search(q.normalised):
        text = _classed(sentence, _CLASS_NOT_RE, _CLASS_RE)
    if text is None and not q.is_english and IDENTITY:
        text = _identity_verdict(q.normalised, sentence, terms)
    if text is None:
        if governed:
            text = "是"
        elif negated:
            text = "否"
        elif modal and _MODAL_NO[modal].search(sentence):
            text = "否"
        elif modal and _MODAL_YES[modal].search(sentence) and not _NO_RE.search(sentence):
            text = "是"
        elif (not modal and stated is not None and _EXISTENCE_ASKED_RE.search(q.normalised)
              and stated(with_title) >= EXISTENCE_COVERAGE
              and not _NO_RE.search(sentence)):
            text = "是"
        elif not on_face:
            pass  # the sentence does not say the asked predicate (上缴): its other verbs do not decide it
        elif not found and _NO_RE.search(sentence) and not _YES_RE.search(sentence):
            text = "否"
        elif _YES_RE.search(sentence) and not _NO_RE.search(sentence):
            text = "是"
    if text == "是" and PROHIBITION_WINS and modal == "may" and not asks_to_omit:
        barred = _prohibition_said([c for c in citations if c.clause_id == cited.clause_id], terms, predicate)
        if barred is not None:
            return "否", barred
    if text is None:
        return None  # the sentence does not decide it on its face
    if EXCEPTION_NAMED and not q.is_english and _exception_names_asked(q.normalised, sentence, citations, cited):
        return None  # "…应当报送审核。但是，景区图…除外": for a 景区 map it is the exception that decides
    return text, n


# A proviso quoted after the deciding sentence (但是，景区图、街区图等内容简单的地图除外) that names what the question
# asks about — a word of the question the deciding sentence does not have — makes the sentence's verdict
# the rule the question is the exception to: no verdict (devdocs 22 dev: 是 for a scenic-area map).
# (ablation switch)
EXCEPTION_NAMED = True
_EXCEPTION_RE = re.compile(r"^\s*但是[，,]?(.{2,80}?)除外")


def _exception_names_asked(question: str, sentence: str, citations: list[Citation], cited: Citation) -> bool:
    """Whether a 但是…除外 proviso after the deciding sentence (in its own quote or a later one of its clause)
    excepts something the (simplified) question names and the sentence itself does not (EXCEPTION_NAMED)."""
    main = sentence.split("但是")[0]  # (the deciding sentence may hold the proviso itself)
    for c in citations:
        if c.clause_id != cited.clause_id or (c is not cited and c.start < cited.end):
            continue
        view = aligned_simplified(c.quote)
        at = view.find("但是", view.find(main) + len(main) if c is cited and main in view else 0)
        m = _EXCEPTION_RE.match(view[at:]) if at >= 0 else None
        if m is None:
            continue
        excepted = m.group(1)
        if any(re.fullmatch(r"[\u4e00-\u9fff]{2}", g) and g in question and g not in main
               for g in (excepted[i:i + 2] for i in range(len(excepted) - 1))):
            return True
    return False


def _opposite_said(question: str, sentence: str) -> str | None:
    """否 when the question asks a predicate (上缴, keep, charge) and the sentence states its opposite plainly
    (留归本单位, 打破…限制, 免费), not negated; None otherwise."""
    lowered = question.lower()
    for asked, opposite in _antonyms():
        if not any((a in lowered) if a.isascii() else (a in question) for a in asked):
            continue
        for word in opposite:
            at = sentence.find(word)
            if at >= 0 and not _NEGATION_BEFORE_RE.search(sentence[max(0, at - 6): at]):
                return "否"
    return None


@lru_cache(maxsize=1)
def _antonyms() -> list[tuple[tuple[str, ...], tuple[str, ...]]]:
    path = Path(__file__).parents[1] / "lexicons" / "antonyms.json"
    pairs = json.loads(path.read_text(encoding="utf-8"))["pairs"]
    return [(tuple(p["asked"]), tuple(p["opposite"])) for p in pairs]


# A permission asked (可以…吗, 能不能…, can …?) that a sentence of the deciding clause bars — 不得/禁止/无权 before the
# asked predicate or two of the question's words in one stretch — is answered no, whatever another sentence allows
# (studied dev had 42 wrong 是/Yes against 4 wrong 否: seven now right, one fresh and one test verdict too). Only the
# deciding clause's sentences bar it: another article's prohibition (第十四条 beside 第十七条) turned two right
# verdicts. (ablation switch)
PROHIBITION_WINS = True
_PROHIBIT_RE = re.compile(r"不得|禁止|严禁|不准|无权|不允许")


def _prohibition_said(citations: list[Citation], terms: list[str], predicate: str | None) -> int | None:
    """The citation n of the first stretch barring what is asked: a prohibition, then the predicate or two of the
    question's terms (two characters or more) after it within the stretch."""
    words = [t for t in terms if len(t) >= 2]
    for c in sorted(citations, key=lambda c: c.n):
        for stretch in _STRETCH_RE.split(aligned_simplified(c.quote)):
            m = _PROHIBIT_RE.search(stretch)
            if m is None:
                continue
            after = stretch[m.end():]
            if (predicate and len(predicate) >= 2 and predicate in after) or sum(w in after for w in words) >= 2:
                return c.n
    return None


# A question asking whether one may go around a body ("可以绕过商标局直接…吗", 不经过…) is answered no by a sentence
# requiring the way through it (应当通过商标局…), yes by one letting the direct way (也可以直接…) and not requiring it
# (devdocs 25 dev: 是 read off 应当). (ablation switch)
BYPASS_ASKED = True
_BYPASS_ASKED_RE = re.compile(r"(?:绕过|绕开|跳过|避开|不经过|不通过|不经)([\u4e00-\u9fff]{2,10}?)(?=直接|自行|而|就|[，,])")
_DIRECT_SAID_RE = re.compile(r"(?:可以|也可以)直接")


def _bypass_verdict(question: str, sentence: str) -> str | None:
    """否 when the sentence requires going through the body the question asks to go around, 是 when it lets one go
    direct and requires no such way; None when the question asks no bypass or the sentence says neither."""
    asked = _BYPASS_ASKED_RE.search(question)
    if asked is None:
        return None
    body = asked.group(1)
    if re.search(rf"(?:应当|应|必须|须|需)(?:通过|经过|经由|经|由){re.escape(body)}", sentence):
        return "否"
    return "是" if _DIRECT_SAID_RE.search(sentence) else None


def _duty_verdict(sentence: str) -> str | None:
    """Whether one may leave a thing undone (可以停发离退休金吗, 可以不办社会保险吗): 否 when the sentence makes it
    a duty (仍应当照拨, 必须办理), 是 when it lets it go (可以不, 免于). None when it says neither."""
    if _LET_GO_RE.search(sentence):
        return "是"
    if _DUTY_RE.search(sentence):
        return "否"
    return None


def asked_predicate(q: Question, terms: list[str]) -> str | None:
    """The term a Chinese yes/no question ends with (…再申报会受影响吗: 受影响), what it asks; None in English."""
    if q.is_english:
        return None
    return max((t for t in terms if t in q.normalised), key=lambda t: (q.normalised.rfind(t) + len(t), len(t)),
               default=None)


def states_verdict_on(sentence: str, predicate: str) -> bool:
    """Whether a stretch of `sentence` says yes or no (不得, 可以, 应当…) before `predicate`."""
    for stretch in _STRETCH_RE.split(sentence):
        at = stretch.find(predicate)
        if at > 0 and _VERDICT_BEFORE_RE.search(stretch[:at]):
            return True
    return False


# the modal right before the predicate, an adverb at most between (不得擅自公布; not 应当使用依法公布的, whose
# modal is another verb's)
_VERDICT_BEFORE_RE = re.compile(r"(?:不得|禁止|严禁|不准|不能|不可|不予|可以|应当|必须|有权|无须|无需|不需|不必|免于)"
                                r"[\u4e00-\u9fff]{0,2}$")


def _asked_phrase(q: Question, terms: list[str], predicate: str) -> list[str]:
    """The predicate with the question word written right before it (股权 of 股权奖励, 工资总额 of
    工资总额限制): what the question asks about, as opposed to whom (正职领导) or when."""
    end = q.normalised.rfind(predicate)
    before = [t for t in terms if t != predicate and q.normalised[:end].endswith(t)]
    return [max(before, key=len), predicate] if before else [predicate]


def _stretch_verdict(sentence: str, terms: list[str], topic: Callable[[str], float] | None, asked: list[str],
                     modal: str | None, negated_verbs: bool = True) -> str | None:
    """Decided by the stretch of the sentence (between commas, semicolons or brackets) that says what is
    asked: of the stretches saying yes or no, the one with most of the asked phrase (`_asked_phrase`), then
    its modifier, then covering the question best, read up to its last question word. A negation there → 否 (原则上不得获取股权激励); the asked modal
    or a plain "may / must / is given" → 是 (可按有关规定获得现金奖励). A sentence saying two things (可以获得
    现金奖励,原则上不得获取股权激励) is read for the one asked. None when no stretch says yes or no."""
    best: tuple[tuple[int, bool, float], str] | None = None
    for stretch in _STRETCH_RE.split(sentence):
        at = max((i for t in terms if (i := stretch.rfind(t)) >= 0), default=-1)
        if at < 0:
            continue
        before = stretch[:at]
        if (_STRETCH_NO_RE.search(before) or (modal and _MODAL_NO[modal].search(before))
                or (NEGATED_VERDICTS and negated_verbs and (_NEGATED_VERB_RE.search(before) or _excepted(stretch, at)))):
            verdict = "否"
        elif (WEAKER_MODAL and modal in ("must", "need") and not _MODAL_YES[modal].search(before)
              and _PERMITS_RE.search(before)):
            verdict = "否"  # "必须设立…吗？" of "有条件的企业可以设立…": allowed, not required (WEAKER_MODAL)
        elif (modal and _MODAL_YES[modal].search(before)) or _YES_RE.search(before):
            verdict = "是"
        else:
            continue
        # the phrase's modifier (股权 of 股权奖励) tells which of two things of a kind is asked
        key = (sum(t in stretch for t in asked), asked[0] in stretch,
               topic(stretch) if topic else float(sum(t in stretch for t in terms)))
        if best is None or key > best[0]:
            best = (key, verdict)
    return best[1] if best else None


# "…的组长是科技部部长吗?", "牵头单位是不是市发改委?": whether the one named fills the slot named before it
_IDENTITY_RE = re.compile(r"(?:是不是|是否是|是|为)([^，,。；;？?！!是]{2,12}?)(?:吗|么|呢)?[？?。]?$")
_GENERIC_NAMES = frozenset({"部门", "单位", "机构", "政府", "机关", "负责人", "领导", "人员", "的"})


def _identity_verdict(question: str, sentence: str, terms: list[str]) -> str | None:
    """否 when the deciding sentence names the question's slot (组长) and none of the words of the one the
    question names for it (科技部部长: 科技部, 部长): "由北京市政府主要负责同志任组长" answers "组长是科技部部长吗"
    (forms 2 dev). 是 when it names them. None when the sentence does not name the slot."""
    m = _IDENTITY_RE.search(question)
    if m is None:
        return None
    named = m.group(1)
    # the slot: the question's word right before the copula (组长 of "…的组长是…")
    slot = max((t for t in terms if question[:m.start()].endswith(t)), key=len, default=None)
    if slot is None or slot not in sentence:
        return None
    words = [t for t in terms if t in named and t not in _GENERIC_NAMES and len(t) >= 2] or [named]
    return "是" if all(w in sentence for w in words) else "否" if not any(w in sentence for w in words) else None


def _bound_stated(q: Question, sentence: str) -> bool:
    """"有没有上限?" is answered 是 by a sentence stating that bound before a figure (给予年度最高10万元)."""
    side = next((side for side, pattern in BOUND_ASKED.items() if pattern.search(q.normalised)), None)
    return side is not None and any(re.search(rf"{b}\s*[\d一二三四五六七八九十百千万两]", sentence) for b in BOUNDS[side])


def _value_verdict(q: Question, citations: list[Citation], n: int, sentence: str) -> str | None:
    """A yes/no question stating a figure (是不是每年5亿元, a one-off award of 200,000 yuan, 2–3 national
    laboratories) is decided by the deciding sentence's figures: 否 when it states a figure of that kind
    but not that value (in a "分别" sentence, the asked thing's: 国家、省级…分别给予30万元、20万元 gives
    省级 20万元), 是 when it states the question's values; "" (undecided: no other rule decides it
    either) when it states none of their kinds; None when the question states no figure. (forms dev:
    three such questions refused as false premises, two answered 是, three undecided.)"""
    figured = set(figures(q.normalised)) | bare_sums(q.normalised)
    asked = values(q.normalised)
    if not asked:
        return None
    quote = next(c.quote for c in citations if c.n == n)
    offset = max(aligned_simplified(quote).find(sentence), 0)
    stated = {key for key, written in figures(sentence).items()
              if (at := sentence.find(written)) < 0 or respective(q, quote, offset + at, (key[0],)) is not False}
    stated |= counts(sentence)
    kinds = {kind for kind, _ in figures(sentence)} | {kind for kind, _ in stated}
    if any(key not in stated and key[0] in kinds for key in asked):
        return "否"
    if any(key in stated for key in asked):
        if VALUE_NOT_BINDING and any(re.search(rf"不受[^，,。；;]{{0,2}}{re.escape(written)}", sentence)
                                     for key, written in figures(sentence).items() if key in asked):
            return "否"  # "受5年期限限制吗" — "…不受5年的时间限制": the value stated, as what does not bind
        if BOUND_AGAINST and _bound_against(q.normalised, sentence):
            return "否"  # "可以少于百分之五十吗" — "不得少于百分之五十": the value, bounded the other way
        return "是"
    # no sum, share or period of those kinds: nothing decides it (a sentence saying 支持 does not say
    # 5亿元); a count alone leaves it to the other rules
    return "" if figured else None


# A question asking whether a figure may be passed one way ("可以少于百分之五十吗", "may it exceed 1 million
# yuan?") is answered no by a sentence bounding that value against it (不得少于百分之五十, 最高…): the value is
# stated, the asked side ruled out (devdocs 4 dev: answered 是). (ablation switch)
BOUND_AGAINST = True
# A figure the question states, said in the sentence as one that does not bind (不受5年的时间限制), is answered no
# (devdocs 25 dev: 是 for "受5年期限限制吗"). (ablation switch)
VALUE_NOT_BINDING = True
# (a bound the question itself negates asks the other side: 是不是不少于… asks the minimum)
_NOT = r"(?<!不)(?<!不得)(?<!不能)(?<!不应)(?<!不可)"
_ASKS_BELOW_RE = re.compile(rf"{_NOT}(?:少于|低于|小于)|不足|不到|(?<!not )\b(?:less|lower|fewer) than\b|\bbelow\b",
                            re.IGNORECASE)
_ASKS_ABOVE_RE = re.compile(rf"{_NOT}(?:多于|高于|超过|大于|超出)|(?<!not )\b(?:more|higher|greater) than\b"
                            r"|\babove\b|(?<!not )\bexceed", re.IGNORECASE)
_MINIMUM_RE = re.compile(r"不(?:得|能|应|可)?(?:少于|低于|小于)|至少|最低")
_MAXIMUM_RE = re.compile(r"不(?:得|能|应|可)?(?:超过|高于|多于|大于)|最高|最多")


def _bound_against(question: str, sentence: str) -> bool:
    """The question asks below (above) a figure and the sentence sets it as a minimum (maximum)."""
    below, above = bool(_ASKS_BELOW_RE.search(question)), bool(_ASKS_ABOVE_RE.search(question))
    if below == above:
        return False
    return bool((_MINIMUM_RE if below else _MAXIMUM_RE).search(sentence))


def _negates(sentence: str, terms: list[str]) -> bool:
    """Whether the sentence negates one of `terms` where it writes it (不得重复, 不计入)."""
    return any(_NEGATION_BEFORE_RE.search(sentence[max(0, m.start() - 6): m.start()])
               for t in terms for m in re.finditer(re.escape(t), sentence))


def _deciding_sentence(citations: list[Citation], topic: Callable[[str], float] | None,
                       predicate: str | None = None, negatable: list[str] | None = None) -> tuple[int, str]:
    """(citation n, Simplified text) of the sentence that decides a yes/no question: the one covering
    the question best, a sentence with the asked predicate ahead by PREDICATE_BONUS."""
    ordered = sorted(citations, key=lambda c: c.n)
    if topic is None:
        return ordered[0].n, aligned_simplified(ordered[0].quote)
    best: tuple[float, int, str] | None = None
    for c in ordered:
        for sentence in re.split(r"(?<=[。；;！？!?])", aligned_simplified(c.quote)):
            score = topic(sentence) if sentence.strip() else None
            if score is not None and predicate and predicate in sentence:
                score += PREDICATE_BONUS
                if VERDICT_ON_PREDICATE and states_verdict_on(sentence, predicate):
                    score += PREDICATE_BONUS  # 不得擅自公布 says no to 公布; 依法公布的数据 says nothing of it
            if score is not None and negatable and _negates(sentence, [t for t in negatable if len(t) >= 2]):
                score += PREDICATE_BONUS  # an English question has no predicate: a term negated (不得重复) decides
            if score is not None and (best is None or score > best[0]):
                best = (score, c.n, sentence)
    assert best is not None
    return best[1], best[2]


# A question asking whether one may leave something undone — not do it, stop it, cut it (可以停发离退休金吗,
# 可以不给员工上社会保险吗, "may it stop paying…") — is answered no by a sentence making it a duty (仍应当照拨),
# though the sentence's 应当 read on its face says 是 (devdocs 4 dev: two such answered 是). (ablation switch)
DUTY_AGAINST = True
# "我可以拒绝…吗" of "自然人可以拒绝…，数据处理者应当…提供拒绝的有效途径": the refusal asked is stated as allowed
# (可以拒绝), so the duty in the sentence (another party's 应当) does not make it 否 (devdocs 20 dev). (ablation switch)
OMISSION_SAID = True
# "Can a company charge me a fee for a copy of my data?" of "自然人可以向数据处理者要求查阅、复制其个人数据，…并不得
# 收取费用": the modal before a preposition (可以向…) is said of the asker's request, and governs none of the words
# after it; the charge is negated (devdocs 20 dev: answered Yes). (ablation switch)
PREPOSITION_GOVERNS_NOT = True
# Doing something without approval, filing or registration asked ("can a company set up an institution
# without any approval?", 不经审批可以…吗) is answered no by a clause requiring it (应当经…审批, 须报…批准) and yes
# by one waiving it (无需审批, 不需审批或备案): devdocs 5 dev, answered 是 off the clause's 可以. (ablation switch)
WITHOUT_APPROVAL = True
_WITHOUT_APPROVAL_ASKED_RE = re.compile(
    r"(?:未经|不经|无需|无须|不需要?|不用|不必|免于|绕过|跳过)(?:任何)?(?:有关)?(?:部门)?(?:批准|审批|同意|许可|备案|登记|核准)"
    r"|\bwithout (?:any |prior |official |government )*(?:approval|permission|authori[sz]ation|registration|filing|licen[cs]e)\b"
    r"|\bno (?:approval|permission|registration|filing) (?:is )?(?:needed|required)\b", re.IGNORECASE)
_APPROVAL_SAID_RE = re.compile(r"(?:应当|应|须|必须|需|需要|需经|要)(?:经|报|向|由)?[^，。；]{0,24}?(?:批准|审批|同意|许可|备案|登记|核准)"
                               r"|经[^，。；]{1,20}(?:批准|审批|核准)(?:后|的)?")
_NO_APPROVAL_SAID_RE = re.compile(r"(?:无需|无须|不需|不需要|不必|免于|不再)(?:报|经)?(?:审批|批准|备案|登记|核准)")
_MAY_ASKED = r"(?:可以|能|能否|可否|能不能|可不可以|允许|是否可以|会不会)"
_OMIT_VERB_WORDS = r"不(?![能可会行是要])|停|中止|取消|免除|免交|免缴|拒绝|拒|减少|降低|少(?!于)"
# (an adverb between the modal and the verb, 可以随时停止…, or 终止: devdocs 25 dev, 是 read off 应当持续提供)
# (ablation switch)
OMIT_ADVERB = True
_ASKS_TO_OMIT_ADVERB_RE = re.compile(rf"{_MAY_ASKED}(?:随时|自行|擅自|单方面|单方|提前|主动)?(?:终止|{_OMIT_VERB_WORDS})")
_ASKS_TO_OMIT_RE = re.compile(
    rf"{_MAY_ASKED}(?:{_OMIT_VERB_WORDS})"
    r"|\b(?:may|can|could|allowed to)\b[^?]{0,60}\b(?:not|stop|cease|skip|refuse|withhold|cut|reduce|suspend|halt)\b",
    re.IGNORECASE)
_DUTY_RE = re.compile(r"应当|必须|须|仍应|义务|照拨|照发|不予减少|不得(?:减少|降低|停止|停发|拒绝|取消|拖欠|克扣)")
_LET_GO_RE = re.compile(r"可以不|可不|免于|免除|不必|无须|无需|可以暂停|可以停止|可以减少")
# A question asking whether there is no bound (是否不封顶, 有没有上限 asked the other way round, "uncapped?") is
# answered no by a sentence stating one (按交易额的1‰给予年度最高10万元; forms 3 dev: answered 是). (ablation switch)
NO_BOUND_ASKED = True
_NO_BOUND_ASKED_RE = re.compile(r"不封顶|(?<!有)没有上限|(?<!有)无上限|不设上限|(?<!有)没有封顶|不设封顶|不限额|(?<!有)没有限额|\buncapped\b|\bno (?:cap|ceiling|upper limit)\b"
                                r"|\bwithout (?:a |any )?(?:cap|ceiling|limit)\b", re.IGNORECASE)
_NO_BOUND_SAID_RE = re.compile(r"不封顶|不设上限|不设比例限制|不受.{0,6}限制|上不封顶")
_CAP_STATED_RE = re.compile(r"(?:最高|最多|不超过|不得超过|上限为?|封顶)\s*[\d一二三四五六七八九十百千万两]")
# A question asking a predicate whose opposite the sentence states (需要上缴吗 — 全部留归本单位; 还保留年龄门槛吗 —
# 逐步打破年龄、资历…限制; "do they charge …" — 免费提供) is answered no (rag/lexicons/antonyms.json). (ablation switch)
ANTONYMS = True
# (An English question's two-sided sentence read by the stretch covering the question best: devdocs 2 +1,
# devdocs 5 −1 — "can a company advertise … if it hasn't given proof?" was read off 应当提供证明: not used.)

# "样例电子凭证跟纸质的效力一样吗?", "is a sealed sample copy as valid as the original?": a sentence giving them 同等效力 says yes
# (devdocs 25, 26, 27, 29 dev: four such questions had no short answer). (ablation switch)
SAME_EFFECT = True
_SAME_EFFECT_ASKED_RE = re.compile(r"效力(?:是不是|是否)?(?:一样|相同|一致)|(?:同样|一样|相同)的?(?:法律)?效力|同等(?:的)?(?:法律)?效力|"
                                   r"\bas (?:legally )?(?:valid|binding|effective) as\b|\bsame (?:legal )?(?:effect|validity|force)\b",
                                   re.IGNORECASE)
_SAME_EFFECT_SAID_RE = re.compile(r"同等的?(?:法律)?效力|效力(?:相同|同等)")
# "撤回同意后，之前的处理会因此失效吗?": a sentence saying it does not affect it (不影响…的效力) says no (devdocs 20, 26,
# 29 dev: three such questions had no short answer). (ablation switch)
UNAFFECTED = True
_VOIDED_ASKED_RE = re.compile(r"(?:会|是否会|会不会)(?:因此|因而|就)?(?:变得?|变成)?(?:无效|失效|违法|作废|不合法)|"
                              r"\bbecomes? (?:void|invalid|unlawful|illegal)\b", re.IGNORECASE)


# "可以随便改吗?", "can it be transferred freely?": what a regulation conditions (不得, 应当, 经…批准) is not done at will
# (devdocs 8, 14, 21, 28 dev: all seven such questions are answered no; five had no short answer). (ablation switch)
FREELY = True
_FREELY_ASKED_RE = re.compile(r"随便|随意|\bfreely\b|\bat will\b|\bas (?:it|they|we|he|she) (?:like|likes|wish|wishes)\b",
                              re.IGNORECASE)
# "Can a foreign institute do it on its own?", "单位自己能说了算吗": alone, as one pleases — against a sentence that
# conditions it (方可 with a partner, 经…批准) (devdocs 6, 17, 31, 32 dev: four such questions, none with a right
# short answer). (ablation switch, read at import)
ON_ITS_OWN = True
# (read before the other rules: 能 in 自己能说了算吗 is no modal of the act the sentence conditions)
_OWN_ASKED_RE = re.compile(r"\bon (?:its|their|his|her|my|our|your) own\b|\bby (?:itself|themselves)\b|\bunilaterally\b"
                           r"|自己(?:就)?(?:能|可以)?说了算|自行决定|单方面?决定", re.IGNORECASE)
_CONDITION_SAID_RE = re.compile(r"不得|禁止|严禁|不准|应当|必须|须|报经|经[^，。；]{0,16}?(?:批准|同意|许可|审批|核准)"
                                + (r"|方可|才能|才可" if ON_ITS_OWN else ""))


# "X算不算Y？", "does X count as Y?": a sentence classing it — Y包括X, X是Y, X为Y, Y是指…X, 认定为Y, X是Y的组成部分 —
# says yes; one excepting it (…除外, 不属于, 不视为, 不包括) no (devdocs dev: eleven such questions across devdocs 15–31
# had no short answer beside the defining sentence). (ablation switch)
MEMBERSHIP = True
MEMBER_SUFFIX = True  # (ablation switch, read at import)
_MEMBERSHIP_ASKED_RE = re.compile(r"算不算|算是|算作|是否算|能否算|能不能算|可否算|属不属于|是否属于|"
                                  # (算X吗: "也算军工产品吗", "算气候灾害吗" — devdocs 17 and 24 dev; MEMBER_SUFFIX)
                                  + (r"(?<![计清结打估核预推换])算(?![法术起进在入数账])[\u4e00-\u9fff「」“”、]{2,16}?(?:吗|么|嘛)|"
                                     if MEMBER_SUFFIX else "") +
                                  r"\bcounts? as\b|\b(?:treated|regarded|considered|deemed|classed) as\b", re.IGNORECASE)
_CLASS_NOT_RE = re.compile(r"除外|不属于|不视为|不包括|不是|不认定|不作为|不计入|不列入|不适用|不含")
_CLASS_RE = re.compile(r"是指|包括|属于|视为|认定为|组成部分|含|是|为")


def _classed(sentence: str, excluded: re.Pattern[str], included: re.Pattern[str]) -> str | None:
    """否 when the sentence leaves the thing out (excluded), else 是 when it puts it in (included), else None —
    the verdict of MEMBERSHIP (不属于 / 属于) and of COUNTED_IN (不计算在…内 / 纳入)."""
    if excluded.search(sentence):
        return "否"
    return "是" if included.search(sentence) else None


# "擅自发布警报和不按规定传播警报，罚款幅度一样吗？", "is the fine the same under A and B?": the two clauses quoted,
# each stating figures of one kind (a fine's range, a period), answer it by comparing them — the same figures 是,
# others 否 (devdocs 25 and 30 dev: both ranges quoted side by side and no short answer). (ablation switch)
SAME_FIGURES = True
_SAME_ASKED_RE = re.compile(r"(?:一样|相同|一致)(?:多|长|高)?(?:吗|么|嘛)|是否(?:一样|相同|一致)|是不是(?:一样|相同|一致)"
                            r"|\b(?:the same|identical)\b", re.IGNORECASE)
_SAME_KINDS = ("money", "percent", "duration")


def _same_figures(citations: list[Citation]) -> tuple[str, int] | None:
    """是/否 and the first quote's number, from the figures of the first two clauses quoted, or None."""
    sides: dict[str, tuple[int, set[tuple[str, float]]]] = {}  # clause id -> (its first quote, its figures)
    for c in citations:
        found = {key for key in figures(aligned_simplified(c.quote)) if key[0] in _SAME_KINDS}
        if found and c.clause_id not in sides:
            sides[c.clause_id] = (c.n, found)
        if len(sides) == 2:
            break
    if len(sides) < 2:
        return None
    (n, first), (_, second) = sides.values()
    if {kind for kind, _ in first} != {kind for kind, _ in second}:
        return None  # (a fine beside a period compares nothing)
    return ("是" if first == second else "否"), n


# "征求意见的时间算在答复期限里吗？", "does the time count toward the deadline?": a sentence leaving it out
# (不计算在…期限内, 不计入…基数) says no, one putting it in (纳入…考核范围, 计入成本) yes (devdocs 10 and 33 dev: three
# such questions had no short answer or 是 beside 不计算在…内). (ablation switch)
COUNTED_IN = True
_COUNTED_ASKED_RE = re.compile(r"(?:算|计|计算)(?:进|在|入)(?:去|来|内|[^，,。？?！!]{0,12}?(?:期限|时限|时间|期间|总额|基数|范围|成本|里|内))"
                               r"|计入|\bcount(?:s|ed)? (?:toward|towards|against|in)\b", re.IGNORECASE)
_NOT_COUNTED_RE = re.compile(r"不(?:予)?(?:计算|计|算|纳|列|包括)(?:在|入|进)?|除外|扣除")
_COUNTED_RE = re.compile(r"计入|计算在|算入|纳入|列入|包括在")



# "违规的话会不会被列入黑名单？" of "有违法行为的，列入黑名单，并…公示": a consequence asked (会不会, 是否会, 会被…吗)
# that the sentence states plainly — the asked phrase whole, in a stretch with no negation — happens: 是
# (devdocs 31 dev: a consequence stated with no modal word decided nothing). (ablation switch)
CONSEQUENCE_STATED = True
_CONSEQUENCE_ASKED_RE = re.compile(r"会不会|是否会|会否|会被")
# and with no modal asked, the asked phrase — its modifier and predicate — stated plainly says yes too (样例频道受国家
# 保护吗 of 样例频道受国家保护: devdocs 16 and 21 dev, two short answers). (ablation switch)
PHRASE_STATED = True


def _consequence_verdict(sentence: str, asked: list[str]) -> str | None:
    """是 when a stretch of the sentence has the asked phrase whole and no negation; None when one has it negated
    or none has it."""
    phrase = "".join(asked)
    for stretch in _STRETCH_RE.split(sentence):
        if phrase in stretch:
            return None if _NO_RE.search(stretch) or _STRETCH_NO_RE.search(stretch) else "是"
    return None


# Ablation switches (rag eval --ablate): the stretch saying the predicate decides first; the predicate
# must be in the sentence for its face-value modal words to decide; headings state what a document says.
STRETCH_SCOPE = True
ENGLISH_FACE_COVERAGE = 0.4  # (0 switches the rule off; dev yes/no: 0.3–0.4 one wrong Yes fewer, none right lost; 0.5 two fewer, one right lost)
IDENTITY = True
PREDICATE_ON_FACE = True
HEADINGS_STATE = True
# "the cap on the subsidy", "有没有上限": the bound a question asks about, and how a sentence writes it
BOUND_ASKED = {
    "upper": re.compile(r"最高|最多|上限|封顶|\b(?:cap(?:ped)?|ceiling|maximum|max|upper limit|at most|up to)\b",
                        re.IGNORECASE),
    "lower": re.compile(r"最低|至少|下限|不低于|不少于|\b(?:minimum|lower limit|at least|no less than)\b", re.IGNORECASE),
}
BOUNDS = {"upper": ("最高", "最多", "不超过", "不高于"), "lower": ("最低", "至少", "不低于", "不少于")}
# A limit is asked as 上限 and written 限制 or 限额 (and the reverse). (ablation switch)
PREDICATE_SYNONYMS = True
# (有没有…的权利 is said by 有权…: devdocs 4 dev)
_PREDICATE_SYNONYMS = {"上限": ("限制", "限额", "封顶"), "限制": ("上限", "限额"), "限额": ("上限", "限制"),
                       "权利": ("有权",)}
# "能不能挪去干别的用途", "可以改作其他用途吗" — whether money or a facility may serve another purpose — is
# answered no by a clause that earmarks it or fixes its use, though it never says the question's words
# (devdocs 3 dev). (ablation switch)
EARMARKS = True
EARMARK_CLAUSE = True  # (the earmark in another sentence of the deciding clause; ablation switch)
OTHER_USE_ASKED_RE = re.compile(r"挪|另作|移作|改作|改为|改变用途|变更用途|(?:别的|其他|其它)用途|other purpose|"
                                 r"another purpose|divert|repurpose|\bfor (?:something|anything) else\b|\bother uses?\b",
                                 re.IGNORECASE)
EARMARKED_RE = re.compile(r"专款专用|专项用于|专门用于|不得挪用|不得截留|不得(?:擅自)?(?:改变|变更)(?:其)?(?:用途|功能|性质)"
                           r"|不得(?:擅自)?(?:改作|挪作|移作)")
_STRETCH_RE = re.compile(r"[，,；;：:（）()]")
_STRETCH_NO_RE = re.compile(r"不得|禁止|严禁|不准|不予|不能|不可|无须|无需|不需|不必|不再|不设|不单设|不另设|不计入|不纳入|不列入|不受|免于|免除|豁免|不属于|"
                            r"不适用")

# A verb negated before the asked thing (不承担赔偿责任, 不视为侵权, 不构成侵犯) and the asked thing excepted (继承
# …除署名权以外的其他权利) say no: devdocs 15 dev, three yes/no questions answered 是 from such sentences by
# another stretch's 应当 or 可以. (ablation switch)
NEGATED_VERDICTS = True
_NEGATED_VERB = r"不(?:承担|视为|构成|认定为?|作为|属于|计算|包括)"
_NEGATED_VERB_RE = re.compile(rf"{_NEGATED_VERB}[^，,；;。]{{0,4}}$")
# (unless the question asks the negation itself: 是不是不承担赔偿责任 is answered 是 by it)
_NEGATED_IN_QUESTION_RE = re.compile(rf"{_NEGATED_VERB}|除")
_EXCEPTED_BEFORE_RE = re.compile(r"除(?:了)?[^，,；;。]{0,12}$")
_EXCEPTED_AFTER_RE = re.compile(r"^[^，,；;。]{0,12}?(?:以外|之外|外)")


def _excepted(stretch: str, at: int) -> bool:
    """Whether the asked thing at `at` is what the stretch excepts (除署名权以外的其他权利)."""
    return bool(_EXCEPTED_BEFORE_RE.search(stretch[:at]) and _EXCEPTED_AFTER_RE.search(stretch[at:]))


# How far a sentence holding the question's last word (its predicate: 受影响, 上缴) is put ahead of
# better-covering ones in deciding a Chinese yes/no question (devdocs 2 dev: the clause's first half,
# "可以…结题", decided "再申报…会受影响吗" though its second half says 不受影响).
PREDICATE_BONUS = 0.25
# and a sentence stating its verdict right before that predicate as far again (devdocs 16 dev: the quoted list item
# naming the question's words decided nothing; 不得擅自公布… beside it was outscored) (ablation switch)
VERDICT_ON_PREDICATE = True
# An English yes/no question has no predicate to look for; a sentence negating one of its terms (获奖项目不得重复得奖
# for "rewarded again") decides it ahead of one covering more words (devdocs 5 dev) (ablation switch)
NEGATED_TERM_DECIDES = True
# Share of the question's (idf-weighted) concepts, frame words aside, a sentence with its document's
# title must state for "is X stated?" to be 是 (rag.answer.features.Featurizer.coverage).
EXISTENCE_COVERAGE = 0.75
# words that frame a question about what a document says, not what it says: 有没有提出…, 是否规定…
FRAME_WORDS = frozenset({"提出", "提到", "规定", "明确", "写", "说", "讲", "谈", "表示", "涉及", "包括", "包含", "要求", "文件", "文档",
                         "有没有", "是否"})
_EXISTENCE_ASKED_RE = re.compile(r"有没有|是否|是不是|有无|有[^，,。？?有]{1,8}吗|\b(?:is there|are there|does .{1,60} (?:include|mention|"
                                 r"propose|set out|provide for|call for|plan))\b", re.IGNORECASE)
# the modal a yes/no question asks about, and how a sentence states it, plainly or negated
_MODAL_ASKED = {
    "need": re.compile(r"需要|需不需要|要不要|须|\bneed(?:s|ed)?\b|\brequired?\b", re.IGNORECASE),
    # 能拿/能享受/能申请…吗 asks may too (能 before a verb, not 能力/能源/智能)
    "may": re.compile(r"可以|可不可以|能否|能不能|可否|能够|允许|(?<![不可])能(?=拿|获|享|申|得到|领|用|参|再|同时|直接|自行|给|报)|"
                      r"\b(?:can|could|may|allowed|permitted)\b", re.IGNORECASE),
    "must": re.compile(r"必须|应当|应该|一定(?:要|得)|\b(?:must|should|obliged|obligated|mandatory|compulsory)\b",
                       re.IGNORECASE),
}
# A duty asked (必须…吗, 一定得…吗, must …?) of a stretch that only encourages, supports or allows it (鼓励企业
# 设立…, 可以委托…) is answered no: what is encouraged or allowed is not required (devdocs 8 and 9 dev: two
# such questions answered 是 by the stretch's 可以). (ablation switch)
WEAKER_MODAL = True
_PERMITS_RE = re.compile(r"鼓励|支持|提倡|引导|倡导|可以|可(?=[\u4e00-\u9fff])")
# The modal a Chinese question asks governs the words after it: "能查到…的记录，可以拿去出售吗" asks 可以 of 出售,
# and 能够查到 in the clause answers nothing (devdocs 30 dev: 是 beside 不得用于统计以外的目的).
# (ablation switch)
MODAL_OBJECT = True


def _modal_objects(q: Question, modal: str | None, found: list[str]) -> list[str]:
    """The words of `found` a Chinese question writes after its last asked modal (all of them in English)."""
    if not MODAL_OBJECT or modal is None or q.is_english:
        return found
    ends = [m.end() for m in _MODAL_ASKED[modal].finditer(q.normalised)]
    return found if not ends else [t for t in found if q.normalised.find(t, ends[-1]) >= 0]


# "能卖给…吗", "能转给…吗": 能 before a verb of trade asks may too (devdocs 31 dev: 能卖 was no modal, and
# 不得出卖 decided nothing). (ablation switch)
MAY_TRADE = True
_MAY_TRADE_RE = re.compile(r"(?<![不可])能(?=卖|买|转)")
# "样例证书过期了还能用吗": 还能 asks whether one may still (devdocs 8 dev: 还能 was no modal, and the clause's
# 不得修改 decided nothing). (ablation switch)
MAY_STILL = True
_MAY_STILL_RE = re.compile(r"还能")
# "有权举报吗", "有没有权利查阅": a right asked is a may (devdocs 17 dev). (ablation switch)
MAY_RIGHT = True
_MAY_RIGHT_RE = re.compile(r"有权|有没有权|有无权|是否有权")

_MODAL_NO = {
    "need": re.compile(r"不需|无需|无须|不必|免于|免除|不用"),
    "may": re.compile(r"不得|不能|不可|禁止|严禁|不准|不允许|不予"),
    "must": re.compile(r"不必|无须|无需|不需|可以不"),
}
_MODAL_YES = {
    "need": re.compile(r"需|应当|必须|须"),
    "may": re.compile(r"可以|可|能够|允许|有权|支持|鼓励"),
    "must": re.compile(r"应当|必须|须|应"),
}


# a negation just before the asked thing, or before a light verb that governs it: 不得获取股权激励,
# 禁止发展高污染项目, 不设比例限制
_LIGHT_VERBS = r"(?:获取|获得|取得|享受|申请|发展|设|设立|计入|纳入|列入|超过|突破|受)"
# (非 right before a word is its prefix, not a negation of it: 非中国居民, 非生物识别数据 — devdocs 20 dev: two
# duties of "non-residents" and of "other, non-biometric data" read as 否; NOUN_PREFIX_FEI, ablation switch read
# when the pattern is built)
NOUN_PREFIX_FEI = True
_NEGATIONS = r"不|不得|不予|无须|无需|不需要?|禁止|严禁|不准|不允许|不再|未|不能|不可" + ("" if NOUN_PREFIX_FEI else "|非")
_NEGATION_BEFORE_RE = re.compile(rf"(?:{_NEGATIONS}){_LIGHT_VERBS}?\s*$"
                                 + (rf"|非{_LIGHT_VERBS}\s*$" if NOUN_PREFIX_FEI else ""))


# An item of a list led in by a prohibition (不得从事下列行为： … （四）因…歧视用户；) is prohibited, though it
# says no 不得 itself: "is it allowed / 可以…吗" → 否, "is it prohibited / 是否禁止" → 是 (devdocs 7 dev: an
# English question answered from the item with no verdict). The lead-in is quoted with the item
# (compose rule:item_lead_in); an item negating itself, or a question asking neither, is left to the rest.
PROHIBITED_ITEM = True
_PROHIBITION = "不得|禁止|严禁|不准|不允许"
_PROHIBITING_LEAD_RE = re.compile(rf"(?:{_PROHIBITION})[^，,。；;：:]{{0,10}}(?:下列|以下|如下)")
_PROHIBITION_ASKED_RE = re.compile(rf"{_PROHIBITION}|\b(?:prohibit|prohibited|prohibits|forbid|forbidden|forbids"
                                   r"|bans?|banned|barred)\b|\bnot (?:allowed|permitted)\b", re.IGNORECASE)


def _prohibited_item(q: Question, citations: list[Citation], cited: Citation, sentence: str) -> tuple[str, int] | None:
    """否 (or 是, when the prohibition is asked) from a prohibited item and its quoted lead-in, else None."""
    if item_at(cited.quote, 0) is None or _NO_RE.search(sentence):
        return None
    lead = max((c for c in citations if c.clause_id == cited.clause_id and c.end <= cited.start
                and _PROHIBITING_LEAD_RE.search(aligned_simplified(c.quote))), key=lambda c: c.start, default=None)
    if lead is None:
        return None
    if _PROHIBITION_ASKED_RE.search(q.normalised):
        return "是", lead.n
    if _MODAL_ASKED["may"].search(q.normalised):
        return "否", lead.n
    return None
