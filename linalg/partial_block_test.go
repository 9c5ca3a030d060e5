// Copyright ©2026 The relulab Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package linalg

import (
	"fmt"
	"math"
	"math/rand/v2"
	"runtime"
	"testing"

	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/mat"

	"github.com/relulab/relulab/linalg/internal/chol"
)

// TestBlockShiftInvertMin checks the block shift-and-invert Lanczos of
// MinEigenInertia on its own (without the fallbacks): on positive definite
// matrices with a random spectrum, a clustered one (testSym's), λ₁
// repeated 20 times (more than the block's eight), λ₁ just 5e-12 below
// n/2 − 1 copies of 0.1 (the case that needs the confirmation step), only
// three distinct eigenvalues (the Krylov space is invariant after three
// blocks: a breakdown) and λ₂ − λ₁ = 1e-6·‖A‖ (slow convergence). It must
// accept the last three (elsewhere it may decline, and MinEigenInertia's
// fallback is checked instead), with λ_min within the 1e-12·‖A‖ of
// Dsyev's λ₁.
func TestBlockShiftInvertMin(t *testing.T) {
	t.Parallel()
	for _, n := range []int{65, 160} {
		for _, kind := range []string{"random", "clustered", "repeated", "belowCluster", "fewDistinct", "close"} {
			name := fmt.Sprintf("n=%d/%s", n, kind)
			if kind == "close" && n == 65 {
				// The basis holds at most 64 vectors (eight blocks),
				// too few for this gap at n = 65; MinEigenInertia
				// then falls back to plain Lanczos (tested in
				// TestMinEigenInertiaCholeskyFallback).
				continue
			}
			rnd := rand.New(rand.NewPCG(uint64(n), 300))
			lam := make([]float64, n)
			var a *mat.SymDense
			switch kind {
			case "random", "clustered":
				k := kindRandom
				if kind == "clustered" {
					k = kindClustered
				}
				a = testSym(rnd, n, k)
				ref := refEigenvalues(a)
				shiftSym(a, 0.1-ref[0])
			case "repeated":
				for i := range lam {
					lam[i] = 0.1
					if i >= 20 {
						lam[i] = 1 + 2*rnd.Float64()
					}
				}
			case "belowCluster":
				for i := range lam {
					switch {
					case i == 0:
						lam[i] = 0.1 - 5e-12
					case i < n/2:
						lam[i] = 0.1
					default:
						lam[i] = 3
					}
				}
			case "fewDistinct":
				for i := range lam {
					lam[i] = []float64{0.1, 1, 3}[i%3]
				}
			case "close":
				for i := range lam {
					lam[i] = 0.5 + 2.5*float64(i)/float64(n-1)
				}
				lam[0] = lam[1] - 3e-6 // ‖A‖ = 3
			}
			if a == nil {
				a = spectrumSym(rnd, lam)
			}
			ref := refEigenvalues(a)
			anorm := max(math.Abs(ref[0]), math.Abs(ref[n-1]))
			sigma := 1e-8 * anorm // MinEigenInertia's tol in the tests
			solve, symv := blockOperators(t, a, sigma)
			got, ok := blockShiftInvertMin(n, solve, symv, sigma, anorm)
			if !ok {
				// Blocks may decline where λ₁ is not separated from the
				// rest (slowBlocks); not where it is.
				if kind == "repeated" || kind == "belowCluster" || kind == "fewDistinct" {
					t.Errorf("%s: not accepted", name)
					continue
				}
				// MinEigenInertia then takes single-vector Lanczos.
				var err error
				got, _, err = MinEigenInertia(a, sigma)
				if err != nil {
					t.Fatalf("%s: %v", name, err)
				}
			}
			if d := math.Abs(got - ref[0]); d > 1e-12*anorm {
				t.Errorf("%s: λ_min = %v, Dsyev %v (|Δ| = %.3g·‖A‖)", name, got, ref[0], d/anorm)
			}
		}
	}
}

// TestBlockMinLanczosBreakdown checks that blockMinLanczos stops at the
// invariant Krylov space of a spectrum with three distinct eigenvalues
// (after three blocks, and a fourth whose block is rounding noise) with
// the smallest one, and that it reports failure for an operator that
// returns NaN.
func TestBlockMinLanczosBreakdown(t *testing.T) {
	t.Parallel()
	const n = 200
	rnd := rand.New(rand.NewPCG(5, 301))
	lam := make([]float64, n)
	for i := range lam {
		lam[i] = []float64{-2, 0.5, 1}[i%3]
	}
	a := spectrumSym(rnd, lam)
	op := func(x []float64) {
		y := mat.NewDense(n, lanczosBlock, nil)
		y.Mul(a, mat.NewDense(n, lanczosBlock, x))
		copy(x, y.RawMatrix().Data)
	}
	r, ok := blockMinLanczos(n, lanczosBlock, op, 0, 1e-11, func(blockMinRitz) bool { return true })
	if !ok {
		t.Fatal("not accepted")
	}
	// 1e-12·‖A‖: the bound (the Ritz value of an invariant space
	// is exact up to rounding).
	if math.Abs(r.theta+2) > 1e-12*2 {
		t.Errorf("θ = %v, want -2", r.theta)
	}
	if r.steps > 4 {
		t.Errorf("%d blocks, want at most 4", r.steps)
	}
	nan := func(x []float64) { x[0] = math.NaN() }
	if _, ok := blockMinLanczos(n, lanczosBlock, nan, 0, 1e-11, func(blockMinRitz) bool { return true }); ok {
		t.Error("accepted with a NaN from the operator")
	}
}

// TestSlowBlocks checks the prediction by which blockMinLanczos declines:
// at block 10 of 19, a residual of 1e-3 falling by 0.8 per block (an
// unseparated λ₁) does not reach 1e-11 in the blocks left, one falling by
// 0.1 per block does (in 8), and one that
// does not fall, or is zero, is judged by the rate alone (a zero residual
// is no prediction).
func TestSlowBlocks(t *testing.T) {
	t.Parallel()
	ring := func(j int, rate, last float64) []float64 {
		h := make([]float64, 5)
		for k := range 5 {
			h[(j-k)%5] = last * math.Pow(rate, -float64(k))
		}
		return h
	}
	for _, c := range []struct {
		rate, last float64
		want       bool
	}{
		{0.8, 1e-3, true},
		{0.1, 1e-3, false},
		{1, 1e-3, true},
		{1.5, 1e-3, true},
		{0.1, 0, false},
	} {
		if got := slowBlocks(ring(10, c.rate, c.last), 10, 19, 1e-11); got != c.want {
			t.Errorf("rate %v, residual %v: slowBlocks = %t, want %t", c.rate, c.last, got, c.want)
		}
	}
}

// TestBlockDeterministic checks that MinEigenInertia on the block path
// gives the same bits at GOMAXPROCS 1, 2 and 4: a positive definite matrix
// of order 700 (the solves' helper shares the rows below each block from
// 577 rows on) whose ten smallest eigenvalues lie in [0.1, 0.2] and the
// rest in [1, 3], which block Lanczos accepts.
func TestBlockDeterministic(t *testing.T) {
	const n = 700
	rnd := rand.New(rand.NewPCG(7, 302))
	lam := make([]float64, n)
	for i := range lam {
		lam[i] = 1 + 2*rnd.Float64()
		if i < 10 {
			lam[i] = 0.1 + 0.1*rnd.Float64()
		}
	}
	a := spectrumSym(rnd, lam)
	// The block path accepts (else this would test the fallback).
	solve, symv := blockOperators(t, a, 1e-8)
	if _, ok := blockShiftInvertMin(n, solve, symv, 1e-8, 3); !ok {
		t.Fatal("block Lanczos declined")
	}
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	var first float64
	for i, procs := range []int{1, 2, 4, 2} {
		runtime.GOMAXPROCS(procs)
		got, in, err := MinEigenInertia(a, 1e-8)
		if err != nil {
			t.Fatal(err)
		}
		if in != (Inertia{Pos: n}) {
			t.Fatalf("inertia %+v, want %d positive", in, n)
		}
		if i == 0 {
			first = got
			continue
		}
		if math.Float64bits(got) != math.Float64bits(first) {
			t.Errorf("GOMAXPROCS=%d: λ_min = %v, with 1: %v", procs, got, first)
		}
	}
}

// blockOperators returns blockShiftInvertMin's operators for the positive
// definite A − σ·I: the eight-column solve by its Cholesky factor, and the
// product by A.
func blockOperators(t *testing.T, a *mat.SymDense, sigma float64) (solve func(x []float64), symv func(dst, x []float64)) {
	t.Helper()
	n := a.SymmetricDim()
	u := mat.NewSymDense(n, nil)
	u.CopySym(a)
	raw := u.RawSymmetric()
	shiftDiag(raw, -sigma)
	if !chol.Factor(n, raw.Data, raw.Stride) {
		t.Fatal("A − σI not positive definite")
	}
	solve = func(x []float64) { chol.SolveMulti(n, raw.Data, raw.Stride, lanczosBlock, x, lanczosBlock) }
	ar := a.RawSymmetric()
	symv = func(dst, x []float64) {
		blas64.Symv(1, ar, blas64.Vector{N: n, Inc: 1, Data: x}, 0, blas64.Vector{N: n, Inc: 1, Data: dst})
	}
	return solve, symv
}
