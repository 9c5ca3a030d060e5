// Copyright ©2026 The relulab Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package landscape

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"runtime"
	"slices"
	"sync"
	"testing"
	"time"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/mat"
)

// TestMulRows checks the vector product kernels bit for bit against
// mulRowsGo (the same chains of fused multiply–adds) at sizes around their
// blocks (4 and 8 rows, 8, 16 and 32 columns), k = 0 and 1, and strides
// larger than the rows.
func TestMulRows(t *testing.T) {
	if mulRowsAsm == nil {
		t.Skip("no vector kernel on this CPU")
	}
	rng := rand.New(rand.NewPCG(3, 4))
	for _, m := range []int{0, 1, 2, 3, 4, 5, 7, 8, 9, 12, 13, 17} {
		for _, n := range []int{1, 3, 7, 8, 9, 15, 16, 17, 20, 24, 31, 32, 33, 40, 47} {
			for _, k := range []int{0, 1, 2, 5, 20} {
				lda, ldb, ldc := k+rng.IntN(3), n+rng.IntN(3), n+rng.IntN(3)
				a := randSlice(rng, max(m*lda, 1))
				b := randSlice(rng, max(k*ldb, 1))
				want := randSlice(rng, max(m*ldc, 1))
				got := slices.Clone(want)
				mulRowsGo(m, n, k, a, lda, b, ldb, want, ldc)
				mulRowsAsm(m, n, k, a, lda, b, ldb, got, ldc)
				if i := firstDiff(got, want); i >= 0 {
					t.Fatalf("m=%d n=%d k=%d: entry %d (row %d) = %v, want %v", m, n, k, i, i/ldc, got[i], want[i])
				}
			}
		}
	}
}

// TestNormRows checks the vector kernel of the row norms and unit rows bit
// for bit against normRowsGo (and it against rowNorm to 4 ulps: both sum the
// squares in a few partial sums, ≤ 8 roundings per term here, halved by the
// square root), for no rows, empty rows, row lengths around the vector width
// and strides larger than the rows.
func TestNormRows(t *testing.T) {
	if normRowsAsm == nil {
		t.Skip("no vector kernel on this CPU")
	}
	rng := rand.New(rand.NewPCG(11, 12))
	for _, rows := range []int{0, 1, 2, 5, 9} {
		for _, d := range []int{0, 1, 3, 7, 8, 9, 15, 16, 17, 20, 33} {
			ldw, ldt := d+rng.IntN(3), rows+rng.IntN(3)
			w := randSlice(rng, rows*ldw)
			u1, ut1, n1 := make([]float64, rows*d), make([]float64, d*ldt), make([]float64, rows)
			u2, ut2, n2 := make([]float64, rows*d), make([]float64, d*ldt), randSlice(rng, rows)
			normRowsGo(w, ldw, rows, d, u1, ut1, ldt, n1)
			normRowsAsm(w, ldw, rows, d, u2, ut2, ldt, n2)
			for _, p := range [][2][]float64{{u1, u2}, {ut1, ut2}, {n1, n2}} {
				if i := firstDiff(p[1], p[0]); i >= 0 {
					t.Fatalf("rows=%d d=%d: entry %d = %v, want %v", rows, d, i, p[1][i], p[0][i])
				}
			}
			for i := range rows {
				if want := rowNorm(w[i*ldw : i*ldw+d]); math.Abs(n1[i]-want) > 4*eps*want {
					t.Errorf("rows=%d d=%d: norm %d = %v, want %v", rows, d, i, n1[i], want)
				}
			}
		}
	}
}

// TestFinishRows checks the vector kernel of the gradient's last pass bit for
// bit against finishRowsGo, for no rows, empty rows, row lengths around the
// vector width and strides larger than the rows.
func TestFinishRows(t *testing.T) {
	if finishRowsAsm == nil {
		t.Skip("no vector kernel on this CPU")
	}
	rng := rand.New(rand.NewPCG(13, 14))
	for _, rows := range []int{0, 1, 2, 5, 9} {
		for _, d := range []int{0, 1, 3, 7, 8, 9, 15, 16, 17, 20, 33} {
			ldg := d + rng.IntN(3)
			g1 := randSlice(rng, rows*ldg)
			g2 := slices.Clone(g1)
			u, r, sc := randSlice(rng, rows*d), randSlice(rng, rows), randSlice(rng, rows)
			ss1, ss2 := make([]float64, rows), randSlice(rng, rows)
			finishRowsGo(g1, ldg, rows, d, u, r, sc, ss1)
			finishRowsAsm(g2, ldg, rows, d, u, r, sc, ss2)
			for _, p := range [][2][]float64{{g1, g2}, {ss1, ss2}} {
				if i := firstDiff(p[1], p[0]); i >= 0 {
					t.Fatalf("rows=%d d=%d: entry %d = %v, want %v", rows, d, i, p[1][i], p[0][i])
				}
			}
		}
	}
}

const eps = 0x1p-52

// firstDiff returns the first index at which got and want differ in their
// bits (NaNs of either sign alike), or −1.
func firstDiff(got, want []float64) int {
	for i := range want {
		if math.Float64bits(got[i]) != math.Float64bits(want[i]) && !(math.IsNaN(got[i]) && math.IsNaN(want[i])) {
			return i
		}
	}
	return -1
}

// randCosines returns n cosines, uniform in [−1, 1] or, one in three, from
// pairSpecial.
func randCosines(rng *rand.Rand, n int) []float64 {
	c := make([]float64, n)
	for i := range c {
		if rng.IntN(3) == 0 {
			c[i] = pairSpecial[rng.IntN(len(pairSpecial))]
		} else {
			c[i] = 2*rng.Float64() - 1
		}
	}
	return c
}

func randSlice(rng *rand.Rand, n int) []float64 {
	x := make([]float64, n)
	for i := range x {
		x[i] = rng.NormFloat64()
	}
	return x
}

// pairSpecial are cosines at the branch points of the pair kernel: ±1, 0,
// ±½ and their neighbours, ±kahanCos and neighbours, values outside [−1, 1]
// (rounding of the Gram products), tiny ones.
var pairSpecial = []float64{-1, 1, 0, math.Copysign(0, -1), 0.5, -0.5,
	math.Nextafter(0.5, 1), math.Nextafter(0.5, 0), math.Nextafter(-0.5, -1), math.Nextafter(-0.5, 0),
	kahanCos, -kahanCos, math.Nextafter(kahanCos, 1), math.Nextafter(-kahanCos, -1),
	math.Nextafter(1, 0), math.Nextafter(-1, 0), math.Nextafter(1, 2), math.Nextafter(-1, -2),
	1e-300, -1e-300, 0.7, -0.7}

// TestPairRow checks the vector pair kernel bit for bit against pairRowGo
// (coefficients, both sums, the list of Kahan pairs) for every length up to
// 67 (body, odd and even tails), and pairRowGo against math.Acos: P = π − θ
// to 2e-15 absolute (a few ulps of π; the polynomial is asinSmall's, TestAcos)
// and the sums against plainly computed ones to 1e-14 relative to Σ|ω|
// (n roundings of terms of size ≤ (1 + π)|ω|; s = 2y·cos p is within a few
// ulps of √(1 − x²)).
func TestPairRow(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	for n := 0; n <= 67; n++ {
		c, om := randCosines(rng, n), randSlice(rng, n)
		coef, idx := make([]float64, n), make([]int64, n)
		n1 := rng.IntN(n + 1)
		ps := pairRowGo(c, om, coef, n1, idx)
		nf := ps.nflag
		var wr, ww, wv, scale float64
		var widx []int64
		for j, x := range c {
			x = clamp1(x)
			p := math.Pi - math.Acos(x)
			if math.Abs(x) > kahanCos {
				widx = append(widx, int64(j))
			} else {
				s := math.Sqrt(1 - x*x)
				wr += om[j] * s
				if j < n1 {
					ww += om[j] * (s + p*x)
				} else {
					wv += om[j] * (s + p*x)
				}
			}
			scale += math.Abs(om[j])
			if got := coef[j] / om[j]; math.Abs(x) <= kahanCos && math.Abs(got-p) > 2e-15 {
				t.Errorf("n=%d: P(%v) = %v, want %v", n, x, got, p)
			}
		}
		if !slices.Equal(idx[:nf], widx) {
			t.Errorf("n=%d: Kahan pairs %v, want %v", n, idx[:nf], widx)
		}
		if math.Abs(ps.rho-wr) > 1e-14*scale || math.Abs(ps.lw-ww) > 1e-14*scale || math.Abs(ps.lv-wv) > 1e-14*scale {
			t.Errorf("n=%d: sums %+v; want %v, %v, %v", n, ps, wr, ww, wv)
		}
	}
	if pairRowsAsm == nil {
		return
	}
	// The vector kernel against pairRowsGo: several rows with a stride, the
	// students and teachers split anywhere.
	for n := 1; n <= 67; n++ {
		rows, ld := 1+rng.IntN(3), n+rng.IntN(3)
		n1 := rng.IntN(n + 1)
		c, om := randCosines(rng, rows*ld), randSlice(rng, n)
		coef, idx, want := make([]float64, rows*ld), make([]int64, rows*ld), make([]pairSums, rows)
		loss := rng.IntN(2) == 0
		pairRowsGo(c, ld, om, coef, rows, n1, idx, want, loss)
		coef2, idx2, got := make([]float64, rows*ld), make([]int64, rows*ld), make([]pairSums, rows)
		pairRowsAsm(c, ld, om, coef2, rows, n1, idx2, got, loss)
		for i := range got {
			g, w := got[i], want[i]
			if math.Float64bits(g.rho) != math.Float64bits(w.rho) || math.Float64bits(g.lw) != math.Float64bits(w.lw) ||
				math.Float64bits(g.lv) != math.Float64bits(w.lv) || g.nflag != w.nflag {
				t.Fatalf("n=%d, n1=%d, loss %v: vector kernel row %d: %+v, want %+v", n, n1, loss, i, g, w)
			}
		}
		for r := 0; r < rows; r++ {
			nf := want[r].nflag
			if !slices.Equal(idx2[r*ld:r*ld+nf], idx[r*ld:r*ld+nf]) {
				t.Fatalf("n=%d, n1=%d: vector kernel Kahan pairs of row %d %v, want %v", n, n1, r, idx2[r*ld:r*ld+nf], idx[r*ld:r*ld+nf])
			}
			if j := firstDiff(coef2[r*ld:r*ld+n], coef[r*ld:r*ld+n]); j >= 0 {
				j += r * ld
				t.Fatalf("n=%d: vector kernel coef[%d] = %v, want %v (c = %v)", n, j, coef2[j], coef[j], c[j])
			}
		}
	}
}

// TestPairRowAccuracy sweeps the cosine densely over [−1, 1] and ulp by ulp
// (and at growing distances) around the branch points ±½ and ±kahanCos,
// and checks the pair kernel's P = π − θ and sin θ against references
// accurate to about one ulp: P = 2·atan2(√(1 + x), √(1 − x)) (1 ± x exact
// or of relative error ε/2, atan2 within about an ulp; no cancellation even
// where P is small) and sin θ = √(1 − x²) with 1 − x² rounded once (fused
// multiply–add). Tolerances: 6 ulps of P and 4 ulps of sin θ, the kernel's
// error (3 and 2 ulps at most on this sweep, 4 and 2 on a grid 8 times finer:
// the polynomials' fit error, ε, plus a few roundings) plus the references'. The pairs with
// |x| > kahanCos must be exactly the listed ones; the vector kernel must give
// pairRowGo's bits on the whole sweep.
func TestPairRowAccuracy(t *testing.T) {
	const grid = 1 << 18
	var xs []float64
	for i := 0; i <= grid; i++ {
		xs = append(xs, -1+2*float64(i)/grid)
	}
	for _, b := range []float64{0.5, -0.5, kahanCos, -kahanCos} {
		up, down := b, b
		for range 2000 {
			xs = append(xs, up, down)
			up, down = math.Nextafter(up, 2), math.Nextafter(down, -2)
		}
		for e := 1e-15; e < 1e-2; e *= 1.05 {
			xs = append(xs, b+e, b-e)
		}
	}
	ulp := func(x float64) float64 { return math.Nextafter(x, math.Inf(1)) - x }
	one := []float64{1}
	coef, idx := make([]float64, 1), make([]int64, 1)
	var maxP, maxS float64
	for _, x := range xs {
		ps := pairRowGo([]float64{x}, one, coef, 1, idx)
		if flag := math.Abs(x) > kahanCos; flag != (ps.nflag == 1) {
			t.Fatalf("x = %v: listed %v, want %v", x, ps.nflag == 1, flag)
		}
		if ps.nflag == 1 {
			continue
		}
		// With ω = 1 and one lane: coef = P and ρ = sin θ exactly.
		p, s := coef[0], ps.rho
		wp := 2 * math.Atan2(math.Sqrt(1+x), math.Sqrt(1-x))
		ws := math.Sqrt(math.FMA(-x, x, 1))
		ep, es := math.Abs(p-wp)/ulp(wp), math.Abs(s-ws)/ulp(ws)
		if ep > 6 || es > 4 {
			t.Errorf("x = %v: P = %v (%.1f ulps from %v), sin θ = %v (%.1f ulps from %v)", x, p, ep, wp, s, es, ws)
		}
		maxP, maxS = max(maxP, ep), max(maxS, es)
	}
	t.Logf("%d cosines: P within %.1f ulps, sin θ within %.1f ulps", len(xs), maxP, maxS)
	if pairRowsAsm == nil {
		return
	}
	// The vector kernel on the sweep as one row (students and teachers).
	n := len(xs)
	om := make([]float64, n)
	for i := range om {
		om[i] = 1 + float64(i%7)
	}
	for _, loss := range []bool{false, true} {
		c1, c2 := make([]float64, n), make([]float64, n)
		i1, i2 := make([]int64, n), make([]int64, n)
		s1, s2 := make([]pairSums, 1), make([]pairSums, 1)
		pairRowsGo(xs, n, om, c1, 1, n/3, i1, s1, loss)
		pairRowsAsm(xs, n, om, c2, 1, n/3, i2, s2, loss)
		if s1[0] != s2[0] || firstDiff(c2, c1) >= 0 || !slices.Equal(i1[:s1[0].nflag], i2[:s2[0].nflag]) {
			t.Errorf("loss %v: the vector kernel differs from pairRowGo on the sweep", loss)
		}
	}
}

// TestKahanAngle checks kahanAngle (the Kahan pairs of both paths) on
// a = e₁ and b = (cos t, sin t, 0) rounded: t geometric from 1e-14 to 1, the
// same distances below π, a uniform grid of (0, π), and ulp by ulp around its
// branch points tan(θ/2) = ½ and 2 (the arcsine of ‖a ∓ b‖/2 inside, atan2
// between). References, within about an ulp of the angle of the rounded b:
// θ = atan2(b₂, b₁), sin θ = b₂/hypot(b₁, b₂). Tolerance 6 ulps: 3 (θ) and 4
// (sin θ) measured, plus the references' error and |b| − 1 = O(ε).
func TestKahanAngle(t *testing.T) {
	var ts []float64
	for e := 1e-14; e < 1; e *= 1.01 {
		ts = append(ts, e, math.Pi-e)
	}
	for i := 1; i < 20000; i++ {
		ts = append(ts, math.Pi*float64(i)/20000)
	}
	for _, c := range []float64{2 * math.Atan(0.5), math.Pi - 2*math.Atan(0.5)} {
		up, down := c, c
		for range 1000 {
			ts = append(ts, up, down)
			up, down = math.Nextafter(up, 4), math.Nextafter(down, 0)
		}
	}
	ulp := func(x float64) float64 { return math.Nextafter(x, math.Inf(1)) - x }
	a := []float64{1, 0, 0}
	for _, th := range ts {
		b := []float64{math.Cos(th), math.Sin(th), 0}
		got, s := kahanAngle(a, b)
		wt, ws := math.Atan2(b[1], b[0]), b[1]/math.Hypot(b[0], b[1])
		if math.Abs(got-wt) > 6*ulp(wt) || math.Abs(s-ws) > 6*ulp(ws) {
			t.Errorf("t = %v: θ = %v, sin θ = %v; want %v, %v", th, got, s, wt, ws)
		}
	}
}

// withReference runs f with the fused path switched off.
func withReference(f func()) {
	m, p := mulRowsAsm, pairRowsAsm
	mulRowsAsm, pairRowsAsm = nil, nil
	defer func() { mulRowsAsm, pairRowsAsm = m, p }()
	f()
}

// TestFusedPath compares loss and gradient of the fused path with the
// reference path (BLAS products, gradRows) at random points of edge sizes
// (k = 1, odd, not multiples of the row blocks 4 and 8 or of the vector
// width 8), with output weights, near-parallel and near-antiparallel pairs
// (the Kahan branch) and at W = V. Tolerance: both paths are accurate to a
// few ulps per term (different summation orders and fused multiply–adds), so
// 1e-13 relative to the scale Σ|ωᵢ|·Σ|ωⱼ| of the sums. Sizes from
// fusedParallel check the Gram matrix by chunks, sizes beyond fusedMaxB the
// variant with the BLAS products.
func TestFusedPath(t *testing.T) {
	if mulRowsAsm == nil {
		t.Skip("no vector kernel on this CPU")
	}
	rng := rand.New(rand.NewPCG(7, 8))
	for _, sz := range []struct{ k, m, d int }{
		{1, 1, 1}, {1, 3, 2}, {2, 1, 5}, {3, 3, 3}, {5, 4, 9}, {7, 7, 7}, {8, 8, 8}, {9, 11, 17},
		{13, 5, 20}, {20, 20, 20}, {21, 19, 23}, {33, 12, 40}, {50, 50, 33},
		// k(k+m)d ≥ fusedParallel: ŴŴᵀ by chunks of rows and mirrored,
		// Ŵᵀ by blocks (gramRows), on several goroutines after the first
		// call of a workspace.
		{70, 3, 120}, {77, 70, 50}, {100, 100, 100},
		// (k+m)·d > fusedMaxB: Gram and gradient by BLAS, by GEMM below
		// syrkMin and by Syrk from it.
		{40, 300, 200}, {260, 5, 250},
	} {
		for _, kind := range []string{"random", "weights", "degenerate", "teacher", "zero-teacher"} {
			W := mat.NewDense(sz.k, sz.d, randSlice(rng, sz.k*sz.d))
			V := mat.NewDense(sz.m, sz.d, randSlice(rng, sz.m*sz.d))
			var alpha, beta []float64
			switch kind {
			case "weights":
				alpha, beta = randSlice(rng, sz.k), randSlice(rng, sz.m)
			case "degenerate":
				// Rows parallel, antiparallel or close to each other and to
				// the teacher's (|cos θ| > kahanCos).
				for i := 1; i < sz.k; i++ {
					src := W.RawRowView(rng.IntN(i))
					if rng.IntN(2) == 0 && i < sz.m {
						src = V.RawRowView(i)
					}
					f := []float64{2, -0.5, 1, -1}[rng.IntN(4)]
					for j := range sz.d {
						W.Set(i, j, f*src[j]+1e-3*float64(rng.IntN(2))*rng.NormFloat64())
					}
				}
			case "teacher":
				if sz.k != sz.m {
					continue
				}
				W.Copy(V)
			case "zero-teacher":
				V.SetRow(sz.m-1, make([]float64, sz.d))
			}
			p, err := NewProblem(V, alpha, beta)
			if err != nil {
				t.Fatal(err)
			}
			name := fmt.Sprintf("k=%d,m=%d,d=%d,%s", sz.k, sz.m, sz.d, kind)
			var g1, g2 mat.Dense
			f1, err := NewWorkspace(p, sz.k).LossGrad(&g1, W)
			if err != nil {
				t.Fatal(name, err)
			}
			var f2 float64
			withReference(func() {
				f2, err = NewWorkspace(p, sz.k).LossGrad(&g2, W)
			})
			if err != nil {
				t.Fatal(name, err)
			}
			var sw, sv float64
			ws := NewWorkspace(p, sz.k)
			for i := range sz.k {
				sw += math.Abs(p.alphaAt(i)) * rowNorm(W.RawRowView(i))
			}
			for l := range sz.m {
				sv += math.Abs(p.betaAt(l)) * p.nv[l]
			}
			scale := (sw + sv) * (sw + sv)
			if math.Abs(f1-f2) > 1e-13*scale {
				t.Errorf("%s: F = %v, reference %v", name, f1, f2)
			}
			for i := range sz.k {
				for j := range sz.d {
					if d := math.Abs(g1.At(i, j) - g2.At(i, j)); d > 1e-13*(sw+sv) {
						t.Errorf("%s: ∇F[%d,%d] = %v, reference %v", name, i, j, g1.At(i, j), g2.At(i, j))
					}
				}
			}
			// Loss alone and Gradient alone give the same bits as LossGrad.
			f3, err := ws.Loss(W)
			if err != nil || f3 != f1 {
				t.Errorf("%s: Loss = %v (%v), LossGrad's %v", name, f3, err, f1)
			}
			var g3 mat.Dense
			if err := ws.Gradient(&g3, W); err != nil || !mat.Equal(&g3, &g1) {
				t.Errorf("%s: Gradient differs from LossGrad's (%v)", name, err)
			}
			// W not a *mat.Dense: the rows are loaded by loadRows (norms
			// summed in another order, so to the tolerance above).
			var g4 mat.Dense
			f4, err := ws.LossGrad(&g4, mat.Transpose{Matrix: mat.DenseCopyOf(W.T())})
			if err != nil || math.Abs(f4-f1) > 1e-13*scale || !mat.EqualApprox(&g4, &g1, 1e-13*(sw+sv)) {
				t.Errorf("%s: LossGrad of a transposed copy: F = %v (%v), want %v", name, f4, err, f1)
			}
		}
	}
}

// TestFusedGOMAXPROCS checks that the fused path, shared among goroutines
// from k·(k+m)·d = fusedParallel, gives the same bits on 1, 2, 3 and 8
// threads (k not a multiple of the chunk), also after an error, with the
// products by mulRows and by BLAS.
func TestFusedGOMAXPROCS(t *testing.T) {
	for _, sz := range []struct{ k, m, d int }{{77, 70, 50}, {90, 250, 200}} {
		checkFusedGOMAXPROCS(t, sz.k, sz.m, sz.d)
	}
}

func checkFusedGOMAXPROCS(t *testing.T, k, m, d int) {
	rng := rand.New(rand.NewPCG(9, 10))
	if k*(k+m)*d < fusedParallel {
		t.Fatal("size below the parallel threshold")
	}
	W := mat.NewDense(k, d, randSlice(rng, k*d))
	V := mat.NewDense(m, d, randSlice(rng, m*d))
	p, err := NewProblem(V, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	ws := NewWorkspace(p, k)
	var f0 float64
	var g0 mat.Dense
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	for i, procs := range []int{1, 2, 3, 8, 2} {
		runtime.GOMAXPROCS(procs)
		// Keep timeCall from choosing one thread (slow under -race).
		ws.tSerial, ws.serialCalls = time.Hour, 0
		var g mat.Dense
		f, err := ws.LossGrad(&g, W)
		if err != nil {
			t.Fatal(err)
		}
		if i == 0 {
			f0, g0 = f, g
			continue
		}
		if f != f0 || !mat.Equal(&g, &g0) {
			t.Errorf("GOMAXPROCS=%d: results differ from one thread's", procs)
		}
	}
	// W not a *mat.Dense: loaded by loadRows into the blocks of Ŵᵀ (norms
	// summed in another order: to 1e-13 relative, TestFusedPath).
	var gt mat.Dense
	ft, err := ws.LossGrad(&gt, mat.Transpose{Matrix: mat.DenseCopyOf(W.T())})
	if err != nil || math.Abs(ft-f0) > 1e-13*math.Abs(f0) || !mat.EqualApprox(&gt, &g0, 1e-13*mat.Norm(&g0, math.Inf(1))) {
		t.Errorf("LossGrad of a transposed copy: F = %v (%v), want %v", ft, err, f0)
	}
	// The fallback to one thread after a long wait gives the same bits.
	runtime.GOMAXPROCS(2)
	ws.serialCalls = 2
	for range 3 {
		var g mat.Dense
		if f, err := ws.LossGrad(&g, W); err != nil || f != f0 || !mat.Equal(&g, &g0) {
			t.Errorf("with serialCalls: results differ from one thread's (%v)", err)
		}
	}
	// An error while the helpers wait for W leaves the workspace usable.
	for i := 0; i < 20; i++ {
		ws.tSerial, ws.serialCalls = time.Hour, 0
		Z := mat.DenseCopyOf(W)
		Z.SetRow(i, make([]float64, d))
		var g mat.Dense
		if _, err := ws.LossGrad(&g, Z); !errors.Is(err, ErrZeroNeuron) {
			t.Fatalf("zero row %d: error %v", i, err)
		}
		f, err := ws.LossGrad(&g, W)
		if err != nil || f != f0 || !mat.Equal(&g, &g0) {
			t.Fatalf("after an error: F = %v (%v), want %v", f, err, f0)
		}
	}
}

// TestFusedChunkOrder runs the tasks of a parallel call (the Gram chunks,
// then the rest of each chunk of rows) on one goroutine in random orders, as
// any split among goroutines may complete them, and checks that every row's
// results (coefficients, ρ, loss terms, Kahan pairs, gradient rows and their
// squared norms) have the bits of the call on one thread: with the Gram
// matrix by chunks (77 rows: a partial last chunk) and by BLAS (fbig).
func TestFusedChunkOrder(t *testing.T) {
	if mulRowsAsm == nil {
		t.Skip("no vector kernel on this CPU")
	}
	rng := rand.New(rand.NewPCG(15, 16))
	for _, sz := range []struct{ k, m, d int }{{77, 70, 50}, {90, 250, 200}} {
		k, m, d := sz.k, sz.m, sz.d
		W := mat.NewDense(k, d, randSlice(rng, k*d))
		V := mat.NewDense(m, d, randSlice(rng, m*d))
		// Two rows close to others: Kahan pairs in some chunks.
		for j := range d {
			W.Set(10, j, 2*W.At(3, j)+1e-4*rng.NormFloat64())
			W.Set(k-1, j, -V.At(0, j))
		}
		p, err := NewProblem(V, nil, nil)
		if err != nil {
			t.Fatal(err)
		}
		ws := NewWorkspace(p, k)
		ws.fusedInit()
		if ws.fsmall || ws.fbig != (sz.m == 250) {
			t.Fatalf("k=%d m=%d d=%d: not the layout under test", k, m, d)
		}
		rows := func() [][]float64 {
			return [][]float64{slices.Clone(ws.coef), slices.Clone(ws.rho), slices.Clone(ws.lrow), slices.Clone(ws.ssrow)}
		}
		g0 := make([]float64, k*d)
		ws.serialCalls = 1
		if _, _, err := ws.fusedEval(W, true, g0, d); err != nil {
			t.Fatal(err)
		}
		want, wantPS, wantIdx := rows(), slices.Clone(ws.psum), slices.Clone(ws.fidx)
		nc := (k + fusedChunk - 1) / fusedChunk
		for trial := range 3 {
			clear(ws.coef)
			clear(ws.fidx)
			g := make([]float64, k*d)
			if ws.fbig {
				if err := ws.prepare(W); err != nil {
					t.Fatal(err)
				}
				// The gradient is a BLAS product after all tasks: only the
				// rows' coefficients and sums depend on the order.
				g = nil
			} else if !ws.loadRowsFast(W) {
				t.Fatal("loadRowsFast failed")
			}
			ws.fgrad, ws.fds, ws.fwantLoss = g, d, true
			ws.pendingGram.Store(int64(ws.ngram))
			ws.pending.Store(int64(nc))
			for _, c := range rng.Perm(ws.ngram) {
				ws.runTask(c)
			}
			for _, c := range rng.Perm(nc) {
				ws.runTask(ws.ngram + c)
			}
			got := rows()
			if g == nil {
				got[3], g = want[3], g0 // Not computed here.
			}
			for i, name := range []string{"coefficients", "ρ", "loss terms", "squared norms"} {
				if j := firstDiff(got[i], want[i]); j >= 0 {
					t.Errorf("k=%d m=%d d=%d, order %d: %s differ at %d", k, m, d, trial, name, j)
				}
			}
			if !slices.Equal(ws.psum, wantPS) || !slices.Equal(ws.fidx, wantIdx) {
				t.Errorf("k=%d m=%d d=%d, order %d: pair sums or Kahan pairs differ", k, m, d, trial)
			}
			if j := firstDiff(g, g0); j >= 0 {
				t.Errorf("k=%d m=%d d=%d, order %d: gradient differs at %d", k, m, d, trial, j)
			}
		}
	}
}

// TestFusedHelpersExit checks that the helper goroutines of the fused path
// run during parallel calls and that none outlives the last call by more
// than fusedIdle plus scheduling delays (the deadline, 2 s, only bounds the
// wait for a thread on a loaded machine; the helpers normally return within
// a millisecond), so a dropped Workspace leaks nothing.
func TestFusedHelpersExit(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(2))
	rng := rand.New(rand.NewPCG(17, 18))
	k, m, d := 77, 70, 50
	W := mat.NewDense(k, d, randSlice(rng, k*d))
	p, err := NewProblem(mat.NewDense(m, d, randSlice(rng, m*d)), nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	base := runtime.NumGoroutine()
	ws := NewWorkspace(p, k)
	if !ws.fused() {
		t.Skip("no vector kernels on this CPU")
	}
	var g mat.Dense
	seen := false
	for range 20 {
		// Keep timeCall and the wait rule from choosing one thread.
		ws.tSerial, ws.serialCalls = time.Hour, 0
		if _, err := ws.LossGrad(&g, W); err != nil {
			t.Fatal(err)
		}
		seen = seen || ws.helpers.Load() > 0
	}
	if !seen {
		t.Fatal("no helper goroutine ran")
	}
	start := time.Now()
	for ws.helpers.Load() != 0 || runtime.NumGoroutine() > base {
		if time.Since(start) > 2*time.Second {
			t.Fatalf("%d helpers, %d goroutines (%d before) 2 s after the last call", ws.helpers.Load(), runtime.NumGoroutine(), base)
		}
		time.Sleep(50 * time.Microsecond)
	}
	t.Logf("helpers returned %v after the last call", time.Since(start))
}

// TestFusedConcurrentWorkspaces runs gradient descent at k = d = m = 100
// (the parallel fused path) on four goroutines at once, each with its own
// Workspace and helpers, as the sweep does with several workers, and checks
// that each result has the bits of the same run alone.
func TestFusedConcurrentWorkspaces(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(max(2, runtime.GOMAXPROCS(0))))
	const k, iters = 100, 200
	rng := rand.New(rand.NewPCG(19, 20))
	p, err := NewProblem(mat.NewDense(k, k, randSlice(rng, k*k)), nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	if k*2*k*k < fusedParallel {
		t.Fatal("size below the parallel threshold")
	}
	starts := make([]*mat.Dense, 4)
	for i := range starts {
		starts[i] = mat.NewDense(k, k, randSlice(rng, k*k))
	}
	set := &Settings{MaxIter: iters}
	run := func(W0 *mat.Dense) *Result {
		r, err := GradientDescent(context.Background(), p, W0, set)
		if !errors.Is(err, ErrNotConverged) || r == nil || r.Iterations != iters {
			t.Errorf("gradient descent: %v", err)
			return nil
		}
		return r
	}
	want := make([]*Result, len(starts))
	for i, W0 := range starts {
		want[i] = run(W0)
	}
	got := make([]*Result, len(starts))
	var wg sync.WaitGroup
	for i, W0 := range starts {
		wg.Go(func() { got[i] = run(W0) })
	}
	wg.Wait()
	for i := range got {
		if got[i] == nil || want[i] == nil {
			continue
		}
		if got[i].Loss != want[i].Loss || got[i].GradNorm != want[i].GradNorm || !mat.Equal(got[i].W, want[i].W) {
			t.Errorf("start %d: concurrent result (F = %v) differs from the serial one (F = %v)", i, got[i].Loss, want[i].Loss)
		}
	}
}

func BenchmarkPairRows(b *testing.B) {
	rng := rand.New(rand.NewPCG(1, 2))
	for _, n := range []int{20, 100} {
		c, om := make([]float64, 2*n*n), randSlice(rng, 2*n)
		for i := range c {
			c[i] = 2*rng.Float64() - 1
		}
		coef, idx, out := make([]float64, 2*n*n), make([]int64, 2*n*n), make([]pairSums, n)
		for _, v := range []struct {
			name string
			f    func(c []float64, ld int, om, coef []float64, rows, n1 int, idx []int64, out []pairSums, loss bool)
		}{{"go", pairRowsGo}, {"asm", pairRowsAsm}} {
			if v.f == nil {
				continue
			}
			b.Run(fmt.Sprintf("%s/%dx(%d+%d)", v.name, n, n, n), func(b *testing.B) {
				for b.Loop() {
					v.f(c, 2*n, om, coef, n, n, idx, out, true)
				}
				b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*2*n*n), "ns/pair")
			})
		}
	}
}

func BenchmarkMulRows(b *testing.B) {
	rng := rand.New(rand.NewPCG(1, 2))
	for _, sz := range []struct{ m, n, k int }{{100, 200, 100}, {100, 100, 200}, {20, 40, 20}, {20, 20, 40}} {
		a, bb, c := randSlice(rng, sz.m*sz.k), randSlice(rng, sz.k*sz.n), make([]float64, sz.m*sz.n)
		b.Run(fmt.Sprintf("%dx%dx%d", sz.m, sz.n, sz.k), func(b *testing.B) {
			for b.Loop() {
				mulRowsAsm(sz.m, sz.n, sz.k, a, sz.k, bb, sz.n, c, sz.n)
			}
			b.ReportMetric(2*float64(sz.m*sz.n*sz.k)*float64(b.N)/float64(b.Elapsed().Nanoseconds()), "GFLOP/s")
		})
		b.Run(fmt.Sprintf("%dx%dx%d/blas", sz.m, sz.n, sz.k), func(b *testing.B) {
			for b.Loop() {
				gemm(blas.NoTrans, blas64.General{Rows: sz.m, Cols: sz.k, Stride: sz.k, Data: a},
					blas64.General{Rows: sz.k, Cols: sz.n, Stride: sz.n, Data: bb}, c, sz.n)
			}
			b.ReportMetric(2*float64(sz.m*sz.n*sz.k)*float64(b.N)/float64(b.Elapsed().Nanoseconds()), "GFLOP/s")
		})
	}
}
