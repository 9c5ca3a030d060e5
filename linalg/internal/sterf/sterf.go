// Copyright ©2026 The relulab Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package sterf

import (
	"math"
	"slices"

	gonumlapack "gonum.org/v1/gonum/lapack/gonum"
)

const (
	// eps is the unit roundoff, LAPACK's dlamch('E').
	eps = 0x1p-53
	// eps2 is eps², the relative size below which a squared off-diagonal
	// entry counts as zero.
	eps2 = eps * eps
	// maxIter is the number of QL/QR sweeps allowed per eigenvalue on
	// average, as in LAPACK.
	maxIter = 30
	// ssfmax and ssfmin are LAPACK dsterf's bounds on a block's max |tᵢⱼ|,
	// √(1/safmin)/3 and √safmin/eps² with safmin = 2⁻¹⁰²²: inside them the
	// squares of the entries neither overflow nor lose precision to
	// underflow.
	ssfmax = 0x1p511 / 3
	ssfmin = 0x1p-511 / eps2
)

// Eigenvalues computes all eigenvalues of the n×n symmetric tridiagonal
// matrix T with diagonal d (len n) and off-diagonal e (len n−1),
// T(k, k+1) = T(k+1, k) = e[k], by the root-free QL/QR iteration of Pal,
// Walker and Kahan (LAPACK's dsterf). On return d holds the eigenvalues in
// ascending order and e has been overwritten. It reports whether the
// iteration converged within 30·n sweeps; if not, d holds the eigenvalues
// found so far and the diagonal of the unreduced rest, in no order.
//
// Eigenvalues panics if n < 0 or d or e is too short.
func Eigenvalues(n int, d, e []float64) (ok bool) {
	if n < 0 || len(d) < n || len(e) < n-1 {
		panic("sterf: bad dimensions")
	}
	if n <= 1 {
		return true
	}
	d, e = d[:n], e[:n-1]
	iter, maxTotal := 0, maxIter*n
	for l1 := 0; l1 < n; {
		if l1 > 0 {
			e[l1-1] = 0
		}
		// The unreduced block [l, lend]: e[lend] (if any) is negligible.
		l := l1
		lend := l
		for ; lend < n-1; lend++ {
			if math.Abs(e[lend]) <= math.Sqrt(math.Abs(d[lend]))*math.Sqrt(math.Abs(d[lend+1]))*eps {
				e[lend] = 0
				break
			}
		}
		l1 = lend + 1
		if lend == l {
			continue
		}
		dd, ee := d[l:lend+1], e[l:lend]
		// Scale the block by a power of two (exactly) into
		// [ssfmin, ssfmax] if it is outside.
		var anorm float64
		for _, v := range dd {
			anorm = max(anorm, math.Abs(v))
		}
		for _, v := range ee {
			anorm = max(anorm, math.Abs(v))
		}
		if anorm == 0 {
			continue
		}
		// The exponent of 2 that brings anorm into [1/2, 1) (by Ldexp:
		// 2^-ex itself overflows for a subnormal anorm).
		ex := 0
		if anorm > ssfmax || anorm < ssfmin {
			_, ex = math.Frexp(anorm)
			for i := range dd {
				dd[i] = math.Ldexp(dd[i], -ex)
			}
			for i := range ee {
				ee[i] = math.Ldexp(ee[i], -ex)
			}
		}
		for i, v := range ee {
			ee[i] = v * v
		}
		// QL deflates at the top of the block and QR at the bottom: start
		// at the end with the larger diagonal entry, as dsterf does.
		var conv bool
		if math.Abs(dd[len(dd)-1]) >= math.Abs(dd[0]) {
			conv = ql(dd, ee, &iter, maxTotal)
		} else {
			conv = qr(dd, ee, &iter, maxTotal)
		}
		if ex != 0 {
			for i := range dd {
				dd[i] = math.Ldexp(dd[i], ex)
			}
		}
		if !conv {
			return false
		}
	}
	slices.Sort(d)
	return true
}

// ql finds the eigenvalues of the unreduced tridiagonal block with
// diagonal d and squared off-diagonal e by QL sweeps, deflating at d[0]
// first. It adds the sweeps to *iter and reports false, leaving the
// rest unreduced, when *iter reaches maxTotal.
//
// Before each sweep LAPACK looks for the first negligible e[m], m ≥ l,
// from l on: as many comparisons as the sweep has rotations, a sixth of
// the time. The sweep's rotations wait on their chain of divisions,
// with room beside it for that test, so the sweep tests each e[i] it
// writes, with its d[i] and d[i+1] final, and keeps the first two
// negligible ones (m0 < m1, or the sweep's own m): the next two searches
// are answered from them. The results are those of the search.
func ql(d, e []float64, iter *int, maxTotal int) bool {
	lend := len(d) - 1
	m0, m1, known := 0, 0, 0
	for l := 0; l <= lend; {
		// The first negligible e[m], m ≥ l, or m = lend.
		m := m0
		if known == 0 {
			for m = l; m < lend; m++ {
				if math.Abs(e[m]) <= eps2*math.Abs(d[m]*d[m+1]) {
					break
				}
			}
			m0, known = m, 1
		}
		if m < lend {
			e[m] = 0
		}
		switch m {
		case l:
			l++
			m0, known = m1, known-1
			continue
		case l + 1:
			d[l], d[l+1] = gonumlapack.Implementation{}.Dlae2(d[l], math.Sqrt(e[l]), d[l+1])
			e[l] = 0
			l += 2
			m0, known = m1, known-1
			continue
		}
		if *iter == maxTotal {
			return false
		}
		*iter++
		// Wilkinson's shift from the leading 2×2 block.
		p := d[l]
		rte := math.Sqrt(e[l])
		sigma := (d[l+1] - p) / (2 * rte)
		r := math.Hypot(sigma, 1)
		sigma = p - rte/(sigma+math.Copysign(r, sigma))

		s := 0.0
		gamma := d[m] - sigma
		p = gamma * gamma
		pp, rp := 1.0, 1.0 // p and r of the step before, for c = p/r
		lo1, lo2 := m, m   // the first two negligible e[k], k ≥ l
		dn := d[m]         // d[i+2], final
		for i := m - 1; i >= l; i-- {
			bb := e[i]
			r := p + bb
			var en float64
			if i != m-1 {
				en = s * r
				e[i+1] = en
			}
			alpha := d[i]
			oldgam := gamma
			gamma, s, p, pp, rp = rotate(p, r, bb, alpha-sigma, oldgam, pp, rp)
			di := oldgam + (alpha - gamma)
			d[i+1] = di
			if i != m-1 && math.Abs(en) <= eps2*math.Abs(di*dn) {
				lo1, lo2 = i+1, lo1
			}
			dn = di
		}
		e[l] = s * p
		d[l] = sigma + gamma
		if math.Abs(e[l]) <= eps2*math.Abs(d[l]*d[l+1]) {
			lo1, lo2 = l, lo1
		}
		m0, m1, known = lo1, lo2, 2
	}
	return true
}

// qr is ql mirrored: it deflates at d[len(d)−1] first.
func qr(d, e []float64, iter *int, maxTotal int) bool {
	m0, m1, known := 0, 0, 0
	for l := len(d) - 1; l >= 0; {
		// The last m ≤ l with e[m−1] negligible, or m = 0.
		m := m0
		if known == 0 {
			for m = l; m > 0; m-- {
				if math.Abs(e[m-1]) <= eps2*math.Abs(d[m]*d[m-1]) {
					break
				}
			}
			m0, known = m, 1
		}
		if m > 0 {
			e[m-1] = 0
		}
		switch m {
		case l:
			l--
			m0, known = m1, known-1
			continue
		case l - 1:
			d[l], d[l-1] = gonumlapack.Implementation{}.Dlae2(d[l], math.Sqrt(e[l-1]), d[l-1])
			e[l-1] = 0
			l -= 2
			m0, known = m1, known-1
			continue
		}
		if *iter == maxTotal {
			return false
		}
		*iter++
		p := d[l]
		rte := math.Sqrt(e[l-1])
		sigma := (d[l-1] - p) / (2 * rte)
		r := math.Hypot(sigma, 1)
		sigma = p - rte/(sigma+math.Copysign(r, sigma))

		s := 0.0
		gamma := d[m] - sigma
		p = gamma * gamma
		pp, rp := 1.0, 1.0
		hi1, hi2 := m, m
		dn := d[m] // d[i−1], final
		for i := m; i < l; i++ {
			bb := e[i]
			r := p + bb
			var en float64
			if i != m {
				en = s * r
				e[i-1] = en
			}
			alpha := d[i+1]
			oldgam := gamma
			gamma, s, p, pp, rp = rotate(p, r, bb, alpha-sigma, oldgam, pp, rp)
			di := oldgam + (alpha - gamma)
			d[i] = di
			if i != m && math.Abs(en) <= eps2*math.Abs(di*dn) {
				hi1, hi2 = i, hi1
			}
			dn = di
		}
		e[l-1] = s * p
		d[l] = sigma + gamma
		if math.Abs(e[l-1]) <= eps2*math.Abs(d[l]*d[l-1]) {
			hi1, hi2 = l, hi1
		}
		m0, m1, known = hi1, hi2, 2
	}
	return true
}

// rotate is one step of a Pal–Walker–Kahan sweep: with r = p + bb, the
// rotation's c = p/r and s = bb/r, it returns γ' = c·t − s·γ (t = α − σ),
// s, p' = γ'²/c, and p and r for the next step's c. It computes
// N = p·t − bb·γ, γ' = N/r and p' = N²/(r·p), the same quantities with
// one division on the path from p to p' instead of two, and falls back to
// the textbook formulas when r·p or N² is outside [2⁻⁹⁶⁰, 2⁹⁶⁰] (p zero,
// or an under- or overflow).
func rotate(p, r, bb, t, gamma, pp, rp float64) (gamma1, s, p1, pp1, rp1 float64) {
	rinv := 1 / r
	nn := p*t - bb*gamma
	pr := p * r
	n2 := nn * nn
	if pr >= 0x1p-960 && pr <= 0x1p960 && n2 >= 0x1p-960 && n2 <= 0x1p960 {
		return nn * rinv, bb * rinv, n2 / pr, p, r
	}
	c := p / r
	s = bb / r
	gamma1 = c*t - s*gamma
	if c != 0 {
		p1 = gamma1 * gamma1 / c
	} else {
		p1 = pp / rp * bb
	}
	return gamma1, s, p1, p, r
}
