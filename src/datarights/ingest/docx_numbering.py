"""Word list numbering and paragraph styles, rendered the way Word shows them.

Word keeps clause numbers such as "1.6" out of the paragraph text: a paragraph
names a list (`w:numPr`: `numId` + `ilvl`), directly or through its style chain,
and numbering.xml says how each level is drawn (`lvlText` "%1.%2", `numFmt`,
`start`). Counters live per list instance: every `w:num` that points at the same
`w:abstractNum` shares one set of counters, unless the `w:num` overrides a level
(`lvlOverride`), which makes it a fresh instance — the rule Word and LibreOffice
both follow.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from lxml import etree

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MAX_LEVELS = 9
_HEADING_NAME = re.compile(r"^heading\s*([1-9])$", re.IGNORECASE)
_PLACEHOLDER = re.compile(r"%([1-9])")
_ROMAN_VALUES = (1000, 900, 500, 400, 100, 90, 50, 40, 10, 9, 5, 4, 1)
_ROMAN_DIGITS = ("m", "cm", "d", "cd", "c", "xc", "l", "xl", "x", "ix", "v", "iv", "i")


def attr(element: etree._Element | None, name: str = "val") -> str | None:
    """A `w:`-namespaced attribute of an optional element."""
    if element is None:
        return None
    value = element.get(W + name)
    return None if value is None else str(value)


def _int(value: str | None, default: int) -> int:
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default


@dataclass(frozen=True, slots=True)
class Level:
    start: int = 1
    fmt: str = "decimal"
    text: str = ""
    legal: bool = False  # isLgl: show every placeholder as a decimal
    # lvlRestart: restart when a level above this 1-based one is used; 0 = never; None = any higher level.
    restart: int | None = None
    style: str = ""


@dataclass(frozen=True, slots=True)
class ListInstance:
    abstract_id: str
    levels: dict[int, Level]
    # Set when the w:num overrides a level, which gives it its own counters.
    own_counters: bool


def _parse_level(element: etree._Element) -> Level:
    restart = attr(element.find(W + "lvlRestart"))
    return Level(
        start=_int(attr(element.find(W + "start")), 1),
        fmt=attr(element.find(W + "numFmt")) or "decimal",
        text=attr(element.find(W + "lvlText")) or "",
        legal=element.find(W + "isLgl") is not None and attr(element.find(W + "isLgl")) not in ("0", "false"),
        restart=_int(restart, 0) if restart is not None else None,
        style=attr(element.find(W + "pStyle")) or "",
    )


def _levels(element: etree._Element) -> dict[int, Level]:
    return {_int(attr(lvl, "ilvl"), 0): _parse_level(lvl) for lvl in element.findall(W + "lvl")}


@dataclass(frozen=True, slots=True)
class Style:
    name: str
    based_on: str | None
    num_id: str | None
    ilvl: int | None
    outline: int | None


@dataclass(frozen=True, slots=True)
class Styles:
    paragraph: dict[str, Style]
    default: str | None
    # Numbering styles (type="numbering") by id → their numId, for abstractNum numStyleLink.
    list_styles: dict[str, str] = field(default_factory=dict)

    def chain(self, style_id: str | None) -> list[tuple[str, Style]]:
        """The style and its `basedOn` ancestors, nearest first (cycles cut)."""
        chain: list[tuple[str, Style]] = []
        current = style_id or self.default
        while current and current in self.paragraph and all(current != seen for seen, _ in chain):
            style = self.paragraph[current]
            chain.append((current, style))
            current = style.based_on
        return chain

    def heading_level(self, style_id: str | None) -> int | None:
        """1–6 for Title/Heading N styles (or an inherited outline level), else None."""
        for _, style in self.chain(style_id):
            match = _HEADING_NAME.match(style.name)
            if match:
                return min(int(match.group(1)), 6)
            if style.name.lower() == "title":
                return 1
            if style.outline is not None:
                return style.outline + 1 if style.outline < 6 else None
        return None

    def numbering(self, style_id: str | None) -> tuple[str | None, int | None, str]:
        """numId and ilvl inherited from the style chain, and the style that set them."""
        for sid, style in self.chain(style_id):
            if style.num_id is not None or style.ilvl is not None:
                return style.num_id, style.ilvl, sid
        return None, None, ""


def parse_styles(root: etree._Element | None) -> Styles:
    paragraph: dict[str, Style] = {}
    list_styles: dict[str, str] = {}
    default: str | None = None
    if root is None:
        return Styles(paragraph, None)
    for element in root.iter(W + "style"):
        style_id = attr(element, "styleId")
        kind = attr(element, "type")
        ppr = element.find(W + "pPr")
        num_pr = ppr.find(W + "numPr") if ppr is not None else None
        if not style_id or kind not in (None, "paragraph", "numbering"):
            continue
        if kind == "numbering":
            linked = attr(num_pr.find(W + "numId")) if num_pr is not None else None
            if linked:
                list_styles[style_id] = linked
            continue
        ilvl = attr(num_pr.find(W + "ilvl")) if num_pr is not None else None
        outline = attr(ppr.find(W + "outlineLvl")) if ppr is not None else None
        paragraph[style_id] = Style(
            name=attr(element.find(W + "name")) or style_id,
            based_on=attr(element.find(W + "basedOn")),
            num_id=attr(num_pr.find(W + "numId")) if num_pr is not None else None,
            ilvl=_int(ilvl, 0) if ilvl is not None else None,
            outline=_int(outline, 9) if outline is not None and _int(outline, 9) < 9 else None,
        )
        if attr(element, "default") in ("1", "true"):
            default = style_id
    return Styles(paragraph, default, list_styles)


def format_number(value: int, fmt: str) -> str:
    """One counter in a Word number format; unknown formats fall back to decimal."""
    if fmt in ("bullet", "none"):
        return ""
    if fmt in ("lowerLetter", "upperLetter"):
        # Word goes a…z, aa…zz, aaa…: the letter repeats, it does not carry.
        letter = chr(ord("a") + (value - 1) % 26) * ((value - 1) // 26 + 1) if value > 0 else ""
        return letter.upper() if fmt == "upperLetter" else letter
    if fmt in ("lowerRoman", "upperRoman"):
        if value <= 0:
            return str(value)
        out, rest = [], value
        for amount, digits in zip(_ROMAN_VALUES, _ROMAN_DIGITS, strict=True):
            count, rest = divmod(rest, amount)
            out.append(digits * count)
        roman = "".join(out)
        return roman.upper() if fmt == "upperRoman" else roman
    if fmt == "decimalZero":
        return f"{value:02d}"
    return str(value)


@dataclass
class Numbering:
    """numbering.xml plus the running counters of one pass through the document."""

    styles: Styles
    instances: dict[str, ListInstance] = field(default_factory=dict)
    _counters: dict[str, list[int | None]] = field(default_factory=dict)

    @classmethod
    def parse(cls, root: etree._Element | None, styles: Styles) -> Numbering:
        numbering = cls(styles)
        if root is None:
            return numbering
        abstracts: dict[str, etree._Element] = {
            attr(a, "abstractNumId") or "": a for a in root.iter(W + "abstractNum")
        }
        nums = {attr(n, "numId") or "": n for n in root.iter(W + "num")}
        for num_id, num in nums.items():
            abstract_id = attr(num.find(W + "abstractNumId")) or ""
            abstract = _follow_style_link(abstract_id, abstracts, nums, styles)
            if abstract is None:
                continue
            levels = _levels(abstract)
            overridden = False
            for override in num.findall(W + "lvlOverride"):
                ilvl = _int(attr(override, "ilvl"), 0)
                replacement = override.find(W + "lvl")
                if replacement is not None:
                    levels[ilvl] = _parse_level(replacement)
                start = attr(override.find(W + "startOverride"))
                if start is not None:
                    levels[ilvl] = replace(levels.get(ilvl, Level()), start=_int(start, 1))
                overridden = True
            key = attr(abstract, "abstractNumId") or abstract_id
            numbering.instances[num_id] = ListInstance(key, levels, overridden)
        return numbering

    def resolve(self, num_pr: etree._Element | None, style_id: str | None) -> tuple[str, int] | None:
        """(numId, ilvl) for a paragraph from its own numPr and its style chain."""
        style_num, style_ilvl, from_style = self.styles.numbering(style_id)
        num_id = attr(num_pr.find(W + "numId")) if num_pr is not None else None
        ilvl_text = attr(num_pr.find(W + "ilvl")) if num_pr is not None else None
        num_id = num_id if num_id is not None else style_num
        if not num_id or num_id == "0" or num_id not in self.instances:
            return None
        if ilvl_text is not None:
            ilvl = _int(ilvl_text, 0)
        elif style_ilvl is not None:
            ilvl = style_ilvl
        else:
            # A style linked to a list without an ilvl takes the level that names the style.
            levels = self.instances[num_id].levels
            ilvl = next((i for i, level in levels.items() if level.style and level.style == from_style), 0)
        return num_id, max(0, min(ilvl, _MAX_LEVELS - 1))

    def next_label(self, num_id: str, ilvl: int) -> str:
        """Advance the counter for one numbered paragraph and render its label ("" for bullets)."""
        instance = self.instances[num_id]
        key = f"num:{num_id}" if instance.own_counters else f"abstract:{instance.abstract_id}"
        counters = self._counters.setdefault(key, [None] * _MAX_LEVELS)
        level = instance.levels.get(ilvl, Level(text=f"%{ilvl + 1}."))
        current = counters[ilvl]
        counters[ilvl] = level.start if current is None else current + 1
        for deeper in range(ilvl + 1, _MAX_LEVELS):
            restart = instance.levels.get(deeper, Level()).restart
            limit = deeper if restart is None else restart
            if ilvl < limit:
                counters[deeper] = None
        if level.fmt == "bullet":
            return ""

        def render(match: re.Match[str]) -> str:
            index = int(match.group(1)) - 1
            shown = instance.levels.get(index, Level())
            value = counters[index]
            value = shown.start if value is None else value
            fmt = "decimal" if level.legal and shown.fmt not in ("none", "bullet") else shown.fmt
            return format_number(value, fmt)

        return _PLACEHOLDER.sub(render, level.text).strip()


def _follow_style_link(
    abstract_id: str,
    abstracts: dict[str, etree._Element],
    nums: dict[str, etree._Element],
    styles: Styles,
) -> etree._Element | None:
    """An abstractNum with `numStyleLink` borrows the list of a numbering style."""
    abstract = abstracts.get(abstract_id)
    for _ in range(4):  # links are one hop in practice; bounded against cycles
        if abstract is None:
            return None
        link = attr(abstract.find(W + "numStyleLink"))
        if not link:
            return abstract
        target = nums.get(styles.list_styles.get(link, ""))
        abstract = abstracts.get(attr(target.find(W + "abstractNumId")) or "") if target is not None else None
    return abstract
