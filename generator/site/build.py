"""`showcase build`: checked model → Markdown tree → engine → swapped-in site.

The tree is written to `build/tree/` (never into the content folders), then the
engine builds it into a fresh folder beside the output, which replaces the old
output only when everything succeeded: a failed build leaves the last good site
untouched.
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import signal
import subprocess
import tempfile
import time
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import yaml

from ..imaging import ImageCache, Stats
from ..progress import step
from ..escape import theme_text
from ..files import os_error_in_output, yaml_text
from ..render import remembered_bodies
from ..summary import SITE, Summary, latest_date
from ..text import chinese_date
from .cms import write_editors
from .engines import DEFAULT_ENGINE, ENGINE_SITE_DIR, PRODUCT, Engine
from .incremental import EngineState, fingerprint, link_files, output_name, remove_empty_folders, start_from_last
from .feeds import feed_files
from .media import PublishedMedia
from .pages import SitePlan
from .reuse import PAGE_KEYS, KeptPages, PageInputs
from .search import INDEX_FOLDER, SearchError, SearchIndexer, dictionary, documents, write_index
from .tree import Tree
from ..errors import ShowcaseError

RENDERED_BODIES = "rendered-bodies.json"  # in the build folder, beside the media cache
SEARCH_INDEX = "search-index"  # in the build folder: the index, kept between builds, linked into each site

THEME_DIR = "overrides"
MATERIAL_THEMES = {"material", "materialx"}  # the one theme under the names its engines know it by


def product_file(root: Path, name: str) -> Path:
    """A content root may carry its own mkdocs.yml or theme_overrides/; else the product's are used."""
    own = root / name
    return own if own.exists() else PRODUCT / name


class BuildError(ShowcaseError):
    """A Chinese sentence saying what stopped the build; the old output is untouched."""


def write_printables(root: Path, tree: Tree, summary: Summary, cache: ImageCache, kept: KeptPages) -> None:
    """Each studio's printable compilation of its *public* entries, linked from its page
    (kept from the last build when nothing it is made from changed)."""
    from ..compile.html import CompilationImages, HtmlWriter
    from ..compile.outline import build_outline

    for studio in summary.studios:
        path = printable_path(studio.slug)
        if kept.reuse(path, kept.inputs.studio(studio.slug)):
            tree.keep(path)
            continue
        outline = build_outline(summary, studio=studio.slug, day=latest_date(studio.entries))
        tree.write(path, HtmlWriter(outline, CompilationImages(outline, root, cache), embed=True).render())


def printable_path(slug: str) -> str:
    return f"studios/{slug}/compilation.html"


def mkdocs_config(root: Path, plan: SitePlan, notice: str | None = None, engine: Engine = DEFAULT_ENGINE) -> dict:
    """The school's mkdocs.yml with the generated navigation and our fixed settings, in words
    that mkdocs, ProperDocs and Zensical all read the same way."""
    base_path = product_file(root, "mkdocs.yml")
    base = yaml.safe_load(base_path.read_text(encoding="utf-8")) if base_path.is_file() else {}
    site = plan.summary.project.site_model
    config = dict(base or {})
    config["site_name"] = theme_text(site.title)  # the theme prints these as they are
    config["docs_dir"] = "docs"
    config["site_dir"] = ENGINE_SITE_DIR  # only Zensical reads it (it takes no --site-dir); inside the tree
    config["use_directory_urls"] = False  # works from a copied folder and under any sub-path
    config["nav"] = plan.nav()
    if site.address():  # the 404 page's links are absolute: they must carry the sub-path
        config["site_url"] = site.address()
    theme = dict(config.get("theme") or {"name": "material"})
    if theme.get("name") in MATERIAL_THEMES:
        theme["name"] = engine.theme
    theme["variant"] = "classic"  # Zensical's look of Material; the others ignore the key
    theme["custom_dir"] = THEME_DIR
    if emblem := plan.media.emblem_url():  # the school's own emblem instead of the theme's flag
        theme["logo"] = theme["favicon"] = emblem
    config["theme"] = theme
    config["extra_css"] = ["assets/stylesheets/showcase.css"]
    config["extra_javascript"] = [f"assets/javascripts/{name}.js" for name in ("library", "lightbox", "search", "tables", "pagetoc")]
    extra = dict(config.get("extra") or {})
    extra["showcase_notice"] = notice or ""  # escaped by main.html, line breaks kept
    extra["showcase_footer"] = [theme_text(line) for line in footer_lines(plan.summary)]
    extra["showcase_feeds"] = site.address() is not None  # feeds.py writes them only then
    extra["showcase_school"] = theme_text(site.school)
    config["extra"] = extra
    # The site's search is the generator's own (search.py), written beside the engine. The engine's own
    # search would index every page again and load the whole index in every browser; its offline
    # plugin only serves that search, and fetches a script from a CDN to do it. Zensical searches
    # even with no plugin named, so the search plugin is named and switched off: under the
    # theme's name each engine takes `search` for its own (material/, materialx/ or Zensical's).
    config["plugins"] = [p for p in config.get("plugins") or [] if _plugin_name(p) not in ENGINE_SEARCH_PLUGINS]
    config["plugins"].append({"search": {"enabled": False}})
    config["copyright"] = theme_text(f"{site.school} {site.committee}")
    return config


def footer_lines(summary: Summary) -> list[str]:
    """Who runs the site and how to reach them, and how fresh its content is (dated by the
    content, so the same content gives the same pages)."""
    site, contact = summary.project.site_model, summary.project.site_model.contact
    reach = [f"地址：{contact.address}" if contact.address else "", f"联系人：{contact.person}" if contact.person else "",
             f"电话：{contact.phone}" if contact.phone else "", f"邮箱：{contact.email}" if contact.email else ""]
    updated = latest_date(summary.entries)
    fresh = [f"© {updated.year if updated else site.years[0].start.year} {site.school}",
             f"内容更新于 {chinese_date(updated)}" if updated else ""]
    return [line for line in (f"{site.committee} · {contact.office}", " · ".join(filter(None, reach)),
                              " · ".join(filter(None, fresh))) if line]


ENGINE_SEARCH_PLUGINS = {f"{prefix}{name}" for prefix in ("", "material/", "materialx/") for name in ("search", "offline")}


def _plugin_name(plugin: object) -> str:
    return plugin if isinstance(plugin, str) else next(iter(plugin), "") if isinstance(plugin, dict) else ""


def write_tree(root: Path, tree_dir: Path, summary: Summary, cache: ImageCache, notice: str | None = None,
               indexer: SearchIndexer | None = None, engine: Engine = DEFAULT_ENGINE,
               checked: Callable[[], None] = lambda: None) -> Tree:
    """Bring the tree up to date: pages, published media (variants from the cache, hard-linked),
    theme, config; everything else is removed from it. The search index goes to `indexer`
    (built beside the engine), or without one into the tree (the preview); `checked` is
    asked before it starts (see `build_site`)."""
    tree = Tree(tree_dir)
    media = PublishedMedia(summary, root, cache).plan()
    kept = KeptPages(tree, tree_dir.parent / PAGE_KEYS, PageInputs(summary, root))
    plan = SitePlan(summary, media, kept)
    for page in plan.pages:
        if page.kept:
            tree.keep(page.path)
        else:
            tree.write(page.path, page.text)
    for rel, source in media.files():
        # our own cached variants are hard-linked (nothing writes to either); authors' files are copied
        tree.put_file(source, tree.docs / rel, link=cache.holds(source))
        tree.media.append(rel)
    write_printables(root, tree, summary, cache, kept)
    for rel, text in feed_files(summary, kept):
        if text is None:
            tree.keep(rel, page=False)
        else:
            tree.put_text(tree.docs / rel, text)
    write_editors(tree, summary.project)
    tree.put_folder(product_file(root, "theme_overrides"), tree_dir / THEME_DIR)
    terms = dictionary(summary.project.site_model.search_terms)
    checked()
    if indexer is None:
        write_index(documents(plan.pages), terms, tree, tree.docs / INDEX_FOLDER)
    else:
        indexer.start(documents(plan.pages), terms)
    config = mkdocs_config(root, plan, notice, engine)
    tree.put_text(tree_dir / "mkdocs.yml", yaml_text(config))
    tree.prune()
    kept.save()
    return tree


def engine_env(epoch: int | None = None) -> dict[str, str]:
    """The engine's environment: its English end-of-life banner means nothing to authors
    (the maintainers' side of it is in the README); the build is dated by its content
    (SOURCE_DATE_EPOCH), so the same content gives the same files on any day."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    if epoch is not None:
        env["SOURCE_DATE_EPOCH"] = str(epoch)
    return env


def content_epoch(summary: Summary) -> int:
    """Midnight (UTC) of the latest dated entry."""
    import calendar

    latest = latest_date(summary.entries) or summary.project.site_model.years[0].start
    return calendar.timegm(latest.timetuple())


def _unblock_signals() -> None:
    signal.pthread_sigmask(signal.SIG_SETMASK, set())


#: From this many pages on, a full build is split between two engine processes (one per core).
SPLIT_FROM = 400


def run_engine(tree_dir: Path, site_dir: Path, epoch: int | None = None, engine: Engine = DEFAULT_ENGINE,
               dirty: bool = False, pages: list[str] | None = None, warm: WarmStart | None = None) -> None:
    """The engine builds the tree into `site_dir`; `dirty`: only the pages missing there.

    A full build of many `pages` (tree paths) by an engine with a dirty mode runs as two
    dirty builds side by side, each into its own folder in which the other half's pages
    stand already (as empty files, newer than their sources); then the second folder's
    half joins the first. Each page is rendered once, by one of two processes, from the
    same tree and configuration: the result is the one build's."""
    tree_dir, site_dir = tree_dir.resolve(), site_dir.resolve()
    own = tree_dir / ENGINE_SITE_DIR  # where an engine that takes no --site-dir writes
    if engine.own_site_dir and own.exists():
        shutil.rmtree(own)
    pages = sorted(rel for rel in pages or () if rel.endswith(".md"))
    if dirty or not engine.dirty_mode or len(pages) < SPLIT_FROM or (os.cpu_count() or 1) < 2:
        _run([engine.arguments(tree_dir / "mkdocs.yml", site_dir, dirty)], tree_dir, site_dir, epoch, engine, warm)
    else:
        halves = (pages[0::2], pages[1::2])
        other = Path(tempfile.mkdtemp(prefix=f".{site_dir.name}-half-", dir=site_dir.parent))
        empty = other.with_name(other.name + ".empty")
        try:
            empty.touch()  # newer than every source: one file, linked where the other half's pages go
            for folder, not_here in ((site_dir, halves[1]), (other, halves[0])):
                # the files the engine would copy as they are: linked instead (the tree replaces, never edits, a file)
                link_files(tree_dir / "docs", folder, [(empty, output_name(rel)) for rel in not_here])
            _run([engine.arguments(tree_dir / "mkdocs.yml", folder, dirty=True) for folder in (site_dir, other)],
                 tree_dir, site_dir, epoch, engine, warm)
            for rel in halves[1]:
                os.replace(other / output_name(rel), site_dir / output_name(rel))
        except FileNotFoundError:
            raise BuildError(f"网站引擎（{engine.label}）没有生成全部页面。请重新运行；如果仍然如此，请把这段文字发给维护人员。") from None
        finally:
            shutil.rmtree(other, ignore_errors=True)
            empty.unlink(missing_ok=True)
    if engine.own_site_dir:
        move_contents(own, site_dir)


def _run(arguments: list[list[str]], tree_dir: Path, site_dir: Path, epoch: int | None, engine: Engine,
         warm: WarmStart | None = None) -> None:
    """Run the engine with each of `arguments` side by side (the first by `warm`, if it is
    there); any failure is a BuildError in Chinese."""
    processes: list[subprocess.Popen] = []
    try:
        for args in arguments:
            # An interruption while an engine starts would leave it running unseen: it is deferred
            # until the process is known (the engine itself starts with no signal blocked).
            with signals_deferred():
                process = warm.take(args, tree_dir, engine_env(epoch)) if warm else None
                processes.append(process or _start([*engine.launcher(), *args], tree_dir, engine_env(epoch)))
        said = [process.communicate() for process in processes]
    except BaseException:
        # interrupted: the engines are gone before anyone removes the folders they write into
        for process in processes:
            process.kill()
            process.wait()
        raise
    for process, (stdout, stderr) in zip(processes, said):
        if process.returncode != 0:
            output = stderr or stdout
            meaning = os_error_in_output(output)
            if meaning:
                raise BuildError(f"网站引擎写入失败：{meaning}（{site_dir.parent}）。")
            detail = output.strip().splitlines()[-5:]
            raise BuildError(f"网站引擎（{engine.label}）构建失败：\n" + "\n".join(detail))


def _start(command: list[str], cwd: Path | None, env: dict[str, str], stdin: bool = False) -> subprocess.Popen:
    """An engine process (call it with signals deferred: it unblocks them for itself)."""
    return subprocess.Popen(command, cwd=cwd, stdin=subprocess.PIPE if stdin else None, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=env, preexec_fn=_unblock_signals)


BOOT = Path(__file__).with_name("engine_boot.py")


class WarmStart:
    """The engine's process, started as the build starts: it imports its code (a quarter of
    the engine's time in a rebuild) while the tree is being written, then waits on stdin
    for its command (engine_boot.py). An engine that is not a Python program starts cold."""

    def __init__(self, engine: Engine):
        self.process: subprocess.Popen | None = None
        python = None if engine.own_site_dir else engine.python()
        if python is not None:
            with signals_deferred():
                self.process = _start([python, str(BOOT), engine.name, *engine.warm], None, engine_env(), stdin=True)

    def take(self, args: list[str], cwd: Path, env: dict[str, str]) -> subprocess.Popen | None:
        """The waiting process, told to run `args` in `cwd` with `env` (None: none is waiting)."""
        process, self.process = self.process, None
        if process is None:
            return None
        order = json.dumps({"args": args, "cwd": str(cwd), "env": env}, ensure_ascii=False)
        try:
            process.stdin.write(order + "\n")
            process.stdin.close()
        except OSError:  # it ended already (its Python is broken): the engine starts cold instead
            _end(process)
            return None
        process.stdin = None  # closed: communicate() must not flush it again
        return process

    def __enter__(self) -> WarmStart:
        return self

    def __exit__(self, *exc: object) -> None:
        """Not taken after all (a failed or a Zensical build): it ends."""
        if self.process is not None:
            _end(self.process)
            self.process = None


def _end(process: subprocess.Popen) -> None:
    process.kill()
    process.communicate()


def move_contents(source: Path, target: Path) -> None:
    """What the engine wrote into the tree goes into the fresh folder (renamed where both
    share a file system, as they do when the build folder sits beside the output)."""
    target.mkdir(parents=True, exist_ok=True)
    for path in source.iterdir():
        shutil.move(str(path), str(target / path.name))
    source.rmdir()


@contextmanager
def signals_deferred():
    """Ctrl+C or SIGTERM arriving now takes effect after the block: two renames are never split."""
    deferred = {signal.SIGINT, signal.SIGTERM}
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, deferred)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def swap_in(fresh: Path, out: Path) -> None:
    """Replace `out` by `fresh` with two renames; the old output is removed last."""
    old = out.with_name(out.name + ".old")
    if old.exists():
        shutil.rmtree(old)
    with signals_deferred():
        if out.exists():
            os.replace(out, old)
        os.replace(fresh, out)
    if old.exists():
        shutil.rmtree(old, ignore_errors=True)


def _remove(folder: Path) -> None:
    """Remove a half-built folder whatever was still being written in it."""
    for _ in range(5):
        shutil.rmtree(folder, ignore_errors=True)
        if not folder.exists():
            return
        time.sleep(0.1)


@dataclass(frozen=True)
class BuildResult:
    out: Path
    pages: int
    media: int
    images: Stats
    epoch: int  # the content's date, for anything that must be dated reproducibly


@contextmanager
def build_lock(build_dir: Path):
    """One build at a time per build folder: a second one stops at once and says why.

    The lock is the kernel's (flock), so it is released when the process ends in any way."""
    build_dir.mkdir(parents=True, exist_ok=True)
    handle = (build_dir / ".lock").open("a+")
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        handle.seek(0)
        holder = handle.read().strip() or "未知"
        handle.close()
        raise BuildError(f"另一个生成过程（进程号 {holder}）正在使用 {build_dir}，请等它结束后再试。") from None
    try:
        handle.seek(0)
        handle.truncate()
        handle.write(str(os.getpid()))
        handle.flush()
        yield
    finally:
        fcntl.flock(handle, fcntl.LOCK_UN)
        handle.close()


def build_site(root: Path, project, out: Path, build_dir: Path | None = None,
               engine: Engine = DEFAULT_ENGINE, checked: Callable[[], None] = lambda: None) -> BuildResult:
    """Build `project` into `out`; raises BuildError and leaves `out` as it was.

    `checked` raises if the project is not fit to publish; it is asked once the pages are
    written, before the search index or the engine see them (the caller may check beside
    the writing)."""
    summary = Summary(project, SITE)
    build_dir = build_dir or root / "build"
    engine.launcher()  # a missing engine is said before anything is written
    with build_lock(build_dir), WarmStart(engine) as warm:
        tree_dir = build_dir / "tree"
        cache = ImageCache(build_dir / "media-cache")
        indexer = SearchIndexer(build_dir / SEARCH_INDEX)
        last = EngineState.read(build_dir)
        EngineState.forget(build_dir)  # until this build has swapped its site in
        try:
            with step("生成页面"), remembered_bodies(build_dir / RENDERED_BODIES):
                tree = write_tree(root, tree_dir, summary, cache, indexer=indexer, engine=engine, checked=checked)
            out = out.resolve()
            out.parent.mkdir(parents=True, exist_ok=True)
            fresh = Path(tempfile.mkdtemp(prefix=f".{out.name}-", dir=out.parent))
        except BaseException:
            indexer.stop()
            raise
        epoch = content_epoch(summary)
        current = fingerprint(tree, engine)
        try:
            dirty = engine.dirty_mode and start_from_last(tree, out, fresh, last, current)
            what = f"网站引擎更新 {tree.changed} 个改动的文件" if dirty else f"网站引擎生成 {len(tree.written)} 个页面"
            with step(f"{what}，同时建立搜索索引"):
                run_engine(tree_dir, fresh, epoch, engine, dirty, tree.written, warm)  # the index is written meanwhile
                if dirty:
                    remove_empty_folders(fresh)
                indexer.finish(fresh)
            swap_in(fresh, out)
            EngineState(current, str(out), out.stat().st_ino).write(build_dir)
        except SearchError as error:
            _remove(fresh)
            raise BuildError(str(error)) from None
        except BaseException:
            indexer.stop()
            _remove(fresh)
            raise
    return BuildResult(out, len(tree.written), len(tree.media), cache.stats, epoch)
