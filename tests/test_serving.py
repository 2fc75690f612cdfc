"""Serving the web view from several processes: their sockets, and a worker that ends by itself."""

import socket
from pathlib import Path

import pytest

from chronicle.outputs.web.serving import (
    WebSettings,
    WorkerEnded,
    balances_reused_ports,
    listening_sockets,
    serve,
    sockets_for,
)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_workers_listen_on_one_port_and_a_taken_port_is_refused():
    port = _free_port()
    made = listening_sockets("127.0.0.1", port, 3 if balances_reused_ports() else 1)
    try:
        assert {s.getsockname() for s in made} == {("127.0.0.1", port)}
        with pytest.raises(OSError):  # not even a second server of ours joins them
            listening_sockets("127.0.0.1", port, 2)
    finally:
        for each in made:
            each.close()
    chosen = listening_sockets("127.0.0.1", 0, 3 if balances_reused_ports() else 1)  # any free port: one for all
    assert len({s.getsockname()[1] for s in chosen}) == 1
    for each in chosen:
        each.close()
    with socket.socket() as other:  # a port another program listens on
        other.bind(("127.0.0.1", 0))
        other.listen()
        with pytest.raises(OSError):
            listening_sockets("127.0.0.1", other.getsockname()[1], 2)


def test_a_worker_that_ends_by_itself_stops_the_server(tmp_path: Path):
    missing = WebSettings(f"sqlite:///{tmp_path / 'gone.db'}", 0.0, ("localhost",), 0)  # removed after the check
    with pytest.raises(WorkerEnded, match="chronicle-web-"):
        serve(missing, sockets_for("127.0.0.1", 0, 2), 2)
