"""Readers for the input formats Chronicle accepts."""

from __future__ import annotations

import codecs
import gzip
import json
import unicodedata
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from importlib import resources
from pathlib import Path

from charset_normalizer import from_bytes

from chronicle.records import RawArticle

MAX_FILE_BYTES = 50 * 1024 * 1024
MAX_ARTICLE_CHARS = 1_000_000  # spaCy's default max_length: longer texts are no news article
SUPPORTED_SUFFIXES = (".txt", ".txt.gz", ".html", ".htm", ".html.gz", ".htm.gz", ".jsonl", ".jsonl.gz")
# Field names other datasets use for the publication date, accepted after `published`.
PUBLISHED_ALIASES = ("published", "date", "published_at", "publish_date", "pubdate")
# A publication date outside these years is a placeholder ("0001-01-01", Go's zero time; "9999-12-31").
EARLIEST_YEAR, LATEST_YEAR = 1000, 2100


@dataclass(frozen=True)
class SourceError:
    """A file or line that could not be read, and why."""

    origin: str
    reason: str

    def __str__(self) -> str:
        return f"{self.origin}: {self.reason}"


@dataclass(frozen=True)
class SourceWarning:
    """Something read but not as given (bytes replaced, a date dropped), and what was done."""

    origin: str
    message: str

    def __str__(self) -> str:
        return f"{self.origin}: {self.message}"


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


# Byte order marks, the longer first: a UTF-32 LE mark begins with the UTF-16 LE one.
BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# UTF-8 with at most this share of bytes undecodable is UTF-8 with a few damaged bytes, not another encoding.
MAX_BAD_UTF8_SHARE = 0.01
# Text is mostly letters, digits, spaces and punctuation; random bytes read as Windows-1252 are half symbols.
MIN_TEXT_SHARE = 0.85
# The most garbling (charset_normalizer's "chaos") a guessed encoding may leave; charset_normalizer's own default.
MAX_CHAOS = 0.2


@dataclass(frozen=True)
class Decoded:
    """Text decoded from bytes, with the number of undecodable bytes replaced by U+FFFD."""

    text: str
    replaced: int = 0


def _text_share(text: str) -> float:
    sample = text[:20_000]
    if not sample:
        return 1.0
    textual = sum(
        1
        for ch in sample
        if ch.isalnum() or ch.isspace() or unicodedata.category(ch)[0] in "PSZM" and unicodedata.category(ch) != "So"
    )
    return textual / len(sample)


def decode_text(data: bytes) -> Decoded:
    """Text from bytes: by its byte order mark (UTF-8, UTF-16, UTF-32); else UTF-8, with isolated bad bytes
    replaced and counted; else, for bytes that are not mostly UTF-8, Windows-1252 (what most mis-encoded
    Western news is) or the encoding charset_normalizer finds coherent.

    Raises ValueError for binary data or bytes no text encoding explains.
    """
    bom = next((codec for mark, codec in BOMS if data.startswith(mark)), None)
    if bom is not None:
        try:
            return _checked(Decoded(data.decode(bom)))
        except UnicodeDecodeError:
            raise ValueError(f"not valid {bom.removesuffix('-sig').upper()} despite its byte order mark") from None
    if b"\x00" in data[:8192]:
        raise ValueError("binary content (NUL bytes), not text")
    try:
        return _checked(Decoded(data.decode("utf-8")))
    except UnicodeDecodeError:
        pass
    text = data.decode("utf-8", errors="replace")
    replaced = text.count("\ufffd") - data.count("\ufffd".encode())
    # Bytes that hold UTF-8's multi-byte characters and only a few bad bytes are damaged UTF-8 ("Café" and a
    # stray 0xFF); bytes without any are a one-byte encoding.
    multibyte = any(ord(ch) > 127 and ch != "\ufffd" for ch in text)  # noqa: PLR2004 (127: the last ASCII code point)
    if multibyte and replaced <= MAX_BAD_UTF8_SHARE * len(data):
        return _checked(Decoded(text, replaced))
    try:
        return _checked(Decoded(data.decode("cp1252")))
    except (UnicodeDecodeError, ValueError):
        pass
    best = from_bytes(data).best()
    if best is None or best.chaos > MAX_CHAOS:
        raise ValueError("not valid UTF-8 and no other text encoding fits")
    return _checked(Decoded(str(best)))


def _checked(decoded: Decoded) -> Decoded:
    if _text_share(decoded.text) < MIN_TEXT_SHARE:
        raise ValueError("mostly not text (control characters and symbols), not an article")
    return decoded


def _string(record: dict, name: str, numbers: bool = False) -> str | None:
    """A field's text: a string of valid Unicode (a lone surrogate such as "\\ud800" is not), or, where
    `numbers` allows, an integer written as one."""
    value = record.get(name)
    if value is None:
        return None
    if numbers and isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    if not isinstance(value, str):
        raise ValueError(f"'{name}' must be a string, got {type(value).__name__}")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise ValueError(f"'{name}' holds a lone surrogate, not text") from None
    return value


def _parse_published(record: dict) -> tuple[date | None, str | None]:
    """The publication date, and a warning when a date is given but cannot be a news article's."""
    name = next((n for n in PUBLISHED_ALIASES if record.get(n) not in (None, "")), None)
    if name is None:
        return None, None
    value = _string(record, name) or ""
    try:
        published = datetime.fromisoformat(value.replace("Z", "+00:00")).date()
    except ValueError:
        raise ValueError(f"'{name}' is not ISO 8601: {value!r}") from None
    if not EARLIEST_YEAR <= published.year <= LATEST_YEAR:
        return None, f"'{name}' {value!r} is outside {EARLIEST_YEAR}–{LATEST_YEAR}: taken as no date"
    return published, None


def article_from_record(record: object, default_id: str, origin: str) -> tuple[RawArticle, str | None]:
    """An article from one JSON object (a JSONL line's fields: text or html, and id, url, source, title,
    published), and a warning when a value was read other than as given. ValueError says what is wrong."""
    if not isinstance(record, dict):
        raise ValueError("a line must hold a JSON object")
    text, html = _string(record, "text"), _string(record, "html")
    if not (text and text.strip()) and not (html and html.strip()):
        raise ValueError("no 'text' or 'html'")
    published, warning = _parse_published(record)
    article = RawArticle(
        id=_string(record, "id", numbers=True) or default_id,
        origin=origin,
        text=text if text and text.strip() else None,
        html=html if html and html.strip() else None,
        url=_string(record, "url"),
        source=_string(record, "source"),
        title=_string(record, "title"),
        published=published,
    )
    return article, warning


def _read_jsonl(path: Path, file_id: str) -> Iterator[RawArticle | SourceError | SourceWarning]:
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
                    decoded = decode_text(raw_line)
                    article, warning = article_from_record(json.loads(decoded.text), f"{file_id}:{number}", origin)
                    yield from _warnings(origin, decoded, warning)
                    yield article
                except json.JSONDecodeError as exc:
                    yield SourceError(origin, f"invalid JSON ({exc.msg} at column {exc.colno})")
                except ValueError as exc:
                    yield SourceError(origin, str(exc))
                except RecursionError:
                    yield SourceError(origin, "JSON nested too deeply")
    except (OSError, EOFError, zlib.error) as exc:
        yield SourceError(str(path), f"cannot read: {exc}")


def _read_document(path: Path, file_id: str, suffix: str) -> list[RawArticle | SourceError | SourceWarning]:
    try:
        if suffix.endswith(".gz"):
            with gzip.open(path, "rb") as handle:
                data = handle.read(MAX_FILE_BYTES + 1)
        else:
            data = path.read_bytes()
    except (EOFError, zlib.error, gzip.BadGzipFile) as exc:
        return [SourceError(str(path), f"cannot decompress: {exc}")]
    except OSError as exc:
        return [SourceError(str(path), f"cannot read: {exc.strerror or exc}")]
    if len(data) > MAX_FILE_BYTES:
        return [SourceError(str(path), f"file too large once decompressed (over {MAX_FILE_BYTES:,} bytes)")]
    if not data.strip():
        return [SourceError(str(path), "empty file")]
    try:
        decoded = decode_text(data)
    except ValueError as exc:
        return [SourceError(str(path), str(exc))]
    content = decoded.text
    if len(content) > MAX_ARTICLE_CHARS:
        return [SourceError(str(path), f"too large for one article ({len(content):,} characters)")]
    if suffix.startswith(".txt"):
        return [*_warnings(str(path), decoded), RawArticle(id=file_id, origin=str(path), text=content)]
    if "<" not in content:
        return [SourceError(str(path), "no HTML markup in an .html file")]
    return [*_warnings(str(path), decoded), RawArticle(id=file_id, origin=str(path), html=content)]


def _warnings(origin: str, decoded: Decoded, *found: str | None) -> list[SourceWarning]:
    warnings = [SourceWarning(origin, message) for message in found if message]
    if decoded.replaced:
        warnings.insert(0, SourceWarning(origin, f"{decoded.replaced} invalid UTF-8 sequence(s) replaced by U+FFFD"))
    return warnings


def read_paths(paths: list[Path]) -> Iterator[RawArticle | SourceError | SourceWarning]:
    """Every article under the given files and directories, in a stable order, errors and warnings in line."""
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
                yield from _read_document(path, file_id, suffix)


def sample_corpus() -> Path:
    """The folder of sample articles bundled with Chronicle (what `chronicle demo` ingests)."""
    return Path(str(resources.files("chronicle").joinpath("sample_corpus")))
