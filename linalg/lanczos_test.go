// Copyright ©2026 The relulab Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package linalg_test

import (
	"context"
	"errors"
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/mat"

	"github.com/relulab/relulab/linalg"
)

// symOp returns y = A x for a dense symmetric A.
func symOp(a mat.Symmetric) func(dst, x []float64) {
	n := a.SymmetricDim()
	return func(dst, x []float64) {
		mat.NewVecDense(n, dst).MulVec(a, mat.NewVecDense(n, x))
	}
}

func TestLanczosAgainstDense(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 9))
	for _, c := range []struct {
		name string
		a    *mat.SymDense
		k    int
	}{
		{"random", randSym(rng, 150), 1},
		{"random", randSym(rng, 150), 4},
		// Degenerate extreme eigenvalues: a triple smallest and a double
		// largest, which a single Krylov sequence cannot resolve.
		{"degenerate", withSpectrum(rng, spread(rng, 80, []float64{-3, -3, -3}, []float64{4, 4})), 3},
		{"degenerate", withSpectrum(rng, spread(rng, 80, []float64{-3, -3, -3}, []float64{4, 4})), 4},
		// The REFERENCE global-minimum Hessian, d = 5: λ_min has
		// multiplicity 10.
		{"hessian", globalMinHessian(5), 3},
		{"identity", withSpectrum(rng, []float64{1, 1, 1, 1, 1, 1, 1, 1}), 2},
		{"zero", mat.NewSymDense(6, nil), 2},
		{"k=n", randSym(rng, 5), 5},
	} {
		n := c.a.SymmetricDim()
		exact, err := linalg.EigenSym(c.a, false)
		if err != nil {
			t.Fatal(err)
		}
		norm := math.Max(math.Abs(exact.Values[0]), math.Abs(exact.Values[n-1]))
		for _, which := range []linalg.Which{linalg.Smallest, linalg.Largest} {
			res, err := linalg.Lanczos(n, symOp(c.a), c.k, which, &linalg.LanczosSettings{Seed: 1})
			if err != nil {
				t.Fatalf("%s n=%d k=%d %v: %v", c.name, n, c.k, which, err)
			}
			if !res.Converged || len(res.Values) != c.k || len(res.Residuals) != c.k {
				t.Fatalf("%s: bad result %+v", c.name, res)
			}
			want := exact.Values[:c.k]
			if which == linalg.Largest {
				want = exact.Values[n-c.k:]
			}
			// Kahan: k orthonormal Ritz vectors with residual matrix R
			// have k eigenvalues within ‖R‖₂ ≤ √k·max‖rᵢ‖ of the Ritz
			// values; the bound tested is that plus the rounding of the
			// dense reference.
			bound := math.Sqrt(float64(c.k))*floats.Max(res.Residuals) + 64*float64(n)*eps*norm
			for i := range c.k {
				if d := math.Abs(res.Values[i] - want[i]); d > bound {
					t.Errorf("%s n=%d k=%d %v: θ_%d = %v, dense %v (|Δ| = %g > %g)", c.name, n, c.k, which, i, res.Values[i], want[i], d, bound)
				}
			}
			// Reported residuals are the true ones and within tolerance.
			var av mat.Dense
			av.Mul(c.a, res.Vectors)
			for i := range c.k {
				r := mat.NewVecDense(n, nil)
				r.AddScaledVec(av.ColView(i), -res.Values[i], res.Vectors.ColView(i))
				if d := math.Abs(r.Norm(2) - res.Residuals[i]); d > 64*float64(n)*eps*math.Max(norm, 1) {
					t.Errorf("%s: residual %d reported %g, recomputed %g", c.name, i, res.Residuals[i], r.Norm(2))
				}
				if res.Residuals[i] > linalg.DefaultLanczosTol*norm*(1+1e-12) {
					t.Errorf("%s: residual %d = %g above tolerance", c.name, i, res.Residuals[i])
				}
			}
			// Orthonormal Ritz vectors (full reorthogonalization).
			var vtv mat.Dense
			vtv.Mul(res.Vectors.T(), res.Vectors)
			for i := range c.k {
				vtv.Set(i, i, vtv.At(i, i)-1)
			}
			if m := mat.Norm(&vtv, math.Inf(1)); m > 1e-12 {
				t.Errorf("%s: ‖VᵀV − I‖ = %g", c.name, m)
			}
			if res.Iterations > n || res.Iterations < c.k {
				t.Errorf("%s: %d iterations", c.name, res.Iterations)
			}
		}
	}
}

// spread returns n values: low, then n−len(low)−len(high) values uniform in
// [0, 1], then high.
func spread(rng *rand.Rand, n int, low, high []float64) []float64 {
	v := append([]float64(nil), low...)
	for range n - len(low) - len(high) {
		v = append(v, rng.Float64())
	}
	return append(v, high...)
}

func TestLanczosDeterministic(t *testing.T) {
	a := randSym(rand.New(rand.NewPCG(10, 10)), 100)
	run := func(seed uint64) *linalg.LanczosResult {
		r, err := linalg.Lanczos(100, symOp(a), 2, linalg.Largest, &linalg.LanczosSettings{Seed: seed})
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	r1, r2, r3 := run(3), run(3), run(4)
	if !floats.Same(r1.Values, r2.Values) || !mat.Equal(r1.Vectors, r2.Vectors) || !floats.Same(r1.Residuals, r2.Residuals) {
		t.Error("same seed, different results")
	}
	// Another seed converges to the same pairs (up to the tolerance).
	if !floats.EqualApprox(r1.Values, r3.Values, 1e-8) {
		t.Errorf("seeds 3 and 4: %v vs %v", r1.Values, r3.Values)
	}
}

func TestLanczosNoConvergence(t *testing.T) {
	// Eigenvalues 1, 2, …, 400: the smallest is poorly separated relative
	// to the spread, so 10 iterations are far too few for 1e-10.
	n := 400
	lambda := make([]float64, n)
	for i := range lambda {
		lambda[i] = float64(i + 1)
	}
	op := func(dst, x []float64) {
		for i := range x {
			dst[i] = lambda[i] * x[i]
		}
	}
	res, err := linalg.Lanczos(n, op, 1, linalg.Smallest, &linalg.LanczosSettings{MaxIter: 10, Seed: 1})
	if !errors.Is(err, linalg.ErrNoConvergence) {
		t.Fatalf("got %v, want ErrNoConvergence", err)
	}
	if res == nil || res.Converged || res.Iterations != 10 || len(res.Values) != 1 {
		t.Fatalf("bad result %+v", res)
	}
	// The Ritz value is an upper bound on λ_min (Rayleigh quotient).
	if res.Values[0] < 1 {
		t.Errorf("Ritz value %v below λ_min = 1", res.Values[0])
	}
	// With enough iterations the same problem converges.
	res, err = linalg.Lanczos(n, op, 1, linalg.Smallest, &linalg.LanczosSettings{Seed: 1})
	if err != nil || math.Abs(res.Values[0]-1) > 1e-8 {
		t.Errorf("default settings: %v, %v", res.Values, err)
	}
}

func TestLanczosNotFinite(t *testing.T) {
	calls := 0
	op := func(dst, x []float64) {
		calls++
		for i := range x {
			dst[i] = float64(i) * x[i]
		}
		if calls == 3 {
			dst[2] = math.NaN()
		}
	}
	_, err := linalg.Lanczos(10, op, 1, linalg.Smallest, nil)
	var nf *linalg.NotFiniteError
	if !errors.Is(err, linalg.ErrNotFinite) || !errors.As(err, &nf) || nf.Row != 2 || nf.Col != 3 {
		t.Errorf("got %v, want a NotFiniteError at component 2, call 3", err)
	}
}

func TestLanczosPanics(t *testing.T) {
	id := func(dst, x []float64) { copy(dst, x) }
	for _, c := range []struct {
		name  string
		n, k  int
		op    func(dst, x []float64)
		which linalg.Which
		s     *linalg.LanczosSettings
	}{
		{"n=0", 0, 1, id, linalg.Smallest, nil},
		{"k=0", 5, 0, id, linalg.Smallest, nil},
		{"k>n", 5, 6, id, linalg.Smallest, nil},
		{"nil op", 5, 1, nil, linalg.Smallest, nil},
		{"which", 5, 1, id, linalg.Which(7), nil},
		{"MaxIter<k", 5, 3, id, linalg.Smallest, &linalg.LanczosSettings{MaxIter: 2}},
		{"MaxIter<0", 5, 1, id, linalg.Smallest, &linalg.LanczosSettings{MaxIter: -1}},
		{"Tol NaN", 5, 1, id, linalg.Smallest, &linalg.LanczosSettings{Tol: math.NaN()}},
	} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("%s: no panic", c.name)
				}
			}()
			linalg.Lanczos(c.n, c.op, c.k, c.which, c.s)
		}()
	}
}

func TestLanczosContext(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	calls := 0
	op := func(dst, x []float64) {
		calls++
		if calls == 5 {
			cancel()
		}
		for i := range x {
			dst[i] = float64(i) * x[i]
		}
	}
	res, err := linalg.LanczosContext(ctx, 50, op, 1, linalg.Smallest, nil)
	if res != nil || !errors.Is(err, context.Canceled) || calls != 5 {
		t.Errorf("got %v, %v after %d calls; want context.Canceled after 5", res, err, calls)
	}
}
