package ner

import (
	"os"
	"slices"
	"strings"
	"testing"
)

// refEmit1 sums the rows of the keys doc.features gives, one key at a
// time: what the trainer scores, and what emit1 must equal.
func refEmit1(m *Model, d *doc, em, em2 []int32) {
	var fb []uint32
	for i := range d.toks {
		fb = d.features(i, fb[:0])
		for _, k := range fb {
			j := m.lookup(k)
			if j < 0 {
				continue
			}
			r := m.rows[int(j)*2*nTags:]
			for t := range nTags {
				em[i*nTags+t] += int32(r[t])
				em2[i*nTags+t] += int32(r[nTags+t])
			}
		}
	}
}

func TestEmit1MatchesFeatures(t *testing.T) {
	b, err := os.ReadFile("../../data/ner.model.gz")
	if err != nil {
		t.Fatal(err)
	}
	shipped, err := Load(b)
	if err != nil {
		t.Fatal(err)
	}
	fixed, docs := trainFixture(t)
	texts := []string{
		"",
		"Paris",
		"BRUSSELS 1996-08-22\nThe European Commission said on Thursday it disagreed with German advice.",
		"PRESIDENT BIDEN MEETS NETANYAHU\n\nJoe Biden met Benjamin Netanyahu in Jerusalem. Biden said \"Israel\" -- and Mr. Netanyahu's aides -- agreed.",
		"U.S. Steel Corp's shares rose 1,000 to 3.5 pct, said J.P. Morgan & Co Inc. on Oct. 5.",
		"Zoë Ólafsdóttir of Ålesund, Norway, met the ÉLYSÉE's staff (in Paris) – again.",
		"'sa 's ' s -- ... !!! ?\n\n\n  \t x",
	}
	for _, d := range docs {
		texts = append(texts, d.Text)
	}
	// A second pass over the same texts meets every word in the cache.
	texts = append(texts, texts...)
	for _, mc := range []struct {
		name string
		m    *Model
	}{{"shipped", shipped}, {"fixture", fixed}} {
		t.Run(mc.name, func(t *testing.T) {
			sc := &scratch{}
			for _, text := range texts {
				toks := Tokenize(text, nil)
				d := newDoc(text, toks)
				n := len(toks) * nTags
				got, got2 := make([]int32, n), make([]int32, n)
				want, want2 := make([]int32, n), make([]int32, n)
				mc.m.gaz.match(d)
				wantGaz := slices.Clone(d.gaz)
				refEmit1(mc.m, d, want, want2)
				mc.m.prepare(sc, d)
				if !slices.Equal(d.gaz, wantGaz) {
					t.Errorf("prepare(%.40q) gives gazetteer codes %v, want %v", text, d.gaz, wantGaz)
				}
				mc.m.emit1(sc, d, got, got2)
				if !slices.Equal(got, want) || !slices.Equal(got2, want2) {
					t.Errorf("emit1(%.40q) = %v %v, want %v %v", text, got, got2, want, want2)
				}
			}
		})
	}
}

// TestWordCacheBound checks the cache starts over rather than grow past
// its bound, and still gives the right sums after.
func TestWordCacheBound(t *testing.T) {
	m, _ := trainFixture(t)
	var words []string
	for i := range maxCachedWords / 3 {
		words = append(words, "w"+strings.Repeat("x", i%7)+string(rune('A'+i%26))+strings.Repeat("y", i/182))
	}
	text := strings.Join(words, " ")
	sc := &scratch{}
	for range 4 {
		d := newDoc(text, Tokenize(text, nil))
		n := len(d.toks) * nTags
		got, got2 := make([]int32, n), make([]int32, n)
		want, want2 := make([]int32, n), make([]int32, n)
		m.gaz.match(d)
		refEmit1(m, d, want, want2)
		m.prepare(sc, d)
		m.emit1(sc, d, got, got2)
		if len(sc.words.idx) > maxCachedWords {
			t.Fatalf("word cache holds %d words, want at most %d", len(sc.words.idx), maxCachedWords)
		}
		if !slices.Equal(got, want) || !slices.Equal(got2, want2) {
			t.Fatal("emit1 after the cache started over differs from the features' sums")
		}
	}
}

// TestVecPacking adds rows of extreme weights, many times over, and checks
// both stages' sums come back exact, whatever their signs.
func TestVecPacking(t *testing.T) {
	for _, tc := range []struct {
		name   string
		s1, s2 int16
		times  int
	}{
		{"zero", 0, 0, 1},
		{"both negative", -32768, -32768, 1000},
		{"both positive", 32767, 32767, 1000},
		{"negative then positive", -32768, 32767, 1000},
		{"positive then negative", 32767, -32768, 1000},
		{"minus one", -1, -1, 7},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := &Model{stages: make([]weights, 2)}
			for s, w := range []int16{tc.s1, tc.s2} {
				m.stages[s].rows = slices.Repeat([]int16{w}, nTags)
			}
			m.buildTable([]uint32{7})
			var v, one vec
			m.addKey(&one, 7)
			for range tc.times {
				v.add(&one)
			}
			var e1, e2 [nTags]int32
			v.unpack(&e1, &e2)
			for k := range nTags {
				if want := int32(tc.s1) * int32(tc.times); e1[k] != want {
					t.Fatalf("stage 1 tag %d = %d, want %d", k, e1[k], want)
				}
				if want := int32(tc.s2) * int32(tc.times); e2[k] != want {
					t.Fatalf("stage 2 tag %d = %d, want %d", k, e2[k], want)
				}
			}
		})
	}
}
