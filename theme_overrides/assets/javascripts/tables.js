/* A table wider than the screen scrolls sideways: it says so above it (“左右滑动”), can then take
   the keyboard's focus (arrow keys scroll it) and names itself to a screen reader; one that fits
   stays out of the tab order and says nothing. */
(function () {
  "use strict";

  function mark() {
    document.querySelectorAll(".md-typeset__scrollwrap").forEach(function (wrap) {
      var hint = wrap.previousElementSibling;
      if (!hint || !hint.classList.contains("sc-scroll-hint")) {
        hint = document.createElement("p");
        hint.className = "sc-scroll-hint";
        hint.setAttribute("aria-hidden", "true");
        hint.textContent = "表格较宽，可左右滑动查看 →";
        wrap.parentNode.insertBefore(hint, wrap);
      }
      var wide = wrap.scrollWidth > wrap.clientWidth + 1;
      hint.hidden = !wide;
      if (wide) {
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
