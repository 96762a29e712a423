package web_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"reflect"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"github.com/newsarchive/newsarchive/web"
)

// TestBadQueryOnRealIndex checks that a query that does not parse names
// every problem, on the page and in JSON, and offers its words as a
// search that runs.
func TestBadQueryOnRealIndex(t *testing.T) {
	srv := realServer(t)
	tests := []struct {
		name         string
		q            string
		extra        string // other parameters, kept by the plain-words link
		wantMessage  string
		wantCaret    string
		wantProblems []string // the page's list; none for a single problem
		wantJSON     []web.QueryProblem
		wantPlain    string
	}{
		{
			name:        "unclosed parenthesis and dangling AND",
			q:           "(oil AND",
			wantMessage: "The query has 2 problems:",
			wantCaret:   "^    ^",
			wantProblems: []string{
				"At position 1: missing closing parenthesis for the one opened at position 1",
				"At position 6: nothing after AND; add a word after it or remove it",
			},
			wantJSON: []web.QueryProblem{
				{Offset: 0, Message: "missing closing parenthesis for the one opened at position 1"},
				{Offset: 5, Message: "nothing after AND; add a word after it or remove it"},
			},
			wantPlain: "oil",
		},
		{
			name:        "two problems, filters kept",
			q:           `iran) OR "oil title:`,
			extra:       "&topic=economy&page=2",
			wantMessage: "The query has 2 problems:",
			wantCaret:   "    ^    ^",
			wantProblems: []string{
				"At position 5: closing parenthesis without a matching opening one",
				"At position 10: missing closing quote for the phrase that starts at position 10",
			},
			wantJSON: []web.QueryProblem{
				{Offset: 4, Message: "closing parenthesis without a matching opening one"},
				{Offset: 9, Message: "missing closing quote for the phrase that starts at position 10"},
			},
			wantPlain: "iran oil",
		},
		{
			name:        "one problem",
			q:           "iran~7",
			wantMessage: "fuzziness must be 0, 1 or 2, as in iran~1",
			wantCaret:   "    ^",
			wantJSON:    []web.QueryProblem{{Offset: 4, Message: "fuzziness must be 0, 1 or 2, as in iran~1"}},
			wantPlain:   "iran",
		},
		{
			name:        "no words to offer",
			q:           "( AND",
			wantMessage: "The query has 2 problems:",
			wantCaret:   "^ ^",
			wantProblems: []string{
				"At position 1: missing closing parenthesis for the one opened at position 1",
				"At position 3: nothing before AND; add a word before it or remove it",
			},
			wantJSON: []web.QueryProblem{
				{Offset: 0, Message: "missing closing parenthesis for the one opened at position 1"},
				{Offset: 2, Message: "nothing before AND; add a word before it or remove it"},
			},
		},
	}
	for _, tc := range tests {
		target := srv.URL + "/search?q=" + url.QueryEscape(tc.q) + tc.extra
		t.Run(tc.name+" page", func(t *testing.T) {
			resp, err := http.Get(target)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			if resp.StatusCode != http.StatusBadRequest {
				t.Fatalf("status %d, want 400", resp.StatusCode)
			}
			doc, err := goquery.NewDocumentFromReader(resp.Body)
			if err != nil {
				t.Fatal(err)
			}
			if got := strings.TrimSpace(doc.Find(".error .message").Text()); got != tc.wantMessage {
				t.Errorf("message = %q, want %q", got, tc.wantMessage)
			}
			if got := doc.Find(".query-error .caret").Text(); got != tc.wantCaret {
				t.Errorf("caret line = %q, want %q", got, tc.wantCaret)
			}
			var problems []string
			doc.Find(".error ol.problems li").Each(func(_ int, s *goquery.Selection) {
				problems = append(problems, strings.Join(strings.Fields(s.Text()), " "))
			})
			if !reflect.DeepEqual(problems, tc.wantProblems) {
				t.Errorf("problems\n got %q\nwant %q", problems, tc.wantProblems)
			}
			link := doc.Find(".error a.plain-search")
			if tc.wantPlain == "" {
				if link.Length() != 0 {
					t.Errorf("plain-words link %q, want none", link.AttrOr("href", ""))
				}
				return
			}
			if got := link.Text(); got != tc.wantPlain {
				t.Errorf("plain-words link text = %q, want %q", got, tc.wantPlain)
			}
			href := link.AttrOr("href", "")
			u, err := url.Parse(href)
			if err != nil {
				t.Fatal(err)
			}
			want := url.Values{"q": {tc.wantPlain}}
			if strings.Contains(tc.extra, "topic=economy") {
				want.Set("topic", "economy")
			}
			if u.Path != "/search" || !reflect.DeepEqual(u.Query(), want) {
				t.Errorf("plain-words link = %q, want /search with %v", href, want)
			}
			// The link is itself a search that runs.
			getDoc(t, srv.URL+href)
		})
		t.Run(tc.name+" json", func(t *testing.T) {
			resp, err := http.Get(strings.Replace(target, "/search?", "/api/search?", 1))
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			if resp.StatusCode != http.StatusBadRequest {
				t.Fatalf("status %d, want 400", resp.StatusCode)
			}
			var got web.ErrorResponse
			if err := json.NewDecoder(resp.Body).Decode(&got); err != nil {
				t.Fatal(err)
			}
			e := got.Error
			if e.Code != "bad_query" || e.Param != "q" || e.Offset == nil || *e.Offset != tc.wantJSON[0].Offset || e.Message != tc.wantJSON[0].Message {
				t.Errorf("error = %+v, want bad_query on q with the first problem as offset and message", e)
			}
			if !reflect.DeepEqual(e.Problems, tc.wantJSON) {
				t.Errorf("problems\n got %+v\nwant %+v", e.Problems, tc.wantJSON)
			}
			if e.PlainQ != tc.wantPlain {
				t.Errorf("plain_q = %q, want %q", e.PlainQ, tc.wantPlain)
			}
		})
	}
}
