package main

// Counts cleanup-goroutine events in a Go execution trace. The standard library has no trace parser,
// so this reads the text that the toolchain's own `go tool trace -d=parsed FILE` prints: one event per
// line starting with "M=", followed by indented "Stack=" / "TransitionStack=" frames.

import (
	"bufio"
	"fmt"
	"os/exec"
	"regexp"
	"strings"
)

type traceCounts struct {
	CleanupGsCreated     int            `json:"cleanup_gs_created"`     // NotExist->Runnable, start frame runtime.runCleanups
	CleanupGsPreexisting int            `json:"cleanup_gs_preexisting"` // already alive when the trace started
	Parks                int            `json:"parks"`                  // cleanup goroutine Running->Waiting
	Unblocks             int            `json:"unblocks"`               // cleanup goroutine Waiting->Runnable
	ParkReasons          map[string]int `json:"park_reasons"`
	GCCycles             int            `json:"gc_cycles"` // "GC concurrent mark phase" ranges begun
	STWPauses            int            `json:"stw_pauses"`
	Events               int            `json:"events"`
}

var (
	// Field order differs between versions (1.25: `Reason="" GoID=11 NotExist->Runnable`, 1.26:
	// `GoID=10 NotExist->Runnable Reason=""`): each field is found on its own.
	goidRe    = regexp.MustCompile(` GoID=(\d+)`)
	goStateRe = regexp.MustCompile(` GoID=\d+ (\w+)->(\w+)`)
	reasonRe  = regexp.MustCompile(` Reason="([^"]*)"`)
	rangeRe   = regexp.MustCompile(`RangeBegin .*Name="([^"]*)"`)
)

type transition struct {
	goid, from, to, reason string
	frames                 []string // TransitionStack function names, innermost first
}

func countTrace(goTool, file string) (*traceCounts, error) {
	cmd := exec.Command(goTool, "tool", "trace", "-d=parsed", file)
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	var stderr strings.Builder
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("%s tool trace: %v", goTool, err)
	}
	c := &traceCounts{ParkReasons: map[string]int{}}
	cleanupGs := map[string]bool{}
	var pending *transition
	inTransitionStack := false
	finish := func() {
		t := pending
		pending = nil
		if t == nil {
			return
		}
		isCleanupStart := len(t.frames) > 0 && t.frames[0] == "runtime.runCleanups"
		runsCleanups := false
		for _, f := range t.frames {
			runsCleanups = runsCleanups || f == "runtime.runCleanups"
		}
		switch {
		case t.from == "NotExist" && isCleanupStart:
			cleanupGs[t.goid] = true
			c.CleanupGsCreated++
		case t.from == "Undetermined" && runsCleanups && !cleanupGs[t.goid]:
			cleanupGs[t.goid] = true
			c.CleanupGsPreexisting++
		}
		if !cleanupGs[t.goid] {
			return
		}
		if t.from == "Running" && t.to == "Waiting" {
			c.Parks++
			c.ParkReasons[t.reason]++
		}
		if t.from == "Waiting" && t.to == "Runnable" {
			c.Unblocks++
		}
	}
	sc := bufio.NewScanner(out)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, "M=") {
			finish()
			inTransitionStack = false
			c.Events++
			if strings.Contains(line, " StateTransition ") && goStateRe.MatchString(line) {
				id := goidRe.FindStringSubmatch(line)
				st := goStateRe.FindStringSubmatch(line)
				pending = &transition{goid: id[1], from: st[1], to: st[2]}
				if r := reasonRe.FindStringSubmatch(line); r != nil {
					pending.reason = r[1]
				}
			} else if m := rangeRe.FindStringSubmatch(line); m != nil {
				if m[1] == "GC concurrent mark phase" {
					c.GCCycles++
				}
				if strings.HasPrefix(m[1], "stop-the-world") {
					c.STWPauses++
				}
			}
			continue
		}
		switch {
		case line == "TransitionStack=":
			inTransitionStack = true
		case line == "Stack=" || line == "":
			inTransitionStack = false
		case inTransitionStack && pending != nil && strings.HasPrefix(line, "\t") && !strings.HasPrefix(line, "\t\t"):
			name, _, _ := strings.Cut(strings.TrimPrefix(line, "\t"), " @ ")
			pending.frames = append(pending.frames, name)
		}
	}
	finish()
	if err := sc.Err(); err != nil {
		return nil, err
	}
	if err := cmd.Wait(); err != nil {
		return nil, fmt.Errorf("%s tool trace -d=parsed %s: %v: %s", goTool, file, err, stderr.String())
	}
	if c.Events == 0 {
		return nil, fmt.Errorf("%s tool trace -d=parsed %s printed no events", goTool, file)
	}
	return c, nil
}
