package main

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// The selectors the pages promise to keep; the tests hold them to it.
const (
	selQuery       = "form[role=search] input#q[name=q]"
	selSubmit      = "form[role=search] button[type=submit]"
	selTotal       = "[data-testid=total]"
	selHit         = "ol.hits > li.hit"
	selHitTitle    = "ol.hits > li.hit .hit-title a"
	selActorValue  = "a.facet-value[data-facet=actor]"
	selTopicValue  = "a.facet-value[data-facet=topic]"
	selSourceValue = "a.facet-value[data-facet=source]"
	selSourceExcl  = "a.facet-exclude[data-facet=source]"
	selChip        = "ul.chips li.chip"
	selBar         = "svg.histogram a.bar"
	selActorExcl   = "a.facet-exclude[data-facet=actor]"
	selTopActor    = "ol.top-actors li a"
	selArticleMark = "article .body mark"
	selParagraph   = "article .body p[id^=p]"
	selRelated     = "section.related li a"
	selSuggestion  = "#suggestions [role=option]"
)

// stepTimeout bounds one wait for the page; a local search answers in
// milliseconds, so this only decides how long a broken page takes to fail.
const stepTimeout = 15 * time.Second

// browserSuite is what every browser subtest shares: one server over one
// imported archive, and one running Chromium.
type browserSuite struct {
	srv     *server
	browser context.Context // a chromedp context whose browser is running
	shots   string          // folder for screenshots; "" saves none
}

// TestBrowser drives headless Chromium against the real binary serving the
// Reuters-21578 and BBC corpora, the way a reader uses the pages: search,
// drill down through facets and the chart, read an article, use the back
// button, the keyboard and the suggestions, and all of it with JavaScript
// off as far as plain links go.
func TestBrowser(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test imports the full corpora; skipped with -short")
	}
	chrome := chromiumPath(t)
	bin := buildBinary(t)
	archive := sharedCorpora(t)

	s := &browserSuite{
		srv:     startServer(t, bin, archive.data),
		browser: startBrowser(t, chrome),
		shots:   os.Getenv("NEWSARCHIVE_SCREENSHOTS"),
	}
	if s.shots != "" {
		if err := os.MkdirAll(s.shots, 0o755); err != nil {
			t.Fatalf("screenshot folder: %v", err)
		}
	}

	tests := []struct {
		name string
		run  func(*testing.T, *browserSuite)
	}{
		{"search highlights the query", testSearch},
		{"drill-down, chips and back", testDrillDown},
		{"chart bar narrows the dates", testChart},
		{"exclude link and top actors", testExcludeAndTopActors},
		{"source drill-down and exclusion", testSourceFacet},
		{"article and related article", testArticle},
		{"suggestions while typing", testSuggestions},
		{"slash focuses the search box", testSlashKey},
		{"without JavaScript", testNoScript},
		{"chart of a month and of a sparse span", testChartShapes},
		{"bad query names its problems", testBadQuery},
		{"phone width and dark theme", testLayouts},
		{"accessibility", testAccessibility},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { tt.run(t, s) })
	}
}

// writeLaterCocoa writes three cocoa stories of 2021 and 2022 as JSON
// Lines, so that cocoa, otherwise a 1987 story, spans thirty-odd empty
// years: the sparse span the chart must keep readable.
func writeLaterCocoa(t *testing.T) string {
	t.Helper()
	lines := []string{
		`{"id": "later-cocoa-1", "title": "Cocoa prices climb as West African harvest shrinks", "body": "Cocoa futures rose for a third week as rains cut the harvest in Ghana and Ivory Coast.", "published": "2021-09-14T10:00:00Z", "source": "Wire"}`,
		`{"id": "later-cocoa-2", "title": "Chocolate makers warn of cocoa costs", "body": "Chocolate makers said cocoa costs would lift prices next year.", "published": "2021-11-02T10:00:00Z", "source": "Wire"}`,
		`{"id": "later-cocoa-3", "title": "Cocoa grinding falls in Europe", "body": "Cocoa grinding in Europe fell in the first quarter, the industry association said.", "published": "2022-04-12T10:00:00Z", "source": "Wire"}`,
	}
	path := filepath.Join(t.TempDir(), "later-cocoa.jsonl")
	if err := os.WriteFile(path, []byte(strings.Join(lines, "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// chromiumPath finds the browser: $CHROMIUM when set, else chromium on PATH.
// Without one the test skips with how to install it, except under CI=true,
// where a skip would hide that the browser tests never ran.
func chromiumPath(t *testing.T) string {
	t.Helper()
	name := "chromium"
	if env := os.Getenv("CHROMIUM"); env != "" {
		name = env
	}
	path, err := exec.LookPath(name)
	if err == nil {
		return path
	}
	msg := fmt.Sprintf("Chromium not found (%v): install it with `apt-get install -y chromium`, or set CHROMIUM to its path", err)
	if os.Getenv("CI") == "true" {
		t.Fatal(msg)
	}
	t.Skip(msg)
	return ""
}

// startBrowser starts headless Chromium with a fresh profile and returns a
// context that new tabs derive from.
func startBrowser(t *testing.T, chrome string) context.Context {
	t.Helper()
	profile := t.TempDir()
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(),
		chromedp.ExecPath(chrome),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		// Without the back/forward cache, back reloads the page from its
		// URL: that is what the drill-down's back test means to check (state
		// lives in the URL), and a restore from the cache fires no load
		// event for chromedp.NavigateBack to wait on.
		chromedp.Flag("disable-features", "BackForwardCache"),
		chromedp.UserDataDir(profile),
		chromedp.WindowSize(1280, 900),
	)
	ctx, cancel := chromedp.NewContext(allocCtx)
	// The first run starts the browser and binds it to ctx, which must
	// therefore carry no deadline.
	if err := chromedp.Do(ctx); err != nil {
		cancel()
		cancelAlloc()
		t.Fatalf("start %s: %v", chrome, err)
	}
	t.Cleanup(func() {
		cancel()
		cancelAlloc()
	})
	return ctx
}

// tab opens a new tab and fails the test, when it ends, on any uncaught
// JavaScript exception the pages threw.
func (s *browserSuite) tab(t *testing.T, opts ...chromedp.ContextOption) context.Context {
	t.Helper()
	var (
		mu         sync.Mutex
		exceptions []string
	)
	opts = append(opts, chromedp.WithListener(func(ev any) {
		if e, ok := ev.(*runtime.EventExceptionThrown); ok {
			mu.Lock()
			exceptions = append(exceptions, describeException(e.ExceptionDetails))
			mu.Unlock()
		}
	}))
	ctx, cancel := chromedp.NewContext(s.browser, opts...)
	if err := chromedp.Do(ctx); err != nil {
		cancel()
		t.Fatalf("open tab: %v", err)
	}
	t.Cleanup(func() {
		mu.Lock()
		defer mu.Unlock()
		for _, e := range exceptions {
			t.Errorf("uncaught JavaScript exception: %s", e)
		}
		cancel()
	})
	ctx, cancelTimeout := context.WithTimeout(ctx, 2*time.Minute)
	t.Cleanup(cancelTimeout)
	return ctx
}

// describeException is an exception in one line, with where it was thrown.
func describeException(d *runtime.ExceptionDetails) string {
	if d == nil {
		return "(no details)"
	}
	msg := d.Text
	if d.Exception != nil && d.Exception.Description != "" {
		msg += " " + d.Exception.Description
	}
	return fmt.Sprintf("%s at %s:%d:%d", msg, d.URL, d.LineNumber+1, d.ColumnNumber+1)
}

// open opens path of the server in a new tab.
func (s *browserSuite) open(t *testing.T, path string, opts ...chromedp.ContextOption) context.Context {
	t.Helper()
	ctx := s.tab(t, opts...)
	do(t, ctx, "open "+path, chromedp.Navigate(s.srv.base+path))
	return ctx
}

// do runs actions and fails the test with what was being done. A step that
// waits for an element the page lacks fails after stepTimeout.
func do(t *testing.T, ctx context.Context, what string, actions ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	ctx, cancel := context.WithTimeout(ctx, stepTimeout)
	defer cancel()
	if err := chromedp.Do(ctx, actions...); err != nil {
		t.Fatalf("%s: %v", what, err)
	}
}

// eval evaluates a JavaScript expression in the page.
func eval[T any](t *testing.T, ctx context.Context, expr string) T {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](expr))
	if err != nil {
		t.Fatalf("evaluate %s: %v", expr, err)
	}
	return v
}

// waitFor evaluates cond until it holds and returns the browser's clock
// (milliseconds since the epoch, as performance.timeOrigin + now()) at the
// moment it did. It polls from Go rather than with chromedp.Poll because a
// click that loads a new page destroys an in-page poll; errors while a page
// is being replaced are expected and retried.
func waitFor(t *testing.T, ctx context.Context, what, cond string) float64 {
	t.Helper()
	expr := `(() => { try { if (` + cond + `) return performance.timeOrigin + performance.now(); } catch (e) {} return 0; })()`
	deadline := time.Now().Add(stepTimeout)
	var lastErr error
	for {
		at, err := chromedp.Run(ctx, chromedp.Evaluate[float64](expr))
		if err == nil && at > 0 {
			return at
		}
		lastErr = err
		if time.Now().After(deadline) || ctx.Err() != nil {
			url, _ := chromedp.Run(ctx, chromedp.Location())
			if lastErr == nil {
				lastErr = errors.New("condition still false")
			}
			t.Fatalf("waiting %v for %s on %s: %v\n(condition: %s)", stepTimeout, what, url, lastErr, cond)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// jsString quotes s as a JavaScript string literal.
func jsString(s string) string {
	return strconv.Quote(s) // a Go quoted string is a valid JS literal for the text used here
}

// pageState is what a search page shows: where it is and how many it found.
type pageState struct {
	URL      string
	Total    int
	TookMS   float64 // the server's own time from "N articles · X ms"; -1 when absent
	Chips    []string
	HitCount int
}

var (
	countRE = regexp.MustCompile(`\d+(?:[,.\x{a0}\x{202f}' ]\d{3})*`)
	tookRE  = regexp.MustCompile(`(\d+(?:\.\d+)?)\s*ms\b`)
)

// parseCount reads the first number in s, with thousands separators.
func parseCount(s string) (int, bool) {
	m := countRE.FindString(s)
	if m == "" {
		return 0, false
	}
	n, err := strconv.Atoi(strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' {
			return r
		}
		return -1
	}, m))
	return n, err == nil
}

// parseTook reads the milliseconds from a summary such as "23,704 articles · 4.2 ms".
func parseTook(s string) (float64, bool) {
	m := tookRE.FindStringSubmatch(s)
	if m == nil {
		return 0, false
	}
	f, err := strconv.ParseFloat(m[1], 64)
	return f, err == nil
}

// state reads the search page the tab shows.
func state(t *testing.T, ctx context.Context) pageState {
	t.Helper()
	raw := eval[struct {
		URL     string   `json:"url"`
		Total   *string  `json:"total"`
		Summary string   `json:"summary"`
		Chips   []string `json:"chips"`
		Hits    int      `json:"hits"`
	}](t, ctx, `(() => {
		const total = document.querySelector(`+jsString(selTotal)+`);
		const summary = (total && total.closest('p, div')) || document.querySelector('.summary') || document.body;
		return {
			url: location.href,
			total: total ? total.textContent : null,
			summary: summary.textContent,
			chips: [...document.querySelectorAll(`+jsString(selChip)+`)].map(c => c.textContent.replace(/\s+/g, ' ').trim()),
			hits: document.querySelectorAll(`+jsString(selHit)+`).length,
		};
	})()`)
	if raw.Total == nil {
		t.Fatalf("%s: no %s on the page", raw.URL, selTotal)
	}
	total, ok := parseCount(*raw.Total)
	if !ok {
		t.Fatalf("%s: %s is %q, want a number", raw.URL, selTotal, *raw.Total)
	}
	took, ok := parseTook(raw.Summary)
	if !ok {
		took = -1
	}
	return pageState{URL: raw.URL, Total: total, TookMS: took, Chips: raw.Chips, HitCount: raw.Hits}
}

// facetChoice is a facet value on the page, by its position among the
// values of its facet.
type facetChoice struct {
	Index    int    `json:"index"`
	Value    string `json:"value"`
	Count    int    `json:"count"`
	Selected bool   `json:"selected"`
}

// facetValues lists the values of a facet the page links to.
func facetValues(t *testing.T, ctx context.Context, sel string) []facetChoice {
	t.Helper()
	return eval[[]facetChoice](t, ctx, `[...document.querySelectorAll(`+jsString(sel)+`)].map((a, i) => {
		const c = a.querySelector('.count');
		const digits = ((c ? c.textContent : a.textContent).match(/\d[\d,.\u00a0\u202f]*/g) || ['']).pop().replace(/\D/g, '');
		return {index: i, value: a.dataset.value || '', count: digits ? Number(digits) : -1, selected: a.classList.contains('selected')};
	})`)
}

// narrowing picks the first unselected value that holds fewer articles than
// total, so that choosing it must shrink the result.
func narrowing(values []facetChoice, total int) (facetChoice, bool) {
	for _, v := range values {
		if !v.Selected && v.Count > 0 && v.Count < total {
			return v, true
		}
	}
	return facetChoice{}, false
}

// clickTiming is how long one click took to show its result.
type clickTiming struct {
	Wall      time.Duration // Go's clock, from sending the click to seeing the new total
	InBrowser float64       // the browser's clock, same span, in ms
	NewPage   bool          // whether the click loaded a new document
	TTFB      float64       // new document: navigation start to first byte, ms
	DOMReady  float64       // new document: navigation start to DOMContentLoaded end, ms
	FCP       float64       // new document: first contentful paint, ms; -1 when unreported
}

func (c clickTiming) String() string {
	s := fmt.Sprintf("click to new total %.1f ms in the browser (%v wall)", c.InBrowser, c.Wall.Round(100*time.Microsecond))
	if c.NewPage {
		s += fmt.Sprintf("; new page: first byte %.1f ms, DOM ready %.1f ms", c.TTFB, c.DOMReady)
		if c.FCP >= 0 {
			s += fmt.Sprintf(", first contentful paint %.1f ms", c.FCP)
		}
	} else {
		s += "; updated in place"
	}
	return s
}

// clickNth clicks the i-th element matching sel and waits until the page
// shows a new total at a new URL (and cond, when not empty). It returns the
// page it lands on and how long that took.
func clickNth(t *testing.T, ctx context.Context, sel string, i int, cond string) (pageState, clickTiming) {
	t.Helper()
	nodes, err := chromedp.Run(ctx, chromedp.Nodes(chromedp.CSSAll(sel), chromedp.AtLeast(0)))
	if err != nil || i >= len(nodes) {
		t.Fatalf("%s #%d: %d found, %v", sel, i, len(nodes), err)
	}
	// Mark the current total so that a replaced page, or a total redrawn in
	// place, can be told from the one already there.
	before := eval[struct {
		URL   string  `json:"url"`
		Total string  `json:"total"`
		At    float64 `json:"at"`
	}](t, ctx, `(() => {
		const e = document.querySelector(`+jsString(selTotal)+`);
		if (e) e.dataset.stale = '1';
		return {url: location.href, total: e ? e.textContent : '', at: performance.timeOrigin + performance.now()};
	})()`)
	if cond == "" {
		cond = "true"
	}
	// The new page counts once it is parsed whole: its total comes before
	// the facets, which a test reads next.
	wait := fmt.Sprintf(`location.href !== %s && document.readyState !== 'loading' && (() => {
		const e = document.querySelector(%s);
		return e && (e.dataset.stale !== '1' || e.textContent !== %s);
	})() && (%s)`, jsString(before.URL), jsString(selTotal), jsString(before.Total), cond)

	start := time.Now()
	do(t, ctx, fmt.Sprintf("click %s #%d", sel, i), chromedp.MouseClickNode(nodes[i]))
	seen := waitFor(t, ctx, "the new total after clicking "+sel, wait)
	timing := clickTiming{Wall: time.Since(start), InBrowser: seen - before.At, FCP: -1}

	nav := eval[struct {
		Origin   float64 `json:"origin"`
		TTFB     float64 `json:"ttfb"`
		DOMReady float64 `json:"domReady"`
		FCP      float64 `json:"fcp"`
	}](t, ctx, `(() => {
		const n = performance.getEntriesByType('navigation')[0];
		const p = performance.getEntriesByName('first-contentful-paint')[0];
		return {origin: performance.timeOrigin, ttfb: n ? n.responseStart : -1, domReady: n ? n.domContentLoadedEventEnd : -1, fcp: p ? p.startTime : -1};
	})()`)
	if nav.Origin > before.At {
		timing.NewPage, timing.TTFB, timing.DOMReady, timing.FCP = true, nav.TTFB, nav.DOMReady, nav.FCP
	}
	return state(t, ctx), timing
}

// search types q into the search box of the current page and submits it.
func search(t *testing.T, ctx context.Context, q string) pageState {
	t.Helper()
	do(t, ctx, "type "+q,
		chromedp.Clear(chromedp.CSS(selQuery)),
		chromedp.SendKeys(chromedp.CSS(selQuery), q),
		chromedp.Click(chromedp.CSS(selSubmit)),
	)
	waitFor(t, ctx, "results for "+q,
		`new URLSearchParams(location.search).get('q') === `+jsString(q)+` && document.querySelector(`+jsString(selHit)+`)`)
	return state(t, ctx)
}

// shot saves a full-page PNG of the tab as name when screenshots are asked for.
func (s *browserSuite) shot(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	if s.shots == "" {
		return
	}
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatalf("screenshot %s: %v", name, err)
	}
	path := filepath.Join(s.shots, name)
	if err := os.WriteFile(path, png, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshot %s", path)
}

// shotOf saves a PNG of what the viewport shows, or of the element sel
// when it is not empty, when screenshots are asked for.
func (s *browserSuite) shotOf(t *testing.T, ctx context.Context, sel, name string) {
	t.Helper()
	if s.shots == "" {
		return
	}
	var png []byte
	var err error
	if sel == "" {
		png, err = chromedp.Run(ctx, chromedp.CaptureScreenshot())
	} else {
		png, err = chromedp.Run(ctx, chromedp.Screenshot(chromedp.CSS(sel)))
	}
	if err != nil {
		t.Fatalf("screenshot %s: %v", name, err)
	}
	path := filepath.Join(s.shots, name)
	if err := os.WriteFile(path, png, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshot %s", path)
}

// queryParam is the values of one query parameter of rawURL.
func queryParam(t *testing.T, rawURL, name string) []string {
	t.Helper()
	u, err := url.Parse(rawURL)
	if err != nil {
		t.Fatal(err)
	}
	return u.Query()[name]
}

// testSearch types a query into the header's box and expects hits with the
// query's word in <mark>.
func testSearch(t *testing.T, s *browserSuite) {
	ctx := s.open(t, "/")
	got := search(t, ctx, "oil")
	if got.Total < got.HitCount || got.HitCount == 0 {
		t.Errorf("q=oil: total %d, %d hits on the page; want hits and a total at least as large", got.Total, got.HitCount)
	}
	marks := eval[[]string](t, ctx, `[...document.querySelectorAll(`+jsString(selHit+" mark")+`)].map(m => m.textContent.toLowerCase())`)
	if len(marks) == 0 {
		t.Fatalf("no <mark> in %s", selHit)
	}
	for _, m := range marks {
		if !strings.Contains(m, "oil") {
			t.Errorf("highlighted %q, want only forms of oil", m)
			break
		}
	}
	t.Logf("q=oil: %d articles, %d on the page, %d highlights, server %.1f ms", got.Total, got.HitCount, len(marks), got.TookMS)
	s.shot(t, ctx, "search.png")
}

// testDrillDown clicks an actor, then a topic, expects the total to shrink
// each time with a chip per filter, removes the topic's chip, and goes back.
// It logs how long each click takes to show its new total.
func testDrillDown(t *testing.T, s *browserSuite) {
	ctx := s.open(t, "/search?q=oil")
	base := state(t, ctx)

	actor, ok := narrowing(facetValues(t, ctx, selActorValue), base.Total)
	if !ok {
		t.Fatalf("no %s narrows q=oil's %d articles", selActorValue, base.Total)
	}
	byActor, timing := clickNth(t, ctx, selActorValue, actor.Index, "")
	t.Logf("actor %q: %d → %d articles; server %.1f ms; %v", actor.Value, base.Total, byActor.Total, byActor.TookMS, timing)
	if got := queryParam(t, byActor.URL, "actor"); len(got) != 1 || got[0] != actor.Value {
		t.Errorf("after the actor click the URL %s has actor=%q, want %q", byActor.URL, got, actor.Value)
	}
	if byActor.Total >= base.Total || byActor.Total == 0 {
		t.Errorf("actor %q: total %d → %d, want it to shrink", actor.Value, base.Total, byActor.Total)
	}
	if len(byActor.Chips) != 1 || !strings.Contains(byActor.Chips[0], actor.Value) {
		t.Errorf("chips %q, want one naming %q", byActor.Chips, actor.Value)
	}
	if byActor.TookMS < 0 {
		t.Errorf("the page shows no server time (\"N articles · X ms\")")
	}

	topic, ok := narrowing(facetValues(t, ctx, selTopicValue), byActor.Total)
	if !ok {
		t.Fatalf("no %s narrows the %d articles of actor %q", selTopicValue, byActor.Total, actor.Value)
	}
	drilled, timing := clickNth(t, ctx, selTopicValue, topic.Index, "")
	t.Logf("topic %q: %d → %d articles; server %.1f ms; %v", topic.Value, byActor.Total, drilled.Total, drilled.TookMS, timing)
	if got := queryParam(t, drilled.URL, "topic"); len(got) != 1 || got[0] != topic.Value {
		t.Errorf("after the topic click the URL %s has topic=%q, want %q", drilled.URL, got, topic.Value)
	}
	if drilled.Total >= byActor.Total || drilled.Total == 0 {
		t.Errorf("topic %q: total %d → %d, want it to shrink", topic.Value, byActor.Total, drilled.Total)
	}
	if len(drilled.Chips) != 2 {
		t.Fatalf("chips %q, want two (actor and topic)", drilled.Chips)
	}
	selected := eval[[]string](t, ctx, `[...document.querySelectorAll('.facet-value.selected')].map(a => a.dataset.facet + '=' + a.dataset.value)`)
	for _, want := range []string{"actor=" + actor.Value, "topic=" + topic.Value} {
		if !slices.Contains(selected, want) {
			t.Errorf("selected facet values %q, want %s among them", selected, want)
		}
	}
	s.shot(t, ctx, "drill-down.png")

	// Removing the topic's chip is the actor-only search again.
	chip := -1
	for i, c := range drilled.Chips {
		if strings.Contains(c, topic.Value) {
			chip = i
		}
	}
	if chip < 0 {
		t.Fatalf("no chip names topic %q: %q", topic.Value, drilled.Chips)
	}
	removed, _ := clickNth(t, ctx, selChip+" button.remove", chip, "")
	if removed.Total != byActor.Total || len(removed.Chips) != 1 {
		t.Errorf("after removing the topic chip: total %d, chips %q; want %d and the actor's chip alone", removed.Total, removed.Chips, byActor.Total)
	}
	if got := queryParam(t, removed.URL, "topic"); len(got) != 0 {
		t.Errorf("after removing the topic chip the URL %s still has topic=%q", removed.URL, got)
	}

	// Back returns to the drill-down, URL and total.
	do(t, ctx, "back", chromedp.NavigateBack())
	waitFor(t, ctx, "the drill-down after back", `location.href === `+jsString(drilled.URL)+` && document.querySelector(`+jsString(selTotal)+`)`)
	back := state(t, ctx)
	if back.URL != drilled.URL || back.Total != drilled.Total || len(back.Chips) != len(drilled.Chips) {
		t.Errorf("after back: %s, total %d, chips %q; want %s, %d, %q", back.URL, back.Total, back.Chips, drilled.URL, drilled.Total, drilled.Chips)
	}
}

// testChart clicks the tallest bar of the attention chart and expects a
// date filter.
func testChart(t *testing.T, s *browserSuite) {
	ctx := s.open(t, "/search?q=oil")
	before := state(t, ctx)
	// The tallest bar is the easiest to hit and always holds articles.
	bar := eval[struct {
		Index  int    `json:"index"`
		Period string `json:"period"`
	}](t, ctx, `(() => {
		const bars = [...document.querySelectorAll(`+jsString(selBar)+`)];
		let best = -1, h = -1;
		bars.forEach((b, i) => { const r = b.getBoundingClientRect(); if (r.height > h) { h = r.height; best = i; } });
		return {index: best, period: best >= 0 ? (bars[best].dataset.period || '') : ''};
	})()`)
	if bar.Index < 0 {
		t.Fatalf("no %s on the search page", selBar)
	}
	after, timing := clickNth(t, ctx, selBar, bar.Index, `/[?&](date|from)=/.test(location.search)`)
	t.Logf("bar %q: %d → %d articles; %v", bar.Period, before.Total, after.Total, timing)
	if after.Total > before.Total || after.Total == 0 {
		t.Errorf("bar %q: total %d → %d, want at most the same and not zero", bar.Period, before.Total, after.Total)
	}
	if len(after.Chips) != len(before.Chips)+1 {
		t.Errorf("chips %q → %q, want one more (the date)", before.Chips, after.Chips)
	}
	year := bar.Period
	if len(year) > 4 {
		year = year[:4]
	}
	found := false
	for _, c := range after.Chips {
		if year != "" && strings.Contains(c, year) {
			found = true
		}
	}
	if !found {
		t.Errorf("chips %q, want one for the period %q", after.Chips, bar.Period)
	}
}

// testExcludeAndTopActors checks the exclude link of an actor and the links
// of the top actors against the facet counts.
func testExcludeAndTopActors(t *testing.T, s *browserSuite) {
	ctx := s.open(t, "/search?q=oil")
	base := state(t, ctx)
	actor, ok := narrowing(facetValues(t, ctx, selActorValue), base.Total)
	if !ok {
		t.Fatalf("no %s narrows q=oil's %d articles", selActorValue, base.Total)
	}
	excl := -1
	for _, v := range facetValues(t, ctx, selActorExcl) {
		if v.Value == actor.Value {
			excl = v.Index
			break
		}
	}
	if excl < 0 {
		t.Fatalf("no %s for actor %q", selActorExcl, actor.Value)
	}
	// Excluding an actor leaves exactly the articles that do not name it.
	without, _ := clickNth(t, ctx, selActorExcl, excl, "")
	if want := base.Total - actor.Count; without.Total != want {
		t.Errorf("excluding %q (%d articles): total %d → %d, want %d", actor.Value, actor.Count, base.Total, without.Total, want)
	}
	if len(without.Chips) != len(base.Chips)+1 {
		t.Errorf("chips %q → %q, want one more for the exclusion", base.Chips, without.Chips)
	}
	excluded := eval[[]string](t, ctx, `[...document.querySelectorAll('.facet-value.excluded[data-facet=actor]')].map(a => a.dataset.value)`)
	if !slices.Contains(excluded, actor.Value) {
		t.Errorf("excluded actor values %q, want %q among them", excluded, actor.Value)
	}

	// The first of the top actors filters to exactly its count.
	ctx = s.open(t, "/search?q=oil")
	top := facetValues(t, ctx, selTopActor)
	if len(top) == 0 {
		t.Fatalf("no %s on the search page", selTopActor)
	}
	only, _ := clickNth(t, ctx, selTopActor, 0, "")
	if only.Total != top[0].Count || len(queryParam(t, only.URL, "actor")) != 1 {
		t.Errorf("top actor (%d articles): %s shows %d; want one actor= and its count", top[0].Count, only.URL, only.Total)
	}
}

// testSourceFacet drills down to the BBC's articles among the Reuters and
// BBC ones that mention oil, and then leaves them out instead: every
// article of the archive has one of the two sources, so each click's
// total is known from the facet's counts.
func testSourceFacet(t *testing.T, s *browserSuite) {
	ctx := s.open(t, "/search?q=oil")
	base := state(t, ctx)
	counts := map[string]facetChoice{}
	for _, v := range facetValues(t, ctx, selSourceValue) {
		counts[v.Value] = v
	}
	bbc, reuters := counts["BBC"], counts["Reuters"]
	if len(counts) != 2 || bbc.Count <= 0 || reuters.Count <= 0 || bbc.Count+reuters.Count != base.Total {
		t.Fatalf("source facet %+v for q=oil's %d articles, want BBC and Reuters whose counts add up to it", counts, base.Total)
	}

	byBBC, timing := clickNth(t, ctx, selSourceValue, bbc.Index, "")
	t.Logf("source BBC: %d → %d articles; server %.1f ms; %v", base.Total, byBBC.Total, byBBC.TookMS, timing)
	if got := queryParam(t, byBBC.URL, "source"); !slices.Equal(got, []string{"BBC"}) {
		t.Errorf("after the source click the URL %s has source=%q, want BBC", byBBC.URL, got)
	}
	if byBBC.Total != bbc.Count || len(byBBC.Chips) != 1 || !strings.Contains(byBBC.Chips[0], "source: BBC") {
		t.Errorf("source BBC: total %d, chips %q; want %d and one chip naming the source", byBBC.Total, byBBC.Chips, bbc.Count)
	}
	hitSources := eval[[]string](t, ctx, `[...document.querySelectorAll(`+jsString(selHit+" .meta .source")+`)].map(e => e.textContent.trim())`)
	if len(hitSources) != byBBC.HitCount || slices.ContainsFunc(hitSources, func(s string) bool { return s != "BBC" }) {
		t.Errorf("hits' sources %q, want BBC on each of the %d hits", hitSources, byBBC.HitCount)
	}
	// The facet leaves out its own choice: Reuters still says what adding
	// it would give.
	for _, v := range facetValues(t, ctx, ".facet-value[data-facet=source]") {
		if want := counts[v.Value]; v.Count != want.Count || v.Selected != (v.Value == "BBC") {
			t.Errorf("after choosing BBC, source %q has count %d, selected %v; want %d, %v", v.Value, v.Count, v.Selected, want.Count, v.Value == "BBC")
		}
	}
	s.shot(t, ctx, "drill-down-source.png")

	ctx = s.open(t, "/search?q=oil")
	excl := slices.IndexFunc(facetValues(t, ctx, selSourceExcl), func(v facetChoice) bool { return v.Value == "BBC" })
	if excl < 0 {
		t.Fatalf("no %s for BBC", selSourceExcl)
	}
	without, _ := clickNth(t, ctx, selSourceExcl, excl, "")
	if without.Total != reuters.Count || len(without.Chips) != 1 || !strings.Contains(without.Chips[0], "not source: BBC") {
		t.Errorf("excluding BBC: total %d, chips %q; want Reuters' %d and a chip for the exclusion", without.Total, without.Chips, reuters.Count)
	}
}

// testArticle opens the first hit, expects its body to highlight the query,
// and follows a related article.
func testArticle(t *testing.T, s *browserSuite) {
	ctx := s.open(t, "/search?q=oil")
	do(t, ctx, "open the first hit", chromedp.Click(chromedp.CSS(selHitTitle)))
	waitFor(t, ctx, "the article page", `location.pathname.startsWith('/articles/') && document.querySelector('article .body')`)
	first := eval[struct {
		Path       string   `json:"path"`
		Marks      []string `json:"marks"`
		Paragraphs int      `json:"paragraphs"`
	}](t, ctx, `({
		path: location.pathname,
		marks: [...document.querySelectorAll(`+jsString(selArticleMark)+`)].map(m => m.textContent.toLowerCase()),
		paragraphs: document.querySelectorAll(`+jsString(selParagraph)+`).length,
	})`)
	if len(first.Marks) == 0 {
		t.Errorf("%s: no %s", first.Path, selArticleMark)
	} else if !strings.Contains(first.Marks[0], "oil") {
		t.Errorf("%s: first highlight %q, want oil", first.Path, first.Marks[0])
	}
	if first.Paragraphs == 0 {
		t.Errorf("%s: no %s", first.Path, selParagraph)
	}
	s.shot(t, ctx, "article.png")

	do(t, ctx, "follow a related article", chromedp.Click(chromedp.CSS(selRelated)))
	waitFor(t, ctx, "the related article",
		`location.pathname.startsWith('/articles/') && location.pathname !== `+jsString(first.Path)+` && document.querySelector('article h1')`)
	second := eval[string](t, ctx, `location.pathname`)
	t.Logf("%s → related %s", first.Path, second)
}

// testSuggestions types slowly, as a person does, and expects a suggestion
// naming Reagan.
func testSuggestions(t *testing.T, s *browserSuite) {
	ctx := s.open(t, "/")
	for _, r := range "Reag" {
		do(t, ctx, "type", chromedp.SendKeys(chromedp.CSS(selQuery), string(r)), chromedp.Sleep(150*time.Millisecond))
	}
	waitFor(t, ctx, "a suggestion naming Reagan", `[...document.querySelectorAll(`+jsString(selSuggestion)+`)]
		.some(o => o.textContent.includes('Reagan') && o.getBoundingClientRect().height > 0)`)
	options := eval[[]string](t, ctx, `[...document.querySelectorAll(`+jsString(selSuggestion)+`)].map(o => o.innerText.replace(/\s+/g, ' ').trim())`)
	t.Logf("suggestions for Reag: %q", options)
}

// testSlashKey expects "/" to move the focus to the search box without
// typing into it.
func testSlashKey(t *testing.T, s *browserSuite) {
	ctx := s.open(t, "/search?q=oil")
	eval[bool](t, ctx, `(document.activeElement && document.activeElement.blur(), true)`)
	if id := eval[string](t, ctx, `document.activeElement ? document.activeElement.id : ''`); id == "q" {
		t.Fatal("the search box still has the focus before pressing /")
	}
	do(t, ctx, "press /", pressKey("/", "Slash", 191))
	waitFor(t, ctx, "the search box to take the focus", `document.activeElement && document.activeElement.id === 'q'`)
	if v := eval[string](t, ctx, `document.querySelector('input#q').value`); v != "oil" {
		t.Errorf("search box holds %q after /, want %q (the key only moves the focus)", v, "oil")
	}
}

// pressKey presses one printable key as a keyboard does: a keyDown that
// carries the text, then a keyUp. chromedp.KeyEvent sends the text in a
// separate char event, which a page's preventDefault on keydown cannot stop,
// unlike a real key press.
func pressKey(key, code string, keyCode int64) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		for _, typ := range []input.DispatchKeyEventType{input.DispatchKeyEventTypeKeyDown, input.DispatchKeyEventTypeKeyUp} {
			p := input.DispatchKeyEventParams{Type: typ, Key: key, Code: code, WindowsVirtualKeyCode: keyCode, NativeVirtualKeyCode: keyCode}
			if typ == input.DispatchKeyEventTypeKeyDown {
				p.Text, p.UnmodifiedText = key, key
			}
			if _, err := cdp.Call(ctx, t, input.DispatchKeyEvent, p); err != nil {
				return err
			}
		}
		return nil
	})
}

// testNoScript repeats the search, the drill-down and the article in a tab
// of its own browser context with JavaScript off: every step is a plain
// link or form.
func testNoScript(t *testing.T, s *browserSuite) {
	ctx := s.tab(t, chromedp.WithNewBrowserContext())
	if _, err := chromedp.Call(ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true}); err != nil {
		t.Fatalf("disable JavaScript: %v", err)
	}
	do(t, ctx, "open /", chromedp.Navigate(s.srv.base+"/"))
	// The page's own scripts must not run: a script element added now
	// stays inert.
	ran := eval[bool](t, ctx, `(() => { const s = document.createElement('script'); s.textContent = 'window.scriptRan = true'; document.head.appendChild(s); return window.scriptRan === true; })()`)
	if ran {
		t.Fatal("scripts still run in the tab that has them disabled")
	}

	base := search(t, ctx, "oil")
	actor, ok := narrowing(facetValues(t, ctx, selActorValue), base.Total)
	if !ok {
		t.Fatalf("no %s narrows q=oil's %d articles", selActorValue, base.Total)
	}
	byActor, _ := clickNth(t, ctx, selActorValue, actor.Index, "")
	if byActor.Total >= base.Total || len(byActor.Chips) != 1 {
		t.Errorf("actor %q without JavaScript: total %d → %d, chips %q; want it to shrink with one chip", actor.Value, base.Total, byActor.Total, byActor.Chips)
	}
	topic, ok := narrowing(facetValues(t, ctx, selTopicValue), byActor.Total)
	if !ok {
		t.Fatalf("no %s narrows %d articles", selTopicValue, byActor.Total)
	}
	drilled, _ := clickNth(t, ctx, selTopicValue, topic.Index, "")
	if drilled.Total >= byActor.Total || len(drilled.Chips) != 2 {
		t.Errorf("topic %q without JavaScript: total %d → %d, chips %q; want it to shrink with two chips", topic.Value, byActor.Total, drilled.Total, drilled.Chips)
	}

	do(t, ctx, "open the first hit", chromedp.Click(chromedp.CSS(selHitTitle)))
	waitFor(t, ctx, "the article page", `location.pathname.startsWith('/articles/') && document.querySelector('article .body')`)
	if n := eval[int](t, ctx, `document.querySelectorAll(`+jsString(selArticleMark)+`).length`); n == 0 {
		t.Errorf("article without JavaScript: no %s", selArticleMark)
	}
}

// testLayouts checks that the search page fits a phone's width and that
// the dark theme applies, saving screenshots of both.
func testLayouts(t *testing.T, s *browserSuite) {
	t.Run("phone", func(t *testing.T) {
		ctx := s.tab(t)
		do(t, ctx, "phone viewport", chromedp.EmulateViewport(375, 812, chromedp.EmulateMobile))
		do(t, ctx, "open", chromedp.Navigate(s.srv.base+"/search?q=oil"))
		width := eval[struct {
			Page     int `json:"page"`
			Viewport int `json:"viewport"`
		}](t, ctx, `({page: document.documentElement.scrollWidth, viewport: window.innerWidth})`)
		if width.Viewport != 375 || width.Page > width.Viewport {
			t.Errorf("at phone width the page is %d px wide in a %d px viewport, want it to fit 375", width.Page, width.Viewport)
		}
		s.shot(t, ctx, "search-phone.png")
		s.shotOf(t, ctx, "", "search-phone-top.png")
		s.checkFiltersLink(t, ctx, "search-phone-filters.png")
	})
	t.Run("phone without JavaScript", func(t *testing.T) {
		ctx := s.tab(t, chromedp.WithNewBrowserContext())
		if _, err := chromedp.Call(ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true}); err != nil {
			t.Fatalf("disable JavaScript: %v", err)
		}
		do(t, ctx, "phone viewport", chromedp.EmulateViewport(375, 812, chromedp.EmulateMobile))
		do(t, ctx, "open", chromedp.Navigate(s.srv.base+"/search?q=oil&topic=economy"))
		s.checkFiltersLink(t, ctx, "search-phone-filters-nojs.png")
	})
	t.Run("dark", func(t *testing.T) {
		ctx := s.open(t, "/search?q=oil")
		const bg = `getComputedStyle(document.body).backgroundColor`
		light := eval[string](t, ctx, bg)
		if _, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
			Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: "dark"}},
		}); err != nil {
			t.Fatalf("emulate dark: %v", err)
		}
		dark := eval[string](t, ctx, bg)
		if dark == light {
			t.Errorf("body background %s in both light and dark, want the dark theme to change it", dark)
		}
		s.shot(t, ctx, "search-dark.png")
		// A wide screen shows the facets beside the hits, and no link to them.
		if shown := eval[bool](t, ctx, `[...document.querySelectorAll('a.filters-link, a.back-to-results')].some(a => a.getClientRects().length > 0)`); shown {
			t.Error("at 1280 px the links between results and facets show, want them only on narrow screens")
		}
	})
}

// checkFiltersLink expects, on a phone-width search page, the Filters link
// within the first screen, following it to bring the facets into view,
// and the link at the top of the facets to lead back to the results.
func (s *browserSuite) checkFiltersLink(t *testing.T, ctx context.Context, shotName string) {
	t.Helper()
	at := eval[struct {
		Found     bool    `json:"found"`
		Shown     bool    `json:"shown"`
		Bottom    float64 `json:"bottom"`
		FacetsTop float64 `json:"facetsTop"`
		Screen    float64 `json:"screen"`
	}](t, ctx, `(() => {
		const a = document.querySelector('.toolbar a.filters-link'), f = document.querySelector('aside.facets .facet');
		if (!a || !f) return {found: false};
		const r = a.getBoundingClientRect();
		return {found: true, shown: r.width > 0 && r.height > 0, bottom: r.bottom + scrollY, facetsTop: f.getBoundingClientRect().top + scrollY, screen: innerHeight};
	})()`)
	if !at.Found {
		t.Fatal("no .toolbar a.filters-link or no facet on the page")
	}
	t.Logf("at 375 px the Filters link ends %.0f px down a %.0f px screen; the facets start %.0f px down", at.Bottom, at.Screen, at.FacetsTop)
	if !at.Shown || at.Bottom > at.Screen {
		t.Errorf("Filters link shown %v, ending %.0f px down; want it shown within the first %.0f px", at.Shown, at.Bottom, at.Screen)
	}
	facetInView := `(() => { const r = document.querySelector('aside.facets .facet').getBoundingClientRect(); return r.top >= 0 && r.top < innerHeight; })()`
	if eval[bool](t, ctx, facetInView) {
		t.Fatal("the facets are in view before the Filters link is followed; the page no longer needs it")
	}
	do(t, ctx, "follow the Filters link", chromedp.Click(chromedp.CSS(".toolbar a.filters-link")))
	waitFor(t, ctx, "the facets in view", `location.hash === '#filters' && `+facetInView)
	s.shotOf(t, ctx, "", shotName)
	do(t, ctx, "follow the link back to the results", chromedp.Click(chromedp.CSS("aside.facets a.back-to-results")))
	waitFor(t, ctx, "the results in view", `location.hash === '#results' && (() => { const r = document.querySelector('.toolbar').getBoundingClientRect(); return r.top >= 0 && r.bottom <= innerHeight; })()`)
}

// testChartShapes opens a month chosen in the date facet, whose chart must
// show each of its days, and a search whose articles are from 1987 and
// from 2021 and 2022, whose empty years must shrink to one gap.
func testChartShapes(t *testing.T, s *browserSuite) {
	t.Run("month", func(t *testing.T) {
		ctx := s.open(t, "/search?q=oil&date=1987-03")
		got := eval[struct {
			Interval string   `json:"interval"`
			Periods  []string `json:"periods"`
			Links    int      `json:"links"`
		}](t, ctx, `(() => {
			const svg = document.querySelector('svg.histogram');
			return {interval: svg ? svg.dataset.interval : '', periods: [...document.querySelectorAll('svg.histogram .bar')].map(b => b.dataset.period), links: document.querySelectorAll(`+jsString(selBar)+`).length};
		})()`)
		if got.Interval != "day" || len(got.Periods) != 31 || got.Periods[0] != "1987-03-01" || got.Periods[30] != "1987-03-31" {
			t.Errorf("chart of date=1987-03: %s bars %v, want the 31 days of March 1987", got.Interval, got.Periods)
		}
		if got.Links == 0 {
			t.Error("no day of March 1987 links to its articles")
		}
		s.shotOf(t, ctx, "section.chart", "chart-month.png")
	})
	t.Run("sparse span", func(t *testing.T) {
		ctx := s.open(t, "/search?q=cocoa")
		got := eval[struct {
			Gaps   []string  `json:"gaps"`
			Bars   []string  `json:"bars"`
			Widths []float64 `json:"widths"`
		}](t, ctx, `({
			gaps: [...document.querySelectorAll('svg.histogram g.gap .gap-label')].map(g => g.textContent),
			bars: [...document.querySelectorAll('svg.histogram .bar')].map(b => b.dataset.period),
			widths: [...document.querySelectorAll('svg.histogram a.bar rect.fill')].map(r => r.getBoundingClientRect().width),
		})`)
		if !slices.Equal(got.Gaps, []string{"1988–2020"}) || !slices.Equal(got.Bars, []string{"1987", "2021", "2022"}) {
			t.Errorf("chart of q=cocoa: bars %v, gaps %v; want 1987, 2021 and 2022 around one gap 1988–2020", got.Bars, got.Gaps)
		}
		for _, w := range got.Widths {
			if w < 100 {
				t.Errorf("bar widths %v px, want each at least 100 at 1280 px", got.Widths)
				break
			}
		}
		s.shotOf(t, ctx, "section.chart", "chart-sparse.png")
		do(t, ctx, "phone viewport", chromedp.EmulateViewport(375, 812, chromedp.EmulateMobile))
		s.shotOf(t, ctx, "section.chart", "chart-sparse-phone.png")
	})
}

// testBadQuery opens a query with two problems, expects both named, and
// follows the link that searches its words alone.
func testBadQuery(t *testing.T, s *browserSuite) {
	ctx := s.open(t, "/search?q="+url.QueryEscape("(oil AND"))
	problems := eval[[]string](t, ctx, `[...document.querySelectorAll('.error ol.problems li')].map(li => li.textContent.replace(/\s+/g, ' ').trim())`)
	if len(problems) != 2 || !strings.HasPrefix(problems[0], "At position 1:") || !strings.HasPrefix(problems[1], "At position 6:") {
		t.Errorf("problems listed %q, want the ( at 1 and the AND at 6", problems)
	}
	s.shot(t, ctx, "bad-query.png")
	do(t, ctx, "follow the plain-words link", chromedp.Click(chromedp.CSS(".error a.plain-search")))
	waitFor(t, ctx, "the search of the words alone", `new URLSearchParams(location.search).get('q') === 'oil' && document.querySelector(`+jsString(selHit)+`)`)
}

// TestParseCount reads totals as pages write them.
func TestParseCount(t *testing.T) {
	tests := []struct {
		in   string
		want int
		ok   bool
	}{
		{"23,704 articles · 4.2 ms", 23704, true},
		{"1 article", 1, true},
		{"1\u202f234 Artikel", 1234, true},
		{"12", 12, true},
		{"no articles", 0, false},
	}
	for _, tt := range tests {
		got, ok := parseCount(tt.in)
		if got != tt.want || ok != tt.ok {
			t.Errorf("parseCount(%q) = %d, %v; want %d, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

// TestParseTook reads the server time from a page's summary.
func TestParseTook(t *testing.T) {
	tests := []struct {
		in   string
		want float64
		ok   bool
	}{
		{"23,704 articles · 4.2 ms", 4.2, true},
		{"1 article · 12 ms", 12, true},
		{"1 article", 0, false},
	}
	for _, tt := range tests {
		got, ok := parseTook(tt.in)
		if got != tt.want || ok != tt.ok {
			t.Errorf("parseTook(%q) = %v, %v; want %v, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}
