"""The lite SOT page's stylesheet, inlined (one round trip, no extra request) and allowed by hash."""
from functools import cache
from pathlib import Path

_CSS = Path(__file__).resolve().parent / "static" / "sot_points" / "lite.css"


@cache
def lite_css() -> str:
    return _CSS.read_text(encoding="utf-8").strip()
