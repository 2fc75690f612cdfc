from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from chronicle.analysis.nlp import load_pipeline
from chronicle.ingest import ingest
from chronicle.sources import sample_corpus
from chronicle.store import Store


@pytest.fixture(scope="session")
def nlp():
    return load_pipeline()


@pytest.fixture(scope="session")
def sample_store(tmp_path_factory) -> Store:
    """The bundled sample corpus ingested once into a fresh SQLite database."""
    db = tmp_path_factory.mktemp("sample") / "sample.db"
    store = Store(f"sqlite:///{db}")
    report = ingest([sample_corpus()], store)
    assert report.errors == [] and report.added == 15
    return store


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return Store(f"sqlite:///{tmp_path / 'test.db'}")


@pytest.fixture
def dam_reports(tmp_path: Path) -> tuple[Path, Path]:
    """Two reports of one inquiry published six weeks apart (too far apart to join one story), and a third,
    published between them and arriving later, that belongs to both: the two stories are one."""
    reports = {
        "first/dam-wire.txt": "Kakhovka dam inquiry opens in Kherson\nKHERSON, March 1, 2023 (Wire) - Ukrainian "
        "prosecutors opened an inquiry into the breach of the Kakhovka dam on the Dnipro river, officials said. "
        "Andriy Kostin said investigators from Kherson would examine the flooding of 80 villages and the loss of "
        "18 cubic kilometres of water.",
        "first/dam-daily.txt": "Kakhovka dam inquiry reports\nKHERSON, April 14, 2023 - Investigators looking into "
        "the breach of the Kakhovka dam on the Dnipro river delivered their findings on the flooding of 80 "
        "villages, Andriy Kostin said. Prosecutors in Kherson said 18 cubic kilometres of water had been lost. "
        "Ukraine accused Russia of destroying the dam.",
        "late/dam-courier.txt": "Kakhovka dam inquiry widens\nKHERSON, March 25, 2023 - The inquiry into the "
        "Kakhovka dam breach on the Dnipro river widened as Kherson prosecutors questioned engineers, Andriy "
        "Kostin said. The flooding of 80 villages and the loss of 18 cubic kilometres of water are at its heart, "
        "investigators said.",
    }
    for name, text in reports.items():
        (tmp_path / name).parent.mkdir(exist_ok=True)
        (tmp_path / name).write_text(text + "\n", "utf-8")
    return tmp_path / "first", tmp_path / "late"


@pytest.fixture
def coach_firings() -> tuple[list[str], list[str]]:
    """Two firings of one team's coach, three years apart: three reports of the first (to be dated May 24,
    2005) and five undated reports of the second, each of which, alone, reads as a report of the first."""
    first = [
        "The Philadelphia 76ers fired coach Jim O'Brien on Monday after one season in which the team went 43-39 "
        "and lost in the first round of the playoffs. General manager Billy King said the club wanted a new direction.",
        "Jim O'Brien was fired as head coach of the Philadelphia 76ers on Monday. Billy King, the general manager, "
        "said the coach and his players had grown apart during a 43-39 season.",
        "The 76ers fired Jim O'Brien, their coach for a single season, on Monday. The Philadelphia team reached the "
        "playoffs at 43-39, but general manager Billy King decided a change was needed.",
    ]
    second = [
        "The Philadelphia 76ers fired coach Maurice Cheeks after a 9-14 start. Assistant general manager Tony DiLeo "
        "will coach the team for the rest of the season, the club said.",
        "Maurice Cheeks was fired as head coach of the Philadelphia 76ers, who have won 9 of 23 games. Tony DiLeo "
        "takes over on the bench.",
        "The 76ers fired Maurice Cheeks with the team at 9-14, despite signing Elton Brand in the summer. Tony DiLeo "
        "was named interim coach.",
        "Philadelphia 76ers coach Maurice Cheeks was fired following a 9-14 start. The general manager said Tony "
        "DiLeo would replace him.",
        "The general manager fired Maurice Cheeks as coach of the 76ers. The team had lost five straight and stood "
        "at 9-14; Tony DiLeo will take charge.",
    ]
    return first, second


HARBOUR_STRIKE = [
    (
        "strike-june.txt",
        "Dockers strike at Valmont harbour\nVALMONT, June 3, 2031 - Dockers at Valmont harbour walked out "
        "on Tuesday over pay, halting container traffic, the Valmont Dockworkers Union said. Union leader Marta Ilves "
        "said the strike would go on until the harbour authority raised wages.",
    ),
    (
        "strike-june-2.txt",
        "Valmont harbour strike enters second day\nVALMONT, June 4, 2031 - The dockers' strike at "
        "Valmont harbour went into a second day on Wednesday, with ships waiting offshore. Marta Ilves of the Valmont "
        "Dockworkers Union said talks with the harbour authority had not begun.",
    ),
    (
        "strike-september.txt",
        "Valmont dockers strike again\nVALMONT, September 15, 2031 - Dockers at Valmont harbour "
        "walked out again on Monday, three months after their June strike, the Valmont Dockworkers Union said. Marta "
        "Ilves said the harbour authority had broken its promise to raise wages.",
    ),
]


@pytest.fixture
def harbour_strike(tmp_path: Path) -> Path:
    """A folder of three reports: a dockers' strike in June (two reports) and another in September."""
    folder = tmp_path / "harbour-strike"
    folder.mkdir()
    for name, text in HARBOUR_STRIKE:
        (folder / name).write_text(text, "utf-8")
    return folder


POSTGRES_SERVER = "CHRONICLE_TEST_POSTGRES"  # a server URL whose user may create databases (set by .ci/run)


@pytest.fixture(params=["sqlite", "postgresql"])
def new_database(request, tmp_path: Path) -> Iterator[Callable[[str], str]]:
    """Makes empty databases by name: SQLite files, or databases on the PostgreSQL server that
    CHRONICLE_TEST_POSTGRES names (dropped afterwards); the PostgreSQL runs are skipped without one."""
    if request.param == "sqlite":
        yield lambda name: str(tmp_path / f"{name}.db")
        return
    server = os.environ.get(POSTGRES_SERVER)
    if not server:
        pytest.skip(f"{POSTGRES_SERVER} names no PostgreSQL server to test against")
    import psycopg
    from sqlalchemy.engine import make_url

    admin = make_url(server)
    conninfo = admin.set(drivername="postgresql").render_as_string(hide_password=False)
    made: list[str] = []

    def make(name: str) -> str:
        database = f"chronicle_test_{os.getpid()}_{name}"
        with psycopg.connect(conninfo, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{database}"')
            connection.execute(f'CREATE DATABASE "{database}"')
        made.append(database)
        return admin.set(drivername="postgresql+psycopg", database=database).render_as_string(hide_password=False)

    yield make
    with psycopg.connect(conninfo, autocommit=True) as connection:
        for database in made:
            connection.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
