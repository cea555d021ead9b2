"""Where one contract submission and one automated check spend their work: query counts and
Python calls, in-process, on a PostgreSQL database loaded as `bench/contracts.py` loads it.

    .venv/bin/python bench/contracts_profile.py --load 100          # (re)create and load the database first
    .venv/bin/python bench/contracts_profile.py --contracts 20 --sql --top 30

Submits `--contracts` contracts still in drafting (each in its own transaction, as the bench does;
the messages go to `--broker` and are purged afterwards), then runs each contract's five check jobs
in this process through the Celery task (`contract_check(job_id)`: the claim, the check, the settle
and the done-UPDATE, as a worker runs them, without the worker's message handling), and prints the
mean queries and Python calls (cProfile) per submission and per check. These do not move with the
machine's load.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import sys
import time
from collections import defaultdict
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database", default="wuhou_bench_contracts_profile")
    parser.add_argument("--load", type=int, default=0, help="(re)create the database with this many contracts first")
    parser.add_argument("--broker", default="redis://127.0.0.1:6379/11")
    parser.add_argument("--contracts", type=int, default=20)
    parser.add_argument("--sql", action="store_true", help="print the SQL of one submission and its checks")
    parser.add_argument("--top", type=int, default=0, help="print the top functions (cumulative)")
    args = parser.parse_args()
    from bench.contracts import bench_environment, load

    bench_environment(args.database, args.broker)
    if args.load:
        load(args.database, args.load)  # as bench/contracts.py builds its database
    import django

    django.setup()
    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext

    from accounts.models import User
    from core.models import Job
    from procurement.actions.contracts import contract_submit
    from procurement.models import Contract
    from procurement.tasks import contract_check
    from wuhou_portal.celery import app as celery_app

    officer = User.objects.get(username="street_huaxing")
    drafts = list(
        Contract.objects.filter(status="drafting", title__startswith="压测项目").order_by("pk")[: args.contracts + 1]
    )
    if len(drafts) < args.contracts + 1:
        raise SystemExit(f"need {args.contracts + 1} contracts in drafting, found {len(drafts)}")
    warm, drafts = drafts[0], drafts[1:]

    def submit(contract):
        with transaction.atomic():
            contract_submit(actor=officer, contract=contract)

    def run_checks(contract_id):
        jobs = list(
            Job.objects.filter(task_name="procurement.tasks.contract_check", kwargs__contract_id=contract_id)
            .order_by("pk")
            .values_list("pk", "kwargs")
        )
        return [(kwargs["name"], job_id) for job_id, kwargs in jobs]

    # Warm-up: per-process caches (translations, content types, the task registry) fill once.
    submit(warm)
    for _name, job_id in run_checks(warm.pk):
        contract_check(job_id=job_id)

    stats = {}
    queries = defaultdict(int)
    seconds = defaultdict(float)
    sql = defaultdict(list)

    def measure(key, fn):
        profiler = cProfile.Profile()
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            profiler.enable()
            fn()
            profiler.disable()
            seconds[key] += time.perf_counter() - started
        queries[key] += len(captured.captured_queries)
        if not sql[key]:
            sql[key] = [q["sql"] for q in captured.captured_queries]
        if key in stats:
            stats[key].add(profiler)
        else:
            stats[key] = pstats.Stats(profiler, stream=io.StringIO())

    for contract in drafts:
        measure("submission", lambda contract=contract: submit(contract))
    for contract in drafts:
        checks = run_checks(contract.pk)
        for position, (name, job_id) in enumerate(checks, start=1):
            key = f"check {name}" + (" (last: settles)" if position == len(checks) else "")
            measure(key, lambda job_id=job_id: contract_check(job_id=job_id))
    settled = Contract.objects.filter(pk__in=[c.pk for c in drafts], status="in_review").count()
    celery_app.control.purge()

    n = len(drafts)
    print(f"{n} contracts, {settled} in review after their checks")
    print(f"{'':34} {'queries':>8} {'Python calls':>13} {'ms (profiled)':>14}")
    for key, stat in stats.items():
        print(f"{key:34} {queries[key] / n:8.1f} {stat.total_calls / n:13,.0f} {seconds[key] * 1000 / n:14.2f}")
    all_checks = [k for k in stats if k.startswith("check")]
    print(
        f"{'mean check':34} {sum(queries[k] for k in all_checks) / n / len(all_checks):8.1f} "
        f"{sum(stats[k].total_calls for k in all_checks) / n / len(all_checks):13,.0f} "
        f"{sum(seconds[k] for k in all_checks) * 1000 / n / len(all_checks):14.2f}"
    )
    if args.sql:
        for key, statements in sql.items():
            print(f"\n--- {key}: {len(statements)} queries")
            for s in statements:
                print("  " + s[:300])
    if args.top:
        for key, stat in stats.items():
            out = io.StringIO()
            stat.stream = out
            stat.sort_stats("cumulative").print_stats(args.top)
            print(f"\n=== {key}\n{out.getvalue()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
