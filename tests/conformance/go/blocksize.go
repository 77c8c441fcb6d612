package main

// Block-size probe: with GOMAXPROCS 1 there is one P block and one cleanup goroutine, so blocks run
// one after another. Each cleanup reads the queue's executed counter (runCleanups adds b.n after a
// whole block ran): cleanups of one block all see the same value, so the group sizes are the block
// sizes. On Go 1.26 the same is read from runtime/metrics /gc/cleanups/executed:cleanups.

import (
	"fmt"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"sort"
)

type blockSizeData struct {
	M                 int      `json:"m"`
	GroupSizes        []int    `json:"group_sizes"`         // cleanups per distinct executed value, in value order
	ExecutedValues    []uint64 `json:"executed_values"`     // distinct values seen by cleanups, ascending
	MetricGroupSizes  []int    `json:"metric_group_sizes"`  // the same from the 1.26 metric; null on 1.25
	MetricExecutedEnd any      `json:"metric_executed_end"` // metric after the drain; null on 1.25
	ExecutedEnd       uint64   `json:"executed_end"`
	Drained           bool     `json:"drained"`
}

var (
	observedExecuted []uint64
	observedMetric   []uint64
	haveMetric       bool
)

func onObservingCleanup(index int) {
	observedExecuted[index] = gcCleanups.executed.Load()
	if haveMetric {
		s := []metrics.Sample{{Name: "/gc/cleanups/executed:cleanups"}}
		metrics.Read(s)
		observedMetric[index] = s[0].Value.Uint64()
	}
	onCleanup(index)
}

func groups(values []uint64) (sizes []int, distinct []uint64) {
	count := map[uint64]int{}
	for _, v := range values {
		count[v]++
	}
	for v := range count {
		distinct = append(distinct, v)
	}
	sort.Slice(distinct, func(i, j int) bool { return distinct[i] < distinct[j] })
	for _, v := range distinct {
		sizes = append(sizes, count[v])
	}
	return
}

func runBlockSize(m int) (*blockSizeData, error) {
	if m < 1 {
		return nil, fmt.Errorf("-n %d: blocksize needs at least 1 cleanup", m)
	}
	haveMetric = metricValue("/gc/cleanups/executed:cleanups") != nil
	observedExecuted = make([]uint64, m)
	observedMetric = make([]uint64, m)
	cleanups = newTracker(m)
	d := &blockSizeData{M: m}
	start := gcCleanups.executed.Load()
	old := debug.SetGCPercent(-1)
	for i := 0; i < m; i++ {
		p := new([]byte)
		runtime.AddCleanup(p, onObservingCleanup, i)
	}
	debug.SetGCPercent(old)
	runtime.GC()
	d.Drained = cleanups.waitRan(int64(m), watchdog)
	if !d.Drained {
		return d, fmt.Errorf("only %d of %d cleanups ran within %v", cleanups.ran.Load(), m, watchdog)
	}
	if _, ok := waitIdle(watchdog); !ok {
		return d, fmt.Errorf("queue not idle after the drain")
	}
	for i := range observedExecuted {
		observedExecuted[i] -= start
	}
	d.GroupSizes, d.ExecutedValues = groups(observedExecuted)
	d.ExecutedEnd = gcCleanups.executed.Load() - start
	if haveMetric {
		d.MetricGroupSizes, _ = groups(observedMetric)
		d.MetricExecutedEnd = metricValue("/gc/cleanups/executed:cleanups")
	}
	return d, nil
}
