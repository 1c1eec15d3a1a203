"""The site's Chinese full-text search: an index the generator writes, read by search.js.

Both sides cut text the same way (`tokens` here, `tokens` in search.js, kept in step by
tests/test_search.py): overlapping pairs of Chinese characters, each single character,
whole runs of Latin letters and numbers (so 3.5 stays 3.5), and the whole words of a
dictionary of Party-building and vocational-education terms (`search_terms.txt`, which a
school extends with `search_terms:` in site.yml). A word inside a longer word is found
because its pairs are there; nothing depends on a browser's own word segmentation, so
every browser finds the same pages.

The index is static files inside the site (it works from a sub-path and offline):
`index.json` (the shard count, the dictionary, a version), shards holding each token's
pages and counts (a query fetches one shard per token), and one small file per page with
its title, address, label and body text, which the browser fetches for the results it
shows, to confirm an exact phrase and cut the snippet.
"""

from __future__ import annotations

import hashlib
import html
import json
import multiprocessing
import re
import signal
import unicodedata
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from .pages import Page, html_path
from .tree import Tree
from ..errors import ShowcaseError
from ..files import files_below, link_below

INDEX_FOLDER = "search-index"  # inside the site; search.js loads it from there
TERMS_FILE = Path(__file__).with_name("search_terms.txt")
VERSION = 1  # of the index's format; search.js refuses any other
TITLE_WEIGHT = 5  # a token in the title counts as often as five in the text
SHARD_BYTES = 24_000  # about what one shard should weigh
MAX_TEXT = 30_000  # characters of a page's text kept for its snippet

_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_WORD = r"[0-9a-z]+(?:\.[0-9]+)*"
_RUNS = re.compile(rf"([{_HAN}]+)|({_WORD})")
_WORDS = re.compile(_WORD)
_NOT_HAN = re.compile(rf"[^{_HAN}]+")
_FRONT_MATTER = re.compile(r"\A---\n(.*?)\n---\n", re.S)
_MARKDOWN_TARGET = re.compile(r"\]\([^)\s]*\)")
# Block marks at a line's start (headings, quotes, list items), table rules and cell bars, emphasis.
_MARKDOWN_MARKS = re.compile(r"^[ \t]*(?:#{1,6}[ \t]|>[ \t]?|[-*+][ \t]|\d+\.[ \t])|\|[ \t:|-]*\||\*\*|__|\||!?\[|\]", re.M)
_SPACES = re.compile(r"[ \t\u3000]+")
_BLANK_LINES = re.compile(r"\n\s*\n+")


class SearchError(ShowcaseError):
    """A Chinese sentence saying why the search index could not be built."""


def normalize(text: str) -> str:
    """Full-width letters and digits as half-width, capitals as small: what both sides compare."""
    return unicodedata.normalize("NFKC", text).lower()


def tokens(text: str, query: bool = False) -> list[str]:
    """The tokens of `text`, in order. A query asks for pairs only where there are pairs
    (a single character is asked for as itself); the index also holds every character."""
    found: list[str] = []
    for han, word in _RUNS.findall(normalize(text)):
        if word:
            found.append(word)
        elif len(han) == 1:
            found.append(han)
        else:
            found.extend(map(str.__add__, han, han[1:]))
            if not query:
                found.extend(han)
    return found


def index_counts(normalized: str) -> Counter[str]:
    """Counter(tokens(text)) for a normalized text, computed over the whole text at once
    (the index's hot loop): pairs across non-Chinese characters are dropped afterwards."""
    han = _NOT_HAN.sub(" ", normalized)
    counts = Counter(map(str.__add__, han, han[1:]))
    counts.update(han)
    for token in [t for t in counts if " " in t]:
        del counts[token]
    counts.update(_WORDS.findall(normalized))
    return counts


def shard_of(token: str, shards: int) -> int:
    """FNV-1a over the token's UTF-16 code units, as search.js computes it."""
    value = 0x811C9DC5
    data = token.encode("utf-16-le")
    for i in range(0, len(data), 2):
        value = ((value ^ (data[i] | data[i + 1] << 8)) * 0x01000193) & 0xFFFFFFFF
    return value & (shards - 1)


def read_terms(path: Path = TERMS_FILE) -> list[str]:
    """The product's dictionary: one term a line, `#` starts a comment."""
    lines = (line.split("#", 1)[0].strip() for line in path.read_text(encoding="utf-8").splitlines())
    return [line for line in lines if line]


def dictionary(extra: list[str]) -> list[str]:
    """The terms worth a token of their own: three characters or more (pairs are tokens
    anyway), normalized, each once, longest first."""
    terms = {normalize(t).strip() for t in [*read_terms(), *extra]}
    return sorted((t for t in terms if len(t) >= 3), key=lambda t: (-len(t), t))


@dataclass(frozen=True)
class SearchDocument:
    url: str  # the page's address, relative to the site's root
    title: str
    label: str
    text: str  # the page's own text: a body, never its facts table


def markdown_text(page: Page) -> str:
    """A generated page's Markdown as text, for a page with no words of its own (the home page
    of a site with nothing to search yet): link targets and block marks dropped, entities read."""
    text = _FRONT_MATTER.sub("", page.text, count=1)
    return html.unescape(_MARKDOWN_MARKS.sub(" ", _MARKDOWN_TARGET.sub("]", text)))


def tidy(text: str) -> str:
    return _BLANK_LINES.sub("\n", _SPACES.sub(" ", text)).strip()[:MAX_TEXT]


def documents(pages: list[Page]) -> list[SearchDocument]:
    """What the index holds: the searchable pages, or (a site with nothing to search yet)
    its home page, so that search still answers."""
    chosen = [p for p in pages if p.searchable] or [p for p in pages if p.path == "index.md"]
    return [SearchDocument(html_path(p.path), p.title, p.label, tidy(p.search_text or markdown_text(p))) for p in chosen]


def write_index(docs: list[SearchDocument], terms: list[str], tree: Tree, folder: Path) -> int:
    """The index files into `folder` of the tree; returns how many pages it holds."""
    postings: dict[str, list[tuple[int, int]]] = {}
    firsts = term_firsts(terms)
    for number, doc in enumerate(docs):
        for token, n in doc_counts(doc.title, doc.text, firsts).items():
            postings.setdefault(token, []).append((number, n))
    weight = sum(_weight(token, len(found)) for token, found in postings.items())
    shards = _shard_count(weight)
    grouped: list[dict[str, list[int]]] = [{} for _ in range(shards)]
    for token in sorted(postings):  # in a shard, tokens in order: an update of some puts them where a full build would
        grouped[shard_of(token, shards)][token] = _gaps(postings[token])
    texts = [page_text(d) for d in docs]
    shard_texts = [_compact(group) for group in grouped]
    for number, text in enumerate(texts):
        tree.put_text(folder / "pages" / f"{number}.json", text)
    for number, text in enumerate(shard_texts):
        tree.put_text(folder / "shards" / f"{number}.json", text)
    tree.put_text(folder / "index.json", _manifest(len(docs), shards, terms, weight, shard_texts, texts))
    return len(docs)


def update_index(docs: list[SearchDocument], terms: list[str], tree: Tree, folder: Path) -> bool:
    """Bring the index kept in `folder` up to `docs` by rewriting only the shards that hold a
    token of a changed page, and those pages; the files come out as `write_index` would write
    them. False (nothing written) where only a whole index will do: another page list or
    dictionary, many pages changed, or a shard count that the change moves. A page's old
    tokens are those of its old page file."""
    try:
        manifest = json.loads((folder / "index.json").read_text(encoding="utf-8"))
        if (manifest.get("format"), manifest.get("pages"), manifest.get("terms")) != (VERSION, len(docs), terms):
            return False
        shards, weight = manifest["shards"], manifest["weight"]
        texts = [page_text(d) for d in docs]
        old_texts = [(folder / "pages" / f"{n}.json").read_text(encoding="utf-8") for n in range(len(docs))]
        changed = [n for n, (new, old) in enumerate(zip(texts, old_texts)) if new != old]
        if not changed:
            return True
        if len(changed) > max(1, len(docs) // 20):
            return False
        firsts = term_firsts(terms)
        new_counts = {n: doc_counts(docs[n].title, docs[n].text, firsts) for n in changed}
        old_counts = {}
        for n in changed:
            page = json.loads(old_texts[n])
            old_counts[n] = doc_counts(page["t"], page["x"], firsts)
        touched: dict[int, set[str]] = {}
        for n in changed:
            old, new = old_counts[n], new_counts[n]
            for token in old.keys() | new.keys():
                if old.get(token) != new.get(token):
                    touched.setdefault(shard_of(token, shards), set()).add(token)
        shard_paths = [folder / "shards" / f"{number}.json" for number in range(shards)]
        shard_texts = [path.read_text(encoding="utf-8") for path in shard_paths]
        gone = set(changed)
        for number, tokens_here in touched.items():
            group = json.loads(shard_texts[number])
            for token in tokens_here:
                kept = _pairs(group.pop(token, []))
                if kept:
                    weight -= _weight(token, len(kept))
                found = [pair for pair in kept if pair[0] not in gone]
                found += [(n, new_counts[n][token]) for n in changed if token in new_counts[n]]
                if found:
                    group[token] = _gaps(sorted(found))
                    weight += _weight(token, len(found))
            shard_texts[number] = _compact(dict(sorted(group.items())))
    except (OSError, ValueError, KeyError, TypeError, IndexError):
        return False  # a kept index that cannot be read is made again
    if _shard_count(weight) != shards:
        return False
    # Without its manifest the kept index is not trusted: an update cut short is made whole next time.
    (folder / "index.json").unlink()
    for number in touched:
        tree.put_text(shard_paths[number], shard_texts[number])
    for n in changed:
        tree.put_text(folder / "pages" / f"{n}.json", texts[n])
    tree.put_text(folder / "index.json", _manifest(len(docs), shards, terms, weight, shard_texts, texts))
    return True


def term_firsts(terms: list[str]) -> list[tuple[str, str]]:
    """Each dictionary term with its first token (most terms are ruled out by it)."""
    return [(term, cut[0]) for term in terms if (cut := tokens(term, query=True))]


def doc_counts(title: str, text: str, firsts: list[tuple[str, str]]) -> Counter[str]:
    """A page's tokens with their weights: a title's count TITLE_WEIGHT times, dictionary terms whole."""
    title, text = normalize(title), normalize(text)
    counts = index_counts(text)
    for token, n in index_counts(title).items():
        counts[token] += n * TITLE_WEIGHT
    searched = title + "\n" + text
    for term, first in firsts:
        if first in counts and term in searched:
            counts[term] = searched.count(term)
    return counts


def page_text(doc: SearchDocument) -> str:
    return _compact({"u": doc.url, "t": doc.title, "l": doc.label, "x": doc.text})


def _gaps(found: list[tuple[int, int]]) -> list[int]:
    """Page numbers as gaps from the one before, each with its count."""
    flat, previous = [], 0
    for number, n in found:
        flat += (number - previous, n)
        previous = number
    return flat


def _pairs(flat: list[int]) -> list[tuple[int, int]]:
    found, number = [], 0
    for i in range(0, len(flat), 2):
        number += flat[i]
        found.append((number, flat[i + 1]))
    return found


def _weight(token: str, pages: int) -> int:
    """About how many bytes a token's entry adds to its shard."""
    return len(token) * 3 + 6 + 5 * pages


def _manifest(pages: int, shards: int, terms: list[str], weight: int, shard_texts: list[str], texts: list[str]) -> str:
    version = hashlib.sha256("\0".join([*shard_texts, *texts]).encode("utf-8")).hexdigest()[:12]
    return _compact({"format": VERSION, "version": version, "pages": pages, "shards": shards, "terms": terms,
                     "weight": weight})


def _shard_count(weight: int) -> int:
    """A power of two that keeps each shard near SHARD_BYTES."""
    count = 1
    while count * SHARD_BYTES < weight and count < 8192:
        count *= 2
    return count


def _compact(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


class SearchIndexer:
    """`showcase build` writes the index on the second core while the engine builds the
    pages (a forked process), into a folder kept between builds so that only the files that
    changed are rewritten; `finish` links them into the new site. (`serve` writes the index
    into the engine's tree instead, where its server finds it.)"""

    def __init__(self, folder: Path):
        self.folder = folder
        self.process: multiprocessing.process.BaseProcess | None = None
        self.problem: "multiprocessing.connection.Connection | None" = None

    def start(self, docs: list[SearchDocument], terms: list[str]) -> SearchIndexer:
        context = multiprocessing.get_context("fork")
        self.problem, told = context.Pipe(duplex=False)
        self.process = context.Process(target=_index_into, args=(docs, terms, self.folder, told), daemon=True)
        self.process.start()
        told.close()
        return self

    def finish(self, site: Path) -> None:
        """Wait for the index and hard-link it into the built `site`."""
        assert self.process is not None and self.problem is not None
        self.process.join()
        try:
            said = self.problem.recv() if self.problem.poll() else ""
        except EOFError:  # closed without a word: it finished
            said = ""
        if self.process.exitcode != 0 or said:
            raise SearchError(f"搜索索引生成失败：{said or '索引进程意外结束'}。请重新运行；如果仍然失败，请把这段文字发给维护人员。")
        # the kept index's files are replaced, never edited (Tree.put_text): linked, not copied
        link_below(site, files_below(str(self.folder), f"{INDEX_FOLDER}/"))

    def stop(self) -> None:
        if self.process is not None and self.process.is_alive():
            self.process.kill()
            self.process.join()


def _index_into(docs: list[SearchDocument], terms: list[str], folder: Path, told) -> None:
    """The forked process: the index into `folder`, kept as a Tree (files compared, the rest pruned).

    Ctrl+C reaches the whole terminal group: the build decides, and stops this process
    itself, so this one neither dies halfway on its own nor prints a traceback."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    try:
        tree = Tree(folder)
        if not update_index(docs, terms, tree, folder):
            write_index(docs, terms, tree, folder)
            tree.prune()
    except Exception as exc:  # said to the parent, which turns it into a Chinese build error
        told.send(f"{type(exc).__name__}: {exc}")
    finally:
        told.close()

