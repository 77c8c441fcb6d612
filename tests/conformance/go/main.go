// Command cleanupprobe runs one workload against the real Go runtime's cleanup queue
// (runtime.AddCleanup) and writes one JSON object to stdout. Each workload runs in its own process
// because the queue's goroutine pool only grows. Usage:
//
//	cleanupprobe -workload lost|priming|blocksize|blocking|shrink|goexit [-procs P] [-n N] [-regime R] [-k K]
//	             [-go PATH -tracedir DIR]
//
// With -go, the run records an execution trace and counts cleanup-goroutine events through
// `PATH tool trace -d=parsed`. The binary must be built with -ldflags=-checklinkname=0 and with DWARF
// (no -w): see queue_mirror.go.
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"runtime/metrics"
	"runtime/trace"
	"sync/atomic"
	"time"
)

var (
	workloadFlag = flag.String("workload", "", "lost, priming, blocksize, blocking, shrink or goexit")
	procsFlag    = flag.Int("procs", 8, "GOMAXPROCS for the run")
	nFlag        = flag.Int("n", 1000, "lost: cleanups per goroutine; blocksize, blocking and goexit: cleanups in the batch")
	regimeFlag   = flag.String("regime", "default", "lost: default, gcoff (GC off during the adds) or gcoff-forced (GC off, one forced GC half way)")
	kFlag        = flag.Int("k", 0, "priming: cleanups queued after the warm-up, before the probing AddCleanup")
	goFlag       = flag.String("go", "", "go command of the same toolchain, for `go tool trace -d=parsed`; empty: no trace")
	traceDirFlag = flag.String("tracedir", "", "folder for the execution trace (with -go)")
	keepTrace    = flag.Bool("keeptrace", false, "keep the trace file")
)

// watchdog bounds every wait: a wait that runs out is reported as a failure (or, for the stall
// workloads, as the measured stall), never used to let something finish.
const watchdog = 20 * time.Second

// result is the JSON object written to stdout; workloads fill in their own fields under "data".
type result struct {
	Workload  string         `json:"workload"`
	GoVersion string         `json:"go_version"`
	GOARCH    string         `json:"goarch"`
	Procs     int            `json:"procs"`
	Layout    layoutReport   `json:"layout"`
	Data      any            `json:"data"`
	Metrics   map[string]any `json:"metrics"`
	Trace     *traceCounts   `json:"trace"`
	Error     string         `json:"error,omitempty"`
}

type layoutReport struct {
	BlockBytes       uintptr `json:"block_bytes"`
	BlockHeaderBytes uintptr `json:"block_header_bytes"`
	BlockSlots       uintptr `json:"block_slots"`
	SlotBytes        uintptr `json:"slot_bytes"`
	QueueBytes       uintptr `json:"queue_bytes"`
}

func fail(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "cleanupprobe: "+format+"\n", args...)
	os.Exit(1)
}

// metricValue reads one runtime/metrics sample; nil when this Go version does not have it.
func metricValue(name string) any {
	s := []metrics.Sample{{Name: name}}
	metrics.Read(s)
	switch s[0].Value.Kind() {
	case metrics.KindUint64:
		return s[0].Value.Uint64()
	case metrics.KindFloat64:
		return s[0].Value.Float64()
	}
	return nil
}

func gcCycles() uint64 {
	return metricValue("/gc/cycles/total:gc-cycles").(uint64)
}

// cleanupMetrics are Go 1.26's queue metrics (CL 690396); null on 1.25.
func cleanupMetrics() map[string]any {
	m := map[string]any{}
	for _, name := range []string{"/gc/cleanups/executed:cleanups", "/gc/cleanups/queued:cleanups",
		"/sched/goroutines-created:goroutines", "/gc/cycles/total:gc-cycles"} {
		m[name] = metricValue(name)
	}
	return m
}

// tracker counts how often each cleanup ran; every run signals notify so waiters need not poll.
type tracker struct {
	runs   []atomic.Int32
	ran    atomic.Int64
	notify chan struct{}
}

var cleanups *tracker

// baselineGoroutines is runtime.NumGoroutine before the workload: main, plus runtime/trace's reader
// goroutine when tracing. The workloads' own goroutines have exited by the time they compare.
var baselineGoroutines int

func newTracker(capacity int) *tracker {
	return &tracker{runs: make([]atomic.Int32, capacity), notify: make(chan struct{}, 1)}
}

// onCleanup is the cleanup function of every tracked object; arg is the object's index.
func onCleanup(index int) {
	cleanups.runs[index].Add(1)
	cleanups.ran.Add(1)
	select {
	case cleanups.notify <- struct{}{}:
	default:
	}
}

// addTracked attaches cleanup number index to a fresh 24-byte object with pointers (like
// TestCleanupLost's new([]byte): not from the tiny allocator) and drops the object.
func addTracked(index int) {
	p := new([]byte)
	runtime.AddCleanup(p, onCleanup, index)
}

// waitRan waits until at least target cleanups have run; false when limit ran out first.
func (t *tracker) waitRan(target int64, limit time.Duration) bool {
	timer := time.NewTimer(limit)
	defer timer.Stop()
	for t.ran.Load() < target {
		select {
		case <-t.notify:
		case <-timer.C:
			return t.ran.Load() >= target
		}
	}
	return true
}

// countRan: how many of the cleanups with indexes [from, to) ran at least once.
func (t *tracker) countRan(from, to int) int64 {
	var n int64
	for i := from; i < to; i++ {
		if t.runs[i].Load() > 0 {
			n++
		}
	}
	return n
}

// tally: cleanups that ran exactly once, more than once, never (over the first n indexes).
func (t *tracker) tally(n int) (once, more, never int) {
	for i := 0; i < n; i++ {
		switch r := t.runs[i].Load(); {
		case r == 1:
			once++
		case r > 1:
			more++
		default:
			never++
		}
	}
	return
}

// pollUntil checks cond until it holds or limit runs out. It yields a few hundred times first
// (the queue usually settles within a few scheduling rounds), then checks every millisecond so that a
// long wait does not flood the execution trace with Gosched events.
func pollUntil(cond func() bool, limit time.Duration) bool {
	deadline := time.Now().Add(limit)
	for i := 0; i < 300; i++ {
		if cond() {
			return true
		}
		runtime.Gosched()
	}
	tick := time.NewTicker(time.Millisecond)
	defer tick.Stop()
	for !cond() {
		if time.Now().After(deadline) {
			return cond()
		}
		<-tick.C
	}
	return true
}

// waitIdle waits (as runtime's blockUntilEmpty does, by polling) until the queue is at rest.
func waitIdle(limit time.Duration) (queueSnapshot, bool) {
	ok := pollUntil(func() bool { return snapshot().idle() }, limit)
	return snapshot(), ok
}

func main() {
	flag.Parse()
	runtime.GOMAXPROCS(*procsFlag)
	if err := checkMirrorLayout(); err != nil {
		fail("the runtime.gcCleanups mirror does not match %s: %v", runtime.Version(), err)
	}
	res := result{Workload: *workloadFlag, GoVersion: runtime.Version(), GOARCH: runtime.GOARCH, Procs: *procsFlag,
		Layout: layoutReport{layout.blockBytes, layout.blockHeaderBytes, layout.blockSlots, layout.slotBytes,
			unsafeSizeofQueue()}}
	if s := snapshot(); s.Ng > 4096 || s.Asleep > s.Ng || s.Running > s.Ng {
		fail("the mirror reads implausible values (ng %d, asleep %d, running %d): layout mismatch", s.Ng, s.Asleep, s.Running)
	}
	var traceFile string
	if *goFlag != "" {
		f, err := os.CreateTemp(*traceDirFlag, fmt.Sprintf("%s-*.trace", *workloadFlag))
		if err != nil {
			fail("trace file in %q: %v", *traceDirFlag, err)
		}
		traceFile = f.Name()
		if err := trace.Start(f); err != nil {
			fail("start trace: %v", err)
		}
		defer f.Close()
	}
	baselineGoroutines = runtime.NumGoroutine()
	var err error
	switch *workloadFlag {
	case "lost":
		res.Data, err = runLost(*nFlag, *regimeFlag)
	case "priming":
		res.Data, err = runPriming(*kFlag)
	case "blocksize":
		res.Data, err = runBlockSize(*nFlag)
	case "blocking":
		res.Data, err = runBlocking(*nFlag)
	case "shrink":
		res.Data, err = runShrink()
	case "goexit":
		res.Data, err = runGoexit(*nFlag)
	default:
		fail("-workload %q: allowed are lost, priming, blocksize, blocking, shrink, goexit", *workloadFlag)
	}
	if err != nil {
		res.Error = err.Error()
	}
	res.Metrics = cleanupMetrics()
	if traceFile != "" {
		trace.Stop()
		counts, terr := countTrace(*goFlag, traceFile)
		if terr != nil {
			fail("%v", terr)
		}
		res.Trace = counts
		if !*keepTrace {
			os.Remove(traceFile)
		} else {
			fmt.Fprintln(os.Stderr, "trace:", filepath.Clean(traceFile))
		}
	}
	enc := json.NewEncoder(os.Stdout)
	if err := enc.Encode(res); err != nil {
		fail("write JSON: %v", err)
	}
	if res.Error != "" {
		os.Exit(2)
	}
}
