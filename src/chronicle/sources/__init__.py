"""Sources: files and directories of .txt, .html/.htm and .jsonl(.gz) become RawArticle records.

Bad input never stops a batch: each unreadable file or line becomes a SourceError naming it and why; input
read but not as given (damaged bytes replaced, a placeholder date dropped) a SourceWarning.
"""

from chronicle.sources.readers import (
    SUPPORTED_SUFFIXES,
    SourceError,
    SourceWarning,
    article_from_record,
    read_paths,
    sample_corpus,
)

__all__ = ["SUPPORTED_SUFFIXES", "SourceError", "SourceWarning", "article_from_record", "read_paths", "sample_corpus"]
