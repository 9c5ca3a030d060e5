// Copyright ©2026 The relulab Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

//go:build openblas && cgo

package linalg

import (
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/mat"
)

// TestRowSigns checks rowSigns and transposeSquare against fixSigns on the
// transpose: the entry of largest magnitude (the first on ties, in any of
// the four runs) of each row ends positive in its column, a row with a NaN
// or ±Inf is only transposed, and the padding is not touched.
func TestRowSigns(t *testing.T) {
	rnd := rand.New(rand.NewPCG(3, 4))
	for _, n := range []int{1, 3, 4, 7, 37, 70} {
		lda := n + 3
		a := make([]float64, n*lda)
		for i := range n {
			for j := range lda {
				a[i*lda+j] = rnd.NormFloat64()
				if j >= n {
					a[i*lda+j] = 7 // padding
				}
			}
		}
		if n >= 4 {
			// Ties between runs and within one, first entry negative or
			// positive.
			a[1*lda+1], a[1*lda+3] = -9, 9
			a[2*lda+0], a[2*lda+2] = 9, -9
			a[3*lda+2], a[3*lda+n-1] = -9, -9
		}
		bad := -1
		if n >= 7 {
			bad = 5
			a[bad*lda+4] = math.NaN()
		}
		// The reference: fixSigns on the transpose, without the bad row.
		q := mat.NewDense(n, n, nil)
		for i := range n {
			for j := range n {
				if i != bad {
					q.Set(j, i, a[i*lda+j])
				}
			}
		}
		if _, _, ok := fixSigns(q); !ok {
			t.Fatal("reference not finite")
		}
		orig := append([]float64(nil), a...)
		sgn := make([]float64, n)
		rowSigns(n, a, lda, sgn)
		transposeSquare(n, a, lda, sgn)
		for i := range n {
			for j := range n {
				got := a[i*lda+j]
				want := q.At(i, j)
				if j == bad {
					want = orig[j*lda+i]
				}
				if !(got == want || math.IsNaN(got) && math.IsNaN(want)) {
					t.Fatalf("n = %d: entry (%d, %d) = %v, want %v", n, i, j, got, want)
				}
			}
			for j := n; j < lda; j++ {
				if a[i*lda+j] != 7 {
					t.Fatalf("n = %d: padding of row %d written", n, i)
				}
			}
		}
	}
}
