"""Admin lists drawn cheaply, the HTML exactly Django's: a row's cells written in Python with
what is the same for every row (a column's field, classes, the change link around the pk and
the kept filters) worked out once a page, and the whole table counted once when nothing
narrows it. Django's own code does all of that again for each of the 50 rows."""

import datetime
import html

from django import forms
from django.contrib.admin import helpers
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.templatetags.admin_list import _coerce_field_name, admin_list_filter
from django.contrib.admin.templatetags.admin_urls import add_preserved_filters
from django.contrib.admin.utils import (
    FieldIsAForeignKeyColumnName,
    _get_non_gfk_field,
    display_for_field,
    display_for_value,
    lookup_field,
)
from django.contrib.admin.views.main import ChangeList
from django.core.exceptions import FieldDoesNotExist, ObjectDoesNotExist
from django.core.paginator import InvalidPage
from django.db import models
from django.urls import NoReverseMatch, reverse
from django.utils import dateformat, formats, timezone
from django.utils.encoding import iri_to_uri
from django.utils.html import escape
from django.utils.safestring import SafeData, mark_safe
from django.utils.text import capfirst
from django.utils.translation import gettext

from .admin_history import HistoryAdmin

# Stands for the pk in a change URL reversed once a page; the path converter takes any text.
_PK = "__pk__"
_TEXT_FIELDS = (models.CharField, models.TextField)
_SELECTED = ' class="selected"'


def _escape(value) -> str:
    """Django's conditional_escape, without its lazy-argument wrapper (300 calls a page)."""
    if hasattr(value, "__html__"):
        return value.__html__()
    return html.escape(str(value))


class FastChangeList(ChangeList):
    """Django's ChangeList, counting the table once when no filter or search narrowed it."""

    def get_results(self, request):
        # Django's own, but for the full count: with no WHERE at all the list is the whole
        # table, so its count is that count (Django asks the database twice).
        queryset = self.queryset
        only = getattr(self.model_admin, "list_only", None)
        if only:
            queryset = queryset.only(*only)
        paginator = self.model_admin.get_paginator(request, queryset, self.list_per_page)
        result_count = paginator.count
        if not self.model_admin.show_full_result_count:
            full_result_count = None
        elif self.queryset.query.where or self.queryset.query.distinct:
            full_result_count = self.root_queryset.count()
        else:
            full_result_count = result_count
        can_show_all = result_count <= self.list_max_show_all
        multi_page = result_count > self.list_per_page
        if (self.show_all and can_show_all) or not multi_page:
            result_list = queryset._clone()
        else:
            try:
                result_list = paginator.page(self.page_num).object_list
            except InvalidPage:
                raise IncorrectLookupParameters from None
        self.result_count = result_count
        self.show_full_result_count = self.model_admin.show_full_result_count
        self.show_admin_actions = not self.show_full_result_count or bool(full_result_count)
        self.full_result_count = full_result_count
        self.result_list = result_list
        self.can_show_all = can_show_all
        self.multi_page = multi_page
        self.paginator = paginator


def _history_checkbox(model_admin) -> bool:
    # The checkbox HistoryAdmin writes (Django's own, tested so), not an admin's own one.
    return getattr(type(model_admin), "action_checkbox", None) is HistoryAdmin.action_checkbox


class _DateTimeFormat:
    """django.utils.dateformat.format(value, fmt) with ``fmt`` split once, not once a row."""

    def __init__(self, fmt):
        self.parts = []
        for i, piece in enumerate(dateformat.re_formatchars.split(str(fmt))):
            if i % 2:
                self.parts.append((None, piece))
            elif piece:
                self.parts.append((dateformat.re_escaped.sub(r"\1", piece), None))

    def __call__(self, value):
        df = dateformat.DateFormat(value)
        return "".join(
            text if code is None else str(getattr(df, code)()) for text, code in self.parts
        )


class _Column:
    """One list_display column: what Django's items_for_result decides per cell, decided once."""

    def __init__(self, cl, index, name, *, link, tag):
        model_admin = cl.model_admin
        self.model_admin = model_admin
        self.name = name
        self.link = link
        self.tag = tag
        self.classes = [f"field-{_coerce_field_name(name, index)}"]
        self.empty = model_admin.get_empty_value_display()
        self.choices = self.method = self.checkbox = self.when = None
        self.text = False
        try:
            self.field = _get_non_gfk_field(cl.lookup_opts, name)
        except (FieldDoesNotExist, FieldIsAForeignKeyColumnName):
            self.field = None
            # lookup_field's first two cases, found once: a callable, or the admin's method.
            if callable(name):
                self.method = name
            elif hasattr(model_admin, name) and name != "__str__":
                self.method = getattr(model_admin, name)
            if name == "action_checkbox" and not link and _history_checkbox(model_admin):
                self.checkbox = model_admin.action_checkbox_writer()
            return
        field = self.field
        # A plain text field shows its text, or the empty sign: display_for_field's answer.
        self.text = type(field) in _TEXT_FIELDS and not field.choices
        if not field.auto_created:
            if isinstance(field, (models.DateField, models.TimeField, models.ForeignKey)):
                self.classes.append("nowrap")
            if isinstance(field, models.DateTimeField) and not field.choices:
                self.when = _DateTimeFormat(formats.get_format("DATETIME_FORMAT"))
            if getattr(field, "flatchoices", None):
                try:
                    self.choices = dict(field.flatchoices)
                except TypeError:  # list-like choices: Django's own path handles them
                    self.choices = None

    def value(self, result):
        """(text, classes) of this column's cell for ``result``, as items_for_result finds them."""
        field, empty, classes = self.field, self.empty, self.classes
        try:
            if self.method is not None:
                f, attr, value = None, self.method, self.method(result)
            elif field is None:
                f, attr, value = lookup_field(self.name, result, self.model_admin)
            else:
                f, attr, value = field, None, getattr(result, self.name)
        except ObjectDoesNotExist:
            return empty, classes
        if f is None or f.auto_created:
            return self._computed(attr, value)
        if isinstance(value, str) and value.strip() == "":
            value = ""
        if isinstance(f.remote_field, models.ManyToOneRel):
            related = getattr(result, f.name)
            return (empty if related is None else related), classes
        if self.choices is not None:
            return self.choices.get(value, empty), classes
        if self.text and isinstance(value, str):
            return (str(value) if value else empty), classes
        if self.when is not None:
            # display_for_field's: the empty sign, else localize(template_localtime(value)).
            if value in f.empty_values:
                return empty, classes
            return self.when(timezone.template_localtime(value)), classes
        return display_for_field(value, f, empty, avoid_link=self.link), classes

    def _computed(self, attr, value):
        empty = getattr(attr, "empty_value_display", self.empty)
        if isinstance(value, str) and value.strip() == "":
            value = ""
        classes = ["action-checkbox"] if self.name == "action_checkbox" else self.classes
        boolean = getattr(attr, "boolean", False)
        if isinstance(attr, property) and hasattr(attr, "fget"):
            boolean = getattr(attr.fget, "boolean", False)
        text = display_for_value(value, empty, boolean)
        if isinstance(value, (datetime.date, datetime.time)):
            classes = [*classes, "nowrap"]
        return text, classes


class _Rows:
    """The page's rows, each ``<tr>…</tr>`` as Django's change_list_results.html writes it."""

    def __init__(self, cl):
        self.cl = cl
        self.columns = []
        first = True
        for index, name in enumerate(cl.list_display):
            link = self._links(first, name)
            # The first linked cell is the row's header, as in Django.
            tag = "th" if link and first else "td"
            if link:
                first = False
            self.columns.append(_Column(cl, index, name, link=link, tag=tag))
        self.url_prefix = self.url_suffix = None
        opts = cl.opts
        try:
            path = reverse(
                f"admin:{opts.app_label}_{opts.model_name}_change",
                args=(_PK,),
                current_app=cl.model_admin.admin_site.name,
            )
        except NoReverseMatch:
            self.url_prefix = None
        else:
            url = add_preserved_filters(
                {"preserved_filters": cl.preserved_filters, "opts": opts}, path
            )
            before, _, after = url.partition(_PK)
            self.url_prefix, self.url_suffix = escape(before), escape(after)

    def _links(self, first, name):
        links = self.cl.list_display_links
        if links is None:
            return False
        if first and not links:
            return True
        return name in links

    def url(self, result):
        """The row's change link, escaped for an attribute: the pk put in the reversed URL."""
        pk = getattr(result, self.cl.pk_attname)
        if type(pk) is int and self.url_prefix is not None:
            return f"{self.url_prefix}{pk}{self.url_suffix}"
        url = self.cl.url_for_result(result)
        return escape(
            add_preserved_filters(
                {"preserved_filters": self.cl.preserved_filters, "opts": self.cl.opts}, url
            )
        )

    def row(self, result):
        cells = []
        for column in self.columns:
            if column.checkbox is not None:
                cells.append(f'<td class="action-checkbox">{column.checkbox(result)}</td>')
                continue
            text, classes = column.value(result)
            cls = " ".join(classes)
            if column.link:
                tag = column.tag
                try:
                    url = None if self.url_prefix is None else self.url(result)
                except NoReverseMatch:  # as Django: the text, unlinked
                    url = None
                inner = _escape(text) if url is None else f'<a href="{url}">{_escape(text)}</a>'
                cells.append(f'<{tag} class="{cls}">{inner}</{tag}>')
            else:
                cells.append(f'<td class="{cls}">{_escape(text)}</td>')
        return "<tr>" + "".join(cells) + "</tr>"


def result_rows(cl):
    """The ``<tbody>`` rows of ``cl``'s page as one safe string, byte for byte what Django's
    result_list tag and change_list_results.html write; None where this does not apply
    (editable lists, popups), and Django's own tag draws them."""
    if cl.formset or cl.is_popup:
        return None
    rows = _Rows(cl)
    return mark_safe("".join(f"\n\n{rows.row(result)}\n" for result in cl.result_list))


def _header(header, num_sorted_fields) -> str:
    sort = ""
    if header.get("sortable") and header.get("sort_priority", 0) > 0:
        priority = formats.localize(header["sort_priority"])
        badge = ""
        if num_sorted_fields > 1:
            title = gettext("Sorting priority: %(priority_number)s") % {
                "priority_number": _escape(priority)
            }
            badge = f'<span class="sortpriority" title="{title}">{_escape(priority)}</span>'
        direction = "ascending" if header["ascending"] else "descending"
        sort = (
            '\n       <div class="sortoptions">\n'
            f'         <a class="sortremove" href="{_escape(header["url_remove"])}" '
            f'title="{gettext("Remove from sorting")}"></a>\n'
            f"         {badge}\n"
            f'         <a href="{_escape(header["url_toggle"])}" class="toggle {direction}" '
            f'title="{gettext("Toggle sorting")}"></a>\n'
            "       </div>\n   "
        )
    text = header["text"]
    shown = capfirst(str(text))
    shown = shown if isinstance(text, SafeData) else html.escape(shown)
    if header.get("sortable"):
        label = f'<a href="{_escape(header["url_primary"])}">{shown}</a>'
    else:
        label = f"<span>{shown}</span>"
    return (
        f'\n<th scope="col"{_escape(header["class_attrib"])}>\n   {sort}\n'
        f'   <div class="text">{label}</div>\n   <div class="clear"></div>\n</th>'
    )


def result_headers_html(headers, num_sorted_fields):
    """The header cells as the loop of Django's change_list_results.html writes them."""
    return mark_safe("".join(_header(header, num_sorted_fields) for header in headers))


def list_filter_html(cl, spec):
    """A list filter's box as Django's admin_list_filter tag writes it; the links of
    admin/filter.html written here, another template (the agency box) rendered as usual."""
    if spec.template != "admin/filter.html":
        return admin_list_filter(cl, spec)
    title = _escape(spec.title)
    by = gettext(" By %(filter_title)s ") % {"filter_title": title}
    links = "".join(
        f"\n    <li{_SELECTED if choice.get('selected') else ''}>\n"
        f'    <a href="{_escape(iri_to_uri(choice["query_string"]))}">'
        f"{_escape(choice['display'])}</a></li>\n  "
        for choice in spec.choices(cl)
    )
    return mark_safe(
        f'\n<details data-filter-title="{title}" open>\n  <summary>\n    {by}\n  </summary>\n'
        f"  <ul>\n  {links}\n  </ul>\n</details>\n"
    )


def _attrs(attrs) -> str:
    """django/forms/widgets/attrs.html."""
    return "".join(
        f" {_escape(name)}" if value is True else f' {_escape(name)}="{_escape(value)}"'
        for name, value in attrs.items()
        if value is not False
    )


class FastSelect(forms.Select):
    """A Select written as select.html and select_option.html write it (the form renderer's
    output, stripped), without a template per option."""

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        out = [f'<select name="{_escape(widget["name"])}"{_attrs(widget["attrs"])}>']
        for group_name, options, _index in widget["optgroups"]:
            if group_name:
                out.append(f'\n  <optgroup label="{_escape(group_name)}">')
            out.extend(
                f'\n  <option value="{_escape(option["value"])}"{_attrs(option["attrs"])}>'
                f"{_escape(option['label'])}</option>\n"
                for option in options
            )
            if group_name:
                out.append("\n  </optgroup>")
        out.append("\n</select>")
        return mark_safe("".join(out))


class FastHiddenInput(forms.HiddenInput):
    """A hidden input written as input.html writes it."""

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        shown = "" if widget["value"] is None else f' value="{_escape(widget["value"])}"'
        return mark_safe(
            f'<input type="{_escape(widget["type"])}" name="{_escape(widget["name"])}"'
            f"{shown}{_attrs(widget['attrs'])}>"
        )


class FastActionForm(helpers.ActionForm):
    """Django's action form (the action picker above the list), its two widgets written
    directly: the same HTML without the form renderer's templates."""

    action = forms.ChoiceField(
        label=helpers.ActionForm.base_fields["action"].label, widget=FastSelect
    )
    select_across = forms.BooleanField(
        label="",
        required=False,
        initial=0,
        widget=FastHiddenInput({"class": "select-across"}),
    )


class FastListMixin:
    """Put first on a ModelAdmin: its list counted and drawn as above. ``list_only`` names the
    fields the rows read (``only()``); the others, long texts often, stay in the database."""

    list_only: tuple[str, ...] = ()
    action_form = FastActionForm

    change_list_template = "admin/portal/change_list.html"

    def get_changelist(self, request, **kwargs):
        return FastChangeList
