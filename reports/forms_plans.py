from django import forms

from portal.forms import DATE_WIDGET

from .models import Plan, PlanTask
from .services.plans import PLAN_FIELDS, TASK_FIELDS


class PlanForm(forms.ModelForm):
    class Meta:
        model = Plan
        fields = PLAN_FIELDS
        widgets = {
            "issued_on": DATE_WIDGET,
            "title": forms.TextInput(
                attrs={"placeholder": "Thực hiện công tác dân vận chính quyền năm 2026"}
            ),
            "targets": forms.Textarea(attrs={"rows": 5}),
        }
        help_texts = {"targets": "Mỗi chỉ tiêu một dòng, ví dụ: 100% cán bộ được quán triệt."}


class TaskForm(forms.ModelForm):
    class Meta:
        model = PlanTask
        fields = TASK_FIELDS
        widgets = {"task": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, areas, **kwargs):
        super().__init__(*args, **kwargs)
        # Only the plan's movement's areas, numbered as the printed plan numbers them.
        self.fields["area"].queryset = self.fields["area"].queryset.filter(
            pk__in=[a.pk for a in areas]
        )
        numbers = {area.pk: number for number, area in enumerate(areas, start=1)}
        self.fields["area"].label_from_instance = lambda a: f"{numbers.get(a.pk, '')}. {a.name}"
        self.fields["area"].empty_label = "— Chọn nội dung công tác —"

    def service_fields(self):
        return {name: self.cleaned_data.get(name) for name in TASK_FIELDS}


class ScanForm(forms.Form):
    signed_scan = forms.FileField(
        label="Bản scan có chữ ký (PDF)",
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,application/pdf"}),
    )


class TaskImportForm(forms.Form):
    workbook = forms.FileField(
        label="Tệp Excel nhiệm vụ (.xlsx)",
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}),
    )
