// Copyright ©2026 The relulab Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package linalg_test

import (
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/mat"
)

// eps is the float64 machine epsilon.
const eps = 0x1p-52

// randSym returns (B + Bᵀ)/2 with B n×n of i.i.d. N(0,1) entries.
func randSym(rng *rand.Rand, n int) *mat.SymDense {
	a := mat.NewSymDense(n, nil)
	for i := range n {
		for j := i; j < n; j++ {
			b, c := rng.NormFloat64(), rng.NormFloat64()
			if i == j {
				c = b
			}
			a.SetSym(i, j, (b+c)/2)
		}
	}
	return a
}

// randOrth returns a random n×n orthogonal matrix: the Q factor of a
// Gaussian matrix.
func randOrth(rng *rand.Rand, n int) *mat.Dense {
	g := mat.NewDense(n, n, nil)
	for i := range n {
		for j := range n {
			g.Set(i, j, rng.NormFloat64())
		}
	}
	var qr mat.QR
	qr.Factorize(g)
	var q mat.Dense
	qr.QTo(&q)
	return &q
}

// withSpectrum returns Q diag(lambda) Qᵀ for a random orthogonal Q; its
// eigenvalues are lambda up to about n·ε·max|λ|.
func withSpectrum(rng *rand.Rand, lambda []float64) *mat.SymDense {
	n := len(lambda)
	q := randOrth(rng, n)
	var qd mat.Dense
	qd.Mul(q, mat.NewDiagDense(n, lambda))
	a := mat.NewSymDense(n, nil)
	for i := range n {
		for j := i; j < n; j++ {
			var s float64
			for k := range n {
				s += qd.At(i, k) * q.At(j, k)
			}
			a.SetSym(i, j, s)
		}
	}
	return a
}

// normSym returns max |λ| via gonum, for tolerances.
func normSym(a mat.Symmetric) float64 {
	var e mat.EigenSym
	if !e.Factorize(a, false) {
		panic("gonum EigenSym failed")
	}
	v := e.Values(nil)
	return math.Max(math.Abs(v[0]), math.Abs(v[len(v)-1]))
}

// globalMinHessian returns the Hessian of the teacher–student loss at the
// global minimum W = V = I_d (REFERENCE.md §1): H_ii = ½I,
// H_ij = ¼I + (e_ie_jᵀ + e_je_iᵀ)/(2π), with d×d blocks, row-major
// parameters.
func globalMinHessian(d int) *mat.SymDense {
	h := mat.NewSymDense(d*d, nil)
	for i := range d {
		for j := range d {
			for p := range d {
				for q := range d {
					r, c := i*d+p, j*d+q
					if r > c {
						continue
					}
					var v float64
					if i == j {
						if p == q {
							v = 0.5
						}
					} else {
						if p == q {
							v = 0.25
						}
						if (p == i && q == j) || (p == j && q == i) {
							v += 1 / (2 * math.Pi)
						}
					}
					h.SetSym(r, c, v)
				}
			}
		}
	}
	return h
}
