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
	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/mat"

	"github.com/relulab/relulab/linalg/internal/chol"
	"github.com/relulab/relulab/linalg/internal/gemm"
)

// MinEigenInertia returns the smallest eigenvalue λ_min of the symmetric n×n
// matrix A together with its inertia at threshold tol (Neg = #λ < −tol, Zero =
// #|λ| ≤ tol, Pos = #λ > tol, as InertiaOf and Spectrum.Inertia with δ = tol):
// what classifying a critical point from its Hessian needs, at a fraction of
// the cost of all eigenvalues.
//
// The inertia comes from one or two factorizations, as for InertiaOf: a
// Cholesky factorization up to its first pivot ≤ 0 and the LDLᵀ factorization
// of the Schur complement it leaves. When the Cholesky factorization A − tol·I
// = Uᵀ·U succeeds (every eigenvalue above tol, the Hessian of a strict
// minimum) it is the whole inertia, Pos = n, and λ_min comes from
// shift-and-invert Lanczos on −(A − tol·I)⁻¹, with O(n²) solves by the factor,
// in which λ₁ is the dominant eigenvalue when it is small compared with the
// spread of the spectrum (λ_min = xᵀAx for the Ritz vector x; one more solve
// confirms that the Ritz value no longer drops, which resolves a λ₁ lying just
// below a cluster). With the Cholesky factor it is block Lanczos with eight
// vectors: a solve with eight right-hand sides reads the factor once, as a
// solve with one does, and the block Krylov space converges at a rate set by
// λ₁'s distance to λ₉ rather than to λ₂, so that a clustered bottom of the
// spectrum (a Hessian near a minimum) takes about 13 block solves where
// single-vector Lanczos took 31 solves; where λ₁ is not separated enough for
// blocks (the rate of the residuals after ten blocks says so, as at the edge
// of a continuous spectrum), single-vector shift-and-invert takes over.
// Otherwise λ_min comes from single-vector Lanczos on A with full
// reorthogonalization (products by linalg's two-core Dsymv), running
// concurrently with the factorizations (with both when a diagonal entry aᵢᵢ ≤
// tol shows at once that A − tol·I is not positive definite, else with the
// second one, of A + tol·I, or after the only one when tol = 0: for a
// degenerate minimum or a saddle with few descent directions the Cholesky
// factorizations run almost to the end, and the two cost about one LDLᵀ).
// Either way λ_min is a Rayleigh quotient (λ_min ≥ λ₁ up to rounding) whose
// residual r = ‖A·x − λ_min·x‖ satisfies r ≤ 1e-10·‖A‖ or r²/gap ≤ 1e-13·‖A‖,
// gap being the distance to the second Ritz value: by the Kato–Temple bound
// λ_min − λ₁ ≤ r²/gap, λ_min is accurate to about 1e-13·‖A‖ when λ₁ is
// separated from the rest of the spectrum, and within r of an eigenvalue in
// any case.
//
// The inertia serves as a check of λ_min: Lanczos can miss the smallest
// eigenvalue only if its start vector is (nearly) orthogonal to the
// eigenvector, and then it converges to a larger one. MinEigenInertia compares
// the class of λ_min with the counts: Neg > 0 requires λ_min < −tol and Neg =
// 0 < Zero requires λ_min ≤ tol (each up to the residual); Neg = 0 alone
// proves λ₁ ≥ −tol, and a positive definite A − tol·I proves λ₁ > tol. When
// Lanczos on A does not converge within 300 steps, as when λ₁ lies in a tight
// cluster of an indefinite spectrum (where there is no Cholesky factor to
// invert), a shift just below its Ritz value θ is tried, σ = θ − 8·r with r
// the residual: a Cholesky factorization of A − σ·I that succeeds proves λ₁ >
// σ, and block shift-and-invert Lanczos with it separates λ₁ from the cluster
// in a few solves (at the Hessian of a small random student, k = d = 50 and W
// = 0.05·N(0, 1), whose λ₁ and λ₂ are 1.3e-5·‖A‖ apart: 0.56 s against 0.63 s
// for all eigenvalues, and 1.08 s before). When the check fails, or that
// factorization does, λ_min is recomputed from the full spectrum. A
// certificate that no eigenvalue lies below λ_min − δ, for any δ, costs one
// more factorization: CountBelow(a, λ_min − δ) = 0.
//
// Memory: one n×n working copy of A, and a second one when a is not a
// *mat.SymDense (Lanczos reads the caller's storage when it can, read-only) or
// its entries exceed 1e±150 (both copies are then rescaled by a power of two,
// exactly). For n ≤ 64 both results come from the full spectrum.
//
// MinEigenInertia returns ErrEmpty for a 0×0 matrix, a *NotFiniteError for a
// NaN or ±Inf entry, and an error wrapping ErrNoConvergence if neither Lanczos
// nor the full eigensolver converged. It panics if tol is negative or NaN.
func MinEigenInertia(a mat.Symmetric, tol float64) (lambdaMin float64, in Inertia, err error) {
	if !(tol >= 0) {
		panic(fmt.Sprintf("linalg: MinEigenInertia with tolerance %v", tol))
	}
	s, amax, err := workingCopy(a)
	if err != nil {
		return 0, Inertia{}, err
	}
	defer putWork(s.RawSymmetric().Data)
	n := s.SymmetricDim()
	if n <= 64 {
		w := make([]float64, n)
		if !symEigen(w, nil, s, amax) {
			return 0, Inertia{}, fmt.Errorf("%w: symmetric eigensolver (n = %d)", ErrNoConvergence, n)
		}
		return w[0], countByThreshold(w, tol), nil
	}

	// Lanczos's matrix: the caller's storage when it is usable as is,
	// otherwise a second copy, scaled like the working copy.
	sym := s.RawSymmetric()
	scale := rangeScale(amax)
	var lan blas64.Symmetric
	if rs, ok := a.(mat.RawSymmetricer); ok && scale == 1 && rs.RawSymmetric().Uplo == blas.Upper {
		lan = rs.RawSymmetric()
	} else {
		c := mat.NewSymDense(n, nil)
		c.CopySym(s)
		lan = c.RawSymmetric()
		scaleTriangle(lan, scale)
	}
	// linalg's own two-core Dsymv in every build: with -tags openblas,
	// OpenBLAS's threads would contend with the goroutines of the
	// factorizations that this Lanczos runs beside (n = 2500: 480 against
	// 380 ms).
	symv := func(dst, x []float64) {
		gemm.Dsymv(blas.Upper, n, 1, lan.Data, lan.Stride, x, 0, dst)
	}

	// Lanczos on A, run concurrently with the factorizations.
	type lanczosOut struct {
		theta, res float64
		err        error
	}
	done := make(chan lanczosOut, 1)
	lanczos := func() {
		theta, res, err := minLanczos(n, symv, 0)
		done <- lanczosOut{theta: theta / scale, res: res / scale, err: err}
	}

	// A − tol·I can be positive definite only if its diagonal is positive.
	// Then its factorization is kept: when all its pivots are positive
	// (every eigenvalue above tol, a strict minimum) it is the whole
	// inertia, and λ_min comes from shift-and-invert Lanczos with it.
	// Otherwise Lanczos on A runs beside both factorizations.
	maybePD := !math.IsInf(tol, 1)
	for i := 0; i < n && maybePD; i++ {
		maybePD = sym.Data[i*sym.Stride+i] > tol
	}
	switch {
	case math.IsInf(tol, 1):
		in = Inertia{Zero: n}
		go lanczos()
	case !maybePD:
		go lanczos()
		in, _ = factorInertia(s, a, tol, amax, nil)
	default:
		// Cholesky first: it succeeds exactly when A − tol·I is positive
		// definite (up to its backward error, as the LDLᵀ pivots are all
		// positive then), for about half the cost of Bunch–Kaufman. At a
		// pivot ≤ 0 the LDLᵀ factorization of the Schur complement it
		// leaves gives the rest of the inertia (shiftedInertia), and
		// Lanczos on A runs beside the second factorization.
		var pd bool
		in, pd = factorInertia(s, a, tol, amax, func() { go lanczos() })
		if !pd {
			break
		}
		// Block shift-and-invert Lanczos with the factor of A − tol·I:
		// eight right-hand sides per solve, for about the memory traffic
		// of one.
		solve := func(x []float64) {
			chol.SolveMulti(n, sym.Data, sym.Stride, lanczosBlock, x, lanczosBlock)
		}
		if lam, ok := blockShiftInvertMin(n, solve, symv, tol*scale, amax*scale); ok {
			return lam / scale, in, nil
		}
		// λ₁ not separated enough for blocks: single vectors.
		solve1 := func(x []float64) { chol.Solve(n, sym.Data, sym.Stride, x) }
		if lam, ok := shiftInvertMin(n, solve1, symv, tol*scale, amax*scale); ok {
			return lam / scale, in, nil
		}
		go lanczos()
	}
	out := <-done

	if out.err == nil && consistentMin(out.theta, out.res, in, tol) {
		return out.theta, in, nil
	}
	if out.err != nil && !errors.Is(out.err, ErrNoConvergence) {
		return 0, Inertia{}, out.err
	}
	// Lanczos did not converge: λ₁ in a tight cluster, which a shift just
	// below the Ritz value separates.
	if out.err != nil && isFinite(out.theta) && isFinite(out.res) {
		lam, ok := clusterMin(s, a, scale, out.theta*scale, out.res*scale, amax*scale, symv)
		if ok && consistentMin(lam/scale, DefaultLanczosTol*amax, in, tol) {
			return lam / scale, in, nil
		}
	}
	// Lanczos did not converge or missed λ₁: the full spectrum.
	loadUpper(s, a, 1, 0)
	w := make([]float64, n)
	if !symEigen(w, nil, s, amax) { // s is A again, unscaled
		return 0, Inertia{}, fmt.Errorf("%w: symmetric eigensolver (n = %d) after %v", ErrNoConvergence, n, out.err)
	}
	return w[0], in, nil
}

// clusterMin returns λ₁ of B = scale·A when Lanczos on B did not converge,
// as when λ₁ lies in a tight cluster, given its smallest Ritz value
// theta ≥ λ₁ and that pair's residual res (of B), which place an eigenvalue
// of B within res of theta: when that eigenvalue is λ₁, the shift
// σ = theta − 8·res lies below λ₁ by about 8·res, which is small against
// the distance to the rest of the cluster once Lanczos has come that close
// (at the Hessian of a small random student, k = d = 50: 8·res ≈ 3e-4,
// λ₂ − λ₁ ≈ 2e-3). A Cholesky factorization B − σ·I = Uᵀ·U that succeeds
// proves λ₁ > σ, and block shift-and-invert Lanczos with U then converges
// in a few solves, its result accepted by the tests of the Cholesky path
// (blockShiftInvertMin). ok is false when the factorization fails (the
// Ritz value was close to another eigenvalue) or Lanczos does not
// converge. The working copy s is overwritten; amax ≥ max |bᵢⱼ|.
func clusterMin(s *mat.SymDense, a mat.Symmetric, scale, theta, res, amax float64, symv func(dst, x []float64)) (lambda float64, ok bool) {
	sigma := theta - max(8*res, 0x1p-40*amax)
	loadUpper(s, a, scale, -sigma)
	raw := s.RawSymmetric()
	n := raw.N
	if !chol.Factor(n, raw.Data, raw.Stride) {
		return 0, false
	}
	solve := func(x []float64) {
		chol.SolveMulti(n, raw.Data, raw.Stride, lanczosBlock, x, lanczosBlock)
	}
	lambda, ok = blockShiftInvertMin(n, solve, symv, sigma, amax)
	// λ₁ ≤ θ: a larger value is another eigenvalue, whatever its residual.
	return lambda, ok && lambda <= theta+res
}

// consistentMin reports whether a Ritz value theta with residual res, an
// upper bound on λ₁ within res of some eigenvalue, agrees with the inertia
// in at threshold tol: Neg > 0 needs theta < −tol + res, Neg = 0 < Zero
// needs theta ≤ tol + res. (Neg = Zero = 0 leaves theta > tol − res, which
// a Rayleigh quotient above λ₁ > tol always satisfies.)
func consistentMin(theta, res float64, in Inertia, tol float64) bool {
	switch {
	case in.Neg > 0:
		return theta < -tol+res
	case in.Zero > 0:
		return theta <= tol+res
	}
	return true
}

// shiftInvertMin returns λ₁ of the n×n A (products by symv) given solve,
// which overwrites x with (A − σ·I)⁻¹·x for the positive definite A − σ·I
// (by its factors), by Lanczos on −(A − σ·I)⁻¹, whose
// smallest eigenvalue −1/(λ₁ − σ) is well separated when λ₁ is close to σ
// compared with λ₂: the Ritz vector x is accepted, and λ = xᵀAx returned,
// when its residual r = ‖Ax − λx‖ in A satisfies r ≤ 1e-10·‖A‖ or
// r²/gap ≤ 1e-13·‖A‖, the criteria of minLanczos, with gap the distance
// to the second Ritz value mapped back, σ − 1/θ₂, and ‖A‖ estimated from
// below by max(amax, |λ|). ok is false otherwise (plain Lanczos is then
// used).
func shiftInvertMin(n int, solve func(x []float64), symv func(dst, x []float64), sigma, amax float64) (lambda float64, ok bool) {
	op := func(dst, x []float64) {
		copy(dst, x)
		solve(dst)
		floats.Scale(-1, dst)
	}
	// The residual of the inverse iteration: 1e-11 relative to ‖(A − σI)⁻¹‖
	// makes the angle of x to the eigenvector about 1e-11·μ₁/(μ₁ − μ₂),
	// so that the residual in A is far inside the criteria below, while
	// staying above the rounding of the solves (about ε·κ(A − σI)).
	// Each step is a solve, O(n²) memory traffic: convergence is checked
	// at every step, and confirmed by one more (see minLanczosTol: a
	// residual this small does not yet separate λ₁ from a cluster within
	// about 1e-11·‖A‖ of it).
	r, err := minLanczosTol(n, op, 0, 1e-11, 0, 1, true)
	if err != nil || r.theta >= 0 {
		return 0, false
	}
	return acceptShiftInvert(n, r.x, r.theta, r.theta2, symv, sigma, amax)
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
// below sigma, #{λᵢ < σ}, as the number of negative eigenvalues of A − σ·I
// from one factorization, as InertiaOf makes it (Sylvester's law of
// inertia; at most n³/3 flops, one n×n working copy): a Cholesky
// factorization up to its first pivot ≤ 0, then Bunch–Kaufman's on the
// Schur complement. CountBelow(a, λ − δ) = 0, the certificate that no
// eigenvalue of A lies below λ − δ, is then a successful Cholesky
// factorization. As for InertiaOf, the count is exact for a matrix within
// about 32·n·ε·max(‖A‖, |σ|) of A.
//
// CountBelow returns ErrEmpty for a 0×0 matrix and a *NotFiniteError for a
// NaN or ±Inf entry of A. It panics if sigma is NaN or infinite.
func CountBelow(a mat.Symmetric, sigma float64) (int, error) {
	if math.IsNaN(sigma) || math.IsInf(sigma, 0) {
		panic(fmt.Sprintf("linalg: CountBelow with shift %v", sigma))
	}
	s, amax, err := workingCopy(a)
	if err != nil {
		return 0, err
	}
	defer putWork(s.RawSymmetric().Data)
	raw := s.RawSymmetric()
	// A power-of-two scale (exact) keeping the entries and the shift in
	// range; the count does not change.
	amax = max(amax, math.Abs(sigma))
	scale := rangeScale(amax)
	scaleTriangle(raw, scale)
	shiftDiag(raw, -sigma*scale)
	in, _ := shiftedInertia(s, a, scale, -sigma*scale, 2*amax*scale)
	return in.Neg, nil
}
