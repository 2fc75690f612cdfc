"""Readers for the input formats Chronicle accepts."""

from __future__ import annotations

import gzip
import json
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from charset_normalizer import from_bytes

from chronicle.records import RawArticle

MAX_FILE_BYTES = 50 * 1024 * 1024
MAX_ARTICLE_CHARS = 2_000_000
SUPPORTED_SUFFIXES = (".txt", ".txt.gz", ".html", ".htm", ".html.gz", ".htm.gz", ".jsonl", ".jsonl.gz")
# Field names other datasets use for the publication date, accepted after `published`.
PUBLISHED_ALIASES = ("published", "date", "published_at", "publish_date", "pubdate")


@dataclass(frozen=True)
class SourceError:
    """A file or line that could not be read, and why."""

    origin: str
    reason: str

    def __str__(self) -> str:
        return f"{self.origin}: {self.reason}"


def _suffix(path: Path) -> str | None:
    name = path.name.lower()
    return next((s for s in sorted(SUPPORTED_SUFFIXES, key=len, reverse=True) if name.endswith(s)), None)


def _iter_files(target: Path) -> Iterator[tuple[Path, str]]:
    """(file, article id) pairs: ids are paths relative to a directory given, or the bare file name."""
    if target.is_dir():
        for path in sorted(p for p in target.rglob("*") if p.is_file() and _suffix(p)):
            yield path, path.relative_to(target).as_posix()
    else:
        yield target, target.name


def decode_text(data: bytes) -> str:
    """Text from bytes: UTF-8 when it is, else the encoding charset_normalizer finds coherent.

    Raises ValueError for binary data or bytes no text encoding explains.
    """
    if b"\x00" in data[:8192]:
        raise ValueError("binary content (NUL bytes), not text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        # Most mis-encoded scraped news in Western languages is Windows-1252; try it before guessing.
        return data.decode("cp1252")
    except UnicodeDecodeError:
        pass
    best = from_bytes(data).best()
    if best is None or best.chaos > 0.2:
        raise ValueError("not valid UTF-8 and no other text encoding fits")
    return str(best)


def _parse_published(record: dict) -> date | None:
    name = next((n for n in PUBLISHED_ALIASES if record.get(n) not in (None, "")), None)
    if name is None:
        return None
    value = record[name]
    if not isinstance(value, str):
        raise ValueError(f"'{name}' must be an ISO 8601 string, got {type(value).__name__}")
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00")).date()
    except ValueError:
        raise ValueError(f"'{name}' is not ISO 8601: {value!r}") from None


def _article_from_json(record: object, default_id: str, origin: str) -> RawArticle:
    if not isinstance(record, dict):
        raise ValueError("a line must hold a JSON object")
    text, html = record.get("text"), record.get("html")
    if not (isinstance(text, str) and text.strip()) and not (isinstance(html, str) and html.strip()):
        raise ValueError("no 'text' or 'html'")
    for name in ("id", "url", "source", "title"):
        if record.get(name) is not None and not isinstance(record[name], str | int):
            raise ValueError(f"'{name}' must be a string")
    return RawArticle(
        id=str(record.get("id") or default_id),
        origin=origin,
        text=text if isinstance(text, str) and text.strip() else None,
        html=html if isinstance(html, str) and html.strip() else None,
        url=record.get("url"),
        source=record.get("source"),
        title=record.get("title"),
        published=_parse_published(record),
    )


def _read_jsonl(path: Path, file_id: str) -> Iterator[RawArticle | SourceError]:
    opener = gzip.open if path.name.lower().endswith(".gz") else open
    try:
        with opener(path, "rb") as handle:
            for number, raw_line in enumerate(handle, start=1):
                origin = f"{path}:{number}"
                if not raw_line.strip():
                    continue
                if len(raw_line) > MAX_ARTICLE_CHARS:
                    yield SourceError(origin, f"line too large for one article ({len(raw_line):,} bytes)")
                    continue
                try:
                    line = decode_text(raw_line)
                    yield _article_from_json(json.loads(line), f"{file_id}:{number}", origin)
                except json.JSONDecodeError as exc:
                    yield SourceError(origin, f"invalid JSON ({exc.msg} at column {exc.colno})")
                except ValueError as exc:
                    yield SourceError(origin, str(exc))
    except (OSError, EOFError, zlib.error) as exc:
        yield SourceError(str(path), f"cannot read: {exc}")


def _read_document(path: Path, file_id: str, suffix: str) -> RawArticle | SourceError:
    try:
        if suffix.endswith(".gz"):
            with gzip.open(path, "rb") as handle:
                data = handle.read(MAX_FILE_BYTES + 1)
        else:
            data = path.read_bytes()
    except (EOFError, zlib.error, gzip.BadGzipFile) as exc:
        return SourceError(str(path), f"cannot decompress: {exc}")
    except OSError as exc:
        return SourceError(str(path), f"cannot read: {exc.strerror or exc}")
    if len(data) > MAX_FILE_BYTES:
        return SourceError(str(path), f"file too large once decompressed (over {MAX_FILE_BYTES:,} bytes)")
    if not data.strip():
        return SourceError(str(path), "empty file")
    try:
        content = decode_text(data)
    except ValueError as exc:
        return SourceError(str(path), str(exc))
    if len(content) > MAX_ARTICLE_CHARS:
        return SourceError(str(path), f"too large for one article ({len(content):,} characters)")
    if suffix.startswith(".txt"):
        return RawArticle(id=file_id, origin=str(path), text=content)
    if "<" not in content:
        return SourceError(str(path), "no HTML markup in an .html file")
    return RawArticle(id=file_id, origin=str(path), html=content)


def read_paths(paths: list[Path]) -> Iterator[RawArticle | SourceError]:
    """Every article under the given files and directories, in a stable order, errors in line."""
    for target in paths:
        if not target.exists():
            yield SourceError(str(target), "no such file or directory")
            continue
        for path, file_id in _iter_files(target):
            suffix = _suffix(path)
            if suffix is None:
                yield SourceError(str(path), "unsupported file type (expected " + ", ".join(SUPPORTED_SUFFIXES) + ")")
                continue
            try:
                size = path.stat().st_size
            except OSError as exc:
                yield SourceError(str(path), f"cannot read: {exc.strerror or exc}")
                continue
            # A JSONL file is read line by line, so only one-article files have a size limit.
            if size > MAX_FILE_BYTES and not suffix.startswith(".jsonl"):
                yield SourceError(str(path), f"file too large ({size:,} bytes; limit {MAX_FILE_BYTES:,})")
                continue
            if suffix in (".jsonl", ".jsonl.gz"):
                yield from _read_jsonl(path, file_id)
            else:
                yield _read_document(path, file_id, suffix)
