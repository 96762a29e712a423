package ingest

import (
	"bufio"
	"bytes"
	"context"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"
)

// fuzzSeeds are inputs of every format, whole and damaged, that start each
// reader's fuzzing from real shapes.
var fuzzSeeds = []string{
	"",
	"\uFEFF",
	"Title\n\nA body paragraph with more than eight words in it.\n",
	"\uFEFFTitle\r\n\r\nA body paragraph with more than eight words in it.\r\n",
	"Transfer fee of \xa35m\n\nM\xfcller signed for \xa35m, a fee the club said was fair.\n",
	"acq\nalum\nbarley\ncocoa\n",
	"Title\nStrategic Military Coordination\nThis paragraph is long enough to count as real prose in a news story.\n",
	`{"id":"a1","title":"First","body":"Para one.\n\nPara two.","published":"2024-03-01T12:00:00Z","authors":["Ann Lee"],"topics":["economy"]}` + "\n" + `{"title": "broken",` + "\n",
	`{"link": "https://www.huffpost.com/entry/x", "headline": "Head", "short_description": "Desc.", "authors": "A, B and C", "date": "2022-09-23"}`,
	`{"title":"x","published":"yesterday","authors":5}`,
	`{"title":"T","timestamp":1657513103,"link":"https://t.co/a"}`,
	"[\n{\"title\":\"One\"},\n{\"title\":7},\n{\"title\":\"Two\",\"bo",
	"[]",
	"[{\"title\":\"a\"}] trailing",
	sgmlHead + story1 + storyBrief + storyUnproc,
	sgmlHead + story1[:strings.Index(story1, "<BODY>")] + "\n" + storyBrief,
	"<REUTERS NEWID=\"1\"><TEXT>&#99999999999;&#-1;&#x41;&lt</TEXT></REUTERS>",
	"<REUTERS NEWID=\"2\"><DATE>31-MAR-1987 605:12:19.12</DATE><TEXT><TITLE>T</TITLE><BODY>\n\n Reuter\n</BODY></TEXT></REUTERS>",
	"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
	"{\"title\":\"T\x00wo\"}",
}

// checkItems asserts what every reader promises for any input: no error
// unless emit or the context gave one, articles with an id and a title of
// valid UTF-8 on one line, and skips that name the file, and the line when
// they have one, within the input.
func checkItems(t *testing.T, name string, in []byte, read func(emit func(Item) error) error) {
	t.Helper()
	lines := bytes.Count(in, []byte("\n")) + 1
	err := read(func(it Item) error {
		if it.Err != nil {
			if it.Article.ID != "" || it.Article.Title != "" {
				t.Errorf("%s: skip with an article %+v", it.Where, it.Article)
			}
			if it.Where != name {
				rest, ok := strings.CutPrefix(it.Where, name+":")
				n, err := strconv.Atoi(rest)
				if !ok || err != nil || n < 1 || n > lines {
					t.Errorf("skip at %q, want %s or %s:LINE with LINE from 1 to %d (%v)", it.Where, name, name, lines, it.Err)
				}
			}
			return nil
		}
		a := it.Article
		if a.ID == "" || a.Title == "" {
			t.Errorf("%s: article without id or title: %+v", it.Where, a)
		}
		if a.Title != strings.Join(strings.Fields(a.Title), " ") {
			t.Errorf("%s: title %q has spaces to collapse", it.Where, a.Title)
		}
		for field, s := range map[string]string{"id": a.ID, "title": a.Title, "body": a.Body, "dateline": a.Dateline, "source": a.Source, "url": a.URL} {
			if !utf8.ValidString(s) {
				t.Errorf("%s: %s %q is not valid UTF-8", it.Where, field, s)
			}
		}
		if !strings.HasPrefix(it.Where, name) {
			t.Errorf("article at %q, want it within %s", it.Where, name)
		}
		return nil
	})
	if err != nil {
		t.Errorf("read(%q) = %v, want nil: a bad input is reported, not returned", in, err)
	}
}

// readerSize is small so that lines longer than the buffer, which real
// files have, are common in fuzzed input.
const readerSize = 16

func FuzzReadText(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		checkItems(t, "f.txt", in, func(emit func(Item) error) error {
			return readText("f.txt", bytes.NewReader(in), emit)
		})
		a, err := ParseText(Clean(in))
		if err == nil && len(a.Title) > maxTitleLen {
			t.Errorf("title of %d bytes, over the %d limit", len(a.Title), maxTitleLen)
		}
	})
}

func FuzzReadJSONL(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		checkItems(t, "f.jsonl", in, func(emit func(Item) error) error {
			return readJSONL(context.Background(), "f.jsonl", bufio.NewReaderSize(bytes.NewReader(in), readerSize), emit)
		})
		checkItems(t, "f.json", in, func(emit func(Item) error) error {
			return readJSONArray(context.Background(), "f.json", bufio.NewReaderSize(bytes.NewReader(in), readerSize), emit)
		})
	})
}

func FuzzReadReuters(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		checkItems(t, "f.sgm", in, func(emit func(Item) error) error {
			return readReuters(context.Background(), "f.sgm", bufio.NewReaderSize(bytes.NewReader(in), readerSize), emit)
		})
	})
}

// FuzzRead goes through format detection with every name extension, as an
// import of arbitrary files does.
func FuzzRead(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		for _, name := range []string{"f", "f.txt", "f.jsonl", "f.json", "f.sgm", "f.md", "f.html"} {
			if got := Detect(name, in); got != FormatUnknown && got != FormatText && got != FormatJSONL && got != FormatJSON && got != FormatReuters {
				t.Errorf("Detect(%q) = %q, not a format", name, got)
			}
			checkItems(t, name, in, func(emit func(Item) error) error {
				return Read(context.Background(), name, bytes.NewReader(in), emit)
			})
		}
	})
}

func FuzzClean(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		got := Clean(in)
		if !utf8.ValidString(got) || strings.ContainsRune(got, '\r') {
			t.Errorf("Clean(%q) = %q: want valid UTF-8 without CR", in, got)
		}
		if utf8.Valid(in) && !bytes.ContainsRune(in, '\r') && got != string(bytes.TrimPrefix(in, bom)) {
			t.Errorf("Clean(%q) = %q changed valid text", in, got)
		}
	})
}
