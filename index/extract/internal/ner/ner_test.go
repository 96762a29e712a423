package ner

import (
	"bytes"
	"slices"
	"strings"
	"testing"
)

func words(text string, toks []Token) []string {
	var out []string
	for _, t := range toks {
		out = append(out, text[t.Start:t.End])
	}
	return out
}

func TestTokenize(t *testing.T) {
	tests := []struct {
		text string
		want []string
	}{
		{"Biden's aide met Netanyahu.", []string{"Biden", "'s", "aide", "met", "Netanyahu", "."}},
		{"The U.S. and AT&T paid 1,000 dollars.", []string{"The", "U.S.", "and", "AT&T", "paid", "1,000", "dollars", "."}},
		{"Rolls-Royce (RR) said: \"No.\"", []string{"Rolls-Royce", "(", "RR", ")", "said", ":", "\"", "No.", "\""}},
		{"O'Neill vs. Mr. Smith...", []string{"O'Neill", "vs.", "Mr.", "Smith", "..."}},
		{"Clinton 's", []string{"Clinton", "'s"}},
		{"BRUSSELS 1996-08-22", []string{"BRUSSELS", "1996-08-22"}},
		{"said Jones' lawyer", []string{"said", "Jones", "'", "lawyer"}},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			got := words(tt.text, Tokenize(tt.text, nil))
			if !slices.Equal(got, tt.want) {
				t.Errorf("Tokenize(%q) = %q, want %q", tt.text, got, tt.want)
			}
		})
	}
}

func TestTokenFlags(t *testing.T) {
	text := "WASHINGTON (Reuters) - Joe Biden spoke. Then he left.\nSOCCER - JAPAN WIN\nBRUSSELS 1996-08-22"
	toks := Tokenize(text, nil)
	flags := map[string]Flags{}
	for _, tk := range toks {
		flags[text[tk.Start:tk.End]] |= tk.Flags
	}
	tests := []struct {
		word       string
		set, unset Flags
	}{
		{"WASHINGTON", Upper | Cap | SentStart | LineStart | Dateline, UpperLine},
		{"Joe", Cap, SentStart | Upper},
		{"Then", Cap | SentStart, LineStart},
		{"he", 0, Cap | SentStart},
		{"SOCCER", UpperLine | LineStart, Dateline},
		{"JAPAN", UpperLine | Upper, Dateline | SentStart},
		{"BRUSSELS", UpperLine | Dateline, 0},
		{"1996-08-22", Digit, Cap | Upper},
		{"-", Punct, Cap},
	}
	for _, tt := range tests {
		t.Run(tt.word, func(t *testing.T) {
			f := flags[tt.word]
			if f&tt.set != tt.set || f&tt.unset != 0 {
				t.Errorf("flags of %q = %08b, want %08b set and %08b unset", tt.word, f, tt.set, tt.unset)
			}
		})
	}
}

// hashes returns the lower-case and shape hashes of the one-word text w.
func hashes(w string) (low, shape uint64) {
	d := newDoc(w, Tokenize(w, nil))
	return d.low[0], d.shape[0]
}

func TestWordHashes(t *testing.T) {
	tests := []struct {
		a, b            string
		sameLow, sameSh bool
	}{
		{"Biden", "BIDEN", true, false},
		{"Biden", "Obama", false, true},
		{"Biden", "McCain", false, false},
		{"U.S.", "U.K.", false, true},
		{"1996-08-22", "2024-01-05", false, true},
		{"EU", "NATO", false, true},
		{"Zürich", "zürich", true, false},
		{"Zürich", "Berlin", false, true},
	}
	for _, tt := range tests {
		t.Run(tt.a+"/"+tt.b, func(t *testing.T) {
			la, sa := hashes(tt.a)
			lb, sb := hashes(tt.b)
			if got := la == lb; got != tt.sameLow {
				t.Errorf("same lower-case hash = %v, want %v", got, tt.sameLow)
			}
			if got := sa == sb; got != tt.sameSh {
				t.Errorf("same shape = %v, want %v", got, tt.sameSh)
			}
		})
	}
}

func TestFeatures(t *testing.T) {
	g := newGazetteer([]GazEntry{{"New York", GazPlace}, {"Joe", GazFirstName}})
	feats := func(text string, i int) []uint32 {
		d := newDoc(text, Tokenize(text, nil))
		g.match(d)
		return d.features(i, nil)
	}
	a := feats("He flew to New York today.", 3)
	b := feats("He flew to New York today.", 3)
	if !slices.Equal(a, b) {
		t.Fatalf("features are not deterministic: %v vs %v", a, b)
	}
	tests := []struct {
		name   string
		text   string
		i      int
		differ bool
	}{
		{"next word", "He flew to New Jersey today.", 3, true},
		{"two to the left", "He went to New York today.", 3, true},
		{"three to the left", "We flew to New York today.", 3, false},
		{"place in the text", "So he flew to New York today.", 4, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := feats(tt.text, tt.i)
			if differ := !slices.Equal(got, a); differ != tt.differ {
				t.Errorf("features of %q token %d differ = %v, want %v", tt.text, tt.i, differ, tt.differ)
			}
		})
	}
	t.Run("gazetteer codes", func(t *testing.T) {
		text := "Joe went to New York"
		d := newDoc(text, Tokenize(text, nil))
		g.match(d)
		want := map[int][2]uint8{0: {GazFirstName, posU}, 3: {GazPlace, posB}, 4: {GazPlace, posL}}
		for i, w := range want {
			if got := d.gaz[i*nGaz+int(w[0])]; got != w[1] {
				t.Errorf("token %d class %d code = %d, want %d", i, w[0], got, w[1])
			}
		}
		if got := d.gaz[2*nGaz+GazPlace]; got != 0 {
			t.Errorf("token 2 place code = %d, want 0", got)
		}
	})
}

func TestReadCoNLL(t *testing.T) {
	in := "-DOCSTART- -X- O O\n\nEU NNP I-NP I-ORG\nrejects VBZ I-VP O\nGerman JJ I-NP I-MISC\n\nPeter NNP I-NP I-PER\nBlackburn NNP I-NP I-PER\nand CC O O\nJohn NNP I-NP I-PER\nPaul NNP I-NP B-PER\n"
	docs, err := ReadCoNLL(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	if len(docs) != 1 {
		t.Fatalf("got %d documents, want 1", len(docs))
	}
	d := docs[0]
	if want := "EU rejects German\nPeter Blackburn and John Paul"; d.Text != want {
		t.Errorf("text = %q, want %q", d.Text, want)
	}
	var got []string
	for _, s := range d.Spans {
		got = append(got, TypeNames[s.Type]+"="+d.Text[s.Start:s.End])
	}
	if want := []string{"ORG=EU", "MISC=German", "PER=Peter Blackburn", "PER=John", "PER=Paul"}; !slices.Equal(got, want) {
		t.Errorf("spans = %q, want %q", got, want)
	}
}

func TestScore(t *testing.T) {
	gold := []Span{{0, 5, PER}, {10, 15, ORG}, {20, 30, MISC}}
	pred := []Span{
		{0, 5, PER},   // right
		{0, 5, PER},   // the same mention twice counts once
		{10, 15, LOC}, // wrong type: a false positive, and ORG missed
		{22, 26, ORG}, // inside a MISC span: ignored
		{40, 45, LOC}, // nothing there
		{50, 55, MISC},
	}
	var s Score
	s.Add(gold, pred)
	want := Score{TP: [nTypes]int{PER: 1}, FP: [nTypes]int{LOC: 2}, FN: [nTypes]int{ORG: 1}}
	if s != want {
		t.Errorf("Score = %+v, want %+v", s, want)
	}
	if _, _, f := s.Micro(); f != 2.0*(1.0/3)*(1.0/2)/(1.0/3+1.0/2) {
		t.Errorf("micro F1 = %v, want P 1/3 R 1/2", f)
	}
}

// fixture is a tiny training set: a few sentences, repeated so the
// perceptron sees each pattern in every fold.
const fixture = `-DOCSTART- -X- O O

Joe NNP I-NP I-PER
Biden NNP I-NP I-PER
visited VBD I-VP O
Paris NNP I-NP I-LOC
. . O O

Biden NNP I-NP I-PER
met VBD I-VP O
Acme NNP I-NP I-ORG
Corp NNP I-NP I-ORG
in IN I-PP O
London NNP I-NP I-LOC
. . O O

The DT I-NP O
French JJ I-NP I-MISC
team NN I-NP O
won VBD I-VP O
. . O O
`

func trainFixture(t *testing.T) (*Model, []Doc) {
	t.Helper()
	docs, err := ReadCoNLL(strings.NewReader(strings.Repeat(fixture, 4)))
	if err != nil {
		t.Fatal(err)
	}
	m, err := Train(docs, []GazEntry{{"Paris", GazPlace}}, TrainConfig{Epochs: 5, Folds: 2, Cutoff: 1, Seed: 1, Stages: 2})
	if err != nil {
		t.Fatal(err)
	}
	return m, docs
}

func TestTrainLearnsFixture(t *testing.T) {
	m, docs := trainFixture(t)
	for i, d := range docs {
		got := m.Tag(d.Text)
		if !slices.Equal(got, d.Spans) {
			t.Errorf("doc %d: Tag = %v, want %v", i, got, d.Spans)
		}
	}
}

func TestModelRoundTrip(t *testing.T) {
	m, docs := trainFixture(t)
	var b1 bytes.Buffer
	if _, err := m.WriteTo(&b1); err != nil {
		t.Fatal(err)
	}
	m2, err := Load(b1.Bytes())
	if err != nil {
		t.Fatalf("Load error = %v", err)
	}
	texts := []string{docs[0].Text, "Acme Corp hired Joe Smith in Paris.", "NEW YORK 1996-08-22\nBiden won."}
	for _, text := range texts {
		if got, want := m2.Tag(text), m.Tag(text); !slices.Equal(got, want) {
			t.Errorf("loaded model tags %q as %v, want %v", text, got, want)
		}
	}
	var b2 bytes.Buffer
	if _, err := m2.WriteTo(&b2); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(b1.Bytes(), b2.Bytes()) {
		t.Errorf("re-saved model differs: %d bytes, want %d", b2.Len(), b1.Len())
	}
	m3, _ := trainFixture(t)
	var b3 bytes.Buffer
	if _, err := m3.WriteTo(&b3); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(b1.Bytes(), b3.Bytes()) {
		t.Errorf("training twice gave different models")
	}
}

func TestLoadRejects(t *testing.T) {
	m, _ := trainFixture(t)
	var b bytes.Buffer
	if _, err := m.WriteTo(&b); err != nil {
		t.Fatal(err)
	}
	tests := map[string][]byte{
		"empty":     nil,
		"not gzip":  []byte("hello"),
		"truncated": b.Bytes()[:b.Len()/2],
	}
	for name, data := range tests {
		t.Run(name, func(t *testing.T) {
			if _, err := Load(data); err == nil {
				t.Errorf("Load(%s) error = nil, want an error", name)
			}
		})
	}
}
