"""The static SOT snapshot: what residents can still read when the app, database or Redis is down.

Per municipality, under settings.SOT_SNAPSHOT_ROOT/<slug>/ (nginx serves it at /sot-snapshot/<slug>/):
index.html (the lite page), sot.json, sot.geojson and sot.txt. Every file is written to a
temporary name and renamed into place, so nginx never serves a half-written file.
"""
import json
import os
import tempfile
from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

from alerts.selectors import active_alerts_for
from municipalities.models import Municipality
from sot_points.listing import sot_listing
from sot_points.lite import lite_css

SNAPSHOT_LANGUAGE = "sv"


def snapshot_dir(municipality: Municipality) -> Path:
    return Path(settings.SOT_SNAPSHOT_ROOT) / municipality.slug


def snapshot_files(municipality: Municipality) -> dict[str, bytes]:
    with translation.override(SNAPSHOT_LANGUAGE):
        listing = sot_listing(municipality=municipality)
        context = {"listing": listing, "municipality": municipality, "snapshot": True, "lite_css": lite_css(),
                   "official_alerts": active_alerts_for(municipality)}
        html = render_to_string("sot_points/lite.html", context)
        text = render_to_string("sot_points/all.txt", context)
    feed, geojson = listing.feeds()
    return {
        "index.html": html.encode(),
        "sot.txt": text.encode(),
        "sot.json": json.dumps(feed, ensure_ascii=False).encode(),
        "sot.geojson": json.dumps(geojson, ensure_ascii=False).encode(),
    }


def write_snapshot(municipality_id: int) -> Path:
    municipality = Municipality.objects.get(pk=municipality_id)
    target = snapshot_dir(municipality)
    target.mkdir(parents=True, exist_ok=True)
    for name, content in snapshot_files(municipality).items():
        _write_atomically(target / name, content)
    return target


def _write_atomically(path: Path, content: bytes) -> None:
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(content)
        os.chmod(temporary, 0o644)  # nginx runs as another user than the app
        os.replace(temporary, path)
    except BaseException:
        if os.path.exists(temporary):
            os.unlink(temporary)
        raise
