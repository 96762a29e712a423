package topicmodel

import (
	"bytes"
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"
)

func TestTokens(t *testing.T) {
	tests := []struct {
		name, text string
		want       string // word/line, "+" before a word that continues a phrase
	}{
		{"lower case", "Hello World", "hello/0 +world/0"},
		{"digits fold to zero", "In 2005, £5bn", "in/0 +0000/0 0bn/0"},
		{"possessive dropped", "Biden's plan", "biden/0 +plan/0"},
		{"curly possessive", "Biden\u2019s plan", "biden/0 +plan/0"},
		{"elision kept as one word", "don't stop", "dont/0 +stop/0"},
		{"hyphen splits", "semi-final", "semi/0 +final/0"},
		{"punctuation breaks phrase", "war. peace", "war/0 peace/0"},
		{"lines counted", "Title here\n\nBody text", "title/0 +here/0 body/2 +text/2"},
		{"accented letters", "Café Zoë", "café/0 +zoë/0"},
		{"quote is not apostrophe", "'quoted' word", "quoted/0 word/0"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			Tokens(tt.text, func(w []byte, line int, joined bool) {
				p := ""
				if joined {
					p = "+"
				}
				got = append(got, fmt.Sprintf("%s%s/%d", p, w, line))
			})
			if g := strings.Join(got, " "); g != tt.want {
				t.Errorf("Tokens(%q) = %q, want %q", tt.text, g, tt.want)
			}
		})
	}
}

func TestFeatures(t *testing.T) {
	tests := []struct {
		name, text string
		has        []uint32
		hasNot     []uint32
	}{
		{"words and bigram", "Interest rates rise", []uint32{WordHash("interest"), WordHash("rates"), BigramHash("interest", "rates"), BigramHash("rates", "rise")}, nil},
		{"no bigram across sentences", "Rates rise. Shares fall", []uint32{WordHash("rise"), WordHash("shares")}, []uint32{BigramHash("rise", "shares")}},
		{"no bigram across lines", "Title\nBody", []uint32{WordHash("title"), WordHash("body")}, []uint32{BigramHash("title", "body")}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := Features(tt.text, Params{TitleWeight: 2})
			for _, h := range tt.has {
				if !slices.Contains(v.Hash, h) {
					t.Errorf("Features(%q) lacks hash %d", tt.text, h)
				}
			}
			for _, h := range tt.hasNot {
				if slices.Contains(v.Hash, h) {
					t.Errorf("Features(%q) has hash %d, want it absent", tt.text, h)
				}
			}
			if !slices.IsSorted(v.Hash) || len(slices.Compact(slices.Clone(v.Hash))) != len(v.Hash) {
				t.Errorf("Features(%q) hashes not sorted and unique: %v", tt.text, v.Hash)
			}
			var n float64
			for _, x := range v.Val {
				n += float64(x) * float64(x)
			}
			if math.Abs(n-1) > 1e-5 {
				t.Errorf("Features(%q) squared length = %g, want 1", tt.text, n)
			}
		})
	}
	t.Run("title counts more", func(t *testing.T) {
		v := Features("alpha\nbeta", Params{TitleWeight: 3})
		a := v.Val[slices.Index(v.Hash, WordHash("alpha"))]
		b := v.Val[slices.Index(v.Hash, WordHash("beta"))]
		if a <= b {
			t.Errorf("title word value %g, body word %g, want the title's larger", a, b)
		}
	})
	t.Run("stems", func(t *testing.T) {
		v := Features("Elections", Params{TitleWeight: 1, StemLen: 4})
		if !slices.Contains(v.Hash, hashBytes(stemOffset, []byte("elec"))) || slices.Contains(v.Hash, WordHash("elec")) {
			t.Errorf("Features(Elections) = %v, want the stem elec as a feature of its own", v.Hash)
		}
	})
	t.Run("short texts weigh less", func(t *testing.T) {
		p := Params{TitleWeight: 1, FullLength: 4}
		tests := []struct {
			text     string
			min, max float64 // squared length
		}{
			{"Hello there.", 0.01, 0.5},
			{strings.Repeat("Parliament passed the budget bill after a long debate. ", 20), 0.999, 1.001},
		}
		for _, tt := range tests {
			var n float64
			for _, x := range Features(tt.text, p).Val {
				n += float64(x) * float64(x)
			}
			if n < tt.min || n > tt.max {
				t.Errorf("Features(%.20q) squared length = %.3f, want %.3f to %.3f", tt.text, n, tt.min, tt.max)
			}
		}
	})
	t.Run("empty", func(t *testing.T) {
		if v := Features(" ,. ", Params{TitleWeight: 2}); len(v.Hash) != 0 {
			t.Errorf("Features of punctuation = %v, want none", v.Hash)
		}
	})
}

func toyDocs() []Doc {
	var docs []Doc
	for i := range 30 {
		docs = append(docs,
			Doc{Source: "bbc", Gold: []string{"sport"}, Text: fmt.Sprintf("Match %d\n\nThe striker scored a goal and the team won the league.", i)},
			Doc{Source: "huffpost", Gold: []string{"economy"}, Text: fmt.Sprintf("Shares %d\n\nInvestors sold shares as the bank raised interest rates.", i)},
			Doc{Source: "huffpost", Gold: []string{"arts"}, Text: fmt.Sprintf("Film %d\n\nThe actor starred in a film that won an award.", i)},
		)
	}
	return docs
}

func TestModelRoundTrip(t *testing.T) {
	o := DefaultTrainOptions()
	o.Epochs = 5
	m, err := Build([][]Doc{toyDocs()}, o)
	if err != nil {
		t.Fatalf("Build error = %v", err)
	}
	b, err := m.MarshalBinary()
	if err != nil {
		t.Fatalf("MarshalBinary error = %v", err)
	}
	m2, err := Build([][]Doc{toyDocs()}, o)
	if err != nil {
		t.Fatalf("Build error = %v", err)
	}
	again, err := m2.MarshalBinary()
	if err != nil {
		t.Fatalf("MarshalBinary error = %v", err)
	}
	if !bytes.Equal(b, again) {
		t.Errorf("training twice gave different bytes (%d and %d)", len(b), len(again))
	}
	d, err := Decode(b)
	if err != nil {
		t.Fatalf("Decode error = %v", err)
	}
	if !slices.Equal(d.Classes, m.Classes) || d.Params != m.Params || d.Features() != m.Features() ||
		!slices.Equal(d.Calib, m.Calib) || !slices.Equal(d.Threshold, m.Threshold) {
		t.Fatalf("decoded classes %v params %+v features %d calibration %v %v, want %v %+v %d %v %v",
			d.Classes, d.Params, d.Features(), d.Calib, d.Threshold, m.Classes, m.Params, m.Features(), m.Calib, m.Threshold)
	}
	tests := []struct{ text, want string }{
		{"The striker scored", "sport"},
		{"Bank shares fell", "economy"},
		{"A film award", "arts"},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			v := Features(tt.text, m.Params)
			want := make([]float32, len(m.Classes))
			got := make([]float32, len(m.Classes))
			m.LogProbs(v, want)
			d.LogProbs(v, got)
			for c := range got {
				if math.Abs(float64(got[c]-want[c])) > 0.05 {
					t.Errorf("decoded log p(%s) = %.3f, want %.3f", m.Classes[c], got[c], want[c])
				}
			}
			if best := m.Classes[slices.Index(got, slices.Max(got))]; best != tt.want {
				t.Errorf("most probable class = %s, want %s", best, tt.want)
			}
		})
	}
}

func TestDecodeRejects(t *testing.T) {
	good, err := Train(toyDocs(), nil, DefaultTrainOptions()).MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		b    []byte
	}{
		{"empty", nil},
		{"not gzip", []byte("hello")},
		{"truncated", good[:len(good)/2]},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := Decode(tt.b); err == nil {
				t.Errorf("Decode(%s) error = nil, want an error", tt.name)
			}
		})
	}
}

func TestFolds(t *testing.T) {
	for _, n := range []int{10, 11, 14} {
		t.Run(fmt.Sprint(n), func(t *testing.T) {
			texts := make([]string, n)
			for i := range texts {
				texts[i] = fmt.Sprint("story ", i)
			}
			f := Folds(texts, 5, 1)
			if !slices.Equal(f, Folds(texts, 5, 1)) {
				t.Errorf("Folds(%d) differs between calls", n)
			}
			size := make([]int, 5)
			for _, x := range f {
				size[x]++
			}
			if slices.Max(size)-slices.Min(size) > 1 {
				t.Errorf("Folds(%d) sizes %v, want within one of each other", n, size)
			}
		})
	}
	t.Run("copies share a fold", func(t *testing.T) {
		texts := []string{"a b", "c", "d", "A  b", "e", "f", "c", "g"}
		f := Folds(texts, 4, 3)
		if f[0] != f[3] || f[1] != f[6] {
			t.Errorf("folds %v: copies of a text (0 and 3, 1 and 6) in different folds", f)
		}
	})
}
