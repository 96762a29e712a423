package main

import (
	"bufio"
	"bytes"
	"os"
	"strconv"
	"sync/atomic"
	"time"
)

// anonSampler follows a process's anonymous resident memory (RssAnon in
// /proc/PID/status: heap, stacks and other private pages) and keeps its
// peak. Bleve reads its index files through mmap, and the pages it
// touches count in the resident set size (Maxrss) as well, though they
// are the kernel's page cache, shared and dropped under pressure; the
// anonymous part is what the process itself holds.
type anonSampler struct {
	peak atomic.Int64
	stop chan struct{}
	done chan struct{}
}

// sampleAnon starts sampling pid every 50 ms until Stop.
func sampleAnon(pid int) *anonSampler {
	s := &anonSampler{stop: make(chan struct{}), done: make(chan struct{})}
	path := "/proc/" + strconv.Itoa(pid) + "/status"
	go func() {
		defer close(s.done)
		t := time.NewTicker(50 * time.Millisecond)
		defer t.Stop()
		sample := func() {
			if n, ok := rssAnon(path); ok && n > s.peak.Load() {
				s.peak.Store(n)
			}
		}
		for {
			sample()
			select {
			case <-s.stop:
				sample() // the last moment counts too
				return
			case <-t.C:
			}
		}
	}()
	return s
}

// Stop ends the sampling and returns the peak in bytes; 0 where /proc has
// no such figure.
func (s *anonSampler) Stop() int64 {
	close(s.stop)
	<-s.done
	return s.peak.Load()
}

// rssAnon reads the RssAnon line of a /proc status file, in bytes.
func rssAnon(path string) (int64, bool) {
	b, err := os.ReadFile(path)
	if err != nil {
		return 0, false
	}
	sc := bufio.NewScanner(bytes.NewReader(b))
	for sc.Scan() {
		rest, ok := bytes.CutPrefix(sc.Bytes(), []byte("RssAnon:"))
		if !ok {
			continue
		}
		f := bytes.Fields(rest)
		if len(f) == 0 {
			return 0, false
		}
		kb, err := strconv.ParseInt(string(f[0]), 10, 64)
		return kb * 1024, err == nil
	}
	return 0, false
}
