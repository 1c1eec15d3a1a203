"""Who may change what: CODEOWNERS for the git server, and the pull-request check.

`content/owners.yml` is the one source. The git server enforces review with the
CODEOWNERS file written from it; `showcase check --changed-since` reports a
change outside the author's studio as an error, so CI stops it before review.
"""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

from .diagnostics import Diagnostic, diag, sorted_unique
from .errors import ShowcaseError
from .models import Owners

HEADER = (
    "# 由 showcase owners --codeowners 根据 content/owners.yml 生成，请不要手工修改。\n"
    "# Generated from content/owners.yml by `showcase owners --codeowners`; edit that file instead.\n"
)

CODEOWNERS_PATHS = {"gitea": ".gitea/CODEOWNERS", "gitlab": ".gitlab/CODEOWNERS"}


class GitError(ShowcaseError):
    """git could not answer; the message says why in Chinese."""

    exit_code = 2  # a reference git does not know is a usage error


def codeowners(owners: Owners, server: str) -> str:
    """CODEOWNERS text. Gitea matches Go regular expressions and requests every
    matching line's owners; GitLab matches gitignore-style patterns and the last
    match wins, so the office is repeated on each studio line."""
    office = " ".join(f"@{o.account}" for o in owners.office)
    lines = [HEADER]
    if server == "gitea":
        lines.append(f".* {office}")
        for slug, group in sorted(owners.studios.items()):
            if group:
                lines.append(f"studios/{re.escape(slug)}/.* " + " ".join(f"@{o.account}" for o in group))
    else:
        lines.append(f"* {office}")
        for slug, group in sorted(owners.studios.items()):
            if group:
                lines.append(f"/studios/{slug}/ " + " ".join(f"@{o.account}" for o in [*group, *owners.office]))
    return "\n".join(lines) + "\n"


@dataclass(frozen=True)
class Commit:
    sha: str
    email: str
    name: str
    paths: tuple[str, ...]


def _git(root: Path, *args: str) -> str:
    try:
        done = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, encoding="utf-8", errors="replace")
    except FileNotFoundError as exc:
        raise GitError("找不到 git 命令：请先安装 git。") from exc
    if done.returncode != 0:
        detail = done.stderr.strip().splitlines()[-1:] or ["（没有说明）"]
        raise GitError(f"git {' '.join(args[:2])} 失败：{detail[0]}")
    return done.stdout


def _verify_ref(root: Path, ref: str) -> None:
    try:
        _git(root, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}")
    except GitError as exc:
        raise GitError(
            f"找不到提交或分支“{ref}”。请写目标分支（如 origin/main），并确认已取回它（git fetch origin main）。"
        ) from exc


def changed_paths(root: Path, ref: str) -> list[str]:
    """Paths a pull request changed: from the merge base with `ref` to the working tree."""
    _verify_ref(root, ref)
    base = _git(root, "merge-base", ref, "HEAD").strip()
    out = _git(root, "diff", "--name-only", "--no-renames", "-z", base)
    untracked = _git(root, "ls-files", "--others", "--exclude-standard", "-z")
    return sorted({p for p in (out + untracked).split("\0") if p})


def commits_since(root: Path, ref: str) -> list[Commit]:
    """Commits on HEAD not on `ref` (merges left out: they bring others' reviewed work)."""
    _verify_ref(root, ref)
    out = _git(root, "log", "--no-merges", "--no-renames", "--name-only", "-z", "--format=%x01%H%x00%ae%x00%an", f"{ref}..HEAD")
    commits = []
    for chunk in out.split("\x01")[1:]:
        fields = [f.strip("\n") for f in chunk.split("\0")]
        sha, email, name, *paths = fields
        commits.append(Commit(sha, email, name, tuple(p for p in paths if p)))
    return commits


def studio_of(path: str) -> str | None:
    """The studio a path belongs to; None for everything else (owners.yml, theme_overrides/,
    mkdocs.yml, CI, generator/ …), which only the office may change."""
    parts = path.split("/")
    return parts[1] if len(parts) > 2 and parts[0] == "studios" else None


def _where(path: str) -> str:
    slug = studio_of(path)
    return f"工作室“{slug}”的文件" if slug else "工作室以外的文件（由党委办公室负责）"


def _own(owners: Owners, account: str) -> str:
    mine = [slug for slug, group in owners.studios.items() if account in {o.account.lower() for o in group}]
    return "、".join(f"工作室“{slug}”" for slug in sorted(mine)) or "（没有登记任何工作室）"


def _owner_of(owners: Owners, path: str) -> str:
    slug = studio_of(path)
    group = owners.studios.get(slug, []) if slug else []
    names = [o.name or o.account for o in group] or [o.name or o.account for o in owners.office]
    return "、".join(names)


def _outside(owners: Owners, account: str, path: str) -> Diagnostic | None:
    if account in owners.accounts_for(studio_of(path)):
        return None
    return diag(
        "E-OWNER-OUTSIDE", path, None, account=account, where=_where(path), own=_own(owners, account),
        owner=_owner_of(owners, path),
    )


def ownership_by_account(owners: Owners, account: str, paths: list[str]) -> list[Diagnostic]:
    """Every changed path must lie in a studio the account owns (the office owns all)."""
    account = account.strip().lstrip("@").lower()
    return [d for d in (_outside(owners, account, p) for p in paths) if d]


def ownership_by_commits(owners: Owners, commits: list[Commit]) -> list[Diagnostic]:
    """Each commit's files must lie in a studio its author (known by e-mail) owns."""
    found: list[Diagnostic] = []
    for commit in commits:
        accounts = owners.accounts_with_email(commit.email)
        if not accounts:
            who = f"{commit.name} <{commit.email}>"
            found.extend(diag("E-OWNER-UNKNOWN", p, None, commit=commit.sha[:8], who=who) for p in commit.paths)
            continue
        for path in commit.paths:
            if not any(a in owners.accounts_for(studio_of(path)) for a in accounts):
                found.append(_outside(owners, sorted(accounts)[0], path))
    return found


def in_scope(paths: list[str]):
    """A filter keeping the diagnostics a pull request is answerable for: those in
    the studios it touched; everything when it touched anything outside studios/."""
    if any(studio_of(p) is None for p in paths):
        return lambda d: True
    prefixes = tuple(f"studios/{studio_of(p)}/" for p in paths)
    return lambda d: d.path.startswith(prefixes) or d.path in paths


def merge_base(root: Path, ref: str) -> str:
    _verify_ref(root, ref)
    return _git(root, "merge-base", ref, "HEAD").strip()


def base_owners(root: Path, base: str) -> Owners | None:
    """content/owners.yml as the target branch has it: a change cannot grant itself rights."""
    from .reading.yamlsource import YamlProblem, parse_yaml

    try:
        text = _git(root, "show", f"{base}:content/owners.yml")
    except GitError:
        return None  # the school keeps no owners yet: nothing to check against
    try:
        return Owners.model_validate(parse_yaml("content/owners.yml", text).data)
    except (YamlProblem, ValueError):
        return None


def base_diagnostics(root: Path, base: str, as_of) -> set[tuple[str, str, str]]:
    """What `check` found on the target branch (path, code, message): problems that are
    there already are not the change's; every other one, wherever it is, is."""
    import io
    import tarfile
    import tempfile

    from .reading import load_project
    from .rules import check_project

    try:
        archive = subprocess.run(["git", "archive", "--format=tar", base, "content", "studios"], cwd=root,
                                 capture_output=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return set()
    with tempfile.TemporaryDirectory(prefix="showcase-base-") as folder:
        with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
            tar.extractall(folder, filter="data")
        return {(d.path, d.code, d.message) for d in check_project(load_project(Path(folder)), as_of)}


def pull_request_diagnostics(root: Path, project, diagnostics: list[Diagnostic], since: str, author: str | None,
                             as_of=None) -> list[Diagnostic]:
    """What a pull request is answerable for: every problem in what it touched, every problem
    it causes anywhere else (not there on the target branch), and who may change what, judged
    by the target branch's owners.yml."""
    from datetime import date

    paths = changed_paths(root, since)
    commits = None if author else commits_since(root, since)
    base = merge_base(root, since)
    touched = in_scope(paths)
    before = base_diagnostics(root, base, as_of or date.today()) if any(not touched(d) for d in diagnostics) else set()
    kept = [d for d in diagnostics if touched(d) or (d.path, d.code, d.message) not in before]
    owners = base_owners(root, base)
    if owners is None:
        return kept
    found = ownership_by_account(owners, author, paths) if author else ownership_by_commits(owners, commits)
    return sorted_unique([*kept, *found])
