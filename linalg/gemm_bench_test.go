// Copyright ©2026 The relulab Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package linalg

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/mat"
)

// BenchmarkDgemm times C = A·B for square n×n float64 matrices through
// gonum's mat.Dense.Mul, which calls whatever BLAS linalg installed: the
// workload of NumPy's A @ B. It reports GFLOP/s (2n³ flops per product).
func BenchmarkDgemm(b *testing.B) {
	for _, n := range []int{1000, 2000} {
		b.Run(fmt.Sprintf("n=%d", n), func(b *testing.B) {
			rnd := rand.New(rand.NewPCG(1, 1))
			x := mat.NewDense(n, n, nil)
			y := mat.NewDense(n, n, nil)
			for i := range n {
				for j := range n {
					x.Set(i, j, rnd.NormFloat64())
					y.Set(i, j, rnd.NormFloat64())
				}
			}
			c := mat.NewDense(n, n, nil)
			b.ResetTimer()
			for b.Loop() {
				c.Mul(x, y)
			}
			b.ReportMetric(2*float64(n)*float64(n)*float64(n)*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
		})
	}
}

// BenchmarkSymEigenBackend times the symEigen hook alone (the copy of the
// matrix excluded), values only and with vectors.
func BenchmarkSymEigenBackend(b *testing.B) {
	for _, n := range []int{1000, 2000} {
		rnd := rand.New(rand.NewPCG(1, 2))
		a := testSym(rnd, n, kindRandom)
		for _, vectors := range []bool{false, true} {
			name := "values"
			if vectors {
				name = "vectors"
			}
			b.Run(fmt.Sprintf("n=%d/%s", n, name), func(b *testing.B) {
				c := mat.NewSymDense(n, nil)
				w := make([]float64, n)
				var q *mat.Dense
				if vectors {
					q = mat.NewDense(n, n, nil)
				}
				for b.Loop() {
					b.StopTimer()
					c.CopySym(a)
					b.StartTimer()
					if !symEigen(w, q, c, maxAbsTriangle(c.RawSymmetric())) {
						b.Fatal("not converged")
					}
				}
			})
		}
	}
}
