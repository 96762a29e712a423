package web_test

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/newsarchive/newsarchive/index"
	"github.com/newsarchive/newsarchive/index/bleve"
	"github.com/newsarchive/newsarchive/index/extract"
	"github.com/newsarchive/newsarchive/index/importer"
	"github.com/newsarchive/newsarchive/web"
)

// actorStories name actors in several ways: capitals, a surname alone, a
// short form their texts define.
var actorStories = []index.Article{
	{ID: "1", Title: "Talks on trade", Body: "Reagan said the talks in Tokyo would go on."},
	{ID: "2", Title: "Summit", Body: "President Ronald Reagan spoke in Washington on Monday."},
	{ID: "3", Title: "Trade accord", Body: "Ronald Reagan met Yasuhiro Nakasone in Tokyo."},
	{ID: "4", Title: "REAGAN PRAISES ACCORD", Body: "REAGAN PRAISED THE ACCORD.\n\nReagan and Nakasone agreed on trade."},
	{ID: "5", Title: "Quotas stay", Body: "The International Coffee Organization (ICO) met in London. The ICO said quotas stay."},
	{ID: "6", Title: "Delegates meet", Body: "Delegates of the International Coffee Organization (ICO) met again. ICO officials said little."},
	{ID: "7", Title: "Council to meet in March", Body: "The ICO council will meet in March, delegates in London said."},
	{ID: "8", Title: "Producers ask for quotas", Body: "Producers asked the ICO to restore quotas, traders said."},
}

func actorServer(t *testing.T) *httptest.Server {
	t.Helper()
	ix, err := bleve.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	ex, err := extract.New()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := importer.New(ix, ex).Import(context.Background(), actorStories); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(web.New(ix, slog.New(slog.NewTextHandler(io.Discard, nil))).Handler())
	t.Cleanup(srv.Close)
	return srv
}

func getJSON(t *testing.T, u string, wantStatus int, v any) {
	t.Helper()
	resp, err := http.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != wantStatus {
		t.Fatalf("GET %s: status %d, want %d", u, resp.StatusCode, wantStatus)
	}
	if err := json.NewDecoder(resp.Body).Decode(v); err != nil {
		t.Fatalf("GET %s: %v", u, err)
	}
}

func TestAPIActor(t *testing.T) {
	srv := actorServer(t)
	tests := []struct {
		name, wantName, wantKind, wantAlias string
	}{
		{"REAGAN", "Ronald Reagan", "person", "Reagan"},
		{"reagan", "Ronald Reagan", "person", "Reagan"},
		{"Ronald Reagan", "Ronald Reagan", "person", "Reagan"},
		{"ICO", "International Coffee Organization", "organization", "ICO"},
		{"international coffee organization", "International Coffee Organization", "organization", "ICO"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got web.ActorInfo
			getJSON(t, srv.URL+"/api/actors/"+url.PathEscape(tt.name), http.StatusOK, &got)
			if got.Name != tt.wantName || got.Kind != tt.wantKind || !slices.Contains(got.Aliases, tt.wantAlias) || got.Articles < 3 {
				t.Errorf("got %+v, want %s (%s) with alias %s in 3 articles or more", got, tt.wantName, tt.wantKind, tt.wantAlias)
			}
		})
	}
	t.Run("unknown", func(t *testing.T) {
		var got web.ErrorResponse
		getJSON(t, srv.URL+"/api/actors/Nobody%20Atall", http.StatusNotFound, &got)
		if got.Error.Code != "not_found" || !strings.Contains(got.Error.Message, `"Nobody Atall"`) {
			t.Errorf("error = %+v, want not_found naming the actor", got.Error)
		}
	})
}

func TestAPIActors(t *testing.T) {
	srv := actorServer(t)
	for _, tt := range []struct{ q, want string }{{"reag", "Ronald Reagan"}, {"REA", "Ronald Reagan"}, {"ico", "International Coffee Organization"}, {"coffee", "International Coffee Organization"}} {
		t.Run(tt.q, func(t *testing.T) {
			var got web.ActorsResponse
			getJSON(t, srv.URL+"/api/actors?q="+tt.q, http.StatusOK, &got)
			if len(got.Actors) != 1 || got.Actors[0].Name != tt.want {
				t.Errorf("actors = %+v, want %s alone", got.Actors, tt.want)
			}
		})
	}
	t.Run("bad limit", func(t *testing.T) {
		var got web.ErrorResponse
		getJSON(t, srv.URL+"/api/actors?limit=0", http.StatusBadRequest, &got)
		if got.Error.Param != "limit" {
			t.Errorf("param = %q, want limit", got.Error.Param)
		}
	})
	t.Run("suggested once", func(t *testing.T) {
		var got web.SuggestResponse
		getJSON(t, srv.URL+"/api/suggest?q=Reag", http.StatusOK, &got)
		var actors []string
		for _, s := range got.Suggestions {
			if s.Type == "actor" {
				actors = append(actors, s.Text)
			}
		}
		if !slices.Equal(actors, []string{"Ronald Reagan"}) {
			t.Errorf("suggested actors = %v, want [Ronald Reagan]", actors)
		}
	})
}

// TestActorFilterAnyCase checks that every way of writing an actor is
// one filter, echoed as articles show the actor.
func TestActorFilterAnyCase(t *testing.T) {
	srv := actorServer(t)
	var want web.SearchResponse
	getJSON(t, srv.URL+"/api/search?actor=Ronald+Reagan", http.StatusOK, &want)
	if want.Total < 3 {
		t.Fatalf("actor=Ronald Reagan found %d articles, want 3 or more", want.Total)
	}
	for _, name := range []string{"REAGAN", "reagan", "Reagan", "ronald reagan"} {
		t.Run(name, func(t *testing.T) {
			var got web.SearchResponse
			getJSON(t, srv.URL+"/api/search?actor="+url.QueryEscape(name), http.StatusOK, &got)
			if got.Total != want.Total || !slices.Equal(got.Query.Actor, []string{"Ronald Reagan"}) {
				t.Errorf("actor=%s: %d articles, filter %v; want %d, [Ronald Reagan]", name, got.Total, got.Query.Actor, want.Total)
			}
			getJSON(t, srv.URL+"/api/search?q="+url.QueryEscape("actor:"+name), http.StatusOK, &got)
			if got.Total != want.Total {
				t.Errorf("q=actor:%s: %d articles, want %d", name, got.Total, want.Total)
			}
		})
	}
	var ico web.SearchResponse
	getJSON(t, srv.URL+"/api/search?q=actor:ICO", http.StatusOK, &ico)
	if ico.Total != 4 {
		t.Errorf("q=actor:ICO found %d articles, want 4", ico.Total)
	}
}
