// Maillage: the site's only script of its own (the CSP is script-src 'self',
// so no inline script anywhere). Load it with
//   <script src="/static/maillage.js?v=…" defer></script>
// It works the same as a classic script or as type="module".
(function () {
  "use strict";

  // Every htmx request carries the CSRF token of the page, read from
  // <meta name="csrf-token" content="…"> at request time (so a token swapped
  // in by htmx is picked up too).
  document.addEventListener("htmx:configRequest", function (event) {
    var meta = document.querySelector('meta[name="csrf-token"]');
    var token = meta && meta.getAttribute("content");
    if (token) {
      event.detail.headers["X-CSRF-Token"] = token;
    }
  });
})();
