package main

// One cleanup that never returns. It holds its cleanup goroutine (and the rest of its own block)
// forever. With GOMAXPROCS <= 7 the pool is one goroutine, so every other block waits forever too;
// with 8 or more, wake() raises needg and the next AddCleanup creates a goroutine that drains them.
// Each relief round adds one cleanup (the only place goroutines are created), forces a GC and then
// gives the queue reliefWait to drain: running out of that wait is the measured stall.

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
	Stalled      bool          `json:"stalled"` // blocks other than the blocked one still waiting at the end
	CleanupGs    uint32        `json:"cleanup_gs"`
	AtBlock      queueSnapshot `json:"at_block"`
	End          queueSnapshot `json:"end"`
	BlockerSlots uintptr       `json:"block_slots"`
}

var blockerEntered = make(chan struct{}, 1)

func onBlockingCleanup(int) {
	blockerEntered <- struct{}{}
	<-make(chan struct{}) // never returns
}

// drainedButBlocked: no work units, every cleanup goroutine but the blocked one asleep.
func drainedButBlocked(s queueSnapshot) bool {
	return s.WorkUnits == 0 && s.FullEmpty && s.Flushed && s.Asleep+1 == s.Ng && s.Running == 1
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
	next := others + 1
	for d.Rounds = 0; d.Rounds < reliefRounds; d.Rounds++ {
		if pollUntil(func() bool { return drainedButBlocked(snapshot()) }, reliefWait) {
			break
		}
		addTracked(next)
		next++
		runtime.GC()
	}
	debug.SetGCPercent(old)
	d.End = snapshot()
	d.Stalled = !drainedButBlocked(d.End)
	d.CleanupGs = d.End.Ng
	d.OthersRan = cleanups.ran.Load() - 1
	return d, nil
}
