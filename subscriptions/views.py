"""Subscribing to a commitment, an administration or a plan; confirming; unsubscribing.

Pages are never cached (they carry a CSRF token or a secret link). Confirming and unsubscribing
take a POST: a GET shows a one-button form (mail scanners that open links change nothing), and
mail clients send the RFC 8058 one-click POST straight to the unsubscribe link.
"""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from accounts.login import client_ip

from . import selectors, services
from .emails import followed_label, label_of
from .forms import SubscribeForm


def _followed_from(request: HttpRequest):
    target = request.GET.get("suivi") or request.POST.get("suivi") or ""
    raw = request.GET.get("id") or request.POST.get("id") or ""
    if target not in selectors.TARGETS or not raw.isdigit():
        raise Http404
    followed = selectors.followable(target, int(raw))
    if followed is None:
        raise Http404
    return target, followed


def _label(target: str, followed) -> str:
    return label_of(target, followed, get_language() or "fr")


@never_cache
@require_http_methods(["GET", "POST"])
def subscribe(request: HttpRequest) -> HttpResponse:
    target, followed = _followed_from(request)
    form = SubscribeForm(request.POST or None)
    context = {
        "form": form,
        "target": target,
        "followed": followed,
        "label": _label(target, followed),
    }
    if request.method == "POST" and form.is_valid():
        if not form.is_robot():  # a robot is told the same and nothing happens
            try:
                services.subscribe(
                    email=form.cleaned_data["email"],
                    target=target,
                    target_id=followed.pk,
                    frequency=form.cleaned_data["frequency"],
                    language=get_language() or "fr",
                    client=client_ip(request),
                )
            except services.SubscriptionError as error:
                form.add_error(None, error)
                return render(
                    request,
                    "subscriptions/subscribe.html",
                    context,
                    status=429 if error.code == "too_many" else 400,
                )
        return render(request, "subscriptions/check_inbox.html", context)
    return render(
        request, "subscriptions/subscribe.html", context, status=400 if form.errors else 200
    )


@never_cache
@require_http_methods(["GET", "POST"])
def confirm(request: HttpRequest, token: str) -> HttpResponse:
    subscription = selectors.subscription_by_token(token)
    if subscription is None:
        return render(request, "subscriptions/unknown_link.html", status=404)
    if request.method == "POST":
        subscription = services.confirm(token=token) or subscription
    context = {
        "subscription": subscription,
        "label": followed_label(subscription, get_language() or "fr"),
        "token": token,
    }
    return render(request, "subscriptions/confirm.html", context)


@csrf_exempt  # RFC 8058: the mail client posts without a session; the token is the secret
@never_cache
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    if request.method == "POST":
        services.unsubscribe(token=token)
        return render(request, "subscriptions/unsubscribed.html")
    subscription = selectors.subscription_by_token(token)
    if subscription is None:
        return render(request, "subscriptions/unsubscribed.html")
    context = {"label": followed_label(subscription, get_language() or "fr"), "token": token}
    return render(request, "subscriptions/unsubscribe.html", context)
