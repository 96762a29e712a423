package bleve

import "testing"

func TestAliasFullName(t *testing.T) {
	var tb aliasTable
	tb.add("George W. Bush", 5)
	tb.add("George H.W. Bush", 4)
	tb.add("Ronald Reagan", 9)
	tb.add("Nancy Reagan", 1)
	tb.add("Martin Luther King Jr.", 3)
	tests := []struct{ in, want string }{
		{"Bush", "Bush"},                   // shared surname: ambiguous
		{"Reagan", "Ronald Reagan"},        // 9 of 10
		{"reagan", "Ronald Reagan"},        // case does not matter
		{"King", "Martin Luther King Jr."}, // suffixes are not surnames
		{"Ronald Reagan", "Ronald Reagan"},
		{"Smith", "Smith"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := tb.fullName(tt.in); got != tt.want {
				t.Errorf("fullName(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}
