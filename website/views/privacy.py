"""About your privacy: who can see what, in plain words, for members and visitors."""

from django.shortcuts import render


def privacy(request):
    return render(request, "privacy.html")
