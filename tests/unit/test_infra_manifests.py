"""The production compose file and Kubernetes manifests, checked without Docker or a cluster.

Parses every YAML document under infra/production/ and checks what would otherwise only fail on a
hospital's servers: HIRELAKE_* names that Settings does not know, secrets written inline, containers
without resources or a security context, ports published beyond 127.0.0.1, files kustomize would skip.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from pydantic import BaseModel

from hirelake.settings import Settings

PRODUCTION = Path(__file__).resolve().parents[2] / "infra" / "production"
COMPOSE = PRODUCTION / "compose.yaml"
KUBERNETES = PRODUCTION / "kubernetes"
# A template of placeholders, kept out of kustomization.yaml on purpose (see the comment there).
SECRET_TEMPLATE = KUBERNETES / "secret.template.yaml"

SECRET_WORDS = ("KEY", "SECRET", "PASSWORD", "TOKEN")
PLACEHOLDER = re.compile(r"^(CHANGE_ME|<[^>]+>)$")
INTERPOLATION = re.compile(r"^\$\{[A-Z0-9_]+(:?[?-][^}]*)?\}$")  # compose: the value comes from .env
INLINE_URL_CREDENTIAL = re.compile(r"://[^/\s:@]+:([^@\s]+)@")
APP_LABEL = "app.kubernetes.io/name"
WORKLOADS = {"Deployment", "StatefulSet", "DaemonSet", "Job", "CronJob"}


def _settings_variables(model: type[BaseModel], prefix: str = "HIRELAKE_") -> set[str]:
    names: set[str] = set()
    for name, field in model.model_fields.items():
        key = f"{prefix}{name.upper()}"
        annotation = field.annotation
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            names |= _settings_variables(annotation, f"{key}__")
        else:
            names.add(key)
    return names


KNOWN = _settings_variables(Settings)


def _documents(path: Path) -> list[dict[str, Any]]:
    return [doc for doc in yaml.safe_load_all(path.read_text(encoding="utf-8")) if doc]


def _kubernetes_files() -> list[Path]:
    return sorted(KUBERNETES.glob("*.yaml"))


def _kubernetes_documents() -> list[tuple[str, dict[str, Any]]]:
    return [
        (f"{path.name}:{doc.get('kind')}/{doc['metadata']['name']}", doc)
        for path in _kubernetes_files()
        for doc in _documents(path)
        if "metadata" in doc
    ]


COMPOSE_SERVICES: dict[str, dict[str, Any]] = _documents(COMPOSE)[0]["services"]
K8S = _kubernetes_documents()


def _pod_spec(doc: dict[str, Any]) -> dict[str, Any]:
    spec = doc["spec"]
    if doc["kind"] == "CronJob":
        spec = spec["jobTemplate"]["spec"]
    return spec["template"]["spec"]


def _containers(doc: dict[str, Any]) -> Iterator[dict[str, Any]]:
    pod = _pod_spec(doc)
    yield from pod.get("initContainers", [])
    yield from pod["containers"]


def _compose_env(service: dict[str, Any]) -> dict[str, Any]:
    env = service.get("environment") or {}
    if isinstance(env, list):  # KEY=VALUE form
        return dict(item.split("=", 1) if "=" in item else (item, None) for item in env)
    return env


def _k8s_env(doc: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    for container in _containers(doc):
        for item in container.get("env", []):
            yield container["name"], item


def _secret_named(key: str) -> bool:
    # A *_FILE variable holds where a secret lies, not the secret.
    return any(word in key.upper() for word in SECRET_WORDS) and not key.upper().endswith("_FILE")


def _inline_secret(value: object) -> bool:
    if value is None:
        return False
    text = str(value)
    return not (PLACEHOLDER.match(text) or INTERPOLATION.match(text))


def test_parsed_everything() -> None:
    assert {
        "minio",
        "postgres",
        "prefect-server",
        "prefect-worker",
        "deployments",
        "dask-scheduler",
        "dask-worker",
        "dashboards",
    } <= set(COMPOSE_SERVICES)
    kinds = {doc["kind"] for _, doc in K8S}
    assert {
        "Namespace",
        "Secret",
        "StatefulSet",
        "Deployment",
        "Job",
        "Service",
        "NetworkPolicy",
    } <= kinds
    assert {"PersistentVolumeClaim", "ConfigMap", "Kustomization"} <= kinds | {
        d.get("kind") for p in _kubernetes_files() for d in _documents(p)
    }


def test_every_hirelake_variable_is_a_setting() -> None:
    used: dict[str, str] = {}
    for name, service in COMPOSE_SERVICES.items():
        used.update(dict.fromkeys(_compose_env(service), f"compose {name}"))
    for where, doc in K8S:
        if doc["kind"] == "ConfigMap":
            used.update(dict.fromkeys(doc.get("data", {}), where))
        if doc["kind"] in WORKLOADS:
            used.update({item["name"]: where for _, item in _k8s_env(doc)})
    hirelake = {key: where for key, where in used.items() if key.startswith("HIRELAKE_")}
    assert len(hirelake) > 10
    unknown = {key: where for key, where in hirelake.items() if key not in KNOWN}
    assert not unknown, f"not in Settings (a typo is silently ignored): {unknown}"


def test_no_inline_secrets_in_compose() -> None:
    found: list[str] = []
    for name, service in COMPOSE_SERVICES.items():
        for key, value in _compose_env(service).items():
            if _secret_named(key) and _inline_secret(value):
                found.append(f"compose {name}: {key}")
            match = INLINE_URL_CREDENTIAL.search(str(value or ""))
            if match and not INTERPOLATION.match(match.group(1)):
                found.append(f"compose {name}: {key} carries a password in its URL")
    assert not found, found


def test_no_inline_secrets_in_kubernetes() -> None:
    found: list[str] = []
    for where, doc in K8S:
        if doc["kind"] == "Secret":
            values = {**(doc.get("data") or {}), **(doc.get("stringData") or {})}
            found += [f"{where}: {key}" for key, value in values.items() if not PLACEHOLDER.match(str(value))]
        elif doc["kind"] == "ConfigMap":
            found += [f"{where}: {key}" for key in doc.get("data", {}) if _secret_named(key)]
        elif doc["kind"] in WORKLOADS:
            for container, item in _k8s_env(doc):
                key = item["name"]
                if _secret_named(key) and "secretKeyRef" not in item.get("valueFrom", {}):
                    found.append(f"{where} {container}: {key} not from a secretKeyRef")
                match = INLINE_URL_CREDENTIAL.search(str(item.get("value") or ""))
                if match and not re.fullmatch(r"\$\([A-Z0-9_]+\)", match.group(1)):  # $(VAR): from a Secret
                    found.append(f"{where} {container}: {key} carries a password in its URL")
    assert not found, found


def test_secret_template_is_only_placeholders_and_not_applied() -> None:
    kinds = {doc["kind"] for doc in _documents(SECRET_TEMPLATE)}
    assert kinds == {"Secret"}
    applied = [
        where for where, doc in K8S if doc["kind"] == "Secret" and not where.startswith(SECRET_TEMPLATE.name)
    ]
    assert not applied, f"Secrets belong in `kubectl create secret`, not in applied files: {applied}"


def test_every_referenced_secret_key_is_in_the_template() -> None:
    template = {
        doc["metadata"]["name"]: set(doc.get("stringData", {})) | set(doc.get("data", {}))
        for doc in _documents(SECRET_TEMPLATE)
    }
    missing = []
    for where, doc in K8S:
        if doc["kind"] not in WORKLOADS:
            continue
        for _, item in _k8s_env(doc):
            ref = item.get("valueFrom", {}).get("secretKeyRef")
            if ref and ref["key"] not in template.get(ref["name"], set()):
                missing.append(f"{where}: {ref['name']}/{ref['key']}")
        for volume in _pod_spec(doc).get("volumes", []):
            if "secret" in volume and volume["secret"]["secretName"] not in template:
                missing.append(f"{where}: {volume['secret']['secretName']}")
    assert not missing, missing


@pytest.mark.parametrize("name", sorted(COMPOSE_SERVICES))
def test_compose_service_is_limited_and_hardened(name: str) -> None:
    service = COMPOSE_SERVICES[name]
    limits = service.get("deploy", {}).get("resources", {}).get("limits", {})
    assert {"cpus", "memory"} <= set(limits), f"{name}: no CPU/memory limits"
    assert "ALL" in service.get("cap_drop", []), f"{name}: capabilities not dropped"
    assert "no-new-privileges:true" in service.get("security_opt", []), name
    assert service.get("read_only") is True, f"{name}: root filesystem writable"


def test_compose_publishes_on_localhost_only() -> None:
    for name, service in COMPOSE_SERVICES.items():
        for port in service.get("ports", []):
            text = port if isinstance(port, str) else f"{port.get('host_ip', '')}:{port.get('published')}"
            assert text.startswith("127.0.0.1:"), f"{name} publishes {port} beyond 127.0.0.1"
    for name in ("postgres", "dask-scheduler", "dask-worker"):
        assert not COMPOSE_SERVICES[name].get("ports"), f"{name} must not be published at all"


def test_dashboards_mirror_serve_flags() -> None:
    from apps.serve import streamlit_argv

    argv = streamlit_argv(8501)
    expected = {f"{argv[i]}={argv[i + 1]}" for i in range(argv.index("--server.address"), len(argv), 2)}
    local_only = ("--server.address", "--browser.serverAddress")  # 127.0.0.1 there, 0.0.0.0 / a host here
    expected = {flag for flag in expected if not flag.startswith(local_only)}
    compose = set(COMPOSE_SERVICES["dashboards"]["command"])
    k8s = next(d for w, d in K8S if w.startswith("dashboards.yaml:Deployment"))
    assert expected <= compose
    assert expected <= set(next(_containers(k8s))["command"])
    assert "--server.address=0.0.0.0" in compose


@pytest.mark.parametrize("where", [w for w, d in K8S if d["kind"] in WORKLOADS])
def test_k8s_containers_have_resources_and_security_context(where: str) -> None:
    doc = dict(K8S)[where]
    pod = _pod_spec(doc)
    assert pod["securityContext"]["runAsNonRoot"] is True, where
    for container in _containers(doc):
        resources = container.get("resources", {})
        assert {"cpu", "memory"} <= set(resources.get("requests", {})), f"{where} {container['name']}"
        assert {"cpu", "memory"} <= set(resources.get("limits", {})), f"{where} {container['name']}"
        context = container["securityContext"]
        assert context["allowPrivilegeEscalation"] is False
        assert context["readOnlyRootFilesystem"] is True
        assert context["capabilities"]["drop"] == ["ALL"]
        assert ":latest" not in container["image"] and ":" in container["image"], container["image"]


def test_dask_workers_sized_for_whisper_base() -> None:
    worker = next(_containers(dict(K8S)["dask.yaml:Deployment/dask-worker"]))
    assert worker["resources"]["requests"] == {"cpu": "2", "memory": "4Gi"}


def test_store_and_postgres_only_reachable_inside_namespace() -> None:
    policies = [doc for _, doc in K8S if doc["kind"] == "NetworkPolicy"]
    assert any(p["spec"]["podSelector"] == {} and "ingress" not in p["spec"] for p in policies)
    for app in ("minio", "postgres"):
        rules = [p for p in policies if p["spec"]["podSelector"].get("matchLabels", {}).get(APP_LABEL) == app]
        assert rules, app
        for rule in rules:
            for ingress in rule["spec"]["ingress"]:
                assert all(set(peer) == {"podSelector"} for peer in ingress["from"]), f"{app}: {ingress}"
    services = [doc for _, doc in K8S if doc["kind"] == "Service"]
    assert all(s["spec"].get("type", "ClusterIP") == "ClusterIP" for s in services)


def test_kustomization_lists_every_file() -> None:
    kustomization = _documents(KUBERNETES / "kustomization.yaml")[0]
    listed = set(kustomization["resources"])
    on_disk = {p.name for p in _kubernetes_files()} - {"kustomization.yaml", SECRET_TEMPLATE.name}
    assert listed == on_disk
    assert SECRET_TEMPLATE.name not in listed
    assert all(doc["metadata"].get("namespace") == "hirelake" for w, doc in K8S if doc["kind"] != "Namespace")


# --- the scheduled runs: Prefect deployments run by a Prefect worker ---------------------------------


def _k8s(where: str) -> dict[str, Any]:
    return dict(K8S)[where]


def _command(command: str | list[str]) -> list[str]:
    return command.split() if isinstance(command, str) else [str(part) for part in command]


def _option(argv: list[str], name: str) -> str:
    return argv[argv.index(name) + 1]


def test_scheduling_is_prefects_not_cron() -> None:
    assert not [w for w, d in K8S if d["kind"] == "CronJob"], "the worker runs the schedules now"
    assert not [n for n, s in COMPOSE_SERVICES.items() if "jobs" in s.get("profiles", [])]


def test_worker_polls_the_pool_the_deployments_use() -> None:
    from flows.deployments import WORK_POOL, WORK_POOL_TYPE

    compose = _command(COMPOSE_SERVICES["prefect-worker"]["command"])
    k8s = next(_containers(_k8s("prefect-worker.yaml:Deployment/prefect-worker")))
    for argv in (compose, _command(k8s["command"])):
        assert argv[:3] == ["prefect", "worker", "start"], argv
        assert _option(argv, "--pool") == WORK_POOL
        assert _option(argv, "--type") == WORK_POOL_TYPE
        assert _option(argv, "--install-policy") == "never", "a worker must not install packages"
        assert "--run-once" not in argv
    applies = (
        _command(COMPOSE_SERVICES["deployments"]["command"]),
        _command(next(_containers(_k8s("prefect-deployments.yaml:Job/prefect-deployments")))["command"]),
    )
    for argv in applies:
        assert argv[:3] == ["hirelake", "deployments", "apply"], argv
        assert _option(argv, "--pool") == WORK_POOL


def test_worker_has_what_the_scheduled_runs_need() -> None:
    """The union of what the five runs read: Prefect's API, both store identities, the HRIS, the warehouse."""
    compose = COMPOSE_SERVICES["prefect-worker"]
    env = _compose_env(compose)
    assert env["PREFECT_API_URL"] == env["HIRELAKE_PREFECT__API_URL"]
    assert env["PREFECT_RUNNER_AUTO_INSTALL_DEPENDENCIES"] == "false"
    needed = {
        "HIRELAKE_STORE__ACCESS_KEY",
        "HIRELAKE_STORE__SECRET_KEY",
        "HIRELAKE_STORE__READER_ACCESS_KEY",
        "HIRELAKE_STORE__READER_SECRET_KEY",
        "HIRELAKE_HRIS__TOKEN",
        "HIRELAKE_PIPELINE__DASK_SCHEDULER_ADDRESS",
    }
    assert needed <= set(env)
    assert "hirelake-data:/data" in compose["volumes"]
    assert compose["depends_on"]["deployments"] == {"condition": "service_completed_successfully"}

    doc = _k8s("prefect-worker.yaml:Deployment/prefect-worker")
    worker = next(_containers(doc))
    k8s_env = {item["name"]: item for item in worker["env"]}
    assert k8s_env["PREFECT_API_URL"]["value"] == "$(HIRELAKE_PREFECT__API_URL)"  # from the ConfigMap
    assert needed - {"HIRELAKE_PIPELINE__DASK_SCHEDULER_ADDRESS"} <= set(k8s_env)
    config = _k8s("configmap.yaml:ConfigMap/hirelake-config")["data"]
    assert {"HIRELAKE_PREFECT__API_URL", "HIRELAKE_PIPELINE__DASK_SCHEDULER_ADDRESS"} <= set(config)
    mounts = {m["mountPath"]: m["name"] for m in worker["volumeMounts"]}
    claims = {
        v["name"]: v.get("persistentVolumeClaim", {}).get("claimName") for v in _pod_spec(doc)["volumes"]
    }
    assert claims[mounts["/data/warehouse"]] == "warehouse", "marts-build swaps the serving warehouse"
    assert worker["livenessProbe"]["httpGet"]["path"] == "/health"


def test_deployments_job_gets_no_credentials() -> None:
    job = next(_containers(_k8s("prefect-deployments.yaml:Job/prefect-deployments")))
    assert not [item for item in job.get("env", []) if "valueFrom" in item]
    assert not [k for k in _compose_env(COMPOSE_SERVICES["deployments"]) if _secret_named(k)]


def test_worker_egress_reaches_prefect_store_and_dask_only() -> None:
    policy = _k8s("networkpolicies.yaml:NetworkPolicy/prefect-worker-egress")
    assert policy["spec"]["policyTypes"] == ["Egress"]
    assert policy["spec"]["podSelector"]["matchLabels"][APP_LABEL] == "prefect-worker"
    reached: dict[str, set[int]] = {}
    for rule in policy["spec"]["egress"]:
        ports = {p["port"] for p in rule["ports"]}
        for peer in rule["to"]:
            selector = peer.get("podSelector", {})
            apps = [selector.get("matchLabels", {}).get(APP_LABEL)]
            apps += [v for e in selector.get("matchExpressions", []) for v in e["values"]]
            for app in filter(None, apps):
                reached.setdefault(app, set()).update(ports)
    assert reached == {
        "prefect-server": {4200},
        "minio": {9000},
        "dask-scheduler": {8786, 8788, 8789},
        "dask-worker": {8786, 8788, 8789},
    }
    # ...and the ingress side of each lets any pod of the namespace in, so the worker too.
    ingress = {
        where.split("/")[-1]: doc
        for where, doc in K8S
        if doc["kind"] == "NetworkPolicy" and "Ingress" in doc["spec"]["policyTypes"]
    }
    for name in ("minio-from-namespace", "prefect-from-namespace", "dask-from-namespace"):
        assert ingress[name]["spec"]["ingress"][0]["from"] == [{"podSelector": {}}], name
