/* Full-text search on the search page, over the index the generator writes into the site
   (search-index/, see generator/site/search.py). Loaded on every page; does nothing elsewhere.
   Text is cut into tokens exactly as the index was (pairs of Chinese characters, runs of
   Latin letters and numbers), so every browser finds the same pages; no word segmenter of
   the browser is used. Results are written as text nodes and <mark>s, never as HTML. */
(function () {
  "use strict";
  var HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff";
  var RUNS = new RegExp("([" + HAN + "]+)|([0-9a-z]+(?:\\.[0-9]+)*)", "g");

  function normalize(text) {
    return (text.normalize ? text.normalize("NFKC") : text).toLowerCase();
  }

  /* The same tokens as search.py's tokens(text, query=True). */
  function tokens(text) {
    var found = [], match;
    RUNS.lastIndex = 0;
    while ((match = RUNS.exec(normalize(text)))) {
      if (match[2]) found.push(match[2]);
      else if (match[1].length === 1) found.push(match[1]);
      else for (var i = 0; i + 1 < match[1].length; i++) found.push(match[1].substr(i, 2));
    }
    return found;
  }

  function shardOf(token, count) {
    var value = 0x811c9dc5;
    for (var i = 0; i < token.length; i++) {
      value = Math.imul(value ^ token.charCodeAt(i), 0x01000193) >>> 0;
    }
    return value & (count - 1);
  }

  // the cutting, for the tests that hold it to search.py's
  window.showcaseSearchText = { normalize: normalize, tokens: tokens, shardOf: shardOf };

  var form = document.getElementById("sc-search");
  if (!form) return;
  var input = form.querySelector("input[name=q]");
  var status = document.getElementById("sc-search-status");
  var list = document.getElementById("sc-search-results");
  var more = document.getElementById("sc-search-more");
  var config = JSON.parse(document.getElementById("__config").textContent);
  var root = new URL(config.base.replace(/\/?$/, "/") + "search-index/", location.href);
  var FORMAT = 1;
  var SHOWN = 10;       // results shown at a time
  var CHECKED = 40;     // pages read at most to fill one screen of results
  var QUOTED = /["\u201c\u300c\u300e]([^"\u201d\u300d\u300f]*)["\u201d\u300d\u300f]?/g;
  var ENDS = /[\u3002\uff01\uff1f\uff1b\uff1a\uff0c\u3001\n,;:!?\uff09)\u201d\u300b\u300d]/;  // a snippet is cut after these
  var OPENS = /[\uff08(\u201c\u300a\u300c]/;  // and before these
  var manifest = null;
  var shards = {};
  var pages = {};
  var latest = 0;
  var state = null;

  function fetchJson(path, fresh) {
    var url = new URL(path, root);
    if (!fresh) url.searchParams.set("v", manifest.version);
    return fetch(url.href, fresh ? { cache: "no-cache" } : {}).then(function (response) {
      if (!response.ok) throw new Error(response.status);
      return response.json();
    });
  }

  function load() {
    if (!manifest) {
      manifest = fetchJson("index.json", true).then(function (data) {
        if (data.format !== FORMAT) throw new Error("format");
        manifest = data;
        return data;
      }, function (error) { manifest = null; throw error; });
    }
    return Promise.resolve(manifest);
  }

  function shard(number) {
    if (!shards[number]) shards[number] = fetchJson("shards/" + number + ".json");
    return shards[number];
  }

  function page(number) {
    if (!pages[number]) pages[number] = fetchJson("pages/" + number + ".json");
    return pages[number];
  }

  /* Each token's pages with its counts, as {page: count}. */
  function postings(wanted) {
    var unique = wanted.filter(function (t, i) { return wanted.indexOf(t) === i; });
    return Promise.all(unique.map(function (token) {
      return shard(shardOf(token, manifest.shards)).then(function (data) {
        var flat = data[token] || [], found = {}, number = 0;
        for (var i = 0; i < flat.length; i += 2) {
          number += flat[i];
          found[number] = flat[i + 1];
        }
        return { token: token, found: found, count: flat.length / 2 };
      });
    }));
  }

  function compact(text) {
    return normalize(text).replace(/\s+/g, "");
  }

  /* What the query asks for: quoted phrases (which must appear as written), other words, and the whole. */
  function parse(query) {
    var phrases = [], words;
    var rest = query.replace(QUOTED, function (all, phrase) {
      if (phrase.trim()) phrases.push(phrase.trim());
      return " ";
    });
    words = rest.split(/\s+/).filter(function (w) { return tokens(w).length; });
    phrases = phrases.filter(function (p) { return tokens(p).length; });
    return {
      phrases: phrases, words: words, terms: phrases.concat(words).map(compact),
      whole: compact(query.replace(QUOTED, "$1")),
    };
  }

  /* A text compared without spaces and as `normalize` reads it, each character remembering where it was. */
  function prepare(text) {
    var chars = [], at = [];
    for (var i = 0; i < text.length; i++) {
      var unit = text.charAt(i);
      var code = text.charCodeAt(i);
      if (code >= 0xd800 && code < 0xdc00 && i + 1 < text.length) unit += text.charAt(i + 1);
      var read = normalize(unit).replace(/\s+/g, "");
      for (var j = 0; j < read.length; j++) { chars.push(read.charAt(j)); at.push(i); }
      i += unit.length - 1;
    }
    return { text: chars.join(""), at: at };
  }

  function rank(query, candidates) {
    var whole = query.whole;
    candidates.forEach(function (c) {
      var seen = compact(c.data.t + "\n" + c.data.x);
      var every = query.terms.every(function (t) { return seen.indexOf(t) >= 0; });
      c.tier = every && query.terms.length > 1 && seen.indexOf(whole) >= 0 ? 2 : every ? 1 : 0;
      c.exactPhrases = query.phrases.every(function (p) { return seen.indexOf(compact(p)) >= 0; });
    });
  }

  function search(query) {
    var asked = parse(query);
    var required = [];
    asked.phrases.concat(asked.words).forEach(function (t) { required = required.concat(tokens(t)); });
    var bonus = manifest.terms.filter(function (term) {
      return asked.terms.some(function (t) { return t.indexOf(term) >= 0; });
    });
    return postings(required.concat(bonus)).then(function (lists) {
      var by = {};
      lists.forEach(function (l) { by[l.token] = l; });
      var needed = required.filter(function (t, i) { return required.indexOf(t) === i; }).map(function (t) { return by[t]; });
      needed.sort(function (a, b) { return a.count - b.count; });
      var found = [];
      if (needed.length && needed[0].count) {
        Object.keys(needed[0].found).forEach(function (number) {
          if (!needed.every(function (l) { return l.found[number]; })) return;
          var score = 0;
          needed.concat(bonus.map(function (t) { return by[t]; })).forEach(function (l, i) {
            var n = l.found[number];
            if (!n) return;
            var weight = Math.log(1 + manifest.pages / l.count) * n / (n + 1.5);
            score += i < needed.length ? weight : 2 * weight;
          });
          found.push({ page: Number(number), score: score });
        });
      }
      found.sort(function (a, b) { return b.score - a.score || a.page - b.page; });
      return { asked: asked, candidates: found, checked: 0, shown: [] };
    });
  }

  /* Read the next pages in score order until a screenful of results is sure (or none is left). */
  function fill(current) {
    var batch = [], good = 0, limit = current.checked + CHECKED;
    function step() {
      if (good >= SHOWN || current.checked >= limit || current.checked >= current.candidates.length) {
        rank(current.asked, batch);
        var kept = batch.filter(function (c) { return c.exactPhrases; });
        kept.sort(function (a, b) { return b.tier - a.tier || b.score - a.score; });
        current.shown = current.shown.concat(kept);
        return current;
      }
      var next = current.candidates.slice(current.checked, Math.min(current.checked + SHOWN, limit));
      current.checked += next.length;
      return Promise.all(next.map(function (c) {
        return page(c.page).then(function (data) { c.data = data; return c; });
      })).then(function (read) {
        rank(current.asked, read);
        read.forEach(function (c) { batch.push(c); if (c.tier > 0 && c.exactPhrases) good++; });
        return step();
      });
    }
    return Promise.resolve(step());
  }

  function occurrences(haystack, needles, from, to) {
    var spans = [];
    needles.forEach(function (needle) {
      if (!needle) return;
      var at = haystack.indexOf(needle, from);
      while (at >= 0 && at < to) {
        spans.push([at, at + needle.length]);
        at = haystack.indexOf(needle, at + needle.length);
      }
    });
    spans.sort(function (a, b) { return a[0] - b[0]; });
    return spans;
  }

  /* A piece of the body around the first match, cut where a sentence or phrase ends, the matches marked. */
  function snippet(text, asked) {
    var read = prepare(text);
    var needles = asked.terms.slice().sort(function (a, b) { return b.length - a.length; });
    var first = occurrences(read.text, needles, 0, read.text.length)[0];
    if (!first) {
      needles = [];
      asked.terms.forEach(function (t) { needles = needles.concat(tokens(t)); });
      first = occurrences(read.text, needles, 0, read.text.length)[0] || [0, 0];
    }
    var hit = read.at.length ? read.at[Math.min(first[0], read.at.length - 1)] : 0;
    var start = Math.max(0, hit - 24);
    if (start > 0) {
      var cut = -1;
      for (var i = hit; i >= start; i--) {
        if (i < hit && ENDS.test(text.charAt(i))) { cut = i + 1; break; }
        if (OPENS.test(text.charAt(i))) { cut = i; break; }
      }
      start = cut >= 0 ? cut : hit;
    }
    var end = Math.min(text.length, start + 90);
    if (end < text.length) {
      var stop = -1;
      for (var k = end; k < Math.min(text.length, end + 40); k++) {
        if (ENDS.test(text.charAt(k))) { stop = k + 1; break; }
        if (OPENS.test(text.charAt(k))) { stop = k; break; }
      }
      for (var b = end - 1; stop < 0 && b > hit; b--) if (ENDS.test(text.charAt(b))) { stop = b + 1; break; }
      end = stop > 0 ? stop : end;
    }
    while (start < end && /\s/.test(text.charAt(start))) start++;
    while (end > start && /\s/.test(text.charAt(end - 1))) end--;
    var fragment = document.createDocumentFragment();
    var from = 0, to = read.at.length;
    while (from < read.at.length && read.at[from] < start) from++;
    while (to > from && read.at[to - 1] >= end) to--;
    var spans = occurrences(read.text, needles, from, to);
    var position = start;
    if (start > 0) fragment.appendChild(document.createTextNode("…"));
    spans.forEach(function (span) {
      var a = read.at[span[0]], z = read.at[span[1] - 1] + 1;
      if (a < position || z > end) return;
      fragment.appendChild(document.createTextNode(text.slice(position, a).replace(/\s+/g, " ")));
      var mark = document.createElement("mark");
      mark.textContent = text.slice(a, z);
      fragment.appendChild(mark);
      position = z;
    });
    fragment.appendChild(document.createTextNode(text.slice(position, end).replace(/\s+/g, " ") + (end < text.length ? "…" : "")));
    return fragment;
  }

  function show(current, query) {
    list.textContent = "";
    current.shown.forEach(function (c) {
      var item = document.createElement("li");
      var link = document.createElement("a");
      link.href = new URL(c.data.u, new URL(config.base.replace(/\/?$/, "/"), location.href)).href;
      link.textContent = c.data.t || c.data.u;
      item.appendChild(link);
      if (c.data.l) {
        var label = document.createElement("span");
        label.className = "sc-search__label";
        label.textContent = c.data.l;
        item.appendChild(label);
      }
      var text = document.createElement("p");
      text.appendChild(snippet(c.data.x, current.asked));
      item.appendChild(text);
      list.appendChild(item);
    });
    var left = current.candidates.length - current.checked;
    if (more) more.hidden = left <= 0;
    var total = current.shown.length + left;
    if (!current.shown.length && !left) status.textContent = "没有找到与“" + query + "”相关的内容，请换个词语试试。";
    else if (current.asked.phrases.length) status.textContent = "找到 " + current.shown.length + " 个含有“" + current.asked.phrases.join("”“") + "”的页面" + (left > 0 ? "，还有 " + left + " 个页面可以继续核对。" : "。");
    else if (left > 0) status.textContent = "找到约 " + total + " 个相关页面，下面是最相关的 " + current.shown.length + " 个。";
    else status.textContent = "找到 " + total + " 个相关页面。";
  }

  function failed(ticket) {
    if (ticket !== latest) return;
    list.textContent = "";
    if (more) more.hidden = true;
    status.textContent = "无法加载搜索索引。请通过网站地址访问本站（直接打开本机上的网页文件时，浏览器不允许搜索）。";
  }

  function run() {
    var query = input.value.trim();
    var ticket = ++latest;
    var url = new URL(location.href);
    if (query) url.searchParams.set("q", query); else url.searchParams.delete("q");
    history.replaceState(null, "", url);
    state = null;
    if (more) more.hidden = true;
    if (!query || !tokens(query).length) {
      list.textContent = "";
      status.textContent = "请输入要查找的词语。";
      return;
    }
    status.textContent = "正在搜索……";
    load().then(function () { return search(query); }).then(fill).then(function (current) {
      if (ticket !== latest) return;
      state = current;
      show(current, query);
    }).catch(function () { failed(ticket); });
  }

  if (more) more.addEventListener("click", function () {
    if (!state) return;
    var ticket = latest, current = state;
    status.textContent = "正在搜索……";
    fill(current).then(function () { if (ticket === latest) show(current, input.value.trim()); })
      .catch(function () { failed(ticket); });
  });
  var timer = null;
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(run, 250);
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    clearTimeout(timer);
    run();
  });
  var asked = new URL(location.href).searchParams.get("q");
  if (asked && !input.value) input.value = asked;  // keep what was typed before this script ran
  if (input.value) run();
  else status.textContent = "请输入要查找的词语。";
  input.focus();
})();
