"""Text normalisation shared by indexing, queries and evaluation.

`normalize` = NFKC (full-width digits/letters, ％ → %) → Traditional → Simplified
with Taiwan phrase conversion (OpenCC `tw2sp`: 智慧財產權 → 知识产权, 最佳化 → 优化,
網際網路 → 互联网) → a few Taiwan usages OpenCC leaves alone → white-space folding.

The original text is never altered: normalised text is always a derived field.
The same function runs on the corpus and on questions, so OpenCC's occasional
over-conversions (tw2sp also turns 建立 into 创建) are symmetric and harmless
for matching.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from functools import lru_cache

# Bump when `to_simplified` maps a text differently, so indexes built on the old normalised texts turn stale
# (rag.index.build_key). 2: the Taiwan words TW_MORE maps. (Until then such changes bumped EXPANSION_VERSION: 28.)
NORMALIZE_VERSION = 2

# Taiwan usages in our sources that tw2sp keeps because they are also valid
# Simplified words; in the mainland policy register they mean the right side.
_EXTRA_TW_PHRASES = {
    "套用": "应用",
}
_EXTRA_RE = re.compile("|".join(map(re.escape, _EXTRA_TW_PHRASES)))
# Taiwan words in questions that tw2sp leaves as words the mainland texts do not write (seen in devdocs 26 dev's
# Traditional questions: 蒐集個人資訊 met 收集个人信息 nowhere, 透過 no 通过): 罰鍰 is a fine (罚款), 透過 通过,
# 蒐集 (tw2sp: 搜集) 收集 — each of the same length. Applied to the texts too, so the mapping stays symmetric.
# (Not 個資 → 个人信息 nor 品質 → 质量: 个资 is inside 一个资金, 品质 inside 产品质量.)
# (ablation switch; read when an index is built and when a question is asked; NORMALIZE_VERSION 2)
TW_MORE = True
_TW_MORE_WORDS = {"罚锾": "罚款", "透过": "通过", "搜集": "收集"}
_TW_MORE_RE = re.compile("|".join(map(re.escape, _TW_MORE_WORDS)))
# Taiwan words tw2sp renders with a word no Simplified text normalises to, put in Simplified characters before it
# runs: 檔案 (archives: 檔案法, 檔案館) became 文件, while a Simplified 文件 itself becomes 文档 and the texts write 档案,
# so a Traditional question about archives matched nothing (devdocs 25 dev: the 《檔案法》's effective date asked in
# Traditional was answered with another law's; +2, and +2 conversations through the Traditional seed's index);
# 程式 became 程序, while a Simplified 程序 becomes 进程 (seen in devdocs 15 dev questions on 電腦程式, no item
# turned). (Running tw2sp to a fixed point instead also rewrote a lone 么 to 幺 and broke the follow-ups' character
# views: conversations dev −8 +2.) (ablation switch)
TW_KEPT = True
_TW_KEPT_WORDS = {"檔案": "档案", "程式": "程序"}
_TW_KEPT_RE = re.compile("|".join(map(re.escape, _TW_KEPT_WORDS)))
_SPACE_RE = re.compile(r"\s+")
# Taiwan words in questions that no one-for-one mapping of the texts can carry: 個資 is 個人資訊 (个人信息), 推播 is
# 推送. They are written out in the question before it is read (`question_words`), never in the texts — and not
# after a numeral or a measure (一個資金, 每個資料 are other words). devdocs 29 dev: 個資 questions met 个人信息 nowhere
# and were refused at their article. (ablation switch)
TW_QUESTION_WORDS = True
# So are 捷運 (the metro: 地铁), 營業秘密 (商业秘密) and 行銷 (营销), which tw2sp keeps as they are (devdocs 30 dev: a
# question on 捷運站 refused beside the clause on 地铁; TW_MORE_QUESTION_WORDS, ablation switch).
TW_MORE_QUESTION_WORDS = True
_TW_QUESTION_WORDS = {"個資": "個人資訊", "个資": "個人資訊", "个资": "个人信息", "推播": "推送"}
_TW_MORE_WORDS_ASKED = {"捷運": "地鐵", "捷运": "地铁", "營業秘密": "商業秘密", "营业秘密": "商业秘密", "行銷": "營銷",
                        "行销": "营销", "紀錄": "記錄"}
_TW_QUESTION_RE = re.compile(r"(?<![一二三四五六七八九十兩两几幾每這这那某各單单整多\d])[個个]資(?![金料源本產产格訊讯歷历質质助])"
                             r"|(?<![一二三四五六七八九十两几每这那某各单整多\d])个资(?![金料源本产格讯历质助])|推播")
_TW_MORE_QUESTION_RE = re.compile("|".join(map(re.escape, _TW_MORE_WORDS_ASKED)))


def question_words(text: str) -> str:
    """`text` (a question) with the Taiwan words the texts write otherwise written out (TW_QUESTION_WORDS)."""
    if not TW_QUESTION_WORDS:
        return text
    text = _TW_QUESTION_RE.sub(lambda m: _TW_QUESTION_WORDS[m.group(0)], text)
    return _TW_MORE_QUESTION_RE.sub(lambda m: _TW_MORE_WORDS_ASKED[m.group(0)], text) if TW_MORE_QUESTION_WORDS else text


_converter_lock = threading.Lock()


@lru_cache(maxsize=1)
def _converter():
    import opencc  # heavy-ish C extension: load on first use only

    return opencc.OpenCC("tw2sp")


def _replaced(pattern: re.Pattern[str], table: dict[str, str], text: str) -> str:
    return pattern.sub(lambda m: table[m.group(0)], text)


def to_simplified(text: str) -> str:
    """NFKC + Traditional/Taiwan → Simplified (mainland phrasing); keeps white space."""
    text = unicodedata.normalize("NFKC", text)
    if TW_KEPT:
        text = _replaced(_TW_KEPT_RE, _TW_KEPT_WORDS, text)
    with _converter_lock:  # the C converter is not documented as thread-safe
        text = _converter().convert(text)
    text = _replaced(_EXTRA_RE, _EXTRA_TW_PHRASES, text)
    if TW_MORE:
        text = _replaced(_TW_MORE_RE, _TW_MORE_WORDS, text)
    return text


def normalize(text: str) -> str:
    """The canonical searchable form of a text: Simplified, NFKC, single spaces."""
    return _SPACE_RE.sub(" ", to_simplified(text)).strip()


def match_key(text: str) -> str:
    """The form the contract's evaluation compares: Simplified, no white space."""
    return _SPACE_RE.sub("", to_simplified(text))


def is_cjk(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf" or "\uf900" <= ch <= "\ufaff"


def cjk_ratio(text: str) -> float:
    """Share of CJK ideographs among the letters (digits and symbols say nothing of the language:
    「3×100」計畫包含哪些內容? is Chinese)."""
    chars = [c for c in text if c.isalpha()]
    return sum(map(is_cjk, chars)) / len(chars) if chars else 0.0


@lru_cache(maxsize=1)
def _t2s():
    import opencc

    return opencc.OpenCC("t2s")  # character-level: tw2sp also rewrites variants such as 么 → 幺


@lru_cache(maxsize=65536)
def _is_traditional_char(ch: str) -> bool:
    with _converter_lock:
        return _t2s().convert(ch) != ch


@lru_cache(maxsize=1)
def _traditional_converter():
    import opencc

    # characters only (Taiwan standard forms), no phrase conversion: a word the reader wrote (計畫) stays
    return opencc.OpenCC("s2tw")


def to_traditional(text: str) -> str:
    """Simplified → Traditional characters (Taiwan forms), for text shown to a reader who writes Traditional."""
    with _converter_lock:
        return _traditional_converter().convert(text)


def detect_lang(text: str) -> str:
    """zh-Hans, zh-Hant or en: decides the language of an answer's prose."""
    if cjk_ratio(text) < 0.2:
        return "en"
    hanzi = {c for c in text if is_cjk(c)}
    traditional = sum(1 for c in hanzi if _is_traditional_char(c))
    return "zh-Hant" if traditional >= max(1, len(hanzi) // 20) else "zh-Hans"


@lru_cache(maxsize=65536)
def _char_simplified(ch: str) -> str:
    s = to_simplified(ch)
    return s if len(s) == 1 else ch


def aligned_simplified(text: str) -> str:
    """Character-by-character Simplified/NFKC view of `text` with the same length,
    so a match found in it can be cut verbatim from the original at the same offsets."""
    return "".join(_char_simplified(ch) for ch in text)
