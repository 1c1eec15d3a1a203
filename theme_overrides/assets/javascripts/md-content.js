/* Checks the content tab that the URL fragment names, as the theme's inline script does. */
(function () {
  var target = document.getElementById(location.hash.slice(1));
  if (target && target.name) {
    target.checked = target.name.startsWith("__tabbed_");
  }
})();
