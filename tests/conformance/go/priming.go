package main

// Pool priming: after a warm-up leaves one parked cleanup goroutine, k cleanups are queued and run;
// every findRunnable that sees more work units than sleepers adds to needg (wake in mcleanup.go), and
// the next AddCleanup turns needg into goroutines (needG/createGs, clamped to max(GOMAXPROCS/4, 1)).

import (
	"fmt"
	"runtime"
	"runtime/debug"
)

type primingData struct {
	K             int           `json:"k"`
	AfterWarmUp   queueSnapshot `json:"after_warm_up"`
	BeforeProbe   queueSnapshot `json:"before_probe"` // k cleanups ran, queue idle, needg pending
	AfterProbe    queueSnapshot `json:"after_probe"`  // one more AddCleanup
	CleanupGs     uint32        `json:"cleanup_gs"`
	Drained       bool          `json:"drained"`
	IdleBeforeAdd bool          `json:"idle_before_probe"`
}

func runPriming(k int) (*primingData, error) {
	if k < 0 {
		return nil, fmt.Errorf("-k %d: must be >= 0", k)
	}
	cleanups = newTracker(k + 2)
	d := &primingData{K: k}
	addTracked(0)
	runtime.GC()
	if !cleanups.waitRan(1, watchdog) {
		return d, fmt.Errorf("the warm-up cleanup did not run within %v", watchdog)
	}
	var ok bool
	if d.AfterWarmUp, ok = waitIdle(watchdog); !ok {
		return d, fmt.Errorf("queue not idle after the warm-up: %+v", d.AfterWarmUp)
	}
	old := debug.SetGCPercent(-1)
	for i := 1; i <= k; i++ {
		addTracked(i)
	}
	runtime.GC()
	d.Drained = cleanups.waitRan(int64(1+k), watchdog)
	d.BeforeProbe, d.IdleBeforeAdd = waitIdle(watchdog)
	addTracked(k + 1)
	d.AfterProbe = snapshot()
	d.CleanupGs = d.AfterProbe.Ng
	debug.SetGCPercent(old)
	runtime.GC()
	if !cleanups.waitRan(int64(k+2), watchdog) || !d.Drained {
		return d, fmt.Errorf("only %d of %d cleanups ran within %v", cleanups.ran.Load(), k+2, watchdog)
	}
	return d, nil
}
