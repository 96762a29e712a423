package ner

import (
	"bufio"
	"fmt"
	"io"
	"strings"
)

// Doc is a text with its gold entity spans.
type Doc struct {
	Text  string
	Spans []Span
}

// ReadCoNLL reads CoNLL-2003 files (token POS chunk TAG, IOB1 tags,
// "-DOCSTART-" between documents). Each document is rebuilt the way the
// shared scorer rebuilds it: tokens joined by one space, sentences by a
// newline, so offsets agree with it.
func ReadCoNLL(r io.Reader) ([]Doc, error) {
	var docs []Doc
	var b strings.Builder
	var spans []Span
	newline := false
	open, openType := -1, -1 // start offset and type of the entity being read
	end := 0                 // end of the last word written
	closeSpan := func() {
		if open >= 0 {
			spans = append(spans, Span{open, end, openType})
			open, openType = -1, -1
		}
	}
	flush := func() {
		closeSpan()
		if b.Len() > 0 {
			docs = append(docs, Doc{Text: b.String(), Spans: spans})
		}
		b.Reset()
		spans, newline = nil, false
	}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 1<<16), 1<<20)
	for line := 1; sc.Scan(); line++ {
		l := sc.Text()
		if strings.HasPrefix(l, "-DOCSTART-") {
			flush()
			continue
		}
		if strings.TrimSpace(l) == "" {
			// Like the scorer, an entity may run on across a sentence
			// break when the next sentence opens with the same I- tag.
			newline = true
			continue
		}
		f := strings.Split(l, " ")
		if len(f) < 2 {
			return nil, fmt.Errorf("line %d: want token and tag, got %q", line, l)
		}
		word, tag := f[0], f[len(f)-1]
		if b.Len() > 0 {
			if newline {
				b.WriteByte('\n')
			} else {
				b.WriteByte(' ')
			}
		}
		newline = false
		typ := -1
		prefix := ""
		if tag != "O" {
			p, t, ok := strings.Cut(tag, "-")
			if !ok {
				return nil, fmt.Errorf("line %d: bad tag %q", line, tag)
			}
			prefix = p
			for k, name := range TypeNames {
				if name == t {
					typ = k
				}
			}
			if typ < 0 {
				return nil, fmt.Errorf("line %d: unknown type %q", line, t)
			}
		}
		if typ < 0 || typ != openType || prefix == "B" {
			closeSpan()
		}
		if typ >= 0 && open < 0 {
			open, openType = b.Len(), typ
		}
		b.WriteString(word)
		end = b.Len()
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	flush()
	return docs, nil
}
