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
	"gonum.org/v1/gonum/lapack/lapack64"
	"gonum.org/v1/gonum/mat"

	"github.com/relulab/relulab/linalg/internal/tridiag"
)

// dcMin is the smallest order for which eigenvectors come from divide and
// conquer; below it gonum's QL/QR iteration is as fast.
const dcMin = 48

// symEigen is the one place where linalg computes a full symmetric
// eigendecomposition. It overwrites a and stores the eigenvalues in ascending
// order in w (len n). If vecs is non-nil it must be n×n and receives the
// orthonormal eigenvectors as columns. It reports whether the solver
// converged. The caller has checked that a is finite.
//
// Values only: gonum's Dsyev (tridiagonal reduction, then the root-free QR
// iteration Dsterf). With vectors, for n ≥ dcMin: the tridiagonal reduction
// A = Q·T·Qᵀ (Dsytrd), Q formed in a (Dorgtr) and copied to vecs, then the
// divide-and-conquer tridiagonal solver of linalg/internal/tridiag multiplies
// vecs by T's eigenvectors in place, using a as its workspace. The BLAS calls
// inside all of these go to the fast Dgemm, Dsyr2k and Dsymv that linalg
// installs. Memory beyond a and vecs: O(n) plus blocks of O(n) rows.
func symEigen(w []float64, vecs *mat.Dense, a *mat.SymDense) bool {
	raw := a.RawSymmetric()
	n := raw.N
	if n == 0 {
		return true
	}
	var impl gonumlapack.Implementation
	data, lda := raw.Data, raw.Stride
	// Scale by a power of two (exactly) into [1e-100, 1e100]: inside it
	// neither gonum's Dsyev nor Dsterf rescales (whose rescaling of tiny
	// matrices panics in gonum v0.17.0), and nothing overflows.
	anrm := impl.Dlansy(lapack.MaxAbs, raw.Uplo, n, data, lda, nil)
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

	if vecs == nil || n < dcMin {
		job := lapack.EVNone
		if vecs != nil {
			job = lapack.EVCompute
		}
		sym := blas64.Symmetric{N: n, Stride: lda, Data: data, Uplo: raw.Uplo}
		work := []float64{0}
		lapack64.Syev(job, sym, w, work, -1)
		work = make([]float64, int(work[0]))
		ok := lapack64.Syev(job, sym, w, work, len(work))
		if ok && vecs != nil {
			vecs.Copy(mat.NewDense(n, n, data[:(n-1)*lda+n]))
		}
		return ok
	}

	e := make([]float64, n-1)
	tau := make([]float64, n-1)
	work := []float64{0}
	impl.Dsytrd(raw.Uplo, n, data, lda, w, e, tau, work, -1)
	lwork := int(work[0])
	impl.Dorgtr(raw.Uplo, n, data, lda, tau, work, -1)
	lwork = max(lwork, int(work[0]))
	work = make([]float64, lwork)
	impl.Dsytrd(raw.Uplo, n, data, lda, w, e, tau, work, lwork)
	impl.Dorgtr(raw.Uplo, n, data, lda, tau, work, lwork)
	vecs.Copy(mat.NewDense(n, n, data[:(n-1)*lda+n]))
	// a now only serves as workspace for the n×n secular-equation matrices.
	ws := data
	if len(ws) < n*n {
		ws = make([]float64, n*n)
	}
	vr := vecs.RawMatrix()
	return tridiag.Eigen(w, e, vr.Data, vr.Stride, n, ws)
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
