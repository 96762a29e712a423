package main

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/newsarchive/newsarchive/index/importer"
)

// status is the exit status main gives for what run returned.
func status(err error) int {
	var ee exitError
	switch {
	case err == nil:
		return 0
	case errors.As(err, &ee):
		return ee.code
	default:
		return 1
	}
}

// TestImportExitStatus runs the import command in-process and checks the
// exit status scripts rely on (README, "Importing"): 0 when everything
// went in, 3 when broken records were skipped, 4 when nothing was an
// article, 1 on a fatal error, 2 on a usage error; and that the summary names each skipped record by
// file:line.
func TestImportExitStatus(t *testing.T) {
	story := "Harvest beats forecasts\n\nFarmers in the region reported that the harvest was larger than expected this year.\n"
	tests := []struct {
		name  string
		files map[string]string
		// args after "import"; DATA and DIR stand for the index and the
		// input folder.
		args       []string
		wantStatus int
		wantOut    []string // substrings of stdout
	}{
		{
			name:       "clean import",
			files:      map[string]string{"a.txt": story, "b.jsonl": `{"id":"b1","title":"Second story"}` + "\n"},
			args:       []string{"--data", "DATA", "DIR"},
			wantStatus: 0,
			wantOut:    []string{"imported 2 articles from 2 files", "2 new, 0 updated, 0 skipped"},
		},
		{
			name:       "files that are not articles do not count",
			files:      map[string]string{"a.txt": story, "README": "About this folder.\n", "empty.txt": "", "logo.png": "\x89PNG\r\n\x1a\n\x00"},
			args:       []string{"--data", "DATA", "DIR"},
			wantStatus: 0,
			wantOut:    []string{"imported 1 articles", "3 skipped", "empty.txt: skipped: empty file"},
		},
		{
			name:       "broken records are skipped and named",
			files:      map[string]string{"a.txt": story, "b.jsonl": `{"id":"b1","title":"Second story"}` + "\n" + `{"id":"b2","title":` + "\n" + `{"id":"b3","title":"Third story"}`},
			args:       []string{"--data", "DATA", "DIR"},
			wantStatus: exitSkipped,
			wantOut:    []string{"imported 3 articles", "1 skipped", "b.jsonl:2: invalid JSON"},
		},
		{
			name:       "a missing path is a broken import",
			files:      map[string]string{"a.txt": story},
			args:       []string{"--data", "DATA", "DIR", "DIR/missing.jsonl"},
			wantStatus: exitSkipped,
			wantOut:    []string{"imported 1 articles", "missing.jsonl: no such file"},
		},
		{
			name:       "index cannot be opened",
			files:      map[string]string{"a.txt": story},
			args:       []string{"--data", "DIR/a.txt", "DIR"},
			wantStatus: 1,
		},
		{
			name:       "batches of one",
			files:      map[string]string{"a.txt": story, "b.jsonl": `{"id":"b1","title":"Second story"}` + "\n"},
			args:       []string{"--data", "DATA", "--batch", "1", "DIR"},
			wantStatus: 0,
			wantOut:    []string{"imported 2 articles from 2 files"},
		},
		{
			name:       "nothing that is an article",
			files:      map[string]string{"blob.bin": "\x00\x01\x02binary", "README": "About this folder.\n"},
			args:       []string{"--data", "DATA", "DIR"},
			wantStatus: exitNothing,
			wantOut:    []string{"imported 0 articles", "2 skipped"},
		},
		{
			name:       "an empty story is listed, not broken",
			files:      map[string]string{"a.txt": story, "r.sgm": "<REUTERS NEWID=\"7\">\n<DATE> 3-APR-1987 07:09:06.48</DATE>\n<TEXT TYPE=\"UNPROC\">&#2;\n&#3;\n\n</TEXT>\n</REUTERS>\n"},
			args:       []string{"--data", "DATA", "DIR"},
			wantStatus: 0,
			wantOut:    []string{"imported 1 articles", "1 skipped"},
		},
		{name: "a batch of none", args: []string{"--data", "DATA", "--batch", "0", "DIR"}, wantStatus: 2},
		{name: "no paths", args: []string{"--data", "DATA"}, wantStatus: 2},
		{name: "unknown flag", args: []string{"--nope", "DIR"}, wantStatus: 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir, data := t.TempDir(), filepath.Join(t.TempDir(), "data")
			for name, content := range tt.files {
				if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			args := []string{"import", "--quiet"}
			for _, a := range tt.args {
				a = strings.Replace(a, "DATA", data, 1)
				args = append(args, strings.Replace(a, "DIR", dir, 1))
			}
			var stdout, stderr bytes.Buffer
			getenv := func(string) string { return "" }
			err := run(context.Background(), args, getenv, strings.NewReader(""), &stdout, &stderr)
			if got := status(err); got != tt.wantStatus {
				t.Errorf("exit status %d (%v), want %d\nstdout:\n%s\nstderr:\n%s", got, err, tt.wantStatus, &stdout, &stderr)
			}
			for _, want := range tt.wantOut {
				if !strings.Contains(stdout.String(), want) {
					t.Errorf("stdout does not contain %q:\n%s", want, &stdout)
				}
			}
		})
	}
}

func TestImportDescription(t *testing.T) {
	for _, tt := range []struct {
		read        int
		secs        float64
		done, total int64
		want        string
	}{
		{0, 0, 0, 100, "importing: 0 articles"},
		{12345, 8.34, 250, 1000, "importing: 12,345 articles, 1,480/s, 25s left"},
		{1234567, 1000, 1000, 1000, "importing: 1,234,567 articles, 1,234/s"},
	} {
		s := importerSummary(tt.read, tt.secs)
		if got := importDescription(s, tt.done, tt.total); got != tt.want {
			t.Errorf("importDescription(%d articles, %gs, %d/%d bytes) = %q, want %q", tt.read, tt.secs, tt.done, tt.total, got, tt.want)
		}
	}
}

func importerSummary(read int, secs float64) importer.Summary {
	return importer.Summary{Read: read, Elapsed: time.Duration(secs * float64(time.Second))}
}
