"""JSON Schemas of every content file, for editors that complete and check fields."""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import BaseModel

from .codes import EntryKind
from .models import ENTRY_MODELS, Assessments, Owners, PageMeta, Plan, Site, Standard, Studio

SCHEMAS: dict[str, tuple[type[BaseModel], str]] = {
    "site": (Site, "网站设置（content/site.yml）"),
    "standard": (Standard, "建设标准（content/standard.yml）"),
    "assessments": (Assessments, "年度考核结果（content/assessments.yml）"),
    "owners": (Owners, "内容归属（content/owners.yml）"),
    "studio": (Studio, "工作室基本信息（studios/*/studio.yml）"),
    "plan": (Plan, "建设计划与经费（studios/*/plan.yml）"),
    **{kind.value: (model, f"{kind.label}属性区（studios/*/{kind.folder}/*.md）") for kind, model in ENTRY_MODELS.items()},
    "page": (PageMeta, "页面属性区（content/pages/*.md）"),
}


def schema_documents() -> dict[str, str]:
    """File name → JSON text, stable so that the committed copies can be compared."""
    out = {}
    for name, (model, title) in SCHEMAS.items():
        schema = model.model_json_schema()
        schema = {"$schema": "https://json-schema.org/draft/2020-12/schema", **schema, "title": title}
        out[f"{name}.schema.json"] = json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    return out


def write_schemas(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in schema_documents().items():
        path = folder / name
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written
