// Copyright ©2026 The relulab Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package landscape

import (
	"context"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"gonum.org/v1/gonum/diff/fd"
	"gonum.org/v1/gonum/mat"

	"github.com/relulab/relulab/linalg"
)

// famRandomCoords returns a random point of fs near the teacher (diagonal
// cells ≈ 1, off-diagonal cells O(1/√d)) so that no pair is degenerate.
func famRandomCoords(fs FixedSpace, rnd *rand.Rand) []float64 {
	u := make([]float64, fs.Dim())
	for i, c := range fs.coords() {
		u[i] = 0.5 * rnd.NormFloat64() / math.Sqrt(fs.D())
		if c.dg {
			u[i] += 1
		}
	}
	return u
}

var famTestSpaces = [][]float64{
	{6}, {6, 1}, {5, 2}, {4, 2, 1}, {3, 3}, {2, 1, 1}, {9.5, 1}, {12.25, 2}, {7.5},
}

func TestFixedSpaceDerivativesFD(t *testing.T) {
	rnd := rand.New(rand.NewPCG(3, 4))
	for _, sz := range famTestSpaces {
		fs := NewFixedSpace(sz...)
		u := famRandomCoords(fs, rnd)
		n := fs.Dim()
		g := make([]float64, n)
		if err := fs.Gradient(g, u); err != nil {
			t.Fatal(err)
		}
		gfd := fd.Gradient(nil, fs.Loss, u, &fd.Settings{Formula: fd.Central, Step: 1e-6})
		// Central differences with h = 1e-6: truncation O(h²·F''') ≈ 1e-12
		// and rounding O(ε·F/h) ≈ 1e-10 relative to the counts (up to
		// p² ≈ 150); 1e-7 relative to 1 + |g| leaves a margin.
		for i := range g {
			if math.Abs(g[i]-gfd[i]) > 1e-7*(1+math.Abs(g[i])) {
				t.Errorf("%v: ∂F/∂u[%d] = %v, fd %v", sz, i, g[i], gfd[i])
			}
		}
		var J mat.SymDense
		if err := fs.Jacobian(&J, u); err != nil {
			t.Fatal(err)
		}
		Jfd := mat.NewDense(n, n, nil)
		fd.Jacobian(Jfd, func(y, x []float64) {
			if err := fs.Gradient(y, x); err != nil {
				panic(err)
			}
		}, u, &fd.JacobianSettings{Formula: fd.Central, Step: 1e-6})
		for i := range n {
			for j := range n {
				if math.Abs(J.At(i, j)-Jfd.At(i, j)) > 1e-6*(1+math.Abs(J.At(i, j))) {
					t.Errorf("%v: J[%d,%d] = %v, fd %v", sz, i, j, J.At(i, j), Jfd.At(i, j))
				}
			}
		}
	}
}

func TestFixedSpaceAgainstFull(t *testing.T) {
	rnd := rand.New(rand.NewPCG(5, 6))
	for _, sz := range famTestSpaces {
		fs := NewFixedSpace(sz...)
		if fs.D() != math.Trunc(fs.D()) {
			continue
		}
		u := famRandomCoords(fs, rnd)
		W := fs.Matrix(u)
		d, _ := W.Dims()
		V := famEye(d)
		// Both sums have O(d²) terms of size O(1): 1e-12 absolute.
		if got, want := fs.Loss(u), Loss(W, V); math.Abs(got-want) > 1e-12 {
			t.Errorf("%v: reduced loss %v, full %v", sz, got, want)
		}
		var G mat.Dense
		Gradient(&G, W, V)
		// The full gradient is fixed by the group: its projection is itself.
		Gp := fs.Matrix(fs.Coords(&G))
		if !mat.EqualApprox(Gp, &G, 1e-13) {
			t.Errorf("%v: full gradient leaves the fixed-point subspace", sz)
		}
		g := make([]float64, fs.Dim())
		if err := fs.Gradient(g, u); err != nil {
			t.Fatal(err)
		}
		gc := fs.Coords(&G)
		for i, c := range fs.coords() {
			if math.Abs(g[i]-fs.count(c)*gc[i]) > 1e-12*(1+math.Abs(g[i])) {
				t.Errorf("%v: reduced gradient %d = %v, sum of the full one %v", sz, i, g[i], fs.count(c)*gc[i])
			}
		}
		gn, err := fs.FullGradNorm(u)
		if err != nil {
			t.Fatal(err)
		}
		if math.Abs(gn-mat.Norm(&G, 2)) > 1e-12*(1+gn) {
			t.Errorf("%v: FullGradNorm %v, ‖∇F‖_F %v", sz, gn, mat.Norm(&G, 2))
		}
	}
}

func TestSymSpectrumAgainstDense(t *testing.T) {
	rnd := rand.New(rand.NewPCG(7, 8))
	cases := [][]float64{{6}, {6, 1}, {5, 2}, {4, 2, 1}, {3, 3}, {2, 1, 1}, {2, 2}, {10, 3}, {24, 1}}
	if !testing.Short() {
		// d = 40, the largest size: the 1600×1600 dense Hessian
		// and its spectrum take 0.5 s, 2.5 s under the race detector.
		cases = append(cases, []float64{39, 1})
	}
	for _, sz := range cases {
		fs := NewFixedSpace(sz...)
		u := famRandomCoords(fs, rnd)
		sp, err := fs.Spectrum(u)
		if err != nil {
			t.Fatal(err)
		}
		W := fs.Matrix(u)
		d, _ := W.Dims()
		var H mat.SymDense
		Hessian(&H, W, famEye(d))
		e, err := linalg.EigenSym(&H, false)
		if err != nil {
			t.Fatal(err)
		}
		got := sp.Values()
		if len(got) != d*d {
			t.Fatalf("%v: %d reduced eigenvalues, want d² = %d", sz, len(got), d*d)
		}
		// Both are backward stable to O(d²·ε·‖H‖) with ‖H‖ ≈ d/4; 1e-9 is
		// the bound.
		for i := range got {
			if math.Abs(got[i]-e.Values[i]) > 1e-9 {
				t.Errorf("%v: eigenvalue %d: reduced %v, dense %v", sz, i, got[i], e.Values[i])
				break
			}
		}
	}
}

// TestSymSpectrumTeacher checks the reduced spectrum of W = I against
// REFERENCE.md's exact values at d = 6 and d = 20.
func TestSymSpectrumTeacher(t *testing.T) {
	for _, c := range []struct {
		d    float64
		want []SymEigenvalue
	}{
		{6, []SymEigenvalue{{0.090845, 15}, {0.287081, 5}, {0.409155, 9}, {0.889663, 1}, {1.712919, 5}, {2.065267, 1}}},
		{20, []SymEigenvalue{{0.090845, 190}, {0.260873, 19}, {0.409155, 170}, {2.979206, 1}, {5.239127, 19}, {5.703893, 1}}},
	} {
		sp, err := NewFixedSpace(c.d).Spectrum([]float64{1, 0})
		if err != nil {
			t.Fatal(err)
		}
		got := sp.Distinct(1e-9)
		if len(got) != len(c.want) {
			t.Fatalf("d=%v: %v distinct eigenvalues, want %v", c.d, got, c.want)
		}
		for i := range got {
			// REFERENCE.md gives six decimals.
			if math.Abs(got[i].Value-c.want[i].Value) > 1e-6 || got[i].Mult != c.want[i].Mult {
				t.Errorf("d=%v: %v, want %v", c.d, got[i], c.want[i])
			}
		}
	}
}

// TestFamilyD7 follows the lowest spurious Δ(S_{d−1}×S₁) critical point
// found by the multi-start search at d = 10 down to d = 7, where it must be
// Safran–Shamir's spurious minimum of REFERENCE.md (checked there on the
// full gradient), and back up and down again (no drift along the family).
func TestFamilyD7(t *testing.T) {
	f := Family{Tail: []int{1}}
	ctx := context.Background()
	pts, err := f.Space(10).FindCritical(ctx, 40, 1, &FamilySettings{GDIters: 2000})
	if err != nil {
		t.Fatal(err)
	}
	// Points come ordered by loss; the first is the global minimum W = I.
	var start *FamilyPoint
	for i := range pts {
		if pts[i].Loss > 1e-6 {
			start = &pts[i]
			break
		}
	}
	if start == nil {
		t.Fatal("no spurious critical point found at d = 10")
	}
	down0, err := f.Continue(ctx, 10, start.U, 7, nil)
	if err != nil {
		t.Fatal(err)
	}
	u7 := down0[len(down0)-1].U
	up, err := f.Continue(ctx, 7, u7, 12, nil)
	if err != nil {
		t.Fatal(err)
	}
	down, err := f.Continue(ctx, 12, up[len(up)-1].U, 7, nil)
	if err != nil {
		t.Fatal(err)
	}
	p := down[len(down)-1]
	if p.D != 7 {
		t.Fatalf("continuation ended at d = %v", p.D)
	}
	// REFERENCE.md: F = 0.023202714914 (12 digits), λ_min = 0.0140590132
	// (10 digits).
	if math.Abs(p.Loss-0.023202714914) > 1e-12 {
		t.Errorf("F = %.13g, want 0.023202714914", p.Loss)
	}
	if math.Abs(p.Spectrum.Min()-0.0140590132) > 1e-10 {
		t.Errorf("λ_min = %.11g, want 0.0140590132", p.Spectrum.Min())
	}
	W := p.Matrix()
	var G mat.Dense
	Gradient(&G, W, famEye(7))
	if n := mat.Norm(&G, 2); n > 1e-13 {
		t.Errorf("‖∇F‖ of the full problem = %v", n)
	}
}

// TestFamilyTransition locates the real d where the Δ(S_{d−1}×S₁) family
// turns from saddle into minimum and checks the reduced spectrum is
// continuous in real d across an integer.
func TestFamilyTransition(t *testing.T) {
	f := Family{Tail: []int{1}}
	ctx := context.Background()
	u7, _, err := f.Space(7).Newton([]float64{0.9969227988, -0.0350801559, 0.2616910758, -0.6327039049, 0.1859910463}, nil)
	if err != nil {
		t.Fatal(err)
	}
	pts, err := f.Continue(ctx, 7, u7, 5, nil)
	if err != nil {
		t.Fatal(err)
	}
	var a, b *FamilyPoint
	for i := 1; i < len(pts); i++ {
		if pts[i-1].Spectrum.Min()*pts[i].Spectrum.Min() < 0 {
			a, b = &pts[i-1], &pts[i]
		}
	}
	if a == nil {
		t.Fatal("λ_min does not change sign between d = 7 and d = 5")
	}
	tr, err := f.Transition(ctx, *a, *b, nil)
	if err != nil {
		t.Fatal(err)
	}
	// Transition stops at |λ_min| < 1e-12 (or 1e-8 on a collapsed bracket,
	// which would be a bug here); 1e-12 is Newton's default gradient target.
	if !(tr.D > 5 && tr.D < 6) || math.Abs(tr.Spectrum.Min()) > 1e-10 || tr.GradNorm > 1e-12 {
		t.Errorf("transition at d = %v with λ_min = %v, ‖∇F‖ = %v", tr.D, tr.Spectrum.Min(), tr.GradNorm)
	}
	// Continuity in real d at d = 6: the spectrum is analytic in d, so a
	// step of 1e-7 moves every eigenvalue by O(1e-7).
	p6, err := f.At(7, u7, 6, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, h := range []float64{-1e-7, 1e-7} {
		q, err := f.At(6, p6.U, 6+h, nil)
		if err != nil {
			t.Fatal(err)
		}
		if diff := math.Abs(q.Spectrum.Min() - p6.Spectrum.Min()); diff > 1e-5 {
			t.Errorf("λ_min jumps by %v between d = 6 and d = %v", diff, 6+h)
		}
	}
}

func TestLossAsymptotics(t *testing.T) {
	want := [3]float64{0.3, -0.2, 1.5}
	var pts []FamilyPoint
	for d := 50.0; d <= 2000; d *= 1.3 {
		pts = append(pts, FamilyPoint{D: d, Loss: (want[0] + want[1]/math.Sqrt(d) + want[2]/d) / d})
	}
	got, rms, err := LossAsymptotics(pts, 50)
	if err != nil {
		t.Fatal(err)
	}
	// Exact data: the least-squares fit recovers it to rounding (the
	// columns are well conditioned over this range).
	for i := range got {
		if math.Abs(got[i]-want[i]) > 1e-8 {
			t.Errorf("c%d = %v, want %v", i, got[i], want[i])
		}
	}
	if rms > 1e-12 {
		t.Errorf("rms residual %v", rms)
	}
	if _, _, err := LossAsymptotics(pts[:3], 0); err == nil {
		t.Error("LossAsymptotics with 3 points: no error")
	}
	bad := append([]FamilyPoint(nil), pts...)
	bad[2].Loss = math.NaN()
	if _, _, err := LossAsymptotics(bad, 50); err == nil {
		t.Error("LossAsymptotics with a NaN loss: no error")
	}
}

// TestFindCriticalFull checks the critical points found on fixed-point
// subspaces against the full problem: the dense gradient vanishes and the
// isotropy computed from W (IsotropyOf) contains the subspace's group (its
// neuron orbits are unions of the blocks).
func TestFindCriticalFull(t *testing.T) {
	ctx := context.Background()
	for _, sz := range [][]float64{{9, 1}, {8, 2}, {7, 2, 1}} {
		fs := NewFixedSpace(sz...)
		pts, err := fs.FindCritical(ctx, 12, 2, &FamilySettings{GDIters: 1500})
		if err != nil {
			t.Fatal(err)
		}
		if len(pts) == 0 {
			t.Fatalf("%v: no critical points found", sz)
		}
		for _, p := range pts {
			W := p.Matrix()
			var G mat.Dense
			Gradient(&G, W, famEye(10))
			// Newton's target is 1e-12 on the pattern norm; the dense
			// gradient differs from it by rounding of O(d) terms.
			if n := mat.Norm(&G, 2); n > 2e-12 {
				t.Errorf("%v: F = %v: dense ‖∇F‖ = %v", sz, p.Loss, n)
			}
			iso := IsotropyOf(W, 0)
			block := make([]int, 0, 10)
			for a, s := range sz {
				for range int(s) {
					block = append(block, a)
				}
			}
			for _, orb := range iso.NeuronOrbits {
				seen := map[int]int{}
				for _, i := range orb {
					seen[block[i]]++
				}
				for a, n := range seen {
					if float64(n) != sz[a] {
						t.Errorf("%v: F = %v: neuron orbit %v splits block %d", sz, p.Loss, orb, a+1)
					}
				}
			}
		}
	}
}

// TestFindCriticalNewtonOnly: pure Newton from random starts finds saddles
// of the full problem too (index > 0), each a critical point.
func TestFindCriticalNewtonOnly(t *testing.T) {
	fs := NewFixedSpace(8, 2)
	pts, err := fs.FindCritical(context.Background(), 20, 3, &FamilySettings{GDIters: -1})
	if err != nil {
		t.Fatal(err)
	}
	saddles := 0
	for _, p := range pts {
		// 1e-12 is Newton's default target at d ≤ 1000 (FamilySettings).
		if p.GradNorm > 1e-12 {
			t.Errorf("F = %v: ‖∇F‖ = %v", p.Loss, p.GradNorm)
		}
		if p.Spectrum.Index(1e-9) > 0 {
			saddles++
		}
	}
	if saddles == 0 {
		t.Errorf("no saddles among %d points", len(pts))
	}
}

// TestReducedLossLargeD checks the accuracy of the reduced loss at large d,
// where the naive sum of the kernels loses about d²·ε ≈ 1e-8 at
// d = 1.5·10⁴ against F ≈ 2·10⁻⁵ (the error is smooth in u at fixed d but
// not in d): along the Δ(S_{d−1}×S₁) family d·F ≈ c₀ + c₁d^(−1/2) is smooth,
// with second differences ≈ 1e-6 over steps of 500 at d = 1.5·10⁴; the naive
// sum gives 1e-4 there.
func TestReducedLossLargeD(t *testing.T) {
	f := Family{Tail: []int{1}}
	u7, _, err := f.Space(7).Newton([]float64{0.9969227988, -0.0350801559, 0.2616910758, -0.6327039049, 0.1859910463}, nil)
	if err != nil {
		t.Fatal(err)
	}
	ds := []float64{15000, 15500, 16000}
	pts, err := f.Continue(context.Background(), 7, u7, ds[2], &FamilySettings{IntegersUpTo: -1, Stops: ds})
	if err != nil {
		t.Fatal(err)
	}
	var dF []float64
	for _, p := range pts {
		if slices.Contains(ds, p.D) {
			dF = append(dF, p.D*p.Loss)
		}
	}
	if len(dF) != 3 {
		t.Fatalf("continuation did not stop at %v", ds)
	}
	if d2 := dF[0] - 2*dF[1] + dF[2]; math.Abs(d2) > 1e-5 {
		t.Errorf("second difference of d·F = %v at d = %v: %v", d2, ds, dF)
	}
}

// TestContinueFromMinD continues a family up from its smallest d, where the
// derivative of the reduced gradient in d is one-sided, and checks the
// path against the downward continuation: Newton lands on the same points.
func TestContinueFromMinD(t *testing.T) {
	f := Family{Tail: []int{1}}
	ctx := context.Background()
	u7, _, err := f.Space(7).Newton([]float64{0.9969227988, -0.0350801559, 0.2616910758, -0.6327039049, 0.1859910463}, nil)
	if err != nil {
		t.Fatal(err)
	}
	down, err := f.Continue(ctx, 7, u7, f.MinD(), nil)
	if err != nil {
		t.Fatal(err)
	}
	p3 := down[len(down)-1]
	tg, err := f.Tangent(p3.D, p3.U)
	if err != nil {
		t.Fatal(err)
	}
	up, err := f.Continue(ctx, p3.D, p3.U, 7, nil)
	if err != nil {
		t.Fatal(err)
	}
	// Both continuations converge to ‖∇F‖ ≤ 1e-12 at every integer d, on a
	// regular branch: the points agree to the Newton tolerance.
	for _, q := range up {
		i := slices.IndexFunc(down, func(p FamilyPoint) bool { return p.D == q.D })
		if i < 0 || !isIntF(q.D) {
			continue
		}
		if math.Abs(down[i].Loss-q.Loss) > 1e-12 {
			t.Errorf("d = %v: F = %v going down, %v going up", q.D, down[i].Loss, q.Loss)
		}
	}
	// The one-sided tangent against the chord to the point at d + δ:
	// the chord differs by O(δ·u'') ≈ 1e-4 (u'' = O(1) here), the
	// tangent's own error is O(h²) ≈ 1e-10.
	const delta = 1e-4
	q, err := f.At(p3.D, p3.U, p3.D+delta, nil)
	if err != nil {
		t.Fatal(err)
	}
	for i := range tg {
		chord := (q.U[i] - p3.U[i]) / delta
		if math.Abs(chord-tg[i]) > 1e-3 {
			t.Errorf("du/dd[%d] at d = %v: %v, chord %v", i, p3.D, tg[i], chord)
		}
	}
}

func isIntF(x float64) bool { return x == math.Trunc(x) }

// TestSymSpectrumDegenerate compares reduced and dense spectra at a point
// with parallel neurons (block 2's two neurons equal, D₂ = E₂, and a
// neuron of block 3 parallel to its teacher row), where both must take the
// Hessian's limits h1 → 0, h2 → ½I for pairs within DegenerateAngle.
func TestSymSpectrumDegenerate(t *testing.T) {
	rnd := rand.New(rand.NewPCG(9, 10))
	fs := NewFixedSpace(3, 2, 1)
	u := famRandomCoords(fs, rnd)
	names := fs.CoordNames()
	for i, n := range names {
		switch n {
		case "E2":
			u[i] = u[slices.Index(names, "D2")] * (1 + 1e-16) // parallel to rounding
		case "C31", "C32":
			u[i] = 0 // neuron 6 = D₃e₆, parallel to its teacher row
		}
	}
	sp, err := fs.Spectrum(u)
	if err != nil {
		t.Fatal(err)
	}
	W := fs.Matrix(u)
	var H mat.SymDense
	Hessian(&H, W, famEye(6))
	e, err := linalg.EigenSym(&H, false)
	if err != nil {
		t.Fatal(err)
	}
	got := sp.Values()
	// As in TestSymSpectrumAgainstDense: both backward stable, 1e-9.
	for i := range got {
		if math.Abs(got[i]-e.Values[i]) > 1e-9 {
			t.Errorf("eigenvalue %d: reduced %v, dense %v", i, got[i], e.Values[i])
		}
	}
	dense, err := SplitCurvature(W, famEye(6))
	if err != nil {
		t.Fatal(err)
	}
	hcs, err := fs.HalfCurvatures(u)
	if err != nil {
		t.Fatal(err)
	}
	for _, hc := range hcs {
		// As in TestHalfCurvaturesAgainstDense.
		if math.Abs(hc.Value-dense[hc.Neuron]) > 1e-12 {
			t.Errorf("block %d: λ_min(H_ii − ½I) = %v, dense %v", hc.Block, hc.Value, dense[hc.Neuron])
		}
	}
	var J mat.SymDense
	if err := fs.Jacobian(&J, u); err != nil {
		t.Fatal(err)
	}
	// The reduced Jacobian is Bᵀ∇²F B for the cell indicators B.
	for i, ci := range fs.coords() {
		bi := fs.Matrix(fs.indicator1(ci))
		for j, cj := range fs.coords() {
			bj := fs.Matrix(fs.indicator1(cj))
			var hb mat.VecDense
			hb.MulVec(&H, mat.NewVecDense(36, mat.DenseCopyOf(bj).RawMatrix().Data))
			want := mat.Dot(mat.NewVecDense(36, mat.DenseCopyOf(bi).RawMatrix().Data), &hb)
			if math.Abs(J.At(i, j)-want) > 1e-12*(1+math.Abs(want)) {
				t.Errorf("J[%s,%s] = %v, dense %v", names[i], names[j], J.At(i, j), want)
			}
		}
	}
}

// indicator1 returns the reduced coordinates of the indicator of cell c.
func (s FixedSpace) indicator1(c famCoord) []float64 {
	u := make([]float64, s.Dim())
	u[slices.Index(s.coords(), c)] = 1
	return u
}

// TestSymSpectrumCount checks, beyond the sizes where the dense spectrum is
// affordable, that the isotypic components account for every eigenvalue:
// Σ Dim·len(Values) = d², with integer multiplicities.
func TestSymSpectrumCount(t *testing.T) {
	rnd := rand.New(rand.NewPCG(13, 14))
	for _, sz := range [][]float64{{1000}, {997, 2, 1}, {500, 300, 200}, {4, 4, 4}, {3, 2}, {2, 1, 1, 1}} {
		fs := NewFixedSpace(sz...)
		sp, err := fs.Spectrum(famRandomCoords(fs, rnd))
		if err != nil {
			t.Fatal(err)
		}
		var n float64
		for _, c := range sp.Components {
			if c.Dim != math.Trunc(c.Dim) || c.Dim < 1 {
				t.Errorf("%v: component %s has dimension %v", sz, c.Irrep, c.Dim)
			}
			n += c.Dim * float64(len(c.Values))
		}
		if d := fs.D(); n != d*d {
			t.Errorf("%v: %v eigenvalues counted with multiplicity, want d² = %v", sz, n, d*d)
		}
	}
}

// TestContinueNoJump follows the lowest spurious Δ(S_{d−1}×S₁) point from
// d = 10 to 1000 with steps of 50% and 300% in d: without the retrace check
// of Continue, Newton from the 300% predictor converges to the global
// minimum W = I (F = 0) at d = 40. The result must be the family's point at
// d = 1000 found with the default steps.
func TestContinueNoJump(t *testing.T) {
	f := Family{Tail: []int{1}}
	ctx := context.Background()
	pts, err := f.Space(10).FindCritical(ctx, 10, 1, nil)
	if err != nil {
		t.Fatal(err)
	}
	i := slices.IndexFunc(pts, func(p FamilyPoint) bool { return p.Loss > 1e-6 })
	if i < 0 {
		t.Fatal("no spurious critical point found at d = 10")
	}
	ref, err := f.Continue(ctx, 10, pts[i].U, 1000, &FamilySettings{IntegersUpTo: -1})
	if err != nil {
		t.Fatal(err)
	}
	want := ref[len(ref)-1].Loss
	for _, h := range []float64{0.5, 3} {
		got, err := f.Continue(ctx, 10, pts[i].U, 1000, &FamilySettings{IntegersUpTo: -1, Step: h, MaxStep: h})
		if err != nil {
			t.Fatal(err)
		}
		// Both converge to ‖∇F‖ ≤ 1e-12 at d = 1000: the same point has
		// the same F to ~1e-15.
		if p := got[len(got)-1]; math.Abs(p.Loss-want) > 1e-12 {
			t.Errorf("steps of %v·d: F(1000) = %v, want %v", h, p.Loss, want)
		}
	}
}
