"""The check's result as one Chinese comment on the pull request, where the teacher looks.

`showcase comment` reads the report `showcase check --format json --output …` wrote (the
check runs once; this only tells), and posts it on the Gitea pull request or the GitLab
merge request. The comment carries a marker, so each push edits the same comment
instead of adding another.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from .errors import ShowcaseError

MARKER = "<!-- showcase-check -->"
SHOWN = 30  # problems listed in the comment; the rest are in the run's log


class CommentError(ShowcaseError):
    """Why the comment could not be posted (the check's own result is unaffected)."""


def comment_text(report: dict, preview: str | None = None) -> str:
    """The comment: verdict first, then each problem with file, line and how to fix it."""
    errors, warnings = report.get("errors", 0), report.get("warnings", 0)
    if errors:
        head = f"### 内容检查：发现 {errors} 个错误" + (f"、{warnings} 个警告" if warnings else "")
        verdict = "有错误时不能合并。请按下面的说明修改对应文件，保存（提交）后会自动重新检查，本留言随之更新。"
    elif warnings:
        head = f"### 内容检查：通过，有 {warnings} 个警告"
        verdict = "可以合并；警告不影响发布，但请看一看是否需要修改。"
    else:
        head = "### 内容检查：通过"
        verdict = "没有发现问题，等待党委办公室审核合并。"
    lines = [MARKER, head, "", verdict, ""]
    problems = sorted(report.get("diagnostics", []), key=lambda d: (d.get("severity") != "error", d.get("path") or "", d.get("line") or 0))
    for item in problems[:SHOWN]:
        where = item.get("path") or "（整个仓库）"
        if item.get("line"):
            where += f" 第 {item['line']} 行"
        kind = "错误" if item.get("severity") == "error" else "警告"
        lines.append(f"- **{kind}** `{where}`：{_plain(item.get('message', ''))}")
    if len(problems) > SHOWN:
        lines.append(f"- 另有 {len(problems) - SHOWN} 条，见本次检查的运行记录。")
    if preview:
        lines += ["", f"网站预览：{preview}"]
    return "\n".join(lines) + "\n"


def _plain(message: str) -> str:
    """A message as text in the comment's Markdown: no mark of it becomes a link or markup."""
    return "".join(f"&#{ord(c)};" if c in "<>[]*_`|#\\!&" else c for c in message.replace("\n", " "))


@dataclass
class Forge:
    """The git server's comment API: where the pull request's comments are, and how to log in."""

    server: str  # gitea | gitlab
    api: str  # http://git.example.edu.cn/api/v1 (Gitea) or …/api/v4 (GitLab)
    repository: str  # owner/name (Gitea) or group/project (GitLab)
    number: int
    token: str

    def _repo_api(self) -> str:
        if self.server == "gitea":
            owner, _, name = self.repository.partition("/")
            return f"{self.api.rstrip('/')}/repos/{quote(owner)}/{quote(name)}"
        return f"{self.api.rstrip('/')}/projects/{quote(self.repository, safe='')}"

    def comments_url(self) -> str:
        if self.server == "gitea":
            return f"{self._repo_api()}/issues/{self.number}/comments"
        return f"{self._repo_api()}/merge_requests/{self.number}/notes"

    def comment_url(self, comment_id: int) -> str:
        if self.server == "gitea":
            return f"{self._repo_api()}/issues/comments/{comment_id}"
        return f"{self.comments_url()}/{comment_id}"

    def headers(self) -> dict[str, str]:
        auth = {"Authorization": f"token {self.token}"} if self.server == "gitea" else {"PRIVATE-TOKEN": self.token}
        return {**auth, "Content-Type": "application/json", "Accept": "application/json"}

    def request(self, method: str, url: str, body: dict | None = None):
        data = json.dumps(body, ensure_ascii=False).encode("utf-8") if body is not None else None
        request = urllib.request.Request(url, data=data, method=method, headers=self.headers())
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                text = response.read().decode("utf-8")
        except urllib.error.HTTPError as error:
            hint = "请检查访问令牌（CI 密钥 SHOWCASE_BOT_TOKEN）是否有效、是否有评论权限。" if error.code in (401, 403) \
                else "请检查 --api、--repository 和合并请求编号。"
            raise CommentError(f"代码托管平台拒绝了留言（HTTP {error.code}）。{hint}") from None
        except (urllib.error.URLError, OSError) as error:
            raise CommentError(f"无法连接代码托管平台（{getattr(error, 'reason', error)}）。请检查 --api 地址。") from None
        return json.loads(text) if text.strip() else None

    def post(self, text: str) -> str:
        """Edit our earlier comment if there is one, else add it; says which it did."""
        existing = self.request("GET", self.comments_url() + ("" if self.server == "gitea" else "?per_page=100&sort=asc"))
        ours = next((c for c in existing or [] if str(c.get("body", "")).startswith(MARKER)), None)
        if ours is None:
            self.request("POST", self.comments_url(), {"body": text})
            return "added"
        self.request("PATCH" if self.server == "gitea" else "PUT", self.comment_url(ours["id"]), {"body": text})
        return "updated"


def read_report(path: Path) -> dict:
    try:
        report = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        raise CommentError(f"读不到检查结果 {path}。请先运行 showcase check --format json --output {path}。") from None
    if not isinstance(report, dict) or "diagnostics" not in report:
        raise CommentError(f"{path} 不是 showcase check --format json 的输出。")
    return report
