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
)

// TestSolveMulti checks SolveMulti against Solve, column by column, at edge
// sizes (0, 1, below, at and above a group of eight rows and a block of 64,
// and from 577 rows on, where the rows below a block are split between two
// goroutines), with 0 to 17 right-hand sides (the kernel's eight, fewer and
// a remainder) and ldx > nrhs, whose padding must not be touched; and that
// each column is the same bits as when solved alone, and as with the
// portable loops instead of the CPU's kernels.
func TestSolveMulti(t *testing.T) {
	for _, n := range []int{0, 1, 7, 8, 9, 63, 64, 65, 130, 600} {
		for _, nrhs := range []int{0, 1, 3, 8, 11, 17} {
			name := fmt.Sprintf("n=%d/nrhs=%d", n, nrhs)
			rnd := rand.New(rand.NewPCG(uint64(n), uint64(nrhs)))
			lda := n + 3
			u := spd(rnd, n, lda, 0.5)
			if !Factor(n, u, lda) {
				t.Fatalf("%s: Factor failed", name)
			}
			u = withNaNLower(u, n, lda)
			ldx := nrhs + 3
			b := make([]float64, n*ldx)
			for i := range b {
				b[i] = rnd.NormFloat64()
			}
			x := slices.Clone(b)
			SolveMulti(n, u, lda, nrhs, x, ldx)
			for i := range n {
				for q := nrhs; q < ldx; q++ {
					if x[i*ldx+q] != b[i*ldx+q] {
						t.Fatalf("%s: padding x[%d,%d] modified", name, i, q)
					}
				}
			}
			for q := range nrhs {
				col := make([]float64, n)
				for i := range n {
					col[i] = b[i*ldx+q]
				}
				alone := slices.Clone(col)
				SolveMulti(n, u, lda, 1, alone, 1)
				Solve(n, u, lda, col)
				for i := range n {
					got := x[i*ldx+q]
					if got != alone[i] {
						t.Fatalf("%s: x[%d,%d] = %v, %v when solved alone", name, i, q, got, alone[i])
					}
					// Both solves are backward stable: with the
					// eigenvalues of A in [0.5, 4.5], κ(A) ≤ 9 and
					// the solutions differ by a few κ·n·ε at most
					// (1e-12 relative to max(1, |x|) allows n·ε·κ
					// for n up to 500 with a margin of 10).
					if d := math.Abs(got - col[i]); d > 1e-12*max(1, math.Abs(col[i])) {
						t.Errorf("%s: x[%d,%d] = %v, Solve %v", name, i, q, got, col[i])
					}
				}
			}
			// The portable loops round as the kernels do.
			saveT, saveD := updT8, dot8
			updT8, dot8 = nil, nil
			y := slices.Clone(b)
			SolveMulti(n, u, lda, nrhs, y, ldx)
			updT8, dot8 = saveT, saveD
			if !slices.Equal(x, y) {
				t.Errorf("%s: portable loops differ from the kernels", name)
			}
		}
	}
}

// TestSolveMultiResidual checks the residual ‖A·X − B‖ of SolveMulti on an
// ill-conditioned matrix (eigenvalues from 1e-8 to about 4): backward
// stability bounds it by a small multiple of n·ε·‖A‖·‖X‖.
func TestSolveMultiResidual(t *testing.T) {
	const n, nrhs = 300, 8
	rnd := rand.New(rand.NewPCG(3, 3))
	a := spd(rnd, n, n, 1e-8)
	u := slices.Clone(a)
	if !Factor(n, u, n) {
		t.Fatal("Factor failed")
	}
	b := make([]float64, n*nrhs)
	for i := range b {
		b[i] = rnd.NormFloat64()
	}
	x := slices.Clone(b)
	SolveMulti(n, u, n, nrhs, x, nrhs)
	for q := range nrhs {
		var rmax, xmax float64
		for i := range n {
			s := -b[i*nrhs+q]
			for j := range n {
				s += a[i*n+j] * x[j*nrhs+q]
			}
			rmax = max(rmax, math.Abs(s))
			xmax = max(xmax, math.Abs(x[i*nrhs+q]))
		}
		// ‖A‖ ≤ 5; 10·n·ε·‖A‖·‖X‖ in the max norm.
		if lim := 10 * n * 0x1p-52 * 5 * xmax; rmax > lim {
			t.Errorf("column %d: residual %.3g > %.3g", q, rmax, lim)
		}
	}
}

// TestSolveMultiDeterministic checks that SolveMulti gives the same bits at
// any GOMAXPROCS, with the rows below a block split between two goroutines
// (n = 1100).
func TestSolveMultiDeterministic(t *testing.T) {
	const n, nrhs = 1100, 8
	rnd := rand.New(rand.NewPCG(7, 8))
	u := spd(rnd, n, n, 0.1)
	if !Factor(n, u, n) {
		t.Fatal("Factor failed")
	}
	b := make([]float64, n*nrhs)
	for i := range b {
		b[i] = rnd.NormFloat64()
	}
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	var x0 []float64
	for _, p := range []int{1, 2, 4, 2} {
		runtime.GOMAXPROCS(p)
		x := slices.Clone(b)
		SolveMulti(n, u, n, nrhs, x, nrhs)
		if x0 == nil {
			x0 = x
			continue
		}
		if !slices.Equal(x, x0) {
			t.Errorf("GOMAXPROCS = %d: results differ from GOMAXPROCS = 1", p)
		}
	}
}
