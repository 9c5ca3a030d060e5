// Copyright ©2026 The relulab Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package sterf

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	gonumlapack "gonum.org/v1/gonum/lapack/gonum"
)

// tri is a symmetric tridiagonal test matrix.
type tri struct {
	name string
	d, e []float64
}

// testMatrices returns the test families at order n: random, graded both
// ways, clustered, glued Wilkinson, with zeros on the off-diagonal, and
// constant.
func testMatrices(n int) []tri {
	rnd := rand.New(rand.NewPCG(uint64(n), 7))
	var ms []tri
	add := func(name string, d, e []float64) {
		ms = append(ms, tri{name, d, e})
	}
	mk := func(fd, fe func(i int) float64) ([]float64, []float64) {
		d := make([]float64, n)
		e := make([]float64, max(n-1, 0))
		for i := range d {
			d[i] = fd(i)
		}
		for i := range e {
			e[i] = fe(i)
		}
		return d, e
	}
	d, e := mk(func(int) float64 { return rnd.NormFloat64() }, func(int) float64 { return rnd.NormFloat64() })
	add("random", d, e)
	// Graded over 40 decades, large at the top (QR) or at the bottom (QL).
	g := func(i int) float64 { return math.Pow(10, -40*float64(i)/float64(max(n, 1))) }
	d, e = mk(func(i int) float64 { return g(i) * (1 + rnd.Float64()) }, func(i int) float64 { return g(i) * rnd.NormFloat64() })
	add("graded-down", d, e)
	d, e = mk(func(i int) float64 { return g(n-1-i) * (1 + rnd.Float64()) }, func(i int) float64 { return g(n-2-i) * rnd.NormFloat64() })
	add("graded-up", d, e)
	// Graded over 250 decades: squares of the small entries underflow.
	d, e = mk(func(i int) float64 { return math.Pow(10, -250*float64(i)/float64(max(n, 1))) }, func(i int) float64 {
		return math.Pow(10, -250*float64(i)/float64(max(n, 1))) * rnd.NormFloat64()
	})
	add("graded-steep", d, e)
	// A cluster of eigenvalues within 1e-10 of 1, and one of −1.
	d, e = mk(func(i int) float64 {
		if i%2 == 0 {
			return 1 + 1e-10*rnd.Float64()
		}
		return -1 + 1e-10*rnd.Float64()
	}, func(int) float64 { return 1e-11 * rnd.NormFloat64() })
	add("clustered", d, e)
	// Glued Wilkinson W₂₁⁺ blocks, glue 1e-10: pairs of close eigenvalues.
	d, e = mk(func(i int) float64 { return math.Abs(float64(i%21 - 10)) }, func(i int) float64 {
		if i%21 == 20 {
			return 1e-10
		}
		return 1
	})
	add("glued-wilkinson", d, e)
	// Random with every fifth off-diagonal entry zero (split blocks), and
	// a tiny one (below the split threshold).
	d, e = mk(func(int) float64 { return rnd.NormFloat64() }, func(i int) float64 {
		switch i % 5 {
		case 0:
			return 0
		case 3:
			return 1e-300
		}
		return rnd.NormFloat64()
	})
	add("split", d, e)
	d, e = mk(func(int) float64 { return 3 }, func(int) float64 { return 0 })
	add("diagonal", d, e)
	d, e = mk(func(int) float64 { return 0 }, func(int) float64 { return 1 })
	add("zero-diagonal", d, e)
	return ms
}

// bisect returns the eigenvalues of T in ascending order by bisection on
// Sturm counts, each to within about one ulp of ‖T‖ (the reference).
func bisect(d, e []float64) []float64 {
	n := len(d)
	if n == 0 {
		return nil
	}
	// Gershgorin bounds.
	lo, hi := math.Inf(1), math.Inf(-1)
	var tnorm float64
	for i := range n {
		r := 0.0
		if i > 0 {
			r += math.Abs(e[i-1])
		}
		if i < n-1 {
			r += math.Abs(e[i])
		}
		lo, hi = min(lo, d[i]-r), max(hi, d[i]+r)
		tnorm = max(tnorm, math.Abs(d[i])+r)
	}
	if tnorm == 0 {
		return make([]float64, n)
	}
	pivmin := math.SmallestNonzeroFloat64 * 0x1p60 * tnorm
	for _, v := range e {
		pivmin = max(pivmin, 0x1p-1022*v*v)
	}
	// count returns the number of eigenvalues < x.
	count := func(x float64) int {
		c := 0
		q := d[0] - x
		for i := 0; ; i++ {
			if math.Abs(q) < pivmin {
				q = -pivmin
			}
			if q < 0 {
				c++
			}
			if i == n-1 {
				return c
			}
			q = d[i+1] - x - e[i]*(e[i]/q)
		}
	}
	w := make([]float64, n)
	for k := range n {
		a, b := lo, hi
		// Down to adjacent floats, or to ε‖T‖/8 near zero.
		for b-a > tnorm*eps/8 {
			mid := a + (b-a)/2
			if mid <= a || mid >= b {
				break
			}
			if count(mid) > k {
				b = mid
			} else {
				a = mid
			}
		}
		w[k] = a + (b-a)/2
	}
	return w
}

func maxAbs(x []float64) float64 {
	var m float64
	for _, v := range x {
		m = max(m, math.Abs(v))
	}
	return m
}

// TestEigenvalues checks Eigenvalues against gonum's Dsterf and bisection
// on the test families, at orders around the small special cases and
// larger, and scaled by powers of two (exactly) into the ranges where
// the block is rescaled.
func TestEigenvalues(t *testing.T) {
	for _, n := range []int{0, 1, 2, 3, 4, 5, 10, 21, 64, 100, 257, 400} {
		for _, m := range testMatrices(n) {
			ref := bisect(m.d, m.e)
			// 2⁻¹⁰⁶⁰ makes the graded matrices' largest entries
			// subnormal.
			for _, k := range []int{0, -1000, -1060, 600, 1000} {
				name := fmt.Sprintf("n=%d/%s/scale=2^%d", n, m.name, k)
				d, e := scaled(m.d, k), scaled(m.e, k)
				// The reference for what scaling left of T (subnormal
				// entries lose digits, tiny ones vanish): it is exact
				// to scale back.
				ref := ref
				if du, eu := scaled(d, -k), scaled(e, -k); !slices.Equal(du, m.d) || !slices.Equal(eu, m.e) {
					ref = bisect(du, eu)
				}
				// gonum's Dsterf panics when it rescales (v0.17.0's
				// Dlascl checks a length of n·n): it runs unscaled.
				dg, eg := slices.Clone(m.d), slices.Clone(m.e)
				if !Eigenvalues(n, d, e) {
					t.Fatalf("%s: no convergence", name)
				}
				if !(gonumlapack.Implementation{}).Dsterf(n, dg, eg) {
					t.Fatalf("%s: gonum: no convergence", name)
				}
				if !slices.IsSorted(d) {
					t.Fatalf("%s: not sorted", name)
				}
				nrm := maxAbs(ref)
				var errMine, errGonum float64
				for i := range d {
					errMine = max(errMine, math.Abs(math.Ldexp(d[i], -k)-ref[i]))
					errGonum = max(errGonum, math.Abs(dg[i]-ref[i]))
				}
				// Not less accurate than gonum's Dsterf (the same
				// iteration, rounded differently): within twice its
				// error, or 8 ulps of ‖T‖ where its error is smaller.
				// Both are O(√n·ε‖T‖) here (at most about 100 ulps at
				// n = 400, against a bisection accurate to a few).
				// Scaled into the subnormals, the eigenvalues are
				// rounded to multiples of 2⁻¹⁰⁷⁴ on return.
				sub := math.Ldexp(0x1p-1074, -k)
				if !(errMine <= max(2*errGonum, 8*eps*nrm)+sub) { // also NaN
					t.Errorf("%s: max |λ − λ_ref| = %.3g ε‖T‖, gonum's Dsterf %.3g ε‖T‖", name, errMine/nrm/eps, errGonum/nrm/eps)
				}
			}
		}
	}
}

// scaled returns x·2ᵏ.
func scaled(x []float64, k int) []float64 {
	y := make([]float64, len(x))
	for i, v := range x {
		y[i] = math.Ldexp(v, k)
	}
	return y
}

// TestRotate checks the step's fast formulas against the textbook ones
// (c = p/r, s = bb/r, γ' = c·t − s·γ, p' = γ'²/c) and its fallbacks: p = 0,
// tiny p (r·p underflows) and large t (N² overflows).
func TestRotate(t *testing.T) {
	rnd := rand.New(rand.NewPCG(3, 4))
	for k := range 2000 {
		p, bb, tt, g := rnd.Float64(), rnd.Float64(), rnd.NormFloat64(), rnd.NormFloat64()
		switch k % 5 {
		case 1:
			p = 0
		case 2:
			p = 1e-300 * rnd.Float64()
		case 3:
			tt *= 1e200
		}
		pp, rp := rnd.Float64(), 1+rnd.Float64()
		r := p + bb
		g1, s, p1, pp1, rp1 := rotate(p, r, bb, tt, g, pp, rp)
		c := p / r
		ws := bb / r
		wg := c*tt - ws*g
		wp := pp / rp * bb
		if c != 0 {
			wp = wg * wg / c
		}
		// The fast formulas round differently: a few ulps, more where
		// c·t − s·γ cancels (relative to the larger of the two terms).
		scaleG := max(math.Abs(c*tt), math.Abs(ws*g))
		if math.Abs(g1-wg) > 8*eps*scaleG || math.Abs(s-ws) > 4*eps*ws ||
			math.Abs(p1-wp) > 16*eps*max(wp, scaleG*scaleG/c) || pp1 != p || rp1 != r {
			t.Fatalf("case %d: rotate(%g, %g, %g, %g, %g) = %g, %g, %g; want %g, %g, %g", k, p, r, bb, tt, g, g1, s, p1, wg, ws, wp)
		}
	}
}

// TestSweeps checks that two QL sweeps run together give the bits of two
// run one after the other, and the same negligible entries, on random
// unreduced blocks with a few negligible entries inside.
func TestSweeps(t *testing.T) {
	rnd := rand.New(rand.NewPCG(5, 6))
	for k := range 200 {
		n := 4 + k%40
		d := make([]float64, n)
		e := make([]float64, n-1)
		for i := range d {
			d[i] = rnd.NormFloat64()
		}
		for i := range e {
			e[i] = rnd.Float64() // squared off-diagonal
			if k%3 == 0 && rnd.IntN(8) == 0 {
				e[i] = 1e-40 // negligible after the sweeps
			}
		}
		sigma := wilkinson(d[0], e[0], d[1])
		d1, e1, d2, e2 := slices.Clone(d), slices.Clone(e), slices.Clone(d), slices.Clone(e)
		qlSweep(d1, e1, 0, n-1, sigma, false)
		a1, a2 := qlSweep(d1, e1, 0, n-1, sigma, false)
		b1, b2 := qlSweep(d2, e2, 0, n-1, sigma, true)
		if !slices.Equal(d1, d2) || !slices.Equal(e1, e2) || a1 != b1 || a2 != b2 {
			t.Fatalf("n=%d: two sweeps together differ from one after the other: %d %d, %d %d", n, b1, b2, a1, a2)
		}
	}
}

// BenchmarkEigenvalues times Eigenvalues and gonum's Dsterf on the
// tridiagonal that the reduction of A = (B + Bᵀ)/2, B n×n with N(0, 1)
// entries (the BenchmarkEigenSym matrices), has in distribution: the
// diagonal N(0, 1) and e[k] = χ_{n−k−1}/√2 (Dumitriu and Edelman's
// tridiagonal model of the Gaussian orthogonal ensemble).
func BenchmarkEigenvalues(b *testing.B) {
	for _, n := range []int{500, 1000, 2000} {
		rnd := rand.New(rand.NewPCG(1, uint64(n)))
		d0 := make([]float64, n)
		e0 := make([]float64, n-1)
		for i := range d0 {
			d0[i] = rnd.NormFloat64()
		}
		for k := range e0 {
			var ss float64
			for range n - k - 1 {
				z := rnd.NormFloat64()
				ss += z * z
			}
			e0[k] = math.Sqrt(ss / 2)
		}
		d, e := slices.Clone(d0), slices.Clone(e0)
		for _, impl := range []string{"sterf", "gonum"} {
			b.Run(fmt.Sprintf("n=%d/%s", n, impl), func(b *testing.B) {
				for b.Loop() {
					copy(d, d0)
					copy(e, e0)
					if impl == "sterf" {
						Eigenvalues(n, d, e)
					} else {
						gonumlapack.Implementation{}.Dsterf(n, d, e)
					}
				}
			})
		}
	}
}
