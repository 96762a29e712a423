package index_test

import (
	"strings"
	"testing"

	"github.com/newsarchive/newsarchive/index"
)

func TestCorrectionsApply(t *testing.T) {
	c, err := index.ParseCorrections(strings.NewReader(`# a comment

merge Ronald Reagan | Reagan | President Reagan
rename Usines Renault | Renault
kind Trump | person
never Reuters | AFP
split Ford
never Tokyo
merge Tokyo | Edo
`))
	if err != nil {
		t.Fatal(err)
	}
	// The archive's own resolution, as the engine would give it.
	auto := func(name string, kind index.Kind) (string, index.Kind) {
		switch name {
		case "Ford":
			return "Gerald Ford", index.Person
		case "USINES RENAULT":
			return "Usines Renault", kind
		}
		return name, kind
	}
	tests := []struct {
		name     string
		kind     index.Kind
		wantName string
		wantKind index.Kind
	}{
		{"REAGAN", index.Organization, "Ronald Reagan", index.Organization},
		{"president reagan", index.Person, "Ronald Reagan", index.Person},
		{"USINES RENAULT", index.Organization, "Renault", index.Organization}, // renamed after resolving
		{"Trump", index.Place, "Trump", index.Person},
		{"Reuters", index.Organization, "", index.Organization},
		{"AFP", index.Organization, "", index.Organization},
		{"Ford", index.Organization, "Ford", index.Organization}, // kept as written
		{"Tokyo", index.Place, "Tokyo", index.Place},             // a later merge into it undoes "never"
		{"Edo", index.Place, "Tokyo", index.Place},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			name, kind := c.Apply(tt.name, tt.kind, auto)
			if name != tt.wantName || kind != tt.wantKind {
				t.Errorf("Apply(%q, %s) = %q, %s; want %q, %s", tt.name, tt.kind, name, kind, tt.wantName, tt.wantKind)
			}
		})
	}
}

func TestCorrectionsErrors(t *testing.T) {
	tests := []struct{ in, want string }{
		{"frobnicate Reagan", "line 1: unknown correction"},
		{"# ok\nmerge Reagan", "line 2: merge takes"},
		{"rename A | B | C", "rename takes"},
		{"kind Trump | animal", `kind "animal"`},
		{"never", "never takes"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			_, err := index.ParseCorrections(strings.NewReader(tt.in))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error = %v, want one containing %q", err, tt.want)
			}
		})
	}
	if _, err := index.CorrectionLine("merge", "A|B", "C"); err == nil {
		t.Error("CorrectionLine with | in a name: no error")
	}
}

func TestKnownCorrections(t *testing.T) {
	c := index.KnownCorrections()
	same := func(name string, kind index.Kind) (string, index.Kind) { return name, kind }
	for _, tt := range []struct{ in, want string }{
		{"Federal Reserve Board", "Federal Reserve"},
		{"U.S. Treasury", "Treasury"},
		{"USDA", "U.S. Agriculture Department"},
		{"Moody's Investors Service Inc", "Moody's"},
		{"International Business Machines Corp", "IBM"},
		{"EC Commission", "European Commission"},
		{"Poor", ""},
	} {
		if got, _ := c.Apply(tt.in, index.Organization, same); got != tt.want {
			t.Errorf("Apply(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
