from django import forms

from portal.forms import DATE_WIDGET
from registrations.models import Carrier

from .models import AwardProposal, Nominee
from .services import (
    COLLECTIVE_FIELDS,
    LETTER_FIELDS,
    MEETING_FIELDS,
    NOMINEE_FIELDS,
    OPTIONAL_REPORT_FIELDS,
    PERSON_FIELDS,
    PERSON_OPTIONAL_FIELDS,
    REPORT_FIELDS,
)
from .signing import MAX_BYTES

TIME_WIDGET = forms.TimeInput(
    format="%H:%M", attrs={"placeholder": "hh:mm", "inputmode": "numeric", "size": 6}
)


def _textareas(names, rows=4):
    return {name: forms.Textarea(attrs={"rows": rows}) for name in names}


class MeetingForm(forms.ModelForm):
    class Meta:
        model = AwardProposal
        fields = ("minutes_number", *MEETING_FIELDS, "members_absent")
        widgets = {
            "meeting_date": DATE_WIDGET,
            "meeting_started_at": TIME_WIDGET,
            "meeting_ended_at": TIME_WIDGET,
            **_textareas(("members_attending", "members_absent"), rows=4),
        }


class LetterForm(forms.ModelForm):
    class Meta:
        model = AwardProposal
        fields = LETTER_FIELDS
        widgets = {
            "letter_date": DATE_WIDGET,
            "letter_recipients": forms.Textarea(attrs={"rows": 2}),
        }


class ReportForm(forms.ModelForm):
    class Meta:
        model = AwardProposal
        fields = (*OPTIONAL_REPORT_FIELDS, *REPORT_FIELDS)
        widgets = _textareas(REPORT_FIELDS, rows=5)


class NomineeForm(forms.ModelForm):
    class Meta:
        model = Nominee
        fields = NOMINEE_FIELDS
        widgets = {
            **_textareas(
                ("situation", "duties", "summary", "actions", "results", "effectiveness"), rows=4
            ),
            **_textareas(("replicability", "earlier_awards"), rows=3),
            "birth_date": DATE_WIDGET,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The form asks a collective for its situation, a person for their particulars.
        if self.instance.registration.carrier == Carrier.COLLECTIVE:
            dropped = (*PERSON_FIELDS, *PERSON_OPTIONAL_FIELDS)
        else:
            dropped = COLLECTIVE_FIELDS
        for name in dropped:
            del self.fields[name]


class AddNomineeForm(forms.Form):
    registration = forms.ModelChoiceField(
        queryset=None, label="Mô hình đã được chấp thuận", empty_label="— Chọn mô hình —"
    )

    def __init__(self, *args, eligible, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["registration"].queryset = eligible
        self.fields["registration"].label_from_instance = lambda r: (
            f"{r.name} — {r.get_carrier_display()}: {r.carrier_name}"
        )


SECTION_FORMS = {"meeting": MeetingForm, "letter": LetterForm, "report": ReportForm}
SECTION_TITLES = {
    "meeting": "Biên bản họp bình xét",
    "letter": "Tờ trình",
    "report": "Báo cáo đánh giá kết quả năm {year}",
}


class SignedDossierForm(forms.Form):
    signed_dossier = forms.FileField(
        label="Hồ sơ đã ký số (PDF)",
        help_text=(
            "Tệp hồ sơ tải từ trang này, đã ký số bằng chứng thư số của đơn vị "
            f"(không quá {MAX_BYTES // (1024 * 1024)} MB)."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"}),
    )
