"""API authentication: DRF's token scheme, with the user read by one precompiled statement."""

from __future__ import annotations

import functools

from django.db import connection
from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions
from rest_framework.authtoken.models import Token

from core.sql import fetch

from .models import User

# The columns _token_user_sql() reads: the user's, then when the token was created.
_COLUMNS = (*User._meta.concrete_fields, Token._meta.get_field("created"))


@functools.cache
def _token_user_sql() -> str:
    qn = connection.ops.quote_name
    columns = ", ".join(f"u.{qn(f.column)}" for f in User._meta.concrete_fields)
    token_user = qn(Token._meta.get_field("user").column)
    return (
        f"SELECT {columns}, t.{qn('created')} FROM {qn(User._meta.db_table)} u "
        f"JOIN {qn(Token._meta.db_table)} t ON t.{token_user} = u.{qn(User._meta.pk.column)} WHERE t.{qn('key')} = %s"
    )


class TokenAuthentication(authentication.TokenAuthentication):
    """`Authorization: Token <key>`, as DRF's: same header, same errors, same (user, token).

    DRF reads the token with `select_related("user").get(key=...)`, which the ORM compiles afresh on
    every request (about 900 Python calls, more than the query takes to run); the statement here
    is built once per process and the row becomes a User (and its Token) as the ORM would make them."""

    def authenticate_credentials(self, key):
        rows = fetch(_token_user_sql(), [key], _COLUMNS)
        if not rows:
            raise exceptions.AuthenticationFailed(_("Invalid token."))
        row = rows[0]
        user = User.from_db(connection.alias, None, row[:-1])
        if not user.is_active:
            raise exceptions.AuthenticationFailed(_("User inactive or deleted."))
        token = Token.from_db(connection.alias, None, [key, user.pk, row[-1]])
        token.user = user
        return (user, token)
