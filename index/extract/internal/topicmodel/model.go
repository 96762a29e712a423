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

const magic = "newsarchive topics 1\n"

// Params are the settings a model was trained and tuned with. They travel
// in the model file because features and the way probabilities are mixed
// with keyword evidence must match what training assumed.
type Params struct {
	// TitleWeight is how many times a title word counts.
	TitleWeight float32
	// LexWeight multiplies keyword evidence before it is added to a log
	// probability.
	LexWeight float32
	// Floor is how far, in log units, a topic the model has no weights for
	// starts below the model's most probable topic; keywords alone decide
	// whether it rises above.
	Floor float32
	// Margin is how far below the best score, in log units, a second or
	// third topic may be and still be returned.
	Margin float32
}

// Model is a multinomial logistic regression over hashed features.
type Model struct {
	Params
	// Classes are the topic slugs the model has weights for.
	Classes []string
	bias    []float32
	rows    map[uint32]int32 // feature hash → row of w
	w       []float32        // row-major, len(Classes) per row
}

// LogProbs writes log p(class | v) for each of m.Classes into out, which
// must have len(m.Classes) elements.
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

// The file is gzip over: magic, the classes, the params, the biases, a
// weight scale, then the rows sorted by hash, each a uvarint hash delta
// and one signed byte per class. Eight bits per weight keep the model
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
	for _, f := range []float32{m.TitleWeight, m.LexWeight, m.Floor, m.Margin} {
		putFloat(&raw, f)
	}
	for _, b := range m.bias {
		putFloat(&raw, b)
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
	m := &Model{Classes: make([]string, n), bias: make([]float32, n)}
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
	var scale float32
	fs := []*float32{&m.TitleWeight, &m.LexWeight, &m.Floor, &m.Margin}
	for i := range m.bias {
		fs = append(fs, &m.bias[i])
	}
	for _, f := range append(fs, &scale) {
		if err := binary.Read(r, binary.LittleEndian, f); err != nil {
			return nil, err
		}
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
