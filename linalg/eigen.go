// Copyright ©2026 The relulab Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package linalg

import (
	"fmt"
	"math"
	"sync"

	"gonum.org/v1/gonum/mat"
)

// Eigen is a symmetric eigendecomposition A = Q Λ Qᵀ.
type Eigen struct {
	// Values holds the eigenvalues λ₁ ≤ λ₂ ≤ … ≤ λₙ in ascending order.
	Values []float64
	// Vectors is the n×n orthogonal matrix Q whose column i is a unit
	// eigenvector of Values[i], with the sign convention of EigenSym.
	// It is nil unless vectors were asked for.
	Vectors *mat.Dense
}

// EigenSym computes the eigenvalues of the n×n symmetric matrix a, and its
// eigenvectors when vectors is true. The matrix is defined by its upper
// triangle (a.At(i, j) with i ≤ j), as in gonum's mat.Symmetric; a is not
// modified.
//
// The eigenvalues are returned in ascending order. When vectors is false only
// the eigenvalues are computed (LAPACK's values-only path, several times
// cheaper than with vectors) and the returned Vectors is nil. When vectors is
// true, column i of Vectors is a unit eigenvector of Values[i] and the columns
// are orthonormal; the sign of each column is fixed so that its entry of
// largest magnitude (the first such entry on ties) is positive, which makes the
// result independent of the LAPACK implementation's sign choice for simple
// eigenvalues. Within an eigenspace of dimension > 1 the basis is whatever the
// solver returned.
//
// EigenSym returns an error wrapping ErrEmpty if n = 0, a *NotFiniteError
// (matching ErrNotFinite) naming the first NaN or ±Inf entry (row, col) of the
// upper triangle in row-major order, an error wrapping ErrNotFinite if a
// result is not finite (an eigenvalue beyond the float64 range, about
// 1.8e308), and an error wrapping ErrNoConvergence if the solver fails to
// converge; in each case the returned *Eigen is nil.
func EigenSym(a mat.Symmetric, vectors bool) (*Eigen, error) {
	n := a.SymmetricDim()
	// The working copy: in the result's storage when the backend computes
	// the vectors there, else a recycled slice.
	var q *mat.Dense
	var buf []float64
	inPlace := vectors && n > 0 && vectorsInPlace(n)
	if inPlace {
		q = mat.NewDense(n, n, nil)
		buf = q.RawMatrix().Data
	} else {
		buf = getWork(n * n)
		defer putWork(buf)
	}
	s, amax, err := workingCopyInto(buf, a)
	if err != nil {
		return nil, err
	}
	w := make([]float64, n)
	if vectors && !inPlace {
		q = mat.NewDense(n, n, nil)
	}
	if !symEigen(w, q, s, amax) {
		return nil, fmt.Errorf("%w: symmetric eigensolver (n = %d)", ErrNoConvergence, n)
	}
	// Finite input can still give a non-finite result: an eigenvalue beyond
	// the float64 range (‖A‖₂ ≤ n·max|aᵢⱼ| may overflow), or a solver failing
	// on extreme scales. Never return it silently.
	for i, v := range w {
		if !isFinite(v) {
			return nil, fmt.Errorf("%w: eigenvalue %d of the %d×%[3]d matrix is %v (max |aᵢⱼ| = %g)", ErrNotFinite, i, n, v, maxAbs(a))
		}
	}
	if q != nil {
		fix := fixSigns
		if inPlace {
			fix = firstNonFinite // symEigen oriented them
		}
		if i, j, ok := fix(q); !ok {
			return nil, fmt.Errorf("%w: eigenvector entry (%d, %d) of the %d×%[3]d matrix is %v (max |aᵢⱼ| = %g)", ErrNotFinite, i, j, n, q.At(i, j), maxAbs(a))
		}
	}
	return &Eigen{Values: w, Vectors: q}, nil
}

// maxAbs returns max |aᵢⱼ| over the upper triangle of a.
func maxAbs(a mat.Symmetric) float64 {
	n := a.SymmetricDim()
	var m float64
	for i := range n {
		for j := i; j < n; j++ {
			m = math.Max(m, math.Abs(a.At(i, j)))
		}
	}
	return m
}

// checkFinite returns a *NotFiniteError naming the first NaN or ±Inf entry of
// the upper triangle of a in row-major order, without copying a.
func checkFinite(a mat.Symmetric) error {
	n := a.SymmetricDim()
	for i := range n {
		for j := i; j < n; j++ {
			if v := a.At(i, j); !isFinite(v) {
				return &NotFiniteError{What: "matrix entry", Row: i, Col: j, Value: v}
			}
		}
	}
	return nil
}

// finiteCopy returns a copy of a in a fresh *mat.SymDense with stride n,
// after checking that n ≥ 1 and that every entry of the upper triangle is
// finite.
func finiteCopy(a mat.Symmetric) (*mat.SymDense, error) {
	n := a.SymmetricDim()
	return finiteCopyInto(make([]float64, n*n), a)
}

// finiteCopyInto is finiteCopy into buf (length at least n²): only the
// upper triangle is written, and the solvers never read the rest.
func finiteCopyInto(buf []float64, a mat.Symmetric) (*mat.SymDense, error) {
	n := a.SymmetricDim()
	if n == 0 {
		return nil, ErrEmpty
	}
	s := mat.NewSymDense(n, buf[:n*n])
	s.CopySym(a)
	raw := s.RawSymmetric()
	for i := 0; i < n; i++ {
		row := raw.Data[i*raw.Stride+i : i*raw.Stride+n]
		if j := nonFiniteAt(row); j >= 0 {
			return nil, &NotFiniteError{What: "matrix entry", Row: i, Col: i + j, Value: row[j]}
		}
	}
	return s, nil
}

// fixSigns flips the columns of q so that in each column the entry of
// largest magnitude (the first on ties) is positive. It scans q by rows. If
// q has a NaN or ±Inf entry it returns the first, in row-major order, and
// false (firstNonFinite), and leaves q as it is.
func fixSigns(q *mat.Dense) (row, col int, ok bool) {
	if row, col, ok = firstNonFinite(q); !ok {
		return row, col, false
	}
	r, c := q.Dims()
	raw := q.RawMatrix()
	best := make([]float64, c) // largest |q_ij| so far in column j
	neg := make([]bool, c)     // whether that entry is negative
	for i := range c {
		best[i] = -1
	}
	for i := range r {
		for j, v := range raw.Data[i*raw.Stride : i*raw.Stride+c] {
			if a := math.Abs(v); a > best[j] {
				best[j], neg[j] = a, v < 0
			}
		}
	}
	for i := range r {
		row := raw.Data[i*raw.Stride : i*raw.Stride+c]
		for j := range row {
			if neg[j] {
				row[j] = -row[j]
			}
		}
	}
	return 0, 0, true
}

// firstNonFinite returns the first NaN or ±Inf entry of q in row-major
// order and false, or true if there is none.
func firstNonFinite(q *mat.Dense) (row, col int, ok bool) {
	r, c := q.Dims()
	raw := q.RawMatrix()
	for i := range r {
		if j := nonFiniteAt(raw.Data[i*raw.Stride : i*raw.Stride+c]); j >= 0 {
			return i, j, false
		}
	}
	return 0, 0, true
}

// nonFiniteAt returns the index of the first NaN or ±Inf entry of x, or −1.
func nonFiniteAt(x []float64) int {
	if allFinite(x) {
		return -1
	}
	for j, v := range x {
		if !isFinite(v) {
			return j
		}
	}
	return -1
}

// allFinite reports whether x has neither NaN nor ±Inf entries: v·0 is 0
// for finite v and NaN otherwise, summed in four independent runs (one sum
// would wait on the latency of every addition).
func allFinite(x []float64) bool {
	var s0, s1, s2, s3 float64
	j := 0
	for ; j+4 <= len(x); j += 4 {
		v := x[j : j+4 : j+4]
		s0 += v[0] * 0
		s1 += v[1] * 0
		s2 += v[2] * 0
		s3 += v[3] * 0
	}
	for _, v := range x[j:] {
		s0 += v * 0
	}
	return s0+s1+s2+s3 == 0
}

// slicePool recycles float64 slices of about one size: a fresh n×n slice
// per call made the garbage collector run beside the eigensolver every few
// calls (about 15 % of the time at n = 500 with OpenBLAS on both cores). A
// pooled slice lives only between calls and is dropped by the next
// collections, so the memory rule (one copy of A during the call) holds.
type slicePool struct{ p sync.Pool }

// get returns a slice of length m, recycled when possible (with the
// contents of its last use).
func (sp *slicePool) get(m int) []float64 {
	if p, ok := sp.p.Get().(*[]float64); ok && cap(*p) >= m && cap(*p) <= 2*m {
		return (*p)[:m]
	}
	return make([]float64, m)
}

// put hands w back for reuse.
func (sp *slicePool) put(w []float64) {
	if cap(w) > 0 {
		sp.p.Put(&w)
	}
}

// workPool recycles the working copies of EigenSym and the partial spectra.
var workPool slicePool

// getWork returns a slice of length m from workPool: its contents are those
// of an earlier working copy (only triangles are ever read after being
// written).
func getWork(m int) []float64 { return workPool.get(m) }

// putWork hands w back to workPool.
func putWork(w []float64) { workPool.put(w) }
