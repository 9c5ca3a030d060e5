// Copyright ©2026 The relulab Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package linalg

import (
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/lapack"
	gonumlapack "gonum.org/v1/gonum/lapack/gonum"
)

// lanczosBlock is the block size of blockShiftInvertMin: the eight
// right-hand sides of chol.SolveMulti, whose solve costs about as much as
// one with a single right-hand side.
const lanczosBlock = 8

// blockMinRitz is the result of blockMinLanczos: the smallest Ritz value,
// the second one, the residual estimate ‖R·y_last‖, the unit Ritz vector x
// and the number of operator calls (blocks).
type blockMinRitz struct {
	theta, theta2, res float64
	x                  []float64
	steps              int
}

// blockShiftInvertMin is shiftInvertMin by block Lanczos: solve overwrites
// the n×lanczosBlock matrix X (row-major) with (A − σ·I)⁻¹·X for the
// positive definite A − σ·I (by its factors). λ₁ of A is returned with the
// same acceptance test as shiftInvertMin's, on the Ritz vector of the
// smallest eigenvalue of −(A − σ·I)⁻¹ in a block Krylov space.
//
// A block of b start vectors makes the convergence to λ₁ depend on its
// distance to λ_{b+1} rather than λ₂: on a clustered bottom of the spectrum
// (a Hessian near a minimum) the Krylov space needs far fewer blocks than
// single-vector Lanczos needs vectors, and a block solve costs little more
// than a single one.
func blockShiftInvertMin(n int, solve func(x []float64), symv func(dst, x []float64), sigma, amax float64) (lambda float64, ok bool) {
	op := func(x []float64) {
		solve(x)
		floats.Scale(-1, x)
	}
	// The tolerances of shiftInvertMin, for the same reasons: the residual
	// 1e-11·‖(A − σI)⁻¹‖ puts the Ritz vector far inside the acceptance
	// test below, and one more block confirms that θ no longer drops.
	r, ok := blockMinLanczos(n, lanczosBlock, op, 0, 1e-11)
	if !ok || r.theta >= 0 {
		return 0, false
	}
	return acceptShiftInvert(n, r.x, r.theta, r.theta2, symv, sigma, amax)
}

// acceptShiftInvert returns λ = xᵀAx for the unit Ritz vector x of the
// shift-and-invert Lanczos on −(A − σ·I)⁻¹ (products by symv), and whether
// its residual r = ‖Ax − λx‖ satisfies r ≤ 1e-10·‖A‖ or
// r²/gap ≤ 1e-13·‖A‖, the criteria of minLanczos, with gap the distance to
// the second Ritz value θ₂ (theta2, above the smallest one theta) mapped
// back, σ − 1/θ₂, and ‖A‖ estimated from below by max(amax, |λ|).
func acceptShiftInvert(n int, x []float64, theta, theta2 float64, symv func(dst, x []float64), sigma, amax float64) (lambda float64, ok bool) {
	ax := make([]float64, n)
	symv(ax, x)
	lambda = floats.Dot(x, ax)
	floats.AddScaled(ax, -lambda, x)
	res := floats.Norm(ax, 2)
	anorm := max(amax, math.Abs(lambda))
	gap := 0.0 // only the residual test without a second Ritz value
	if theta2 < 0 && theta2 > theta {
		gap = sigma - 1/theta2 - lambda
	}
	ok = res <= DefaultLanczosTol*anorm || (gap > 0 && res*res <= minLanczosEigTol*anorm*gap)
	return lambda, ok
}

// blockMinLanczos returns the smallest Ritz value of the symmetric n×n
// operator op, which overwrites the n×b matrix X (row-major) with op(X), in
// the block Krylov space of a seeded random n×b start, with full
// reorthogonalization (two passes of classical Gram–Schmidt against the
// whole basis, by matrix products, then a Gram–Schmidt QR W = Q·R of the
// new block; a column that cancels to rounding noise, where the space is
// invariant, is replaced by a random one). The Rayleigh quotient matrix
// H = VᵀAV is taken from the first pass's coefficients, not from a block
// recurrence, so it stays exact up to rounding after such a replacement.
//
// The smallest Ritz pair (θ, y) is accepted when its residual ‖R·y_last‖
// (y_last: y's entries on the newest block) is at most resTol·‖H‖, or at a
// breakdown (R at the rounding level of H: the space is invariant), and, as
// in minLanczosTol, only if the next block lowers θ by at most
// confirmTol·‖H‖. ok is false if it is not accepted within the cap of
// minLanczosMaxIter basis vectors (or n), or if op returns NaN or ±Inf.
func blockMinLanczos(n, b int, op func(x []float64), seed uint64, resTol float64) (out blockMinRitz, ok bool) {
	steps := min(n, minLanczosMaxIter)/b - 1 // blocks beyond the first
	if steps < 1 {
		return out, false
	}
	mmax := (steps + 1) * b
	v := make([]float64, n*mmax) // the basis as columns (row-major n×mmax)
	w := make([]float64, n*b)    // the block under the operator, row-major
	wc := make([]float64, b*n)   // its columns, for the QR
	h := make([]float64, mmax*mmax)
	c := make([]float64, mmax*b)
	rr := make([]float64, b*b)
	var (
		impl       gonumlapack.Implementation
		s          []float64 // H's leading m×m block for Dsyev
		lu         []float64
		ipiv       []int
		evals      = make([]float64, mmax)
		work       []float64
		y          = make([]float64, mmax)
		theta      float64
		theta2     float64
		tnorm, res float64
	)
	rng := rand.New(rand.NewPCG(seed, 0x626c6f636b6c616e)) // "blocklan"
	basis := func(m int) blas64.General {
		return blas64.General{Rows: n, Cols: m, Stride: mmax, Data: v}
	}
	// orthonormalize the column q of wc against the basis's first m columns
	// and the columns of wc before q (two passes), and normalize it;
	// returns the norms before and after.
	orth := func(q, m int) (before, after float64) {
		col := wc[q*n : (q+1)*n]
		before = floats.Norm(col, 2)
		for range 2 {
			if m > 0 {
				hv := blas64.Vector{N: m, Inc: 1, Data: c[:m]}
				cv := blas64.Vector{N: n, Inc: 1, Data: col}
				blas64.Gemv(blas.Trans, 1, basis(m), cv, 0, hv)
				blas64.Gemv(blas.NoTrans, -1, basis(m), hv, 1, cv)
			}
			for p := range q {
				prev := wc[p*n : (p+1)*n]
				d := floats.Dot(prev, col)
				floats.AddScaled(col, -d, prev)
				rr[p*b+q] += d
			}
		}
		after = floats.Norm(col, 2)
		return before, after
	}
	// qr orthonormalizes the columns of wc against the basis's first m
	// columns (already orthogonal to it up to rounding) and each other,
	// with R in rr; returns false if a column is not finite.
	qr := func(m int) bool {
		clear(rr)
		for q := range b {
			col := wc[q*n : (q+1)*n]
			before, after := orth(q, m)
			if !isFinite(after) {
				return false
			}
			rr[q*b+q] = after
			if after <= 0x1p-26*before || after == 0 {
				// Cancelled to rounding noise: the Krylov space is
				// (nearly) invariant in this direction. A random
				// direction orthogonal to the basis keeps the block
				// full; its coupling stays the noise level in rr.
				for i := range col {
					col[i] = rng.NormFloat64()
				}
				saved := append([]float64(nil), rr[:q*b+q]...)
				orth(q, m)
				copy(rr, saved) // the random vector's coefficients are not couplings
				after = floats.Norm(col, 2)
			}
			floats.Scale(1/after, col)
		}
		return true
	}
	// Start: a random block, orthonormalized.
	for i := range wc {
		wc[i] = rng.NormFloat64()
	}
	if !qr(0) {
		return out, false
	}
	setBlock := func(j int) {
		for q := range b {
			col := wc[q*n : (q+1)*n]
			for i, x := range col {
				v[i*mmax+j*b+q] = x
			}
		}
	}
	setBlock(0)

	cand := ritzCandidate{y: make([]float64, mmax)} // awaiting confirmation
	dim := 0
	for j := 0; ; j++ {
		m := (j + 1) * b // basis vectors so far
		for i := range n {
			copy(w[i*b:(i+1)*b], v[i*mmax+j*b:i*mmax+(j+1)*b])
		}
		op(w)
		for _, x := range w {
			if !isFinite(x) {
				return out, false
			}
		}
		// Two passes of classical Gram–Schmidt against the whole basis;
		// the coefficients are column block j of H.
		wg := blas64.General{Rows: n, Cols: b, Stride: b, Data: w}
		cg := blas64.General{Rows: m, Cols: b, Stride: b, Data: c[:m*b]}
		for pass := range 2 {
			blas64.Gemm(blas.Trans, blas.NoTrans, 1, basis(m), wg, 0, cg)
			blas64.Gemm(blas.NoTrans, blas.NoTrans, -1, basis(m), cg, 1, wg)
			for r := range m {
				row := h[r*mmax+j*b : r*mmax+(j+1)*b]
				if pass == 0 {
					copy(row, c[r*b:(r+1)*b])
				} else {
					floats.Add(row, c[r*b:(r+1)*b])
				}
			}
		}
		for i := range n {
			for q := range b {
				wc[q*n+i] = w[i*b+q]
			}
		}
		if !qr(m) {
			return out, false
		}
		dim = m

		// Ritz values: the eigenvalues of H's leading m×m block (its
		// upper triangle).
		s = append(s[:0], make([]float64, m*m)...)
		for r := range m {
			copy(s[r*m+r:(r+1)*m], h[r*mmax+r:r*mmax+m])
		}
		if len(work) < 3*m {
			work = make([]float64, 1)
			impl.Dsyev(lapack.EVNone, blas.Upper, m, s, m, evals[:m], work, -1)
			work = make([]float64, max(int(work[0]), 3*m))
		}
		if !impl.Dsyev(lapack.EVNone, blas.Upper, m, s, m, evals[:m], work, len(work)) {
			return out, false
		}
		theta, theta2 = evals[0], evals[1]
		tnorm = max(math.Abs(evals[0]), math.Abs(evals[m-1]))
		if cand.dim > 0 && cand.confirmed(theta, tnorm, y) {
			dim, theta, theta2 = cand.dim, cand.theta, cand.theta2
			break
		}
		// The Ritz vector in H's basis by inverse iteration, and the
		// residual ‖R·y_last‖.
		lu = append(lu[:0], make([]float64, m*m)...)
		ipiv = append(ipiv[:0], make([]int, m)...)
		denseEigvec(h, mmax, m, theta, tnorm, y[:m], lu, ipiv)
		var rn float64
		for p := range b {
			var t float64
			for q := p; q < b; q++ {
				t += rr[p*b+q] * y[j*b+q]
			}
			rn += t * t
		}
		res = math.Sqrt(rn)
		rmax := 0.0
		for _, x := range rr {
			rmax = max(rmax, math.Abs(x))
		}
		breakdown := rmax <= 0x1p-52*tnorm
		converged := res <= resTol*tnorm || breakdown
		if converged && !breakdown && j < steps {
			cand.hold(dim, theta, theta2, y)
			converged = false
		}
		if converged {
			break
		}
		if j == steps {
			return out, false
		}
		setBlock(j + 1)
	}
	x := make([]float64, n)
	blas64.Gemv(blas.NoTrans, 1, basis(dim), blas64.Vector{N: dim, Inc: 1, Data: y[:dim]}, 0, blas64.Vector{N: n, Inc: 1, Data: x})
	floats.Scale(1/floats.Norm(x, 2), x)
	return blockMinRitz{theta: theta, theta2: theta2, res: res, x: x, steps: dim/b + 1}, true
}

// denseEigvec stores in y (length m) the unit eigenvector, by three steps
// of inverse iteration, of the symmetric m×m matrix whose upper triangle is
// in h (row-major, stride ldh) for its eigenvalue theta, with
// tnorm ≈ its norm: LU factors of H − θI with partial pivoting, a pivot
// below ε·‖H‖ replaced by ε·‖H‖. lu (m·m) and ipiv (m) are workspace.
func denseEigvec(h []float64, ldh, m int, theta, tnorm float64, y, lu []float64, ipiv []int) {
	var impl gonumlapack.Implementation
	for r := range m {
		for q := r; q < m; q++ {
			lu[r*m+q] = h[r*ldh+q]
			lu[q*m+r] = h[r*ldh+q]
		}
		lu[r*m+r] -= theta
	}
	impl.Dgetrf(m, m, lu, m, ipiv)
	tiny := 0x1p-52 * max(tnorm, math.SmallestNonzeroFloat64)
	for r := range m {
		if math.Abs(lu[r*m+r]) < tiny {
			lu[r*m+r] = math.Copysign(tiny, lu[r*m+r])
		}
	}
	for i := range y {
		y[i] = 1
	}
	for range 3 {
		impl.Dgetrs(blas.NoTrans, m, 1, lu, m, ipiv, y, 1)
		floats.Scale(1/floats.Norm(y, 2), y)
	}
}
