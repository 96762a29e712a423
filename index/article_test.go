package index_test

import (
	"slices"
	"testing"

	"github.com/newsarchive/newsarchive/index"
)

func TestBlocks(t *testing.T) {
	a := index.Article{Body: "  First para.\n\n## A heading\n\n\n\nSecond para\nwith a break.  \n\n##\n\n"}
	want := []index.Block{{Text: "First para."}, {Heading: true, Text: "A heading"}, {Text: "Second para\nwith a break."}, {Text: "##"}}
	if got := a.Blocks(); !slices.Equal(got, want) {
		t.Errorf("Blocks = %#v\nwant %#v", got, want)
	}
}

func TestBlockAt(t *testing.T) {
	a := index.Article{Body: "Intro.\n\n## Outlook\n\nArrivals rose."}
	tests := []struct {
		pos         int
		wantPara    int
		wantSection string
	}{
		{0, 0, ""},
		{5, 0, ""},
		{11, 1, "Outlook"},
		{len(a.Body) - 1, 2, "Outlook"},
	}
	for _, tt := range tests {
		para, section := a.BlockAt(tt.pos)
		if para != tt.wantPara || section != tt.wantSection {
			t.Errorf("BlockAt(%d) = %d, %q; want %d, %q", tt.pos, para, section, tt.wantPara, tt.wantSection)
		}
	}
}

func TestMarkBlocks(t *testing.T) {
	body := "Cocoa <rose> & fell.\n\n## Cocoa outlook\n\nMore cocoa."
	// Offsets of the three "cocoa"s, one span crossing a block's edge and
	// one overlapping the first.
	matches := []index.Span{{Start: 45, End: 50}, {Start: 0, End: 5}, {Start: 25, End: 30}, {Start: 15, End: 25}, {Start: 2, End: 4}}
	got := index.MarkBlocks(body, matches)
	want := []index.MarkedBlock{
		{Marked: index.Marked{Text: "Cocoa <rose> & fell.", Marks: []index.Span{{Start: 0, End: 5}}}},
		{Heading: true, Marked: index.Marked{Text: "Cocoa outlook", Marks: []index.Span{{Start: 0, End: 5}}}},
		{Marked: index.Marked{Text: "More cocoa.", Marks: []index.Span{{Start: 5, End: 10}}}},
	}
	if len(got) != len(want) {
		t.Fatalf("MarkBlocks = %+v, want %+v", got, want)
	}
	for i := range want {
		if got[i].Heading != want[i].Heading || got[i].Text != want[i].Text || !slices.Equal(got[i].Marks, want[i].Marks) {
			t.Errorf("block %d = %+v, want %+v", i, got[i], want[i])
		}
	}
}

func TestNameKey(t *testing.T) {
	tests := []struct{ a, b string }{
		{"REAGAN", "Reagan"},
		{"Amoco Corp", "Amoco"},
		{"Amoco Corp.", "AMOCO"},
		{"Chrysler Corporation", "Chrysler"},
		{"Goldman Sachs & Co", "Goldman Sachs"},
		{"Merrill Lynch and Co Inc", "Merrill Lynch"},
		{"Siemens AG", "Siemens"},
		{"Barclays PLC", "Barclays"},
		{"International Coffee Organisation", "International Coffee Organization"},
	}
	for _, tt := range tests {
		if index.NameKey(tt.a) != index.NameKey(tt.b) {
			t.Errorf("NameKey(%q) = %q, NameKey(%q) = %q; want one key", tt.a, index.NameKey(tt.a), tt.b, index.NameKey(tt.b))
		}
	}
	for _, pair := range [][2]string{{"Corp", "Co"}, {"Ford", "Ford Motor Co"}, {"Group", "Inc"}} {
		if index.NameKey(pair[0]) == index.NameKey(pair[1]) {
			t.Errorf("NameKey(%q) = NameKey(%q) = %q; want them apart", pair[0], pair[1], index.NameKey(pair[0]))
		}
	}
}
