"""What typed or pasted text becomes on the way in: one rule for forms, queries and imports."""

import re
import unicodedata

# C0 controls and DEL, but not tab, line feed or carriage return (text areas keep their lines).
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def clean_text(value):
    """Drop control characters pasted from Word or PDF (a NUL breaks PostgreSQL and Excel) and
    compose Vietnamese marks (NFC), so “Dân” typed with combining marks is the same word."""
    if not isinstance(value, str):
        return value
    return unicodedata.normalize("NFC", CONTROL_CHARACTERS.sub("", value))
