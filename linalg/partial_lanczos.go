// Copyright ©2026 The relulab Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package linalg

import (
	"fmt"
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/floats"
	gonumlapack "gonum.org/v1/gonum/lapack/gonum"
)

const (
	// minLanczosMaxIter bounds the Krylov dimension of minLanczos (capped
	// at n), as DefaultLanczosMaxIter does for Lanczos.
	minLanczosMaxIter = 300
	// minLanczosEigTol is the accepted bound on the eigenvalue error,
	// relative to ‖A‖: ten times below the 1e-12 the issue asks of λ_min.
	minLanczosEigTol = 1e-13
	// minLanczosCheck is the number of steps between convergence checks
	// (each costs O(m²) for the eigenvalues of the m×m tridiagonal T).
	minLanczosCheck = 4
	// confirmTol bounds, relative to ‖A‖, the drop of the smallest Ritz
	// value in minLanczosTol's confirmation step that still confirms it:
	// far above the rounding of the Ritz values (a few ε·‖T‖) and, for
	// shift-and-invert, a drop of δ·‖T‖ in −1/(λ − σ) is one of at most
	// δ·(λ₁ − σ) ≤ δ·‖A‖ in λ, below the 1e-12·‖A‖ asked of λ_min.
	confirmTol = 1e-13
)

// minLanczos returns the smallest Ritz value θ of the symmetric n×n operator
// op and the residual ‖A·x − θ·x‖ of its unit Ritz vector x, recomputed by
// one more operator call. It is single-vector Lanczos with full
// reorthogonalization (two passes of classical Gram–Schmidt, as Lanczos
// does) from a seeded random start, stopping when the residual r of the
// Ritz pair satisfies r ≤ DefaultLanczosTol·‖A‖ or when the eigenvalue error
// bound r²/gap (Kato–Temple, with gap the distance θ₂ − θ to the second Ritz
// value) is at most minLanczosEigTol·‖A‖, with ‖A‖ estimated by the largest
// |Ritz value|. The second test stops about a quarter earlier on spectra
// like GOE's, since the Ritz value converges twice as fast as the vector.
//
// It returns an error wrapping ErrNoConvergence (with the values reached) if
// neither test is met within min(n, minLanczosMaxIter) steps, and a
// *NotFiniteError if op returns NaN or ±Inf.
func minLanczos(n int, op func(dst, x []float64), seed uint64) (theta, res float64, err error) {
	r, err := minLanczosTol(n, op, seed, DefaultLanczosTol, minLanczosEigTol, minLanczosCheck, false)
	return r.theta, r.res, err
}

// minRitz is the result of minLanczosTol: the smallest Ritz value, the
// second one (theta for a one-dimensional space), the true residual and the
// unit Ritz vector.
type minRitz struct {
	theta, theta2, res float64
	x                  []float64
	iters              int
}

// minLanczosTol is minLanczos with the residual tolerance resTol and the
// eigenvalue-error tolerance eigTol (0 disables that test), both relative to
// the estimate of ‖A‖, checked every check steps (1 when op is so costly
// that a step saved outweighs the O(m²) of a check).
//
// With confirm, a Ritz pair that passes the tests is returned only if one
// more step lowers the smallest Ritz value by at most confirmTol·‖A‖ (else
// the iteration goes on). A small residual only places θ within r of some
// eigenvalue: when λ₁ lies closer than r to a large cluster, the Krylov
// space first holds a mixture of both, and its Ritz value is the cluster's
// (seen with λ₁ = 0.1 − 1e-11 below 349 copies of 0.1: stopped at the
// first small residual, shift-and-invert returned 0.1). The next Krylov
// direction is then that mixture's λ₁ part, and the step reveals it. At a
// true invariant subspace (few distinct eigenvalues) the extra step adds a
// rounding-noise direction and θ does not move.
func minLanczosTol(n int, op func(dst, x []float64), seed uint64, resTol, eigTol float64, check int, confirm bool) (minRitz, error) {
	var theta float64
	m := min(n, minLanczosMaxIter)
	v := make([]float64, (m+1)*n) // basis vectors as rows
	alpha := make([]float64, m)
	beta := make([]float64, m)
	h := make([]float64, m)
	d := make([]float64, m)
	e := make([]float64, m)
	y := make([]float64, m)
	work := make([]float64, 4*m)
	var impl gonumlapack.Implementation

	rng := rand.New(rand.NewPCG(seed, 0x6d696e6c616e637a)) // "minlancz"
	x := v[:n]
	for i := range x {
		x[i] = rng.NormFloat64()
	}
	floats.Scale(1/floats.Norm(x, 2), x)

	var tnorm, r, theta2 float64
	tmax := 0.0 // the largest |αⱼ|, βⱼ so far
	dim := 0
	var cand ritzCandidate // a converged pair awaiting confirmation
	if confirm {
		cand.y = make([]float64, m)
	}
	for {
		j := dim
		w := v[(j+1)*n : (j+2)*n]
		op(w, v[j*n:(j+1)*n])
		for i, wi := range w {
			if !isFinite(wi) {
				return minRitz{}, &NotFiniteError{What: "operator output", Row: i, Col: j, Value: wi}
			}
		}
		basis := blas64.General{Rows: j + 1, Cols: n, Stride: n, Data: v[:(j+1)*n]}
		wv := blas64.Vector{N: n, Inc: 1, Data: w}
		hv := blas64.Vector{N: j + 1, Inc: 1, Data: h[:j+1]}
		alpha[j] = 0
		for range 2 {
			blas64.Gemv(blas.NoTrans, 1, basis, wv, 0, hv)
			blas64.Gemv(blas.Trans, -1, basis, hv, 1, wv)
			alpha[j] += h[j]
		}
		b := floats.Norm(w, 2)
		beta[j] = b
		dim = j + 1
		tmax = max(tmax, math.Abs(alpha[j]), b)

		// Check now also at a (near) breakdown, β tiny against the entries
		// of T so far: the Krylov space is (nearly) invariant, as for a
		// spectrum of few distinct eigenvalues, and the vectors after it
		// would be rounding noise that delays the convergence test.
		if dim%check != 0 && dim < m && !(b <= 0x1p-40*tmax) && cand.dim == 0 {
			floats.Scale(1/b, w)
			continue
		}
		// Eigenvalues of T (ascending), the smallest one's eigenvector by
		// inverse iteration, and the Ritz residual β·|y_m|.
		copy(d, alpha[:dim])
		copy(e, beta[:dim-1])
		if !impl.Dsterf(dim, d[:dim], e[:max(dim-1, 0)]) {
			return minRitz{}, fmt.Errorf("%w: tridiagonal eigenvalues of order %d", ErrNoConvergence, dim)
		}
		theta = d[0]
		theta2 = theta
		if dim > 1 {
			theta2 = d[1]
		}
		tnorm = max(math.Abs(d[0]), math.Abs(d[dim-1]))
		if cand.dim > 0 && cand.confirmed(theta, tnorm, y) {
			dim, theta, theta2 = cand.dim, cand.theta, cand.theta2
			break
		}
		tridiagEigvec(alpha[:dim], beta[:dim-1], theta, tnorm, y[:dim], work)
		r = b * math.Abs(y[dim-1])
		breakdown := b <= 0x1p-52*tnorm
		converged := r <= resTol*tnorm || breakdown
		if !converged && dim > 1 {
			converged = r*r <= eigTol*tnorm*(theta2-theta)
		}
		if converged && confirm && !breakdown && dim < m {
			cand.hold(dim, theta, theta2, y)
			converged = false
		}
		if converged || dim == m {
			break
		}
		floats.Scale(1/b, w)
	}
	steps := dim
	if cand.dim > 0 {
		steps++ // the confirmation step
	}

	// The Ritz vector x = Vᵀy and its true residual.
	x = make([]float64, n)
	basis := blas64.General{Rows: dim, Cols: n, Stride: n, Data: v[:dim*n]}
	blas64.Gemv(blas.Trans, 1, basis, blas64.Vector{N: dim, Inc: 1, Data: y[:dim]}, 0, blas64.Vector{N: n, Inc: 1, Data: x})
	floats.Scale(1/floats.Norm(x, 2), x)
	ax := v[dim*n : (dim+1)*n]
	op(ax, x)
	floats.AddScaled(ax, -theta, x)
	res := floats.Norm(ax, 2)
	out := minRitz{theta: theta, theta2: theta2, res: res, x: x, iters: steps}
	if !isFinite(res) {
		return minRitz{}, &NotFiniteError{What: "Ritz residual", Row: 0, Col: dim, Value: res}
	}
	// The true residual may exceed the estimate by rounding; allow ten
	// times the tolerances before declaring failure.
	if !(res <= 10*resTol*tnorm) && !(res*res <= 10*eigTol*tnorm*(theta2-theta)) {
		return out, fmt.Errorf("%w: Lanczos for λ_min: residual %.3g with ‖A‖ ≈ %.3g after %d steps",
			ErrNoConvergence, res, tnorm, dim)
	}
	return out, nil
}

// ritzCandidate is a smallest Ritz pair that passed the convergence tests
// and awaits confirmation by one more step: its dimension, its Ritz value
// and the second one, and its vector in the basis of the Krylov space.
type ritzCandidate struct {
	dim           int
	theta, theta2 float64
	y             []float64
}

// hold records the pair of dimension dim with Ritz values theta, theta2 and
// vector y[:dim].
func (c *ritzCandidate) hold(dim int, theta, theta2 float64, y []float64) {
	c.dim, c.theta, c.theta2 = dim, theta, theta2
	copy(c.y, y[:dim])
}

// confirmed reports whether the held pair stands after one more step, whose
// smallest Ritz value is theta (tnorm ≈ ‖T‖): θ never rises with the
// dimension, and the pair stands if θ dropped by at most confirmTol·tnorm.
// It then copies the held vector into y; otherwise it drops the pair.
func (c *ritzCandidate) confirmed(theta, tnorm float64, y []float64) bool {
	if c.theta-theta <= confirmTol*tnorm {
		copy(y, c.y[:c.dim])
		return true
	}
	c.dim = 0
	return false
}

// tridiagEigvec stores in y the unit eigenvector, by three steps of inverse
// iteration, of the symmetric tridiagonal matrix T with diagonal a and
// off-diagonal b for its eigenvalue theta, with tnorm ≈ ‖T‖. Each step
// solves (T − θI)·z = y by Gaussian elimination with partial pivoting
// (LAPACK's dgtsv); a zero pivot is replaced by ε·‖T‖. work has length at
// least 4·len(a).
func tridiagEigvec(a, b []float64, theta, tnorm float64, y, work []float64) {
	m := len(a)
	tiny := 0x1p-52 * max(tnorm, math.SmallestNonzeroFloat64)
	for i := range y {
		y[i] = 1
	}
	dg, du, dl, du2 := work[:m], work[m:2*m], work[2*m:3*m], work[3*m:4*m]
	for range 3 {
		for i := range m {
			dg[i] = a[i] - theta
			du2[i] = 0
		}
		copy(du, b)
		copy(dl, b)
		for i := 0; i < m-1; i++ {
			if math.Abs(dg[i]) >= math.Abs(dl[i]) {
				if dg[i] == 0 {
					dg[i] = tiny
				}
				f := dl[i] / dg[i]
				dg[i+1] -= f * du[i]
				y[i+1] -= f * y[i]
			} else {
				f := dg[i] / dl[i]
				dg[i] = dl[i]
				t := dg[i+1]
				dg[i+1] = du[i] - f*t
				if i < m-2 {
					du2[i] = du[i+1]
					du[i+1] = -f * du2[i]
				}
				du[i] = t
				y[i], y[i+1] = y[i+1], y[i]-f*y[i+1]
			}
		}
		if dg[m-1] == 0 {
			dg[m-1] = tiny
		}
		y[m-1] /= dg[m-1]
		if m > 1 {
			y[m-2] = (y[m-2] - du[m-2]*y[m-1]) / dg[m-2]
		}
		for i := m - 3; i >= 0; i-- {
			y[i] = (y[i] - du[i]*y[i+1] - du2[i]*y[i+2]) / dg[i]
		}
		floats.Scale(1/floats.Norm(y, 2), y)
	}
}
