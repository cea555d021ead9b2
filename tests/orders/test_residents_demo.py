"""The residents' and demand demo: applications waiting in 南桥, verified residents, "想学剪纸"
with voices, one demand turned into a draft project; loaded twice, created once."""

import io

from django.core.management import call_command

from orders.models import Demand, DemandVoice, ResidentApplication
from procurement.models import Project


def test_the_demo_fills_nanqiao_and_a_second_load_adds_nothing(db):
    call_command("load_demo", stdout=io.StringIO())
    pending = ResidentApplication.objects.filter(community__name="南桥社区", status="pending")
    assert pending.count() == 3
    assert ResidentApplication.objects.filter(status="verified", in_person=True).exists()
    paper = Demand.objects.get(title="想学剪纸", community__name="南桥社区")
    assert paper.voice_count == DemandVoice.objects.filter(demand=paper).count() == 3
    converted = Demand.objects.get(status="converted")
    assert Project.objects.get(pk=converted.project_id).status == Project.Status.DRAFT
    counts = (ResidentApplication.objects.count(), Demand.objects.count(), Project.objects.count())
    call_command("load_demo", stdout=io.StringIO())
    assert (ResidentApplication.objects.count(), Demand.objects.count(), Project.objects.count()) == counts
