// Copyright ©2026 The relulab Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package chol

import (
	"math"

	"github.com/relulab/relulab/linalg/internal/team"
)

// multiBlock is the number of rows of U that SolveMulti's sweeps take
// together (a multiple of 8): within a block by groups of eight rows, and
// between the block and the rest of the rows with the rest cut into
// maxParts parts from split rows on, shared by the calling goroutine and a
// helper (see linalg/internal/team).
const multiBlock = 64

// The register-blocked kernels of SolveMulti for eight rows of U and eight
// right-hand sides, where the CPU has them (nil otherwise); updT and dot
// fall back to their Go loops, which round exactly as the kernels do.
var (
	updT8 func(k int, u []float64, ldu int, y, x []float64, ldx int)
	dot8  func(k int, u []float64, ldu int, x []float64, ldx int, acc *[64]float64)
)

// SolveMulti overwrites the n×nrhs matrix X (row-major, stride
// ldx ≥ max(1, nrhs)) with the solution of A·X = B, given B in X and U of
// A = Uᵀ·U from Factor in the upper triangle of u (stride ldu): Uᵀ·Y = B,
// then U·X = Y, for eight columns of B at a time. Each entry of U is read
// once per eight columns and used for eight fused multiply-adds (an AVX-512
// register holds a row of eight columns), so that a solve with eight
// right-hand sides costs about as much memory traffic as one with a single
// right-hand side (Solve). Two goroutines share the rows below each block
// (linalg/internal/team). Column j of X is the same bits whatever nrhs and
// whatever the other columns are, and the same at any GOMAXPROCS (the parts are fixed by
// n, and partial sums are added in the order of the parts). It may differ
// from Solve's result in rounding. SolveMulti does not modify u and may be
// called concurrently on distinct X.
func SolveMulti(n int, u []float64, ldu int, nrhs int, x []float64, ldx int) {
	if n == 0 {
		return
	}
	tm := team.New(n-multiBlock >= split)
	defer tm.Stop()
	for c0 := 0; c0 < nrhs; c0 += 8 {
		c := min(8, nrhs-c0)
		solveFwd(tm, n, u, ldu, c, x[c0:], ldx)
		solveBwd(tm, n, u, ldu, c, x[c0:], ldx)
	}
}

// solveFwd overwrites the n×c (c ≤ 8) matrix in x (stride ldx) with Y of
// Uᵀ·Y = B: row k of Y is row k of B, less its updates by the rows above,
// divided by u_kk, and then subtracted, times u_kj, from every row j > k.
func solveFwd(tm *team.Team, n int, u []float64, ldu int, c int, x []float64, ldx int) {
	for k0 := 0; k0 < n; k0 += multiBlock {
		k1 := min(k0+multiBlock, n)
		for g0 := k0; g0 < k1; g0 += 8 {
			g1 := min(g0+8, k1)
			for k := g0; k < g1; k++ {
				xk := x[k*ldx : k*ldx+c]
				d := u[k*ldu+k]
				for q := range xk {
					xk[q] /= d
				}
				for i := k + 1; i < g1; i++ {
					s := u[k*ldu+i]
					xi := x[i*ldx : i*ldx+c]
					for q, v := range xk {
						xi[q] = math.FMA(-s, v, xi[q])
					}
				}
			}
			SubRows(g1-g0, c, k1-g1, u[g0*ldu+g1:], ldu, x[g0*ldx:], rowsFrom(x, g1, ldx), ldx)
		}
		if k1 == n {
			break
		}
		np := parts(n - k1)
		tm.Run(np, func(p int) {
			j0, j1 := partRange(k1, n, np, p)
			for g0 := k0; g0 < k1; g0 += 8 {
				g1 := min(g0+8, k1)
				SubRows(g1-g0, c, j1-j0, u[g0*ldu+j0:], ldu, x[g0*ldx:], rowsFrom(x, j0, ldx), ldx)
			}
		})
	}
}

// solveBwd overwrites the n×c (c ≤ 8) matrix in x (stride ldx) with X of
// U·X = Y, by blocks from the last: the dot products of each group's rows
// of U with the rows of X below the block (in parts, added in order), then
// with the rows below the group within the block, then the group's own
// triangle.
func solveBwd(tm *team.Team, n int, u []float64, ldu int, c int, x []float64, ldx int) {
	const groups = multiBlock / 8
	var acc [groups][64]float64
	var sums [maxParts][groups][64]float64
	for k0 := (n - 1) / multiBlock * multiBlock; k0 >= 0; k0 -= multiBlock {
		k1 := min(k0+multiBlock, n)
		ng := (k1 - k0 + 7) / 8
		acc = [groups][64]float64{}
		if k1 < n {
			np := parts(n - k1)
			sums = [maxParts][groups][64]float64{}
			tm.Run(np, func(p int) {
				j0, j1 := partRange(k1, n, np, p)
				for g := range ng {
					g0 := k0 + 8*g
					g1 := min(g0+8, k1)
					DotRows(g1-g0, c, j1-j0, u[g0*ldu+j0:], ldu, rowsFrom(x, j0, ldx), ldx, &sums[p][g])
				}
			})
			for g := range ng {
				for i := range acc[g] {
					for p := range np {
						acc[g][i] += sums[p][g][i]
					}
				}
			}
		}
		for g := ng - 1; g >= 0; g-- {
			g0 := k0 + 8*g
			g1 := min(g0+8, k1)
			DotRows(g1-g0, c, k1-g1, u[g0*ldu+g1:], ldu, rowsFrom(x, g1, ldx), ldx, &acc[g])
			for k := g1 - 1; k >= g0; k-- {
				p := k - g0
				xk := x[k*ldx : k*ldx+c]
				d := u[k*ldu+k]
				for q := range xk {
					s := acc[g][p*8+q]
					for i := k + 1; i < g1; i++ {
						s = math.FMA(u[k*ldu+i], x[i*ldx+q], s)
					}
					xk[q] = (xk[q] - s) / d
				}
			}
		}
	}
}

// maxParts is the number of parts into which SolveMulti's sweeps split the
// rows below a block from split rows on: fixed by the size alone, so that
// the sums are the same bits whoever computes each part. Two, one per
// goroutine of the team (four parts, for balance on a loaded machine, took
// 7 % longer: more hand-offs, and rows changing cores from block to block).
const maxParts = 2

// parts returns the number of parts for m rows below a block.
func parts(m int) int {
	if m < split {
		return 1
	}
	return maxParts
}

// partRange returns part p of np of the rows j0:j1, in multiples of eight.
func partRange(j0, j1, np, p int) (int, int) {
	size := ((j1-j0+np-1)/np + 7) / 8 * 8
	return min(j0+p*size, j1), min(j0+(p+1)*size, j1)
}

// rowsFrom returns x from row i on (stride ldx), empty for i past its end.
func rowsFrom(x []float64, i, ldx int) []float64 {
	return x[min(i*ldx, len(x)):]
}

// SubRows subtracts Σₚ u[p·ldu+j]·y[p·ldx+q] over the r ≤ 8 rows p of U from
// x[j·ldx+q] for j < k and the c ≤ 8 columns q: X −= Uᵀ·Y for the r×k
// matrix U and the r×c matrix Y (both row-major, Y with X's stride ldx),
// one fused multiply-add per term in order of p, by the AVX-512 kernel for
// r = c = 8 where the CPU has it (the same bits as the portable loops).
func SubRows(r, c, k int, u []float64, ldu int, y, x []float64, ldx int) {
	if k == 0 {
		return
	}
	if r == 8 && c == 8 && updT8 != nil {
		updT8(k, u, ldu, y, x, ldx)
		return
	}
	for j := range k {
		xj := x[j*ldx : j*ldx+c]
		for p := range r {
			s := u[p*ldu+j]
			yp := y[p*ldx : p*ldx+c]
			for q, v := range yp {
				xj[q] = math.FMA(-s, v, xj[q])
			}
		}
	}
}

// DotRows adds Σⱼ u[p·ldu+j]·x[j·ldx+q] over j < k to acc[p·8+q] for the
// r ≤ 8 rows p of U and the c ≤ 8 columns q of the k×c matrix X (row-major,
// stride ldx): the r×c product U·X, one fused multiply-add per term in order
// of j, by the AVX-512 kernel for r = c = 8 where the CPU has it (the same
// bits as the portable loops). It is SolveMulti's product of rows of U with
// the block of solutions, for other callers with blocks of eight vectors.
func DotRows(r, c, k int, u []float64, ldu int, x []float64, ldx int, acc *[64]float64) {
	if k == 0 {
		return
	}
	if r == 8 && c == 8 && dot8 != nil {
		dot8(k, u, ldu, x, ldx, acc)
		return
	}
	for p := range r {
		row := u[p*ldu : p*ldu+k]
		a := acc[p*8 : p*8+c]
		for j, s := range row {
			xj := x[j*ldx : j*ldx+c]
			for q, v := range xj {
				a[q] = math.FMA(s, v, a[q])
			}
		}
	}
}
