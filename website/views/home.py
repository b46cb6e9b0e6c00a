"""The front page: what Unknot is, for a visitor; the diary, for someone signed in."""

from django.shortcuts import redirect, render


def home(request):
    if request.user.is_authenticated:
        return redirect("diary:dashboard")
    return render(request, "home.html")
