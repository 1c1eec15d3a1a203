/* A table wider than the screen scrolls sideways: it can then take the keyboard's focus
   (arrow keys scroll it) and says so to a screen reader; one that fits stays out of the tab order. */
(function () {
  "use strict";

  function mark() {
    document.querySelectorAll(".md-typeset__scrollwrap").forEach(function (wrap) {
      if (wrap.scrollWidth > wrap.clientWidth + 1) {
        wrap.setAttribute("tabindex", "0");
        wrap.setAttribute("role", "region");
        wrap.setAttribute("aria-label", "表格（可左右滑动查看）");
      } else {
        ["tabindex", "role", "aria-label"].forEach(function (name) { wrap.removeAttribute(name); });
      }
    });
  }

  window.addEventListener("load", mark);
  window.addEventListener("resize", mark);
})();
