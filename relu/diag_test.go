// Copyright ©2026 The relulab Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package relu_test

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"runtime"
	"strings"
	"testing"

	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/mat"

	"github.com/relulab/relulab/linalg"
	"github.com/relulab/relulab/relu"
)

// TestGramInfMonteCarlo compares the closed form of H∞ with the sample mean
// of x_i·x_j 1{w·x_i ≥ 0, w·x_j ≥ 0} over w ~ N(0, I), entry by entry within
// 5 standard errors (the sample standard deviation over √N), for rows that
// are not of unit norm so the angle form is exercised.
func TestGramInfMonteCarlo(t *testing.T) {
	rnd := rand.New(rand.NewPCG(1, 1))
	const n, d, N = 5, 3, 200000
	X := randDense(rnd, n, d)
	H := relu.GramInf(nil, X)
	G := mat.NewDense(n, n, nil)
	G.Mul(X, X.T())
	sum := mat.NewDense(n, n, nil)
	sumSq := mat.NewDense(n, n, nil)
	w := make([]float64, d)
	act := make([]bool, n)
	for s := 0; s < N; s++ {
		for j := range w {
			w[j] = rnd.NormFloat64()
		}
		for i := 0; i < n; i++ {
			act[i] = floats.Dot(w, X.RawRowView(i)) >= 0
		}
		for i := 0; i < n; i++ {
			for j := 0; j < n; j++ {
				if act[i] && act[j] {
					v := G.At(i, j)
					sum.Set(i, j, sum.At(i, j)+v)
					sumSq.Set(i, j, sumSq.At(i, j)+v*v)
				}
			}
		}
	}
	for i := 0; i < n; i++ {
		for j := 0; j < n; j++ {
			mean := sum.At(i, j) / N
			se := math.Sqrt((sumSq.At(i, j)/N - mean*mean) / N)
			if math.Abs(H.At(i, j)-mean) > 5*se+1e-12 {
				t.Errorf("H∞[%d,%d] = %v, Monte Carlo %v ± %v", i, j, H.At(i, j), mean, se)
			}
		}
	}
}

func TestGramInfExact(t *testing.T) {
	// Orthogonal unit vectors: x·y = 0 ⇒ H = 0; a vector with itself: ½;
	// opposite vectors: θ = π ⇒ 0; 60°: ½ · (π − π/3)/(2π) = 1/6.
	X := mat.NewDense(4, 2, []float64{1, 0, 0, 1, -1, 0, 0.5, math.Sqrt(3) / 2})
	H := relu.GramInf(nil, X)
	want := [][]float64{
		{0.5, 0, 0, 1.0 / 6},
		{0, 0.5, 0, math.Sqrt(3) / 2 * (math.Pi - math.Pi/6) / (2 * math.Pi)},
		{0, 0, 0.5, -0.5 * (math.Pi - 2*math.Pi/3) / (2 * math.Pi)},
	}
	for i, row := range want {
		for j, v := range row {
			// Arccos and products of exact inputs: a few ulps.
			if math.Abs(H.At(i, j)-v) > 1e-15 {
				t.Errorf("H∞[%d,%d] = %v, want %v", i, j, H.At(i, j), v)
			}
		}
	}
}

// TestGramInfAngles checks GramInf's angle factor π − θ = π − arccos(c) (a
// polynomial arcsin, not math.Acos) at cosines GramInf sees exactly: the
// rows x_i = (±p_i, ±q_i) are Pythagorean, p = m² − k², q = 2mk, with norm
// r = m² + k² < 2²⁵, so x_i·x_j (below 2⁵¹), ‖x_i‖ and ‖x_i‖‖x_j‖ are exact
// in float64 whatever the order of summation, and c = fl(x_i·x_j/(r_i r_j))
// is known. The reference is x_i·x_j·atan2(√((1 − c)(1 + c)), −c)/(2π),
// another formula for arccos(−c) = π − arccos(c), within about 3 ulps (two
// roundings in 1 ∓ c and the product, the square root, math.Atan2's ulp or
// so, the product and quotient); GramInf's factor is within 1.2 ulp (see
// gramRow) and adds three roundings: the bound 8 ulps of the entry leaves a
// margin, while the leading coefficient off by 1e-12 (relative) fails. The diagonal must be
// x_i·x_i/2 exactly, and the near-(anti)parallel pairs (|c| > 0.9999, taken
// another way) are left to TestGramInfNearParallel.
func TestGramInfAngles(t *testing.T) {
	const n = 300
	rnd := rand.New(rand.NewPCG(5, 6))
	X := mat.NewDense(n, 2, nil)
	r := make([]float64, n)
	for i := range n {
		m, k := 1+rnd.IntN(1<<12-1), 1+rnd.IntN(1<<12-1)
		p, q := float64(m*m-k*k), float64(2*m*k)
		if rnd.IntN(2) == 0 {
			q = -q
		}
		X.Set(i, 0, p)
		X.Set(i, 1, q)
		r[i] = float64(m*m + k*k)
	}
	H := relu.GramInf(nil, X)
	const ulp = 0x1p-52
	checked := 0
	for i := range n {
		if got, want := H.At(i, i), r[i]*r[i]/2; got != want {
			t.Errorf("H∞[%d,%d] = %v, want ‖x_i‖²/2 = %v", i, i, got, want)
		}
		for j := i + 1; j < n; j++ {
			g := X.At(i, 0)*X.At(j, 0) + X.At(i, 1)*X.At(j, 1) // exact
			c := g / (r[i] * r[j])
			if math.Abs(c) > 0.9999 {
				continue
			}
			want := g * math.Atan2(math.Sqrt((1-c)*(1+c)), -c) / (2 * math.Pi)
			if d := math.Abs(H.At(i, j) - want); d > 8*ulp*math.Abs(want) {
				t.Fatalf("c = %v: H∞[%d,%d] = %v, want %v (%.3g ulps)", c, i, j, H.At(i, j), want, d/(ulp*math.Abs(want)))
			}
			checked++
		}
	}
	if checked < n*(n-1)/2*99/100 {
		t.Errorf("only %d pairs checked", checked)
	}
}

// TestGramInfGOMAXPROCS checks the reproducibility rule for GramInf and
// Lambda0: the same bits at GOMAXPROCS = 1, 2 and 4 and between runs, with
// n = 500 rows (GramInf's rows on several goroutines, X Xᵀ split by the
// BLAS). It also checks that dst's old contents (NaN here) do not leak into
// the result (X Xᵀ is written with β = 0), and that X given through the
// mat.Matrix interface (copied) gives the same bits.
func TestGramInfGOMAXPROCS(t *testing.T) {
	const n, d = 500, 30
	X := sphere(rand.New(rand.NewPCG(21, 21)), n, d)
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	var h0 *mat.SymDense
	var l0 float64
	for i, procs := range []int{1, 2, 4, 2} {
		runtime.GOMAXPROCS(procs)
		h := mat.NewSymDense(n, nil)
		for r := range n {
			for c := r; c < n; c++ {
				h.SetSym(r, c, math.NaN())
			}
		}
		relu.GramInf(h, X)
		l, err := relu.Lambda0(X)
		if err != nil {
			t.Fatal(err)
		}
		if i == 0 {
			h0, l0 = h, l
			if via := relu.GramInf(nil, generic{X}); !mat.Equal(via, h0) {
				t.Errorf("X as a mat.Matrix gives another H∞")
			}
			continue
		}
		if !mat.Equal(h, h0) || math.Float64bits(l) != math.Float64bits(l0) {
			t.Errorf("GOMAXPROCS=%d (run %d): H∞ or λ0 = %v differs from GOMAXPROCS=1's (λ0 = %v)", procs, i, l, l0)
		}
	}
}

// TestGramInfNearParallel: for nearly parallel and antiparallel pairs the
// angle is not taken from arccos of a rounded cosine, which loses about
// ε/sin θ (θ = 1e-9 gave H∞_01 = ½ and λ0 = 0 for two distinct points).
// Points (1, 0) and (±cos δ, sin δ) have θ = δ or π − δ, with the small
// angle δ exact to an ulp in atan2(sin δ, cos δ); the entries must be
// right to a few ulps, and λ0 = sin²(δ/2) + δ cos δ/(2π) (from ½ − H∞_01)
// to the eigensolver's absolute accuracy, a few ε‖H∞‖ with ‖H∞‖ ≤ 1.
func TestGramInfNearParallel(t *testing.T) {
	for _, delta := range []float64{1e-3, 1e-5, 1e-7, 1e-9, 1e-12} {
		s, c := math.Sincos(delta)
		small := math.Atan2(s, c) // the angle the points really have
		for _, anti := range []bool{false, true} {
			x1 := []float64{c, s}
			want := c * (math.Pi - small) / (2 * math.Pi) // θ = δ
			if anti {
				x1[0] = -c
				want = -c * small / (2 * math.Pi) // θ = π − δ, π − θ = δ
			}
			X := mat.NewDense(2, 2, append([]float64{1, 0}, x1...))
			H := relu.GramInf(nil, X)
			if got := H.At(0, 1); math.Abs(got-want) > 4*0x1p-52*math.Abs(want) {
				t.Errorf("δ = %g, antiparallel %v: H∞_01 = %v, want %v", delta, anti, got, want)
			}
			if anti {
				continue
			}
			l0, err := relu.Lambda0(X)
			wantL := math.Pow(math.Sin(delta/2), 2) + small*c/(2*math.Pi)
			if err != nil || !(l0 > 0) || math.Abs(l0-wantL) > 8*0x1p-52 {
				t.Errorf("δ = %g: λ0 = %v, %v; want %v", delta, l0, err, wantL)
			}
		}
	}
}

// TestGramIsJacobianGram checks the empirical Gram against inner products of
// per-sample output gradients ∂f(x_i)/∂W computed by LossGrad.
func TestGramIsJacobianGram(t *testing.T) {
	rnd := rand.New(rand.NewPCG(2, 2))
	const n, d, m = 6, 4, 30
	X := randDense(rnd, n, d)
	for _, net := range []*relu.Net{relu.NewNTK(m, d, rnd), relu.NewStandard(m, d, 1, true, rnd)} {
		if net.B != nil {
			for i := range net.B {
				net.B[i] = rnd.NormFloat64()
			}
		}
		H := net.Gram(nil, X)
		J := make([]*mat.Dense, n)
		for i := range J {
			g := relu.NewGrad(net, relu.LayerW)
			net.LossGrad(g, output{}, X.Slice(i, i+1, 0, d), []float64{0}, nil)
			J[i] = g.W
		}
		for i := 0; i < n; i++ {
			for j := 0; j < n; j++ {
				want := mat.Sum(elem(J[i], J[j]))
				// Same sums in another order: rounding relative to the size.
				if math.Abs(H.At(i, j)-want) > 1e-12*(1+math.Abs(want)) {
					t.Errorf("H[%d,%d] = %v, want %v", i, j, H.At(i, j), want)
				}
			}
		}
	}
}

// generic hides the concrete type of a matrix.
type generic struct{ mat.Matrix }

func elem(a, b *mat.Dense) *mat.Dense {
	var c mat.Dense
	c.MulElem(a, b)
	return &c
}

// TestGramWideLimit: for a wide NTK network H(0) → H∞; each entry is a mean
// of m i.i.d. terms bounded by |x_i·x_j|, so its standard deviation is at
// most 1/√m for unit rows; 5/√m is the tolerance.
func TestGramWideLimit(t *testing.T) {
	rnd := rand.New(rand.NewPCG(3, 3))
	X := sphere(rnd, 8, 5)
	const m = 40000
	H := relu.NewNTK(m, 5, rnd).Gram(nil, X)
	Hinf := relu.GramInf(nil, X)
	for i := 0; i < 8; i++ {
		for j := 0; j < 8; j++ {
			if math.Abs(H.At(i, j)-Hinf.At(i, j)) > 5/math.Sqrt(m) {
				t.Errorf("H(0)[%d,%d] = %v, H∞ = %v", i, j, H.At(i, j), Hinf.At(i, j))
			}
		}
	}
}

func TestLambdaMin(t *testing.T) {
	rnd := rand.New(rand.NewPCG(4, 4))
	X := sphere(rnd, 60, 10)
	H := relu.GramInf(nil, X)
	l0, err := relu.Lambda0(X)
	if err != nil {
		t.Fatal(err)
	}
	if !(l0 > 0) {
		t.Fatalf("λ0 = %v, want > 0 for non-parallel data", l0)
	}
	// λ_min ≤ Rayleigh quotients, e.g. the diagonal entries ½.
	if l0 > 0.5 {
		t.Errorf("λ0 = %v > min diagonal", l0)
	}
	// λ0 against the full spectrum of H∞ computed independently.
	e, err := linalg.EigenSym(H, false)
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(e.Values[0]-l0) > 1e-11 {
		t.Errorf("LambdaMin = %v, all eigenvalues give %v", l0, e.Values[0])
	}
	// Indefinite input.
	S := mat.NewSymDense(2, []float64{1, 2, 2, 1})
	if v, err := relu.LambdaMin(S); err != nil || math.Abs(v+1) > 1e-15 {
		t.Errorf("LambdaMin(indefinite) = %v, %v; want −1", v, err)
	}
	// Duplicate rows make H∞ singular: λ0 = 0 up to rounding.
	X.SetRow(1, X.RawRowView(0))
	if l, _ := relu.Lambda0(X); math.Abs(l) > 1e-13 {
		t.Errorf("λ0 with duplicate rows = %v", l)
	}
	bad := mat.NewSymDense(2, []float64{1, math.NaN(), math.NaN(), 1})
	if _, err := relu.LambdaMin(bad); err == nil {
		t.Error("LambdaMin accepted NaN")
	}
	// A factorization may succeed on an infinite diagonal entry: the
	// result must be an error, not λ_min = 1.
	inf := mat.NewSymDense(2, []float64{math.Inf(1), 0, 0, 1})
	if v, err := relu.LambdaMin(inf); !errors.Is(err, linalg.ErrNotFinite) {
		t.Errorf("LambdaMin with +Inf: got %v, %v; want ErrNotFinite", v, err)
	}
	X.Set(2, 1, math.NaN())
	if _, err := relu.Lambda0(X); !errors.Is(err, relu.ErrNotFinite) || !strings.Contains(err.Error(), "X[2,1]") {
		t.Errorf("Lambda0 with NaN data: %v", err)
	}
}

func TestSeparation(t *testing.T) {
	rnd := rand.New(rand.NewPCG(5, 5))
	X := sphere(rnd, 50, 4)
	brute := math.Inf(1)
	for i := 0; i < 50; i++ {
		for j := i + 1; j < 50; j++ {
			brute = math.Min(brute, floats.Distance(X.RawRowView(i), X.RawRowView(j), 2))
		}
	}
	if got, err := relu.Separation(X); err != nil || got != brute {
		t.Errorf("φ = %v, brute force %v", got, brute)
	}
	// A near-duplicate pair 1e-9 apart: the Gram form alone would lose it
	// to cancellation (ε‖x‖² ≈ 1e-16 against a squared distance of 1e-18).
	x := append([]float64(nil), X.RawRowView(3)...)
	x[0] += 1e-9
	X.SetRow(7, x)
	if got, _ := relu.Separation(X); math.Abs(got-1e-9) > 1e-16 {
		t.Errorf("φ = %v, want 1e-9", got)
	}
	// Twenty near-duplicate pairs at distances (1 + k/20)·1e-9: their squared
	// distances (≈ 1e-18) are far below the rounding of the Gram form
	// (≈ 1e-16), which therefore cannot rank them; every candidate within
	// the rounding slack must be recomputed to find the closest pair.
	P := sphere(rnd, 40, 4)
	for k := 0; k < 20; k++ {
		x := append([]float64(nil), P.RawRowView(2*k)...)
		x[1] += (1 + float64(k)/20) * 1e-9
		P.SetRow(2*k+1, x)
	}
	want := floats.Distance(P.RawRowView(0), P.RawRowView(1), 2)
	if got, _ := relu.Separation(P); got != want {
		t.Errorf("φ of near-duplicate pairs = %v, want %v", got, want)
	}
	if phi, err := relu.Separation(X.Slice(0, 1, 0, 4)); err != nil || !math.IsInf(phi, 1) {
		t.Error("φ of one point is not +Inf")
	}
	X.Set(5, 2, math.NaN())
	if _, err := relu.Separation(X); !errors.Is(err, relu.ErrNotFinite) || !strings.Contains(err.Error(), "X[5,2]") {
		t.Errorf("NaN input: %v", err)
	}
}

func TestPatternChangeAndDistance(t *testing.T) {
	Z0 := mat.NewDense(2, 3, []float64{1, -1, 0, 2, 3, -4})
	Z := mat.NewDense(2, 3, []float64{-1, -2, 1, 2, 0, -4})
	// Changed: (0,0), (0,2), (1,1) → 3/6.
	if got := relu.PatternChange(Z0, Z); got != 0.5 {
		t.Errorf("PatternChange = %v, want 0.5", got)
	}
	// The generic (non-Dense) path agrees.
	if got := relu.PatternChange(generic{Z0}, generic{Z}); got != 0.5 {
		t.Errorf("PatternChange (generic) = %v, want 0.5", got)
	}
	W0 := mat.NewDense(2, 2, []float64{0, 0, 1, 1})
	W := mat.NewDense(2, 2, []float64{3, 4, 1, 2})
	if got := relu.MaxDistance(W0, W); got != 5 {
		t.Errorf("MaxDistance = %v, want 5", got)
	}
	W.Set(1, 1, math.NaN())
	Z.Set(1, 1, math.NaN())
	for name, f := range map[string]func(){
		"MaxDistance":   func() { relu.MaxDistance(W0, W) },
		"PatternChange": func() { relu.PatternChange(Z0, Z) },
	} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("%s accepted NaN", name)
				}
			}()
			f()
		}()
	}
}

func TestWidthBounds(t *testing.T) {
	if w, err := relu.DuWidth(10, 0.1, 0.5); err != nil || math.Abs(w-8e10)/8e10 > 1e-15 {
		t.Errorf("DuWidth = %v, %v", w, err)
	}
	if w, err := relu.ZouGuWidth(10, 1, 0.5); err != nil || math.Abs(w-1.6e9)/1.6e9 > 1e-15 {
		t.Errorf("ZouGuWidth = %v, %v", w, err)
	}
	if w, err := relu.AllenZhuWidth(2, 2); err != nil || w != math.Pow(2, 36) {
		t.Errorf("AllenZhuWidth = %v, %v", w, err)
	}
	for _, err := range []error{
		func() error { _, err := relu.DuWidth(10, 0, 0.5); return err }(),
		func() error { _, err := relu.DuWidth(10, 0.1, 1); return err }(),
		func() error { _, err := relu.ZouGuWidth(10, 1, 0); return err }(),
		func() error { _, err := relu.AllenZhuWidth(0, 1); return err }(),
	} {
		if !errors.Is(err, relu.ErrBadBound) {
			t.Errorf("got %v, want ErrBadBound", err)
		}
	}
}

func ExampleLambda0() {
	// Four unit vectors in the plane at 0°, 60°, 120° and 180°.
	X := mat.NewDense(4, 2, nil)
	for i := 0; i < 4; i++ {
		a := float64(i) * math.Pi / 3
		X.SetRow(i, []float64{math.Cos(a), math.Sin(a)})
	}
	l0, err := relu.Lambda0(X)
	if err != nil {
		fmt.Println(err)
		return
	}
	phi, _ := relu.Separation(X)
	fmt.Printf("λ0 = %.6f, φ = %.6f\n", l0, phi)
	du, _ := relu.DuWidth(4, l0, 0.1)
	zg, _ := relu.ZouGuWidth(4, 1, phi)
	fmt.Printf("Du order %.3g, Zou–Gu order %.3g\n", du, zg)
	// Output:
	// λ0 = 0.153144, φ = 1.000000
	// Du order 7.45e+09, Zou–Gu order 6.55e+04
}

func ExampleNet_Gram() {
	rnd := rand.New(rand.NewPCG(1, 1))
	const n, d, m = 20, 10, 1000
	X := mat.NewDense(n, d, nil)
	for i := 0; i < n; i++ {
		x := X.RawRowView(i)
		for j := range x {
			x[j] = rnd.NormFloat64()
		}
		floats.Scale(1/floats.Norm(x, 2), x)
	}
	y := make([]float64, n)
	for i := range y {
		y[i] = rnd.NormFloat64()
	}
	net := relu.NewNTK(m, d, rnd)
	W0 := mat.DenseCopyOf(net.W)
	Z0 := net.Preactivations(nil, X)
	l0, _ := relu.Lambda0(X)
	lh, _ := relu.LambdaMin(net.Gram(nil, X))
	fmt.Printf("λ0 = %.4f, λ_min(H(0)) = %.4f\n", l0, lh)

	tr := relu.Trainer{LearningRate: 0.5, MaxSteps: 100}
	if _, err := tr.Train(context.Background(), net, X, y); err != nil {
		fmt.Println(err)
		return
	}
	lh, _ = relu.LambdaMin(net.Gram(nil, X))
	fmt.Printf("after 100 steps: λ_min(H) = %.4f, patterns changed %.4f, max distance %.4f\n",
		lh, relu.PatternChange(Z0, net.Preactivations(nil, X)), relu.MaxDistance(W0, net.W))
	// Output:
	// λ0 = 0.1477, λ_min(H(0)) = 0.1440
	// after 100 steps: λ_min(H) = 0.1399, patterns changed 0.0255, max distance 0.4052
}

func ExampleCheckGradient() {
	rnd := rand.New(rand.NewPCG(1, 1))
	net := relu.NewStandard(8, 3, 1, true, rnd)
	for i := range net.B {
		net.B[i] = 0.1 * rnd.NormFloat64()
	}
	X := mat.NewDense(4, 3, []float64{1, 2, 0, -1, 0.5, 1, 0, -2, 1, 0.3, 0.3, -0.3})
	y := []float64{1, -1, 1, -1}
	for _, loss := range []relu.Loss{relu.Square{}, relu.Logistic{}, relu.Exponential{}} {
		err := relu.CheckGradient(net, loss, X, y, relu.GradCheck{Inputs: true})
		fmt.Printf("%T: %v\n", loss, err)
	}
	// Output:
	// relu.Square: <nil>
	// relu.Logistic: <nil>
	// relu.Exponential: <nil>
}

func ExampleGramInf() {
	// Unit vectors at 0°, 60° and 90°: H∞_ii = ½; at 60°,
	// ½ · (π − π/3)/(2π) = 1/6; at 90°, 0; at 30°, (√3/2) · (5/12) ≈ 0.3608.
	X := mat.NewDense(3, 2, []float64{1, 0, 0.5, math.Sqrt(3) / 2, 0, 1})
	H := relu.GramInf(nil, X)
	fmt.Printf("%.4f\n", mat.Formatted(H))
	// Output:
	// ⎡0.5000  0.1667  0.0000⎤
	// ⎢0.1667  0.5000  0.3608⎥
	// ⎣0.0000  0.3608  0.5000⎦
}
