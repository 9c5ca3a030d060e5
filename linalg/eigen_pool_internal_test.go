// Copyright ©2026 The relulab Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package linalg

import (
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/mat"
)

// TestEigenSymPoisonedWork checks that EigenSym never reads the part of a
// recycled working copy it has not written: with NaN in every entry of the
// pooled slices, values and vectors (below and above dcMin, with both
// backends) have the bits of a call on a fresh slice.
func TestEigenSymPoisonedWork(t *testing.T) {
	for _, n := range []int{30, 65, 200} { // below and above dcMin = 48 (pure Go)
		rnd := rand.New(rand.NewPCG(uint64(n), 9))
		a := mat.NewSymDense(n, nil)
		for i := range n {
			for j := i; j < n; j++ {
				a.SetSym(i, j, rnd.NormFloat64())
			}
		}
		for _, vectors := range []bool{false, true} {
			want, err := EigenSym(a, vectors)
			if err != nil {
				t.Fatal(err)
			}
			for range 3 {
				p := make([]float64, n*n)
				for i := range p {
					p[i] = math.NaN()
				}
				putWork(p)
				got, err := EigenSym(a, vectors)
				if err != nil {
					t.Fatalf("n = %d, vectors %v: %v", n, vectors, err)
				}
				if !floats.Same(got.Values, want.Values) || (vectors && !mat.Equal(got.Vectors, want.Vectors)) {
					t.Fatalf("n = %d, vectors %v: a NaN-filled working copy changed the result", n, vectors)
				}
			}
		}
	}
}

// TestPartialPoisonedWork is TestEigenSymPoisonedWork for the partial
// spectra, which take their working copies from the same pool: with NaN in
// every entry of the pooled slices, MinEigenInertia (by Cholesky, by LDLᵀ
// with Lanczos beside it, and for n ≤ 64 by the full spectrum), InertiaOf,
// CountBelow and SmallestEigenvalues give the bits of a call on a clean
// slice.
func TestPartialPoisonedWork(t *testing.T) {
	type result struct {
		lmin     float64
		in, inOf Inertia
		below    int
		smallest []float64
	}
	run := func(a *mat.SymDense) result {
		var r result
		var err error
		if r.lmin, r.in, err = MinEigenInertia(a, 1e-8); err != nil {
			t.Fatal(err)
		}
		if r.inOf, err = InertiaOf(a, 1e-8); err != nil {
			t.Fatal(err)
		}
		if r.below, err = CountBelow(a, 0.5); err != nil {
			t.Fatal(err)
		}
		if r.smallest, err = SmallestEigenvalues(a, 3); err != nil {
			t.Fatal(err)
		}
		return r
	}
	for _, n := range []int{40, 150} {
		for _, shift := range []float64{0, 4} { // indefinite; positive definite
			rnd := rand.New(rand.NewPCG(uint64(n), 10))
			a := mat.NewSymDense(n, nil)
			for i := range n {
				for j := i; j < n; j++ {
					a.SetSym(i, j, rnd.NormFloat64()/math.Sqrt(float64(n)))
				}
				a.SetSym(i, i, a.At(i, i)+shift)
			}
			clean := make([]float64, n*n)
			putWork(clean)
			want := run(a)
			for range 3 {
				p := make([]float64, n*n)
				for i := range p {
					p[i] = math.NaN()
				}
				putWork(p)
				got := run(a)
				if got.lmin != want.lmin || got.in != want.in || got.inOf != want.inOf ||
					got.below != want.below || !floats.Same(got.smallest, want.smallest) {
					t.Fatalf("n = %d, shift %v: a NaN-filled working copy changed the result: %+v, want %+v", n, shift, got, want)
				}
			}
		}
	}
}
