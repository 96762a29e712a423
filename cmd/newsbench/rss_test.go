package main

import (
	"os"
	"runtime"
	"testing"
)

func TestSampleAnon(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("RssAnon is a Linux /proc figure")
	}
	s := sampleAnon(os.Getpid())
	buf := make([]byte, 64<<20) // touched, so it is resident
	for i := range buf {
		buf[i] = byte(i)
	}
	peak := s.Stop()
	runtime.KeepAlive(buf)
	if peak < 64<<20 {
		t.Errorf("peak anonymous RSS = %d bytes, want at least the 64 MiB just touched", peak)
	}
	if _, ok := rssAnon("/proc/0/no-such-file"); ok {
		t.Error("rssAnon of a missing file reported a figure")
	}
}
