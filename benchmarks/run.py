"""Chronicle's benchmarks, each side by side with its baseline in one run, results as ratios.

    python -m benchmarks.run [--data ../shared/data] [--sizes 1000,10000,100000] [--output docs/BENCHMARKS.md]

(`make bench` runs it with the defaults.) Every measurement runs in a fresh worker process, so its peak
resident memory is its own. Speeds are single-process: one core.
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import json
import multiprocessing
import os
import platform
import random
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

from chronicle.corpus.dedup import DUPLICATE_JACCARD
from chronicle.evaluation.gold import read_jsonl
from chronicle.evaluation.report import current_commit

ROOT = Path(__file__).resolve().parent.parent


# -- inputs ---------------------------------------------------------------------------------------------


def news_articles(data: Path) -> list[dict]:
    """Real dated news: the shared Wikinews corpus, else the bundled sample corpus's JSON lines."""
    path = data / "corpora" / "wikinews_2019_2020" / "wikinews_en_2019_2020.jsonl"
    if path.exists():
        return read_jsonl(path)
    from chronicle.sources import sample_corpus

    return read_jsonl(sample_corpus() / "capital-daily.jsonl")


def raw_articles(data: Path):
    from chronicle.records import RawArticle

    return [
        RawArticle(
            id=r.get("id") or f"a{i}",
            origin=f"a{i}",
            text=r["text"],
            title=r.get("title"),
            url=r.get("url"),
            source=r.get("source"),
            published=date.fromisoformat((r.get("date") or r.get("published"))[:10]),
        )
        for i, r in enumerate(news_articles(data))
    ]


# -- measurements (each runs in its own process) --------------------------------------------------------


def _peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def bare_spacy(data: Path) -> dict:
    import spacy

    from chronicle.clean import clean_article
    from chronicle.config import DEFAULT_SPACY_MODEL

    texts = [clean_article(raw).text for raw in raw_articles(data)]
    nlp = spacy.load(DEFAULT_SPACY_MODEL)
    started = time.perf_counter()
    tokens = sum(len(doc) for doc in nlp.pipe(texts, batch_size=64))
    return {"seconds": time.perf_counter() - started, "articles": len(texts), "tokens": tokens, "peak_mib": _peak_mib()}


def whole_pipeline(data: Path) -> dict:
    """sources → clean → analyse → corpus → store, each stage timed over the whole set."""
    from chronicle.analysis.nlp import load_pipeline
    from chronicle.analysis.pipeline import analyse_doc
    from chronicle.clean import clean_article
    from chronicle.corpus import CorpusState, add_articles
    from chronicle.store import Store

    stages: dict[str, float] = {}
    raws = raw_articles(data)
    nlp = load_pipeline()
    started = time.perf_counter()
    cleaned = [clean_article(raw) for raw in raws]
    stages["clean"] = time.perf_counter() - started
    mark = time.perf_counter()
    docs = list(nlp.pipe((a.text for a in cleaned), batch_size=64))
    stages["spaCy parse and entity ruler"] = time.perf_counter() - mark
    mark = time.perf_counter()
    analysed = [analyse_doc(article, doc) for article, doc in zip(cleaned, docs, strict=True)]
    stages["entities, time, quotes, events"] = time.perf_counter() - mark
    mark = time.perf_counter()
    state = CorpusState()
    outcomes = add_articles(state, analysed)
    stages["corpus (dedup, stories, events)"] = time.perf_counter() - mark
    mark = time.perf_counter()
    with tempfile.TemporaryDirectory() as folder:
        Store(f"sqlite:///{folder}/bench.db").save(analysed, outcomes, state.take_changes())
    stages["store (SQLite)"] = time.perf_counter() - mark
    total = time.perf_counter() - started
    return {
        "seconds": total,
        "articles": len(raws),
        "tokens": sum(len(d) for d in docs),
        "stages": stages,
        "peak_mib": _peak_mib(),
    }


def _dedup_documents(data: Path) -> dict[str, str]:
    """ECB+ documents (or the news set) plus a lightly edited copy of every fourth one: known near-duplicates."""
    path = data / "stories" / "ecbplus_docs.jsonl"
    records = (
        read_jsonl(path)
        if path.exists()
        else [{"doc_id": r.get("id", str(i)), "text": r["text"]} for i, r in enumerate(news_articles(data))]
    )
    documents = {r["doc_id"]: r["text"] for r in records}
    rng = random.Random(7)
    for doc_id, text in list(documents.items())[::4]:
        words = text.split()
        for _ in range(max(1, len(words) // 100)):  # about one word in a hundred changed
            words[rng.randrange(len(words))] = "edited"
        documents[f"{doc_id}/copy"] = " ".join(words)
    return documents


def _exact_pairs(documents: dict[str, str], threshold: float) -> set[frozenset[str]]:
    from chronicle.analysis.fingerprint import SHINGLE_WORDS
    from chronicle.evaluation.metrics import jaccard, word_shingles

    sets = {k: set(word_shingles(v, SHINGLE_WORDS)) for k, v in documents.items()}
    keys = sorted(sets)
    return {
        frozenset((a, b)) for i, a in enumerate(keys) for b in keys[i + 1 :] if jaccard(sets[a], sets[b]) >= threshold
    }


def chronicle_dedup(data: Path) -> dict:
    from chronicle.analysis.fingerprint import fingerprint
    from chronicle.corpus import CorpusState
    from chronicle.corpus.dedup import find_copies

    documents = _dedup_documents(data)
    state = CorpusState()
    found: set[frozenset[str]] = set()
    started = time.perf_counter()
    for doc_id, text in documents.items():
        text_print = fingerprint(text)
        found |= {frozenset((doc_id, copy)) for copy, _ in find_copies(state, text_print)}
        state.add_fingerprint(doc_id, text_print)
    seconds = time.perf_counter() - started
    gold = _exact_pairs(documents, DUPLICATE_JACCARD)
    return {
        "seconds": seconds,
        "documents": len(documents),
        "recall": len(found & gold) / max(1, len(gold)),
        "precision": len(found & gold) / max(1, len(found)),
        "peak_mib": _peak_mib(),
    }


def datasketch_direct(data: Path) -> dict:
    """The baseline: MinHash and MinHashLSH straight from datasketch, same shingles, threshold and permutations."""
    from datasketch import MinHash, MinHashLSH

    from chronicle.analysis.fingerprint import NUM_PERM, SHINGLE_WORDS
    from chronicle.evaluation.metrics import word_shingles

    documents = _dedup_documents(data)
    lsh = MinHashLSH(threshold=DUPLICATE_JACCARD, num_perm=NUM_PERM)
    found: set[frozenset[str]] = set()
    started = time.perf_counter()
    for doc_id, text in documents.items():
        minhash = MinHash(num_perm=NUM_PERM)
        minhash.update_batch([" ".join(s).encode() for s in word_shingles(text, SHINGLE_WORDS)])
        for candidate in lsh.query(minhash):
            found.add(frozenset((doc_id, candidate)))
        lsh.insert(doc_id, minhash)
    seconds = time.perf_counter() - started
    gold = _exact_pairs(documents, DUPLICATE_JACCARD)
    return {
        "seconds": seconds,
        "documents": len(documents),
        "recall": len(found & gold) / max(1, len(gold)),
        "precision": len(found & gold) / max(1, len(found)),
        "peak_mib": _peak_mib(),
    }


def _pages(data: Path) -> list[str]:
    folder = data / "extraction" / "aeb_dev" / "html"
    if folder.exists():
        return [gzip.decompress(p.read_bytes()).decode("utf-8", "replace") for p in sorted(folder.glob("*.html.gz"))]
    from chronicle.sources import sample_corpus

    return [p.read_text("utf-8") for p in sorted(sample_corpus().glob("*.html"))]


def chronicle_extraction(data: Path) -> dict:
    from chronicle.clean import ExtractionError, clean_article
    from chronicle.records import RawArticle

    pages = _pages(data)
    started = time.perf_counter()
    for html in pages:
        with contextlib.suppress(ExtractionError):  # a page without article text costs time all the same
            clean_article(RawArticle(id="p", origin="p", html=html))
    return {"seconds": time.perf_counter() - started, "pages": len(pages), "peak_mib": _peak_mib()}


def trafilatura_alone(data: Path) -> dict:
    import trafilatura

    pages = _pages(data)
    started = time.perf_counter()
    for html in pages:
        trafilatura.extract(html)
    return {"seconds": time.perf_counter() - started, "pages": len(pages), "peak_mib": _peak_mib()}


UNDATED_EVERY = 20


def synthetic_stream(analysed: list, size: int) -> list:
    """`size` analysed articles made from real ones, replaying the real set's timeline again and again (each
    replay starts ten days after the last one ended), so the stream is as dense in time as the real news at
    every size and only the corpus grows. Texts are drawn from the sentences of the whole set, so no copy is
    a near-duplicate of another. One article in UNDATED_EVERY has no publication date, as scraped text often
    has none: it has no time window to find its stories in."""
    from chronicle.analysis.fingerprint import fingerprint
    from chronicle.analysis.marks import figures_stated

    rng = random.Random(size)
    sentences = [s.text for a in analysed for s in a.sentences if len(s.text) > 40]
    dates = [a.article.published for a in analysed if a.article.published]
    replay_days = (max(dates) - min(dates)).days + 10 if dates else 10
    stream = []
    for index in range(size):
        base = analysed[index % len(analysed)]
        shift = timedelta(days=replay_days * (index // len(analysed)))
        article = base.article
        published = (
            None if index % UNDATED_EVERY == UNDATED_EVERY - 1 else ((article.published or date(2019, 1, 1)) + shift)
        )
        events = tuple(
            replace(e, date=(date.fromisoformat(e.date) + shift).isoformat()) if e.date and len(e.date) == 10 else e
            for e in base.events
        )
        text = " ".join(rng.sample(sentences, min(12, len(sentences))))
        basis = article.published_basis if published else "unknown"
        stream.append(
            replace(
                base,
                article=replace(article, id=f"s{index}", text=text, published=published, published_basis=basis),
                events=events,
                fingerprint=fingerprint(text),
                marks=replace(base.marks, figures=frozenset(figures_stated(text))),
            )
        )
    return stream


# The machines these run on share their cores: the same run of the cross-article step has varied by a sixth
# from one minute to the next. It is run this many times on the same stream, each into a fresh corpus, and
# the fastest and slowest runs are reported (the fastest, as timeit advises, is the one least disturbed).
CROSS_ARTICLE_RUNS = 3


def cross_article(data: Path, size: int) -> dict:
    from chronicle.analysis.pipeline import analyse_articles
    from chronicle.clean import clean_article
    from chronicle.corpus import CorpusState, add_articles

    real = list(analyse_articles(clean_article(raw) for raw in raw_articles(data)))
    stream = synthetic_stream(real, size)
    runs = []
    for _ in range(CROSS_ARTICLE_RUNS):
        state = CorpusState()
        started = time.perf_counter()
        add_articles(state, stream)
        runs.append(time.perf_counter() - started)
        stories, events = len(state.stories), len(state.events)
        del state  # one corpus in memory at a time
    return {
        "seconds": min(runs),
        "slowest_seconds": max(runs),
        "articles": size,
        "stories": stories,
        "events": events,
        "peak_mib": _peak_mib(),
    }


# The event coder when issue 24 was filed: the event stage may cost no more per article than it did then.
EVENT_BASELINE_COMMIT = "2ea8c64"


def event_stages(data: Path, commit: str) -> tuple[dict, dict, bool]:
    """benchmarks.event_stage on this tree and on `commit`'s `src` (taken out with `git archive`, first on
    PYTHONPATH), each in a fresh interpreter, and whether they ran at once. With two cores or more, both run
    at once, each pinned to a core of its own, and then again with the cores swapped, each tree's faster run
    counting: their timed passes start together, so the two meet much the same load, where one after the
    other the same code's time had moved by up to 2x (docs/DECISIONS.md)."""
    with tempfile.TemporaryDirectory(prefix="chronicle-baseline-") as folder:
        archive = subprocess.run(["git", "-C", str(ROOT), "archive", commit, "src"], check=True, capture_output=True)
        subprocess.run(["tar", "-x", "-C", folder], input=archive.stdout, check=True)
        baseline = dict(os.environ, PYTHONPATH=os.pathsep.join([str(Path(folder) / "src"), str(ROOT)]))
        trees = [dict(os.environ), baseline]
        cores = sorted(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else []
        if len(cores) < 2:  # one core: one after the other
            now, then = (_timed_together(data, [environment], [None])[0] for environment in trees)
            return now, then, False
        runs = [_timed_together(data, trees, placing) for placing in ([cores[0], cores[1]], [cores[1], cores[0]])]
    now, then = (min((run[tree] for run in runs), key=lambda r: r["seconds"]) for tree in (0, 1))
    return now, then, True


def _timed_together(data: Path, environments: list[dict[str, str]], cores: list[int | None]) -> list[dict]:
    """benchmarks.event_stage in one interpreter per environment, each pinned to its core (None: anywhere);
    their timed passes start when every one has parsed and warmed up. No interpreter outlives the call."""
    processes: list[subprocess.Popen[str]] = []
    try:
        for environment, core in zip(environments, cores, strict=True):
            processes.append(_stage_process(data, environment, core))
        for process in processes:
            if _said(process) != "ready":
                raise RuntimeError(f"benchmarks.event_stage did not get ready: {process.args}")
        for process in processes:  # every one told to go before any is waited for
            assert process.stdin is not None
            process.stdin.write("go\n")
            process.stdin.flush()
        return [_stage_result(process) for process in processes]
    finally:
        for process in processes:
            if process.poll() is None:
                process.kill()
                process.wait()


def _stage_process(data: Path, environment: dict[str, str], core: int | None) -> subprocess.Popen[str]:
    process = subprocess.Popen(
        [sys.executable, "-m", "benchmarks.event_stage", str(data.resolve()), "--together"],
        cwd=ROOT,
        env=environment,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    if core is not None:
        os.sched_setaffinity(process.pid, {core})
    return process


def _said(process: subprocess.Popen[str]) -> str:
    assert process.stdout is not None
    return process.stdout.readline().strip()


def _stage_result(process: subprocess.Popen[str]) -> dict:
    assert process.stdout is not None
    output = process.stdout.read()
    if process.wait():
        raise subprocess.CalledProcessError(process.returncode, process.args)
    return json.loads(output.strip().splitlines()[-1])


def _in_worker(job: Callable[..., dict], *args) -> dict:
    with multiprocessing.get_context("spawn").Pool(1) as pool:
        return pool.apply(job, args)


# -- report ---------------------------------------------------------------------------------------------


def machine() -> str:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor() or "unknown CPU",
    )
    memory = next(
        (
            int(line.split()[1]) // 1024 // 1024
            for line in Path("/proc/meminfo").read_text().splitlines()
            if line.startswith("MemTotal")
        ),
        0,
    )
    python = f"Python {platform.python_version()}, {platform.system()}"
    return f"{multiprocessing.cpu_count()} × {cpu}, {memory} GiB RAM, {python}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=Path("../shared/data"))
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--output", type=Path, default=ROOT / "docs" / "BENCHMARKS.md")
    args = parser.parse_args()
    command = f"python -m benchmarks.run --data {args.data} --sizes {args.sizes}"
    lines = [
        "# Benchmarks",
        "",
        f"Measured {date.today().isoformat()} with `{command}` (`make bench`) at commit `{current_commit(ROOT)}` on "
        f"{machine()}. Each row runs in its own process (peak memory is that process's resident set); "
        "all speeds are one process on one core.",
        "",
    ]

    bare, ours = _in_worker(bare_spacy, args.data), _in_worker(whole_pipeline, args.data)
    lines += [
        "## Whole pipeline against a bare spaCy parse",
        "",
        f"{ours['articles']} news articles ({ours['tokens']:,} tokens). Baseline: `spacy.load` of the same "
        "model and `nlp.pipe` over the same cleaned texts.",
        "",
        "| | articles/s | tokens/s | peak memory (MiB) |",
        "|---|---|---|---|",
    ]
    for name, result in (("bare spaCy parse", bare), ("Chronicle, sources to store", ours)):
        lines.append(
            f"| {name} | {result['articles'] / result['seconds']:.1f} | "
            f"{result['tokens'] / result['seconds']:,.0f} | {result['peak_mib']:.0f} |"
        )
    lines += [
        "",
        f"Chronicle takes **{ours['seconds'] / bare['seconds']:.2f}×** the time of the bare parse and "
        f"**{ours['peak_mib'] / bare['peak_mib']:.2f}×** its peak memory.",
        "",
        "| stage | share of time |",
        "|---|---|",
    ]
    lines += [f"| {stage} | {seconds / ours['seconds']:.1%} |" for stage, seconds in ours["stages"].items()]

    ours_dedup, direct = _in_worker(chronicle_dedup, args.data), _in_worker(datasketch_direct, args.data)
    lines += [
        "",
        "## Near-duplicate detection against datasketch used directly",
        "",
        f"{ours_dedup['documents']} documents (ECB+ plus an edited copy of every fourth). Recall and precision "
        f"against exact word 5-shingle Jaccard ≥ {DUPLICATE_JACCARD} pairs; both use that threshold "
        "(datasketch as its LSH threshold, Chronicle as its verified Jaccard).",
        "",
        "| | documents/s | recall | precision | peak memory (MiB) |",
        "|---|---|---|---|---|",
    ]
    for name, result in (("datasketch MinHash + MinHashLSH", direct), ("Chronicle dedup", ours_dedup)):
        lines.append(
            f"| {name} | {result['documents'] / result['seconds']:.0f} | {result['recall']:.3f} | "
            f"{result['precision']:.3f} | {result['peak_mib']:.0f} |"
        )
    lines += ["", f"Chronicle's speed is **{direct['seconds'] / ours_dedup['seconds']:.2f}×** datasketch's."]

    ours_html, alone = _in_worker(chronicle_extraction, args.data), _in_worker(trafilatura_alone, args.data)
    lines += [
        "",
        "## HTML extraction against trafilatura alone",
        "",
        f"{alone['pages']} scraped pages. Chronicle runs trafilatura, htmldate, its own cleaning and dating.",
        "",
        "| | pages/s | peak memory (MiB) |",
        "|---|---|---|",
    ]
    for name, result in (("trafilatura.extract", alone), ("Chronicle clean_article", ours_html)):
        lines.append(f"| {name} | {result['pages'] / result['seconds']:.1f} | {result['peak_mib']:.0f} |")
    lines += ["", f"Chronicle takes **{ours_html['seconds'] / alone['seconds']:.2f}×** trafilatura's time."]

    now, then, together = event_stages(args.data, EVENT_BASELINE_COMMIT)
    lines += [
        "",
        f"## The event stage against the coder at `{EVENT_BASELINE_COMMIT}` (issue 24's start)",
        "",
        f"`extract_events` alone over {now['articles']} Wikinews articles, parsed beforehand by each tree's "
        "own code; a warm-up pass, then the fastest of five timed ones (benchmarks/event_stage.py). "
        + (
            "Both trees run at once, each on its own core, their timed passes started together, twice with the "
            "cores swapped; the faster run of each counts."
            if together
            else "One core: the trees ran one after the other."
        ),
        "",
        "| | ms/article | events | peak memory (MiB) |",
        "|---|---|---|---|",
    ]
    for name, result in ((f"coder at {EVENT_BASELINE_COMMIT}", then), ("Chronicle now", now)):
        lines.append(
            f"| {name} | {1000 * result['seconds'] / result['articles']:.1f} | {result['events']} | "
            f"{result['peak_mib']:.0f} |"
        )
    lines += [
        "",
        f"The event stage now takes **{now['seconds'] / then['seconds']:.2f}×** its time at `{EVENT_BASELINE_COMMIT}`.",
    ]
    lines += [
        "",
        "## The cross-article step alone, as the corpus grows",
        "",
        "Dedup, story assignment and event merging on synthetic analysed articles made from the real ones: "
        "the real set's timeline replayed again and again, so the stream is as dense in time at every size "
        f"and only the corpus grows; one article in {UNDATED_EVERY} without a publication date; texts drawn "
        "from all sentences, so no copy is a near-duplicate. Each size runs "
        f"{CROSS_ARTICLE_RUNS} times on the same stream, each into a fresh corpus: the fastest run and, "
        "in brackets, the slowest. Peak memory includes the spaCy model and the analysed articles the "
        "stream is made from.",
        "",
        "| articles | articles/s | stories | events | peak memory (MiB) |",
        "|---|---|---|---|---|",
    ]
    for size in (int(s) for s in args.sizes.split(",")):
        _write(args.output, lines)  # a long run leaves the finished rows behind if it is stopped
        result = _in_worker(cross_article, args.data, size)
        lines.append(
            f"| {size:,} | {size / result['seconds']:,.0f} ({size / result['slowest_seconds']:,.0f}) | "
            f"{result['stories']:,} | {result['events']:,} | {result['peak_mib']:.0f} |"
        )
    _write(args.output, lines)
    print("\n".join(lines))


def _write(output: Path, lines: list[str]) -> None:
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text("\n".join(lines) + "\n", "utf-8")


if __name__ == "__main__":
    main()
