"""The `showcase` command line: one click group, shared options, Chinese throughout.

Heavy modules (pydantic models, Pillow) are imported inside the commands that
need them, so that `--help` answers at once.
"""

from __future__ import annotations

import gc
import sys
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import click

from . import clickzh
from .codes import EntryKind
from .errors import ShowcaseError
from .progress import showing

clickzh.install()

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}
COMMAND = {"context_settings": CONTEXT, "options_metavar": "[选项]"}


@dataclass(frozen=True)
class Settings:
    root: Path


class DateType(click.ParamType):
    name = "YYYY-MM-DD"

    def convert(self, value, param, ctx):
        if isinstance(value, date):
            return value
        try:
            return date.fromisoformat(str(value))
        except ValueError:
            self.fail(f"“{value}”不是日期，请写成 YYYY-MM-DD，例如 2026-09-01。", param, ctx)


def studio_option(help: str, required: bool = False):
    """`--studio 目录名`: one studio of the content (checked against the loaded studios)."""
    return click.option("--studio", default=None, required=required, metavar="目录名", help=help)


def as_of_option(help: str = "按哪一天判断建设年度是否结束、是否进入验收阶段。默认：今天。"):
    return click.option("--as-of", type=DateType(), default=None, help=help)


def out_option(help: str, folder: bool = False, required: bool = False):
    """`--out`: a file (or, with `folder`, a folder) to write to."""
    kind = click.Path(file_okay=False, path_type=Path) if folder else click.Path(dir_okay=False, path_type=Path)
    return click.option("--out", type=kind, default=None, required=required, help=help)


def engine_option():
    """`--engine`: which engine builds the generated tree (site/engines.py)."""
    from .site.engines import ENGINES

    return click.option(
        "--engine", type=click.Choice(list(ENGINES)), default="mkdocs", show_default=True,
        help="用哪个网站引擎生成：mkdocs（mkdocs-material，默认）、properdocs（ProperDocs + mkdocs-materialx）"
             "或 zensical。后两者需先运行 ./scripts/install-engine.sh 引擎名 安装。",
    )


def _resolve_root(root: Path | None) -> Path:
    from .reading.loader import find_root

    chosen = root.resolve() if root else find_root(Path.cwd())
    if not ((chosen / "content").is_dir() or (chosen / "studios").is_dir()):
        from .messages import render

        raise click.UsageError(render("E-ROOT-INVALID", root=str(root or chosen)))
    return chosen


class ShowcaseGroup(click.Group):
    """The one error boundary of every command: a `ShowcaseError` raised anywhere below
    becomes its Chinese sentence on stderr and its exit status (`--debug` or
    SHOWCASE_DEBUG=1 shows the traceback instead, for maintainers)."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except ShowcaseError as exc:
            if _debugging():
                raise
            failure = click.ClickException(str(exc))
            failure.exit_code = exc.exit_code
            raise failure from exc


@click.group(cls=ShowcaseGroup, **COMMAND, subcommand_metavar="命令 [参数]...")
@click.option(
    "--root", type=click.Path(file_okay=False, path_type=Path), default=None,
    help="内容目录（包含 content/ 和 studios/ 的文件夹）。默认：当前所在的内容仓库。",
)
@click.option("--debug", is_flag=True, hidden=True, help="出错时显示程序内部的调用栈（供维护人员排查）。")
@click.version_option(package_name="showcase", prog_name="showcase")
@click.pass_context
def cli(ctx: click.Context, root: Path | None, debug: bool) -> None:
    """“双带头人”教师党支部书记工作室成果展示工具。

    检查工作室内容是否符合要求，生成成果展示网站和成果汇编。

    每个命令后加 --help 可查看它的用法，例如：showcase check --help
    """
    ctx.obj = root


def _settings(ctx: click.Context) -> Settings:
    return Settings(root=_resolve_root(ctx.find_root().obj))


@cli.command(**COMMAND)
@as_of_option("按哪一天检查“每年至少一项代表性成果”等按年度的要求。默认：今天。")
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json", "github", "gitlab"]), default="text", show_default=True,
    help="输出格式：text 供人阅读；json 供程序读取；github 为 Gitea/GitHub Actions 注释；gitlab 为 GitLab 代码质量报告。",
)
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path), default=None, help="把结果写入文件，而不是显示在屏幕上。")
@click.option(
    "--changed-since", "since", metavar="分支或提交", default=None,
    help="只检查合并请求改动过的工作室（与该分支的共同祖先比较，如 origin/main），并核对改动者是否有权修改。",
)
@click.option("--author", metavar="账号", default=None, help="与 --changed-since 同用：合并请求作者的 git 账号；不写时按每次提交的作者邮箱核对。")
@click.option("--only", metavar="代码", default=None, help="只报告这些代码的问题，多个用逗号分隔，如 E-REP-MISSING,W-REP-PENDING。")
@click.pass_context
def check(
    ctx: click.Context, as_of: date | None, fmt: str, output: Path | None, since: str | None, author: str | None,
    only: str | None,
) -> None:
    """检查全部内容，一次列出所有问题。

    每个问题显示为“文件:行号: 错误|警告 [代码] 说明与修改方法”。

    有错误时退出码为 1；只有警告或没有问题时为 0。
    """
    from .reading.loader import load_project
    from .report import FORMATS, counts
    from .rules import check_project

    settings = _settings(ctx)
    if author and not since:
        raise click.UsageError("--author 要和 --changed-since 一起使用，例如：showcase check --changed-since origin/main --author zhangsan")
    project = load_project(settings.root)  # checking writes nothing, not even the build folder's memo
    diagnostics = check_project(project, as_of or date.today())
    if since:
        from .ownership import pull_request_diagnostics

        diagnostics = pull_request_diagnostics(settings.root, project, diagnostics, since, author, as_of)
    if only:
        codes = {c.strip() for c in only.split(",") if c.strip()}
        diagnostics = [d for d in diagnostics if d.code in codes]
    text = FORMATS[fmt](diagnostics)
    if output is not None:
        output.write_text(text, encoding="utf-8")
        errors, warnings = counts(diagnostics)
        click.echo(f"已写入 {output}：{errors} 个错误，{warnings} 个警告。", err=True)
    else:
        click.echo(text, nl=False)
    ctx.exit(1 if counts(diagnostics)[0] else 0)


@cli.command(**COMMAND)
@click.option("--server", type=click.Choice(["gitea", "gitlab"]), required=True, help="学校使用的 git 服务器。")
@click.option("--api", required=True, help="服务器的接口地址，如 http://git.example.edu.cn/api/v1（GitLab 为 /api/v4）。")
@click.option("--repository", required=True, help="仓库：组织/仓库名（GitLab 为 群组/项目）。")
@click.option("--number", type=int, required=True, help="合并请求的编号。")
@click.option("--report", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="showcase check --format json --output 写出的检查结果文件。")
@click.option("--preview", default=None, help="网站预览的地址（CI 运行页面），写在留言末尾。")
@click.option("--token-env", default="SHOWCASE_BOT_TOKEN", show_default=True, help="存放访问令牌的环境变量（来自 CI 密钥）。")
def comment(server: str, api: str, repository: str, number: int, report: Path, preview: str | None, token_env: str) -> None:
    """把检查结果作为一条中文留言发到合并请求下；再次推送时更新同一条留言。"""
    import os

    from .review import Forge, comment_text, read_report

    token = os.environ.get(token_env, "").strip()
    if not token:
        click.echo(f"没有设置 {token_env}，不留言（检查结果见本次运行记录）。", err=True)
        return
    done = Forge(server, api, repository, number, token).post(comment_text(read_report(report), preview))
    click.echo("已在合并请求下留言。" if done == "added" else "已更新合并请求下的检查留言。", err=True)


@cli.command(**COMMAND)
@click.option("--codeowners", "write", is_flag=True, help="写出 git 服务器使用的 CODEOWNERS 文件（合并请求自动请对应负责人审核）。")
@click.option("--server", type=click.Choice(["gitea", "gitlab"]), default="gitea", show_default=True, help="学校使用的 git 服务器。")
@out_option("CODEOWNERS 写到哪里。默认：Gitea 为 .gitea/CODEOWNERS，GitLab 为 .gitlab/CODEOWNERS。")
@click.pass_context
def owners(ctx: click.Context, write: bool, server: str, out: Path | None) -> None:
    """显示 content/owners.yml 中谁可以修改哪些内容，或据此写出 CODEOWNERS 文件。"""
    from .ownership import CODEOWNERS_PATHS, codeowners

    settings = _settings(ctx)
    project = _checked_project(ctx, settings, "CODEOWNERS")
    if project.owners is None:
        click.echo("还没有 content/owners.yml：请先按投稿指南创建它，写明党委办公室和各工作室的账号。", err=True)
        ctx.exit(1)
    model = project.owners.model
    if not write:
        click.echo("党委办公室（全部内容）：" + "、".join(f"{o.name or o.account}（@{o.account}）" for o in model.office))
        for studio in project.studios:
            group = model.studios.get(studio.slug, [])
            names = "、".join(f"{o.name or o.account}（@{o.account}）" for o in group) or "未登记"
            click.echo(f"studios/{studio.slug}/：{names}")
        return
    target = out or settings.root / CODEOWNERS_PATHS[server]
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(codeowners(model, server), encoding="utf-8")
    click.echo(f"已写入 {target}。请提交这个文件，并在 git 服务器的分支保护中开启“需要代码所有者批准”。")


#: The kinds of entry a studio keeps, as `new` and `import-docx` name them.
ENTRY_KINDS = [kind.value for kind in EntryKind]
ENTRY_KINDS_HELP = "、".join(f"{kind.value} {kind.label}" for kind in EntryKind)


@cli.command(**COMMAND)
@click.argument("what", type=click.Choice(["studio", *ENTRY_KINDS]), metavar="类型")
@click.argument("name", required=False, metavar="[目录名]")
@studio_option("新建条目（成果、动态、荣誉等）时：所属工作室的目录名。")
@click.option("--title", default=None, help="新条目的标题；文件名按标题的拼音起（如 2026-dangyuan-xianfeng）。")
@click.option("--slug", default=None, help="新文件的文件名（不含 .md），只能用小写字母、数字和连字符。默认：按标题的拼音，没有标题时用日期加类型。")
@click.option("--date", "day", type=DateType(), default=None, help="新条目的日期。默认：留给作者在文件中填写（文件名用今天的日期）。")
@click.pass_context
def new(ctx: click.Context, what: str, name: str | None, studio: str | None, title: str | None, slug: str | None,
        day: date | None) -> None:
    """从带中文说明的模板新建文件（不会覆盖已有文件）。

    \b
    类型：studio 工作室、outcome 成果、case 典型案例、method 工作法、report 工作总结与计划、
    news 工作动态、honour 荣誉、press 媒体报道、talk 交流报告、record 工作记录（“三会一课”、台账等）
    例如：
      showcase new studio huagong-dangzhibu
      showcase new outcome --studio huagong-dangzhibu --title "党员先锋岗助力实训基地建设"
    """
    from .scaffold import new_entry, new_studio

    settings = _settings(ctx)
    if what == "studio":
        if not name:
            raise click.UsageError("请写出新工作室的目录名，例如：showcase new studio huagong-dangzhibu")
        written = new_studio(settings.root, name)
    else:
        studio = studio or name
        if not studio:
            raise click.UsageError(f"请用 --studio 指明所属工作室，例如：showcase new {what} --studio huagong-dangzhibu")
        if title is None and slug is None and sys.stdin.isatty():
            title = click.prompt("标题（用来给文件起名；直接回车则以后在文件里填写）", default="", show_default=False)
        written = new_entry(settings.root, EntryKind(what), studio, slug, day, title)
    for path in written.paths:
        click.echo(f"已创建 {path.relative_to(settings.root).as_posix()}")
    click.echo("请打开文件，把所有【请修改】换成实际内容，再运行 showcase check 检查。")


@cli.command(**COMMAND)
@out_option("网站输出到哪个文件夹。默认：内容目录下的 site/。", folder=True)
@engine_option()
@click.pass_context
def build(ctx: click.Context, out: Path | None, engine: str) -> None:
    """先检查内容，再生成成果展示网站。

    有错误时不生成网站；构建失败时，上一次成功生成的网站保持不变。
    """
    settings = _settings(ctx)
    _build(ctx, settings, out or settings.root / "site", engine)


class _Refused(Exception):
    """The check found errors: said already, the build stops."""


def _build(ctx: click.Context, settings: Settings, target: Path, engine: str = "mkdocs"):
    """Check, then build the site into `target`; stop (old site untouched) on any failure.

    The check runs beside the writing of the tree (rules/beside.py) and the engine starts
    only once it passed. Should unchecked content upset the writing, what the check found
    is said, not how the writing failed."""
    from functools import cache

    from .reading.loader import load_project
    from .rules.beside import CheckBeside
    from .site.build import BuildError, build_site
    from .site.engines import ENGINES

    project = load_project(settings.root, settings.root / "build")
    gc.freeze()  # the loaded model lives to the end: collections need not walk it again and again
    check = CheckBeside(project, date.today())

    @cache
    def refused() -> bool:
        """The check's verdict, printed the first time it is asked for."""
        return _told(check.diagnostics())

    def checked() -> None:
        if refused():
            raise _Refused

    try:
        with showing():
            result = build_site(settings.root, project, target, engine=ENGINES[engine], checked=checked)
    except Exception as exc:
        if isinstance(exc, _Refused) or refused():  # unchecked content that upset the writing: its errors are said
            click.echo("内容有错误，未生成网站；原有网站保持不变。", err=True)
            ctx.exit(1)
        if isinstance(exc, BuildError):
            click.echo(f"错误：{exc}\n原有网站保持不变。", err=True)
            ctx.exit(1)
        raise
    finally:
        check.stop()
    click.echo(
        f"网站已生成：{result.out}（{result.pages} 个页面，{result.media} 个图片和附件文件；"
        f"本次处理图片 {result.images.rendered} 张，沿用缓存 {result.images.cached} 张）"
    )
    return result


@cli.command(**COMMAND)
@click.option("--to", "dest", metavar="目标", default=None, help="发布到哪里：本机目录（如 /srv/showcase）或服务器目录（如 web01:/srv/showcase，经 ssh 和 rsync 上传）。")
@click.option("--archive", type=click.Path(dir_okay=False, path_type=Path), default=None, help="不发布，而是把网站打包为 .tar.gz（内附 SHA256SUMS 校验清单），供手工拷贝。")
@click.option("--keep", type=click.IntRange(2, 100), default=5, show_default=True, help="目标处保留最近几个版本（供回退）。")
@engine_option()
@click.pass_context
def publish(ctx: click.Context, dest: str | None, archive: Path | None, keep: int, engine: str) -> None:
    """检查内容、生成网站，再发布到校园内网的网站目录。

    \b
    每次发布放在“目标/releases/发布时间/”中，逐个文件核对校验和无误后，
    才把“目标/current”一次性切换到新版本（网站服务器应指向 目标/current）。
    任何一步失败，正在访问的网站都保持原样。出问题时可用 showcase rollback 回退。
    """
    from .publish import PublishError, destination, publish as publish_site, write_archive

    if (dest is None) == (archive is None):
        raise click.UsageError("请写 --to 目标（发布）或 --archive 文件.tar.gz（打包），二者选一。")
    settings = _settings(ctx)
    result = _build(ctx, settings, settings.root / "site", engine)
    try:
        if archive is not None:
            digest = write_archive(result.out, archive, result.epoch)
            click.echo(f"已打包：{archive}\nSHA-256：{digest}（也写在 {archive.name}.sha256 中；解包后可用 sha256sum -c SHA256SUMS 核对每个文件）")
            return
        target = destination(dest)
        with showing():
            done = publish_site(result.out, target, keep)
    except (PublishError, OSError) as exc:
        click.echo(f"发布失败：{_reason(exc)}\n正在访问的网站没有改变。", err=True)
        ctx.exit(1)
    click.echo(
        f"已发布版本 {done.name} 到 {target.label}（{done.upload.files} 个文件，其中 {done.upload.reused} 个与上一版本相同，未重复上传）。"
    )
    if done.previous:
        click.echo(f"上一版本 {done.previous} 仍保留；如需回退：showcase rollback --to {dest}")
    if done.removed:
        click.echo(f"已清理较早的版本：{'、'.join(done.removed)}")


def _reason(exc: Exception) -> str:
    from .files import os_error_text

    return os_error_text(exc) if isinstance(exc, OSError) else str(exc)


@cli.command(**COMMAND)
@click.option("--to", "dest", metavar="目标", required=True, help="发布时使用的目标（本机目录或 服务器:/目录）。")
@click.option("--list", "show", is_flag=True, help="只列出目标处保留的版本。")
@click.argument("release", required=False, metavar="[版本]")
@click.pass_context
def rollback(ctx: click.Context, dest: str, show: bool, release: str | None) -> None:
    """把网站切换回较早的版本（默认：当前版本的前一个）。

    版本名就是发布时间，如 20261123-101500；用 --list 查看有哪些版本。
    """
    from .publish import PublishError, destination, rollback as switch_back

    try:
        target = destination(dest)
        if show:
            current = target.current()
            releases = target.releases()
            if not releases:
                click.echo(f"{target.label} 还没有发布过网站。")
            for name in releases:
                click.echo(f"{name}{'  ← 当前' if name == current else ''}")
            return
        before, after = switch_back(target, release)
    except (PublishError, OSError) as exc:
        click.echo(f"回退失败：{_reason(exc)}\n正在访问的网站没有改变。", err=True)
        ctx.exit(1)
    click.echo(f"已回退：{target.label} 现在是版本 {after}（之前是 {before or '无'}）。")


def _require_studio(project, studio: str | None) -> None:
    """A --studio that names no studio stops the command with the choices."""
    if studio is not None and project.studio(studio) is None:
        raise click.UsageError(f"找不到工作室“{studio}”，可选：{'、'.join(s.slug for s in project.studios)}")


def _checked_project(ctx: click.Context, settings: Settings, what: str, kept: str = "文件"):
    """Load and check; print what was found; stop on errors (nothing is written)."""
    from .reading.loader import load_project
    from .rules import check_project

    project = load_project(settings.root, settings.root / "build")
    if _told(check_project(project, date.today())):
        click.echo(f"内容有错误，未生成{what}；原有{kept}保持不变。", err=True)
        ctx.exit(1)
    return project


def _told(diagnostics: list) -> bool:
    """Print what the check found; whether it found errors."""
    from .report import as_text, counts

    if diagnostics:
        click.echo(as_text(diagnostics), nl=False, err=True)
    return counts(diagnostics)[0] > 0


@cli.command(name="compile", **COMMAND)
@studio_option("只汇编一个工作室（目录名）。默认：全校汇编，每个工作室一部分。")
@click.option("--year", type=click.IntRange(1, 10), default=None, help="只收录某个建设年度（1、2、3），年度考核时使用。")
@click.option("--format", "fmt", type=click.Choice(["pdf", "docx", "html"]), default="pdf", show_default=True, help="输出格式。")
@click.option("--group-by", type=click.Choice(["year", "indicator"]), default="year", show_default=True, help="成果按建设年度和形式编排，或按建设标准指标编排。")
@out_option("输出文件。默认：build/成果汇编-<范围>.<格式>。")
@click.option("--pdf-a", is_flag=True, help="生成 PDF/A-3b 归档格式，并把附件嵌入 PDF。")
@click.pass_context
def compile_(ctx: click.Context, studio: str | None, year: int | None, fmt: str, group_by: str, out: Path | None, pdf_a: bool) -> None:
    """生成成果汇编（PDF、Word 或可打印的网页）。

    只收录公开和验收用（visibility: public / acceptance）的条目，内部条目不会出现。
    """
    from .compile.run import compile_document

    settings = _settings(ctx)
    project = _checked_project(ctx, settings, "成果汇编")
    _require_studio(project, studio)
    scope = studio or "全校"
    target = out or settings.root / "build" / f"成果汇编-{scope}{f'-第{year}年度' if year else ''}.{fmt}"
    with showing():
        result = compile_document(project, settings.root, target, fmt, studio, year, group_by, pdf_a)
    pages = f"，共 {result.pages} 页" if result.pages and fmt == "pdf" else ""
    click.echo(f"成果汇编已生成：{result.out}{pages}")


@cli.command(**COMMAND)
@studio_option("只打包一个工作室（目录名）。默认：全校。")
@out_option("输出的 zip 文件。默认：build/支撑材料-<范围>.zip。")
@click.pass_context
def package(ctx: click.Context, studio: str | None, out: Path | None) -> None:
    """按建设标准三级指标整理支撑材料，打包为 zip，并附支撑材料目录（Word 和 PDF）。"""
    from .compile.package import write_package

    settings = _settings(ctx)
    project = _checked_project(ctx, settings, "支撑材料包")
    _require_studio(project, studio)
    target = out or settings.root / "build" / f"支撑材料-{studio or '全校'}.zip"
    with showing():
        covered, files = write_package(project, settings.root, target, studio)
    click.echo(f"支撑材料包已生成：{target}（{covered} 项指标有支撑材料，共 {files} 个文件）")


@cli.command(**COMMAND)
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True, help="预览网址的端口。")
@click.option("--host", default="127.0.0.1", show_default=True, help="预览网址的主机；只在本机预览时不必修改。")
@click.pass_context
def serve(ctx: click.Context, port: int, host: str) -> None:
    """本地预览网站：修改内容并保存后，浏览器中的页面会自动刷新。

    内容有错误时，终端和页面顶部都会显示出错的文件和行号。
    """
    from .site.serve import serve as run_preview

    settings = _settings(ctx)
    ctx.exit(run_preview(settings.root, host, port, lambda line: click.echo(line, err=True)))


@cli.group(**COMMAND, subcommand_metavar="表格 [参数]...")
def form() -> None:
    """生成工作室创建各阶段的表格（Word / Excel），内容取自 studio.yml、plan.yml 和各项成果。

    \b
    showcase form application               每个工作室的申报书
    showcase form assessment --year 3       第 3 年度每个工作室的考核材料和全校汇总表
    """


def _form_studios(ctx: click.Context, settings: Settings, studio: str | None):
    from .forms import office_summary

    project = _checked_project(ctx, settings, "表格")
    summary = office_summary(project)
    _require_studio(project, studio)
    return summary, [s for s in summary.studios if studio is None or s.slug == studio]


_FORM_OUT = out_option("写到哪个文件夹。默认：build/表格/。", folder=True)


@form.command(**COMMAND)
@studio_option("只生成一个工作室（目录名）。默认：每个工作室一份。")
@_FORM_OUT
@click.pass_context
def application(ctx: click.Context, studio: str | None, out: Path | None) -> None:
    """申报书（Word）：基本情况、书记和成员、工作基础、三年目标和年度目标、实施方案、预期成果、经费预算。"""
    from .files import safe_file_name
    from .forms.application import ApplicationForm

    settings = _settings(ctx)
    summary, studios = _form_studios(ctx, settings, studio)
    folder = out or settings.root / "build" / "表格"
    for item in studios:
        target = folder / f"申报书-{safe_file_name(item.profile.name)}.docx"
        ApplicationForm(summary, item).write(target)
        click.echo(f"已生成 {target}")


@form.command(**COMMAND)
@click.option("--year", type=click.IntRange(1, 10), required=True, help="第几建设年度（1、2、3）。")
@studio_option("只生成一个工作室的考核材料（目录名）。默认：每个工作室一份，另加全校汇总表。")
@_FORM_OUT
@click.pass_context
def assessment(ctx: click.Context, year: int, studio: str | None, out: Path | None) -> None:
    """年度考核材料（Word）：目标与完成情况、代表性成果、经费使用、考核评分表；全校汇总表（Word 和 Excel）。"""
    from .files import safe_file_name
    from .forms.assessment import AssessmentPack, SchoolTable, write_school_xlsx

    settings = _settings(ctx)
    summary, studios = _form_studios(ctx, settings, studio)
    years = [y.year for y in summary.project.site_model.years]
    if year not in years:
        raise click.UsageError(f"没有第 {year} 建设年度，可选：{'、'.join(map(str, years))}")
    folder = out or settings.root / "build" / "表格"
    for item in studios:
        target = folder / f"年度考核-第{year}年度-{safe_file_name(item.profile.name)}.docx"
        AssessmentPack(summary, item, year).write(target)
        click.echo(f"已生成 {target}")
    if studio is None:
        for target, write in ((folder / f"年度考核汇总-第{year}年度.docx", lambda t: SchoolTable(summary, year).write(t)),
                              (folder / f"年度考核汇总-第{year}年度.xlsx", lambda t: write_school_xlsx(summary, year, t))):
            write(target)
            click.echo(f"已生成 {target}")


@cli.command(**COMMAND)
@as_of_option()
@studio_option("只看一个工作室（目录名）。")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="输出格式：text 为表格和缺项清单；json 供程序读取。")
@click.pass_context
def status(ctx: click.Context, as_of: date | None, studio: str | None, fmt: str) -> None:
    """各工作室的建设进度和验收清单：代表性成果、年度总结、年度考核、工作总结报告、成果汇编、经费，以及还缺什么。"""
    from .forms import office_summary
    from .forms.acceptance import print_status, status_report
    from .reading.loader import load_project

    settings = _settings(ctx)
    summary = office_summary(load_project(settings.root))
    _require_studio(summary.project, studio)
    studios = [s for s in summary.studios if studio is None or s.slug == studio]
    day = as_of or date.today()
    if fmt == "json":
        import json

        click.echo(json.dumps(status_report(summary, studios, settings.root, day), ensure_ascii=False, indent=2))
    else:
        print_status(summary, studios, settings.root, day)


@cli.command(name="demo-corpus", **COMMAND)
@click.option("--size", type=click.Choice(["S", "M", "L"]), default=None, help="预设规模：S 与示例相当（6 个工作室），M 为 20 个，L 为 50 个工作室 × 40 篇。")
@click.option("--studios", type=click.IntRange(1, 1000), default=None, help="工作室数量。")
@click.option("--entries-per-studio", type=click.IntRange(1, 1000), default=None, help="每个工作室的条目数（含 4 篇总结）。")
@click.option("--photos-per-studio", type=click.IntRange(0, 200), default=None, help="每个工作室的照片数（4000×3000 像素）。")
@click.option("--seed", type=int, default=2023, show_default=True, help="随机种子：相同参数和种子生成完全相同的文件。")
@out_option("写到哪个（新的或空的）文件夹。", folder=True, required=True)
def demo_corpus(size: str | None, studios: int | None, entries_per_studio: int | None, photos_per_studio: int | None,
                seed: int, out: Path) -> None:
    """生成用于性能测试的合成内容（结构与真实内容相同，全部通过检查）。

    例如：showcase demo-corpus --size L --out /tmp/corpus-L ，再用 showcase --root /tmp/corpus-L build 测量。
    """
    from .corpus import SIZES, write_corpus
    from .site.build import PRODUCT

    preset = SIZES[size or "S"]
    counts = (studios or preset[0], entries_per_studio or preset[1], preset[2] if photos_per_studio is None else photos_per_studio)
    try:
        stats = write_corpus(out, PRODUCT, *counts, seed=seed)
    except FileExistsError:
        raise click.UsageError(f"{out} 已存在且不是空的，请换一个文件夹。") from None
    click.echo(f"已生成 {out}：{stats.studios} 个工作室，{stats.entries} 篇条目（正文共 {stats.characters} 字），{stats.photos} 张照片。")


@cli.command(name="fix-encoding", **COMMAND)
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path), metavar="文件...")
@click.option("--from", "source", type=click.Choice(["gb18030", "big5", "utf-16"]), default=None, help="原文件的编码。默认：自动识别。")
@click.pass_context
def fix_encoding(ctx: click.Context, files: tuple[Path, ...], source: str | None) -> None:
    """把 GBK/GB18030、UTF-16 等编码的文件转换为 UTF-8（先在旁边保存一份 .bak 备份）。

    文件的路径可以相对于当前文件夹，也可以像检查结果那样相对于内容仓库（如 studios/某工作室/...），
    在仓库的任何子文件夹中都可以直接复制检查结果中的命令运行。
    转换后请打开文件看一眼文字是否正常，确认无误后删除 .bak 备份。
    """
    from .reading.loader import find_root
    from .reading.textfile import EncodingProblem, fix_encoding as convert

    root = ctx.find_root().obj
    root = root.resolve() if root else find_root(Path.cwd())
    failed = False
    for given in files:
        # a path as the checker printed it (from the repository's root) works from any folder in it
        path = given if given.exists() or given.is_absolute() or not (root / given).exists() else root / given
        try:
            done = convert(path, source)
        except (EncodingProblem, OSError) as exc:
            click.echo(f"{path}：未转换。{exc if isinstance(exc, EncodingProblem) else exc.strerror}", err=True)
            failed = True
            continue
        click.echo(f"{path}：已从 {done.source} 转换为 UTF-8，原文件备份为 {done.backup.name}。")
        if done.first_line:
            click.echo(f"  第一行现在是：{done.first_line}")
    sys.exit(1 if failed else 0)


@cli.command(name="import-docx", **COMMAND)
@click.argument("source", type=click.Path(dir_okay=False, path_type=Path), metavar="文件.docx")
@studio_option("导入到哪个工作室（目录名）。", required=True)
@click.option("--as", "kind", type=click.Choice(ENTRY_KINDS), default="outcome", show_default=True,
              help="导入为：" + ENTRY_KINDS_HELP + "。")
@click.option("--slug", default=None, help="新文件的文件名（不含 .md），只能用小写字母、数字和连字符。默认：按标题的拼音，没有标题时用日期加类型。")
@click.pass_context
def import_docx(ctx: click.Context, source: Path, studio: str, kind: str, slug: str | None) -> None:
    """把 Word 文档（.docx）转换为工作室的一篇成果、案例、工作法、总结、动态、荣誉、报道、交流报告或工作记录。

    标题、小标题、列表、表格、粗体斜体和图片都会保留，图片保存到工作室的 media/ 文件夹；
    Word 留下的空段落、手工编号和用全角空格缩进等会被整理。原 Word 文档不会被修改。

    导入后请按提示补充属性区中标有【请修改】的内容，再运行 showcase check。
    """
    from .importer import import_docx as convert

    settings = _settings(ctx)
    done = convert(settings.root, source, studio, EntryKind(kind), slug, date.today())
    rel = done.path.relative_to(settings.root).as_posix()
    click.echo(f"已导入为 {rel}" + (f"，图片 {len(done.media)} 张已保存到 studios/{studio}/media/" if done.media else ""))
    for note in done.notes:
        click.echo(f"注意：{note}")
    if done.to_fill:
        click.echo(f"请打开 {rel}，补充或核对属性区的：{'、'.join(done.to_fill)}；然后运行 showcase check。")


@cli.command(**COMMAND)
@out_option("写到哪个文件夹。默认：内容目录下的 schemas/。", folder=True)
@click.pass_context
def schema(ctx: click.Context, out: Path | None) -> None:
    """生成各类文件的 JSON Schema，供编辑器自动补全和实时检查字段。"""
    from .schema import write_schemas

    settings = _settings(ctx)
    folder = out or settings.root / "schemas"
    for path in write_schemas(folder):
        click.echo(f"已写入 {path}")


class Interrupted(KeyboardInterrupt):
    """SIGTERM, handled like Ctrl+C so that every `finally` cleans up."""


def _terminated(signum, frame) -> None:
    raise Interrupted()


def _debugging() -> bool:
    """`--debug` or SHOWCASE_DEBUG=1: maintainers see the traceback instead of the sentence."""
    import os

    return os.environ.get("SHOWCASE_DEBUG", "") not in ("", "0") or "--debug" in sys.argv[1:]


def main() -> None:
    """Entry point: no traceback ever reaches a user."""
    import signal

    signal.signal(signal.SIGTERM, _terminated)
    try:
        code = cli.main(prog_name="showcase", standalone_mode=False)  # interruptions are ours to report
        sys.exit(code if isinstance(code, int) else 0)
    except SystemExit:
        raise
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except (KeyboardInterrupt, click.exceptions.Abort):
        click.echo("已中止：没有完成的输出已删除，原有的网站和文件保持不变。", err=True)
        sys.exit(130)
    except OSError as exc:  # the machine, not the content: a full disk, a read-only folder
        from .files import os_error_text

        click.echo(f"无法写入：{os_error_text(exc)}。没有完成的输出已删除，原有的网站和文件保持不变。", err=True)
        sys.exit(1)
    except Exception as exc:  # a bug in showcase, not in the content
        if _debugging():
            raise
        click.echo(
            f"内部错误（{type(exc).__name__}）：{exc}\n这是 showcase 本身的问题，不是内容的问题；请把这段文字和所运行的命令发给维护人员。",
            err=True,
        )
        sys.exit(1)
