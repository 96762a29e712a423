package ner

import "fmt"

// Score counts matches the way the shared scorer does: typed exact spans
// over PER, ORG and LOC; a prediction that matches nothing but overlaps a
// gold MISC span is ignored.
type Score struct {
	TP, FP, FN [nTypes]int
}

// Add scores the predictions of one document; MISC predictions are left
// out, as the product never reports them.
func (s *Score) Add(gold, pred []Span) {
	main := map[Span]bool{}
	spanOnly := map[[2]int]bool{}
	var misc []Span
	for _, g := range gold {
		if g.Type == MISC {
			misc = append(misc, g)
			continue
		}
		main[g] = true
		spanOnly[[2]int{g.Start, g.End}] = true
	}
	seen := map[Span]bool{}
	for _, p := range pred {
		if p.Type == MISC || seen[p] {
			continue
		}
		seen[p] = true
		if main[p] {
			s.TP[p.Type]++
			continue
		}
		ignored := false
		for _, m := range misc {
			if p.Start < m.End && m.Start < p.End && !spanOnly[[2]int{p.Start, p.End}] {
				ignored = true
				break
			}
		}
		if !ignored {
			s.FP[p.Type]++
		}
	}
	for g := range main {
		if !seen[g] {
			s.FN[g.Type]++
		}
	}
}

func prf(tp, fp, fn int) (p, r, f float64) {
	if tp+fp > 0 {
		p = float64(tp) / float64(tp+fp)
	}
	if tp+fn > 0 {
		r = float64(tp) / float64(tp+fn)
	}
	if p+r > 0 {
		f = 2 * p * r / (p + r)
	}
	return p, r, f
}

// Kind returns precision, recall and F1 of one type.
func (s *Score) Kind(typ int) (p, r, f float64) { return prf(s.TP[typ], s.FP[typ], s.FN[typ]) }

// Micro returns the micro-averaged precision, recall and F1 over PER, ORG
// and LOC.
func (s *Score) Micro() (p, r, f float64) {
	var tp, fp, fn int
	for k := range MISC {
		tp, fp, fn = tp+s.TP[k], fp+s.FP[k], fn+s.FN[k]
	}
	return prf(tp, fp, fn)
}

// String reports the figures per type and overall.
func (s *Score) String() string {
	var out string
	for k := range MISC {
		p, r, f := s.Kind(k)
		out += fmt.Sprintf("%s: P %.3f R %.3f F1 %.3f\n", TypeNames[k], p, r, f)
	}
	p, r, f := s.Micro()
	return out + fmt.Sprintf("typed micro F1 %.3f (P %.3f, R %.3f)", f, p, r)
}
