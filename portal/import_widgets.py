"""Excel cell converters for imports, with Vietnamese messages a clerk can act on."""

from datetime import date, datetime

from import_export import widgets


def _text(value):
    return "" if value is None else str(value).strip()


class ByCodeWidget(widgets.ForeignKeyWidget):
    """A related row looked up by its code; an unknown code names itself in the message."""

    def __init__(self, model, *, field="code", what, required=True):
        super().__init__(model, field=field)
        self.what = what
        self.required = required

    def clean(self, value, row=None, **kwargs):
        code = _text(value)
        if not code:
            if self.required:
                raise ValueError(f"Thiếu {self.what}.")
            return None
        try:
            return self.get_queryset(value, row, **kwargs).get(**{self.field: code})
        except self.model.DoesNotExist:
            raise ValueError(f"Không tìm thấy {self.what} có mã “{code}”.") from None


class ByNameWidget(ByCodeWidget):
    """A related row looked up by its name, case-insensitively (e.g. a field of activity)."""

    def clean(self, value, row=None, **kwargs):
        name = _text(value)
        if not name:
            if self.required:
                raise ValueError(f"Thiếu {self.what}.")
            return None
        found = self.get_queryset(value, row, **kwargs).filter(**{f"{self.field}__iexact": name})
        if not found:
            raise ValueError(f"Không có {self.what} “{name}”.")
        return found[0]


class LabelChoiceWidget(widgets.Widget):
    """A choice written as its Vietnamese label ("Tập thể") in the sheet."""

    def __init__(self, choices, *, what):
        super().__init__()
        self.by_label = {label.lower(): value for value, label in choices}
        self.by_value = dict(choices)
        self.what = what

    def clean(self, value, row=None, **kwargs):
        text = _text(value)
        if text.lower() in self.by_label:
            return self.by_label[text.lower()]
        if text in self.by_value:
            return text
        allowed = ", ".join(f"“{label}”" for label in self.by_value.values())
        raise ValueError(f"{self.what} “{text}” không hợp lệ; chỉ nhận {allowed}.")

    def render(self, value, obj=None, **kwargs):
        return str(self.by_value.get(value, value or ""))


class VietnameseDateWidget(widgets.Widget):
    """dd/mm/yyyy text, or a real Excel date cell."""

    def __init__(self, *, what):
        super().__init__()
        self.what = what

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, datetime):
            return value.date()
        if isinstance(value, date):
            return value
        text = _text(value)
        if not text:
            return None
        for fmt in ("%d/%m/%Y", "%Y-%m-%d"):
            try:
                return datetime.strptime(text, fmt).date()
            except ValueError:
                continue
        raise ValueError(f"{self.what} “{text}” không đúng dạng ngày dd/mm/yyyy.")

    def render(self, value, obj=None, **kwargs):
        return value.strftime("%d/%m/%Y") if value else ""


class YesNoWidget(widgets.Widget):
    YES = {"có", "co", "x", "1", "true", "đúng"}
    NO = {"không", "khong", "0", "false", "sai"}

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, bool):
            return value
        text = _text(value).lower()
        if text in self.YES or text == "":
            return True  # an empty cell keeps the usual case: the agency is active
        if text in self.NO:
            return False
        raise ValueError(f"Giá trị “{text}” không hợp lệ; ghi “Có” hoặc “Không”.")

    def render(self, value, obj=None, **kwargs):
        return "Có" if value else "Không"
