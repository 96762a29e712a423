// Command namelists writes the name lists the tagger learns from beside
// the hand-written ones: data/people.txt, the members of the U.S. Congress
// and the presidents and vice presidents since 1945, from the public
// domain (CC0) unitedstates/congress-legislators data, and
// data/companies.txt, the S&P 500 companies, from the public domain (ODC
// PDDL) datasets/s-and-p-500-companies data.
//
//	go run ./internal/namelists -legislators legislators-current.yaml -executive executive.yaml \
//		-sp500 constituents.csv -people data/people.txt -companies data/companies.txt
//
// Each output line is a canonical name, then the other ways of writing
// it, separated by "|".
package main

import (
	"bufio"
	"encoding/csv"
	"flag"
	"fmt"
	"os"
	"slices"
	"strings"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "namelists:", err)
		os.Exit(1)
	}
}

func run() error {
	legislators := flag.String("legislators", "", "legislators-current.yaml of unitedstates/congress-legislators")
	executive := flag.String("executive", "", "executive.yaml of unitedstates/congress-legislators")
	sp500 := flag.String("sp500", "", "data/constituents.csv of datasets/s-and-p-500-companies")
	peopleOut := flag.String("people", "data/people.txt", "people list to write")
	companiesOut := flag.String("companies", "data/companies.txt", "company list to write")
	sourceCommit := flag.String("people-commit", "", "commit of congress-legislators read, for the header")
	sp500Commit := flag.String("sp500-commit", "", "commit of s-and-p-500-companies read, for the header")
	everydayPath := flag.String("everyday", "data/everyday.txt", "everyday words, which no surname alone stands for")
	flag.Parse()

	var everyday map[string]bool
	if *everydayPath != "" {
		var err error
		if everyday, err = readWords(*everydayPath); err != nil {
			return err
		}
	}
	var people [][]string
	for _, f := range []struct {
		path  string
		since string // last term ending after this date
	}{{*executive, "1945-01-01"}, {*legislators, ""}} {
		ps, err := readPeople(f.path, f.since)
		if err != nil {
			return err
		}
		people = append(people, ps...)
	}
	addSurnames(people, everyday)
	head := fmt.Sprintf(`# People in the news: the members of the U.S. Congress serving in 2026
# and the U.S. presidents and vice presidents since 1945, canonical name
# (the English Wikipedia title where the data gives one) first, then the
# other ways of writing the name, the surname alone last where no one
# else in the list bears it and it is no everyday word (data/everyday.txt).
# The tagger's trainer reads it as a hand list of person names.
#
# Source: github.com/unitedstates/congress-legislators, commit %s,
# legislators-current.yaml and executive.yaml. Licence: public domain;
# copyright and related rights waived worldwide through CC0 1.0
# (https://creativecommons.org/publicdomain/zero/1.0/). Rebuilt by
# internal/namelists (see its doc comment).
`, *sourceCommit)
	if err := writeList(*peopleOut, head, people); err != nil {
		return err
	}
	companies, err := readCompanies(*sp500)
	if err != nil {
		return err
	}
	head = fmt.Sprintf(`# Companies in the news: the S&P 500, canonical name first, then the
# name without its legal form. The tagger's trainer reads it as a hand
# list of organization names.
#
# Source: github.com/datasets/s-and-p-500-companies, commit %s,
# data/constituents.csv (column Security). Licence: Open Data Commons
# Public Domain Dedication and License (PDDL) 1.0
# (http://opendatacommons.org/licenses/pddl/1.0/). Rebuilt by
# internal/namelists (see its doc comment).
`, *sp500Commit)
	return writeList(*companiesOut, head, companies)
}

func writeList(path, head string, entries [][]string) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := bufio.NewWriter(f)
	w.WriteString(head)
	seen := map[string]bool{}
	for _, e := range entries {
		if seen[e[0]] {
			continue
		}
		seen[e[0]] = true
		fmt.Fprintln(w, strings.Join(e, "|"))
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// readPeople reads the people of a congress-legislators YAML file whose
// last term ends after since (all when since is empty). The file's layout
// is regular: "- id:" opens a person, "  name:" and "  terms:" blocks
// follow with one "key: value" a line, so no YAML parser is needed.
func readPeople(path, since string) ([][]string, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var out [][]string
	var p map[string]string
	var lastEnd string
	flush := func() {
		if p == nil || since != "" && lastEnd < since {
			return
		}
		if names := personNames(p); names != nil {
			out = append(out, names)
		}
	}
	block := ""
	for line := range strings.SplitSeq(string(b), "\n") {
		if strings.HasPrefix(line, "- ") {
			flush()
			p, lastEnd, block = map[string]string{}, "", ""
		}
		trimmed := strings.TrimLeft(strings.TrimPrefix(line, "- "), " ")
		key, val, ok := strings.Cut(trimmed, ":")
		if !ok {
			continue
		}
		val = strings.Trim(strings.TrimSpace(val), `'"`)
		indent := len(line) - len(strings.TrimLeft(line, " -"))
		switch {
		case indent == 2 && val == "":
			block = key
		case block == "name" && indent == 4, block == "id" && indent == 4 && key == "wikipedia":
			p[block+"."+key] = val
		case block == "terms" && key == "end":
			lastEnd = max(lastEnd, val)
		}
	}
	flush()
	return out, nil
}

// personNames returns the canonical name and the other ways of writing it.
func personNames(p map[string]string) []string {
	first, last := p["name.first"], p["name.last"]
	if first == "" || last == "" {
		return nil
	}
	var names []string
	add := func(n string) {
		n = strings.Join(strings.Fields(n), " ")
		if n != "" && !slices.Contains(names, n) {
			names = append(names, n)
		}
	}
	if w := p["id.wikipedia"]; w != "" {
		w, _, _ = strings.Cut(w, " (") // "Jack Reed (Rhode Island politician)"
		add(w)
	}
	if nick := p["name.nickname"]; nick != "" {
		add(nick + " " + last)
	}
	add(p["name.official_full"])
	add(first + " " + last)
	return names
}

// addSurnames appends to each person's names the surname alone, the last
// word of the canonical name, where no other person in the list has it and
// it is no everyday word: "Biden", but not "Harris" nor "Young".
func addSurnames(people [][]string, everyday map[string]bool) {
	count := map[string]int{}
	surname := func(p []string) string { return p[0][strings.LastIndexByte(p[0], ' ')+1:] }
	for _, p := range people {
		count[surname(p)]++
	}
	for i, p := range people {
		s := surname(p)
		if count[s] == 1 && len(s) > 2 && !everyday[strings.ToLower(s)] && !strings.HasSuffix(s, ".") {
			people[i] = append(p, s)
		}
	}
}

// readWords reads a word list, one a line, "#" comments left out.
func readWords(path string) (map[string]bool, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	m := map[string]bool{}
	for l := range strings.SplitSeq(string(b), "\n") {
		if l = strings.TrimSpace(l); l != "" && !strings.HasPrefix(l, "#") {
			m[l] = true
		}
	}
	return m, nil
}

// legalForms are cut off a company's name for its short form.
var legalForms = []string{" Inc.", " Inc", " Corporation", " Corp.", " Company", " Co.", " plc", " Group", " Holdings"}

func readCompanies(path string) ([][]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		return nil, err
	}
	if len(rows) == 0 || len(rows[0]) < 2 || rows[0][1] != "Security" {
		return nil, fmt.Errorf("%s: want a Security column second", path)
	}
	var out [][]string
	for _, r := range rows[1:] {
		name, _, _ := strings.Cut(r[1], " (") // "Alphabet Inc. (Class A)"
		name = strings.TrimSpace(name)
		names := []string{name}
		for _, lf := range legalForms {
			if short, ok := strings.CutSuffix(name, lf); ok && short != "" {
				names = append(names, strings.TrimSuffix(short, ","))
				break
			}
		}
		out = append(out, names)
	}
	return out, nil
}
