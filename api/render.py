"""Renderings of query results: JSON is FastAPI's; CSV is here (UTF-8 with BOM, so Excel keeps Chinese)."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterable
from typing import Any
from urllib.parse import quote

from fastapi import Request
from fastapi.responses import Response
from policykg.queries.engine import MAX_LIMIT
from pydantic import BaseModel


def flatten(row: BaseModel | dict[str, Any], prefix: str = "") -> dict[str, Any]:
    """One CSV row: nested models become dotted columns, lists of scalars are joined with 、."""
    data = row.model_dump() if isinstance(row, BaseModel) else row
    out: dict[str, Any] = {}
    for key, value in data.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            out.update(flatten(value, f"{name}."))
        elif isinstance(value, list):
            scalar = all(not isinstance(v, dict | list) for v in value)
            out[name] = "、".join(str(v) for v in value) if scalar else json.dumps(value, ensure_ascii=False)
        else:
            out[name] = value
    return out


def every_row(fetch: Callable[[int, int], Any], request: Request, limit: int, offset: int,
              items: str = "items") -> list[Any]:
    """The rows a CSV download holds: every row from `offset` on, page after page of the store's largest
    page, unless the caller asked for a page with an explicit `limit` (a CSV is never silently cut)."""
    if "limit" in request.query_params:
        return list(getattr(fetch(limit, offset), items))
    return all_pages(fetch, offset, items)


def all_pages(fetch: Callable[[int, int], Any], offset: int = 0, items: str = "items") -> list[Any]:
    """Every row of a paged query from `offset` on, MAX_LIMIT at a time."""
    rows: list[Any] = []
    while True:
        page = fetch(MAX_LIMIT, offset + len(rows))
        got = getattr(page, items)
        rows += got
        if not got or len(rows) + offset >= page.total:
            return rows


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: Any) -> Any:
    """OWASP's rule against CSV formula injection: a text cell that a spreadsheet would run as a formula
    ('=HYPERLINK(…)', '+1…', '@SUM…') is prefixed with a quote. Numbers stay numbers."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def csv_response(rows: Iterable[BaseModel | dict[str, Any]], filename: str) -> Response:
    flat = [{k: neutralise(v) for k, v in flatten(r).items()} for r in rows]
    columns: list[str] = list(dict.fromkeys(k for r in flat for k in r))
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=columns, extrasaction="ignore", lineterminator="\r\n")
    writer.writerow({c: neutralise(c) for c in columns})
    writer.writerows(flat)
    body = "\ufeff" + buf.getvalue()
    return Response(body.encode("utf-8"), media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": attachment(f"{filename}.csv")})


def attachment(name: str) -> str:
    """Content-Disposition of a download: an ASCII fallback name and the UTF-8 one (RFC 6266)."""
    return f"attachment; filename=\"{_ascii(name)}\"; filename*=UTF-8''{quote(name)}"


def _ascii(name: str) -> str:
    return "".join(c if c.isascii() and (c.isalnum() or c in "-_.") else "_" for c in name) or "export"
