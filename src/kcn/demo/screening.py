"""Screening demo: the shipped default policy (version 1) and a few demo leads.

The leads are invented (names, figures, dates): every one is marked ``is_demo``. They show
each stage of the pipeline, a lost lead with its reason, overdue follow-ups and a lead with its
certificate issued, ready to become a project."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from kcn.kit.permissions import system_actor
from kcn.models import Lead
from kcn.screening import leads, ruleset
from kcn.screening.schemas import ActivityCreate, LeadCreate, StageChange

LEADS: list[dict[str, Any]] = [
    {
        "investor": "Demo Semiconductor Packaging Co. (KR)",
        "countries": ["KR"],
        "vsic_code": "2610",
        "capital_usd": "120000000",
        "land_ha": "20",
        "workers": 1800,
        "technology_class": "high_tech",
        "zone": "KCN-QUANG-CHAU",
        "first_contact_on": "2026-03-02",
        "owner": "investment",
        "next_action": "Gửi hồ sơ đề xuất dự án",
        "next_action_due": "2026-11-20",
        "stages": ["site_visit", "proposal"],
    },
    {
        "investor": "Demo Precision Parts Ltd. (JP)",
        "countries": ["JP"],
        "vsic_code": "2930",
        "capital_usd": "25000000",
        "land_ha": "8",
        "workers": 600,
        "technology_class": "advanced",
        "zone_kind": "industrial_park",
        "first_contact_on": "2026-05-11",
        "owner": "investment",
        "next_action": "Khảo sát thực địa KCN Tân Hưng",
        "next_action_due": "2026-12-15",
        "stages": ["site_visit"],
    },
    {
        "investor": "Demo Software Services JSC (VN)",
        "countries": ["VN"],
        "vsic_code": "6201",
        "capital_usd": "5000000",
        "land_ha": "2",
        "workers": 250,
        "technology_class": "advanced",
        "zone_kind": "industrial_park",
        "first_contact_on": "2026-09-01",
        "owner": "investment",
        "next_action": "Gọi lại về nhu cầu văn phòng",
        "next_action_due": "2026-10-01",
        "stages": [],
    },
    {
        "investor": "Demo Garment Export Co. (CN)",
        "countries": ["CN"],
        "vsic_code": "1410",
        "capital_usd": "4000000",
        "land_ha": "10",
        "workers": 3000,
        "technology_class": "other",
        "zone_kind": "industrial_park",
        "first_contact_on": "2026-02-15",
        "owner": "investment",
        "stages": ["site_visit", "lost"],
        "lost_reason": "Chọn địa điểm ở tỉnh khác",
    },
    {
        "investor": "Demo Electronics Assembly GmbH (DE)",
        "countries": ["DE"],
        "vsic_code": "2640",
        "capital_usd": "60000000",
        "land_ha": "15",
        "workers": 1500,
        "technology_class": "advanced",
        "zone": "KCN-VIET-HAN",
        "first_contact_on": "2025-11-10",
        "owner": "investment",
        "stages": ["site_visit", "proposal", "dossier_submitted", "certificate_issued"],
    },
    {
        "investor": "Demo Logistics Hub Pte. (SG)",
        "countries": ["SG"],
        "vsic_code": "5210",
        "capital_usd": "18000000",
        "land_ha": "12",
        "workers": 300,
        "technology_class": "other",
        "zone_kind": "industrial_park",
        "first_contact_on": "2026-06-20",
        "owner": "investment",
        "next_action": "Trả lời thư hỏi giá thuê đất",
        "next_action_due": "2026-11-05",
        "stages": ["site_visit", "proposal", "dossier_submitted"],
    },
    {
        "investor": "Demo Furniture Workshop Co. (VN)",
        "countries": ["VN"],
        "vsic_code": "3100",
        "capital_usd": "1500000",
        "land_ha": "3",
        "workers": 200,
        "technology_class": "other",
        "zone_kind": "industrial_cluster",
        "first_contact_on": "2026-10-12",
        "owner": "investment",
        "next_action": "Giới thiệu cụm công nghiệp phù hợp",
        "next_action_due": "2026-12-20",
        "stages": [],
    },
    {
        "investor": "Demo Steel Rolling Corp. (US)",
        "countries": ["US"],
        "vsic_code": "2410",
        "capital_usd": "30000000",
        "land_ha": "40",
        "workers": 800,
        "technology_class": "other",
        "zone_kind": "industrial_park",
        "first_contact_on": "2026-04-03",
        "owner": "investment",
        "stages": ["lost"],
        "lost_reason": "Ngành hạn chế thu hút (luyện thép)",
    },
]


def load_screening(session: Session) -> dict[str, int]:
    """The default policy and the demo leads, if there are no leads yet."""
    ruleset.ensure_default(session)
    if session.scalar(select(Lead.id).limit(1)) is not None:
        return {"leads": 0}
    actor = system_actor("demo data loader", "import")
    for item in LEADS:
        fields = {k: v for k, v in item.items() if k not in ("stages", "lost_reason")}
        lead = leads.create_lead(
            session, LeadCreate.model_validate({**fields, "is_demo": True}), actor
        )
        first = date.fromisoformat(item["first_contact_on"])
        leads.add_activity(
            session,
            lead.id,
            ActivityCreate(happened_on=first, kind="call", note="Liên hệ đầu tiên (minh hoạ)"),
            actor,
        )
        for n, stage in enumerate(item["stages"], start=1):
            on = date.fromordinal(first.toordinal() + 30 * n)
            change = StageChange(stage=stage, on=on, reason=item.get("lost_reason", ""))
            leads.change_stage(session, lead.id, change, actor)
    return {"leads": len(LEADS)}
