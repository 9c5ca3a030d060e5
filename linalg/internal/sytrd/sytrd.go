// Copyright ©2026 The relulab Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package sytrd

import (
	"math"

	gonumlapack "gonum.org/v1/gonum/lapack/gonum"

	"github.com/relulab/relulab/linalg/internal/gemm"
	"github.com/relulab/relulab/linalg/internal/team"
)

const (
	// nb is the largest number of columns reduced per panel
	// (panelWidth): the trailing update is then a product of depth 2·nb.
	nb = 32
	// parMin is the smallest order reduced on two goroutines.
	parMin = 192
	// stepMin is the number of multiply–adds (or copies) below which a
	// step runs its parts on the caller, where a hand-over (about 0.2 µs,
	// plus the wait for the slower part) would cost more than it saves.
	stepMin = 8192
)

// parts is the fixed number of parts every parallel step is cut into. It
// does not depend on GOMAXPROCS or on which goroutine runs a part, so
// neither do the results.
const parts = 2

// Reduce reduces the symmetric n×n matrix A, stored in the upper triangle of
// a (row-major, stride lda), to the symmetric tridiagonal T = QᵀAQ with
// diagonal d (len n) and off-diagonal e (len n−1), T(k, k+1) = e[k], where
// Q = H₀·H₁·…·H_{n−2} and Hₖ = I − τₖ·uₖ·uₖᵀ with uₖ zero in entries 0…k,
// uₖ[k+1] = 1 and the rest stored in row k of a: a[k·lda+j] = uₖ[j] for
// j ≥ k+2. On return a[k·lda+k] = d[k] and a[k·lda+k+1] = e[k]; τₖ goes to
// tau[k] (len n−1). Below the diagonal a is not referenced. This is LAPACK's
// dsytrd for a column-major lower triangle, which a row-major upper
// triangle is.
//
// Panels of b columns (16 or nb, panelWidth) are reduced as in LAPACK's
// dlatrd, each column with one symmetric matrix–vector product over the
// trailing matrix, which is updated after the panel by one product of depth
// 2·b. Every step is cut into two fixed parts that run on two goroutines
// when GOMAXPROCS ≥ 2, with the same result for any GOMAXPROCS.
//
// Reduce panics if lda < n or a slice is too short.
func Reduce(n int, a []float64, lda int, d, e, tau []float64) {
	if n == 0 {
		return
	}
	if lda < max(1, n) || len(a) < (n-1)*lda+n || len(d) < n || len(e) < n-1 || len(tau) < n-1 {
		panic("sytrd: bad dimensions")
	}
	t := team.New(n >= parMin)
	defer t.Stop()

	// Panels of b columns. z holds three b×n blocks: W, then V and W
	// again, so that rows b…3b are [V; W] and rows 0…2b are [W; V].
	b := panelWidth(n)
	z := make([]float64, 3*b*n)
	acc := make([]float64, parts*n)
	scratch := make([]float64, parts*n)
	// pd[c] holds part c's partial dot products, Vᵀu then Wᵀu (2·nb).
	var pd [parts][2 * nb]float64
	var pw [parts]float64
	// Per part: the rows and scales of a multi-row axpy.
	var rowsBuf [parts][][]float64
	var scaleBuf [parts][]float64
	for c := range parts {
		rowsBuf[c] = make([][]float64, 0, 2*nb)
		scaleBuf[c] = make([]float64, 0, 2*nb)
	}
	row := func(k int) []float64 { return a[k*lda : k*lda+n] }
	wrow := func(j int) []float64 { return z[j*n : (j+1)*n] }

	for p := 0; p < n; p += b {
		pe := min(p+b, n)
		for k := p; k < pe; k++ {
			j := k - p
			ak := row(k)
			// Bring row k (column k of the lower triangle), k…n−1, up to
			// date with the panel's columns l < j:
			// A(k:n, k) −= V(k:n, l)·W(k, l) + W(k:n, l)·V(k, l).
			if j > 0 {
				step(t, (n-k)*2*j, func(c int) {
					lo, hi := half(k, n, c)
					rs, sc := rowsBuf[c][:0], scaleBuf[c][:0]
					for l := range j {
						u, w := row(p+l), wrow(l)
						rs = append(rs, u[lo:hi], w[lo:hi])
						sc = append(sc, -w[k], -u[k])
					}
					gemm.AxpyRows(ak[lo:hi], rs, sc)
				})
			}
			d[k] = ak[k]
			if k == n-1 {
				break
			}
			// The reflector that zeroes A(k+2:n, k).
			beta, tk := reflector(ak[k+1], ak[k+2:n])
			e[k], tau[k] = beta, tk
			ak[k+1] = 1
			u := ak // u[i] for i ≥ k+1
			w := wrow(j)
			// w = τ·(A·u − V·(Wᵀu) − W·(Vᵀu)) over rows k+1…n−1, with A
			// the trailing matrix not yet updated for this panel.
			r1 := k + 1 + areaSplit(n-k-1, symvShare(n-k-1))
			step(t, (n-k-1)*((n-k-1)/2+2*j), func(c int) {
				acc := acc[c*n : (c+1)*n]
				clear(acc[k+1 : n])
				lo, hi := k+1, r1
				if c == 1 {
					lo, hi = r1, n
				}
				gemm.SymvUpperRows(n, a, lda, u, acc, lo, hi)
				if j > 0 {
					lo, hi = half(k+1, n, c)
					rs := rowsBuf[c][:0]
					for l := range j {
						rs = append(rs, row(p + l)[lo:hi])
					}
					for l := range j {
						rs = append(rs, wrow(l)[lo:hi])
					}
					gemm.DotRows(pd[c][:j], rs[:j], u[lo:hi], scratch[c*n:])
					gemm.DotRows(pd[c][nb:nb+j], rs[j:], u[lo:hi], scratch[c*n:])
				}
			})
			step(t, (n-k-1)*(2*j+2), func(c int) {
				lo, hi := half(k+1, n, c)
				y := w[lo:hi]
				for i := range y {
					y[i] = acc[lo+i] + acc[n+lo+i]
				}
				if j > 0 {
					rs, sc := rowsBuf[c][:0], scaleBuf[c][:0]
					for l := range j {
						rs = append(rs, row(p + l)[lo:hi], wrow(l)[lo:hi])
						sc = append(sc, -(pd[0][nb+l] + pd[1][nb+l]), -(pd[0][l] + pd[1][l]))
					}
					gemm.AxpyRows(y, rs, sc)
				}
				// y ← τ·y and wᵀu, with four sums (one would wait on
				// the latency of each addition).
				ux := u[lo:hi]
				var s0, s1, s2, s3 float64
				i := 0
				for ; i+4 <= len(y); i += 4 {
					y0, y1, y2, y3 := y[i]*tk, y[i+1]*tk, y[i+2]*tk, y[i+3]*tk
					y[i], y[i+1], y[i+2], y[i+3] = y0, y1, y2, y3
					s0 += y0 * ux[i]
					s1 += y1 * ux[i+1]
					s2 += y2 * ux[i+2]
					s3 += y3 * ux[i+3]
				}
				for ; i < len(y); i++ {
					y[i] *= tk
					s0 += y[i] * ux[i]
				}
				pw[c] = (s0 + s1) + (s2 + s3)
			})
			// w += α·u with α = −τ/2·wᵀu: O(n) work, less than a hand-over
			// to the helper costs.
			alpha := -0.5 * tk * (pw[0] + pw[1])
			y := w[k+1 : n]
			for i, v := range u[k+1 : n] {
				y[i] += alpha * v
			}
		}
		if pe < n {
			// A(pe:n, pe:n) −= V·Wᵀ + W·Vᵀ as one product [V; W]ᵀ·[W; V]
			// of depth 2·b.
			m := n - pe
			step(t, 2*b*m, func(c int) {
				lo, hi := half(0, b, c)
				for l := lo; l < hi; l++ {
					copy(z[(b+l)*n+pe:(b+l+1)*n], row(p + l)[pe:])
					copy(z[(2*b+l)*n+pe:(2*b+l+1)*n], wrow(l)[pe:])
				}
			})
			r1 := areaSplit(m, updateShare(m))
			c0 := a[pe*lda+pe:]
			step(t, b*m*m, func(c int) {
				lo, hi := 0, r1
				if c == 1 {
					lo, hi = r1, m
				}
				gemm.GemmtUpperRows(m, 2*b, -1, z[b*n+pe:], n, z[pe:], n, c0, lda, lo, hi)
			})
		}
		for k := p; k < min(pe, n-1); k++ {
			a[k*lda+k+1] = e[k]
		}
	}
}

// reflector is LAPACK's dlarfg for the vector (α, x): it returns β and τ
// of the reflector H = I − τ·(1, v)·(1, v)ᵀ with H·(α, x) = (β, 0), and
// overwrites x by v. The norm of x is a plain sum of squares, and gonum's
// Dlarfg, which scales, takes over when that sum is outside [2⁻⁹⁰⁰, 2⁹⁰⁰]
// (it may have under- or overflowed).
func reflector(alpha float64, x []float64) (beta, tau float64) {
	if len(x) == 0 {
		return alpha, 0
	}
	var s0, s1, s2, s3 float64
	i := 0
	for ; i+4 <= len(x); i += 4 {
		s0 += x[i] * x[i]
		s1 += x[i+1] * x[i+1]
		s2 += x[i+2] * x[i+2]
		s3 += x[i+3] * x[i+3]
	}
	for ; i < len(x); i++ {
		s0 += x[i] * x[i]
	}
	ss := (s0 + s1) + (s2 + s3)
	if !(ss >= 0x1p-900 && ss <= 0x1p900) {
		return gonumlapack.Implementation{}.Dlarfg(len(x)+1, alpha, x, 1)
	}
	beta = -math.Copysign(math.Hypot(alpha, math.Sqrt(ss)), alpha)
	tau = (beta - alpha) / beta
	f := 1 / (alpha - beta)
	for i := range x {
		x[i] *= f
	}
	return beta, tau
}

// panelWidth returns the number of columns per panel for order n: 16
// below 768, where the per-column products with the panel's V and W (up
// to b rows each) cost more than the deeper trailing update saves
// (n = 500: 8.0 → 7.5 ms), and nb from there on (at n = 1000, 16 is 4 %
// slower and 48 is 10 % slower than 32).
func panelWidth(n int) int {
	if n < 768 {
		return 16
	}
	return nb
}

// step runs f's two parts on the team, or on the caller when the work (in
// multiply–adds) is too small to share.
func step(t *team.Team, work int, f func(part int)) {
	if work < stepMin {
		f(0)
		f(1)
		return
	}
	t.Run(parts, f)
}

// half returns part c of the index range [lo, hi) cut in the middle.
func half(lo, hi, c int) (int, int) {
	mid := lo + (hi-lo)/2
	if c == 0 {
		return lo, mid
	}
	return mid, hi
}

// symvShare and updateShare return the fraction of the area of an m×m
// trailing triangle given to the second part (its bottom rows) in the
// symmetric products and in the trailing update. Short rows cost more per
// entry (loop and edge overheads), the more so the smaller m: with halves
// the bottom part took 1.2 and 1.3 times as long as the top one at
// n = 1000, 1.15 and 1.05 times at n = 2000, and the other core waited.
// With these shares the two take about the same time (Reduce at n = 1000:
// 43 → 38 ms).
func symvShare(m int) float64 { return ramp(m, 1000, 2000, 0.46, 0.47) }

func updateShare(m int) float64 { return ramp(m, 1000, 1800, 0.44, 0.49) }

// ramp returns y0 for x ≤ x0, y1 for x ≥ x1 and the linear interpolation
// between them.
func ramp(x, x0, x1 int, y0, y1 float64) float64 {
	t := min(1, max(0, float64(x-x0)/float64(x1-x0)))
	return y0 + t*(y1-y0)
}

// areaSplit returns the row r that cuts the upper triangle of an m×m matrix
// into rows 0…r−1 and r…m−1, the latter with the fraction f of its area:
// (m−r)² = f·m². It is a multiple of 4 (the symmetric product's row block)
// where m allows.
func areaSplit(m int, f float64) int {
	r := m - int(float64(m)*math.Sqrt(f))
	return min(m, r&^3)
}
