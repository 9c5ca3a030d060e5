// Copyright ©2026 The relulab Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package sytrd

import (
	"math"
	"math/rand/v2"
	"runtime"
	"slices"
	"sync"
	"testing"
	"time"

	"gonum.org/v1/gonum/blas"
	gonumblas "gonum.org/v1/gonum/blas/gonum"
	gonumlapack "gonum.org/v1/gonum/lapack/gonum"
)

const eps = 0x1p-53

// randSym returns a random symmetric n×n matrix with N(0,1) entries, stored
// in full with stride lda, and its Frobenius norm.
func randSym(rnd *rand.Rand, n, lda int) ([]float64, float64) {
	a := make([]float64, max(0, (n-1)*lda+n))
	var f float64
	for i := range n {
		for j := i; j < n; j++ {
			v := rnd.NormFloat64()
			a[i*lda+j], a[j*lda+i] = v, v
			f += v * v
			if j != i {
				f += v * v
			}
		}
	}
	return a, math.Sqrt(f)
}

// TestReduce checks A = Q·T·Qᵀ and QᵀQ = I for the Q formed by ApplyQ, on
// orders around the panel widths and the thresholds, with lda > n; 777 has
// panels of nb columns (panelWidth) and a short last one.
func TestReduce(t *testing.T) {
	rnd := rand.New(rand.NewPCG(1, 2))
	var ref gonumblas.Implementation
	for _, n := range []int{0, 1, 2, 3, 5, 15, 16, 17, 31, 32, 33, 64, 65, 97, 130, 200, 257, 777} {
		for _, pad := range []int{0, 3} {
			lda := n + pad
			a0, fro := randSym(rnd, n, lda)
			a := slices.Clone(a0)
			// Poison the strict lower triangle: Reduce must not read it.
			for i := range n {
				for j := range i {
					a[i*lda+j] = math.NaN()
				}
			}
			d := make([]float64, n)
			e := make([]float64, max(0, n-1))
			tau := make([]float64, max(0, n-1))
			Reduce(n, a, lda, d, e, tau)
			if n == 0 {
				continue
			}
			for k := range n {
				if a[k*lda+k] != d[k] || (k < n-1 && a[k*lda+k+1] != e[k]) {
					t.Fatalf("n=%d: d, e not stored in a at %d", n, k)
				}
			}
			q := make([]float64, n*n)
			for i := range n {
				q[i*n+i] = 1
			}
			ApplyQ(n, a, lda, tau, q, n, n)
			// R = Q·T·Qᵀ − A.
			qt := make([]float64, n*n)
			for i := range n {
				for j := range n {
					s := d[j] * q[i*n+j]
					if j > 0 {
						s += e[j-1] * q[i*n+j-1]
					}
					if j < n-1 {
						s += e[j] * q[i*n+j+1]
					}
					qt[i*n+j] = s
				}
			}
			r := make([]float64, n*n)
			for i := range n {
				copy(r[i*n:(i+1)*n], a0[i*lda:i*lda+n])
			}
			ref.Dgemm(blas.NoTrans, blas.Trans, n, n, n, 1, qt, n, q, n, -1, r, n)
			// A backward-stable reduction has ‖QTQᵀ − A‖_F ≤ c·n·ε·‖A‖_F
			// (Higham, §19.3), with c a small constant: 8 here.
			if res := frob(r); res > 8*float64(n)*eps*fro {
				t.Errorf("n=%d lda=%d: ‖QTQᵀ − A‖_F = %g > %g", n, lda, res, 8*float64(n)*eps*fro)
			}
			ref.Dgemm(blas.Trans, blas.NoTrans, n, n, n, 1, q, n, q, n, 0, r, n)
			for i := range n {
				r[i*n+i]--
			}
			// Products of Householder reflectors are orthogonal to
			// c·n·ε (Higham, §19.3).
			if res := frob(r); res > 8*float64(n)*eps {
				t.Errorf("n=%d lda=%d: ‖QᵀQ − I‖_F = %g", n, lda, res)
			}
		}
	}
}

func frob(x []float64) float64 {
	var s float64
	for _, v := range x {
		s += v * v
	}
	return math.Sqrt(s)
}

// TestReduceGOMAXPROCS checks that the results are the same bits for one,
// two and four goroutines' worth of Ps, with panels of 16 (n = 420) and 32
// columns (n = 800).
func TestReduceGOMAXPROCS(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	for _, n := range []int{420, 800} {
		a0, _ := randSym(rand.New(rand.NewPCG(3, uint64(n))), n, n)
		var got [3][]float64
		for i, procs := range []int{1, 2, 4} {
			runtime.GOMAXPROCS(procs)
			a := slices.Clone(a0)
			d := make([]float64, n)
			e := make([]float64, n-1)
			tau := make([]float64, n-1)
			Reduce(n, a, n, d, e, tau)
			q := make([]float64, n*n)
			for i := range n {
				q[i*n+i] = 1
			}
			ApplyQ(n, a, n, tau, q, n, n)
			got[i] = slices.Concat(a, d, e, tau, q)
		}
		if !slices.Equal(got[0], got[1]) || !slices.Equal(got[0], got[2]) {
			t.Errorf("n=%d: results differ between GOMAXPROCS = 1, 2 and 4", n)
		}
	}
}

// TestReflector checks reflector against gonum's Dlarfg, whose results it
// must match to rounding, at scales where the plain sum of squares works and
// where it would under- or overflow (and Dlarfg takes over).
func TestReflector(t *testing.T) {
	rnd := rand.New(rand.NewPCG(5, 6))
	var impl gonumlapack.Implementation
	for _, scale := range []float64{1, 1e-160, 1e-300, 1e160, 1e300} {
		for _, n := range []int{0, 1, 2, 7, 50} {
			x := make([]float64, n)
			for i := range x {
				x[i] = scale * rnd.NormFloat64()
			}
			alpha := scale * rnd.NormFloat64()
			y := slices.Clone(x)
			beta, tau := reflector(alpha, x)
			wb, wt := impl.Dlarfg(n+1, alpha, y, 1)
			// Both compute ‖(α, x)‖ and one scaling: a few ε apart.
			if math.Abs(beta-wb) > 1e-14*math.Abs(wb) || math.Abs(tau-wt) > 1e-14 {
				t.Fatalf("scale %g n=%d: β, τ = %v, %v; Dlarfg %v, %v", scale, n, beta, tau, wb, wt)
			}
			for i := range x {
				if math.Abs(x[i]-y[i]) > 1e-14*(1+math.Abs(y[i])) {
					t.Fatalf("scale %g n=%d: v[%d] = %v, Dlarfg %v", scale, n, i, x[i], y[i])
				}
			}
		}
	}
}

// TestReduceConcurrent runs several reductions at once (their helpers
// compete for the Ps) and checks that each gives the result of a lone one.
func TestReduceConcurrent(t *testing.T) {
	n := 300
	a0, _ := randSym(rand.New(rand.NewPCG(7, 8)), n, n)
	reduce := func() []float64 {
		a := slices.Clone(a0)
		d := make([]float64, n)
		e := make([]float64, n-1)
		tau := make([]float64, n-1)
		Reduce(n, a, n, d, e, tau)
		return slices.Concat(a, d, e, tau)
	}
	want := reduce()
	const g = 4
	var got [g][]float64
	var wg sync.WaitGroup
	for i := range g {
		wg.Go(func() { got[i] = reduce() })
	}
	wg.Wait()
	for i := range g {
		if !slices.Equal(got[i], want) {
			t.Errorf("concurrent reduction %d differs from a lone one", i)
		}
	}
}

// TestReduceJoinsHelper checks that Reduce returns only after its helper
// goroutine has.
func TestReduceJoinsHelper(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(2))
	n := 300
	a, _ := randSym(rand.New(rand.NewPCG(9, 10)), n, n)
	// Goroutines of earlier tests (gemm's workers, other helpers) may still
	// be on their way out: wait until the count holds still, so that only
	// Reduce's own goroutines can change it.
	before := settledGoroutines()
	Reduce(n, a, n, make([]float64, n), make([]float64, n-1), make([]float64, n-1))
	// A goroutine that has signalled its end (the helper, gemm's workers)
	// still counts until it has returned: allow a moment, not a leak.
	for start := time.Now(); runtime.NumGoroutine() > before; time.Sleep(time.Millisecond) {
		if time.Since(start) > 2*time.Second {
			t.Fatalf("%d goroutines before Reduce, %d two seconds after", before, runtime.NumGoroutine())
		}
	}
}

// settledGoroutines returns runtime.NumGoroutine once it has not changed for
// 20 ms (or after 2 s).
func settledGoroutines() int {
	n := runtime.NumGoroutine()
	for deadline, still := time.Now().Add(2*time.Second), time.Now(); time.Now().Before(deadline); {
		time.Sleep(time.Millisecond)
		if m := runtime.NumGoroutine(); m != n {
			n, still = m, time.Now()
		} else if time.Since(still) >= 20*time.Millisecond {
			break
		}
	}
	return n
}
