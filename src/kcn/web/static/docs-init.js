// Starts Swagger UI on /docs (a file of its own: the pages allow no inline scripts).
window.addEventListener("load", function () {
  window.ui = SwaggerUIBundle({ url: "/openapi.json", dom_id: "#swagger-ui", deepLinking: true });
});
