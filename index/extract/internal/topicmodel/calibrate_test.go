package topicmodel

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

func TestFitPlatt(t *testing.T) {
	tests := []struct {
		name string
		a, b float64
	}{
		{"overconfident scores", 0.5, -1},
		{"underconfident scores", 2, 0.5},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rng := rand.New(rand.NewPCG(1, 2))
			n := 20000
			s, y, w := make([]float64, n), make([]bool, n), make([]float64, n)
			for i := range s {
				s[i] = rng.NormFloat64() * 3
				y[i] = rng.Float64() < 1/(1+math.Exp(-(tt.a*s[i]+tt.b)))
				w[i] = 1
			}
			got := FitPlatt(s, y, w)
			if math.Abs(float64(got.A)-tt.a) > 0.1 || math.Abs(float64(got.B)-tt.b) > 0.1 {
				t.Errorf("FitPlatt = %+v, want A %.2f B %.2f", got, tt.a, tt.b)
			}
		})
	}
}

func TestReliability(t *testing.T) {
	tests := []struct {
		name string
		p    []float64
		ok   []bool
		want float64
	}{
		{"calibrated", []float64{0.75, 0.75, 0.75, 0.75}, []bool{true, true, true, false}, 0},
		{"overconfident", []float64{0.95, 0.95}, []bool{true, false}, 0.45},
		{"two bins", []float64{0.15, 0.95}, []bool{false, true}, (0.15 + 0.05) / 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := make([]float64, len(tt.p))
			for i := range w {
				w[i] = 1
			}
			_, got := Reliability(tt.p, tt.ok, w)
			if math.Abs(got-tt.want) > 1e-9 {
				t.Errorf("ECE = %.4f, want %.4f", got, tt.want)
			}
		})
	}
}

func TestDecide(t *testing.T) {
	m := &Model{Classes: []string{"a", "b", "c", "d"}, Threshold: []float32{0.5, 0.3, 0.3, 0.3}}
	tests := []struct {
		name  string
		p     []float32
		limit int
		want  []int
	}{
		{"most probable first", []float32{0.6, 0.9, 0.1, 0.35}, 3, []int{1, 0, 3}},
		{"own thresholds", []float32{0.45, 0.31, 0.1, 0.2}, 3, []int{1}},
		{"at most limit", []float32{0.6, 0.9, 0.4, 0.35}, 2, []int{1, 0}},
		{"no evidence, no topic", []float32{0.4, 0.2, 0.2, 0.2}, 3, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := m.Decide(tt.p, tt.limit); !slices.Equal(got, tt.want) {
				t.Errorf("Decide(%v) = %v, want %v", tt.p, got, tt.want)
			}
		})
	}
}
