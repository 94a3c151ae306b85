"""DOCX → ``Document``: body paragraphs and tables, merged cells expanded.

The body is walked in document order (``w:p`` and ``w:tbl``, also inside content controls
``w:sdt``). Headers and footers are not part of the body, so page furniture never reaches the text.
Table cells are laid on the table's column grid: ``w:gridBefore`` skips columns, ``w:gridSpan``
widens a cell, ``w:vMerge`` continues the cell above (one ``Cell`` object in every slot it covers,
like HTML rowspan/colspan), and the legacy ``w:hMerge`` continues the cell to the left. Paragraphs
inside a cell are joined with a space; a table nested in a cell contributes its text.
"""

from __future__ import annotations

import io
import re
import zipfile

from ..document import MAX_SPAN, Cell, Document, PageSignals, Paragraph, Table
from ..numbers import fold
from .errors import DamagedFileError

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_TITLE_STYLE = re.compile(r"^(title|heading ?1|标题 ?1|标题)$", re.I)


def docx_to_document(data: bytes) -> Document:
    """Read a DOCX file's body into a ``Document``. Raises ``DamagedFileError`` if it cannot be opened."""
    try:
        import docx
        from docx.opc.exceptions import PackageNotFoundError
    except ImportError as exc:  # pragma: no cover - the "pdf" extra is not installed
        raise ImportError(
            "reading DOCX needs python-docx (a dependency of linhai-scrape): pip install python-docx"
        ) from exc
    try:
        package = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise DamagedFileError(f"the DOCX file cannot be opened: {exc}", format="docx") from None
    except Exception as exc:  # python-docx raises plain AttributeError/TypeError on broken parts
        raise DamagedFileError(
            f"the DOCX file cannot be opened: {type(exc).__name__}: {exc}", format="docx"
        ) from None
    styles = _paragraph_styles(package)
    doc = Document(blocks=[], signals=PageSignals(markup=False))
    doc.meta["format"] = "docx"
    props = package.core_properties
    if props.title:
        doc.meta["docx_title"] = fold(props.title)
    if props.author:
        doc.meta["docx_author"] = fold(props.author)
    title_candidates: list[str] = []
    for kind, element in _body_items(package.element.body):
        if kind == "p":
            text = fold(_paragraph_text(element))
            if text:
                doc.blocks.append(Paragraph(text))
                style = styles.get(_style_id(element) or "", "")
                if _TITLE_STYLE.match(style) and len(doc.blocks) <= 5:
                    title_candidates.append(text)
        else:
            table = _table(element)
            if table.rows:
                doc.blocks.append(table)
    index = 0
    for block in doc.blocks:
        if isinstance(block, Table):
            block.index = index
            index += 1
    doc.title = title_candidates[0] if title_candidates else _title_from_text(doc)
    doc.signals.body_text_chars = sum(len(b.text) for b in doc.blocks if isinstance(b, Paragraph)) + sum(
        len(t.all_text()) for t in doc.tables
    )
    return doc


def _paragraph_styles(package) -> dict[str, str]:  # noqa: ANN001 - a python-docx Document
    out: dict[str, str] = {}
    try:
        for style in package.styles:
            if style.style_id and style.name:
                out[style.style_id] = style.name
    except Exception:  # a broken styles part only costs the title guess
        pass
    return out


def _style_id(p) -> str | None:  # noqa: ANN001 - an lxml element
    ppr = p.find(f"{W}pPr")
    if ppr is None:
        return None
    style = ppr.find(f"{W}pStyle")
    return style.get(f"{W}val") if style is not None else None


def _title_from_text(doc: Document) -> str | None:
    for block in doc.blocks[:6]:
        if (
            isinstance(block, Paragraph)
            and re.search(r"(年度报告|年报)$", block.text)
            and len(block.text) <= 80
        ):
            return block.text
    return None


def _body_items(body):  # noqa: ANN001, ANN202 - lxml element, generator of (kind, element)
    for child in body.iterchildren():
        tag = child.tag
        if tag == f"{W}p":
            yield "p", child
        elif tag == f"{W}tbl":
            yield "tbl", child
        elif tag == f"{W}sdt":
            content = child.find(f"{W}sdtContent")
            if content is not None:
                yield from _body_items(content)
        elif tag in (f"{W}customXml", f"{W}ins", f"{W}smartTag"):
            yield from _body_items(child)


def _paragraph_text(p) -> str:  # noqa: ANN001 - an lxml element
    """Visible text of a paragraph: runs, hyperlinks, fields' results, tabs and breaks; deleted
    text (tracked changes) and field instructions are skipped."""
    parts: list[str] = []
    for node in p.iter():
        tag = node.tag
        if tag == f"{W}t":
            if _inside(node, p, (f"{W}del",)):
                continue
            parts.append(node.text or "")
        elif tag == f"{W}tab":
            parts.append(" ")
        elif tag in (f"{W}br", f"{W}cr"):
            parts.append("\n")
        elif tag == f"{W}noBreakHyphen":
            parts.append("-")
    return "".join(parts)


def _inside(node, stop, tags: tuple[str, ...]) -> bool:  # noqa: ANN001
    parent = node.getparent()
    while parent is not None and parent is not stop:
        if parent.tag in tags:
            return True
        parent = parent.getparent()
    return False


def _cell_text(tc) -> str:  # noqa: ANN001 - a w:tc element
    parts: list[str] = []
    for child in tc.iterchildren():
        if child.tag == f"{W}p":
            parts.append(_paragraph_text(child))
        elif child.tag == f"{W}tbl":
            parts.append(" ".join(c.text for c in _unique(_table(child))))
        elif child.tag == f"{W}sdt":
            content = child.find(f"{W}sdtContent")
            if content is not None:
                parts.append(_cell_text(content))
    return fold(" ".join(p for p in parts if p.strip()))


def _unique(table: Table) -> list[Cell]:
    seen: set[int] = set()
    out = []
    for row in table.rows:
        for c in row:
            if c is not None and id(c) not in seen:
                seen.add(id(c))
                out.append(c)
    return out


def _int(el, name: str, default: int) -> int:  # noqa: ANN001
    if el is None:
        return default
    try:
        # clamped like HTML spans: a damaged w:gridSpan="99999999" must not build a huge grid
        return min(max(0, int(el.get(f"{W}{name}", default))), MAX_SPAN)
    except (TypeError, ValueError):
        return default


def _table(tbl) -> Table:  # noqa: ANN001 - a w:tbl element
    grid_el = tbl.find(f"{W}tblGrid")
    grid_cols = len(grid_el.findall(f"{W}gridCol")) if grid_el is not None else 0
    rows: list[list[Cell | None]] = []
    for tr in tbl.iterchildren(f"{W}tr"):
        r = len(rows)
        row: list[Cell | None] = []
        trpr = tr.find(f"{W}trPr")
        before = _int(trpr.find(f"{W}gridBefore") if trpr is not None else None, "val", 0)
        row.extend([None] * before)
        for tc in _row_cells(tr):
            tcpr = tc.find(f"{W}tcPr")
            span = max(1, _int(tcpr.find(f"{W}gridSpan") if tcpr is not None else None, "val", 1))
            vmerge = tcpr.find(f"{W}vMerge") if tcpr is not None else None
            hmerge = tcpr.find(f"{W}hMerge") if tcpr is not None else None
            c = len(row)
            above = rows[r - 1][c] if r > 0 and c < len(rows[r - 1]) else None
            if vmerge is not None and vmerge.get(f"{W}val", "continue") != "restart" and above is not None:
                if above.row + above.rowspan == r:
                    above.rowspan += 1
                row.extend([above] * span)
                continue
            if (
                hmerge is not None
                and hmerge.get(f"{W}val", "continue") != "restart"
                and row
                and row[-1] is not None
            ):
                left = row[-1]
                if left.row == r:
                    left.colspan += span
                row.extend([left] * span)
                continue
            cell = Cell(_cell_text(tc), r, c, 1, span)
            row.extend([cell] * span)
        rows.append(row)
    width = max([grid_cols, *(len(r) for r in rows)], default=0)
    for row in rows:
        row.extend([None] * (width - len(row)))
    return Table(index=-1, rows=rows, origin="docx")


def _row_cells(tr):  # noqa: ANN001, ANN202
    for child in tr.iterchildren():
        if child.tag == f"{W}tc":
            yield child
        elif child.tag in (f"{W}sdt", f"{W}customXml"):
            content = child.find(f"{W}sdtContent") if child.tag == f"{W}sdt" else child
            if content is not None:
                yield from (c for c in content.iterchildren(f"{W}tc"))
