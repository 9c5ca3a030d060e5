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
		// at the end with the larger diagonal entry, as dsterf does. QR
		// on the block is QL on the block reversed, operation for
		// operation (and the eigenvalues are sorted at the end).
		if math.Abs(dd[len(dd)-1]) < math.Abs(dd[0]) {
			slices.Reverse(dd)
			slices.Reverse(ee)
		}
		conv := ql(dd, ee, &iter, maxTotal)
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
		// Wilkinson's shift from the leading 2×2 block. Unless the block
		// is short or nearly deflated, two sweeps with that shift run
		// together: about a quarter more rotations in all than one sweep
		// at a time, each with its own shift, but two chains of divisions
		// side by side (20 % faster at n = 1000). A second shift from the
		// next 2×2 block needs a few fewer rotations on random matrices
		// but undoes the first sweep's progress on graded ones.
		sigma := wilkinson(d[l], e[l], d[l+1])
		twice := m-l >= pairMin && *iter < maxTotal && !nearly(e[l], d[l], d[l+1])
		if twice {
			*iter++
		}
		m0, m1 = qlSweep(d, e, l, m, sigma, twice)
		known = 2
	}
	return true
}

const (
	// pairMin is the smallest number of rotations of a sweep run as two
	// sweeps together (qlSweep).
	pairMin = 16
	// pairTol is the ratio |e|/|a − c| below which a single sweep is run
	// (nearly). Blocks with a larger ratio need two sweeps or more anyway;
	// at 10⁻⁴ the paired sweeps were 6 % slower at n = 1000 (fewer
	// pairs), and pairing every sweep added rounding errors to nearly
	// diagonal blocks (16 ulps of ‖T‖ against Dsterf's 4).
	pairTol = 1e-8
)

// wilkinson returns the eigenvalue of the 2×2 matrix [a b; b c] nearer
// to a, given b² = bb > 0 (LAPACK's form).
func wilkinson(a, bb, c float64) float64 {
	rte := math.Sqrt(bb)
	sigma := (c - a) / (2 * rte)
	r := math.Hypot(sigma, 1)
	return a - rte/(sigma+math.Copysign(r, sigma))
}

// nearly reports whether the squared off-diagonal entry bb next to where
// a sweep deflates, between diagonal entries a and c, is below
// (pairTol·|a − c|)²: then one sweep (its e' about e³/(a−c)²) is likely to
// deflate, and a second one would add only its rounding errors.
func nearly(bb, a, c float64) bool {
	g := pairTol * (a - c)
	return bb <= g*g
}

// negligible reports whether the squared off-diagonal entry bb between
// diagonal entries a and c counts as zero.
func negligible(bb, a, c float64) bool {
	return math.Abs(bb) <= eps2*math.Abs(a*c)
}

// qlSweep runs one QL sweep over rows l…m (m ≥ l+2) with shift sigma, or
// two if twice. It returns the first two k ≥ l with e[k] negligible after
// it, or m. Rotation i of a second sweep reads d[i] and e[i] as rotation
// i−1 of the first leaves them, so it runs two rotations behind the
// first, and the two chains of divisions overlap: the bits are those of
// two sweeps one after the other.
func qlSweep(d, e []float64, l, m int, sigma float64, twice bool) (lo1, lo2 int) {
	// The first sweep's state, when twice: s, γ, p and the p and r of
	// the step before (for c = p/r); it does its first two rotations here.
	var sA float64
	gA := d[m] - sigma
	pA := gA * gA
	ppA, rpA := 1.0, 1.0
	for i := m - 1; twice && i >= m-2; i-- {
		bb := e[i]
		r := pA + bb
		if i != m-1 {
			e[i+1] = sA * r
		}
		alpha := d[i]
		og := gA
		gA, sA, pA, ppA, rpA = rotate(pA, r, bb, alpha-sigma, og, ppA, rpA)
		d[i+1] = og + (alpha - gA)
	}
	// The (second) sweep, which tests what it writes.
	var sB float64
	gB := d[m] - sigma
	pB := gB * gB
	ppB, rpB := 1.0, 1.0
	lo1, lo2 = m, m
	var dn float64 // d[i+2], final
	for i := m - 1; i >= l; i-- {
		if j := i - 2; twice && j >= l {
			bb := e[j]
			r := pA + bb
			e[j+1] = sA * r
			alpha := d[j]
			og := gA
			gA, sA, pA, ppA, rpA = rotate(pA, r, bb, alpha-sigma, og, ppA, rpA)
			d[j+1] = og + (alpha - gA)
		} else if twice && j == l-1 {
			e[l] = sA * pA
			d[l] = sigma + gA
		}
		bb := e[i]
		r := pB + bb
		var en float64
		if i != m-1 {
			en = sB * r
			e[i+1] = en
		}
		alpha := d[i]
		og := gB
		gB, sB, pB, ppB, rpB = rotate(pB, r, bb, alpha-sigma, og, ppB, rpB)
		di := og + (alpha - gB)
		d[i+1] = di
		if i != m-1 && negligible(en, di, dn) {
			lo1, lo2 = i+1, lo1
		}
		dn = di
	}
	e[l] = sB * pB
	d[l] = sigma + gB
	if negligible(e[l], d[l], d[l+1]) {
		lo1, lo2 = l, lo1
	}
	return lo1, lo2
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
