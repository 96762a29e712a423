package main

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"runtime"
	"slices"
	"strings"
	"time"
)

// report is everything a run measured, printed as Markdown.
type report struct {
	args            []string
	articles        int
	inputBytes      int64
	terms           terms
	shapes          []shape
	queries, repeat int
	importRepeat    int
	imports         []result
	latency         []engineLatency
	http            *httpResult
	notes           []string
	loadStart       string // /proc/loadavg's 1, 5 and 15 minute figures
	loadEnd         string
	queryIndex      string // the archive's index that the query and HTTP parts search
	extract         bool   // the in-process peers hold the extracted actors too
	extractTook     time.Duration
}

// loadAvg is the 1, 5 and 15 minute load averages, or "" where there is
// no /proc/loadavg: other work on the machine slows every figure.
func loadAvg() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return ""
	}
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return ""
	}
	return strings.Join(f[:3], " ")
}

// cpuModel is the processor's name from /proc/cpuinfo, or "unknown".
func cpuModel() string {
	f, err := os.Open("/proc/cpuinfo")
	if err != nil {
		return "unknown CPU"
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if k, v, ok := strings.Cut(sc.Text(), ":"); ok && strings.TrimSpace(k) == "model name" {
			return strings.TrimSpace(v)
		}
	}
	return "unknown CPU"
}

// thousands writes n with commas: 20,000.
func thousands(n int64) string {
	s := fmt.Sprint(n)
	if n < 0 {
		return "-" + thousands(-n)
	}
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// ms formats a latency in milliseconds with a precision that suits it.
func ms(d time.Duration) string {
	v := float64(d) / float64(time.Millisecond)
	switch {
	case v < 10:
		return fmt.Sprintf("%.2f", v)
	case v < 100:
		return fmt.Sprintf("%.1f", v)
	}
	return fmt.Sprintf("%.0f", v)
}

func mb(b int64) string { return fmt.Sprintf("%.1f MB", float64(b)/(1<<20)) }

// quoteArgs writes args as a shell would need them.
func quoteArgs(args []string) string {
	out := make([]string, len(args))
	for i, a := range args {
		if a == "" || strings.ContainsAny(a, " \t\"'$\\*?;&|<>()") {
			a = "'" + strings.ReplaceAll(a, "'", `'\''`) + "'"
		}
		out[i] = a
	}
	return strings.Join(out, " ")
}

func (r report) print(w io.Writer) error {
	bw := bufio.NewWriter(w)
	p := func(format string, a ...any) { fmt.Fprintf(bw, format, a...) }
	p("## Performance\n\n")
	p("- machine: %s, %d cores, %s %s/%s\n", cpuModel(), runtime.NumCPU(), runtime.Version(), runtime.GOOS, runtime.GOARCH)
	if r.inputBytes > 0 {
		p("- corpus: %s articles (%s of JSON Lines)\n", thousands(int64(r.articles)), mb(r.inputBytes))
	} else {
		p("- corpus: %s articles\n", thousands(int64(r.articles)))
	}
	p("- command: `newsbench run %s`\n", quoteArgs(r.args))
	if r.loadStart != "" {
		p("- load average (1, 5, 15 min): %s at the start, %s at the end\n", r.loadStart, r.loadEnd)
	}
	if r.extract {
		p("- extraction: on; bleve, fts5 and sphinx hold the actors the archive's extractor finds in each article as well as the file's, "+
			"added in process before their imports are timed (%s for %s articles)\n",
			r.extractTook.Round(time.Millisecond), thousands(int64(r.articles)))
	} else {
		p("- extraction: off; bleve, fts5 and sphinx hold the file's actors only (the import table's newsarchive row runs the extractor all the same)\n")
	}
	if r.queryIndex != "" {
		p("- the archive's query and HTTP figures are of its %s index\n", r.queryIndex)
	}
	for _, n := range r.notes {
		p("- %s\n", n)
	}

	if len(r.imports) > 0 {
		p("\n### Import\n\n")
		times := ""
		if r.importRepeat > 1 {
			times = fmt.Sprintf(" (median of %d)", r.importRepeat)
		}
		p("| peer | articles | seconds%s | articles/s | index on disk | peak RSS | peak anonymous RSS |\n", times)
		p("|---|--:|--:|--:|--:|--:|--:|\n")
		for _, x := range r.imports {
			rate := 0.0
			if x.seconds > 0 {
				rate = float64(x.articles) / x.seconds
			}
			rss, anon := "in process", "in process"
			if x.rss > 0 {
				rss, anon = mb(x.rss), mb(x.anon)
			}
			p("| %s | %s | %.2f | %s | %s | %s | %s |\n", x.peer, thousands(int64(x.articles)), x.seconds, thousands(int64(rate+0.5)), mb(x.size), rss, anon)
		}
	}

	if len(r.latency) > 0 {
		p("\n### Query latency\n\n")
		p("Milliseconds, p50 / p95 / p99 of %d searches per shape after %d untimed, the median of each over %d repeats; "+
			"every search asks for the total, the top %d with highlights and the actor, topic and date facets. "+
			"Terms: %s. The archive's columns search its %s index.\n\n", r.queries, queryWarmup, r.repeat, pageSize, r.terms.describe(), r.queryIndex)
		p("| shape | query |")
		for _, e := range r.latency {
			p(" %s |", e.engine)
		}
		p(" matches |\n|---|---|")
		for range r.latency {
			p("--:|")
		}
		p("--:|\n")
		for i, s := range r.shapes {
			p("| %s | %s |", s.Name, shapeQuery(s))
			var totals []string
			for _, e := range r.latency {
				l := e.lat[i]
				p(" %s / %s / %s |", ms(l.p50), ms(l.p95), ms(l.p99))
				totals = append(totals, thousands(int64(e.results[i].Total)))
			}
			p(" %s |\n", strings.Join(totals, " / "))
		}
		var names []string
		for _, e := range r.latency {
			names = append(names, e.engine)
		}
		p("\nMatches are the totals of %s, in that order.\n", strings.Join(names, ", "))
		if slices.Contains(names, "sphinx") {
			p("\nsphinx's facets are exact: each `GROUP BY` runs with `OPTION max_matches` at least the number of distinct values of its attribute " +
				"(Sphinx counts only the groups that fit in max_matches, 1,000 by default). Its total is `SHOW META`'s `total_found`; " +
				"it stems with Porter (`morphology = stem_en`), ranks with its default proximity and BM25 ranker, " +
				"and reads `(a OR b) NOT c` as `(a | b) -c`.\n")
		}
	}

	if h := r.http; h != nil {
		p("\n### HTTP\n\n")
		what := "cycling through the shapes above on `/api/search`"
		if h.mix == "zipf" {
			what = "drawing words and actors of the corpus by popularity (Zipf, s = 1.1): searches of one and two words, drill-downs by actor, actors alone, a year, pages 2 to 5, the front page and suggestions"
		}
		p("`newsarchive serve --rate-limit 0` on the %s index; %d clients for %v, %s.\n\n",
			h.index, h.clients, h.duration.Round(100*time.Millisecond), what)
		p("| figure | value |\n|---|--:|\n")
		p("| process start to first answer of `/api/search?q=%s` | %s ms |\n", r.terms.Common, ms(h.firstAnswer))
		rate := 0.0
		if h.duration > 0 {
			rate = float64(h.requests) / h.duration.Seconds()
		}
		p("| requests/s | %.0f |\n", rate)
		p("| latency p50 | %s ms |\n", ms(h.p50))
		p("| latency p99 | %s ms |\n", ms(h.p99))
		p("| errors | %d of %s |\n", h.errors, thousands(int64(h.requests)))
		p("| server peak RSS | %s |\n", mb(h.rss))
		p("| server peak anonymous RSS | %s |\n", mb(h.anon))
		if h.mix == "zipf" {
			p("\n| request | answered | p50 | p99 |\n|---|--:|--:|--:|\n")
			for _, k := range h.kinds {
				p("| %s | %s | %s ms | %s ms |\n", k.name, thousands(int64(k.requests)), ms(k.p50), ms(k.p99))
			}
		}
	}
	return bw.Flush()
}

// shapeQuery is a shape as a short table cell.
func shapeQuery(s shape) string {
	var parts []string
	if s.Text != "" {
		parts = append(parts, "`"+s.Text+"`")
	} else {
		parts = append(parts, "(none)")
	}
	if s.Actor != "" {
		parts = append(parts, "actor "+s.Actor)
	}
	if !s.From.IsZero() || !s.To.IsZero() {
		parts = append(parts, s.From.Format("2006")+"–"+s.To.Format("2006"))
	}
	if s.Page > 1 {
		parts = append(parts, fmt.Sprintf("page %d", s.Page))
	}
	return strings.Join(parts, ", ")
}
