// Copyright ©2026 The relulab Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

//go:build !openblas || !cgo

package linalg

import "gonum.org/v1/gonum/mat"

// symEigen is the one place where linalg computes a full symmetric
// eigendecomposition. It overwrites a and stores the eigenvalues in ascending
// order in w (len n). If vecs is non-nil it must be n×n and receives the
// orthonormal eigenvectors as columns. It reports whether the solver
// converged. The caller has checked that a is finite. In the pure-Go build
// it is goSymEigen.
func symEigen(w []float64, vecs *mat.Dense, a *mat.SymDense) bool {
	return goSymEigen(w, vecs, a, maxAbsTriangle(a.RawSymmetric()))
}

// symEigenMax is symEigen for a caller that knows anrm = max |aᵢⱼ| over the
// stored triangle of a.
func symEigenMax(w []float64, vecs *mat.Dense, a *mat.SymDense, anrm float64) bool {
	return goSymEigen(w, vecs, a, anrm)
}
