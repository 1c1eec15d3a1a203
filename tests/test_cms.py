"""The browser editor at /admin/: Decap CMS, served from the built site, configured from the models.

The end-to-end test drives the real editor in Chromium against Decap's own local backend
(`decap-server`, installed by scripts/test.sh into tests/node/), which commits into a scratch
git repository: an outcome with a phone photo is created through the form, then that
repository passes `showcase check` and `showcase build` publishes the outcome.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml
from PIL import Image

from conftest import AS_OF, CORPORA, NEEDS_CHROMIUM, REPO, served
from generator.codes import EntryKind, Task
from generator.reading import load_project
from generator.site.cms import studio_config
from generator.site.media import safe_stem

DECAP_SERVER = REPO / "tests" / "node" / "node_modules" / "decap-server" / "dist" / "index.js"
LOCAL_BACKEND_PORT = 8081  # where the editor looks for decap-server on the author's own computer


def demo_config(slug: str = "jidian") -> dict:
    project = load_project(REPO)
    leaves = {code: i.title for code, i in project.standard.model.leaves().items()}
    return studio_config(project.site_model, slug, leaves)


def fields_of(collection: dict) -> dict[str, dict]:
    return {f["name"]: f for f in collection["fields"]}


def collection(config: dict, name: str) -> dict:
    return next(c for c in config["collections"] if c["name"] == name)


def test_each_studio_edits_its_own_folders_only() -> None:
    config = demo_config("huli")
    folders = {c["name"]: c.get("folder") for c in config["collections"]}
    kinds = ("outcomes", "cases", "methods", "news", "honours", "press", "talks", "records", "reports")
    assert folders == {**{kind: f"studios/huli/{kind}" for kind in kinds}, "studio": None}
    files = [f["file"] for f in config["collections"][-1]["files"]]
    assert files == ["studios/huli/studio.yml", "studios/huli/plan.yml"]
    for entries in config["collections"][:-1]:
        assert entries["media_folder"] == entries["public_folder"] == "../media"  # as the checker reads it
        assert entries["slug"] == "{{year}}-{{month}}-{{day}}"
    assert config["locale"] == "zh_Hans" and config["local_backend"] is True
    assert config["backend"]["name"] == "gitea" and config["backend"]["repo"] == "dangwei/showcase"
    assert config["backend"]["api_root"] == "http://git.example.edu.cn/api/v1"


def test_the_forms_are_the_models_with_chinese_labels_and_codes_stored() -> None:
    config = demo_config()
    outcomes = fields_of(collection(config, "outcomes"))
    assert list(outcomes)[:3] == ["title", "date", "type"] and list(outcomes)[-1] == "body"
    assert outcomes["title"]["label"] == "标题" and outcomes["title"]["required"] is True
    assert outcomes["summary"]["required"] is False and outcomes["summary"]["widget"] == "text"
    tasks = outcomes["tasks"]
    assert tasks["widget"] == "select" and tasks["multiple"] is True and tasks["min"] == 1
    assert {"label": Task.IDEOLOGY.label, "value": "ideology"} in tasks["options"]
    indicators = {o["value"]: o["label"] for o in outcomes["indicators"]["options"]}
    assert indicators["3.2.1"].startswith("3.2.1 ") and all(code.count(".") == 2 for code in indicators)
    assert outcomes["date"]["widget"] == "datetime" and outcomes["date"]["format"] == "YYYY-MM-DD"
    images = {f["name"]: f for f in outcomes["images"]["fields"]}
    assert images["src"]["widget"] == "image" and images["caption"]["label"] == "图片说明"
    assert {f["name"]: f for f in outcomes["attachments"]["fields"]}["src"]["widget"] == "file"
    cases = fields_of(collection(config, "cases"))
    assert "type" not in cases  # a case's form is fixed by its folder
    reports = fields_of(collection(config, "reports"))
    assert reports["kind"]["options"][0] == {"label": "年度工作总结", "value": "annual"}
    assert {"label": "中期考核报告", "value": "midterm"} in reports["kind"]["options"]
    assert reports["issuer"]["label"] == "落款单位" and reports["enclosures"]["widget"] == "list"
    honours = fields_of(collection(config, "honours"))
    assert honours["awarded_by"]["required"] is True and honours["certificate"]["widget"] == "file"
    records = fields_of(collection(config, "records"))
    assert {"label": "主题党日记录", "value": "party-day"} in records["type"]["options"]
    assert records["visibility"]["default"] == "acceptance"  # records are for reviewers unless told otherwise
    assert reports["year"]["widget"] == "number" and reports["year"]["value_type"] == "int"
    studio, plan = (fields_of(f) for f in collection(config, "studio")["files"])
    assert studio["cover"]["widget"] == "image" and studio["intro"]["widget"] == "markdown"
    assert studio["secretary"]["widget"] == "object" and "photo" in fields_of(studio["secretary"])
    assert {f["name"] for f in plan["years"]["fields"]} >= {"year", "goals", "measures", "expected_outcomes"}


def test_the_built_site_serves_the_editor_itself(built_site: Path) -> None:
    admin = built_site / "admin"
    assert (admin / "decap-cms.js").stat().st_size > 1_000_000 and (admin / "LICENSE").is_file()
    page = (admin / "jidian" / "index.html").read_text(encoding="utf-8")
    assert '<script src="../decap-cms.js"></script>' in page and "http" not in page.replace("http-equiv", "")
    assert yaml.safe_load((admin / "jidian" / "config.yml").read_text(encoding="utf-8")) == demo_config()
    chooser = (admin / "index.html").read_text(encoding="utf-8")
    for bundle in load_project(REPO).studios:
        assert f'<a href="{bundle.slug}/">{bundle.profile.model.name}</a>' in chooser


def _port_free(port: int) -> bool:
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) != 0


@pytest.fixture
def scratch_repository(tmp_path: Path):
    """A git repository holding a copy of the demo content, and decap-server committing into it."""
    if not DECAP_SERVER.is_file():
        pytest.skip("decap-server is not installed (scripts/test.sh installs it into tests/node/)")
    assert _port_free(LOCAL_BACKEND_PORT), f"port {LOCAL_BACKEND_PORT} is taken; decap-server needs it"
    repo = tmp_path / "repo"
    for name in ("content", "studios"):
        shutil.copytree(REPO / name, repo / name)
    git = ["git", "-c", "user.name=测试", "-c", "user.email=test@example.edu.cn"]
    subprocess.run(["git", "init", "-q", "-b", "main", str(repo)], check=True)
    subprocess.run([*git, "-C", str(repo), "add", "-A"], check=True)
    subprocess.run([*git, "-C", str(repo), "commit", "-qm", "示例内容"], check=True)
    env = {**os.environ, "PORT": str(LOCAL_BACKEND_PORT), "MODE": "git", "GIT_REPO_DIRECTORY": str(repo),
           "GIT_AUTHOR_NAME": "测试", "GIT_AUTHOR_EMAIL": "test@example.edu.cn",
           "GIT_COMMITTER_NAME": "测试", "GIT_COMMITTER_EMAIL": "test@example.edu.cn", "LOG_LEVEL": "warn"}
    server = subprocess.Popen(["node", str(DECAP_SERVER)], env=env, cwd=repo,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    for _ in range(200):
        if not _port_free(LOCAL_BACKEND_PORT):
            break
        assert server.poll() is None, server.stdout.read().decode()
        time.sleep(0.05)
    try:
        yield repo
    finally:
        server.terminate()
        server.wait(timeout=10)


@NEEDS_CHROMIUM
def test_a_teacher_adds_an_outcome_with_a_phone_photo_in_the_browser(
        built_site: Path, browser, scratch_repository: Path, tmp_path: Path) -> None:
    repo = scratch_repository
    photo = tmp_path / "实训现场.jpg"  # as a phone names it after the teacher renamed it
    shutil.copy(CORPORA / "photos" / "canon_hdr_NO.jpg", photo)  # GPS position, EXIF orientation 6
    with served(built_site, "dbh") as url:
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        missing: list[str] = []  # the editor's own files that the site did not serve
        page.on("response", lambda r: r.status >= 400 and r.url.startswith(url) and missing.append(f"{r.status} {r.url}"))
        try:
            page.goto(url + "admin/")
            page.get_by_role("link", name="机电工程学院教工党支部书记工作室（示例）").click()
            page.get_by_role("button", name="登录").click()
            page.get_by_role("link", name="成果", exact=True).wait_for()
            page.get_by_text("机电类专业课程思政示范课建设").wait_for()
            page.get_by_role("link", name="成果", exact=True).click()
            page.locator("a[href$='/collections/outcomes/new']").click()  # the “+ 成果” button

            page.get_by_label("标题").fill("党员先锋岗助力实训基地建设")
            page.locator("input[type=date]").first.fill("2026-03-18")

            def choose(label: str, *options: str) -> None:
                for option in options:
                    page.get_by_label(label, exact=False).first.click()
                    page.get_by_text(option, exact=True).click()

            choose("成果形式", "经验推广示范、辐射带动成效")
            choose("建设任务", "促进学校事业发展", "强化党支部政治功能")
            page.get_by_label("指标").click()
            page.keyboard.type("3.2.1")
            page.keyboard.press("Enter")
            page.get_by_label("摘要").fill("党员教师在实训基地设立先锋岗，带头完成设备改造。")
            page.get_by_role("button", name="新增图片").click()
            page.get_by_role("button", name="选择图片").click()
            page.locator("input[type=file]").set_input_files(photo)
            page.get_by_role("button", name="选用已选中项目").click()
            page.locator("[id^=caption-field]").first.fill("党员先锋岗成员在实训基地调试设备")
            page.locator("[data-slate-editor=true]").first.click()
            page.keyboard.type("实训基地建设中，党员教师主动认领设备改造任务。")
            page.keyboard.press("Enter")
            page.keyboard.type("三个月内完成 12 台设备的升级改造。")
            page.get_by_role("button", name="发布").first.click()
            page.get_by_text("立即发布", exact=True).click()
            for _ in range(200):
                if (repo / "studios/jidian/outcomes/2026-03-18.md").is_file():
                    break
                time.sleep(0.05)
            page.get_by_text("已发布").first.wait_for(timeout=10000)
        finally:
            context.close()
    assert errors == []
    assert missing == [], missing

    # one commit, holding the entry and its photo, and nothing else
    changed = subprocess.run(["git", "-c", "core.quotePath=false", "-C", str(repo), "show", "--name-only", "--format=%s", "HEAD"],
                             capture_output=True, text=True, check=True).stdout.split("\n")
    assert changed[0] == "新建 成果：2026-03-18"
    files = sorted(line for line in changed[1:] if line)
    assert len(files) == 2 and files[1] == "studios/jidian/outcomes/2026-03-18.md", files
    picture = files[0]
    assert picture == "studios/jidian/media/实训现场.jpg"  # the name the teacher gave it
    text = (repo / files[1]).read_text(encoding="utf-8")
    front = yaml.safe_load(text.split("---")[1])
    assert front["title"] == "党员先锋岗助力实训基地建设" and str(front["date"]) == "2026-03-18"
    assert front["type"] == "demonstration" and front["tasks"] == ["development", "political"]
    assert front["indicators"] == ["3.2.1"]
    assert front["images"] == [{"src": "../media/" + Path(picture).name, "caption": "党员先锋岗成员在实训基地调试设备"}]
    assert text.split("---", 2)[2].strip() == "实训基地建设中，党员教师主动认领设备改造任务。\n\n三个月内完成 12 台设备的升级改造。"

    # what the editor wrote passes the checker unchanged, and the build publishes it
    before = (repo / files[1]).read_bytes()
    checked = subprocess.run([sys.executable, "-m", "generator", "--root", str(repo), "check", "--as-of", "2026-09-01"],
                             capture_output=True, text=True)
    assert checked.returncode == 0 and "检查通过" in checked.stdout, checked.stdout + checked.stderr
    built = subprocess.run([sys.executable, "-m", "generator", "--root", str(repo), "build", "--out", str(tmp_path / "site")],
                           capture_output=True, text=True)
    assert built.returncode == 0, built.stdout + built.stderr
    assert (repo / files[1]).read_bytes() == before
    entry = (tmp_path / "site" / "studios" / "jidian" / "outcomes" / "2026-03-18.html").read_text(encoding="utf-8")
    assert "党员先锋岗助力实训基地建设" in entry and "三个月内完成 12 台设备的升级改造。" in entry
    assert "党员先锋岗成员在实训基地调试设备" in entry
    published = list((tmp_path / "site" / "studios" / "jidian" / "media").glob(safe_stem("实训现场") + ".*.jpg"))
    assert published, "the photo was not published"
    for copy in published:
        assert not Image.open(copy).getexif().get_ifd(0x8825)  # no GPS position on the site


def test_pages_link_authors_to_the_source_and_the_editor(built_site: Path, demo_copy: Path, tmp_path: Path) -> None:
    from generator.imaging import ImageCache
    from generator.site.media import PublishedMedia
    from generator.site.pages import SitePlan
    from generator.summary import SITE, Summary

    server = "http://git.example.edu.cn/dangwei/showcase"
    entry = (built_site / "studios/jidian/outcomes/2024-kechengsizheng-shifanke.html").read_text(encoding="utf-8")
    assert f'<a href="{server}/_edit/main/studios/jidian/outcomes/2024-kechengsizheng-shifanke.md" rel="nofollow">修改本页</a>' in entry
    studio = (built_site / "studios/jidian/index.html").read_text(encoding="utf-8")
    assert f'<a href="{server}/_new/main/studios/jidian/cases/" rel="nofollow">新建典型案例</a>' in studio
    assert f'<a href="{server}/_edit/main/studios/jidian/studio.yml" rel="nofollow">修改本页</a>' in studio

    # on GitLab, with the browser editor able to log in: “新建” opens the editor's form
    site = demo_copy / "content" / "site.yml"
    site.write_text(site.read_text(encoding="utf-8").replace("server: gitea", "server: gitlab").replace(
        "  # cms_app_id:", "  cms_app_id: 0123abcd\n  #"), encoding="utf-8")
    summary = Summary(load_project(demo_copy), SITE)
    plan = SitePlan(summary, PublishedMedia(summary, demo_copy, ImageCache(tmp_path / "cache")).plan())
    pages = {page.path: page.text for page in plan.pages}
    assert '<a href="../../admin/huli/#/collections/methods/new" rel="nofollow">新建工作法</a>' in pages["studios/huli/index.md"]
    assert f"{server}/-/edit/main/studios/huli/studio.yml" in pages["studios/huli/index.md"]
    config = studio_config(summary.project.site_model, "huli", {})
    assert config["backend"]["name"] == "gitlab" and config["backend"]["auth_type"] == "pkce"
    assert config["backend"]["app_id"] == "0123abcd" and config["backend"]["api_root"] == "http://git.example.edu.cn/api/v4"


@pytest.mark.parametrize("field, value", [
    ("address", "javascript:alert(1)"), ("address", 'http://git.example.edu.cn/" onclick="x'),
    ("repository", "../../etc"), ("repository", "dangwei"), ("server", "github"),
])
def test_a_wrong_source_setting_is_named(demo_copy: Path, field: str, value: str) -> None:
    from generator.rules import check_project

    site = demo_copy / "content" / "site.yml"
    text = site.read_text(encoding="utf-8")
    source = text.splitlines().index("source:") + 1  # the field of `source:`, not contact's address
    line = next(i for i, l in enumerate(text.splitlines(), 1) if i > source and l.startswith(f"  {field}:"))
    lines = text.splitlines()
    lines[line - 1] = f"  {field}: {json_string(value)}"
    site.write_text("\n".join(lines) + "\n", encoding="utf-8")
    found = [d for d in check_project(load_project(demo_copy), AS_OF) if d.severity == "error"]
    assert [(d.path, d.line) for d in found] == [("content/site.yml", line)], found
    assert "内容仓库" in found[0].message and "showcase new" not in found[0].message, found[0].message


def json_string(value: str) -> str:
    import json

    return json.dumps(value, ensure_ascii=False)


def test_a_source_server_named_wrongly_is_answered_in_chinese(demo_copy: Path) -> None:
    from generator.rules import check_project

    site = demo_copy / "content" / "site.yml"
    site.write_text(site.read_text(encoding="utf-8").replace("server: gitea", "server: github"), encoding="utf-8")
    found = [d for d in check_project(load_project(demo_copy), AS_OF) if d.severity == "error"]
    line = next(i for i, l in enumerate(site.read_text(encoding="utf-8").splitlines(), 1) if "server: github" in l)
    assert [(d.path, d.line, d.code) for d in found] == [("content/site.yml", line, "E-CODE-UNKNOWN")]
    assert "source（内容仓库）的 server（代码托管服务）" in found[0].message
    assert "可选的取值有：gitea、gitlab。" in found[0].message and " or " not in found[0].message
