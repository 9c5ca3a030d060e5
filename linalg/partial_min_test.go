// Copyright ©2026 The relulab Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package linalg

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"runtime"
	"testing"
	"time"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/mat"

	"github.com/relulab/relulab/linalg/internal/chol"
	"github.com/relulab/relulab/linalg/internal/gemm"
)

// TestMinEigenInertia checks λ_min against gonum's Dsyev to 1e-12·‖A‖ and
// the inertia against the count from Dsyev's spectrum with the same
// threshold, on random, clustered and repeated-eigenvalue matrices, on
// either side of the full-spectrum cut-off n = 64, and for a matrix passed
// through the mat.Symmetric interface only (the copying path).
func TestMinEigenInertia(t *testing.T) {
	t.Parallel()
	for _, n := range []int{1, 7, 64, 65, 200, 400} {
		for kind := range 8 {
			rnd := rand.New(rand.NewPCG(uint64(n), uint64(kind)+70))
			var a *mat.SymDense
			name := ""
			switch {
			case kind < 3:
				a, name = testSym(rnd, n, kind), kindNames[kind]
			case kind < 6:
				a, name = pivotTest(rnd, n, kind-3), fmt.Sprintf("pivot%d", kind-3)
			default:
				// Positive and negative definite (one factorization
				// decides the inertia of the first).
				a = testSym(rnd, n, kindRandom)
				l := refEigenvalues(a)
				shift := 0.5 - l[0]
				name = "definite+"
				if kind == 7 {
					shift, name = -0.5-l[n-1], "definite-"
				}
				for i := range n {
					a.SetSym(i, i, a.At(i, i)+shift)
				}
			}
			ref := refEigenvalues(a)
			anorm := max(math.Abs(ref[0]), math.Abs(ref[n-1]), 1)
			// The threshold of TestInertiaOf: far above the backward error
			// and far below the gaps of the test spectra.
			tol := 1e-8 * anorm
			// The accuracy requirement, 1e-12 relative to ‖A‖;
			// Lanczos's residual 1e-10·‖A‖ gives (1e-10)²/gap for these
			// spectra, and the clustered ones (gap 1e-10) are within 1e-10
			// of each other in a cluster of width 1e-10, so any Ritz value
			// in the lowest cluster is that close.
			lim := 1e-12 * anorm
			if kind == kindClustered {
				lim = 2e-10 * anorm
			}
			checkMinEigenInertia(t, fmt.Sprintf("n=%d %s", n, name), a, ref, tol, lim)
		}
	}
}

// checkMinEigenInertia checks MinEigenInertia(a, tol), with a's raw storage
// and through the mat.Symmetric interface only (the copying path): the
// inertia against the count from a's eigenvalues ref (ascending) at the
// same threshold, and λ_min against ref[0] to lim.
func checkMinEigenInertia(t *testing.T, name string, a *mat.SymDense, ref []float64, tol, lim float64) {
	t.Helper()
	anorm := max(math.Abs(ref[0]), math.Abs(ref[len(ref)-1]), 1)
	for _, wrap := range []bool{false, true} {
		var m mat.Symmetric = a
		if wrap {
			m = symOnly{a}
		}
		lam, got, err := MinEigenInertia(m, tol)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if want := countInertia(ref, tol); got != want {
			t.Errorf("%s wrapped=%t: inertia %+v, from eigenvalues %+v", name, wrap, got, want)
		}
		if d := math.Abs(lam - ref[0]); d > lim {
			t.Errorf("%s wrapped=%t: λ_min = %v, Dsyev %v (|Δ| = %.3g·‖A‖)", name, wrap, lam, ref[0], d/anorm)
		}
	}
}

// symOnly hides the raw storage of a SymDense: only mat.Symmetric's methods.
type symOnly struct{ s *mat.SymDense }

func (s symOnly) At(i, j int) float64 { return s.s.At(i, j) }
func (s symOnly) Dims() (int, int)    { return s.s.Dims() }
func (s symOnly) T() mat.Matrix       { return s }
func (s symOnly) SymmetricDim() int   { return s.s.SymmetricDim() }

// TestMinEigenInertiaScaled checks matrices near the ends of the
// floating-point range (rescaled by powers of two inside).
func TestMinEigenInertiaScaled(t *testing.T) {
	t.Parallel()
	a := testSym(rand.New(rand.NewPCG(3, 31)), 150, kindRandom)
	lam0, in0, err := MinEigenInertia(a, 0)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range []float64{0x1p-1000, 0x1p-600, 0x1p600, 0x1p1000} {
		var b mat.SymDense
		b.ScaleSym(f, a)
		lam, in, err := MinEigenInertia(&b, 0)
		if err != nil {
			t.Fatal(err)
		}
		// Scaling by a power of two is exact, so the results are the
		// unscaled ones scaled, bit for bit.
		if lam != lam0*f || in != in0 {
			t.Errorf("scaled by %g: λ_min/f = %v, inertia %+v; unscaled %v, %+v", f, lam/f, in, lam0, in0)
		}
		c, err := CountBelow(&b, lam0*f*(1+1e-9))
		if err != nil {
			t.Fatal(err)
		}
		if c != 0 {
			t.Errorf("scaled by %g: %d eigenvalues below λ_min·(1+1e-9)", f, c)
		}
	}
}

// TestCountBelow checks CountBelow against Dsyev's spectrum at shifts
// between its eigenvalues, and certifies λ_min from MinEigenInertia.
func TestCountBelow(t *testing.T) {
	t.Parallel()
	for _, n := range []int{1, 30, 130} {
		a := testSym(rand.New(rand.NewPCG(uint64(n), 90)), n, kindRandom)
		ref := refEigenvalues(a)
		for _, i := range []int{0, n / 2, n - 1} {
			// Midway to the next eigenvalue (or beyond the last), far from
			// every eigenvalue compared with the backward error.
			sigma := ref[i] + 1
			if i+1 < n {
				sigma = (ref[i] + ref[i+1]) / 2
			}
			got, err := CountBelow(a, sigma)
			if err != nil {
				t.Fatal(err)
			}
			if got != i+1 {
				t.Errorf("n=%d: CountBelow(%v) = %d, want %d", n, sigma, got, i+1)
			}
		}
		lam, _, err := MinEigenInertia(a, 0)
		if err != nil {
			t.Fatal(err)
		}
		anorm := max(math.Abs(ref[0]), math.Abs(ref[n-1]))
		// Certificate: nothing below λ_min − 1e-12·‖A‖ (the accuracy
		// required of λ_min, far above the backward error of the count).
		if c, err := CountBelow(a, lam-1e-12*anorm); err != nil || c != 0 {
			t.Errorf("n=%d: CountBelow(λ_min − 1e-12·‖A‖) = %d, %v; want 0", n, c, err)
		}
	}
}

func TestMinEigenInertiaErrors(t *testing.T) {
	t.Parallel()
	if _, _, err := MinEigenInertia(&mat.SymDense{}, 0); !errors.Is(err, ErrEmpty) {
		t.Errorf("empty: err = %v, want ErrEmpty", err)
	}
	if _, err := CountBelow(&mat.SymDense{}, 0); !errors.Is(err, ErrEmpty) {
		t.Errorf("empty: err = %v, want ErrEmpty", err)
	}
	a := mat.NewSymDense(100, nil)
	a.SetSym(1, 2, math.Inf(1))
	if _, _, err := MinEigenInertia(a, 0); !errors.Is(err, ErrNotFinite) {
		t.Errorf("Inf: err = %v, want ErrNotFinite", err)
	}
	if _, err := CountBelow(a, 0); !errors.Is(err, ErrNotFinite) {
		t.Errorf("Inf: err = %v, want ErrNotFinite", err)
	}
	for name, f := range map[string]func(){
		"negative tol": func() { MinEigenInertia(mat.NewSymDense(2, nil), -1) },         //nolint:errcheck
		"NaN tol":      func() { MinEigenInertia(mat.NewSymDense(2, nil), math.NaN()) }, //nolint:errcheck
		"NaN shift":    func() { CountBelow(mat.NewSymDense(2, nil), math.NaN()) },      //nolint:errcheck
	} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("%s did not panic", name)
				}
			}()
			f()
		}()
	}
}

// TestMinEigenInertiaDeterministic checks the project's reproducibility rule:
// the same bits at GOMAXPROCS = 1, 2 and 4, and between two runs, although
// Lanczos and the factorizations run concurrently, the products use all
// cores, the LDLᵀ updates look ahead on another goroutine, and the solves
// split their rows over two. The matrices, of order 700 (eight panels; the
// solves' halves are concurrent from 512 rows below a block on), take
// every path: random indefinite (Lanczos beside two factorizations that
// stop looking ahead), positive definite (look-ahead without waits, and
// shift-and-invert Lanczos by the solves), and InertiaOf on both.
func TestMinEigenInertiaDeterministic(t *testing.T) {
	const n = 700
	random := testSym(rand.New(rand.NewPCG(8, 80)), n, kindRandom)
	// N(0,1) entries have ‖·‖ ≈ 2√n < n: shifted by n, positive definite.
	pd := testSym(rand.New(rand.NewPCG(8, 81)), n, kindRandom)
	for i := range n {
		pd.SetSym(i, i, pd.At(i, i)+n)
	}
	// Positive diagonal but indefinite: Cholesky fails, then LDLᵀ.
	fallback := testSym(rand.New(rand.NewPCG(8, 82)), n, kindRandom)
	for i := range n {
		fallback.SetSym(i, i, math.Abs(fallback.At(i, i))+1)
	}
	type result struct {
		lam     float64
		in, in2 Inertia
	}
	run := func(a *mat.SymDense) result {
		lam, in, err := MinEigenInertia(a, 1e-8)
		if err != nil {
			t.Fatal(err)
		}
		in2, err := InertiaOf(a, 1e-8)
		if err != nil {
			t.Fatal(err)
		}
		return result{lam, in, in2}
	}
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	for name, a := range map[string]*mat.SymDense{"random": random, "definite": pd, "fallback": fallback} {
		var first result
		for i, procs := range []int{1, 2, 4, 2} {
			runtime.GOMAXPROCS(procs)
			r := run(a)
			if i == 0 {
				first = r
				if name == "definite" && r.in != (Inertia{Pos: n}) {
					t.Fatalf("%s: inertia %+v, want %d positive", name, r.in, n)
				}
				continue
			}
			if math.Float64bits(r.lam) != math.Float64bits(first.lam) || r.in != first.in || r.in2 != first.in2 {
				t.Errorf("%s, GOMAXPROCS=%d (run %d): %v, %+v, %+v; with 1: %v, %+v, %+v",
					name, procs, i, r.lam, r.in, r.in2, first.lam, first.in, first.in2)
			}
		}
	}
}

// TestNoGoroutineLeak checks that the goroutines MinEigenInertia, InertiaOf
// and CountBelow start (Lanczos beside the factorizations, the LDLᵀ
// look-ahead, the solves' halves, the copies' parts) are all joined before
// they return, on success and on error: the count of goroutines comes back
// to what it was (polled for up to a second, since a joined goroutine may
// take a moment to exit after signalling).
func TestNoGoroutineLeak(t *testing.T) {
	const n = 700
	pd := testSym(rand.New(rand.NewPCG(9, 90)), n, kindRandom)
	for i := range n {
		pd.SetSym(i, i, pd.At(i, i)+n)
	}
	random := testSym(rand.New(rand.NewPCG(9, 91)), 300, kindRandom)
	bad := mat.NewSymDense(300, nil)
	bad.CopySym(random)
	bad.SetSym(299, 299, math.NaN())
	before := runtime.NumGoroutine()
	for _, a := range []*mat.SymDense{pd, random, bad} {
		MinEigenInertia(a, 1e-8) //nolint:errcheck // the error path is part of the test
		InertiaOf(a, 1e-8)       //nolint:errcheck
		CountBelow(a, 0)         //nolint:errcheck
	}
	for range 100 {
		if runtime.NumGoroutine() <= before {
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Errorf("%d goroutines before, %d after", before, runtime.NumGoroutine())
}

// TestMinEigenInertiaNearCluster checks λ_min of positive definite matrices
// (the shift-and-invert path) whose λ₁ = 0.1 − s lies just below n/2 − 1
// copies of 0.1, with s = 5e-12 and 1e-11 (‖A‖ = 3). Stopped at its first
// small residual, the Lanczos iteration held a mixture of λ₁ and the
// cluster and returned 0.1 (an error of s ≈ 3e-12·‖A‖); the confirmation
// step of minLanczosTol resolves λ₁. The bound is the 1e-12·‖A‖.
func TestMinEigenInertiaNearCluster(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		n int
		s float64
	}{{200, 1e-11}, {200, 5e-12}, {300, 5e-12}} {
		rnd := rand.New(rand.NewPCG(uint64(c.n), 9))
		lam := make([]float64, c.n)
		for i := range lam {
			switch {
			case i == 0:
				lam[i] = 0.1 - c.s
			case i < c.n/2:
				lam[i] = 0.1
			case i < 3*c.n/4:
				lam[i] = 1
			default:
				lam[i] = 3
			}
		}
		a := spectrumSym(rnd, lam)
		ref := refEigenvalues(a)
		anorm := max(math.Abs(ref[0]), math.Abs(ref[c.n-1]))
		got, in, err := MinEigenInertia(a, 1e-8*anorm)
		if err != nil {
			t.Fatal(err)
		}
		if in != (Inertia{Pos: c.n}) {
			t.Fatalf("n=%d s=%g: inertia %+v, want %d positive", c.n, c.s, in, c.n)
		}
		if d := math.Abs(got - ref[0]); d > 1e-12*anorm {
			t.Errorf("n=%d s=%g: λ_min = %v, Dsyev %v (|Δ| = %.3g·‖A‖)", c.n, c.s, got, ref[0], d/anorm)
		}
	}
}

// spectrumSym returns Q·diag(lam)·Qᵀ for a random orthogonal Q.
func spectrumSym(rnd *rand.Rand, lam []float64) *mat.SymDense {
	n := len(lam)
	q := randomOrthogonal(rnd, n)
	var qd, full mat.Dense
	qd.Apply(func(_, j int, v float64) float64 { return v * lam[j] }, q)
	full.Mul(&qd, q.T())
	a := mat.NewSymDense(n, nil)
	for i := range n {
		for j := i; j < n; j++ {
			a.SetSym(i, j, (full.At(i, j)+full.At(j, i))/2)
		}
	}
	return a
}

// TestMinLanczos checks the Lanczos of MinEigenInertia on its own (without
// the full-spectrum fallback): converged, λ_min to 1e-12·‖A‖ (2e-10 for the
// clustered spectra, whose lowest cluster is 1e-10 wide), and a small true
// residual.
func TestMinLanczos(t *testing.T) {
	t.Parallel()
	for _, n := range []int{1, 2, 65, 300, 500} {
		for kind := range kindNames {
			a := testSym(rand.New(rand.NewPCG(uint64(n), uint64(kind)+100)), n, kind)
			ref := refEigenvalues(a)
			anorm := max(math.Abs(ref[0]), math.Abs(ref[n-1]))
			op := func(dst, x []float64) {
				mat.NewVecDense(n, dst).MulVec(a, mat.NewVecDense(n, x))
			}
			theta, res, err := minLanczos(n, op, 7)
			if err != nil {
				t.Fatalf("n=%d %s: %v", n, kindNames[kind], err)
			}
			lim := 1e-12 * anorm
			if kind == kindClustered {
				lim = 2e-10 * anorm
			}
			if d := math.Abs(theta - ref[0]); d > lim {
				t.Errorf("n=%d %s: θ = %v, Dsyev %v (|Δ| = %.3g·‖A‖)", n, kindNames[kind], theta, ref[0], d/anorm)
			}
			// The stopping rule allows r ≤ √(1e-13·‖A‖·gap) ≤ √1e-13·‖A‖
			// for gaps up to ‖A‖, ten times that after rounding.
			if !(res <= 1e-5*anorm) {
				t.Errorf("n=%d %s: residual %.3g·‖A‖", n, kindNames[kind], res/anorm)
			}
		}
	}
}

// TestConsistentMin checks the test by which MinEigenInertia detects a
// Lanczos run that missed λ₁ (and then falls back to the full spectrum).
func TestConsistentMin(t *testing.T) {
	t.Parallel()
	const tol, res = 1e-8, 1e-12
	for _, c := range []struct {
		theta float64
		in    Inertia
		want  bool
	}{
		{-1, Inertia{Neg: 1, Pos: 9}, true},
		{0.5, Inertia{Neg: 1, Pos: 9}, false},         // missed the negative eigenvalue
		{-tol + res/2, Inertia{Neg: 1, Pos: 9}, true}, // within the residual
		{-tol + 2*res, Inertia{Neg: 1, Pos: 9}, false},
		{0, Inertia{Zero: 2, Pos: 8}, true},
		{0.5, Inertia{Zero: 2, Pos: 8}, false}, // missed the zero eigenvalues
		{0.5, Inertia{Pos: 10}, true},
	} {
		if got := consistentMin(c.theta, res, c.in, tol); got != c.want {
			t.Errorf("consistentMin(%v, %+v) = %t, want %t", c.theta, c.in, got, c.want)
		}
	}
}

// TestMinEigenInertiaCholeskyFallback checks the path where the diagonal
// allows A − tol·I to be positive definite, so that MinEigenInertia tries
// a Cholesky factorization first: when it succeeds (every eigenvalue above
// tol, also with λ₁ only 2·tol, and the lowest two eigenvalues 1e-6·‖A‖
// apart), and when it fails (a pivot ≤ 0; the inertia then comes from LDLᵀ
// factorizations of fresh copies) because A has negative eigenvalues, or
// eigenvalues within tol of 0 (λ₁ = tol/2, or λ₁ = 0 exactly for a Gram
// matrix of rank n − 1), each with and without the copying path. The test
// asserts that each matrix takes the intended branch (a positive diagonal
// above tol, and chol.Factor's verdict on A − tol·I), and checks the
// inertia against Dsyev's count and λ_min against Dsyev to 1e-12·‖A‖.
func TestMinEigenInertiaCholeskyFallback(t *testing.T) {
	t.Parallel()
	for _, n := range []int{65, 130, 300} {
		for kind, name := range []string{"definite", "2tol", "close", "indefinite", "tol/2", "gram"} {
			rnd := rand.New(rand.NewPCG(uint64(n), 90+uint64(kind)))
			var a *mat.SymDense
			if name == "gram" {
				// B·Bᵀ for B n×(n−1): rank n − 1, one zero eigenvalue,
				// positive diagonal.
				b := mat.NewDense(n, n-1, nil)
				for i := range n {
					for j := range n - 1 {
						b.Set(i, j, rnd.NormFloat64())
					}
				}
				a = mat.NewSymDense(n, nil)
				a.SymOuterK(1, b)
			} else {
				a = testSym(rnd, n, kindRandom)
			}
			ref := refEigenvalues(a)
			anorm := max(math.Abs(ref[0]), math.Abs(ref[n-1]), 1)
			tol := 1e-8 * anorm // as in TestMinEigenInertia
			wantPD := false
			switch name {
			case "definite":
				shiftSym(a, 0.5-ref[0])
				wantPD = true
			case "2tol":
				shiftSym(a, 2*tol-ref[0])
				wantPD = true
			case "close":
				// λ₂ − λ₁ = 1e-6·‖A‖: shift-and-invert converges slowly.
				v := mat.NewVecDense(n, nil)
				for i := range n {
					v.SetVec(i, rnd.NormFloat64())
				}
				v.ScaleVec(1/mat.Norm(v, 2), v)
				shiftSym(a, 0.5-ref[0])
				a.SymRankOne(a, -(0.5 - 1e-6*anorm), v)
				wantPD = true
			case "indefinite":
				for i := range n {
					a.SetSym(i, i, math.Abs(a.At(i, i))+tol+1)
				}
			case "tol/2":
				shiftSym(a, tol/2-ref[0])
			}
			for i := range n {
				if !(a.At(i, i) > tol) {
					t.Fatalf("n=%d %s: a[%d,%d] = %v ≤ tol: not the Cholesky path", n, name, i, i, a.At(i, i))
				}
			}
			c := mat.NewSymDense(n, nil)
			c.CopySym(a)
			raw := c.RawSymmetric()
			shiftDiag(raw, -tol)
			if got := chol.Factor(n, raw.Data, raw.Stride); got != wantPD {
				t.Fatalf("n=%d %s: Cholesky of A − tol·I succeeded: %t, want %t", n, name, got, wantPD)
			}
			ref = refEigenvalues(a)
			anorm = max(math.Abs(ref[0]), math.Abs(ref[n-1]), 1)
			// The accuracy requirement, 1e-12 relative to ‖A‖:
			// shift-and-invert and plain Lanczos reach it on these
			// separated spectra (for the Gram matrix's λ₁ = 0 as for the
			// others, r²/gap is far below it).
			checkMinEigenInertia(t, fmt.Sprintf("n=%d %s", n, name), a, ref, tol, 1e-12*anorm)
		}
	}
}

// shiftSym adds s·I to a.
func shiftSym(a *mat.SymDense, s float64) {
	for i := range a.SymmetricDim() {
		a.SetSym(i, i, a.At(i, i)+s)
	}
}

// TestClusterMin checks the rescue of a Lanczos on A that did not converge
// within 300 steps: n = 500, λ₁ = −1 below a cluster of n/2 − 1 eigenvalues
// starting 1e-4 or 1e-5 above it (gaps 1e-6 and 1e-7 of ‖A‖ = 100), the rest
// spread over (0, 100]. From Lanczos's Ritz value and residual, clusterMin
// must factor A − σ·I and return λ₁ to 1e-12·‖A‖ (the accuracy asked of
// λ_min); MinEigenInertia must give the same through it. Given instead a
// Ritz value at λ₂ with a residual far below λ₂ − λ₁, the shift lies above
// λ₁, the factorization fails and clusterMin declines.
func TestClusterMin(t *testing.T) {
	const n = 500
	rnd := rand.New(rand.NewPCG(7, 8))
	for _, g := range []float64{1e-4, 1e-5} {
		lam := make([]float64, n)
		lam[0] = -1
		for i := 1; i < n/2; i++ {
			lam[i] = -1 + g*float64(i) + 0.01*math.Pow(2*float64(i)/n, 2)
		}
		for i := n / 2; i < n; i++ {
			lam[i] = 100 * float64(i-n/2+1) / float64(n/2)
		}
		a := spectrumSym(rnd, lam)
		raw := a.RawSymmetric()
		symv := func(dst, x []float64) {
			gemm.Dsymv(blas.Upper, n, 1, raw.Data, raw.Stride, x, 0, dst)
		}
		theta, res, err := minLanczos(n, symv, 0)
		if !errors.Is(err, ErrNoConvergence) {
			t.Fatalf("gap %v: Lanczos converged (θ − λ₁ = %v): the test needs a harder spectrum", g, theta-lam[0])
		}
		s := mat.NewSymDense(n, nil)
		got, ok := clusterMin(s, a, 1, theta, res, 100, symv)
		if !ok || math.Abs(got-lam[0]) > 1e-12*100 {
			t.Errorf("gap %v: clusterMin from θ − λ₁ = %.3g, r = %.3g: %v, %v; want %v", g, theta-lam[0], res, got, ok, lam[0])
		}
		if _, ok := clusterMin(s, a, 1, lam[1]+1e-12, 1e-9, 100, symv); ok {
			t.Errorf("gap %v: clusterMin accepted a shift above λ₁", g)
		}
		lmin, in, err := MinEigenInertia(a, 1e-9)
		if err != nil || math.Abs(lmin-lam[0]) > 1e-12*100 || in != (Inertia{Neg: n / 2, Pos: n / 2}) {
			t.Errorf("gap %v: MinEigenInertia = %v, %+v, %v; want %v, %d negative", g, lmin, in, err, lam[0], n/2)
		}
	}
}

// TestInertiaTinyTol checks that the two-shift counts stay a partition of n
// when tol is at the level of rounding: 40 eigenvalues that are zero in
// exact arithmetic (about ±1e-16 after rounding) between 20 negative and 90
// positive ones, tol = 3e-17, where the factorizations of A + tol·I and
// A − tol·I can count the same near-zero eigenvalue on both sides (seed 99
// did: Zero = −1). Every count must be ≥ 0, sum to n and keep the clearly
// negative and positive eigenvalues on their sides.
func TestInertiaTinyTol(t *testing.T) {
	const n = 150
	for seed := range uint64(12) {
		rnd := rand.New(rand.NewPCG(0, 90+seed))
		lam := make([]float64, n)
		for i := range 20 {
			lam[i] = -1 - rnd.Float64()
		}
		for i := 60; i < n; i++ {
			lam[i] = 1 + rnd.Float64()
		}
		a := spectrumSym(rnd, lam)
		for _, tol := range []float64{0, 3e-17, 1e-15} {
			check := func(name string, in Inertia) {
				t.Helper()
				if in.Neg < 20 || in.Pos < 90 || in.Zero < 0 || in.Neg+in.Zero+in.Pos != n {
					t.Errorf("seed %d, tol %v: %s = %+v", 90+seed, tol, name, in)
				}
			}
			in, err := InertiaOf(a, tol)
			if err != nil {
				t.Fatal(err)
			}
			check("InertiaOf", in)
			_, in, err = MinEigenInertia(a, tol)
			if err != nil {
				t.Fatal(err)
			}
			check("MinEigenInertia", in)
		}
	}
	// twoShifts on its own: an eigenvalue counted on both sides is zero.
	for _, c := range []struct {
		neg, pos int
		want     Inertia
	}{
		{3, 5, Inertia{Neg: 3, Zero: 2, Pos: 5}},
		{3, 7, Inertia{Neg: 3, Pos: 7}},
		{4, 7, Inertia{Neg: 3, Zero: 1, Pos: 6}},
		{10, 10, Inertia{Zero: 10}},
	} {
		if got := twoShifts(10, c.neg, c.pos); got != c.want {
			t.Errorf("twoShifts(10, %d, %d) = %+v, want %+v", c.neg, c.pos, got, c.want)
		}
	}
}
