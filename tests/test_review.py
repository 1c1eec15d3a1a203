"""`showcase comment`: the check's result as one Chinese comment on the pull request.

A local HTTP server answers as Gitea and GitLab answer and records each request; the tests
assert the requests' shapes (method, path, token header, JSON body) that the APIs take.
"""

from __future__ import annotations

import http.server
import json
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import REPO
from generator.review import MARKER, comment_text


class Recorder(http.server.BaseHTTPRequestHandler):
    """Keeps comments as the server would; `requests` lists what was asked."""

    comments: list[dict] = []
    requests: list[tuple[str, str, dict, dict | None]] = []

    def log_message(self, *args: object) -> None:
        pass

    def _answer(self, status: int, body: object) -> None:
        data = json.dumps(body, ensure_ascii=False).encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _record(self) -> dict | None:
        length = int(self.headers.get("Content-Length") or 0)
        body = json.loads(self.rfile.read(length)) if length else None
        headers = {k.lower(): v for k, v in self.headers.items()}  # HTTP header names ignore case
        self.requests.append((self.command, self.path, headers, body))
        if self.headers.get("Authorization") not in ("token secret-1", None) or self.headers.get("PRIVATE-TOKEN") not in ("secret-1", None):
            self._answer(401, {"message": "token is invalid"})
            return None
        return body or {}

    def do_GET(self) -> None:
        if self._record() is not None:
            self._answer(200, self.comments)

    def do_POST(self) -> None:
        body = self._record()
        if body is not None:
            self.comments.append({"id": 41 + len(self.comments), "body": body["body"]})
            self._answer(201, self.comments[-1])

    def do_PATCH(self) -> None:
        body = self._record()
        if body is not None:
            comment = next(c for c in self.comments if self.path.endswith(f"/{c['id']}"))
            comment["body"] = body["body"]
            self._answer(200, comment)

    do_PUT = do_PATCH


@pytest.fixture
def forge() -> Iterator[str]:
    Recorder.comments = [{"id": 7, "body": "请补充照片。"}]  # a reviewer's own comment, left alone
    Recorder.requests = []
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Recorder)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


REPORT = {
    "diagnostics": [
        {"path": "studios/huli/outcomes/2025-x.md", "line": 3, "severity": "error", "code": "E-FIELD-INVALID",
         "message": "字段 date（日期）的值不正确：应为日期。请写成 YYYY-MM-DD 的形式，例如 2024-05-20。"},
        {"path": "studios/huli/outcomes/2025-x.md", "line": 9, "severity": "warning", "code": "W-MD-INDENT",
         "message": "这一段前面有 4 个空格，会显示成代码框。请删去段首的空格。<script>[链接](javascript:x)"},
    ],
    "errors": 1, "warnings": 1,
}


def comment(api: str, server: str, tmp_path: Path, report: dict = REPORT, token: str = "secret-1") -> subprocess.CompletedProcess:
    path = tmp_path / "check.json"
    path.write_text(json.dumps(report, ensure_ascii=False), encoding="utf-8")
    env = {**os.environ, "SHOWCASE_BOT_TOKEN": token, "PYTHONPATH": str(REPO)}
    return subprocess.run(
        [sys.executable, "-m", "generator", "comment", "--server", server, "--api", api, "--repository", "dangwei/showcase",
         "--number", "12", "--report", str(path), "--preview", "http://git.example.edu.cn/dangwei/showcase/actions/runs/5"],
        env=env, capture_output=True, text=True, timeout=60)


def test_gitea_gets_one_comment_edited_on_each_push(forge: str, tmp_path: Path) -> None:
    api = forge + "/api/v1"
    first = comment(api, "gitea", tmp_path)
    assert first.returncode == 0 and "已在合并请求下留言" in first.stderr, first.stderr
    passed = comment(api, "gitea", tmp_path, {"diagnostics": [], "errors": 0, "warnings": 0})
    assert passed.returncode == 0 and "已更新" in passed.stderr
    shapes = [(method, path, body is not None) for method, path, _, body in Recorder.requests]
    assert shapes == [
        ("GET", "/api/v1/repos/dangwei/showcase/issues/12/comments", False),
        ("POST", "/api/v1/repos/dangwei/showcase/issues/12/comments", True),
        ("GET", "/api/v1/repos/dangwei/showcase/issues/12/comments", False),
        ("PATCH", "/api/v1/repos/dangwei/showcase/issues/comments/42", True),
    ]
    assert all(headers["authorization"] == "token secret-1" for _, _, headers, _ in Recorder.requests)
    assert Recorder.requests[1][2]["content-type"] == "application/json"
    posted = Recorder.requests[1][3]["body"]
    assert posted.startswith(MARKER) and "内容检查：发现 1 个错误、1 个警告" in posted
    assert "`studios/huli/outcomes/2025-x.md 第 3 行`" in posted and "请写成 YYYY-MM-DD 的形式" in posted
    assert "网站预览：http://git.example.edu.cn/dangwei/showcase/actions/runs/5" in posted
    assert "<script>" not in posted and "](javascript" not in posted  # a message's marks stay text
    assert [c["body"] for c in Recorder.comments][0] == "请补充照片。"
    assert "内容检查：通过" in Recorder.comments[1]["body"] and len(Recorder.comments) == 2


def test_gitlab_gets_a_merge_request_note(forge: str, tmp_path: Path) -> None:
    api = forge + "/api/v4"
    assert comment(api, "gitlab", tmp_path).returncode == 0
    assert comment(api, "gitlab", tmp_path).returncode == 0
    shapes = [(method, path) for method, path, _, _ in Recorder.requests]
    notes = "/api/v4/projects/dangwei%2Fshowcase/merge_requests/12/notes"
    assert shapes == [("GET", notes + "?per_page=100&sort=asc"), ("POST", notes),
                      ("GET", notes + "?per_page=100&sort=asc"), ("PUT", notes + "/42")]
    assert all(headers["private-token"] == "secret-1" for _, _, headers, _ in Recorder.requests)


def test_without_a_token_or_with_a_wrong_one_the_author_is_told(forge: str, tmp_path: Path) -> None:
    silent = comment(forge + "/api/v1", "gitea", tmp_path, token="")
    assert silent.returncode == 0 and "没有设置 SHOWCASE_BOT_TOKEN" in silent.stderr and Recorder.requests == []
    refused = comment(forge + "/api/v1", "gitea", tmp_path, token="wrong")
    assert refused.returncode == 1 and "HTTP 401" in refused.stderr and "SHOWCASE_BOT_TOKEN" in refused.stderr
    assert "Traceback" not in refused.stderr


def test_a_long_report_is_cut_with_a_count() -> None:
    many = {"diagnostics": [{"path": f"studios/a/outcomes/{i}.md", "line": 1, "severity": "error", "code": "E",
                             "message": "错。"} for i in range(45)], "errors": 45, "warnings": 0}
    text = comment_text(many)
    assert text.count("- **错误**") == 30 and "另有 15 条" in text
