// Copyright ©2026 The relulab Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package chol

import (
	"fmt"
	"math"
	"math/rand/v2"
	"runtime"
	"slices"
	"testing"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/lapack/gonum"
)

// spd returns a random symmetric positive definite n×n matrix (row-major,
// stride lda, both triangles; the strict lower triangle of the copy given to
// Factor is filled with NaN to show it is not read): B·Bᵀ/n + shift·I for
// a Gaussian B, whose eigenvalues lie in [shift, shift + (1 + √1)²] roughly.
func spd(rnd *rand.Rand, n, lda int, shift float64) []float64 {
	b := make([]float64, n*n)
	for i := range b {
		b[i] = rnd.NormFloat64()
	}
	a := make([]float64, max(0, (n-1)*lda+n))
	if n > 0 {
		blas64.Syrk(blas.NoTrans, 1/float64(n), blas64.General{Rows: n, Cols: n, Stride: n, Data: b},
			0, blas64.Symmetric{Uplo: blas.Upper, N: n, Stride: lda, Data: a})
	}
	for i := range n {
		a[i*lda+i] += shift
		for j := i + 1; j < n; j++ {
			a[j*lda+i] = a[i*lda+j]
		}
	}
	return a
}

// withNaNLower returns a copy of a with its strict lower triangle NaN.
func withNaNLower(a []float64, n, lda int) []float64 {
	c := slices.Clone(a)
	for i := range n {
		for j := range i {
			c[i*lda+j] = math.NaN()
		}
	}
	return c
}

// reference returns the upper Cholesky factor of a by gonum's Dpotrf
// (column-major lower = row-major upper), and whether it succeeded.
func reference(a []float64, n, lda int) ([]float64, bool) {
	c := slices.Clone(a)
	ok := gonum.Implementation{}.Dpotrf(blas.Upper, n, c, max(1, lda))
	return c, ok
}

var sizes = []int{0, 1, 2, 3, 7, 31, 32, 33, 64, 65, 127, 128, 129, 200, 513, 700, 1100}

// TestFactor checks Factor's U against gonum's Dpotrf entry by entry, to
// a multiple of n·ε·‖A‖/u_jj-ish (the backward error of both is
// c·n·ε·‖A‖, and U's entries are O(1) for these well-conditioned matrices:
// 1e-13 relative to max |u| at n ≤ 1100, with a margin of ~100 over n·ε),
// and the solve's backward error ‖A·x − b‖∞/(‖A‖∞·‖x‖∞) against 10·n·ε,
// at sizes 0, 1, 2, odd, around the leaf (32), the solve block (128) and
// the two-goroutine split (512 columns), with a leading dimension n and
// n + 3.
func TestFactor(t *testing.T) {
	for _, n := range sizes {
		for _, pad := range []int{0, 3} {
			t.Run(fmt.Sprintf("n=%d/lda=n+%d", n, pad), func(t *testing.T) {
				rnd := rand.New(rand.NewPCG(uint64(n), uint64(pad)))
				lda := max(1, n+pad)
				a := spd(rnd, n, lda, 0.1)
				got := withNaNLower(a, n, lda)
				if !Factor(n, got, lda) {
					t.Fatal("Factor failed on a positive definite matrix")
				}
				want, ok := reference(a, n, lda)
				if !ok {
					t.Fatal("Dpotrf failed")
				}
				var umax, diff float64
				for i := range n {
					for j := i; j < n; j++ {
						umax = max(umax, math.Abs(want[i*lda+j]))
						diff = max(diff, math.Abs(got[i*lda+j]-want[i*lda+j]))
					}
				}
				if diff > 1e-13*umax {
					t.Errorf("max |U − U_ref| = %g, max |U_ref| = %g", diff, umax)
				}
				// Solve.
				x := make([]float64, n)
				for i := range x {
					x[i] = rnd.NormFloat64()
				}
				b := make([]float64, n)
				blas64.Symv(1, blas64.Symmetric{N: n, Stride: lda, Data: a, Uplo: blas.Upper}, blas64.Vector{N: n, Inc: 1, Data: x}, 0, blas64.Vector{N: n, Inc: 1, Data: b})
				sol := slices.Clone(b)
				Solve(n, got, lda, sol)
				r := make([]float64, n)
				blas64.Symv(1, blas64.Symmetric{N: n, Stride: lda, Data: a, Uplo: blas.Upper}, blas64.Vector{N: n, Inc: 1, Data: sol}, 0, blas64.Vector{N: n, Inc: 1, Data: r})
				var rmax, anorm, xmax float64
				for i := range n {
					rmax = max(rmax, math.Abs(r[i]-b[i]))
					xmax = max(xmax, math.Abs(sol[i]))
					var s float64
					for j := range n {
						s += math.Abs(a[i*lda+j])
					}
					anorm = max(anorm, s)
				}
				if n > 0 && rmax > 10*float64(n)*0x1p-52*anorm*xmax {
					t.Errorf("backward error %g > 10·n·ε", rmax/(anorm*xmax))
				}
			})
		}
	}
}

// TestFactorNotPD checks that Factor reports failure, as Dpotrf does, on
// matrices with one negative or zero eigenvalue, the pivot ≤ 0 appearing
// late (after the recursion's products), and on a negative diagonal entry.
func TestFactorNotPD(t *testing.T) {
	for _, n := range []int{1, 2, 33, 129, 300} {
		for kind := range 3 {
			t.Run(fmt.Sprintf("n=%d/kind=%d", n, kind), func(t *testing.T) {
				rnd := rand.New(rand.NewPCG(uint64(n), 100+uint64(kind)))
				a := spd(rnd, n, n, 0)
				switch kind {
				case 0: // A − (λ_min + 1e-3·‖A‖)·I, from the spectrum
					w := eigenvalues(a, n)
					for i := range n {
						a[i*n+i] -= w[0] + 1e-3*w[n-1] + 1e-3
					}
				case 1: // a rank-deficient Gram matrix: v·vᵀ with v ≠ 0 has pivots 0 from row 2 on, or −1·I at n = 1
					v := make([]float64, n)
					for i := range v {
						v[i] = rnd.NormFloat64()
					}
					for i := range n {
						for j := range n {
							a[i*n+j] = v[i] * v[j]
						}
					}
					if n == 1 {
						a[0] = -1
					}
				case 2: // the last diagonal entry negative
					a[n*n-1] = -1
				}
				_, want := reference(a, n, n)
				if want {
					t.Fatal("test matrix is positive definite")
				}
				if Factor(n, withNaNLower(a, n, n), n) {
					t.Error("Factor succeeded on a matrix that is not positive definite")
				}
			})
		}
	}
}

// TestFactorPartial builds A from a chosen stopping point k: a random upper
// triangular [U₁₁ U₁₂] (k×n, positive diagonal) and a random symmetric S
// with s₁₁ = −1/2, A = [U₁₁ᵀU₁₁, U₁₁ᵀU₁₂; U₁₂ᵀU₁₁, U₁₂ᵀU₁₂ + S]. FactorPartial
// must stop at k and give back U's rows and S, to a rounding error of
// these O(1) entries (64·n·ε: sums of at most n products), for k at the
// leaf and recursion boundaries (0, 1, 31…33, n/2 ± 1, n − 1), with the
// strict lower triangle NaN and a leading dimension n + 3; and the same
// bits at GOMAXPROCS 1, 2 and 4.
func TestFactorPartial(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	for _, n := range []int{1, 5, 70, 130, 600} {
		for _, k := range []int{0, 1, 31, 32, 33, n/2 - 1, n / 2, n/2 + 1, n - 1} {
			if k < 0 || k >= n {
				continue
			}
			rnd := rand.New(rand.NewPCG(uint64(n), uint64(k)))
			lda := n + 3
			u := make([]float64, k*lda)
			for i := range k {
				u[i*lda+i] = 0.5 + rnd.Float64()
				for j := i + 1; j < n; j++ {
					u[i*lda+j] = rnd.NormFloat64() / math.Sqrt(float64(n))
				}
			}
			sm := make([]float64, n*lda) // S in rows and columns k…n−1
			for i := k; i < n; i++ {
				for j := i; j < n; j++ {
					v := rnd.NormFloat64()
					sm[i*lda+j], sm[j*lda+i] = v, v
				}
			}
			sm[k*lda+k] = -0.5
			a := make([]float64, n*lda)
			for i := range n {
				for j := i; j < n; j++ {
					var v float64
					for p := range min(k, i+1) {
						v += u[p*lda+i] * u[p*lda+j]
					}
					a[i*lda+j] = v + sm[i*lda+j]
				}
			}
			var first []float64
			for _, procs := range []int{1, 2, 4} {
				runtime.GOMAXPROCS(procs)
				got := withNaNLower(a, n, lda)
				if kk := FactorPartial(n, got, lda); kk != k {
					t.Fatalf("n=%d: FactorPartial stopped at %d, want %d", n, kk, k)
				}
				tol := 64 * float64(n) * 1.1e-16
				for i := range n {
					for j := i; j < n; j++ {
						want := sm[i*lda+j]
						if i < k {
							want = u[i*lda+j]
						}
						if d := math.Abs(got[i*lda+j] - want); !(d <= tol*(1+math.Abs(want))) {
							t.Fatalf("n=%d k=%d: entry (%d, %d) = %v, want %v", n, k, i, j, got[i*lda+j], want)
						}
					}
				}
				if first == nil {
					first = got
				} else if !slices.EqualFunc(got, first, func(x, y float64) bool { return x == y || x != x && y != y }) {
					t.Fatalf("n=%d k=%d: GOMAXPROCS = %d changed the bits", n, k, procs)
				}
			}
		}
	}
}

// TestFactorPartialInertia checks k + In(S) = In(A) (Haynsworth) on
// random indefinite matrices with well separated eigenvalues: A − c·I for
// a Wishart-like A and c in its spectrum, and a matrix with one negative
// eigenvalue.
func TestFactorPartialInertia(t *testing.T) {
	for _, n := range []int{2, 40, 129, 300} {
		for _, c := range []float64{0.2, 0.8, 1.5} {
			rnd := rand.New(rand.NewPCG(uint64(n), uint64(1000*c)))
			a := spd(rnd, n, n, 0)
			for i := range n {
				a[i*n+i] -= c
			}
			w := eigenvalues(a, n)
			wantNeg := 0
			for _, v := range w {
				if v < 0 {
					wantNeg++
				}
			}
			got := withNaNLower(a, n, n)
			k := FactorPartial(n, got, n)
			if k == n {
				if wantNeg > 0 {
					t.Fatalf("n=%d c=%v: factored an indefinite matrix", n, c)
				}
				continue
			}
			m := n - k
			sc := make([]float64, m*m)
			for i := range m {
				for j := i; j < m; j++ {
					sc[i*m+j] = got[(k+i)*n+k+j]
					sc[j*m+i] = sc[i*m+j]
				}
			}
			ws := eigenvalues(sc, m)
			neg := 0
			for _, v := range ws {
				if v < 0 {
					neg++
				}
			}
			if neg != wantNeg || k+m-neg != n-wantNeg {
				t.Errorf("n=%d c=%v: k = %d with %d negative eigenvalues in S, A has %d", n, c, k, neg, wantNeg)
			}
		}
	}
}

// eigenvalues returns the ascending eigenvalues of the n×n matrix a.
func eigenvalues(a []float64, n int) []float64 {
	c := slices.Clone(a)
	w := make([]float64, n)
	work := make([]float64, 1)
	impl := gonum.Implementation{}
	impl.Dsyev('N', blas.Upper, n, c, n, w, work, -1)
	work = make([]float64, int(work[0]))
	impl.Dsyev('N', blas.Upper, n, c, n, w, work, len(work))
	return w
}

// TestDeterministic checks that Factor and Solve give the same bits at
// GOMAXPROCS 1, 2, 4 and 2 again, at a size using both goroutine splits.
func TestDeterministic(t *testing.T) {
	const n = 1100
	rnd := rand.New(rand.NewPCG(7, 7))
	a := spd(rnd, n, n, 0.1)
	b := make([]float64, n)
	for i := range b {
		b[i] = rnd.NormFloat64()
	}
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	var u0, x0 []float64
	for _, p := range []int{1, 2, 4, 2} {
		runtime.GOMAXPROCS(p)
		u := slices.Clone(a)
		if !Factor(n, u, n) {
			t.Fatal("Factor failed")
		}
		x := slices.Clone(b)
		Solve(n, u, n, x)
		if u0 == nil {
			u0, x0 = u, x
			continue
		}
		if !slices.Equal(u, u0) || !slices.Equal(x, x0) {
			t.Errorf("GOMAXPROCS = %d: results differ from GOMAXPROCS = 1", p)
		}
	}
}

// BenchmarkFactor times Factor, one Solve and one SolveMulti with eight
// right-hand sides at n = 2500 (the Hessian of k = d = 50).
func BenchmarkFactor(b *testing.B) {
	const n = 2500
	rnd := rand.New(rand.NewPCG(1, 1))
	a := make([]float64, n*n)
	for i := range n {
		for j := i; j < n; j++ {
			v := rnd.NormFloat64()
			if i == j {
				v += 2 * math.Sqrt(n)
			}
			a[i*n+j], a[j*n+i] = v, v
		}
	}
	u := slices.Clone(a)
	b.Run("factor", func(b *testing.B) {
		for b.Loop() {
			copy(u, a)
			if !Factor(n, u, n) {
				b.Fatal("not positive definite")
			}
		}
	})
	x := make([]float64, n)
	b.Run("solve", func(b *testing.B) {
		for b.Loop() {
			for i := range x {
				x[i] = 1
			}
			Solve(n, u, n, x)
		}
	})
	x8 := make([]float64, 8*n)
	b.Run("solve8", func(b *testing.B) {
		for b.Loop() {
			for i := range x8 {
				x8[i] = 1
			}
			SolveMulti(n, u, n, 8, x8, 8)
		}
	})
}
