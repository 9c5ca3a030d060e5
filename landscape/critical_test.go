// Copyright ©2026 The relulab Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package landscape_test

import (
	"context"
	"errors"
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/relulab/relulab/landscape"
)

// spurious7 is Safran–Shamir's published spurious minimum for d = k = 7
// (REFERENCE.md §1), to the 10 digits published.
func spurious7() *mat.Dense {
	const (
		a = -0.6327039049
		b = 0.2616910758
		c = 0.1859910463
		D = 0.9969227988
		E = -0.0350801559
	)
	d := 7
	W := mat.NewDense(d, d, nil)
	W.Set(0, 0, a)
	for j := 1; j < d; j++ {
		W.Set(0, j, c)
	}
	for i := 1; i < d; i++ {
		W.Set(i, 0, b)
		for j := 1; j < d; j++ {
			if j == i {
				W.Set(i, j, D)
			} else {
				W.Set(i, j, E)
			}
		}
	}
	return W
}

func TestSpuriousMinimum7(t *testing.T) {
	t.Parallel()
	p, _ := landscape.NewProblem(eye(7), nil, nil)
	W0 := spurious7()
	g0, _ := p.Loss(W0)
	res, err := landscape.Polish(context.Background(), p, W0, nil)
	if err != nil {
		t.Fatal(err)
	}
	if res.GradNorm >= 1e-13 || res.Stop != landscape.GradientTolerance {
		t.Fatalf("polish: ‖∇F‖ = %g, stop %v", res.GradNorm, res.Stop)
	}
	// The published digits are 10 significant: F and λ_min are given to 12
	// and 10 digits, so compare to their last digit.
	if math.Abs(res.Loss-0.023202714914) > 1e-12 {
		t.Errorf("F = %.13f, want 0.023202714914 (start %.13f)", res.Loss, g0)
	}
	// Polishing moves only in the 11th digit.
	if d := mat.Norm(subtract(res.W, W0), math.Inf(1)); d > 1e-9 {
		t.Errorf("polishing moved the point by %g", d)
	}
	cl, err := landscape.Classify(p, res.W, nil)
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(cl.MinEig-0.0140590132) > 1e-10 {
		t.Errorf("λ_min = %.12f, want 0.0140590132", cl.MinEig)
	}
	if cl.Verdict != landscape.SpuriousMinimum || cl.Inertia.Neg != 0 || cl.Inertia.Zero != 0 {
		t.Errorf("verdict %v, inertia %+v", cl.Verdict, cl.Inertia)
	}
	if typ := landscape.IsotropyOf(res.W, 0).Type(); typ != "(6,1)" {
		t.Errorf("type %s, want (6,1)", typ)
	}
}

func subtract(a, b mat.Matrix) *mat.Dense {
	var c mat.Dense
	c.Sub(a, b)
	return &c
}

func TestGlobalMinimumClassify(t *testing.T) {
	t.Parallel()
	p, _ := landscape.NewProblem(eye(5), nil, nil)
	// A permuted identity is a global minimum of type (5).
	W := mat.NewDense(5, 5, nil)
	for i, j := range []int{2, 0, 4, 1, 3} {
		W.Set(i, j, 1)
	}
	cl, err := landscape.Classify(p, W, nil)
	if err != nil {
		t.Fatal(err)
	}
	if cl.Verdict != landscape.GlobalMinimum || cl.Loss != 0 {
		t.Errorf("verdict %v, F = %g", cl.Verdict, cl.Loss)
	}
	if want := 0.25 - 1/(2*math.Pi); math.Abs(cl.MinEig-want) > 1e-12 {
		t.Errorf("λ_min = %g, want %g", cl.MinEig, want)
	}
	iso := landscape.IsotropyOf(W, 0)
	if iso.Type() != "(5)" || len(iso.CoordOrbits) != 1 {
		t.Errorf("isotropy %+v", iso)
	}
}

func TestSaddlePolish(t *testing.T) {
	t.Parallel()
	// Splitting neuron 0 of the d = 7 spurious minimum into halves gives a
	// critical point of the n = 8 problem with the same loss (Safran–Yehudai–
	// Shamir); H'_00 = H_00 − ½I has a negative eigenvalue there, so it is a
	// saddle, which Newton polishing keeps.
	p7, _ := landscape.NewProblem(eye(7), nil, nil)
	min7, err := landscape.Polish(context.Background(), p7, spurious7(), nil)
	if err != nil {
		t.Fatal(err)
	}
	W := mat.NewDense(8, 7, nil)
	W.Slice(0, 7, 0, 7).(*mat.Dense).Copy(min7.W)
	for j := 0; j < 7; j++ {
		W.Set(0, j, 0.5*min7.W.At(0, j))
		W.Set(7, j, 0.5*min7.W.At(0, j))
	}
	res, err := landscape.Polish(context.Background(), p7, W, nil)
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(res.Loss-min7.Loss) > 1e-14 {
		t.Errorf("split point: F = %.15g, want %.15g", res.Loss, min7.Loss)
	}
	cl, err := landscape.Classify(p7, res.W, nil)
	if err != nil {
		t.Fatal(err)
	}
	if cl.Verdict != landscape.Saddle || cl.Inertia.Neg < 1 {
		t.Errorf("split point: verdict %v, inertia %+v", cl.Verdict, cl.Inertia)
	}
}

// TestGradientDescentProtocol checks GD's stopping rule and iteration count
// semantics against a hand-rolled loop on the same start.
func TestGradientDescentProtocol(t *testing.T) {
	t.Parallel()
	k := 4
	p, _ := landscape.NewProblem(eye(k), nil, nil)
	rng := rand.New(rand.NewPCG(7, 8))
	W0 := randn(k, k, 1/math.Sqrt(float64(k)), rng)
	res, err := landscape.GradientDescent(context.Background(), p, W0, nil)
	if err != nil {
		t.Fatal(err)
	}
	W := mat.DenseCopyOf(W0)
	var g mat.Dense
	it := 0
	for ; ; it++ {
		landscape.Gradient(&g, W, eye(k))
		if mat.Norm(&g, 2) <= 1e-10 {
			break
		}
		W.Sub(W, scaled(5/float64(k), &g))
	}
	if it != res.Iterations || !mat.Equal(W, res.W) {
		t.Errorf("GD took %d steps, reference loop %d (equal points: %v)", res.Iterations, it, mat.Equal(W, res.W))
	}
	if res.GradNorm > 1e-10 || res.Stop != landscape.GradientTolerance {
		t.Errorf("GD stopped by %v at ‖∇F‖ = %g", res.Stop, res.GradNorm)
	}
	// An iteration limit returns the point with ErrNotConverged.
	res2, err := landscape.GradientDescent(context.Background(), p, W0, &landscape.Settings{MaxIter: 3})
	if !errors.Is(err, landscape.ErrNotConverged) || res2.Iterations != 3 || res2.Stop != landscape.IterationLimit {
		t.Errorf("MaxIter 3: err %v, result %+v", err, res2)
	}
	// A canceled context stops the run.
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	res3, err := landscape.GradientDescent(ctx, p, W0, &landscape.Settings{GradTol: 1e-300, MaxIter: 10000})
	if !errors.Is(err, context.Canceled) || res3.Stop != landscape.Canceled {
		t.Errorf("canceled: err %v", err)
	}
}

func scaled(f float64, a mat.Matrix) *mat.Dense {
	var c mat.Dense
	c.Scale(f, a)
	return &c
}

func TestSafranRun(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ k, n int }{{4, 4}, {6, 6}, {3, 4}} {
		rng := rand.New(rand.NewPCG(11, uint64(tc.k*100+tc.n)))
		r, err := landscape.SafranRun(context.Background(), tc.k, tc.n, rng, nil)
		if err != nil {
			t.Fatal(err)
		}
		if r.Class.Verdict == landscape.Undecided {
			t.Errorf("k=%d n=%d: undecided after %d GD steps, ‖∇F‖ = %g", tc.k, tc.n, r.GD.Iterations, r.GD.GradNorm)
			continue
		}
		if r.Type == "" {
			t.Errorf("k=%d n=%d: empty type", tc.k, tc.n)
		}
		// Reproducible from the same seed.
		rng2 := rand.New(rand.NewPCG(11, uint64(tc.k*100+tc.n)))
		r2, _ := landscape.SafranRun(context.Background(), tc.k, tc.n, rng2, nil)
		if !mat.Equal(r.Final.W, r2.Final.W) || r.GD.Iterations != r2.GD.Iterations {
			t.Errorf("k=%d n=%d: not reproducible", tc.k, tc.n)
		}
		t.Logf("k=%d n=%d: %d GD steps, polished %v, %v, F=%.3g, type %s", tc.k, tc.n, r.GD.Iterations, r.Polished, r.Class.Verdict, r.Final.Loss, r.Type)
	}
}

// TestSafranRunConcurrent runs SafranRun on several goroutines (sharing the
// cached teacher problem) and checks the results equal the sequential ones
// bit for bit.
func TestSafranRunConcurrent(t *testing.T) {
	t.Parallel()
	const runs = 6
	seq := make([]*landscape.RunResult, runs)
	for r := range seq {
		var err error
		seq[r], err = landscape.SafranRun(context.Background(), 5, 5, rand.New(rand.NewPCG(9, uint64(r))), nil)
		if err != nil {
			t.Fatal(err)
		}
	}
	par := make([]*landscape.RunResult, runs)
	errs := make([]error, runs)
	done := make(chan int)
	for r := 0; r < runs; r++ {
		go func(r int) {
			par[r], errs[r] = landscape.SafranRun(context.Background(), 5, 5, rand.New(rand.NewPCG(9, uint64(r))), nil)
			done <- r
		}(r)
	}
	for range runs {
		<-done
	}
	for r := range par {
		if errs[r] != nil {
			t.Fatal(errs[r])
		}
		if !mat.Equal(par[r].Final.W, seq[r].Final.W) || par[r].Type != seq[r].Type || par[r].Class.Verdict != seq[r].Class.Verdict {
			t.Errorf("run %d differs between sequential and concurrent execution", r)
		}
	}
}
