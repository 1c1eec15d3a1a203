/* A long page's own 目录 on phones and tablets, where the theme keeps its table of contents in the
   side drawer: the page's second-level headings, as the engine gave them their ids. */
(function () {
  "use strict";

  function build() {
    var box = document.querySelector(".sc-pagetoc");
    if (!box) { return; }
    var list = box.querySelector("ol");
    document.querySelectorAll("article h2[id]").forEach(function (heading) {
      var item = document.createElement("li");
      var link = document.createElement("a");
      link.href = "#" + encodeURIComponent(heading.id);
      link.textContent = heading.textContent.trim();
      item.appendChild(link);
      list.appendChild(item);
    });
    box.hidden = list.children.length < 3;
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", build);
  } else {
    build();
  }
})();
