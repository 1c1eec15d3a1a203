/* Outcome library filters: combine freely, live in the URL, need no server. On a phone they
   fold behind “筛选”, which lists the chosen values; on a wide screen they stay open. */
(function () {
  "use strict";

  function apply(form) {
    var params = new URLSearchParams();
    var wanted = {};
    var chosen = [];
    Array.prototype.forEach.call(form.querySelectorAll("select"), function (select) {
      if (select.value) {
        wanted[select.name] = select.value;
        params.set(select.name, select.value);
        chosen.push(select.options[select.selectedIndex].textContent);
      }
    });
    var said = document.getElementById("sc-chosen");
    if (said) { said.textContent = chosen.length ? chosen.join(" · ") : "未选条件"; }
    var shown = 0;
    document.querySelectorAll(".sc-year").forEach(function (section) {
      var visible = 0;
      section.querySelectorAll("li.sc-item").forEach(function (item) {
        var ok = Object.keys(wanted).every(function (key) {
          var values = (item.getAttribute("data-" + key) || "").split(" ");
          return values.indexOf(wanted[key]) >= 0;
        });
        item.hidden = !ok;
        if (ok) { visible += 1; }
      });
      section.hidden = visible === 0;
      shown += visible;
    });
    var count = document.getElementById("sc-count");
    if (count) { count.textContent = (params.toString() ? "符合条件的成果共 " : "共 ") + shown + " 项" + (params.toString() ? "" : "成果"); }
    var none = document.getElementById("sc-none");
    if (none) { none.hidden = shown !== 0; }
    var query = params.toString();
    var url = window.location.pathname + (query ? "?" + query : "") + window.location.hash;
    try { window.history.replaceState(null, "", url); } catch (error) { /* file:// in some browsers */ }
  }

  function init() {
    var form = document.getElementById("sc-filters");
    if (!form) { return; }
    var box = document.getElementById("sc-filterbox");
    if (box && window.matchMedia("(max-width: 37.4375em)").matches) { box.open = false; }
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    var params = new URLSearchParams(window.location.search);
    Array.prototype.forEach.call(form.querySelectorAll("select"), function (select) {
      var value = params.get(select.name);
      if (value && select.querySelector('option[value="' + value.replace(/"/g, "") + '"]')) { select.value = value; }
      select.addEventListener("change", function () { apply(form); });
    });
    var reset = document.getElementById("sc-filters-reset");
    if (reset) {
      reset.addEventListener("click", function () {
        Array.prototype.forEach.call(form.querySelectorAll("select"), function (select) { select.value = ""; });
        apply(form);
      });
    }
    apply(form);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
