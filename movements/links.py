"""Where a tracker cell and a calendar item lead: each stage's pages, named by URL so this app
imports none of the apps built on it."""

from collections.abc import Callable

from django.urls import reverse

from .models import DeadlineKind

# Reversed once per column and filled in per row: a thousand reverse() calls cost 40 ms.
_ID = 2147483647


def _reports_page(name: str, *args, **kwargs) -> str:
    return reverse(name, args=args or None, kwargs=kwargs or None)


def _stage_page(name: str, *args) -> str:
    return reverse(name, args=args)


_ADMIN_ITEM_PAGES = {
    DeadlineKind.SCORECARD: (_stage_page, "admin:scoring_scorecard_change"),
    DeadlineKind.AWARD: (_stage_page, "admin:awards_awardproposal_change"),
    DeadlineKind.PLAN: (_reports_page, "admin:reports_plan_change"),
    DeadlineKind.REPORT: (_reports_page, "admin:reports_report_change"),
    DeadlineKind.REVIEW: (_stage_page, "admin:initiatives_initiativereview_change"),
}


def _no_link(agency_id, item_id):
    return None


def admin_item_links(deadline) -> Callable[[int, int | None], str | None]:
    """For one deadline, (agency_id, item_id) → the admin page of what that agency sent."""
    if deadline.kind == DeadlineKind.REGISTRATION:
        # An agency sends several models: the list of its own in this movement.
        base = reverse("admin:registrations_registration_changelist")
        query = f"?movement__id__exact={deadline.movement_id}&agency__id__exact="
        return lambda agency_id, item_id: f"{base}{query}{agency_id}"
    if deadline.kind not in _ADMIN_ITEM_PAGES:
        return _no_link
    build, name = _ADMIN_ITEM_PAGES[deadline.kind]
    url = build(name, _ID)
    if url is None:
        return _no_link
    head, tail = url.split(str(_ID))
    return lambda agency_id, item_id: f"{head}{item_id}{tail}" if item_id else None


def agency_page(deadline) -> str | None:
    """The agency's own page answering this deadline: where it sends, reads or resends."""
    kind, movement_id = deadline.kind, deadline.movement_id
    if kind == DeadlineKind.REGISTRATION:
        return f"{reverse('registrations:list')}?phong-trao={movement_id}"
    if kind == DeadlineKind.SCORECARD:
        return reverse("scoring:scorecard", args=[movement_id])
    if kind == DeadlineKind.AWARD:
        return reverse("awards:proposal", args=[movement_id])
    if kind == DeadlineKind.PLAN:
        return _reports_page("reports:plan_detail", deadline_id=deadline.pk)
    if kind == DeadlineKind.REPORT:
        return _reports_page("reports:report_detail", deadline_id=deadline.pk)
    if kind == DeadlineKind.REVIEW:
        return reverse("initiatives:review", kwargs={"deadline_id": deadline.pk})
    return None
