"""Build the bundled Word template ``templates/report.docx`` (one template for 年终总结 and 月报).

Run ``python scripts/make_templates.py [output.docx]`` (or ``make templates``) after changing :class:`summarize.layout.Layout`
or the styles in ``summarize.render.docx``; the output is byte-reproducible, so an unchanged layout gives an
unchanged file.

The template starts from python-docx's default document, drops what it does not need (the Word 2010 style
copy, the thumbnail, unused built-in styles), then ``apply_layout`` writes the GB/T 9704 page setup, styles and
even/odd page-number footers. Its body is two docxtpl tags: ``{{ title }}`` in 公文标题 and ``{{p body }}``.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

from docx import Document
from docx.opc.constants import RELATIONSHIP_TYPE as RT

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from summarize.layout import Layout  # noqa: E402
from summarize.output import reproducible_zip, write_bytes_atomic  # noqa: E402
from summarize.render.docx import AUTHOR, FIXED_TIMESTAMP, STYLE_IDS, apply_layout  # noqa: E402

OUTPUT = ROOT / "templates" / "report.docx"

KEEP_STYLES = {
    "Normal",
    "DefaultParagraphFont",
    "TableNormal",
    "NoList",
    "TableGrid",
    "Header",
    "HeaderChar",
    "Footer",
    "FooterChar",
}
DROP_RELS = {
    "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects",
    RT.CUSTOM_XML,
}
APP_XML = (
    b"<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
    b'<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" '
    b'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
    b"<Application>summarize</Application><DocSecurity>0</DocSecurity></Properties>"
)


def build() -> bytes:
    """The template as .docx bytes."""
    document = Document()
    for style in list(document.styles):
        if style.style_id not in KEEP_STYLES:
            style.delete()
    part = document.part
    for rid in [rid for rid, rel in part.rels.items() if rel.reltype in DROP_RELS]:
        del part.rels[rid]
    package_rels = part.package.rels
    for rid in [rid for rid, rel in package_rels.items() if rel.reltype == RT.THUMBNAIL]:
        del package_rels[rid]
    for rel in package_rels.values():
        if rel.reltype == RT.EXTENDED_PROPERTIES:
            rel.target_part._blob = APP_XML

    apply_layout(document, Layout())

    styles = {style.style_id: style for style in document.styles}
    document.add_paragraph("{{ title }}", style=styles[STYLE_IDS["title"]])
    document.add_paragraph("{{p body }}", style=styles[STYLE_IDS["body"]])

    props = document.core_properties
    props.author = AUTHOR
    props.last_modified_by = AUTHOR
    props.title = ""
    props.comments = ""
    props.revision = 1
    props.created = FIXED_TIMESTAMP
    props.modified = FIXED_TIMESTAMP

    buffer = io.BytesIO()
    document.save(buffer)
    return reproducible_zip(buffer.getvalue())


def main() -> None:
    """Write the template (to the path given as the only argument, default the bundled one) and say where."""
    output = Path(sys.argv[1]) if len(sys.argv) > 1 else OUTPUT
    write_bytes_atomic(output, build())
    print(f"已生成模板：{output}")


if __name__ == "__main__":
    main()
