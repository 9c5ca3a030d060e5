// Copyright ©2026 The relulab Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package ldl

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/lapack"
	"gonum.org/v1/gonum/lapack/gonum"
)

// TestInertia checks Inertia's counts against the signs of the eigenvalues
// that gonum's LAPACK (Dsyev, values only) computes, for A and for A − σ·I
// with σ between two neighbouring eigenvalues at a quarter, half and three
// quarters of the spectrum (a gap of about ‖A‖/n, which an error in the
// factorization much smaller than ‖A‖ would cross), on random matrices with
// random, zero (2×2 pivots), tiny (interchanged 1×1 pivots) and dominant
// (positive definite, no interchange: the panels overlap the look-ahead
// updates) diagonals, and on the mixed kind of mixedMatrix (2×2 pivots
// interchanged within the look-ahead's rows, then, for n > 400, beyond
// them, after which the look-ahead stops), in sizes 0, 1, 2, odd, around
// the panel width 96 and its multiples, and 700 for the mixed kind alone
// (the other kinds take no new path there, and Dsyev at n = 700 costs over
// 2 s under -race).
func TestInertia(t *testing.T) {
	for _, n := range []int{0, 1, 2, 5, 95, 96, 97, 193, 250, 400, 700} {
		for kind := range 5 {
			if n == 700 && kind != 4 {
				continue
			}
			t.Run(fmt.Sprintf("n=%d/kind=%d", n, kind), func(t *testing.T) {
				rnd := rand.New(rand.NewPCG(uint64(n), uint64(kind)))
				a := make([]float64, n*n) // row-major upper triangle used
				for i := range n {
					for j := i; j < n; j++ {
						v := rnd.NormFloat64()
						if i == j {
							switch kind {
							case 1:
								v = 0
							case 2:
								v *= 1e-6
							case 3:
								v += float64(n)
							}
						}
						a[i*n+j], a[j*n+i] = v, v
					}
				}
				if kind == 4 {
					a = mixedMatrix(rnd, n)
				}
				neg, zero, pos := Inertia(n, append([]float64(nil), a...), max(1, n))
				// The dominant kind is n·I plus a symmetric N(0,1) matrix,
				// whose norm is about 2√n < n: positive definite.
				if kind == 3 && pos != n {
					t.Errorf("diagonally dominant matrix: inertia %d/%d/%d, want %d positive", neg, zero, pos, n)
				}
				// The mixed kind has one negative eigenvalue per 2×2 block
				// [ε 2n; 2n n+O(√n)] (determinant about −4n² < 0), the rest
				// of the matrix staying dominant.
				if kind == 4 && (neg != mixedPairs(n) || pos != n-neg) {
					t.Errorf("mixed matrix: inertia %d/%d/%d, want %d negative, the rest positive", neg, zero, pos, mixedPairs(n))
				}

				lambda := eigenvalues(t, n, a)
				shifts := []float64{0}
				for _, j := range []int{n / 4, n / 2, 3 * n / 4} {
					if j+1 < n {
						shifts = append(shifts, (lambda[j]+lambda[j+1])/2)
					}
				}
				for _, sigma := range shifts {
					want, ok := shiftedSigns(lambda, sigma)
					if !ok {
						t.Logf("σ = %g: an eigenvalue too close to σ, not compared", sigma)
						continue
					}
					b := append([]float64(nil), a...)
					for i := range n {
						b[i*n+i] -= sigma
					}
					neg, zero, pos := Inertia(n, b, max(1, n))
					if got := [3]int{neg, zero, pos}; got != want {
						t.Errorf("σ = %g: inertia of A − σ·I %d/%d/%d, from Dsyev's eigenvalues %d/%d/%d",
							sigma, neg, zero, pos, want[0], want[1], want[2])
					}
				}
			})
		}
	}
}

// eigenvalues returns the eigenvalues of the symmetric row-major n×n
// matrix a (not modified) in ascending order, by gonum's Dsyev.
func eigenvalues(t *testing.T, n int, a []float64) []float64 {
	t.Helper()
	w := make([]float64, n)
	if n == 0 {
		return w
	}
	c := append([]float64(nil), a...)
	var impl gonum.Implementation
	work := make([]float64, 1)
	impl.Dsyev(lapack.EVNone, blas.Upper, n, c, n, w, work, -1)
	work = make([]float64, int(work[0]))
	if !impl.Dsyev(lapack.EVNone, blas.Upper, n, c, n, w, work, len(work)) {
		t.Fatalf("Dsyev did not converge (n = %d)", n)
	}
	return w
}

// shiftedSigns returns the numbers of negative, zero and positive
// eigenvalues of A − σ·I, given those of A (ascending) in lambda, and false
// when they are not determined at working precision: when an eigenvalue λ
// lies within 1e-10·(‖A‖₂ + |σ|) of σ. Inertia's counts are exact for a
// matrix A − σ·I + E with ‖E‖ of about n·ε·‖A − σ·I‖ times Bunch–Kaufman's
// growth factor, and Dsyev's eigenvalues are within about n·ε·‖A‖ of A's
// (backward stability and Weyl's inequality), with n·ε ≤ 700·2⁻⁵² ≈
// 1.6e-13 here: 1e-10 leaves room for a growth of several hundred, far
// more than these matrices see, so that λ − σ farther from zero has the same
// sign for A, for A + E and in Dsyev's spectrum. The zero matrix (σ = 0)
// has n zero eigenvalues, which Inertia counts exactly from its zero
// columns.
func shiftedSigns(lambda []float64, sigma float64) (in [3]int, ok bool) {
	n := len(lambda)
	if n == 0 {
		return in, true
	}
	norm := max(-lambda[0], lambda[n-1]) // ‖A‖₂
	if norm == 0 && sigma == 0 {
		return [3]int{0, n, 0}, true
	}
	tol := 1e-10 * (norm + math.Abs(sigma))
	for _, l := range lambda {
		switch {
		case math.Abs(l-sigma) <= tol:
			return in, false
		case l < sigma:
			in[0]++
		default:
			in[2]++
		}
	}
	return in, true
}

// dominantMatrix returns the row-major n×n matrix n·I + G (G symmetric
// N(0, 1)), positive definite: Bunch–Kaufman interchanges nothing.
func dominantMatrix(rnd *rand.Rand, n int) []float64 {
	a := make([]float64, n*n)
	for i := range n {
		for j := i; j < n; j++ {
			v := rnd.NormFloat64()
			if i == j {
				v += float64(n)
			}
			a[i*n+j], a[j*n+i] = v, v
		}
	}
	return a
}

// mixedMatrix returns the row-major n×n matrix n·I + G (G symmetric
// N(0, 1)) in which the rows i ≡ 5 (mod 11) get a tiny diagonal, 1e-3, and
// a coupling 2n to row j = i + 1 + i%5, or, beyond n/2 and for every third
// such i, to j = i + 200: Bunch–Kaufman takes a 2×2 pivot on rows i and j,
// interchanged to i + 1. The near partners lie within the rows the
// look-ahead has already updated (the panel goes on while the rest of the
// update runs), the far ones beyond (the panel waits, and after two such
// panels the look-ahead stops).
func mixedMatrix(rnd *rand.Rand, n int) []float64 {
	a := dominantMatrix(rnd, n)
	for i := 5; i < n; i += 11 {
		j, ok := mixedPartner(i, n)
		if !ok {
			continue
		}
		a[i*n+i] = 1e-3
		a[i*n+j], a[j*n+i] = 2*float64(n), 2*float64(n)
	}
	return a
}

// mixedPartner returns the row coupled to row i ≡ 5 (mod 11) in
// mixedMatrix, if there is one. The partners are distinct and never rows
// ≡ 5 (mod 11): near ones lie 1 to 5 rows below i, far ones 200 rows below
// i, at 200 ≡ 2 (mod 11) from the next ones.
func mixedPartner(i, n int) (int, bool) {
	j := i + 1 + i%5
	if i > n/2 && (i/11)%3 == 0 {
		j = i + 200
	}
	return j, j < n
}

// mixedPairs is the number of coupled pairs in mixedMatrix.
func mixedPairs(n int) int {
	c := 0
	for i := 5; i < n; i += 11 {
		if _, ok := mixedPartner(i, n); ok {
			c++
		}
	}
	return c
}

// TestLookAheadPaths checks that the test matrices take the look-ahead's
// paths: the dominant one never waits for the rest of an update, the mixed
// one waits maxWaits times (at its far interchanges) and then stops looking
// ahead.
func TestLookAheadPaths(t *testing.T) {
	const n = 700
	rnd := rand.New(rand.NewPCG(n, 4))
	for _, c := range []struct {
		name  string
		a     []float64
		waits int
	}{{"dominant", dominantMatrix(rnd, n), 0}, {"mixed", mixedMatrix(rnd, n), maxWaits}} {
		f := factorizer{n: n, a: c.a, lda: n, nb: BlockSize}
		f.run()
		if f.waits != c.waits {
			t.Errorf("%s: %d waits, want %d", c.name, f.waits, c.waits)
		}
	}
}

// TestInertiaTinyPivots checks that 1×1 pivots of any size keep their sign:
// a diagonal of ±10⁻ᵉ (e = 0…300, so that Bunch–Kaufman takes each as a
// 1×1 pivot without interchange) plus off-diagonal entries far smaller than
// the smallest of them, in sizes around the panel width, must give exactly
// as many negative counts as negative diagonal entries and no zero one.
func TestInertiaTinyPivots(t *testing.T) {
	for _, n := range []int{7, 96, 97, 250} {
		rnd := rand.New(rand.NewPCG(uint64(n), 77))
		a := make([]float64, n*n)
		neg := 0
		for i := range n {
			d := math.Pow(10, -float64((i*37)%301))
			if rnd.IntN(2) == 0 {
				d = -d
				neg++
			}
			a[i*n+i] = d
			for j := i + 1; j < n; j++ {
				a[i*n+j] = 1e-310 * rnd.NormFloat64() // subnormal: below every pivot's rounding
			}
		}
		gotNeg, zero, pos := Inertia(n, a, n)
		if gotNeg != neg || zero != 0 || pos != n-neg {
			t.Errorf("n=%d: inertia %d/%d/%d, want %d/0/%d", n, gotNeg, zero, pos, neg, n-neg)
		}
	}
}
