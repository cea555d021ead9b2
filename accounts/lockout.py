"""What a locked-out sign-in sees: the API gets the one JSON error shape, pages a Chinese page."""

from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

LOCKED_STATUS = 429


def lockout_response(request, original_response=None, credentials=None):
    message = _("Too many failed sign-ins. Try again later.")
    if request.path.startswith("/api/"):
        return JsonResponse({"message": message, "code": "locked_out", "fields": {}}, status=LOCKED_STATUS)
    return render(request, "registration/locked_out.html", status=LOCKED_STATUS)
