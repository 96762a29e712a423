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
