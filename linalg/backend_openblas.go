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
// eigendecomposition (anrm = max |aᵢⱼ| is not needed: LAPACK scales A
// itself). It overwrites a and stores the eigenvalues in ascending
// order in w (len n). If vecs is non-nil it must be n×n and receives the
// orthonormal eigenvectors as columns. It reports whether the solver
// converged. The caller has checked that a is finite.
//
// With -tags openblas, values come from LAPACK's dsyevd (what NumPy's
// eigvalsh and eigh call). Vectors come from dsyevd up to order
// dsyevdMaxOrder, whose divide and conquer is the fastest but needs 2n²
// workspace, and above it from dsyevr (MRRR, about 1.3× slower here), which
// writes them straight into vecs with O(n) workspace, so that large matrices
// need no more than the working copy a beyond the caller's. dsyevd's
// eigenvectors are transposed into vecs in one pass.
func symEigen(w []float64, vecs *mat.Dense, a *mat.SymDense, _ float64) bool {
	raw := a.RawSymmetric()
	n := raw.N
	if n == 0 {
		return true
	}
	if vecs == nil {
		lw, _ := dsyevdWork(lapack.EVNone, n)
		work := lapackWork.get(lw)
		defer lapackWork.put(work)
		return dsyevdRaw(lapack.EVNone, raw.Uplo, n, raw.Data, raw.Stride, w, work)
	}
	z := vecs.RawMatrix()
	if n <= dsyevdMaxOrder {
		lw, _ := dsyevdWork(lapack.EVCompute, n)
		work := lapackWork.get(lw)
		defer lapackWork.put(work)
		if !dsyevdRaw(lapack.EVCompute, raw.Uplo, n, raw.Data, raw.Stride, w, work) {
			return false
		}
		// dsyevd left the eigenvectors as the columns of a column-major
		// matrix, the rows of a: one blocked transposing copy into vecs.
		transposeInto(n, z.Data, z.Stride, raw.Data, raw.Stride)
		return true
	}
	return dsyevr(raw.Uplo, n, raw.Data, raw.Stride, w, z.Data, z.Stride)
}

// lapackWork recycles dsyevd's workspace (2n² with vectors, 66n without)
// between calls, as workPool does the working copy: allocating it afresh
// made the garbage collector run beside OpenBLAS's threads.
var lapackWork slicePool

// dsyevdMaxOrder is the largest order whose eigenvectors come from dsyevd
// (2n² workspace: 256 MiB at n = 4096).
const dsyevdMaxOrder = 4096
