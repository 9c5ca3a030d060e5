// Copyright ©2026 The relulab Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package linalg

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/mat"
)

// InterlaceResult is the outcome of a Cauchy interlacing check
// λᵢ(A) ≤ λᵢ(B) ≤ λ_{i+n−m}(A), i = 1…m, for a principal m×m submatrix B of
// a symmetric n×n matrix A. Indices below are 0-based.
type InterlaceResult struct {
	// A and B hold the eigenvalues of A (length n) and of B (length m),
	// ascending.
	A, B []float64
	// Lower[i] = λᵢ(B) − λᵢ(A) and Upper[i] = λ_{i+n−m}(A) − λᵢ(B),
	// both of length m; interlacing says both are ≥ 0.
	Lower, Upper []float64
	// Violations lists, ascending, the indices i where Lower[i] < −Tol or
	// Upper[i] < −Tol.
	Violations []int
	// Tol is the tolerance actually used.
	Tol float64
	// OK reports whether Violations is empty.
	OK bool
}

// Interlace checks Cauchy's interlacing theorem for the symmetric n×n matrix a
// and its principal submatrix B = a[idx, idx] (Bᵢⱼ = a.At(idx[i], idx[j])),
// computing both spectra with EigenSym's values-only path. The order of idx
// does not matter (B's spectrum is invariant under permutation).
//
// A margin counts as violated when it is below −tol. If tol is zero the
// default 16·n·ε·‖A‖₂ is used, ε the float64 machine epsilon and ‖A‖₂ =
// max |λᵢ(A)|: each computed eigenvalue of a backward-stable solver is within
// a small multiple of n·ε·‖A‖₂ of the exact one, so equality cases
// (λᵢ(B) = λᵢ(A), which occur e.g. for repeated eigenvalues or block-diagonal
// A with idx a block) are not reported as violations.
//
// Interlace panics if idx is empty, has more than n entries, repeats an index
// or holds one outside [0, n), or if tol is negative or NaN. It returns the
// errors of EigenSym for non-finite input or non-convergence.
func Interlace(a mat.Symmetric, idx []int, tol float64) (*InterlaceResult, error) {
	n := a.SymmetricDim()
	checkIndexSet(idx, n)
	if !(tol >= 0) {
		panic(fmt.Sprintf("linalg: bad interlacing tolerance %v", tol))
	}
	ea, err := EigenSym(a, false)
	if err != nil {
		return nil, err
	}
	var b mat.SymDense
	b.SubsetSym(a, idx)
	eb, err := EigenSym(&b, false)
	if err != nil {
		return nil, err
	}
	if tol == 0 {
		tol = 16 * float64(n) * eps * math.Max(math.Abs(ea.Values[0]), math.Abs(ea.Values[n-1]))
	}
	return interlaceMargins(ea.Values, eb.Values, tol), nil
}

// interlaceMargins returns the InterlaceResult for the ascending spectra a
// (length n) and b (length m ≤ n).
func interlaceMargins(a, b []float64, tol float64) *InterlaceResult {
	n, m := len(a), len(b)
	r := &InterlaceResult{
		A:     a,
		B:     b,
		Lower: make([]float64, m),
		Upper: make([]float64, m),
		Tol:   tol,
	}
	for i := range m {
		r.Lower[i] = b[i] - a[i]
		r.Upper[i] = a[i+n-m] - b[i]
		if r.Lower[i] < -tol || r.Upper[i] < -tol {
			r.Violations = append(r.Violations, i)
		}
	}
	r.OK = len(r.Violations) == 0
	return r
}

// eps is the float64 machine epsilon 2⁻⁵².
const eps = 0x1p-52

// checkIndexSet panics unless idx is a non-empty set of distinct indices in
// [0, n).
func checkIndexSet(idx []int, n int) {
	if len(idx) == 0 {
		panic("linalg: empty index set")
	}
	if len(idx) > n {
		panic(fmt.Sprintf("linalg: index set of size %d for a %d×%d matrix", len(idx), n, n))
	}
	seen := make([]bool, n)
	for _, k := range idx {
		if k < 0 || k >= n {
			panic(fmt.Sprintf("linalg: index %d out of range [0, %d)", k, n))
		}
		if seen[k] {
			panic(fmt.Sprintf("linalg: repeated index %d", k))
		}
		seen[k] = true
	}
}

// Certificate is a direction of negative curvature of a symmetric matrix A
// found on a principal submatrix B = A[Index, Index]. By Cauchy interlacing
// λ_min(A) ≤ λ_min(B), so λ_min(B) < 0 proves that A is not positive
// semidefinite, and the lifted eigenvector is an explicit witness: for a
// Hessian A it is a descent direction of second order.
type Certificate struct {
	// Index is the principal index set (a copy of the caller's).
	Index []int
	// Value is λ_min(B).
	Value float64
	// Direction is the unit eigenvector of B for Value lifted to length n:
	// Direction[Index[i]] = yᵢ, zero elsewhere, with EigenSym's sign
	// convention.
	Direction []float64
	// Curvature is vᵀAv for v = Direction, computed from A itself with a
	// full matrix–vector product; it equals Value up to rounding.
	Curvature float64
}

// DescentCertificate computes λ_min and its eigenvector for the principal
// submatrix B = a[idx, idx] of the symmetric n×n matrix a and lifts the
// eigenvector to Rⁿ (see Certificate). The certificate is returned whenever
// err is nil.
//
// ok reports whether the certificate proves negative curvature: Value < −τ
// and Curvature < −τ with τ = 16·m·ε·‖B‖₂ (m = len(idx), ‖B‖₂ = max |λᵢ(B)|),
// the size of the rounding error of a computed eigenvalue of B. A caller with
// a coarser notion of zero (say, a Spectrum tolerance) should compare Value
// with it as well.
//
// DescentCertificate panics on a bad index set as Interlace does. It returns
// the errors of EigenSym for non-finite input or non-convergence.
func DescentCertificate(a mat.Symmetric, idx []int) (cert *Certificate, ok bool, err error) {
	n := a.SymmetricDim()
	checkIndexSet(idx, n)
	// All of A must be finite for Curvature to mean anything; checking it
	// first also makes an error name the position in A, not in B.
	if err := checkFinite(a); err != nil {
		return nil, false, err
	}
	var b mat.SymDense
	b.SubsetSym(a, idx)
	eb, err := EigenSym(&b, true)
	if err != nil {
		return nil, false, err
	}
	m := len(idx)
	v := make([]float64, n)
	for i, k := range idx {
		v[k] = eb.Vectors.At(i, 0)
	}
	var av mat.VecDense
	av.MulVec(a, mat.NewVecDense(n, v))
	cert = &Certificate{
		Index:     append([]int(nil), idx...),
		Value:     eb.Values[0],
		Direction: v,
		Curvature: floats.Dot(v, av.RawVector().Data),
	}
	tau := 16 * float64(m) * eps * math.Max(math.Abs(eb.Values[0]), math.Abs(eb.Values[m-1]))
	ok = cert.Value < -tau && cert.Curvature < -tau
	return cert, ok, nil
}
