// Copyright ©2026 The relulab Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package linalg

import (
	"fmt"
	"math"
	"runtime"
	"sync"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/mat"

	"github.com/relulab/relulab/linalg/internal/chol"
	"github.com/relulab/relulab/linalg/internal/ldl"
)

// InertiaOf returns the inertia of the symmetric matrix A with zero
// threshold tol: Neg counts the eigenvalues λ < −tol, Pos those with λ > tol
// and Zero those with |λ| ≤ tol, as Spectrum.Inertia does with δ = tol, but
// without computing eigenvalues. By Sylvester's law of inertia, the number
// of eigenvalues below −tol is the number of negative pivots of a
// symmetric factorization of A + tol·I, and the number above tol the
// number of positive pivots of A − tol·I; with tol = 0 one factorization of
// A gives all three counts, Zero counting the pivots that are exactly zero.
// A − tol·I is factored first, and when all its pivots are positive (every
// eigenvalue above tol: a strict minimum's Hessian) that one factorization
// is enough. Each factorization is a Cholesky factorization (recursive,
// n³/3 flops in large matrix products) up to its first pivot ≤ 0, then the
// Bunch–Kaufman LDLᵀ factorization P·L·D·Lᵀ·Pᵀ (blocked) of the Schur
// complement S left in the trailing block: A ∓ tol·I has the inertia of S
// plus as many positive eigenvalues as the Cholesky factorization took
// rows (Haynsworth). When the factored rows are too large for S to be
// trusted (a column of the factor with squared norm above
// 16·(max |aᵢⱼ| + tol)), the whole matrix is factored by Bunch–Kaufman
// instead, at the cost of the Cholesky rows done so far on top.
//
// The counts are exact for a matrix within about 16·n·ε·(‖A‖ + tol) (times
// the LDLᵀ factorization's growth factor, small in practice) of A:
// eigenvalues closer than that to ±tol may be counted on either side, and
// one that the two factorizations count on both sides (tol at the level of
// the rounding) is counted as zero. InertiaOf uses one n×n working copy of
// A.
//
// InertiaOf returns ErrEmpty for a 0×0 matrix and a *NotFiniteError for a
// NaN or ±Inf entry. It panics if tol is negative or NaN.
func InertiaOf(a mat.Symmetric, tol float64) (Inertia, error) {
	if !(tol >= 0) {
		panic(fmt.Sprintf("linalg: InertiaOf with tolerance %v", tol))
	}
	s, amax, err := workingCopy(a)
	if err != nil {
		return Inertia{}, err
	}
	defer putWork(s.RawSymmetric().Data)
	in, _ := factorInertia(s, a, tol, amax, nil)
	return in, nil
}

// factorInertia returns the inertia of A with threshold tol (see InertiaOf)
// from one or two factorizations (shiftedInertia) in the working copy s,
// which holds a finite copy of a, whose largest |aᵢⱼ| is amax, on entry and
// is overwritten (reloaded from a between the two). s is first scaled by
// rangeScale(amax). When the first factorization, of A − tol·I, is a
// successful Cholesky factorization, pd is true and s holds its factor U
// (scale·(A − tol·I) = Uᵀ·U); otherwise notPD, if not nil, is called right
// after it (before the second factorization, of A + tol·I, when tol > 0).
func factorInertia(s *mat.SymDense, a mat.Symmetric, tol, amax float64, notPD func()) (in Inertia, pd bool) {
	n := s.SymmetricDim()
	if math.IsInf(tol, 1) {
		return Inertia{Zero: n}, false
	}
	raw := s.RawSymmetric()
	// Scaled by a power of two (exactly; the counts do not change), the
	// factorization can neither overflow nor lose the pivots to underflow.
	scale := rangeScale(amax)
	scaleTriangle(raw, scale)
	shiftDiag(raw, -tol*scale)
	bound := (amax + tol) * scale
	// A − tol·I first: when it is positive definite (every eigenvalue
	// above tol, a strict minimum's Hessian) the second factorization is
	// not needed; with tol = 0 it is the only one.
	up, k := shiftedInertia(s, a, scale, -tol*scale, bound)
	if k == n {
		return up, true
	}
	if notPD != nil {
		notPD()
	}
	if tol == 0 {
		return up, false
	}
	loadUpper(s, a, scale, tol*scale)
	lo, _ := shiftedInertia(s, a, scale, tol*scale, bound)
	return twoShifts(n, lo.Neg, up.Pos), false
}

// rangeScale returns 1, or for max |aᵢⱼ| = amax outside [1e-150, 1e150] the
// power of two that brings it into [½, 1): a scale that is exact and keeps
// the products of a factorization or of Lanczos from overflowing or
// underflowing.
func rangeScale(amax float64) float64 {
	if amax > 0 && (amax > 1e150 || amax < 1e-150) {
		_, exp := math.Frexp(amax)
		return math.Ldexp(1, -exp)
	}
	return 1
}

// twoShifts returns the inertia with threshold tol of an n×n matrix from
// the number neg of negative eigenvalues of A + tol·I and the number pos of
// positive ones of A − tol·I. The two come from different factorizations:
// when tol is at the level of their rounding, an eigenvalue within it of
// zero can be counted on both sides (neg + pos > n). Such eigenvalues are
// counted as zero, |λ| ≤ tol, which keeps every count ≥ 0 and their sum n.
func twoShifts(n, neg, pos int) Inertia {
	both := max(0, neg+pos-n)
	return Inertia{Neg: neg - both, Zero: n - neg - pos + 2*both, Pos: pos - both}
}

// schurGrowth bounds the squared column norms of the rows FactorPartial
// factored, relative to a bound on the entries of the matrix factored, for
// which shiftedInertia trusts the Schur complement they leave: its entries
// are then at most about (schurGrowth + 1) times that bound (Cauchy–
// Schwarz) and carry rounding errors of about schurGrowth·n·ε times it,
// the order of Bunch–Kaufman's backward error times a small growth factor.
const schurGrowth = 16

// shiftedInertia returns the inertia of B = scale·A + σ·I, held in the
// upper triangle of the working copy s (overwritten), and the order k of
// the leading block of B that chol.FactorPartial found positive definite:
// k = n when B is positive definite, and then s holds its Cholesky factor
// U (B = Uᵀ·U). Otherwise B has k positive eigenvalues more than the Schur
// complement S that FactorPartial leaves in the trailing block, and as many
// negative and zero ones (Haynsworth), and S's are counted by the
// Bunch–Kaufman LDLᵀ factorization (ldl.Inertia) in place. A Cholesky
// factorization costs about half as much as Bunch–Kaufman's, so that a B
// whose leading block of order k ≈ n is positive definite (the Hessian of a
// degenerate minimum or of a saddle with few descent directions) costs
// about half of B's LDLᵀ factorization, and any B at most about as much
// unless the guard below sends it to LDLᵀ as a whole.
//
// Unlike Bunch–Kaufman, Cholesky does not bound the growth of S's entries:
// when a column of U₁₂ has a squared norm above schurGrowth·bound (bound ≥
// max |bᵢⱼ|), seen on S's diagonal, sⱼⱼ = bⱼⱼ − ‖uⱼ‖², B is loaded again
// from a (loadUpper) and factored by LDLᵀ as a whole.
func shiftedInertia(s *mat.SymDense, a mat.Symmetric, scale, sigma, bound float64) (in Inertia, k int) {
	raw := s.RawSymmetric()
	n := raw.N
	k = chol.FactorPartial(n, raw.Data, raw.Stride)
	if k == n {
		return Inertia{Pos: n}, n
	}
	trusted := true
	for j := k; j < n && trusted; j++ {
		// ‖uⱼ‖² = bⱼⱼ − sⱼⱼ ≤ bound − sⱼⱼ; NaN fails too.
		trusted = bound-raw.Data[j*raw.Stride+j] <= schurGrowth*bound
	}
	if !trusted {
		loadUpper(s, a, scale, sigma)
		neg, zero, pos := ldl.Inertia(n, raw.Data, raw.Stride)
		return Inertia{Neg: neg, Zero: zero, Pos: pos}, k
	}
	neg, zero, pos := ldl.Inertia(n-k, raw.Data[k*raw.Stride+k:], raw.Stride)
	return Inertia{Neg: neg, Zero: zero, Pos: k + pos}, k
}

// shiftDiag adds σ to the diagonal of s.
func shiftDiag(s blas64.Symmetric, sigma float64) {
	for i := range s.N {
		s.Data[i*s.Stride+i] += sigma
	}
}

// SmallestEigenvalues returns the k smallest eigenvalues λ₁ ≤ … ≤ λ_k of the
// symmetric n×n matrix A in ascending order, without a full
// eigendecomposition: Lanczos (block size k, full reorthogonalization, with
// the default LanczosSettings) on one dense copy of A, whose products A·x are
// the symmetric BLAS product Dsymv that linalg installs (two cores, one pass
// over the stored triangle, the same result at any GOMAXPROCS).
//
// Each returned value θᵢ has a Ritz residual ‖A·vᵢ − θᵢvᵢ‖ ≤ 1e-10·‖A‖
// (DefaultLanczosTol), so some eigenvalue lies within 1e-10·‖A‖ of θᵢ, and
// within (1e-10·‖A‖)²/gap when θᵢ is separated by gap from the rest of the
// spectrum. Eigenvalues repeated up to k times among the k smallest are found
// with their multiplicity. The dense copy and the Lanczos basis (n × at most
// max(300, 30k) values) are the extra memory; for k ≥ n/10 the full
// decomposition of EigenSym is cheaper.
//
// SmallestEigenvalues returns ErrEmpty for a 0×0 matrix, a *NotFiniteError
// for a NaN or ±Inf entry, and an error wrapping ErrNoConvergence (with the
// values reached) if Lanczos did not converge. It panics if k < 1 or k > n.
func SmallestEigenvalues(a mat.Symmetric, k int) ([]float64, error) {
	n := a.SymmetricDim()
	if n > 0 && (k < 1 || k > n) {
		panic(fmt.Sprintf("linalg: SmallestEigenvalues asked for k = %d of n = %d", k, n))
	}
	s, amax, err := workingCopy(a)
	if err != nil {
		return nil, err
	}
	defer putWork(s.RawSymmetric().Data)
	if k == n || n <= 64 {
		// Small problems: the full decomposition is exact and fast.
		w := make([]float64, n)
		if !symEigen(w, nil, s, amax) {
			return nil, fmt.Errorf("%w: symmetric eigensolver (n = %d)", ErrNoConvergence, n)
		}
		return w[:k], nil
	}
	sym := s.RawSymmetric()
	// Scale by a power of two into a range where the products can neither
	// overflow nor underflow; the values are scaled back exactly.
	scale := rangeScale(amax)
	scaleTriangle(sym, scale)
	op := func(dst, x []float64) {
		blas64.Symv(1, sym, blas64.Vector{N: n, Inc: 1, Data: x}, 0, blas64.Vector{N: n, Inc: 1, Data: dst})
	}
	res, err := Lanczos(n, op, k, Smallest, nil)
	if res == nil {
		return nil, err
	}
	for i := range res.Values {
		res.Values[i] /= scale
	}
	return res.Values, err
}

// workingCopy returns a copy of the symmetric matrix a in a *mat.SymDense
// with stride n (upper triangle) on a slice from workPool (the caller hands
// it back with putWork when it is done with the copy: a fresh 50 MB slice
// per call cost 5 ms of clearing at n = 2500) and max |aᵢⱼ| over it, after
// checking that n ≥ 1 and every entry is finite, with finiteCopy's errors
// (ErrEmpty, or a *NotFiniteError naming the first NaN or ±Inf of the upper
// triangle in row-major order). When a exposes its upper triangle
// (mat.RawSymmetricer), the copy, the check and the maximum are one pass
// over the rows, split over the cores (copies and a maximum: the result
// does not depend on the split).
func workingCopy(a mat.Symmetric) (*mat.SymDense, float64, error) {
	n := a.SymmetricDim()
	return workingCopyInto(getWork(n*n), a)
}

// workingCopyInto is workingCopy into buf when it has length n² (of any
// contents: only the upper triangle is written), else into a fresh slice.
func workingCopyInto(buf []float64, a mat.Symmetric) (*mat.SymDense, float64, error) {
	n := a.SymmetricDim()
	if len(buf) != n*n {
		buf = make([]float64, n*n)
	}
	rs, ok := a.(mat.RawSymmetricer)
	if !ok || n == 0 || rs.RawSymmetric().Uplo != blas.Upper {
		s, err := finiteCopyInto(buf, a)
		if err != nil {
			return nil, 0, err
		}
		return s, maxAbsTriangle(s.RawSymmetric()), nil
	}
	src := rs.RawSymmetric()
	s := mat.NewSymDense(n, buf)
	dst := s.RawSymmetric()
	type part struct {
		amax     float64
		bad      bool
		row, col int
		v        float64
	}
	parts := upperParts(n)
	out := make([]part, len(parts)-1)
	forParts(parts, func(p, i0, i1 int) {
		var m float64
		for i := i0; i < i1; i++ {
			from := src.Data[i*src.Stride+i : i*src.Stride+n]
			to := dst.Data[i*dst.Stride+i : i*dst.Stride+n]
			copy(to, from)
			for j, v := range from {
				// One comparison: false for NaN and ±Inf. (The max
				// builtin, with its NaN and signed-zero rules, costs
				// several times more per entry.)
				a := math.Abs(v)
				if !(a <= math.MaxFloat64) {
					out[p] = part{bad: true, row: i, col: i + j, v: v}
					return
				}
				if a > m {
					m = a
				}
			}
		}
		out[p].amax = m
	})
	amax := 0.0
	for _, o := range out {
		if o.bad {
			return nil, 0, &NotFiniteError{What: "matrix entry", Row: o.row, Col: o.col, Value: o.v}
		}
		amax = max(amax, o.amax)
	}
	return s, amax, nil
}

// loadUpper copies the upper triangle of a (n×n) times f into the upper
// triangle of dst and adds sigma to its diagonal: the rows are split over
// the cores when a exposes its upper triangle, and otherwise copied by
// CopySym. f = 1 copies exactly.
func loadUpper(dst *mat.SymDense, a mat.Symmetric, f, sigma float64) {
	raw := dst.RawSymmetric()
	n := raw.N
	rs, ok := a.(mat.RawSymmetricer)
	if !ok || rs.RawSymmetric().Uplo != blas.Upper {
		dst.CopySym(a)
		scaleTriangle(raw, f)
		shiftDiag(raw, sigma)
		return
	}
	src := rs.RawSymmetric()
	forParts(upperParts(n), func(_, i0, i1 int) {
		for i := i0; i < i1; i++ {
			from := src.Data[i*src.Stride+i : i*src.Stride+n]
			to := raw.Data[i*raw.Stride+i : i*raw.Stride+n]
			if f == 1 {
				copy(to, from)
			} else {
				for j, v := range from {
					to[j] = v * f
				}
			}
			to[0] += sigma
		}
	})
}

// upperParts returns the row boundaries 0 = b₀ < … < b_p = n splitting the
// upper triangle of an n×n matrix into p parts of about equal size (the
// rows i ≥ b_k hold a fraction (1 − k/p)² of it), p = 2 on two cores or
// more for n ≥ 256, else 1.
func upperParts(n int) []int {
	p := 1
	if n >= 256 && runtime.GOMAXPROCS(0) >= 2 {
		p = 2
	}
	b := make([]int, p+1)
	for k := 1; k < p; k++ {
		b[k] = n - int(float64(n)*math.Sqrt(1-float64(k)/float64(p)))
	}
	b[p] = n
	return b
}

// forParts calls f(k, b[k], b[k+1]) for each part k, concurrently.
func forParts(b []int, f func(k, i0, i1 int)) {
	var wg sync.WaitGroup
	defer wg.Wait() // joined on every path, a panic's too
	for k := 1; k < len(b)-1; k++ {
		wg.Go(func() { f(k, b[k], b[k+1]) })
	}
	f(0, b[0], b[1])
}
