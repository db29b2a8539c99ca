// The API documentation page has one main landmark, the site's: Swagger UI's own becomes a
// named region (its label is the page's, in the visitor's language). A file, not an inline
// script, so the Content-Security-Policy allows scripts from the site only.
(function () {
  var root = document.getElementById("swagger-ui");
  if (!root) return;
  var label = root.getAttribute("data-region-label");
  new MutationObserver(function () {
    root.querySelectorAll("main, [role=main]").forEach(function (el) {
      el.setAttribute("role", "region");
      el.setAttribute("aria-label", label);
    });
  }).observe(root, {childList: true, subtree: true});
})();
