// Copyright ©2026 The relulab Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package linalg

import (
	"math"
	"math/rand/v2"
	"slices"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/lapack"
	gonumlapack "gonum.org/v1/gonum/lapack/gonum"

	"github.com/relulab/relulab/linalg/internal/chol"
)

// lanczosBlock is the block size of blockShiftInvertMin: the eight
// right-hand sides of chol.SolveMulti, whose solve costs about as much as
// one with a single right-hand side.
const lanczosBlock = 8

// blockMinRitz is a result of blockMinLanczos: the smallest Ritz value,
// the second one, the unit Ritz vector x and the number of operator calls
// (blocks) so far.
type blockMinRitz struct {
	theta, theta2 float64
	x             []float64
	steps         int
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
	// A pair that passes them but not the test in A (whose ‖A‖ is only
	// estimated from below) lets the iteration go on.
	accept := func(r blockMinRitz) bool {
		if r.theta >= 0 {
			return false
		}
		lambda, ok = acceptShiftInvert(n, r.x, r.theta, r.theta2, symv, sigma, amax)
		return ok
	}
	if _, found := blockMinLanczos(n, lanczosBlock, op, 0, 1e-11, accept); !found {
		return 0, false
	}
	return lambda, true
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
// H = Vᵀ·op(V) is taken from the Gram–Schmidt coefficients of both passes,
// not from a block recurrence, so it stays exact up to rounding after such
// a replacement. The basis holds at most min(n, blockLanczosMaxDim)
// vectors (n × 160 values for n ≥ 160).
//
// The smallest Ritz pair (θ, y) is a candidate when its residual
// ‖R·y_last‖ (y_last: y's entries on the newest block) is at most
// resTol·‖H‖, or at a breakdown (R at the rounding level of H: the space is
// invariant), and, as in minLanczosTol, it stands only if the next block
// lowers θ by at most confirmTol·‖H‖ (not needed at a breakdown). A
// candidate that stands is returned if accept, given it, reports true;
// otherwise the iteration goes on. ok is false if no candidate is accepted
// within the cap of blockLanczosMaxDim basis vectors (or n), if from block
// blockPredictFrom on the residuals' rate predicts that none will be
// (slowBlocks: λ₁ not separated enough for blocks), or if op returns NaN
// or ±Inf.
func blockMinLanczos(n, b int, op func(x []float64), seed uint64, resTol float64, accept func(blockMinRitz) bool) (out blockMinRitz, ok bool) {
	// Blocks beyond the first: the basis holds at most blockLanczosMaxDim
	// vectors (or n).
	steps := min(n, blockLanczosMaxDim)/b - 1
	if steps < 1 {
		return out, false
	}
	mmax := (steps + 1) * b
	v := make([]float64, mmax*n) // the basis vectors as rows
	w := make([]float64, n*b)    // the block under the operator, row-major n×b
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
	// againstBasis orthogonalizes col against the basis's first m vectors
	// (one pass of classical Gram–Schmidt).
	againstBasis := func(col []float64, m int) {
		if m == 0 {
			return
		}
		basis := blas64.General{Rows: m, Cols: n, Stride: n, Data: v[:m*n]}
		hv := blas64.Vector{N: m, Inc: 1, Data: c[:m]}
		cv := blas64.Vector{N: n, Inc: 1, Data: col}
		blas64.Gemv(blas.NoTrans, 1, basis, cv, 0, hv)
		blas64.Gemv(blas.Trans, -1, basis, hv, 1, cv)
	}
	// inBlock orthogonalizes the column q of wc against the columns before
	// it (two passes), adding the coefficients to R, and returns its norm.
	inBlock := func(q int) float64 {
		col := wc[q*n : (q+1)*n]
		for range 2 {
			for p := range q {
				prev := wc[p*n : (p+1)*n]
				d := floats.Dot(prev, col)
				floats.AddScaled(col, -d, prev)
				rr[p*b+q] += d
			}
		}
		return floats.Norm(col, 2)
	}
	// qr orthonormalizes the columns of wc, already orthogonal to the
	// basis's first m vectors up to rounding relative to their norms, and
	// of norms norm0[q] before that, against each other, with R in rr;
	// returns false if a column is not finite.
	norm0 := make([]float64, b)
	qr := func(m int) bool {
		clear(rr)
		for q := range b {
			col := wc[q*n : (q+1)*n]
			before := floats.Norm(col, 2)
			after := inBlock(q)
			if !isFinite(after) {
				return false
			}
			rr[q*b+q] = after
			switch {
			case after <= 0x1p-40*norm0[q] || after == 0:
				// Cancelled to rounding noise: the Krylov space is
				// (nearly) invariant in this direction. A random
				// direction orthogonal to the basis keeps the block
				// full; its coupling stays the noise level in rr.
				for i := range col {
					col[i] = rng.NormFloat64()
				}
				saved := slices.Clone(rr[:q*b+q])
				for range 2 {
					againstBasis(col, m)
				}
				inBlock(q)
				copy(rr, saved) // the random vector's coefficients are not couplings
				after = floats.Norm(col, 2)
			case after < 0x1p-6*before:
				// Cancellation: orthogonality to the basis, to about
				// ε relative to the norm before, is ε·before/after
				// relative to the norm now; beyond 64·ε it is restored
				// (two passes, each over the whole basis).
				for range 2 {
					againstBasis(col, m)
				}
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
	for q := range b {
		norm0[q] = floats.Norm(wc[q*n:(q+1)*n], 2)
	}
	if !qr(0) {
		return out, false
	}
	copy(v, wc)

	cand := ritzCandidate{y: make([]float64, mmax)} // awaiting confirmation
	// The relative residuals of the last five blocks.
	var hist [5]float64
	calls := 0
	// ritz returns the pair of dimension dim with vector y[:dim] in the
	// basis.
	ritz := func(dim int, theta, theta2 float64) blockMinRitz {
		x := make([]float64, n)
		basis := blas64.General{Rows: dim, Cols: n, Stride: n, Data: v[:dim*n]}
		blas64.Gemv(blas.Trans, 1, basis, blas64.Vector{N: dim, Inc: 1, Data: y[:dim]}, 0, blas64.Vector{N: n, Inc: 1, Data: x})
		floats.Scale(1/floats.Norm(x, 2), x)
		return blockMinRitz{theta: theta, theta2: theta2, x: x, steps: calls}
	}
	for j := 0; ; j++ {
		m := (j + 1) * b // basis vectors so far
		blk := v[j*b*n : m*n]
		for q := range b {
			for i, x := range blk[q*n : (q+1)*n] {
				w[i*b+q] = x
			}
		}
		op(w)
		calls++
		clear(norm0)
		for i, x := range w {
			if !isFinite(x) {
				return out, false
			}
			norm0[i%b] += x * x
		}
		for q := range norm0 {
			norm0[q] = math.Sqrt(norm0[q])
		}
		// Two passes of classical Gram–Schmidt against the whole basis,
		// eight basis vectors at a time (chol's kernels: one pass over
		// them for the eight columns of W); the coefficients are column
		// block j of H.
		for pass := range 2 {
			for g := 0; g < m; g += b {
				acc := (*[64]float64)(c[g*b : (g+b)*b])
				clear(acc[:])
				chol.DotRows(b, b, n, v[g*n:], n, w, b, acc)
			}
			for g := 0; g < m; g += b {
				chol.SubRows(b, b, n, v[g*n:], n, c[g*b:], w, b)
			}
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
			if r := ritz(cand.dim, cand.theta, cand.theta2); accept(r) {
				return r, true
			}
			cand.dim = 0 // not accepted: on with a larger space
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
		hist[j%len(hist)] = res / tnorm
		if !converged && j >= blockPredictFrom && slowBlocks(hist[:], j, steps, resTol) {
			return out, false
		}
		if converged && !breakdown && j < steps {
			cand.hold(m, theta, theta2, y)
			converged = false
		}
		if converged {
			if r := ritz(m, theta, theta2); accept(r) {
				return r, true
			}
		}
		if j == steps {
			return out, false
		}
		copy(v[m*n:(m+b)*n], wc)
	}
}

// blockLanczosMaxDim bounds the basis of blockMinLanczos: the dense
// eigenproblem of H costs O(m³) per block, and a block Krylov space of
// dimension m holds polynomials of degree m/b only, so that where λ₁ is not
// separated from the rest (the edge of a continuous spectrum) single-vector
// Lanczos, with its degree m, is the better method.
const blockLanczosMaxDim = 160

// blockPredictFrom is the first block at which blockMinLanczos predicts
// its convergence: before, the residual falls irregularly (0.18, 0.15,
// 0.068, 0.029, 0.0078 relative for blocks 1–5 of the Hessian near a
// minimum, which converges at block 11).
const blockPredictFrom = 10

// slowBlocks reports whether the relative residuals res/‖H‖ of the last
// blocks (hist, a ring indexed by block, the newest at j) predict that
// tol is not reached within the blocks left (up to steps): the geometric
// rate over the ring, extrapolated. Block Lanczos converges faster than
// geometrically on a separated λ₁ (the rate only improves), so that the
// prediction errs on the side of going on; on an unseparated λ₁ it stops
// early, for single-vector Lanczos to take over.
func slowBlocks(hist []float64, j, steps int, tol float64) bool {
	k := len(hist) - 1
	now, then := hist[j%len(hist)], hist[(j-k)%len(hist)]
	if !(now > 0 && then > 0) {
		return false
	}
	rate := math.Pow(now/then, 1/float64(k))
	if rate >= 1 {
		return true
	}
	return float64(j)+math.Log(tol/now)/math.Log(rate) > float64(steps)
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
