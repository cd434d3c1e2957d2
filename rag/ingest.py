"""Uploaded documents: check them, decode them to UTF-8, and add them to `corpus/` atomically.

`prepare_upload` refuses anything that is not a plain-named .txt/.md/.html text file, or a
PDF, Word .docx or PNG/JPEG image whose text can be read (rag.loaders; stored as uploaded),
within the size limit; text in UTF-8 (with or without BOM) or in GB18030/GBK/GB2312 — the
latter accepted only when the decoded text is plausibly Chinese, then converted to UTF-8.
HTML is kept as uploaded: the corpus loader extracts its text (dropping scripts) when
indexing. Text that is mostly repetition, or that would make more than
`max_clauses_per_document` clauses, is refused: either would cost many minutes of re-indexing.

`write_document` commits the file and its manifest entry as one step, under one lock for
the whole process (and an advisory file lock, so a CLI running beside the server does not
interleave with it): the file is first staged in a hidden temporary file, then the manifest
is replaced by one whose entry names that staged file (the commit point), then the staged
file is renamed into place and the entry's `staged` mark removed. `recover_uploads` finishes
a commit interrupted by a crash (the next upload and every index build run it), and
discards a staged file that was never committed: nothing is lost, nothing is orphaned.
"""

from __future__ import annotations

import json
import logging
import os
import re
import unicodedata
import uuid
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

from .chunker import chunk
from .config import Settings
from .corpus import HTML_SUFFIXES, MANIFEST_NAME, corpus_files, html_to_text, slug
from .errors import BadInput, Conflict, TooLarge
from .loaders import BINARY_SUFFIXES, LoaderError, extract
from .locks import folder_lock

log = logging.getLogger(__name__)

ACCEPTED_SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm", ".pdf", ".docx", ".png", ".jpg", ".jpeg")
MAX_NAME_CHARS = 120
MAX_NAME_BYTES = 240  # file systems allow 255 bytes; ".derived/<name>.txt" adds 4
RESERVED_NAMES = {MANIFEST_NAME, "readme.md"}  # the loader skips these: an upload there would never be indexed
METADATA_FIELDS = ("title", "issuer", "number", "date", "script", "short_title")
METADATA_MAX_CHARS = {"title": 300, "issuer": 200, "number": 100, "short_title": 100}

# binary: NUL anywhere, or more than this share of other control bytes (tab, LF, CR, FF, VT and ESC allowed)
_CONTROL_BYTES = bytes(b for b in range(32) if b not in b"\t\n\r\x0b\x0c\x1b") + b"\x7f"
MAX_CONTROL_SHARE = 0.01
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")  # refused with their own message, not as "binary"
_EXPECTED = "(expected UTF-8 or GB18030/GBK)"

# plausibility of a GB18030 decoding (see _chinese_enough)
_HAN_RE = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_ODD_RE = re.compile(  # anything but ASCII, Latin-1, punctuation/symbols, CJK and full-width forms
    r"[^\t\n\r\x20-\x7e\u00a0-\u00ff\u2000-\u206f\u2100-\u27bf\u3000-\u303f"
    r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef]"
)
# the 300 most frequent characters of Modern Chinese (Jun Da's frequency list, in order)
_COMMON = frozenset(
    "的一是不了在人有我他这个们中来上大为和国地到以说时要就出会可也你对生能而子那得于着下自之年过发后作里用道行所然家种"
    "事成方多经么去法学如都同现当没动面起看定天分还进好小部其些主样理心她本前开但因只从想实日军者意无力它与长把机十民第"
    "公此已工使情明性知全三又关点正业外将两高间由问很最重并物手应战向头文体政美相见被利什二等产或新己制身果加西斯月话合"
    "回特代内信表化老给世位次度门任常先海通教儿原东声提立及比员解水名真论处走义各入几口认条平系气题活尔更别打女变四神总"
    "何电数安少报才结反受目太量再感建务做接必场件计管期市直德资命山金指克许统区保至队形社便空决治展马科司五基眼书非则听"
    "白却界达光放强即像难且权思王象完设式色路记南品住告类求据程北边死张该交规万取拉格望觉术领共确传师观清今切院让识候带"
)
MAX_ODD_SHARE = 0.02  # characters outside the expected blocks (Hangul, kana, PUA … = a wrong decoding)
MIN_LEVEL1_SHARE = 0.85  # Han characters among GB2312's 3,755 level-1 (common) characters, after T→S conversion
MIN_COMMON_SHARE = 0.22  # Han characters among the 300 most frequent; real text ≥ ~0.35, mis-decodings ≤ ~0.15
MIN_HAN_FOR_FREQUENCY = 30
SAMPLE_WINDOWS, SAMPLE_CHARS = 20, 10_000  # statistics of a long text come from evenly spaced windows

# Repetitive filler: the corpus's documents compress (zlib) to 34-44 % of their UTF-8 size; a text
# that is one clause repeated compresses to under 1 %. zlib only sees 32 KB back, so a longer block
# repeated is caught by its sentences instead: 96-100 % of a corpus document's sentences are distinct.
# Texts this small cost little, whatever they hold.
MIN_REPETITION_RATIO = 0.10
MIN_DISTINCT_SENTENCES = 0.5
MIN_BYTES_FOR_REPETITION = 16_384
MIN_SENTENCES_FOR_REPETITION = 100
_SENTENCE_END = re.compile(r"[。！？!?；;\n]+")
# chunking grows faster than linearly with the number of lines (8,000 one-line articles: 2.6 s on
# 2 cores, 60,000: minutes), so a text is chunked to count its clauses only below this many lines
# per allowed clause; the corpus's documents have 1-3 lines per clause
MAX_LINES_PER_CLAUSE = 3


@dataclass(frozen=True)
class PreparedDocument:
    """An upload that passed every check: its plain file name and its text (UTF-8 when stored)."""

    file_name: str
    text: str  # for a PDF, Word file or image: the text extracted from it (rag.loaders)
    encoding: str = "utf-8"  # as uploaded: utf-8 | utf-8-sig | gb18030 | binary
    replace: bool = False
    raw: bytes | None = None  # a PDF, Word file or image is stored as uploaded

    @property
    def data(self) -> bytes:
        return self.raw if self.raw is not None else self.text.encode("utf-8")


# -- checks -----------------------------------------------------------------------


def check_file_name(filename: object) -> str:
    """The name if it is a plain file name with an accepted suffix, else BadInput saying why."""
    if not isinstance(filename, str) or not filename.strip():
        raise BadInput("file name is empty; send the file with a name such as policy.txt")
    name = unicodedata.normalize("NFC", filename)
    plain = "file name must be a plain name (no folders, '..', leading dot or control characters)"
    if "/" in name or "\\" in name or name in (".", ".."):
        raise BadInput(f"{plain}: {filename!r}")
    if any(unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Zl", "Zp") for ch in name):
        raise BadInput(f"{plain}: {filename!r} contains a control or formatting character")
    if name.startswith(".") or name != name.strip():
        raise BadInput(f"{plain}: {filename!r} starts with a dot or has surrounding spaces")
    if len(name) > MAX_NAME_CHARS or len(name.encode("utf-8")) > MAX_NAME_BYTES:
        raise BadInput(f"file name is too long ({len(name)} characters); the limit is {MAX_NAME_CHARS}")
    suffix = Path(name).suffix.lower()
    if suffix not in ACCEPTED_SUFFIXES:
        raise BadInput(f"unsupported file type '{suffix or '(none)'}' in {name!r}; "
                       f"accepted: {', '.join(ACCEPTED_SUFFIXES)}")
    if name.lower() in RESERVED_NAMES or not Path(name).stem.strip(" ."):
        raise BadInput(f"file name {name!r} is reserved or has no stem; choose another name")
    return name


def _looks_binary(data: bytes) -> bool:
    if b"\x00" in data:
        return True
    controls = len(data) - len(data.translate(None, _CONTROL_BYTES))
    return controls > MAX_CONTROL_SHARE * len(data)


def _sample(text: str) -> str:
    if len(text) <= SAMPLE_WINDOWS * SAMPLE_CHARS:
        return text
    step = len(text) // SAMPLE_WINDOWS
    return "".join(text[i * step : i * step + SAMPLE_CHARS] for i in range(SAMPLE_WINDOWS))


def _is_level1(ch: str) -> bool:
    try:
        return 0xB0 <= ch.encode("gb2312")[0] <= 0xD7
    except UnicodeEncodeError:
        return False


def chinese_text_problem(text: str) -> str | None:
    """Why `text` (a GB18030 decoding) is not plausible Chinese/ASCII text, or None when it is.

    Big5, EUC-KR, Shift-JIS or Latin-1 bytes often decode as GB18030 without error, into rare
    or foreign characters: this catches them by the character statistics of real Chinese."""
    from .normalize import to_simplified

    sample = _sample(text)
    visible = len(sample) - sum(sample.count(c) for c in " \t\r\n\u3000")
    odd = len(_ODD_RE.findall(sample))
    if odd > MAX_ODD_SHARE * max(visible, 1):
        return f"{odd / max(visible, 1):.0%} of its characters are outside the Chinese/ASCII blocks"
    han = "".join(_HAN_RE.findall(to_simplified("".join(_HAN_RE.findall(sample)))))
    if not han:
        return "it contains no Chinese characters"
    level1 = sum(map(_is_level1, han)) / len(han)
    if level1 < MIN_LEVEL1_SHARE:
        return f"only {level1:.0%} of its Chinese characters are common ones"
    if len(han) >= MIN_HAN_FOR_FREQUENCY:
        common = sum(ch in _COMMON for ch in han) / len(han)
        if common < MIN_COMMON_SHARE:
            return f"its characters do not have the frequencies of Chinese text ({common:.0%} very common ones)"
    return None


def _guess_encoding(data: bytes) -> str | None:
    """charset-normalizer's guess, for the error message only."""
    try:
        from charset_normalizer import from_bytes

        best = from_bytes(data[:200_000]).best()
    except Exception:  # a hint is optional; never fail the refusal over it
        return None
    return best.encoding if best is not None else None


def decode_upload(data: bytes, name: str) -> tuple[str, str]:
    """(text, encoding): UTF-8 as is (a BOM is kept, as the loader keeps it), else plausible GB18030."""
    if data.startswith(_UTF16_BOMS):
        raise BadInput(f"cannot decode {name!r}: it is UTF-16 {_EXPECTED}; save it as UTF-8")
    try:
        return data.decode("utf-8"), "utf-8-sig" if data.startswith(b"\xef\xbb\xbf") else "utf-8"
    except UnicodeDecodeError as e:
        utf8_error = f"byte 0x{data[e.start]:02x} at offset {e.start} is not UTF-8"
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError as e:
        problem = f"byte 0x{data[e.start]:02x} at offset {e.start} is not GB18030 either"
    else:
        problem = chinese_text_problem(text)
        if problem is None:
            return text, "gb18030"
        problem = f"as GB18030, {problem}"
    guess = _guess_encoding(data)
    hint = f"; it looks like {guess}" if guess and not guess.startswith(("gb", "utf")) else ""
    raise BadInput(f"cannot decode {name!r} {_EXPECTED}: {utf8_error}, and {problem}{hint}; convert it to UTF-8")


def prepare_upload(filename: str, data: bytes, settings: Settings, *, replace: bool = False) -> PreparedDocument:
    """Check an upload and decode it; raises BadInput (422), TooLarge (413) or Conflict (409)."""
    name = check_file_name(filename)
    if (settings.resolved_corpus_dir() / name).exists() and not replace:
        raise Conflict(f"{name!r} is already in the corpus; send replace=true to replace it")
    if not data:
        raise BadInput(f"{name!r} is empty")
    if len(data) > settings.max_upload_bytes:
        raise TooLarge(f"{name!r} is {len(data):,} bytes; the upload limit is {settings.max_upload_bytes:,} bytes")
    if Path(name).suffix.lower() in BINARY_SUFFIXES:
        return _prepare_binary(name, data, settings, replace)
    if _looks_binary(data) and not data.startswith(_UTF16_BOMS):
        raise BadInput(f"{name!r} is a binary file, not text; upload .txt, .md or .html text")
    text, encoding = decode_upload(data, name)
    if not text.strip("\ufeff \t\r\n\u3000"):
        raise BadInput(f"{name!r} contains only white space")
    visible = text
    if Path(name).suffix.lower() in HTML_SUFFIXES:
        visible = html_to_text(text)
        if not visible.strip():
            raise BadInput(f"{name!r} has no text outside its markup and scripts")
    check_cost(name, visible, settings)
    return PreparedDocument(name, text, encoding, replace)


def _prepare_binary(name: str, data: bytes, settings: Settings, replace: bool) -> PreparedDocument:
    """A PDF, Word file or image: read now (damaged, encrypted, mislabelled or bomb files are refused
    before anything is written) and its text checked like an uploaded text's."""
    try:
        found = extract(Path(name).suffix, data)
    except LoaderError as e:
        raise BadInput(f"{name!r}: {e}") from None
    check_cost(name, found.text, settings)
    return PreparedDocument(name, found.text, "binary", replace, raw=data)


def check_cost(name: str, text: str, settings: Settings) -> None:
    """Refuse text that is mostly repetition (BadInput) or that would make more clauses than
    `max_clauses_per_document` (TooLarge), cheapest checks first: indexing either costs minutes."""
    data = text.encode("utf-8")
    if len(data) >= MIN_BYTES_FOR_REPETITION:
        ratio = len(zlib.compress(data, 1)) / len(data)
        if ratio < MIN_REPETITION_RATIO:
            raise BadInput(f"{name!r} is mostly repetition (it compresses to {ratio:.1%} of its size; real "
                           f"documents to over {MIN_REPETITION_RATIO:.0%}); upload the document itself")
        sentences = [x for x in (s.strip() for s in _SENTENCE_END.split(text)) if len(x) >= 8]
        if len(sentences) >= MIN_SENTENCES_FOR_REPETITION:
            distinct = len(set(sentences)) / len(sentences)
            if distinct < MIN_DISTINCT_SENTENCES:
                raise BadInput(f"{name!r} is mostly repetition (only {distinct:.0%} of its {len(sentences):,} "
                               "sentences are distinct); upload the document itself")
    cap = settings.max_clauses_per_document
    too_many = f"{name!r} would make more than {cap:,} clauses, the limit per document; split it into several files"
    if len(text) > cap * settings.max_clause_chars:  # a clause holds at most about max_clause_chars
        raise TooLarge(f"{too_many} (it has {len(text):,} characters)")
    lines = sum(1 for line in text.splitlines() if line.strip())
    if lines > cap * MAX_LINES_PER_CLAUSE:
        raise TooLarge(f"{too_many} (it has {lines:,} lines)")
    clauses = len(chunk("upload", text, settings.max_clause_chars))
    if clauses > cap:
        raise TooLarge(f"{name!r} makes {clauses:,} clauses; the limit is {cap:,} per document; "
                       "split it into several files")


def check_metadata(metadata: dict[str, object] | None) -> dict[str, str]:
    """The given metadata fields, trimmed; empty ones dropped. date: YYYY, YYYY-MM or YYYY-MM-DD."""
    out: dict[str, str] = {}
    for key, value in (metadata or {}).items():
        if key not in METADATA_FIELDS:
            raise BadInput(f"unknown metadata field '{key}'; known: {', '.join(METADATA_FIELDS)}")
        if value is None:
            continue
        if not isinstance(value, str):
            raise BadInput(f"{key} must be a string")
        value = value.strip()
        if not value:
            continue
        if any(unicodedata.category(ch) in ("Cc", "Cf", "Cs") for ch in value):
            raise BadInput(f"{key} contains a control character")
        limit = METADATA_MAX_CHARS.get(key)
        if limit and len(value) > limit:
            raise BadInput(f"{key} is {len(value)} characters long; the limit is {limit}")
        if key == "script" and value not in ("zh-Hans", "zh-Hant"):
            raise BadInput("script must be zh-Hans or zh-Hant")
        if key == "date":
            m = re.fullmatch(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", value)
            try:
                if m is None:
                    raise ValueError(value)
                date(int(m[1]), int(m[2] or 1), int(m[3] or 1))
            except ValueError:
                raise BadInput(f"date must be YYYY-MM-DD (or YYYY-MM, YYYY), not {value!r}") from None
        out[key] = value
    return out


# -- writing ----------------------------------------------------------------------

LOCK_FILE = ".upload.lock"


def corpus_lock(corpus_dir: Path):
    """Exclusive access to corpus/ for writers (and for the swap after a re-index)."""
    return folder_lock(corpus_dir, LOCK_FILE)


STAGED_KEY = "staged"  # manifest entry mark: its file is still in this hidden staged file
_STAGED_PREFIX = ".upload-"


def _fsynced_tmp(folder: Path, data: bytes, mode: int) -> Path:
    """`data` in a new hidden file of `folder` (the loader and the fingerprint skip it), on disk."""
    tmp = folder / f"{_STAGED_PREFIX}{uuid.uuid4().hex}.tmp"
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), mode)
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, mode)  # not narrowed by the umask
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return tmp


def _atomic_write(path: Path, data: bytes, mode: int = 0o644) -> None:
    """Write `data` to a hidden temporary file beside `path`, flush it to disk, then rename it over `path`
    (a rename replaces a symbolic link itself, never its target)."""
    tmp = _fsynced_tmp(path.parent, data, mode)
    try:
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _fsync_folder(folder: Path) -> None:
    """Make the renames in `folder` durable (their order is what recovery relies on)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _write_manifest(corpus_dir: Path, manifest: dict) -> None:
    path = corpus_dir / MANIFEST_NAME
    mode = path.stat().st_mode & 0o777 if path.exists() else 0o644
    _atomic_write(path, (json.dumps(manifest, ensure_ascii=False, indent=2) + "\n").encode("utf-8"), mode)
    _fsync_folder(corpus_dir)


def recover_uploads(corpus_dir: Path) -> int:
    """Finish uploads a crash interrupted, and remove staged files no manifest entry names; returns how
    many entries were repaired. Cheap when there is nothing to do (no lock is taken then)."""
    manifest_path = corpus_dir / MANIFEST_NAME
    try:
        strays = list(corpus_dir.glob(f"{_STAGED_PREFIX}*.tmp"))
        marked = STAGED_KEY.encode() in manifest_path.read_bytes() if manifest_path.is_file() else False
    except OSError:
        return 0
    if not strays and not marked:
        return 0
    with corpus_lock(corpus_dir):
        return _recover_locked(corpus_dir)


def _recover_locked(corpus_dir: Path) -> int:
    try:
        manifest = _read_manifest(corpus_dir)
    except BadInput:  # a broken manifest is reported by the loader, with its own message
        return 0
    repaired = 0
    for entry in manifest["documents"]:
        if not isinstance(entry, dict) or STAGED_KEY not in entry:
            continue
        staged = corpus_dir / Path(str(entry.pop(STAGED_KEY))).name
        name = Path(str(entry.get("file", ""))).name
        if staged.is_file() and not staged.is_symlink() and name:
            os.replace(staged, corpus_dir / name)  # the commit point had passed: roll forward
            log.warning("finished an interrupted upload of %s", name)
        repaired += 1
    if repaired:
        _write_manifest(corpus_dir, manifest)
    for stray in corpus_dir.glob(f"{_STAGED_PREFIX}*.tmp"):  # staged before a crash, never committed
        stray.unlink(missing_ok=True)
    return repaired


def _read_manifest(corpus_dir: Path) -> dict:
    path = corpus_dir / MANIFEST_NAME
    if not path.exists():
        return {"documents": []}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(data.get("documents"), list):
            raise TypeError("'documents' is not a list")
    except (json.JSONDecodeError, TypeError, AttributeError, UnicodeDecodeError) as e:
        raise BadInput(f"{MANIFEST_NAME} of the corpus is not a valid manifest ({e}); fix it before uploading") from None
    return data


def write_document(
    prepared: PreparedDocument,
    metadata: dict[str, object] | None,
    settings: Settings,
    before_write: Callable[[], None] | None = None,
    tier: str = "official",
) -> dict:
    """Add (or, with prepared.replace, replace) the file in corpus/ and its manifest entry; returns the entry.

    Under the corpus lock: finish any upload a crash interrupted, re-check the name (another upload
    may have taken it), choose the doc_id (kept when replacing), refuse a doc_id another file already
    has, call `before_write`, then commit the file and its entry as one step (see the module notes)."""
    fields = check_metadata(metadata)
    corpus_dir = settings.resolved_corpus_dir()
    name = prepared.file_name
    target = corpus_dir / name
    with corpus_lock(corpus_dir):
        _recover_locked(corpus_dir)
        existed = target.exists() or target.is_symlink()
        if existed and not prepared.replace:
            raise Conflict(f"{name!r} is already in the corpus; send replace=true to replace it")
        manifest = _read_manifest(corpus_dir)
        entries: list[dict] = manifest["documents"]
        by_file = {e.get("file"): e for e in entries if isinstance(e, dict)}
        old = by_file.get(name, {})
        doc_id = old.get("doc_id") or slug(Path(name).stem)
        for other in corpus_files(corpus_dir):
            if other.name != name and (by_file.get(other.name, {}).get("doc_id") or slug(other.stem)) == doc_id:
                raise Conflict(f"{name!r} would get doc_id '{doc_id}', which {other.name!r} already has; "
                               "rename the file")
        entry = {**old, "doc_id": doc_id, "file": name, **fields, "tier": tier,  # official | uploaded (API)
                 "uploaded": datetime.now(UTC).isoformat(timespec="seconds")}
        if prepared.encoding == "gb18030":
            entry["converted_from"] = "gb18030"
        else:
            entry.pop("converted_from", None)
        entry.pop(STAGED_KEY, None)
        others = [e for e in entries if not (isinstance(e, dict) and e.get("file") == name)]
        if before_write:
            before_write()
        staged = _fsynced_tmp(corpus_dir, prepared.data, 0o644)
        try:
            _write_manifest(corpus_dir, {**manifest, "documents": [*others, {**entry, STAGED_KEY: staged.name}]})
        except BaseException:  # not committed: nothing changed but the staged file
            staged.unlink(missing_ok=True)
            raise
        try:
            _commit_file(staged, target)  # a crash from here on is finished by recovery (roll forward)
        except Exception:  # an error, not a crash: undo the commit rather than leave it half done
            _write_manifest(corpus_dir, manifest)
            staged.unlink(missing_ok=True)
            raise
        try:
            _write_manifest(corpus_dir, {**manifest, "documents": [*others, entry]})
        except OSError as e:  # the entry still carries its mark; recover_uploads removes it
            log.warning("upload of %s committed, but its manifest mark stays until the next recovery: %s",
                        name, e.strerror)
    return {**entry, "replaced": existed}


def _commit_file(staged: Path, target: Path) -> None:
    os.replace(staged, target)
    _fsync_folder(target.parent)
