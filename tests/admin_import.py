"""Driving django-import-export's two-step admin import as a reviewer's browser does.

The upload is dry-run and previewed (or its errors listed per row); "Confirm import" then
posts the preview page's hidden confirm form to process_import.
"""

from html import unescape
from html.parser import HTMLParser

from django.contrib import admin


def format_index(model, *, title="xlsx", export=False):
    """The index of a format in the admin's import (or export) form choices."""
    model_admin = admin.site._registry[model]
    formats = model_admin.get_export_formats() if export else model_admin.get_import_formats()
    return str([fmt().get_title() for fmt in formats].index(title))


class _FormInputs(HTMLParser):
    """The inputs of the form whose action contains ``action_part``."""

    def __init__(self, action_part):
        super().__init__()
        self.action_part = action_part
        self.inside = False
        self.found = False
        self.data = {}

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and self.action_part in (attrs.get("action") or ""):
            self.inside = self.found = True
        elif tag == "input" and self.inside and attrs.get("name"):
            if attrs.get("type") in ("submit", "button"):
                return
            self.data[attrs["name"]] = attrs.get("value", "")

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False


def confirm_form_data(response):
    parser = _FormInputs("process_import")
    parser.feed(response.content.decode())
    return parser.data if parser.found else None


def confirm(client, preview, process_url):
    """Step 2: press "Confirm import" with exactly the hidden inputs the preview page holds."""
    data = confirm_form_data(preview)
    assert data is not None, "the preview page has no confirm form"
    data.pop("csrfmiddlewaretoken", None)
    data["confirm"] = "Confirm import"
    return client.post(process_url, data, follow=True)


def page_text(response):
    return unescape(response.content.decode())


# What a clerk may type that a spreadsheet could take for a formula (or a DDE command).
FORMULA_LIKE = ['==HYPERLINK("http://x","y")', "=1+1", "+cmd", "-1+1", "@SUM(1)"]


def assert_text_cell(cell, typed):
    """The cell holds exactly what was typed, as text: no formula, nothing stripped."""
    assert cell.value == typed
    assert cell.data_type == "s", (typed, cell.data_type)
