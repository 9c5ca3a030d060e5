// Copyright ©2026 The relulab Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package adversarial_test

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/mat"

	"github.com/relulab/relulab/adversarial"
	"github.com/relulab/relulab/datasets"
	"github.com/relulab/relulab/relu"
)

// A network on R² that depends on x₁ only, piecewise linear with kinks at
// x₁ = 0.5 and 1: f(x) = relu(1 − x₁) − 3 relu(x₁ − 0.5), so f = 1 − x₁ up
// to 0.5 and f = 2.5 − 4x₁ on [0.5, 1], which vanishes at x₁ = 0.625.
func kinked() *relu.Net {
	return &relu.Net{
		W:     mat.NewDense(2, 2, []float64{-1, 0, 1, 0}),
		B:     []float64{1, -0.5},
		A:     []float64{1, -3},
		Scale: 1,
	}
}

func ExampleRayFlip() {
	net := kinked()
	// From x = (0.25, 0), f(x) = 0.75 > 0 (label +1), the ray along e₁
	// crosses the kink at x₁ = 0.5 and the boundary at x₁ = 0.625, so
	// t = 0.375. Along e₂ f is constant and never flips.
	X := mat.NewDense(2, 2, []float64{0.25, 0, 0.25, 0})
	V := mat.NewDense(2, 2, []float64{1, 0, 0, 3})
	t, err := adversarial.RayFlip(net, X, V, []float64{1, 1})
	fmt.Println(t, err)
	// Output:
	// [0.375 +Inf] <nil>
}

func ExampleDeepFool() {
	net := kinked()
	// x₁ = 0.55 lies in the linear region [0.5, 1] that also holds the
	// boundary point x₁ = 0.625: one exact step of length 0.075, then the
	// overshoot of 2%.
	X := mat.NewDense(1, 2, []float64{0.55, 0})
	adv, dist, err := (&adversarial.DeepFool{}).Attack(nil, net, X, []float64{1})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("distance to the boundary %.4f\n", dist[0])
	fmt.Printf("adversarial point (%.4f, %.4f), f = %.4f\n", adv.At(0, 0), adv.At(0, 1), net.Forward(nil, adv)[0])
	// Output:
	// distance to the boundary 0.0750
	// adversarial point (0.6265, 0.0000), f = -0.0060
}

func ExamplePGD() {
	rnd := rand.New(rand.NewPCG(1, 1))
	net := relu.NewStandard(50, 10, 1, false, rnd)
	X := mat.NewDense(100, 10, nil)
	for i := 0; i < 100; i++ {
		for j := 0; j < 10; j++ {
			X.Set(i, j, rnd.NormFloat64())
		}
	}
	y := make([]float64, 100)
	for i, f := range net.Forward(nil, X) {
		y[i] = math.Copysign(1, f)
	}
	// Perturbations restricted to a 3-dimensional subspace S.
	s := datasets.RandomSubspace(10, 7, rnd)
	a := &adversarial.PGD{Eps: 0.5, Alpha: 0.1, Steps: 20, Restrict: adversarial.Onto(s.Basis)}
	adv, err := a.Attack(nil, net, X, y)
	if err != nil {
		fmt.Println(err)
		return
	}
	var delta mat.Dense
	delta.Sub(adv, X)
	var maxNorm float64
	for i := 0; i < 100; i++ {
		maxNorm = math.Max(maxNorm, floats.Norm(delta.RawRowView(i), 2))
	}
	off := mat.Norm(s.ProjectPerp(nil, &delta), 2)
	fmt.Printf("max ‖δ‖ ≤ ε: %v, δ in S: %v\n", maxNorm <= 0.5+1e-12, off < 1e-12)
	// Output:
	// max ‖δ‖ ≤ ε: true, δ in S: true
}

func ExampleGradSplit() {
	// A network at initialization with β = 1 on R^400, and points on a
	// subspace P of codimension ℓ = 360: the P⊥ part of the input gradient
	// has norm ≈ β√(ℓ/2d) ≈ 0.67.
	const d, ell = 400, 360
	rnd := rand.New(rand.NewPCG(1, 2))
	s := datasets.RandomSubspace(d, ell, rnd)
	X := s.Gaussian(20, math.Sqrt(d), rnd)
	net := relu.NewStandard(500, d, 1, false, rnd)
	split, err := adversarial.GradSplit(net, X, adversarial.Onto(s.Basis))
	if err != nil {
		fmt.Println(err)
		return
	}
	_, perp, _ := split.Medians()
	fmt.Printf("median ‖P⊥∇N‖ = %.1f, theory %.1f\n", perp, math.Sqrt(ell/(2.0*d)))
	// Output:
	// median ‖P⊥∇N‖ = 0.7, theory 0.7
}

func ExampleMeasure() {
	// The diagonal set of Melamed et al. with a hand-made network that
	// depends on x₁ − x₂ only near the data: flips off the diagonal are
	// short, flips along it impossible.
	X, y := datasets.Diagonal()
	net := &relu.Net{W: mat.NewDense(2, 2, []float64{1, -1, -1, 1}), B: []float64{0.1, -0.1}, A: []float64{1, -1}, Scale: 1}
	for i := range y {
		y[i] = 1 // f = relu(u + 0.1) − relu(−u − 0.1) = u + 0.1 = 0.1 on the diagonal (u = x₁ − x₂)
	}
	s := datasets.DiagonalSubspace()
	r, err := adversarial.Measure(context.Background(), net, X, y, adversarial.Onto(s.Basis), adversarial.Onto(s.Complement))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("median flip: all %.4f, P %v, P⊥ %.4f\n", r.All.Median, r.Par.Median, r.Perp.Median)
	fmt.Printf("robust accuracy at ε = 0.05 within P⊥: %.2f\n", r.Perp.RobustAccuracy(0.05))
	// Output:
	// median flip: all 0.0707, P +Inf, P⊥ 0.0707
	// robust accuracy at ε = 0.05 within P⊥: 1.00
}
