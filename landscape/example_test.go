// Copyright ©2026 The relulab Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package landscape_test

import (
	"context"
	"fmt"
	"log"
	"math/rand/v2"

	"gonum.org/v1/gonum/mat"

	"github.com/relulab/relulab/landscape"
	"github.com/relulab/relulab/linalg"
)

func ExampleLoss() {
	V := mat.NewDense(2, 2, []float64{1, 0, 0, 1})
	W := mat.NewDense(2, 2, []float64{1, 0, 0, 1})
	fmt.Printf("F(V) = %.3f\n", landscape.Loss(W, V))
	W.Set(1, 1, 0.5)                                  // shrink one neuron
	fmt.Printf("F    = %.6f\n", landscape.Loss(W, V)) // ½·E[relu(x₂)²]·(½)² = 1/16
	// Output:
	// F(V) = 0.000
	// F    = 0.062500
}

func ExampleGradient() {
	V := mat.NewDense(2, 2, []float64{1, 0, 0, 1})
	W := mat.NewDense(2, 2, []float64{1, 0, 0, 0.5})
	var g mat.Dense
	landscape.Gradient(&g, W, V) // w₁ = v₁, but w₂ = ½v₂ also pulls on w₁
	fmt.Printf("∇F =\n%.4f\n", mat.Formatted(&g))
	// Output:
	// ∇F =
	// ⎡-0.0796  -0.1250⎤
	// ⎣ 0.0000  -0.2500⎦
}

func ExampleLossGrad() {
	// F and ∇F share the pairwise angles: one call computes both.
	V := mat.NewDense(2, 2, []float64{1, 0, 0, 1})
	W := mat.NewDense(2, 2, []float64{1, 0, 0, 0.5})
	var g mat.Dense
	f := landscape.LossGrad(&g, W, V)
	fmt.Printf("F = %.6f\n∇F =\n%.4f\n", f, mat.Formatted(&g))
	// Output:
	// F = 0.062500
	// ∇F =
	// ⎡-0.0796  -0.1250⎤
	// ⎣ 0.0000  -0.2500⎦
}

func ExampleWorkspace_LossGrad() {
	// A Workspace evaluates one Problem at many points without allocating:
	// here a few plain gradient steps from a perturbed global minimum.
	p, err := landscape.NewProblem(mat.NewDense(2, 2, []float64{1, 0, 0, 1}), nil, nil)
	if err != nil {
		log.Fatal(err)
	}
	ws := landscape.NewWorkspace(p, 2)
	W := mat.NewDense(2, 2, []float64{1.2, 0.1, -0.1, 0.7})
	var g mat.Dense
	for it := 0; it <= 40; it++ {
		f, err := ws.LossGrad(&g, W)
		if err != nil {
			log.Fatal(err)
		}
		if it%10 == 0 {
			fmt.Printf("step %2d: F = %.2e\n", it, f)
		}
		W.Sub(W, &g) // step η = 1
	}
	// Output:
	// step  0: F = 1.38e-02
	// step 10: F = 9.52e-04
	// step 20: F = 1.59e-04
	// step 30: F = 2.48e-05
	// step 40: F = 3.76e-06
}

func ExampleHessian() {
	// The global minimum W = V = I₃: λ_min = 1/4 − 1/(2π) (Safran–Shamir).
	d := 3
	I := mat.NewDiagDense(d, []float64{1, 1, 1})
	var h mat.SymDense
	landscape.Hessian(&h, I, I)
	sp, err := linalg.SpectrumOf(&h, linalg.Tolerance{})
	if err != nil {
		log.Fatal(err)
	}
	for _, e := range sp.Distinct {
		fmt.Printf("%.6f ×%d\n", e.Value, e.Mult)
	}
	// Output:
	// 0.090845 ×3
	// 0.331099 ×2
	// 0.507273 ×1
	// 0.918901 ×2
	// 1.220192 ×1
}

func ExampleNewProblem() {
	// Output weights α for the student and β for the teacher.
	V := mat.NewDense(2, 3, []float64{1, 0, 0, 0, 1, 0})
	p, err := landscape.NewProblem(V, []float64{2}, []float64{1, 1})
	if err != nil {
		log.Fatal(err)
	}
	W := mat.NewDense(1, 3, []float64{0.5, 0.5, 0})
	ws := landscape.NewWorkspace(p, 1) // reuse in loops: no allocation
	var g mat.Dense
	f, err := ws.LossGrad(&g, W)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("F = %.6f, ∇F = %.6f\n", f, mat.Formatted(&g))
	// A zero neuron is an error, not a NaN.
	_, err = p.Loss(mat.NewDense(1, 3, nil))
	fmt.Println(err)
	// Output:
	// F = 0.090845, ∇F = [-0.068310  -0.068310   0.000000]
	// landscape: neuron 0 (row 0 of W) is zero: F is not differentiable there
}

func ExamplePolish() {
	// Newton polishing of Safran–Shamir's d = 7 spurious minimum from its
	// published 10 digits, then its classification.
	p, err := landscape.NewProblem(eye(7), nil, nil)
	if err != nil {
		log.Fatal(err)
	}
	res, err := landscape.Polish(context.Background(), p, spurious7(), nil)
	if err != nil {
		log.Fatal(err)
	}
	c, err := landscape.Classify(p, res.W, nil)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("F = %.12f after %d Newton steps (‖∇F‖ < 1e-13: %v)\n", res.Loss, res.Iterations, res.GradNorm < 1e-13)
	fmt.Printf("%v, λ_min = %.10f, type %s\n", c.Verdict, c.MinEig, landscape.IsotropyOf(res.W, 0).Type())
	// Output:
	// F = 0.023202714914 after 1 Newton steps (‖∇F‖ < 1e-13: true)
	// spurious minimum, λ_min = 0.0140590132, type (6,1)
}

func ExampleSafranRun() {
	// One seeded run of Safran and Shamir's experiment: teacher I₆, student
	// width 6, GD with step 5/6 from N(0, 1/6) entries, Newton polishing,
	// classification and isotropy type.
	rng := rand.New(rand.NewPCG(1, 0))
	r, err := landscape.SafranRun(context.Background(), 6, 6, rng, nil)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%d GD steps, polished: %v, %v, type %s\n", r.GD.Iterations, r.Polished, r.Class.Verdict, r.Type)
	// Output:
	// 572 GD steps, polished: true, global minimum, type (6)
}

func ExampleOrbits() {
	// Two permuted copies of W = I₃ and one other point form two orbits.
	a := mat.NewDense(3, 3, []float64{1, 0, 0, 0, 1, 0, 0, 0, 1})
	b := mat.NewDense(3, 3, []float64{0, 0, 1, 1, 0, 0, 0, 1, 0})
	c := mat.NewDense(3, 3, []float64{1, 0.1, 0.1, 0.1, 1, 0.1, 0.5, 0.5, 0.5})
	for _, o := range landscape.Orbits([]mat.Matrix{a, b, c}, 0) {
		fmt.Printf("type %s: %d points %v\n", o.Type, o.Count(), o.Members)
	}
	// Output:
	// type (3): 2 points [0 1]
	// type (2,1): 1 points [2]
}

func ExampleGradientDescent() {
	// Safran–Shamir's protocol from a seeded start: teacher I₄, step 5/k,
	// stop at ‖∇F‖_F ≤ 1e-10.
	k := 4
	p, err := landscape.NewProblem(eye(k), nil, nil)
	if err != nil {
		log.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(3, 0))
	W0 := randn(k, k, 0.5, rng) // N(0, 1/k) entries
	res, err := landscape.GradientDescent(context.Background(), p, W0, nil)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("stopped by %v after %d steps, ‖∇F‖ ≤ 1e-10: %v, F < 1e-18: %v\n",
		res.Stop, res.Iterations, res.GradNorm <= 1e-10, res.Loss < 1e-18)
	// Output:
	// stopped by gradient tolerance after 243 steps, ‖∇F‖ ≤ 1e-10: true, F < 1e-18: true
}

func ExampleHessVec() {
	// H·x without forming H agrees with the dense Hessian.
	rng := rand.New(rand.NewPCG(5, 0))
	W, V := randn(3, 4, 1, rng), randn(2, 4, 1, rng)
	x := randVec(12, rng)
	y := make([]float64, 12)
	landscape.HessVec(y, W, V, x)
	var h mat.SymDense
	landscape.Hessian(&h, W, V)
	var hx mat.VecDense
	hx.MulVec(&h, mat.NewVecDense(12, x))
	var diff mat.VecDense
	diff.SubVec(&hx, mat.NewVecDense(12, y))
	fmt.Printf("‖Hx − HessVec‖ < 1e-14: %v\n", mat.Norm(&diff, 2) < 1e-14)
	// Output:
	// ‖Hx − HessVec‖ < 1e-14: true
}

func ExampleClassify() {
	// A critical point of the 3-neuron problem built by splitting neuron 0
	// of the global minimum I₂ into halves: F = 0, so a global minimum; the
	// Hessian vanishes on the d = 2 directions (δ, 0, −δ) that move the
	// halves apart.
	p, err := landscape.NewProblem(eye(2), nil, nil)
	if err != nil {
		log.Fatal(err)
	}
	W := mat.NewDense(3, 2, []float64{0.5, 0, 0, 1, 0.5, 0})
	c, err := landscape.Classify(p, W, nil)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%v, index %d, zero eigenvalues %d\n", c.Verdict, c.Inertia.Neg, c.Inertia.Zero)
	// Output:
	// global minimum, index 0, zero eigenvalues 2
}

func ExampleIsotropyOf() {
	iso := landscape.IsotropyOf(spurious7(), 0)
	fmt.Println(iso.Type(), iso.NeuronOrbits, iso.CoordOrbits)
	// Output:
	// (6,1) [[1 2 3 4 5 6] [0]] [[1 2 3 4 5 6] [0]]
}

func ExampleCanonical() {
	// Permuting neurons and coordinates does not change the canonical form.
	W := mat.NewDense(2, 3, []float64{1, 0.2, 0.3, 0.1, 0.9, 0})
	P := mat.NewDense(2, 3, []float64{0, 0.9, 0.1, 0.3, 0.2, 1})
	cw, _, _ := landscape.Canonical(W, 0)
	cp, _, _ := landscape.Canonical(P, 0)
	fmt.Println(mat.Equal(cw, cp))
	fmt.Printf("%v\n", mat.Formatted(cw))
	// Output:
	// true
	// ⎡  1  0.3  0.2⎤
	// ⎣0.1    0  0.9⎦
}
