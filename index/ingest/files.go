package ingest

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// File describes one file found under the import paths.
type File struct {
	Path string
	Size int64
}

// articleExts are the extensions of files the walker reads; a file without
// an extension is read too, and its format detected from its content.
var articleExts = map[string]bool{
	".txt": true, ".text": true,
	".jsonl": true, ".ndjson": true, ".json": true,
	".sgm": true, ".sgml": true,
}

// docPrefixes start the names of files that document a collection rather
// than hold its articles.
var docPrefixes = []string{"readme", "license", "licence", "copying", "notice", "changelog", "authors", "contributing"}

// Files lists the files to import under paths, sorted, with their sizes so
// a caller can show progress by bytes. Folders are walked; hidden files and
// folders are left out silently. Other files that are not articles by
// name (a README, a DTD, an image) are left out too and reported as errors
// wrapping ErrSkipped, next to any errors reading the paths; all are
// *fs.PathError when they concern one path, so a caller can name it. Files named
// directly in paths are always listed: whoever named one meant it, and
// ReadFile still rejects what is not an article.
func Files(paths []string) ([]File, []error) {
	var files []File
	var errs []error
	seen := map[string]bool{}
	add := func(path string, size int64) {
		if !seen[path] {
			seen[path] = true
			files = append(files, File{Path: path, Size: size})
		}
	}
	for _, root := range paths {
		fi, err := os.Stat(root)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		if !fi.IsDir() {
			add(root, fi.Size())
			continue
		}
		err = filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				errs = append(errs, err)
				return nil
			}
			if path != root && strings.HasPrefix(d.Name(), ".") {
				if d.IsDir() {
					return filepath.SkipDir
				}
				return nil
			}
			if d.IsDir() || !d.Type().IsRegular() {
				return nil
			}
			if why := notArticle(d.Name()); why != "" {
				errs = append(errs, &fs.PathError{Op: "import", Path: path, Err: fmt.Errorf("%w: %s", ErrSkipped, why)})
				return nil
			}
			info, err := d.Info()
			if err != nil {
				errs = append(errs, err)
				return nil
			}
			add(path, info.Size())
			return nil
		})
		if err != nil {
			errs = append(errs, err)
		}
	}
	slices.SortFunc(files, func(a, b File) int { return strings.Compare(a.Path, b.Path) })
	return files, errs
}

// notArticle says why a file found in a folder is not read, from its name
// alone, or returns "" when it may hold articles.
func notArticle(name string) string {
	lower := strings.ToLower(name)
	for _, p := range docPrefixes {
		if strings.HasPrefix(lower, p) {
			return "documentation, not articles"
		}
	}
	ext := filepath.Ext(strings.TrimSuffix(lower, ".gz")) // Read unpacks gzip
	if ext != "" && !articleExts[ext] {
		return "not an article file type (" + ext + ")"
	}
	return ""
}
