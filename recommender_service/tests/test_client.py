"""The gateway's client against the real service, a dead port and a service that hangs."""

import socket
import threading

import pytest

from opentok.clients.recommender import RecommenderClient, RecommenderUnavailable
from recommender_service.app.main import create_app
from testing.live_server import LiveServer


def test_client_reads_recommendations_from_the_real_service(client, catalogue, rebuilt):
    with LiveServer(create_app()) as url:
        rec = RecommenderClient(base_url=url, timeout_s=10)
        items = rec.recommendations(None, limit=5)
        assert len(items) == 5 and {i.reason for i in items} <= {"trending", "fresh"}
        again = rec.recommendations(None, limit=5, exclude=[i.video_id for i in items])
        assert not {i.video_id for i in items} & {i.video_id for i in again}
        assert len(rec.similar(items[0].video_id, limit=3)) == 3
        assert len(rec.trending(limit=4)) == 4
        assert rec.send_events([{"user_id": 1, "video_id": items[0].video_id, "kind": "like"}])
        with pytest.raises(RecommenderUnavailable):
            rec.similar(10**9)  # a 404 is a failure to the caller, who falls back


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_dead_and_hanging_services_raise_one_exception_type():
    dead = RecommenderClient(base_url=f"http://127.0.0.1:{free_port()}", timeout_s=0.3)
    with pytest.raises(RecommenderUnavailable):
        dead.recommendations(1)
    assert dead.send_events([{"user_id": 1, "video_id": 1, "kind": "like"}]) is False

    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    accepted = []
    threading.Thread(target=lambda: accepted.append(listener.accept()), daemon=True).start()
    try:
        hanging = RecommenderClient(base_url=f"http://127.0.0.1:{listener.getsockname()[1]}", timeout_s=0.3)
        with pytest.raises(RecommenderUnavailable):
            hanging.recommendations(1)
    finally:
        listener.close()
