"""Render a :class:`Report` to a Word .docx laid out after GB/T 9704 through the bundled docxtpl template.

The template (``templates/report.docx``, built by ``scripts/make_templates.py``) holds the page setup,
the styles and the even/odd page-number footers; its body is ``{{ title }}`` and ``{{p body }}``. The body is a
sub-document built here with python-docx: headings and paragraphs, figures with 图N captions below, tables with
表N captions above, the 附件说明, the 落款 and the appendix on its own page, and for a formal 公文 the 版头 above
the title, the 主送机关 below it and the 版记 at the end — all as :func:`summarize.report.laid_out.lay_out` laid
them out; this module only places them on the page.

:func:`apply_layout` writes a :class:`Layout` into a python-docx document (sections, docDefaults, styles,
footers, font table); the template script uses it to build the template and :func:`render_docx` to apply a
user's layout settings to the bundled template at render time. Output is byte-reproducible: fixed core
properties and a zip rewritten with fixed timestamps and member order.
"""

from __future__ import annotations

import copy
import io
import math
import os
import re
import unicodedata
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_COLOR_INDEX, WD_PARAGRAPH_ALIGNMENT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor, Twips
from docx.styles.style import ParagraphStyle
from docx.table import Table as DocxTable
from docx.text.paragraph import Paragraph as DocxParagraph
from docx.text.run import Run
from docxtpl import DocxTemplate
from jinja2 import StrictUndefined, TemplateError, TemplateSyntaxError
from jinja2.sandbox import SecurityError

from summarize.bundled import bundled
from summarize.docx_size import check_docx_size
from summarize.errors import SummarizeError, SummarizeWarning
from summarize.layout import Layout, mm_to_twips, pt_to_twips, text_columns
from summarize.output import reproducible_zip, write_bytes_atomic
from summarize.report.laid_out import Head, Item, LaidOut, Line, PlacedFigure, PlacedTable, Record, lay_out
from summarize.report.model import Report, Table
from summarize.report.sandbox import LimitedEnvironment
from summarize.report.text import FILTERS, runtime_reason, syntax_reason

BUNDLED_TEMPLATE = bundled("templates", "report.docx")

# Core properties of every rendered file; created/modified are the report's date (or this fixed day).
AUTHOR = "summarize"
FIXED_TIMESTAMP = datetime(2000, 1, 1, tzinfo=UTC)

# Caption forms: 图1 …… below a figure, 表1 …… above a table.

# Characters XML 1.0 forbids (C0 controls but tab/newline/CR, lone surrogates, U+FFFE/U+FFFF).
XML_INVALID_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")

# Word substitutes these when the named font is missing (written into the template's font table).
FONT_ALT_NAMES = {
    "仿宋_GB2312": "仿宋",
    "楷体_GB2312": "楷体",
    "方正小标宋简体": "宋体",
    "方正小标宋_GBK": "宋体",
    "方正仿宋_GBK": "仿宋",
    "方正楷体_GBK": "楷体",
    "方正黑体_GBK": "黑体",
}

# Child order of w:pPr, w:rPr, w:sectPr and w:tblPr (ECMA-376): Word rejects out-of-order children.
PPR_ORDER = (
    "pStyle keepNext keepLines pageBreakBefore framePr widowControl numPr suppressLineNumbers pBdr shd tabs "
    "suppressAutoHyphens kinsoku wordWrap overflowPunct topLinePunct autoSpaceDE autoSpaceDN bidi adjustRightInd "
    "snapToGrid spacing ind contextualSpacing mirrorIndents suppressOverlap jc textDirection textAlignment "
    "textboxTightWrap outlineLvl divId cnfStyle rPr sectPr pPrChange"
).split()
RPR_ORDER = (
    "rStyle rFonts b bCs i iCs caps smallCaps strike dstrike outline shadow emboss imprint noProof snapToGrid "
    "vanish webHidden color spacing w kern position sz szCs highlight u effect bdr shd fitText vertAlign rtl cs "
    "em lang eastAsianLayout specVanish oMath"
).split()
SECTPR_ORDER = (
    "footnotePr endnotePr type pgSz pgMar paperSrc pgBorders lnNumType pgNumType cols formProt vAlign noEndnote "
    "titlePg textDirection bidi rtlGutter docGrid printerSettings sectPrChange"
).split()
TBLPR_ORDER = (
    "tblStyle tblpPr tblOverlap bidiVisual tblStyleRowBandSize tblStyleColBandSize tblW jc tblCellSpacing tblInd "
    "tblBorders shd tblLayout tblCellMar tblLook tblCaption tblDescription"
).split()


@dataclass(frozen=True)
class StyleSpec:
    """One paragraph style of the template: ASCII id, Chinese name and its GB/T 9704 formatting."""

    style_id: str
    name: str
    font: str
    size_pt: float
    bold: bool = False
    align: str = "both"  # both | center | left | right
    first_line_chars: float = 0.0
    right_chars: float = 0.0
    exact_spacing: bool = True  # False: single spacing, off the line grid (pictures, tables, footers)
    space_after_lines: int = 0
    keep_next: bool = False
    outline_level: int | None = None
    latin_font: str | None = None
    natural_spacing: bool = False  # True: not condensed to the 28-character line (page numbers)
    # False: no extra space between Chinese and Latin/digits, so widths are predictable (落款 date alignment).
    auto_space: bool = True


# Report paragraph styles → template style ids.
STYLE_IDS = {
    "title": "GwTitle",
    "body": "GwBody",
    "lead": "GwBody",
    "h1": "GwH1",
    "h2": "GwH2",
    "h3": "GwH3",
    "figure": "GwFigure",
    "figure_caption": "GwFigureCaption",
    "table_caption": "GwTableCaption",
    "table_text": "GwTableText",
    "signature": "GwSignature",
    "attachment_label": "GwAttachmentLabel",
    "attachment_title": "GwAttachmentTitle",
    "page_number": "GwPageNumber",
}


def style_specs(layout: Layout) -> list[StyleSpec]:
    """The template's paragraph styles with the fonts, sizes and indents of ``layout``.

    Names avoid "标题" and "正文": Chinese Word shows its built-in Title and Normal styles under those names.
    """
    body, head = layout.body_size_pt, layout.heading_size_pt
    indent = layout.first_line_indent_chars
    return [
        StyleSpec(
            "GwTitle",
            "公文标题",
            layout.title_font,
            layout.title_size_pt,
            align="center",
            space_after_lines=1,
        ),
        StyleSpec("GwBody", "公文正文", layout.body_font, body, first_line_chars=indent),
        StyleSpec(
            "GwH1", "一级标题", layout.h1_font, head, first_line_chars=indent, keep_next=True, outline_level=0
        ),
        StyleSpec(
            "GwH2", "二级标题", layout.h2_font, head, first_line_chars=indent, keep_next=True, outline_level=1
        ),
        StyleSpec(
            "GwH3",
            "三级标题",
            layout.h3_font,
            head,
            bold=layout.h3_bold,
            first_line_chars=indent,
            keep_next=True,
            outline_level=2,
        ),
        StyleSpec(
            "GwFigure", "图片", layout.body_font, body, align="center", exact_spacing=False, keep_next=True
        ),
        StyleSpec("GwFigureCaption", "图题", layout.caption_font, layout.caption_size_pt, align="center"),
        StyleSpec(
            "GwTableCaption",
            "表题",
            layout.caption_font,
            layout.caption_size_pt,
            align="center",
            keep_next=True,
        ),
        StyleSpec(
            "GwTableText",
            "表格文字",
            layout.table_font,
            layout.table_size_pt,
            align="left",
            exact_spacing=False,
        ),
        StyleSpec(
            "GwSignature",
            "落款",
            layout.body_font,
            body,
            align="right",
            right_chars=layout.signature_right_chars,
            auto_space=False,
        ),
        StyleSpec(
            "GwAttachmentLabel", "附件标识", layout.attachment_label_font, body, align="left", keep_next=True
        ),
        StyleSpec(
            "GwAttachmentTitle",
            "附件标题",
            layout.title_font,
            layout.title_size_pt,
            align="center",
            space_after_lines=1,
            keep_next=True,
        ),
        StyleSpec(
            "GwPageNumber",
            "页码",
            layout.page_number_font,
            layout.page_number_size_pt,
            align="right",
            exact_spacing=False,
            latin_font=layout.page_number_font,
            natural_spacing=True,
        ),
    ]


# ---------------------------------------------------------------------------------------------------------------
# Text


def xml_safe(text: str) -> str:
    """``text`` without the characters XML 1.0 cannot hold; everything else (𠮷, &, <, >) is kept."""
    return XML_INVALID_RE.sub("", text)


def display_width(text: str) -> float:
    """Width of ``text`` in full-width characters (:func:`summarize.layout.text_columns` halved)."""
    return text_columns(text) / 2


# ---------------------------------------------------------------------------------------------------------------
# OOXML helpers


def _set_child(parent: Any, tag: str, order: list[str], **attrs: str) -> Any:
    """The ``w:tag`` child of ``parent`` (created in schema order if missing) with exactly ``attrs``."""
    element = parent.find(qn(f"w:{tag}"))
    if element is None:
        element = OxmlElement(f"w:{tag}")
        later = {qn(f"w:{t}") for t in order[order.index(tag) + 1 :]}
        for index, child in enumerate(parent):
            if child.tag in later:
                parent.insert(index, element)
                break
        else:
            parent.append(element)
    element.attrib.clear()
    for key, value in attrs.items():
        element.set(qn(f"w:{key}"), value)
    return element


def _set_tabs(ppr: Any, stops: list[tuple[str, int]]) -> None:
    """Tab stops (alignment, position in twips from the paragraph's left edge) replacing any there were."""
    tabs = _set_child(ppr, "tabs", PPR_ORDER)
    for alignment, position in stops:
        tab = OxmlElement("w:tab")
        tab.set(qn("w:val"), alignment)
        tab.set(qn("w:pos"), str(position))
        tabs.append(tab)


def _remove_child(parent: Any, tag: str) -> None:
    for element in parent.findall(qn(f"w:{tag}")):
        parent.remove(element)


def _set_fonts(rpr: Any, east_asia: str, latin: str, lang_tag: str = "zh-CN") -> None:
    """rFonts with an explicit East Asian font and no theme fonts, plus the East Asian language (zh-CN, or
    zh-TW/zh-HK for a traditional document, so Word and WPS proof and break lines as for that text)."""
    _set_child(
        rpr, "rFonts", RPR_ORDER, ascii=latin, hAnsi=latin, cs=latin, eastAsia=east_asia, hint="eastAsia"
    )
    _set_child(rpr, "lang", RPR_ORDER, val="en-US", eastAsia=lang_tag, bidi="ar-SA")


def _set_char_spacing(rpr: Any, twips: int) -> None:
    """Condensed (negative) or expanded character spacing in 1/20 pt; 0 removes it."""
    if twips:
        _set_child(rpr, "spacing", RPR_ORDER, val=str(twips))
    else:
        _remove_child(rpr, "spacing")


def _set_size(rpr: Any, size_pt: float) -> None:
    half_points = str(round(size_pt * 2))
    _set_child(rpr, "sz", RPR_ORDER, val=half_points)
    _set_child(rpr, "szCs", RPR_ORDER, val=half_points)


def _set_spacing(ppr: Any, layout: Layout, exact: bool, after_lines: int = 0) -> None:
    # Space after in twips only: Word's afterLines counts in lines whose height depends on the grid.
    attrs = {"before": "0", "after": str(after_lines * layout.line_pitch_twips)}
    if exact:
        attrs.update(line=str(layout.line_pitch_twips), lineRule="exact")
    else:
        attrs.update(line="240", lineRule="auto")
    _set_child(ppr, "spacing", PPR_ORDER, **attrs)


def _set_indent(ppr: Any, size_pt: float, first_line: float = 0, right: float = 0, left: float = 0) -> None:
    """Indents in characters: ``…Chars`` in hundredths (Word) plus twips at ``size_pt`` (other readers)."""

    def twips(chars: float) -> str:
        return str(pt_to_twips(chars * size_pt))

    _set_child(
        ppr,
        "ind",
        PPR_ORDER,
        left=twips(left),
        leftChars=str(round(left * 100)),
        right=twips(right),
        rightChars=str(round(right * 100)),
        firstLine=twips(first_line),
        firstLineChars=str(round(first_line * 100)),
    )


def _page_number_runs(paragraph: DocxParagraph, sample: int) -> None:
    """The runs of "— N —" with N a PAGE field (a complex field: Word and LibreOffice both update it)."""
    p = paragraph._p

    def run(child: Any) -> None:
        r = OxmlElement("w:r")
        r.append(child)
        p.append(r)

    def text(value: str) -> Any:
        t = OxmlElement("w:t")
        t.set(qn("xml:space"), "preserve")
        t.text = value
        return t

    def fld_char(kind: str) -> Any:
        element = OxmlElement("w:fldChar")
        element.set(qn("w:fldCharType"), kind)
        return element

    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = " PAGE "
    run(text("— "))
    run(fld_char("begin"))
    run(instr)
    run(fld_char("separate"))
    run(text(str(sample)))
    run(fld_char("end"))
    run(text(" —"))


# ---------------------------------------------------------------------------------------------------------------
# Layout → document


def apply_layout(document: DocxDocument, layout: Layout, lang: str = "zh-Hans") -> None:
    """Write ``layout`` into ``document``: page setup and line grid, default and template styles (created when
    missing), even/odd page-number footers, the theme's fonts and the font table; ``lang`` sets the East Asian
    language of the text (zh-CN, zh-TW or zh-HK)."""
    from summarize.report.lang import east_asian_tag

    tag = east_asian_tag(lang)
    _apply_sections(document, layout)
    _apply_settings(document, tag)
    _apply_defaults(document, layout, tag)
    for spec in style_specs(layout):
        _apply_style(document, spec, layout, tag)
    _apply_footers(document, layout)
    _apply_theme(document, layout)
    _apply_font_table(document, layout)


def _apply_sections(document: DocxDocument, layout: Layout) -> None:
    for section in document.sections:
        section.page_width = Twips(mm_to_twips(layout.page_width_mm))
        section.page_height = Twips(mm_to_twips(layout.page_height_mm))
        section.top_margin = Twips(mm_to_twips(layout.margin_top_mm))
        section.bottom_margin = Twips(mm_to_twips(layout.margin_bottom_mm))
        section.left_margin = Twips(mm_to_twips(layout.margin_left_mm))
        section.right_margin = Twips(mm_to_twips(layout.margin_right_mm))
        section.header_distance = Twips(mm_to_twips(layout.header_distance_mm))
        section.footer_distance = Twips(mm_to_twips(layout.footer_distance_mm))
        section.gutter = Twips(0)
        # A line grid only (see summarize.layout: LibreOffice mis-sets a character grid).
        _set_child(
            section._sectPr, "docGrid", SECTPR_ORDER, type="lines", linePitch=str(layout.line_pitch_twips)
        )


def _apply_settings(document: DocxDocument, lang_tag: str) -> None:
    document.settings.odd_and_even_pages_header_footer = True
    settings = document.settings.element
    lang = settings.find(qn("w:themeFontLang"))
    if lang is not None:
        lang.set(qn("w:eastAsia"), lang_tag)


def _apply_defaults(document: DocxDocument, layout: Layout, lang_tag: str) -> None:
    styles = document.styles.element
    # No theme fonts anywhere: Word would resolve them through the theme's (Japanese) East Asian font.
    for fonts in styles.iter(qn("w:rFonts")):
        for key in [k for k in fonts.attrib if k.endswith(("Theme", "theme"))]:
            del fonts.attrib[key]
    defaults = styles.find(qn("w:docDefaults"))
    if defaults is None:
        defaults = OxmlElement("w:docDefaults")
        styles.insert(0, defaults)
    rpr = _child(_child(defaults, "rPrDefault"), "rPr")
    _set_fonts(rpr, layout.body_font, layout.latin_font, lang_tag)
    _set_char_spacing(rpr, layout.char_spacing_twips)
    _set_size(rpr, layout.body_size_pt)
    ppr = _child(_child(defaults, "pPrDefault"), "pPr")
    # Widow and orphan control: no page starts or ends with a paragraph's single line ("督查。" alone on top).
    _set_child(ppr, "widowControl", PPR_ORDER)
    _set_spacing(ppr, layout, exact=True)

    normal = document.styles["Normal"].element
    _set_child(normal.get_or_add_pPr(), "widowControl", PPR_ORDER)
    _set_spacing(normal.get_or_add_pPr(), layout, exact=True)
    _set_fonts(normal.get_or_add_rPr(), layout.body_font, layout.latin_font, lang_tag)
    _set_char_spacing(normal.get_or_add_rPr(), layout.char_spacing_twips)
    _set_size(normal.get_or_add_rPr(), layout.body_size_pt)


def _child(parent: Any, tag: str) -> Any:
    """The ``w:tag`` child of ``parent`` as it is, appended when missing."""
    element = parent.find(qn(f"w:{tag}"))
    if element is None:
        element = OxmlElement(f"w:{tag}")
        parent.append(element)
    return element


def _apply_style(document: DocxDocument, spec: StyleSpec, layout: Layout, lang_tag: str) -> None:
    style = _find_style(document, spec.style_id, spec.name)
    if style is None:
        style = document.styles.add_style(spec.name, WD_STYLE_TYPE.PARAGRAPH)
        style.style_id = spec.style_id
    style.base_style = document.styles["Normal"]
    style.quick_style = True
    style.hidden = False
    element = style.element
    for tag in ("pPr", "rPr"):
        _remove_child(element, tag)
    ppr = element.get_or_add_pPr()
    if spec.keep_next:
        _set_child(ppr, "keepNext", PPR_ORDER)
    if not spec.auto_space:
        _set_child(ppr, "autoSpaceDE", PPR_ORDER, val="0")
        _set_child(ppr, "autoSpaceDN", PPR_ORDER, val="0")
    if not spec.exact_spacing:
        _set_child(ppr, "snapToGrid", PPR_ORDER, val="0")
    _set_spacing(ppr, layout, spec.exact_spacing, spec.space_after_lines)
    _set_indent(ppr, spec.size_pt, first_line=spec.first_line_chars, right=spec.right_chars)
    _set_child(ppr, "jc", PPR_ORDER, val=spec.align)
    if spec.outline_level is not None:
        _set_child(ppr, "outlineLvl", PPR_ORDER, val=str(spec.outline_level))
    rpr = element.get_or_add_rPr()
    _set_fonts(rpr, spec.font, spec.latin_font or layout.latin_font, lang_tag)
    if spec.bold:
        _set_child(rpr, "b", RPR_ORDER)
        _set_child(rpr, "bCs", RPR_ORDER)
    if spec.natural_spacing:
        _set_child(rpr, "spacing", RPR_ORDER, val="0")
    _set_size(rpr, spec.size_pt)


def _apply_footers(document: DocxDocument, layout: Layout) -> None:
    """Odd pages: "— N —" right-aligned 空一字; even pages: left-aligned 空一字 (needs evenAndOddHeaders)."""
    style = _find_style(document, STYLE_IDS["page_number"], "页码")
    indent = layout.page_number_indent_chars
    for section in document.sections:
        for footer, side, sample in ((section.footer, "right", 1), (section.even_page_footer, "left", 2)):
            footer.is_linked_to_previous = False
            container = footer._element
            for child in list(container):
                container.remove(child)
            paragraph = footer.add_paragraph(style=style)
            ppr = paragraph._p.get_or_add_pPr()
            if side == "right":
                _set_indent(ppr, layout.page_number_size_pt, right=indent)
            else:
                _set_indent(ppr, layout.page_number_size_pt, left=indent)
            _set_child(ppr, "jc", PPR_ORDER, val=side)
            _page_number_runs(paragraph, sample)


def _apply_theme(document: DocxDocument, layout: Layout) -> None:
    """The theme's heading and body faces → the layout's fonts, with no per-script faces.

    python-docx's default theme names Calibri, Cambria, ＭＳ 明朝, ＭＳ ゴシック and a face for every script; WPS
    lists each one it lacks as a missing font when the document opens, though no text uses them.
    """
    part = next((r.target_part for r in document.part.rels.values() if r.reltype == RT.THEME), None)
    if part is None or not hasattr(part, "_blob"):
        return
    from lxml import etree

    drawing = "http://schemas.openxmlformats.org/drawingml/2006/main"
    root = etree.fromstring(part.blob)
    for group, east_asia in (("majorFont", layout.title_font), ("minorFont", layout.body_font)):
        for fonts in root.iter(f"{{{drawing}}}{group}"):
            for child in list(fonts):
                fonts.remove(child)
            for tag, face in (("latin", layout.latin_font), ("ea", east_asia), ("cs", layout.latin_font)):
                etree.SubElement(fonts, f"{{{drawing}}}{tag}").set("typeface", face)
    part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _apply_font_table(document: DocxDocument, layout: Layout) -> None:
    """The font table lists exactly the layout's fonts: its Chinese fonts (charset GB2312) with their usual
    substitutes as altName, and its Latin font. python-docx's defaults (Calibri, Cambria, ＭＳ 明朝 …) are
    dropped: WPS reports every listed font it lacks."""
    part = next((r.target_part for r in document.part.rels.values() if r.reltype == RT.FONT_TABLE), None)
    if part is None or not hasattr(part, "_blob"):
        return
    from lxml import etree

    root = etree.fromstring(part.blob)
    names = layout.east_asian_fonts()
    for font in root.findall(qn("w:font")):
        if font.get(qn("w:name")) not in (*names, layout.latin_font):
            root.remove(font)
    for name in [*names, layout.latin_font]:
        if any(f.get(qn("w:name")) == name for f in root.findall(qn("w:font"))):
            continue
        if name == layout.latin_font:
            font = etree.SubElement(root, qn("w:font"))
            font.set(qn("w:name"), name)
            etree.SubElement(font, qn("w:charset")).set(qn("w:val"), "00")
            etree.SubElement(font, qn("w:family")).set(qn("w:val"), "roman")
            etree.SubElement(font, qn("w:pitch")).set(qn("w:val"), "variable")
            continue
        font = etree.SubElement(root, qn("w:font"))
        font.set(qn("w:name"), name)
        if name in FONT_ALT_NAMES:
            etree.SubElement(font, qn("w:altName")).set(qn("w:val"), FONT_ALT_NAMES[name])
        etree.SubElement(font, qn("w:charset")).set(qn("w:val"), "86")
        etree.SubElement(font, qn("w:family")).set(qn("w:val"), "auto")
        etree.SubElement(font, qn("w:pitch")).set(qn("w:val"), "variable")
    # python-docx keeps parts it has no class for as bytes.
    part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _find_style(document: DocxDocument, style_id: str, name: str) -> ParagraphStyle | None:
    """A paragraph style by id (bundled template), else by name (a template re-saved or made in Word)."""
    by_name = None
    for style in document.styles:
        if style.type != WD_STYLE_TYPE.PARAGRAPH:
            continue
        if style.style_id == style_id:
            return style
        if style.name == name:
            by_name = style
    return by_name


# ---------------------------------------------------------------------------------------------------------------
# Body


class _Body:
    """Builds the sub-document: a python-docx document sharing the template's main part, so pictures and
    styles resolve against the template, and whose body XML docxtpl puts where ``{{p body }}`` stands.

    This is what ``docxtpl.Subdoc`` does for a sub-document built from scratch; Subdoc itself imports
    docxcompose (the optional ``docxtpl[subdoc]`` extra) even when it composes nothing, so it is not used.
    """

    def __init__(self, template: DocxTemplate, layout: Layout) -> None:
        self.template = template.get_docx()
        self.docx = Document()
        self.docx._part = self.template.part
        self.layout = layout
        section = self.template.sections[-1]
        self.text_width = section.page_width - section.left_margin - section.right_margin
        self.styles = {
            key: _find_style(self.template, sid, _STYLE_NAMES[sid]) for key, sid in STYLE_IDS.items()
        }
        # Each paragraph names its style by id; python-docx would look the id up again for every paragraph
        # (walking all the template's styles to find the default), so it is looked up once per style here.
        self.style_ids = {
            key: self.template.part.get_style_id(style, WD_STYLE_TYPE.PARAGRAPH)
            for key, style in self.styles.items()
        }

    def __html__(self) -> str:
        """The sub-document's body XML for docxtpl's ``{{p body }}`` (raw XML, not escaped)."""
        from lxml import etree

        body = copy.deepcopy(self.docx.element.body)
        _remove_child(body, "sectPr")
        return re.sub(r"</?w:body[^>]*>", "", etree.tostring(body, encoding="unicode"))

    __str__ = __html__

    def styled(self, paragraph: DocxParagraph, kind: str) -> None:
        """Give ``paragraph`` the style for ``kind``, as ``paragraph.style = self.styles[kind]`` does."""
        paragraph._p.style = self.style_ids[kind]

    def add_paragraph(self, kind: str) -> DocxParagraph:
        """A new paragraph in the style for ``kind``, as ``add_paragraph(style=self.styles[kind])`` makes it
        (a template without the style leaves the paragraph's properties untouched)."""
        paragraph = self.docx.add_paragraph()
        if self.styles[kind] is not None:
            self.styled(paragraph, kind)
        return paragraph

    def paragraph(self, text: str, kind: str) -> DocxParagraph:
        """A paragraph of ``text`` in the style for ``kind``; placeholders are highlighted."""
        paragraph = self.add_paragraph(kind)
        add_text(paragraph, text)
        return paragraph

    def items(self, items: list[Item]) -> None:
        """Every laid-out item in order (numbered by :func:`summarize.report.laid_out.lay_out`)."""
        for item in items:
            if isinstance(item, Line):
                self.paragraph(item.text, item.role)
            elif isinstance(item, PlacedFigure):
                self.figure(item)
            else:
                self.table(item)

    def figure(self, placed: PlacedFigure) -> None:
        """The picture centred, then "图N caption" below it, kept together.

        The picture is at most the text width, and low enough that picture and caption take at most
        ``figure_max_lines`` lines: a figure that moves to the next page leaves no more than that blank.
        """
        figure = placed.figure
        width = min(Cm(figure.width_cm), self.text_width)
        pixels_wide, pixels_high = png_size(figure.png)
        lines = self.layout.figure_max_lines - 1  # one line for the caption
        max_height = Pt(lines * self.layout.line_pitch_twips / 20)
        if pixels_wide and width * pixels_high / pixels_wide > max_height:
            width = round(max_height * pixels_wide / pixels_high)
        paragraph = self.add_paragraph("figure")
        # Also as direct formatting: under a template without the style, exact spacing would crop the picture.
        paragraph.alignment = WD_PARAGRAPH_ALIGNMENT.CENTER
        paragraph.paragraph_format.line_spacing = 1.0
        run = paragraph.add_run()
        run.add_picture(io.BytesIO(figure.png), width=width)
        doc_pr = run._r.find(".//" + qn("wp:docPr"))
        if doc_pr is not None:
            doc_pr.set("descr", xml_safe(figure.caption))
        self.paragraph(placed.caption.text, "figure_caption")

    def table(self, placed: PlacedTable) -> None:
        """The caption "表N …" above, then a bordered full-width table whose header row repeats on each page."""
        table = placed.table
        if not table.columns:
            raise ValueError(f"表“{table.caption}”没有列")
        if placed.caption is not None:
            self.paragraph(placed.caption.text, "table_caption")
        ncols = len(table.columns)
        rows = [table.columns, *table.rows]
        for number, row in enumerate(table.rows, start=1):
            if len(row) > ncols:
                raise ValueError(f"表“{table.caption}”第{number}行有{len(row)}格，多于{ncols}列")
        grid = self.docx.add_table(rows=len(rows), cols=ncols)
        size, weights = fit_table(table, self.layout)
        widths = _format_table(grid, self.text_width, weights)
        # The characters a column holds on a line: a header wider than that is broken into even lines.
        room = [(twips - 2 * CELL_MARGIN_TWIPS) / (size * 20) for twips in widths]
        rows[0] = [balanced_header(title, chars) for title, chars in zip(table.columns, room, strict=True)]
        # grid.cell(r, c) rebuilds the table's whole cell list on every call; take each row's cells once.
        for r, (values, grid_row) in enumerate(zip(rows, grid.rows, strict=True)):
            for c, cell in enumerate(grid_row.cells):
                cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
                paragraph = cell.paragraphs[0]
                self.styled(paragraph, "table_text")
                add_text(paragraph, values[c] if c < len(values) else "")
                if size != self.layout.table_size_pt:
                    for run in paragraph.runs:
                        run.font.size = Pt(size)
                if r == 0:
                    paragraph.alignment = WD_PARAGRAPH_ALIGNMENT.CENTER
                    for run in paragraph.runs:
                        run.bold = True
                elif c in table.numeric_columns:
                    paragraph.alignment = WD_PARAGRAPH_ALIGNMENT.RIGHT
        for r, row in enumerate(grid.rows):
            trpr = row._tr.get_or_add_trPr()
            trpr.append(OxmlElement("w:cantSplit"))
            if r == 0:
                trpr.append(OxmlElement("w:tblHeader"))
        if placed.note:
            self.paragraph(placed.note.text, "table_text")

    def closing(self, laid: LaidOut) -> None:
        """附件说明 (when there is an appendix), then the 落款: 署名 and date, 日期首字比署名首字右移二字.

        All of it is kept on one page with the last line of the text, so the 落款 never stands alone.
        """
        lines = [self._last_paragraph()]
        if laid.attachment_lines:
            lines.append(self.paragraph("", "body"))
            lines += [self.paragraph(line.text, "body") for line in laid.attachment_lines]
        day, signature, seal = laid.date, laid.signature, laid.seal
        if signature or day:
            # A seal needs room: its top is within a line of the text, its lower half over the 落款.
            for _ in range(self.layout.seal_blank_lines if seal else 1):
                lines.append(self.paragraph("", "body"))
            sig_w, day_w = display_width(signature), display_width(day)
            if seal:
                # GB/T 9704 7.3.5.1: 成文日期右空四字, the signature centred on the date above it.
                day_right = self.layout.seal_date_right_chars
                sig_right = max(day_right + (day_w - sig_w) / 2, 0.0)
            else:
                # GB/T 9704 7.3.5.2: 署名右空二字; the date starts two characters right of the signature's
                # first character; when the date is the longer, the date keeps 右空二字 and the signature
                # moves left.
                margin = self.layout.signature_right_chars
                day_right = max(sig_w - day_w - 2 + margin, margin) if signature else margin
                sig_right = day_right + day_w + 2 - sig_w
            size = self.layout.body_size_pt
            if signature:
                lines.append(self.paragraph(signature, "signature"))
                _set_indent(lines[-1]._p.get_or_add_pPr(), size, right=sig_right)
            if day:
                lines.append(self.paragraph(day, "signature"))
                _set_indent(lines[-1]._p.get_or_add_pPr(), size, right=day_right)
        for line in lines[:-1]:
            if line is not None:
                line.paragraph_format.keep_with_next = True

    def head(self, head: Head) -> list[Any]:
        """The 版头 as detached paragraphs to put above the title (GB/T 9704 7.2): the 发文机关标志 centred in
        red, 35 mm below the 版心's top (80 mm for an 上行文, one with a 签发人); two lines below it the 发文字号,
        centred (or 左空一字 with the 签发人 右空一字); 4 mm below that a red rule as wide as the 版心, and the
        title two lines below the rule."""
        layout = self.layout
        pitch = layout.line_pitch_twips
        elements = []
        if head.issuer:
            mark = self.paragraph(head.issuer, "title")
            ppr = mark._p.get_or_add_pPr()
            top = layout.head_top_upward_mm if head.upward else layout.head_top_mm
            line = round(layout.issuer_size_pt * 20 * 1.2)
            after = 2 * pitch if head.number else 0
            _set_child(
                ppr,
                "spacing",
                PPR_ORDER,
                before=str(mm_to_twips(top)),
                after=str(after),
                line=str(line),
                lineRule="exact",
            )
            _set_child(ppr, "jc", PPR_ORDER, val="center")
            for run in mark.runs:
                run.font.size = Pt(layout.issuer_size_pt)
                run.font.color.rgb = RGBColor.from_string(layout.head_color)
                _set_char_spacing(run._r.get_or_add_rPr(), 0)
            elements.append(mark._p)
        if head.number:
            number = self.add_paragraph("body")
            ppr = number._p.get_or_add_pPr()
            size = layout.body_size_pt
            _set_indent(ppr, size)  # no indent: the red rule (the paragraph's border) spans the 版心
            if head.signer:
                # 发文字号 左空一字, 签发人 右空一字: tab stops one character in from either side.
                one = pt_to_twips(size)
                _set_tabs(ppr, [("left", one), ("right", layout.text_width_twips - one)])
                _set_child(ppr, "jc", PPR_ORDER, val="left")
                add_text(number, f"\t{head.number}\t{head.signer_label}")
                for name in add_text(number, head.signer):
                    _set_fonts(name._r.get_or_add_rPr(), layout.h2_font, layout.latin_font)
            else:
                _set_child(ppr, "jc", PPR_ORDER, val="center")
                add_text(number, head.number)
            borders = _set_child(ppr, "pBdr", PPR_ORDER)
            rule = OxmlElement("w:bottom")
            space_pt = round(layout.head_rule_gap_mm * 72 / 25.4)
            for key, value in (
                ("val", "single"),
                ("sz", str(layout.head_rule_eighths)),
                ("space", str(space_pt)),
                ("color", layout.head_color),
            ):
                rule.set(qn(f"w:{key}"), value)
            borders.append(rule)
            # The title two lines below the rule: the border's gap is part of the space after.
            before = 0 if head.issuer else mm_to_twips(layout.head_top_mm)
            after = 2 * pitch - pt_to_twips(space_pt)
            _set_child(
                ppr,
                "spacing",
                PPR_ORDER,
                before=str(before),
                after=str(after),
                line=str(pitch),
                lineRule="exact",
            )
            elements.append(number._p)
        for element in elements:
            element.getparent().remove(element)
        return elements

    def addressee(self, line: Line) -> Any:
        """The 主送机关 as a detached paragraph for below the title, 顶格."""
        paragraph = self.paragraph(line.text, "body")
        _set_indent(paragraph._p.get_or_add_pPr(), self.layout.body_size_pt)
        paragraph._p.getparent().remove(paragraph._p)
        return paragraph._p

    def record(self, record: Record) -> None:
        """The 版记 at the end (GB/T 9704 7.4): 抄送 and 印发机关/印发日期 in 4号, between a thick first and last
        rule (0.35 mm) and thin rules between them (0.25 mm), as wide as the 版心, at the foot of the last page."""
        layout = self.layout
        size = layout.record_size_pt
        rows = []
        if record.cc:
            rows.append("cc")
        if record.has_print_line:
            rows.append("print")
        grid = self.docx.add_table(rows=len(rows), cols=1)
        tblpr = grid._tbl.tblPr
        # Floating at the foot of the 版心, so its last 要素 sits on the last line: rows of one line each (a
        # long 抄送 grows upward from there in Word), placed that many lines above the 版心's bottom.
        pitch = layout.line_pitch_twips
        top = layout.text_height_twips - len(rows) * pitch
        _set_child(
            tblpr,
            "tblpPr",
            TBLPR_ORDER,
            vertAnchor="margin",
            horzAnchor="margin",
            tblpXSpec="center",
            tblpY=str(top),
        )
        _set_child(tblpr, "tblW", TBLPR_ORDER, w=str(layout.text_width_twips), type="dxa")
        margins = _set_child(tblpr, "tblCellMar", TBLPR_ORDER)
        for side in ("left", "right"):  # no cell margins: indents and tab stops measure from the 版心's edges
            margin = OxmlElement(f"w:{side}")
            margin.set(qn("w:w"), "0")
            margin.set(qn("w:type"), "dxa")
            margins.append(margin)
        borders = _set_child(tblpr, "tblBorders", TBLPR_ORDER)
        thick, thin = str(layout.record_thick_eighths), str(layout.record_thin_eighths)
        for side, width in (
            ("top", thick),
            ("left", None),
            ("bottom", thick),
            ("right", None),
            ("insideH", thin),
            ("insideV", None),
        ):
            edge = OxmlElement(f"w:{side}")
            if width is None:
                edge.set(qn("w:val"), "nil")
            else:
                for key, value in (("val", "single"), ("sz", width), ("space", "0"), ("color", "000000")):
                    edge.set(qn(f"w:{key}"), value)
            borders.append(edge)
        grid.columns[0].width = Twips(layout.text_width_twips)
        for kind, row in zip(rows, grid.rows, strict=True):
            cell = row.cells[0]
            cell.width = Twips(layout.text_width_twips)
            paragraph = cell.paragraphs[0]
            self.styled(paragraph, "body")
            ppr = paragraph._p.get_or_add_pPr()
            if kind == "cc":
                # 左右各空一字; a second line aligns with the first name after "抄送：".
                hang = display_width(record.cc_label)
                _set_indent(ppr, size, left=1 + hang, right=1)
                ind = ppr.find(qn("w:ind"))
                for key in ("firstLine", "firstLineChars"):
                    del ind.attrib[qn(f"w:{key}")]
                ind.set(qn("w:hanging"), str(pt_to_twips(hang * size)))
                ind.set(qn("w:hangingChars"), str(round(hang * 100)))
                add_text(paragraph, record.cc)
            else:
                # 印发机关 左空一字, 印发日期 右空一字, on one line.
                _set_indent(ppr, size, left=1)
                _set_tabs(ppr, [("right", layout.text_width_twips - pt_to_twips(size))])
                add_text(paragraph, f"{record.printer}\t{record.printed}")
            _set_child(ppr, "jc", PPR_ORDER, val="left")
            for run in paragraph.runs:
                run.font.size = Pt(size)
        for row in grid.rows:
            trpr = row._tr.get_or_add_trPr()
            trpr.append(OxmlElement("w:cantSplit"))
            height = OxmlElement("w:trHeight")
            height.set(qn("w:val"), str(pitch))
            height.set(qn("w:hRule"), "atLeast")
            trpr.append(height)
        # A document cannot end with a table; the floating 版记 is anchored to this last, empty paragraph.
        self.paragraph("", "table_text")

    def _last_paragraph(self) -> DocxParagraph | None:
        """The body's last block when it is a paragraph (not a table)."""
        blocks = [e for e in self.docx.element.body if e.tag != qn("w:sectPr")]
        if blocks and blocks[-1].tag == qn("w:p"):
            return DocxParagraph(blocks[-1], self.docx._body)
        return None

    def appendix(self, laid: LaidOut) -> None:
        """Each 附件 on a new page: "附件" (附件1, 附件2…) on line 1, a blank line, its title centred on line 3, its
        items."""
        for attachment in laid.attachments:
            label = self.paragraph(attachment.label, "attachment_label")
            label.paragraph_format.page_break_before = True
            self.paragraph("", "attachment_label")
            if attachment.title:
                self.paragraph(attachment.title, "attachment_title")
            self.items(attachment.items)


_STYLE_NAMES = {spec.style_id: spec.name for spec in style_specs(Layout())}


def add_text(paragraph: DocxParagraph, text: str) -> list[Run]:
    """Runs for ``text`` in ``paragraph``, 【请补充：…】 placeholders as yellow-highlighted runs; returns them."""
    runs = []
    for part, placeholder in Line("", xml_safe(text)).runs:
        run = paragraph.add_run(part)
        if placeholder:
            run.font.highlight_color = WD_COLOR_INDEX.YELLOW
        runs.append(run)
    return runs


def png_size(png: bytes) -> tuple[int, int]:
    """Width and height in pixels of PNG bytes (from the IHDR chunk); (0, 0) for anything else."""
    if png[:8] != b"\x89PNG\r\n\x1a\n" or len(png) < 24:
        return 0, 0
    return int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")


class UncoveredCharactersWarning(SummarizeWarning):
    """Text has characters the layout's ``_GB2312`` fonts do not have (生僻字 in names)."""


def uncovered_characters(report: Report, layout: Layout) -> list[str]:
    """The Chinese characters of ``report`` outside GB2312, in order of appearance, when the layout names a
    ``_GB2312`` font (仿宋_GB2312, 楷体_GB2312 have only GB2312's 6,763 characters: 堃, 喆, 𠮷 print as boxes or in
    another font); empty otherwise."""
    if not any(name.endswith("_GB2312") for name in layout.east_asian_fonts()):
        return []
    # Every line printed, the 公文 marks (红头, 抄送 …) included, then the table cells.
    texts = [line.text for line in lay_out(report).lines()]
    for table in report.tables:
        texts += [*table.columns, *(cell for row in table.rows for cell in row)]
    found: dict[str, None] = {}
    for ch in "".join(texts):
        if ch not in found and unicodedata.category(ch) == "Lo" and not _in_gb2312(ch):
            found[ch] = None
    return list(found)


def _in_gb2312(ch: str) -> bool:
    try:
        ch.encode("gb2312")
    except UnicodeEncodeError:
        return False
    return True


def warn_uncovered_characters(report: Report, layout: Layout) -> None:
    """Warn (:class:`UncoveredCharactersWarning`, in Chinese) when :func:`uncovered_characters` finds any."""
    missing = uncovered_characters(report, layout)
    if missing:
        import warnings

        fonts = "、".join(n for n in layout.east_asian_fonts() if n.endswith("_GB2312"))
        shown = "、".join(missing[:10]) + ("等" if len(missing) > 10 else "")
        warnings.warn(
            UncoveredCharactersWarning(
                f"“{report.title}”中有{len(missing)}个字不在 GB2312 字符集内（{shown}），{fonts}没有这些字，"
                "打印时会显示为方框或换用其他字体；请核对，或在 summarize.toml 的 [layout] 中改用"
                "方正仿宋_GBK 等 GBK 字体"
            ),
            stacklevel=3,
        )


# 四号, 小四, 五号, 小五: the sizes a clerk steps down through to fit a wide table on the page.
TABLE_SIZES_PT = (14.0, 12.0, 10.5, 9.0)


def fit_table(table: Table, layout: Layout) -> tuple[float, list[float]]:
    """The largest table font (from the layout's size down to 小五) at which no number (nor a ``nowrap_columns``
    cell) wraps, and the widths."""
    sizes = [layout.table_size_pt, *(s for s in TABLE_SIZES_PT if s < layout.table_size_pt)]
    for size in sizes:
        capacity = layout.text_width_twips / (size * 20)
        kept = tuple(sorted({*table.numeric_columns, *table.nowrap_columns}))
        widths = column_widths(table.columns, table.rows, kept, capacity, cell_padding(size))
        if sum(widths) <= capacity + 0.01:
            return size, widths
    return size, widths


# A text column shrinks to no less than this many characters (or its longest cell, if shorter): the longest
# metric names (督办按期办结率, 信访群众满意率) have seven.
NAME_CHARS = 7.0
# A statistics table's cell margins, left and right: 0.1 cm, narrower than Word's 0.19 cm, which leaves the ten
# columns of a 月报 table room for a seven-character metric name on one line at 小五.
CELL_MARGIN_TWIPS = 57


def cell_padding(size_pt: float) -> float:
    """A cell's left and right margins in characters of ``size_pt``, with a little to spare for the borders and
    for digits and signs drawn a little wider or narrower than half a character."""
    return 2 * CELL_MARGIN_TWIPS / (size_pt * 20) + 0.15


def column_widths(
    header: list[str], rows: list[list[str]], numeric: tuple[int, ...], capacity: float, padding: float
) -> list[float]:
    """Column widths in characters that fill ``capacity`` (the text width in table characters); ``padding`` is
    a cell's margins in the same characters (:func:`cell_padding`).

    A number never wraps: number columns get their widest value plus padding. Headers may wrap (上年同期累计 over
    two lines), so they only set a floor of two characters. Text columns share the rest in proportion to their
    longest cell, each at least as wide as its longest cell up to seven characters, so a metric's name
    (信息采用率, 督办按期办结率) stays on one line.
    """
    widths = []
    for c, title in enumerate(header):
        cells = [display_width(row[c]) for row in rows if c < len(row)]
        widest = max(cells, default=0.0)
        if c in numeric:
            widths.append(max(widest, 2.0) + padding)
        else:
            widths.append(max(widest, min(display_width(title), 4.0), 2.0) + padding)
    fixed = sum(w for c, w in enumerate(widths) if c in numeric)
    flexible = [c for c in range(len(header)) if c not in numeric]
    room = capacity - fixed
    wanted = sum(widths[c] for c in flexible)
    if (
        flexible and wanted > room
    ):  # text wraps; numbers keep their width (the total may then exceed capacity)
        floor = [min(widths[c], NAME_CHARS + padding) for c in flexible]
        spare = max(room - sum(floor), 0.0)
        extra = [widths[c] - f for c, f in zip(flexible, floor, strict=True)]
        total_extra = sum(extra) or 1.0
        for c, f, e in zip(flexible, floor, extra, strict=True):
            widths[c] = f + spare * e / total_extra
    return widths


def balanced_header(title: str, chars: float) -> str:
    """A column header too wide for the ``chars`` its column holds on a line, broken into lines of even length
    (本年累计 as 本年/累计, not 本年累/计); one with Latin letters or digits, which must not be broken inside a
    word or number, is left to wrap where Word wraps it."""
    width = display_width(title)
    if width <= chars or chars <= 0 or any(ch.isascii() and ch.isalnum() for ch in title):
        return title
    lines = math.ceil(width / chars)
    step = math.ceil(len(title) / lines)
    return "\n".join(title[i : i + step] for i in range(0, len(title), step))


def _format_table(table: DocxTable, width: int, weights: list[float]) -> list[int]:
    """Borders on every cell, centred, fixed layout and column widths summing to ``width`` (EMU), in
    proportion to ``weights``; returns the columns' widths in twips."""
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    tblpr = table._tbl.tblPr
    width_twips = round(width / 635)
    _set_child(tblpr, "tblW", TBLPR_ORDER, w=str(width_twips), type="dxa")
    _remove_child(tblpr, "tblBorders")
    _remove_child(tblpr, "tblCellMar")
    borders = _set_child(tblpr, "tblBorders", TBLPR_ORDER)
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        edge = OxmlElement(f"w:{side}")
        for key, value in (("val", "single"), ("sz", "4"), ("space", "0"), ("color", "000000")):
            edge.set(qn(f"w:{key}"), value)
        borders.append(edge)
    margins = _set_child(tblpr, "tblCellMar", TBLPR_ORDER)
    for side in ("left", "right"):
        margin = OxmlElement(f"w:{side}")
        margin.set(qn("w:w"), str(CELL_MARGIN_TWIPS))
        margin.set(qn("w:type"), "dxa")
        margins.append(margin)
    total = sum(weights)
    widths = [int(width_twips * w / total) for w in weights]
    widths[-1] += width_twips - sum(widths)
    for column, twips in zip(table.columns, widths, strict=True):
        column.width = Twips(twips)
        for cell in column.cells:
            cell.width = Twips(twips)
    return widths


# ---------------------------------------------------------------------------------------------------------------
# Render and save


def render_docx(
    report: Report, path: str | os.PathLike[str], template: Path | None = None, layout: Layout | None = None
) -> Path:
    """Write ``report`` as a Word document to ``path`` and return the path.

    ``template`` defaults to the bundled GB/T 9704 template, to which ``layout`` (default: :class:`Layout`) is
    applied; a user's template is used as it is (its styles are found by id or by the Chinese name) and
    ``layout`` only sizes indents. The same report always gives the same bytes; the file is written atomically.
    """
    layout = (layout or Layout()).for_lang(report.lang)
    if template is None:
        tpl, label = DocxTemplate(io.BytesIO(_laid_out_template(layout, report.lang))), "内置模板"
    else:
        tpl, label = _load_template(template)
    warn_uncovered_characters(report, layout)
    body = _Body(tpl, layout)
    laid = lay_out(report)
    head = body.head(laid.head) if laid.head else []
    addressee = body.addressee(laid.addressee) if laid.addressee else None
    body.items(laid.body)
    body.closing(laid)
    body.appendix(laid)
    if laid.record:
        body.record(laid.record)
    with _template_errors(label):
        tpl.render({"title": xml_safe(report.title), "body": body}, jinja_env=_environment(), autoescape=True)
    if head or addressee is not None:
        _place_around_title(tpl.docx, xml_safe(report.title), head, addressee)
    # Not get_docx(): after render() it reloads the template from disk.
    _set_core_properties(tpl.docx, report)
    buffer = io.BytesIO()
    tpl.save(buffer)
    return write_bytes_atomic(Path(path), reproducible_zip(buffer.getvalue()))


def _place_around_title(document: DocxDocument, title: str, head: list[Any], addressee: Any | None) -> None:
    """The 版头 paragraphs before the title's paragraph (the first one, when no paragraph is the title) and
    the 主送机关 right after it."""
    body = document.element.body
    paragraphs = body.findall(qn("w:p"))
    if not paragraphs:
        return
    title_p = next(
        (p for p in paragraphs if "".join(t.text or "" for t in p.iter(qn("w:t"))) == title), paragraphs[0]
    )
    for element in head:
        title_p.addprevious(element)
    if addressee is not None:
        title_p.addnext(addressee)


# What a Word template may use: the report's title and its body (everything else is in the body).
TEMPLATE_NAMES = ("title", "body")


@lru_cache(maxsize=1)
def _environment() -> LimitedEnvironment:
    """The environment a Word template runs in: the text templates' sandbox, limits and filters; undefined
    names are errors (a misspelt ``{{ titel }}`` would otherwise leave an empty line). Built once: it holds
    no state between renders (each render's budget is its own)."""
    return LimitedEnvironment(autoescape=True, undefined=StrictUndefined, filters=FILTERS)


@lru_cache(maxsize=8)
def _laid_out_template(layout: Layout, lang: str) -> bytes:
    """The bundled template, checked, with ``layout`` applied for ``lang`` (:func:`apply_layout`), as .docx
    bytes: made once a process for each layout, then every document opens a copy of it (a batch writes a
    hundred documents with one layout, and the styles, page setup and font table are the same for each)."""
    tpl = _checked_template(DocxTemplate(io.BytesIO(BUNDLED_TEMPLATE.read_bytes())), "内置模板")
    apply_layout(tpl.get_docx(), layout, lang)
    buffer = io.BytesIO()
    tpl.get_docx().save(buffer)
    return buffer.getvalue()


def _load_template(template: Path) -> tuple[DocxTemplate, str]:
    """A user's template to render and how messages name it."""
    template = Path(template)
    shown = f"templates/{template.name}" if template.parent.name == "templates" else str(template)
    if not template.is_file():
        raise SummarizeError(f"找不到 Word 模板文件“{shown}”")
    label = f"Word 模板“{shown}”"
    if not zipfile.is_zipfile(template):
        raise SummarizeError(f"{label}无法打开，不是有效的 .docx 文件；请在 Word 中另存为 .docx")
    check_docx_size(template, label, "请在 Word 中打开后另存为 .docx")
    try:
        tpl = DocxTemplate(template)
        tpl.get_docx()
    except Exception as exc:  # python-docx raises several types for a zip that is no Word document
        raise SummarizeError(
            f"{label}无法打开，不是有效的 .docx 文件（{type(exc).__name__}）；请在 Word 中另存为 .docx"
        ) from exc
    return _checked_template(tpl, label), label


def _checked_template(tpl: DocxTemplate, label: str) -> DocxTemplate:
    """The template, once its Jinja parses and has the body marker; names it uses must be ours."""
    _check_markers(tpl.get_docx(), label)
    with _template_errors(label):
        names = tpl.get_undeclared_template_variables(jinja_env=_environment())
    if "body" not in names:
        raise SummarizeError(f"{label}中没有正文标记 {{{{p body }}}}：请在单独的一段中写入 {{{{p body }}}}")
    unknown = sorted(names - set(TEMPLATE_NAMES))
    if unknown:
        raise SummarizeError(
            f"{label}中用到了不存在的名称“{unknown[0]}”；Word 模板中可用的名称：{'、'.join(TEMPLATE_NAMES)}"
        )
    return tpl


_MARKER = re.compile(r"\{\{|\}\}|\{%|%\}|\{#|#\}")
_CLOSING = {"{{": "}}", "{%": "%}", "{#": "#}"}


def _check_markers(document: DocxDocument, label: str) -> None:
    """Every ``{{``, ``{%`` and ``{#`` closed in its own paragraph. docxtpl finds its tags with patterns that
    run on to the next closing marker, so an unclosed ``{{ title `` would swallow the paragraph after it and
    vanish without an error."""
    parts = [document.element.body]
    for section in document.sections:
        headers = (section.header, section.first_page_header, section.even_page_header)
        footers = (section.footer, section.first_page_footer, section.even_page_footer)
        for part in (*headers, *footers):
            if not part.is_linked_to_previous:
                parts.append(part._element)
    for root in parts:
        for paragraph in root.iter(qn("w:p")):
            text = "".join(t.text or "" for t in paragraph.iter(qn("w:t")))
            open_marker = None
            for m in _MARKER.finditer(text):
                token = m.group()
                if token in _CLOSING and open_marker is None:
                    open_marker = token
                elif open_marker is not None and token == _CLOSING[open_marker]:
                    open_marker = None
            if open_marker is not None:
                raise SummarizeError(
                    f"{label}中的模板标记有错误：“{open_marker}”少了结尾的“{_CLOSING[open_marker]}”（所在段落：{text[:80]}）"
                )


@contextmanager
def _template_errors(label: str) -> Iterator[None]:
    """A Word template's own Jinja fault (syntax, a forbidden attribute, a limit) as one Chinese sentence."""
    try:
        yield
    except TemplateSyntaxError as exc:
        raise SummarizeError(f"{label}中的模板标记有错误：{syntax_reason(exc)}{_paragraph(exc)}") from exc
    except (TemplateError, SecurityError, RecursionError) as exc:
        raise SummarizeError(f"{label}中的模板标记有错误：{runtime_reason(exc)}{_paragraph(exc)}") from exc


def _paragraph(exc: BaseException) -> str:
    """The text around the fault as docxtpl records it (the XML lines of the paragraphs, tags removed)."""
    lines = [line.strip() for line in getattr(exc, "docx_context", None) or ()]
    shown = "".join(lines[3:4]) or "".join(lines)
    return f"（所在段落：{shown[:80]}）" if shown else ""


def _set_core_properties(document: DocxDocument, report: Report) -> None:
    stamp = (
        datetime(report.date.year, report.date.month, report.date.day, tzinfo=UTC) if report.date else None
    )
    props = document.core_properties
    props.author = AUTHOR
    props.last_modified_by = AUTHOR
    props.title = xml_safe(report.title)[:255]  # the property's limit in python-docx (a long unit name)
    props.comments = ""
    props.revision = 1
    props.created = stamp or FIXED_TIMESTAMP
    props.modified = stamp or FIXED_TIMESTAMP
