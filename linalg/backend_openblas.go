// Copyright ©2026 The relulab Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

//go:build openblas && cgo

package linalg

import (
	"gonum.org/v1/gonum/lapack"
	"gonum.org/v1/gonum/mat"
)

// symEigen is the one place where linalg computes a full symmetric
// eigendecomposition. It overwrites a and stores the eigenvalues in ascending
// order in w (len n). If vecs is non-nil it must be n×n and receives the
// orthonormal eigenvectors as columns. It reports whether the solver
// converged. The caller has checked that a is finite.
//
// With -tags openblas, values come from LAPACK's dsyevd and vectors from
// dsyevr (MRRR), which writes them straight into vecs and so needs only O(n)
// workspace beyond a and vecs.
func symEigen(w []float64, vecs *mat.Dense, a *mat.SymDense) bool {
	raw := a.RawSymmetric()
	n := raw.N
	if n == 0 {
		return true
	}
	if vecs == nil {
		return dsyevdInPlace(lapack.EVNone, raw.Uplo, n, raw.Data, raw.Stride, w)
	}
	z := vecs.RawMatrix()
	return dsyevr(raw.Uplo, n, raw.Data, raw.Stride, w, z.Data, z.Stride)
}
