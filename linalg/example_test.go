// Copyright ©2026 The relulab Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package linalg_test

import (
	"fmt"
	"log"
	"math"

	"gonum.org/v1/gonum/mat"

	"github.com/relulab/relulab/linalg"
)

func ExampleEigenSym() {
	a := mat.NewSymDense(2, []float64{
		2, 1,
		1, 3,
	})
	e, err := linalg.EigenSym(a, true)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("values = %.4f\n", e.Values)
	fmt.Printf("vectors = %.4f\n", mat.Formatted(e.Vectors, mat.Prefix("          ")))

	// Bad data is an error that says where.
	a.SetSym(0, 1, math.NaN())
	_, err = linalg.EigenSym(a, false)
	fmt.Println(err)

	// Output:
	// values = [1.3820 3.6180]
	// vectors = ⎡ 0.8507   0.5257⎤
	//           ⎣-0.5257   0.8507⎦
	// linalg: not finite: matrix entry (0, 1) is NaN
}

func ExampleSpectrumOf() {
	// A = 3I − 𝟙𝟙ᵀ (4×4) has eigenvalues −1 (on 𝟙) and 3 (three times).
	a := mat.NewSymDense(4, nil)
	for i := range 4 {
		for j := i; j < 4; j++ {
			a.SetSym(i, j, -1)
		}
		a.SetSym(i, i, 2)
	}
	s, err := linalg.SpectrumOf(a, linalg.Tolerance{}) // default: Rel 1e-8
	if err != nil {
		log.Fatal(err)
	}
	for _, d := range s.Distinct {
		fmt.Printf("λ = %5.2f  multiplicity %d\n", d.Value, d.Mult)
	}
	fmt.Printf("inertia %+v\n", s.Inertia())
	v, index := s.Verdict()
	fmt.Printf("%v of index %d\n", v, index)

	// Output:
	// λ = -1.00  multiplicity 1
	// λ =  3.00  multiplicity 3
	// inertia {Neg:1 Zero:0 Pos:3}
	// strict saddle of index 1
}

func ExampleInterlace() {
	// The 4×4 path Laplacian and its leading 2×2 principal submatrix.
	a := mat.NewSymDense(4, []float64{
		2, -1, 0, 0,
		-1, 2, -1, 0,
		0, -1, 2, -1,
		0, 0, -1, 2,
	})
	r, err := linalg.Interlace(a, []int{0, 1}, 0)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("λ(A) = %.4f\n", r.A)
	fmt.Printf("λ(B) = %.4f\n", r.B)
	fmt.Printf("λᵢ(B) − λᵢ(A)     = %.4f\n", r.Lower)
	fmt.Printf("λᵢ₊₂(A) − λᵢ(B)   = %.4f\n", r.Upper)
	fmt.Println("interlaced:", r.OK)

	// Output:
	// λ(A) = [0.3820 1.3820 2.6180 3.6180]
	// λ(B) = [1.0000 3.0000]
	// λᵢ(B) − λᵢ(A)     = [0.6180 1.6180]
	// λᵢ₊₂(A) − λᵢ(B)   = [1.6180 0.6180]
	// interlaced: true
}

func ExampleDescentCertificate() {
	// A has a positive diagonal, but its principal submatrix on {0, 1},
	// [[1 2] [2 2]], is indefinite: A is not positive semidefinite.
	a := mat.NewSymDense(3, []float64{
		1, 2, 0.5,
		2, 2, 0,
		0.5, 0, 4,
	})
	cert, ok, err := linalg.DescentCertificate(a, []int{0, 1})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("certificate:", ok)
	fmt.Printf("λ_min(B) = %.4f\n", cert.Value)
	fmt.Printf("v        = %.4f\n", cert.Direction)
	fmt.Printf("vᵀAv     = %.4f\n", cert.Curvature)

	// Output:
	// certificate: true
	// λ_min(B) = -0.5616
	// v        = [0.7882 -0.6154 0.0000]
	// vᵀAv     = -0.5616
}

func ExampleLanczos() {
	// The path Laplacian on n = 100 vertices as an operator only:
	// (Ax)ᵢ = 2xᵢ − xᵢ₋₁ − xᵢ₊₁. Its eigenvalues are 2 − 2cos(jπ/(n+1)).
	const n = 100
	op := func(dst, x []float64) {
		for i := range x {
			dst[i] = 2 * x[i]
			if i > 0 {
				dst[i] -= x[i-1]
			}
			if i+1 < n {
				dst[i] -= x[i+1]
			}
		}
	}
	res, err := linalg.Lanczos(n, op, 3, linalg.Smallest, &linalg.LanczosSettings{Seed: 1})
	if err != nil {
		log.Fatal(err)
	}
	for j, v := range res.Values {
		exact := 2 - 2*math.Cos(float64(j+1)*math.Pi/(n+1))
		fmt.Printf("θ = %.8f  exact %.8f\n", v, exact)
	}
	fmt.Println("converged:", res.Converged)

	// Output:
	// θ = 0.00096744  exact 0.00096744
	// θ = 0.00386881  exact 0.00386881
	// θ = 0.00870130  exact 0.00870130
	// converged: true
}
