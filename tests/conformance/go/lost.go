package main

// The shape of Go's TestCleanupLost (src/runtime/mcleanup_test.go): P goroutines each attach N
// cleanups, then runtime.GC() and wait until every cleanup ran. One more AddCleanup from main after
// the workers makes "the last AddCleanup" well defined: it is where a pending needg becomes goroutines.

import (
	"fmt"
	"runtime"
	"runtime/debug"
	"sync"
)

type lostData struct {
	N                  int           `json:"n"`
	Total              int           `json:"total"`
	Regime             string        `json:"regime"`
	GCCyclesDuringAdds uint64        `json:"gc_cycles_during_adds"`
	BeforeLastAdd      queueSnapshot `json:"before_last_add"`
	AfterLastAdd       queueSnapshot `json:"after_last_add"`
	CleanupGs          uint32        `json:"cleanup_gs"`
	NgSamples          []uint32      `json:"ng_samples"` // at each checkpoint, in time order
	RanOnce            int           `json:"ran_once"`
	RanMoreThanOnce    int           `json:"ran_more_than_once"`
	NeverRan           int           `json:"never_ran"`
	Drained            bool          `json:"drained"`
	Idle               bool          `json:"idle_after_drain"`
	IdleState          queueSnapshot `json:"idle_state"`
	NumGoroutineIdle   int           `json:"num_goroutine_idle"`     // runtime.NumGoroutine once idle
	NumGoroutineBase   int           `json:"num_goroutine_baseline"` // before the first AddCleanup
}

func runLost(n int, regime string) (*lostData, error) {
	procs := runtime.GOMAXPROCS(0)
	if n < 2 {
		return nil, fmt.Errorf("-n %d: lost needs at least 2 cleanups per goroutine", n)
	}
	total := procs*n + 1
	cleanups = newTracker(total)
	d := &lostData{N: n, Total: total, Regime: regime}
	sample := func() { d.NgSamples = append(d.NgSamples, gcCleanups.ng.Load()) }
	addRange := func(from, to int) {
		var wg sync.WaitGroup
		for g := 0; g < procs; g++ {
			wg.Add(1)
			go func(g int) {
				defer wg.Done()
				for i := from; i < to; i++ {
					addTracked(g*n + i)
				}
			}(g)
		}
		wg.Wait()
		sample()
	}
	oldPercent := 100
	switch regime {
	case "default":
	case "gcoff", "gcoff-forced":
		oldPercent = debug.SetGCPercent(-1)
	default:
		return nil, fmt.Errorf("-regime %q: allowed are default, gcoff, gcoff-forced", regime)
	}
	sample()
	cycles := gcCycles()
	if regime == "gcoff-forced" {
		addRange(0, n/2)
		runtime.GC()
		sample()
		addRange(n/2, n)
	} else {
		addRange(0, n)
	}
	d.BeforeLastAdd = snapshot()
	addTracked(procs * n)
	d.AfterLastAdd = snapshot()
	d.GCCyclesDuringAdds = gcCycles() - cycles
	d.CleanupGs = d.AfterLastAdd.Ng
	sample()
	debug.SetGCPercent(oldPercent)
	runtime.GC()
	d.Drained = cleanups.waitRan(int64(total), watchdog)
	d.IdleState, d.Idle = waitIdle(watchdog)
	d.NumGoroutineIdle = runtime.NumGoroutine()
	d.NumGoroutineBase = baselineGoroutines
	sample()
	d.RanOnce, d.RanMoreThanOnce, d.NeverRan = cleanups.tally(total)
	if !d.Drained {
		return d, fmt.Errorf("only %d of %d cleanups ran within %v", cleanups.ran.Load(), total, watchdog)
	}
	return d, nil
}
