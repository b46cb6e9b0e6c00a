"""The one door to a patient's own rows: everything a view fetches by id comes
through here, so "someone else's entry" is always a 404, never a leak."""

from django.shortcuts import get_object_or_404


def own_or_404(model, user, pk):
    return get_object_or_404(model.objects.owned_by(user), pk=pk)
