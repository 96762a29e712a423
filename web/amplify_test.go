package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/newsarchive/newsarchive/index"
	"github.com/newsarchive/newsarchive/index/extract"
)

// TestFilterValuesCapped checks that an address with more filter values
// than a reader could pick is refused, naming the parameter.
func TestFilterValuesCapped(t *testing.T) {
	ts := newTestServer(t, &fakeSearcher{results: sampleResults()})
	tests := []struct {
		name   string
		params []string // the values go to each in turn
		n      int
		want   int
	}{
		{"actors at the cap", []string{"actor"}, maxFilterValues, http.StatusOK},
		{"actors beyond it", []string{"actor"}, maxFilterValues + 1, http.StatusBadRequest},
		{"exclusions beyond it", []string{"not_topic"}, maxFilterValues + 1, http.StatusBadRequest},
		{"sources beyond it", []string{"source"}, maxFilterValues + 1, http.StatusBadRequest},
		{"every facet at the cap", []string{"actor", "topic", "source", "not_actor", "not_topic", "not_source"}, maxFilterValues, http.StatusOK},
		{"sources and actors together beyond it", []string{"actor", "not_source"}, maxFilterValues + 1, http.StatusBadRequest},
	}
	for _, tt := range tests {
		for _, path := range []string{"/search", "/api/search"} {
			t.Run(tt.name+" "+path, func(t *testing.T) {
				// The API takes only the archive's topics; half of
				// them are required and the other half excluded, as
				// one may not be both.
				topics := extract.TopicSlugs()
				half := len(topics) / 2
				v := url.Values{}
				for i := range tt.n {
					param := tt.params[i%len(tt.params)]
					val := fmt.Sprintf("Name %d", i)
					switch param {
					case "topic":
						val = topics[i%half]
					case "not_topic":
						val = topics[half+i%(len(topics)-half)]
					}
					v.Add(param, val)
				}
				rec := ts.get(t, path+"?"+v.Encode())
				if rec.Code != tt.want {
					t.Fatalf("status %d, want %d", rec.Code, tt.want)
				}
				if tt.want == http.StatusBadRequest && !strings.Contains(rec.Body.String(), fmt.Sprint(maxFilterValues)) {
					t.Errorf("body does not name the limit %d: %.300s", maxFilterValues, rec.Body.String())
				}
			})
		}
	}
}

// TestPageGrowsLinearly checks that the search page grows in proportion
// to its filters: each chip and each chosen facet value removes itself
// through the one search form rather than by a link repeating every
// filter, which made the page grow with their square.
func TestPageGrowsLinearly(t *testing.T) {
	size := func(n int) int {
		res := sampleResults()
		v := url.Values{"q": {"oil"}}
		for i := range n {
			name := fmt.Sprintf("Actor number %03d", i)
			v.Add("actor", name)
			res.Facets.Actor = append(res.Facets.Actor, index.FacetValue{Value: name, Count: 1, Kind: index.Person, Selected: true})
		}
		ts := newTestServer(t, &fakeSearcher{results: res})
		rec := ts.get(t, "/search?"+v.Encode())
		if rec.Code != http.StatusOK {
			t.Fatalf("%d actors: status %d", n, rec.Code)
		}
		return rec.Body.Len()
	}
	s := map[int]int{}
	for _, n := range []int{10, 20, 40, 80} {
		s[n] = size(n)
	}
	// Linear growth adds twice as much from 40 to 80 as from 20 to 40;
	// growth with the square adds four times as much.
	d1, d2 := s[40]-s[20], s[80]-s[40]
	t.Logf("page sizes %v", s)
	if float64(d2) > 2.5*float64(d1) {
		t.Errorf("from 40 to 80 actors the page grew by %d bytes, from 20 to 40 by %d: faster than linear", d2, d1)
	}
}
