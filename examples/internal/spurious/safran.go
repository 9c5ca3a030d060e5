// Copyright ©2026 The relulab Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package spurious

import (
	"context"
	"errors"
	"fmt"

	"github.com/relulab/relulab/landscape"
	"github.com/relulab/relulab/landscape/sweep"
)

// protocol returns what, besides the keys and the seed, fixes the runs: the
// landscape settings. It goes into the checkpoint header.
func (c *Config) protocol() any { return c.Settings }

// runOne performs the run of job j, keyed (k, n, run); tests wrap it.
var runOne = safranRun

// job returns the sweep's job function.
func (c *Config) job() func(context.Context, sweep.Job) (Outcome, error) {
	return func(ctx context.Context, j sweep.Job) (Outcome, error) {
		return runOne(ctx, &c.Settings, j)
	}
}

// safranRun is landscape.SafranRun for teacher size k = j.Key[0] and student
// width n = j.Key[1] with the job's generator, reduced to its Outcome. A run
// whose iterate hits a zero neuron or a non-finite value (which the default
// step does not produce) is an Undecided outcome carrying the error, not a
// failure of the sweep.
func safranRun(ctx context.Context, s *landscape.Settings, j sweep.Job) (Outcome, error) {
	k, n := j.Key[0], j.Key[1]
	res, err := landscape.SafranRun(ctx, k, n, j.Rand(), s)
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
