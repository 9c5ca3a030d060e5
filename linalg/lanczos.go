// Copyright ©2026 The relulab Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package linalg

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/mat"
)

// Which selects the end of the spectrum Lanczos computes.
type Which int

const (
	// Smallest asks for the k smallest (most negative) eigenvalues.
	Smallest Which = iota
	// Largest asks for the k largest eigenvalues.
	Largest
)

// String returns "smallest" or "largest".
func (w Which) String() string {
	switch w {
	case Smallest:
		return "smallest"
	case Largest:
		return "largest"
	}
	return fmt.Sprintf("Which(%d)", int(w))
}

// Default Lanczos settings, used for zero fields of LanczosSettings.
const (
	// DefaultLanczosTol is the default relative residual tolerance: a
	// Ritz pair (θ, v) is accepted when ‖Av − θv‖ ≤ Tol·‖A‖, which bounds
	// the eigenvalue error by Tol·‖A‖ (and by (Tol·‖A‖)²/gap when θ is
	// separated from the rest of the spectrum by gap). With full
	// reorthogonalization residuals go down to about 1e-14·‖A‖, so 1e-10
	// is reachable with a safety margin.
	DefaultLanczosTol = 1e-10
	// DefaultLanczosMaxIter is the default bound on the dimension of the
	// search space (the number of operator calls), before it is capped at
	// n and raised to at least 30·k.
	DefaultLanczosMaxIter = 300
)

// LanczosSettings configures Lanczos. The zero value (and a nil pointer) give
// useful defaults.
type LanczosSettings struct {
	// MaxIter bounds the dimension of the search space, which is the
	// number of operator calls used to build it. Zero means
	// min(n, max(DefaultLanczosMaxIter, 30·k)); a value above n is capped
	// at n, where the result is exact up to rounding.
	MaxIter int
	// Tol is the relative residual tolerance: the run has converged when
	// every wanted Ritz pair has ‖Av − θv‖ ≤ Tol·‖A‖_est, with ‖A‖_est the
	// largest |θ| over all current Ritz values (a lower bound on ‖A‖₂ that
	// is accurate once the extreme eigenvalues have converged). Zero means
	// DefaultLanczosTol.
	Tol float64
	// Seed seeds the random start block (math/rand/v2 PCG); every seed,
	// including 0, is valid, and a seed fixes the result bit for bit.
	Seed uint64
}

// LanczosResult holds the Ritz pairs found by Lanczos.
type LanczosResult struct {
	// Values holds the k Ritz values θ₁ ≤ … ≤ θ_k, ascending, also when
	// the largest eigenvalues were asked for.
	Values []float64
	// Vectors is n×k; column i is the unit Ritz vector of Values[i], with
	// the sign convention of EigenSym.
	Vectors *mat.Dense
	// Residuals[i] = ‖A vᵢ − θᵢ vᵢ‖, computed with an extra operator call
	// on the returned vector.
	Residuals []float64
	// Iterations is the dimension of the search space built, equal to the
	// number of operator calls made to build it (k more calls compute the
	// residuals).
	Iterations int
	// Converged reports whether every residual is at most
	// Tol·‖A‖_est (see LanczosSettings.Tol).
	Converged bool
}

// Lanczos computes the k smallest or largest eigenpairs of the symmetric n×n
// operator A given only through op, which must store y = A·x in dst
// (len(dst) = len(x) = n) without keeping or modifying x.
//
// The method is block Lanczos with full reorthogonalization: the search space
// is the block Krylov space span{X, AX, A²X, …} of a random start block X of
// k columns (seeded N(0,1) entries), kept orthonormal by two passes of
// classical Gram–Schmidt against all previous vectors, and the Ritz pairs are
// extracted by Rayleigh–Ritz from the projected matrix Vᵀ(AV), computed from the
// stored products. The block size k means that an eigenvalue repeated up to
// k times among the wanted ones is found with its full multiplicity, which a
// single Krylov sequence cannot do. When a new Krylov vector lies in the
// current space (an invariant subspace has been found) it is replaced by a
// fresh random vector. Convergence is tested on the way at
// geometrically spaced search-space dimensions; the returned residuals are
// recomputed with op on the final vectors.
//
// If the criterion of LanczosSettings.Tol is not met within MaxIter operator
// calls, Lanczos returns the current Ritz pairs with Converged false together
// with an error wrapping ErrNoConvergence. If op returns NaN or ±Inf it
// returns a nil result and a *NotFiniteError (matching ErrNotFinite) naming the
// component and the call.
//
// Lanczos panics if n < 1, k < 1, k > n, op is nil, which is not Smallest or
// Largest, or s has a negative MaxIter, 0 < MaxIter < k, or a negative or NaN
// Tol.
func Lanczos(n int, op func(dst, x []float64), k int, which Which, s *LanczosSettings) (*LanczosResult, error) {
	return LanczosContext(context.Background(), n, op, k, which, s)
}

// LanczosContext is Lanczos with a context, checked before every operator
// call: when ctx is done it returns a nil result and an error wrapping
// ctx.Err().
func LanczosContext(ctx context.Context, n int, op func(dst, x []float64), k int, which Which, s *LanczosSettings) (*LanczosResult, error) {
	if n < 1 {
		panic("linalg: Lanczos with n < 1")
	}
	if k < 1 || k > n {
		panic(fmt.Sprintf("linalg: Lanczos asked for k = %d eigenpairs of an operator of size %d", k, n))
	}
	if op == nil {
		panic("linalg: nil Lanczos operator")
	}
	if which != Smallest && which != Largest {
		panic(fmt.Sprintf("linalg: bad Which %d", int(which)))
	}
	var set LanczosSettings
	if s != nil {
		set = *s
	}
	if set.MaxIter < 0 || (set.MaxIter > 0 && set.MaxIter < k) {
		panic(fmt.Sprintf("linalg: Lanczos MaxIter = %d with k = %d", set.MaxIter, k))
	}
	if !(set.Tol >= 0) {
		panic(fmt.Sprintf("linalg: bad Lanczos tolerance %v", set.Tol))
	}
	if set.MaxIter == 0 {
		set.MaxIter = max(DefaultLanczosMaxIter, 30*k)
	}
	set.MaxIter = min(set.MaxIter, n)
	if set.Tol == 0 {
		set.Tol = DefaultLanczosTol
	}

	l := &lanczos{
		ctx: ctx,
		n:   n,
		op:  op,
		rng: rand.New(rand.NewPCG(set.Seed, 0x6c616e637a6f73)), // second word: "lanczos"
		w:   make([]float64, n),
		h:   make([]float64, set.MaxIter),
	}
	// Start block: k random vectors.
	for l.dim() < k {
		if err := l.addRandom(); err != nil {
			return nil, err
		}
	}
	lastStart, lastEnd := 0, k
	next := k // search-space dimension of the next convergence check
	var rr ritz
	for {
		if l.dim() >= next || l.dim() == set.MaxIter {
			var err error
			rr, err = l.rayleighRitz(k, which)
			if err != nil {
				return nil, err
			}
			if rr.converged(set.Tol) || l.dim() == set.MaxIter {
				break
			}
			next = max(l.dim()+k, l.dim()+l.dim()/10)
		}
		// Next block: A times the previous block, orthogonalized.
		start := l.dim()
		for r := lastStart; r < lastEnd && l.dim() < set.MaxIter; r++ {
			copy(l.w, l.av[r*n:(r+1)*n])
			added, err := l.add(l.w)
			if err != nil {
				return nil, err
			}
			if !added {
				if err := l.addRandom(); err != nil {
					return nil, err
				}
			}
		}
		lastStart, lastEnd = start, l.dim()
	}

	// Final Ritz vectors and their true residuals.
	res := &LanczosResult{
		Values:     rr.theta,
		Vectors:    rr.x,
		Residuals:  make([]float64, k),
		Iterations: l.dim(),
	}
	fixSigns(res.Vectors)
	x := make([]float64, n)
	ax := make([]float64, n)
	for i := range k {
		mat.Col(x, i, res.Vectors)
		if err := l.apply(ax, x); err != nil {
			return nil, err
		}
		floats.AddScaled(ax, -rr.theta[i], x)
		res.Residuals[i] = floats.Norm(ax, 2)
	}
	res.Converged = true
	for _, r := range res.Residuals {
		if !(r <= set.Tol*rr.norm) {
			res.Converged = false
		}
	}
	if !res.Converged {
		return res, fmt.Errorf("%w: Lanczos for the %d %s eigenpairs: largest residual %.3g > %.3g·‖A‖ ≈ %.3g after %d iterations",
			ErrNoConvergence, k, which, floats.Max(res.Residuals), set.Tol, set.Tol*rr.norm, res.Iterations)
	}
	return res, nil
}

// lanczos holds the state of a block Krylov iteration: the orthonormal basis
// V and the products AV, both stored as rows of n values, and the upper
// triangle of T = Vᵀ(AV) by columns.
type lanczos struct {
	ctx   context.Context
	n     int
	op    func(dst, x []float64)
	rng   *rand.Rand
	calls int

	v, av []float64   // dim×n each, row-major
	t     [][]float64 // t[j][i] = vᵢ·(A vⱼ), i ≤ j
	w, h  []float64   // scratch: a candidate vector and its coefficients
}

func (l *lanczos) dim() int { return len(l.t) }

// basis returns V as a dim×n general matrix.
func (l *lanczos) basis() blas64.General {
	return blas64.General{Rows: l.dim(), Cols: l.n, Stride: l.n, Data: l.v}
}

// apply computes dst = A x with op and checks that the result is finite.
func (l *lanczos) apply(dst, x []float64) error {
	if err := l.ctx.Err(); err != nil {
		return fmt.Errorf("linalg: Lanczos stopped after %d operator calls: %w", l.calls, err)
	}
	l.calls++
	l.op(dst, x)
	for i, y := range dst {
		if !isFinite(y) {
			return &NotFiniteError{What: "operator output", Row: i, Col: l.calls, Value: y}
		}
	}
	return nil
}

// add orthogonalizes w against the basis and, unless it is (numerically) in
// the span of the basis, normalizes it and appends it with its product. w is
// overwritten. It reports whether w was added.
func (l *lanczos) add(w []float64) (bool, error) {
	nrm0 := floats.Norm(w, 2)
	if nrm0 == 0 {
		return false, nil
	}
	if d := l.dim(); d > 0 {
		v := l.basis()
		h := blas64.Vector{N: d, Inc: 1, Data: l.h[:d]}
		x := blas64.Vector{N: l.n, Inc: 1, Data: w}
		// Classical Gram–Schmidt, twice ("twice is enough": Giraud et
		// al. 2005), keeps V orthonormal to working precision.
		for range 2 {
			blas64.Gemv(blas.NoTrans, 1, v, x, 0, h)
			blas64.Gemv(blas.Trans, -1, v, h, 1, x)
		}
	}
	nrm := floats.Norm(w, 2)
	// A vector that lost all but 1e-8 of its norm to the projection is in
	// the span of V up to the ≈ 1e-16/1e-8 relative error of the
	// projection; normalizing it would amplify that error to ≈ 1e-8.
	if nrm <= 1e-8*nrm0 {
		return false, nil
	}
	floats.Scale(1/nrm, w)
	j := l.dim()
	l.v = append(l.v, w...)
	l.av = append(l.av, make([]float64, l.n)...)
	aw := l.av[j*l.n:]
	if err := l.apply(aw, l.v[j*l.n:]); err != nil {
		return false, err
	}
	col := make([]float64, j+1)
	v := blas64.General{Rows: j + 1, Cols: l.n, Stride: l.n, Data: l.v}
	blas64.Gemv(blas.NoTrans, 1, v, blas64.Vector{N: l.n, Inc: 1, Data: aw}, 0, blas64.Vector{N: j + 1, Inc: 1, Data: col})
	l.t = append(l.t, col)
	return true, nil
}

// addRandom adds a random N(0,1) vector orthogonalized against the basis,
// drawing again in the (unlikely) event that it is rejected. The caller
// ensures dim < n.
func (l *lanczos) addRandom() error {
	for {
		for i := range l.w {
			l.w[i] = l.rng.NormFloat64()
		}
		added, err := l.add(l.w)
		if added || err != nil {
			return err
		}
	}
}

// ritz holds the wanted Ritz pairs of one Rayleigh–Ritz step.
type ritz struct {
	theta []float64  // k Ritz values, ascending
	x     *mat.Dense // n×k Ritz vectors V y
	res   []float64  // ‖(AV) y − θ V y‖
	norm  float64    // max |θ| over all Ritz values
}

func (r ritz) converged(tol float64) bool {
	for _, e := range r.res {
		if !(e <= tol*r.norm) {
			return false
		}
	}
	return true
}

// rayleighRitz computes the eigenpairs of T = Vᵀ(AV) and the wanted k Ritz
// pairs with their residuals computed from the stored products.
func (l *lanczos) rayleighRitz(k int, which Which) (ritz, error) {
	d := l.dim()
	t := mat.NewSymDense(d, nil)
	for j, col := range l.t {
		for i, v := range col {
			t.SetSym(i, j, v)
		}
	}
	e, err := EigenSym(t, true)
	if err != nil {
		return ritz{}, err
	}
	first := 0
	if which == Largest {
		first = d - k
	}
	r := ritz{
		theta: e.Values[first : first+k : first+k],
		x:     mat.NewDense(l.n, k, nil),
		res:   make([]float64, k),
		norm:  math.Max(math.Abs(e.Values[0]), math.Abs(e.Values[d-1])),
	}
	v := l.basis()
	av := blas64.General{Rows: d, Cols: l.n, Stride: l.n, Data: l.av}
	y := make([]float64, d)
	x := make([]float64, l.n)
	ax := make([]float64, l.n)
	for i := range k {
		mat.Col(y, first+i, e.Vectors)
		yv := blas64.Vector{N: d, Inc: 1, Data: y}
		blas64.Gemv(blas.Trans, 1, v, yv, 0, blas64.Vector{N: l.n, Inc: 1, Data: x})
		blas64.Gemv(blas.Trans, 1, av, yv, 0, blas64.Vector{N: l.n, Inc: 1, Data: ax})
		r.x.SetCol(i, x)
		floats.AddScaled(ax, -r.theta[i], x)
		r.res[i] = floats.Norm(ax, 2)
	}
	return r, nil
}
