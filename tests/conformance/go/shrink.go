package main

// Shrinking GOMAXPROCS while a sweep is under way. (*p).destroy (src/runtime/proc.go) leaves
// pp.cleanups alone and flush walks only allp, so a destroyed P's partial block is stranded until
// GOMAXPROCS grows back and the P is revived. Workers attach cleanups and make garbage so that GC
// cycles run by themselves; main waits until a P other than P0 holds a partial block (a sweep is
// enqueueing), then shrinks to 1. Whether the block is still there when the world stops is a race:
// the conformance script reports the frequency over several runs.

import (
	"fmt"
	"runtime"
	"sync"
	"sync/atomic"
	"time"
)

const shrinkCapacity = 1 << 21

type shrinkData struct {
	SawPartialBlock bool          `json:"saw_partial_block"` // on a P other than P0, before the shrink
	Added           int64         `json:"added"`
	AtShrink        queueSnapshot `json:"at_shrink"`
	AfterGCs        queueSnapshot `json:"after_gcs"` // shrunk, three forced GCs, queue idle
	Stranded        int           `json:"stranded"`  // cleanups in destroyed Ps' blocks
	Unrun           int64         `json:"unrun"`     // added - ran after the GCs
	Recovered       bool          `json:"recovered"` // every cleanup ran after growing back
	GCCycles        uint64        `json:"gc_cycles"`
}

func partialBlocksBeyondP0() int {
	n := 0
	for i, pp := range allp {
		if i > 0 && pp != nil {
			n += blockCount(pp)
		}
	}
	return n
}

func runShrink() (*shrinkData, error) {
	procs := runtime.GOMAXPROCS(0)
	cleanups = newTracker(shrinkCapacity)
	d := &shrinkData{}
	var next atomic.Int64
	var stop atomic.Bool
	var wg sync.WaitGroup
	cycles := gcCycles()
	for g := 0; g < procs; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var garbage [][]byte
			for !stop.Load() {
				i := next.Add(1) - 1
				if i >= shrinkCapacity {
					return
				}
				addTracked(int(i))
				garbage = append(garbage, make([]byte, 512))
				if len(garbage) == 64 {
					garbage = nil
				}
			}
		}()
	}
	deadline := time.Now().Add(5 * time.Second)
	for time.Now().Before(deadline) {
		if gcCycles() > cycles && partialBlocksBeyondP0() > 0 {
			d.SawPartialBlock = true
			break
		}
		runtime.Gosched()
	}
	runtime.GOMAXPROCS(1)
	d.AtShrink = snapshot()
	stop.Store(true)
	wg.Wait()
	d.Added = min(next.Load(), shrinkCapacity)
	for range 3 {
		runtime.GC()
	}
	var ok bool
	if d.AfterGCs, ok = waitIdle(watchdog); !ok {
		return d, fmt.Errorf("queue not idle after the shrink and three GCs: %+v", d.AfterGCs)
	}
	d.Stranded = d.AfterGCs.InDeadPBlocks
	d.Unrun = d.Added - cleanups.ran.Load()
	d.GCCycles = gcCycles() - cycles
	runtime.GOMAXPROCS(procs)
	runtime.GC()
	d.Recovered = cleanups.waitRan(d.Added, watchdog)
	if !d.Recovered {
		return d, fmt.Errorf("after growing GOMAXPROCS back to %d only %d of %d cleanups ran", procs, cleanups.ran.Load(), d.Added)
	}
	return d, nil
}
