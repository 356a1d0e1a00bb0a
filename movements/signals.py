"""What moves the data versions (portal/versions.py), so the readings kept under them — the
tracker's grid, the quota page's counts, an agency's desk — are computed again after the write.

Scopes: ``movement:<id>`` for everything of a movement (its rules, deadlines, extensions and
the rows its agencies send); ``rules:<id>`` for the movement itself, its deadlines and quota
rules only; ``agency:<id>`` for what one agency sent or was granted, and what agencies under it
sent (a pooled quota counts them); ``agencies`` for the list of agencies everyone reads."""

from django.db.models.signals import m2m_changed, post_delete, post_save

from portal import versions
from portal.models import Agency, AgencyKind

from .models import Deadline, DeadlineExtension, Movement, QuotaRule

# A sent row saved with only other fields named (a note, a file) changes no state or count.
_COUNTED_FIELDS = {"state", "submitted_at", "agency", "movement", "deadline", "carrier"}


def movement_scope(movement_id) -> str:
    return f"movement:{movement_id}"


def rules_scope(movement_id) -> str:
    return f"rules:{movement_id}"


def agency_scope(agency_id) -> str:
    return f"agency:{agency_id}"


def _bump_movement(movement_id, *more):
    scopes = [*([] if movement_id is None else [movement_scope(movement_id)]), *more]
    if scopes:
        versions.bump(*scopes)


def _bump_rules(movement_id):
    if movement_id is not None:
        _bump_movement(movement_id, rules_scope(movement_id))


def _agency_and_superiors(agency_id) -> list[str]:
    """The agency's scope and its two superiors' (a pooled quota reaches two levels up)."""
    chain = Agency.objects.filter(pk=agency_id).values_list("parent_id", "parent__parent_id")
    superiors = chain.first() or ()
    return [agency_scope(pk) for pk in (agency_id, *superiors) if pk is not None]


def _movement_of_deadline(deadline_id):
    return Deadline.objects.filter(pk=deadline_id).values_list("movement_id", flat=True).first()


def _on_movement(sender, instance, **kwargs):
    _bump_rules(instance.pk)


def _on_movement_part(sender, instance, **kwargs):
    _bump_rules(instance.movement_id)


def _on_extension(sender, instance, **kwargs):
    _bump_movement(_movement_of_deadline(instance.deadline_id), agency_scope(instance.agency_id))


def _on_deadline_kinds(sender, instance, action, **kwargs):
    if action.startswith("post_"):
        _bump_rules(instance.movement_id if isinstance(instance, Deadline) else None)


def _on_agencies(sender, **kwargs):
    versions.bump("agencies")


def watch_sent_rows(model, answered_by: str):
    """A stage's sent rows (movements.selectors.register_sent_rows): any save or delete of
    one moves the version of the movement it answers."""

    def changed(sender, instance, update_fields=None, **kwargs):
        if update_fields is not None and not _COUNTED_FIELDS.intersection(update_fields):
            return
        if answered_by == "movement":
            movement_id = instance.movement_id
        else:
            movement_id = _movement_of_deadline(instance.deadline_id)
        _bump_movement(movement_id, *_agency_and_superiors(instance.agency_id))

    post_save.connect(changed, sender=model, weak=False, dispatch_uid=f"versions:{model._meta}")
    post_delete.connect(changed, sender=model, weak=False, dispatch_uid=f"versions-:{model._meta}")


for model, receiver in (
    (Movement, _on_movement),
    (Deadline, _on_movement_part),
    (QuotaRule, _on_movement_part),
    (DeadlineExtension, _on_extension),
    (Agency, _on_agencies),
    (AgencyKind, _on_agencies),
):
    post_save.connect(receiver, sender=model, dispatch_uid=f"versions:{model._meta}")
    post_delete.connect(receiver, sender=model, dispatch_uid=f"versions-:{model._meta}")
m2m_changed.connect(
    _on_deadline_kinds, sender=Deadline.agency_kinds.through, dispatch_uid="versions:kinds"
)
