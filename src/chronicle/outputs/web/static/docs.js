// The API's interactive docs: Swagger UI from the installed fastapi-offline package, started from this file
// (the pages allow no inline script).
window.addEventListener("load", function () {
  SwaggerUIBundle({ url: "/openapi.json", dom_id: "#swagger-ui", deepLinking: true });
});
