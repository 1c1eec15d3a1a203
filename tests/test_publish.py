"""Publishing the built demo site: releases, verification, the atomic switch, rollback, archives."""

from __future__ import annotations

import hashlib
import os
import shutil
import stat
import tarfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import cli
from generator.publish import (
    LocalDestination, PublishError, SshDestination, destination, publish, rollback, site_manifest, write_archive,
)

T0 = 1_790_000_000.0  # fixed clock for release names


def live(web: Path) -> str:
    return os.readlink(web / "current")


def test_publish_twice_reuses_unchanged_files_and_rolls_back(built_site: Path, tmp_path: Path) -> None:
    web = tmp_path / "web"
    target = LocalDestination(web)
    first = publish(built_site, target, now=T0)
    assert first.previous is None and first.upload.reused == 0
    assert live(web) == f"releases/{first.name}"
    assert (web / "current" / "index.html").read_bytes() == (built_site / "index.html").read_bytes()
    assert "sha256sum" not in (web / "releases" / f"{first.name}.sha256").read_text()  # plain manifest lines
    second = publish(built_site, target, now=T0 + 60)
    assert second.previous == first.name and second.name != first.name
    # the same content: every file is a hard link to the live release, nothing copied
    assert second.upload.reused == second.upload.files == len(site_manifest(built_site))
    assert os.stat(web / "releases" / second.name / "index.html").st_nlink == 2
    assert live(web) == f"releases/{second.name}"
    assert stat.S_IMODE(os.stat(web / "releases" / second.name / "index.html").st_mode) == 0o644

    assert rollback(target) == (second.name, first.name)
    assert live(web) == f"releases/{first.name}"
    assert rollback(target, second.name) == (first.name, second.name)
    with pytest.raises(PublishError, match="没有版本“20990101-000000”"):
        rollback(target, "20990101-000000")


def test_changed_content_is_copied_and_old_releases_are_pruned(built_site: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    shutil.copytree(built_site, site)
    web = tmp_path / "web"
    target = LocalDestination(web)
    names = []
    for n in range(4):
        (site / "index.html").write_text(f"<html>第 {n} 版</html>", encoding="utf-8")
        done = publish(site, target, keep=2, now=T0 + 60 * n)
        names.append(done.name)
        if n:
            assert done.upload.files - done.upload.reused == 1  # only the changed page travelled
    assert target.releases() == names[-2:]
    assert not (web / "releases" / f"{names[0]}.sha256").exists()
    assert "第 3 版" in (web / "current" / "index.html").read_text(encoding="utf-8")


def test_a_corrupted_upload_leaves_the_live_site_alone(built_site: Path, tmp_path: Path, monkeypatch) -> None:
    web = tmp_path / "web"
    target = LocalDestination(web)
    first = publish(built_site, target, now=T0)
    real_upload = LocalDestination.upload

    def upload_then_corrupt(self, site, staging, manifest, previous):
        done = real_upload(self, site, staging, manifest, previous)
        victim = self.folder / staging / "library" / "index.html"
        victim.unlink()  # a hard link: break it rather than change the live file
        victim.write_text("截断", encoding="utf-8")
        (self.folder / staging / "stray.html").write_text("多余", encoding="utf-8")
        return done

    monkeypatch.setattr(LocalDestination, "upload", upload_then_corrupt)
    with pytest.raises(PublishError, match="上传后核对失败：多出 1 个（如 stray.html），内容不一致 1 个（如 library/index.html）"):
        publish(built_site, target, now=T0 + 60)
    assert live(web) == f"releases/{first.name}"
    assert target.releases() == [first.name]
    assert sorted(p.name for p in (web / "releases").iterdir()) == [first.name, f"{first.name}.sha256"]


def test_an_interruption_after_the_upload_keeps_the_old_release_live(built_site: Path, tmp_path: Path, monkeypatch) -> None:
    web = tmp_path / "web"
    target = LocalDestination(web)
    first = publish(built_site, target, now=T0)

    def interrupted(self, staging, manifest):
        raise KeyboardInterrupt  # Ctrl+C (or a lost connection) between upload and switch

    monkeypatch.setattr(LocalDestination, "verify", interrupted)
    with pytest.raises(KeyboardInterrupt):
        publish(built_site, target, now=T0 + 60)
    assert live(web) == f"releases/{first.name}"
    assert (web / "current" / "index.html").read_bytes() == (built_site / "index.html").read_bytes()
    assert target.releases() == [first.name]
    assert not any(p.name.endswith(".partial") for p in (web / "releases").iterdir())


def test_a_web_root_that_is_a_plain_folder_is_not_overwritten(built_site: Path, tmp_path: Path) -> None:
    web = tmp_path / "web"
    (web / "current").mkdir(parents=True)
    (web / "current" / "index.html").write_text("旧网站", encoding="utf-8")
    with pytest.raises(PublishError, match="不是符号链接"):
        publish(built_site, LocalDestination(web), now=T0)
    assert (web / "current" / "index.html").read_text(encoding="utf-8") == "旧网站"


def test_destination_reads_host_colon_path_as_rsync_does(tmp_path: Path) -> None:
    assert isinstance(destination("deploy@web01:/srv/showcase"), SshDestination)
    assert isinstance(destination(str(tmp_path / "a:b")), LocalDestination)  # a slash before the colon
    assert isinstance(destination("relative/dir"), LocalDestination)
    with pytest.raises(PublishError, match="缺少服务器上的目录"):
        destination("web01:")


@pytest.mark.skipif(shutil.which("rsync") is None, reason="rsync is not installed (scripts/test.sh installs it)")
def test_publish_over_rsync_and_ssh(built_site: Path, tmp_path: Path, monkeypatch) -> None:
    """The remote path with real rsync; the ssh hop is replaced by a shell on this machine."""
    fake_ssh = tmp_path / "ssh"
    fake_ssh.write_text(
        '#!/bin/sh\n# skip ssh options, then the host; run the command here\n'
        'while [ $# -gt 0 ]; do case "$1" in -[pilo]) shift 2;; -*) shift;; *) break;; esac; done\n'
        'shift\nexec sh -c "$*"\n',
        encoding="utf-8",
    )
    fake_ssh.chmod(0o755)
    monkeypatch.setenv("RSYNC_RSH", str(fake_ssh))
    web = tmp_path / "remote web"
    target = destination(f"web01:{web}")
    first = publish(built_site, target, now=T0)
    second = publish(built_site, target, now=T0 + 60)
    assert second.upload.reused == second.upload.files  # rsync sent nothing, linked everything
    assert os.stat(web / "releases" / second.name / "index.html").st_nlink == 2
    assert target.current() == second.name
    assert rollback(target) == (second.name, first.name)
    assert live(web) == f"releases/{first.name}"


def test_archive_is_reproducible_and_carries_its_checksums(built_site: Path, tmp_path: Path) -> None:
    one, two = tmp_path / "a" / "网站.tar.gz", tmp_path / "b" / "网站.tar.gz"
    digest = write_archive(built_site, one, epoch=1_700_000_000)
    assert write_archive(built_site, two, epoch=1_700_000_000) == digest
    assert one.read_bytes() == two.read_bytes()
    assert hashlib.sha256(one.read_bytes()).hexdigest() == digest
    assert (tmp_path / "a" / "网站.tar.gz.sha256").read_text(encoding="utf-8") == f"{digest}  网站.tar.gz\n"
    with tarfile.open(one) as tar:
        sums = tar.extractfile("网站/SHA256SUMS").read().decode("utf-8").splitlines()
        assert len(sums) == len(site_manifest(built_site))
        for line in sums:
            expected, rel = line.split("  ", 1)
            assert hashlib.sha256(tar.extractfile(f"网站/{rel}").read()).hexdigest() == expected
        assert {m.mtime for m in tar.getmembers()} == {1_700_000_000}


def test_cli_explains_its_options(tmp_path: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(cli, ["--root", str(Path(__file__).parents[1]), "publish"])
    assert result.exit_code == 2 and "请写 --to 目标（发布）或 --archive" in result.output
    result = runner.invoke(cli, ["rollback", "--to", str(tmp_path / "web"), "--list"])
    assert result.exit_code == 0 and "还没有发布过网站" in result.output
    result = runner.invoke(cli, ["rollback", "--to", str(tmp_path / "web")])
    assert result.exit_code == 1 and "没有比当前版本更早的版本" in result.output and "正在访问的网站没有改变" in result.output
