"""`manage.py load_volume --orders 1000000`: a volume of resident service orders for the bench.

Realistic spread: orders over the past year, each community's residents ordering its offerings,
most orders done (confirmed or rated), a few waiting, declined, cancelled or disputed. On
PostgreSQL the orders are written with COPY; elsewhere with batched INSERTs. Residents (and offerings for communities that have none) are
made first when there are too few. A throw-away database only: no audit records are written.
"""

from __future__ import annotations

import csv
import io
import random
import time
from datetime import timedelta
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone

from accounts.models import Community, Role, RoleAssignment, User
from orders.models import Offering, Order
from organizations.models import Organization, ServiceDomain

S = Order.Status
# How a year of orders ends up (shares of all orders).
STATUS_SHARES = {
    S.RATED: 48,
    S.CONFIRMED: 30,
    S.CANCELLED: 5,
    S.DECLINED: 3,
    S.PLACED: 3,
    S.ACCEPTED: 2,
    S.SCHEDULED: 3,
    S.DELIVERED: 3,
    S.DISPUTED: 1,
    S.RESOLVED: 2,
}
CHUNK = 100_000
ORDERS_PER_RESIDENT = 40
COLUMNS = [
    "offering_id",
    "organization_id",
    "community_id",
    "resident_id",
    "placed_by_id",
    "slot_id",
    "preferred_time",
    "notes",
    "status",
    "scheduled_for",
    "reply",
    "confirmation_code",
    "code_failures",
    "rating",
    "rating_comment",
    "dispute_text",
    "resolution",
    "created_at",
    "answer_due_at",
    "accepted_at",
    "delivered_at",
    "confirmed_at",
    "escalated_at",
]
DONE = {S.DELIVERED, S.CONFIRMED, S.RATED, S.DISPUTED, S.RESOLVED}
ANSWERED = DONE | {S.ACCEPTED, S.SCHEDULED}


class Command(BaseCommand):
    help = "Write a volume of resident service orders (and the residents and offerings they need)."

    def add_arguments(self, parser):
        parser.add_argument("--orders", type=int, required=True, help="how many orders to write, e.g. 1000000")
        parser.add_argument(
            "--offerings", type=int, default=0, help="also add this many offerings (for the title search at volume)"
        )
        parser.add_argument("--seed", type=int, default=2026)

    def handle(self, *args, orders: int, seed: int, offerings: int = 0, **options):
        if orders < 1:
            raise CommandError("--orders must be at least 1")
        rng = random.Random(seed)
        started = time.monotonic()
        if offerings:
            self._more_offerings(offerings, rng)
        residents = self._residents(max(100, orders // ORDERS_PER_RESIDENT))
        offerings = self._offerings()
        written = self._orders(orders, residents, offerings, rng)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE orders_order")
        self.stdout.write(
            f"load_volume: {written} orders, {len(residents)} residents, "
            f"{sum(len(v) for v in offerings.values())} offerings in {time.monotonic() - started:.1f}s"
        )

    # --- what the orders need ---------------------------------------------------------------------

    def _residents(self, wanted: int) -> list[tuple[int, int]]:
        """(user id, community id) of verified residents; bench residents are added if too few."""
        have = list(
            RoleAssignment.objects.filter(role=Role.RESIDENT, community__isnull=False).values_list(
                "user_id", "community_id"
            )
        )
        missing = wanted - len(have)
        if missing > 0:
            communities = list(Community.objects.filter(is_active=True).values_list("pk", flat=True))
            password = make_password(None)
            base = User.objects.count()
            with transaction.atomic():
                users = User.objects.bulk_create(
                    [
                        User(
                            username=f"volume_resident_{base + i:07d}",
                            display_name=f"居民{base + i}",
                            password=password,
                        )
                        for i in range(missing)
                    ],
                    batch_size=5000,
                )
                RoleAssignment.objects.bulk_create(
                    [
                        RoleAssignment(user=u, role=Role.RESIDENT, community_id=communities[i % len(communities)])
                        for i, u in enumerate(users)
                    ],
                    batch_size=5000,
                )
            have += [(u.pk, communities[i % len(communities)]) for i, u in enumerate(users)]
        return have

    def _offerings(self) -> dict[int, list[tuple[int, int, int]]]:
        """community id → [(offering id, organisation id, answer hours)], making some where none."""
        by_community: dict[int, list[tuple[int, int, int]]] = {}
        rows = Offering.objects.filter(is_active=True).values_list(
            "pk", "organization_id", "answer_hours", "communities"
        )
        for pk, org_id, hours, community_id in rows:
            if community_id:
                by_community.setdefault(community_id, []).append((pk, org_id, hours))
        bare = Community.objects.filter(is_active=True).exclude(pk__in=list(by_community))
        orgs = list(Organization.objects.filter(status=Organization.Status.REGISTERED).values_list("pk", flat=True))
        if bare.exists() and not orgs:
            raise CommandError("no registered organisation to offer services: run load_demo first")
        with transaction.atomic():
            for i, community in enumerate(bare):
                for j, domain in enumerate(ServiceDomain.values):
                    offering = Offering.objects.create(
                        organization_id=orgs[(i + j) % len(orgs)],
                        title=f"{community.name}{ServiceDomain(domain).label}服务",
                        domain=domain,
                        price=Decimal(0),
                    )
                    offering.communities.add(community)
                    by_community.setdefault(community.pk, []).append((offering.pk, offering.organization_id, 24))
        return by_community

    def _more_offerings(self, count: int, rng) -> None:
        """Offerings with varied Chinese titles spread over the communities (closed ones too)."""
        words = ["助浴", "助餐", "理发", "陪诊", "剪纸", "书法", "康复", "探访", "维修", "课堂", "健身", "义诊"]
        orgs = list(Organization.objects.filter(status=Organization.Status.REGISTERED).values_list("pk", flat=True))
        communities = list(Community.objects.filter(is_active=True).values_list("pk", flat=True))
        if not orgs or not communities:
            raise CommandError("no registered organisation or community: run load_demo first")
        with transaction.atomic():
            made = Offering.objects.bulk_create(
                [
                    Offering(
                        organization_id=rng.choice(orgs),
                        title=f"{rng.choice(words)}{rng.choice(words)}服务{i:05d}",
                        domain=rng.choice(ServiceDomain.values),
                        price=Decimal(0),
                        is_active=rng.random() < 0.9,
                    )
                    for i in range(count)
                ],
                batch_size=5000,
            )
            through = Offering.communities.through
            through.objects.bulk_create(
                [through(offering_id=o.pk, community_id=rng.choice(communities)) for o in made], batch_size=5000
            )

    # --- the orders ---------------------------------------------------------------------------------

    def _rows(self, count, residents, offerings, rng):
        now = timezone.now()
        start = now - timedelta(days=365)
        step = timedelta(days=365) / count
        statuses, weights = zip(*STATUS_SHARES.items(), strict=True)
        residents = [(r, c) for r, c in residents if c in offerings]
        # A few residents order much more than others (a heavy tail); resident_zhang (the demo's
        # resident, whom the bench signs in as) has about 0.5 % of all orders, for a deep list.
        weights_r = [rng.paretovariate(1.5) for _ in residents]
        zhang = User.objects.filter(username="resident_zhang").values_list("pk", flat=True).first()
        total = sum(weights_r)
        weights_r = [total / 200 if r == zhang else w for (r, _c), w in zip(residents, weights_r, strict=True)]
        picks = rng.choices(residents, weights=weights_r, k=count)
        for i in range(count):
            resident_id, community_id = picks[i]
            offering_id, org_id, hours = rng.choice(offerings[community_id])
            created = start + step * i + timedelta(seconds=rng.randrange(0, 60))
            status = rng.choices(statuses, weights=weights)[0]
            if status in (S.PLACED, S.ACCEPTED, S.SCHEDULED, S.DELIVERED) and i < count * 0.97:
                status = S.CONFIRMED  # what is still open is recent
            preferred = created + timedelta(days=rng.randrange(1, 8), hours=rng.randrange(0, 8))
            answered = created + timedelta(hours=rng.uniform(0.5, hours))
            delivered = preferred + timedelta(hours=2) if status in DONE else None
            rating = rng.choices((5, 4, 3, 2, 1), weights=(60, 25, 9, 4, 2))[0] if status == S.RATED else None
            yield [
                offering_id,
                org_id,
                community_id,
                resident_id,
                resident_id,
                None,
                preferred,
                "",
                status,
                preferred if status in DONE | {S.SCHEDULED} else None,
                "",
                f"{rng.randrange(10**6):06d}",
                0,
                rating,
                "",
                "服务不满意" if status in (S.DISPUTED, S.RESOLVED) else "",
                "已协调处理" if status == S.RESOLVED else "",
                created,
                created + timedelta(hours=hours),
                answered if status in ANSWERED else None,
                delivered,
                delivered + timedelta(days=1) if delivered and status != S.DELIVERED else None,
                None,
            ]

    def _orders(self, count, residents, offerings, rng) -> int:
        rows = self._rows(count, residents, offerings, rng)
        written = 0
        while written < count:
            chunk = [next(rows) for _ in range(min(CHUNK, count - written))]
            if connection.vendor == "postgresql":
                self._copy(chunk)
            else:
                self._insert(chunk)
            written += len(chunk)
            self.stdout.write(f"  {written} orders")
        return written

    def _insert(self, chunk) -> None:
        # Plain INSERTs, not bulk_create: `auto_now_add` would stamp every row with this moment.
        adapt = connection.ops.adapt_datetimefield_value
        rows = [[adapt(v) if hasattr(v, "isoformat") else v for v in row] for row in chunk]
        marks = ", ".join(["%s"] * len(COLUMNS))
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.executemany(f"INSERT INTO orders_order ({', '.join(COLUMNS)}) VALUES ({marks})", rows)

    def _copy(self, chunk) -> None:
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        for row in chunk:
            writer.writerow([r"\N" if v is None else (v.isoformat() if hasattr(v, "isoformat") else v) for v in row])
        buffer.seek(0)
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.copy_expert(
                f"COPY orders_order ({', '.join(COLUMNS)}) FROM STDIN WITH (FORMAT csv, NULL '\\N')", buffer
            )
