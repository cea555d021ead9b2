"""The one endpoint pattern for lifecycle moves: `POST /<things>/<id>/<action>/` in the API, and a
form page (or a button) for each move on the pages.

Both read the object as the caller may see it (404 alike for "missing" and "not yours"), check the
input, call the action (which asks the transition engine), and show the result. The human's words
that go with a move are always `comment`; the API still accepts `reason` as an alias until the next
release (README, "API conventions").
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views import View
from drf_spectacular.utils import extend_schema, extend_schema_serializer
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from .errors import DomainError, NotAllowed
from .forms import apply_domain_error

COMMENT_MAX_LENGTH = 2000


@extend_schema_serializer(deprecate_fields=["reason"])
class CommentSerializer(serializers.Serializer):
    """The human's words that go with a move: a comment, a reason, the grounds of an appeal."""

    comment = serializers.CharField(
        label=_("comment"), required=False, allow_blank=True, default="", max_length=COMMENT_MAX_LENGTH
    )
    reason = serializers.CharField(
        label=_("reason"),
        required=False,
        allow_blank=True,
        write_only=True,
        max_length=COMMENT_MAX_LENGTH,
        help_text="Deprecated alias of `comment`, accepted until the next release.",
    )

    def validate(self, attrs):
        alias = attrs.pop("reason", "")
        if not attrs.get("comment") and alias:
            attrs["comment"] = alias
        return attrs


class ScopedObjectMixin:
    """`get_object` through `access`, the app's scoped read of one object (`access_<thing>(user,
    pk)`: 404 alike for missing and not yours). `access` is a plain function kept on the class;
    it is read through the class, so it is not bound to the view."""

    access = None

    def get_object(self, request, pk):
        return type(self).access(request.user, pk)


class TransitionAPIView(ScopedObjectMixin, APIView):
    """`POST /<things>/<id>/<action>/`. A subclass names its input and output serializers and
    `access` (or defines `get_object`), and defines `perform` (calls the action)."""

    input_serializer: type[serializers.Serializer] | None = CommentSerializer  # None: the move takes no body
    output_serializer: type[serializers.Serializer] | None = None

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        if cls.output_serializer is not None:
            extend_schema(request=cls.input_serializer, responses={200: cls.output_serializer})(cls)

    def perform(self, request, obj, data: dict):  # pragma: no cover - each endpoint defines it
        """Call the action; return the object to show, or None to read it again."""
        raise NotImplementedError

    def respond(self, request, obj) -> Response:
        return Response(self.output_serializer(obj, context={"request": request}).data)

    def post(self, request, pk):
        obj = self.get_object(request, pk)
        data = {}
        if self.input_serializer is not None:
            form = self.input_serializer(data=request.data)
            form.is_valid(raise_exception=True)
            data = form.validated_data
        result = self.perform(request, obj, data)
        return self.respond(request, self.get_object(request, pk) if result is None else result)


class CommentForm(forms.Form):
    comment = forms.CharField(
        label=_("Comment"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=COMMENT_MAX_LENGTH,
    )


class TransitionFormView(ScopedObjectMixin, LoginRequiredMixin, View):
    """A page that makes one move: a form (GET shows it, POST runs the action) or, with
    `form_class = None`, a button that posts here. 403 up front for those who may read the object
    but are no party to the move; the action's errors beside their fields.

    A subclass names `access` (the scoped read), `machine` and `action` (the party check of the
    transition table: `check`), and `detail_url` (the route of the object's page, where the move
    returns: `success_url`), or defines those methods; and defines `perform`."""

    form_class: type[forms.Form] | None = CommentForm
    template_name = ""
    title = ""
    submit = ""
    success_message = ""
    machine = None
    action = ""
    detail_url = ""

    def dispatch(self, request, *args, **kwargs):
        # A wrong method is 405 for everyone, signed in or not, as before the login check.
        if request.method.lower() not in self.http_method_names:
            return self.http_method_not_allowed(request, *args, **kwargs)
        return super().dispatch(request, *args, **kwargs)

    def check(self, request, obj) -> None:
        """Raise NotAllowed when the user may not make this move at all (before the form shows)."""
        if self.machine is not None:
            self.machine.check_party(request.user, obj, self.action)

    def perform(self, request, obj, data: dict):  # pragma: no cover - each page defines it
        raise NotImplementedError

    def form_kwargs(self, request, obj) -> dict:
        return {}

    def context(self, request, obj) -> dict:
        return {}

    def success_url(self, request, obj) -> str:
        return reverse(self.detail_url, kwargs={"pk": obj.pk})

    def _guarded(self, request, obj):
        try:
            self.check(request, obj)
        except NotAllowed as error:
            raise PermissionDenied(error.message) from error

    def get(self, request, pk):
        obj = self.get_object(request, pk)
        self._guarded(request, obj)
        if self.form_class is None:
            return redirect(self.success_url(request, obj))
        return self.render(request, obj, self.form_class(**self.form_kwargs(request, obj)))

    def post(self, request, pk):
        obj = self.get_object(request, pk)
        self._guarded(request, obj)
        form = self.form_class(request.POST, **self.form_kwargs(request, obj)) if self.form_class else None
        if form is not None and not form.is_valid():
            return self.render(request, obj, form)
        try:
            result = self.perform(request, obj, form.cleaned_data if form is not None else {})
        except NotAllowed as error:
            raise PermissionDenied(error.message) from error
        except DomainError as error:
            if form is None:
                messages.error(request, error.message)
                return redirect(self.success_url(request, obj))
            apply_domain_error(form, error)
            return self.render(request, obj, form)
        messages.success(request, self.success_text(request, obj if result is None else result))
        return redirect(self.success_url(request, obj))

    def success_text(self, request, obj) -> str:
        return str(self.success_message)

    def render(self, request, obj, form):
        return render(
            request,
            self.template_name,
            {"object": obj, "form": form, "title": self.title, "submit": self.submit, **self.context(request, obj)},
        )
