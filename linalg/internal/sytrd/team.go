// Copyright ©2026 The relulab Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package sytrd

import (
	"runtime"
	"sync/atomic"
)

// parts is the fixed number of parts every parallel step is cut into. It
// does not depend on GOMAXPROCS or on which goroutine runs a part, so
// neither do the results.
const parts = 2

// spinMax is the number of polls a waiting goroutine makes before it blocks
// on a channel (some tens of µs): the steps of one column follow each other
// within microseconds, and a wake-up through the scheduler costs tens.
const spinMax = 1 << 14

// pause is called at each poll: every 64th yields the thread to the OS,
// and every 1024th lets other goroutines have the P, so that a poller keeps
// neither the goroutine it waits for (nor another reduction's) off a core
// when the machine or the process is busy.
func pause(spins int) {
	switch {
	case spins%1024 == 0:
		runtime.Gosched()
	case spins%64 == 0:
		osYield()
	}
}

// team runs steps cut into parts on the calling goroutine and, when
// GOMAXPROCS ≥ 2, one persistent helper goroutine: a reduction takes
// thousands of steps of a few microseconds each, too short for a goroutine
// or a wake-up per step. Both claim the parts of a posted step from an
// atomic counter, so that the caller does every part itself when the
// helper's thread has no core (a loaded machine) instead of waiting for it.
type team struct {
	helper bool
	f      func(part int)
	// claim is step<<8 | number of parts claimed; fin the number of parts
	// of the current step finished by the helper.
	claim    atomic.Int64
	fin      atomic.Int64
	seq      atomic.Int64 // steps posted; −1 tells the helper to stop
	sleeping atomic.Bool  // the helper is blocked on wake, or about to be
	waiting  atomic.Bool  // the caller is blocked on finished, or about to be
	wake     chan struct{}
	finished chan struct{}
	exited   chan struct{} // closed when the helper returns
	step     int64
}

// newTeam starts a team; with par false (small problems) or GOMAXPROCS = 1
// it runs every step on the caller. stop must be called when done.
func newTeam(par bool) *team {
	t := &team{wake: make(chan struct{}, 1), finished: make(chan struct{}, 1), exited: make(chan struct{})}
	if par && runtime.GOMAXPROCS(0) >= 2 {
		t.helper = true
		go t.help()
	}
	return t
}

// run calls f(0) and f(1), possibly at the same time, and returns when both
// have returned.
func (t *team) run(f func(part int)) {
	if !t.helper {
		for c := range parts {
			f(c)
		}
		return
	}
	t.step++
	s := t.step
	t.f = f
	t.fin.Store(0)
	t.claim.Store(s << 8)
	t.seq.Store(s)
	if t.sleeping.Load() && t.sleeping.CompareAndSwap(true, false) {
		t.wake <- struct{}{}
	}
	mine := int64(0)
	for {
		c := t.take(s)
		if c < 0 {
			break
		}
		f(c)
		mine++
	}
	// Wait for the parts the helper took: poll for a while, then block,
	// with the handshake of help.
	for spins := 1; t.fin.Load() != parts-mine; spins++ {
		if spins < spinMax {
			pause(spins)
			continue
		}
		t.waiting.Store(true)
		if t.fin.Load() != parts-mine || !t.waiting.CompareAndSwap(true, false) {
			<-t.finished
		}
		spins = 0
	}
}

// take claims the next unclaimed part of step s, or returns −1.
func (t *team) take(s int64) int {
	for {
		v := t.claim.Load()
		c := int(v & 0xff)
		if v>>8 != s || c >= parts {
			return -1
		}
		if t.claim.CompareAndSwap(v, v+1) {
			return c
		}
	}
}

// stop ends the helper and waits for it to return.
func (t *team) stop() {
	if !t.helper {
		return
	}
	t.helper = false
	t.seq.Store(-1)
	if t.sleeping.Load() && t.sleeping.CompareAndSwap(true, false) {
		t.wake <- struct{}{}
	}
	<-t.exited
}

// help is the helper's loop: it takes parts of every posted step until
// stop.
func (t *team) help() {
	defer close(t.exited)
	var last int64
	spins := 0
	for {
		s := t.seq.Load()
		if s < 0 {
			return
		}
		if s == last {
			spins++
			if spins < spinMax {
				pause(spins)
				continue
			}
			// Block until run or stop wakes us: they read sleeping after
			// publishing the step, so either we see the step here or they
			// see sleeping set and send; if one took the flag, its send
			// must be consumed.
			t.sleeping.Store(true)
			if s := t.seq.Load(); (s == last && s >= 0) || !t.sleeping.CompareAndSwap(true, false) {
				<-t.wake
			}
			spins = 0
			continue
		}
		last, spins = s, 0
		for {
			c := t.take(s)
			if c < 0 {
				break
			}
			// The caller does not post another step before this part is
			// finished, so t.f is this step's.
			t.f(c)
			t.fin.Add(1)
			if t.waiting.Load() && t.waiting.CompareAndSwap(true, false) {
				t.finished <- struct{}{}
			}
		}
	}
}
