//go:build !unix

package importer

import "time"

// cpuTime is not measured here; benchmarks leave the figure out.
func cpuTime() time.Duration { return 0 }
