"""Plans for tests: a movement with seed 002's eight content areas and a plan deadline, plans in
any state, tasks, tiny PDFs and workbooks."""

from datetime import date
from io import BytesIO

import factory
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from movements.models import Deadline, DeadlineKind
from portal.models import Coordinator
from reports.models import ContentArea, Plan, PlanTask, State
from tests.factories import AgencyFactory, MovementFactory

AREAS = [
    "Tuyên truyền, quán triệt chủ trương của Đảng, chính sách, pháp luật của Nhà nước",
    "Công tác dân vận gắn với cải cách hành chính, kỷ luật, kỷ cương, thực hiện dân chủ ở cơ sở",
    "Phong trào thi đua yêu nước, các chương trình phát triển kinh tế – xã hội",
    "Công tác dân vận vùng đồng bào dân tộc thiểu số, tôn giáo",
    "Tiếp xúc, đối thoại với Nhân dân, giải quyết khiếu nại, tố cáo, kiến nghị",
    "Phối hợp với Mặt trận Tổ quốc Việt Nam và các tổ chức chính trị – xã hội",
    "Kiểm tra công vụ, kiểm tra việc triển khai thực hiện",
    "Công tác dân vận phục vụ bầu cử đại biểu Quốc hội khóa XVI và đại biểu Hội đồng nhân dân "
    "các cấp nhiệm kỳ 2026–2031",
]
PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def plan_movement(**kwargs):
    """An open 2026 movement (Lạng Sơn's shape) with the eight content areas."""
    kwargs.setdefault("province", "Lạng Sơn")
    kwargs.setdefault("document_type", "Kế hoạch")
    kwargs.setdefault("document_number", "61/KH-UBND")
    kwargs.setdefault("document_date", date(2026, 2, 26))
    kwargs.setdefault("document_issuer", "Ủy ban nhân dân tỉnh Lạng Sơn")
    movement = MovementFactory(**kwargs)
    for position, name in enumerate(AREAS, start=1):
        ContentArea.objects.create(movement=movement, position=position, name=name)
    return movement


def plan_deadline(movement, *, due_on=date(2099, 3, 10), due_day_counts=True, kinds=()):
    """A plan deadline; “chậm nhất là ngày …” by default, far in the future."""
    deadline = Deadline.objects.create(
        movement=movement,
        kind=DeadlineKind.PLAN,
        title="Kế hoạch thực hiện công tác dân vận chính quyền",
        due_on=due_on,
        due_day_counts=due_day_counts,
    )
    deadline.agency_kinds.set(kinds)
    return deadline


class PlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Plan

    deadline = None
    agency = factory.SubFactory(AgencyFactory)
    number = "12/KH-UBND"
    issued_on = date(2026, 3, 2)
    title = "Thực hiện công tác dân vận chính quyền năm 2026"
    targets = "100% cán bộ, công chức được quán triệt.\n80% đơn vị đạt “Dân vận khéo”."
    state = State.DRAFT
    created_by = None


class PlanTaskFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PlanTask

    plan = None
    area = None
    position = factory.Sequence(lambda n: n + 1)
    task = factory.Sequence(lambda n: f"Nhiệm vụ thử nghiệm số {n}")
    directs = "Chủ tịch UBND xã"
    carries_out = "Văn phòng HĐND và UBND xã"
    timing = "Quý I/2026"


def pdf_upload(name="ke-hoach-da-ky.pdf", content=PDF_BYTES):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def workbook_upload(rows, *, headers=None, name="nhiem-vu.xlsx"):
    """An .xlsx whose first sheet holds ``headers`` (the five by default) and ``rows``."""
    from reports.excel_plans import HEADERS

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(list(headers or HEADERS))
    for row in rows:
        sheet.append(list(row))
    buffer = BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


@pytest.fixture
def coordinator(db):
    """Seed 002's coordinator (overrides the Vĩnh Long one of tests/conftest.py)."""
    return Coordinator.objects.update_or_create(
        singleton=True,
        defaults={
            "name": "Sở Nội vụ tỉnh Lạng Sơn",
            "short_name": "Sở Nội vụ",
            "parent_name": "UBND tỉnh Lạng Sơn",
            "place_name": "Lạng Sơn",
        },
    )[0]


@pytest.fixture
def movement_2026(db):
    return plan_movement()


@pytest.fixture
def deadline(movement_2026, department_kind):
    return plan_deadline(movement_2026, kinds=[department_kind])


@pytest.fixture
def plan_a(deadline, agency_a, clerk_a):
    return PlanFactory(deadline=deadline, agency=agency_a, created_by=clerk_a)


@pytest.fixture
def plan_b(deadline, agency_b, clerk_b):
    return PlanFactory(deadline=deadline, agency=agency_b, created_by=clerk_b, number="7/KH-SXD")


@pytest.fixture
def areas(movement_2026):
    return list(movement_2026.content_areas.order_by("position"))


@pytest.fixture
def task_a(plan_a, areas):
    return PlanTaskFactory(plan=plan_a, area=areas[0], task="Tuyên truyền Luật Thực hiện dân chủ")
