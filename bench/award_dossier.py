"""Times the award dossier PDF of one agency with 15 nominees and prints the figures.

    .venv/bin/python bench/award_dossier.py [--nominees 15] [--runs 5] [--profile]

Builds a throw-away SQLite database (or uses DATABASE_URL if given) with one agency whose 15
accepted registrations (collectives and individuals) are nominated in one proposal, with the
meeting, the letter, the year's report and an achievement report per nominee written out at
realistic length (a few paragraphs each), and a finalised 40-criterion scorecard (8 groups × 5
criteria). Then it times, as the median of several runs, the live dossier through
awards.pdf.dossier_pdf — what the preview/download of a draft does — which renders each
document once for what it shows, keeps it in the cache and assembles the dossier (issue 13):

  (a) cold: nothing kept (the cache emptied first): every document rendered, then assembled;
  (w) warm: a preview where nothing changed — target ≤ 0.3 s;
  (o) one nominee changed (a new text each run): that report rendered, then assembled;
  (b) for reference, WeasyPrint on the whole dossier's HTML in one pass (the former live path);
  (c) of (w): the queries and templates of every document; (f) assembling the kept PDFs alone.

Each line counts the WeasyPrint renderings it did (portal.pdf logs one line per rendering).
``--profile`` prints where (a) spends its time.

Then each document's DOCX copy beside its PDF (issue 11), “PDF x ms | DOCX y ms” per document
and for the whole dossier: both from the same rendered HTML, so the difference is WeasyPrint
against portal.docx.
"""

import argparse
import logging
import statistics
import time

from criteria_sheet import GROUPS, LEAVES_PER_GROUP, build_sheet
from movement_setup import create_movement
from setup_django import setup_django

TARGET_SECONDS = 1.5
TARGET_WARM_SECONDS = 0.3


class RenderCounter(logging.Handler):
    """Counts portal.pdf's “PDF rendered” lines: WeasyPrint renderings, as they happen."""

    def __init__(self):
        super().__init__(logging.DEBUG)
        self.count = 0

    def emit(self, record):
        self.count += record.getMessage().startswith("PDF rendered")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--nominees", type=int, default=15)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()

    setup_django()
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from awards.dossier import Dossier, dossier_html
    from awards.models import Nominee
    from awards.pdf import dossier_pdf
    from portal.pdf import assemble_pdf, html_to_document, html_to_pdf, kept_pdfs, render_html

    counter = RenderCounter()
    pdf_log = logging.getLogger("portal.pdf")
    pdf_log.addHandler(counter)
    pdf_log.setLevel(logging.DEBUG)
    pdf_log.propagate = False  # counted, not printed

    started = time.perf_counter()
    proposal = build(args.nominees)
    built_in = time.perf_counter() - started
    changing = Nominee.objects.filter(proposal=proposal).order_by("position").last()

    # The first rendering loads the fonts into Fontconfig once per process; not timed.
    html = dossier_html(proposal)
    document = html_to_document(html)
    pdf = document.write_pdf()
    print(
        f"Dossier: 1 agency, {args.nominees} nominees, {GROUPS * LEAVES_PER_GROUP}-criterion "
        f"finalised scorecard ({connection.vendor}); built in {built_in:.1f} s; "
        f"{len(document.pages)} pages, {len(html) // 1024} KB of HTML, {len(pdf) // 1024} KB of PDF"
    )

    def cold():
        cache.clear()
        return dossier_pdf(proposal)

    edits = iter(range(1_000_000))

    def one_changed():
        Nominee.objects.filter(pk=changing.pk).update(
            results=f"Đã tiếp nhận {next(edits) + 400} hồ sơ tại nhà, 100% đúng hạn."
        )
        return dossier_pdf(proposal)

    def markup():
        dossier = Dossier(proposal)
        return [render_html(template, context) for template, context in dossier.parts()]

    cold()
    with CaptureQueriesContext(connection) as queries:
        dossier_pdf(proposal)
    kept = kept_pdfs(markup())
    assembled = assemble_pdf(kept, title=Dossier(proposal).title)
    # Interleaved, so a busy machine weighs on every figure alike.
    steps = {
        "cold": cold,
        "warm": lambda: dossier_pdf(proposal),
        "changed": one_changed,
        "whole": lambda: html_to_pdf(html),
        "markup": markup,
        "assembly": lambda: assemble_pdf(kept, title="Hồ sơ"),
    }
    runs = {key: [] for key in steps}
    renders = {key: 0 for key in steps}
    for _ in range(args.runs):
        for key, fn in steps.items():
            before = counter.count
            start = time.perf_counter()
            fn()
            runs[key].append(time.perf_counter() - start)
            renders[key] += counter.count - before
    median = {key: statistics.median(times) for key, times in runs.items()}
    lines = [
        ("cold", "(a) cold: every document rendered + assembly"),
        ("warm", "(w) warm: a preview where nothing changed"),
        ("changed", "(o) one nominee changed: 1 render + assembly"),
        ("whole", "(b) WeasyPrint on the whole HTML in one pass"),
        ("markup", "(c) of (w): queries + templates, every part"),
        ("assembly", "(f) assembling the kept PDFs alone (pypdf)"),
    ]
    for key, label in lines:
        per_run = renders[key] / args.runs
        print(
            f"{label:<48} median {median[key] * 1000:7.1f} ms  (min {min(runs[key]) * 1000:6.1f})"
            + (f"  {per_run:4.1f} renders/run" if key in ("cold", "warm", "changed") else "")
        )
    print(
        f"{'':<48} {len(queries):3d} queries; {len(kept)} documents, "
        f"{sum(map(len, kept)) // 1024} KB kept; assembled {len(assembled) // 1024} KB"
    )
    warm_ok = median["warm"] <= TARGET_WARM_SECONDS and renders["warm"] == 0
    changed_ok = renders["changed"] == args.runs
    print(
        f"target (w) ≤ {TARGET_WARM_SECONDS} s, rendering nothing: {'PASS' if warm_ok else 'FAIL'}; "
        f"(o) one render each: {'PASS' if changed_ok else 'FAIL'}; "
        f"(a) under {TARGET_SECONDS} s: {'PASS' if median['cold'] < TARGET_SECONDS else 'FAIL'} "
        f"({median['cold'] / median['whole']:.2f} × (b))"
    )

    # What a leader or reviewer downloads once the dossier is sent: the file stored at submission.
    from awards.models import ProposalState
    from awards.storage import dossier_for_download, store_dossier

    proposal.state = ProposalState.SUBMITTED
    proposal.save(update_fields=["state"])
    start = time.perf_counter()
    store_dossier(proposal)
    stored_in = time.perf_counter() - start
    proposal.refresh_from_db()
    downloads = []
    for _ in range(args.runs):
        start = time.perf_counter()
        assert dossier_for_download(proposal).startswith(b"%PDF")
        downloads.append(time.perf_counter() - start)
    download = statistics.median(downloads)
    print(f"{'(d) storing it at submission (as previewed)':<48} {stored_in * 1000:14.1f} ms")
    print(
        f"{'(e) download of the submitted dossier':<48} median {download * 1000:7.1f} ms"
        f"  (min {min(downloads) * 1000:6.1f})"
    )
    print(
        f"target for the submitted dossier's download under {TARGET_SECONDS} s: "
        f"{'PASS' if download < TARGET_SECONDS else 'FAIL'}"
    )

    print_docx_beside_pdf(proposal, args.runs)

    if args.profile:
        import cProfile
        import pstats

        profiler = cProfile.Profile()
        profiler.enable()
        cold()
        profiler.disable()
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(30)


def print_docx_beside_pdf(proposal, runs):
    """Median PDF and DOCX times of every document of the dossier, each from its template."""
    from awards.docx import dossier_docx
    from awards.dossier import Dossier, dossier_html
    from portal.docx import render_docx
    from portal.pdf import html_to_pdf, render_pdf

    def median_ms(fn):
        times = []
        for _ in range(runs):
            start = time.perf_counter()
            fn()
            times.append(time.perf_counter() - start)
        return statistics.median(times) * 1000

    print("\nDOCX copies beside the PDFs (median; each includes its template rendering):")
    for template, context in Dossier(proposal).parts():
        label = context.get("bookmark") or context.get("doc_type", template)
        pdf = median_ms(lambda t=template, c=context: render_pdf(t, c))
        docx = median_ms(lambda t=template, c=context: render_docx(t, c))
        print(f"  {label[:58]:<58} PDF {pdf:7.1f} ms | DOCX {docx:7.1f} ms")
    # The PDF rendered whole, not from kept parts: like for like with the DOCX.
    pdf = median_ms(lambda: html_to_pdf(dossier_html(proposal)))
    docx = median_ms(lambda: dossier_docx(proposal))
    print(
        f"  {'Whole dossier (queries + templates + file)':<58} PDF {pdf:7.1f} ms | DOCX {docx:7.1f} ms"
    )


# Realistic text: what agencies actually write, a few paragraphs each.

REPORT = {
    "report_results": (
        "Năm {year}, Sở đã ban hành Kế hoạch thực hiện công tác dân vận chính quyền và phong trào "
        "thi đua “Dân vận khéo”, phân công cụ thể cho từng phòng, đơn vị trực thuộc; 100% cán bộ, "
        "công chức, viên chức được quán triệt nội dung kế hoạch và ký cam kết thực hiện.\n"
        "Toàn ngành đăng ký 15 mô hình “Dân vận khéo” (06 tập thể, 09 cá nhân), tập trung vào cải "
        "cách hành chính, trợ giúp pháp lý, hòa giải ở cơ sở và phổ biến, giáo dục pháp luật. Đến "
        "cuối năm, 15/15 mô hình hoàn thành mục tiêu đề ra, trong đó 09 mô hình vượt chỉ tiêu.\n"
        "Bộ phận một cửa tiếp nhận 12.486 hồ sơ, giải quyết đúng hạn 99,8%; tổ chức 04 cuộc đối "
        "thoại với Nhân dân và doanh nghiệp, tiếp nhận và trả lời 57 ý kiến, kiến nghị; không để "
        "xảy ra khiếu nại đông người, vượt cấp.\n"
        "Công tác phối hợp với Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh và các tổ chức chính trị - xã "
        "hội được duy trì thường xuyên, góp phần giữ vững ổn định chính trị, trật tự an toàn xã "
        "hội trên địa bàn."
    ),
    "report_limitations": (
        "Một số mô hình còn mang tính hình thức, chưa có số liệu đo lường kết quả cụ thể; việc "
        "tuyên truyền, nhân rộng mô hình hay ở một số đơn vị chưa thường xuyên.\n"
        "Nguyên nhân: một bộ phận cán bộ chưa nhận thức đầy đủ vai trò của công tác dân vận chính "
        "quyền; kinh phí dành cho hoạt động còn hạn chế; khối lượng công việc chuyên môn lớn."
    ),
    "report_lessons": (
        "Sự lãnh đạo, chỉ đạo sát sao của cấp ủy, người đứng đầu là yếu tố quyết định; mô hình "
        "phải xuất phát từ nhu cầu thực tế của người dân, có mục tiêu và sản phẩm đo lường được.\n"
        "Phát huy vai trò nêu gương của cán bộ, đảng viên; gắn thực hiện mô hình với nhiệm vụ "
        "chuyên môn, tránh hình thức, phô trương."
    ),
    "report_proposals": (
        "Đề nghị Ủy ban nhân dân tỉnh tiếp tục quan tâm bố trí kinh phí cho phong trào; cơ quan thường trực "
        "tổ chức tập huấn, trao đổi kinh nghiệm xây dựng mô hình giữa các sở, ngành.\n"
        "Đề nghị xem xét khen thưởng kịp thời các tập thể, cá nhân có mô hình tiêu biểu để động "
        "viên, khích lệ phong trào."
    ),
}


def achievement(i):
    return {
        "summary": (
            f"Mô hình số {i} được triển khai từ tháng 3 năm 2025 nhằm giải quyết tình trạng người "
            "dân phải đi lại nhiều lần để hoàn thiện hồ sơ, đặc biệt là người cao tuổi, người "
            "khuyết tật và người dân ở vùng sâu, vùng xa.\n"
            "Mô hình lấy sự hài lòng của người dân làm thước đo, kết hợp tiếp nhận hồ sơ tại nhà, "
            "hướng dẫn qua điện thoại và trả kết quả qua dịch vụ bưu chính công ích."
        ),
        "actions": (
            "Thành lập tổ công tác gồm 05 công chức có kinh nghiệm, xây dựng lịch trực và quy "
            "trình tiếp nhận, luân chuyển hồ sơ rõ ràng, công khai số điện thoại đường dây nóng.\n"
            "Phối hợp với Ủy ban nhân dân các xã, phường lập danh sách người cao tuổi, người khuyết "
            "tật có nhu cầu; tổ chức 24 đợt tiếp nhận hồ sơ lưu động tại nhà văn hóa ấp, khóm.\n"
            "Ứng dụng phần mềm theo dõi hồ sơ, nhắn tin thông báo tiến độ giải quyết đến người dân; "
            "định kỳ hằng tháng rà soát, rút kinh nghiệm và điều chỉnh cách làm."
        ),
        "results": (
            f"Sau 9 tháng, tổ công tác đã tiếp nhận {300 + i * 7} hồ sơ tại nhà, 100% được giải "
            "quyết đúng hạn, trong đó 86% trước hạn; tiết kiệm cho người dân khoảng 1.200 lượt đi "
            "lại và 180 triệu đồng chi phí.\n"
            "Tỷ lệ hài lòng của người dân qua khảo sát đạt 98,6%; không có phản ánh, kiến nghị "
            "về thái độ phục vụ của công chức."
        ),
        "effectiveness": (
            "Mô hình góp phần nâng cao chỉ số hài lòng về sự phục vụ hành chính (SIPAS) của đơn vị, "
            "củng cố niềm tin của Nhân dân đối với chính quyền.\n"
            "Nhiều địa phương đã đến học tập kinh nghiệm; báo, đài của tỉnh đưa tin 06 lần."
        ),
        "replicability": (
            "Cách làm đơn giản, chi phí thấp, có thể nhân rộng ra các đơn vị có bộ phận một cửa "
            "trên địa bàn tỉnh mà không cần đầu tư thêm trang thiết bị."
        ),
    }


def build(n_nominees):
    from datetime import date, timedelta
    from datetime import time as clock_time
    from decimal import Decimal

    from bulk import bulk_registrations
    from django.db import transaction
    from django.utils import timezone

    from awards.models import AwardKind, AwardProposal, Nominee
    from movements.models import Field, MovementStatus
    from portal.models import Agency, AgencyKind, User
    from registrations.models import Carrier, Registration, State
    from scoring.models import (
        CriterionKind,
        Scorecard,
        ScorecardState,
        ScoreEntry,
    )
    from scoring.services import finalise_scorecard

    sheet, leaves, scheme, bands = build_sheet()

    now = timezone.now()
    kind = AwardKind.objects.order_by("order").first()
    movement = create_movement(
        title="Phong trào thi đua thực hiện công tác Dân vận chính quyền và mô hình “Dân vận "
        "khéo” năm 2025 trên địa bàn tỉnh Vĩnh Long",
        province="Vĩnh Long",
        year=2025,
        document_number="553/QĐ-UBND",
        document_date=date(2025, 4, 2),
        document_issuer="Chủ tịch Ủy ban nhân dân tỉnh Vĩnh Long",
        registration_opens_at=now - timedelta(days=300),
        registration_closes_at=now - timedelta(days=200),
        award_closes_at=now + timedelta(days=20),
        status=MovementStatus.OPEN,
        scoring={"criteria_set": sheet, "band_scheme": scheme},
        awards={"award_kind": kind, "max_nominees": n_nominees},
    )
    parent = Agency.objects.create(
        code="UBND-VL", name="Ủy ban nhân dân tỉnh Vĩnh Long", kind=AgencyKind.objects.first()
    )
    agency = Agency.objects.create(
        code="STP", name="Sở Tư pháp", kind=AgencyKind.objects.first(), parent=parent
    )
    clerk = User.objects.create_user("bench.canbo", password=None, agency=agency)
    reviewer = User.objects.create_user("bench.snv", password=None, is_staff=True)
    field = Field.objects.order_by("order").first() or Field.objects.create(
        code="kinh-te", name="Kinh tế"
    )

    registrations = bulk_registrations(
        Registration(
            movement=movement,
            agency=agency,
            carrier=Carrier.COLLECTIVE if i % 5 < 2 else Carrier.INDIVIDUAL,
            name=f"Mô hình “Một cửa thân thiện – phục vụ tận nhà” số {i}",
            collective_name=f"Phòng Hành chính tư pháp số {i}",
            person_name=f"Nguyễn Thị Thu Hương {i}",
            person_position="Chuyên viên chính",
            person_workplace=f"Phòng Bổ trợ tư pháp số {i}, Sở Tư pháp",
            field=field,
            content="Tiếp nhận hồ sơ tại nhà.",
            replicability="Nhân rộng ra toàn tỉnh.",
            state=State.ACCEPTED,
            created_by=clerk,
        )
        for i in range(1, n_nominees + 1)
    )
    proposal = AwardProposal.objects.create(
        movement=movement,
        agency=agency,
        award_kind=kind,
        meeting_date=date(2025, 12, 5),
        meeting_place="Hội trường Sở Tư pháp, số 4 đường Hoàng Thái Hiếu, phường 1",
        meeting_chair="Nguyễn Văn Minh, Giám đốc Sở",
        meeting_secretary="Trần Thị Lan, Chánh Văn phòng Sở",
        members_total=11,
        members_present=10,
        meeting_started_at=clock_time(14, 0),
        meeting_ended_at=clock_time(16, 30),
        members_attending="\n".join(f"Thành viên số {n}, Trưởng phòng" for n in range(1, 11)),
        members_absent="Thành viên số 11, Phó Giám đốc, đi công tác",
        ballots_issued=10,
        ballots_returned=10,
        ballots_valid=10,
        letter_number="5",
        letter_symbol="TTr-STP",
        letter_date=date(2025, 12, 10),
        letter_recipients="Ủy ban nhân dân tỉnh (qua cơ quan thường trực)",
        signer_authority="KT. GIÁM ĐỐC",
        signer_title="PHÓ GIÁM ĐỐC",
        signer_name="Lê Thị Hồng",
        **{name: text.format(year=2025) for name, text in REPORT.items()},
    )
    Nominee.objects.bulk_create(
        Nominee(
            proposal=proposal,
            registration=registration,
            position=i,
            votes_in_favour=6 + i % 5,
            **achievement(i),
            situation="Phòng có 12 công chức, tiếp nhận hồ sơ hành chính tư pháp.",
            birth_date=date(1980, 1, 1) + timedelta(days=97 * i),
            gender="nu" if i % 2 else "nam",
            hometown="Xã Phú Quới, tỉnh Vĩnh Long",
            residence="Phường Long Châu, tỉnh Vĩnh Long",
            qualification="Cử nhân Luật",
            duties="Tiếp nhận, trả kết quả hồ sơ tư pháp cho người dân.",
            earlier_awards="2024; Giấy khen của Giám đốc Sở Tư pháp; Quyết định số 12/QĐ-STP",
        )
        for i, registration in enumerate(registrations, start=1)
    )

    card = Scorecard.objects.create(
        movement=movement,
        agency=agency,
        criteria_set=sheet,
        state=ScorecardState.SUBMITTED,
        submitted_at=now,
        submitted_by=clerk,
    )
    ScoreEntry.objects.bulk_create(
        ScoreEntry(
            scorecard=card,
            criterion=leaf,
            self_points=(Decimal("0") if leaf.kind == CriterionKind.DEDUCTION else leaf.max_points),
            appraised_points=(
                leaf.max_points - Decimal("0.5")
                if leaf.kind == CriterionKind.ORDINARY and n % 7 == 0
                else None
            ),
            appraisal_note="Minh chứng chưa đầy đủ."
            if leaf.kind == CriterionKind.ORDINARY and n % 7 == 0
            else "",
            explanation="Đã thực hiện.",
        )
        for n, leaf in enumerate(leaves)
    )
    with transaction.atomic():
        finalise_scorecard(scorecard=card, by=reviewer, note="Đơn vị thực hiện tốt.")
    return proposal


if __name__ == "__main__":
    main()
