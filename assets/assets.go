// Package assets holds the stylesheet, script and icons of the web pages,
// embedded in the binary and served under content-hashed names so browsers
// may cache them forever and still see a new version the moment it ships.
package assets

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"sort"
	"strconv"
	"strings"
)

// Prefix is the URL path under which assets are served.
const Prefix = "/assets/"

// embedded is the only package-level value: go:embed requires one.
//
//go:embed static
var embedded embed.FS

// File is one embedded asset.
type File struct {
	Name        string // file name, e.g. "style.css"
	Hashed      string // file name with the content hash, e.g. "style.1a2b3c4d.css"
	ContentType string
	ETag        string
	Content     []byte
}

// URL is the path at which the file is served.
func (f File) URL() string { return Prefix + f.Hashed }

// Set is the embedded assets indexed by plain and hashed name.
type Set struct {
	byName   map[string]File
	byHashed map[string]File
}

// New reads the embedded files and computes their hashed names.
func New() (*Set, error) {
	sub, err := fs.Sub(embedded, "static")
	if err != nil {
		return nil, err
	}
	return FromFS(sub)
}

// FromFS builds a Set from the regular files at the root of fsys; it exists
// so the hashing and serving can be tested with files of known content.
func FromFS(fsys fs.FS) (*Set, error) {
	entries, err := fs.ReadDir(fsys, ".")
	if err != nil {
		return nil, err
	}
	s := &Set{byName: map[string]File{}, byHashed: map[string]File{}}
	for _, e := range entries {
		if !e.Type().IsRegular() {
			continue
		}
		b, err := fs.ReadFile(fsys, e.Name())
		if err != nil {
			return nil, err
		}
		sum := sha256.Sum256(b)
		hash := hex.EncodeToString(sum[:])[:8]
		ext := path.Ext(e.Name())
		ctype := mime.TypeByExtension(ext)
		if ctype == "" {
			ctype = "application/octet-stream"
		}
		f := File{
			Name:        e.Name(),
			Hashed:      strings.TrimSuffix(e.Name(), ext) + "." + hash + ext,
			ContentType: ctype,
			ETag:        strconv.Quote(hash),
			Content:     b,
		}
		s.byName[f.Name] = f
		s.byHashed[f.Hashed] = f
	}
	return s, nil
}

// URL returns the hashed URL of the named file, or "" if there is no such
// file; pages link to assets only through it.
func (s *Set) URL(name string) string {
	f, ok := s.byName[name]
	if !ok {
		return ""
	}
	return f.URL()
}

// Names lists the plain names of the files, sorted.
func (s *Set) Names() []string {
	names := make([]string, 0, len(s.byName))
	for n := range s.byName {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// Lookup finds a file by the name in its URL (the part after Prefix).
// Hashed names are immutable; a plain name is also found, for links that
// were written by hand, but must be revalidated.
func (s *Set) Lookup(name string) (f File, immutable bool, ok bool) {
	if f, ok := s.byHashed[name]; ok {
		return f, true, true
	}
	f, ok = s.byName[name]
	return f, false, ok
}

// CacheControl is the Cache-Control value for a file found by Lookup.
func CacheControl(immutable bool) string {
	if immutable {
		return "public, max-age=31536000, immutable"
	}
	return "no-cache"
}

// Handler serves the files at Prefix+name, for use outside Echo.
func (s *Set) Handler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		name, found := strings.CutPrefix(r.URL.Path, Prefix)
		f, immutable, ok := s.Lookup(name)
		if !found || !ok {
			http.NotFound(w, r)
			return
		}
		Serve(w, r, f, immutable)
	})
}

// Serve writes f with its caching headers, answering a matching
// If-None-Match with 304 Not Modified.
func Serve(w http.ResponseWriter, r *http.Request, f File, immutable bool) {
	w.Header().Set("Cache-Control", CacheControl(immutable))
	w.Header().Set("Content-Type", f.ContentType)
	w.Header().Set("ETag", f.ETag)
	if match := r.Header.Get("If-None-Match"); match != "" && match == f.ETag {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	w.Header().Set("Content-Length", strconv.Itoa(len(f.Content)))
	if r.Method == http.MethodHead {
		return
	}
	_, _ = w.Write(f.Content)
}
