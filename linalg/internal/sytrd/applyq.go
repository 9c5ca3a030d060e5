// Copyright ©2026 The relulab Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package sytrd

import (
	"runtime"
	"sync"

	"gonum.org/v1/gonum/blas"

	"github.com/relulab/relulab/linalg/internal/gemm"
)

// blockQ returns the number of reflectors ApplyQ applies together for
// order n: each block packs Z once for the product Vᵀ·Z, which larger
// blocks amortize better (measured at n = 1000 and 2000 on one core: 64 is
// best up to about 1500, then 128).
func blockQ(n int) int {
	if n < 1536 {
		return 64
	}
	return 128
}

// ApplyQ overwrites the n×cols matrix Z (row-major, stride ldz) by Q·Z, for
// the orthogonal Q = H₀·H₁·…·H_{n−2} of Reduce, given Reduce's a and tau.
// With Z the eigenvectors of T it gives those of A; with Z = I it forms Q.
//
// The reflectors are applied blockQ(n) at a time from the last, each block
// in the compact WY form H_p·…·H_{p+b−1} = I − V·S·Vᵀ (S upper triangular,
// LAPACK's dlarft) by three matrix products. Wide matrices are cut into two
// fixed halves of columns, each transformed on its own goroutine (the same
// bits at any GOMAXPROCS). ApplyQ panics if a slice is too short.
func ApplyQ(n int, a []float64, lda int, tau []float64, z []float64, ldz, cols int) {
	if n < 2 || cols == 0 {
		return
	}
	if lda < n || ldz < cols || len(a) < (n-1)*lda+n || len(tau) < n-1 || len(z) < (n-1)*ldz+cols {
		panic("sytrd: bad dimensions")
	}
	if cols < splitCols {
		applyQ(n, a, lda, tau, z, ldz, cols, gemm.Dgemm)
		return
	}
	// Halves of whole micro-panels of columns (24 for the AVX-512 kernel).
	h := min(cols, (cols/2+23)/24*24)
	if runtime.GOMAXPROCS(0) < 2 {
		applyQ(n, a, lda, tau, z, ldz, h, gemm.DgemmSerial)
		applyQ(n, a, lda, tau, z[h:], ldz, cols-h, gemm.DgemmSerial)
		return
	}
	var wg sync.WaitGroup
	wg.Go(func() { applyQ(n, a, lda, tau, z[h:], ldz, cols-h, gemm.DgemmSerial) })
	applyQ(n, a, lda, tau, z, ldz, h, gemm.DgemmSerial)
	wg.Wait()
}

// splitCols is the smallest number of columns ApplyQ cuts in two.
const splitCols = 256

// applyQ is ApplyQ on one goroutine's share, with products by mul.
func applyQ(n int, a []float64, lda int, tau []float64, z []float64, ldz, cols int, mul func(tA, tB blas.Transpose, m, n, k int, alpha float64, a []float64, lda int, b []float64, ldb int, beta float64, c []float64, ldc int)) {
	nr := n - 1 // reflectors
	qb := blockQ(n)
	vb := make([]float64, qb*n)
	s := make([]float64, qb*qb)
	st := make([]float64, qb*qb)
	y := make([]float64, qb*cols)
	y2 := make([]float64, qb*cols)
	for p := (nr - 1) / qb * qb; p >= 0; p -= qb {
		b := min(qb, nr-p)
		m := n - p - 1 // rows p+1…n−1 of Z
		// V's columns as the rows of vb (b×m): reflector p+l has a 1 at
		// local column l and zeros before it.
		for l := range b {
			r := vb[l*m : (l+1)*m]
			clear(r[:l])
			r[l] = 1
			copy(r[l+1:], a[(p+l)*lda+p+l+2:(p+l)*lda+n])
		}
		v := vb[:b*m]
		// S: S(l, l) = τ_l, S(0:l, l) = −τ_l·S(0:l, 0:l)·V(:, 0:l)ᵀ·v_l.
		mul(blas.NoTrans, blas.Trans, b, b, m, 1, v, m, v, m, 0, s, b)
		clear(st[:b*b])
		for l := range b {
			tl := tau[p+l]
			st[l*b+l] = tl
			for i := range l {
				var sum float64
				for q := i; q < l; q++ {
					sum += st[i*b+q] * s[q*b+l]
				}
				st[i*b+l] = -tl * sum
			}
		}
		zp := z[(p+1)*ldz:]
		mul(blas.NoTrans, blas.NoTrans, b, cols, m, 1, v, m, zp, ldz, 0, y, cols)
		mul(blas.NoTrans, blas.NoTrans, b, cols, b, 1, st, b, y, cols, 0, y2, cols)
		mul(blas.Trans, blas.NoTrans, m, cols, b, -1, v, m, y2, cols, 1, zp, ldz)
	}
}
