/* A minimal lightbox: a click (or Enter) on a picture shows its display size over the page, as a
   dialog that takes the focus, closes with Esc, its button or a click, and gives the focus back.
   Without script the link simply opens the picture. */
(function () {
  "use strict";

  document.addEventListener("click", function (event) {
    var link = event.target.closest ? event.target.closest("a.sc-zoom") : null;
    if (!link || event.ctrlKey || event.metaKey || event.shiftKey) { return; }
    event.preventDefault();
    var box = document.createElement("div");
    box.className = "sc-lightbox";
    box.setAttribute("role", "dialog");
    box.setAttribute("aria-modal", "true");
    box.setAttribute("aria-label", "查看大图");
    var image = document.createElement("img");
    image.src = link.getAttribute("href");
    var inner = link.querySelector("img");
    image.alt = inner ? inner.alt : "";
    var button = document.createElement("button");
    button.type = "button";
    button.className = "sc-lightbox__close";
    button.textContent = "关闭";
    box.appendChild(image);
    box.appendChild(button);

    function onKey(key) {
      if (key.key === "Escape") { close(); }
      if (key.key === "Tab") { key.preventDefault(); button.focus(); }  // the dialog's one control keeps the focus
    }
    function close() {
      box.remove();
      document.body.style.overflow = "";
      document.removeEventListener("keydown", onKey);
      link.focus();
    }
    box.addEventListener("click", close);
    document.addEventListener("keydown", onKey);
    document.body.appendChild(box);
    document.body.style.overflow = "hidden";
    button.focus();
  });
})();
