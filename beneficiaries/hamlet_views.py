"""The commune's list of hamlets: the officer adds, renames and stops using hamlets; everyone in
scope reads it. Thin: parse a form, call one service, redirect."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from btxh.models import Level

from . import selectors
from .errors import RegistryError
from .forms import HamletForm, apply_error
from .models import Hamlet
from .permissions import can_edit_in
from .services import hamlets as hamlet_services


def _hamlet_or_404(request, hamlet_id: int) -> Hamlet:
    hamlet = Hamlet.objects.for_user(request.user).select_related("commune").filter(pk=hamlet_id).first()
    if hamlet is None:
        raise Http404("Không tìm thấy thôn/tổ dân phố.")
    return hamlet


def _list_url(commune) -> str:
    return f"{reverse('beneficiaries:hamlet-list')}?xa={commune.pk}"


def hamlet_list(request):
    """The list of one commune (the user's own, or the one chosen above it); the commune officer
    adds a hamlet from the same page."""
    user = request.user
    communes = None
    if user.unit and user.unit.level == Level.COMMUNE:
        commune = user.unit
    else:
        communes = selectors.unit_options(user).order_by("name")
        commune = selectors.unit_for_filter(user, request.GET.get("xa"))
        if commune is not None and commune.level != Level.COMMUNE:
            commune = None
    can_edit = commune is not None and can_edit_in(user, commune)
    if request.method == "POST" and not can_edit:
        raise PermissionDenied("Chỉ công chức của xã được sửa danh sách thôn/tổ dân phố.")
    form = HamletForm(request.POST or None) if can_edit else None
    if request.method == "POST" and form.is_valid():
        try:
            hamlet = hamlet_services.hamlet_create(commune=commune, user=user, **form.cleaned_data)
        except RegistryError as exc:
            apply_error(form, exc)
        else:
            messages.success(request, f"Đã thêm {hamlet.name}.")
            return redirect(_list_url(commune))
    return render(
        request,
        "beneficiaries/hamlet_list.html",
        {
            "commune": commune,
            "communes": communes,
            "hamlets": selectors.hamlet_list(user=user, commune=commune) if commune else [],
            "form": form,
            "can_edit": can_edit,
        },
    )


def hamlet_update(request, hamlet_id: int):
    """Rename a hamlet (its people's and households' records follow), change its code or order."""
    hamlet = _hamlet_or_404(request, hamlet_id)
    if not can_edit_in(request.user, hamlet.commune):
        raise PermissionDenied("Chỉ công chức của xã được sửa danh sách thôn/tổ dân phố.")
    initial = {"name": hamlet.name, "code": hamlet.code, "order": hamlet.order}
    form = HamletForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        old = hamlet.name
        try:
            hamlet_services.hamlet_update(hamlet=hamlet, user=request.user, **form.cleaned_data)
        except RegistryError as exc:
            apply_error(form, exc)
        else:
            said = f"Đã đổi tên {old} thành {hamlet.name}." if old != hamlet.name else f"Đã lưu {hamlet.name}."
            messages.success(request, said)
            return redirect(_list_url(hamlet.commune))
    return render(
        request, "beneficiaries/hamlet_form.html", {"hamlet": hamlet, "form": form, "back": _list_url(hamlet.commune)}
    )


@require_POST
def hamlet_active(request, hamlet_id: int):
    """Stop offering a hamlet on the forms, or offer it again."""
    hamlet = _hamlet_or_404(request, hamlet_id)
    if not can_edit_in(request.user, hamlet.commune):
        raise PermissionDenied("Chỉ công chức của xã được sửa danh sách thôn/tổ dân phố.")
    active = request.POST.get("active") == "1"
    hamlet_services.hamlet_set_active(hamlet=hamlet, user=request.user, active=active)
    messages.success(request, f"{hamlet.name}: {'đang sử dụng' if active else 'ngừng sử dụng'}.")
    return redirect(_list_url(hamlet.commune))
