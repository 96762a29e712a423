package web

import "github.com/newsarchive/newsarchive/internal/numfmt"

// formatCount writes n with thousands separators, as the command line
// writes its counts.
func formatCount(n uint64) string { return numfmt.Uint(n) }
