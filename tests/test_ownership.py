"""Who may change what: owners.yml, CODEOWNERS, and pull-request checks on a real git repository."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pathspec
import pytest
from click.testing import CliRunner

from conftest import REPO, Scratch, codes
from generator.cli import cli
from generator.reading import load_project
from generator.ownership import codeowners

OFFICE = ("党委办公室", "dangban@example.edu.cn")
WANG = ("王建华", "wangjianhua@example.edu.cn")  # owns studios/huagong
STRANGER = ("路人甲", "luren@example.com")


def git(root: Path, *args: str, who: tuple[str, str] = OFFICE) -> str:
    env = {"GIT_AUTHOR_NAME": who[0], "GIT_AUTHOR_EMAIL": who[1], "GIT_COMMITTER_NAME": who[0],
           "GIT_COMMITTER_EMAIL": who[1], "HOME": str(root), "PATH": "/usr/bin:/bin"}
    return subprocess.run(["git", *args], cwd=root, env=env, check=True, capture_output=True, text=True).stdout


def commit_all(root: Path, message: str, who: tuple[str, str]) -> None:
    git(root, "add", "-A", who=who)
    git(root, "commit", "-q", "-m", message, who=who)


@pytest.fixture
def repo(demo_copy: Path) -> Path:
    git(demo_copy, "init", "-q", "-b", "main")
    commit_all(demo_copy, "示例内容", OFFICE)
    git(demo_copy, "checkout", "-q", "-b", "pr")
    return demo_copy


def check(root: Path, *args: str) -> tuple[int, list[dict]]:
    result = CliRunner().invoke(cli, ["--root", str(root), "check", "--format", "json", "--as-of", "2026-09-01", *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, json.loads(result.stdout)["diagnostics"]


def edit(root: Path, rel: str, old: str, new: str) -> None:
    path = root / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, rel
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_commits_are_checked_against_their_authors_studios(repo: Path) -> None:
    edit(repo, "studios/huagong/studio.yml", "name:", "name: ")  # harmless change inside his own studio
    commit_all(repo, "更新简介", WANG)
    status, found = check(repo, "--changed-since", "main")
    assert status == 0 and found == []

    edit(repo, "studios/xinxi/studio.yml", "name:", "name: ")
    commit_all(repo, "顺手改了别的工作室", WANG)
    (repo / "studios" / "huagong" / "outcomes" / "extra.md").write_text("---\ntitle: 临时\n---\n", encoding="utf-8")
    commit_all(repo, "陌生人的提交", STRANGER)
    status, found = check(repo, "--changed-since", "main")
    assert status == 1
    by_code = {(d["code"], d["path"]) for d in found}
    assert ("E-OWNER-OUTSIDE", "studios/xinxi/studio.yml") in by_code
    assert ("E-OWNER-UNKNOWN", "studios/huagong/outcomes/extra.md") in by_code
    assert not any(d["path"] == "studios/huagong/studio.yml" and d["code"].startswith("E-OWNER") for d in found)
    outside = next(d for d in found if d["code"] == "E-OWNER-OUTSIDE")
    assert "“wangjianhua”修改了工作室“xinxi”的文件，但它只负责工作室“huagong”" in outside["message"]
    assert "张雅婷" in outside["message"]  # who to ask instead
    # the new outcome's own problems are reported too: it lies in a studio the request touched
    assert ("E-FIELD-MISSING", "studios/huagong/outcomes/extra.md") in by_code


def test_author_option_checks_every_change_against_one_account(repo: Path) -> None:
    edit(repo, "content/site.yml", "school:", "school: ")
    edit(repo, "studios/huagong/studio.yml", "name:", "name: ")
    commit_all(repo, "改动", WANG)
    status, found = check(repo, "--changed-since", "main", "--author", "@WangJianHua")
    assert status == 1
    assert {(d["code"], d["path"]) for d in found} == {("E-OWNER-OUTSIDE", "content/site.yml")}
    assert "工作室以外的文件（由党委办公室负责）" in found[0]["message"]
    status, found = check(repo, "--changed-since", "main", "--author", "dangban")
    assert status == 0 and found == []


def test_only_the_studios_a_request_touched_are_reported(repo: Path) -> None:
    git(repo, "checkout", "-q", "main")
    edit(repo, "studios/shangmao/studio.yml", "status: accepted", "status: nonsense")
    commit_all(repo, "主分支上已有的问题", OFFICE)
    git(repo, "checkout", "-q", "pr")
    git(repo, "merge", "-q", "main", "-m", "同步主分支")
    edit(repo, "studios/huagong/studio.yml", "name:", "name: ")
    commit_all(repo, "改华工", WANG)
    assert "E-CODE-UNKNOWN" in {d["code"] for d in check(repo)[1]}
    status, found = check(repo, "--changed-since", "main")
    assert status == 0 and found == []  # shangmao's problem is not this request's
    # an untracked new file counts as changed, so a local run sees it
    (repo / "studios" / "huagong" / "outcomes" / "draft.md").write_text("---\ntitle: 草稿\n---\n", encoding="utf-8")
    assert "E-FIELD-MISSING" in {d["code"] for d in check(repo, "--changed-since", "main")[1]}


def test_unknown_ref_and_missing_git_say_what_to_do(repo: Path, demo_copy: Path) -> None:
    result = CliRunner().invoke(cli, ["--root", str(repo), "check", "--changed-since", "origin/nope"])
    assert result.exit_code == 2 and "找不到提交或分支“origin/nope”" in result.output and "git fetch" in result.output
    result = CliRunner().invoke(cli, ["--root", str(repo), "check", "--author", "x"])
    assert result.exit_code == 2 and "要和 --changed-since 一起使用" in result.output


def test_owners_file_names_real_studios(scratch: Scratch) -> None:
    scratch.write("content/owners.yml", "office:\n  - account: dangban\nstudios:\n  nosuch:\n    - account: a\n")
    assert ("content/owners.yml", 4, "E-OWNER-STUDIO") in {(d.path, d.line, d.code) for d in scratch.check()}
    scratch.write("content/owners.yml", "office:\n  - account: dangban\nstudios:\n  demo:\n    - account: '@bad name'\n")
    invalid = [d for d in scratch.check() if d.code == "E-FIELD-INVALID"]
    assert invalid and invalid[0].line == 5 and "不是有效的账号" in invalid[0].message
    scratch.write("content/owners.yml", "office:\n  - account: dangban\n")
    assert "W-OWNER-MISSING" in codes(scratch.check())


def _gitea_owners(text: str, path: str) -> set[str]:
    """Gitea: every line whose Go regexp matches the whole path adds its owners."""
    found: set[str] = set()
    for line in text.splitlines():
        if line and not line.startswith("#"):
            pattern, *people = line.split()
            if re.fullmatch(pattern, path):
                found |= set(people)
    return found


def _gitlab_owners(text: str, path: str) -> set[str]:
    """GitLab: gitignore-style patterns, the last matching line wins."""
    owners: set[str] = set()
    for line in text.splitlines():
        if line and not line.startswith("#"):
            pattern, *people = line.split()
            if pathspec.GitIgnoreSpec.from_lines([pattern]).match_file(path):
                owners = set(people)
    return owners


@pytest.mark.parametrize("server, owners_of", [("gitea", _gitea_owners), ("gitlab", _gitlab_owners)])
def test_codeowners_give_each_studio_to_its_owners_and_the_office(server: str, owners_of) -> None:
    project = load_project(REPO)
    committed = (REPO / f".{server}" / "CODEOWNERS").read_text(encoding="utf-8")
    assert committed == codeowners(project.owners.model, server), "run: showcase owners --codeowners --server " + server
    assert owners_of(committed, "studios/huagong/outcomes/2024-x.md") == {"@wangjianhua", "@dangban"}
    assert owners_of(committed, "studios/huagong-2/studio.yml") == {"@dangban"}  # no prefix confusion
    assert owners_of(committed, "content/site.yml") == {"@dangban"}
    assert owners_of(committed, "studios/xinxi/media/a b.jpg") == {"@zhangyating", "@dangban"}


def test_ci_templates_are_valid_for_their_runners() -> None:
    def validate(schema: str, *files: Path) -> None:
        done = subprocess.run(
            [sys.executable, "-m", "check_jsonschema", "--builtin-schema", schema, *map(str, files)],
            capture_output=True, text=True,
        )
        assert done.returncode == 0, done.stdout + done.stderr

    workflows = sorted((REPO / ".gitea" / "workflows").glob("*.yml"))
    assert {w.name for w in workflows} == {"pull-request.yml", "publish.yml", "nightly.yml"}
    validate("vendor.github-workflows", *workflows)
    validate("vendor.gitlab-ci", REPO / ".gitlab-ci.yml")
    texts = {w.name: w.read_text(encoding="utf-8") for w in workflows}
    assert "--changed-since" in texts["pull-request.yml"] and "--format github" in texts["pull-request.yml"]
    assert "showcase publish --to" in texts["publish.yml"]
    assert "E-REP-MISSING,W-REP-PENDING" in texts["nightly.yml"]
    gitlab = (REPO / ".gitlab-ci.yml").read_text(encoding="utf-8")
    assert "--format gitlab" in gitlab and "codequality:" in gitlab and "showcase publish --to" in gitlab
    # the build caches: written by the publishing job on main alone, only read by a merge request's
    import yaml

    steps = {name: yaml.safe_load(text)["jobs"] for name, text in texts.items()}
    uses = {name: [step.get("uses", "") for job in jobs.values() for step in job["steps"]] for name, jobs in steps.items()}
    assert "actions/cache@v4" in uses["publish.yml"]
    assert "actions/cache/restore@v4" in uses["pull-request.yml"] and "actions/cache@v4" not in uses["pull-request.yml"]
    jobs = yaml.safe_load(gitlab)
    assert jobs["check"]["cache"]["policy"] == "pull" and jobs["publish"]["cache"]["policy"] == "pull-push"
    assert "build/media-cache/" in jobs["publish"]["cache"]["paths"]


def test_a_change_cannot_grant_itself_rights(repo: Path) -> None:
    """Owners are read from the target branch: adding oneself to office:, or deleting the file, changes nothing."""
    edit(repo, "content/owners.yml", "office:\n", "office:\n  - account: wangjianhua\n    email: wangjianhua@example.edu.cn\n")
    edit(repo, "theme_overrides/main.html", "{%", "<!-- 改 -->{%") if (repo / "theme_overrides/main.html").exists() else None
    edit(repo, "studios/huli/studio.yml", "name:", "name: ")
    commit_all(repo, "给自己加权限", WANG)
    for args in (("--author", "wangjianhua"), ()):
        status, found = check(repo, "--changed-since", "main", *args)
        outside = {d["path"] for d in found if d["code"] == "E-OWNER-OUTSIDE"}
        assert status == 1 and {"content/owners.yml", "studios/huli/studio.yml"} <= outside, (args, found)
    (repo / "content/owners.yml").unlink()
    commit_all(repo, "删掉归属文件", WANG)
    status, found = check(repo, "--changed-since", "main", "--author", "wangjianhua")
    assert status == 1 and "content/owners.yml" in {d["path"] for d in found if d["code"] == "E-OWNER-OUTSIDE"}


def test_errors_a_change_causes_elsewhere_are_the_changes(repo: Path) -> None:
    huli = (repo / "studios/huli/studio.yml").read_text(encoding="utf-8")
    other_name = re.search(r"^name: (.+)$", huli, re.M).group(1)
    text = (repo / "studios/huagong/studio.yml").read_text(encoding="utf-8")
    (repo / "studios/huagong/studio.yml").write_text(re.sub(r"^name: .+$", f"name: {other_name}", text, count=1, flags=re.M), encoding="utf-8")
    edit(repo, "studios/huagong/cases/2024-anquan-dangyuan-gangwei.md", "\n---", "\nvisibility: internal\n---")
    commit_all(repo, "改名并设为内部", WANG)
    status, found = check(repo, "--changed-since", "main")
    paths = {d["path"] for d in found}
    assert status == 1
    assert "studios/huli/studio.yml" in paths  # the clash is also reported where the other studio is
    assert "content/site.yml" in paths  # a featured case made internal breaks the home page of everyone
