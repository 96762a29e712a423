package main

import (
	"bufio"
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/go-sql-driver/mysql"

	"github.com/newsarchive/newsarchive/index"
)

// Sphinx (Debian's sphinxsearch, 2.2) is measured as its users run it:
// its own indexer builds a plain index from an xmlpipe2 stream, and its
// searchd answers SphinxQL over the MySQL protocol. newsbench writes
// the configuration itself, in a temporary folder, and never reads the
// system's.

func init() { register("sphinx", openSphinx) }

// errNoSphinx is what the sphinx peer answers where its binaries are not
// installed; the run leaves the peer out with this message.
var errNoSphinx = errors.New("sphinx: indexer and searchd are not on PATH (Debian: apt-get install sphinxsearch)")

// sphinxBinaries returns the paths of indexer and searchd.
func sphinxBinaries() (indexer, searchd string, err error) {
	indexer, err1 := exec.LookPath("indexer")
	searchd, err2 := exec.LookPath("searchd")
	if err1 != nil || err2 != nil {
		return "", "", errNoSphinx
	}
	return indexer, searchd, nil
}

// sphinxIndexName is the index's name in the configuration and its
// files' prefix in the peer's folder.
const sphinxIndexName = "articles"

// sphinxKinds are the actor kinds, each with a multi-value attribute of
// its own so that a facet can list the most frequent of one kind.
var sphinxKinds = []index.Kind{index.Person, index.Organization, index.Place}

// sphinxDict maps the actors' names and the topics to the integers
// Sphinx's multi-value attributes hold; it is written beside the index,
// as an application would keep it in its own database, since Sphinx 2.2
// keeps no strings in an MVA.
type sphinxDict struct {
	Actors []string `json:"actors"` // id i+1 is Actors[i]
	Topics []string `json:"topics"`
	Years  int      `json:"years"` // distinct years of publication
}

const sphinxDictFile = "dict.json"

// ids returns the 1-based id of each name in a list built while
// indexing, adding the names it has not seen.
func dictID(list *[]string, ids map[string]uint32, name string) uint32 {
	if id, ok := ids[name]; ok {
		return id
	}
	*list = append(*list, name)
	id := uint32(len(*list))
	ids[name] = id
	return id
}

// sphinxStore builds one plain index; Sphinx's plain indexes are made
// whole from their source, so a store takes one import.
type sphinxStore struct {
	dir, indexer, searchd string
	imported              bool
	rss, anon             int64 // the indexer's peak memory
	q                     *sphinxQuerier
}

func openSphinx(dir string) (Store, error) {
	indexer, searchd, err := sphinxBinaries()
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	return &sphinxStore{dir: dir, indexer: indexer, searchd: searchd}, nil
}

// sphinxConf is the configuration of the index and of a searchd that
// serves it on one port. The title and body are full-text fields and
// string attributes as well (attr="string" in the xmlpipe2 schema):
// Sphinx 2.2 keeps no text of its own, and SNIPPET() needs it.
func sphinxConf(source, indexPath, runDir string, port int) string {
	return fmt.Sprintf(`source src
{
	type            = xmlpipe2
	xmlpipe_command = cat %s
}

index %s
{
	type          = plain
	source        = src
	path          = %s
	docinfo       = extern
	morphology    = stem_en
	charset_table = 0..9, A..Z->a..z, _, a..z, U+C0..U+D6->U+E0..U+F6, U+D8..U+DE->U+F8..U+FE, U+DF, U+E0..U+F6, U+F8..U+FF, U+410..U+42F->U+430..U+44F, U+430..U+44F, U+401->U+451, U+451
	min_word_len  = 1
	html_strip    = 0
}

indexer
{
	mem_limit = 256M
}

searchd
{
	listen          = 127.0.0.1:%d:mysql41
	log             = %s
	query_log       = %s
	pid_file        = %s
	binlog_path     =
	workers         = threads
	read_timeout    = 30
	max_packet_size = 32M
}
`, source, sphinxIndexName, indexPath, port,
		filepath.Join(runDir, "searchd.log"), filepath.Join(runDir, "query.log"), filepath.Join(runDir, "searchd.pid"))
}

// Import writes the articles as an xmlpipe2 document in a temporary
// folder and runs indexer on it; the time covers both, as the document
// is the form Sphinx reads. The index and the dictionary of actors and
// topics are left in the store's folder.
func (s *sphinxStore) Import(ctx context.Context, articles []index.Article) error {
	if s.imported {
		return errors.New("sphinx: a plain index is built whole; one import per store")
	}
	s.imported = true
	tmp, err := os.MkdirTemp("", "newsbench-sphinx-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	source := filepath.Join(tmp, "articles.xml")
	dict, err := writeXMLPipe(source, articles)
	if err != nil {
		return fmt.Errorf("sphinx: %w", err)
	}
	b, err := json.Marshal(dict)
	if err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(s.dir, sphinxDictFile), b, 0o644); err != nil {
		return err
	}
	conf := filepath.Join(tmp, "sphinx.conf")
	if err := os.WriteFile(conf, []byte(sphinxConf(source, filepath.Join(s.dir, sphinxIndexName), tmp, 0)), 0o644); err != nil {
		return err
	}
	cmd := exec.CommandContext(ctx, s.indexer, "--config", conf, "--quiet", sphinxIndexName)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		return err
	}
	sampler := sampleAnon(cmd.Process.Pid)
	err = cmd.Wait()
	s.anon = sampler.Stop()
	s.rss = maxRSS(cmd.ProcessState)
	if err != nil {
		return fmt.Errorf("sphinx: indexer: %w\n%s", err, out.String())
	}
	// indexer exits 0 on some broken documents, saying so.
	if strings.Contains(out.String(), "ERROR") {
		return fmt.Errorf("sphinx: indexer: %s", out.String())
	}
	return nil
}

// peakRSS is the indexer process's peak memory, for the import table.
func (s *sphinxStore) peakRSS() (rss, anon int64) { return s.rss, s.anon }

// xmlChar reports whether XML 1.0 allows r in a document.
func xmlChar(r rune) bool {
	return r == '\t' || r == '\n' || r == '\r' || r >= 0x20 && r <= 0xD7FF || r >= 0xE000 && r <= 0xFFFD || r >= 0x10000 && r <= 0x10FFFF
}

// writeXMLPipe writes articles as one xmlpipe2 document and returns the
// dictionary of the integers it gave actors and topics. Document ids are
// the articles' 1-based positions.
func writeXMLPipe(path string, articles []index.Article) (sphinxDict, error) {
	var dict sphinxDict
	f, err := os.Create(path)
	if err != nil {
		return dict, err
	}
	defer f.Close()
	w := bufio.NewWriterSize(f, 1<<20)
	w.WriteString(`<?xml version="1.0" encoding="utf-8"?>
<sphinx:docset>
<sphinx:schema>
<sphinx:field name="title" attr="string"/>
<sphinx:field name="body" attr="string"/>
<sphinx:attr name="aid" type="string"/>
<sphinx:attr name="source" type="string"/>
<sphinx:attr name="published" type="timestamp"/>
<sphinx:attr name="year" type="int"/>
<sphinx:attr name="actor" type="multi"/>
`)
	for _, k := range sphinxKinds {
		fmt.Fprintf(w, "<sphinx:attr name=%q type=\"multi\"/>\n", string(k))
	}
	w.WriteString("<sphinx:attr name=\"topic\" type=\"multi\"/>\n</sphinx:schema>\n")
	actorIDs, topicIDs := map[string]uint32{}, map[string]uint32{}
	years := map[int]bool{}
	text := func(tag, s string) {
		s = strings.Map(func(r rune) rune {
			if xmlChar(r) {
				return r
			}
			return ' '
		}, s)
		fmt.Fprintf(w, "<%s>", tag)
		xml.EscapeText(w, []byte(s))
		fmt.Fprintf(w, "</%s>\n", tag)
	}
	list := func(tag string, ids []uint32) {
		slices.Sort(ids)
		ids = slices.Compact(ids)
		fmt.Fprintf(w, "<%s>", tag)
		for i, id := range ids {
			if i > 0 {
				w.WriteByte(',')
			}
			w.WriteString(strconv.FormatUint(uint64(id), 10))
		}
		fmt.Fprintf(w, "</%s>\n", tag)
	}
	for i, a := range articles {
		fmt.Fprintf(w, "<sphinx:document id=\"%d\">\n", i+1)
		text("title", a.Title)
		text("body", a.Body)
		text("aid", a.ID)
		text("source", a.Source)
		var published int64
		year := 0
		if !a.Published.IsZero() {
			published, year = a.Published.Unix(), a.Published.UTC().Year()
			years[year] = true
		}
		fmt.Fprintf(w, "<published>%d</published>\n<year>%d</year>\n", published, year)
		var all []uint32
		byKind := map[index.Kind][]uint32{}
		for _, act := range a.Actors {
			id := dictID(&dict.Actors, actorIDs, act.Name)
			all = append(all, id)
			byKind[act.Kind] = append(byKind[act.Kind], id)
		}
		list("actor", all)
		for _, k := range sphinxKinds {
			list(string(k), byKind[k])
		}
		var topics []uint32
		for _, t := range a.Topics {
			topics = append(topics, dictID(&dict.Topics, topicIDs, t))
		}
		list("topic", topics)
		w.WriteString("</sphinx:document>\n")
	}
	w.WriteString("</sphinx:docset>\n")
	dict.Years = len(years)
	if err := w.Flush(); err != nil {
		return dict, err
	}
	return dict, f.Close()
}

// Search finds the articles holding word in their title or body, on a
// searchd started for the purpose and stopped by Close.
func (s *sphinxStore) Search(word string) ([]string, error) {
	if s.q == nil {
		q, err := openSphinxQuerier(s.dir)
		if err != nil {
			return nil, err
		}
		s.q = q.(*sphinxQuerier)
	}
	rows, err := s.q.db.Query(`SELECT aid FROM ` + sphinxIndexName + ` WHERE MATCH(` + sqlString(`"`+escapeMatch(word)+`"`) + `) LIMIT 100000 OPTION max_matches=100000`)
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
	slices.Sort(ids)
	return ids, rows.Err()
}

func (s *sphinxStore) Close() error {
	if s.q != nil {
		return s.q.Close()
	}
	return nil
}

// searchd is a running searchd serving one index folder.
type searchd struct {
	cmd    *exec.Cmd
	runDir string
	done   chan error
}

// startSearchd writes a configuration for the index in dir, starts
// searchd in the foreground on a free port and waits until it answers.
func startSearchd(dir string) (*searchd, *sql.DB, error) {
	_, bin, err := sphinxBinaries()
	if err != nil {
		return nil, nil, err
	}
	runDir, err := os.MkdirTemp("", "newsbench-searchd-")
	if err != nil {
		return nil, nil, err
	}
	port, err := freePort()
	if err != nil {
		os.RemoveAll(runDir)
		return nil, nil, err
	}
	conf := filepath.Join(runDir, "sphinx.conf")
	// The source is not read by searchd, but the configuration must name
	// one for the index.
	text := sphinxConf(filepath.Join(runDir, "none.xml"), filepath.Join(dir, sphinxIndexName), runDir, port)
	if err := os.WriteFile(conf, []byte(text), 0o644); err != nil {
		os.RemoveAll(runDir)
		return nil, nil, err
	}
	cmd := exec.Command(bin, "--config", conf, "--nodetach")
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		os.RemoveAll(runDir)
		return nil, nil, err
	}
	sd := &searchd{cmd: cmd, runDir: runDir, done: make(chan error, 1)}
	go func() { sd.done <- cmd.Wait() }()

	cfg := mysql.NewConfig()
	cfg.Net, cfg.Addr = "tcp", fmt.Sprintf("127.0.0.1:%d", port)
	// Sphinx has no prepared statements, and a search sends its queries
	// as one batch so that searchd matches the text once for all of them.
	cfg.MultiStatements = true
	cfg.InterpolateParams = true
	db, err := sql.Open("mysql", cfg.FormatDSN())
	if err != nil {
		sd.stop()
		return nil, nil, err
	}
	deadline := time.Now().Add(30 * time.Second)
	for {
		select {
		case err := <-sd.done:
			sd.done <- err
			db.Close()
			sd.stop()
			return nil, nil, fmt.Errorf("searchd exited: %v\n%s%s", err, out.String(), sd.log())
		default:
		}
		if err = db.Ping(); err == nil {
			return sd, db, nil
		}
		if time.Now().After(deadline) {
			db.Close()
			sd.stop()
			return nil, nil, fmt.Errorf("searchd did not answer on port %d in 30 s: %v\n%s%s", port, err, out.String(), sd.log())
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func (sd *searchd) log() string {
	b, _ := os.ReadFile(filepath.Join(sd.runDir, "searchd.log"))
	return string(b)
}

// stop ends searchd with SIGTERM, its way of shutting down cleanly, and
// removes its configuration and logs.
func (sd *searchd) stop() error {
	defer os.RemoveAll(sd.runDir)
	if sd.cmd.Process == nil {
		return nil
	}
	sd.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case err := <-sd.done:
		var exit *exec.ExitError
		if errors.As(err, &exit) {
			return fmt.Errorf("searchd: %w\n%s", err, sd.log())
		}
		return err
	case <-time.After(10 * time.Second):
		sd.cmd.Process.Kill()
		<-sd.done
		return errors.New("searchd did not stop in 10 s after SIGTERM; killed")
	}
}
