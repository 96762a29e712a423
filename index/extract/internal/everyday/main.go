// Command everyday writes data/everyday.txt: from a word list with one
// word a line (Debian's wamerican, /usr/share/dict/american-english, which
// is SCOWL), the words written all in lower case, ASCII, without an
// apostrophe, whose capitalized form the list does not also hold, in the
// list's order, after a header naming the source and its licence.
//
//	go run ./internal/everyday < /usr/share/dict/american-english > data/everyday.txt
package main

import (
	"bufio"
	"fmt"
	"os"
	"strings"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "everyday:", err)
		os.Exit(1)
	}
}

func run() error {
	var words []string
	seen := map[string]bool{}
	sc := bufio.NewScanner(os.Stdin)
	for sc.Scan() {
		w := strings.TrimSpace(sc.Text())
		if w != "" {
			words = append(words, w)
			seen[w] = true
		}
	}
	if err := sc.Err(); err != nil {
		return err
	}
	out := bufio.NewWriter(os.Stdout)
	out.WriteString(header)
	for _, w := range words {
		if lowerWord(w) && !seen[strings.ToUpper(w[:1])+w[1:]] {
			fmt.Fprintln(out, w)
		}
	}
	return out.Flush()
}

// lowerWord reports whether w is made of the letters a to z only.
func lowerWord(w string) bool {
	for i := 0; i < len(w); i++ {
		if w[i] < 'a' || w[i] > 'z' {
			return false
		}
	}
	return true
}

const header = `# Everyday English words: words that are never a name's, written in
# lower case. The truecaser lowers a Title Case headline's capital on
# them ("Kills", "Pandemic") unless the story's own text capitalizes
# them; the tagger's gazetteer is not built from this file.
#
# Derived from SCOWL (Spell Checker Oriented Word Lists) by Kevin
# Atkinson, as shipped in Debian's wamerican 2020.12.07-2
# (/usr/share/dict/american-english): the words written all in lower
# case, ASCII, without an apostrophe, whose capitalized form the list
# does not also hold (so "will", "bill", "brown", "rice" are left out).
# 62,840 words. Rebuild:
#
#   apt-get install wamerican
#   go run ./internal/everyday < /usr/share/dict/american-english > data/everyday.txt
#
# SCOWL licence (from its README, as Debian's copyright file quotes it):
#
#   Copyright 2000-2011 by Kevin Atkinson
#
#   Permission to use, copy, modify, distribute and sell these word
#   lists, the associated scripts, the output created from the scripts,
#   and its documentation for any purpose is hereby granted without fee,
#   provided that the above copyright notice appears in all copies and
#   that both that copyright notice and this permission notice appear in
#   supporting documentation. Kevin Atkinson makes no representations
#   about the suitability of this array for any purpose. It is provided
#   "as is" without express or implied warranty.
#
# SCOWL's sources (Moby Words II, Brian Kelk's UK English Wordlist and
# others) are in the public domain or under similar terms; Debian's
# /usr/share/doc/wamerican/copyright lists them all.
`
