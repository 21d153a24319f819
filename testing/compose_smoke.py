"""Smoke test of the real compose stack: build, start, use it as people would, tear it down.

    python -m testing.compose_smoke             # local images, then build, up, checks, down -v
    python -m testing.compose_smoke --keep      # leave the stack running afterwards

It starts a Docker engine when none answers (`dockerd --bridge=none --iptables=false`), builds
the base images without a registry (`deploy/local-images.sh`), and runs
`docker compose -f docker-compose.yml -f deploy/compose.local.yml`, so every container shares
the host's network and all traffic stays on 127.0.0.1. Then, through nginx only, it registers
a user, uploads a generated clip over tus and waits until it is published, plays its HLS
through the URLs the API hands out, posts a benign and a toxic comment and waits for their AI
verdicts, overrides decisions as the admin, and checks that Prometheus scrapes every
target. Each step prints its time; any failure exits non-zero with the step's name.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import httpx

from opentok.core.config import REPO_ROOT
from testing import tus_client
from testing.media import make_clip

COMPOSE_FILES = ["-f", "docker-compose.yml", "-f", "deploy/compose.local.yml"]
WEB_PORT = int(os.environ.get("WEB_PORT", "8080"))
PROMETHEUS_PORT = int(os.environ.get("PROMETHEUS_PORT", "9090"))
PASSWORD = "smoke-test-password-1"
#: Services that run once and exit (compose's `models-init` trains what is missing).
ONE_SHOT = {"models-init"}
#: The comment model the stack trains on first start. `default` takes about 10 minutes on two
#: cores; CI uses `tiny` (seconds), so the verdicts come from a real but barely trained model.
TRAINING_PROFILE = os.environ.get("SMOKE_TRAINING_PROFILE", "tiny")
BENIGN = "What a lovely sunset, thanks for sharing this with us!"
TOXIC = "You are worthless scum, I hate you and I will make you suffer. Die."


class SmokeFailure(RuntimeError):
    pass


@contextmanager
def step(name: str) -> Iterator[None]:
    start = time.monotonic()
    print(f"… {name}", flush=True)
    try:
        yield
    except Exception as exc:
        print(f"✗ {name} failed after {time.monotonic() - start:.1f}s: {exc}", flush=True)
        raise SmokeFailure(name) from exc
    print(f"✓ {name} ({time.monotonic() - start:.1f}s)", flush=True)


def wait_for(what: str, check: Callable[[], Any], timeout_s: float, every_s: float = 2.0) -> Any:
    """Poll `check` until it returns something truthy; its last value names the failure."""
    deadline = time.monotonic() + timeout_s
    last: Any = None
    while time.monotonic() < deadline:
        try:
            last = check()
        except httpx.HTTPError as exc:
            last = exc
        else:
            if last:
                return last
        time.sleep(every_s)
    raise TimeoutError(f"{what}: not after {timeout_s:.0f}s (last: {last!r})")


# --- the engine and compose ---------------------------------------------------------------
def docker_ok() -> bool:
    return subprocess.run(["docker", "info"], capture_output=True).returncode == 0


def ensure_engine(log_dir: Path) -> None:
    if shutil.which("docker") is None or shutil.which("dockerd") is None:
        raise SmokeFailure("no Docker engine installed: run deploy/install-docker.sh (Debian's docker.io)")
    if docker_ok():
        return
    log_dir.mkdir(parents=True, exist_ok=True)
    log = (log_dir / "dockerd.log").open("ab")
    # No bridge and no iptables: containers use the host's network only (compose.local.yml).
    subprocess.Popen(
        ["dockerd", "--bridge=none", "--iptables=false", "--ip-masq=false"],
        stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
    )  # fmt: skip
    wait_for("the Docker engine", docker_ok, 60, every_s=1)


def compose(*args: str, env: dict[str, str], check: bool = True, capture: bool = False) -> str:
    proc = subprocess.run(
        ["docker", "compose", *COMPOSE_FILES, *args], cwd=REPO_ROOT, env=env, text=True,
        stdout=subprocess.PIPE if capture else None, stderr=subprocess.STDOUT if capture else None,
    )  # fmt: skip
    if check and proc.returncode != 0:
        raise RuntimeError(f"docker compose {' '.join(args)} exited {proc.returncode}: {proc.stdout or ''}")
    return proc.stdout or ""


def stack_env() -> dict[str, str]:
    """Secrets for this run only, passed as variables (the checkout's .env is left alone)."""
    return {
        **os.environ,
        "SECRET_KEY": secrets.token_hex(32),
        "SERVICE_TOKEN": secrets.token_hex(32),
        "MYSQL_PASSWORD": secrets.token_hex(12),
        "MYSQL_ROOT_PASSWORD": secrets.token_hex(12),
        "GRAFANA_ADMIN_PASSWORD": secrets.token_hex(12),
        "COMMENT_TRAINING_PROFILE": TRAINING_PROFILE,
        "WEB_PORT": str(WEB_PORT),
        "PROMETHEUS_PORT": str(PROMETHEUS_PORT),
        "SHARED_DATA_HOST_DIR": os.environ.get("SHARED_DATA_DIR", str(REPO_ROOT.parent / "shared" / "data")),
    }


def unhealthy(env: dict[str, str]) -> list[str]:
    """Services not yet healthy (those without a healthcheck count when running)."""
    out = compose("ps", "--all", "--format", "json", env=env, capture=True)
    rows = [json.loads(line) for line in out.splitlines() if line.strip().startswith("{")]
    if not rows:
        return ["(no containers)"]
    bad = []
    for row in rows:
        if row.get("State") == "exited":
            if row["Service"] in ONE_SHOT and row.get("ExitCode") == 0:
                continue  # done, as it should be
            raise RuntimeError(f"{row['Service']} exited: {row.get('Status')}")
        if (row.get("Health") or "healthy") != "healthy" or row.get("State") != "running":
            bad.append(f"{row['Service']}={row.get('Health') or row.get('State')}")
    return bad


# --- the platform, through nginx ----------------------------------------------------------
def register(client: httpx.Client, username: str) -> dict[str, str]:
    resp = client.post(
        "/api/auth/register",
        json={"username": username, "email": f"{username}@example.com", "password": PASSWORD},
    )
    resp.raise_for_status()
    return {"Authorization": f"Bearer {resp.json()['access_token']}"}


def login(client: httpx.Client, username: str) -> dict[str, str]:
    resp = client.post("/api/auth/login", json={"username": username, "password": PASSWORD})
    resp.raise_for_status()
    return {"Authorization": f"Bearer {resp.json()['access_token']}"}


def play_hls(client: httpx.Client, master_url: str) -> int:
    """Fetch the master playlist, every variant playlist and its first media files; bytes read."""
    master = client.get(master_url)
    master.raise_for_status()
    total = len(master.content)
    variants = [line for line in master.text.splitlines() if line and not line.startswith("#")]
    if not variants:
        raise RuntimeError(f"master playlist lists no variants:\n{master.text}")
    for variant in variants:
        url = urljoin(str(master.url), variant)
        playlist = client.get(url)
        playlist.raise_for_status()
        media = [line for line in playlist.text.splitlines() if line and not line.startswith("#")]
        lines = playlist.text.splitlines()
        inits = [line.split('URI="')[1].split('"')[0] for line in lines if 'URI="' in line]
        for name in inits + media[:1]:
            part = client.get(urljoin(str(playlist.url), name))
            part.raise_for_status()
            if not part.content:
                raise RuntimeError(f"empty media file {name}")
            total += len(part.content)
    return total


def ai_verdict(client: httpx.Client, admin: dict[str, str], comment_id: int) -> tuple[str, str] | None:
    """(verdict, model version) of the comment's AI decision, once there is one."""
    resp = client.get(
        "/api/admin/decisions",
        params={"subject_type": "comment", "subject_id": comment_id, "source": "ai"},
        headers=admin,
    )
    resp.raise_for_status()
    items = resp.json()["items"]
    return (items[0]["verdict"], items[0]["model_version"]) if items else None


def decide(client: httpx.Client, admin: dict[str, str], subject: str, subject_id: int, action: str) -> None:
    resp = client.post(
        "/api/admin/decisions",
        json={"subject_type": subject, "subject_id": subject_id, "action": action,
              "reason": "compose smoke test override"},
        headers=admin,
    )  # fmt: skip
    resp.raise_for_status()


def prometheus_targets() -> dict[str, str]:
    resp = httpx.get(f"http://127.0.0.1:{PROMETHEUS_PORT}/api/v1/targets", timeout=10)
    resp.raise_for_status()
    return {t["labels"]["job"]: t["health"] for t in resp.json()["data"]["activeTargets"]}


def exercise(env: dict[str, str], workdir: Path) -> None:
    base = f"http://127.0.0.1:{WEB_PORT}"
    user = f"smoke_{secrets.token_hex(3)}"
    admin_name = f"admin_{secrets.token_hex(3)}"
    with httpx.Client(base_url=base, timeout=60, follow_redirects=True) as client:
        with step("register a user"):
            me = register(client, user)

        with step("create the admin (CLI in the gateway container)"):
            compose("exec", "-T", "gateway", "python", "-m", "opentok", "create-admin", admin_name,
                    "--password", PASSWORD, env=env)  # fmt: skip
            admin = login(client, admin_name)

        with step("upload a clip through tus and wait for its moderation"):
            clip = make_clip(workdir / "smoke.mp4", seconds=4, width=360, height=640, fps=24)
            meta = {"title": "Smoke test sunset", "description": "compose smoke", "hashtags": "#smoke"}
            video_id = tus_client.upload_file(client, me, clip, meta)

            def moderated() -> dict[str, Any] | None:
                video = client.get(f"/api/videos/{video_id}", headers=me).json()
                if video["status"] in ("rejected", "failed"):
                    reason = video.get("status_reason")
                    raise RuntimeError(f"video {video_id} ended {video['status']}: {reason}")
                return video if video["status"] in ("published", "pending_review") else None

            video = wait_for(f"video {video_id} moderated", moderated, 300, every_s=3)
            print(f"  AI outcome: {video['status']} {video.get('status_reason') or ''}")

        if video["status"] == "pending_review":
            with step("the admin publishes the held video (an override)"):
                decide(client, admin, "video", video_id, "approve")
                video = client.get(f"/api/videos/{video_id}", headers=me).json()
                if video["status"] != "published":
                    raise RuntimeError(f"after approval the video is {video['status']}")

        with step("play its HLS through the URLs the API gives"):
            read = play_hls(client, urljoin(base + "/", video["hls_url"]))
            print(f"  read {read} bytes of playlists and segments")

        with step("post a benign and a toxic comment and wait for their AI verdicts"):
            ids = {}
            for label, text in (("benign", BENIGN), ("toxic", TOXIC)):
                resp = client.post(f"/api/videos/{video_id}/comments", json={"text": text}, headers=me)
                resp.raise_for_status()
                ids[label] = resp.json()["id"]
            verdicts = {
                label: wait_for(f"AI verdict on the {label} comment",
                                lambda cid=cid: ai_verdict(client, admin, cid), 300)
                for label, cid in ids.items()
            }  # fmt: skip
            print(f"  verdicts (comment model trained with profile {TRAINING_PROFILE!r}): {verdicts}")
            unscored = [label for label, (_, version) in verdicts.items() if not version]
            if unscored:
                raise RuntimeError(f"no model scored the {unscored} comment(s): models-init did not train")
            if TRAINING_PROFILE != "tiny" and verdicts["toxic"][0] == "approve":
                raise RuntimeError("the toxic comment was approved by the AI")

        with step("override one decision as the admin"):
            benign_ok = verdicts["benign"][0] == "approve"
            target, action = ("toxic", "reject") if benign_ok else ("benign", "approve")
            decide(client, admin, "comment", ids[target], action)
            status = client.get(f"/api/comments/{ids[target]}", headers=me).json()["status"]
            expected = "approved" if action == "approve" else "rejected"
            if status != expected:
                raise RuntimeError(f"after the override the {target} comment is {status}, not {expected}")

        with step("a rejected video's media links stop working at once"):
            master = urljoin(base + "/", video["hls_url"])
            decide(client, admin, "video", video_id, "reject")
            refused = client.get(master)
            if refused.status_code not in (403, 404):
                raise RuntimeError(f"media of a rejected video answered {refused.status_code}")

    with step("Prometheus scrapes every target"):
        targets = wait_for("every Prometheus target up", lambda: (t := prometheus_targets()) and all(
            h == "up" for h in t.values()) and t, 90, every_s=5)  # fmt: skip
        print(f"  targets: {targets}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--keep", action="store_true", help="leave the stack running")
    parser.add_argument("--no-build", action="store_true", help="reuse the images already built")
    args = parser.parse_args(argv)
    env = stack_env()
    started = time.monotonic()
    ok = False
    try:
        with step("Docker engine"):
            ensure_engine(REPO_ROOT / "var" / "compose-smoke")
        if not args.no_build:
            with step("base images without a registry (deploy/local-images.sh)"):
                subprocess.run(["bash", "deploy/local-images.sh"], cwd=REPO_ROOT, check=True)
            with step("docker compose build"):
                compose("build", env=env)
        with step("docker compose up -d, every healthcheck passing"):
            compose("up", "-d", env=env)
            wait_for("healthy services", lambda: not unhealthy(env) or None, 900, every_s=5)
        with tempfile.TemporaryDirectory() as tmp:
            exercise(env, Path(tmp))
        ok = True
    except SmokeFailure as failure:
        print(f"compose smoke test FAILED at: {failure}", flush=True)
        print(compose("ps", "--all", env=env, check=False, capture=True))
        print(compose("logs", "--tail", "40", env=env, check=False, capture=True)[-20000:])
    finally:
        if not args.keep:
            with step("docker compose down -v"):
                compose("down", "-v", "--remove-orphans", env=env, check=False)
    outcome = "passed" if ok else "failed"
    print(f"compose smoke test {outcome} in {time.monotonic() - started:.0f}s", flush=True)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
