"""Agencies to and from Excel, by code and parent code (django-import-export)."""

import re

from django.core.exceptions import ValidationError
from django.utils.safestring import mark_safe
from import_export import fields, resources, widgets
from import_export.resources import Diff

from .import_widgets import ByCodeWidget, YesNoWidget
from .models import Agency, AgencyKind

# diff-match-patch's own markup; the text between is escaped, so only its tags can match.
_DIFF_STYLE = re.compile(r'<(ins|del) style="[^"]*">')


class PlainDiff(Diff):
    """The import preview's changes as bare <ins>/<del>, coloured by css/admin.css: the CSP
    refuses the inline style diff-match-patch puts on them."""

    def as_html(self):
        return [mark_safe(_DIFF_STYLE.sub(r"<\1>", html)) for html in super().as_html()]


class ModelResource(resources.ModelResource):
    """Every Excel resource of the portal: the import preview stays within the CSP, and the
    exported sheet has a Vietnamese name (tablib's own is “Tablib Dataset”)."""

    sheet_title = "Dữ liệu"

    @classmethod
    def get_display_name(cls):
        # The export form lists resources by this name: Vietnamese, never the class's.
        return cls.sheet_title

    def get_diff_class(self):
        return PlainDiff

    def export(self, queryset=None, **kwargs):
        dataset = super().export(queryset, **kwargs)
        dataset.title = self.sheet_title
        return dataset


class AgencyResource(ModelResource):
    sheet_title = "Cơ quan, đơn vị"
    code = fields.Field(attribute="code", column_name="Mã cơ quan")
    name = fields.Field(attribute="name", column_name="Tên cơ quan, đơn vị")
    short_name = fields.Field(
        attribute="short_name",
        column_name="Tên viết tắt",
        widget=widgets.CharWidget(allow_blank=True),
    )
    kind = fields.Field(
        attribute="kind",
        column_name="Mã loại cơ quan",
        widget=ByCodeWidget(AgencyKind, what="loại cơ quan"),
    )
    parent = fields.Field(
        attribute="parent",
        column_name="Mã cơ quan cấp trên",
        widget=ByCodeWidget(
            Agency,
            what="cơ quan cấp trên (phải có sẵn hoặc nằm ở dòng phía trên)",
            required=False,
        ),
    )
    active = fields.Field(attribute="active", column_name="Đang hoạt động", widget=YesNoWidget())

    class Meta:
        model = Agency
        fields = ("code", "name", "short_name", "kind", "parent", "active")
        import_id_fields = ("code",)
        export_order = fields
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True

    def get_export_queryset(self, request=None):
        return Agency.objects.select_related("kind", "parent").order_by("kind__order", "code")

    def before_import(self, dataset, **kwargs):
        self.seen_codes = set()

    def before_import_row(self, row, **kwargs):
        code = str(row.get("Mã cơ quan") or "").strip()
        row["Mã cơ quan"] = code
        if not code:
            raise ValidationError({"code": "Thiếu mã cơ quan."})
        if code in self.seen_codes:
            raise ValidationError({"code": f"Mã cơ quan “{code}” lặp lại ở một dòng phía trên."})
        self.seen_codes.add(code)
