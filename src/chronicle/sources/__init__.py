"""Sources: files and directories of .txt, .html/.htm and .jsonl(.gz) become RawArticle records.

Bad input never stops a batch: each unreadable file or line becomes a SourceError naming it and why.
"""

from chronicle.sources.readers import SUPPORTED_SUFFIXES, SourceError, read_paths

__all__ = ["SUPPORTED_SUFFIXES", "SourceError", "read_paths"]
