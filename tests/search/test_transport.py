"""The plain-JSON node class for OpenSearch-compatible servers (osmem-server in tests)."""
from elastic_transport import HttpHeaders, Urllib3HttpNode

from search.backends.transport import PlainJsonHttpNode, plain_mimetype


class PlainJsonHttpNodeTests:
    def test_compatibility_media_types_become_plain_ones(self):
        assert plain_mimetype("application/vnd.elasticsearch+json; compatible-with=8") == "application/json"
        assert plain_mimetype("application/vnd.elasticsearch+x-ndjson; compatible-with=8") == "application/x-ndjson"
        assert plain_mimetype("application/json") == "application/json"

    def test_the_node_sends_plain_accept_and_content_type_headers(self, monkeypatch):
        sent = {}

        def capture(self, method, target, body=None, headers=None, **kwargs):
            sent.update(headers)

        monkeypatch.setattr(Urllib3HttpNode, "perform_request", capture)
        node = PlainJsonHttpNode.__new__(PlainJsonHttpNode)
        node.perform_request("POST", "/_bulk", body=b"{}\n", headers=HttpHeaders({
            "Accept": "application/vnd.elasticsearch+json; compatible-with=8",
            "Content-Type": "application/vnd.elasticsearch+x-ndjson; compatible-with=8",
            "User-Agent": "elasticsearch-py",
        }))
        assert sent["accept"] == "application/json"
        assert sent["content-type"] == "application/x-ndjson"
        assert sent["user-agent"] == "elasticsearch-py"
