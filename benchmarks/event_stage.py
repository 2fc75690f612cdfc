"""The event stage alone, on real news: `python -m benchmarks.event_stage DATA [--together]` prints its timing as JSON.

benchmarks.run (`event_stages`) runs it with this tree and with the tree of an earlier commit first on
PYTHONPATH (the coder as it was when issue 24 was filed), both at once with `--together`, so both time the
same articles on the same machine at the same moment.
Parsing, entities and time expressions are done first with each tree's own code and not timed; the events are
extracted once to warm every lazily loaded table (the gazetteer, the lexicons), then timed over PASSES
passes, each on the Docs as the stage receives them, of which the fastest counts.
"""

from __future__ import annotations

import json
import resource
import sys
import time
from datetime import date
from pathlib import Path

# Timed passes, the fastest reported: the others carry the noise of a shared machine (as with timeit).
PASSES = 5
WIKINEWS = Path("corpora") / "wikinews_2019_2020" / "wikinews_en_2019_2020.jsonl"


def measure(data: Path, together: bool = False) -> dict:
    """The stage's timing; `together`: once parsed and warmed up, say "ready" and time only when a line comes
    on stdin, so that trees measured side by side time their passes at the same moment."""
    import importlib
    import importlib.util

    import chronicle
    from chronicle.clean import clean_article
    from chronicle.records import RawArticle

    # the analysis stage's package was `chronicle.analyse` in the baseline tree
    stage = "chronicle.analysis" if importlib.util.find_spec("chronicle.analysis") else "chronicle.analyse"
    link_entities = importlib.import_module(f"{stage}.entities").link_entities
    extract_events = importlib.import_module(f"{stage}.events").extract_events
    load_pipeline = importlib.import_module(f"{stage}.nlp").load_pipeline
    tag_doc = importlib.import_module(f"{stage}.timex").tag_doc

    lines = (data / WIKINEWS).read_text("utf-8").splitlines()
    records = [json.loads(line) for line in lines if line.strip()]
    raws = [
        RawArticle(
            id=r["id"],
            origin=r["id"],
            text=r["text"],
            title=r.get("title"),
            url=r.get("url"),
            published=date.fromisoformat(r["date"][:10]),
        )
        for r in records
    ]
    articles = [clean_article(raw) for raw in raws]
    nlp = load_pipeline()
    inputs = []
    for article, doc in zip(articles, nlp.pipe((a.text for a in articles), batch_size=64), strict=True):
        inputs.append(
            (doc, link_entities(doc, article.published), tuple(tag_doc(doc, article.published)), article.published)
        )
    # what each Doc holds when the event stage gets it; the stage's own per-document caches are dropped before
    # every pass, so each pass builds them as a run does
    received = [dict(arguments[0].user_data) for arguments in inputs]
    for arguments in inputs:
        extract_events(*arguments)
    if together:
        print("ready", flush=True)
        sys.stdin.readline()
    passes = []
    for _ in range(PASSES):
        for arguments, user_data in zip(inputs, received, strict=True):
            arguments[0].user_data.clear()
            arguments[0].user_data.update(user_data)
        started = time.perf_counter()
        events = sum(len(extract_events(*arguments)) for arguments in inputs)
        passes.append(time.perf_counter() - started)
    return {
        "seconds": min(passes),
        "passes": passes,
        "articles": len(inputs),
        "events": events,
        "code": str(Path(chronicle.__file__).parent),
        "peak_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


if __name__ == "__main__":
    print(json.dumps(measure(Path(sys.argv[1]), together="--together" in sys.argv[2:])))
