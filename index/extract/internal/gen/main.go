// Command gen derives the compact lexicons in index/extract/data from the
// CoNLL-2003 training file, so the rule-based extractor knows the entity
// strings, given names and everyday words seen in real newswire.
//
// Only the training split is read: the dev split stays unseen for scoring.
//
//	go run ./internal/gen -conll ../../../shared/corpora/conll2003/eng.train -out data
package main

import (
	"bufio"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

func main() {
	conll := flag.String("conll", "", "CoNLL-2003 training file (eng.train)")
	out := flag.String("out", "data", "output folder")
	flag.Parse()
	if err := run(*conll, *out); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

type token struct{ word, tag string }

// stats gathers what the lexicons are derived from.
type stats struct {
	entity    map[string]map[string]int // entity string -> type -> count
	firstName map[string]int            // first token of multi-token PER
	lower     map[string]int            // lower-case form seen lower-case
	capMid    map[string]int            // lower-case form seen capitalized mid-sentence
}

func run(conll, out string) error {
	if conll == "" {
		return fmt.Errorf("missing -conll")
	}
	f, err := os.Open(conll)
	if err != nil {
		return err
	}
	defer f.Close()
	st := stats{
		entity:    map[string]map[string]int{},
		firstName: map[string]int{},
		lower:     map[string]int{},
		capMid:    map[string]int{},
	}
	var sent []token
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "-DOCSTART-") {
			st.add(sent)
			sent = sent[:0]
			continue
		}
		fs := strings.Fields(line)
		if len(fs) < 4 {
			continue
		}
		sent = append(sent, token{fs[0], fs[len(fs)-1]})
	}
	if err := sc.Err(); err != nil {
		return err
	}
	st.add(sent)
	if err := os.MkdirAll(out, 0o755); err != nil {
		return err
	}
	if err := write(filepath.Join(out, "conll_entities.txt"), st.entityLines()); err != nil {
		return err
	}
	if err := write(filepath.Join(out, "conll_firstnames.txt"), st.firstNameLines()); err != nil {
		return err
	}
	return write(filepath.Join(out, "common_words.txt"), st.commonLines())
}

func (st *stats) add(sent []token) {
	if len(sent) == 0 {
		return
	}
	allCaps := true
	for _, t := range sent {
		if hasLower(t.word) {
			allCaps = false
			break
		}
	}
	for i := 0; i < len(sent); {
		tag := sent[i].tag
		if tag == "O" {
			if !allCaps {
				w := sent[i].word
				r, _ := utf8.DecodeRuneInString(w)
				switch {
				case unicode.IsLower(r):
					st.lower[w]++
				case unicode.IsUpper(r) && i > 0 && startsWord(sent[i-1].word):
					st.capMid[strings.ToLower(w)]++
				}
			}
			i++
			continue
		}
		typ := tag[2:]
		j := i + 1
		for j < len(sent) && sent[j].tag == "I-"+typ {
			j++
		}
		words := make([]string, 0, j-i)
		for _, t := range sent[i:j] {
			words = append(words, t.word)
		}
		name := strings.Join(words, " ")
		if !allCaps || len(name) <= 4 {
			m := st.entity[name]
			if m == nil {
				m = map[string]int{}
				st.entity[name] = m
			}
			m[typ]++
		}
		if typ == "PER" && j-i >= 2 && !allCaps {
			st.firstName[words[0]]++
		}
		if typ != "PER" && !allCaps {
			for _, w := range words {
				st.capMid[strings.ToLower(w)]++
			}
		}
		i = j
	}
}

// startsWord reports whether w begins with a letter or digit: after
// punctuation such as an opening quote a capital says nothing.
func startsWord(w string) bool {
	r, _ := utf8.DecodeRuneInString(w)
	return unicode.IsLetter(r) || unicode.IsDigit(r)
}

func hasLower(s string) bool {
	for _, r := range s {
		if unicode.IsLower(r) {
			return true
		}
	}
	return false
}

// entityLines lists "name<TAB>TYPE<TAB>majority count<TAB>total".
func (st *stats) entityLines() []string {
	var lines []string
	for name, m := range st.entity {
		best, n, total := "", 0, 0
		for _, typ := range []string{"PER", "ORG", "LOC", "MISC"} {
			total += m[typ]
			if m[typ] > n {
				best, n = typ, m[typ]
			}
		}
		if strings.ContainsAny(name, "\t") {
			continue
		}
		lines = append(lines, fmt.Sprintf("%s\t%s\t%d\t%d", name, best, n, total))
	}
	sort.Strings(lines)
	return lines
}

func (st *stats) firstNameLines() []string {
	var lines []string
	for w, n := range st.firstName {
		r, _ := utf8.DecodeRuneInString(w)
		if !unicode.IsUpper(r) || utf8.RuneCountInString(w) < 2 || strings.Contains(w, ".") {
			continue
		}
		// A word more often lower-case is a title or verb, not a given name.
		if st.lower[strings.ToLower(w)] > n || w == "El" || w == "Al" {
			continue
		}
		if m := st.entity[w]; m != nil && m["PER"] < m["LOC"]+m["ORG"]+m["MISC"] {
			continue
		}
		lines = append(lines, w)
	}
	sort.Strings(lines)
	return lines
}

// commonLines lists lower-case words seen lower-case at least as often as
// capitalized mid-sentence: a capitalized sentence-initial occurrence of one
// is most likely an ordinary word.
func (st *stats) commonLines() []string {
	var lines []string
	for w, n := range st.lower {
		if n >= 2 && n >= 2*st.capMid[w] {
			lines = append(lines, w)
		}
	}
	sort.Strings(lines)
	return lines
}

func write(path string, lines []string) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := bufio.NewWriter(f)
	for _, l := range lines {
		io.WriteString(w, l)
		w.WriteByte('\n')
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
