"""movements 0006/0007, scoring 0002, awards 0003: existing movements keep their dates and
settings when deadlines become data and the stage settings move to their apps."""

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

VN = ZoneInfo("Asia/Ho_Chi_Minh")
BEFORE = [
    ("movements", "0005_vote_threshold_is_a_percentage"),
    ("scoring", "0001_initial"),
    ("awards", "0002_proposal_stored_dossier"),
    ("portal", "0004_award_role_permissions"),
]
AFTER = [
    ("movements", "0007_stage_settings_moved_to_their_apps"),
    ("scoring", "0002_scoring_settings"),
    ("awards", "0003_award_settings"),
]


@pytest.mark.django_db(transaction=True)
def test_existing_movements_and_extensions_move_to_deadlines_and_settings():
    executor = MigrationExecutor(connection)
    try:
        executor.migrate(BEFORE)
        executor.loader.build_graph()
        old = executor.loader.project_state(BEFORE).apps
        kind = old.get_model("portal", "AgencyKind").objects.create(
            code="so-nganh", name="Sở, ban, ngành", tier="province"
        )
        agency = old.get_model("portal", "Agency").objects.create(
            code="STP", name="Sở Tư pháp", kind=kind
        )
        user = old.get_model("portal", "User").objects.create(username="chuyenvien")
        award_kind = old.get_model("awards", "AwardKind").objects.create(
            code="bang-khen", name="Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh"
        )
        scheme = old.get_model("scoring", "BandScheme").objects.create(name="Thang xếp loại")
        movement = old.get_model("movements", "Movement").objects.create(
            title="Phong trào 2025",
            province="Vĩnh Long",
            year=2025,
            registration_opens_at=datetime(2025, 4, 2, tzinfo=VN),
            # “chậm nhất là ngày 15/4/2025” and “trước ngày 15/12/2025”, stored exclusive.
            registration_closes_at=datetime(2025, 4, 16, tzinfo=VN),
            award_closes_at=datetime(2025, 12, 15, tzinfo=VN),
            band_scheme=scheme,
            target_share=80,
            award_kind=award_kind,
            max_nominees=3,
            vote_threshold=Decimal("60"),
            vote_strictly_above=False,
            vote_base="present",
        )
        extensions = old.get_model("movements", "DeadlineExtension").objects
        extensions.create(
            movement=movement,
            agency=agency,
            stage="registration",
            closes_at=datetime(2025, 4, 21, tzinfo=VN),  # “until 20/4”
            reason="Mới sáp nhập",
            granted_by=user,
        )
        extensions.create(
            movement=movement,
            agency=agency,
            stage="award",
            closes_at=datetime(2025, 12, 20, 17, 0, tzinfo=VN),  # not midnight: rounds up
            reason="Bổ sung hồ sơ",
            granted_by=user,
        )

        executor.migrate(AFTER)
        executor.loader.build_graph()
        new = executor.loader.project_state(AFTER).apps
        deadlines = {d.kind: d for d in new.get_model("movements", "Deadline").objects.all()}
        registration, award = deadlines["registration"], deadlines["award"]
        assert (registration.due_on, registration.due_day_counts) == (date(2025, 4, 15), True)
        assert registration.closes_at == datetime(2025, 4, 16, tzinfo=VN)
        assert registration.opens_at == datetime(2025, 4, 2, tzinfo=VN)
        assert (award.due_on, award.due_day_counts) == (date(2025, 12, 15), False)
        assert award.closes_at == datetime(2025, 12, 15, tzinfo=VN)

        moved = {
            e.deadline.kind: e
            for e in new.get_model("movements", "DeadlineExtension").objects.select_related(
                "deadline"
            )
        }
        assert moved["registration"].until_on == date(2025, 4, 20)
        assert moved["registration"].closes_at == datetime(2025, 4, 21, tzinfo=VN)
        assert moved["award"].until_on == date(2025, 12, 20)
        assert moved["award"].closes_at == datetime(2025, 12, 21, tzinfo=VN)

        scoring = new.get_model("scoring", "ScoringSettings").objects.get()
        assert (scoring.band_scheme_id, scoring.target_share) == (scheme.pk, 80)
        awards = new.get_model("awards", "AwardSettings").objects.get()
        assert (awards.award_kind_id, awards.max_nominees) == (award_kind.pk, 3)
        assert (awards.vote_threshold, awards.vote_strictly_above, awards.vote_base) == (
            Decimal("60"),
            False,
            "present",
        )
        assert "152/2025/NĐ-CP" in awards.legal_bases
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
