package ner

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
)

// magic opens every model file; the digit is the format version.
const magic = "newsarchive-ner-1\n"

// WriteTo writes the model, gzip-compressed. Equal models give equal bytes.
func (m *Model) WriteTo(w io.Writer) (int64, error) {
	var b []byte
	b = append(b, magic...)
	b = binary.AppendUvarint(b, uint64(len(m.gazSrc)))
	for _, e := range m.gazSrc {
		b = append(b, e.Class)
		b = binary.AppendUvarint(b, uint64(len(e.Text)))
		b = append(b, e.Text...)
	}
	keys := m.featureKeys()
	b = binary.AppendUvarint(b, uint64(len(m.stages)))
	b = binary.AppendUvarint(b, uint64(len(keys)))
	prev := uint32(0)
	for _, k := range keys {
		b = binary.AppendUvarint(b, uint64(k-prev))
		prev = k
	}
	for _, st := range m.stages {
		for _, v := range st.trans {
			b = binary.AppendVarint(b, int64(v))
		}
		for _, v := range st.start {
			b = binary.AppendVarint(b, int64(v))
		}
		for _, v := range st.end {
			b = binary.AppendVarint(b, int64(v))
		}
		for f := range keys {
			row := st.rows[f*nTags : f*nTags+nTags]
			mask := uint64(0)
			for t, v := range row {
				if v != 0 {
					mask |= 1 << t
				}
			}
			b = binary.AppendUvarint(b, mask)
			for _, v := range row {
				if v != 0 {
					b = binary.AppendVarint(b, int64(v))
				}
			}
		}
	}
	var buf bytes.Buffer
	zw, err := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	if err != nil {
		return 0, err
	}
	if _, err := zw.Write(b); err != nil {
		return 0, err
	}
	if err := zw.Close(); err != nil {
		return 0, err
	}
	return buf.WriteTo(w)
}

// Load reads a model written by WriteTo.
func Load(data []byte) (*Model, error) {
	zr, err := gzip.NewReader(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("ner model: %w", err)
	}
	r := bufio.NewReader(zr)
	head := make([]byte, len(magic))
	if _, err := io.ReadFull(r, head); err != nil || string(head) != magic {
		return nil, errors.New("ner model: not a model file of this version")
	}
	m := &Model{}
	var rerr error
	uv := func() uint64 {
		v, err := binary.ReadUvarint(r)
		if err != nil && rerr == nil {
			rerr = err
		}
		return v
	}
	sv := func() int64 {
		v, err := binary.ReadVarint(r)
		if err != nil && rerr == nil {
			rerr = err
		}
		return v
	}
	ng := uv()
	if ng > 1<<24 {
		return nil, errors.New("ner model: corrupt gazetteer size")
	}
	m.gazSrc = make([]GazEntry, 0, ng)
	for range ng {
		c, err := r.ReadByte()
		if err != nil {
			return nil, fmt.Errorf("ner model: %w", err)
		}
		n := uv()
		if rerr != nil || n > 1<<16 || c >= nGaz {
			return nil, errors.New("ner model: corrupt gazetteer")
		}
		t := make([]byte, n)
		if _, err := io.ReadFull(r, t); err != nil {
			return nil, fmt.Errorf("ner model: %w", err)
		}
		m.gazSrc = append(m.gazSrc, GazEntry{string(t), c})
	}
	ns, nf := uv(), uv()
	if rerr != nil || ns < 1 || ns > 2 || nf > 1<<26 {
		return nil, errors.New("ner model: corrupt header")
	}
	keys := make([]uint32, nf)
	prev := uint64(0)
	for i := range keys {
		prev += uv()
		keys[i] = uint32(prev)
	}
	m.stages = make([]weights, ns)
	for s := range m.stages {
		st := &m.stages[s]
		for k := range st.trans {
			st.trans[k] = int32(sv())
		}
		for k := range st.start {
			st.start[k] = int32(sv())
		}
		for k := range st.end {
			st.end[k] = int32(sv())
		}
		st.rows = make([]int16, int(nf)*nTags)
		for f := range int(nf) {
			mask := uv()
			for t := range nTags {
				if mask&(1<<t) != 0 {
					st.rows[f*nTags+t] = int16(sv())
				}
			}
		}
		if rerr != nil {
			return nil, fmt.Errorf("ner model: %w", rerr)
		}
	}
	if _, err := r.ReadByte(); err != io.EOF {
		return nil, errors.New("ner model: trailing data")
	}
	m.buildTable(keys)
	m.gaz = newGazetteer(m.gazSrc)
	return m, nil
}
