"""The Zero to JupyterHub values docs/deploy.md gives are ones the chart accepts (issue 27).

Checked against the chart's own values schema, pinned at a release (tests/data/, with its
source, version and licence in its header). Helm validates the chart's defaults merged with
a service's values, so the chart's ``required`` keys (which its defaults fill) are not
asked of the document; everything else is: a key the chart does not know, at any depth
where the chart says so, or a value of the wrong type is an error.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
SCHEMA = ROOT / "tests" / "data" / "z2jh-4.4.0-values.schema.yaml"
DEPLOY = ROOT / "docs" / "deploy.md"


def _without_required(node: Any) -> Any:
    """The schema with no ``required`` lists (the chart's defaults fill those keys)."""
    if isinstance(node, dict):
        return {k: _without_required(v) for k, v in node.items() if k != "required"}
    if isinstance(node, list):
        return [_without_required(v) for v in node]
    return node


def helm_values(markdown: str) -> list[dict[str, Any]]:
    """Every ```yaml block of ``markdown`` (in docs/deploy.md, the Helm values)."""
    blocks = re.findall(r"^```yaml\n(.*?)^```", markdown, flags=re.S | re.M)
    return [yaml.safe_load(block) for block in blocks]


@pytest.fixture(scope="module")
def validator() -> jsonschema.protocols.Validator:
    schema = _without_required(yaml.safe_load(SCHEMA.read_text(encoding="utf-8")))
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema)


def test_deploy_md_has_helm_values(validator: jsonschema.protocols.Validator) -> None:
    values = helm_values(DEPLOY.read_text(encoding="utf-8"))
    assert values and all("singleuser" in v and "hub" in v for v in values)


def test_the_helm_values_in_deploy_md_are_the_charts(
    validator: jsonschema.protocols.Validator,
) -> None:
    for values in helm_values(DEPLOY.read_text(encoding="utf-8")):
        problems = [
            f"{'.'.join(map(str, e.absolute_path)) or '(top)'}: {e.message}"
            for e in validator.iter_errors(values)
        ]
        assert not problems, "\n".join(problems)


@pytest.mark.parametrize(
    "wrong",
    [
        {"singleuser": {"memroy": {"limit": "2G"}}},  # a misspelt key
        {"cull": {"enabled": True, "timeout": "30 minutes"}},  # a wrong type
        {"hub": {"config": "JupyterHub.shutdown_on_logout = True"}},
    ],
)
def test_the_check_can_fail(validator: jsonschema.protocols.Validator, wrong: dict) -> None:
    assert list(validator.iter_errors(wrong))


def test_the_schema_is_pinned_and_licensed() -> None:
    head = SCHEMA.read_text(encoding="utf-8")[:3000]
    assert "zero-to-jupyterhub-k8s" in head and "tag 4.4.0" in head
    assert "5c5f5df751588a68a7781ead01d0f62e88e2e72f" in head
    assert "BSD 3-Clause License" in head and "Project Jupyter Contributors" in head
