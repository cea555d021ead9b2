"""Reads of the duty lists. The lists are public: nothing here is scoped by user, except that
drafts (a version being created) are nobody's to read."""

from __future__ import annotations

from django.db.models import Count, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404
from django.shortcuts import get_object_or_404

from services.models import DutyCategory, DutyItem, DutyList, DutyListImport

PUBLIC_STATUSES = (DutyList.Status.PUBLISHED, DutyList.Status.SUPERSEDED)


def lists_in_force() -> QuerySet[DutyList]:
    """The published version of each kind of list (at most one per kind, by constraint)."""
    return DutyList.objects.filter(status=DutyList.Status.PUBLISHED).order_by("kind")


def items_in_force() -> QuerySet[DutyItem]:
    """Every item of the list versions in force; what the task gate judges against."""
    return DutyItem.objects.filter(duty_list__status=DutyList.Status.PUBLISHED).select_related("duty_list", "category")


def _count(model, **filters):
    # A correlated subquery per count: joining items and categories at once would multiply rows.
    counted = (
        model.objects.filter(duty_list=OuterRef("pk"), **filters)
        .order_by()
        .values("duty_list")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def lists_public() -> QuerySet[DutyList]:
    """Every version anyone may read (in force and superseded), with its actual counts."""
    return (
        DutyList.objects.filter(status__in=PUBLIC_STATUSES)
        .select_related("superseded_by")
        .annotate(
            item_total=_count(DutyItem),
            category_total=_count(DutyCategory),
            placeholder_total=_count(DutyItem, is_placeholder=True),
        )
        .order_by("kind", "-version")
    )


def access_duty_list(pk) -> DutyList:
    """One readable version; 404 alike for a missing list and a draft."""
    return get_object_or_404(lists_public(), pk=pk)


def duty_list_with_items(pk) -> DutyList:
    """A version with its categories and items prefetched: a constant number of queries."""
    items = DutyItem.objects.order_by("position", "code")
    duty_list = get_object_or_404(
        lists_public().prefetch_related(
            Prefetch(
                "categories",
                queryset=DutyCategory.objects.order_by("position", "code").prefetch_related(
                    Prefetch("items", queryset=items)
                ),
            ),
            Prefetch("items", queryset=items.filter(category__isnull=True), to_attr="uncategorised_items"),
        ),
        pk=pk,
    )
    return duty_list


def items_search(*, duty_list=None, category=None, search: str = "") -> QuerySet[DutyItem]:
    """Items of the readable versions. Without a list, only the versions in force are searched.

    Search is a plain substring match of every word (split on spaces) against the title, legal
    basis, department, code and category name: Chinese has no spaces to split words on, and
    the lists are short documents, so 人口 finds 人口与计划生育 without a segmenter.
    """
    items = DutyItem.objects.filter(duty_list__status__in=PUBLIC_STATUSES).select_related("duty_list", "category")
    if duty_list is not None:
        items = items.filter(duty_list=duty_list)
    else:
        items = items.filter(duty_list__status=DutyList.Status.PUBLISHED)
    if category is not None:
        items = items.filter(category=category)
    return items_matching(items, search).order_by("duty_list__kind", "duty_list_id", "position", "code")


def items_matching(items: QuerySet[DutyItem], search: str) -> QuerySet[DutyItem]:
    """Items containing every word of `search` (see items_search for why a substring match)."""
    for word in (search or "").split()[:10]:
        items = items.filter(
            Q(title__icontains=word)
            | Q(legal_basis__icontains=word)
            | Q(responsible_department__icontains=word)
            | Q(code__iexact=word)
            | Q(category__name__icontains=word)
        )
    return items


def access_duty_list_history(user, pk) -> DutyList:
    """Anyone may read a published or superseded version's history (its publishing is public)."""
    return access_duty_list(pk)


def access_duty_import(user, pk) -> DutyListImport:
    """An import, to the district admin only; 404 alike for 'missing' and 'not yours'."""
    from accounts.queries import scope_for

    if not scope_for(user).is_district_admin:
        raise Http404
    return get_object_or_404(DutyListImport.objects.select_related("created_by", "result_list"), pk=pk)
