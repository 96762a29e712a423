package topicmodel

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
)

const magic = "newsarchive topics 2\n"

// Params are the feature settings a model was trained with. They travel in
// the model file because the features at run time must be the ones
// training saw.
type Params struct {
	// TitleWeight is how many times a title word counts.
	TitleWeight float32
	// FullLength is the feature-vector length (before scaling) at which a
	// text counts as fully stated; shorter vectors are scaled by the same
	// divisor, so they end up shorter than 1 and move the scores less.
	FullLength float32
	// StemLen is the length of the word prefix taken as a feature of its
	// own, for words longer than it; 0 takes none.
	StemLen int
}

// Platt maps a class's score s (the log odds the classifier gives it) to a
// calibrated probability 1/(1+exp(-(A*s+B))), fitted on held-out scores
// (Platt 1999).
type Platt struct{ A, B float32 }

// Prob is the calibrated probability of score s.
func (c Platt) Prob(s float32) float32 {
	return float32(1 / (1 + math.Exp(-float64(c.A*s+c.B))))
}

// Model is a multinomial logistic regression over hashed features, with a
// calibration map and a decision threshold per class.
type Model struct {
	Params
	// Classes are the topic slugs the model has weights for.
	Classes []string
	// Calib turns each class's score into a probability that the class
	// applies; Threshold is the probability from which it is given.
	Calib     []Platt
	Threshold []float32
	bias      []float32
	rows      map[uint32]int32 // feature hash → row of w
	w         []float32        // row-major, len(Classes) per row
}

// LogProbs writes log p(class | v) for each of m.Classes into out, which
// must have len(m.Classes) elements: the softmax of the linear scores,
// before calibration.
func (m *Model) LogProbs(v Vector, out []float32) {
	k := len(m.Classes)
	copy(out, m.bias)
	for i, h := range v.Hash {
		r, ok := m.rows[h]
		if !ok {
			continue
		}
		x := v.Val[i]
		row := m.w[int(r)*k : int(r)*k+k]
		for c := range out {
			out[c] += x * row[c]
		}
	}
	logSoftmax(out)
}

// Scores writes each class's score, the log odds log p/(1-p) of its
// softmax probability, into out (len(m.Classes) elements). Calibration
// works on these: log odds spread confident answers apart where
// probabilities crowd against 1.
func (m *Model) Scores(v Vector, out []float32) {
	m.LogProbs(v, out)
	for c, lp := range out {
		out[c] = logOdds(lp)
	}
}

// Probs writes the calibrated probability of each class into out
// (len(m.Classes) elements). They are one-vs-rest probabilities, "this
// topic applies", so they need not sum to 1.
func (m *Model) Probs(v Vector, out []float32) {
	m.Scores(v, out)
	for c, s := range out {
		out[c] = m.Calib[c].Prob(s)
	}
}

// logOdds turns a log probability into log odds, bounded so a probability
// of 0 or 1 stays finite.
func logOdds(lp float32) float32 {
	const bound = 30
	if lp >= -1e-12 {
		return bound
	}
	s := float64(lp) - math.Log(-math.Expm1(float64(lp)))
	return float32(max(-bound, min(bound, s)))
}

func logSoftmax(z []float32) {
	mx := slices.Max(z)
	var s float64
	for _, x := range z {
		s += math.Exp(float64(x - mx))
	}
	lse := mx + float32(math.Log(s))
	for i := range z {
		z[i] -= lse
	}
}

// Features returns how many feature rows the model holds.
func (m *Model) Features() int { return len(m.rows) }

// The file is gzip over: magic, the classes, the params (title weight,
// full length, stem length), per class the bias, the calibration (A, B)
// and the threshold, a weight scale, then the rows sorted by hash, each a
// uvarint hash delta and one signed byte per class. Eight bits per weight keep the model
// small; the rounding costs nothing measurable in accuracy.

// MarshalBinary encodes m, gzipped. The same model gives the same bytes.
func (m *Model) MarshalBinary() ([]byte, error) {
	var raw bytes.Buffer
	raw.WriteString(magic)
	putUvarint(&raw, uint64(len(m.Classes)))
	for _, c := range m.Classes {
		putUvarint(&raw, uint64(len(c)))
		raw.WriteString(c)
	}
	for _, f := range []float32{m.TitleWeight, m.FullLength} {
		putFloat(&raw, f)
	}
	putUvarint(&raw, uint64(m.StemLen))
	for c, b := range m.bias {
		putFloat(&raw, b)
		putFloat(&raw, m.Calib[c].A)
		putFloat(&raw, m.Calib[c].B)
		putFloat(&raw, m.Threshold[c])
	}
	var mx float32
	for _, x := range m.w {
		mx = max(mx, float32(math.Abs(float64(x))))
	}
	scale := mx / 127
	if scale == 0 {
		scale = 1
	}
	putFloat(&raw, scale)
	hashes := make([]uint32, 0, len(m.rows))
	for h := range m.rows {
		hashes = append(hashes, h)
	}
	slices.Sort(hashes)
	putUvarint(&raw, uint64(len(hashes)))
	k := len(m.Classes)
	var prev uint32
	for _, h := range hashes {
		putUvarint(&raw, uint64(h-prev))
		prev = h
		r := int(m.rows[h])
		for _, x := range m.w[r*k : r*k+k] {
			raw.WriteByte(byte(int8(math.Round(float64(x / scale)))))
		}
	}
	var out bytes.Buffer
	zw, err := gzip.NewWriterLevel(&out, gzip.BestCompression)
	if err != nil {
		return nil, err
	}
	if _, err := zw.Write(raw.Bytes()); err != nil {
		return nil, err
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}

// Decode reads a model written by MarshalBinary.
func Decode(b []byte) (*Model, error) {
	zr, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		return nil, fmt.Errorf("topic model: %w", err)
	}
	m, err := decode(bufio.NewReader(zr))
	if err != nil {
		return nil, fmt.Errorf("topic model: %w", err)
	}
	return m, nil
}

func decode(r *bufio.Reader) (*Model, error) {
	head := make([]byte, len(magic))
	if _, err := io.ReadFull(r, head); err != nil || string(head) != magic {
		return nil, errors.New("not a topic model")
	}
	n, err := binary.ReadUvarint(r)
	if err != nil || n == 0 || n > 64 {
		return nil, errors.New("bad class count")
	}
	m := &Model{Classes: make([]string, n), bias: make([]float32, n),
		Calib: make([]Platt, n), Threshold: make([]float32, n)}
	for i := range m.Classes {
		l, err := binary.ReadUvarint(r)
		if err != nil || l > 64 {
			return nil, errors.New("bad class name")
		}
		s := make([]byte, l)
		if _, err := io.ReadFull(r, s); err != nil {
			return nil, err
		}
		m.Classes[i] = string(s)
	}
	readFloats := func(fs ...*float32) error {
		for _, f := range fs {
			if err := binary.Read(r, binary.LittleEndian, f); err != nil {
				return err
			}
		}
		return nil
	}
	if err := readFloats(&m.TitleWeight, &m.FullLength); err != nil {
		return nil, err
	}
	stem, err := binary.ReadUvarint(r)
	if err != nil || stem > 64 {
		return nil, errors.New("bad stem length")
	}
	m.StemLen = int(stem)
	for i := range m.bias {
		if err := readFloats(&m.bias[i], &m.Calib[i].A, &m.Calib[i].B, &m.Threshold[i]); err != nil {
			return nil, err
		}
	}
	var scale float32
	if err := readFloats(&scale); err != nil {
		return nil, err
	}
	rows, err := binary.ReadUvarint(r)
	if err != nil || rows > 1<<24 {
		return nil, errors.New("bad row count")
	}
	k := int(n)
	m.rows = make(map[uint32]int32, rows)
	m.w = make([]float32, int(rows)*k)
	q := make([]byte, k)
	var h uint32
	for i := range int(rows) {
		d, err := binary.ReadUvarint(r)
		if err != nil {
			return nil, err
		}
		h += uint32(d)
		if _, err := io.ReadFull(r, q); err != nil {
			return nil, err
		}
		m.rows[h] = int32(i)
		for c, x := range q {
			m.w[i*k+c] = float32(int8(x)) * scale
		}
	}
	return m, nil
}

func putUvarint(b *bytes.Buffer, x uint64) {
	b.Write(binary.AppendUvarint(nil, x))
}

func putFloat(b *bytes.Buffer, f float32) {
	b.Write(binary.LittleEndian.AppendUint32(nil, math.Float32bits(f)))
}

// Quantized returns m as it reads back from its file: the weights rounded
// to the file's eight bits. Calibration is fitted to the scores of the
// quantized model because that is the one that ships.
func (m *Model) Quantized() (*Model, error) {
	b, err := m.MarshalBinary()
	if err != nil {
		return nil, err
	}
	return Decode(b)
}

// Decide returns the classes to give for the calibrated probabilities p:
// those at or above their threshold, most probable first, at most limit. It
// may return none: a text that gives no class enough probability gets no
// topic rather than the least unlikely one.
func (m *Model) Decide(p []float32, limit int) []int {
	var out []int
	for c, x := range p {
		if x >= m.Threshold[c] {
			out = append(out, c)
		}
	}
	slices.SortStableFunc(out, func(a, b int) int {
		switch {
		case p[a] > p[b]:
			return -1
		case p[a] < p[b]:
			return 1
		}
		return 0
	})
	if len(out) > limit {
		out = out[:limit]
	}
	return out
}
