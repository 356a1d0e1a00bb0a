"""The public list's search and filters, read from the query string: a value the form does not
know is dropped with a message, never an error page."""

from django import forms

from .selectors import MAX_QUERY_LENGTH

ANY = [("", "Tất cả")]
COMMENDED = [("", "Tất cả"), ("co", "Đã được khen thưởng"), ("khong", "Chưa được khen thưởng")]
# The query string speaks Vietnamese slugs (?linh-vuc=…); the form, Python names.
PARAMETERS = {"linh_vuc": "linh-vuc", "don_vi": "don-vi", "khen_thuong": "khen-thuong"}


class ShowcaseFilterForm(forms.Form):
    q = forms.CharField(label="Tìm mô hình", required=False)
    linh_vuc = forms.TypedChoiceField(
        label="Lĩnh vực", required=False, coerce=int, empty_value=None
    )
    don_vi = forms.TypedChoiceField(
        label="Cơ quan, đơn vị", required=False, coerce=int, empty_value=None
    )
    nam = forms.TypedChoiceField(
        label="Năm công nhận", required=False, coerce=int, empty_value=None
    )
    khen_thuong = forms.ChoiceField(label="Khen thưởng", required=False, choices=COMMENDED)

    def __init__(self, query, *, choices):
        super().__init__(query)
        self.fields["linh_vuc"].choices = ANY + [(str(pk), name) for pk, name in choices["fields"]]
        self.fields["don_vi"].choices = ANY + [(str(pk), name) for pk, name in choices["agencies"]]
        self.fields["nam"].choices = ANY + [(str(year), str(year)) for year in choices["years"]]
        self.fields["q"].widget.attrs.update(
            {"type": "search", "maxlength": MAX_QUERY_LENGTH, "placeholder": "Ví dụ: dân vận khéo"}
        )

    def add_prefix(self, field_name):
        return PARAMETERS.get(field_name, field_name)

    def refused(self) -> list[str]:
        """One message per filter whose value was not understood, and so left out."""
        return [
            f"Không có lựa chọn như đã nhập ở “{self.fields[name].label}”; đã bỏ qua bộ lọc này."
            for name in self.errors
        ]

    def value(self, name):
        return self.cleaned_data.get(name) if name not in self.errors else None
