"""The browser editor at /admin/ (Decap CMS), its forms drawn from the content models.

Teachers add an outcome from a browser with nothing installed: one editor per studio
(`admin/<studio>/`), whose collections write into that studio's folders only, with the
same field names, Chinese labels, codes and file references the checker reads. The
configuration is derived from the pydantic models (the JSON Schemas of `schemas/`) and
the standard's indicators, so a field added to a model appears in the editor too.

The editor's script is vendored (`vendor/decap-cms/`) and served from the site itself:
nothing is fetched from outside the intranet.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from ..codes import EntryKind
from ..models import ENTRY_MODELS, Plan, Site, Source, Studio

ADMIN = "admin"
VENDOR = Path(__file__).resolve().parents[2] / "vendor" / "decap-cms"
SCRIPT = "decap-cms.js"

# the order an author fills a form in; fields not named keep the model's order after these
FORM_ORDER = ("title", "date", "type", "kind", "year", "outlet", "awarded_by", "number", "venue", "speaker", "audience",
              "tasks", "indicators", "representative", "level", "summary")
MARKDOWN_FIELDS = {"intro", "bio"}  # rendered as Markdown by the site
LONG_TEXT_FIELDS = {"summary", "goal", "note", "comment"}
# a new file's name: the entry's date (2026-03-18.md, then 2026-03-18-1.md), since the site's
# addresses use only letters, digits and “-” and the editor cannot spell a Chinese title in pinyin
SLUG = "{{year}}-{{month}}-{{day}}"
DATE = {"widget": "datetime", "format": "YYYY-MM-DD", "date_format": "YYYY-MM-DD", "time_format": False,
        "picker_utc": True}


MARKER = "__studio__"  # stands for a studio's folder in the shared editor configuration


def editor_path(slug: str) -> str:
    """The editor of one studio, relative to the site root."""
    return f"{ADMIN}/{slug}/"


def new_entry_link(slug: str, kind: EntryKind) -> str:
    return f"{editor_path(slug)}#/collections/{kind.folder}/new"


def backend(source: Source) -> dict[str, Any]:
    """The git server the editor commits to (`source:` in site.yml), as Decap's backends want it."""
    base = source.address.rstrip("/")
    settings: dict[str, Any] = {
        "name": source.server, "repo": source.repository, "branch": source.branch, "base_url": base,
        "api_root": f"{base}/api/v1" if source.server == "gitea" else f"{base}/api/v4",
        "auth_endpoint": "login/oauth/authorize" if source.server == "gitea" else "oauth/authorize",
        "commit_messages": {"create": "新建 {{collection}}：{{slug}}", "update": "修改 {{collection}}：{{slug}}",
                            "delete": "删除 {{collection}}：{{slug}}", "uploadMedia": "上传 {{path}}",
                            "deleteMedia": "删除 {{path}}"},
    }
    if source.cms_app_id:
        settings["app_id"] = source.cms_app_id
        if source.server == "gitlab":
            settings["auth_type"] = "pkce"
    return settings


def studio_config(site: Site, studio_slug: str, indicators: dict[str, str]) -> dict[str, Any]:
    """The editor configuration of one studio: its entries, its profile and its plan."""
    folder = f"studios/{studio_slug}"
    collections: list[dict[str, Any]] = []
    for kind, model in ENTRY_MODELS.items():
        collections.append({
            "name": kind.folder, "label": kind.label, "label_singular": kind.label,
            "folder": f"{folder}/{kind.folder}", "extension": "md", "format": "frontmatter",
            "create": True, "slug": SLUG, "identifier_field": "title", "editor": {"preview": False},
            "media_folder": "../media", "public_folder": "../media",  # as `../media/x.jpg`, beside the entry
            "summary": "{{title}}（{{date}}）" if kind is not EntryKind.REPORT else "{{title}}",
            "sortable_fields": ["date", "title"],
            "fields": [*model_fields(model, indicators), {"name": "body", "label": "正文", "widget": "markdown",
                                                          "hint": "正文直接写，不必重复标题；小标题用“标题 2”。"}],
        })
    collections.append({
        "name": "studio", "label": "工作室信息", "editor": {"preview": False},
        "media_folder": f"/{folder}/media", "public_folder": "media",  # as `media/x.jpg`, beside studio.yml
        "files": [
            {"name": "studio", "label": "工作室基本信息", "file": f"{folder}/studio.yml",
             "fields": model_fields(Studio, indicators)},
            {"name": "plan", "label": "建设计划与经费", "file": f"{folder}/plan.yml",
             "fields": model_fields(Plan, indicators)},
        ],
    })
    return {
        "locale": "zh_Hans",
        "local_backend": True,  # only on the author's own computer (localhost), with decap-server running
        "backend": backend(site.source),  # written only for a site that names one (write_editors)
        "publish_mode": "simple",
        **({"site_url": site.address(), "display_url": site.address()} if site.address() else {}),
        "media_folder": f"{folder}/media",
        "public_folder": "../media",
        "slug": {"encoding": "unicode", "clean_accents": False, "sanitize_replacement": "-"},  # 实训现场.jpg stays so
        "collections": collections,
    }


#: Fields that name one uploaded file of the entry's own (an honour's certificate, a report's copy).
SCANS = {"certificate": "从电脑选择证书或表彰文件的扫描件（图片或 PDF）",
         "archive": "从电脑选择报道的截图（PNG、JPEG）或 PDF：校外网址在校园网内常常打不开"}


def model_fields(model: type[BaseModel], indicators: dict[str, str]) -> list[dict[str, Any]]:
    schema = json_schema(model)
    return _object_fields(schema, schema.get("$defs", {}), indicators)


@functools.cache
def json_schema(model: type[BaseModel]) -> dict[str, Any]:
    """Made once per model (pydantic builds it anew on each call; every studio's editor asks)."""
    return model.model_json_schema()


def _object_fields(schema: dict, defs: dict, indicators: dict[str, str]) -> list[dict[str, Any]]:
    required = set(schema.get("required", []))
    names = list(schema.get("properties", {}))
    names.sort(key=lambda n: FORM_ORDER.index(n) if n in FORM_ORDER else len(FORM_ORDER))
    fields = []
    for name in names:
        field = _field(name, schema["properties"][name], defs, indicators, name in required)
        if field is not None:
            fields.append(field)
    return fields


def _resolve(prop: dict, defs: dict) -> tuple[dict, bool]:
    """The property's own schema, and whether it may be left empty (`X | None`)."""
    optional = False
    if "anyOf" in prop:
        kinds = [p for p in prop["anyOf"] if p.get("type") != "null"]
        optional = len(kinds) < len(prop["anyOf"])
        prop = {**prop, **kinds[0]}
        prop.pop("anyOf")
    if "$ref" in prop:
        prop = {**defs[prop["$ref"].rsplit("/", 1)[-1]], **{k: v for k, v in prop.items() if k != "$ref"}}
    return prop, optional


def _options(prop: dict) -> list[dict[str, str]]:
    labels = prop.get("enumDescriptions") or prop["enum"]
    return [{"label": label, "value": value} for value, label in zip(prop["enum"], labels)]


def _field(name: str, prop: dict, defs: dict, indicators: dict[str, str], required: bool) -> dict | None:
    title = prop.get("title", name)
    prop, optional = _resolve(prop, defs)
    if "const" in prop:
        return None  # fixed by the folder (a case's form is always `method`)
    field: dict[str, Any] = {"name": name, "label": title, "required": required and not optional}
    hint = prop.get("description") or ""
    kind = prop.get("type")
    item = _resolve(prop.get("items", {}), defs)[0] if kind == "array" else {}
    if name == "indicators":
        field.update(widget="select", multiple=True, options=[
            {"label": f"{code} {leaf}", "value": code} for code, leaf in indicators.items()])
        hint = "建设标准的三级指标，可选多项"
    elif "enum" in prop:
        field.update(widget="select", options=_options(prop))
        hint = ""
    elif "enum" in item:
        field.update(widget="select", multiple=True, options=_options(item))
        if prop.get("minItems"):
            field["min"] = prop["minItems"]
        hint = "可选多项"
    elif item.get("type") == "object":
        field.update(widget="list", fields=_reference_fields(name, item, defs, indicators))
        field["summary"] = "{{fields.caption}}" if name == "images" else "{{fields.%s}}" % _first(item)
        hint = ""
    elif kind == "array":
        field.update(widget="list", field={"name": "item", "label": title, "widget": "string"})
        hint = "每项单独添加"
    elif kind == "object":
        field.update(widget="object", fields=_object_fields(prop, defs, indicators), collapsed=False)
        hint = ""
    elif prop.get("format") == "date":
        field.update(DATE)
        hint = "点击选择日期" if name != "date" else hint.split("，如")[0]
    elif kind == "boolean":
        field.update(widget="boolean", default=bool(prop.get("default", False)))
    elif kind in ("integer", "number"):
        field.update(widget="number", value_type="int" if kind == "integer" else "float")
        if "minimum" in prop:
            field["min"] = prop["minimum"]
        if "maximum" in prop:
            field["max"] = prop["maximum"]
    elif name in ("cover", "photo"):
        field.update(widget="image", choose_url=False)
        hint = "从电脑选择图片（JPG 或 PNG）"
    elif name in SCANS:
        field.update(widget="file", choose_url=False)
        hint = SCANS[name]
    elif name in MARKDOWN_FIELDS:
        field.update(widget="markdown", buttons=["bold", "italic", "bulleted-list", "numbered-list"],
                     editor_components=[])
        hint = ""
    else:
        field["widget"] = "text" if name in LONG_TEXT_FIELDS else "string"
    if "default" in prop and "default" not in field and prop["default"] not in (None, [], ""):
        field["default"] = prop["default"]
    if hint and hint != title:
        field["hint"] = hint
    return field


def _first(item: dict) -> str:
    return next(iter(item.get("properties", {})), "")


def _reference_fields(name: str, item: dict, defs: dict, indicators: dict[str, str]) -> list[dict[str, Any]]:
    """A picture or an attachment chosen from the computer: written as a path beside the entry."""
    fields = _object_fields(item, defs, indicators)
    for field in fields:
        if field["name"] == "src":
            field.update(widget="image" if name == "images" else "file", choose_url=False)
            field["hint"] = "从电脑选择文件，保存在本工作室的 media 文件夹"
    return fields


def write_editors(tree, project) -> None:
    """`admin/`: the editor's script, one editor per studio, and a page choosing between them;
    only for a site whose `source:` names the git server the editor commits to (6 MB of script
    a site without one would publish for nothing)."""
    from ..escape import theme_text
    from ..files import yaml_text

    site = project.site_model
    if site.source is None:
        return
    admin = tree.docs / ADMIN
    for path in sorted(VENDOR.iterdir()):
        if path.name == "README.md":
            continue
        tree.put_file(path, admin / path.name, link=True)  # nothing writes to either copy
    indicators = {}
    if project.standard:
        indicators = {code: i.title for code, i in project.standard.model.leaves().items()}
    links = []
    # Studios' editors differ only in their folder: the configuration is written once, for a
    # marker that names no studio (a slug is letters, digits and “-”), and each studio's folder
    # put in its place. Every place it stands is inside a path: nothing else can hold it.
    shared = yaml_text(studio_config(site, MARKER, indicators), width=1000)
    for bundle in project.studios:
        if bundle.profile is None:
            continue
        name = bundle.profile.model.name
        tree.put_text(admin / bundle.slug / "config.yml", shared.replace(f"studios/{MARKER}/", f"studios/{bundle.slug}/"))
        tree.put_text(admin / bundle.slug / "index.html",
                      PAGE.format(title=_html(theme_text(name)) + " · 在线投稿", head=EDITOR_HEAD, body=EDITOR_BODY))
        links.append(f'<li><a href="{bundle.slug}/">{_html(name)}</a></li>')
    note = "" if site.source.cms_app_id else NOT_CONFIGURED
    body = CHOOSER_BODY.format(studios="\n".join(links), note=note)
    tree.put_text(admin / "index.html", PAGE.format(title="在线投稿 · " + _html(theme_text(site.title)),
                                                    head=CHOOSER_HEAD, body=body))


def _html(text: str) -> str:
    from html import escape

    return escape(text, quote=True)


PAGE = """<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>{title}</title>
{head}
</head>
<body>
{body}
</body>
</html>
"""

EDITOR_HEAD = '<link href="config.yml" type="text/yaml" rel="cms-config-url">'
EDITOR_BODY = '<noscript>在线投稿需要开启浏览器的 JavaScript。</noscript>\n<script src="../decap-cms.js"></script>'

CHOOSER_HEAD = """<style>
body { font: 16px/1.7 system-ui, "Noto Sans CJK SC", sans-serif; max-width: 40rem; margin: 2rem auto; padding: 0 1rem; color: #222; }
h1 { font-size: 1.5rem; color: #a4161a; }
a { color: #a4161a; }
li { margin: .4rem 0; font-size: 1.1rem; }
.note { border-left: 4px solid #c9a227; background: #fdf8e8; padding: .6rem 1rem; }
</style>"""

CHOOSER_BODY = """<h1>在线投稿</h1>
<p>请选择你的工作室。登录代码托管平台的账号后，就可以在浏览器里新建和修改成果、典型案例、工作法和工作总结，上传照片和附件。</p>
{note}
<ul>
{studios}
</ul>
<p><a href="../guide.html">投稿指南</a> · <a href="../index.html">返回网站首页</a></p>"""

NOT_CONFIGURED = ('<p class="note">浏览器投稿的登录还没有开通，现在只能在装有本工具的电脑上使用；'
                  '也可以在网站上打开要修改的页面，点“修改本页”。请联系党委办公室开通。</p>')
