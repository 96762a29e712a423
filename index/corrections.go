package index

import (
	"bufio"
	_ "embed"
	"fmt"
	"io"
	"strings"
)

// CorrectionsFile is the name of the file in the data directory that holds
// a person's corrections to the archive's actors.
const CorrectionsFile = "corrections.txt"

// Corrections are a person's corrections to how the archive resolves
// actors, read from a small text file in the data directory, one per line:
//
//	# comments and blank lines are ignored
//	merge Ronald Reagan | Reagan | President Reagan
//	rename Usines Renault | Renault
//	kind Trump | person
//	never Reuters | AFP
//	split Ford
//
// "merge" writes every name after the first as the first; "rename" writes
// the first as the second (the same thing, the other way round, as people
// think of it). "kind" sets the kind of an actor, "never" drops names that
// are never actors, "split" keeps each name as its own actor, as written,
// whatever the archive would resolve it to. Names match in any case and
// with or without a legal form (index.NameKey), and a correction applies
// to the name as found and to the name the archive resolves it to. Later
// lines win over earlier ones.
//
// Corrections live beside the index rather than in it, so they survive
// re-imports and reindexing: the engine applies them whenever it resolves
// a name.
type Corrections struct {
	to    map[string]string // name key → the name to write instead
	kind  map[string]Kind   // name key → kind
	never map[string]bool   // name keys that are never actors
	split map[string]bool   // name keys kept as written
	lines int
}

// CorrectionVerbs are the verbs a corrections line may start with.
var CorrectionVerbs = []string{"merge", "rename", "kind", "never", "split"}

// ParseCorrections reads corrections; an error names the line and what is
// wrong with it.
func ParseCorrections(r io.Reader) (*Corrections, error) {
	c := &Corrections{}
	return c, c.Read(r)
}

// KnownCorrections returns the corrections the archive ships with
// (knownaliases.txt): the ways well-known actors are written that neither
// the texts' own definitions nor name keys join, such as Federal Reserve
// Board for the Federal Reserve. A person's corrections come after them,
// and so win.
func KnownCorrections() *Corrections {
	c, err := ParseCorrections(strings.NewReader(knownAliases))
	if err != nil {
		// The file is compiled in; a test reads it.
		panic("index: knownaliases.txt: " + err.Error())
	}
	return c
}

//go:embed knownaliases.txt
var knownAliases string

// Read adds the corrections r holds after those c has; an error names the
// line of r and what is wrong with it.
func (c *Corrections) Read(r io.Reader) error {
	sc := bufio.NewScanner(r)
	n := 0
	for sc.Scan() {
		n++
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if err := c.add(line); err != nil {
			return fmt.Errorf("line %d: %w", n, err)
		}
	}
	return sc.Err()
}

// CorrectionLine formats one correction as a line of the file, after
// checking it parses, so that a command that writes one never leaves a
// file the archive cannot read.
func CorrectionLine(verb string, names ...string) (string, error) {
	line := verb + " " + strings.Join(names, " | ")
	for _, n := range names {
		if strings.ContainsAny(n, "|\n\r#") {
			return "", fmt.Errorf("%q: a name cannot hold |, # or a line break", n)
		}
	}
	if err := (&Corrections{}).add(line); err != nil {
		return "", err
	}
	return line, nil
}

func (c *Corrections) add(line string) error {
	verb, rest, _ := strings.Cut(line, " ")
	var names []string
	for _, f := range strings.Split(rest, "|") {
		if f = strings.Join(strings.Fields(f), " "); f != "" {
			names = append(names, f)
		}
	}
	need := func(min, max int, what string) error {
		if len(names) < min || max > 0 && len(names) > max {
			return fmt.Errorf("%s takes %s, separated by |", verb, what)
		}
		return nil
	}
	switch verb {
	case "merge":
		if err := need(2, 0, "the name to write, then the names to write so"); err != nil {
			return err
		}
		for _, from := range names[1:] {
			c.set(&c.to, NameKey(from), names[0])
		}
	case "rename":
		if err := need(2, 2, "the name as the archive writes it and the name to write instead"); err != nil {
			return err
		}
		c.set(&c.to, NameKey(names[0]), names[1])
	case "kind":
		if err := need(2, 2, "a name and a kind (person, organization or place)"); err != nil {
			return err
		}
		k := Kind(strings.ToLower(names[1]))
		if !k.Valid() {
			return fmt.Errorf("kind %q is not person, organization or place", names[1])
		}
		if c.kind == nil {
			c.kind = map[string]Kind{}
		}
		c.kind[NameKey(names[0])] = k
	case "never", "split":
		if err := need(1, 0, "one or more names"); err != nil {
			return err
		}
		m := &c.never
		if verb == "split" {
			m = &c.split
		}
		if *m == nil {
			*m = map[string]bool{}
		}
		for _, n := range names {
			(*m)[NameKey(n)] = true
		}
	default:
		return fmt.Errorf("unknown correction %q: a line starts with one of %s", verb, strings.Join(CorrectionVerbs, ", "))
	}
	c.lines++
	return nil
}

func (c *Corrections) set(m *map[string]string, key, to string) {
	if *m == nil {
		*m = map[string]string{}
	}
	(*m)[key] = to
	// A later merge undoes an earlier "never" or "split" of the names
	// it joins.
	for _, k := range []string{key, NameKey(to)} {
		delete(c.never, k)
		delete(c.split, k)
	}
}

// Len returns how many corrections there are.
func (c *Corrections) Len() int {
	if c == nil {
		return 0
	}
	return c.lines
}

// Apply corrects an actor the archive resolves as resolve does: name and
// kind as found go in, and what comes out is what articles show. An empty
// name means the actor is dropped.
func (c *Corrections) Apply(name string, kind Kind, resolve func(string, Kind) (string, Kind)) (string, Kind) {
	if c.Len() == 0 {
		return resolve(name, kind)
	}
	key := NameKey(name)
	switch {
	case c.never[key]:
		return "", kind
	case c.split[key]:
	case c.to[key] != "":
		// The name written instead takes the kind the archive gives it.
		name = c.to[key]
		_, kind = resolve(name, kind)
	default:
		name, kind = resolve(name, kind)
		key = NameKey(name)
		if c.never[key] {
			return "", kind
		}
		if to := c.to[key]; to != "" {
			name = to
		}
	}
	if k, ok := c.kind[NameKey(name)]; ok {
		kind = k
	} else if k, ok := c.kind[key]; ok {
		kind = k
	}
	return name, kind
}
