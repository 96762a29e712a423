package ingest

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/newsarchive/newsarchive/index"
)

// read runs Read on an inline fixture and splits the items.
func read(t *testing.T, name, input string) (arts []index.Article, errs []Item) {
	t.Helper()
	err := Read(context.Background(), name, strings.NewReader(input), func(it Item) error {
		if it.Err != nil {
			errs = append(errs, it)
		} else {
			arts = append(arts, it.Article)
		}
		return nil
	})
	if err != nil {
		t.Fatalf("Read(%s) = %v, want nil", name, err)
	}
	return arts, errs
}

func TestDetect(t *testing.T) {
	tests := []struct {
		name, head string
		want       Format
	}{
		{"reut2-000.sgm", "<!DOCTYPE lewis SYSTEM \"lewis.dtd\">\n<REUTERS", FormatReuters},
		{"x.txt", "\n<REUTERS NEWID=\"1\">", FormatReuters},
		{"x.sgm", "", FormatReuters},
		{"a.jsonl", `{"title":"t"}`, FormatJSONL},
		{"a.txt", "\uFEFF  {\"title\":\"t\"}", FormatJSONL},
		{"a.json", "[\n {", FormatJSON},
		{"a.json", "", FormatJSON},
		{"story.txt", "Title\n\nBody.", FormatText},
		{"story", "Title\n\nBody.", FormatText},
		{"page.html", "<html>", FormatUnknown},
		{"photo.bin", "\x89PNG\r\n\x1a\n\x00\x00", FormatUnknown},
		{"notes.md", "Title\n\nBody.", FormatText},
	}
	for _, tt := range tests {
		t.Run(tt.name+"/"+tt.head, func(t *testing.T) {
			if got := Detect(tt.name, []byte(tt.head)); got != tt.want {
				t.Errorf("Detect(%q, %q) = %q, want %q", tt.name, tt.head, got, tt.want)
			}
		})
	}
}

func TestClean(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"valid", "Caf\u00e9 £5", "Caf\u00e9 £5"},
		{"latin1 pound", "a M\xa315.8m signing", "a M£15.8m signing"},
		{"cp1252 quotes", "\x93quoted\x94 \x80", "“quoted” €"},
		{"stray u-umlaut", "M\xfcller", "Müller"},
		{"bom", "\uFEFFTitle", "Title"},
		{"crlf", "a\r\nb\rc\n", "a\nb\nc\n"},
		{"undefined cp1252 byte", "x\x81y", "x\uFFFDy"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Clean([]byte(tt.in)); got != tt.want {
				t.Errorf("Clean(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestParseText(t *testing.T) {
	long := "This paragraph is long enough to count as real prose in a news story."
	tests := []struct {
		name      string
		in        string
		wantTitle string
		wantBody  string
		wantSkip  bool
	}{
		{
			name:      "blank-line paragraphs, wrapped lines joined",
			in:        "\n  Title here  \n\nFirst line of\nthe first paragraph is long enough.\n\n" + long + "\n",
			wantTitle: "Title here",
			wantBody:  "First line of the first paragraph is long enough.\n\n" + long,
		},
		{
			name:      "one paragraph per line, headings",
			in:        "Title\n" + long + "\nStrategic Military Coordination\n" + long + "\nHe said, stating:\n" + long + "\n",
			wantTitle: "Title",
			wantBody:  long + "\n\n## Strategic Military Coordination\n\n" + long + "\n\nHe said, stating:\n\n" + long,
		},
		{
			name:      "no heading before a lower-case continuation",
			in:        "Title\n\nThe men's race went to form as\n\nthe favourite won it from start to finish in record time.\n",
			wantTitle: "Title",
			wantBody:  "The men's race went to form as\n\nthe favourite won it from start to finish in record time.",
		},
		{
			name:      "no heading at the end or before a shorter line",
			in:        "Title\n\n" + long + "\n\nShort Line Here\n\nTiny Bit\n\nLast Words",
			wantTitle: "Title",
			wantBody:  long + "\n\nShort Line Here\n\nTiny Bit\n\nLast Words",
		},
		{name: "empty", in: " \n\n", wantSkip: true},
		{name: "title only", in: "Just a title\n", wantSkip: true},
		{name: "code list", in: "acq\nalum\nbarley\ncocoa\n", wantSkip: true},
		{name: "indented document", in: "   README\n\n" + strings.Repeat("This line describes the collection and how it was made.\n   Indented.\n", 6), wantSkip: true},
		{name: "data file", in: "Facts about countries\n\nThese are assertions for facts about countries, made available.\n" + strings.Repeat("pred(\"a\",\"b\").\n", 12), wantSkip: true},
		{name: "title too long", in: strings.Repeat("word ", 70) + "\n\n" + long, wantSkip: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := ParseText(tt.in)
			if tt.wantSkip {
				if !errors.Is(err, ErrSkipped) {
					t.Errorf("ParseText() error = %v, want one wrapping ErrSkipped", err)
				}
				return
			}
			if err != nil {
				t.Fatalf("ParseText() error = %v", err)
			}
			if a.Title != tt.wantTitle {
				t.Errorf("Title = %q, want %q", a.Title, tt.wantTitle)
			}
			if a.Body != tt.wantBody {
				t.Errorf("Body = %q\nwant %q", a.Body, tt.wantBody)
			}
			if want := index.ContentID(a.Title, a.Body); a.ID != want {
				t.Errorf("ID = %q, want %q", a.ID, want)
			}
		})
	}
}

func TestReadText(t *testing.T) {
	body := "Chelsea have sacked him after a failed test worth \xa315.8m to the club."
	tests := []struct {
		name, in, wantTitle, wantBody string
	}{
		{"latin1 byte repaired", "Chelsea sack Mutu\n\n" + body + "\n", "Chelsea sack Mutu", strings.Replace(body, "\xa3", "£", 1)},
		{"bom and crlf", "\uFEFFTitle\r\n\r\nA body paragraph with more than eight words in it.\r\n", "Title", "A body paragraph with more than eight words in it."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			arts, errs := read(t, "story.txt", tt.in)
			if len(arts) != 1 || len(errs) != 0 {
				t.Fatalf("got %d articles, errors %v; want 1 article", len(arts), errs)
			}
			if arts[0].Title != tt.wantTitle || arts[0].Body != tt.wantBody {
				t.Errorf("got %q / %q, want %q / %q", arts[0].Title, arts[0].Body, tt.wantTitle, tt.wantBody)
			}
		})
	}
}

// TestReadGzip checks that a gzipped file is read as what it holds, with
// its records named by the file's own name, and that a damaged one is
// reported rather than read as garbage.
func TestReadGzip(t *testing.T) {
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	if _, err := zw.Write([]byte(`{"id":"z1","title":"Zipped","body":"A story."}` + "\n" + `{"id":` + "\n")); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	arts, errs := read(t, "news.jsonl.gz", buf.String())
	if len(arts) != 1 || arts[0].ID != "z1" {
		t.Errorf("articles %+v, want z1", arts)
	}
	if len(errs) != 1 || errs[0].Where != "news.jsonl.gz:2" {
		t.Errorf("errors %v, want the broken line at news.jsonl.gz:2", errs)
	}
	cut := buf.String()[:buf.Len()-12]
	if arts, errs := read(t, "cut.jsonl.gz", cut); len(errs) == 0 {
		t.Errorf("a cut gzip file gave %d articles and no error", len(arts))
	}
	if got := notArticle("news.jsonl.gz"); got != "" {
		t.Errorf("notArticle(news.jsonl.gz) = %q, want a file to read", got)
	}
}

func TestReadEmpty(t *testing.T) {
	for _, name := range []string{"empty.txt", "empty.jsonl", "empty.sgm"} {
		t.Run(name, func(t *testing.T) {
			arts, errs := read(t, name, "\uFEFF\n ")
			if len(arts) != 0 || len(errs) != 1 || !errors.Is(errs[0].Err, ErrSkipped) || errs[0].Where != name {
				t.Errorf("got %d articles, errors %v; want one skip at %s", len(arts), errs, name)
			}
		})
	}
}

func TestReadJSONL(t *testing.T) {
	input := strings.Join([]string{
		`{"id":"a1","title":"First","body":"Para one.\n\nPara two.","published":"2024-03-01T12:00:00Z","authors":["Ann Lee"],"topics":["economy"]}`,
		``,
		`{"title":"No id, a URL","url":"https://example.com/x"}`,
		`{"title": "broken",`,
		`{"title":"No id, no URL","body":"Text."}`,
		`{"body":""}`,
		`{"title":"Bad date","published":"yesterday"}`,
		`{"link": "https://www.huffpost.com/entry/x", "headline": "Head", "category": "U.S. NEWS", "short_description": "Desc.", "authors": "Carla K. Johnson, AP and Ann Lee", "date": "2022-09-23"}`,
		`{"link": "https://www.huffpost.com/entry/y", "headline": "No authors", "category": "WORLD NEWS", "short_description": "", "authors": "", "date": "2022-09-22"}`,
		"{\"title\":\"Latin-1 \xa3 in a line\"}", // last line without a newline
	}, "\n")
	arts, errs := read(t, "in.jsonl", input)

	wantTitles := []string{"First", "No id, a URL", "No id, no URL", "Head", "No authors", "Latin-1 £ in a line"}
	var titles []string
	for _, a := range arts {
		titles = append(titles, a.Title)
	}
	if !slices.Equal(titles, wantTitles) {
		t.Errorf("titles = %q, want %q", titles, wantTitles)
	}
	wantWhere := []string{"in.jsonl:4", "in.jsonl:6", "in.jsonl:7"}
	var where []string
	for _, it := range errs {
		where = append(where, it.Where)
		if errors.Is(it.Err, ErrSkipped) {
			t.Errorf("%s: error %v wraps ErrSkipped; a broken record is a failure", it.Where, it.Err)
		}
	}
	if !slices.Equal(where, wantWhere) {
		t.Errorf("errors at %q, want %q (errors: %v)", where, wantWhere, errs)
	}
	if len(arts) != len(wantTitles) {
		t.FailNow()
	}

	tests := []struct {
		name      string
		got, want any
	}{
		{"kept id", arts[0].ID, "a1"},
		{"published", arts[0].Published, time.Date(2024, 3, 1, 12, 0, 0, 0, time.UTC)},
		{"authors list", arts[0].Authors, []string{"Ann Lee"}},
		{"url id", arts[1].ID, index.URLID("https://example.com/x")},
		{"content id", arts[2].ID, index.ContentID("No id, no URL", "Text.")},
		{"huffpost body", arts[3].Body, "Desc."},
		{"huffpost url", arts[3].URL, "https://www.huffpost.com/entry/x"},
		{"huffpost id", arts[3].ID, index.URLID("https://www.huffpost.com/entry/x")},
		{"huffpost source", arts[3].Source, "HuffPost"},
		{"huffpost date", arts[3].Published, time.Date(2022, 9, 23, 0, 0, 0, 0, time.UTC)},
		{"huffpost authors", arts[3].Authors, []string{"Carla K. Johnson", "AP", "Ann Lee"}},
		{"huffpost no topics", arts[3].Topics, []string(nil)},
		{"huffpost empty authors", arts[4].Authors, []string(nil)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if !equal(tt.got, tt.want) {
				t.Errorf("got %v, want %v", tt.got, tt.want)
			}
		})
	}
}

func equal(a, b any) bool {
	switch a := a.(type) {
	case []string:
		return slices.Equal(a, b.([]string))
	case time.Time:
		return a.Equal(b.(time.Time))
	}
	return a == b
}

func TestReadLineTooLong(t *testing.T) {
	input := `{"title":"before"}` + "\n" + `{"title":"` + strings.Repeat("x", maxLineSize) + `"}` + "\n" + `{"title":"after"}`
	arts, errs := read(t, "big.jsonl", input)
	if len(arts) != 2 || arts[0].Title != "before" || arts[1].Title != "after" {
		t.Errorf("got %d articles, want before and after", len(arts))
	}
	if len(errs) != 1 || errs[0].Where != "big.jsonl:2" || !errors.Is(errs[0].Err, errLineTooLong) {
		t.Errorf("errors = %v, want line too long at big.jsonl:2", errs)
	}
}

func TestReadJSONArray(t *testing.T) {
	input := `[
	{"title": "Leaked files", "domain": "techcrunch.com", "category": "technology", "link": "https://t.co/a", "timestamp": 1657513103, "sentiment": -8, "published": "July 11, 2022 12:18 AM"},
	{"title": 5},
	{"id": "x", "title": "Own schema", "published": "2024-01-02T03:04:05Z"}
]`
	arts, errs := read(t, "h.json", input)
	if len(arts) != 2 || len(errs) != 1 {
		t.Fatalf("got %d articles, errors %v; want 2 and 1", len(arts), errs)
	}
	a := arts[0]
	if a.Title != "Leaked files" || a.Source != "techcrunch.com" || a.URL != "https://t.co/a" || a.Published.Unix() != 1657513103 {
		t.Errorf("headline = %+v", a)
	}
	if !arts[1].Published.Equal(time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC)) {
		t.Errorf("own schema published = %v", arts[1].Published)
	}
	if errs[0].Where != "h.json:3" {
		t.Errorf("error at %q, want h.json:3", errs[0].Where)
	}
}

const sgmlHead = "<!DOCTYPE lewis SYSTEM \"lewis.dtd\">\n"

const story1 = `<REUTERS TOPICS="YES" LEWISSPLIT="TRAIN" CGISPLIT="TRAINING-SET" OLDID="5544" NEWID="1">
<DATE> 2-MAR-1987 15:01:01.79</DATE>
<TOPICS><D>cocoa</D><D>jobs</D><D>grain</D></TOPICS>
<PLACES><D>el-salvador</D><D>usa</D><D>west-germany</D></PLACES>
<PEOPLE><D>nakasone</D><D>de-larosiere</D></PEOPLE>
<ORGS><D>opec</D><D>ec</D><D>oecd</D></ORGS>
<EXCHANGES></EXCHANGES>
<COMPANIES></COMPANIES>
<UNKNOWN> 
&#5;&#5;&#5;C T
&#22;&#22;&#1;f0704&#31;reute
u f BC-BAHIA-COCOA-REVIEW   02-26 0105</UNKNOWN>
<TEXT>&#2;
<TITLE>BAHIA &lt;COCOA&gt; REVIEW
</TITLE>
<DATELINE>    SALVADOR, Feb 26 - </DATELINE><BODY>Showers continued throughout the week in
the Bahia cocoa zone &amp; elsewhere.
    The dry period means the temporao will be late this year.
    Arrivals were 155,221 bags.
 Reuter
&#3;</BODY></TEXT>
</REUTERS>
`

const storyBrief = `<REUTERS TOPICS="NO" NEWID="2">
<DATE>27-MAR-1987 00:03:35.68&#5;&#5;&#5;F</DATE>
<TOPICS></TOPICS><PLACES></PLACES><PEOPLE></PEOPLE><ORGS></ORGS>
<TEXT TYPE="BRIEF">&#2;
******<TITLE>ASSETS OF MONEY MARKET MUTUAL FUNDS ROSE 720.4 MLN DLRS IN LATEST WEEK
</TITLE>Blah blah blah.
&#3;

</TEXT>
</REUTERS>
`

const storyUnproc = `<REUTERS TOPICS="NO" NEWID="3">
<DATE>3-MAR-1987  09:15:05.4</DATE>
<TOPICS></TOPICS><PLACES></PLACES><PEOPLE></PEOPLE><ORGS></ORGS>
<TEXT TYPE="UNPROC">&#2;
FEDERAL RESERVE WEEKLY REPORT 1 - FEB 26
    Two weeks ended Feb 25      daily avgs-mlns
 Net free reserves.............644 vs.....1,337
 REUTER
&#3;</TEXT>
</REUTERS>
`

func TestReadReuters(t *testing.T) {
	arts, errs := read(t, "r.sgm", sgmlHead+story1+storyBrief+storyUnproc)
	if len(errs) != 0 || len(arts) != 3 {
		t.Fatalf("got %d articles, errors %v; want 3 articles", len(arts), errs)
	}
	tests := []struct {
		name string
		got  index.Article
		want index.Article
	}{
		{"full story", arts[0], index.Article{
			ID:        "reuters-1",
			Title:     "BAHIA <COCOA> REVIEW",
			Body:      "Showers continued throughout the week in the Bahia cocoa zone & elsewhere.\n\nThe dry period means the temporao will be late this year.\n\nArrivals were 155,221 bags.",
			Published: time.Date(1987, 3, 2, 15, 1, 1, 790_000_000, time.UTC),
			Source:    "Reuters",
			Dateline:  "SALVADOR, Feb 26",
			Actors: []index.Actor{
				{Name: "El Salvador", Kind: index.Place}, {Name: "United States", Kind: index.Place}, {Name: "West Germany", Kind: index.Place},
				{Name: "Nakasone", Kind: index.Person}, {Name: "De Larosiere", Kind: index.Person},
				{Name: "OPEC", Kind: index.Organization}, {Name: "European Community", Kind: index.Organization}, {Name: "OECD", Kind: index.Organization},
			},
			Topics:   []string{"economy", "labour"},
			Language: "en",
		}},
		{"brief with junk date", arts[1], index.Article{
			ID:        "reuters-2",
			Title:     "ASSETS OF MONEY MARKET MUTUAL FUNDS ROSE 720.4 MLN DLRS IN LATEST WEEK",
			Published: time.Date(1987, 3, 27, 0, 3, 35, 680_000_000, time.UTC),
			Source:    "Reuters",
			Language:  "en",
		}},
		{"unprocessed with double space", arts[2], index.Article{
			ID:        "reuters-3",
			Title:     "FEDERAL RESERVE WEEKLY REPORT 1 - FEB 26",
			Body:      "Two weeks ended Feb 25 daily avgs-mlns\n\nNet free reserves.............644 vs.....1,337",
			Published: time.Date(1987, 3, 3, 9, 15, 5, 400_000_000, time.UTC),
			Source:    "Reuters",
			Language:  "en",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g, w := tt.got, tt.want
			if g.ID != w.ID || g.Title != w.Title || g.Body != w.Body || !g.Published.Equal(w.Published) ||
				g.Source != w.Source || g.Dateline != w.Dateline || g.Language != w.Language ||
				!slices.Equal(g.Actors, w.Actors) || !slices.Equal(g.Topics, w.Topics) {
				t.Errorf("got  %#v\nwant %#v", g, w)
			}
		})
	}
}

func TestReadReutersBroken(t *testing.T) {
	noID := strings.Replace(storyBrief, ` NEWID="2"`, "", 1)
	badDate := strings.Replace(storyBrief, "27-MAR-1987 00:03:35.68", "31-MAR-1987 605:12:19.12", 1)
	truncated := story1[:strings.Index(story1, "<BODY>")] + "\n"
	// A story cut off by the next one, then one cut off by the end of file.
	parts := []string{sgmlHead, noID, truncated, badDate, storyUnproc, truncated}
	arts, errs := read(t, "r.sgm", strings.Join(parts, ""))
	if len(arts) != 2 || arts[1].ID != "reuters-3" {
		t.Fatalf("got %d articles, want the story with a bad date and the good one", len(arts))
	}
	if want := time.Date(1987, 3, 31, 0, 0, 0, 0, time.UTC); !arts[0].Published.Equal(want) {
		t.Errorf("bad time: Published = %v, want the day %v", arts[0].Published, want)
	}
	lineOf := func(part int) string { // first line of parts[part]
		return "r.sgm:" + strconv.Itoa(1+strings.Count(strings.Join(parts[:part], ""), "\n"))
	}
	want := []string{lineOf(1), lineOf(2), lineOf(5)}
	var where []string
	for _, it := range errs {
		where = append(where, it.Where)
	}
	if !slices.Equal(where, want) {
		t.Errorf("errors at %q, want %q (%v)", where, want, errs)
	}
}

func TestEmitStops(t *testing.T) {
	stop := errors.New("stop")
	calls := 0
	err := Read(context.Background(), "r.sgm", strings.NewReader(sgmlHead+story1+storyBrief), func(Item) error {
		calls++
		return stop
	})
	if !errors.Is(err, stop) || calls != 1 {
		t.Errorf("Read() = %v after %d calls, want stop after 1", err, calls)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := Read(ctx, "a.jsonl", strings.NewReader(`{"title":"x"}`), func(Item) error { return nil }); !errors.Is(err, context.Canceled) {
		t.Errorf("Read(cancelled) = %v, want context.Canceled", err)
	}
}

func TestFiles(t *testing.T) {
	dir := t.TempDir()
	write := func(rel, s string) {
		p := filepath.Join(dir, rel)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("b/2.txt", "Title\n\nBody")
	write("a/1.txt", "x")
	write("a/data.jsonl", "{}")
	write("noext", "Title")
	write("README.txt", "about")
	write("lewis.dtd", "<!ELEMENT")
	write("photo.png", "\x89PNG")
	write(".git/config", "x")
	write(".hidden.txt", "x")

	files, errs := Files([]string{dir, filepath.Join(dir, "a", "1.txt"), filepath.Join(dir, "missing")})
	var got []string
	for _, f := range files {
		rel, _ := filepath.Rel(dir, f.Path)
		got = append(got, rel)
	}
	want := []string{"a/1.txt", "a/data.jsonl", "b/2.txt", "noext"}
	if !slices.Equal(got, want) {
		t.Errorf("Files() = %q, want %q", got, want)
	}
	if files[2].Size != int64(len("Title\n\nBody")) {
		t.Errorf("size of b/2.txt = %d, want %d", files[2].Size, len("Title\n\nBody"))
	}
	skipped, failed := 0, 0
	for _, err := range errs {
		if errors.Is(err, ErrSkipped) {
			skipped++
		} else {
			failed++
		}
	}
	if skipped != 3 || failed != 1 {
		t.Errorf("Files() errors = %v, want 3 skipped (README, DTD, PNG) and 1 missing path", errs)
	}
}

// TestDecodeJSONEmptyTimes checks that "" and null read as no time, as
// the archive's exports write an unknown one, and that a time is read.
func TestDecodeJSONEmptyTimes(t *testing.T) {
	day := time.Date(1987, 2, 26, 15, 1, 1, 0, time.UTC)
	tests := []struct {
		name                    string
		json                    string
		wantPublished, wantTime time.Time
	}{
		{"empty strings", `{"id":"a","title":"T","published":"","imported":""}`, time.Time{}, time.Time{}},
		{"nulls", `{"id":"a","title":"T","published":null,"imported":null}`, time.Time{}, time.Time{}},
		{"absent", `{"id":"a","title":"T"}`, time.Time{}, time.Time{}},
		{"times", `{"id":"a","title":"T","published":"1987-02-26T15:01:01Z","imported":"1987-02-26T15:01:01Z"}`, day, day},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := DecodeJSON([]byte(tt.json))
			if err != nil {
				t.Fatalf("DecodeJSON: %v", err)
			}
			if !a.Published.Equal(tt.wantPublished) || !a.Imported.Equal(tt.wantTime) {
				t.Errorf("published, imported = %v, %v; want %v, %v", a.Published, a.Imported, tt.wantPublished, tt.wantTime)
			}
		})
	}
	if _, err := DecodeJSON([]byte(`{"id":"a","title":"T","imported":"yesterday"}`)); err == nil || !strings.Contains(err.Error(), "imported") {
		t.Errorf("a bad import time: error %v, want one naming imported", err)
	}
}
