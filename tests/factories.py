from datetime import date, timedelta

import factory
from django.apps import apps as django_apps
from django.contrib.auth.models import Group
from django.utils import timezone

from awards.models import AwardSettings
from initiatives.models import Initiative
from initiatives.models import Status as InitiativeStatus
from movements.models import (
    Deadline,
    DeadlineExtension,
    DeadlineKind,
    Field,
    Movement,
    MovementStatus,
    QuotaRule,
)
from portal.models import Agency, AgencyKind, Coordinator, Role, Tier, User
from portal.roles import sync_role_groups
from registrations.models import Carrier, Registration, State
from scoring.models import ScoringSettings


class AgencyKindFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgencyKind
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"kind-{n}")
    name = factory.Sequence(lambda n: f"Loại cơ quan {n}")
    tier = Tier.PROVINCE


class AgencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agency

    code = factory.Sequence(lambda n: f"CQ{n:03d}")
    name = factory.Sequence(lambda n: f"Sở Thử nghiệm số {n}")
    short_name = factory.LazyAttribute(lambda o: o.name)
    kind = factory.SubFactory(AgencyKindFactory, code="so-nganh", name="Sở, ban, ngành cấp tỉnh")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"nguoidung{n}")
    full_name = "Nguyễn Văn An"
    agency = factory.SubFactory(AgencyFactory)
    password = factory.PostGenerationMethodCall("set_password", "matkhau-thu-nghiem")

    @factory.post_generation
    def role(self, create, extracted, **kwargs):
        if extracted:
            label = Role(extracted).label
            if not Group.objects.filter(name=label).exists():
                # A transactional test's flush wipes the migration's rows; make the roles again.
                sync_role_groups(django_apps)
            self.groups.add(Group.objects.get(name=label))
        self.save()


class FieldFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Field
        django_get_or_create = ("code",)

    code = "kinh-te"
    name = "Kinh tế"


def deadline_on(movement, kind, closes_at, *, opens_at=None, title=None):
    """A deadline closing at the midnight on or before ``closes_at`` (“trước ngày …”), so a
    moment in the past stays past; replaces the movement's deadline of that kind."""
    movement.deadlines.filter(kind=kind).delete()
    day = timezone.localtime(closes_at).date()
    return Deadline.objects.create(
        movement=movement,
        kind=kind,
        title=title or DeadlineKind(kind).label,
        opens_at=opens_at,
        due_on=day,
        due_day_counts=False,
    )


def extend(movement, kind, agency, until_on, *, by, reason="Đơn vị mới kiện toàn tổ chức bộ máy"):
    """Grant ``agency`` more time on the movement's deadline of ``kind``, “until” a day."""
    return DeadlineExtension.objects.create(
        deadline=movement.deadlines.get(kind=kind),
        agency=agency,
        until_on=until_on,
        reason=reason,
        granted_by=by,
    )


SCORING_SETTINGS = ("criteria_set", "band_scheme", "target_band", "target_share")
AWARD_SETTINGS = (
    "award_kind",
    "max_nominees",
    "vote_threshold",
    "vote_strictly_above",
    "vote_base",
)


class MovementFactory(factory.django.DjangoModelFactory):
    """An open movement whose registration window is open now.

    Also takes the shapes tests think in: ``registration_opens_at``/``registration_closes_at``/
    ``award_closes_at`` become deadlines; scoring and award settings become their rows.
    """

    class Meta:
        model = Movement

    title = factory.Sequence(lambda n: f"Phong trào “Dân vận khéo” thử nghiệm {n}")
    province = "Vĩnh Long"
    year = 2026
    period = "2026–2030"
    status = MovementStatus.OPEN

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        now = timezone.now()
        opens_at = kwargs.pop("registration_opens_at", now - timedelta(days=10))
        closes_at = kwargs.pop("registration_closes_at", now + timedelta(days=10))
        award_closes_at = kwargs.pop("award_closes_at", now + timedelta(days=60))
        scoring = {k: kwargs.pop(k) for k in SCORING_SETTINGS if k in kwargs}
        awards = {k: kwargs.pop(k) for k in AWARD_SETTINGS if k in kwargs}
        movement = super()._create(model_class, *args, **kwargs)
        if closes_at is not None:
            if opens_at is not None and opens_at >= timezone.localtime(closes_at).replace(
                hour=0, minute=0, second=0, microsecond=0
            ):
                opens_at = None
            deadline_on(movement, DeadlineKind.REGISTRATION, closes_at, opens_at=opens_at)
        if award_closes_at is not None:
            deadline_on(movement, DeadlineKind.AWARD, award_closes_at)
        if scoring:
            ScoringSettings.objects.create(movement=movement, **scoring)
        if awards:
            AwardSettings.objects.create(movement=movement, **awards)
        return movement


class QuotaRuleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = QuotaRule

    movement = factory.SubFactory(MovementFactory)
    agency_kind = None
    max_collectives = 2
    max_individuals = 4
    min_models = 0


def complete_content(**overrides):
    """Every field a registration needs before it can be submitted."""
    data = {
        "situation": "Người dân phải đi lại nhiều lần để nộp hồ sơ.",
        "goals": "Giảm số lần đi lại của người dân.",
        "content": "Tiếp nhận hồ sơ tại nhà, trả kết quả qua bưu điện.",
        "scope": "Người cao tuổi trên địa bàn.",
        "resources": "Cán bộ bộ phận một cửa.",
        "starts_on": date(2026, 5, 1),
        "ends_on": date(2026, 12, 31),
        "expected_outputs": "100% hồ sơ người cao tuổi được tiếp nhận tại nhà.",
        "replicability": "Nhân rộng ra các xã.",
        "contact": "Chị Hà, 0912 000 000",
    }
    data.update(overrides)
    return data


class InitiativeFactory(factory.django.DjangoModelFactory):
    """A model as its first registration starts it (a draft); pass status=… for others."""

    class Meta:
        model = Initiative

    name = factory.Sequence(lambda n: f"Mô hình số {n}")
    carrier = Carrier.COLLECTIVE
    field = factory.SubFactory(FieldFactory)
    agency = factory.SubFactory(AgencyFactory)


class RegistrationFactory(factory.django.DjangoModelFactory):
    """A complete draft, ready to submit; pass state=… for rows built directly."""

    class Meta:
        model = Registration
        skip_postgeneration_save = True

    movement = factory.SubFactory(MovementFactory)
    agency = factory.SubFactory(AgencyFactory)
    carrier = Carrier.COLLECTIVE
    name = factory.Sequence(lambda n: f"Mô hình thử nghiệm số {n}")
    collective_name = "Phòng Hành chính - Tổng hợp"
    field = factory.SubFactory(FieldFactory)
    created_by = factory.SubFactory(UserFactory, agency=factory.SelfAttribute("..agency"))
    situation = complete_content()["situation"]
    goals = complete_content()["goals"]
    content = complete_content()["content"]
    scope = complete_content()["scope"]
    resources = complete_content()["resources"]
    starts_on = date(2026, 5, 1)
    ends_on = date(2026, 12, 31)
    expected_outputs = complete_content()["expected_outputs"]
    replicability = complete_content()["replicability"]
    contact = complete_content()["contact"]
    initiative = factory.SubFactory(
        InitiativeFactory,
        agency=factory.SelfAttribute("..agency"),
        name=factory.SelfAttribute("..name"),
        carrier=factory.SelfAttribute("..carrier"),
        field=factory.SelfAttribute("..field"),
    )

    @factory.post_generation
    def registered(obj, create, extracted, **kwargs):
        # A row built already sent (state=…) stands for a model already registered.
        if create and obj.state != State.DRAFT and obj.initiative.status == InitiativeStatus.DRAFT:
            obj.initiative.status = InitiativeStatus.REGISTERED
            obj.initiative.start_year = obj.movement.year
            obj.initiative.save(update_fields=["status", "start_year"])


def edit_coordinator(**fields) -> Coordinator:
    """Changes the coordinating body as the admin does: a save, which drops its cached copy."""
    row = Coordinator.objects.get()
    for name, value in fields.items():
        setattr(row, name, value)
    row.save()
    return row
