// Copyright ©2026 The relulab Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package landscape_test

import (
	"context"
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/relulab/relulab/landscape"
)

// TestStopLoss checks Settings.StopLoss: gradient descent stops at the first
// check (every 256 steps) with F ≤ StopLoss, at the same iterate as plain GD
// after as many steps, and SafranRun then polishes that point to a verified
// global minimum, as the full protocol does.
func TestStopLoss(t *testing.T) {
	t.Parallel()
	const k, n, stop = 4, 6, 1e-6
	p, _ := landscape.NewProblem(eye(k), nil, nil)
	rng := rand.New(rand.NewPCG(21, 22))
	W0 := randn(n, k, 1/math.Sqrt(float64(n)), rng)
	set := &landscape.Settings{StopLoss: stop}
	res, err := landscape.GradientDescent(context.Background(), p, W0, set)
	if err != nil {
		t.Fatal(err)
	}
	if res.Stop != landscape.LossTolerance || res.Loss > stop || res.Iterations%256 != 255 {
		t.Fatalf("stopped by %v after %d steps at F = %g", res.Stop, res.Iterations, res.Loss)
	}
	plain, _ := landscape.GradientDescent(context.Background(), p, W0, &landscape.Settings{MaxIter: res.Iterations})
	if !mat.Equal(plain.W, res.W) || plain.GradNorm != res.GradNorm {
		t.Errorf("the stopped iterate differs from plain GD's after %d steps", res.Iterations)
	}
	// The check before (255 steps fewer) had F above the tolerance.
	if res.Iterations >= 511 {
		prev, _ := landscape.GradientDescent(context.Background(), p, W0, &landscape.Settings{MaxIter: res.Iterations - 256})
		if prev.Loss <= stop {
			t.Errorf("F = %g ≤ %g already after %d steps", prev.Loss, stop, prev.Iterations)
		}
	}

	// Over-parameterized runs: full protocol and early stop agree.
	for run := uint64(0); run < 2; run++ {
		full, err := landscape.SafranRun(context.Background(), k, n, rand.New(rand.NewPCG(23, run)), nil)
		if err != nil {
			t.Fatal(err)
		}
		early, err := landscape.SafranRun(context.Background(), k, n, rand.New(rand.NewPCG(23, run)), set)
		if err != nil {
			t.Fatal(err)
		}
		if early.GD.Stop != landscape.LossTolerance || early.GD.Iterations >= full.GD.Iterations {
			t.Errorf("run %d: early stop by %v after %d steps, full run %d", run, early.GD.Stop, early.GD.Iterations, full.GD.Iterations)
		}
		if early.Class.Verdict != landscape.GlobalMinimum || full.Class.Verdict != landscape.GlobalMinimum {
			t.Errorf("run %d: verdicts %v (early) and %v (full), want global minima", run, early.Class.Verdict, full.Class.Verdict)
		}
	}
}

// TestStopLossFallback checks that a run whose polish after the early stop
// does not verify a critical point continues as the protocol does and ends
// at the same point: with CriticalTol = 1e-300 no point is critical, so the
// fallback always runs.
func TestStopLossFallback(t *testing.T) {
	t.Parallel()
	const k, n = 4, 5
	strict := &landscape.Settings{CriticalTol: 1e-300}
	full, err := landscape.SafranRun(context.Background(), k, n, rand.New(rand.NewPCG(41, 1)), strict)
	if err != nil {
		t.Fatal(err)
	}
	strict.StopLoss = 1e-6
	early, err := landscape.SafranRun(context.Background(), k, n, rand.New(rand.NewPCG(41, 1)), strict)
	if err != nil {
		t.Fatal(err)
	}
	if !mat.Equal(early.Final.W, full.Final.W) || early.GD.Iterations != full.GD.Iterations ||
		early.GD.Stop != full.GD.Stop || early.Class.Verdict != full.Class.Verdict {
		t.Errorf("fallback ends after %d steps (%v, %v), the protocol after %d (%v, %v); equal points: %v",
			early.GD.Iterations, early.GD.Stop, early.Class.Verdict, full.GD.Iterations, full.GD.Stop, full.Class.Verdict,
			mat.Equal(early.Final.W, full.Final.W))
	}
}

// TestStopLossSpurious checks that runs ending at spurious minima are the
// same bit for bit with and without StopLoss: F stays far above it, and the
// extra loss evaluations do not touch the iterate.
func TestStopLossSpurious(t *testing.T) {
	t.Parallel()
	const k = 8
	found := 0
	for run := uint64(0); run < 60 && found < 2; run++ {
		early, err := landscape.SafranRun(context.Background(), k, k, rand.New(rand.NewPCG(31, run)), &landscape.Settings{StopLoss: 1e-6})
		if err != nil {
			t.Fatal(err)
		}
		if early.Class.Verdict != landscape.SpuriousMinimum {
			continue
		}
		found++
		full, err := landscape.SafranRun(context.Background(), k, k, rand.New(rand.NewPCG(31, run)), nil)
		if err != nil {
			t.Fatal(err)
		}
		if !mat.Equal(early.Final.W, full.Final.W) || early.GD.Iterations != full.GD.Iterations || early.Type != full.Type {
			t.Errorf("run %d: spurious minimum differs with StopLoss (%d vs %d steps, types %s and %s)", run, early.GD.Iterations, full.GD.Iterations, early.Type, full.Type)
		}
	}
	if found == 0 {
		t.Fatal("no spurious minimum in 60 runs at k = 8 (the sweep finds about 10%)")
	}
}
