"""The contract review bench: N contracts submitted at once, their automated checks run by real
workers on Redis and PostgreSQL, timed until every contract reaches its first human step.

    .venv/bin/python bench/contracts.py                       # 1 000 contracts, 2 worker processes
    .venv/bin/python bench/contracts.py --contracts 200 --processes 2 --broker redis://127.0.0.1:6379/11

It (re)creates the PostgreSQL database `wuhou_bench_contracts`, migrates, loads the demo, adds N
awarded projects of 华兴 for 南桥 (to 睦林, qualified in the demo) each with a contract in drafting
(bulk rows: the bench is about the review, not the drafting), starts one `celery worker` with
`--processes` prefork processes, submits every contract (each submission its own transaction,
as from the page), and polls until all are in review. Prints the submission time, the time until
the last contract reached its first human step, and check tasks per second. Target (issue #11):
1 000 contracts in ≤ 60 s with 2 worker processes.
"""

from __future__ import annotations

import argparse
import io
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))


TERMS = {
    "quantity": "每周上门服务两次，服务老人不少于 60 户。",
    "quality_standards": "满意度不低于 90%，建立服务台账。",
    "liability": "未按约定提供服务的，按日扣减服务费千分之一。",
}


def say(message: str) -> None:
    print(f"[bench contracts] {message}", flush=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--contracts", type=int, default=1000)
    parser.add_argument("--processes", type=int, default=2, help="worker processes (prefork concurrency)")
    parser.add_argument("--broker", default=os.environ.get("BENCH_BROKER_URL", "redis://127.0.0.1:6379/11"))
    parser.add_argument("--database", default="wuhou_bench_contracts")
    parser.add_argument("--timeout", type=int, default=900)
    parser.add_argument(
        "--prefetch", type=int, default=1, help="the worker's prefetch multiplier (default 1, as in settings)"
    )
    args = parser.parse_args()

    bench_environment(args.database, args.broker)
    say("migrating and loading the demo")
    contract_ids = load(args.database, args.contracts)
    say(f"{len(contract_ids)} contracts in drafting")

    from wuhou_portal.celery import app as celery_app

    subprocess.run(
        [str(BASE_DIR / ".venv/bin/celery"), "-A", "wuhou_portal", "purge", "-f", "-Q", "default,workflow"],
        cwd=BASE_DIR,
        env=os.environ,
        capture_output=True,
    )
    worker = subprocess.Popen(
        [
            str(BASE_DIR / ".venv/bin/celery"),
            "-A",
            "wuhou_portal",
            "worker",
            "-Q",
            "default,workflow",
            "--pool",
            "prefork",
            "--concurrency",
            str(args.processes),
            "-n",
            "bench-contracts@localhost",
            "--prefetch-multiplier",
            str(args.prefetch),
            "--without-gossip",
            "--without-mingle",
            "--loglevel",
            "WARNING",
        ],  # fmt: skip
        cwd=BASE_DIR,
        env=os.environ,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 60
        while not celery_app.control.ping(destination=["bench-contracts@localhost"], timeout=1.0):
            if time.monotonic() > deadline or worker.poll() is not None:
                say("the worker did not start")
                return 1
        return _run(contract_ids, args)
    finally:
        os.killpg(worker.pid, signal.SIGTERM)
        worker.wait(timeout=60)


def bench_environment(database: str, broker: str) -> None:
    """This process's settings for a contract bench on `database` (PostgreSQL) and `broker`."""
    os.environ.update(
        {
            "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{database}",
            "CELERY_BROKER_URL": broker,
            "DJANGO_SETTINGS_MODULE": "wuhou_portal.settings",
            "DEBUG": "0",
            "SECRET_KEY": "bench-only-secret-key-not-for-production-0123456789-abcdefghijklmnopqrstuvwxyz",
            "ALLOWED_HOSTS": "127.0.0.1",
        }
    )


def load(database: str, contracts: int) -> list[int]:
    """Recreate `database`, migrate, load the reference data and the demo, and add `contracts`
    contracts in drafting; their ids. Call after `bench_environment`."""
    from bench.run import reset_database

    reset_database(database)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("load_reference", stdout=io.StringIO())
    call_command("load_demo", stdout=io.StringIO())
    return _contracts(contracts)


def _contracts(n: int) -> list[int]:
    """N awarded projects with a contract each, as bulk rows."""
    import secrets
    from datetime import timedelta
    from decimal import Decimal

    from django.db import transaction
    from django.db.models import F
    from django.utils import timezone

    from accounts.models import Community, User
    from organizations.models import Organization
    from organizations.qualification import qualification_check
    from procurement.actions.contracts import term_end_limit
    from procurement.models import Bid, BudgetCommitment, BudgetLine, Contract, Method, Milestone, Project

    nanqiao = Community.objects.get(name="南桥社区")
    officer = User.objects.get(username="street_huaxing")
    bidder = User.objects.get(username="org_muling")
    muling = Organization.objects.get(name="睦林长者互助社")
    if not qualification_check(muling).qualified:
        raise SystemExit("睦林 is not qualified in the demo: the checks would fail")
    now, today = timezone.now(), timezone.localdate()
    price = Decimal("30000.00")
    with transaction.atomic():
        line, _created = BudgetLine.objects.get_or_create(
            year=today.year + 1, street=nanqiao.street, domain="elderly", defaults={"allocated": Decimal("1e9")}
        )
        projects = Project.objects.bulk_create(
            Project(
                title=f"压测项目 {i}",
                street=nanqiao.street,
                community=nanqiao,
                domain="elderly",
                budget_line=line,
                amount=price,
                method=Method.COMMISSION,
                question_days=1,
                bid_days=3,
                status=Project.Status.AWARDED,
                awarded_at=now,
                created_by=officer,
            )
            for i in range(n)
        )
        bids = Bid.objects.bulk_create(
            Bid(
                project=p,
                organization=muling,
                status=Bid.Status.OPENED,
                price=price,
                plan="每周上门服务两次，建立台账。",
                salt=secrets.token_hex(16),
                receipt=secrets.token_hex(32),
                submitted_by=bidder,
                submitted_at=now,
                rank=1,
            )
            for p in projects
        )
        for p, b in zip(projects, bids, strict=True):
            p.awarded_bid = b
        Project.objects.bulk_update(projects, ["awarded_bid"])
        BudgetCommitment.objects.bulk_create(BudgetCommitment(line=line, project=p, amount=price) for p in projects)
        BudgetLine.objects.filter(pk=line.pk).update(committed=F("committed") + price * n)
        starts = today + timedelta(days=1)
        contracts = Contract.objects.bulk_create(
            Contract(
                project=p,
                bid=b,
                street=nanqiao.street,
                community=nanqiao,
                organization=muling,
                title=p.title,
                service_content="居家养老上门服务。",
                starts_on=starts,
                ends_on=term_end_limit(starts),
                price=price,
                sign_by=today + timedelta(days=30),
                created_by=officer,
                **TERMS,
            )
            for p, b in zip(projects, bids, strict=True)
        )
        Milestone.objects.bulk_create(
            Milestone(contract=c, position=k, title=t, due_on=d, amount=price / 2)
            for c in contracts
            for k, (t, d) in enumerate([("中期", starts + timedelta(days=180)), ("终期", term_end_limit(starts))], 1)
        )
    return [c.pk for c in contracts]


def _run(contract_ids: list[int], args) -> int:
    from django.db import transaction

    from accounts.models import User
    from core.models import Job
    from procurement.actions.contracts import contract_submit
    from procurement.models import CheckName, Contract

    officer = User.objects.get(username="street_huaxing")
    started = time.monotonic()
    for contract in Contract.objects.filter(pk__in=contract_ids).order_by("pk"):
        with transaction.atomic():
            contract_submit(actor=officer, contract=contract)
    submitted = time.monotonic() - started
    say(f"submitted {len(contract_ids)} contracts in {submitted:.1f} s")
    tasks = len(contract_ids) * len(CheckName.values)
    deadline = started + args.timeout
    while True:
        in_review = Contract.objects.filter(pk__in=contract_ids, status="in_review").count()
        returned = Contract.objects.filter(pk__in=contract_ids, status="drafting").count()
        if in_review + returned == len(contract_ids) or time.monotonic() > deadline:
            break
        time.sleep(0.5)
    elapsed = time.monotonic() - started
    done = Job.objects.filter(
        task_name="procurement.tasks.contract_check", state="done", kwargs__contract_id__in=contract_ids
    ).count()
    say(
        f"{in_review} in review, {returned} returned, {len(contract_ids) - in_review - returned} still checking "
        f"after {elapsed:.1f} s (from the first submission); {done}/{tasks} check jobs done; "
        f"{done / elapsed:.1f} tasks/s with {args.processes} worker processes"
    )
    ok = in_review == len(contract_ids) and elapsed <= 60
    say("target (all in review within 60 s): " + ("met" if ok else "NOT met"))
    return 0 if in_review == len(contract_ids) else 1


if __name__ == "__main__":
    sys.exit(main())
