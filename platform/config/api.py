"""The platform's read API: one NinjaAPI, each domain app adds its router.

The interactive docs page is off because it loads Swagger UI from a CDN (no third-party
requests); the OpenAPI document itself is served at /api/v1/openapi.json.
"""
from ninja import NinjaAPI

from directory.api import router as directory_router

api = NinjaAPI(title="Näringslivsplattformen", version="1", urls_namespace="api", docs_url=None)
api.add_router("/", directory_router)
