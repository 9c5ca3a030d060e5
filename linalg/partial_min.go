// Copyright ©2026 The relulab Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package linalg

import (
	"errors"
	"fmt"
	"math"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/mat"

	"github.com/relulab/relulab/linalg/internal/ldl"
)

// MinEigenInertia returns the smallest eigenvalue λ_min of the symmetric n×n
// matrix A together with its inertia at threshold tol (Neg = #λ < −tol,
// Zero = #|λ| ≤ tol, Pos = #λ > tol, as InertiaOf and Spectrum.Inertia with
// δ = tol): what classifying a critical point from its Hessian needs, at a
// fraction of the cost of all eigenvalues.
//
// The inertia comes from one or two Bunch–Kaufman LDLᵀ factorizations (see
// InertiaOf: one when A − tol·I turns out positive definite) and λ_min from
// single-vector Lanczos with full reorthogonalization, whose products A·x
// are linalg's two-core Dsymv on the stored triangle; the two run
// concurrently, the memory-bound Lanczos beside the compute-bound
// factorization. λ_min is a Ritz value (a Rayleigh quotient, so λ_min ≥ λ₁
// up to rounding) whose residual r = ‖A·v − λ_min·v‖ satisfies
// r ≤ 1e-10·‖A‖ or r²/gap ≤ 1e-13·‖A‖, gap being the distance to the
// second Ritz value: by the Kato–Temple bound λ_min − λ₁ ≤ r²/gap, λ_min is
// accurate to about 1e-13·‖A‖ when λ₁ is separated from the rest of the
// spectrum, and within r of an eigenvalue in any case.
//
// The inertia serves as a check of λ_min: Lanczos can miss the smallest
// eigenvalue only if its start vector is (nearly) orthogonal to the
// eigenvector, and then it converges to a larger one. MinEigenInertia
// compares the class of λ_min with the counts: Neg > 0 requires
// λ_min < −tol and Neg = 0 < Zero requires λ_min ≤ tol (each up to the
// residual); Neg = 0 alone proves λ₁ ≥ −tol. When the check fails,
// λ_min is recomputed from the full spectrum. A certificate that no
// eigenvalue lies below λ_min − δ, for any δ, costs one more factorization:
// CountBelow(a, λ_min − δ) = 0.
//
// Memory: one n×n working copy of A, and a second one when a is not a
// *mat.SymDense (Lanczos reads the caller's storage when it can, read-only)
// or its entries exceed 1e±150 (both copies are then rescaled by a power of
// two, exactly). For n ≤ 64 both results come from the full spectrum.
//
// MinEigenInertia returns ErrEmpty for a 0×0 matrix, a *NotFiniteError for a
// NaN or ±Inf entry, and an error wrapping ErrNoConvergence if neither
// Lanczos nor the full eigensolver converged. It panics if tol is negative or
// NaN.
func MinEigenInertia(a mat.Symmetric, tol float64) (lambdaMin float64, in Inertia, err error) {
	if !(tol >= 0) {
		panic(fmt.Sprintf("linalg: MinEigenInertia with tolerance %v", tol))
	}
	s, err := finiteCopy(a)
	if err != nil {
		return 0, Inertia{}, err
	}
	n := s.SymmetricDim()
	if n <= 64 {
		w := make([]float64, n)
		if !symEigen(w, nil, s) {
			return 0, Inertia{}, fmt.Errorf("%w: symmetric eigensolver (n = %d)", ErrNoConvergence, n)
		}
		return w[0], countByThreshold(w, tol), nil
	}

	// Lanczos's matrix: the caller's storage when it is usable as is,
	// otherwise a second copy, scaled like the working copy.
	sym := s.RawSymmetric()
	scale := 1.0
	if amax := maxAbsSym(sym); amax > 0 && (amax > 1e150 || amax < 1e-150) {
		_, exp := math.Frexp(amax)
		scale = math.Ldexp(1, -exp)
	}
	var lan blas64.Symmetric
	if rs, ok := a.(mat.RawSymmetricer); ok && scale == 1 && rs.RawSymmetric().Uplo == blas.Upper {
		lan = rs.RawSymmetric()
	} else {
		c := mat.NewSymDense(n, nil)
		c.CopySym(s)
		lan = c.RawSymmetric()
		if scale != 1 {
			for i := range n {
				row := lan.Data[i*lan.Stride+i : i*lan.Stride+n]
				for j := range row {
					row[j] *= scale
				}
			}
		}
	}

	type lanczosOut struct {
		theta, res float64
		err        error
	}
	done := make(chan lanczosOut, 1)
	go func() {
		op := func(dst, x []float64) {
			blas64.Symv(1, lan, blas64.Vector{N: n, Inc: 1, Data: x}, 0, blas64.Vector{N: n, Inc: 1, Data: dst})
		}
		theta, res, err := minLanczos(n, op, 0)
		done <- lanczosOut{theta: theta / scale, res: res / scale, err: err}
	}()
	in = factorInertia(s, a, tol)
	out := <-done

	consistent := out.err == nil
	if consistent && in.Neg > 0 && !(out.theta < -tol+out.res) {
		consistent = false
	}
	if consistent && in.Neg == 0 && in.Zero > 0 && !(out.theta <= tol+out.res) {
		consistent = false
	}
	if consistent {
		return out.theta, in, nil
	}
	if out.err != nil && !errors.Is(out.err, ErrNoConvergence) {
		return 0, Inertia{}, out.err
	}
	// Lanczos did not converge or missed λ₁: the full spectrum.
	s.CopySym(a)
	w := make([]float64, n)
	if !symEigen(w, nil, s) {
		return 0, Inertia{}, fmt.Errorf("%w: symmetric eigensolver (n = %d) after %v", ErrNoConvergence, n, out.err)
	}
	return w[0], in, nil
}

// countByThreshold classifies the eigenvalues w as Spectrum.Inertia does with
// δ = tol.
func countByThreshold(w []float64, tol float64) Inertia {
	var in Inertia
	for _, v := range w {
		switch {
		case v < -tol:
			in.Neg++
		case v > tol:
			in.Pos++
		default:
			in.Zero++
		}
	}
	return in
}

// CountBelow returns the number of eigenvalues of the symmetric matrix A
// below sigma, #{λᵢ < σ}, as the number of negative pivots of one
// Bunch–Kaufman factorization A − σ·I = P·L·D·Lᵀ·Pᵀ (Sylvester's law of
// inertia; n³/3 flops, one n×n working copy). CountBelow(a, λ − δ) = 0
// certifies that no eigenvalue of A lies below λ − δ. As for InertiaOf, the
// count is exact for a matrix within about n·ε·‖A‖ of A.
//
// CountBelow returns ErrEmpty for a 0×0 matrix and a *NotFiniteError for a
// NaN or ±Inf entry of A. It panics if sigma is NaN or infinite.
func CountBelow(a mat.Symmetric, sigma float64) (int, error) {
	if math.IsNaN(sigma) || math.IsInf(sigma, 0) {
		panic(fmt.Sprintf("linalg: CountBelow with shift %v", sigma))
	}
	s, err := finiteCopy(a)
	if err != nil {
		return 0, err
	}
	n := s.SymmetricDim()
	raw := s.RawSymmetric()
	// A power-of-two scale (exact) keeping the entries and the shift in
	// range; the count does not change.
	amax := max(maxAbsSym(raw), math.Abs(sigma))
	if amax > 0 && (amax > 1e150 || amax < 1e-150) {
		_, exp := math.Frexp(amax)
		scale := math.Ldexp(1, -exp)
		for i := range n {
			row := raw.Data[i*raw.Stride+i : i*raw.Stride+n]
			for j := range row {
				row[j] *= scale
			}
		}
		sigma *= scale
	}
	shiftDiag(raw, -sigma)
	neg, _, _ := ldl.Inertia(n, raw.Data, raw.Stride)
	return neg, nil
}
