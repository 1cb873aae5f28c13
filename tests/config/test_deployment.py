"""The production stack's files agree with the settings, and production settings hold.

docker/ cannot be run on the CI machines (they have no Docker engine), so these tests
check what can be checked without it: that .env.example, docker/compose.yaml and
platform/config/env.py name the same variables, that the compose file and the nginx
config fit together, and, in fresh subprocesses, that production settings pass
Django's deploy checks with what compose passes and refuse to start when misconfigured.
The standard library's `platform` staying importable is covered by
tests/core/test_stdlib_platform.py.
"""
import importlib.util
import json
import os
import re
import secrets
import subprocess
import sys
from functools import cache
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
ENV_PY = ROOT / "platform" / "config" / "env.py"
ENV_EXAMPLE = ROOT / ".env.example"
DOCKER = ROOT / "docker"
COMPOSE = DOCKER / "compose.yaml"
DOCKERFILE = DOCKER / "Dockerfile"
NGINX_CONF = DOCKER / "nginx" / "platform.conf"


# --- reading the files ---------------------------------------------------------------

@cache
def env_py_variables() -> dict[str, str]:
    """Every variable env.py reads, with the django-environ type it is read as."""
    calls = re.findall(r"_env\.(\w+)\(\s*[\"']([A-Z0-9_]+)[\"']", ENV_PY.read_text())
    return {name: kind for kind, name in calls}


@cache
def env_example() -> dict[str, str]:
    values = {}
    for line in ENV_EXAMPLE.read_text().splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            name, _, value = line.partition("=")
            values[name.strip()] = value.strip()
    return values


@cache
def compose() -> dict:
    return yaml.safe_load(COMPOSE.read_text())


def interpolate(value: str, variables: dict[str, str]) -> str:
    """Compose's ${VAR}, ${VAR:-default}, ${VAR-default}, ${VAR:?error} and $$."""

    def substitute(match: re.Match) -> str:
        if match.group(0) == "$$":
            return "$"
        name, operator, argument = match.group("name"), match.group("op") or "", match.group("arg") or ""
        current = variables.get(name)
        if operator in (":-", ":?") and not current or operator in ("-", "?") and current is None:
            if operator.endswith("?"):
                raise ValueError(f"compose would stop: {name}: {argument}")
            return argument
        return current or ""

    pattern = r"\$\$|\$\{(?P<name>\w+)(?:(?P<op>:?[-?])(?P<arg>[^}]*))?\}"
    return re.sub(pattern, substitute, str(value))


def web_environment_from_compose(variables: dict[str, str]) -> dict[str, str]:
    environment = compose()["services"]["web"]["environment"]
    return {name: interpolate(value, variables) for name, value in environment.items()}


def dockerfile_instructions() -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) of the Dockerfile, continuation lines joined."""
    joined = re.sub(r"\\\n(\s*#.*\n)*", " ", DOCKERFILE.read_text())
    instructions = []
    for line in joined.splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            keyword, _, arguments = line.strip().partition(" ")
            instructions.append((keyword.upper(), arguments.strip()))
    return instructions


def final_stage(instructions: list[tuple[str, str]]) -> list[tuple[str, str]]:
    last_from = max(i for i, (keyword, _) in enumerate(instructions) if keyword == "FROM")
    return instructions[last_from:]


def blocks(text: str, keyword: str) -> list[tuple[str, str]]:
    """(header, body) of each top-level `<keyword> ... { body }` block of an nginx config."""
    found, depth, header_start, opened = [], 0, 0, None
    for match in re.finditer(r"[{};]", text):
        if match.group() == "{":
            if depth == 0:
                opened = (text[header_start:match.start()].strip(), match.end())
            depth += 1
        elif match.group() == "}":
            depth -= 1
            if depth == 0 and opened[0].split()[:1] == [keyword]:
                found.append((opened[0], text[opened[1]:match.start()]))
        if depth == 0:
            header_start = match.end()
    return found


def nginx_locations() -> dict[str, str]:
    """The location blocks of the HTTPS server in the nginx config, by path."""
    text = re.sub(r"#.*", "", NGINX_CONF.read_text())
    https = next(body for _, body in blocks(text, "server") if re.search(r"listen\s+443\b", body))
    return {header.split()[-1]: body for header, body in blocks(https, "location")}


def mounts(service: str) -> dict[str, str]:
    """Named volume -> mount path for a compose service."""
    result = {}
    for entry in compose()["services"][service].get("volumes", []):
        source, target = entry.split(":")[:2]
        if source in compose()["volumes"]:
            result[source] = target
    return result


# --- running production settings in a fresh process ----------------------------------

def compose_web_environment() -> dict[str, str]:
    """What compose would give web from .env.example, with a real-looking secret."""
    variables = dict(env_example(), DJANGO_SECRET_KEY=secrets.token_urlsafe(64))
    return web_environment_from_compose(variables)


def run_production(command: list[str], overrides: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    environment = compose_web_environment()
    # The variables compose does not pass are set empty, so a developer's .env at the
    # repo root (which env.py also reads) cannot leak into the run.
    for name, kind in env_py_variables().items():
        if name not in environment and kind != "int":
            environment[name] = ""
    environment.update(overrides or {})
    environment.update(
        PATH=os.environ.get("PATH", ""),
        HOME=os.environ.get("HOME", str(ROOT)),
        PYTHONDONTWRITEBYTECODE="1",
        DJANGO_SETTINGS_MODULE="config.settings.production",
    )
    return subprocess.run(
        [sys.executable, "manage.py", *command],
        cwd=ROOT, env=environment, capture_output=True, text=True, timeout=180,
    )


# --- tests ---------------------------------------------------------------------------

# Variables .env.example lists for the app that compose leaves out on purpose: production settings
# refuse the MFA switch, and the SQLite file is unused once DATABASE_URL is set.
DEVELOPMENT_ONLY = {"INSECURE_DEV_SKIP_STAFF_MFA", "SQLITE_PATH"}


class EnvExampleTests:
    def test_env_py_is_found_to_read_the_variables_the_platform_depends_on(self):
        assert {"DJANGO_SECRET_KEY", "DATABASE_URL", "TRUSTED_PROXY_COUNT"} <= set(env_py_variables())

    def test_lists_every_variable_env_py_reads(self):
        missing = set(env_py_variables()) - set(env_example())
        assert not missing, f".env.example lacks {sorted(missing)}"

    def test_explains_every_variable_in_a_comment_line_above_it(self):
        lines = ENV_EXAMPLE.read_text().splitlines()
        unexplained = [
            line.partition("=")[0]
            for previous, line in zip(["", *lines], lines)
            if line and not line.startswith("#") and not previous.startswith("#")
        ]
        assert not unexplained, f"no comment above {unexplained}"

    def test_holds_no_secret_key(self):
        assert env_example()["DJANGO_SECRET_KEY"] == ""


class ComposeFileTests:
    def test_passes_web_only_variables_that_env_py_reads(self):
        unknown = set(compose()["services"]["web"]["environment"]) - set(env_py_variables())
        assert not unknown, f"compose passes {sorted(unknown)} to web, which env.py never reads"

    def test_passes_web_every_app_variable_env_example_lists_but_the_development_only_ones(self):
        app_variables = {name for name in env_example() if name in env_py_variables()}
        not_passed = app_variables - set(compose()["services"]["web"]["environment"])
        assert not_passed == DEVELOPMENT_ONLY, f"compose does not pass {sorted(not_passed - DEVELOPMENT_ONLY)}"

    def test_passes_the_search_settings_as_env_example_sets_them(self):
        environment = compose_web_environment()
        assert environment["ELASTICSEARCH_COMPAT_HEADERS"] == env_example()["ELASTICSEARCH_COMPAT_HEADERS"] == "true"
        assert environment["ELASTICSEARCH_INDEX_PREFIX"] == ""
        prefixed = web_environment_from_compose(dict(env_example(), DJANGO_SECRET_KEY="x" * 64,
                                                     ELASTICSEARCH_INDEX_PREFIX="kommun2-"))
        assert prefixed["ELASTICSEARCH_INDEX_PREFIX"] == "kommun2-"

    def test_builds_every_value_it_passes_to_web_from_env_example(self):
        environment = compose_web_environment()
        assert environment["DATABASE_URL"].startswith("postgres://")
        assert environment["REDIS_URL"].startswith("redis://redis:")
        assert environment["ELASTICSEARCH_URL"] == "http://elasticsearch:9200"
        assert environment["TRUSTED_PROXY_COUNT"] == "1"

    def test_refuses_to_start_web_without_a_secret_key(self):
        try:
            web_environment_from_compose(dict(env_example(), DJANGO_SECRET_KEY=""))
        except ValueError as error:
            assert "DJANGO_SECRET_KEY" in str(error)
        else:
            raise AssertionError("compose would start web with an empty DJANGO_SECRET_KEY")

    def test_gives_every_service_a_healthcheck(self):
        services = compose()["services"]
        assert set(services) >= {"web", "postgres", "redis", "elasticsearch", "nginx"}
        lacking = [name for name, service in services.items() if not service.get("healthcheck", {}).get("test")]
        assert not lacking, f"no healthcheck: {lacking}"

    def test_starts_web_only_once_postgres_redis_and_elasticsearch_are_healthy(self):
        depends_on = compose()["services"]["web"]["depends_on"]
        for service in ("postgres", "redis", "elasticsearch"):
            assert depends_on[service]["condition"] == "service_healthy"

    def test_lets_nginx_start_while_web_is_unhealthy(self):
        # /sot-snapshot/ must stay served when the app is down.
        condition = compose()["services"]["nginx"]["depends_on"]["web"]["condition"]
        assert condition != "service_healthy"

    def test_keeps_the_data_stores_on_an_internal_network_without_published_ports(self):
        services, networks = compose()["services"], compose()["networks"]
        for name in ("postgres", "redis", "elasticsearch"):
            assert "ports" not in services[name], name
            assert all((networks[network] or {}).get("internal") for network in services[name]["networks"]), name

    def test_caps_elasticsearch_memory(self):
        service = compose()["services"]["elasticsearch"]
        assert service.get("mem_limit") or service["deploy"]["resources"]["limits"]["memory"]

    def test_runs_the_image_command_with_a_worker_count(self):
        cmd = json.loads(next(args for keyword, args in final_stage(dockerfile_instructions()) if keyword == "CMD"))
        assert compose()["services"]["web"]["command"] == [*cmd, "--workers", "${WEB_CONCURRENCY:-2}"]
        assert "config.asgi:application" in cmd
        assert "--proxy-headers" in cmd

    def test_mounts_the_snapshot_volume_into_nginx_where_it_serves_sot_snapshot(self):
        assert mounts("nginx")["snapshots"] == "/srv/sot-snapshot"
        assert mounts("web")["snapshots"] == compose()["services"]["web"]["environment"]["SOT_SNAPSHOT_ROOT"]
        location = nginx_locations()["/sot-snapshot/"]
        assert "proxy_pass" not in location
        assert re.search(r"^\s*root /srv;", NGINX_CONF.read_text(), re.MULTILINE)

    def test_runs_the_periodic_jobs_in_a_scheduler_with_web_s_settings_and_snapshot_volume(self):
        services = compose()["services"]
        scheduler = services["scheduler"]
        command = [*scheduler["entrypoint"], *scheduler["command"]]
        assert command[:3] == ["python", "manage.py", "run_scheduled_jobs"]
        assert command[command.index("--settings") + 1] == "config.settings.production"
        assert scheduler["image"] == services["web"]["image"]
        assert scheduler["environment"] == services["web"]["environment"]
        assert mounts("scheduler")["snapshots"] == scheduler["environment"]["SOT_SNAPSHOT_ROOT"]
        assert scheduler["depends_on"]["web"]["condition"] == "service_healthy", "web runs the migrations"
        assert "/tmp/scheduler-alive" in command
        assert "/tmp/scheduler-alive" in " ".join(scheduler["healthcheck"]["test"])

    def test_has_nginx_serve_static_and_media_from_the_volumes_web_writes(self):
        web, nginx = mounts("web"), mounts("nginx")
        assert nginx["static"] == "/srv/static"
        assert web["static"] == "/srv/static"
        assert nginx["media"] == "/srv/media"
        assert web["media"] == compose()["services"]["web"]["environment"]["DJANGO_MEDIA_ROOT"]
        locations = nginx_locations()
        assert "proxy_pass" not in locations["/static/"]
        assert "proxy_pass" not in locations["/media/"]

    def test_has_nginx_pass_websocket_upgrades_and_the_client_address_to_web(self):
        app = nginx_locations()["/"]
        for header in ("Upgrade $http_upgrade", "Connection $connection_upgrade",
                       "X-Forwarded-For", "X-Forwarded-Proto $scheme", "Host $host"):
            assert f"proxy_set_header {header}" in app, header
        assert "http://web:8000" in app

    def test_hides_the_nginx_version_on_every_server(self):
        # At http level, before the first server block: port 80's redirects and errors too.
        conf = NGINX_CONF.read_text()
        http_level = conf[:conf.index("server {")]
        assert re.search(r"^server_tokens off;", http_level, re.MULTILINE)
        assert "server_tokens on" not in conf

    def test_deployment_guide_names_the_lock_the_image_installs(self):
        installed = re.search(r"COPY (requirements[\w.-]*\.lock)", DOCKERFILE.read_text()).group(1)
        assert installed == "requirements-prod.lock"
        assert f"installs `{installed}`" in (ROOT / "docs" / "deployment.md").read_text()


class DockerfileTests:
    def test_runs_the_web_service_as_a_user_other_than_root(self):
        users = [args for keyword, args in final_stage(dockerfile_instructions()) if keyword == "USER"]
        assert users, "no USER in the runtime stage"
        assert users[-1].split(":")[0] not in ("root", "0")

    def test_builds_the_runtime_stage_from_python_3_11_slim(self):
        instructions = dockerfile_instructions()
        base = final_stage(instructions)[0][1].split()[0]
        arguments = dict(args.split("=", 1) for keyword, args in instructions if keyword == "ARG" and "=" in args)
        assert interpolate(base, arguments).startswith("python:3.11-slim")

    def test_keeps_secrets_and_local_environments_out_of_the_build_context(self):
        ignored = {line.strip().rstrip("/") for line in (ROOT / ".dockerignore").read_text().splitlines()}
        assert {".env", ".venv", "node_modules", "var", ".git", "test-results"} <= ignored

    def test_health_probe_sends_a_host_that_django_accepts(self, monkeypatch):
        spec = importlib.util.spec_from_file_location("docker_healthcheck", DOCKER / "healthcheck.py")
        healthcheck = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(healthcheck)
        monkeypatch.setenv("DJANGO_ALLOWED_HOSTS", ".foretag.example.se,annan.example.se")
        assert healthcheck.probe_host() == "foretag.example.se"
        monkeypatch.setenv("DJANGO_ALLOWED_HOSTS", "*")
        assert healthcheck.probe_host() == "localhost"


class ProductionSettingsTests:
    def test_pass_the_deploy_checks_with_the_environment_compose_passes(self):
        result = run_production(["check", "--deploy", "--fail-level", "WARNING"])
        assert result.returncode == 0, result.stderr + result.stdout
        assert "WARNING" not in result.stderr + result.stdout
        assert "System check identified no issues" in result.stdout

    def test_refuse_to_start_without_a_secret_key(self):
        result = run_production(["check"], {"DJANGO_SECRET_KEY": ""})
        assert result.returncode != 0
        assert "DJANGO_SECRET_KEY" in result.stderr

    def test_refuse_to_start_with_a_secret_key_shorter_than_50_characters(self):
        result = run_production(["check"], {"DJANGO_SECRET_KEY": "x" * 49})
        assert result.returncode != 0
        assert "DJANGO_SECRET_KEY" in result.stderr

    def test_refuse_to_start_without_allowed_hosts(self):
        result = run_production(["check"], {"DJANGO_ALLOWED_HOSTS": ""})
        assert result.returncode != 0
        assert "DJANGO_ALLOWED_HOSTS" in result.stderr

    def test_refuse_to_start_with_staff_mfa_switched_off(self):
        result = run_production(["check"], {"INSECURE_DEV_SKIP_STAFF_MFA": "true"})
        assert result.returncode != 0
        assert "INSECURE_DEV_SKIP_STAFF_MFA" in result.stderr


def _pins(lock_file: str) -> dict[str, str]:
    pins = {}
    for line in (ROOT / lock_file).read_text().splitlines():
        if "==" in line and not line.startswith((" ", "#")):
            name, version = line.split("==", 1)
            pins[name.strip().lower()] = version.strip()
    return pins


class LockFileTests:
    def test_the_image_installs_the_same_versions_as_the_tested_lock(self):
        """requirements-prod.lock (no test tools) must not drift from requirements.lock, which CI tests."""
        prod, tested = _pins("requirements-prod.lock"), _pins("requirements.lock")
        assert prod, "requirements-prod.lock is empty"
        assert {name: v for name, v in prod.items() if tested.get(name) != v} == {}
        assert "pytest" not in prod
        assert "playwright" not in prod


class NginxPrivateUploadsTests:
    def test_raw_uploads_and_document_files_are_never_served_by_nginx(self):
        """Documents go through Wagtail's privacy check; the multiple uploader's parked raw files still
        carry the camera's EXIF (GPS)."""
        text = re.sub(r"#.*", "", NGINX_CONF.read_text())
        for prefix in ("/media/documents/", "/media/uploaded_files/"):
            block = re.search(r"location " + re.escape(prefix) + r" \{([^}]*)\}", text)
            assert block, prefix
            assert "internal;" in block.group(1), prefix


class SemanticCacheVolumeTests:
    def test_web_keeps_the_reference_embeddings_on_a_volume_it_may_write(self):
        """The container's file system is read-only; without the volume every start would spend minutes
        of CPU on the embeddings and fail to store them."""
        web = compose()["services"]["web"]
        assert mounts("web")["semantic"] == web["environment"]["SEMANTIC_CACHE_DIR"]
        dockerfile = (DOCKER / "Dockerfile").read_text()
        assert re.search(r"chown app:app [^\n]*/app/var/semantic", dockerfile)
