// Copyright ©2026 The relulab Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package ldl

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
)

// TestFactorSolve checks Solve's backward error ‖A·x − b‖∞/(‖A‖∞·‖x‖∞) against
// n·ε (times 100 for the growth factor of Bunch–Kaufman, small in practice),
// and that Factor's inertia equals Inertia's, on random matrices with
// random, zero (2×2 pivots), tiny (interchanged 1×1 pivots) and dominant
// (positive definite, no interchange: the panels overlap the look-ahead
// updates) diagonals, and on the mixed kind of mixedMatrix (2×2 pivots
// interchanged within the look-ahead's rows, then beyond them), in sizes
// 0, 1, 2, odd, around the panel width 96 and its multiples, and at n = 700
// the two-goroutine halves of Solve's sweeps (from 512 rows below a block).
func TestFactorSolve(t *testing.T) {
	for _, n := range []int{0, 1, 2, 5, 95, 96, 97, 193, 250, 400, 700} {
		for kind := range 5 {
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
				orig := append([]float64(nil), a...)
				work := append([]float64(nil), a...)
				fa := Factor(n, work, max(1, n))
				inert := append([]float64(nil), a...)
				neg, zero, pos := Inertia(n, inert, max(1, n))
				if neg+zero+pos != n {
					t.Fatalf("inertia %d/%d/%d of an order-%d matrix", neg, zero, pos, n)
				}
				if fa.Neg != neg || fa.Zero != zero || fa.Pos != pos {
					t.Fatalf("Factor inertia %d/%d/%d, Inertia %d/%d/%d", fa.Neg, fa.Zero, fa.Pos, neg, zero, pos)
				}
				// The dominant kind is n·I plus a symmetric N(0,1) matrix,
				// whose norm is about 2√n < n: positive definite.
				if kind == 3 && pos != n {
					t.Fatalf("diagonally dominant matrix: inertia %d/%d/%d, want %d positive", neg, zero, pos, n)
				}
				// The mixed kind has one negative eigenvalue per 2×2 block
				// [ε 2n; 2n n+O(√n)] (determinant about −4n² < 0), the rest
				// of the matrix staying dominant.
				if kind == 4 && (neg != mixedPairs(n) || pos != n-neg) {
					t.Fatalf("mixed matrix: inertia %d/%d/%d, want %d negative, the rest positive", neg, zero, pos, mixedPairs(n))
				}
				if zero > 0 {
					return // singular (the 1×1 zero matrix): nothing to solve
				}
				b := make([]float64, n)
				for i := range b {
					b[i] = rnd.NormFloat64()
				}
				x := append([]float64(nil), b...)
				fa.Solve(x, make([]float64, n))
				if n == 0 {
					return
				}
				var rmax, anorm, xmax float64
				for i := range n {
					r, row := -b[i], 0.0
					for j := range n {
						r += orig[i*n+j] * x[j]
						row += math.Abs(orig[i*n+j])
					}
					rmax = max(rmax, math.Abs(r))
					anorm = max(anorm, row)
					xmax = max(xmax, math.Abs(x[i]))
				}
				if e := rmax / (anorm * xmax * float64(n) * 0x1p-52); !(e <= 100) {
					t.Errorf("backward error %.3g·n·ε", e)
				}
			})
		}
	}
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
