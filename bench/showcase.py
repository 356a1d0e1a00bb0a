"""Drives the public showcase with concurrent anonymous clients against gunicorn, beside /healthz
measured the same way in the same run, and prints throughput and p50/p95.

    .venv/bin/python bench/showcase.py [--clients 50] [--seconds 10] [--workers 2] [--models 1000]

As production runs it (PostgreSQL, the shared Redis cache, persistent connections):

    createdb -h 127.0.0.1 -U postgres bench_showcase
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_showcase \
      CACHE_URL=redis://127.0.0.1:6379/5 CONN_MAX_AGE=60 .venv/bin/python bench/showcase.py

Builds a throw-away SQLite database (or uses DATABASE_URL: give it its own PostgreSQL database,
never the tests' one) with ``--models`` published models, starts gunicorn on it, and lets every
client loop for ``--seconds`` over the showcase list, a search without diacritics and a model
page (each client on its own keep-alive connection), then over /healthz. Target (issue 12): the
showcase at least 0.8× the throughput of /healthz, p95 ≤ 50 ms.
"""

import argparse
import http.client
import os
import statistics
import sys
import threading
import time

from serving import gunicorn
from setup_django import setup_django


def build(n_models):
    """Published models in bulk (this is a bench), their search column as the model writes it."""
    from datetime import date

    from initiatives.models import Initiative, Status, fold
    from movements.models import Field
    from portal.models import Agency, AgencyKind

    kinds = list(AgencyKind.objects.order_by("pk"))
    fields = list(Field.objects.order_by("pk"))
    agencies = Agency.objects.bulk_create(
        Agency(code=f"SC{i:04d}", name=f"Ủy ban nhân dân xã Thử Nghiệm {i}", kind=kinds[0])
        for i in range(max(n_models // 20, 1))
    )
    ideas = ["Dân vận khéo trong cải cách hành chính", "Chợ văn minh", "Tổ hòa giải ở cơ sở"]
    rows = []
    for i in range(n_models):
        agency, field = agencies[i % len(agencies)], fields[i % len(fields)]
        name = f"{ideas[i % len(ideas)]} số {i}"
        story = "Cán bộ đến từng nhà lắng nghe Nhân dân; 300 hồ sơ được giải quyết đúng hạn."
        rows.append(
            Initiative(
                name=name,
                carrier="collective",
                field=field,
                agency=agency,
                start_year=2022 + i % 4,
                status=Status.RECOGNISED,
                recognised_by="Ủy ban nhân dân tỉnh",
                recognised_number=f"{i}/QĐ-UBND",
                recognised_on=date(2022 + i % 4, 6, 1),
                published=True,
                public_story=story,
                search_text=fold(f"{name} {agency.name} {field.name} {story}"),
            )
        )
    return Initiative.objects.bulk_create(rows, batch_size=500)


def load(port, paths, clients, seconds):
    """Every client loops over ``paths`` until the time is up; returns (requests/s, latencies)."""
    latencies, errors, lock = [], [], threading.Lock()
    stop = time.perf_counter() + seconds

    def client(offset):
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        mine, i = [], offset
        while time.perf_counter() < stop:
            path = paths[i % len(paths)]
            i += 1
            start = time.perf_counter()
            connection.request("GET", path)
            response = connection.getresponse()
            response.read()
            mine.append((time.perf_counter() - start) * 1000)
            if response.status != 200:
                errors.append((path, response.status))
        connection.close()
        with lock:
            latencies.extend(mine)

    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    began = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors, errors[:5]
    return len(latencies) / (time.perf_counter() - began), latencies


def report(label, throughput, latencies):
    cuts = statistics.quantiles(latencies, n=100)
    print(f"{label:<34} {throughput:8.0f} req/s   p50 {cuts[49]:6.1f} ms   p95 {cuts[94]:6.1f} ms")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--models", type=int, default=1000)
    args = parser.parse_args()

    setup_django()
    from django.db import connection

    models = build(args.models)
    # WhiteNoise's note about uncollected static files is not a finding of this bench.
    env = {
        **os.environ,
        "ALLOWED_HOSTS": "127.0.0.1",
        "DEBUG": "false",
        "PYTHONWARNINGS": "ignore::UserWarning",
    }
    with gunicorn(env, workers=args.workers) as port:
        showcase = [
            "/mo-hinh-tieu-bieu/",
            "/mo-hinh-tieu-bieu/?q=dan+van+kheo",
            *(f"/mo-hinh-tieu-bieu/{row.pk}/" for row in models[:20]),
        ]
        print(
            f"{args.models} published models ({connection.vendor}), gunicorn {args.workers} "
            f"workers, {args.clients} clients × {args.seconds:g} s each"
        )
        load(port, showcase + ["/healthz"], args.clients, 1)  # warm-up: caches and connections
        health = load(port, ["/healthz"], args.clients, args.seconds)
        pages = load(port, showcase, args.clients, args.seconds)
        report("/healthz", *health)
        report("showcase (list, search, pages)", *pages)
        ratio = pages[0] / health[0]
        p95 = statistics.quantiles(pages[1], n=100)[94]
        verdict = "đạt" if ratio >= 0.8 and p95 <= 50 else "CHƯA ĐẠT"
        print(f"showcase / healthz throughput: {ratio:.2f}× (≥ 0.8×), p95 {p95:.1f} ms — {verdict}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
