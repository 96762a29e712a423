package web

import (
	_ "embed"
	"net/http"

	"github.com/labstack/echo/v4"
)

// openAPIPath is where the OpenAPI document is served.
const openAPIPath = "/api/openapi.json"

// openAPIDocument is the OpenAPI 3.1 description of every route, kept as
// a file so that it reads as the document it is; TestOpenAPIResponses
// checks it against the server's answers.
//
//go:embed openapi.json
var openAPIDocument []byte

// apiOpenAPI answers GET /api/openapi.json (openAPIPath).
func (s *Server) apiOpenAPI(c echo.Context) error {
	c.Response().Header().Set(echo.HeaderCacheControl, "public, max-age=3600")
	return c.Blob(http.StatusOK, echo.MIMEApplicationJSON, openAPIDocument)
}
