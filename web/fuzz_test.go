package web

import (
	"errors"
	"net/url"
	"reflect"
	"testing"

	"github.com/newsarchive/newsarchive/index"
)

// FuzzSearchParams feeds parseSearch the parameters of a search URL, once
// as separate values and once as a raw query string. It must never panic;
// an error must be an *index.QueryError naming a search parameter; what it
// accepts must respect the paging limits, and survive the trip through
// the links built from it unchanged.
func FuzzSearchParams(f *testing.F) {
	f.Add("iran", "Joe Biden", "economy", "", "", "2024-01-01", "2024-12-31", "", "person", "newest", "2", "50", "q=iran&actor=Israel&actor=Iran&sort=oldest")
	f.Add("", "", "", "Iran", "sport", "", "", "2024-03", "", "", "", "", "q=a&q=b")
	f.Add("  oil  ", " a ", "t", "a", "", "2024-02-30", "", "", "robot", "best", "0", "101", "page=10001&size=1")
	f.Add("\xff", "\x00", "", "", "", "2025-01-01", "2024-01-01", "2024", "place", "relevance", "100", "100", "date=2024&from=2024-01-01")
	f.Add("", "", "", "", "", "", "", "99999", "", "", "-1", "+5", "size=%20%2010&page=%ZZ")
	f.Fuzz(func(t *testing.T, q, actor, topic, notActor, notTopic, from, to, date, kind, sort, page, size, raw string) {
		v := url.Values{}
		for k, val := range map[string]string{
			"q": q, "actor": actor, "topic": topic, "not_actor": notActor, "not_topic": notTopic,
			"from": from, "to": to, "date": date, "kind": kind, "sort": sort, "page": page, "size": size,
		} {
			if val != "" {
				v.Set(k, val)
			}
		}
		checkSearchParams(t, v)
		if rv, err := url.ParseQuery(raw); err == nil {
			checkSearchParams(t, rv)
		}
	})
}

func checkSearchParams(t *testing.T, v url.Values) {
	t.Helper()
	p, err := parseSearch(v)
	if err != nil {
		var qe *index.QueryError
		if !errors.As(err, &qe) {
			t.Fatalf("parseSearch(%v) error %T %v, want *index.QueryError", v, err, err)
		}
		if !isSearchKey(qe.Param) {
			t.Fatalf("parseSearch(%v) error names %q, not a search parameter", v, qe.Param)
		}
		return
	}
	q := p.query
	if q.Size < 1 || q.Size > index.MaxPageSize || q.Page < 1 || q.Page*q.Size > index.MaxResultWindow {
		t.Fatalf("parseSearch(%v): page %d of size %d is outside the limits", v, q.Page, q.Size)
	}
	if len(q.Text) > index.MaxQueryLength {
		t.Fatalf("parseSearch(%v): query of %d bytes accepted", v, len(q.Text))
	}
	if !q.From.IsZero() && !q.To.IsZero() && q.To.Before(q.From) {
		t.Fatalf("parseSearch(%v): to %v before from %v", v, q.To, q.From)
	}
	again, err := parseSearch(p.values())
	if err != nil {
		t.Fatalf("parseSearch(%v) = %+v, whose own link %v does not parse: %v", v, p, p.values(), err)
	}
	// A first page is left out of links.
	if p.Page == 1 {
		p.Page = 0
	}
	if !reflect.DeepEqual(again, p) {
		t.Fatalf("round trip through %v:\n got %+v\nwant %+v", p.values(), again, p)
	}
}
