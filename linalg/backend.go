// Copyright ©2026 The relulab Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

//go:build !openblas || !cgo

package linalg

import (
	"math"

	"gonum.org/v1/gonum/blas"

	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/lapack"
	gonumlapack "gonum.org/v1/gonum/lapack/gonum"
	"gonum.org/v1/gonum/mat"

	"github.com/relulab/relulab/linalg/internal/sytrd"
	"github.com/relulab/relulab/linalg/internal/tridiag"
)

// dcMin is the smallest order for which eigenvectors come from divide and
// conquer; below it the implicit QL/QR iteration is as fast.
const dcMin = 48

// localMax is the largest order for which the eigenvectors of T are
// computed on their own (tridiag.Vectors, with n² workspace) and then
// multiplied by Q; above it Q is formed in vecs and divide and conquer
// transforms it in place, with a's storage as its workspace: about twice the
// work, but no memory beyond a and vecs. At 4096 the workspace is 128 MiB,
// as LAPACK's dsyevd needs 2n² (the openblas backend's limit is the same).
// It is a variable so that tests can take the other path at small orders.
var localMax = 4096

// symEigen is the one place where linalg computes a full symmetric
// eigendecomposition. It overwrites a and stores the eigenvalues in ascending
// order in w (len n). If vecs is non-nil it must be n×n and receives the
// orthonormal eigenvectors as columns. It reports whether the solver
// converged. The caller has checked that a is finite.
//
// The tridiagonal reduction A = Q·T·Qᵀ is linalg/internal/sytrd's (panels of
// columns, with the symmetric matrix–vector products and the trailing
// updates on two cores). Values only: then the root-free QR iteration
// (gonum's Dsterf). With vectors, for dcMin ≤ n ≤ localMax: T's
// eigenvectors by the divide and conquer of linalg/internal/tridiag
// straight into vecs, then multiplied by Q in place (sytrd.ApplyQ), as
// LAPACK's dsyevd; this needs one n×n workspace. Above localMax: Q formed
// in vecs, and divide and conquer multiplying it in place with a as its
// workspace. Below dcMin: Q formed in vecs, then the implicit QL/QR
// iteration (gonum's Dsteqr) on it. The matrix products inside go to the
// packed multi-core Dgemm of linalg/internal/gemm.
func symEigen(w []float64, vecs *mat.Dense, a *mat.SymDense) bool {
	raw := a.RawSymmetric()
	n := raw.N
	if n == 0 {
		return true
	}
	var impl gonumlapack.Implementation
	data, lda := raw.Data, raw.Stride
	// Scale by a power of two (exactly) into [1e-100, 1e100]: inside it
	// neither Dsterf nor Dsteqr rescales (whose rescaling of tiny matrices
	// panics in gonum v0.17.0), and nothing overflows.
	anrm := maxAbsTriangle(raw)
	sigma := 1.0
	if anrm > 0 && (anrm < 1e-100 || anrm > 1e100) {
		_, exp := math.Frexp(anrm)
		sigma = math.Ldexp(1, -exp)
		scaleTriangle(raw, sigma)
	}
	defer func() {
		if sigma != 1 {
			for i := range w[:n] {
				w[i] /= sigma
			}
		}
	}()
	if raw.Uplo != blas.Upper {
		// sytrd reads the upper triangle; fill it from the lower one.
		for i := range n {
			for j := i + 1; j < n; j++ {
				data[i*lda+j] = data[j*lda+i]
			}
		}
	}

	e := make([]float64, max(n-1, 1))
	tau := make([]float64, max(n-1, 1))
	sytrd.Reduce(n, data, lda, w, e, tau)
	if vecs == nil {
		return impl.Dsterf(n, w, e)
	}
	vr := vecs.RawMatrix()
	if n < dcMin || n > localMax {
		for i := range n {
			row := vr.Data[i*vr.Stride : i*vr.Stride+n]
			clear(row)
			row[i] = 1
		}
		sytrd.ApplyQ(n, data, lda, tau, vr.Data, vr.Stride, n)
		if n < dcMin {
			return impl.Dsteqr(lapack.EVOrig, n, w, e, vr.Data, vr.Stride, make([]float64, max(1, 2*n-2)))
		}
		// a now only serves as workspace for the secular-equation matrices.
		ws := data
		if len(ws) < n*n {
			ws = make([]float64, n*n)
		}
		return tridiag.Eigen(w, e, vr.Data, vr.Stride, n, ws)
	}
	if !tridiag.Vectors(w, e, vr.Data, vr.Stride, make([]float64, n*n)) {
		return false
	}
	sytrd.ApplyQ(n, data, lda, tau, vr.Data, vr.Stride, n)
	return true
}

// maxAbsTriangle returns the largest |sᵢⱼ| of the stored triangle of s
// (finite, as symEigen's callers check).
func maxAbsTriangle(s blas64.Symmetric) float64 {
	var m0, m1 float64
	for i := range s.N {
		lo, hi := i, s.N
		if s.Uplo == blas.Lower {
			lo, hi = 0, i+1
		}
		row := s.Data[i*s.Stride+lo : i*s.Stride+hi]
		j := 0
		for ; j+2 <= len(row); j += 2 {
			m0 = max(m0, math.Abs(row[j]))
			m1 = max(m1, math.Abs(row[j+1]))
		}
		if j < len(row) {
			m0 = max(m0, math.Abs(row[j]))
		}
	}
	return max(m0, m1)
}

// scaleTriangle multiplies the stored triangle of s by f.
func scaleTriangle(s blas64.Symmetric, f float64) {
	for i := range s.N {
		lo, hi := i, s.N
		if s.Uplo == blas.Lower {
			lo, hi = 0, i+1
		}
		row := s.Data[i*s.Stride+lo : i*s.Stride+hi]
		for j := range row {
			row[j] *= f
		}
	}
}
