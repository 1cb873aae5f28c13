"""Helpers that read a websocket scope."""


def host_from_scope(scope: dict) -> str:
    """The request's host name without port, lower-cased ('' when absent)."""
    for name, value in scope.get("headers", []):
        if name == b"host":
            return value.decode("latin-1").rsplit(":", 1)[0].lower()
    return ""
