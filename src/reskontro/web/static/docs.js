// Starts Swagger UI or ReDoc on the API documentation pages (no inline script: the
// Content-Security-Policy forbids it). Both libraries come from the package, not a CDN.
"use strict";
(function () {
  const swagger = document.getElementById("swagger-ui");
  if (swagger && window.SwaggerUIBundle) {
    window.SwaggerUIBundle({
      url: swagger.dataset.openapi,
      dom_id: "#swagger-ui",
      layout: "BaseLayout",
      deepLinking: true,
      presets: [window.SwaggerUIBundle.presets.apis],
    });
  }
  const redoc = document.getElementById("redoc");
  if (redoc && window.Redoc) window.Redoc.init(redoc.dataset.openapi, {}, redoc);
})();
