// Package corpus locates the shared news corpora that tests and benchmarks
// read. The corpora live outside the repository, in ../shared/corpora
// relative to the repository root, and are never copied into it.
package corpus

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
)

// Dir returns the directory of the named corpus (e.g. "reuters21578").
//
// When the corpus is missing the test is skipped, so a fresh checkout
// without the shared data still passes its unit tests; under CI=true a
// missing corpus fails the test instead, because there a skip would hide
// that the real-data tests never ran.
func Dir(t testing.TB, name string) string {
	t.Helper()
	root, err := repoRoot()
	if err != nil {
		missing(t, "cannot find the repository root: "+err.Error())
		return ""
	}
	dir := filepath.Join(filepath.Dir(root), "shared", "corpora", name)
	fi, err := os.Stat(dir)
	if err != nil {
		missing(t, "corpus "+name+" not found at "+dir+": "+err.Error())
		return ""
	}
	if !fi.IsDir() {
		missing(t, "corpus "+name+" at "+dir+" is not a directory")
		return ""
	}
	return dir
}

func missing(t testing.TB, msg string) {
	t.Helper()
	if os.Getenv("CI") == "true" {
		t.Fatal(msg)
	}
	t.Skip(msg)
}

// repoRoot walks up from the working directory to the folder holding go.mod.
func repoRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("no go.mod above the working directory")
		}
		dir = parent
	}
}
