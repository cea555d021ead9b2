"""The community picker and the duty-item picker on "send a task": grouped boxes, each beside its
own name, that post the community or item whose name a clerk ticked."""

import re

from django.urls import reverse

from services.models import TaskRequest


def _form(dept_officer, **extra):
    return {
        "title": "统计辖区失业人员",
        "due_in_working_days": "3",
        "funding": "0",
        "sender": f"department:{dept_officer.role_assignments.get().department_id}",
        **extra,
    }


def _box_for(html: str, name: str, label: str) -> str:
    """The value of the box inside the <label> that reads `label`: box and name share one element."""
    match = re.search(
        rf'<label for="[^"]+"><input type="checkbox" name="{name}" value="(\d+)"[^>]*> <span data-picker-label>{re.escape(label)}</span></label>',
        html,
    )
    assert match, f"no box labelled {label!r}"
    return match.group(1)


def test_communities_are_grouped_by_street_each_box_in_its_own_label(
    duty, dept_officer, nanqiao, sanhe, yulin_east, page_as
):
    html = page_as(dept_officer).get(reverse("services:task-create")).content.decode()
    groups = re.findall(r'<fieldset class="picker-group" data-picker-group>\s*<legend>([^<]+)</legend>', html)
    assert "华兴街道" in groups and "玉林街道" in groups
    assert _box_for(html, "communities", "南桥社区") == str(nanqiao.pk)
    assert _box_for(html, "communities", "三河社区") == str(sanhe.pk)
    assert "已选：0" in html


def test_the_community_ticked_by_its_label_is_the_one_sent(duty, dept_officer, nanqiao, sanhe, page_as):
    client = page_as(dept_officer)
    html = client.get(reverse("services:task-create")).content.decode()
    response = client.post(
        reverse("services:task-create"), _form(dept_officer, communities=[_box_for(html, "communities", "三河社区")])
    )
    assert response.status_code == 302
    assert [a.community for a in TaskRequest.objects.get().assignments.all()] == [sanhe]


def test_duty_items_are_grouped_by_list_and_category_and_the_ticked_item_is_claimed(
    duty, dept_officer, nanqiao, page_as
):
    client = page_as(dept_officer)
    html = client.get(reverse("services:task-create")).content.decode()
    item = duty.committee_item
    group = item.duty_list.get_kind_display() + (f" · {item.category.name}" if item.category_id else "")
    assert f"<legend>{group}</legend>" in html
    value = _box_for(html, "claimed_items", f"{item.code} {item.title}")
    response = client.post(
        reverse("services:task-create"), _form(dept_officer, communities=[nanqiao.pk], claimed_items=[value])
    )
    assert response.status_code == 302
    assert list(TaskRequest.objects.get().claimed_items.all()) == [item]


def test_a_refused_send_keeps_what_was_ticked_and_counts_it(duty, dept_officer, nanqiao, sanhe, page_as):
    response = page_as(dept_officer).post(
        reverse("services:task-create"), _form(dept_officer, title="", communities=[nanqiao.pk, sanhe.pk])
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert re.search(rf'value="{nanqiao.pk}"[^>]* checked', html) and re.search(
        rf'value="{sanhe.pk}"[^>]* checked', html
    )
    assert "已选：2" in html
    assert not TaskRequest.objects.exists()
