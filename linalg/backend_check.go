// Copyright ©2026 The relulab Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package linalg

import (
	"math"

	"gonum.org/v1/gonum/blas"
)

// The BLAS routines linalg installs check their arguments with these and
// pass any call gonum would reject to gonum, which panics with its usual
// message; the fast paths only ever see valid, in-bounds arguments.

// okTrans reports whether t is a valid transpose flag.
func okTrans(t blas.Transpose) bool {
	return t == blas.NoTrans || t == blas.Trans || t == blas.ConjTrans
}

// okMat reports whether a holds an r×c row-major matrix with stride ld,
// and whether the dimensions fit in a C int.
func okMat(a []float64, r, c, ld int) bool {
	if r < 0 || c < 0 || ld < max(1, c) || r > math.MaxInt32 || c > math.MaxInt32 || ld > math.MaxInt32 {
		return false
	}
	return r == 0 || c == 0 || len(a) >= (r-1)*ld+c
}

// okVec reports whether x holds n elements with increment inc.
func okVec(x []float64, n, inc int) bool {
	if inc == 0 || n < 0 || n > math.MaxInt32 || inc > math.MaxInt32 || inc < -math.MaxInt32 {
		return false
	}
	if inc < 0 {
		inc = -inc
	}
	return n == 0 || len(x) > (n-1)*inc
}
