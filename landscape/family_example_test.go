// Copyright ©2026 The relulab Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package landscape_test

import (
	"context"
	"fmt"
	"log"

	"gonum.org/v1/gonum/mat"

	"github.com/relulab/relulab/landscape"
)

// The fixed-point subspace of Δ(S₉×S₁) at d = 10: five unknowns instead of
// 100. The multi-start search finds its critical points, each a critical
// point of the full problem, with the Hessian spectrum from the isotypic
// components (index = number of negative eigenvalues of the 100×100
// Hessian).
func ExampleFixedSpace() {
	fs := landscape.NewFixedSpace(9, 1)
	fmt.Println("d =", fs.D(), "coordinates", fs.CoordNames())
	// Pure Newton from random starts (GDIters < 0) finds saddles too.
	pts, err := fs.FindCritical(context.Background(), 20, 1, &landscape.FamilySettings{GDIters: -1})
	if err != nil {
		log.Fatal(err)
	}
	for _, p := range pts {
		if p.Loss > 1 {
			// Far from the teacher: points whose nine neurons coincide,
			// on a continuum of critical points (degenerate Hessian).
			continue
		}
		fmt.Printf("F = %.8f  ‖∇F‖ < 1e-12: %v  λ_min = %+.6f  index %.0f\n",
			p.Loss, p.GradNorm < 1e-12, p.Spectrum.Min(), p.Spectrum.Index(1e-9))
	}
	// Output:
	// d = 10 coordinates [D1 E1 C12 D2 C21]
	// F = 0.00000000  ‖∇F‖ < 1e-12: true  λ_min = +0.090845  index 0
	// F = 0.01870219  ‖∇F‖ < 1e-12: true  λ_min = +0.031964  index 0
	// F = 0.05446373  ‖∇F‖ < 1e-12: true  λ_min = -1.018974  index 1
	// F = 0.07205671  ‖∇F‖ < 1e-12: true  λ_min = +0.014881  index 0
	// F = 0.07663666  ‖∇F‖ < 1e-12: true  λ_min = +0.017488  index 0
	// F = 0.12020865  ‖∇F‖ < 1e-12: true  λ_min = -0.189913  index 9
	// F = 0.12792387  ‖∇F‖ < 1e-12: true  λ_min = -4.241579  index 9
}

// The Δ(S_{d−1}×S₁) family of spurious minima: Safran–Shamir's d = 7 point,
// polished on its 5-dimensional fixed-point subspace, followed to d = 1000,
// with the symmetry-reduced Hessian spectrum there (10⁶ eigenvalues from
// a handful of small matrices).
func ExampleFamily_Continue() {
	f := landscape.Family{Tail: []int{1}}
	fs := f.Space(7)
	fmt.Println(f.Name(), fs.CoordNames())
	u, _, err := fs.Newton([]float64{1, -0.035, 0.26, -0.63, 0.19}, nil)
	if err != nil {
		log.Fatal(err)
	}
	pts, err := f.Continue(context.Background(), 7, u, 1000, nil)
	if err != nil {
		log.Fatal(err)
	}
	p7, p1000 := pts[0], pts[len(pts)-1]
	fmt.Printf("d = 7:    F = %.10f, λ_min = %.8f\n", p7.Loss, p7.Spectrum.Min())
	fmt.Printf("d = 1000: F = %.4e, λ_min = %.6f, %d distinct eigenvalues\n",
		p1000.Loss, p1000.Spectrum.Min(), len(p1000.Spectrum.Distinct(1e-9)))
	// Output:
	// S(d-1)xS1 [D1 E1 C12 D2 C21]
	// d = 7:    F = 0.0232027149, λ_min = 0.01405901
	// d = 1000: F = 2.9255e-04, λ_min = 0.087377, 12 distinct eigenvalues
}

// Splitting a neuron of the d = 7 spurious minimum (k = 7 → 8) keeps the
// loss and criticality, and turns the minimum into a saddle with a
// certificate: a 14×14 principal submatrix of the Hessian with a negative
// eigenvalue.
func ExampleAnnihilate() {
	f := landscape.Family{Tail: []int{1}}
	fs := f.Space(7)
	u, _, err := fs.Newton([]float64{1, -0.035, 0.26, -0.63, 0.19}, nil)
	if err != nil {
		log.Fatal(err)
	}
	W := fs.Matrix(u)
	V := mat.NewDiagDense(7, []float64{1, 1, 1, 1, 1, 1, 1})
	an, err := landscape.Annihilate(context.Background(), W, V, 1, &landscape.AnnihilationSettings{MaxIter: 20000})
	if err != nil {
		log.Fatal(err)
	}
	c := an.Certificate
	fmt.Printf("k = 8: F = %.10f, index %d, λ_min(B) = %.4f (%d×%d), interlacing %v\n",
		an.Class.Loss, an.Class.Inertia.Neg, c.Value, len(c.Index), len(c.Index), c.Interlace.OK)
	fmt.Println("descent lands at:", an.Lands)
	// Output:
	// k = 8: F = 0.0232027149, index 6, λ_min(B) = -0.2167 (14×14), interlacing true
	// descent lands at: global minimum
}

// The Hessian spectrum of the global minimum W = I at d = 1000 (10⁶
// eigenvalues) from its isotypic components under ΔS_d.
func ExampleFixedSpace_Spectrum() {
	fs := landscape.NewFixedSpace(1000) // ΔS_d: W = D·I + E·(11ᵀ − I)
	sp, err := fs.Spectrum(fs.Coords0())
	if err != nil {
		log.Fatal(err)
	}
	for _, c := range sp.Components {
		fmt.Printf("%-4s dim %6.0f: %.6f\n", c.Irrep, c.Dim, c.Values)
	}
	// Output:
	// 1    dim      1: [158.812267 250.842676]
	// S_1  dim    999: [0.090845 0.250217 250.249783]
	// Y_1  dim 498501: [0.090845]
	// X_1  dim 498500: [0.409155]
}

// Splitting a neuron of the Δ(S_{d−1}×S₁) spurious minimum at d = 1000
// (k = 1000 → 1001): the split curvature of each block, computed on the
// fixed-point subspace, is negative, so splitting any neuron gives a
// saddle.
func ExampleFixedSpace_HalfCurvatures() {
	f := landscape.Family{Tail: []int{1}}
	u7, _, err := f.Space(7).Newton([]float64{1, -0.035, 0.26, -0.63, 0.19}, nil)
	if err != nil {
		log.Fatal(err)
	}
	pts, err := f.Continue(context.Background(), 7, u7, 1000, &landscape.FamilySettings{IntegersUpTo: -1})
	if err != nil {
		log.Fatal(err)
	}
	p := pts[len(pts)-1]
	hcs, err := p.Space.HalfCurvatures(p.U)
	if err != nil {
		log.Fatal(err)
	}
	for _, h := range hcs {
		fmt.Printf("block %d: 2λ_min(H_ii − ½I) = %.5f\n", h.Block+1, 2*h.Value)
	}
	// Output:
	// block 1: 2λ_min(H_ii − ½I) = -0.00845
	// block 2: 2λ_min(H_ii − ½I) = -0.02394
}
