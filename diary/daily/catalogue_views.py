"""The patient's own triggers and techniques: one page to add, rename and remove
them (diary.daily.own_catalogue_forms). Every item comes through `own_or_404`:
another patient's item is a 404."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from diary.access import own_or_404
from diary.daily.own_catalogue_forms import OWN_KINDS, remove_own_item
from diary.validators import id_from_query

ACTIONS = ("add", "rename", "remove")


def _page_forms(user, bound=None):
    """Each kind's add form and a rename form for each of its items still offered.

    `bound` is the one posted form, shown in its place with its errors."""
    kinds = []
    for key, form_class in OWN_KINDS.items():
        items = form_class._meta.model.objects.owned_by(user).order_by("name")
        add = form_class(owner=user, prefix=f"new-{key}")
        renames = []
        for item in items:
            form = form_class(owner=user, instance=item, prefix=f"{key}-{item.pk}")
            renames.append((item, form))
        if bound is not None and bound.kind == key:
            if bound.instance.pk is None:
                add = bound
            else:
                renames = [
                    (item, bound if item.pk == bound.instance.pk else form)
                    for item, form in renames
                ]
        kinds.append(
            {
                "key": key,
                "heading": form_class.heading,
                "add_heading": form_class.add_heading,
                "add_button": form_class.add_button,
                "none_yet": form_class.none_yet,
                "add": add,
                "offered": [(item, form) for item, form in renames if item.is_active],
                "removed": [item for item, _form in renames if not item.is_active],
            }
        )
    return kinds


@login_required
def own_catalogue(request):
    bound = None
    if request.method == "POST":
        form_class = OWN_KINDS.get(request.POST.get("kind"))
        action = request.POST.get("action")
        if form_class is None or action not in ACTIONS:
            messages.error(request, _("That did not work. Please try again."))
            return redirect("diary:own_catalogue")
        model = form_class._meta.model
        item = None
        if action != "add":
            item = own_or_404(model, request.user, id_from_query(request.POST.get("item")))
        if action == "remove":
            kept = remove_own_item(item)
            if kept:
                message = _("“%(name)s” is off your list. Entries that name it still do.")
            else:
                message = _("“%(name)s” is off your list.")
            messages.success(request, message % {"name": item.name})
            return redirect("diary:own_catalogue")
        prefix = f"new-{form_class.kind}" if item is None else f"{form_class.kind}-{item.pk}"
        kwargs = {"instance": item} if item is not None else {}
        bound = form_class(request.POST, owner=request.user, prefix=prefix, **kwargs)
        if bound.is_valid() and (saved := bound.save_or_explain()):
            if item is not None:
                message = _("Renamed to “%(name)s”.")
            elif bound.restored is not None:
                message = _("“%(name)s” is back on your list.")
            else:
                message = _("“%(name)s” is on your list.")
            messages.success(request, message % {"name": saved.name})
            return redirect("diary:own_catalogue")
    return render(request, "diary/own_catalogue.html", {"kinds": _page_forms(request.user, bound)})
