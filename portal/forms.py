"""Form pieces every app's pages and admin share."""

from django import forms
from django.core.exceptions import ValidationError

DATE_WIDGET = forms.DateInput(
    format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric"}
)


class ReturnReasonForm(forms.Form):
    reason = forms.CharField(
        label="Lý do trả lại",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Đơn vị sẽ thấy lý do này và sửa theo.",
    )


def add_service_error(form, error: ValidationError):
    """Show a service's refusal on the form: per field when it names one, else on top."""
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages)
    else:
        form.add_error(None, error.messages)
