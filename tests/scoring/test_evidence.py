"""Evidence files: uploaded one by one as soon as they are chosen, and never lost because a value
elsewhere in the full form was refused."""

import io
import re
import zipfile

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from scoring import services
from scoring.models import Scorecard, ScoreEntry
from tests.factories import UserFactory

from .factories import full_answers, leaf

pytestmark = pytest.mark.django_db


@pytest.fixture
def c11(scoring_movement):
    return leaf(scoring_movement.scoring_settings.criteria_set, "1.1")


def page(movement):
    return reverse("scoring:scorecard", args=[movement.pk])


def upload_url(movement, criterion):
    return reverse("scoring:upload_evidence", args=[movement.pk, criterion.pk])


def pdf(name="ke-hoach.pdf", content=b"%PDF-1.4 ke hoach"):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def stored(agency, criterion):
    entry = ScoreEntry.objects.filter(scorecard__agency=agency, criterion=criterion).first()
    if entry is None or not entry.evidence_file:
        return None
    with entry.evidence_file.open("rb") as handle:
        return handle.read()


def shown_name(entry):
    return entry.evidence_file.name.rsplit("/", 1)[-1]


# The upload endpoint


def test_a_chosen_file_is_stored_at_once_and_its_line_redrawn(
    client, clerk_a, scoring_movement, agency_a, c11
):
    client.force_login(clerk_a)
    response = client.post(upload_url(scoring_movement, c11), {f"evidence_file-{c11.pk}": pdf()})
    assert response.status_code == 200
    assert stored(agency_a, c11) == b"%PDF-1.4 ke hoach"
    entry = ScoreEntry.objects.get(criterion=c11)
    text = response.content.decode()
    assert f'id="evidence-status-{c11.pk}"' in text
    assert f'Đã tải lên: <a href="{reverse("scoring:evidence", args=[entry.pk])}">' in text
    assert f">{shown_name(entry)}</a>" in text
    # The totals, the state and the missing list come along (the first upload started it).
    assert 'id="totals"' in text and 'id="missing-box"' in text and "Đang chấm" in text
    card = Scorecard.objects.get(agency=agency_a)
    assert card.history.earliest().history_change_reason == "Bắt đầu chấm điểm"
    # The file can be fetched by the agency.
    download = client.get(reverse("scoring:evidence", args=[entry.pk]))
    assert b"".join(download.streaming_content) == b"%PDF-1.4 ke hoach"


def test_the_leader_may_upload_too(client, leader_a, scoring_movement, agency_a, c11):
    client.force_login(leader_a)
    response = client.post(upload_url(scoring_movement, c11), {f"evidence_file-{c11.pk}": pdf()})
    assert response.status_code == 200
    assert stored(agency_a, c11)


@pytest.mark.parametrize(
    "name, size, message",
    [
        ("virus.exe", 2, "Tiêu chí 1.1: tệp minh chứng chỉ nhận PDF, DOCX, XLSX, JPG, PNG."),
        ("bien-ban.pdf", services.EVIDENCE_MAX_BYTES + 1, "tệp minh chứng không quá 10 MB"),
    ],
)
def test_a_wrong_file_gets_its_message_and_is_not_stored(
    client, clerk_a, scoring_movement, agency_a, c11, name, size, message
):
    client.force_login(clerk_a)
    response = client.post(
        upload_url(scoring_movement, c11), {f"evidence_file-{c11.pk}": pdf(name, b"x" * size)}
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert stored(agency_a, c11) is None


def test_a_refused_file_says_the_earlier_one_is_kept(
    client, clerk_a, scoring_movement, agency_a, c11
):
    client.force_login(clerk_a)
    url = upload_url(scoring_movement, c11)
    client.post(url, {f"evidence_file-{c11.pk}": pdf()})
    response = client.post(url, {f"evidence_file-{c11.pk}": pdf("virus.exe", b"MZ")})
    assert response.status_code == 400
    assert "Tệp đã nộp trước đó vẫn được giữ" in response.content.decode()
    assert stored(agency_a, c11) == b"%PDF-1.4 ke hoach"


def test_no_file_chosen_is_a_message_and_starts_nothing(client, clerk_a, scoring_movement, c11):
    client.force_login(clerk_a)
    response = client.post(upload_url(scoring_movement, c11), {})
    assert response.status_code == 400
    assert "Tiêu chí 1.1: chưa chọn tệp minh chứng." in response.content.decode()
    assert not Scorecard.objects.exists()


def test_no_upload_once_the_scorecard_is_sent(
    client, clerk_a, leader_a, scoring_movement, agency_a, c11
):
    card = services.start_scorecard(movement=scoring_movement, agency=agency_a, by=clerk_a)
    services.save_self_scores(scorecard=card, by=clerk_a, answers=full_answers(card.criteria_set))
    services.submit_scorecard(scorecard=card, by=leader_a)
    client.force_login(clerk_a)
    response = client.post(upload_url(scoring_movement, c11), {f"evidence_file-{c11.pk}": pdf()})
    assert response.status_code == 400
    assert "không thể sửa" in response.content.decode()
    assert stored(agency_a, c11) is None


def test_a_criterion_of_another_sheet_or_a_group_is_404(client, clerk_a, scoring_movement):
    other = leaf(
        services.copy_criteria_set(criteria_set=scoring_movement.scoring_settings.criteria_set),
        "1.1",
    )
    group = leaf(scoring_movement.scoring_settings.criteria_set, "1")
    client.force_login(clerk_a)
    for criterion in (other, group):
        response = client.post(
            upload_url(scoring_movement, criterion), {f"evidence_file-{criterion.pk}": pdf()}
        )
        assert response.status_code == 404
    assert not Scorecard.objects.exists() and not ScoreEntry.objects.exists()


def test_uploads_are_refused_to_outsiders(
    client, scoring_movement, agency_a, reviewer, c11, django_user_model
):
    url = upload_url(scoring_movement, c11)
    data = lambda: {f"evidence_file-{c11.pk}": pdf()}  # noqa: E731  (a fresh file per post)
    response = client.post(url, data())
    assert response.status_code == 302 and "/dang-nhap/" in response.url  # anonymous
    viewer = UserFactory(agency=agency_a)  # of the agency, may view but not score
    viewer.user_permissions.add(Permission.objects.get(codename="view_scorecard"))
    for user in (viewer, reviewer):
        client.force_login(user)
        assert client.post(url, data()).status_code == 403
    client.force_login(django_user_model.objects.create_user("khong-co-don-vi", password="x"))
    assert client.post(url, data()).status_code == 403
    client.force_login(UserFactory(agency=agency_a))
    assert client.get(url).status_code == 405
    assert not Scorecard.objects.exists() and not ScoreEntry.objects.exists()


def test_another_agencys_clerk_only_ever_reaches_their_own_scorecard(
    client, clerk_a, clerk_b, scoring_movement, agency_a, agency_b, c11
):
    client.force_login(clerk_a)
    client.post(upload_url(scoring_movement, c11), {f"evidence_file-{c11.pk}": pdf()})
    client.force_login(clerk_b)
    response = client.post(
        upload_url(scoring_movement, c11),
        {f"evidence_file-{c11.pk}": pdf("cua-b.pdf", b"%PDF-1.4 B")},
    )
    assert response.status_code == 200
    assert stored(agency_a, c11) == b"%PDF-1.4 ke hoach"
    assert stored(agency_b, c11) == b"%PDF-1.4 B"
    entry_a = ScoreEntry.objects.get(scorecard__agency=agency_a)
    assert client.get(reverse("scoring:evidence", args=[entry_a.pk])).status_code == 404


# The full form, with or without JavaScript


def post_form(client, movement, answers, files=None):
    data = {}
    for criterion_id, answer in answers.items():
        data[f"points-{criterion_id}"] = answer["points"]
        data[f"explanation-{criterion_id}"] = answer.get("explanation", "")
        data[f"evidence_note-{criterion_id}"] = answer.get("evidence_note", "")
    data.update(files or {})
    return client.post(page(movement), data)


def test_a_bad_value_elsewhere_never_drops_a_chosen_file(
    client, clerk_a, scoring_movement, agency_a, c11
):
    sheet = scoring_movement.scoring_settings.criteria_set
    c21 = leaf(sheet, "2.1")
    client.force_login(clerk_a)
    response = post_form(
        client,
        scoring_movement,
        full_answers(sheet, **{"2_1": "12"}),
        {f"evidence_file-{c11.pk}": pdf()},
    )
    text = response.content.decode()
    assert response.status_code == 200
    # The file is stored and the page says so, next to its input and above the form.
    assert stored(agency_a, c11) == b"%PDF-1.4 ke hoach"
    entry = ScoreEntry.objects.get(criterion=c11)
    assert "Đã tải lên tệp minh chứng (không cần chọn lại): 1.1 – ke-hoach.pdf." in text
    status = re.search(rf'id="evidence-status-{c11.pk}".*?</span>', text, re.S).group()
    assert f'Đã tải lên: <a href="{reverse("scoring:evidence", args=[entry.pk])}">' in status
    # The bad value is shown again with its message; no points were saved.
    assert "Chưa lưu được, vui lòng sửa:" in text
    assert "Tiêu chí 2.1: điểm phải từ 0 đến 8" in text
    field = re.search(rf'<input[^>]*name="points-{c21.pk}"[^>]*>', text, re.S).group()
    assert 'value="12"' in field
    assert entry.self_points is None
    assert not ScoreEntry.objects.filter(self_points__isnull=False).exists()


def test_a_refused_file_does_not_stop_the_points(client, clerk_a, scoring_movement, agency_a, c11):
    sheet = scoring_movement.scoring_settings.criteria_set
    c12b = leaf(sheet, "1.2.b")
    client.force_login(clerk_a)
    response = post_form(
        client,
        scoring_movement,
        full_answers(sheet),
        {f"evidence_file-{c11.pk}": pdf("virus.exe", b"MZ"), f"evidence_file-{c12b.pk}": pdf()},
    )
    text = response.content.decode()
    assert response.status_code == 200
    assert "Đã lưu điểm và giải trình. Chưa lưu được tệp minh chứng sau" in text
    assert "Tiêu chí 1.1: tệp minh chứng chỉ nhận PDF" in text
    assert "1.2.b – ke-hoach.pdf" in text
    assert ScoreEntry.objects.filter(self_points__isnull=False).count() == 6
    assert stored(agency_a, c11) is None
    assert stored(agency_a, c12b) == b"%PDF-1.4 ke hoach"


def test_a_full_save_with_files_says_which_were_uploaded(
    client, clerk_a, scoring_movement, agency_a, c11
):
    client.force_login(clerk_a)
    response = post_form(
        client,
        scoring_movement,
        full_answers(scoring_movement.scoring_settings.criteria_set),
        {f"evidence_file-{c11.pk}": pdf()},
    )
    assert response.status_code == 302
    text = client.get(response.url).content.decode()
    assert "Đã lưu bản chấm điểm. Đã tải lên tệp minh chứng: 1.1 – ke-hoach.pdf." in text
    assert "Tệp đã nộp: <a href=" in text
    assert stored(agency_a, c11) == b"%PDF-1.4 ke hoach"


def test_a_sent_scorecard_takes_no_file_from_the_form_either(
    client, clerk_a, leader_a, scoring_movement, agency_a, c11
):
    card = services.start_scorecard(movement=scoring_movement, agency=agency_a, by=clerk_a)
    services.save_self_scores(scorecard=card, by=clerk_a, answers=full_answers(card.criteria_set))
    services.submit_scorecard(scorecard=card, by=leader_a)
    client.force_login(clerk_a)
    response = post_form(
        client,
        scoring_movement,
        full_answers(card.criteria_set, **{"1_1": "0"}),
        {f"evidence_file-{c11.pk}": pdf()},
    )
    text = response.content.decode()
    assert text.count("không thể sửa") == 1  # one refusal, said once
    assert stored(agency_a, c11) is None
    assert ScoreEntry.objects.get(criterion=c11).self_points == 4


def test_the_sheet_loads_its_script_and_has_no_inline_code(client, clerk_a, scoring_movement, c11):
    client.force_login(clerk_a)
    text = client.get(page(scoring_movement)).content.decode()
    assert '<script src="/static/js/scorecard.js" defer></script>' in text
    assert all("src=" in tag for tag in re.findall(r"<script[^>]*>", text))
    assert not re.search(r"\son[a-z]+=", text)  # no inline event handlers (CSP)
    assert f'data-upload-url="{upload_url(scoring_movement, c11)}"' in text
    assert f'id="evidence-progress-{c11.pk}"' in text


def _office(part):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(part, "<x/>")
    return buffer.getvalue()


@pytest.mark.parametrize(
    "name, content",
    [
        ("bien-ban.pdf", b"%PDF-1.7 bien ban"),
        ("anh.jpg", b"\xff\xd8\xff\xe0 anh"),
        ("anh.PNG", b"\x89PNG\r\n\x1a\n anh"),
        ("bao-cao.docx", _office("word/document.xml")),
        ("so-lieu.xlsx", _office("xl/workbook.xml")),
    ],
)
def test_files_whose_content_matches_their_name_are_accepted(name, content, scoring_movement):
    criterion = leaf(scoring_movement.scoring_settings.criteria_set, "1.1")
    services.check_evidence_file(SimpleUploadedFile(name, content), criterion)


@pytest.mark.parametrize(
    "name, content",
    [
        ("bien-ban.pdf", b"<html><script>alert(1)</script></html>"),
        ("bien-ban.pdf", b"MZ\x90\x00 program"),
        ("bao-cao.docx", b"<html>not a document</html>"),
        ("bao-cao.docx", _office("xl/workbook.xml")),  # a workbook renamed .docx
        ("anh.png", b"GIF89a"),
    ],
)
def test_html_or_a_program_renamed_is_refused_by_its_content(
    name, content, client, clerk_a, scoring_movement, agency_a
):
    criterion = leaf(scoring_movement.scoring_settings.criteria_set, "1.1")
    client.force_login(clerk_a)
    response = client.post(
        upload_url(scoring_movement, criterion),
        {f"evidence_file-{criterion.pk}": SimpleUploadedFile(name, content)},
    )
    assert response.status_code == 400
    assert "không phải là" in response.content.decode()
    assert not ScoreEntry.objects.filter(evidence_file__gt="").exists()
