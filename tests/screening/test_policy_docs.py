"""docs/screening.md lists every rule of the shipped policy with its threshold's status, and
says "demo" exactly for the rules whose threshold is invented (``is_demo``)."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]


def test_every_shipped_rule_is_documented_with_its_demo_status() -> None:
    policy = yaml.safe_load((ROOT / "src/kcn/screening/data/policy.yaml").read_text("utf-8"))
    docs = (ROOT / "docs/screening.md").read_text("utf-8")
    docs = docs.split("### Thresholds and where they come from")[1].split("\n\n#")[0]
    rows = dict(re.findall(r"^\| `([a-z_]+)` \|[^|]*\| ([^|]+) \|", docs, flags=re.MULTILINE))
    for rule in policy["rules"]:
        assert rule["code"] in rows, rule["code"]
        assert ("demo" in rows[rule["code"]]) == bool(rule.get("is_demo")), rule["code"]
