//go:build sqlite_fts5

package main

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"

	_ "github.com/mattn/go-sqlite3" // the database/sql driver "sqlite3", native C SQLite

	"github.com/newsarchive/newsarchive/index"
)

func init() { register("fts5", openFTS5) }

// fts5Schema keeps the searchable text in an FTS5 table with the Porter
// stemmer (the nearest SQLite has to Bleve's English analyzer), and the
// fields for filters and facets in ordinary tables, joined by rowid, as
// an application on SQLite would lay out the archive.
const fts5Schema = `
CREATE TABLE articles (
	rowid     INTEGER PRIMARY KEY,
	id        TEXT NOT NULL UNIQUE,
	published INTEGER,
	source    TEXT
);
CREATE INDEX articles_published ON articles(published);
CREATE VIRTUAL TABLE articles_fts USING fts5(title, body, tokenize='porter unicode61');
CREATE TABLE article_actor (
	article INTEGER NOT NULL REFERENCES articles(rowid),
	name    TEXT NOT NULL,
	kind    TEXT NOT NULL
);
CREATE INDEX article_actor_name ON article_actor(name, article);
CREATE INDEX article_actor_article ON article_actor(article, name, kind);
CREATE TABLE article_topic (
	article INTEGER NOT NULL REFERENCES articles(rowid),
	slug    TEXT NOT NULL
);
CREATE INDEX article_topic_slug ON article_topic(slug, article);
CREATE INDEX article_topic_article ON article_topic(article, slug);
`

// fts5Store is an SQLite database file with FTS5.
type fts5Store struct {
	db *sql.DB
}

func openFTS5(dir string) (Store, error) {
	// One connection: SQLite has one writer anyway, and an in-process
	// pool would only add connections that each need the pragmas.
	db, err := sql.Open("sqlite3", "file:"+filepath.Join(dir, "articles.db")+"?_journal_mode=WAL&_synchronous=NORMAL")
	if err != nil {
		return nil, err
	}
	db.SetMaxOpenConns(1)
	if _, err := db.Exec(fts5Schema); err != nil {
		db.Close()
		return nil, fmt.Errorf("create schema: %w", err)
	}
	return &fts5Store{db: db}, nil
}

// Import writes every article in one transaction: SQLite commits are
// what cost (a sync each), and one large transaction is the fast way to
// bulk load it.
func (s *fts5Store) Import(ctx context.Context, articles []index.Article) (err error) {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			tx.Rollback()
		}
	}()
	prep := func(q string) *sql.Stmt {
		if err != nil {
			return nil
		}
		var st *sql.Stmt
		st, err = tx.PrepareContext(ctx, q)
		return st
	}
	insArticle := prep(`INSERT INTO articles(id, published, source) VALUES (?, ?, ?)`)
	insText := prep(`INSERT INTO articles_fts(rowid, title, body) VALUES (?, ?, ?)`)
	insActor := prep(`INSERT INTO article_actor(article, name, kind) VALUES (?, ?, ?)`)
	insTopic := prep(`INSERT INTO article_topic(article, slug) VALUES (?, ?)`)
	if err != nil {
		return err
	}
	for i, a := range articles {
		if i%1024 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		var published any
		if !a.Published.IsZero() {
			published = a.Published.Unix()
		}
		res, err := insArticle.ExecContext(ctx, a.ID, published, a.Source)
		if err != nil {
			return fmt.Errorf("article %s: %w", a.ID, err)
		}
		rowid, err := res.LastInsertId()
		if err != nil {
			return err
		}
		if _, err := insText.ExecContext(ctx, rowid, a.Title, a.Body); err != nil {
			return fmt.Errorf("article %s: %w", a.ID, err)
		}
		for _, act := range a.Actors {
			if _, err := insActor.ExecContext(ctx, rowid, act.Name, string(act.Kind)); err != nil {
				return fmt.Errorf("article %s: %w", a.ID, err)
			}
		}
		for _, t := range a.Topics {
			if _, err := insTopic.ExecContext(ctx, rowid, t); err != nil {
				return fmt.Errorf("article %s: %w", a.ID, err)
			}
		}
	}
	return tx.Commit()
}

func (s *fts5Store) Search(word string) ([]string, error) {
	// The word is quoted as an FTS5 string so that query syntax in it is
	// taken literally.
	rows, err := s.db.Query(`SELECT a.id FROM articles_fts f JOIN articles a ON a.rowid = f.rowid
		WHERE articles_fts MATCH ? ORDER BY a.id`, `"`+word+`"`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var ids []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}

// Close checkpoints the write-ahead log into the database file, so the
// size on disk is that of the database alone, and closes it.
func (s *fts5Store) Close() error {
	_, cerr := s.db.Exec(`PRAGMA wal_checkpoint(TRUNCATE)`)
	if err := s.db.Close(); err != nil {
		return err
	}
	return cerr
}
