"""The CSS side of the DOCX converter: lengths, the cascade of the templates' own stylesheets
(matched by cssselect2) and the @page rules, resolved to a computed style per element."""

import functools
import re
from dataclasses import dataclass

import cssselect2
import tinycss2

DEFAULT_MARGINS = (20.0, 15.0, 20.0, 30.0)  # top, right, bottom, left in mm, as documents/base.html

INHERITED = {
    "font-size", "font-weight", "font-style", "text-align", "text-indent", "text-decoration",
    "text-transform", "list-style", "list-style-type", "white-space",
}  # fmt: skip
# What a browser gives before any stylesheet: the lowest layer of the cascade.
USER_AGENT = {
    "b": {"font-weight": "bold"},
    "strong": {"font-weight": "bold"},
    "i": {"font-style": "italic"},
    "em": {"font-style": "italic"},
    "u": {"text-decoration": "underline"},
    "th": {"font-weight": "bold", "text-align": "center"},
    "h1": {"font-weight": "bold", "font-size": "2em"},
    "h2": {"font-weight": "bold", "font-size": "1.5em"},
    "h3": {"font-weight": "bold", "font-size": "1.17em"},
    "h4": {"font-weight": "bold"},
    "h5": {"font-weight": "bold"},
    "h6": {"font-weight": "bold"},
    "center": {"text-align": "center"},
}


def length_pt(value: str | None, font_size: float = 13.0) -> float | None:
    """A CSS length in points (None for auto, a percentage or nonsense)."""
    if not value:
        return None
    match = re.fullmatch(r"(-?[\d.]+)(pt|mm|cm|in|px|em|rem|pc)?", value.strip().lower())
    if not match:
        return None
    try:
        number = float(match.group(1))
    except ValueError:
        return None
    factor = {
        "pt": 1.0,
        "mm": 72 / 25.4,
        "cm": 72 / 2.54,
        "in": 72.0,
        "px": 0.75,
        "em": font_size,
        "rem": 13.0,
        "pc": 12.0,
        None: 0.75,
    }[match.group(2)]
    return number * factor


def percent(value: str | None) -> float | None:
    match = re.fullmatch(r"([\d.]+)%", (value or "").strip())
    return float(match.group(1)) / 100 if match else None


def box_sides(value: str) -> list[str]:
    """The four sides (top, right, bottom, left) of a margin/padding shorthand."""
    parts = value.split()
    if not parts:
        return ["0"] * 4
    parts = (parts * 4)[:4] if len(parts) == 1 else parts
    if len(parts) == 2:
        parts = [parts[0], parts[1], parts[0], parts[1]]
    elif len(parts) == 3:
        parts = [parts[0], parts[1], parts[2], parts[1]]
    return parts[:4]


def declarations(tokens) -> dict[str, str]:
    found = {}
    for item in tinycss2.parse_blocks_contents(tokens, skip_comments=True, skip_whitespace=True):
        if item.type == "declaration":
            found[item.lower_name] = tinycss2.serialize(item.value).strip()
    return expand(found)


def expand(props: dict[str, str]) -> dict[str, str]:
    """Shorthands split into the longhands the converter reads."""
    for name in ("margin", "padding"):
        if name in props:
            sides = box_sides(props[name])
            for side, value in zip(("top", "right", "bottom", "left"), sides, strict=True):
                props.setdefault(f"{name}-{side}", value)
    if "border" in props:
        for side in ("top", "right", "bottom", "left"):
            props.setdefault(f"border-{side}", props["border"])
    return props


def has_border(value: str | None) -> bool:
    if not value:
        return False
    words = value.lower().split()
    return (
        "none" not in words
        and "hidden" not in words
        and not any(length_pt(word) == 0 for word in words)
    )


@functools.lru_cache(maxsize=64)
def parse_stylesheet(text: str):
    """A <style>'s @page rules and (compiled selector, declarations) pairs; every document
    repeats the base's stylesheet, so it is read once."""
    pages, rules = [], []
    for rule in tinycss2.parse_stylesheet(text, skip_comments=True, skip_whitespace=True):
        if rule.type == "at-rule" and rule.lower_at_keyword == "page":
            pages.append(rule)
        elif rule.type == "qualified-rule":
            props = declarations(rule.content)
            try:
                selectors = cssselect2.compile_selector_list(rule.prelude)
            except cssselect2.SelectorError:
                continue  # a selector we cannot read styles nothing here
            rules.extend((selector, props) for selector in selectors)
    return pages, rules


@dataclass
class PageSetup:
    margins: tuple[float, float, float, float] = DEFAULT_MARGINS  # mm: top, right, bottom, left
    landscape: bool = False


class Styles:
    """Computed style of every element of one HTML tree: its <style> rules, the style
    attributes and the user-agent defaults, with inheritance."""

    def __init__(self, root):
        self.matcher = cssselect2.Matcher()
        self.pages: dict[str, PageSetup] = {}
        for style in root.iter("style"):
            pages, rules = parse_stylesheet(style.text or "")
            for rule in pages:
                self._page(rule)
            for selector, props in rules:
                self.matcher.add_selector(selector, props)
        self.computed: dict = {}
        wrapper = cssselect2.ElementWrapper.from_html_root(root)
        self._compute(wrapper, {"font-size": "13pt"})

    def _page(self, rule):
        name = tinycss2.serialize(rule.prelude).strip()
        if ":" in name or rule.content is None:
            return  # :first, :nth(): only the page numbers differ there
        props = declarations(rule.content)
        page = self.pages.setdefault(name, PageSetup(margins=self.page("").margins))
        if "size" in props:
            page.landscape = "landscape" in props["size"].lower()
        margins = [
            length_pt(props.get(f"margin-{side}")) for side in ("top", "right", "bottom", "left")
        ]
        if all(value is not None for value in margins):
            page.margins = tuple(round(value * 25.4 / 72, 2) for value in margins)

    def page(self, name: str) -> PageSetup:
        return self.pages.get(name) or self.pages.get("") or PageSetup()

    def _compute(self, wrapper, parent: dict):
        element = wrapper.etree_element
        style = {key: value for key, value in parent.items() if key in INHERITED}
        style.update(USER_AGENT.get(element.tag, {}))
        matches = sorted(self.matcher.match(wrapper), key=lambda match: (match[0], match[1]))
        for _specificity, _order, _pseudo, props in matches:
            style.update(props)
        if element.get("style"):
            style.update(declarations(tinycss2.parse_component_value_list(element.get("style"))))
        # Font sizes resolve against the parent's, so em and % nest as in CSS.
        parent_size = length_pt(parent.get("font-size")) or 13.0
        size = style.get("font-size")
        if size and size.endswith("%"):
            style["font-size"] = f"{parent_size * percent(size)}pt"
        elif size and (size.endswith("em") or size in ("larger", "smaller")):
            scale = {"larger": 1.2, "smaller": 0.83}.get(size)
            points = parent_size * scale if scale else length_pt(size, parent_size)
            style["font-size"] = f"{points or parent_size}pt"
        self.computed[element] = style
        for child in wrapper.iter_children():
            self._compute(child, style)

    def of(self, element) -> dict:
        return self.computed.get(element, {})
