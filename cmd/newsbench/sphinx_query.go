package main

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"html"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

func init() { queryOpeners["sphinx"] = openSphinxQuerier }

// sphinxQuerier answers the shapes on a searchd of its own, started when
// it opens and stopped when it closes, with SphinxQL.
type sphinxQuerier struct {
	sd    *searchd
	db    *sql.DB
	dict  sphinxDict
	ids   map[string]uint32 // actor name → id
	sizes sphinxSizes
}

// sphinxSizes are the distinct values of each grouped attribute, which
// bound the groups a facet can have.
type sphinxSizes struct {
	actors, topics, years int
}

func openSphinxQuerier(dir string) (querier, error) {
	b, err := os.ReadFile(filepath.Join(dir, sphinxDictFile))
	if err != nil {
		return nil, fmt.Errorf("sphinx: %w", err)
	}
	q := &sphinxQuerier{ids: map[string]uint32{}}
	if err := json.Unmarshal(b, &q.dict); err != nil {
		return nil, fmt.Errorf("sphinx: %s: %w", sphinxDictFile, err)
	}
	for i, name := range q.dict.Actors {
		q.ids[name] = uint32(i + 1)
	}
	q.sizes = sphinxSizes{len(q.dict.Actors), len(q.dict.Topics), q.dict.Years}
	if q.sd, q.db, err = startSearchd(dir); err != nil {
		return nil, fmt.Errorf("sphinx: %w", err)
	}
	// One connection: a batch's SHOW META is about the connection's last
	// search.
	q.db.SetMaxOpenConns(1)
	return q, nil
}

func (q *sphinxQuerier) Close() error {
	err := q.db.Close()
	if serr := q.sd.stop(); err == nil {
		err = serr
	}
	return err
}

// Marks the snippets are made with, as for FTS5: bytes no article holds,
// so the text can be escaped for HTML and the marks then made <mark>.
const (
	sphinxMarkOpen  = "\x02"
	sphinxMarkClose = "\x03"
)

// sphinxFacetSize is how many values the actor facets list per kind and
// the topic facet lists, as the other engines do.
const (
	sphinxActorFacet = 30
	sphinxTopicFacet = 20
)

// sphinxMinMatches is Sphinx's default max_matches: a search keeps at
// most that many best matches (or groups) in memory.
const sphinxMinMatches = 1000

// sqlString quotes s as a SphinxQL string literal.
func sqlString(s string) string {
	return "'" + strings.NewReplacer(`\`, `\\`, `'`, `\'`).Replace(s) + "'"
}

// escapeMatch escapes the characters of Sphinx's extended query syntax
// in one word, so that it is searched as written.
func escapeMatch(w string) string {
	var b strings.Builder
	for _, r := range w {
		if strings.ContainsRune(`\()|-!@~"&/^$<=*`, r) {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// sphinxMatch is a shape's text in Sphinx's extended query syntax:
// words ANDed by a space as in the archive, "a b" a phrase, | for OR and
// a leading - for NOT. An empty string means no full-text part.
func sphinxMatch(s shape) string {
	ws := make([]string, len(s.Words))
	for i, w := range s.Words {
		ws[i] = escapeMatch(w)
	}
	switch s.Kind {
	case kindWords:
		return strings.Join(ws, " ")
	case kindPhrase:
		return `"` + strings.Join(ws, " ") + `"`
	case kindBool:
		return "(" + ws[0] + " | " + ws[1] + ") -" + ws[2]
	}
	return ""
}

// sphinxWhere is the WHERE clause of every statement of a search: the
// text, the actor (any of the article's actors, by id; 0, which no
// article holds, when the name is not in the index) and the days.
func sphinxWhere(s shape, actorID uint32) string {
	var conds []string
	if m := sphinxMatch(s); m != "" {
		conds = append(conds, "MATCH("+sqlString(m)+")")
	}
	if s.Actor != "" {
		conds = append(conds, "actor = "+strconv.FormatUint(uint64(actorID), 10))
	}
	if !s.From.IsZero() || !s.To.IsZero() {
		from, to := int64(0), int64(1<<32-1)
		if !s.From.IsZero() {
			from = s.From.Unix()
		}
		if !s.To.IsZero() {
			to = s.To.AddDate(0, 0, 1).Unix() - 1
		}
		conds = append(conds, fmt.Sprintf("published BETWEEN %d AND %d", from, to))
	}
	if len(conds) == 0 {
		return ""
	}
	return " WHERE " + strings.Join(conds, " AND ")
}

// sphinxStatements are the statements of one search, sent as one batch:
// the page of 20 with highlights, SHOW META for the total, the 30 most
// frequent actors of each kind, the 20 most frequent topics and the
// count per year. A GROUP BY keeps at most max_matches groups and counts
// only those once there are more, so each facet asks for as many as its
// attribute has distinct values: its counts are exact.
func sphinxStatements(s shape, actorID uint32, sz sphinxSizes) []string {
	where := sphinxWhere(s, actorID)
	from := " FROM " + sphinxIndexName + where
	offset := (s.Page - 1) * pageSize
	cols := "id, aid, published, source, title, actor"
	order := " ORDER BY WEIGHT() DESC, id ASC"
	if m := sphinxMatch(s); m != "" {
		// query_mode=1 reads the query in the extended syntax, so a
		// phrase is marked as a phrase and a NOT word not at all.
		opts := ", " + sqlString(m) + ", 'query_mode=1', 'before_match=" + sphinxMarkOpen + "', 'after_match=" + sphinxMarkClose + "'"
		cols += ", SNIPPET(title" + opts + ", 'limit=0') AS title_marked, SNIPPET(body" + opts + ", 'limit_words=24', 'around=5') AS body_marked"
	} else {
		order = " ORDER BY published DESC, id DESC"
	}
	page := fmt.Sprintf("SELECT %s%s%s LIMIT %d, %d OPTION max_matches=%d",
		cols, from, order, offset, pageSize, max(sphinxMinMatches, offset+pageSize))
	facet := func(attr string, limit, groups int, order string) string {
		return fmt.Sprintf("SELECT GROUPBY() AS v, COUNT(*) AS n%s GROUP BY %s ORDER BY %s LIMIT %d OPTION max_matches=%d",
			from, attr, order, limit, max(sphinxMinMatches, groups))
	}
	out := []string{page, "SHOW META"}
	for _, k := range sphinxKinds {
		out = append(out, facet(string(k), sphinxActorFacet, sz.actors, "n DESC, v ASC"))
	}
	out = append(out,
		facet("topic", sphinxTopicFacet, sz.topics, "n DESC, v ASC"),
		facet("year", max(1, sz.years), sz.years, "v ASC"))
	return out
}

func (q *sphinxQuerier) Query(ctx context.Context, s shape) (shapeResult, error) {
	var r shapeResult
	stmts := sphinxStatements(s, q.ids[s.Actor], q.sizes)
	rows, err := q.db.QueryContext(ctx, strings.Join(stmts, "; "))
	if err != nil {
		return r, fmt.Errorf("sphinx: %w", err)
	}
	defer rows.Close()

	// The page, its snippets made HTML, and each hit's actors named.
	marked := s.Text != ""
	for rows.Next() {
		var (
			id                  uint64
			aid, source, title  string
			published           int64
			actors              string
			titleMark, bodyMark string
			dest                = []any{&id, &aid, &published, &source, &title, &actors}
		)
		if marked {
			dest = append(dest, &titleMark, &bodyMark)
		}
		if err := rows.Scan(dest...); err != nil {
			return r, fmt.Errorf("sphinx: page: %w", err)
		}
		// Named as the page would show them, though the figures keep
		// only counts.
		_ = q.actorNames(actors)
		r.Hits++
		if r.Hits == 1 {
			r.FirstTitle = title
		}
		hit := false
		for _, frag := range []string{sphinxHTML(titleMark), sphinxHTML(bodyMark)} {
			if strings.Contains(frag, "<mark>") {
				hit = true
				if r.FirstMark == "" {
					r.FirstMark = frag
				}
			}
		}
		if hit {
			r.Marked++
		}
	}
	next := func(what string) error {
		if err := rows.Err(); err != nil {
			return fmt.Errorf("sphinx: %s: %w", what, err)
		}
		if !rows.NextResultSet() {
			return fmt.Errorf("sphinx: %s: the batch ended early: %v", what, rows.Err())
		}
		return nil
	}

	// total_found counts every match; total is only those kept.
	if err := next("meta"); err != nil {
		return r, err
	}
	for rows.Next() {
		var name, value string
		if err := rows.Scan(&name, &value); err != nil {
			return r, fmt.Errorf("sphinx: meta: %w", err)
		}
		if name == "total_found" {
			if r.Total, err = strconv.ParseUint(value, 10, 64); err != nil {
				return r, fmt.Errorf("sphinx: total_found %q: %w", value, err)
			}
		}
	}

	// Each facet's values named, as a page lists them.
	facet := func(what string, names []string) (int, error) {
		if err := next(what); err != nil {
			return 0, err
		}
		var vals []string
		for rows.Next() {
			var v, c uint64
			if err := rows.Scan(&v, &c); err != nil {
				return 0, fmt.Errorf("sphinx: %s: %w", what, err)
			}
			vals = append(vals, dictName(names, v))
		}
		return len(vals), nil
	}
	for _, k := range sphinxKinds {
		n, err := facet(string(k)+" facet", q.dict.Actors)
		if err != nil {
			return r, err
		}
		r.ActorVals += n
	}
	if r.TopicVals, err = facet("topic facet", q.dict.Topics); err != nil {
		return r, err
	}
	if r.DateVals, err = facet("year facet", nil); err != nil {
		return r, err
	}
	return r, rows.Err()
}

// dictName is the name of a 1-based id in a dictionary list, or the id
// itself for a list of numbers such as years.
func dictName(names []string, id uint64) string {
	if id >= 1 && id <= uint64(len(names)) {
		return names[id-1]
	}
	return strconv.FormatUint(id, 10)
}

// actorNames names the ids of an MVA as SphinxQL returns it: numbers
// separated by commas.
func (q *sphinxQuerier) actorNames(mva string) []string {
	var names []string
	for _, f := range strings.Split(mva, ",") {
		if id, err := strconv.ParseUint(f, 10, 32); err == nil {
			names = append(names, dictName(q.dict.Actors, id))
		}
	}
	return names
}

// sphinxHTML escapes a snippet for HTML and turns its marks into <mark>
// tags.
func sphinxHTML(s string) string {
	if s == "" {
		return ""
	}
	return strings.NewReplacer(sphinxMarkOpen, "<mark>", sphinxMarkClose, "</mark>").Replace(html.EscapeString(s))
}
