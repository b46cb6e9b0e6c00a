from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _

from diary.members.member_forms import (
    InvitationAlreadyUsed,
    ProfileForm,
    ReminderForm,
    SignUpForm,
    ThrottledPasswordResetForm,
    UsernameTaken,
)
from diary.models import Medication


def signup(request):
    if request.user.is_authenticated:
        return redirect("diary:dashboard")
    if settings.SIGNUP == "closed":
        return render(request, "registration/signup_closed.html", status=403)

    form = SignUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = form.save()
        except InvitationAlreadyUsed:
            form.add_error(
                "invitation_code", _("Someone has just used that code. Ask for a new one.")
            )
        except UsernameTaken:
            form.add_username_taken_error()
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, _("Welcome to Unknot. Your diary is private to you."))
            return redirect("diary:dashboard")
    return render(request, "registration/signup.html", {"form": form})


# Django's reset page, with a form that sends fewer emails (ThrottledPasswordResetForm).
password_reset = auth_views.PasswordResetView.as_view(form_class=ThrottledPasswordResetForm)


@login_required
def profile(request):
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        translation.activate(request.user.language)  # "Saved" in the language just chosen
        messages.success(request, _("Your profile is saved."))
        return redirect("profile")
    return render(request, "registration/profile.html", {"form": form})


@login_required
def reminders(request):
    form = ReminderForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        if form.instance.reminder_enabled:
            messages.success(
                request,
                _("Saved. We will remind you at %(time)s on days you have not checked in.")
                % {"time": form.instance.reminder_time.strftime("%H:%M")},
            )
        else:
            messages.success(request, _("Saved. No check-in reminder will be sent."))
        return redirect("diary:reminders")
    reminded = Medication.objects.owned_by(request.user).filter(remind=True, is_current=True)
    return render(
        request, "diary/reminders.html", {"form": form, "reminded_medicines": list(reminded)}
    )
