"""The registry-free compose override, checked without a Docker engine: every base image is a
build argument, every service the default stack starts is covered by deploy/compose.local.yml
on the host network, and nothing in it binds the machine's own MariaDB or Redis ports.
The running stack itself is exercised by `python -m testing.compose_smoke` (CI runs it)."""

from __future__ import annotations

import re
from typing import Any

import pytest
import yaml

from opentok.core.config import REPO_ROOT

LOCAL = REPO_ROOT / "deploy" / "compose.local.yml"
DOCKERFILES = sorted((REPO_ROOT / "deploy" / "docker").glob("*.Dockerfile"))


def _load(path: str) -> dict[str, Any]:
    # compose's `!reset` tag means "drop the base file's value"; PyYAML needs to be told.
    loader = type("ComposeLoader", (yaml.SafeLoader,), {})
    loader.add_constructor("!reset", lambda _loader, _node: None)
    return yaml.load((REPO_ROOT / path).read_text(), Loader=loader)


@pytest.fixture(scope="module")
def base() -> dict[str, Any]:
    return _load("docker-compose.yml")


@pytest.fixture(scope="module")
def local() -> dict[str, Any]:
    return _load("deploy/compose.local.yml")


@pytest.mark.parametrize("dockerfile", DOCKERFILES, ids=lambda p: p.name)
def test_every_base_image_is_a_build_argument(dockerfile) -> None:  # type: ignore[no-untyped-def]
    text = dockerfile.read_text()
    args = dict(re.findall(r"^ARG (\w+)=(\S+)", text, flags=re.M))
    for image in re.findall(r"^FROM (\S+)", text, flags=re.M):
        name = re.fullmatch(r"\$\{(\w+)\}", image)
        assert name, f"{dockerfile.name}: FROM {image} is not an ARG"
        # the default stays the official image, for users with registry access
        assert not args[name.group(1)].startswith("local/"), dockerfile.name


def test_every_started_service_runs_locally_on_the_host_network(base, local) -> None:  # type: ignore[no-untyped-def]
    overrides = local["services"]
    for name in base["services"]:
        assert name in overrides, f"{name} is not covered by compose.local.yml"
        svc = overrides[name]
        if svc.get("profiles"):
            continue  # left out on purpose (no Debian package, no registry)
        assert svc.get("network_mode") == "host", name
        image = svc.get("image") or ""
        args = (svc.get("build") or {}).get("args") or {}
        assert image.startswith("local/") or any(v.startswith("local/") for v in args.values()), name


def test_no_service_takes_the_machines_own_database_ports(local) -> None:  # type: ignore[no-untyped-def]
    text = LOCAL.read_text()
    assert not re.search(r"\b(3306|6379)\b", text)
    for name, svc in local["services"].items():
        assert "ports" not in svc or svc["ports"] is None, f"{name} publishes ports on the host network"
