"""The published duty lists (清单制): what a community must do, and what government must buy."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class DutyList(models.Model):
    """One version of one published list. A new version supersedes, never overwrites, the old."""

    class Kind(models.TextChoices):
        PARTY = "party", _("Party organisation duties")
        COMMITTEE = "committee", _("Residents' committee statutory duties")
        ASSISTING = "assisting", _("Duties assisting government")

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        PUBLISHED = "published", _("in force")
        SUPERSEDED = "superseded", _("superseded")

    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    version = models.PositiveIntegerField(_("version"))
    title = models.CharField(_("title"), max_length=200)
    document_number = models.CharField(_("issuing document number"), max_length=100, blank=True)
    in_force_from = models.DateField(_("in force from"), null=True, blank=True)
    declared_category_count = models.PositiveIntegerField(_("categories declared by the document"), default=0)
    declared_item_count = models.PositiveIntegerField(_("items declared by the document"))
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.DRAFT)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    superseded_by = models.ForeignKey(
        "self", verbose_name=_("superseded by"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    source = models.CharField(_("source"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("duty list")
        verbose_name_plural = _("duty lists")
        ordering = ["kind", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "version"], name="duty_list_unique_version"),
            # At most one version of each list is in force.
            models.UniqueConstraint(fields=["kind"], condition=Q(status="published"), name="duty_list_one_in_force"),
        ]

    def __str__(self) -> str:
        return f"{self.title} (v{self.version})"


class DutyCategory(models.Model):
    duty_list = models.ForeignKey(DutyList, verbose_name=_("list"), on_delete=models.CASCADE, related_name="categories")
    code = models.CharField(_("code"), max_length=20)
    name = models.CharField(_("name"), max_length=100)
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("duty category")
        verbose_name_plural = _("duty categories")
        ordering = ["duty_list", "position", "code"]
        constraints = [models.UniqueConstraint(fields=["duty_list", "code"], name="duty_category_unique_code")]

    def __str__(self) -> str:
        return self.name


class DutyItem(models.Model):
    duty_list = models.ForeignKey(DutyList, verbose_name=_("list"), on_delete=models.CASCADE, related_name="items")
    category = models.ForeignKey(
        DutyCategory, verbose_name=_("category"), null=True, blank=True, on_delete=models.PROTECT, related_name="items"
    )
    code = models.CharField(_("code"), max_length=20)
    title = models.CharField(_("title"), max_length=300)
    legal_basis = models.CharField(_("legal basis"), max_length=300, blank=True)
    responsible_department = models.CharField(_("responsible department"), max_length=100, blank=True)
    # True until an official import replaces the item: the pages flag it as an example (示例).
    is_placeholder = models.BooleanField(_("placeholder"), default=False)
    position = models.PositiveIntegerField(_("position"), default=0)
    # Where the item's text comes from (a law's article, the reform's published counts...).
    source = models.CharField(_("source"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("duty item")
        verbose_name_plural = _("duty items")
        ordering = ["duty_list", "position", "code"]
        constraints = [models.UniqueConstraint(fields=["duty_list", "code"], name="duty_item_unique_code")]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"


class DutyListImport(models.Model):
    """An uploaded file on its way to becoming a new list version: preview, then all or nothing."""

    class Status(models.TextChoices):
        UPLOADED = "uploaded", _("uploaded")
        VALIDATED = "validated", _("validated")
        INVALID = "invalid", _("has errors")
        RUNNING = "running", _("importing")
        DONE = "done", _("imported")
        FAILED = "failed", _("failed")

    kind = models.CharField(_("kind"), max_length=16, choices=DutyList.Kind.choices)
    # What the issuing document says, entered on the upload form and checked against the file.
    title = models.CharField(_("title"), max_length=200, default="")
    document_number = models.CharField(_("issuing document number"), max_length=100, blank=True)
    in_force_from = models.DateField(_("in force from"), null=True, blank=True)
    declared_item_count = models.PositiveIntegerField(_("items declared by the document"), default=0)
    # Blank when the document declares no categories (the Party and committee lists).
    declared_category_count = models.PositiveIntegerField(
        _("categories declared by the document"), null=True, blank=True
    )
    file = models.FileField(_("file"), upload_to="duty-imports/%Y/%m/")
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.UPLOADED)
    total_rows = models.PositiveIntegerField(_("rows"), default=0)
    processed_rows = models.PositiveIntegerField(_("rows processed"), default=0)
    # [{"row": spreadsheet row number or null for the whole file, "code": ..., "params": {...}}]
    errors = models.JSONField(_("errors"), default=list, blank=True)
    # The preview: {"categories": [{"code", "name", "items"}], "first_rows": [...], "items": n}
    summary = models.JSONField(_("summary"), default=dict, blank=True)
    result_list = models.ForeignKey(
        DutyList, verbose_name=_("resulting list"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("duty list import")
        verbose_name_plural = _("duty list imports")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} import #{self.pk}"
