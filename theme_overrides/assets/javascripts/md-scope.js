/* The storage helpers mkdocs-material expects as globals (__md_scope, __md_hash,
 * __md_get, __md_set). The theme writes them as an inline script; this file does
 * the same from the site's own origin so that script-src 'self' is enough. */
(function () {
  var script = document.currentScript;
  var scope = new URL((script && script.dataset.scope) || ".", location);
  window.__md_scope = scope;
  window.__md_hash = function (text) {
    return Array.from(text).reduce(function (hash, ch) {
      return (hash << 5) - hash + ch.charCodeAt(0);
    }, 0);
  };
  window.__md_get = function (key, storage, base) {
    storage = storage || localStorage;
    base = base || window.__md_scope;
    return JSON.parse(storage.getItem(base.pathname + "." + key));
  };
  window.__md_set = function (key, value, storage, base) {
    storage = storage || localStorage;
    base = base || window.__md_scope;
    try {
      storage.setItem(base.pathname + "." + key, JSON.stringify(value));
    } catch (e) {
      /* storage full or disabled: the theme works without it */
    }
  };
})();
