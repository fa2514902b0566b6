"""Office Open XML packages (.xlsx, .docx) written reproducibly: the same content gives the same bytes.

openpyxl and python-docx stamp the time of writing into ``docProps/core.xml`` and onto every zip
entry; :func:`reproducible_package` rewrites a package with fixed stamps, so every workbook and
document edu_plan writes (renderers and the reporting round's workbooks) is byte-for-byte the same
for the same views.
"""

from __future__ import annotations

import datetime as _dt
import io
import re
import zipfile

__all__ = ["FIXED_TIME", "reproducible_package"]

FIXED_TIME = _dt.datetime(2000, 1, 1)  # a constant stamp, not a moment: no zone
"""The creation and modification time written into every package's properties."""
_STAMP = FIXED_TIME.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)  # the earliest time a zip entry can hold
_DATED = re.compile(rb"(<(dcterms:created|dcterms:modified)[^>]*>)[^<]*(</\2>)")
_PRINTED = re.compile(rb"<cp:lastPrinted>[^<]*</cp:lastPrinted>")


def reproducible_package(data: bytes) -> bytes:
    """``data`` (an .xlsx or .docx package) with fixed dates in its properties and on every zip entry."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                content = _PRINTED.sub(b"", _DATED.sub(rb"\g<1>" + _STAMP + rb"\g<3>", content))
            entry = zipfile.ZipInfo(info.filename, date_time=_ZIP_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o600 << 16
            target.writestr(entry, content)
    return out.getvalue()
