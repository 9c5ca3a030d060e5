// Copyright ©2026 The relulab Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package spurious

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"

	"github.com/relulab/relulab/landscape"
	"github.com/relulab/relulab/landscape/sweep"
)

// protocol returns what, besides the keys and the seed, fixes the runs: the
// landscape settings. It goes into the checkpoint header.
func (c *Config) protocol() any { return c.Settings }

// runOne performs one run for teacher size k and student width n; tests
// replace it by a cheap stand-in.
var runOne = safranRun

// job returns the sweep's job function: run (k, n, run) with the job's own
// generator.
func (c *Config) job() func(context.Context, sweep.Job) (Outcome, error) {
	return func(ctx context.Context, j sweep.Job) (Outcome, error) {
		return runOne(ctx, &c.Settings, j.Key[0], j.Key[1], j.Rand())
	}
}

// safranRun is one landscape.SafranRun, reduced to its Outcome. A run whose
// iterate hits a zero neuron or a non-finite value (which the default step
// does not produce) is an Undecided outcome carrying the error, not a
// failure of the sweep.
func safranRun(ctx context.Context, s *landscape.Settings, k, n int, rng *rand.Rand) (Outcome, error) {
	res, err := landscape.SafranRun(ctx, k, n, rng, s)
	if err != nil {
		if ctx.Err() == nil && (errors.Is(err, landscape.ErrZeroNeuron) || errors.Is(err, landscape.ErrNotFinite)) {
			return Outcome{Verdict: Undecided, Error: err.Error()}, nil
		}
		return Outcome{}, err
	}
	o := Outcome{
		Loss:   res.Class.Loss,
		Grad:   res.Class.GradNorm,
		MinEig: res.Class.MinEig,
		Type:   res.Type,
		Iter:   res.GD.Iterations,
	}
	switch res.Class.Verdict {
	case landscape.GlobalMinimum:
		o.Verdict = Global
	case landscape.SpuriousMinimum:
		o.Verdict = Spurious
		o.W = append([]float64(nil), res.Final.W.RawMatrix().Data...)
	case landscape.Saddle:
		o.Verdict = Saddle
	case landscape.Degenerate:
		o.Verdict = Degenerate
	case landscape.Undecided:
		o.Verdict = Undecided
	default:
		return Outcome{}, fmt.Errorf("spurious: run k=%d n=%d: unknown verdict %v", k, n, res.Class.Verdict)
	}
	return o, nil
}
