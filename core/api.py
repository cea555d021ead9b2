"""API conventions shared by every app: pagination and the one error shape."""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions, fields
from rest_framework.pagination import CursorPagination, PageNumberPagination
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from .errors import DomainError


class StrictPageSizeMixin:
    """A `page_size` that is not a whole number within 1..max_page_size is a 400, not silently
    the default, and the schema says the range."""

    def get_page_size(self, request):
        raw = request.query_params.get(self.page_size_query_param)
        if raw is None:
            return self.page_size
        if not (raw.isdigit() and 1 <= int(raw) <= self.max_page_size):
            message = _("Give a page size between 1 and %(max)s.") % {"max": self.max_page_size}
            raise exceptions.ValidationError({self.page_size_query_param: [message]})
        return int(raw)

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_size_query_param:
                parameter["schema"].update(minimum=1, maximum=self.max_page_size)
        return parameters


class IdCursorPagination(StrictPageSizeMixin, CursorPagination):
    """Default for lists that can grow without bound: stable under inserts, O(1) per page."""

    ordering = "-id"
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200


class SmallListPagination(StrictPageSizeMixin, PageNumberPagination):
    """For short reference lists (streets, communities) where page numbers are friendlier."""

    page_size = 100
    page_size_query_param = "page_size"
    max_page_size = 500


def _messages(detail):
    """DRF's error detail as plain JSON: a list of messages for a field, and for a nested
    serializer or a list of them an object keyed by field name or item position (only the
    items that failed), so `{"members": {"0": {"name": ["..."]}}}`."""
    if isinstance(detail, dict):
        return {str(key): _messages(value) for key, value in detail.items()}
    if isinstance(detail, list):
        if all(not isinstance(item, dict | list) for item in detail):
            return [str(item) for item in detail]
        return {str(index): _messages(item) for index, item in enumerate(detail) if item}
    return [str(detail)]


def _flatten(detail) -> dict:
    if isinstance(detail, dict):
        return _messages(detail)
    if isinstance(detail, list):
        return {"non_field_errors": [str(m) for m in detail]}
    return {}


def exception_handler(exc, context):
    """Render every error as `{"message": str, "code": str, "fields": {name: [str]}}`; a nested
    field's messages nest the same way (see `_messages`)."""
    if isinstance(exc, DomainError):
        return Response(exc.as_dict(), status=exc.status_code)
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(
            exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        )
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()

    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        fields = _flatten(exc.detail)
        general = fields.get("non_field_errors")
        message = general[0] if general and len(fields) == 1 else _("The submitted data is not valid.")
        code = "invalid"
    else:
        detail = exc.detail if isinstance(exc, exceptions.APIException) else str(exc)
        message = str(detail.get("detail", detail)) if isinstance(detail, dict) else str(detail)
        fields = {}
        code = exc.default_code if isinstance(exc, exceptions.APIException) else "error"
    response.data = {"message": message, "code": code, "fields": fields}
    return response


def refuse_numbers_for_text() -> None:
    """The schema says "string" for a text field; DRF would also take 12 or 1.5 and store "12".
    Refuse what the schema refuses, as a 400 naming the field (called once, at start-up)."""
    lenient = fields.CharField.to_internal_value
    if getattr(lenient, "text_only", False):
        return

    def text_only(field, data):
        if not isinstance(data, str):
            field.fail("invalid")
        return lenient(field, data)

    text_only.text_only = True
    fields.CharField.to_internal_value = text_only
