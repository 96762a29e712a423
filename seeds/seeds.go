// Package seeds holds the sample articles a new archive starts with.
package seeds

import "embed"

// FS holds the bundled articles, one plain-text file each.
//
//go:embed *.txt
var FS embed.FS
