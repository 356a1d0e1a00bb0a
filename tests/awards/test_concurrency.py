"""Storing the sent dossier takes 1–2 s of rendering; no other writer may wait behind it.

On SQLite (tests/settings.py: a file database, IMMEDIATE transactions) a transaction that
renders while holding its write lock makes every other writer of the province wait, so these
threads race on real connections there; on PostgreSQL they show the same order.
"""

import threading

import pytest
from django.db import connections

from awards import pdf, services
from awards.models import AwardProposal, ProposalState

from .factories import award_movement, complete_proposal

WAIT_SECONDS = 15  # well below SQLite's 20 s busy timeout, so a held lock shows as an order


@pytest.mark.django_db(transaction=True)
def test_another_agency_saves_while_the_submitted_dossier_is_still_rendering(
    monkeypatch, agency_a, agency_b, leader_a, clerk_b
):
    movement = award_movement()
    sent = complete_proposal(movement, agency_a, leader_a)
    other = services.start_proposal(movement=movement, agency=agency_b, by=clerk_b)
    events = []
    rendering, release = threading.Event(), threading.Event()
    real_render = pdf.dossier_pdf

    def render_when_released(proposal, request=None):
        # The real renderer, held until the other agency's save is through (store_dossier
        # looks dossier_pdf up when it runs).
        events.append("render started")
        rendering.set()
        release.wait(WAIT_SECONDS)
        content = real_render(proposal, request=request)
        events.append("render finished")
        return content

    monkeypatch.setattr(pdf, "dossier_pdf", render_when_released)
    failures = []

    def leader_submits():
        try:
            services.submit_proposal(proposal=sent, by=leader_a)
            events.append("submission returned")
        except Exception as error:  # reported below, not lost in the thread
            failures.append(repr(error))
        finally:
            connections.close_all()

    def other_clerk_saves():
        try:
            assert rendering.wait(WAIT_SECONDS), "the dossier never started rendering"
            services.update_proposal(proposal=other, by=clerk_b, report_results="Số liệu mới")
            events.append("other agency saved")
        except Exception as error:
            failures.append(repr(error))
        finally:
            release.set()
            connections.close_all()

    leader = threading.Thread(target=leader_submits)
    clerk = threading.Thread(target=other_clerk_saves)
    leader.start()
    clerk.start()
    clerk.join(WAIT_SECONDS + 5)
    release.set()  # a clerk stuck behind a lock must not hold the render forever
    leader.join(WAIT_SECONDS + 30)
    clerk.join(WAIT_SECONDS + 30)

    assert failures == []
    assert events == [
        "render started",
        "other agency saved",
        "render finished",
        "submission returned",
    ]
    sent.refresh_from_db()
    assert sent.state == ProposalState.SUBMITTED
    assert sent.dossier.name.endswith(".pdf")
    with sent.dossier.open("rb") as handle:
        assert handle.read().startswith(b"%PDF")
    assert AwardProposal.objects.get(pk=other.pk).report_results == "Số liệu mới"
