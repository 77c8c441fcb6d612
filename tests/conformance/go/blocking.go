package main

// One cleanup that never returns. It holds its cleanup goroutine (and the rest of its own block)
// forever. With GOMAXPROCS <= 7 the pool is one goroutine, so every other block waits forever too;
// with 8 or more, wake() raises needg and the next AddCleanup creates a goroutine that drains them.
// Whether others are still queued depends on the order blocks are popped, so the stall is measured
// with probe cleanups added afterwards (probeRounds); running out of its wait is the measured stall.

import (
	"fmt"
	"runtime"
	"runtime/debug"
	"time"
)

const (
	reliefRounds = 3
	reliefWait   = 300 * time.Millisecond
)

type blockingData struct {
	Others       int           `json:"others"` // cleanups queued with the blocking one
	OthersRan    int64         `json:"others_ran"`
	Rounds       int           `json:"relief_rounds"`
	Stalled      bool          `json:"stalled"` // no probe cleanup added after the block ran
	CleanupGs    uint32        `json:"cleanup_gs"`
	AtBlock      queueSnapshot `json:"at_block"`
	End          queueSnapshot `json:"end"`
	BlockerSlots uintptr       `json:"block_slots"`
	// runtime.NumGoroutine at the end: the baseline, if cleanup goroutines are never counted, even
	// while one runs a cleanup (sched.ngsys is fixed at creation, src/runtime/proc.go newproc1).
	NumGoroutine         int `json:"num_goroutine"`
	NumGoroutineBaseline int `json:"num_goroutine_baseline"` // before the first AddCleanup
}

var blockerEntered = make(chan struct{}, 1)

func onBlockingCleanup(int) {
	blockerEntered <- struct{}{}
	<-make(chan struct{}) // never returns
}

// probeRounds measures a stall: each round attaches one probe cleanup (AddCleanup is the only place
// goroutines are created), forces a GC and waits up to reliefWait for every probe so far to run. The
// queue is stalled when no round's probes ran. Probes are indexes first, first+1, ... of the tracker.
func probeRounds(first int) (rounds int, stalled bool) {
	next := first
	probesRan := func() bool {
		for i := first; i < next; i++ {
			if cleanups.runs[i].Load() == 0 {
				return false
			}
		}
		return true
	}
	for rounds < reliefRounds {
		addTracked(next)
		next++
		runtime.GC()
		rounds++
		if pollUntil(probesRan, reliefWait) {
			return rounds, false
		}
	}
	return rounds, true
}

func runBlocking(others int) (*blockingData, error) {
	cleanups = newTracker(1 + others + reliefRounds)
	d := &blockingData{Others: others, BlockerSlots: layout.blockSlots}
	addTracked(0) // warm-up: one parked cleanup goroutine
	runtime.GC()
	if !cleanups.waitRan(1, watchdog) {
		return d, fmt.Errorf("the warm-up cleanup did not run within %v", watchdog)
	}
	old := debug.SetGCPercent(-1)
	p := new([]byte)
	runtime.AddCleanup(p, onBlockingCleanup, 0)
	for i := 1; i <= others; i++ {
		addTracked(i)
	}
	runtime.GC()
	select {
	case <-blockerEntered:
	case <-time.After(watchdog):
		return d, fmt.Errorf("the blocking cleanup did not start within %v", watchdog)
	}
	d.AtBlock = snapshot()
	d.Rounds, d.Stalled = probeRounds(others + 1)
	debug.SetGCPercent(old)
	d.End = snapshot()
	d.CleanupGs = d.End.Ng
	d.OthersRan = cleanups.countRan(1, others+1)
	d.NumGoroutine = runtime.NumGoroutine()
	d.NumGoroutineBaseline = baselineGoroutines
	return d, nil
}
