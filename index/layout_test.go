package index_test

import (
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestOnlyTheEngineImportsBleve keeps the model apart from the engine:
// no package but index/bleve imports Bleve, and of the others only the
// command, which wires everything, imports the engine. cmd/newsbench is a
// module of its own that measures Bleve itself, and is left out.
func TestOnlyTheEngineImportsBleve(t *testing.T) {
	root, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	const engine = "github.com/newsarchive/newsarchive/index/bleve"
	var checked int
	err = filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel := filepath.ToSlash(strings.TrimPrefix(path, root+string(filepath.Separator)))
		if d.IsDir() {
			if rel == "index/bleve" || rel == "cmd/newsbench" || strings.HasPrefix(d.Name(), ".") && path != root {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") {
			return nil
		}
		f, err := parser.ParseFile(token.NewFileSet(), path, nil, parser.ImportsOnly)
		if err != nil {
			return err
		}
		checked++
		for _, imp := range f.Imports {
			p, _ := strconv.Unquote(imp.Path.Value)
			switch {
			case strings.HasPrefix(p, "github.com/blevesearch/"):
				t.Errorf("%s imports %s: only index/bleve may import Bleve", rel, p)
			case p == engine && !strings.HasPrefix(rel, "cmd/") && !strings.HasSuffix(rel, "_test.go"):
				t.Errorf("%s imports the engine: it should take what it needs as an interface of the model's types", rel)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if checked < 50 {
		t.Fatalf("checked %d files under %s; the walk missed the tree", checked, root)
	}
	if _, err := os.Stat(filepath.Join(root, "index", "bleve")); err != nil {
		t.Fatalf("no engine at index/bleve: %v", err)
	}
}
