package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestActorsAudit imports a few JSON Lines stories with the source's own
// actors (no extraction) and checks that the audit lists each kind's
// actors by the number of articles naming them, and refuses bad flags.
func TestActorsAudit(t *testing.T) {
	dir := t.TempDir()
	data := filepath.Join(dir, "data")
	in := filepath.Join(dir, "in.jsonl")
	stories := `{"id":"1","title":"One","actors":[{"name":"Ronald Reagan","kind":"person"},{"name":"OPEC","kind":"organization"},{"name":"Japan","kind":"place"}]}
{"id":"2","title":"Two","actors":[{"name":"Ronald Reagan","kind":"person"},{"name":"Japan","kind":"place"}]}
{"id":"3","title":"Three","actors":[{"name":"Nigel Lawson","kind":"person"},{"name":"Japan","kind":"place"}]}
`
	if err := os.WriteFile(in, []byte(stories), 0o644); err != nil {
		t.Fatal(err)
	}
	getenv := func(string) string { return "" }
	var out, errOut bytes.Buffer
	if err := run(context.Background(), []string{"import", "--data", data, "--extract=false", in}, getenv, nil, &out, &errOut); err != nil {
		t.Fatalf("import: %v\n%s", err, errOut.String())
	}

	tests := []struct {
		name    string
		args    []string
		want    []string // lines of the output, in order, spaces folded
		wantErr string
	}{
		{"all kinds", []string{"--top", "2"}, []string{
			"person: top 2, by the number of articles naming them (3 searched)", "1 2 Ronald Reagan", "2 1 Nigel Lawson", "",
			"organization: top 2, by the number of articles naming them (3 searched)", "1 1 OPEC", "",
			"place: top 2, by the number of articles naming them (3 searched)", "1 3 Japan"}, ""},
		{"one kind", []string{"--kind", "person", "--top", "1"}, []string{"person: top 1, by the number of articles naming them (3 searched)", "1 2 Ronald Reagan"}, ""},
		{"within a query", []string{"--kind", "person", "--q", "title:three"}, []string{"person: top 100, by the number of articles naming them (1 searched)", "1 1 Nigel Lawson"}, ""},
		{"bad kind", []string{"--kind", "animal"}, nil, "--kind"},
		{"bad top", []string{"--top", "0"}, nil, "--top"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out, errOut bytes.Buffer
			err := run(context.Background(), append([]string{"actors", "--data", data}, tt.args...), getenv, nil, &out, &errOut)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("error = %v, want one naming %s", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("actors: %v\n%s", err, errOut.String())
			}
			var got []string
			for _, l := range strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n") {
				got = append(got, strings.Join(strings.Fields(l), " "))
			}
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("output:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
}

// TestActorCorrections records corrections with the actors command and
// checks that they change the articles at once and survive a reindex.
func TestActorCorrections(t *testing.T) {
	dir := t.TempDir()
	data := filepath.Join(dir, "data")
	in := filepath.Join(dir, "in.jsonl")
	stories := `{"id":"1","title":"Talks","body":"Ronald Reagan met Yasuhiro Nakasone in Tokyo, Reuters reported."}
{"id":"2","title":"Summit","body":"President Ronald Reagan spoke in Washington on Monday, Reuters said."}
{"id":"3","title":"Trade","body":"Reagan and Nakasone agreed on trade in Tokyo."}
`
	if err := os.WriteFile(in, []byte(stories), 0o644); err != nil {
		t.Fatal(err)
	}
	getenv := func(string) string { return "" }
	cli := func(args ...string) string {
		t.Helper()
		var out, errOut bytes.Buffer
		if err := run(context.Background(), args, getenv, nil, &out, &errOut); err != nil {
			t.Fatalf("%v: %v\n%s", args, err, errOut.String())
		}
		return out.String()
	}
	cli("import", "--data", data, "--quiet", in)
	list := func(kind string) string {
		return cli("actors", "--data", data, "--kind", kind)
	}
	if got := list("place"); !strings.Contains(got, "Tokyo") {
		t.Fatalf("before corrections, places:\n%s", got)
	}

	cli("actors", "rename", "--data", data, "Ronald Reagan", "President Reagan")
	cli("actors", "never", "--data", data, "Tokyo")
	cli("actors", "kind", "--data", data, "Washington", "person")
	check := func(when string) {
		t.Helper()
		people, places := list("person"), list("place")
		for _, tt := range []struct {
			list, name string
			want       bool
		}{
			{people, "President Reagan", true},
			{people, "Ronald Reagan", false},
			{places, "Tokyo", false},
			{people, "Washington", true},
			{places, "Washington", false},
		} {
			if listed(tt.list, tt.name) != tt.want {
				t.Errorf("%s: %q listed = %v, want %v, in:\n%s", when, tt.name, !tt.want, tt.want, tt.list)
			}
		}
	}
	check("after the corrections")
	if got := cli("actors", "--data", data, "--kind", "person", "--jsonl"); !strings.Contains(got, `"name":"President Reagan","kind":"person","aliases":["Ronald Reagan"]`) {
		t.Errorf("--jsonl:\n%s", got)
	}
	// Re-extraction goes over the whole archive, without the files.
	if got, want := cli("reindex", "--data", data, "--quiet"), "re-extracted 3 articles"; !strings.Contains(got, want) {
		t.Errorf("reindex = %q, want %q", got, want)
	}
	check("after a reindex")

	var errOut bytes.Buffer
	if err := run(context.Background(), []string{"actors", "kind", "--data", data, "Tokyo", "animal"}, getenv, nil, &bytes.Buffer{}, &errOut); err == nil || !strings.Contains(err.Error(), "animal") {
		t.Errorf("a bad kind: error = %v, want one naming it", err)
	}
}

// listed reports whether the actors command's table lists name as an
// actor (not as another's alias).
func listed(table, name string) bool {
	for _, l := range strings.Split(table, "\n") {
		f := strings.Fields(l)
		if len(f) < 3 {
			continue
		}
		value, _, _ := strings.Cut(strings.Join(f[2:], " "), " (also ")
		if value == name {
			return true
		}
	}
	return false
}
