"""The `extraction` and `pubdate` suites: scraped pages in, main text and publication date out.

Each runs the reference library alone on the same pages in the same run as its baseline: trafilatura's
`extract` for the main text, htmldate's `find_date` for the date.
"""

from __future__ import annotations

import gzip
import json
from datetime import date
from pathlib import Path

import htmldate
import trafilatura

from chronicle.clean import ExtractionError, clean_article, clean_text
from chronicle.evaluation.metrics import Tally, accuracy, shingle_counts
from chronicle.evaluation.report import Row, SuiteResult
from chronicle.records import RawArticle
from chronicle.sources.readers import decode_text


def read_page(path: Path) -> str:
    data = gzip.decompress(path.read_bytes()) if path.suffix == ".gz" else path.read_bytes()
    return decode_text(data)


def chronicle_text(html: str, url: str | None) -> str:
    try:
        return clean_article(RawArticle(id="page", origin="page", html=html, url=url)).text
    except ExtractionError:
        return ""


def run_extraction(data: Path) -> SuiteResult:
    folder = data / "extraction" / "aeb_dev"
    gold = json.loads((folder / "ground-truth.json").read_text("utf-8"))
    dumps = json.loads((folder / "page-text-dump.json").read_text("utf-8"))
    # Shingle counts summed over pages (micro-averaged), as the extraction benchmark reports them.
    ours, baseline, cleaned, raw_dump = Tally(), Tally(), Tally(), Tally()
    for page_id, record in sorted(gold.items()):
        html = read_page(folder / "html" / f"{page_id}.html.gz")
        body = record["articleBody"]
        ours.add(*shingle_counts(chronicle_text(html, record.get("url")), body))
        baseline.add(*shingle_counts(trafilatura.extract(html) or "", body))
        if page_id in dumps:
            cleaned.add(*shingle_counts(clean_text(dumps[page_id]).body, body))
            raw_dump.add(*shingle_counts(dumps[page_id], body))
    rows = []
    for label, score, base, base_name, reference in (
        ("HTML → text", ours, baseline, "trafilatura alone", "trafilatura 0.958 on the full 181 pages"),
        ("page text dump → cleaned text", cleaned, raw_dump, "the dump uncleaned", "raw page text ≈ 0.67"),
    ):
        prf, base_prf = score.prf(), base.prf()
        rows += [Row(f"{label}: precision", prf.precision, "", base_prf.precision, base_name),
                 Row(f"{label}: recall", prf.recall, "", base_prf.recall, base_name),
                 Row(f"{label}: F1", prf.f1, reference, base_prf.f1, base_name)]
    return SuiteResult("extraction", f"article-extraction-benchmark dev, {len(gold)} pages; 4-word shingles "
                       "summed over pages", rows)


def run_pubdate(data: Path) -> SuiteResult:
    folder = data / "pubdate" / "mediacloud_dev"
    pages = json.loads((folder / "gold.json").read_text("utf-8"))
    # Two pages have no gold date (NaN in the file): they cannot be scored either way.
    gold = {url: record for url, record in pages.items() if isinstance(record["date"], str)}
    ours, alone, unknown = [], [], 0
    for url, record in sorted(gold.items()):
        html = read_page(folder / "html" / f"{record['file']}.gz")
        truth = date.fromisoformat(record["date"][:10])
        try:
            found = clean_article(RawArticle(id="page", origin="page", html=html, url=url)).published
        except ExtractionError:
            found = None
        unknown += found is None
        ours.append(found == truth)
        reference = htmldate.find_date(html, url=url, outputformat="%Y-%m-%d")
        alone.append(reference is not None and date.fromisoformat(reference) == truth)
    return SuiteResult("pubdate", f"htmldate's MediaCloud 2020 news pages, {len(gold)} of {len(pages)} pages (the rest have no gold date)", [
        Row("day accuracy", accuracy(ours), "htmldate extensive F 0.949 (its docs)", accuracy(alone),
            "htmldate alone, default settings"),
        Row("pages left undated", unknown),
    ])
