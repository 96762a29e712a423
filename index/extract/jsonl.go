package extract

import (
	"bufio"
	"bytes"
	"encoding/json"
	"io"
)

type jsonlIn struct {
	ID   json.RawMessage `json:"id"`
	Text *string         `json:"text"`
}

type jsonlOut struct {
	ID     json.RawMessage `json:"id,omitempty"`
	Actors []Actor         `json:"actors"`
	Topics []string        `json:"topics"`
	Error  string          `json:"error,omitempty"`
}

// ServeJSONL reads one JSON object {"id", "text"} per line from r and
// writes one line {"id", "actors", "topics"} per object to w, in order.
//
// Output stays aligned with input: a line that is not such an object gets
// an answer {"id", "actors": [], "topics": [], "error": "..."} (with the id
// if one could be read) instead of stopping the stream, because one bad
// record in a large import should cost that record only. Blank lines are
// skipped. Output is flushed whenever no more input is buffered, so a
// caller that waits for each answer before sending the next line works.
// The returned error is a read or write error; lines may be of any length.
func (e *Extractor) ServeJSONL(r io.Reader, w io.Writer) error {
	br := bufio.NewReaderSize(r, 1<<16)
	bw := bufio.NewWriterSize(w, 1<<16)
	enc := json.NewEncoder(bw)
	enc.SetEscapeHTML(false)
	for {
		line, rerr := br.ReadBytes('\n')
		if len(bytes.TrimSpace(line)) > 0 {
			if err := enc.Encode(e.answer(line)); err != nil {
				return err
			}
		}
		if rerr == io.EOF {
			break
		}
		if rerr != nil {
			bw.Flush()
			return rerr
		}
		if br.Buffered() == 0 {
			if err := bw.Flush(); err != nil {
				return err
			}
		}
	}
	return bw.Flush()
}

func (e *Extractor) answer(line []byte) jsonlOut {
	var in jsonlIn
	out := jsonlOut{Actors: []Actor{}, Topics: []string{}}
	if err := json.Unmarshal(line, &in); err != nil {
		out.Error = "invalid JSON: " + err.Error()
		return out
	}
	out.ID = in.ID
	if in.Text == nil {
		out.Error = `missing "text"`
		return out
	}
	res := e.Extract(*in.Text)
	if res.Actors != nil {
		out.Actors = res.Actors
	}
	if res.Topics != nil {
		out.Topics = res.Topics
	}
	return out
}
