from django import forms

from initiatives.models import ACTIVE_STATUSES, Initiative
from initiatives.models import Status as InitiativeStatus
from portal.forms import DATE_WIDGET

from .models import Carrier, Registration, State
from .services import CONTENT_FIELDS, LINK_FIELD, REQUIRED_BY_CARRIER


class RegistrationForm(forms.ModelForm):
    class Meta:
        model = Registration
        fields = (*CONTENT_FIELDS, LINK_FIELD)
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
        # Carry-over: the models this agency holds and runs (its own, and those handed over by
        # units merged into it, seed 001), less those already registered in this movement.
        taken = Registration.objects.filter(movement=movement).exclude(state=State.WITHDRAWN)
        if self.instance.pk:
            taken = taken.exclude(pk=self.instance.pk)
        self.fields[LINK_FIELD].queryset = (
            Initiative.objects.filter(agency=agency, status__in=ACTIVE_STATUSES)
            .exclude(pk__in=taken.values("initiative"))
            .order_by("-start_year", "name")
        )
        self.fields[LINK_FIELD].required = False
        self.fields[LINK_FIELD].label = "Tiếp nối mô hình đang thực hiện"
        self.fields[LINK_FIELD].label_from_instance = lambda i: (
            f"{i.name} (từ năm {i.start_year})" if i.start_year else i.name
        )
        self.fields[LINK_FIELD].empty_label = "— Mô hình mới —"
        if self.instance.pk and self.instance.initiative.status == InitiativeStatus.DRAFT:
            self.initial[LINK_FIELD] = None

    def clean(self):
        data = super().clean()
        carrier = data.get("carrier")
        for name in REQUIRED_BY_CARRIER.get(carrier, ()):
            if not data.get(name):
                label = Registration._meta.get_field(name).verbose_name
                self.add_error(name, f"Vui lòng nhập {str(label).lower()}.")
        return data

    def service_fields(self):
        return {name: self.cleaned_data.get(name) for name in (*CONTENT_FIELDS, LINK_FIELD)}
