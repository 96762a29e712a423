package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"runtime"
	"runtime/pprof"
)

// profiles writes a CPU and a memory profile of a command's run, when
// asked, for go tool pprof.
type profiles struct {
	cpu, mem string
	cpuFile  *os.File
}

func (p *profiles) flags(fs *flag.FlagSet) {
	fs.StringVar(&p.cpu, "cpuprofile", "", "write a CPU profile of the run to `file`")
	fs.StringVar(&p.mem, "memprofile", "", "write a memory (allocations) profile of the run to `file`")
}

// start begins the CPU profile; stop must be called at the end of the run.
func (p *profiles) start() error {
	if p.cpu == "" {
		return nil
	}
	f, err := os.Create(p.cpu)
	if err != nil {
		return fmt.Errorf("cpu profile: %w", err)
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return fmt.Errorf("cpu profile: %w", err)
	}
	p.cpuFile = f
	return nil
}

// stop ends the CPU profile and writes the memory profile; failures are
// reported on stderr, since the run itself is done.
func (p *profiles) stop(stderr io.Writer) {
	if p.cpuFile != nil {
		pprof.StopCPUProfile()
		if err := p.cpuFile.Close(); err != nil {
			fmt.Fprintln(stderr, "newsarchive: cpu profile:", err)
		}
		p.cpuFile = nil
	}
	if p.mem == "" {
		return
	}
	f, err := os.Create(p.mem)
	if err == nil {
		runtime.GC() // so that the in-use figures are up to date
		err = pprof.Lookup("allocs").WriteTo(f, 0)
		if cerr := f.Close(); err == nil {
			err = cerr
		}
	}
	if err != nil {
		fmt.Fprintln(stderr, "newsarchive: memory profile:", err)
	}
}
