from django import forms

from portal.forms import DATE_WIDGET

from .models import QUOTA_STATES, Carrier, Registration
from .services import CONTENT_FIELDS, REQUIRED_BY_CARRIER


class RegistrationForm(forms.ModelForm):
    class Meta:
        model = Registration
        fields = CONTENT_FIELDS
        widgets = {
            "carrier": forms.RadioSelect,
            "starts_on": DATE_WIDGET,
            "ends_on": DATE_WIDGET,
            **{
                name: forms.Textarea(attrs={"rows": 3})
                for name in (
                    "situation",
                    "goals",
                    "content",
                    "scope",
                    "resources",
                    "expected_outputs",
                    "replicability",
                )
            },
        }

    def __init__(self, *args, agency, movement, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["carrier"].choices = Carrier.choices
        self.fields["field"].empty_label = "— Chọn lĩnh vực —"
        # Carry-over: earlier models of this agency or of units merged into it (seed 001).
        self.fields["continues_from"].queryset = (
            Registration.objects.filter(
                agency__in=[agency.pk, *agency.merged_from.values_list("pk", flat=True)],
                state__in=QUOTA_STATES,
            )
            .exclude(movement=movement)
            .select_related("movement")
            .order_by("-movement__year", "name")
        )
        self.fields["continues_from"].label_from_instance = lambda r: (
            f"{r.name} ({r.movement.year})"
        )
        self.fields["continues_from"].empty_label = "— Mô hình mới —"

    def clean(self):
        data = super().clean()
        carrier = data.get("carrier")
        for name in REQUIRED_BY_CARRIER.get(carrier, ()):
            if not data.get(name):
                label = Registration._meta.get_field(name).verbose_name
                self.add_error(name, f"Vui lòng nhập {str(label).lower()}.")
        return data

    def service_fields(self):
        return {name: self.cleaned_data.get(name) for name in CONTENT_FIELDS}
