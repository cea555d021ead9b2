"""API conventions shared by every app: pagination and the one error shape."""

from django.core.exceptions import FieldDoesNotExist
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpResponse, QueryDict
from django.utils.translation import gettext as _
from rest_framework import exceptions, fields, relations
from rest_framework.pagination import CursorPagination, PageNumberPagination
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from .errors import DomainError
from .public_cache import public_cached


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
    """Default for lists that can grow without bound: stable under inserts, O(1) per page.

    A cursor is opaque but not trusted: one whose position the ordering field would not take (a
    forged `p=abc`, a number beyond the column) is refused as an invalid cursor (404, as DRF
    answers any cursor it cannot read) before it reaches the database."""

    ordering = "-id"
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200

    def paginate_queryset(self, queryset, request, view=None):
        self._model = queryset.model
        return super().paginate_queryset(queryset, request, view)

    def decode_cursor(self, request):
        cursor = super().decode_cursor(request)
        if cursor is not None and cursor.position is not None:
            name = self.ordering[0].lstrip("-")  # set by paginate_queryset before it decodes
            try:
                field = self._model._meta.get_field(name)
            except FieldDoesNotExist:  # an annotation: the database judges it
                return cursor
            try:
                field.run_validators(field.to_python(cursor.position))
            except (DjangoValidationError, TypeError, ValueError):
                raise exceptions.NotFound(self.invalid_cursor_message) from None
        return cursor


class SmallListPagination(StrictPageSizeMixin, PageNumberPagination):
    """For short reference lists (streets, communities) where page numbers are friendlier."""

    def get_page_number(self, request, paginator):
        # DRF reads a blank `?page=` as the first page; it is no page number at all.
        if request.query_params.get(self.page_query_param) == "":
            raise exceptions.NotFound(self.invalid_page_message)
        return super().get_page_number(request, paginator)

    page_size = 100
    page_size_query_param = "page_size"
    max_page_size = 500


class CachedListMixin:
    """A list whose JSON is kept in the shared cache under `cache_topics` (core/public_cache.py)
    and rebuilt after the actions that write them. An entry is keyed on the URL (path, query and
    host: the page links name it), the language, the media type and `cache_vary(request)`:
    whatever else makes one caller's answer differ from another's. A public list varies on
    nothing; a personalised one on exactly what its visibility rules read (a scope's units), so
    callers share an entry only when they would be shown the same rows. `cache_vary` returns None
    for a caller whose answer is not kept. Only JSON is cached; errors never are."""

    cache_topics: tuple[str, ...] = ()

    def cache_vary(self, request) -> tuple | None:
        return ()

    def cache_topics_for(self, request) -> tuple[str, ...]:
        """The topics this caller's answer is built from: `cache_topics`, or for a personalised list
        the parts of a topic its scope reads (core/public_cache.py)."""
        return self.cache_topics

    def get(self, request, *args, **kwargs):
        # `get`, not `list`: a view may build its own list (rows by hand); the cache wraps it.
        renderer = request.accepted_renderer
        vary = self.cache_vary(request) if renderer.format == "json" else None
        if vary is None:
            return super().get(request, *args, **kwargs)

        def build() -> bytes:
            response = super(CachedListMixin, self).get(request, *args, **kwargs)
            return renderer.render(response.data, request.accepted_media_type, self.get_renderer_context())

        parts = (request.build_absolute_uri(), request.accepted_media_type, *vary)
        body = public_cached(f"api:{type(self).__name__}", parts, self.cache_topics_for(request), build)
        return HttpResponse(body, content_type=renderer.media_type)


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


def _from_json(field) -> bool:
    """Whether the value comes from a JSON body (a plain dict) rather than a form or the query
    string (a QueryDict, where every value is a string)."""
    data = getattr(field.root, "initial_data", None)
    return data is not None and not isinstance(data, QueryDict)


def _only(types, *, json_only: bool):
    def wrap(lenient):
        def strict(field, data):
            if (not json_only or _from_json(field)) and (
                isinstance(data, bool) != (bool in types) or not isinstance(data, types)
            ):
                if "invalid" in field.error_messages:
                    field.fail("invalid")
                field.fail("incorrect_type", data_type=type(data).__name__)
            return lenient(field, data)

        strict.strict_types = True
        return strict

    return wrap


def refuse_values_of_the_wrong_type() -> None:
    """The schema says "string" for a text field and "integer" or "boolean" for the others; DRF
    would also take 12 for a text, "12" or 1.0 for an integer and 0 or "yes" for a boolean.
    Refuse what the schema refuses, as a 400 naming the field (called once, at start-up). Form
    and query values are all strings, so only JSON bodies are held to integers and booleans."""
    if getattr(fields.CharField.to_internal_value, "strict_types", False):
        return
    fields.CharField.to_internal_value = _only((str,), json_only=False)(fields.CharField.to_internal_value)
    fields.IntegerField.to_internal_value = _only((int,), json_only=True)(fields.IntegerField.to_internal_value)
    fields.BooleanField.to_internal_value = _only((bool,), json_only=True)(fields.BooleanField.to_internal_value)
    related = relations.PrimaryKeyRelatedField
    related.to_internal_value = _only((int,), json_only=True)(related.to_internal_value)
