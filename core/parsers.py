"""The API's parsers. A module of their own: DRF reads DEFAULT_PARSER_CLASSES while defining
APIView, so they must not live beside code that imports rest_framework.views."""

from django.utils.translation import gettext as _
from rest_framework import exceptions, parsers


class JSONParser(parsers.JSONParser):
    """DRF's parser, but a body nested deeper than Python's recursion limit is a 400, not a 500."""

    def parse(self, stream, media_type=None, parser_context=None):
        try:
            return super().parse(stream, media_type, parser_context)
        except RecursionError as exc:
            raise exceptions.ParseError(_("The JSON body is nested too deeply.")) from exc
