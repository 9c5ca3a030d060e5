// Copyright ©2026 The relulab Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

//go:build !openblas || !cgo

package linalg

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/mat"
)

// TestSymEigenLean checks the path symEigen takes above localMax (Q formed
// in vecs, divide and conquer on it with a as workspace) against the same
// bounds as the default path.
func TestSymEigenLean(t *testing.T) {
	defer func(m int) { localMax = m }(localMax)
	for _, n := range []int{48, 97, 261} {
		for kind := range kindNames {
			t.Run(fmt.Sprintf("n=%d/%s", n, kindNames[kind]), func(t *testing.T) {
				a := testSym(rand.New(rand.NewPCG(uint64(n), 77)), n, kind)
				c := mat.NewSymDense(n, nil)
				c.CopySym(a)
				w := make([]float64, n)
				q := mat.NewDense(n, n, nil)
				localMax = 0
				ok := symEigen(w, q, c)
				localMax = 4096
				if !ok {
					t.Fatal("not converged")
				}
				checkValues(t, a, w)
				checkEigen(t, a, w, q)
			})
		}
	}
}

// TestFixSigns checks the sign convention and that the first non-finite
// entry in row-major order is reported, with q left as it was.
func TestFixSigns(t *testing.T) {
	q := mat.NewDense(3, 2, []float64{
		0.5, -2,
		-1, 1,
		0.25, 2,
	})
	if _, _, ok := fixSigns(q); !ok {
		t.Fatal("finite q reported as not finite")
	}
	// Column 0's largest entry −1 turns positive; column 1's first
	// largest, −2, too.
	if want := mat.NewDense(3, 2, []float64{-0.5, 2, 1, -1, -0.25, -2}); !mat.Equal(q, want) {
		t.Errorf("signs: got %v, want %v", mat.Formatted(q), mat.Formatted(want))
	}
	for _, bad := range []float64{math.NaN(), math.Inf(1), math.Inf(-1)} {
		q := mat.NewDense(3, 2, []float64{1, 2, 3, bad, bad, 4})
		before := mat.DenseCopyOf(q)
		if i, j, ok := fixSigns(q); ok || i != 1 || j != 1 {
			t.Errorf("%v: got (%d, %d, %v), want (1, 1, false)", bad, i, j, ok)
		}
		for i := range 3 {
			for j := range 2 {
				if a, b := q.At(i, j), before.At(i, j); a != b && !(math.IsNaN(a) && math.IsNaN(b)) {
					t.Errorf("%v: q modified at (%d, %d)", bad, i, j)
				}
			}
		}
	}
}
