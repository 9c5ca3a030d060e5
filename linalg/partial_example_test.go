// Copyright ©2026 The relulab Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package linalg_test

import (
	"fmt"
	"log"

	"gonum.org/v1/gonum/mat"

	"github.com/relulab/relulab/linalg"
)

// The Hessian of f(x, y, z) = x² − y² + 0·z² at the origin is a saddle's:
// one negative, one zero and one positive eigenvalue, in a rotated basis.
func ExampleInertiaOf() {
	h := mat.NewSymDense(3, []float64{
		0, 2, 0,
		2, 0, 0,
		0, 0, 0,
	})
	in, err := linalg.InertiaOf(h, 1e-12)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("index %d, nullity %d, positive %d\n", in.Neg, in.Zero, in.Pos)
	// Output:
	// index 1, nullity 1, positive 1
}

// The two smallest eigenvalues of the 1-2-1 matrix of order 100 are
// 2 − 2cos(kπ/101), k = 1, 2.
func ExampleSmallestEigenvalues() {
	const n = 100
	a := mat.NewSymDense(n, nil)
	for i := range n {
		a.SetSym(i, i, 2)
		if i+1 < n {
			a.SetSym(i, i+1, -1)
		}
	}
	lam, err := linalg.SmallestEigenvalues(a, 2)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("λ₁ = %.8f, λ₂ = %.8f\n", lam[0], lam[1])
	// Output:
	// λ₁ = 0.00096744, λ₂ = 0.00386881
}

// Classifying a critical point: the Hessian of f(x, y) = x² − 3y² + xy
// [2 1; 1 −6] has eigenvalues −2 ± √17: one negative direction, along
// which λ_min = −2 − √17 says how steeply f falls. CountBelow certifies that no
// eigenvalue lies below λ_min − 1e-9.
func ExampleMinEigenInertia() {
	h := mat.NewSymDense(2, []float64{
		2, 1,
		1, -6,
	})
	lmin, in, err := linalg.MinEigenInertia(h, 1e-12)
	if err != nil {
		log.Fatal(err)
	}
	below, err := linalg.CountBelow(h, lmin-1e-9)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("λ_min = %.6f, index %d, nullity %d, positive %d; %d below λ_min − 1e-9\n", lmin, in.Neg, in.Zero, in.Pos, below)
	// Output:
	// λ_min = -6.123106, index 1, nullity 0, positive 1; 0 below λ_min − 1e-9
}
