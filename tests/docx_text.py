"""Reading a DOCX back in tests: its blocks in document order, its tables' cells, its sections."""

import io

from docx import Document
from docx.table import Table
from docx.text.paragraph import Paragraph

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def open_docx(content: bytes):
    assert content[:2] == b"PK", "not a DOCX (zip) file"
    return Document(io.BytesIO(content))


def row_texts(row) -> list[str]:
    """A row's cells once each (python-docx repeats a merged cell for every column it spans)."""
    texts, seen = [], {}
    for cell in row.cells:
        if id(cell._tc) not in seen:
            seen[id(cell._tc)] = cell._tc  # held, so no other element takes its id
            texts.append(cell.text.strip())
    return texts


def blocks(container) -> list[str]:
    """Every non-empty paragraph, and every table cell, in reading order (cells row by row)."""
    found = []
    for block in container.iter_inner_content():
        if isinstance(block, Paragraph):
            if block.text.strip():
                found.append(block.text.strip())
        elif isinstance(block, Table):
            seen = {}
            for row in block.rows:
                for cell in row.cells:
                    if id(cell._tc) not in seen:
                        seen[id(cell._tc)] = cell._tc  # held, so no other element takes its id
                        found.extend(blocks(cell))
    return found


def tables(document) -> list[Table]:
    return [block for block in document.iter_inner_content() if isinstance(block, Table)]


def in_order(texts: list[str], needles: list[str]) -> list[int]:
    """The index of the first block containing each needle, searched after the previous one;
    fails naming the needle missing or out of order."""
    positions, start = [], 0
    for needle in needles:
        for index in range(start, len(texts)):
            if needle in texts[index]:
                positions.append(index)
                start = index + 1
                break
        else:
            raise AssertionError(f"“{needle}” not found after block {start}: {texts[start:][:8]}")
    return positions


def run_with(document, text: str):
    """The first run whose text contains ``text``, in the body or its tables."""
    for paragraph in all_paragraphs(document):
        for run in paragraph.runs:
            if text in run.text:
                return run
    raise AssertionError(f"no run with “{text}”")


def all_paragraphs(container):
    for block in container.iter_inner_content():
        if isinstance(block, Paragraph):
            yield block
        else:
            for row in block.rows:
                for cell in row.cells:
                    yield from all_paragraphs(cell)
