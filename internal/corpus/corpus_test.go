package corpus

import (
	"os"
	"path/filepath"
	"testing"
)

func TestRepoRoot(t *testing.T) {
	root, err := repoRoot()
	if err != nil {
		t.Fatalf("repoRoot() error = %v", err)
	}
	if _, err := os.Stat(filepath.Join(root, "go.mod")); err != nil {
		t.Errorf("repoRoot() = %q, which holds no go.mod: %v", root, err)
	}
	wd, _ := os.Getwd()
	if rel, err := filepath.Rel(root, wd); err != nil || rel != filepath.Join("internal", "corpus") {
		t.Errorf("repoRoot() = %q, want the folder two levels above %q", root, wd)
	}
}

func TestDir(t *testing.T) {
	tests := []struct {
		name string
		want string // a file the corpus must hold
	}{
		{"bbc", "README.TXT"},
		{"reuters21578", "reut2-000.sgm"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := Dir(t, tt.name)
			if got := filepath.Base(dir); got != tt.name {
				t.Errorf("Dir(%q) = %q, want a folder named %q", tt.name, dir, tt.name)
			}
			if _, err := os.Stat(filepath.Join(dir, tt.want)); err != nil {
				t.Errorf("Dir(%q) = %q, which lacks %s: %v", tt.name, dir, tt.want, err)
			}
		})
	}
}
