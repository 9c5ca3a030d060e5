// Copyright ©2026 The relulab Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package sweep

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"math/rand/v2"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Key identifies one job of a sweep: a tuple of integers such as (k, n, run).
// Its String form "(k,n,run)" is stable and is what appears in messages.
type Key []int

// String returns the key as "(f₀,f₁,…)".
func (k Key) String() string {
	var b strings.Builder
	b.WriteByte('(')
	for i, f := range k {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(strconv.Itoa(f))
	}
	b.WriteByte(')')
	return b.String()
}

// Golden-ratio increment and multipliers of SplitMix64 (Steele, Lea and
// Flood 2014), used by mix.
const (
	gamma = 0x9e3779b97f4a7c15
	mulA  = 0xbf58476d1ce4e5b9
	mulB  = 0x94d049bb133111eb
)

// mix is SplitMix64's step: it adds γ = 0x9e3779b97f4a7c15 and applies the
// bijective finalizer z ↦ (z ⊕ z≫30)·A, (z ⊕ z≫27)·B, z ⊕ z≫31.
func mix(x uint64) uint64 {
	z := x + gamma
	z = (z ^ z>>30) * mulA
	z = (z ^ z>>27) * mulB
	return z ^ z>>31
}

// Seed returns the seed of the job with key k in a sweep with base seed s:
//
//	h₀ = mix(s),  h₁ = mix(h₀ ⊕ len(k)),  h_{i+2} = mix(h_{i+1} ⊕ uint64(kᵢ)),
//	Seed(s, k) = h_{len(k)+1},
//
// where mix is SplitMix64's step (add 0x9e3779b97f4a7c15, then its
// finalizer) and uint64(kᵢ) is the two's-complement bit pattern of kᵢ. The
// seed depends on s and k only: not on the job's index, the number of
// workers, the shard, the other keys of the sweep, or whether the sweep was
// resumed, so that adding runs to a sweep leaves the old runs unchanged.
func Seed(s uint64, k Key) uint64 {
	h := mix(mix(s) ^ uint64(len(k)))
	for _, f := range k {
		h = mix(h ^ uint64(f))
	}
	return h
}

// Job is one unit of work of a sweep.
type Job struct {
	// Index is the job's position in the plan's canonical order.
	Index int
	// Key identifies the job; callers must not modify it.
	Key Key
	// Seed is Seed(plan seed, Key).
	Seed uint64
}

// Rand returns a new generator for the job,
// rand.New(rand.NewPCG(j.Seed, mix(j.Seed ⊕ 1))), so that a job's random
// stream is fixed by its seed alone.
func (j Job) Rand() *rand.Rand {
	return rand.New(rand.NewPCG(j.Seed, mix(j.Seed^1)))
}

// Plan is the fixed description of a sweep: its jobs in canonical order,
// the base seed and the settings that, with the seed, determine every
// result. A checkpoint records the plan (its seed, its Config verbatim, and
// a hash of its keys); resuming or merging with a different plan is an
// error wrapping ErrMismatch.
type Plan struct {
	// Keys lists the jobs in canonical order; Keys[i] has index i.
	// Keys must be distinct.
	Keys []Key
	// Seed is the base seed from which every job's seed is derived.
	Seed uint64
	// Config is a canonical description of everything else that
	// determines the results, for instance the JSON encoding of a
	// settings struct. It is stored verbatim in checkpoints.
	Config string
}

// Len returns the number of jobs, len(p.Keys).
func (p Plan) Len() int { return len(p.Keys) }

// Job returns job i of the plan. It panics if i is out of range.
func (p Plan) Job(i int) Job {
	if i < 0 || i >= len(p.Keys) {
		panic(fmt.Sprintf("sweep: job index %d out of range [0,%d)", i, len(p.Keys)))
	}
	return Job{Index: i, Key: p.Keys[i], Seed: Seed(p.Seed, p.Keys[i])}
}

// keysHash returns the hex SHA-256 of the plan's keys, each written as
// "f₀,f₁,…;" in order.
func (p Plan) keysHash() string {
	h := sha256.New()
	var buf []byte
	for _, k := range p.Keys {
		buf = buf[:0]
		for i, f := range k {
			if i > 0 {
				buf = append(buf, ',')
			}
			buf = strconv.AppendInt(buf, int64(f), 10)
		}
		buf = append(buf, ';')
		h.Write(buf)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// checkKeys panics if two keys of the plan are equal.
func (p Plan) checkKeys() {
	seen := make(map[string]int, len(p.Keys))
	for i, k := range p.Keys {
		s := k.String()
		if j, ok := seen[s]; ok {
			panic(fmt.Sprintf("sweep: jobs %d and %d have the same key %s", j, i, s))
		}
		seen[s] = i
	}
}

// Options controls how a sweep is run. The zero value runs the whole plan
// on GOMAXPROCS workers without a checkpoint.
type Options struct {
	// Workers is the number of jobs run at once; ≤ 0 means
	// runtime.GOMAXPROCS(0). Results do not depend on it.
	Workers int

	// Shard selects the jobs this process runs: those whose index i has
	// i mod Shard.N = Shard.I. The zero value selects every job.
	Shard Shard

	// Checkpoint is the path of a JSON-lines file to which every
	// finished job is appended as it finishes; "" disables
	// checkpointing. See the package documentation for the format.
	Checkpoint string

	// Resume allows Run to continue from an existing, non-empty
	// Checkpoint: jobs recorded there are not run again. Without Resume
	// an existing non-empty checkpoint is an error wrapping
	// ErrCheckpointExists. Resume with no checkpoint file starts afresh.
	Resume bool

	// SyncInterval bounds the time a finished job stays in the
	// checkpoint without an fsync: while jobs are unsynced the file is
	// fsynced every SyncInterval; 0 means one second, and a negative
	// value syncs after every job. The checkpoint is always synced when
	// Run returns. Lines are written with one write(2) each, so a killed
	// process loses no finished job whatever the interval; the interval
	// bounds what a crash of the machine can lose.
	SyncInterval time.Duration

	// Progress, if not nil, is called with the number of finished jobs
	// of this shard (including those read from the checkpoint) and their
	// total: once at the start and after every job. Calls are made from
	// one goroutine, in order.
	Progress func(done, total int)
}

// Result is a finished job and its value.
type Result[R any] struct {
	Job
	// Value is what the job's function returned.
	Value R
}

// Errors returned by Run and Merge, wrapped with details.
var (
	// ErrMismatch reports a checkpoint written for a different plan
	// (seed, config or keys) or shard.
	ErrMismatch = errors.New("sweep: checkpoint does not match the sweep")
	// ErrCheckpointExists reports a non-empty checkpoint when
	// Options.Resume is false.
	ErrCheckpointExists = errors.New("sweep: checkpoint exists (resume it or remove it)")
	// ErrCorrupt reports a malformed checkpoint: an unparsable line
	// other than a torn last line, a record inconsistent with the plan,
	// or a job recorded twice.
	ErrCorrupt = errors.New("sweep: corrupt checkpoint")
	// ErrIncomplete reports that the merged checkpoints lack some jobs.
	ErrIncomplete = errors.New("sweep: incomplete sweep")
)

// Run runs the jobs of plan p selected by o.Shard, calling fn for each job
// not already recorded in the checkpoint, on o.Workers goroutines, and
// returns the shard's results in index order. A job's result must depend
// only on the Job passed to fn (use j.Seed or j.Rand()), so that results do
// not depend on the number of workers, the shard or resumption.
//
// With a checkpoint, each result is encoded with encoding/json and appended
// to the file as soon as it is finished; jobs read back from the checkpoint
// are decoded, so R must survive a round trip through encoding/json (a
// float64 does; NaN and ±Inf cannot be encoded and fail the sweep).
//
// fn receives a context that is cancelled when ctx is or when another job
// fails. When fn returns an error after that cancellation the job counts as
// unfinished: it is not recorded and will be run on resume. When ctx is
// cancelled, Run stops starting jobs, waits for the running ones, records
// those that finished, and returns the results so far with ctx.Err(). When
// fn fails otherwise, Run cancels the other jobs and returns the results so
// far with the error, annotated with the job. Errors reading the checkpoint
// wrap ErrMismatch, ErrCheckpointExists or ErrCorrupt.
//
// Run panics if two keys of p are equal or if o.Shard is invalid.
func Run[R any](ctx context.Context, p Plan, o Options, fn func(ctx context.Context, j Job) (R, error)) ([]Result[R], error) {
	p.checkKeys()
	sh := o.Shard.normalize()
	indices := sh.indices(p.Len())
	total := len(indices)

	done := make(map[int]Result[R])
	var w *writer
	if o.Checkpoint != "" {
		var err error
		w, done, err = openCheckpoint[R](o.Checkpoint, p, sh, o.Resume, o.SyncInterval)
		if err != nil {
			return nil, err
		}
	}
	results := make([]Result[R], 0, total)
	for _, r := range done {
		results = append(results, r)
	}
	var todo []int
	for _, i := range indices {
		if _, ok := done[i]; !ok {
			todo = append(todo, i)
		}
	}
	progress := func() {
		if o.Progress != nil {
			o.Progress(len(results), total)
		}
	}
	progress()

	firstErr := runJobs(ctx, p, o.Workers, todo, fn, func(r Result[R]) error {
		if w != nil {
			if err := w.append(r.Job, r.Value); err != nil {
				return err
			}
		}
		results = append(results, r)
		progress()
		return nil
	})
	if w != nil {
		if err := w.close(); err != nil && firstErr == nil {
			firstErr = err
		}
	}
	slices.SortFunc(results, func(a, b Result[R]) int { return a.Index - b.Index })
	if firstErr != nil {
		return results, firstErr
	}
	return results, ctx.Err()
}

// runJobs runs fn on the jobs todo with the given number of workers and
// passes each finished job to record, from the calling goroutine. It
// returns the first job or record error, or nil (also when ctx was
// cancelled).
func runJobs[R any](ctx context.Context, p Plan, workers int, todo []int, fn func(context.Context, Job) (R, error), record func(Result[R]) error) error {
	if len(todo) == 0 {
		return nil
	}
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	workers = min(workers, len(todo))

	ctx, cancel := context.WithCancel(ctx)
	defer cancel()

	type outcome struct {
		r   Result[R]
		err error
	}
	jobs := make(chan int)
	outcomes := make(chan outcome)
	go func() {
		defer close(jobs)
		for _, i := range todo {
			select {
			case jobs <- i:
			case <-ctx.Done():
				return
			}
		}
	}()
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for i := range jobs {
				if ctx.Err() != nil {
					continue
				}
				j := p.Job(i)
				v, err := fn(ctx, j)
				outcomes <- outcome{Result[R]{Job: j, Value: v}, err}
			}
		})
	}
	go func() {
		wg.Wait()
		close(outcomes)
	}()

	var firstErr error
	recording := true
	for out := range outcomes {
		switch {
		case out.err == nil:
			if !recording {
				// After a failed checkpoint write nothing more is
				// recorded: the file must hold every job we report.
				continue
			}
			if err := record(out.r); err != nil {
				recording = false
				if firstErr == nil {
					firstErr = err
				}
				cancel()
			}
		case ctx.Err() != nil:
			// Abandoned because of cancellation: unfinished.
		default:
			if firstErr == nil {
				firstErr = fmt.Errorf("sweep: job %d %v: %w", out.r.Index, out.r.Key, out.err)
			}
			cancel()
		}
	}
	return firstErr
}
