"""The compose stack, checked without a Docker engine: docker-compose.yml parsed with PyYAML
against the Dockerfiles, the configs it mounts, the settings and .env.example; Prometheus and
the Grafana dashboard against the metric names the code defines; the nginx config served by a
real nginx (when the machine has one) for MIME types, byte ranges and the /api proxy."""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import signal
import subprocess
import time
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml

from opentok.core.config import REPO_ROOT, Settings
from opentok.db.base import utcnow
from opentok.media_access import expires_in, sign
from opentok.models import User, Video, VideoStatus
from opentok.observability import metrics
from testing.harness import TEST_SECRET_KEY, Platform, free_port

COMPOSE = REPO_ROOT / "docker-compose.yml"
PYTHON_SERVICES = {"gateway", "worker", "beat", "moderation", "recommender", "models-init"}
#: Run once and exit (no healthcheck); services that need their output wait for them.
ONE_SHOT = {"models-init"}
ALL_SERVICES = PYTHON_SERVICES | {"mysql", "redis", "web", "mlflow", "prometheus", "grafana"}
SERVICE_PORTS = {"gateway": 8000, "moderation": 8001, "recommender": 8002}
# Variables that configure a process but are not Settings fields.
NON_SETTINGS_ENV = {"PROMETHEUS_MULTIPROC_DIR"}


@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    return yaml.safe_load(COMPOSE.read_text())


@pytest.fixture(scope="module")
def documented() -> set[str]:
    """Names in .env.example, set or commented out (`# NAME=value`)."""
    text = (REPO_ROOT / ".env.example").read_text()
    return set(re.findall(r"^#?\s*([A-Z][A-Z0-9_]*)=", text, flags=re.M))


def services(compose: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return compose["services"]


def env_of(service: dict[str, Any]) -> dict[str, str]:
    env = service.get("environment") or {}
    if isinstance(env, list):
        env = dict(item.split("=", 1) for item in env)
    return {k: str(v) for k, v in env.items()}


def test_every_service_exists_and_has_a_healthcheck(compose: dict[str, Any]) -> None:
    svc = services(compose)
    assert set(svc) >= ALL_SERVICES, ALL_SERVICES - set(svc)
    for name, service in svc.items():
        if name in ONE_SHOT:
            assert service["restart"] == "no" and service["healthcheck"] == {"disable": True}, name
            continue
        check = service.get("healthcheck")
        assert check and check.get("test") and not check.get("disable"), f"{name} has no healthcheck"
        assert check["test"][0] in ("CMD", "CMD-SHELL"), name


def test_dependencies_wait_for_healthy_services(compose: dict[str, Any]) -> None:
    svc = services(compose)
    for name, service in svc.items():
        deps = service.get("depends_on") or {}
        assert isinstance(deps, dict), f"{name}: depends_on must use conditions"
        for dep, rule in deps.items():
            assert dep in svc, f"{name} depends on unknown {dep}"
            wanted = "service_completed_successfully" if dep in ONE_SHOT else "service_healthy"
            assert rule == {"condition": wanted}, f"{name} -> {dep}: {rule}"
    for name in PYTHON_SERVICES:
        assert {"mysql", "redis"} <= set(svc[name]["depends_on"]), name
    # only the gateway migrates; everything else that uses the schema waits for it
    assert "migrate" in " ".join(svc["gateway"]["command"])
    for name in PYTHON_SERVICES - {"gateway"}:
        assert "gateway" in svc[name]["depends_on"], name
    # first start trains what is missing before anything serves or uses the models
    init = " ".join(svc["models-init"]["command"])
    assert "moderation_service.training ensure" in init and "trust_safety.train all --missing" in init
    for name in ("moderation", "worker"):
        assert svc[name]["depends_on"]["models-init"] == {"condition": "service_completed_successfully"}


def test_only_the_web_tier_listens_publicly(compose: dict[str, Any]) -> None:
    svc = services(compose)
    assert "ports" not in svc["mysql"] and "ports" not in svc["redis"]
    for name in ("gateway", "mlflow", "prometheus"):
        assert all(str(p).startswith("127.0.0.1:") for p in svc[name]["ports"]), name
    for name in ("moderation", "recommender"):
        assert "ports" not in svc[name], name
    for name in PYTHON_SERVICES:
        env = env_of(svc[name])
        assert "SERVICE_TOKEN" in env and env["EXPOSE_DOCS"] == "${EXPOSE_DOCS:-false}", name
        assert ":?" in env["SECRET_KEY"], name  # compose refuses to start without a key


def test_python_services_share_database_broker_and_addresses(compose: dict[str, Any]) -> None:
    svc = services(compose)
    for name in PYTHON_SERVICES:
        env = env_of(svc[name])
        assert env["DATABASE_URL"].startswith("mysql+pymysql://") and "@mysql:3306/" in env["DATABASE_URL"]
        assert "charset=utf8mb4" in env["DATABASE_URL"]
        assert env["REDIS_URL"] == "redis://redis:6379/0"
        assert env["MODERATION_URL"] == "http://moderation:8001"
        assert env["RECOMMENDER_URL"] == "http://recommender:8002"
        assert env["MLFLOW_TRACKING_URI"] == "http://mlflow:5000"
        assert env["MEDIA_ROOT"] == "/data/media"
    mysql = " ".join(svc["mysql"]["command"])
    assert "--character-set-server=utf8mb4" in mysql and "utf8mb4_unicode_ci" in mysql


def test_commands_ports_and_healthchecks_agree(compose: dict[str, Any]) -> None:
    svc = services(compose)
    for name, port in SERVICE_PORTS.items():
        command = " ".join(svc[name]["command"])
        assert f"--port {port}" in command or f"--port={port}" in command, name
        assert f"127.0.0.1:{port}/healthz" in " ".join(svc[name]["healthcheck"]["test"]), name
    assert svc["gateway"]["ports"] == ["127.0.0.1:${GATEWAY_PUBLISHED_PORT:-8000}:8000"]
    assert svc["web"]["ports"] == ["${WEB_PORT:-8080}:80"]
    worker = svc["worker"]
    assert env_of(worker)["WORKER_METRICS_PORT"] == "9808" and env_of(worker)["PROMETHEUS_MULTIPROC_DIR"]
    assert "beat" in svc["beat"]["command"] and "worker" in worker["command"]
    # the web tier reads the same media volume the workers write
    assert "media:/data/media" in svc["gateway"]["volumes"] and "media:/srv/media:ro" in svc["web"]["volumes"]


def _copy_sources(dockerfile: Path) -> list[str]:
    sources = []
    for line in dockerfile.read_text().splitlines():
        parts = line.split()
        if parts[:1] == ["COPY"] and not any(p.startswith("--from") for p in parts):
            sources += [p for p in parts[1:-1] if not p.startswith("--")]
    return sources


def test_dockerfiles_and_mounted_files_exist(compose: dict[str, Any]) -> None:
    svc = services(compose)
    dockerfiles = set()
    for name, service in svc.items():
        build = service.get("build")
        if build:
            path = REPO_ROOT / build.get("context", ".") / build["dockerfile"]
            assert path.is_file(), f"{name}: {path} is missing"
            dockerfiles.add(path)
        for volume in service.get("volumes", []):
            source = volume.split(":", 1)[0]
            if source.startswith("./"):
                assert (REPO_ROOT / source).exists(), f"{name} mounts missing {source}"
    assert {p.name for p in dockerfiles} == {"python.Dockerfile", "web.Dockerfile"}
    for dockerfile in dockerfiles:
        for source in _copy_sources(dockerfile):
            assert source == "." or (REPO_ROOT / source).exists(), (
                f"{dockerfile.name} copies missing {source}"
            )
    python_df = (REPO_ROOT / "deploy/docker/python.Dockerfile").read_text()
    assert "--index-url https://download.pytorch.org/whl/cpu" in python_df  # never the CUDA torch
    web_df = (REPO_ROOT / "deploy/docker/web.Dockerfile").read_text()
    assert "ARG NODE_IMAGE=node:" in web_df and "ARG NGINX_IMAGE=nginx:" in web_df
    assert "deploy/nginx/opentok.conf" in web_df


def test_every_variable_is_documented_and_known(compose: dict[str, Any], documented: set[str]) -> None:
    text = COMPOSE.read_text()
    interpolated = set(re.findall(r"\$\{([A-Z][A-Z0-9_]*)", text))
    assert interpolated - documented == set(), "undocumented in .env.example"
    fields = {name.upper() for name in Settings.model_fields}
    for name in PYTHON_SERVICES:
        keys = set(env_of(services(compose)[name]))
        assert keys - documented == set(), f"{name}: undocumented in .env.example"
        assert keys - fields - NON_SETTINGS_ENV == set(), f"{name}: not a setting (typo?)"


def test_prometheus_scrapes_every_service(compose: dict[str, Any]) -> None:
    config = yaml.safe_load((REPO_ROOT / "deploy/prometheus/prometheus.yml").read_text())
    targets = {t for job in config["scrape_configs"] for sc in job["static_configs"] for t in sc["targets"]}
    expected = {f"{name}:{port}" for name, port in SERVICE_PORTS.items()} | {"worker:9808"}
    assert expected <= targets
    for target in expected:
        assert target.split(":")[0] in services(compose)
    rules = yaml.safe_load((REPO_ROOT / "deploy/prometheus/alerts.yml").read_text())
    assert rules["groups"][0]["rules"]


def _metric_names() -> set[str]:
    """Every series name the code can expose (histograms and counters with their suffixes)."""
    names = {metrics.QUEUE_DEPTH_NAME, "up"}
    for value in vars(metrics).values():
        if isinstance(value, metrics.Counter | metrics.Histogram | metrics.Gauge):
            base = value._name
            names |= {base, f"{base}_total", f"{base}_bucket", f"{base}_sum", f"{base}_count"}
    return names


def test_grafana_dashboard_is_provisioned_and_queries_real_series() -> None:
    dashboard = json.loads((REPO_ROOT / "deploy/grafana/dashboards/opentok.json").read_text())
    datasource = yaml.safe_load(
        (REPO_ROOT / "deploy/grafana/provisioning/datasources/prometheus.yml").read_text()
    )
    provider = yaml.safe_load((REPO_ROOT / "deploy/grafana/provisioning/dashboards/opentok.yml").read_text())
    uid = datasource["datasources"][0]["uid"]
    assert provider["providers"][0]["options"]["path"] == "/var/lib/grafana/dashboards"
    known = _metric_names()
    used = set()
    for panel in dashboard["panels"]:
        assert panel["datasource"]["uid"] == uid
        for target in panel["targets"]:
            series = set(re.findall(r"\b(opentok_[a-z_]+)", target["expr"]))
            assert series, target["expr"]
            assert series <= known, series - known
            used |= series
    # the list: request rate/latency/errors, queue depth, task durations, verdicts,
    # inference latency, feed fallbacks
    for name in ("opentok_http_requests_total", "opentok_http_request_duration_seconds_bucket",
                 "opentok_http_request_errors_total", "opentok_celery_queue_depth",
                 "opentok_celery_task_duration_seconds_bucket", "opentok_moderation_verdicts_total",
                 "opentok_model_inference_seconds_bucket", "opentok_feed_fallbacks_total"):  # fmt: skip
        assert name in used, name


# --- the nginx config, served for real ------------------------------------------------------
NGINX = shutil.which("nginx")


@pytest.fixture
def nginx(tmp_path: Path, platform: Platform) -> Any:
    """Our deploy/nginx/opentok.conf under a real nginx: the media volume and web roots are
    temp folders, and the upstream is the test platform's gateway (which approves media links).
    Yields (base URL, signed folder URL of a published video, its id)."""
    if NGINX is None:
        pytest.skip("no nginx binary on this machine")
    with platform.session() as session:
        owner = User(username=f"ngx_{secrets.token_hex(4)}", email=f"{secrets.token_hex(4)}@example.com",
                     password_hash="x", display_name="n")  # fmt: skip
        session.add(owner)
        session.flush()
        video = Video(owner_id=owner.id, title="t", status=VideoStatus.published, published_at=utcnow())
        session.add(video)
        session.flush()
        prefix = f"videos/n{video.id}"
        video.hls_master_key, video.mp4_key = f"{prefix}/hls/master.m3u8", f"{prefix}/video.mp4"
        video.poster_key = f"{prefix}/poster.jpg"
        video_id = video.id
        session.commit()
    folder = sign(prefix, expires_in(600), video_id=video_id, secret=TEST_SECRET_KEY)
    media, html = tmp_path / "media", tmp_path / "html"
    (media / prefix / "hls").mkdir(parents=True)
    (media / "uploads").mkdir()
    (media / prefix / "hls/master.m3u8").write_text("#EXTM3U\n")
    (media / prefix / "hls/seg_000.ts").write_bytes(bytes(range(256)) * 4)
    (media / prefix / "video.mp4").write_bytes(b"\0" * 2048)
    (media / prefix / "poster.jpg").write_bytes(b"\xff\xd8\xff" + b"\0" * 10)
    (media / "uploads/original.mp4").write_bytes(b"secret")
    for app in ("app", "admin"):
        (html / app).mkdir(parents=True)
        (html / app / "index.html").write_text(f"<title>{app}</title>")
    port = free_port()
    gateway = platform.base_url.removeprefix("http://")
    conf = (REPO_ROOT / "deploy/nginx/opentok.conf").read_text()
    conf = (
        conf.replace("listen 80 default_server;", f"listen 127.0.0.1:{port} default_server;")
        .replace("server gateway:8000;", f"server {gateway};")
        .replace("/srv/media/", f"{media}/")
        .replace("/usr/share/nginx/html", str(html))
    )
    (tmp_path / "opentok.conf").write_text(conf)
    temp = tmp_path / "temp"
    temp.mkdir()
    user = "user root;" if os.geteuid() == 0 else ""
    (tmp_path / "nginx.conf").write_text(
        f"""{user}
worker_processes 1; daemon off; pid {tmp_path}/nginx.pid; error_log {tmp_path}/error.log;
events {{ worker_connections 64; }}
http {{
  include /etc/nginx/mime.types; access_log off;
  client_body_temp_path {temp}/body; proxy_temp_path {temp}/proxy; fastcgi_temp_path {temp}/fcgi;
  uwsgi_temp_path {temp}/uwsgi; scgi_temp_path {temp}/scgi;
  include {tmp_path}/opentok.conf;
}}"""
    )
    check = subprocess.run([NGINX, "-t", "-c", str(tmp_path / "nginx.conf"), "-p", str(tmp_path)],
                           capture_output=True, text=True)  # fmt: skip
    assert check.returncode == 0, check.stderr
    proc = subprocess.Popen([NGINX, "-c", str(tmp_path / "nginx.conf"), "-p", str(tmp_path)],
                            start_new_session=True)  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                break
        except httpx.HTTPError:
            time.sleep(0.1)
    try:
        yield base, folder, video_id
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(10)


def test_nginx_serves_media_apps_and_proxies_the_api(nginx: tuple[str, str, int], platform: Platform) -> None:
    base, folder, video_id = nginx
    with httpx.Client(base_url=base, timeout=10) as web:
        kinds = {
            "hls/master.m3u8": "application/vnd.apple.mpegurl",
            "hls/seg_000.ts": "video/mp2t",
            "video.mp4": "video/mp4",
            "poster.jpg": "image/jpeg",
        }
        for path, kind in kinds.items():
            resp = web.get(folder + path)
            assert resp.status_code == 200 and resp.headers["content-type"] == kind, path
            cache = resp.headers["cache-control"]
            assert "immutable" not in cache and "private" in cache
        part = web.get(folder + "hls/seg_000.ts", headers={"Range": "bytes=10-19"})
        assert part.status_code == 206 and part.content == bytes(range(10, 20))
        assert part.headers["content-range"] == "bytes 10-19/1024"
        token = folder.split("/")[3]
        assert web.get(f"/media/t/{token}/uploads/original.mp4").status_code == 404  # originals stay private
        assert web.get("/media/uploads/original.mp4").status_code == 404
        assert web.get(folder.replace(f"/t/{token}", "") + "video.mp4").status_code == 404  # unsigned
        assert web.get(folder + "missing.ts").status_code == 404
        tampered = folder.replace(token, token[:-1] + ("A" if token[-1] != "A" else "B"))
        assert web.get(tampered + "video.mp4").status_code == 403
        with platform.session() as session:  # a rejection revokes the link at once
            session.get(Video, video_id).status = VideoStatus.rejected
            session.commit()
        assert [web.get(folder + p).status_code for p in kinds] == [403] * 4

        assert "<title>app</title>" in web.get("/some/client/route").text  # SPA fallback
        assert "<title>admin</title>" in web.get("/admin/moderation/queue").text

        api = web.get("/api/no-such-route", headers={"X-Request-ID": "through-nginx-1"})
        assert api.status_code == 404 and api.json()["error"]["code"] == "not_found"
        assert api.headers["x-request-id"] == "through-nginx-1"
        assert len(web.get("/api/no-such-route").headers["x-request-id"]) == 32  # nginx's own id
