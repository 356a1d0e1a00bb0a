"""The public showcase: no login, the same page for everyone, cached per URL (caching.py).
Thin: what is public is decided in selectors.py; any query string gives a normal page."""

import csv
import json

from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse

from portal.coordinator import current_coordinator
from portal.paging import paginate

from . import selectors
from .caching import public_page
from .forms import ShowcaseFilterForm

PER_PAGE = 20
# Spreadsheets run a cell starting with these as a formula: open data must stay data.
FORMULA_STARTS = ("=", "+", "-", "@")


@public_page
def model_list(request):
    choices = selectors.filter_choices()
    form = ShowcaseFilterForm(request.GET, choices=choices)
    form.is_valid()
    notices = form.refused()
    query = form.value("q") or ""
    if len(query) > selectors.MAX_QUERY_LENGTH:
        notices.append(
            f"Nội dung tìm kiếm dài quá {selectors.MAX_QUERY_LENGTH} ký tự; chỉ tìm phần đầu."
        )
    rows = selectors.published()
    if form.value("linh_vuc"):
        rows = rows.filter(field_id=form.value("linh_vuc"))
    if form.value("don_vi"):
        rows = rows.filter(agency_id=form.value("don_vi"))
    if form.value("nam"):
        rows = rows.filter(recognised_on__year=form.value("nam"))
    if form.value("khen_thuong") == "co":
        rows = rows.filter(commended=True)
    elif form.value("khen_thuong") == "khong":
        rows = rows.filter(commended=False)
    found = selectors.search(rows, query)
    if selectors.search_words(query) and not found.exists():
        close = selectors.close_matches(rows, query)
        if close is not None and close.exists():
            found = close
            notices.append(
                "Không có mô hình chứa đủ các từ đã nhập; dưới đây là các mô hình gần giống nhất."
            )
    # Page links keep the search and filters (paging.Paged.kept_query).
    paged = paginate(request, found, PER_PAGE)
    if paged.notice:
        notices.append(paged.notice)
    return render(
        request,
        "showcase/list.html",
        {
            "form": form,
            "page": paged.page,
            "paged": paged,
            "notices": notices,
            "searched": bool(selectors.search_words(query)) or len(request.GET) > 0,
        },
    )


@public_page
def model_detail(request, pk):
    initiative = selectors.public_model(pk)
    return render(request, "showcase/detail.html", {"model": selectors.model_page(initiative)})


@public_page
def agency_detail(request, pk):
    agency = selectors.public_agency(pk)
    rows = selectors.published().filter(agency=agency)
    return render(request, "showcase/agency.html", {"agency": agency, "rows": rows})


# Open data: every published model, one row each.

HEADERS = (
    ("name", "Tên mô hình"),
    ("agency", "Cơ quan, đơn vị"),
    ("field", "Lĩnh vực"),
    ("carrier", "Tập thể / Cá nhân"),
    ("start_year", "Năm bắt đầu"),
    ("years", "Các năm đăng ký"),
    ("recognised_by", "Cơ quan công nhận"),
    ("recognised_number", "Số quyết định công nhận"),
    ("recognised_on", "Ngày công nhận"),
    ("commended", "Đã được khen thưởng"),
    ("url", "Địa chỉ trang"),
)


def _open_rows(request):
    rows = list(selectors.published())
    years = selectors.registered_years(rows)
    for row in rows:
        yield {
            "name": row.name,
            "agency": row.agency.name,
            "field": row.field.name,
            "carrier": row.get_carrier_display(),
            "start_year": row.start_year,
            "years": years.get(row.pk, []),
            "recognised_by": row.recognised_by,
            "recognised_number": row.recognised_number,
            "recognised_on": row.recognised_on,
            "commended": row.commended,
            "url": request.build_absolute_uri(reverse("showcase:detail", args=[row.pk])),
        }


def _cell(value):
    if isinstance(value, bool):
        return "Có" if value else "Không"
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    if hasattr(value, "strftime"):
        return value.strftime("%d/%m/%Y")
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


@public_page
def open_data_csv(request):
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="mo-hinh-tieu-bieu.csv"'
    response.write("\ufeff")  # Excel reads UTF-8 (the diacritics) only with a BOM
    writer = csv.writer(response)
    writer.writerow([label for _, label in HEADERS])
    for row in _open_rows(request):
        writer.writerow([_cell(row[key]) for key, _ in HEADERS])
    return response


@public_page
def open_data_json(request):
    rows = [
        {
            **row,
            "recognised_on": row["recognised_on"].isoformat() if row["recognised_on"] else None,
        }
        for row in _open_rows(request)
    ]
    payload = {
        "publisher": current_coordinator().name,
        "fields": {key: label for key, label in HEADERS},
        "models": rows,
    }
    return HttpResponse(
        json.dumps(payload, ensure_ascii=False, indent=1),
        content_type="application/json; charset=utf-8",
    )
