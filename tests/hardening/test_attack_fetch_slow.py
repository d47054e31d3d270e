"""A site that trickles its answer one byte at a time must not hold a web worker past the
importer's deadline (slowloris against the URL import)."""

from __future__ import annotations

import socket
import threading
import time

import pytest
from django.test import override_settings

from curriculum.importing import fetch


def _trickling_server(head: bytes, every: float, slow_head: bool, stop: threading.Event):
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(1)
    port = server.getsockname()[1]

    def serve():
        conn, _ = server.accept()
        conn.recv(65536)
        try:
            if slow_head:
                first, rest = head[:20], head[20:]
                conn.sendall(first)
                for byte in rest:
                    if stop.is_set():
                        return
                    conn.sendall(bytes([byte]))
                    time.sleep(every)
            else:
                conn.sendall(head)
            while not stop.is_set():
                conn.sendall(b"x")
                time.sleep(every)
        except OSError:
            pass
        finally:
            conn.close()
            server.close()

    threading.Thread(target=serve, daemon=True).start()
    return port


@pytest.mark.parametrize("slow_headers", [False, True])
@override_settings(IMPORT_FETCH_ALLOWED_NETWORKS=["127.0.0.0/8"])
def test_a_trickling_site_is_cut_off_at_the_deadline(monkeypatch, slow_headers):
    monkeypatch.setattr(fetch, "DEADLINE_S", 2)
    monkeypatch.setattr(fetch, "TIMEOUT_S", 1)
    stop = threading.Event()
    head = (
        b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n"
        + (b"X-Pad: " + b"a" * 200 + b"\r\n" if slow_headers else b"")
        + b"\r\n"
    )
    port = _trickling_server(head, 0.2, slow_headers, stop)
    result: dict = {}

    def call():
        started = time.monotonic()
        try:
            fetch.fetch_curriculum(f"http://127.0.0.1:{port}/plan.md")
        except fetch.FetchRefused as exc:
            result["error"] = str(exc)
        result["took"] = time.monotonic() - started

    worker = threading.Thread(target=call, daemon=True)
    worker.start()
    worker.join(8)
    stop.set()
    assert "took" in result, "the fetch was still running 8 s after a 2 s deadline"
    assert result["took"] < 4
    assert "error" in result
