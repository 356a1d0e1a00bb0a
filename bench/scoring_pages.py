"""Times the scoring pages at provincial scale and prints the figures.

    .venv/bin/python bench/scoring_pages.py [--agencies 300] [--runs 7]

Builds a throw-away SQLite database (or uses DATABASE_URL if given) with a 40-criterion sheet
(8 groups × 5 criteria: six scoring groups, one bonus group, one deduction group; 100 points),
a movement using it with the Tốt / Khá / Trung bình / Yếu bands, and one finalised scorecard per
agency (40 entries each, a few scores lowered by the reviewer with a note; totals and bands stored
by ``finalise_scorecard``). Two more agencies hold a draft (for the clerk's editable page and
autosave) and a submitted scorecard (for the reviewer's appraisal form). Then it times the
ranking, its Excel export, the scorecard pages, autosave, the admin appraisal page and the
score-sheet PDF, printing the median of several runs and the number of queries.
"""

import argparse
import statistics
import time
from decimal import Decimal

from criteria_sheet import GROUPS, build_sheet
from movement_setup import create_movement
from setup_django import setup_django


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--agencies", type=int, default=300)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()

    setup_django()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    started = time.perf_counter()
    data = build(args.agencies)
    built_in = time.perf_counter() - started

    def measure(label, client, url, data=None, content_type=None):
        """GET (or POST ``data``; a callable gets the run number) and time it."""
        timings = []
        for run in range(args.runs):
            payload = data(run) if callable(data) else data
            with CaptureQueriesContext(connection) as queries:
                start = time.perf_counter()
                response = client.post(url, payload) if payload else client.get(url)
                if hasattr(response, "streaming_content"):
                    b"".join(response.streaming_content)
                timings.append((time.perf_counter() - start) * 1000)
            assert response.status_code == 200, (url, response.status_code)
            if content_type:
                assert response["Content-Type"].startswith(content_type), response["Content-Type"]
        print(
            f"{label:<46} median {statistics.median(timings):7.1f} ms"
            f"  (min {min(timings):6.1f})  {len(queries):3d} queries"
        )
        return response

    movement = data["movement"]
    leaves = data["leaves"]
    print(
        f"Province: {args.agencies} agencies with finalised scorecards, "
        f"{len(leaves)}-criterion sheet ({GROUPS} groups), "
        f"{data['entries']} score entries ({connection.vendor}); built in {built_in:.1f} s"
    )

    reviewer = Client()
    reviewer.force_login(data["reviewer"])
    ranking_url = f"/cham-diem/{movement.pk}/xep-hang/"
    page = measure(f"ranking page ({args.agencies} agencies)", reviewer, ranking_url)
    assert data["finalised"][0].agency.name in page.content.decode()
    measure(
        "ranking page filtered by agency kind",
        reviewer,
        f"{ranking_url}?loai=so-nganh",
    )
    measure(
        f"ranking Excel export ({args.agencies} rows)",
        reviewer,
        f"{ranking_url}?xuat=xlsx",
        content_type="application/vnd.openxmlformats",
    )

    agency_clerk = Client()
    agency_clerk.force_login(data["clerk_finalised"])
    page = measure(
        "scorecard page, finalised (40 criteria)", agency_clerk, f"/cham-diem/{movement.pk}/"
    )
    assert "Kết quả thẩm định" in page.content.decode()

    drafting = Client()
    drafting.force_login(data["clerk_draft"])
    page = measure("scorecard page, draft being filled", drafting, f"/cham-diem/{movement.pk}/")
    assert 'name="points-' in page.content.decode()
    target = leaves[0]
    measure(
        "autosave one criterion (htmx POST)",
        drafting,
        f"/cham-diem/{movement.pk}/tieu-chi/{target.pk}/",
        lambda run: {
            f"points-{target.pk}": str(1 + run % 2),
            f"explanation-{target.pk}": f"Giải trình lần {run}",
            f"evidence_note-{target.pk}": "Kế hoạch số 12/KH",
        },
    )

    submitted = data["submitted"]
    page = measure(
        "admin appraisal page, submitted (form)",
        reviewer,
        f"/admin/scoring/scorecard/{submitted.pk}/tham-dinh/",
    )
    assert 'name="appraised-' in page.content.decode()
    measure(
        "admin appraisal page, finalised (read-only)",
        reviewer,
        f"/admin/scoring/scorecard/{data['finalised'][0].pk}/tham-dinh/",
    )
    measure("admin scorecard changelist, 50 per page", reviewer, "/admin/scoring/scorecard/")

    try:
        from scoring.pdf import score_sheet_pdf  # noqa: F401
    except Exception as error:  # the PDF helper is optional for this benchmark
        print(f"{'score-sheet PDF':<46} skipped: {error}")
    else:
        try:
            measure(
                "score-sheet PDF, finalised (clerk)",
                agency_clerk,
                f"/cham-diem/{movement.pk}/ban-cham-diem.pdf",
                content_type="application/pdf",
            )
        except Exception as error:
            print(f"{'score-sheet PDF':<46} failed: {type(error).__name__}: {error}")


def build(n_agencies, *, agencies=None, drafts=()):
    """``agencies``: score these (the last two stay draft and submitted) instead of making
    ``n_agencies`` new ones; ``drafts``: more of them left as drafts being filled."""
    from datetime import timedelta

    from django.contrib.auth.models import Group
    from django.db import transaction
    from django.utils import timezone

    from movements.models import MovementStatus
    from portal.models import Agency, AgencyKind, Role, User
    from scoring.models import (
        CriterionKind,
        Scorecard,
        ScorecardState,
        ScoreEntry,
    )
    from scoring.selectors import scorecard_totals
    from scoring.services import finalise_scorecard

    sheet, leaves, scheme, bands = build_sheet()
    now = timezone.now()
    movement = create_movement(
        title="Phong trào đo hiệu năng chấm điểm",
        province="Vĩnh Long",
        year=2025,
        registration_opens_at=now - timedelta(days=300),
        registration_closes_at=now - timedelta(days=200),
        status=MovementStatus.OPEN,
        scoring={
            "criteria_set": sheet,
            "band_scheme": scheme,
            "target_band": bands[1],
            "target_share": 80,
        },
    )

    if agencies is None:
        kinds = list(AgencyKind.objects.order_by("code"))
        agencies = Agency.objects.bulk_create(
            Agency(
                code=f"B{i:04d}", name=f"Cơ quan đo hiệu năng {i:03d}", kind=kinds[i % len(kinds)]
            )
            for i in range(n_agencies + 2)
        )
    draft_agency, submitted_agency = agencies[-2], agencies[-1]
    drafting = {draft_agency, *drafts}
    clerk_group = Group.objects.get(name=Role.CLERK.label)
    clerk_finalised = User.objects.create_user("bench.canbo", password=None, agency=agencies[0])
    clerk_finalised.groups.add(clerk_group)
    clerk_draft = User.objects.create_user("bench.canbo.nhap", password=None, agency=draft_agency)
    clerk_draft.groups.add(clerk_group)
    leader = User.objects.create_user("bench.lanhdao", password=None, agency=agencies[0])
    leader.groups.add(Group.objects.get(name=Role.LEADER.label))
    reviewer = User.objects.create_user("bench.snv", password=None, is_staff=True)
    reviewer.groups.add(Group.objects.get(name=Role.REVIEWER.label))

    def state_for(agency):
        if agency in drafting:
            return ScorecardState.DRAFT
        return ScorecardState.SUBMITTED  # finalised below, through the service

    cards = Scorecard.objects.bulk_create(
        Scorecard(
            movement=movement,
            agency=agency,
            criteria_set=sheet,
            state=state_for(agency),
            submitted_at=None if agency in drafting else now,
            submitted_by=None if agency in drafting else leader,
        )
        for agency in agencies
    )

    def claimed(a, leaf, n):
        """Deterministic but varied: most criteria near the maximum, deductions mostly 0."""
        if leaf.kind == CriterionKind.DEDUCTION:
            return -leaf.max_points if (a + n) % 17 == 0 else Decimal("0")
        return (leaf.max_points * Decimal((a * 7 + n * 3) % 5 + 6) / 10).quantize(Decimal("0.5"))

    entries = []
    for a, card in enumerate(cards):
        for n, leaf in enumerate(leaves):
            points = claimed(a, leaf, n)
            lowered = card.agency != submitted_agency and leaf.kind == CriterionKind.ORDINARY
            lowered = lowered and (a + n) % 9 == 0 and points > 0
            entries.append(
                ScoreEntry(
                    scorecard=card,
                    criterion=leaf,
                    self_points=points,
                    explanation=f"Đơn vị đã thực hiện tiêu chí {leaf.code} theo kế hoạch.",
                    evidence_note="Kế hoạch số 12/KH-UBND" if leaf.evidence_required else "",
                    appraised_points=points - Decimal("0.5") if lowered else None,
                    appraisal_note="Minh chứng chưa đầy đủ." if lowered else "",
                )
            )
    ScoreEntry.objects.bulk_create(entries, batch_size=2000)

    # Totals and bands stored exactly as the reviewer's “Hoàn tất thẩm định” stores them.
    finalised = []
    with transaction.atomic():
        for card in cards:
            if card.agency in drafting or card.agency == submitted_agency:
                continue
            finalised.append(
                finalise_scorecard(
                    scorecard=card, by=reviewer, note="Đơn vị thực hiện tốt công tác dân vận."
                )
            )
    check = finalised[0]
    totals = scorecard_totals(check)
    assert (check.self_total, check.appraised_total) == (totals.self_total, totals.appraised_total)
    assert check.band_id is not None
    submitted = Scorecard.objects.get(movement=movement, agency=submitted_agency)
    return {
        "movement": movement,
        "leaves": leaves,
        "entries": len(entries),
        "finalised": finalised,
        "submitted": submitted,
        "reviewer": reviewer,
        "clerk_finalised": clerk_finalised,
        "clerk_draft": clerk_draft,
    }


if __name__ == "__main__":
    main()
