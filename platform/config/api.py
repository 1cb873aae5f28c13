"""The platform's read API: one NinjaAPI, each domain app adds its router.

The interactive docs page is off because it loads Swagger UI from a CDN (no third-party
requests); the OpenAPI document itself is served at /api/v1/openapi.json.
"""
from ninja import NinjaAPI

from competence.followup_api import router as followup_router
from directory.api import router as directory_router

# The answers django-ninja itself gives for any operation, documented so a client (and the
# schemathesis gate, tests/config/test_api_schema.py) knows every status code it can get:
# 422 for a parameter that does not parse, 404 on a host that is no municipality's site.
_ERROR_RESPONSES = {
    "404": {
        "description": "Värden är ingen kommuns webbplats, eller det som efterfrågas finns inte",
        "content": {"application/json": {"schema": {
            "type": "object", "required": ["detail"], "properties": {"detail": {"type": "string"}},
        }}},
    },
    "422": {
        "description": "En parameter har fel form (detail anger vilken och varför)",
        "content": {"application/json": {"schema": {
            "type": "object", "required": ["detail"],
            "properties": {"detail": {"type": "array", "items": {"type": "object"}}},
        }}},
    },
}


class PlatformApi(NinjaAPI):
    def get_openapi_schema(self, *args, **kwargs):
        schema = super().get_openapi_schema(*args, **kwargs)
        for operations in schema["paths"].values():
            for operation in operations.values():
                for status, response in _ERROR_RESPONSES.items():
                    operation.setdefault("responses", {}).setdefault(status, response)
        return schema


api = PlatformApi(title="Näringslivsplattformen", version="1", urls_namespace="api", docs_url=None)
api.add_router("/", directory_router)
api.add_router("/", followup_router)
