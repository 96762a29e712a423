// Package apidoc holds the tests that keep the API's OpenAPI document
// (web/openapi.json, served at /api/openapi.json) true to the server's
// real answers. They live apart from package web so that web's own test
// binary, which go test -fuzz builds with coverage instrumentation, does
// not compile the OpenAPI validator and its dependencies, minutes of
// work on two cores.
package apidoc
