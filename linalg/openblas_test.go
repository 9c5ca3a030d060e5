// Copyright ©2026 The relulab Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

//go:build openblas && cgo

package linalg

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"

	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/mat"
)

// TestDsyevr checks the MRRR path symEigen takes above dsyevdMaxOrder.
func TestDsyevr(t *testing.T) {
	t.Parallel()
	for _, n := range []int{1, 3, 130} {
		for kind := range kindNames {
			t.Run(fmt.Sprintf("n=%d/%s", n, kindNames[kind]), func(t *testing.T) {
				a := testSym(rand.New(rand.NewPCG(uint64(n), uint64(kind)+40)), n, kind)
				c := mat.NewSymDense(n, nil)
				c.CopySym(a)
				raw := c.RawSymmetric()
				w := make([]float64, n)
				q := mat.NewDense(n, n, nil)
				z := q.RawMatrix()
				if !dsyevr(raw.Uplo, n, raw.Data, raw.Stride, w, z.Data, z.Stride) {
					t.Fatal("dsyevr failed")
				}
				checkValues(t, a, w)
				checkEigen(t, a, w, q)
			})
		}
	}
}

// TestOpenBLASPhases checks that small eigenproblems, which run OpenBLAS on
// one thread, do not change the results of OpenBLAS calls made meanwhile on
// other goroutines: Dsymv (whose threads split the sums) must return the
// bits it returns alone while EigenSym of order 100 runs concurrently.
func TestOpenBLASPhases(t *testing.T) {
	const n = 1500
	rnd := rand.New(rand.NewPCG(9, 9))
	a := testSym(rnd, n, kindRandom)
	small := testSym(rnd, 100, kindRandom)
	x := make([]float64, n)
	for i := range x {
		x[i] = rnd.NormFloat64()
	}
	symv := func() []float64 {
		y := make([]float64, n)
		blas64.Symv(1, a.RawSymmetric(), blas64.Vector{N: n, Inc: 1, Data: x}, 0, blas64.Vector{N: n, Inc: 1, Data: y})
		return y
	}
	want := symv()
	done := make(chan struct{})
	go func() {
		defer close(done)
		for range 40 {
			if _, err := EigenSym(small, true); err != nil {
				t.Error(err)
				return
			}
		}
	}()
	for k := 0; ; k++ {
		select {
		case <-done:
			return
		default:
		}
		if got := symv(); !slices.Equal(got, want) {
			t.Fatalf("Dsymv call %d differs from its result alone", k)
		}
	}
}
