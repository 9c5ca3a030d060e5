// Copyright ©2026 The relulab Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

//go:build !openblas || !cgo

package linalg

import (
	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/lapack"
	"gonum.org/v1/gonum/lapack/lapack64"
	"gonum.org/v1/gonum/mat"
)

// symEigen is the one place where linalg computes a full symmetric
// eigendecomposition. It overwrites a (its lower triangle is read, as LAPACK's
// dsyev does with lower storage after the copy) and stores the eigenvalues in
// ascending order in w (len n). If vecs is non-nil it must be n×n and receives
// the orthonormal eigenvectors as columns. It reports whether the solver
// converged. The caller has checked that a is finite.
func symEigen(w []float64, vecs *mat.Dense, a *mat.SymDense) bool {
	raw := a.RawSymmetric()
	n := raw.N
	if n == 0 {
		return true
	}
	job := lapack.EVNone
	if vecs != nil {
		job = lapack.EVCompute
	}
	g := blas64.General{Rows: n, Cols: n, Stride: raw.Stride, Data: raw.Data}
	sym := blas64.Symmetric{N: n, Stride: raw.Stride, Data: raw.Data, Uplo: raw.Uplo}
	work := []float64{0}
	lapack64.Syev(job, sym, w, work, -1)
	work = make([]float64, int(work[0]))
	ok := lapack64.Syev(job, sym, w, work, len(work))
	if ok && vecs != nil {
		vecs.Copy(mat.NewDense(n, n, g.Data[:(n-1)*g.Stride+n]))
	}
	return ok
}
