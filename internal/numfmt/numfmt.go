// Package numfmt writes numbers for people to read, the same way in the
// web pages and on the command line.
package numfmt

import "strconv"

// Int writes n in decimal with commas between groups of three digits:
// -12345 is "-12,345".
func Int(n int64) string {
	if n < 0 {
		// Negating in uint64 keeps math.MinInt64, whose magnitude no
		// int64 holds.
		return "-" + Uint(-uint64(n))
	}
	return Uint(uint64(n))
}

// Uint writes n in decimal with commas between groups of three digits.
func Uint(n uint64) string {
	s := strconv.FormatUint(n, 10)
	out := make([]byte, 0, len(s)+len(s)/3)
	for i := range len(s) {
		if i > 0 && (len(s)-i)%3 == 0 {
			out = append(out, ',')
		}
		out = append(out, s[i])
	}
	return string(out)
}
