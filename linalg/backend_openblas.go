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
// eigenvectors are transposed into vecs in one pass, or, when vecs shares
// a's storage (vectorsInPlace, as EigenSym calls it), oriented by EigenSym's sign
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
			sgn := make([]float64, n)
			rowSigns(n, raw.Data, raw.Stride, sgn)
			transposeSquare(n, raw.Data, raw.Stride, sgn)
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

// rowSigns sets sgn[i] to −1 if the entry of largest magnitude (the first
// on ties) of row i of the n×n row-major matrix a (stride lda) is negative,
// else to 1, and to 1 for a row with a NaN or ±Inf entry: fixSigns's
// convention on the columns of aᵀ. It compares magnitudes as the integers
// of their bits (sign cleared), whose order is theirs for finite values and
// puts ±Inf and NaN above all of them: one pass, in integer registers.
func rowSigns(n int, a []float64, lda int, sgn []float64) {
	const inf = 0x7ff << 52 // the bits of +Inf
	for i := range n {
		row := a[i*lda : i*lda+n]
		var m uint64
		k, j := 0, 0
		for ; j+4 <= n; j += 4 {
			v := row[j : j+4 : j+4]
			u0 := math.Float64bits(v[0]) &^ (1 << 63)
			u1 := math.Float64bits(v[1]) &^ (1 << 63)
			u2 := math.Float64bits(v[2]) &^ (1 << 63)
			u3 := math.Float64bits(v[3]) &^ (1 << 63)
			if max(u0, u1, u2, u3) > m { // rarely: the first of them
				if u0 > m {
					m, k = u0, j
				}
				if u1 > m {
					m, k = u1, j+1
				}
				if u2 > m {
					m, k = u2, j+2
				}
				if u3 > m {
					m, k = u3, j+3
				}
			}
		}
		for ; j < n; j++ {
			if u := math.Float64bits(row[j]) &^ (1 << 63); u > m {
				m, k = u, j
			}
		}
		sgn[i] = 1
		if m < inf && row[k] < 0 {
			sgn[i] = -1
		}
	}
}

// transposeSquare transposes the n×n row-major matrix a (stride lda) in
// place and multiplies column j of the result by sgn[j] (±1: exact), or by
// 1 when sgn is nil.
func transposeSquare(n int, a []float64, lda int, sgn []float64) {
	if sgn == nil {
		sgn = make([]float64, n)
		for i := range sgn {
			sgn[i] = 1
		}
	}
	const bs = 32
	for ib := 0; ib < n; ib += bs {
		for jb := 0; jb <= ib; jb += bs {
			for i := ib; i < min(ib+bs, n); i++ {
				for j := jb; j < min(jb+bs, n, i); j++ {
					a[i*lda+j], a[j*lda+i] = sgn[j]*a[j*lda+i], sgn[i]*a[i*lda+j]
				}
			}
		}
	}
	for i := range n {
		a[i*lda+i] *= sgn[i]
	}
}

// lapackWork recycles dsyevd's workspace (2n² with vectors, 66n without)
// between calls, as workPool does the working copy: allocating it afresh
// made the garbage collector run beside OpenBLAS's threads.
var lapackWork slicePool

// dsyevdMaxOrder is the largest order whose eigenvectors come from dsyevd
// (2n² workspace: 256 MiB at n = 4096).
const dsyevdMaxOrder = 4096
