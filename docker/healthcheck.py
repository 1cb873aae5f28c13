"""Container health probe of the web service: GET /healthz the way nginx would send it.

Exit 0 when /healthz answers 200 (all backing services ok, or only degraded ones),
1 otherwise (503 when the database is down, or no answer). An optional argument
replaces the URL, for trying the probe outside the container. The request carries a
host from DJANGO_ALLOWED_HOSTS, or Django rejects it, and X-Forwarded-Proto: https,
or production settings redirect it to HTTPS.
"""
import os
import sys
import urllib.error
import urllib.request


def probe_host() -> str:
    for host in os.environ.get("DJANGO_ALLOWED_HOSTS", "").split(","):
        host = host.strip().lstrip(".")
        if host and host != "*":
            return host
    return "localhost"


def main(url: str = "http://127.0.0.1:8000/healthz") -> int:
    request = urllib.request.Request(
        url,
        headers={"Host": probe_host(), "X-Forwarded-Proto": "https"},
    )
    try:
        with urllib.request.urlopen(request, timeout=4) as response:
            return 0 if response.status == 200 else 1
    except (urllib.error.URLError, OSError) as exc:
        print(f"healthcheck: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:2]))
