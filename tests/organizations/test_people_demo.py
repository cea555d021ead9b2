"""The demo people reproduce the published figures, quickly, reproducibly and only once."""

import io
from datetime import date

from organizations.demo.people import demo_load_people
from organizations.identifiers import ric_is_valid
from organizations.models import Certificate, Person, SocialWorker, TrainingSession, Volunteer
from organizations.queries.people import certified_social_worker_count, coordinator_moves, coordinator_moves_by_year
from tests.factories import OrganizationFactory
from tests.helpers import count_queries


def test_the_demo_people_match_the_published_figures(muling, rival_org, sanhe, yulin_east):
    OrganizationFactory(name="三河社工服务中心", community=sanhe)
    queries, _ = count_queries(lambda: demo_load_people(stdout=io.StringIO()))
    # Thousands of rows (1,500 social workers, their people, certificates, attendance, coordinators,
    # volunteers) in bulk: a row-by-row loader would need thousands of queries, and minutes.
    assert queries <= 100, f"the demo people must load in bulk, not row by row ({queries} queries)"

    assert SocialWorker.objects.count() == 1500
    assert SocialWorker.objects.filter(certificates__isnull=False).distinct().count() == 285
    assert set(Certificate.objects.values_list("level", flat=True)) == set(Certificate.Level.values)
    assert TrainingSession.objects.filter(held_on__year=2014).count() == 280
    assert {r["year"]: r["moved"] for r in coordinator_moves_by_year()} == {2014: 462}
    assert sum(r["moved"] for r in coordinator_moves(year=2014)) == 462
    branch_volunteers = Volunteer.objects.filter(organization=muling, branch__name="南桥分社").count()
    assert branch_volunteers == 14
    assert all(ric_is_valid(ric) for ric in Person.objects.values_list("resident_id", flat=True))
    assert sum(certified_social_worker_count(o, on=date(2014, 12, 31)) for o in (muling, rival_org)) <= 285


def test_the_demo_people_load_only_once_and_reproducibly(muling):
    demo_load_people(stdout=io.StringIO())
    first = sorted(Person.objects.values_list("resident_id", flat=True))
    counts = (Person.objects.count(), SocialWorker.objects.count(), Volunteer.objects.count())
    out = io.StringIO()
    demo_load_people(stdout=out)
    assert "already there" in out.getvalue()
    assert (Person.objects.count(), SocialWorker.objects.count(), Volunteer.objects.count()) == counts
    assert sorted(Person.objects.values_list("resident_id", flat=True)) == first


def test_the_demo_people_still_produce_the_figures_with_one_organisation_and_no_community(db):
    from accounts.models import Community

    org = OrganizationFactory(name="睦林长者互助社")
    Community.objects.exclude(pk=org.community_id).delete()
    demo_load_people(stdout=io.StringIO())
    assert SocialWorker.objects.filter(employer=org).count() == 1500
    assert sum(r["moved"] for r in coordinator_moves(year=2014)) == 462
