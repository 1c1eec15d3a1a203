"""Search as readers use it: the index's cutting held to the browser's, then queries typed
into the demo site's search page in Chromium (served under a sub-path)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from conftest import NEEDS_CHROMIUM, REPO
from generator.site.pages import Page
from generator.site.search import SearchDocument, dictionary, documents, normalize, shard_of, tokens, update_index, write_index
from generator.site.tree import Tree
from test_browser import Visit, server, visit  # noqa: F401 - fixtures

CORPORA = REPO.parent / "shared" / "corpora"
SAMPLES = [
    "光伏逆变器", "换流站", "活页式教材", "3.5万元", "35 万元", "ＡＢＣ１２３", "第2.1.3项", "v1.2.3版",
    "“三会一课”", "一人一方向", "Ｉｎｔｅｒｎｅｔ+职业教育", "党", "a", "", "  ", "ﾃｽﾄ", "①②③", "㈠㈡",
    "𠀀𠀁（扩展B区）", "İstanbul", "ǅ", "ß", "e\u0301", "\u200b零宽\u200b", "Ⅻ", "ﬁ",
]


def _naughty_strings() -> list[str]:
    found = sorted(CORPORA.rglob("blns*.json")) + sorted(CORPORA.rglob("*naughty*.json"))
    for path in found:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError):
            continue
        if isinstance(data, list):
            return [s for s in data if isinstance(s, str)]
    return []


def test_tokens_find_words_inside_longer_words_and_numbers_as_written() -> None:
    assert {"逆变", "变器"} <= set(tokens("光伏逆变器", query=True))
    assert tokens("3.5万元", query=True) == ["3.5", "万元"]
    assert "35" in tokens("35 万元", query=True) and "3.5" not in tokens("35 万元")
    assert tokens("ＡＢＣ１２３", query=True) == ["abc123"]  # full-width as half-width, small letters
    assert tokens("三会一课", query=True) == ["三会", "会一", "一课"]  # never single characters for a word
    assert set("三会一课") <= set(tokens("三会一课"))  # the index holds them, for one-character queries
    assert tokens("党", query=True) == ["党"]


def test_dictionary_words_and_the_schools_own_are_tokens_of_their_own(tmp_path: Path) -> None:
    terms = dictionary(["鲁班工坊", "实训"])
    assert "三会一课" in terms and "鲁班工坊" in terms and "实训" not in terms  # pairs are tokens anyway
    pages = [Page("a.md", "", title="鲁班工坊建设", search_text="落实三会一课制度。"),
             Page("b.md", "", title="其他", search_text="三会、一课，分开写。")]
    tree = Tree(tmp_path / "tree")
    assert write_index(documents(pages), terms, tree, tmp_path / "index") == 2
    manifest = json.loads((tmp_path / "index" / "index.json").read_text(encoding="utf-8"))
    shard = json.loads((tmp_path / "index" / "shards" / f"{shard_of('三会一课', manifest['shards'])}.json").read_text(encoding="utf-8"))
    assert shard["三会一课"] == [0, 1]  # page 0 once; page 1 has the characters but not the term
    assert "鲁班工坊" in manifest["terms"]


def _corpus_docs(count: int = 60) -> list[SearchDocument]:
    import random

    rng = random.Random(7)
    words = ["三会一课", "实训基地", "特高压换流站", "光伏逆变器", "党员先锋岗", "课程思政", "3.5万元", "技能大赛",
             "双带头人", "主题党日", "活页式教材", "产教融合", "v1.2", "志愿服务", "乡村振兴", "安全隐患"]
    return [SearchDocument(f"p{n}.html", f"第{n}篇 " + rng.choice(words), "成果",
                           "，".join(rng.choice(words) for _ in range(60)) + "。"
                           + "".join(chr(0x4E00 + rng.randrange(3000)) for _ in range(300)))  # many shards
            for n in range(count)]


def _files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("change", ["text", "title", "emptied", "swapped"])
def test_an_update_of_the_kept_index_equals_a_whole_new_index(tmp_path: Path, change: str) -> None:
    import dataclasses

    docs, terms = _corpus_docs(), dictionary([])
    kept = tmp_path / "kept"
    write_index(docs, terms, Tree(kept), kept)
    inodes = {p: p.stat().st_ino for p in (kept / "shards").iterdir()}
    edited = list(docs)
    if change == "text":  # new words, one never seen before in the index
        edited[3] = dataclasses.replace(docs[3], text=docs[3].text + "新增：鲁班工坊揭牌，投入12.5万元。")
    elif change == "title":
        edited[10] = dataclasses.replace(docs[10], title="改过的标题")
    elif change == "emptied":  # tokens only this page held disappear from their shards
        edited[0] = dataclasses.replace(docs[0], title="无", text="")
    else:
        edited[5], edited[6] = (dataclasses.replace(docs[5], text=docs[6].text),
                                dataclasses.replace(docs[6], text=docs[5].text))
    assert update_index(edited, terms, Tree(kept), kept)
    whole = tmp_path / "whole"
    write_index(edited, terms, Tree(whole), whole)
    assert _files(kept) == _files(whole)
    if change in ("text", "title"):  # only the shards holding a token whose count changed were rewritten
        kept_shards = [p for p, ino in inodes.items() if p.stat().st_ino == ino]
        assert 0 < len(kept_shards) < len(inodes)


def test_an_index_that_cannot_be_updated_is_made_whole(tmp_path: Path) -> None:
    import dataclasses

    docs, terms = _corpus_docs(), dictionary([])
    kept = tmp_path / "kept"
    write_index(docs, terms, Tree(kept), kept)
    assert update_index(docs, terms, Tree(kept), kept)  # nothing changed: nothing to do
    assert not update_index(docs[:-1], terms, Tree(kept), kept)  # another page list
    assert not update_index(docs, dictionary(["鲁班工坊"]), Tree(kept), kept)  # another dictionary
    many = [dataclasses.replace(d, text=d.text + "改") for d in docs]
    assert not update_index(many, terms, Tree(kept), kept)
    (kept / "index.json").unlink()  # an update cut short
    assert not update_index(docs, terms, Tree(kept), kept)


@NEEDS_CHROMIUM
def test_the_browser_cuts_text_as_the_index_does(visit: Visit, server: str) -> None:
    samples = SAMPLES + _naughty_strings()[:600]
    visit.page.goto(server + "search.html")
    cut = visit.page.evaluate(
        "samples => samples.map(s => { const t = window.showcaseSearchText.tokens(s);"
        " return [window.showcaseSearchText.normalize(s), t, t.map(x => window.showcaseSearchText.shardOf(x, 1024))]; })",
        samples,
    )
    for sample, (normalized, browser_tokens, shards) in zip(samples, cut):
        assert normalized == normalize(sample), sample
        assert browser_tokens == tokens(sample, query=True), sample
        assert shards == [shard_of(t, 1024) for t in browser_tokens], sample


def find(visit: Visit, server: str, query: str) -> list[dict[str, str]]:
    """The results shown for `query`: title, label, snippet and the marked words of each."""
    visit.page.goto(server + "search.html?q=" + query)
    visit.page.wait_for_function("/找到|没有找到|无法/.test(document.getElementById('sc-search-status').textContent)",
                                 timeout=20000)
    return visit.page.evaluate("""() => [...document.querySelectorAll('#sc-search-results li')].map(li => ({
        title: li.querySelector('a').textContent, href: li.querySelector('a').href,
        label: (li.querySelector('.sc-search__label') || {}).textContent || '',
        snippet: li.querySelector('p').textContent,
        marks: [...li.querySelectorAll('mark')].map(m => m.textContent)}))""")


def compact(text: str) -> str:
    return re.sub(r"\s+", "", normalize(text))


@NEEDS_CHROMIUM
@pytest.mark.parametrize("word", ["逆变器", "光伏逆变器", "换流站", "活页式教材"])
def test_a_word_inside_a_longer_word_is_found(visit: Visit, server: str, word: str) -> None:
    results = find(visit, server, word)
    assert [r["title"] for r in results] == ["党员教师攻关光伏逆变器实训教学，把课堂搬进新能源产业一线"]
    assert results[0]["label"] == "机电工程学院教工党支部书记工作室（示例） · 案例"
    assert word in results[0]["marks"] and word in results[0]["snippet"]


@NEEDS_CHROMIUM
def test_a_number_with_a_unit_is_found_as_written(visit: Visit, server: str) -> None:
    results = find(visit, server, "3.5万元")
    assert {r["title"] for r in results} == {"党员教师攻关光伏逆变器实训教学，把课堂搬进新能源产业一线", "青年党员教师“一人一方向”成长工作法"}
    for result in results:
        assert "3.5万元" in compact(result["snippet"])
        assert any(compact(m) == "3.5万元" for m in result["marks"])
    assert not any("直播助农" in r["title"] for r in results)  # “35 万元” is another number


@NEEDS_CHROMIUM
def test_a_quoted_phrase_finds_only_pages_that_hold_it(visit: Visit, server: str) -> None:
    quoted = find(visit, server, "“一人一方向”")
    assert [r["title"] for r in quoted] == ["青年党员教师“一人一方向”成长工作法"]
    assert "含有“一人一方向”" in visit.page.inner_text("#sc-search-status")
    assert not visit.page.is_visible("#sc-search-more")  # nothing more to show, no button
    plain = find(visit, server, "一人一方向")
    assert plain[0]["title"] == quoted[0]["title"]
    assert find(visit, server, '"一人一方向进课堂"') == []


@NEEDS_CHROMIUM
def test_a_party_term_never_matches_on_single_characters(visit: Visit, server: str) -> None:
    results = find(visit, server, "三会一课")
    assert len(results) >= 3
    for result in results:  # every page shown holds the term itself, not 研讨会 or 三、建设周期
        assert "三会一课" in result["title"] + result["snippet"], result
        assert "三会一课" in result["marks"] or "三会一课" in result["title"]


@pytest.fixture(scope="module")
def page_texts(built_site: Path) -> dict[str, str]:
    """Each indexed page's address (from the site's root) → its title and body text."""
    found = {}
    for path in (built_site / "search-index" / "pages").glob("*.json"):
        page = json.loads(path.read_text(encoding="utf-8"))
        found[page["u"]] = page["t"] + "\n" + page["x"]
    return found


def text_of(result: dict[str, str], server: str, page_texts: dict[str, str]) -> str:
    return page_texts[result["href"].removeprefix(server)]


@NEEDS_CHROMIUM
def test_the_whole_query_ranks_before_its_words_apart(visit: Visit, server: str, page_texts: dict[str, str]) -> None:
    results = find(visit, server, "思政 课堂")
    together = [compact("思政课堂") in compact(text_of(r, server, page_texts)) for r in results]
    assert together[0] and not all(together), together  # both kinds are found …
    assert together == sorted(together, reverse=True)  # … and the whole words come first


@NEEDS_CHROMIUM
def test_snippets_are_body_text_cut_at_word_boundaries(visit: Visit, server: str, page_texts: dict[str, str]) -> None:
    for query in ("实训室", "换流站", "隐患", "课程思政", "3.5万元"):
        for result in find(visit, server, query):
            snippet = result["snippet"]
            assert not re.search(r"(日期|建设年度|成果形式|对应指标|级别)[.:：]", snippet), snippet  # no facts table
            assert "<" not in snippet and "](" not in snippet and "**" not in snippet, snippet
            inner = snippet.removeprefix("…").removesuffix("…")
            assert inner == inner.strip() and inner, snippet
            text = re.sub(r"\s+", " ", text_of(result, server, page_texts))
            at = text.find(inner)
            assert at >= 0, snippet  # the page's own text, unchanged
            if snippet.startswith("…"):  # cut after punctuation, before an opening mark, or at the match
                assert text[at - 1] in "。！？；：，、 ,;:!?）)”》」" or inner[0] in "（(“《「" or compact(inner).startswith(compact(query)), snippet
            if snippet.endswith("…"):
                assert inner[-1] in "。！？；：，、,;:!?）)”》」" or text[at + len(inner)] in " （(“《「", snippet  # or a line ends
            assert any(compact(query) == compact(m) for m in result["marks"]), result


@NEEDS_CHROMIUM
def test_results_say_what_each_page_is(visit: Visit, server: str) -> None:
    labels = {r["title"]: r["label"] for r in find(visit, server, "双带头人")}
    assert labels.get("创建通知") == "学校文件"
    kinds = {r["label"].rsplit(" · ", 1)[-1] for q in ("实训室", "工作法", "总结") for r in find(visit, server, q)}
    assert kinds <= {"成果", "案例", "工作法", "总结", "工作动态", "荣誉", "媒体报道", "交流报告", "工作室介绍", "学校文件", "建设标准"}
    assert {"成果", "案例", "总结"} <= kinds


@NEEDS_CHROMIUM
def test_more_results_on_request_and_only_what_a_query_needs_is_downloaded(visit: Visit, server: str) -> None:
    fetched: list[str] = []
    visit.page.on("request", lambda request: fetched.append(request.url) if "/search-index/" in request.url else None)
    results = find(visit, server, "党")
    assert len(results) == 10
    visit.page.click("#sc-search-more")
    visit.page.wait_for_function("document.querySelectorAll('#sc-search-results li').length > 10", timeout=20000)
    shards = {u for u in fetched if "/shards/" in u}
    assert len(shards) == 1  # one token, one shard
    assert len({u for u in fetched if "/pages/" in u}) <= 80
