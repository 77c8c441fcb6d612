package main

// runtime.Goexit inside a cleanup (golang/go#71824). runCleanups has no defer and no recover, so
// Goexit ends the cleanup goroutine in the middle of its block: the rest of that block never runs,
// endRunningCleanups never runs (running stays counted) and ng never drops, so no replacement is
// created. With GOMAXPROCS <= 7 (a pool of one) every later cleanup waits forever.

import (
	"fmt"
	"runtime"
	"runtime/debug"
	"time"
)

type goexitData struct {
	Others       int           `json:"others"`
	OthersRan    int64         `json:"others_ran"`
	Rounds       int           `json:"relief_rounds"`
	Stalled      bool          `json:"stalled"` // no probe cleanup added after the Goexit ran
	CleanupGs    uint32        `json:"cleanup_gs"`
	AfterGoexit  queueSnapshot `json:"after_goexit"`
	End          queueSnapshot `json:"end"`
	NumGoroutine int           `json:"num_goroutine"` // runtime.NumGoroutine at the end
	// runtime.NumGoroutine before the first AddCleanup (main, plus runtime/trace's reader when tracing)
	NumGoroutineBaseline int `json:"num_goroutine_baseline"`
}

var goexitEntered = make(chan struct{}, 1)

func onGoexitCleanup(int) {
	goexitEntered <- struct{}{}
	runtime.Goexit()
}

func runGoexit(others int) (*goexitData, error) {
	cleanups = newTracker(1 + others + reliefRounds)
	d := &goexitData{Others: others}
	addTracked(0)
	runtime.GC()
	if !cleanups.waitRan(1, watchdog) {
		return d, fmt.Errorf("the warm-up cleanup did not run within %v", watchdog)
	}
	old := debug.SetGCPercent(-1)
	p := new([]byte)
	runtime.AddCleanup(p, onGoexitCleanup, 0)
	for i := 1; i <= others; i++ {
		addTracked(i)
	}
	runtime.GC()
	select {
	case <-goexitEntered:
	case <-time.After(watchdog):
		return d, fmt.Errorf("the Goexit cleanup did not start within %v", watchdog)
	}
	d.AfterGoexit = snapshot()
	d.Rounds, d.Stalled = probeRounds(others + 1)
	debug.SetGCPercent(old)
	d.End = snapshot()
	d.CleanupGs = d.End.Ng
	d.OthersRan = cleanups.countRan(1, others+1)
	d.NumGoroutine = runtime.NumGoroutine()
	d.NumGoroutineBaseline = baselineGoroutines
	return d, nil
}
