"""Load the documents in `corpus/` with their hand-written manifest.

Plain text and Markdown are used as stored. HTML is reduced to the text a reader sees
(scripts, styles, templates and hidden elements dropped, block elements become line
breaks, entities decoded once) and that text is written to `corpus/.derived/<file>.txt`,
which becomes the document's `path`, so that citation offsets always refer to a real
UTF-8 file.

Symbolic links are never followed: a link in corpus/ is skipped with a warning (an outside
file must not be indexed or served), and derived files are written and read only through
real folders and regular files.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import stat
import uuid
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import ClassVar

from .docrecord import proposed_metadata
from .loaders import BINARY_SUFFIXES, EXTRACT_VERSION, LoaderError, extract
from .models import Document
from .normalize import detect_lang

log = logging.getLogger(__name__)
TEXT_SUFFIXES = {".txt", ".text"}
MARKDOWN_SUFFIXES = {".md", ".markdown"}
HTML_SUFFIXES = {".html", ".htm"}
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | MARKDOWN_SUFFIXES | HTML_SUFFIXES | BINARY_SUFFIXES
MANIFEST_NAME = "manifest.json"
DERIVED_DIR = ".derived"
# Bumped whenever html_to_text extracts different text from the same markup: part of the index key,
# so a build made with the old extraction is rebuilt (the corpus fingerprint covers the markup only).
HTML_VERSION = 2


class CorpusError(ValueError):
    """A corpus file or the manifest cannot be used; the message names the file."""


def decode_utf8(data: bytes, name: str) -> str:
    """UTF-8 with or without BOM. The BOM is kept as U+FEFF so offsets match a plain UTF-8 decode."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as e:
        raise CorpusError(
            f"{name}: not valid UTF-8 (byte 0x{data[e.start]:02x} at offset {e.start}); "
            "convert it to UTF-8, or add it with `rag add FILE` (or POST /v1/documents), which converts GB18030/GBK"
        ) from None


class _HTMLText(HTMLParser):
    """The text a browser shows, as lines. Hidden elements (the `hidden` attribute, aria-hidden="true",
    display:none or visibility:hidden in a style attribute) and non-rendered ones (script, style,
    template, noscript, title) are dropped with everything inside them.

    HTMLParser gives a flat stream of tags, so the open elements are kept on a stack: an end tag
    closes back to its start tag, and the end tags HTML lets authors omit (</p>, </li>, </td> …,
    </head>) are implied the way browsers imply them, so an unclosed element never swallows the
    rest of the page."""

    _BLOCK: ClassVar[set[str]] = {"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "section",
                                  "article", "table", "ul", "ol", "dt", "dd", "blockquote", "pre", "hr"}
    _NOT_RENDERED: ClassVar[set[str]] = {"script", "style", "noscript", "template", "title"}
    _VOID: ClassVar[set[str]] = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
                                 "param", "source", "track", "wbr"}
    # an open element of the key's kind is closed by a new start tag of these kinds (HTML's optional end tags)
    _CLOSED_BY: ClassVar[dict[str, set[str]]] = {
        "p": _BLOCK - {"br", "hr"} | {"table", "form", "header", "footer", "nav", "aside", "main", "figure"},
        "li": {"li"}, "dt": {"dt", "dd"}, "dd": {"dt", "dd"}, "tr": {"tr"}, "td": {"td", "th", "tr"},
        "th": {"td", "th", "tr"}, "option": {"option"}, "head": {"body"},
    }
    _HIDDEN_STYLE = re.compile(r"(?:^|;)\s*(?:display\s*:\s*none|visibility\s*:\s*hidden)\s*(?:!important\s*)?(?:;|$)",
                               re.IGNORECASE)

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)  # entities are decoded here, once
        self.parts: list[str] = []
        self._open: list[tuple[str, bool]] = []  # (tag, hides its content)
        self._hidden = 0  # open elements that hide their content

    def _hides(self, tag: str, attrs: list[tuple[str, str | None]]) -> bool:
        if tag in self._NOT_RENDERED:
            return True
        values = {name.lower(): (value or "") for name, value in attrs}
        return ("hidden" in values or values.get("aria-hidden", "").strip().lower() == "true"
                or bool(self._HIDDEN_STYLE.search(values.get("style", "").strip())))

    def _pop(self) -> None:
        _tag, hides = self._open.pop()
        self._hidden -= hides

    def handle_starttag(self, tag: str, attrs) -> None:
        while self._open and tag in self._CLOSED_BY.get(self._open[-1][0], ()):
            self._pop()
        if tag in self._BLOCK and not self._hidden:
            self.parts.append("\n")
        if tag in self._VOID:
            return
        hides = self._hides(tag, attrs)
        self._open.append((tag, hides))
        self._hidden += hides

    def handle_startendtag(self, tag: str, attrs) -> None:
        # <div/> is not self-closing in HTML, but treating it so never hides text that follows
        if tag in self._BLOCK and not self._hidden:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if any(open_tag == tag for open_tag, _ in self._open):  # a stray end tag closes nothing
            while self._open:
                open_tag = self._open[-1][0]
                self._pop()
                if open_tag == tag:
                    break
        if tag in self._BLOCK and not self._hidden:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._hidden:
            self.parts.append(data)


def html_to_text(markup: str) -> str:
    parser = _HTMLText()
    parser.feed(markup)
    parser.close()
    text = "".join(parser.parts)  # already decoded once by the parser: `&amp;lt;` stays `&lt;`
    text = re.sub(r"[ \t\u3000]*\n[ \t\u3000\n]*", "\n", text)
    return text.strip() + "\n"


def shown(path: Path) -> str:
    """How a corpus path appears in messages: its folder and name, never the server's absolute path."""
    return f"{path.parent.name}/{path.name}" if path.parent.name else path.name


# an absolute path inside a message ("/srv/app/corpus/x.txt", "'/home/u/index/b/f.npy'"): at least two
# components after a leading slash that does not follow a word character (so "1/2" or "a/b" are left)
_ABSOLUTE_PATH = re.compile(r"(?<![\w.])/(?:[^/\s'\"(),;:]+/)+([^/\s'\"(),;:]*)")


def without_paths(message: str) -> str:
    """`message` with every absolute path cut to its last component: what the server says to clients
    never reveals its folders (the messages of this package are written without them; this catches
    those of the OS and libraries)."""
    return _ABSOLUTE_PATH.sub(lambda m: m.group(1) or "(folder)", message)


def read_regular_file(path: Path, in_derived: bool = False) -> bytes:
    """The bytes of `path` if it is a regular file reached without following a symbolic link.

    O_NOFOLLOW refuses a link at the last component; for a derived file the `.derived` folder is
    checked too (a planted link there would lead outside corpus/). corpus/ itself may be a link:
    that is the administrator's choice."""
    if in_derived and path.parent.is_symlink():
        raise CorpusError(f"{shown(path)}: its folder is a symbolic link; remove the link")
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    except OSError as e:
        if path.is_symlink():
            raise CorpusError(f"{shown(path)}: is a symbolic link, which is never followed; remove it") from None
        raise CorpusError(f"{shown(path)}: cannot be read ({e.strerror})") from None
    with os.fdopen(fd, "rb") as f:
        if not stat.S_ISREG(os.fstat(f.fileno()).st_mode):
            raise CorpusError(f"{shown(path)}: not a regular file")
        return f.read()


def _write_derived(path: Path, text: str) -> None:
    """Write a derived file without following links: refuse a `.derived` folder or a file that is a
    symbolic link, write a temporary file inside the real folder (O_NOFOLLOW | O_EXCL), rename it."""
    folder = path.parent
    if folder.is_symlink():
        raise CorpusError(f"{shown(path)}: {DERIVED_DIR} is a symbolic link; remove it (derived files are "
                          "written only inside corpus/)")
    if path.is_symlink():
        raise CorpusError(f"{shown(path)}: is a symbolic link; remove it (derived files never follow links)")
    folder.mkdir(exist_ok=True)
    dir_fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | getattr(os, "O_NOFOLLOW", 0))
    tmp = f".tmp-{uuid.uuid4().hex}"
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o644, dir_fd=dir_fd)
        with os.fdopen(fd, "wb") as f:
            f.write(text.encode("utf-8"))
        os.replace(tmp, path.name, src_dir_fd=dir_fd, dst_dir_fd=dir_fd)  # replaces a name, never a link's target
    except BaseException:
        try:
            os.unlink(tmp, dir_fd=dir_fd)
        except FileNotFoundError:
            pass
        raise
    finally:
        os.close(dir_fd)


@dataclass(frozen=True)
class SourceFile:
    path: Path  # the file as the user placed it
    text_path: Path  # the UTF-8 file whose text is chunked (same file unless HTML, PDF, Word or an image)
    text: str
    pages: tuple[int, ...] = ()  # offset where each page begins (PDF, scans); () for unpaged text


def _read_binary(path: Path) -> SourceFile:
    """A PDF, Word file or image: its text extracted once (rag.loaders) into `.derived/<file>.txt`, with a
    record (`.derived/<file>.pages.json`: the source's sha256, the extractor version, the page offsets)
    so that the next build reuses it — OCR takes seconds a page — unless the file or the extractor changed."""
    data = read_regular_file(path)
    digest = hashlib.sha256(data).hexdigest()
    derived = path.parent / DERIVED_DIR / (path.name + ".txt")
    record_path = path.parent / DERIVED_DIR / (path.name + ".pages.json")
    try:
        record = json.loads(read_regular_file(record_path, in_derived=True)) if record_path.is_file() else None
        if (record and record.get("source_sha256") == digest and record.get("version") == EXTRACT_VERSION
                and derived.is_file()):
            text = read_regular_file(derived, in_derived=True).decode("utf-8")
            if hashlib.sha256(text.encode("utf-8")).hexdigest() == record.get("text_sha256"):
                return SourceFile(path, derived, text, tuple(int(p) for p in record.get("pages", [])))
    except (CorpusError, ValueError, TypeError, AttributeError):
        pass  # a damaged record or derived file: extract again
    try:
        found = extract(path.suffix, data)
    except LoaderError as e:
        raise CorpusError(f"{shown(path)}: {e}") from None
    _write_derived(derived, found.text)
    _write_derived(record_path, json.dumps({
        "source_sha256": digest, "version": EXTRACT_VERSION, "text_sha256": hashlib.sha256(
            found.text.encode("utf-8")).hexdigest(), "pages": found.pages, "ocr_pages": found.ocr_pages}))
    return SourceFile(path, derived, found.text, tuple(found.pages))


def read_source(path: Path) -> SourceFile:
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise CorpusError(
            f"{shown(path)}: unsupported file type '{suffix or '(none)'}'; use .txt, .md, .html, .pdf, .docx, "
            ".png or .jpg"
        )
    if suffix in BINARY_SUFFIXES:
        return _read_binary(path)
    text = decode_utf8(read_regular_file(path), shown(path))
    if suffix not in HTML_SUFFIXES:
        return SourceFile(path, path, text)
    derived = path.parent / DERIVED_DIR / (path.name + ".txt")
    extracted = html_to_text(text)
    current = read_regular_file(derived, in_derived=True) if derived.is_file() and not derived.is_symlink() else None
    if current != extracted.encode("utf-8"):
        _write_derived(derived, extracted)
    return SourceFile(path, derived, extracted)


def slug(name: str) -> str:
    s = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
    if not s or not re.search(r"[a-z]", s):
        s = "doc-" + hashlib.sha1(name.encode()).hexdigest()[:8]
    return s


def _guess_title(text: str) -> str:
    for line in text.splitlines():
        line = line.strip().lstrip("#").strip().lstrip("\ufeff")
        if line:
            return line[:80]
    return "(empty document)"


def _relative(path: Path, root: Path, corpus_dir: Path) -> str:
    """A document's `path`: relative to the project root, or, for a corpus folder outside it, to the
    corpus folder's parent (`corpus/x.txt`): never an absolute path (it is shown to API clients).
    `document_file` turns it back into the file."""
    path = path.resolve()  # never a link itself (corpus_files skips them): this resolves the folders
    try:
        return path.relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.relative_to(corpus_dir.resolve().parent).as_posix()


def document_file(path: str, root: Path, corpus_dir: Path) -> Path:
    """The file a document `path` (see `_relative`) names; older builds may hold an absolute path."""
    candidate = root / path
    if Path(path).is_absolute() or candidate.exists():
        return candidate
    return corpus_dir.resolve().parent / path


def load_manifest(corpus_dir: Path) -> dict[str, dict]:
    """Manifest entries keyed by file name."""
    path = corpus_dir / MANIFEST_NAME
    if not path.exists():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        entries = data["documents"]
        return {e["file"]: e for e in entries}
    except (json.JSONDecodeError, KeyError, TypeError, UnicodeDecodeError) as e:
        raise CorpusError(f"{shown(path)}: not a valid manifest ({e})") from None


_warned_links: set[Path] = set()


def corpus_files(corpus_dir: Path) -> list[Path]:
    """The document files of corpus/: regular files, not hidden, not the manifest or a README.
    Symbolic links are skipped with a warning (once per link): they could lead anywhere."""
    if not corpus_dir.is_dir():
        raise CorpusError(f"{corpus_dir.name}: corpus folder not found")
    files = []
    for p in corpus_dir.iterdir():
        if p.name.startswith(".") or p.name == MANIFEST_NAME or p.name.lower() == "readme.md":
            continue
        if p.is_symlink():
            if p not in _warned_links:
                _warned_links.add(p)
                log.warning("skipping %s: symbolic links in the corpus are not followed", shown(p))
            continue
        if p.is_file():
            files.append(p)
    return sorted(files)


def load_corpus(corpus_dir: Path, root: Path | None = None) -> list[Document]:
    """Every document in `corpus_dir`, in file-name order. Paths are relative to `root`."""
    root = root or corpus_dir.parent
    manifest = load_manifest(corpus_dir)
    docs: list[Document] = []
    seen: dict[str, str] = {}
    for path in corpus_files(corpus_dir):
        src = read_source(path)
        entry = manifest.get(path.name, {})
        doc_id = entry.get("doc_id") or slug(path.stem)
        if doc_id in seen:
            raise CorpusError(f"{shown(path)}: doc_id '{doc_id}' is already used by {seen[doc_id]}")
        seen[doc_id] = path.name
        script = entry.get("script") or ("zh-Hant" if detect_lang(src.text[:2000]) == "zh-Hant" else "zh-Hans")
        # a field the manifest leaves empty is proposed by the copy's own record lines (发文字号：…);
        # a field the manifest sets, even to a note that the copy lacks it, is kept as written
        proposed = {} if all(entry.get(k) for k in ("issuer", "number", "date")) else proposed_metadata(src.text)
        docs.append(
            Document(
                doc_id=doc_id,
                title=entry.get("title") or _guess_title(src.text),
                path=_relative(src.text_path, root, corpus_dir),
                issuer=entry.get("issuer") or proposed.get("issuer"),
                number=entry.get("number") or proposed.get("number"),
                date=entry.get("date") or proposed.get("date"),
                short_title=entry.get("short_title") or None,
                script=script,
                source=entry.get("source") or (path.name if src.text_path != path else None),
                notes=entry.get("notes"),
                tier=entry.get("tier") or "official",  # "uploaded": added through the API (rag.ingest)
                pages=list(src.pages),
                text=src.text,
            )
        )
    return docs


def fingerprint(corpus_dir: Path) -> str:
    """Changes whenever a corpus file or the manifest changes (content, not mtime)."""
    h = hashlib.sha256()
    for p in sorted([*corpus_files(corpus_dir), corpus_dir / MANIFEST_NAME]):
        if p.exists() and not p.is_symlink():
            h.update(p.name.encode() + b"\0" + hashlib.sha256(p.read_bytes()).digest())
    return h.hexdigest()[:16]
