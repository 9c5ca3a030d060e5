// Copyright ©2026 The relulab Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

//go:build !openblas || !cgo

package linalg

import (
	"runtime"
	"sync"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas64"
	gonumblas "gonum.org/v1/gonum/blas/gonum"

	"github.com/relulab/relulab/linalg/internal/gemm"
)

func init() {
	blas64.Use(goBLAS{})
}

// goBLAS is gonum's pure-Go BLAS with Dgemm replaced by linalg's packed,
// cache-blocked, multi-core product (package linalg/internal/gemm, with an
// AVX-512 or AVX2+FMA micro-kernel where the CPU has one). Its results do not
// depend on GOMAXPROCS.
type goBLAS struct {
	gonumblas.Implementation
}

var _ blas.Float64 = goBLAS{}

// gemmMinWork is the smallest m·n·k handed to the blocked product; below it
// gonum's loops are as fast (the blocked product wins from about 16³).
const gemmMinWork = 16 * 16 * 16

func (impl goBLAS) Dgemm(tA, tB blas.Transpose, m, n, k int, alpha float64, a []float64, lda int, b []float64, ldb int, beta float64, c []float64, ldc int) {
	ar, ac := m, k
	if tA != blas.NoTrans {
		ar, ac = k, m
	}
	br, bc := k, n
	if tB != blas.NoTrans {
		br, bc = n, k
	}
	if m == 0 || n == 0 || k == 0 || alpha == 0 || m*n*k < gemmMinWork || !okTrans(tA) || !okTrans(tB) ||
		!okMat(a, ar, ac, lda) || !okMat(b, br, bc, ldb) || !okMat(c, m, n, ldc) {
		impl.Implementation.Dgemm(tA, tB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
		return
	}
	// Matrix–vector shapes: gonum's Dgemv streams the matrix once, without
	// the packing that the blocked product would spend on it.
	switch {
	case n == 1:
		incB := ldb
		if tB != blas.NoTrans {
			incB = 1
		}
		impl.Implementation.Dgemv(tA, ar, ac, alpha, a, lda, b, incB, beta, c, ldc)
		return
	case m == 1:
		incA := 1
		if tA != blas.NoTrans {
			incA = lda
		}
		t := blas.Trans
		if tB != blas.NoTrans {
			t = blas.NoTrans
		}
		impl.Implementation.Dgemv(t, br, bc, alpha, b, ldb, a, incA, beta, c, 1)
		return
	}
	gemm.Dgemm(tA, tB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
}

func (impl goBLAS) Dsyr2k(ul blas.Uplo, t blas.Transpose, n, k int, alpha float64, a []float64, lda int, b []float64, ldb int, beta float64, c []float64, ldc int) {
	ar, ac := n, k
	if t != blas.NoTrans {
		ar, ac = k, n
	}
	if n == 0 || k == 0 || alpha == 0 || n*n*k < gemmMinWork || (ul != blas.Upper && ul != blas.Lower) || !okTrans(t) ||
		!okMat(a, ar, ac, lda) || !okMat(b, ar, ac, ldb) || !okMat(c, n, n, ldc) {
		impl.Implementation.Dsyr2k(ul, t, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
		return
	}
	gemm.Dsyr2k(ul, t, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
}

// symvMin is the smallest order handed to the fused, two-core Dsymv.
const symvMin = 64

func (impl goBLAS) Dsymv(ul blas.Uplo, n int, alpha float64, a []float64, lda int, x []float64, incX int, beta float64, y []float64, incY int) {
	if n < symvMin || alpha == 0 || (ul != blas.Upper && ul != blas.Lower) ||
		!okMat(a, n, n, lda) || !okVec(x, n, incX) || !okVec(y, n, incY) {
		impl.Implementation.Dsymv(ul, n, alpha, a, lda, x, incX, beta, y, incY)
		return
	}
	if incX == 1 && incY == 1 {
		gemm.Dsymv(ul, n, alpha, a, lda, x, beta, y)
		return
	}
	// Strided vectors (as in LAPACK's tridiagonal reduction, which passes
	// columns of row-major matrices) are gathered into contiguous ones.
	bp := vecPool.Get().(*[]float64)
	if cap(*bp) < 2*n {
		*bp = make([]float64, 2*n)
	}
	xc, yc := (*bp)[:n], (*bp)[n:2*n]
	gather(xc, x, incX)
	if beta != 0 {
		gather(yc, y, incY)
	}
	gemm.Dsymv(ul, n, alpha, a, lda, xc, beta, yc)
	scatter(y, incY, yc)
	vecPool.Put(bp)
}

var vecPool = sync.Pool{New: func() any { return new([]float64) }}

// gather copies the n = len(dst) elements of the BLAS vector (x, inc) into dst.
func gather(dst, x []float64, inc int) {
	n := len(dst)
	if inc > 0 {
		for i := range dst {
			dst[i] = x[i*inc]
		}
		return
	}
	for i := range dst {
		dst[i] = x[(n-1-i)*-inc]
	}
}

// scatter copies src into the BLAS vector (y, inc) of len(src) elements.
func scatter(y []float64, inc int, src []float64) {
	n := len(src)
	if inc > 0 {
		for i, v := range src {
			y[i*inc] = v
		}
		return
	}
	for i, v := range src {
		y[(n-1-i)*-inc] = v
	}
}

func (impl goBLAS) Dsyrk(ul blas.Uplo, t blas.Transpose, n, k int, alpha float64, a []float64, lda int, beta float64, c []float64, ldc int) {
	ar, ac := n, k
	if t != blas.NoTrans {
		ar, ac = k, n
	}
	if n == 0 || k == 0 || alpha == 0 || n*n*k < gemmMinWork || (ul != blas.Upper && ul != blas.Lower) || !okTrans(t) ||
		!okMat(a, ar, ac, lda) || !okMat(c, n, n, ldc) {
		impl.Implementation.Dsyrk(ul, t, n, k, alpha, a, lda, beta, c, ldc)
		return
	}
	gemm.Dsyrk(ul, t, n, k, alpha, a, lda, beta, c, ldc)
}

// gemvMinWork is the smallest m·n for which Dgemv is split over two
// goroutines.
const gemvMinWork = 1 << 16

// Dgemv is gonum's, split over two goroutines for large matrices: by rows
// for y = α·A·x + β·y, by columns for y = α·Aᵀ·x + β·y. Every entry of y is
// computed by one gonum call in the same order either way, so the result
// does not depend on the split or on GOMAXPROCS.
func (impl goBLAS) Dgemv(tA blas.Transpose, m, n int, alpha float64, a []float64, lda int, x []float64, incX int, beta float64, y []float64, incY int) {
	if m*n < gemvMinWork || incY < 1 || incX == 0 || !okTrans(tA) || !okMat(a, m, n, lda) ||
		runtime.GOMAXPROCS(0) < 2 {
		impl.Implementation.Dgemv(tA, m, n, alpha, a, lda, x, incX, beta, y, incY)
		return
	}
	lx, ly := n, m
	if tA != blas.NoTrans {
		lx, ly = m, n
	}
	if !okVec(x, lx, incX) || !okVec(y, ly, incY) {
		impl.Implementation.Dgemv(tA, m, n, alpha, a, lda, x, incX, beta, y, incY)
		return
	}
	h := ly / 2
	var wg sync.WaitGroup
	if tA == blas.NoTrans {
		wg.Go(func() {
			impl.Implementation.Dgemv(tA, m-h, n, alpha, a[h*lda:], lda, x, incX, beta, y[h*incY:], incY)
		})
		impl.Implementation.Dgemv(tA, h, n, alpha, a, lda, x, incX, beta, y, incY)
	} else {
		wg.Go(func() {
			impl.Implementation.Dgemv(tA, m, n-h, alpha, a[h:], lda, x, incX, beta, y[h*incY:], incY)
		})
		impl.Implementation.Dgemv(tA, m, h, alpha, a, lda, x, incX, beta, y, incY)
	}
	wg.Wait()
}
