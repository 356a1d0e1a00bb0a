"""Publication on the public showcase is the coordinator's decision, and this is its one door
(admin actions, the change page and the demo data call it). Only a model recognised and still
on the list may be published (seed 001: “giới thiệu, biểu dương, nhân rộng” the typical models);
the story shown is the one the coordinator approved, first drafted from the model's own papers."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from awards.models import Nominee, ProposalState
from initiatives.models import RECOGNISED_STATUSES, Initiative
from portal.text import clean_text
from portal.workflow import lock_all_in_states, save_with_history
from registrations.models import State

from . import caching

ONLY_RECOGNISED = "Chỉ công bố được mô hình đã được công nhận và còn trong danh sách."
# The registration states whose text the coordinator has seen (never a draft or a withdrawal).
SENT_REGISTRATION_STATES = (State.ACCEPTED, State.SUBMITTED, State.RESUBMITTED, State.RETURNED)


def _text(value) -> str:
    return (clean_text(value) or "").strip()


def drafted_story(initiative: Initiative) -> str:
    """The story as the model's papers tell it: how it works (its latest registration sent to
    the coordinator) and what it achieved (its latest achievement report in a sent proposal)."""
    parts = []
    registration = (
        initiative.registrations.filter(state__in=SENT_REGISTRATION_STATES)
        .order_by("-movement__year", "-pk")
        .first()
    )
    if registration is not None:
        parts.append(registration.content)
    nominee = (
        Nominee.objects.filter(registration__initiative=initiative)
        .exclude(proposal__state=ProposalState.DRAFT)
        .order_by("-registration__movement__year", "-pk")
        .first()
    )
    if nominee is not None:
        parts += [nominee.summary, nominee.results, nominee.effectiveness]
    # A report often repeats the registration's words: each paragraph once.
    paragraphs = dict.fromkeys(part.strip() for part in parts if part and part.strip())
    return "\n\n".join(paragraphs)


def publish(initiatives, *, by, story: str | None = None) -> list[Initiative]:
    """Show the models on the public pages, all or none. A model without an approved story
    gets the one drafted from its papers; ``story`` (one model) replaces it."""
    with transaction.atomic():
        rows = lock_all_in_states(
            Initiative.objects,
            [initiative.pk for initiative in initiatives],
            RECOGNISED_STATUSES,
            describe=lambda row: f"“{row}”",
            only=ONLY_RECOGNISED,
            field="status",
        )
        now = timezone.now()
        for row in rows:
            if story is not None:
                row.public_story = _text(story)
            elif not row.public_story.strip():
                row.public_story = drafted_story(row)
            if not row.public_story:
                raise ValidationError(
                    f"Mô hình “{row}” chưa có nội dung giới thiệu: vui lòng nhập trước khi công "
                    "bố. Không có thay đổi nào được lưu."
                )
            if not row.published:
                row.published, row.published_at = True, now
            save_with_history(row, by=by, reason="Công bố trên trang công khai")
        transaction.on_commit(caching.bump)
    return rows


def unpublish(initiatives, *, by) -> list[Initiative]:
    """Take the models off the public pages (any status); the approved story is kept."""
    with transaction.atomic():
        rows = list(
            Initiative.objects.select_for_update()
            .filter(pk__in=[initiative.pk for initiative in initiatives], published=True)
            .order_by("pk")
        )
        for row in rows:
            row.published, row.published_at = False, None
            save_with_history(row, by=by, reason="Thôi công bố trên trang công khai")
        transaction.on_commit(caching.bump)
    return rows


def edit_story(initiative: Initiative, *, story: str, by) -> Initiative:
    """The coordinator rewrites the public story; a published model cannot be left without one."""
    story = _text(story)
    with transaction.atomic():
        row = Initiative.objects.select_for_update().get(pk=initiative.pk)
        if row.published and not story:
            raise ValidationError(
                {"public_story": "Mô hình đang được công bố: vui lòng nhập nội dung giới thiệu."}
            )
        if row.public_story == story:
            return row
        row.public_story = story
        save_with_history(row, by=by, reason="Sửa nội dung giới thiệu trên trang công khai")
        transaction.on_commit(caching.bump)
    return row
