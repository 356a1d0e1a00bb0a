"""The agency's report form: the report's own fields, then one field per content area, per
model and per indicator. Figures are checked by the service (one home for that rule)."""

from decimal import Decimal

from django import forms

from portal.forms import DATE_WIDGET

from .models import Report
from .services.periodic import HEADER_FIELDS


def figure_text(value: Decimal | None) -> str:
    """A stored figure as the clerk types it back: “12”, “12,5” (no thousands separator)."""
    if value is None:
        return ""
    return format(value.normalize(), "f").replace(".", ",")


class ReportForm(forms.ModelForm):
    class Meta:
        model = Report
        fields = HEADER_FIELDS
        widgets = {
            "issued_on": DATE_WIDGET,
            "difficulties": forms.Textarea(attrs={"rows": 4}),
            "proposals": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, report, figure_lines, **kwargs):
        super().__init__(*args, instance=report, **kwargs)
        self.fields["issued_on"].input_formats = ["%d/%m/%Y", "%Y-%m-%d"]
        self.sections = list(report.sections.all())
        self.statuses = list(report.model_statuses.all())
        self.figure_lines = figure_lines
        for section in self.sections:
            self.fields[f"section-{section.area_id}"] = forms.CharField(
                label=section.area.name,
                required=False,
                initial=section.results,
                widget=forms.Textarea(attrs={"rows": 4}),
            )
        for status in self.statuses:
            reg = status.registration_id
            self.fields[f"running-{reg}"] = forms.BooleanField(
                label="Đang duy trì hoạt động", required=False, initial=status.running
            )
            self.fields[f"model-{reg}"] = forms.CharField(
                label=f"Kết quả của mô hình “{status.registration.name}”",
                required=False,
                initial=status.results,
                widget=forms.Textarea(attrs={"rows": 3}),
            )
        for line in figure_lines:
            indicator = line.indicator
            self.fields[f"figure-{indicator.pk}"] = forms.CharField(
                label=str(indicator),
                required=False,
                max_length=20,
                initial=figure_text(line.value),
                widget=forms.TextInput(attrs={"inputmode": "decimal", "size": 10}),
                help_text="Tỷ lệ từ 0 đến 100" if indicator.unit_label == "%" else "",
            )

    # The template lays the dynamic fields out in their sections.
    def section_fields(self):
        return [(s, self[f"section-{s.area_id}"]) for s in self.sections]

    def status_fields(self):
        return [
            (s, self[f"running-{s.registration_id}"], self[f"model-{s.registration_id}"])
            for s in self.statuses
        ]

    def figure_fields(self):
        return [(line, self[f"figure-{line.indicator.pk}"]) for line in self.figure_lines]

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "fields": {name: data.get(name) for name in HEADER_FIELDS},
            "sections": {s.area_id: data.get(f"section-{s.area_id}", "") for s in self.sections},
            "statuses": {
                s.registration_id: (
                    data.get(f"running-{s.registration_id}", False),
                    data.get(f"model-{s.registration_id}", ""),
                )
                for s in self.statuses
            },
            "figures": {
                line.indicator.pk: data.get(f"figure-{line.indicator.pk}", "")
                for line in self.figure_lines
            },
        }


class SignedScanForm(forms.Form):
    signed_scan = forms.FileField(
        label="Bản scan có chữ ký (PDF)",
        help_text="Báo cáo đã ký, đóng dấu, quét thành một tệp PDF (không quá 10 MB).",
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"}),
    )
