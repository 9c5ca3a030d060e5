// Copyright ©2026 The relulab Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

//go:build openblas && cgo

package linalg

import (
	"fmt"
	"math/rand/v2"
	"testing"

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
