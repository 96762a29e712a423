package importer

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/newsarchive/newsarchive/index"
)

// TestImportOneBadFileNeverStopsTheRest imports a folder in which most
// files are damaged, each in its own way, between good ones: every good
// article must go in, and every damaged record must be listed by its
// file:line (or its file, when the whole file is not an article).
func TestImportOneBadFileNeverStopsTheRest(t *testing.T) {
	dir := t.TempDir()
	prose := "Farmers in the region reported that the harvest was larger than expected this year."
	files := []struct{ name, content string }{
		{"a-good.txt", "Harvest beats forecasts\n\n" + prose + "\n"},
		{"b-empty.txt", ""},
		{"c-png.txt", "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"},
		{"d-cut.jsonl", `{"id":"d1","title":"Before the cut","body":"` + prose + `"}` + "\n" + `{"id":"d2","title":"Cut`},
		{"e-huge.jsonl", `{"id":"e1","title":"Before the long line"}` + "\n" + `{"title":"` + strings.Repeat("x", 17<<20) + `"}` + "\n" + `{"id":"e3","title":"After the long line"}` + "\n"},
		{"f-cut.sgm", "<!DOCTYPE lewis SYSTEM \"lewis.dtd\">\n<REUTERS NEWID=\"9\">\n<TEXT><TITLE>CUT</TITLE><BODY>Cut short"},
		{"g-latin1.jsonl", "{\"id\":\"g1\",\"title\":\"Caf\xe9 owners protest\",\"body\":\"" + prose + "\"}\r\n"},
		{"h-nul", strings.Repeat("\x00", 64)},
		{"i-good.json", "[\n{\"id\":\"i1\",\"title\":\"From an array\"},\n{\"title\":7}\n]"},
		{"README.txt", "This folder holds damaged files.\n"},
	}
	for _, f := range files {
		write(t, dir, f.name, f.content)
	}
	im, ix := newImporter(t)
	sum, err := im.ImportPaths(context.Background(), []string{dir, filepath.Join(dir, "missing.jsonl")})
	if err != nil {
		t.Fatalf("ImportPaths() = %v, want nil: bad files are reported, not fatal", err)
	}
	var ids []string
	if err := ix.Each(context.Background(), func(a index.Article) error {
		ids = append(ids, a.Title)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	slices.Sort(ids)
	wantTitles := []string{"After the long line", "Before the cut", "Before the long line", "Café owners protest", "From an array", "Harvest beats forecasts"}
	if !slices.Equal(ids, wantTitles) {
		t.Errorf("titles in the index = %q, want %q", ids, wantTitles)
	}
	var got []string
	for _, sk := range sum.Skipped {
		rel, _ := filepath.Rel(dir, sk.Where)
		kind := "broken"
		if sk.NotArticle {
			kind = "not-article"
		}
		got = append(got, rel+" "+kind)
	}
	slices.Sort(got)
	want := []string{"README.txt not-article", "b-empty.txt not-article", "c-png.txt not-article", "d-cut.jsonl:2 broken", "e-huge.jsonl:2 broken", "f-cut.sgm:2 broken", "h-nul not-article", "i-good.json:3 broken", "missing.jsonl broken"}
	if !slices.Equal(got, want) {
		t.Errorf("skipped = %q, want %q", got, want)
	}
	if sum.Files != len(files)-1 || sum.Read != len(wantTitles) || sum.Broken() != 5 {
		t.Errorf("summary: %d files, %d read, %d broken; want %d, %d, 5", sum.Files, sum.Read, sum.Broken(), len(files)-1, len(wantTitles))
	}
}

// TestImportManySmallFiles imports a folder of 10,000 one-story files: all
// must go in, the summary must count them, and the heap must stay far
// below what holding them all at once would take, since the pipeline
// streams.
func TestImportManySmallFiles(t *testing.T) {
	if testing.Short() {
		t.Skip("imports 10,000 files; skipped with -short")
	}
	const n = 10000
	dir := t.TempDir()
	for i := range n {
		sub := filepath.Join(dir, fmt.Sprintf("%02d", i%100))
		if i < 100 {
			if err := os.Mkdir(sub, 0o755); err != nil {
				t.Fatal(err)
			}
		}
		write(t, sub, fmt.Sprintf("story-%05d.txt", i), fmt.Sprintf("Council meeting number %d\n\nThe town council met for the %d time this year to discuss the budget and the roads.\n", i, i))
	}
	im, ix := newImporter(t)
	fdsBefore := openFiles(t)
	var peak uint64
	peakFDs := fdsBefore
	var ms runtime.MemStats
	im.Progress = func(int64, Summary) {
		runtime.ReadMemStats(&ms)
		peak = max(peak, ms.HeapInuse)
		peakFDs = max(peakFDs, openFiles(t))
	}
	start := time.Now()
	sum, err := im.ImportPaths(context.Background(), []string{dir})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("imported %d files in %v; peak heap in use %d MiB; up to %d files open (%d before)", sum.Files, time.Since(start).Round(time.Millisecond), peak>>20, peakFDs, fdsBefore)
	if sum.Files != n || sum.Read != n || sum.Added != n || sum.Updated != 0 || len(sum.Skipped) != 0 {
		t.Errorf("summary: %d files, %d read, %d added, %d updated, %d skipped; want %d, %d, %d, 0, 0",
			sum.Files, sum.Read, sum.Added, sum.Updated, len(sum.Skipped), n, n, n)
	}
	if got, err := ix.Count(); err != nil || got != n {
		t.Errorf("Count() = %d, %v; want %d", got, err, n)
	}
	// Each file is closed once read, not left to the garbage collector:
	// 10,000 open files would hit the process limit on many machines. The
	// index opens a few segment files.
	if peakFDs > fdsBefore+100 {
		t.Errorf("up to %d files open during the import, %d before; files are left open", peakFDs, fdsBefore)
	}
	// The models and Bleve's segments take some tens of MiB; a pipeline
	// that held every article or file would show it past this bound.
	const bound = 512 << 20
	if peak > bound {
		t.Errorf("peak heap in use %d MiB, want under %d MiB", peak>>20, bound>>20)
	}
}

// openFiles counts the process's open file descriptors, on systems that
// list them in /proc or /dev/fd.
func openFiles(t *testing.T) int {
	t.Helper()
	for _, d := range []string{"/proc/self/fd", "/dev/fd"} {
		if ents, err := os.ReadDir(d); err == nil {
			return len(ents)
		}
	}
	t.Skip("cannot count open files on this system")
	return 0
}
