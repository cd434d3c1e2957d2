"""Load the documents in `corpus/` with their hand-written manifest.

Plain text and Markdown are used as stored. HTML is reduced to its text (scripts,
styles and markup dropped, block elements become line breaks) and that text is
written to `corpus/.derived/<file>.txt`, which becomes the document's `path`, so
that citation offsets always refer to a real UTF-8 file.
"""

from __future__ import annotations

import hashlib
import html
import json
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import ClassVar

from .models import Document
from .normalize import detect_lang

TEXT_SUFFIXES = {".txt", ".text"}
MARKDOWN_SUFFIXES = {".md", ".markdown"}
HTML_SUFFIXES = {".html", ".htm"}
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | MARKDOWN_SUFFIXES | HTML_SUFFIXES
MANIFEST_NAME = "manifest.json"
DERIVED_DIR = ".derived"


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
    _BLOCK: ClassVar[set[str]] = {"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "section", "article", "table", "ul", "ol"}
    _SKIP: ClassVar[set[str]] = {"script", "style", "noscript", "template", "head"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skipping = 0

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag in self._SKIP:
            self._skipping += 1
        elif tag in self._BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self._SKIP:
            self._skipping = max(0, self._skipping - 1)
        elif tag in self._BLOCK:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._skipping:
            self.parts.append(data)


def html_to_text(markup: str) -> str:
    parser = _HTMLText()
    parser.feed(markup)
    parser.close()
    text = html.unescape("".join(parser.parts))
    text = re.sub(r"[ \t\u3000]*\n[ \t\u3000\n]*", "\n", text)
    return text.strip() + "\n"


@dataclass(frozen=True)
class SourceFile:
    path: Path  # the file as the user placed it
    text_path: Path  # the UTF-8 file whose text is chunked (same file unless HTML)
    text: str


def read_source(path: Path) -> SourceFile:
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise CorpusError(
            f"{path}: unsupported file type '{suffix or '(none)'}'; use .txt, .md or .html"
        )
    text = decode_utf8(path.read_bytes(), str(path))
    if suffix not in HTML_SUFFIXES:
        return SourceFile(path, path, text)
    derived = path.parent / DERIVED_DIR / (path.name + ".txt")
    extracted = html_to_text(text)
    if not derived.exists() or derived.read_text(encoding="utf-8") != extracted:
        derived.parent.mkdir(exist_ok=True)
        derived.write_text(extracted, encoding="utf-8")
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


def _relative(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.resolve().as_posix()


def load_manifest(corpus_dir: Path) -> dict[str, dict]:
    """Manifest entries keyed by file name."""
    path = corpus_dir / MANIFEST_NAME
    if not path.exists():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        entries = data["documents"]
        return {e["file"]: e for e in entries}
    except (json.JSONDecodeError, KeyError, TypeError) as e:
        raise CorpusError(f"{path}: not a valid manifest ({e})") from None


def corpus_files(corpus_dir: Path) -> list[Path]:
    if not corpus_dir.is_dir():
        raise CorpusError(f"{corpus_dir}: corpus folder not found")
    return sorted(
        p
        for p in corpus_dir.iterdir()
        if p.is_file() and not p.name.startswith(".") and p.name != MANIFEST_NAME and p.name.lower() != "readme.md"
    )


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
            raise CorpusError(f"{path}: doc_id '{doc_id}' is already used by {seen[doc_id]}")
        seen[doc_id] = path.name
        script = entry.get("script") or ("zh-Hant" if detect_lang(src.text[:2000]) == "zh-Hant" else "zh-Hans")
        docs.append(
            Document(
                doc_id=doc_id,
                title=entry.get("title") or _guess_title(src.text),
                path=_relative(src.text_path, root),
                issuer=entry.get("issuer"),
                number=entry.get("number"),
                date=entry.get("date"),
                script=script,
                source=entry.get("source") or (path.name if src.text_path != path else None),
                notes=entry.get("notes"),
                tier=entry.get("tier") or "official",  # "uploaded": added through the API (rag.ingest)
                text=src.text,
            )
        )
    return docs


def fingerprint(corpus_dir: Path) -> str:
    """Changes whenever a corpus file or the manifest changes (content, not mtime)."""
    h = hashlib.sha256()
    for p in sorted([*corpus_files(corpus_dir), corpus_dir / MANIFEST_NAME]):
        if p.exists():
            h.update(p.name.encode() + b"\0" + hashlib.sha256(p.read_bytes()).digest())
    return h.hexdigest()[:16]
