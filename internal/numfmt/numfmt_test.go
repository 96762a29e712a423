package numfmt

import (
	"math"
	"testing"
)

func TestInt(t *testing.T) {
	for n, want := range map[int64]string{0: "0", 999: "999", 1000: "1,000", -12345: "-12,345", 100000: "100,000", math.MinInt64: "-9,223,372,036,854,775,808"} {
		if got := Int(n); got != want {
			t.Errorf("Int(%d) = %q, want %q", n, got, want)
		}
	}
}

func TestUint(t *testing.T) {
	for n, want := range map[uint64]string{0: "0", 999: "999", 1000: "1,000", 12345: "12,345", 100000: "100,000", math.MaxUint64: "18,446,744,073,709,551,615"} {
		if got := Uint(n); got != want {
			t.Errorf("Uint(%d) = %q, want %q", n, got, want)
		}
	}
}
