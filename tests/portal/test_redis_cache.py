"""The shared cache's backend (portal/cache.py) against a real Redis server, one of this
module's own (redis-server from the system packages): it answers as Django's does, through one
client, from several threads."""

import shutil
import socket
import subprocess
import threading
import time

import pytest

from portal.cache import PortalRedisCache


@pytest.fixture(scope="module")
def redis_url(tmp_path_factory):
    server = shutil.which("redis-server")
    assert server, "redis-server is missing: `make system-deps` installs it"
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    folder = tmp_path_factory.mktemp("redis")
    process = subprocess.Popen(
        [server, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--dir", str(folder)],
        stdout=subprocess.DEVNULL,
    )
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.05)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture
def redis_cache(redis_url):
    cache = PortalRedisCache(redis_url, {})
    yield cache
    cache.clear()


def test_answers_as_djangos_redis_cache(redis_cache):
    redis_cache.set("a", {"đơn vị": "Sở Y tế", "số": 3}, 60)
    redis_cache.set_many({"b": [1, 2]}, 60)
    assert redis_cache.get("a") == {"đơn vị": "Sở Y tế", "số": 3}
    assert redis_cache.get_many(["a", "b", "missing"]) == {
        "a": {"đơn vị": "Sở Y tế", "số": 3},
        "b": [1, 2],
    }
    redis_cache.set("n", 41, None)
    assert redis_cache.incr("n") == 42
    with pytest.raises(ValueError):
        redis_cache.incr("missing")
    assert redis_cache.add("a", "other") is False
    redis_cache.delete("a")
    assert redis_cache.get("a", "gone") == "gone"


def test_one_client_serves_every_call(redis_cache):
    client = redis_cache._cache.get_client()
    redis_cache.set("a", 1, 60)
    redis_cache.get("a")
    assert redis_cache._cache.get_client(write=True) is client


def test_threads_share_the_client(redis_cache):
    wrong = []

    def work(i):
        for n in range(50):
            redis_cache.set(f"thread-{i}", n, 60)
            if redis_cache.get(f"thread-{i}") != n:
                wrong.append((i, n))

    threads = [threading.Thread(target=work, args=(i,)) for i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert wrong == []
    assert redis_cache.get_many([f"thread-{i}" for i in range(8)]) == {
        f"thread-{i}": 49 for i in range(8)
    }
