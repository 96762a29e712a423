package main

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/newsarchive/newsarchive/index/bleve"
)

// TestCommandHelp checks that each command's -h prints its own usage and
// only its own flags on standard output, and succeeds.
func TestCommandHelp(t *testing.T) {
	tests := []struct {
		args    []string
		want    []string // flags it lists
		notWant []string // flags that do not apply to it
	}{
		{[]string{"serve", "-h"}, []string{"-data", "-addr", "-cache", "-shards", "-cors-origins"}, nil},
		{[]string{"import", "--help"}, []string{"-data", "-source", "-shards"}, []string{"-cache", "-addr", "-cors-origins"}},
		{[]string{"reindex", "-h"}, []string{"-data"}, []string{"-cache", "-shards", "-phrase-pairs"}},
		{[]string{"export", "-h"}, []string{"-data", "-out"}, []string{"-cache", "-shards", "-phrase-pairs"}},
		{[]string{"actors", "-h"}, []string{"-data", "-kind"}, []string{"-cache", "-shards"}},
		{[]string{"actors", "merge", "-h"}, []string{"-data"}, []string{"-cache", "-kind"}},
		{[]string{"backup", "-h"}, []string{"-from", "-api-key", "-out"}, []string{"-data", "-cache", "-shards"}},
		{[]string{"extract", "-h"}, []string{"-jsonl"}, []string{"-data", "-cache", "-shards", "-phrase-pairs"}},
		{[]string{"help", "export"}, []string{"-out"}, nil},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			var stdout, stderr strings.Builder
			err := run(context.Background(), tt.args, func(string) string { return "" }, strings.NewReader(""), &stdout, &stderr)
			if err != nil {
				t.Fatalf("run = %v, want success", err)
			}
			if stderr.Len() > 0 {
				t.Errorf("stderr = %q, want nothing", stderr.String())
			}
			cmd := tt.args[0]
			if cmd == "help" {
				cmd = tt.args[1]
			}
			if !strings.HasPrefix(stdout.String(), "usage: newsarchive "+cmd) {
				t.Errorf("help begins %.60q, want a synopsis line", stdout.String())
			}
			for _, f := range tt.want {
				if !strings.Contains(stdout.String(), "  "+f+" ") && !strings.Contains(stdout.String(), "  "+f+"\n") {
					t.Errorf("help lacks %s:\n%s", f, stdout.String())
				}
			}
			for _, f := range tt.notWant {
				if strings.Contains(stdout.String(), "  "+f+" ") || strings.Contains(stdout.String(), "  "+f+"\n") {
					t.Errorf("help lists %s, which does not apply", f)
				}
			}
		})
	}
	t.Run("a bad flag", func(t *testing.T) {
		var stdout, stderr strings.Builder
		err := run(context.Background(), []string{"export", "--nope"}, func(string) string { return "" }, strings.NewReader(""), &stdout, &stderr)
		var ee exitError
		if !errors.As(err, &ee) || ee.code != 2 {
			t.Fatalf("run = %v, want exit status 2", err)
		}
		if stdout.Len() > 0 || !strings.Contains(stderr.String(), "usage: newsarchive export") {
			t.Errorf("stdout %q, stderr %q; want the error and usage on stderr", stdout.String(), stderr.String())
		}
	})
}

func TestVersion(t *testing.T) {
	var stdout strings.Builder
	if err := run(context.Background(), []string{"--version"}, func(string) string { return "" }, nil, &stdout, &stdout); err != nil {
		t.Fatal(err)
	}
	if got := stdout.String(); !strings.HasPrefix(got, "newsarchive ") || !strings.Contains(got, "go1.") {
		t.Errorf("--version = %q, want the module's version and Go's", got)
	}
}

// TestReadersRefuseMissingArchive checks that the commands that read an
// archive refuse a directory that holds none, and leave it uncreated.
func TestReadersRefuseMissingArchive(t *testing.T) {
	for _, args := range [][]string{
		{"export"},
		{"actors"},
		{"reindex", "--quiet"},
		{"actors", "never", "Reuter"},
	} {
		t.Run(strings.Join(args, " "), func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "no-such-dir")
			var stdout, stderr strings.Builder
			err := run(context.Background(), append(args, "--data", dir), func(string) string { return "" }, strings.NewReader(""), &stdout, &stderr)
			if !errors.Is(err, bleve.ErrNoArchive) {
				t.Fatalf("run = %v, want an error saying there is no archive", err)
			}
			if _, err := os.Stat(dir); !errors.Is(err, os.ErrNotExist) {
				t.Errorf("the directory was made: %v", err)
			}
		})
	}
}
