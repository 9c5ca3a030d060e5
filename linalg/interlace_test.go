// Copyright ©2026 The relulab Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package linalg_test

import (
	"errors"
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/mat"

	"github.com/relulab/relulab/linalg"
)

// TestInterlaceRandom checks interlacing on random principal submatrices of
// random and structured matrices.
func TestInterlaceRandom(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 5))
	mats := []*mat.SymDense{
		randSym(rng, 1), randSym(rng, 7), randSym(rng, 30),
		withSpectrum(rng, []float64{-1, -1, -1, 2, 2, 5, 5, 5, 5, 9}),
	}
	for _, a := range mats {
		n := a.SymmetricDim()
		eA, _ := linalg.EigenSym(a, false)
		for trial := range 20 {
			m := 1 + rng.IntN(n)
			idx := rng.Perm(n)[:m]
			r, err := linalg.Interlace(a, idx, 0)
			if err != nil {
				t.Fatal(err)
			}
			if !r.OK || len(r.Violations) != 0 {
				t.Errorf("n=%d trial %d idx %v: violations %v, lower %v, upper %v (tol %g)", n, trial, idx, r.Violations, r.Lower, r.Upper, r.Tol)
			}
			if len(r.A) != n || len(r.B) != m || len(r.Lower) != m || len(r.Upper) != m {
				t.Fatalf("n=%d m=%d: bad lengths", n, m)
			}
			if !floats.Equal(r.A, eA.Values) {
				t.Errorf("n=%d: A spectrum differs from EigenSym", n)
			}
			var b mat.SymDense
			b.SubsetSym(a, idx)
			eB, _ := linalg.EigenSym(&b, false)
			if !floats.Equal(r.B, eB.Values) {
				t.Errorf("n=%d: B spectrum differs from EigenSym", n)
			}
			for i := range m {
				if r.Lower[i] != r.B[i]-r.A[i] || r.Upper[i] != r.A[i+n-m]-r.B[i] {
					t.Errorf("n=%d m=%d: margins %d wrong", n, m, i)
				}
			}
		}
	}
}

// TestInterlaceEquality checks cases where interlacing holds with equality,
// so rounding makes some margins slightly negative: the default tolerance
// must absorb them.
func TestInterlaceEquality(t *testing.T) {
	rng := rand.New(rand.NewPCG(6, 6))

	// Block diagonal: B = the first block, whose eigenvalues are
	// eigenvalues of A.
	a1, a2 := randSym(rng, 4), randSym(rng, 5)
	a := mat.NewSymDense(9, nil)
	for i := range 4 {
		for j := i; j < 4; j++ {
			a.SetSym(i, j, a1.At(i, j))
		}
	}
	for i := range 5 {
		for j := i; j < 5; j++ {
			a.SetSym(4+i, 4+j, a2.At(i, j))
		}
	}
	r, err := linalg.Interlace(a, []int{3, 1, 0, 2}, 0)
	if err != nil {
		t.Fatal(err)
	}
	if !r.OK {
		t.Errorf("block diagonal: violations %v, lower %v, upper %v", r.Violations, r.Lower, r.Upper)
	}
	// Each eigenvalue of B equals some eigenvalue of A.
	for _, mu := range r.B {
		best := math.Inf(1)
		for _, l := range r.A {
			best = math.Min(best, math.Abs(l-mu))
		}
		if best > r.Tol {
			t.Errorf("block diagonal: λ(B) = %v is not an eigenvalue of A (distance %g)", mu, best)
		}
	}

	// A multiple eigenvalue of multiplicity 4 at the bottom of a 10×10
	// matrix: for m ≥ n − 4 + 1 = 7 interlacing forces λ₁(B) = λ₁(A), so
	// both margins of i = 0 are zero up to rounding.
	lambda := []float64{-2, -2, -2, -2, 0.5, 1, 3, 4, 6, 8}
	a = withSpectrum(rng, lambda)
	for _, m := range []int{7, 8, 9, 10} {
		idx := rng.Perm(10)[:m]
		r, err := linalg.Interlace(a, idx, 0)
		if err != nil {
			t.Fatal(err)
		}
		if !r.OK {
			t.Errorf("m=%d: violations %v, lower %v, upper %v", m, r.Violations, r.Lower, r.Upper)
		}
		// Margins are ≥ 0 in exact arithmetic; here both are exactly 0,
		// so they must be within the tolerance of 0.
		if math.Abs(r.Lower[0]) > r.Tol || math.Abs(r.Upper[0]) > r.Tol {
			t.Errorf("m=%d: equality margins %g, %g exceed %g", m, r.Lower[0], r.Upper[0], r.Tol)
		}
	}

	// m = n: B is a permutation similarity of A, all margins are 0.
	r, err = linalg.Interlace(a, rng.Perm(10), 0)
	if err != nil {
		t.Fatal(err)
	}
	for i := range 10 {
		if math.Abs(r.Lower[i]) > r.Tol || math.Abs(r.Upper[i]) > r.Tol {
			t.Errorf("m=n: margins %g, %g exceed %g", r.Lower[i], r.Upper[i], r.Tol)
		}
	}
}

func TestInterlaceErrors(t *testing.T) {
	a := randSym(rand.New(rand.NewPCG(7, 7)), 4)
	a.SetSym(1, 3, math.NaN())
	_, err := linalg.Interlace(a, []int{0, 2}, 0)
	var nf *linalg.NotFiniteError
	if !errors.As(err, &nf) || nf.Row != 1 || nf.Col != 3 {
		t.Errorf("Interlace: got %v, want a NotFiniteError at (1, 3)", err)
	}
	_, _, err = linalg.DescentCertificate(a, []int{0, 2})
	if !errors.As(err, &nf) || nf.Row != 1 || nf.Col != 3 {
		t.Errorf("DescentCertificate: got %v, want a NotFiniteError at (1, 3)", err)
	}
	for _, idx := range [][]int{nil, {0, 0}, {4}, {-1}, {0, 1, 2, 3, 0}} {
		for name, f := range map[string]func(){
			"Interlace":          func() { linalg.Interlace(a, idx, 0) },
			"DescentCertificate": func() { linalg.DescentCertificate(a, idx) },
		} {
			func() {
				defer func() {
					if recover() == nil {
						t.Errorf("%s(%v): no panic", name, idx)
					}
				}()
				f()
			}()
		}
	}
	func() {
		defer func() {
			if recover() == nil {
				t.Error("negative tolerance: no panic")
			}
		}()
		linalg.Interlace(randSym(rand.New(rand.NewPCG(7, 7)), 3), []int{0}, -1)
	}()
}

func TestDescentCertificate(t *testing.T) {
	// A 2×2 block [[1, 2], [2, 1]] has eigenvalues −1 and 3; the block's
	// eigenvector (1, −1)/√2 is a direction of curvature −1 in A.
	a := mat.NewSymDense(4, []float64{
		1, 2, 0.5, 0,
		2, 1, 0, 0.25,
		0.5, 0, 10, 0,
		0, 0.25, 0, 10,
	})
	cert, ok, err := linalg.DescentCertificate(a, []int{0, 1})
	if err != nil || !ok {
		t.Fatalf("got ok=%v err=%v", ok, err)
	}
	s := 1 / math.Sqrt2
	want := []float64{s, -s, 0, 0}
	// Eigenvalue and eigenvector of a 2×2 matrix: a few ulps.
	if math.Abs(cert.Value+1) > 8*eps || !floats.EqualApprox(cert.Direction, want, 8*eps) || math.Abs(cert.Curvature+1) > 8*eps {
		t.Errorf("got %+v, want value −1, direction %v", cert, want)
	}

	// Random matrices and index sets.
	rng := rand.New(rand.NewPCG(8, 8))
	for trial := range 30 {
		n := 2 + rng.IntN(20)
		a := randSym(rng, n)
		idx := rng.Perm(n)[:1+rng.IntN(n)]
		cert, ok, err := linalg.DescentCertificate(a, idx)
		if err != nil {
			t.Fatal(err)
		}
		var b mat.SymDense
		b.SubsetSym(a, idx)
		var ref mat.EigenSym
		ref.Factorize(&b, false)
		norm := normSym(a)
		// Eigenvalue and vᵀAv rounding: O(n·ε·‖A‖).
		tol := 64 * float64(n) * eps * norm
		if math.Abs(cert.Value-ref.Values(nil)[0]) > tol {
			t.Errorf("trial %d: Value %v, gonum λ_min(B) %v", trial, cert.Value, ref.Values(nil)[0])
		}
		if math.Abs(cert.Curvature-cert.Value) > tol {
			t.Errorf("trial %d: Curvature %v, Value %v", trial, cert.Curvature, cert.Value)
		}
		if math.Abs(floats.Norm(cert.Direction, 2)-1) > 8*float64(n)*eps {
			t.Errorf("trial %d: ‖v‖ = %v", trial, floats.Norm(cert.Direction, 2))
		}
		in := make([]bool, n)
		for _, k := range idx {
			in[k] = true
		}
		for k, v := range cert.Direction {
			if !in[k] && v != 0 {
				t.Errorf("trial %d: direction nonzero outside the index set", trial)
			}
		}
		// Interlacing: λ_min(A) ≤ λ_min(B).
		eA, _ := linalg.EigenSym(a, false)
		if cert.Value < eA.Values[0]-tol {
			t.Errorf("trial %d: λ_min(B) = %v < λ_min(A) = %v", trial, cert.Value, eA.Values[0])
		}
		if ok != (cert.Value < 0) {
			// Random Gaussian matrices are far from singular B.
			t.Errorf("trial %d: ok = %v with Value %v", trial, ok, cert.Value)
		}
	}

	// Positive definite A: no certificate, but the value is reported.
	pd := withSpectrum(rng, []float64{1, 2, 3, 4, 5})
	cert, ok, err = linalg.DescentCertificate(pd, []int{0, 2, 4})
	if err != nil || ok || cert == nil || cert.Value < 1-1e-14 {
		t.Errorf("positive definite: got %+v, %v, %v", cert, ok, err)
	}
	// A singular B (zero eigenvalue computed as ±rounding): not a proof.
	z := mat.NewSymDense(3, []float64{1, 1, 0, 1, 1, 0, 0, 0, 5})
	if cert, ok, _ := linalg.DescentCertificate(z, []int{0, 1}); ok {
		t.Errorf("singular B: certificate accepted with Value %v", cert.Value)
	}
}
