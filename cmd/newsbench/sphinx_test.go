package main

import (
	"bytes"
	"context"
	"maps"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/newsarchive/newsarchive/index"
)

// needSphinx skips a test where Debian's sphinxsearch is not installed.
// CI does not install it, so the skip holds under CI=true as well: the
// peer is optional, and the statements it sends are tested without it.
func needSphinx(t *testing.T) {
	t.Helper()
	if _, _, err := sphinxBinaries(); err != nil {
		t.Skipf("%v; CI does not install it either, so this test runs only where it is installed", err)
	}
}

func TestSphinxStatements(t *testing.T) {
	from := time.Date(2015, 1, 1, 0, 0, 0, 0, time.UTC)
	to := time.Date(2019, 12, 31, 0, 0, 0, 0, time.UTC)
	sz := sphinxSizes{actors: 5000, topics: 17, years: 30}
	tm := ", 'query_mode=1', 'before_match=\x02', 'after_match=\x03'"
	snip := func(q string) string {
		return ", SNIPPET(title, '" + q + "'" + tm + ", 'limit=0') AS title_marked, SNIPPET(body, '" + q + "'" + tm + ", 'limit_words=24', 'around=5') AS body_marked"
	}
	const cols = "SELECT id, aid, published, source, title, actor"
	const rel = " ORDER BY WEIGHT() DESC, id ASC"
	tests := []struct {
		name    string
		s       shape
		actorID uint32
		page    string
		where   string
	}{
		{
			"common term", shape{Kind: kindWords, Words: []string{"company"}, Text: "company", Page: 1}, 0,
			cols + snip("company") + " FROM articles WHERE MATCH('company')" + rel + " LIMIT 0, 20 OPTION max_matches=1000",
			" WHERE MATCH('company')",
		},
		{
			"two-word AND", shape{Kind: kindWords, Words: []string{"market", "billion"}, Text: "market billion", Page: 1}, 0,
			cols + snip("market billion") + " FROM articles WHERE MATCH('market billion')" + rel + " LIMIT 0, 20 OPTION max_matches=1000",
			" WHERE MATCH('market billion')",
		},
		{
			"phrase", shape{Kind: kindPhrase, Words: []string{"company", "said"}, Text: `"company said"`, Page: 1}, 0,
			cols + snip(`"company said"`) + ` FROM articles WHERE MATCH('"company said"')` + rel + " LIMIT 0, 20 OPTION max_matches=1000",
			` WHERE MATCH('"company said"')`,
		},
		{
			"OR and NOT", shape{Kind: kindBool, Words: []string{"market", "billion", "government"}, Text: "(market OR billion) NOT government", Page: 1}, 0,
			cols + snip("(market | billion) -government") + " FROM articles WHERE MATCH('(market | billion) -government')" + rel + " LIMIT 0, 20 OPTION max_matches=1000",
			" WHERE MATCH('(market | billion) -government')",
		},
		{
			"term + actor + 5 years", shape{Kind: kindWords, Words: []string{"company"}, Text: "company", Actor: "United States", From: from, To: to, Page: 1}, 7,
			cols + snip("company") + " FROM articles WHERE MATCH('company') AND actor = 7 AND published BETWEEN 1420070400 AND 1577836799" + rel + " LIMIT 0, 20 OPTION max_matches=1000",
			" WHERE MATCH('company') AND actor = 7 AND published BETWEEN 1420070400 AND 1577836799",
		},
		{
			"unknown actor", shape{Kind: kindAll, Actor: "Nobody", Page: 1}, 0,
			cols + " FROM articles WHERE actor = 0 ORDER BY published DESC, id DESC LIMIT 0, 20 OPTION max_matches=1000",
			" WHERE actor = 0",
		},
		{
			"empty query, newest", shape{Kind: kindAll, Page: 1}, 0,
			cols + " FROM articles ORDER BY published DESC, id DESC LIMIT 0, 20 OPTION max_matches=1000",
			"",
		},
		{
			"common term, page 50", shape{Kind: kindWords, Words: []string{"company"}, Text: "company", Page: 50}, 0,
			cols + snip("company") + " FROM articles WHERE MATCH('company')" + rel + " LIMIT 980, 20 OPTION max_matches=1000",
			" WHERE MATCH('company')",
		},
		{
			"page 60 keeps enough matches", shape{Kind: kindWords, Words: []string{"company"}, Text: "company", Page: 60}, 0,
			cols + snip("company") + " FROM articles WHERE MATCH('company')" + rel + " LIMIT 1180, 20 OPTION max_matches=1200",
			" WHERE MATCH('company')",
		},
		{
			"query syntax and quotes are escaped", shape{Kind: kindWords, Words: []string{"o'neil", "at-t"}, Text: "o'neil at-t", Page: 1}, 0,
			cols + snip(`o\'neil at\\-t`) + ` FROM articles WHERE MATCH('o\'neil at\\-t')` + rel + " LIMIT 0, 20 OPTION max_matches=1000",
			` WHERE MATCH('o\'neil at\\-t')`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := sphinxStatements(tt.s, tt.actorID, sz)
			want := []string{
				tt.page,
				"SHOW META",
				"SELECT GROUPBY() AS v, COUNT(*) AS n FROM articles" + tt.where + " GROUP BY person ORDER BY n DESC, v ASC LIMIT 30 OPTION max_matches=5000",
				"SELECT GROUPBY() AS v, COUNT(*) AS n FROM articles" + tt.where + " GROUP BY organization ORDER BY n DESC, v ASC LIMIT 30 OPTION max_matches=5000",
				"SELECT GROUPBY() AS v, COUNT(*) AS n FROM articles" + tt.where + " GROUP BY place ORDER BY n DESC, v ASC LIMIT 30 OPTION max_matches=5000",
				"SELECT GROUPBY() AS v, COUNT(*) AS n FROM articles" + tt.where + " GROUP BY topic ORDER BY n DESC, v ASC LIMIT 20 OPTION max_matches=1000",
				"SELECT GROUPBY() AS v, COUNT(*) AS n FROM articles" + tt.where + " GROUP BY year ORDER BY v ASC LIMIT 30 OPTION max_matches=1000",
			}
			if len(got) != len(want) {
				t.Fatalf("%d statements, want %d:\n%s", len(got), len(want), strings.Join(got, "\n"))
			}
			for i := range want {
				if got[i] != want[i] {
					t.Errorf("statement %d:\n got %q\nwant %q", i, got[i], want[i])
				}
			}
		})
	}
}

func TestSphinxMissing(t *testing.T) {
	t.Setenv("PATH", t.TempDir())
	if _, err := openers["sphinx"](t.TempDir()); err != errNoSphinx {
		t.Errorf("open without binaries: error = %v, want %v", err, errNoSphinx)
	}
}

func TestSphinxImportAndSearch(t *testing.T) {
	needSphinx(t)
	testPeer(t, "sphinx")
}

func TestSphinxGenerated(t *testing.T) {
	needSphinx(t)
	testGenerated(t, "sphinx")
}

// TestSphinxShapes indexes a few hundred generated articles with indexer
// and runs every shape on a real searchd.
func TestSphinxShapes(t *testing.T) {
	needSphinx(t)
	arts := articles(t, 300)
	dir := filepath.Join(t.TempDir(), "sphinx")
	s, err := openers["sphinx"](dir)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Import(context.Background(), arts); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	q, err := queryOpeners["sphinx"](dir)
	if err != nil {
		t.Fatal(err)
	}
	defer func() {
		if err := q.Close(); err != nil {
			t.Errorf("Close: %v", err)
		}
	}()
	checkShapes(t, q, arts)
	checkSphinxCounts(t, q.(*sphinxQuerier), arts)
}

// checkSphinxCounts holds the actor filter, the date range and the
// topic and year facets to counts made by hand, without text, so that
// stemming plays no part: every count must be exact.
func checkSphinxCounts(t *testing.T, q *sphinxQuerier, arts []index.Article) {
	t.Helper()
	terms := chooseTerms(arts)
	filtered := shape{Kind: kindAll, Actor: terms.Actor, From: terms.From, To: terms.To, Page: 1}
	want := 0
	for _, a := range arts {
		in := !a.Published.Before(terms.From) && a.Published.Before(terms.To.AddDate(0, 0, 1))
		if in && slices.ContainsFunc(a.Actors, func(x index.Actor) bool { return x.Name == terms.Actor }) {
			want++
		}
	}
	r, err := q.Query(context.Background(), filtered)
	if err != nil {
		t.Fatal(err)
	}
	if r.Total != uint64(want) || want == 0 {
		t.Errorf("actor %q, %s to %s: total %d, want %d (and some)", terms.Actor,
			terms.From.Format(time.DateOnly), terms.To.Format(time.DateOnly), r.Total, want)
	}

	topics, years := map[string]int{}, map[string]int{}
	for _, a := range arts {
		for _, tp := range a.Topics {
			topics[tp]++
		}
		years[strconv.Itoa(a.Published.UTC().Year())]++
	}
	stmts := sphinxStatements(shape{Kind: kindAll, Page: 1}, 0, q.sizes)
	tests := []struct {
		name  string
		stmt  string
		names []string
		want  map[string]int
	}{
		{"topic", stmts[5], q.dict.Topics, topics},
		{"year", stmts[6], nil, years},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rows, err := q.db.Query(tt.stmt)
			if err != nil {
				t.Fatal(err)
			}
			defer rows.Close()
			got := map[string]int{}
			for rows.Next() {
				var v uint64
				var n int
				if err := rows.Scan(&v, &n); err != nil {
					t.Fatal(err)
				}
				got[dictName(tt.names, v)] = n
			}
			if err := rows.Err(); err != nil {
				t.Fatal(err)
			}
			if !maps.Equal(got, tt.want) {
				t.Errorf("%s facet = %v, want %v", tt.name, got, tt.want)
			}
		})
	}
}

// TestRunSphinx runs the command with the sphinx peer: where the
// binaries are missing it is left out with a note, and where they are
// installed its import row has the indexer's memory and its column is
// in the latency table with the note on its facets.
func TestRunSphinx(t *testing.T) {
	in := writeJSONL(t, handArticles())
	tests := []struct {
		name     string
		missing  bool
		want     []string
		wantNot  []string
		wantRows int
	}{
		{"missing", true, []string{"sphinx was left out", "| bleve |"}, []string{"| sphinx |", "### Query latency"}, 0},
		{"installed", false, []string{"| sphinx | 3 |", "| bleve | sphinx | matches |", "sphinx's facets are exact"}, []string{"left out"}, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			args := []string{"run", "--input", in, "--peers", "bleve,sphinx", "--dir", t.TempDir(), "--skip", "queries,http"}
			if tt.missing {
				t.Setenv("PATH", t.TempDir())
			} else {
				needSphinx(t)
				args = append(args[:len(args)-1], "http", "--queries", "2", "--repeat", "1")
			}
			var stdout, stderr bytes.Buffer
			if err := run(context.Background(), args, &stdout, &stderr); err != nil {
				t.Fatalf("run(%q) error = %v; stderr:\n%s", args, err, stderr.String())
			}
			out := stdout.String()
			for _, w := range tt.want {
				if !strings.Contains(out, w) {
					t.Errorf("report lacks %q:\n%s", w, out)
				}
			}
			for _, w := range tt.wantNot {
				if strings.Contains(out, w) {
					t.Errorf("report holds %q:\n%s", w, out)
				}
			}
			var row string
			for _, l := range strings.Split(out, "\n") {
				if strings.HasPrefix(l, "| sphinx | 3 |") {
					row = l
				}
			}
			if tt.wantRows == 1 {
				if f := strings.Split(row, "|"); len(f) != 9 || !strings.HasSuffix(strings.TrimSpace(f[6]), "MB") || strings.TrimSpace(f[6]) == "0.0 MB" {
					t.Errorf("import row = %q, want the indexer's peak RSS in MB", row)
				}
			}
		})
	}
}
