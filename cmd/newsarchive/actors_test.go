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
