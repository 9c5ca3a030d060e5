// Copyright ©2026 The relulab Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

// Package team runs steps of parallel work too short for a goroutine or a
// scheduler wake-up each (a few µs to some tens): the calling goroutine and
// one persistent helper claim the parts of each posted step from an atomic
// counter. When the helper's thread has no core (a loaded machine) the
// caller does every part itself instead of waiting for it. Which parts
// there are is fixed by the caller, never by GOMAXPROCS or by which
// goroutine runs a part, so results built from the parts do not depend on
// either.
package team

import (
	"runtime"
	"sync/atomic"
)

// spinMax is the number of polls a waiting goroutine makes before it blocks
// on a channel (some tens of µs): the steps of a sweep follow each other
// within microseconds, and a wake-up through the scheduler costs tens.
const spinMax = 1 << 14

// pause is called at each poll: every 64th yields the thread to the OS,
// and every 1024th lets other goroutines have the P, so that a poller keeps
// neither the goroutine it waits for (nor another team's) off a core when
// the machine or the process is busy.
func pause(spins int) {
	switch {
	case spins%1024 == 0:
		runtime.Gosched()
	case spins%64 == 0:
		osYield()
	}
}

// MaxParts is the largest number of parts of a step.
const MaxParts = 255

// Team is a caller and at most one helper goroutine. Its methods must be
// called from one goroutine.
type Team struct {
	helper bool
	f      func(part int)
	// claim is step<<16 | parts<<8 | number of parts claimed; fin the
	// number of parts of the current step finished by the helper.
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

// New starts a team; with par false (small problems) or GOMAXPROCS = 1 it
// runs every step on the caller. Stop must be called when done.
func New(par bool) *Team {
	t := &Team{wake: make(chan struct{}, 1), finished: make(chan struct{}, 1), exited: make(chan struct{})}
	if par && runtime.GOMAXPROCS(0) >= 2 {
		t.helper = true
		go t.help()
	}
	return t
}

// Run calls f(p) for p < np, possibly two at a time, and returns when all
// have returned. It panics if np is not in [1, MaxParts].
func (t *Team) Run(np int, f func(part int)) {
	if np < 1 || np > MaxParts {
		panic("team: bad number of parts")
	}
	if !t.helper || np == 1 {
		for p := range np {
			f(p)
		}
		return
	}
	t.step++
	s := t.step
	t.f = f
	t.fin.Store(0)
	t.claim.Store(s<<16 | int64(np)<<8)
	t.seq.Store(s)
	if t.sleeping.Load() && t.sleeping.CompareAndSwap(true, false) {
		t.wake <- struct{}{}
	}
	mine := int64(0)
	for {
		p := t.take(s)
		if p < 0 {
			break
		}
		f(p)
		mine++
	}
	// Wait for the parts the helper took: poll for a while, then block,
	// with the handshake of help.
	for spins := 1; t.fin.Load() != int64(np)-mine; spins++ {
		if spins < spinMax {
			pause(spins)
			continue
		}
		t.waiting.Store(true)
		if t.fin.Load() != int64(np)-mine || !t.waiting.CompareAndSwap(true, false) {
			<-t.finished
		}
		spins = 0
	}
}

// take claims the next unclaimed part of step s, or returns −1.
func (t *Team) take(s int64) int {
	for {
		v := t.claim.Load()
		np, c := int(v>>8&0xff), int(v&0xff)
		if v>>16 != s || c >= np {
			return -1
		}
		if t.claim.CompareAndSwap(v, v+1) {
			return c
		}
	}
}

// Stop ends the helper and waits for it to return.
func (t *Team) Stop() {
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
// Stop.
func (t *Team) help() {
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
			// Block until Run or Stop wakes us: they read sleeping after
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
			p := t.take(s)
			if p < 0 {
				break
			}
			// The caller does not post another step before this part is
			// finished, so t.f is this step's.
			t.f(p)
			t.fin.Add(1)
			if t.waiting.Load() && t.waiting.CompareAndSwap(true, false) {
				t.finished <- struct{}{}
			}
		}
	}
}
