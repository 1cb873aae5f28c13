"""An HTTP node for search servers that only speak plain `application/json`.

The Elasticsearch 8 client sends `Accept` and `Content-Type:
application/vnd.elasticsearch+json; compatible-with=8` (and `+x-ndjson` for bulk) on every
request. Elasticsearch 8 needs nothing else, but OpenSearch-compatible servers - osmem-server
in our tests, OpenSearch itself - answer 406 to that content type. This node class rewrites the
two headers back to the plain media types just before the request leaves; everything else
(timeouts, retries, connection pooling) is elastic_transport's default urllib3 node.

It is used only when `ELASTICSEARCH_COMPAT_HEADERS` is False; with a real Elasticsearch 8 the
client keeps its defaults. How node classes plug in: the `node_class` argument of
`Elasticsearch(...)`, see https://elastic-transport-python.readthedocs.io/en/latest/nodes.html
"""
import re

from elastic_transport import Urllib3HttpNode

_COMPAT_MIMETYPE = re.compile(r"application/vnd\.elasticsearch\+([\w.-]+)\s*;\s*compatible-with=\d+")


def plain_mimetype(value: str) -> str:
    """'application/vnd.elasticsearch+json; compatible-with=8' -> 'application/json'."""
    return _COMPAT_MIMETYPE.sub(r"application/\1", value)


class PlainJsonHttpNode(Urllib3HttpNode):
    def perform_request(self, method, target, body=None, headers=None, **kwargs):
        if headers:
            headers = headers.copy()
            for name in ("accept", "content-type"):
                if headers.get(name):
                    headers[name] = plain_mimetype(headers[name])
        return super().perform_request(method, target, body=body, headers=headers, **kwargs)
