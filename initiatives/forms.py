from django import forms

from portal.forms import DATE_WIDGET

from .models import Status


class DecisionForm(forms.Form):
    """The coordinator's decision on the chosen models: its document's number and date, and
    what changed (kiện toàn) or why (đưa ra khỏi danh sách)."""

    number = forms.CharField(label="Số văn bản quyết định", max_length=60)
    decided_on = forms.DateField(label="Ngày văn bản", widget=DATE_WIDGET)
    recognised_by = forms.CharField(label="Cơ quan công nhận", max_length=255, required=False)
    note = forms.CharField(
        label="Nội dung kiện toàn, bổ sung / lý do",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )

    def __init__(self, *args, status: str | None, **kwargs):
        """``status`` None: the document only (a review's decisions carry the agency's words)."""
        super().__init__(*args, **kwargs)
        if status != Status.RECOGNISED:
            del self.fields["recognised_by"]
        if status is None:
            del self.fields["note"]
        elif status == Status.STRENGTHENED:
            self.fields["note"].label = "Nội dung kiện toàn, bổ sung"
            self.fields["note"].required = True
        elif status == Status.REMOVED:
            self.fields["note"].label = "Lý do đưa ra khỏi danh sách"
            self.fields["note"].required = True
        elif status == Status.RECOGNISED:
            del self.fields["note"]
        else:
            self.fields["note"].label = "Ghi chú"
