package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// axeSource returns axe-core, the accessibility rule engine: $AXE_CORE_JS
// when set, else the copy npm installed globally (`npm install -g
// axe-core`, as .ci/run does). Without it the check skips locally and
// fails under CI=true.
func axeSource(t *testing.T) string {
	t.Helper()
	path := os.Getenv("AXE_CORE_JS")
	if path == "" {
		if out, err := exec.Command("npm", "root", "-g").Output(); err == nil {
			path = filepath.Join(strings.TrimSpace(string(out)), "axe-core", "axe.min.js")
		}
	}
	b, err := os.ReadFile(path)
	if err == nil {
		return string(b)
	}
	msg := fmt.Sprintf("axe-core not found (%v): install it with `npm install -g axe-core`, or set AXE_CORE_JS to axe.min.js", err)
	if os.Getenv("CI") == "true" {
		t.Fatal(msg)
	}
	t.Skip(msg)
	return ""
}

// axeViolation is the part of an axe-core result the test reports.
type axeViolation struct {
	ID     string `json:"id"`
	Impact string `json:"impact"`
	Help   string `json:"help"`
	Nodes  []struct {
		Target []any `json:"target"`
	} `json:"nodes"`
}

// testAccessibility runs axe-core's WCAG 2 A and AA rules on each kind of
// page, in the light and the dark theme, and fails on every violation
// axe rates serious or critical: missing labels, low contrast, missing
// alternative text, broken structure.
func testAccessibility(t *testing.T, s *browserSuite) {
	axe := axeSource(t)
	pages := []string{
		"/",
		"/search?q=oil",
		"/search?q=oil&topic=economy&not_actor=OPEC",
		"/search?q=%22unclosed",
		"/search?q=%28oil+AND",
		"/search?q=oil&date=1987-03",
		"/search?q=cocoa",
		"/help",
	}
	// An article page, reached as a reader would: a Reuters story, not one
	// of the later cocoa stories the browser test adds.
	ctx := s.open(t, "/search?q=cocoa&date=1987")
	if href := eval[string](t, ctx, `(document.querySelector(".hit-title a") || {}).getAttribute?.("href") || ""`); href != "" {
		pages = append(pages, href)
	}
	for _, scheme := range []string{"light", "dark"} {
		for _, path := range pages {
			t.Run(scheme+" "+path, func(t *testing.T) {
				// axe is the slowest step of the browser test, and one
				// page's run keeps one core busy: two tabs at a time
				// (go test's -parallel, GOMAXPROCS by default) use both.
				t.Parallel()
				ctx := s.tab(t)
				if _, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
					Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: scheme}},
				}); err != nil {
					t.Fatalf("emulate %s: %v", scheme, err)
				}
				do(t, ctx, "open "+path, chromedp.Navigate(s.srv.base+path))
				// DevTools evaluation is not bound by the page's
				// Content-Security-Policy, so axe can be injected.
				eval[bool](t, ctx, axe+"\n;true")
				vs, err := chromedp.Run(ctx, chromedp.Evaluate[[]axeViolation](
					`axe.run(document, {runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}).then(r => r.violations)`,
					chromedp.EvalAwaitPromise))
				if err != nil {
					t.Fatalf("axe.run: %v", err)
				}
				for _, v := range vs {
					if v.Impact != "serious" && v.Impact != "critical" {
						continue
					}
					var where []string
					for _, n := range v.Nodes[:min(len(v.Nodes), 3)] {
						where = append(where, fmt.Sprint(n.Target...))
					}
					t.Errorf("%s (%s): %s, %d places, e.g. %s", v.ID, v.Impact, v.Help, len(v.Nodes), strings.Join(where, "; "))
				}
			})
		}
	}
}
