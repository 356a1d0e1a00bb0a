"""The live dossier from kept parts (issue 13): each document is rendered by WeasyPrint once for
what it shows and the dossier is assembled from them. Read back by poppler and pypdf, it is the
dossier WeasyPrint renders whole; a preview where nothing changed renders nothing; one nominee
edited renders that nominee's report alone. Renders are counted by portal.pdf's log line, one
per WeasyPrint rendering, and by the keys the cache holds."""

import io
import logging

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pypdf import PdfReader

from awards import services
from awards.dossier import Dossier, dossier_html
from awards.pdf import document_pdf, dossier_pdf
from portal.pdf import html_to_pdf, kept_pdf_key, render_html

from .factories import award_movement, complete_proposal
from .test_pdf import page_sizes, pdf_outline, pdftotext, poppler

pytestmark = pytest.mark.django_db


@pytest.fixture
def movement():
    return award_movement()


@pytest.fixture
def proposal(movement, agency_a, leader_a):
    return complete_proposal(movement, agency_a, leader_a, nominees=3)


@pytest.fixture
def renders(caplog):
    """The keys of the documents WeasyPrint renders from here on (the cache starts empty)."""
    cache.clear()
    caplog.set_level(logging.DEBUG, logger="portal.pdf")

    def rendered():
        keys = [r.args[0] for r in caplog.records if r.msg.startswith("PDF rendered")]
        caplog.clear()
        return keys

    return rendered


def part_keys(proposal):
    """The fingerprint of each document of the dossier as the data stands, in order."""
    return [
        kept_pdf_key(render_html(template, context))
        for template, context in Dossier(proposal).parts()
    ]


def outline(pdf: bytes) -> list:
    """(depth, title, page, left, top) of every bookmark, as pypdf reads them."""
    reader = PdfReader(io.BytesIO(pdf))

    def walk(items, depth):
        for item in items:
            if isinstance(item, list):
                yield from walk(item, depth + 1)
            else:
                page = reader.get_destination_page_number(item)
                yield depth, item.title, page, round(item.left, 2), round(item.top, 2)

    return list(walk(reader.outline, 0))


def test_the_assembled_dossier_reads_as_the_dossier_rendered_whole(proposal, renders, tmp_path):
    assembled = dossier_pdf(proposal)
    whole = html_to_pdf(dossier_html(proposal))
    # The same pages, the same words on them, page numbers included, laid out alike.
    assert pdftotext(assembled, tmp_path) == pdftotext(whole, tmp_path)
    assert pdftotext(assembled, tmp_path, layout=True) == pdftotext(whole, tmp_path, layout=True)
    assert page_sizes(assembled, tmp_path) == page_sizes(whole, tmp_path)
    # The same bookmarks, at the same places: one per document, the annex under its letter.
    assert outline(assembled) == outline(whole)
    assert pdf_outline(assembled, tmp_path) == pdf_outline(whole, tmp_path)
    assert len([depth for depth, *_ in outline(assembled) if depth == 0]) == 5 + 3
    info = poppler("pdfinfo", assembled, tmp_path)
    assert "Title:           Hồ sơ đề nghị khen thưởng – Sở Tư pháp – năm" in info
    assert info.split("Producer:")[1].split()[0] == "WeasyPrint"


def test_a_preview_where_nothing_changed_renders_nothing(proposal, renders):
    first = dossier_pdf(proposal)
    assert sorted(renders()) == sorted(set(part_keys(proposal)))
    assert len(cache.get_many(part_keys(proposal))) == 5 + 3  # every document kept

    assert dossier_pdf(proposal) == first
    assert renders() == []
    # A document downloaded alone is the one kept for the dossier.
    nominee = proposal.nominees.first()
    alone = document_pdf(proposal, f"thanh-tich-{nominee.pk}")
    assert renders() == []
    assert alone in cache.get_many(part_keys(proposal)).values()


def test_one_nominee_edited_renders_its_report_alone(proposal, leader_a, renders, tmp_path):
    dossier_pdf(proposal)
    before = part_keys(proposal)
    renders()
    nominee = proposal.nominees.order_by("pk").last()
    services.update_nominee(
        nominee=nominee, by=leader_a, results="Đã tiếp nhận 415 hồ sơ tại nhà, đúng hạn 100%."
    )

    pdf = dossier_pdf(proposal)
    after = part_keys(proposal)
    changed = [i for i, (old, new) in enumerate(zip(before, after, strict=True)) if old != new]
    assert len(changed) == 1  # the last achievement report, and nothing else
    mine = kept_pdf_key(render_html(*Dossier(proposal).part(f"thanh-tich-{nominee.pk}")))
    assert after[changed[0]] == mine
    assert renders() == [mine]
    assert len(cache.get_many(before + after)) == 5 + 3 + 1  # the old report stays kept
    assert "Đã tiếp nhận 415 hồ sơ tại nhà" in " ".join(pdftotext(pdf, tmp_path).split())
    assert pdftotext(pdf, tmp_path) == pdftotext(html_to_pdf(dossier_html(proposal)), tmp_path)


def test_the_preview_download_writes_nothing_and_renders_once(client, clerk_a, proposal, renders):
    client.force_login(clerk_a)
    url = reverse("awards:dossier", args=[proposal.movement_id])
    for rendered in (5 + 3, 0):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200 and response.content.startswith(b"%PDF")
        assert len(renders()) == rendered
        writes = [
            q["sql"] for q in queries if q["sql"].split()[0] in ("INSERT", "UPDATE", "DELETE")
        ]
        assert writes == []


def test_the_dossier_stored_at_submission_is_the_one_previewed(
    proposal, leader_a, renders, django_capture_on_commit_callbacks
):
    previewed = dossier_pdf(proposal)
    renders()
    with django_capture_on_commit_callbacks(execute=True):
        services.submit_proposal(proposal=proposal, by=leader_a)
    proposal.refresh_from_db()
    with proposal.dossier.open("rb") as stored:
        assert stored.read() == previewed
    assert renders() == []
