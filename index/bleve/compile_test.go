package bleve

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/keyword"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/standard"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/newsarchive/newsarchive/index"
)

// describeQuery renders a Bleve query compactly, so tests can state the
// structure they expect in one line.
func describeQuery(q query.Query) string {
	boost := func(b *query.Boost) string {
		if b == nil || b.Value() == 1 {
			return ""
		}
		return fmt.Sprintf("^%g", b.Value())
	}
	list := func(qs []query.Query) string {
		parts := make([]string, len(qs))
		for i, q := range qs {
			parts[i] = describeQuery(q)
		}
		return strings.Join(parts, " ")
	}
	switch q := q.(type) {
	case nil:
		return "<nil>"
	case *query.MatchAllQuery:
		return "all"
	case *query.MatchNoneQuery:
		return "none"
	case *query.ConjunctionQuery:
		return "(and " + list(q.Conjuncts) + ")"
	case *query.DisjunctionQuery:
		return "(or " + list(q.Disjuncts) + ")"
	case *query.BooleanQuery:
		return "(bool " + describeQuery(q.Must) + " not " + describeQuery(q.MustNot) + ")"
	case *query.MatchQuery:
		s := fmt.Sprintf("match(%s:%s)", q.FieldVal, q.Match)
		if q.Operator == query.MatchQueryOperatorAnd {
			s = fmt.Sprintf("matchall(%s:%s)", q.FieldVal, q.Match)
		}
		if q.Fuzziness > 0 {
			s += fmt.Sprintf("~%d", q.Fuzziness)
		}
		return s + boost(q.BoostVal)
	case *query.MatchPhraseQuery:
		return fmt.Sprintf("phrase(%s:%s)", q.FieldVal, q.MatchPhrase) + boost(q.BoostVal)
	case *query.TermQuery:
		return fmt.Sprintf("term(%s:%s)", q.FieldVal, q.Term) + boost(q.BoostVal)
	case *query.PrefixQuery:
		return fmt.Sprintf("prefix(%s:%s)", q.FieldVal, q.Prefix) + boost(q.BoostVal)
	case *query.WildcardQuery:
		return fmt.Sprintf("wildcard(%s:%s)", q.FieldVal, q.Wildcard) + boost(q.BoostVal)
	case *query.FuzzyQuery:
		return fmt.Sprintf("fuzzy(%s:%s~%d)", q.FieldVal, q.Term, q.Fuzziness) + boost(q.BoostVal)
	case *query.DateRangeQuery:
		format := func(t time.Time) string {
			switch {
			case t.IsZero():
				return "*"
			case t.Equal(t.Truncate(24 * time.Hour)):
				return t.Format(time.DateOnly)
			}
			return t.Format(time.RFC3339)
		}
		closing := ")"
		if q.InclusiveEnd != nil && *q.InclusiveEnd {
			closing = "]"
		}
		return fmt.Sprintf("date(%s:[%s,%s%s)", q.FieldVal, format(q.Start.Time), format(q.End.Time), closing)
	}
	return fmt.Sprintf("%T", q)
}

func TestCompileTextStructure(t *testing.T) {
	tests := []struct {
		in   string
		want string
	}{
		{"", "all"},
		{"   ", "all"},
		{"iran", "(or match(title:iran)^2 match(body:iran))"},
		{"iran israel", "(and (or match(title:iran)^2 match(body:iran)) (or match(title:israel)^2 match(body:israel)))"},
		{"title:iran OR body:iraq", "(or match(title:iran) match(body:iraq))"},
		{"title:iran^3", "match(title:iran)^3"},
		{"iran^3", "(or match(title:iran)^6 match(body:iran)^3)"},
		{"title:covid-19", "phrase(title:covid-19)"},
		{`title:"oil prices"`, "phrase(title:oil prices)"},
		{`title:"oil prices"~3`, "matchall(title:oil prices)"},
		{`"oil prices"`, "(or phrase(title:oil prices)^2 phrase(body:oil prices))"},
		{`actor:"Joe Biden"`, "matchall(actor_text:Joe Biden)"},
		{"actor:netanyahu", "match(actor_text:netanyahu)"},
		{"source:Reuters", "match(source_text:Reuters)"},
		{"topic:Politics", "term(topic:politics)"},
		{`topic:"Human Interest"`, "term(topic:human-interest)"},
		{"topic:pol*", "prefix(topic:pol)"},
		{"topic:politic~", "fuzzy(topic:politic~2)"},
		{"title:Iran~1", "matchall(title:Iran)~1"},
		{"title:iran~0", "match(title:iran)"},
		{"title:Econ*", "(or prefix(title:econ) match(title:Econ))"},
		{"title:Ec?n*", "wildcard(title:ec?n*)"},
		{"NOT iran", "(bool (and all) not (or (or match(title:iran)^2 match(body:iran))))"},
		{"-title:iran", "(bool (and all) not (or match(title:iran)))"},
		{"title:iran -title:iraq", "(bool (and match(title:iran)) not (or match(title:iraq)))"},
		{"title:iran -title:iraq NOT title:gaza", "(bool (and match(title:iran)) not (or match(title:iraq) match(title:gaza)))"},
		{"-title:iraq -title:gaza", "(bool (and all) not (or match(title:iraq) match(title:gaza)))"},
		{"title:iran OR -title:iraq", "(or match(title:iran) (bool (and all) not (or match(title:iraq))))"},
		{"date:2024", "date(published:[2024-01-01,2025-01-01))"},
		{"published:2024-02", "date(published:[2024-02-01,2024-03-01))"},
		{"date:[2020-01-01 TO 2020-12-31]", "date(published:[2020-01-01,2021-01-01))"},
		// An open side ends where Bleve's dates do, as does a bound beyond.
		{"date:>=2020", "date(published:[2020-01-01,2262-04-11T11:59:59Z])"},
		{"date:<2021", "date(published:[1677-12-01,2021-01-01))"},
		{"date:<1500", "none"},
		{"date:>=2300", "none"},
		{"date:>=1500", "date(published:[1677-12-01,2262-04-11T11:59:59Z])"},
		{"date:[1500 TO 2000]", "date(published:[1677-12-01,2001-01-01))"},
		{"date:[2000 TO 9999]", "date(published:[2000-01-01,2262-04-11T11:59:59Z])"},
		{"date:<0001", "none"},
		{"date:>=0001", "date(published:[1677-12-01,2262-04-11T11:59:59Z])"},
		// stop words constrain nothing
		{"title:war title:and title:peace", "(and match(title:war) match(title:peace))"},
		{"the", "none"},
		{"title:iran OR title:the", "match(title:iran)"},
		{"title:iran -title:the", "match(title:iran)"},
		{`"the"`, "none"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			q, err := compileText(tt.in)
			if err != nil {
				t.Fatalf("compileText(%q): %v", tt.in, err)
			}
			if got := describeQuery(q); got != tt.want {
				t.Errorf("compileText(%q) =\n  %s\nwant\n  %s", tt.in, got, tt.want)
			}
		})
	}
}

func TestCompileTextDateRangeBounds(t *testing.T) {
	q, err := compileText("date:2024-03")
	if err != nil {
		t.Fatal(err)
	}
	dr, ok := q.(*query.DateRangeQuery)
	if !ok {
		t.Fatalf("compileText gave %T, want *query.DateRangeQuery", q)
	}
	if dr.InclusiveStart == nil || !*dr.InclusiveStart {
		t.Errorf("InclusiveStart = %v, want true", dr.InclusiveStart)
	}
	if dr.InclusiveEnd == nil || *dr.InclusiveEnd {
		t.Errorf("InclusiveEnd = %v, want false", dr.InclusiveEnd)
	}
	wantStart := time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC)
	wantEnd := time.Date(2024, 4, 1, 0, 0, 0, 0, time.UTC)
	if !dr.Start.Equal(wantStart) || !dr.End.Equal(wantEnd) {
		t.Errorf("range = %v to %v, want %v to %v", dr.Start.Time, dr.End.Time, wantStart, wantEnd)
	}
}

func TestCompileTextErrors(t *testing.T) {
	tests := []struct {
		in      string
		pos     int
		wantMsg string
	}{
		{`iran "oil prices`, 5, "missing closing quote for the phrase that starts at position 6"},
		{"(iran", 0, "missing closing parenthesis"},
		{"iran)", 4, "closing parenthesis without a matching opening one"},
		{"iran AND", 5, "nothing after AND"},
		{"()", 0, "empty parentheses"},
		{"iran foo:bar", 5, `unknown field "foo"`},
		{"iran~5", 4, "fuzziness must be 0, 1 or 2"},
		{"iran^0", 4, "a boost must be a number above 0"},
		{"i*", 0, "prefix too short"},
		{"*ran", 0, "not supported"},
		{"date:2024-13", 5, "is not a date"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			q, err := compileText(tt.in)
			if err == nil {
				t.Fatalf("compileText(%q) = %s, want an error", tt.in, describeQuery(q))
			}
			var qe *index.QueryError
			if !errors.As(err, &qe) {
				t.Fatalf("compileText(%q) error is %T, want *QueryError", tt.in, err)
			}
			if qe.Param != "q" {
				t.Errorf("Param = %q, want %q", qe.Param, "q")
			}
			if qe.Pos != tt.pos {
				t.Errorf("Pos = %d, want %d (%v)", qe.Pos, tt.pos, qe)
			}
			if !strings.Contains(qe.Msg, tt.wantMsg) {
				t.Errorf("Msg = %q, want it to contain %q", qe.Msg, tt.wantMsg)
			}
		})
	}
}

func TestCompileTextErrorsListEveryProblem(t *testing.T) {
	tests := []struct {
		in   string
		want []index.QueryProblem
	}{
		{"(oil AND", []index.QueryProblem{
			{Pos: 0, Msg: "missing closing parenthesis for the one opened at position 1"},
			{Pos: 5, Msg: "nothing after AND; add a word after it or remove it"},
		}},
		{"iran)", []index.QueryProblem{{Pos: 4, Msg: "closing parenthesis without a matching opening one"}}},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			_, err := compileText(tt.in)
			var qe *index.QueryError
			if !errors.As(err, &qe) {
				t.Fatalf("compileText(%q) error = %v (%T), want *QueryError", tt.in, err, err)
			}
			if !reflect.DeepEqual(qe.Problems, tt.want) {
				t.Errorf("Problems = %+v, want %+v", qe.Problems, tt.want)
			}
			if qe.Pos != tt.want[0].Pos || qe.Msg != tt.want[0].Msg {
				t.Errorf("Pos, Msg = %d, %q; want the first problem's", qe.Pos, qe.Msg)
			}
		})
	}
}

// compileTestIndex builds an in-memory index with the fields compileText
// aims at, analyzed as the archive's index analyzes them.
func compileTestIndex(t *testing.T) bleve.Index {
	t.Helper()
	field := func(analyzer string) *mapping.FieldMapping {
		f := bleve.NewTextFieldMapping()
		f.Analyzer = analyzer
		f.IncludeTermVectors = true
		return f
	}
	doc := bleve.NewDocumentStaticMapping()
	doc.AddFieldMappingsAt("title", field(en.AnalyzerName))
	doc.AddFieldMappingsAt("body", field(en.AnalyzerName))
	doc.AddFieldMappingsAt("actor_text", field(standard.Name))
	doc.AddFieldMappingsAt("source_text", field(standard.Name))
	doc.AddFieldMappingsAt("topic", field(keyword.Name))
	doc.AddFieldMappingsAt("published", bleve.NewDateTimeFieldMapping())
	m := bleve.NewIndexMapping()
	m.DefaultMapping = doc
	m.DefaultAnalyzer = en.AnalyzerName

	ix, err := bleve.NewMemOnly(m)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	docs := map[string]map[string]any{
		"iran-oil": {
			"title": "Iran raises oil prices", "body": "Tehran said on Monday that crude prices would rise.",
			"actor_text": []string{"Iran", "OPEC"}, "source_text": "Reuters", "topic": []string{"economy"},
			"published": time.Date(2024, 3, 4, 10, 0, 0, 0, time.UTC),
		},
		"israel-gaza": {
			"title": "Israel and Gaza talks", "body": "Benjamin Netanyahu met envoys as the war and peace talks resumed.",
			"actor_text": []string{"Benjamin Netanyahu", "Israel"}, "source_text": "BBC News", "topic": []string{"conflict", "politics"},
			"published": time.Date(2023, 11, 20, 0, 0, 0, 0, time.UTC),
		},
		"biden-iran": {
			"title": "Biden warns Iran", "body": "President Joe Biden said prices of oil were not the issue. Covid-19 rules ended.",
			"actor_text": []string{"Joe Biden", "Iran"}, "source_text": "Associated Press", "topic": []string{"politics"},
			"published": time.Date(2024, 12, 31, 23, 0, 0, 0, time.UTC),
		},
		"football": {
			"title": "United win the derby", "body": "Running late, the team scored twice in the second half.",
			"source_text": "BBC Sport", "topic": []string{"sport", "human-interest"},
			"published": time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC),
		},
	}
	for id, d := range docs {
		if err := ix.Index(id, d); err != nil {
			t.Fatal(err)
		}
	}
	return ix
}

func TestCompileTextSearch(t *testing.T) {
	ix := compileTestIndex(t)
	tests := []struct {
		in   string
		want []string
	}{
		{"", []string{"biden-iran", "football", "iran-oil", "israel-gaza"}},
		{"iran", []string{"biden-iran", "iran-oil"}},
		{"IRAN", []string{"biden-iran", "iran-oil"}},
		{"iran oil", []string{"biden-iran", "iran-oil"}},
		{"iran tehran", []string{"iran-oil"}},
		{"iran OR israel", []string{"biden-iran", "iran-oil", "israel-gaza"}},
		{"iran -biden", []string{"iran-oil"}},
		{"iran AND NOT biden", []string{"iran-oil"}},
		{"-iran", []string{"football", "israel-gaza"}},
		{"NOT (iran OR israel)", []string{"football"}},
		{"(iran OR israel) talks", []string{"israel-gaza"}},
		{"war and peace", []string{"israel-gaza"}},
		{`"oil prices"`, []string{"iran-oil"}},
		{`"prices oil"~3`, []string{"biden-iran", "iran-oil"}},
		{`"peace talks"`, []string{"israel-gaza"}},
		{"title:iran", []string{"biden-iran", "iran-oil"}},
		{"body:iran", nil},
		{"title:(biden OR israel)", []string{"biden-iran", "israel-gaza"}},
		{"actor:netanyahu", []string{"israel-gaza"}},
		{`actor:"Joe Biden"`, []string{"biden-iran"}},
		// Name fields keep no word places: a phrase asks for its words.
		{`actor:"Biden Joe"`, []string{"biden-iran"}},
		{"source:bbc", []string{"football", "israel-gaza"}},
		{"topic:politics", []string{"biden-iran", "israel-gaza"}},
		{"topic:Human-Interest", []string{"football"}},
		{`topic:"human interest"`, []string{"football"}},
		{"topic:pol*", []string{"biden-iran", "israel-gaza"}},
		{"tehr*", []string{"iran-oil"}},
		{"running*", []string{"football"}},
		{"te?ran", []string{"iran-oil"}},
		{"netanyahoo~", []string{"israel-gaza"}},
		{"netanyahoo", nil},
		{"covid-19", []string{"biden-iran"}},
		{"date:2024", []string{"biden-iran", "iran-oil"}},
		{"date:2024-03", []string{"iran-oil"}},
		{"date:2024-12-31", []string{"biden-iran"}},
		{"date:[2020-01-01 TO 2023-12-31]", []string{"football", "israel-gaza"}},
		{"date:<2024", []string{"football", "israel-gaza"}},
		{"date:>2023", []string{"biden-iran", "iran-oil"}},
		{"date:[2023-11 TO *]", []string{"biden-iran", "iran-oil", "israel-gaza"}},
		{"iran date:2024-03", []string{"iran-oil"}},
		{"date:(2020 OR 2023)", []string{"football", "israel-gaza"}},
		{"date:<1000", nil},
		// Dates beyond what Bleve compares (1677-12-01 to 2262-04-11).
		{"date:0001", nil},
		{"date:<0001", nil},
		{"date:{* TO 0001-01-01}", nil},
		{"date:<=1677-11", nil},
		{"date:9999", nil},
		{"date:>2262-04-11", nil},
		{"date:>=0001", []string{"biden-iran", "football", "iran-oil", "israel-gaza"}},
		{"date:[1600 TO 9999-12-31]", []string{"biden-iran", "football", "iran-oil", "israel-gaza"}},
		{"date:[2024 TO 9999]", []string{"biden-iran", "iran-oil"}},
		{"date:[* TO 9999]", []string{"biden-iran", "football", "iran-oil", "israel-gaza"}},
		{"date:[0001 TO 2020]", []string{"football"}},
		{"date:<2262-04-12 date:>1677-09-21", []string{"biden-iran", "football", "iran-oil", "israel-gaza"}},
		{"the", nil},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			q, err := compileText(tt.in)
			if err != nil {
				t.Fatalf("compileText(%q): %v", tt.in, err)
			}
			req := bleve.NewSearchRequestOptions(q, 10, 0, false)
			res, err := ix.SearchInContext(context.Background(), req)
			if err != nil {
				t.Fatalf("search %q (%s): %v", tt.in, describeQuery(q), err)
			}
			var got []string
			for _, h := range res.Hits {
				got = append(got, h.ID)
			}
			sort.Strings(got)
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("search %q (%s) = %q, want %q", tt.in, describeQuery(q), got, tt.want)
			}
		})
	}
}

func TestCompileTextTitleRanksFirst(t *testing.T) {
	ix := compileTestIndex(t)
	q, err := compileText("tehran OR iran")
	if err != nil {
		t.Fatal(err)
	}
	res, err := ix.Search(bleve.NewSearchRequest(q))
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Hits) == 0 || res.Hits[0].ID != "iran-oil" {
		t.Errorf("first hit for %q = %v, want iran-oil (title and body match)", "tehran OR iran", res.Hits)
	}
}
