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
// updates) diagonals, in sizes covering one and several panels and, at
// n = 1100, the two-goroutine halves of Solve's sweeps.
func TestFactorSolve(t *testing.T) {
	for _, n := range []int{1, 2, 5, 97, 250, 400, 700} {
		for kind := range 4 {
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
				orig := append([]float64(nil), a...)
				work := append([]float64(nil), a...)
				fa := Factor(n, work, n)
				inert := append([]float64(nil), a...)
				neg, zero, pos := Inertia(n, inert, n)
				if fa.Neg != neg || fa.Zero != zero || fa.Pos != pos {
					t.Fatalf("Factor inertia %d/%d/%d, Inertia %d/%d/%d", fa.Neg, fa.Zero, fa.Pos, neg, zero, pos)
				}
				// The dominant kind is n·I plus a symmetric N(0,1) matrix,
				// whose norm is about 2√n < n: positive definite.
				if kind == 3 && pos != n {
					t.Fatalf("diagonally dominant matrix: inertia %d/%d/%d, want %d positive", neg, zero, pos, n)
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
