// Copyright ©2026 The relulab Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

//go:build !openblas || !cgo

package linalg

import (
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
	gemm.Dgemm(tA, tB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
}
