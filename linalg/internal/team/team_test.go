// Copyright ©2026 The relulab Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package team

import (
	"runtime"
	"sync/atomic"
	"testing"
	"time"
)

// TestRun checks that every step calls each of its parts exactly once and
// returns only after all have returned, for steps posted back to back and
// after pauses long enough for the helper (and the caller) to block, at
// GOMAXPROCS 1, 2 and 4.
func TestRun(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	for _, procs := range []int{1, 2, 4} {
		runtime.GOMAXPROCS(procs)
		for _, par := range []bool{false, true} {
			tm := New(par)
			var calls [MaxParts]atomic.Int64
			for step := range 300 {
				np := 1 + step%7
				if step == 299 {
					np = MaxParts
				}
				if step%100 == 50 {
					// Long enough for the helper to stop polling and block.
					time.Sleep(20 * time.Millisecond)
				}
				var running atomic.Int64
				tm.Run(np, func(p int) {
					running.Add(1)
					if step%50 == 7 {
						// Slow parts: the caller must wait for the
						// helper's.
						time.Sleep(2 * time.Millisecond)
					}
					calls[p].Add(1)
					running.Add(-1)
				})
				if r := running.Load(); r != 0 {
					t.Fatalf("GOMAXPROCS %d, par %v, step %d: Run returned with %d parts running", procs, par, step, r)
				}
				for p := range np {
					if c := calls[p].Swap(0); c != 1 {
						t.Fatalf("GOMAXPROCS %d, par %v, step %d: part %d of %d called %d times", procs, par, step, p, np, c)
					}
				}
			}
			tm.Stop()
		}
	}
}

// TestStopJoinsHelper checks that Stop returns only after the helper has,
// also when the helper is blocked.
func TestStopJoinsHelper(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(2))
	for _, pauseFirst := range []bool{false, true} {
		tm := New(true)
		tm.Run(2, func(int) {})
		if pauseFirst {
			time.Sleep(20 * time.Millisecond) // the helper blocks
		}
		tm.Stop()
		select {
		case <-tm.exited:
		default:
			t.Fatalf("pause %v: Stop returned before the helper", pauseFirst)
		}
	}
}

// TestRunBadParts checks the panic on a number of parts out of range.
func TestRunBadParts(t *testing.T) {
	for _, np := range []int{0, MaxParts + 1} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("Run(%d, f) did not panic", np)
				}
			}()
			New(false).Run(np, func(int) {})
		}()
	}
}
