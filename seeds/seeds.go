// Package seeds holds the sample archive a new archive starts with: one
// story as plain text and 272 Wikinews articles of 2019 and 2020 in the
// archive's JSON Lines format. SOURCES.md says where each comes from and
// under which licence.
package seeds

import "embed"

// FS holds the bundled articles: plain-text files of one story each and
// JSON Lines files of many, all read by the importer.
//
//go:embed *.txt *.jsonl
var FS embed.FS

// Story is the one plain-text story in FS, for a test that wants a single
// known article rather than the whole sample.
const Story = "israel-iran-response-biden-administration.txt"
