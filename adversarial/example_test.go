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

func ExampleFGM() {
	net := kinked()
	// At x = (0.25, 0), f = 1 − x₁ and the logistic loss of label +1
	// grows along −∇f = e₁: one step of length ε = 0.5 reaches x₁ = 0.75,
	// past the boundary at 0.625.
	X := mat.NewDense(1, 2, []float64{0.25, 0})
	adv, err := adversarial.FGM(nil, net, X, []float64{1}, 0.5, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("x′ = (%.2f, %.2f), f(x′) = %.2f\n", adv.At(0, 0), adv.At(0, 1), net.Forward(nil, adv)[0])
	// Output:
	// x′ = (0.75, 0.00), f(x′) = -0.50
}

func ExampleRay() {
	net := kinked()
	// From x₁ = 0.25 the ray along −y∇f = e₁ crosses the kink at 0.5
	// (where DeepFool's first, linear step would stop short at 1) and
	// flips the sign at 0.625: t = 0.375, and the point is moved 2%
	// further.
	X := mat.NewDense(1, 2, []float64{0.25, 0})
	adv, t, err := (&adversarial.Ray{}).Attack(nil, net, X, []float64{1})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("t = %.4f, x′₁ = %.4f, f(x′) = %.4f\n", t[0], adv.At(0, 0), net.Forward(nil, adv)[0])
	// Output:
	// t = 0.3750, x′₁ = 0.6325, f(x′) = -0.0300
}

func ExampleCarliniWagner() {
	net := kinked()
	// x₁ = 0.55 is 0.075 from the boundary; CW's penalized search gets
	// within a few percent of that distance.
	X := mat.NewDense(1, 2, []float64{0.55, 0})
	cw := &adversarial.CarliniWagner{Steps: 200, BinarySteps: 10, LearningRate: 0.005}
	adv, dist, err := cw.Attack(nil, net, X, []float64{1})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("‖δ‖ ≈ %.2f, flipped: %v\n", dist[0], net.Forward(nil, adv)[0] < 0)
	// Output:
	// ‖δ‖ ≈ 0.08, flipped: true
}

func ExampleUniversal() {
	// Points on the line P = span{(1, 1)} and a network that reads only
	// x₁ − x₂ (which is 0 on P) plus a margin of 0.1: one shared shift
	// within P⊥ of norm 0.2 flips all of them, since it moves x₁ − x₂ by
	// up to 0.2·√2.
	X, _ := datasets.Diagonal()
	y := make([]float64, 7)
	for i := range y {
		y[i] = 1
	}
	net := &relu.Net{W: mat.NewDense(2, 2, []float64{1, -1, -1, 1}), B: []float64{0.1, -0.1}, A: []float64{1, -1}, Scale: 1}
	s := datasets.DiagonalSubspace()
	u := &adversarial.Universal{Eps: 0.2, Alpha: 0.05, Steps: 10, Restrict: adversarial.Onto(s.Complement)}
	v, fooled, err := u.Perturbation(net, X, y)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("v = (%.4f, %.4f), fooled %.0f%%\n", v[0], v[1], 100*fooled)
	// Output:
	// v = (-0.1414, 0.1414), fooled 100%
}

func ExampleWorkspace_InputGrad() {
	net := kinked()
	// Two points on either side of the kink at x₁ = 0.5: ∇f = (−1, 0) and
	// (−4, 0). A Workspace reused for batches of one size allocates no
	// buffers after the first pass.
	X := mat.NewDense(2, 2, []float64{0.25, 0, 0.75, 0})
	var w adversarial.Workspace
	G, f, err := w.InputGrad(nil, nil, net, X)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("f:", f, "∇f:", G.RawRowView(0), G.RawRowView(1))
	X.Set(0, 0, math.NaN())
	_, _, err = w.InputGrad(G, f, net, X)
	fmt.Println(err)
	// Output:
	// f: [0.75 -0.5] ∇f: [-1 0] [-4 0]
	// adversarial: non-finite value: f(x_0) = NaN (NaN or ±Inf in the batch or the network, or overflow)
}
