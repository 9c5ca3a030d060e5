// Copyright ©2026 The relulab Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

//go:build !openblas || !cgo

package linalg

import (
	"fmt"
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
