/* A minimal lightbox: a click on a picture shows its display size over the page.
   Without script the link simply opens the picture. */
(function () {
  "use strict";

  function close(box) {
    box.remove();
    document.body.style.overflow = "";
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest ? event.target.closest("a.sc-zoom") : null;
    if (!link || event.ctrlKey || event.metaKey || event.shiftKey) { return; }
    event.preventDefault();
    var box = document.createElement("div");
    box.className = "sc-lightbox";
    box.setAttribute("role", "dialog");
    box.setAttribute("aria-label", "大图");
    var image = document.createElement("img");
    image.src = link.getAttribute("href");
    var inner = link.querySelector("img");
    image.alt = inner ? inner.alt : "";
    box.appendChild(image);
    box.addEventListener("click", function () { close(box); });
    document.addEventListener("keydown", function onKey(key) {
      if (key.key === "Escape") { close(box); document.removeEventListener("keydown", onKey); }
    });
    document.body.appendChild(box);
    document.body.style.overflow = "hidden";
  });
})();
