// Copyright ©2026 The relulab Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package chol

import "math"

// multiBlock is the number of rows of U that SolveMulti's sweeps take
// together (a multiple of 8): within a block by groups of eight rows, and
// between the block and the rest of the rows with the rest split in two
// halves, which run on two goroutines from split rows on.
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
// right-hand side (Solve). Column j of X is the same bits whatever nrhs and
// whatever the other columns are, and the same at any GOMAXPROCS (the split
// between goroutines is fixed by n). It may differ from Solve's result in
// rounding. SolveMulti does not modify u and may be called concurrently on
// distinct X.
func SolveMulti(n int, u []float64, ldu int, nrhs int, x []float64, ldx int) {
	if n == 0 {
		return
	}
	for c0 := 0; c0 < nrhs; c0 += 8 {
		c := min(8, nrhs-c0)
		solveFwd(n, u, ldu, c, x[c0:], ldx)
		solveBwd(n, u, ldu, c, x[c0:], ldx)
	}
}

// solveFwd overwrites the n×c (c ≤ 8) matrix in x (stride ldx) with Y of
// Uᵀ·Y = B: row k of Y is row k of B, less its updates by the rows above,
// divided by u_kk, and then subtracted, times u_kj, from every row j > k.
func solveFwd(n int, u []float64, ldu int, c int, x []float64, ldx int) {
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
			updT(g1-g0, c, k1-g1, u[g0*ldu+g1:], ldu, x[g0*ldx:], rowsFrom(x, g1, ldx), ldx)
		}
		if k1 == n {
			break
		}
		mid := k1 + (n-k1)/2
		part := func(j0, j1 int) {
			for g0 := k0; g0 < k1; g0 += 8 {
				g1 := min(g0+8, k1)
				updT(g1-g0, c, j1-j0, u[g0*ldu+j0:], ldu, x[g0*ldx:], rowsFrom(x, j0, ldx), ldx)
			}
		}
		halves(n-k1, func() { part(k1, mid) }, func() { part(mid, n) })
	}
}

// solveBwd overwrites the n×c (c ≤ 8) matrix in x (stride ldx) with X of
// U·X = Y, by blocks from the last: the dot products of each group's rows
// of U with the rows of X below the block (two halves, added), then with
// the rows below the group within the block, then the group's own triangle.
func solveBwd(n int, u []float64, ldu int, c int, x []float64, ldx int) {
	const groups = multiBlock / 8
	var acc, hi [groups][64]float64
	for k0 := (n - 1) / multiBlock * multiBlock; k0 >= 0; k0 -= multiBlock {
		k1 := min(k0+multiBlock, n)
		ng := (k1 - k0 + 7) / 8
		acc = [groups][64]float64{}
		if k1 < n {
			hi = [groups][64]float64{}
			mid := k1 + (n-k1)/2
			part := func(dst *[groups][64]float64, j0, j1 int) {
				for g := range ng {
					g0 := k0 + 8*g
					g1 := min(g0+8, k1)
					dot(g1-g0, c, j1-j0, u[g0*ldu+j0:], ldu, rowsFrom(x, j0, ldx), ldx, &dst[g])
				}
			}
			halves(n-k1, func() { part(&acc, k1, mid) }, func() { part(&hi, mid, n) })
			for g := range ng {
				for i := range acc[g] {
					acc[g][i] += hi[g][i]
				}
			}
		}
		for g := ng - 1; g >= 0; g-- {
			g0 := k0 + 8*g
			g1 := min(g0+8, k1)
			dot(g1-g0, c, k1-g1, u[g0*ldu+g1:], ldu, rowsFrom(x, g1, ldx), ldx, &acc[g])
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

// rowsFrom returns x from row i on (stride ldx), empty for i past its end.
func rowsFrom(x []float64, i, ldx int) []float64 {
	return x[min(i*ldx, len(x)):]
}

// updT subtracts Σₚ u[p·ldu+j]·y[p·ldx+q] over the r ≤ 8 rows p (in order,
// one fused multiply-add each) from x[j·ldx+q] for j < k, q < c ≤ 8.
func updT(r, c, k int, u []float64, ldu int, y, x []float64, ldx int) {
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

// dot adds Σⱼ u[p·ldu+j]·x[j·ldx+q] over j < k (in order, one fused
// multiply-add each) to acc[p·8+q] for the r ≤ 8 rows p, q < c ≤ 8.
func dot(r, c, k int, u []float64, ldu int, x []float64, ldx int, acc *[64]float64) {
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
