package index

import "strings"

// nameSuffixes end a person's name without being the surname.
var nameSuffixes = map[string]bool{"jr": true, "jr.": true, "sr": true, "sr.": true, "ii": true, "iii": true, "iv": true}

// Surname returns the lower-case surname of a person's full name, or ""
// for a name of one word: "Nigel Lawson" and "Martin Luther King Jr."
// give "lawson" and "king", "Lawson" gives "".
func Surname(name string) string {
	f := strings.Fields(name)
	for len(f) > 1 && nameSuffixes[strings.ToLower(f[len(f)-1])] {
		f = f[:len(f)-1]
	}
	if len(f) < 2 {
		return ""
	}
	return strings.ToLower(f[len(f)-1])
}

// legalForms are the words that end a company's name without telling it
// apart: "Amoco Corp" is the Amoco of the next sentence.
var legalForms = map[string]bool{
	"inc": true, "corp": true, "corporation": true, "co": true, "ltd": true, "limited": true, "plc": true, "llc": true,
	"ag": true, "sa": true, "nv": true, "gmbh": true, "bv": true, "spa": true, "group": true, "holdings": true,
}

// NameKey is what two ways of writing one actor's name have in common:
// the name in lower case, without its legal form ("& Co", "Corp", "Inc")
// and its trailing full stops, and with -isation spelled -ization, so
// that REAGAN and Reagan, Amoco Corp and Amoco, or Organisation and
// Organization, have one key.
func NameKey(name string) string {
	f := strings.Fields(strings.ToLower(name))
	for len(f) > 1 {
		last := strings.Trim(f[len(f)-1], ".,")
		if !legalForms[last] {
			break
		}
		f = f[:len(f)-1]
		if n := len(f); n > 1 && (f[n-1] == "&" || f[n-1] == "and") && last == "co" {
			f = f[:n-1]
		}
	}
	for i, w := range f {
		w = strings.TrimRight(w, ".,")
		// British and American spellings of one name: the International
		// Coffee Organisation is the Organization.
		if stem, ok := strings.CutSuffix(w, "isation"); ok && len(stem) > 2 {
			w = stem + "ization"
		}
		f[i] = w
	}
	return strings.Join(f, " ")
}

// HasLegalForm reports whether a name ends in a company's legal form
// ("Smith Inc", "Amoco Corp."), which makes it an organization's.
func HasLegalForm(name string) bool {
	f := strings.Fields(strings.ToLower(name))
	return len(f) > 1 && legalForms[strings.Trim(f[len(f)-1], ".,")]
}
