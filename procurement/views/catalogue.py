"""Page of the purchase catalogue (public)."""

from __future__ import annotations

from django.shortcuts import render

from ..queries.catalogue import catalogue_public


def catalogue(request):
    """Public: the purchase catalogue."""
    return render(request, "procurement/catalogue.html", {"items": catalogue_public()})
