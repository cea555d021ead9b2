"""Where one request's time goes: cProfile over a URL of bench/urls.py, in-process.

    .venv/bin/python bench/hotspots.py --database wuhou_bench_speed --only "directory page"
    .venv/bin/python bench/hotspots.py --only inbox --repeat 50 --sort tottime --top 40

Runs against a database loaded by `bench/run.py` (it loads nothing), with the bench's settings
(DEBUG off), through Django's test client and the whole middleware stack, as the signed-in user of
the URL. cProfile counts calls and CPU time in this process only, so the figures do not move with
the load other processes put on the machine the way wrk's do; the database's share shows as time
spent waiting in `cursor.execute`. Prints the mean time per request and the top functions.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import itertools
import os
import pstats
import sys
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database", default="wuhou_bench")
    parser.add_argument("--only", default="", help="comma-separated words, as bench/run.py's --only")
    parser.add_argument("--repeat", type=int, default=20, help="requests profiled per URL (default 20)")
    parser.add_argument("--sort", default="cumulative", help="pstats sort key (cumulative, tottime, ...)")
    parser.add_argument("--top", type=int, default=30)
    parser.add_argument("--sql", action="store_true", help="also print the SQL of one request")
    parser.add_argument("--cache-url", default="", help="CACHE_URL for the run (default: the bench's)")
    args = parser.parse_args()

    from bench.run import bench_environment

    env = bench_environment(argparse.Namespace(database=args.database, cache_url=args.cache_url))
    os.environ.update(env)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wuhou_portal.settings")
    import django

    django.setup()
    from django.db import connection
    from django.test import Client

    from bench.run import auth_headers, fresh_path, posts_of, request_once
    from bench.urls import TRIVIAL, URLS

    words = [w.strip().lower() for w in args.only.split(",") if w.strip()]
    chosen = [u for u in URLS if not words or any(w in u.name.lower() or w in str(u.path).lower() for w in words)]
    for url in [TRIVIAL, *chosen]:
        path = url.resolve()
        # A POST URL sends the next request of its pool each time (each creates something).
        calls = iter(posts_of(url) if url.posts else [])
        headers = auth_headers(url.user, path)
        client = Client(HTTP_HOST="127.0.0.1")
        # A `fresh` URL asks a query never asked before each time, as in the bench.
        sent = itertools.count()

        def send(path=path, headers=headers, client=client, calls=calls, fresh=url.fresh, sent=sent):
            asked = fresh_path(path, next(sent)) if fresh else path
            return request_once(asked, *next(calls, (headers, None)), client=client)

        response = send()  # warm: per-process caches fill once
        size = len(response.content)
        spent = {"queries": 0, "seconds": 0.0}

        def timed(execute, sql, params, many, context, spent=spent):
            started = time.perf_counter()
            try:
                return execute(sql, params, many, context)
            finally:
                spent["queries"] += 1
                spent["seconds"] += time.perf_counter() - started

        profiler = cProfile.Profile()
        with connection.execute_wrapper(timed):
            started = time.perf_counter()
            profiler.enable()
            for _ in range(args.repeat):
                send()
            profiler.disable()
            elapsed = (time.perf_counter() - started) / args.repeat
        sql = spent["seconds"] / args.repeat
        queries = spent["queries"] / args.repeat
        if args.sql:
            from django.test.utils import CaptureQueriesContext

            with CaptureQueriesContext(connection) as captured:
                send()
            for query in captured.captured_queries:
                print(f"  SQL {query['time']}s: {query['sql'][:400]}")
        print(f"\n=== {url.name}  {path}  ({response.status_code}, {size} bytes)")
        out = io.StringIO()
        stats = pstats.Stats(profiler, stream=out)
        # Python function calls do not depend on the machine's load: the figure to compare.
        print(
            f"{stats.total_calls / args.repeat:,.0f} Python calls, {elapsed * 1000:.2f} ms per request under the "
            f"profiler, {queries:.1f} queries, {sql * 1000:.2f} ms in SQL"
        )
        if args.top:
            stats.sort_stats(args.sort).print_stats(args.top)
            print(out.getvalue())
    return 0


if __name__ == "__main__":
    sys.exit(main())
