"""Reads never write: no GET of any page, by anyone, adds or removes a row of any model.

The pages come from the URLconf itself (every app page, every admin changelist, change form,
history and custom admin view), their parameters filled with the ids of a small province's
objects, so a new page is checked the day it is added. A parameter this test cannot fill
fails it, rather than skipping the page.
"""

import re
from datetime import date, timedelta
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.utils import timezone

from awards import services as awards
from awards.dossier import ACHIEVEMENT_PREFIX, DOCUMENTS
from awards.models import AwardDecision, AwardProposal, Nominee
from movements.models import Deadline, DeadlineKind
from portal.models import Role
from registrations.models import Carrier, Registration, State
from reports.services import periodic as reports
from scoring.models import Criterion, ScoreEntry
from tests.awards.factories import award_movement, complete_proposal
from tests.factories import (
    AgencyFactory,
    QuotaRuleFactory,
    RegistrationFactory,
    UserFactory,
    extend,
)
from tests.reports.periodic_factories import filled_report, indicator
from tests.reports.periodic_factories import report_deadline as report_deadline_on
from tests.reports.plan_factories import PlanFactory, PlanTaskFactory, plan_deadline

pytestmark = pytest.mark.django_db

# Logging out (the site's and the admin's, both named “logout”) is a POST-only action: Django 5
# answers a GET with 405, and the POST would end the session the other pages are read in. It is
# the only page not visited.
SKIPPED_NAMES = {"logout"}
ROLES = ("anonymous", "clerk", "leader", "reviewer", "superuser")


@pytest.fixture
def province(django_capture_on_commit_callbacks, field, department_kind):
    """One movement with its deadlines and an extension; registrations in every state; a sent
    scorecard with an evidence file; a decided proposal with two nominees, one awarded.
    Agency B has only begun: a draft, no scorecard, no proposal."""
    agency_a = AgencyFactory(code="STP", name="Sở Tư pháp", kind=department_kind)
    agency_b = AgencyFactory(code="SXD", name="Sở Xây dựng", kind=department_kind)
    snv = AgencyFactory(code="SNV", name="Sở Nội vụ", kind=department_kind)
    clerk = UserFactory(username="canbo.a", agency=agency_a, role=Role.CLERK)
    leader_a = UserFactory(username="lanhdao.a", agency=agency_a, role=Role.LEADER)
    leader = UserFactory(username="lanhdao.b", agency=agency_b, role=Role.LEADER)
    reviewer = UserFactory(username="chuyenvien", agency=snv, role=Role.REVIEWER, is_staff=True)
    superuser = UserFactory(username="quantri", agency=None, is_staff=True, is_superuser=True)
    movement = award_movement()
    QuotaRuleFactory(movement=movement, agency_kind=None, max_collectives=5, max_individuals=5)
    extend(movement, DeadlineKind.AWARD, agency_b, date(2026, 12, 31), by=reviewer)

    registrations = [
        RegistrationFactory(
            movement=movement,
            agency=agency_a,
            created_by=clerk,
            field=field,
            state=state,
            return_reason="Bổ sung số liệu" if state == State.RETURNED else "",
        )
        for state in State.values
    ]
    registrations.append(
        RegistrationFactory(
            movement=movement,
            agency=agency_b,
            created_by=leader,
            field=field,
            carrier=Carrier.INDIVIDUAL,
            collective_name="",
            person_name="Phạm Thị Thu",
            person_position="Chuyên viên",
            person_workplace="Phòng Quản lý xây dựng",
        )
    )
    with django_capture_on_commit_callbacks(execute=True):
        proposal = complete_proposal(movement, agency_a, leader_a)
        awards.submit_proposal(proposal=proposal, by=leader_a)
    nominee = proposal.nominees.order_by("position").first()
    decision = awards.record_decision(
        movement=movement,
        award_kind=movement.award_settings.award_kind,
        number="3120/QĐ-UBND",
        decided_on=date(2026, 1, 20),
        signer="Chủ tịch Ủy ban nhân dân tỉnh",
        nominees=[nominee],
        by=reviewer,
    )
    # Agency A has a plan with a task; agency B has not started its plan.
    plans_due = plan_deadline(movement)
    plan_task = PlanTaskFactory(
        plan=PlanFactory(deadline=plans_due, agency=agency_a, created_by=clerk)
    )
    entry = ScoreEntry.objects.filter(scorecard__agency=agency_a).first()
    entry.evidence_file.save("bien-ban-doi-thoai.pdf", ContentFile(b"%PDF-1.4\n"), save=True)
    # A report deadline: agency A has a sent report with its scan; agency B has not started.
    report_deadline = report_deadline_on(
        movement, "Báo cáo 6 tháng", timezone.localdate() + timedelta(days=30)
    )
    dialogues = indicator(movement, "Số cuộc đối thoại trực tiếp với Nhân dân", unit="cuộc")
    report = filled_report(report_deadline, agency_a, leader_a, figures={dialogues: "3"})
    reports.submit_report(report=report, by=leader_a)
    return SimpleNamespace(
        movement=movement,
        registrations=registrations,
        proposal=proposal,
        nominee=nominee,
        decision=decision,
        entry=entry,
        plans_due=plans_due,
        plan_task=plan_task,
        criterion=Criterion.objects.filter(
            criteria_set=movement.scoring_settings.criteria_set, children__isnull=True
        ).first(),
        users={"clerk": clerk, "leader": leader, "reviewer": reviewer, "superuser": superuser},
    )


# The URLconf, walked


def leaf_chains(patterns, chain=()):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from leaf_chains(pattern.url_patterns, (*chain, pattern))
        else:
            assert isinstance(pattern, URLPattern)
            yield (*chain, pattern)


def admin_model(chain):
    """The model whose ModelAdmin a chain passes through (“admin/<app>/<model>/…”)."""
    prefixes = {f"{m._meta.app_label}/{m._meta.model_name}/": m for m in admin.site._registry}
    for part in chain:
        model = prefixes.get(str(part.pattern))
        if model is not None:
            return model
    return None


def first_pk(model):
    row = model._base_manager.order_by("pk").first()
    return str(row.pk) if row is not None else "999999"  # none yet: its page 404s, still a GET


def history_pk(model):
    history = getattr(model, "history", None)
    if history is None:
        return "999999"
    record = history.filter(**{model._meta.pk.attname: first_pk(model)}).first()
    return str(record.history_id) if record is not None else "999999"


def values_for(name, *, chain, province):
    """Every value a path parameter takes, from the province's objects."""
    model = admin_model(chain)
    namespaces = {part.namespace for part in chain if isinstance(part, URLResolver)}
    if name in ("object_id", "pk", "id") and model is not None:
        if model is Registration:
            return [str(r.pk) for r in province.registrations]
        return [first_pk(model)]
    if name == "pk" and "registrations" in namespaces:
        return [str(r.pk) for r in province.registrations]
    if name == "pk" and "initiatives" in namespaces:
        return [str(r.initiative_id) for r in province.registrations]
    if name == "pk" and "showcase" in namespaces:  # unpublished models and their agencies: 404
        return [str(r.initiative_id) for r in province.registrations]
    fixed = {
        "movement_pk": [str(province.movement.pk)],
        "nominee_pk": [str(province.nominee.pk)],
        "criterion_pk": [str(province.criterion.pk)],
        "entry_pk": [str(province.entry.pk)],
        "name": [*DOCUMENTS, f"{ACHIEVEMENT_PREFIX}{province.nominee.pk}"],
        "decision": ["chap-thuan", "tiep-nhan", "tra-lai"],
        "deadline_id": [
            str(province.plans_due.pk),
            *(str(d.pk) for d in Deadline.objects.filter(kind=DeadlineKind.REPORT)),
        ],
        "task_id": [str(province.plan_task.pk)],
        "content_type_id": [str(ContentType.objects.get_for_model(Registration).pk)],
        "object_id": [str(province.registrations[0].pk)],  # admin/r/: view on site
        "url": ["khong-co-trang-nay/"],
        "app_label": sorted({m._meta.app_label for m in admin.site._registry}),
        # A spent reset link (a valid one moves its token into a session, by Django's design).
        "uidb64": ["MQ"],
        "token": ["da-dung-roi"],
        "notification_pk": ["1"],  # opening is a POST: a GET is refused
    }
    if name not in fixed:
        pytest.fail(f"Không biết điền tham số “{name}” của {chain_text(chain)}: hãy bổ sung.")
    return fixed[name]


def chain_text(chain):
    return "".join(str(part.pattern) for part in chain)


ROUTE_PARAM = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>\w+)>")
REGEX_GROUP = re.compile(r"\((?:\?P<(?P<name>\w+)>)?(?P<body>[^()]*)\)")


def fill(part, *, chain, province):
    """Every text one pattern of the chain matches with the province's values."""
    pattern = part.pattern
    if hasattr(pattern, "_route"):
        texts = [pattern._route]
        for match in ROUTE_PARAM.finditer(pattern._route):
            options = values_for(match["name"], chain=chain, province=province)
            texts = [t.replace(match[0], value, 1) for t in texts for value in options]
        return texts
    regex = pattern._regex.lstrip("^").rstrip("$")
    texts = [regex]
    unnamed = iter(("object_id", "history_id"))  # simple-history's “^([^/]+)/history/([^/]+)/$”
    for match in REGEX_GROUP.finditer(regex):
        name = match["name"] or next(unnamed)
        if name == "history_id":
            options = [history_pk(admin_model(chain))]
        else:
            options = values_for(name, chain=chain, province=province)
        texts = [t.replace(match[0], value, 1) for t in texts for value in options]
    return [t.replace("\\", "") for t in texts]


def get_urls(province):
    urls = []
    for chain in leaf_chains(get_resolver().url_patterns):
        if chain[-1].name in SKIPPED_NAMES:
            continue
        texts = [""]
        for part in chain:
            texts = [t + tail for t in texts for tail in fill(part, chain=chain, province=province)]
        for text in texts:
            url = "/" + text
            assert resolve(url).func == chain[-1].callback, (url, chain_text(chain))
            urls.append(url)
    return sorted(set(urls))


def row_counts():
    return {model._meta.label: model._base_manager.count() for model in apps.get_models()}


@pytest.mark.parametrize("role", ROLES)
def test_no_get_of_any_page_writes_a_row(role, province):
    client = Client(raise_request_exception=False)
    if role != "anonymous":
        client.force_login(province.users[role])
    urls = get_urls(province)
    assert len(urls) > 100  # the walk found the admin too
    writes, errors = [], []
    for url in urls:
        before = row_counts()
        response = client.get(url)
        after = row_counts()
        if response.status_code >= 500:
            errors.append(f"{url} → {response.status_code}")
        changed = {
            label: (before[label], after[label])
            for label in before
            if before[label] != after[label]
        }
        if changed:
            writes.append(f"{url}: {changed}")
    assert not writes, f"GET wrote rows ({role}):\n" + "\n".join(writes)
    # A page that fails may hide a write, and no page may answer 500.
    assert not errors, f"GET failed ({role}): " + "; ".join(errors)
    assert AwardProposal.objects.count() == 1 and Nominee.objects.count() == 2
    assert AwardDecision.objects.count() == 1
