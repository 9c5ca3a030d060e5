// Copyright ©2026 The relulab Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

//go:build openblas && cgo

package linalg

import (
	"math"

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
// eigenvectors are transposed into vecs in one pass, or, when vecs is a
// itself (vectorsInPlace, as EigenSym calls it), oriented by EigenSym's sign
// convention while they are still contiguous rows and transposed in place:
// one n×n matrix less goes through the cache between dsyevd's calls.
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
		if &z.Data[0] == &raw.Data[0] {
			orientRows(n, raw.Data, raw.Stride)
			transposeSquare(n, raw.Data, raw.Stride)
			return true
		}
		// dsyevd left the eigenvectors as the columns of a column-major
		// matrix, the rows of a: one blocked transposing copy into vecs.
		transposeInto(n, z.Data, z.Stride, raw.Data, raw.Stride)
		return true
	}
	return dsyevr(raw.Uplo, n, raw.Data, raw.Stride, w, z.Data, z.Stride)
}

// vectorsInPlace reports whether symEigen computes the eigenvectors of an
// n×n matrix in the storage of its working copy, given vecs over the same
// slice, and orients them as fixSigns does: with dsyevd.
func vectorsInPlace(n int) bool { return n <= dsyevdMaxOrder }

// orientRows negates each row of the n×n row-major matrix a (stride lda)
// whose entry of largest magnitude (the first on ties) is negative: fixSigns
// on the columns of aᵀ. A row with a NaN or ±Inf entry is left as it is.
func orientRows(n int, a []float64, lda int) {
	for i := range n {
		row := a[i*lda : i*lda+n]
		best, neg := -1.0, false
		var s float64 // NaN or ±Inf if an entry is
		for _, v := range row {
			s += v * 0
			if m := math.Abs(v); m > best {
				best, neg = m, v < 0
			}
		}
		if neg && s == 0 {
			for j := range row {
				row[j] = -row[j]
			}
		}
	}
}

// lapackWork recycles dsyevd's workspace (2n² with vectors, 66n without)
// between calls, as workPool does the working copy: allocating it afresh
// made the garbage collector run beside OpenBLAS's threads.
var lapackWork slicePool

// dsyevdMaxOrder is the largest order whose eigenvectors come from dsyevd
// (2n² workspace: 256 MiB at n = 4096).
const dsyevdMaxOrder = 4096
