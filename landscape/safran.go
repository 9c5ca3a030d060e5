// Copyright ©2026 The relulab Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package landscape

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/mat"
)

// RunResult is the outcome of one Safran–Shamir run (SafranRun).
type RunResult struct {
	// K is the teacher size (V = I_K, d = K) and N the student width.
	K, N int
	// W0 is the random start (N×K).
	W0 *mat.Dense
	// GD is gradient descent's end point.
	GD *Result
	// Final is the classified point: Newton-polished from GD's end point
	// when that was within Settings.PolishFrom, else GD's end point.
	Final *Result
	// Polished reports whether Final comes from a successful polish
	// (‖∇F‖_F < Settings.PolishTol).
	Polished bool
	// Class is the classification of Final.
	Class *Classification
	// Type is the block pattern of Final's isotropy (Isotropy.Type), e.g.
	// "(6,1)"; empty when Class.Verdict is Undecided.
	Type string
}

// identityProblems caches the problems with teacher I_k for SafranRun.
var identityProblems = newProblemCache()

// SafranRun performs one run of Safran and Shamir's experiment for teacher
// size k and student width n: V = I_k (so d = k), α = β = 1; the start W0 is
// n×k with i.i.d. N(0, 1/n) entries drawn from rng in row-major order (the
// student width n plays the part of k in the peers' protocol, as in the paper
// for n = k); gradient descent with step 5/n (Settings.Step overrides)
// until ‖∇F‖_F ≤ 1e-10 or 200000 steps (GradientDescent; or F ≤
// Settings.StopLoss when that is set); then, if ‖∇F‖_F ≤ Settings.PolishFrom
// or GD stopped at StopLoss, Newton polishing to ‖∇F‖_F < 1e-13 (Polish); then
// Classify and, for a critical point, the isotropy type (IsotropyOf). When
// the polish after a StopLoss stop does not reach a critical point
// (‖∇F‖_F ≤ Settings.CriticalTol), GD continues from where it stopped
// without StopLoss, as the protocol would have, and the run ends as it does
// without StopLoss; GD.Iterations then counts all steps.
//
// The result depends only on (k, n, the state of rng, s): a caller seeds
// one rng per run (for example rand.New(rand.NewPCG(seed, runIndex))) to get
// runs that are reproducible bit for bit in any order and on any number of
// goroutines. SafranRun is safe for concurrent use with distinct rngs.
//
// GD or Newton not converging is not an error: the run is returned with
// Class.Verdict Undecided (GD's iteration limit) or classified at the best
// point reached. SafranRun returns a nil result and the context's error if
// ctx is canceled, and the error of the closed forms if an iterate hits a
// zero neuron or diverges (not seen with the default step). It panics if
// k < 1 or n < 1.
func SafranRun(ctx context.Context, k, n int, rng *rand.Rand, s *Settings) (*RunResult, error) {
	if k < 1 || n < 1 {
		panic("landscape: SafranRun needs k ≥ 1 and n ≥ 1")
	}
	set := s.orDefault()
	if set.Step == 0 {
		set.Step = 5 / float64(n)
	}
	p := identityProblems.get(k)
	W0 := mat.NewDense(n, k, nil)
	std := 1 / math.Sqrt(float64(n))
	for i, raw := 0, W0.RawMatrix().Data; i < len(raw); i++ {
		raw[i] = std * rng.NormFloat64()
	}
	res := &RunResult{K: k, N: n, W0: W0}
	gd, err := GradientDescent(ctx, p, W0, &set)
	if err != nil && !errors.Is(err, ErrNotConverged) {
		return nil, fmt.Errorf("landscape: Safran run k=%d n=%d: %w", k, n, err)
	}
	res.GD, res.Final = gd, gd
	if err := res.polish(ctx, p, &set); err != nil {
		return nil, err
	}
	if gd.Stop == LossTolerance && res.Final.GradNorm > set.CriticalTol {
		// Newton did not verify a critical point near the early stop: go
		// on with the protocol itself. GD keeps no state but W, so this
		// continues exactly the trajectory that a run without StopLoss
		// takes, to the same end point.
		rest := set
		rest.StopLoss, rest.MaxIter = 0, set.MaxIter-gd.Iterations
		more, err := GradientDescent(ctx, p, gd.W, &rest)
		if err != nil && !errors.Is(err, ErrNotConverged) {
			return nil, fmt.Errorf("landscape: Safran run k=%d n=%d: %w", k, n, err)
		}
		more.Iterations += gd.Iterations
		res.GD, res.Final, res.Polished = more, more, false
		if err := res.polish(ctx, p, &set); err != nil {
			return nil, err
		}
	}
	res.Class, err = Classify(p, res.Final.W, &set)
	if err != nil {
		return nil, fmt.Errorf("landscape: Safran run k=%d n=%d: %w", k, n, err)
	}
	if res.Class.Verdict != Undecided {
		res.Type = IsotropyOf(res.Final.W, set.SymTol).Type()
	}
	return res, nil
}

// polish replaces r.Final by Newton's polish of r.GD's end point when GD
// got within set.PolishFrom or stopped at set.StopLoss.
func (r *RunResult) polish(ctx context.Context, p *Problem, set *Settings) error {
	gd := r.GD
	if gd.GradNorm > set.PolishFrom && gd.Stop != LossTolerance {
		return nil
	}
	pol, err := Polish(ctx, p, gd.W, set)
	switch {
	case err == nil:
		r.Final, r.Polished = pol, true
	case errors.Is(err, ErrNotConverged):
		if pol.GradNorm < gd.GradNorm {
			r.Final = pol
		}
	case ctx.Err() != nil:
		return err
	default:
		return fmt.Errorf("landscape: Safran run k=%d n=%d: %w", r.K, r.N, err)
	}
	return nil
}
