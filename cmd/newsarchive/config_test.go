package main

import (
	"io"
	"net/url"
	"reflect"
	"runtime"
	"strings"
	"testing"
	"time"
)

func TestParseServeFlags(t *testing.T) {
	maxSearches := 4 * runtime.GOMAXPROCS(0)
	tests := []struct {
		name    string
		env     map[string]string
		args    []string
		want    Config
		wantErr string
	}{
		{name: "defaults: writes off, reads open, limited",
			want: Config{DataDir: "data", Addr: "localhost:8080", CORSOrigins: []string{"*"}, RateLimit: 20, RateBurst: 40, SearchTimeout: 10 * time.Second, MaxSearches: maxSearches, SearchQueueWait: 250 * time.Millisecond, CacheSize: 1024}},
		{name: "keys and limits from the environment",
			env:  map[string]string{"NEWSARCHIVE_API_KEY": " w ", "NEWSARCHIVE_READ_KEY": "r", "NEWSARCHIVE_RATE_LIMIT": "0", "NEWSARCHIVE_SEARCH_TIMEOUT": "2s"},
			want: Config{DataDir: "data", Addr: "localhost:8080", CORSOrigins: []string{"*"}, APIKey: "w", ReadKey: "r", RateLimit: 0, RateBurst: 40, SearchTimeout: 2 * time.Second, MaxSearches: maxSearches, SearchQueueWait: 250 * time.Millisecond, CacheSize: 1024}},
		{name: "flags win over the environment",
			env:  map[string]string{"NEWSARCHIVE_API_KEY": "env", "NEWSARCHIVE_RATE_LIMIT": "5"},
			args: []string{"--api-key", "flag", "--rate-limit", "7", "--rate-burst", "3"},
			want: Config{DataDir: "data", Addr: "localhost:8080", CORSOrigins: []string{"*"}, APIKey: "flag", RateLimit: 7, RateBurst: 3, SearchTimeout: 10 * time.Second, MaxSearches: maxSearches, SearchQueueWait: 250 * time.Millisecond, CacheSize: 1024}},
		{name: "shards and cache from the environment",
			env:  map[string]string{"NEWSARCHIVE_SHARDS": "4", "NEWSARCHIVE_CACHE": "0"},
			want: Config{DataDir: "data", Addr: "localhost:8080", CORSOrigins: []string{"*"}, RateLimit: 20, RateBurst: 40, SearchTimeout: 10 * time.Second, MaxSearches: maxSearches, SearchQueueWait: 250 * time.Millisecond, Shards: 4}},
		{name: "search limits from the environment and flags",
			env:  map[string]string{"NEWSARCHIVE_MAX_SEARCHES": "3", "NEWSARCHIVE_SEARCH_QUEUE_WAIT": "1s"},
			args: []string{"--search-queue-wait", "100ms"},
			want: Config{DataDir: "data", Addr: "localhost:8080", CORSOrigins: []string{"*"}, RateLimit: 20, RateBurst: 40, SearchTimeout: 10 * time.Second, MaxSearches: 3, SearchQueueWait: 100 * time.Millisecond, CacheSize: 1024}},
		{name: "no search limit", args: []string{"--max-searches", "0"},
			want: Config{DataDir: "data", Addr: "localhost:8080", CORSOrigins: []string{"*"}, RateLimit: 20, RateBurst: 40, SearchTimeout: 10 * time.Second, SearchQueueWait: 250 * time.Millisecond, CacheSize: 1024}},
		{name: "a negative search limit", env: map[string]string{"NEWSARCHIVE_MAX_SEARCHES": "-1"}, wantErr: "NEWSARCHIVE_MAX_SEARCHES"},
		{name: "a negative queue wait", args: []string{"--search-queue-wait", "-1s"}, wantErr: "search-queue-wait"},
		{name: "shards that are not a number", env: map[string]string{"NEWSARCHIVE_SHARDS": "many"}, wantErr: "NEWSARCHIVE_SHARDS"},
		{name: "a negative cache", env: map[string]string{"NEWSARCHIVE_CACHE": "-5"}, wantErr: "NEWSARCHIVE_CACHE"},
		{name: "a rate that is not a number", env: map[string]string{"NEWSARCHIVE_RATE_LIMIT": "fast"}, wantErr: "NEWSARCHIVE_RATE_LIMIT"},
		{name: "a negative rate", args: []string{"--rate-limit", "-1"}, wantErr: "rate-limit"},
		{name: "a burst of none", args: []string{"--rate-burst", "0"}, wantErr: "burst"},
		{name: "a base URL from the environment",
			env:  map[string]string{"NEWSARCHIVE_BASE_URL": "https://news.example.org/"},
			want: Config{DataDir: "data", Addr: "localhost:8080", CORSOrigins: []string{"*"}, RateLimit: 20, RateBurst: 40, SearchTimeout: 10 * time.Second, MaxSearches: maxSearches, SearchQueueWait: 250 * time.Millisecond, CacheSize: 1024, BaseURL: &url.URL{Scheme: "https", Host: "news.example.org"}}},
		{name: "a base URL flag wins over the environment",
			env:  map[string]string{"NEWSARCHIVE_BASE_URL": "https://env.example.org"},
			args: []string{"--base-url", "http://flag.example.org:8080"},
			want: Config{DataDir: "data", Addr: "localhost:8080", CORSOrigins: []string{"*"}, RateLimit: 20, RateBurst: 40, SearchTimeout: 10 * time.Second, MaxSearches: maxSearches, SearchQueueWait: 250 * time.Millisecond, CacheSize: 1024, BaseURL: &url.URL{Scheme: "http", Host: "flag.example.org:8080"}}},
		{name: "a base URL without a scheme", args: []string{"--base-url", "news.example.org"}, wantErr: "--base-url (NEWSARCHIVE_BASE_URL): base URL \"news.example.org\": want an absolute http or https URL"},
		{name: "a base URL with a query", env: map[string]string{"NEWSARCHIVE_BASE_URL": "https://news.example.org/?x=1"}, wantErr: "no query"},
		{name: "CORS for two origins",
			args: []string{"--cors-origins", "https://a.example.org, http://localhost:3000"},
			want: Config{DataDir: "data", Addr: "localhost:8080", CORSOrigins: []string{"https://a.example.org", "http://localhost:3000"}, RateLimit: 20, RateBurst: 40, SearchTimeout: 10 * time.Second, MaxSearches: maxSearches, SearchQueueWait: 250 * time.Millisecond, CacheSize: 1024}},
		{name: "CORS origins from the environment",
			env:  map[string]string{"NEWSARCHIVE_CORS_ORIGINS": "https://a.example.org"},
			want: Config{DataDir: "data", Addr: "localhost:8080", CORSOrigins: []string{"https://a.example.org"}, RateLimit: 20, RateBurst: 40, SearchTimeout: 10 * time.Second, MaxSearches: maxSearches, SearchQueueWait: 250 * time.Millisecond, CacheSize: 1024}},
		{name: "CORS off", env: map[string]string{"NEWSARCHIVE_CORS_ORIGINS": "https://a.example.org"}, args: []string{"--cors-origins="},
			want: Config{DataDir: "data", Addr: "localhost:8080", RateLimit: 20, RateBurst: 40, SearchTimeout: 10 * time.Second, MaxSearches: maxSearches, SearchQueueWait: 250 * time.Millisecond, CacheSize: 1024}},
		{name: "a CORS origin with a path", args: []string{"--cors-origins", "https://a.example.org/"}, wantErr: `--cors-origins (NEWSARCHIVE_CORS_ORIGINS): CORS origin "https://a.example.org/": an origin has no path`},
		{name: "a CORS origin without a scheme", env: map[string]string{"NEWSARCHIVE_CORS_ORIGINS": "a.example.org"}, wantErr: "want a scheme and a host"},
		{name: "a base URL with a fragment", args: []string{"--base-url", "https://news.example.org/#x"}, wantErr: "no fragment"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			getenv := func(k string) string { return tt.env[k] }
			got, err := parseServeFlags(tt.args, getenv, io.Discard, io.Discard)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("error = %v, want one mentioning %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %+v\nwant %+v", got, tt.want)
			}
		})
	}
	t.Run("help does not print the keys", func(t *testing.T) {
		var out strings.Builder
		env := map[string]string{"NEWSARCHIVE_API_KEY": "top-secret-write", "NEWSARCHIVE_READ_KEY": "top-secret-read"}
		_, _ = parseServeFlags([]string{"-h"}, func(k string) string { return env[k] }, &out, &out)
		if strings.Contains(out.String(), "top-secret") {
			t.Errorf("-h printed a key:\n%s", out.String())
		}
	})
}
