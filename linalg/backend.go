// Copyright ©2026 The relulab Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

//go:build !openblas || !cgo

package linalg

import (
	"math"

	"gonum.org/v1/gonum/blas"

	"gonum.org/v1/gonum/lapack"
	gonumlapack "gonum.org/v1/gonum/lapack/gonum"
	"gonum.org/v1/gonum/mat"

	"github.com/relulab/relulab/linalg/internal/sterf"
	"github.com/relulab/relulab/linalg/internal/sytrd"
	"github.com/relulab/relulab/linalg/internal/tridiag"
)

// vectorsInPlace reports whether symEigen computes the eigenvectors of an
// n×n matrix in the storage of its working copy (see the openblas build):
// never in the pure-Go build, whose divide and conquer needs both.
func vectorsInPlace(int) bool { return false }

// dcMin is the smallest order for which eigenvectors come from divide and
// conquer; below it the implicit QL/QR iteration is as fast.
const dcMin = 48

// symEigen is the one place where linalg computes a full symmetric
// eigendecomposition; anrm is max |aᵢⱼ| over the stored triangle of a,
// which every caller has found while copying A. It overwrites a and stores the eigenvalues in ascending
// order in w (len n). If vecs is non-nil it must be n×n and receives the
// orthonormal eigenvectors as columns. It reports whether the solver
// converged. The caller has checked that a is finite.
//
// The tridiagonal reduction A = Q·T·Qᵀ is linalg/internal/sytrd's (panels of
// columns, with the symmetric matrix–vector products and the trailing
// updates on two cores). Values only: then the root-free QL/QR iteration
// of LAPACK's dsterf (linalg/internal/sterf, with one division per rotation
// on its critical path where gonum's Dsterf has two). With vectors
// (n ≥ dcMin), divide and conquer as LAPACK's dsyevd, but within a and
// vecs: Q's reflectors are moved from a into the two off-diagonal blocks of
// vecs, which the two halves of T, solved into vecs's diagonal blocks,
// leave alone, while they use a as workspace; then the reflectors go back
// to a, vecs becomes Q·diag(Q₁, Q₂) (sytrd.ApplyQ), and the last merge
// multiplies it in place with a as workspace (tridiag.VectorsQ). Below
// dcMin: Q formed in vecs, then the implicit QL/QR iteration (gonum's
// Dsteqr) on it. The matrix products inside go to the packed multi-core
// Dgemm of linalg/internal/gemm. Memory beyond a and vecs: O(n) plus blocks
// of O(n) rows.
func symEigen(w []float64, vecs *mat.Dense, a *mat.SymDense, anrm float64) bool {
	raw := a.RawSymmetric()
	n := raw.N
	if n == 0 {
		return true
	}
	var impl gonumlapack.Implementation
	data, lda := raw.Data, raw.Stride
	// Scale by a power of two (exactly) into [1e-100, 1e100]: inside it
	// neither sterf nor Dsteqr rescales (Dsteqr's rescaling of tiny
	// matrices panics in gonum v0.17.0), and nothing overflows.
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
		return sterf.Eigenvalues(n, w, e)
	}
	vr := vecs.RawMatrix()
	z, ldz := vr.Data, vr.Stride
	if n < dcMin {
		for i := range n {
			row := z[i*ldz : i*ldz+n]
			clear(row)
			row[i] = 1
		}
		sytrd.ApplyQ(n, data, lda, tau, z, ldz, n)
		return impl.Dsteqr(lapack.EVOrig, n, w, e, z, ldz, make([]float64, max(1, 2*n-2)))
	}
	// The reflectors (row k of a from column k+2) to vecs's off-diagonal
	// blocks, and back before Q is applied.
	h := n / 2
	refl := make([][]float64, 0, n)
	for k := range n - 2 {
		refl = append(refl, data[k*lda+k+2:k*lda+n])
	}
	off := make([][]float64, 0, n)
	for i := range n {
		if i < h {
			off = append(off, z[i*ldz+h:i*ldz+n])
		} else {
			off = append(off, z[i*ldz:i*ldz+h])
		}
	}
	streamCopy(off, refl)
	// a's storage, n² values from its start, as the workspace.
	return tridiag.VectorsQ(w, e, z, ldz, data[:n*n], func() {
		streamCopy(refl, off)
		for _, r := range off {
			clear(r)
		}
		sytrd.ApplyQ(n, data, lda, tau, z, ldz, n)
	})
}

// streamCopy copies the values of the slices src, one after the other, to
// those of dst, one after the other, until either runs out.
func streamCopy(dst, src [][]float64) {
	var d, s []float64
	di, si := 0, 0
	for {
		for len(d) == 0 {
			if di == len(dst) {
				return
			}
			d = dst[di]
			di++
		}
		for len(s) == 0 {
			if si == len(src) {
				return
			}
			s = src[si]
			si++
		}
		c := copy(d, s)
		d, s = d[c:], s[c:]
	}
}
