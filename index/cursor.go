package index

import (
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"hash/fnv"
	"slices"
)

// A cursor is the position of one hit in the results of one search, for
// Query.After: the values the engine sorts that hit by, with the order
// and a fingerprint of the search it came from, so that a cursor given
// to another search is refused rather than read as a position it never
// was. It is opaque to clients and written in base64url, so it goes into
// an address unescaped.
//
// Layout before base64: a version byte, the order's byte, eight bytes of
// fingerprint, then the count of sort values and each value, every count
// and length an unsigned varint.
const (
	cursorVersion = 1
	// maxCursorLength bounds the text of a cursor: two sort values, one
	// of them an id, fit far below it.
	maxCursorLength = 2048
	maxCursorValues = 4
)

// BadCursor is the error for a cursor the archive did not make, saying
// what a client can do about it.
func BadCursor() *QueryError {
	return &QueryError{Param: "cursor", Pos: -1, Msg: "cursor is not one this archive gave: pass the next_cursor of the previous page as it came, or leave cursor out to start from the first page"}
}

var sortCodes = map[Sort]byte{SortRelevance: 'r', SortNewest: 'n', SortOldest: 'o'}

// Cursor returns the cursor of a hit of q, whose sort values, as the
// engine compares them, are key. q must be normalized.
func (q Query) Cursor(key []string) string {
	b := []byte{cursorVersion, sortCodes[q.Sort]}
	b = binary.BigEndian.AppendUint64(b, q.fingerprint())
	b = binary.AppendUvarint(b, uint64(len(key)))
	for _, v := range key {
		b = binary.AppendUvarint(b, uint64(len(v)))
		b = append(b, v...)
	}
	return base64.RawURLEncoding.EncodeToString(b)
}

// AfterKey returns the sort values of q.After, the hit the results are
// to follow, or nil when q has no cursor. It refuses, with a *QueryError,
// a cursor the archive did not make and one made for another search.
// q must be normalized.
func (q Query) AfterKey() ([]string, error) {
	if q.After == "" {
		return nil, nil
	}
	sort, fp, key, err := parseCursor(q.After)
	if err != nil {
		return nil, BadCursor()
	}
	if sort != q.Sort {
		return nil, &QueryError{Param: "cursor", Pos: -1, Msg: fmt.Sprintf("this cursor continues results sorted by %s, not %s: give the sort of the page that gave it, or leave cursor out to start again", sort, q.Sort)}
	}
	if fp != q.fingerprint() {
		return nil, &QueryError{Param: "cursor", Pos: -1, Msg: "this cursor belongs to another search: keep q and the filters as they were on the page that gave it, or leave cursor out to start again"}
	}
	return key, nil
}

// checkCursor refuses a cursor that cannot be read, or that continues
// another order than q's; whether it belongs to the same search is left
// to AfterKey, as the engine's writing of actor names can differ from
// the request's.
func (q Query) checkCursor() error {
	if q.After == "" {
		return nil
	}
	sort, _, _, err := parseCursor(q.After)
	if err != nil {
		return BadCursor()
	}
	if sort != q.Sort {
		return &QueryError{Param: "cursor", Pos: -1, Msg: fmt.Sprintf("this cursor continues results sorted by %s, not %s: give the sort of the page that gave it, or leave cursor out to start again", sort, q.Sort)}
	}
	return nil
}

var errCursor = errors.New("malformed cursor")

func parseCursor(s string) (sort Sort, fingerprint uint64, key []string, err error) {
	if len(s) > maxCursorLength {
		return "", 0, nil, errCursor
	}
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil || len(b) < 10 || b[0] != cursorVersion {
		return "", 0, nil, errCursor
	}
	for s, code := range sortCodes {
		if code == b[1] {
			sort = s
		}
	}
	if sort == "" {
		return "", 0, nil, errCursor
	}
	fingerprint = binary.BigEndian.Uint64(b[2:10])
	b = b[10:]
	n, w := binary.Uvarint(b)
	if w <= 0 || n == 0 || n > maxCursorValues {
		return "", 0, nil, errCursor
	}
	b = b[w:]
	for range n {
		l, w := binary.Uvarint(b)
		if w <= 0 || l > uint64(len(b)-w) {
			return "", 0, nil, errCursor
		}
		key = append(key, string(b[w:w+int(l)]))
		b = b[w+int(l):]
	}
	if len(b) != 0 {
		return "", 0, nil, errCursor
	}
	return sort, fingerprint, key, nil
}

// fingerprint sums up what decides which articles match q and in what
// order: not the page, its size, highlighting or the actor facet's kind.
// Filter values are taken as a set, as the search takes them.
func (q Query) fingerprint() uint64 {
	k := q
	k.Page, k.Size, k.Highlight, k.ActorKind, k.After = 0, 0, false, "", ""
	for _, list := range []*[]string{&k.Actors, &k.Topics, &k.Sources, &k.Found, &k.NotActors, &k.NotTopics, &k.NotSources} {
		*list = slices.Sorted(slices.Values(*list))
	}
	b, _ := json.Marshal(k)
	h := fnv.New64a()
	h.Write(b)
	return h.Sum64()
}
