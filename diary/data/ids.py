"""Stable ids: the same entry has the same id in every export, on every import.

An entry's id is its `client_token` (the id of the form that created it). A row
saved without one (by the admin, say, or an old version) gets an id derived from
the row and the server's secret key. The import keeps an entry's id as the new
row's client token, so importing the same file twice finds the rows it made.
"""

import uuid

from django.utils.crypto import salted_hmac


def derived_id(model, pk) -> uuid.UUID:
    """A stable id for a row saved without a client token.

    Keyed with the server's secret, so two servers never derive the same id and
    the id gives nothing away about the row.
    """
    # The salt keeps the name of the module this was first written in: a new salt
    # would give every such row a new id, and an import would add it again.
    digest = salted_hmac("unknot.exports.entry-id", f"{model._meta.label_lower}:{pk}").digest()
    return uuid.UUID(bytes=digest[:16], version=4)


def entry_id(model, pk, client_token) -> str:
    return str(client_token or derived_id(model, pk))


def ids_in_diary(model, user) -> set[uuid.UUID]:
    """The stable ids of every row of `model` the user owns."""
    return {
        uuid.UUID(entry_id(model, pk, token))
        for pk, token in model.objects.owned_by(user).values_list("pk", "client_token")
    }
