/* Full-text search on the search page, over the Pagefind index built beside the site
   (pagefind/ at the site's root). Loaded on every page; does nothing elsewhere.
   Results are written as text nodes (and Pagefind's <mark> highlights only), never as HTML. */
(function () {
  "use strict";
  var form = document.getElementById("sc-search");
  if (!form) return;
  var input = form.querySelector("input[name=q]");
  var status = document.getElementById("sc-search-status");
  var list = document.getElementById("sc-search-results");
  var config = JSON.parse(document.getElementById("__config").textContent);
  var root = new URL(config.base.replace(/\/?$/, "/"), location.href);
  var engine = null;
  var latest = 0;
  var SHOWN = 30;

  function load() {
    if (!engine) {
      engine = import(new URL("pagefind/pagefind.js", root).href).then(function (pagefind) {
        return pagefind.options({ excerptLength: 60 }).then(function () { return pagefind; });
      });
    }
    return engine;
  }

  /* Pagefind's excerpt is HTML with <mark> around the words found: keep those, drop the rest. */
  function excerpt(html) {
    var fragment = document.createDocumentFragment();
    var parsed = new DOMParser().parseFromString("<body>" + html + "</body>", "text/html").body;
    parsed.childNodes.forEach(function (node) {
      if (node.nodeName === "MARK") {
        var mark = document.createElement("mark");
        mark.textContent = node.textContent;
        fragment.appendChild(mark);
      } else {
        fragment.appendChild(document.createTextNode(node.textContent));
      }
    });
    return fragment;
  }

  function show(results, total, query) {
    list.textContent = "";
    results.forEach(function (data) {
      var item = document.createElement("li");
      var link = document.createElement("a");
      link.href = data.url;
      link.textContent = (data.meta && data.meta.title) || data.url;
      item.appendChild(link);
      if (data.meta && data.meta.label) {
        var label = document.createElement("span");
        label.className = "sc-search__label";
        label.textContent = data.meta.label;
        item.appendChild(label);
      }
      var text = document.createElement("p");
      text.appendChild(excerpt(data.excerpt || ""));
      item.appendChild(text);
      list.appendChild(item);
    });
    if (!total) status.textContent = "没有找到与“" + query + "”相关的内容，请换个词语试试。";
    else if (total > results.length) status.textContent = "找到 " + total + " 个相关页面，下面是最相关的 " + results.length + " 个。";
    else status.textContent = "找到 " + total + " 个相关页面。";
  }

  function run() {
    var query = input.value.trim();
    var ticket = ++latest;
    var url = new URL(location.href);
    if (query) url.searchParams.set("q", query); else url.searchParams.delete("q");
    history.replaceState(null, "", url);
    if (!query) {
      list.textContent = "";
      status.textContent = "请输入要查找的词语。";
      return;
    }
    status.textContent = "正在搜索……";
    load().then(function (pagefind) {
      return pagefind.search(query).then(function (search) {
        var found = search.results.slice(0, SHOWN);
        return Promise.all(found.map(function (r) { return r.data(); })).then(function (data) {
          if (ticket === latest) show(data, search.results.length, query);
        });
      });
    }).catch(function () {
      if (ticket !== latest) return;
      list.textContent = "";
      status.textContent = "无法加载搜索索引。请通过网站地址访问本站（直接打开本机上的网页文件时，浏览器不允许搜索；用 showcase serve 预览时也不提供搜索）。";
    });
  }

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
