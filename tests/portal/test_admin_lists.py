"""The admin's lists, drawn cheaply: the row checkbox, the registration table and the sidebar
written in Python are exactly what Django's templates write, and the list counts once."""

from html import unescape

import pytest
from django import forms
from django.contrib import admin
from django.contrib.admin import AdminSite, ModelAdmin
from django.contrib.admin.templatetags.admin_list import admin_list_filter, result_list
from django.db import connection
from django.template.loader import get_template
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from portal.admin_lists import FastHiddenInput, FastSelect
from portal.admin_site import PortalAdminSite
from registrations import services
from registrations.models import Carrier, Registration
from tests.factories import (
    AgencyKindFactory,
    FieldFactory,
    MovementFactory,
    RegistrationFactory,
)

pytestmark = pytest.mark.django_db

URL = "/admin/registrations/registration/"


def test_the_row_checkbox_is_djangos_own(client, reviewer):
    registration = RegistrationFactory(name="Mô hình <b>“Dân vận khéo”</b> & bạn")
    model_admin = admin.site._registry[Registration]
    with translation.override("vi"):
        ours = model_admin.action_checkbox(registration)
        djangos = ModelAdmin.action_checkbox(model_admin, registration)
    assert ours == djangos
    assert 'class="action-select"' in ours and "&lt;b&gt;" in ours
    client.force_login(reviewer)
    page = client.get("/admin/registrations/registration/").content.decode()
    assert f'name="_selected_action" value="{registration.pk}"' in page
    assert 'id="action-toggle"' in page


def _djangos_table(response):
    """The list's table as Django's own result_list tag and template write it."""
    with translation.override("vi"):
        return get_template("admin/change_list_results.html").render(
            result_list(response.context["cl"])
        )


@pytest.fixture
def varied_rows(movement, agency_a, agency_b, leader_a, reviewer, field):
    """Rows that exercise each column: markup in a name, both carriers, sent and draft (no
    sending time), two agencies."""
    sent = RegistrationFactory(
        movement=movement, agency=agency_a, field=field, name="Mô hình <b>“A”</b> & 'B'"
    )
    services.submit_registration(registration=sent, by=leader_a)
    person = RegistrationFactory(
        movement=movement,
        agency=agency_b,
        field=field,
        carrier=Carrier.INDIVIDUAL,
        collective_name="",
        person_name="Phạm Thị Dung",
        person_position="Chuyên viên",
        person_workplace="Văn phòng Sở",
    )
    services.submit_registration(registration=person, by=reviewer)
    draft = RegistrationFactory(movement=movement, agency=agency_a, field=field, name="Bản nháp")
    return sent, person, draft


@pytest.mark.parametrize(
    "query",
    [
        "",
        "?state__exact=submitted&movement__id__exact={movement}",
        "?o=-2.5&carrier__exact=collective",
        "?o=3.-1.5&_facets=True",
        "?q=M%C3%B4+h%C3%ACnh",
        "?_popup=1",  # Django's own table: a popup's rows carry data-popup-opener
    ],
)
def test_the_registration_table_is_djangos_own(client, reviewer, movement, varied_rows, query):
    client.force_login(reviewer)
    response = client.get(URL + query.format(movement=movement.pk))
    page = response.content.decode()
    table = _djangos_table(response)
    assert response.context["cl"].result_list  # a table, not the “0 results” page
    assert '<table id="result_list">' in table and table in page


@pytest.mark.parametrize(
    "query", ["", "?state__exact=submitted&movement__id__exact={movement}", "?_facets=True"]
)
def test_the_filters_are_djangos_own(client, reviewer, movement, varied_rows, query):
    MovementFactory(title="Phong trào <năm sau> & “khác”")  # two movements: the box shows
    client.force_login(reviewer)
    response = client.get(URL + query.format(movement=movement.pk))
    page = response.content.decode()
    cl = response.context["cl"]
    with translation.override("vi"):
        boxes = [admin_list_filter(cl, spec) for spec in cl.filter_specs]
    assert len(boxes) == 5 and "Bởi Phong trào" in boxes[0] and "&lt;năm sau&gt;" in boxes[0]
    assert all(box in page for box in boxes)


def _djangos_sidebar(response):
    with translation.override("vi"):
        return get_template("admin/app_list.html").render(
            {
                "app_list": response.context["available_apps"],
                "show_changelinks": False,
                "request": response.wsgi_request,
            }
        )


@pytest.mark.parametrize("who", ["reviewer", "admin_user"])
@pytest.mark.parametrize(
    "path", [URL, URL + "{pk}/change/", "/admin/movements/movement/", "/admin/portal/agency/"]
)
def test_the_sidebar_is_djangos_own(client, request, draft_a, who, path):
    """On lists and change pages (the index pages draw no sidebar), as a reviewer sees it and
    as a superuser, who sees every model and its add link."""
    client.force_login(request.getfixturevalue(who))
    response = client.get(path.format(pk=draft_a.pk))
    assert response.status_code == 200
    page = response.content.decode()
    sidebar = _djangos_sidebar(response)
    assert 'id="nav-sidebar"' in page
    assert "/admin/registrations/registration/" in sidebar and sidebar in page


def test_the_whole_list_is_counted_once(client, reviewer, movement, varied_rows):
    """Unfiltered, the list is the table: one COUNT, not one for the list and one for the
    total; filtered, both, and the line “2 kết quả (tổng số 3)” as Django writes it."""
    client.force_login(reviewer)
    client.get(URL)  # warm: permissions and the coordinator read once

    def counts(query=""):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(URL + query)
        return response, [q["sql"] for q in queries if "COUNT(" in q["sql"].upper()]

    response, unfiltered = counts()
    assert len(unfiltered) == 1
    cl = response.context["cl"]
    assert (cl.result_count, cl.full_result_count, cl.show_admin_actions) == (3, 3, True)
    response, filtered = counts("?state__exact=submitted")
    assert len(filtered) == 2
    assert '2 kết quả (<a href="?">tổng số 3</a>)' in unescape(response.content.decode())


def test_the_list_reads_few_queries(client, reviewer, movement, varied_rows):
    """Session, user, permissions, the count, the page: the related filters' links (movements,
    kinds, fields) come from the cache once it is warm."""
    client.force_login(reviewer)
    client.get(URL)
    with CaptureQueriesContext(connection) as unfiltered:
        client.get(URL)
    with CaptureQueriesContext(connection) as filtered:
        client.get(f"{URL}?state__exact=submitted&movement__id__exact={movement.pk}")
    assert len(unfiltered) <= 6
    assert len(filtered) == len(unfiltered) + 1  # the total beside the filtered count


def test_the_action_widgets_are_djangos_own():
    """The action picker's widgets, written directly, against Django's templates: groups, the
    chosen value, attributes on, off and valued, and text that needs escaping."""
    choices = [
        ("", "---------"),
        ("a&b", "Chấp thuận <các> “mô hình”"),
        ('Nhóm "1"', [("x", "Một"), (2, "Hai")]),
    ]
    attrs = {"required": True, "disabled": False, "data-x": 'a"b', "class": "c"}
    for value in ("", "a&b", "x", "2", None):
        ours = FastSelect(choices=choices).render("action", value, attrs=attrs)
        djangos = forms.Select(choices=choices).render("action", value, attrs=attrs)
        assert ours == djangos
    for value in (0, "1", None, 'a"b'):
        ours = FastHiddenInput({"class": "select-across"}).render("s", value, attrs={"x": True})
        djangos = forms.HiddenInput({"class": "select-across"}).render(
            "s", value, attrs={"x": True}
        )
        assert ours == djangos


@pytest.mark.parametrize("who", ["reviewer", "admin_user"])
@pytest.mark.parametrize("label", [None, "registrations", "portal"])
def test_the_sites_model_list_is_djangos_own(rf, request, who, label):
    """The site reverses each sidebar URL once, then reuses it: the same apps, models, URLs
    and permissions as Django's own AdminSite builds, asked twice."""
    web = rf.get(URL)
    web.user = request.getfixturevalue(who)
    site = admin.site
    assert isinstance(site, PortalAdminSite)
    for _ in range(2):
        assert site._build_app_dict(web, label) == AdminSite._build_app_dict(site, web, label)
    assert site.get_app_list(web)  # the sidebar has something to show


@pytest.mark.parametrize(
    "make, param",
    [
        (lambda: MovementFactory(title="Phong trào mới"), "movement__id__exact"),
        (lambda: AgencyKindFactory(code="moi", name="Phong trào mới"), "agency__kind__id__exact"),
        (lambda: FieldFactory(code="moi", name="Phong trào mới"), "field__id__exact"),
    ],
)
def test_a_related_filter_shows_a_change_at_once(client, reviewer, varied_rows, make, param):
    """The movement, kind and field links are cached; a new, renamed or deleted row shows on
    the next page."""
    client.force_login(reviewer)
    client.get(URL)  # the links cached without the new row
    row = make()
    link = f'href="?{param}={row.pk}">Phong trào mới</a>'
    assert link in client.get(URL).content.decode()
    name = "title" if hasattr(row, "title") else "name"
    setattr(row, name, "Tên đã sửa")
    row.save()
    page = client.get(URL).content.decode()
    assert f'href="?{param}={row.pk}">Tên đã sửa</a>' in page and link not in page
    row.delete()
    assert f'{param}={row.pk}"' not in client.get(URL).content.decode()


def test_a_new_grant_shows_in_the_sidebar_at_once(client, reviewer):
    """The site keeps each set of grants' list of models: a grant given, then taken back, is
    on the very next page."""
    from django.contrib.auth.models import Permission

    client.force_login(reviewer)
    link = 'href="/admin/auth/group/"'
    assert link not in client.get("/admin/").content.decode()
    grant = Permission.objects.get(content_type__app_label="auth", codename="view_group")
    reviewer.user_permissions.add(grant)
    assert link in client.get("/admin/").content.decode()
    reviewer.user_permissions.remove(grant)
    assert link not in client.get("/admin/").content.decode()


def test_the_coordinators_add_link_follows_its_row(client, admin_user, coordinator):
    """Only one coordinator: its “add” link shows while none is entered, whatever was kept."""
    client.force_login(admin_user)
    add = 'href="/admin/portal/coordinator/add/"'
    assert add not in client.get("/admin/").content.decode()
    coordinator.delete()
    assert add in client.get("/admin/").content.decode()


def test_the_kept_sidebar_marks_the_page_it_is_on(client, reviewer, draft_a):
    """Sidebars are written once and kept: each page still gets Django's, its own model marked."""
    client.force_login(reviewer)
    # Two models of one app (movements), then another app's list and change page.
    paths = [
        "/admin/movements/movement/",
        "/admin/movements/field/",
        URL,
        f"{URL}{draft_a.pk}/change/",
        "/admin/movements/movement/",
    ]
    for path in paths:
        response = client.get(path)
        page = response.content.decode()
        assert _djangos_sidebar(response) in page, path
    movements = client.get("/admin/movements/movement/").content.decode()
    assert '<tr class="model-movement current-model">' in movements
    assert '<tr class="model-registration current-model">' not in movements
