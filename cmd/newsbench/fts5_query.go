//go:build sqlite_fts5

package main

import (
	"context"
	"database/sql"
	"fmt"
	"html"
	"path/filepath"
	"strings"
	"time"
)

func init() { queryOpeners["fts5"] = openFTS5Querier }

// fts5Querier answers the shapes the way an application on SQLite would:
// the matching rows, with their bm25 scores, go once into a temporary
// table; the total, the facets and the page are read from it; and
// snippets are made for the page's rows only, by a second MATCH narrowed
// to their rowids.
type fts5Querier struct {
	db   *sql.DB
	conn *sql.Conn // one connection, since the temporary table is its own
}

// Marks the snippets are made with: control characters that no article
// holds, so the text around them can be HTML-escaped and the marks then
// replaced by <mark> tags, as the archive's highlights are.
const (
	markOpen  = "\x02"
	markClose = "\x03"
)

func openFTS5Querier(dir string) (querier, error) {
	db, err := sql.Open("sqlite3", "file:"+filepath.Join(dir, "articles.db")+"?mode=rw")
	if err != nil {
		return nil, err
	}
	ctx := context.Background()
	conn, err := db.Conn(ctx)
	if err != nil {
		db.Close()
		return nil, err
	}
	// A 64 MB page cache and the file memory-mapped: what an application
	// that reads a few hundred MB of index would set.
	for _, p := range []string{
		`PRAGMA temp_store = MEMORY`,
		`PRAGMA cache_size = -65536`,
		`PRAGMA mmap_size = 1073741824`,
		`CREATE TEMP TABLE m (rowid INTEGER PRIMARY KEY, score REAL)`,
	} {
		if _, err := conn.ExecContext(ctx, p); err != nil {
			conn.Close()
			db.Close()
			return nil, fmt.Errorf("%s: %w", p, err)
		}
	}
	return &fts5Querier{db: db, conn: conn}, nil
}

// filters returns the SQL conditions on the articles row a and their
// arguments for the shape's actor and date filters.
func fts5Filters(s shape) (string, []any) {
	var conds []string
	var args []any
	if s.Actor != "" {
		conds = append(conds, `a.rowid IN (SELECT article FROM article_actor WHERE name = ?)`)
		args = append(args, s.Actor)
	}
	if !s.From.IsZero() {
		conds = append(conds, `a.published >= ?`)
		args = append(args, s.From.Unix())
	}
	if !s.To.IsZero() {
		conds = append(conds, `a.published < ?`)
		args = append(args, s.To.AddDate(0, 0, 1).Unix())
	}
	if len(conds) == 0 {
		return "", nil
	}
	return " AND " + strings.Join(conds, " AND "), args
}

func (q *fts5Querier) Query(ctx context.Context, s shape) (shapeResult, error) {
	var r shapeResult
	c := q.conn
	where, fargs := fts5Filters(s)
	// set is the matching rows: the temporary table, or every article
	// for an empty query without filters.
	set := "m"
	switch {
	case s.Text != "":
		if _, err := c.ExecContext(ctx, `DELETE FROM m`); err != nil {
			return r, err
		}
		args := append([]any{s.Text}, fargs...)
		if _, err := c.ExecContext(ctx, `INSERT INTO m(rowid, score)
			SELECT f.rowid, bm25(articles_fts) FROM articles_fts f JOIN articles a ON a.rowid = f.rowid
			WHERE articles_fts MATCH ?`+where, args...); err != nil {
			return r, fmt.Errorf("match %q: %w", s.Text, err)
		}
	case where != "":
		if _, err := c.ExecContext(ctx, `DELETE FROM m`); err != nil {
			return r, err
		}
		if _, err := c.ExecContext(ctx, `INSERT INTO m(rowid, score)
			SELECT a.rowid, -a.published FROM articles a WHERE 1`+where, fargs...); err != nil {
			return r, err
		}
	default:
		set = ""
	}
	in := func(col string) string {
		if set == "" {
			return ""
		}
		return " WHERE " + col + " IN (SELECT rowid FROM m)"
	}

	// The date facet, by year; its counts add up to the total.
	rows, err := c.QueryContext(ctx, `SELECT strftime('%Y', published, 'unixepoch') AS y, count(*)
		FROM articles`+in("rowid")+` GROUP BY y ORDER BY y`)
	if err != nil {
		return r, err
	}
	for rows.Next() {
		var y sql.NullString
		var n uint64
		if err := rows.Scan(&y, &n); err != nil {
			rows.Close()
			return r, err
		}
		r.Total += n
		if y.Valid {
			r.DateVals++
		}
	}
	if err := closeRows(rows); err != nil {
		return r, err
	}

	// The actor facet, the 30 most named per kind as the archive lists
	// them, and the 20 most frequent topics.
	if r.ActorVals, err = countRows(ctx, c, `SELECT name, kind, n FROM (
		SELECT name, kind, count(*) AS n, row_number() OVER (PARTITION BY kind ORDER BY count(*) DESC, name) AS k
		FROM article_actor`+in("article")+` GROUP BY name, kind) WHERE k <= 30`); err != nil {
		return r, err
	}
	if r.TopicVals, err = countRows(ctx, c, `SELECT slug, count(*) AS n FROM article_topic`+in("article")+
		` GROUP BY slug ORDER BY n DESC, slug LIMIT 20`); err != nil {
		return r, err
	}

	// The page: best bm25 first (smaller is better), or newest first.
	offset := (s.Page - 1) * pageSize
	var page string
	if set == "" {
		page = `SELECT rowid FROM articles ORDER BY published DESC, rowid DESC LIMIT ? OFFSET ?`
	} else {
		page = `SELECT rowid FROM m ORDER BY score, rowid LIMIT ? OFFSET ?`
	}
	rows, err = c.QueryContext(ctx, page, pageSize, offset)
	if err != nil {
		return r, err
	}
	var ids []any
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return r, err
		}
		ids = append(ids, id)
	}
	if err := closeRows(rows); err != nil {
		return r, err
	}
	if len(ids) == 0 {
		return r, nil
	}

	// The page's articles, with the title highlighted and a snippet of
	// the body when there is a query, and their actors.
	marks := "NULL, NULL"
	from := `articles_fts f JOIN articles a ON a.rowid = f.rowid WHERE f.rowid IN (?` + strings.Repeat(", ?", len(ids)-1) + `)`
	args := ids
	if s.Text != "" {
		marks = `highlight(articles_fts, 0, char(2), char(3)), snippet(articles_fts, 1, char(2), char(3), '…', 24)`
		from += ` AND articles_fts MATCH ?`
		args = append(args, s.Text)
	}
	rows, err = c.QueryContext(ctx, `SELECT f.rowid, a.id, f.title, a.published, a.source, `+marks+`,
		(SELECT group_concat(name, char(31)) FROM article_actor x WHERE x.article = f.rowid)
		FROM `+from, args...)
	if err != nil {
		return r, err
	}
	type hit struct {
		id, title, source string
		published         time.Time
		titleHTML, body   string
		actors            []string
	}
	byRow := map[int64]hit{}
	for rows.Next() {
		var (
			rowid                int64
			h                    hit
			pub                  sql.NullInt64
			tmark, bmark, actors sql.NullString
		)
		if err := rows.Scan(&rowid, &h.id, &h.title, &pub, &h.source, &tmark, &bmark, &actors); err != nil {
			rows.Close()
			return r, err
		}
		if pub.Valid {
			h.published = time.Unix(pub.Int64, 0).UTC()
		}
		h.titleHTML = markHTML(tmark.String)
		h.body = markHTML(bmark.String)
		if actors.Valid {
			h.actors = strings.Split(actors.String, "\x1f")
		}
		byRow[rowid] = h
	}
	if err := closeRows(rows); err != nil {
		return r, err
	}
	for _, id := range ids {
		h, ok := byRow[id.(int64)]
		if !ok {
			continue
		}
		r.Hits++
		if r.Hits == 1 {
			r.FirstTitle = h.title
		}
		marked := false
		for _, frag := range []string{h.titleHTML, h.body} {
			if strings.Contains(frag, "<mark>") {
				marked = true
				if r.FirstMark == "" {
					r.FirstMark = frag
				}
			}
		}
		if marked {
			r.Marked++
		}
	}
	return r, nil
}

// markHTML escapes a highlight or snippet for HTML and turns its marks
// into <mark> tags.
func markHTML(s string) string {
	if s == "" {
		return ""
	}
	s = html.EscapeString(s)
	return strings.NewReplacer(markOpen, "<mark>", markClose, "</mark>").Replace(s)
}

// countRows runs a query and returns how many rows it gave, reading them
// all, as an application filling a facet list would.
func countRows(ctx context.Context, c *sql.Conn, query string) (int, error) {
	rows, err := c.QueryContext(ctx, query)
	if err != nil {
		return 0, err
	}
	cols, err := rows.Columns()
	if err != nil {
		rows.Close()
		return 0, err
	}
	vals := make([]any, len(cols))
	for i := range vals {
		vals[i] = new(sql.RawBytes)
	}
	n := 0
	for rows.Next() {
		if err := rows.Scan(vals...); err != nil {
			rows.Close()
			return 0, err
		}
		n++
	}
	return n, closeRows(rows)
}

func closeRows(rows *sql.Rows) error {
	err := rows.Err()
	if cerr := rows.Close(); err == nil {
		err = cerr
	}
	return err
}

func (q *fts5Querier) Close() error {
	q.conn.Close()
	return q.db.Close()
}
