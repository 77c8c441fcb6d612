package main

// A read-only mirror of the runtime's cleanup queue (runtime.gcCleanups, type runtime.cleanupQueue in
// src/runtime/mcleanup.go) and of the per-P fields runtime.p.cleanups and runtime.p.cleanupsQueued
// (src/runtime/runtime2.go). Go 1.25.12 and 1.26.10 share this layout on amd64; because a runtime
// change would silently misread it, checkMirrorLayout compares every mirrored field's offset and the
// struct's size with the DWARF of this very binary and the program stops on any difference.
// Building needs -ldflags=-checklinkname=0: the runtime does not export these symbols.

import (
	"debug/dwarf"
	"debug/elf"
	"fmt"
	"os"
	"reflect"
	"runtime"
	"sync/atomic"
	"unsafe"
)

// cacheLinePadSize is internal/cpu.CacheLinePadSize on amd64 (src/internal/cpu/cpu_x86.go).
const cacheLinePadSize = 64

type cleanupQueueMirror struct {
	full      uint64 // lfstack: a tagged pointer, 0 when empty
	workUnits atomic.Uint64
	_         [cacheLinePadSize - 8 - 8]byte
	free      uint64
	flushed   uint8 // runtime/internal/atomic.Bool: one byte (sync/atomic.Bool is four)
	_         [cacheLinePadSize - 8 - 1]byte
	all       unsafe.Pointer
	_         [cacheLinePadSize - 8]byte
	lock      uintptr // runtime.mutex without lock ranking: {lockRankStruct{}; key uintptr}
	sleeping  struct {
		head uintptr
		size int32
	}
	asleep   atomic.Uint32
	running  atomic.Uint32
	ng       atomic.Uint32
	needg    atomic.Uint32
	queued   uint64 // queued by destroyed Ps only; written under stop-the-world
	executed atomic.Uint64
}

//go:linkname gcCleanups runtime.gcCleanups
var gcCleanups cleanupQueueMirror

//go:linkname allp runtime.allp
var allp []unsafe.Pointer

// runtimeLayout holds offsets read from DWARF that the program uses directly.
type runtimeLayout struct {
	pCleanups        uintptr // runtime.p.cleanups (*cleanupBlock)
	pCleanupsQueued  uintptr // runtime.p.cleanupsQueued (uint64)
	blockN           uintptr // runtime.cleanupBlockHeader.n (uint32), inside cleanupBlock
	blockHeaderBytes uintptr // offset of runtime.cleanupBlock.cleanups
	blockBytes       uintptr // size of runtime.cleanupBlock
	blockSlots       uintptr // length of runtime.cleanupBlock.cleanups
	slotBytes        uintptr // size of one slot: *funcval (1.25) or cleanupFn (1.26)
}

var layout runtimeLayout

type dwarfStruct struct {
	size    int64
	members map[string]*dwarf.StructField
}

// readStructs finds the named struct types in this executable's DWARF.
func readStructs(names ...string) (map[string]dwarfStruct, error) {
	exe, err := os.Executable()
	if err != nil {
		return nil, err
	}
	f, err := elf.Open(exe)
	if err != nil {
		return nil, fmt.Errorf("open %s: %v", exe, err)
	}
	defer f.Close()
	d, err := f.DWARF()
	if err != nil {
		return nil, fmt.Errorf("DWARF of %s (built with -ldflags=-w?): %v", exe, err)
	}
	want := map[string]bool{}
	for _, n := range names {
		want[n] = true
	}
	found := map[string]dwarfStruct{}
	r := d.Reader()
	for {
		e, err := r.Next()
		if err != nil {
			return nil, err
		}
		if e == nil {
			break
		}
		if e.Tag != dwarf.TagStructType {
			continue
		}
		name, _ := e.Val(dwarf.AttrName).(string)
		if !want[name] {
			r.SkipChildren()
			continue
		}
		t, err := d.Type(e.Offset)
		if err != nil {
			return nil, err
		}
		st := t.(*dwarf.StructType)
		s := dwarfStruct{size: st.ByteSize, members: map[string]*dwarf.StructField{}}
		for _, m := range st.Field {
			s.members[m.Name] = m
		}
		found[name] = s
		r.SkipChildren()
	}
	for _, n := range names {
		if _, ok := found[n]; !ok {
			return nil, fmt.Errorf("struct %s not in this binary's DWARF", n)
		}
	}
	return found, nil
}

func member(s map[string]dwarfStruct, typ, field string) (*dwarf.StructField, error) {
	m, ok := s[typ].members[field]
	if !ok {
		return nil, fmt.Errorf("%s has no field %s in %s", typ, field, runtime.Version())
	}
	return m, nil
}

// checkMirrorLayout fails when the mirror disagrees with the runtime it is linked with.
func checkMirrorLayout() error {
	s, err := readStructs("runtime.cleanupQueue", "runtime.p", "runtime.cleanupBlock", "runtime.cleanupBlockHeader")
	if err != nil {
		return err
	}
	q := s["runtime.cleanupQueue"]
	if q.size != int64(unsafe.Sizeof(gcCleanups)) {
		return fmt.Errorf("runtime.cleanupQueue is %d bytes in %s, the mirror %d", q.size, runtime.Version(), unsafe.Sizeof(gcCleanups))
	}
	mt := reflect.TypeOf(&gcCleanups).Elem()
	for i := 0; i < mt.NumField(); i++ {
		f := mt.Field(i)
		if f.Name == "_" {
			continue
		}
		m, err := member(s, "runtime.cleanupQueue", f.Name)
		if err != nil {
			return err
		}
		if uintptr(m.ByteOffset) != f.Offset || m.Type.Size() != int64(f.Type.Size()) {
			return fmt.Errorf("runtime.cleanupQueue.%s at offset %d size %d in %s; the mirror has offset %d size %d",
				f.Name, m.ByteOffset, m.Type.Size(), runtime.Version(), f.Offset, f.Type.Size())
		}
	}
	type want struct {
		typ, field string
		size       int64
		out        *uintptr
	}
	for _, w := range []want{
		{"runtime.p", "cleanups", 8, &layout.pCleanups},
		{"runtime.p", "cleanupsQueued", 8, &layout.pCleanupsQueued},
		{"runtime.cleanupBlockHeader", "n", 4, &layout.blockN},
		{"runtime.cleanupBlock", "cleanups", -1, &layout.blockHeaderBytes},
	} {
		m, err := member(s, w.typ, w.field)
		if err != nil {
			return err
		}
		if w.size > 0 && m.Type.Size() != w.size {
			return fmt.Errorf("%s.%s is %d bytes in %s, expected %d", w.typ, w.field, m.Type.Size(), runtime.Version(), w.size)
		}
		*w.out = uintptr(m.ByteOffset)
	}
	// The header is embedded first in the block (cleanupBlock{cleanupBlockHeader; cleanups [...]T}).
	hdr, err := member(s, "runtime.cleanupBlock", "cleanupBlockHeader")
	if err != nil {
		return err
	}
	if hdr.ByteOffset != 0 {
		return fmt.Errorf("runtime.cleanupBlock's header at offset %d in %s, expected 0", hdr.ByteOffset, runtime.Version())
	}
	slots, _ := member(s, "runtime.cleanupBlock", "cleanups")
	arr, ok := slots.Type.(*dwarf.ArrayType)
	if !ok {
		return fmt.Errorf("runtime.cleanupBlock.cleanups is %T in %s, expected an array", slots.Type, runtime.Version())
	}
	layout.blockBytes = uintptr(s["runtime.cleanupBlock"].size)
	layout.blockSlots = uintptr(arr.Count)
	layout.slotBytes = uintptr(arr.Type.Size())
	return nil
}

// queueSnapshot is the queue's state at one moment (fields read one by one: not atomic as a whole).
type queueSnapshot struct {
	FullEmpty bool   `json:"full_empty"`
	WorkUnits uint64 `json:"work_units"`
	Flushed   bool   `json:"flushed"`
	Sleeping  int32  `json:"sleeping"`
	Asleep    uint32 `json:"asleep"`
	Running   uint32 `json:"running"`
	Ng        uint32 `json:"ng"`
	Needg     uint32 `json:"needg"`
	Queued    uint64 `json:"queued"` // destroyed Ps' count plus every live P's cleanupsQueued
	Executed  uint64 `json:"executed"`
	// Cleanups sitting in partial blocks of live Ps and of Ps beyond len(allp) (destroyed by a
	// GOMAXPROCS shrink: nothing flushes those until GOMAXPROCS grows again).
	InLivePBlocks int    `json:"in_live_p_blocks"`
	InDeadPBlocks int    `json:"in_dead_p_blocks"`
	MaxCleanupGs  uint32 `json:"max_cleanup_gs"`
}

func pField[T any](pp unsafe.Pointer, off uintptr) *T {
	return (*T)(unsafe.Add(pp, off))
}

func blockCount(pp unsafe.Pointer) int {
	b := *pField[unsafe.Pointer](pp, layout.pCleanups)
	if b == nil {
		return 0
	}
	return int(atomic.LoadUint32(pField[uint32](b, layout.blockN)))
}

func snapshot() queueSnapshot {
	q := &gcCleanups
	s := queueSnapshot{
		FullEmpty: atomic.LoadUint64(&q.full) == 0,
		WorkUnits: q.workUnits.Load(),
		Flushed:   loadByte(&q.flushed) != 0,
		Sleeping:  atomic.LoadInt32(&q.sleeping.size),
		Asleep:    q.asleep.Load(),
		Running:   q.running.Load(),
		Ng:        q.ng.Load(),
		Needg:     q.needg.Load(),
		Executed:  q.executed.Load(),
		Queued:    atomic.LoadUint64(&q.queued),
	}
	ps := allp
	for _, pp := range ps {
		if pp == nil {
			continue
		}
		s.Queued += atomic.LoadUint64(pField[uint64](pp, layout.pCleanupsQueued))
		s.InLivePBlocks += blockCount(pp)
	}
	for _, pp := range ps[len(ps):cap(ps)] {
		if pp != nil {
			s.InDeadPBlocks += blockCount(pp)
		}
	}
	s.MaxCleanupGs = uint32(max(runtime.GOMAXPROCS(0)/4, 1))
	return s
}

// idle reports the queue's rest state: every cleanup goroutine parked, no work, P blocks flushed.
func (s queueSnapshot) idle() bool {
	return s.FullEmpty && s.WorkUnits == 0 && s.Flushed && s.Running == 0 &&
		s.Asleep == s.Ng && uint32(s.Sleeping) == s.Ng && s.InLivePBlocks == 0
}

func unsafeSizeofQueue() uintptr { return unsafe.Sizeof(gcCleanups) }

// loadByte reads a one-byte runtime flag; sync/atomic has no 8-bit load, and on amd64 a byte load
// is atomic. The call keeps the compiler from hoisting the read out of polling loops.
//
//go:noinline
func loadByte(p *uint8) uint8 { return *p }
