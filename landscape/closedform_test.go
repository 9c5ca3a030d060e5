// Copyright ©2026 The relulab Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package landscape_test

import (
	"errors"
	"math"
	"math/rand/v2"
	"runtime"
	"slices"
	"testing"

	"gonum.org/v1/gonum/diff/fd"
	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/mat"

	"github.com/relulab/relulab/landscape"
)

const eps = 0x1p-52

func randn(rows, cols int, std float64, rng *rand.Rand) *mat.Dense {
	a := mat.NewDense(rows, cols, nil)
	for i := 0; i < rows; i++ {
		for j := 0; j < cols; j++ {
			a.Set(i, j, std*rng.NormFloat64())
		}
	}
	return a
}

func eye(d int) *mat.Dense {
	a := mat.NewDense(d, d, nil)
	for i := 0; i < d; i++ {
		a.Set(i, i, 1)
	}
	return a
}

func randVec(n int, rng *rand.Rand) []float64 {
	x := make([]float64, n)
	for i := range x {
		x[i] = rng.NormFloat64()
	}
	return x
}

type fdCase struct {
	name        string
	W, V        *mat.Dense
	alpha, beta []float64
}

// fdCases returns random points and near-degenerate ones. Near-degenerate
// pairs are kept at angles ≥ 1e-3 from 0 and π: finite differences with step h
// need the loss to be smooth on a ball of radius h·‖w‖, which a pair closer than
// the step is not (the Hessian is discontinuous at θ = 0 only through the
// DegenerateAngle limit, which FD cannot see).
func fdCases() []fdCase {
	rng := rand.New(rand.NewPCG(1, 2))
	var cs []fdCase
	for _, sz := range []struct{ k, m, d int }{{1, 1, 2}, {3, 2, 4}, {5, 5, 5}, {4, 6, 3}, {6, 3, 7}} {
		cs = append(cs, fdCase{name: "random", W: randn(sz.k, sz.d, 1, rng), V: randn(sz.m, sz.d, 1, rng)})
	}
	cs = append(cs, fdCase{name: "weights", W: randn(4, 5, 1, rng), V: randn(3, 5, 1, rng),
		alpha: []float64{0.5, -1.2, 2, 0.7}, beta: []float64{1.5, -0.3, 0.8}})
	cs = append(cs, fdCase{name: "weights-nil-beta", W: randn(3, 3, 1, rng), V: eye(3), alpha: []float64{1, 2, 3}})
	// Near-parallel and near-antiparallel student pairs, and a student near a teacher.
	W := randn(4, 5, 1, rng)
	V := eye(5)
	for j := 0; j < 5; j++ {
		W.Set(1, j, 2*W.At(0, j)+1e-3*rng.NormFloat64())
		W.Set(2, j, -0.5*W.At(0, j)+1e-3*rng.NormFloat64())
	}
	W.Set(3, 0, 0.7)
	for j := 1; j < 5; j++ {
		W.Set(3, j, 1e-3*rng.NormFloat64())
	}
	cs = append(cs, fdCase{name: "near-degenerate", W: W, V: V})
	// Tiny and large norms.
	W = randn(3, 4, 1, rng)
	W.Scale(1, W)
	for j := 0; j < 4; j++ {
		W.Set(0, j, 1e-4*W.At(0, j))
		W.Set(2, j, 30*W.At(2, j))
	}
	cs = append(cs, fdCase{name: "scales", W: W, V: randn(2, 4, 1, rng)})
	// Large enough for the BLAS products of the reference path and of the
	// Hessian (k(k+m)d ≥ 4096; on CPUs with AVX-512 loss and gradient go by
	// the fused kernels at every size, and TestFusedPath compares them with
	// the reference path up to the sizes shared among goroutines).
	cs = append(cs, fdCase{name: "large", W: randn(64, 4, 1, rng), V: randn(64, 4, 1, rng)})
	return cs
}

func problemOf(t testing.TB, c fdCase) *landscape.Problem {
	p, err := landscape.NewProblem(c.V, c.alpha, c.beta)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func flatLoss(p *landscape.Problem, k, d int) func([]float64) float64 {
	return func(x []float64) float64 {
		f, err := p.Loss(mat.NewDense(k, d, x))
		if err != nil {
			panic(err)
		}
		return f
	}
}

func TestGradientFD(t *testing.T) {
	t.Parallel()
	for _, c := range fdCases() {
		p := problemOf(t, c)
		k, d := c.W.Dims()
		var g mat.Dense
		f, err := p.LossGrad(&g, c.W)
		if err != nil {
			t.Fatal(err)
		}
		f2, _ := p.Loss(c.W)
		if f != f2 {
			t.Errorf("%s: LossGrad loss %v != Loss %v", c.name, f, f2)
		}
		x := mat.Col(nil, 0, flatT(c.W))
		// Central differences with a step relative to the neuron's norm
		// (h = 1e-5·‖wᵢ‖): truncation O(h²·F''') ≈ 1e-10 and rounding
		// O(ε·F/h) ≈ 1e-11, relative to the entries' scale.
		want := make([]float64, len(x))
		lf := flatLoss(p, k, d)
		for j := range x {
			hj := 1e-5 * mat.Norm(c.W.RowView(j/d), 2)
			xp := append([]float64(nil), x...)
			xm := append([]float64(nil), x...)
			xp[j] += hj
			xm[j] -= hj
			want[j] = (lf(xp) - lf(xm)) / (2 * hj)
		}
		// fd.Gradient (fixed step) agrees at the unit-scale cases.
		if c.name == "random" {
			fdg := fd.Gradient(nil, lf, x, &fd.Settings{Formula: fd.Central, Step: 1e-5})
			if !floats.EqualApprox(fdg, want, 1e-8) {
				t.Errorf("%s: fd.Gradient %v differs from the relative-step differences %v", c.name, fdg, want)
			}
		}
		// Tolerance: 1e-8 of the gradient's scale, plus the rounding error of
		// the differences, a few ε·|F|/h (large where a tiny neuron forces a
		// tiny step next to a large one).
		scale := math.Max(1, floats.Norm(want, math.Inf(1)))
		for i, w := range want {
			got := g.RawMatrix().Data[i]
			h := 1e-5 * mat.Norm(c.W.RowView(i/d), 2)
			if math.Abs(got-w) > 1e-8*scale+8*eps*math.Abs(f)/h {
				t.Errorf("%s: ∂F/∂x[%d] = %.12g, finite differences %.12g", c.name, i, got, w)
			}
		}
		var g3 mat.Dense
		if err := p.Gradient(&g3, c.W); err != nil || !mat.Equal(&g, &g3) {
			t.Errorf("%s: Gradient differs from LossGrad (err %v)", c.name, err)
		}
	}
}

// flatT returns the row-major parameter vector of W as a column matrix.
func flatT(W *mat.Dense) *mat.Dense {
	k, d := W.Dims()
	x := make([]float64, 0, k*d)
	for i := 0; i < k; i++ {
		x = append(x, W.RawRowView(i)...)
	}
	return mat.NewDense(k*d, 1, x)
}

func TestHessianFD(t *testing.T) {
	t.Parallel()
	for _, c := range fdCases() {
		p := problemOf(t, c)
		k, d := c.W.Dims()
		var h mat.SymDense
		if err := p.Hessian(&h, c.W); err != nil {
			t.Fatal(err)
		}
		x := mat.Col(nil, 0, flatT(c.W))
		// Differentiate the analytic gradient (central differences, h = 1e-6:
		// truncation ≈ h²·F'''' ≈ 1e-12, rounding ≈ ε·‖∇F‖/h ≈ 1e-10), to the 1e-8
		// relative to the Hessian's scale.
		grad := func(y []float64) []float64 {
			var g mat.Dense
			if err := p.Gradient(&g, mat.NewDense(k, d, y)); err != nil {
				panic(err)
			}
			return append([]float64(nil), g.RawMatrix().Data...)
		}
		n := k * d
		step := 1e-6
		var maxAbs float64
		for i := 0; i < n; i++ {
			for j := 0; j < n; j++ {
				maxAbs = math.Max(maxAbs, math.Abs(h.At(i, j)))
			}
		}
		for j := 0; j < n; j++ {
			xp := append([]float64(nil), x...)
			xm := append([]float64(nil), x...)
			hj := step * mat.Norm(c.W.RowView(j/d), 2)
			xp[j] += hj
			xm[j] -= hj
			gp, gm := grad(xp), grad(xm)
			for i := 0; i < n; i++ {
				want := (gp[i] - gm[i]) / (2 * hj)
				if math.Abs(h.At(i, j)-want) > 1e-8*math.Max(1, maxAbs) {
					t.Errorf("%s: H[%d,%d] = %.12g, finite differences %.12g", c.name, i, j, h.At(i, j), want)
				}
			}
		}
		// Second differences of the loss itself, h = 1e-4·‖wᵢ‖: truncation
		// h²·F'''' ≈ 1e-8 and rounding ε·F/h² ≈ 1e-8, so 1e-6 of the scale.
		// Only at the unit-scale random points: near a degenerate pair at angle
		// 1e-3, F'''' ~ 1/θ² makes the truncation error of these larger steps
		// dominate (the gradient differences above cover those cases).
		if n <= 20 && (c.name == "random" || c.name == "weights") {
			lf := flatLoss(p, k, d)
			at := func(i, j int, si, sj float64, hi, hj float64) float64 {
				y := append([]float64(nil), x...)
				y[i] += si * hi
				y[j] += sj * hj
				return lf(y)
			}
			for i := 0; i < n; i++ {
				for j := i; j < n; j++ {
					hi := 1e-4 * mat.Norm(c.W.RowView(i/d), 2)
					hj := 1e-4 * mat.Norm(c.W.RowView(j/d), 2)
					want := (at(i, j, 1, 1, hi, hj) - at(i, j, 1, -1, hi, hj) - at(i, j, -1, 1, hi, hj) + at(i, j, -1, -1, hi, hj)) / (4 * hi * hj)
					if math.Abs(h.At(i, j)-want) > 1e-6*math.Max(1, maxAbs) {
						t.Errorf("%s: H[%d,%d] = %.10g, second differences of F %.10g", c.name, i, j, h.At(i, j), want)
					}
				}
			}
		}
		// gonum's fd.Jacobian of the analytic gradient (central, fixed step
		// 1e-6) at the unit-scale points: the same error budget as above.
		if c.name == "random" || c.name == "weights" {
			jac := mat.NewDense(n, n, nil)
			fd.Jacobian(jac, func(y, z []float64) { copy(y, grad(z)) }, x,
				&fd.JacobianSettings{Formula: fd.Central, Step: 1e-6})
			for i := 0; i < n; i++ {
				for j := 0; j < n; j++ {
					if math.Abs(h.At(i, j)-jac.At(i, j)) > 1e-8*math.Max(1, maxAbs) {
						t.Errorf("%s: H[%d,%d] = %.12g, fd.Jacobian %.12g", c.name, i, j, h.At(i, j), jac.At(i, j))
					}
				}
			}
		}
		// HessVec against the dense Hessian.
		rng := rand.New(rand.NewPCG(3, 4))
		for trial := 0; trial < 3; trial++ {
			v := randVec(n, rng)
			got := make([]float64, n)
			if err := p.HessVec(got, c.W, v); err != nil {
				t.Fatal(err)
			}
			want := mat.NewVecDense(n, nil)
			want.MulVec(&h, mat.NewVecDense(n, v))
			// Both sums are exact up to O(n·ε) rounding of entries of size maxAbs.
			for i := range got {
				if math.Abs(got[i]-want.AtVec(i)) > 1e-12*float64(n)*math.Max(1, maxAbs)*floats.Norm(v, math.Inf(1)) {
					t.Errorf("%s: HessVec[%d] = %.15g, H·x = %.15g", c.name, i, got[i], want.AtVec(i))
				}
			}
		}
	}
}

func TestContractFunctions(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(5, 6))
	W, V := randn(4, 3, 1, rng), randn(2, 3, 1, rng)
	p, _ := landscape.NewProblem(V, nil, nil)
	f, _ := p.Loss(W)
	if got := landscape.Loss(W, V); got != f {
		t.Errorf("Loss = %v, Problem.Loss = %v", got, f)
	}
	var g1, g2 mat.Dense
	landscape.Gradient(&g1, W, V)
	if got := landscape.LossGrad(&g2, W, V); got != f || !mat.Equal(&g1, &g2) {
		t.Errorf("LossGrad disagrees with Loss/Gradient")
	}
	var h mat.SymDense
	landscape.Hessian(&h, W, V)
	x := randVec(12, rng)
	y := make([]float64, 12)
	landscape.HessVec(y, W, V, x)
	want := mat.NewVecDense(12, nil)
	want.MulVec(&h, mat.NewVecDense(12, x))
	if !floats.EqualApprox(y, want.RawVector().Data, 1e-12) {
		t.Errorf("HessVec disagrees with Hessian")
	}
	// A general mat.Matrix (not *mat.Dense) gives the same result.
	if got := landscape.Loss(W.T().T(), V.T().T()); got != f {
		t.Errorf("Loss of a transposed view = %v, want %v", got, f)
	}
}

func TestZeroNeuron(t *testing.T) {
	t.Parallel()
	W := mat.NewDense(3, 2, []float64{1, 0, 0, 0, 0.5, 0.5})
	p, _ := landscape.NewProblem(eye(2), nil, nil)
	_, err := p.Loss(W)
	var zn *landscape.ZeroNeuronError
	if !errors.Is(err, landscape.ErrZeroNeuron) || !errors.As(err, &zn) || zn.Row != 1 {
		t.Fatalf("Loss at a zero neuron: err = %v, want ZeroNeuronError{Row: 1}", err)
	}
	defer func() {
		r := recover()
		if r == nil {
			t.Fatal("Gradient did not panic at a zero neuron")
		}
		if s, ok := r.(string); !ok || s != err.Error() {
			t.Errorf("panic value %v", r)
		}
	}()
	landscape.Gradient(&mat.Dense{}, W, eye(2))
}

func TestNotFinite(t *testing.T) {
	t.Parallel()
	W := mat.NewDense(2, 2, []float64{1, math.NaN(), 0, 1})
	p, _ := landscape.NewProblem(eye(2), nil, nil)
	if _, err := p.Loss(W); !errors.Is(err, landscape.ErrNotFinite) {
		t.Errorf("NaN in W: err = %v", err)
	}
	if _, err := landscape.NewProblem(mat.NewDense(1, 2, []float64{math.Inf(1), 0}), nil, nil); !errors.Is(err, landscape.ErrNotFinite) {
		t.Errorf("Inf in V: err = %v", err)
	}
	// Output weights: the first non-finite one is reported, alpha before
	// beta, the same on every run.
	for range 10 {
		_, err := landscape.NewProblem(eye(2), []float64{1, math.Inf(-1)}, []float64{math.NaN(), 1})
		var nf *landscape.NotFiniteError
		if !errors.As(err, &nf) || nf.What != "alpha" || nf.Row != 1 {
			t.Fatalf("NaN in alpha and beta: err = %v, want alpha at row 1", err)
		}
	}
	if _, err := landscape.NewProblem(eye(2), nil, []float64{1, math.NaN()}); !errors.Is(err, landscape.ErrNotFinite) {
		t.Errorf("NaN in beta: err = %v", err)
	}
	x := []float64{0, 0, math.NaN(), 0}
	if err := p.HessVec(make([]float64, 4), eye(2), x); !errors.Is(err, landscape.ErrNotFinite) {
		t.Errorf("NaN in x: err = %v", err)
	}
}

// TestGlobalMinimumSpectrum checks the exact Hessian at W = V = I_d
// (REFERENCE.md §1): F = 0, ∇F = 0, blocks H_ii = ½I, H_ij = ¼I + (eᵢeⱼᵀ + eⱼeᵢᵀ)/(2π),
// and the full spectrum with multiplicities.
func TestGlobalMinimumSpectrum(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		d    int
		spec [][2]float64 // value, multiplicity (REFERENCE.md, 6 digits)
	}{
		{6, [][2]float64{{0.090845, 15}, {0.287081, 5}, {0.409155, 9}, {0.889663, 1}, {1.712919, 5}, {2.065267, 1}}},
		{20, [][2]float64{{0.090845, 190}, {0.260873, 19}, {0.409155, 170}, {2.979206, 1}, {5.239127, 19}, {5.703893, 1}}},
	} {
		d := tc.d
		I := eye(d)
		if f := landscape.Loss(I, I); f != 0 {
			t.Errorf("d=%d: F(I) = %g, want 0", d, f)
		}
		var g mat.Dense
		landscape.Gradient(&g, I, I)
		if n := mat.Norm(&g, math.Inf(1)); n > 1e-15 {
			t.Errorf("d=%d: ‖∇F(I)‖ = %g", d, n)
		}
		var h mat.SymDense
		landscape.Hessian(&h, I, I)
		for i := 0; i < d; i++ {
			for j := 0; j < d; j++ {
				for a := 0; a < d; a++ {
					for b := 0; b < d; b++ {
						var want float64
						if i == j {
							if a == b {
								want = 0.5
							}
						} else {
							if a == b {
								want = 0.25
							}
							if (a == i && b == j) || (a == j && b == i) {
								want += 1 / (2 * math.Pi)
							}
						}
						if got := h.At(i*d+a, j*d+b); math.Abs(got-want) > 1e-15 {
							t.Fatalf("d=%d: H[(%d,%d),(%d,%d)] = %.17g, want %.17g", d, i, a, j, b, got, want)
						}
					}
				}
			}
		}
		var es mat.EigenSym
		if !es.Factorize(&h, false) {
			t.Fatal("eigen decomposition failed")
		}
		vals := es.Values(nil)
		pos := 0
		for _, vm := range tc.spec {
			for r := 0; r < int(vm[1]); r++ {
				// REFERENCE.md gives 6 decimals.
				if math.Abs(vals[pos]-vm[0]) > 1e-6 {
					t.Errorf("d=%d: eigenvalue %d = %.9f, want %.6f", d, pos, vals[pos], vm[0])
				}
				pos++
			}
		}
		// λ_min = 1/4 − 1/(2π) exactly.
		if want := 0.25 - 1/(2*math.Pi); math.Abs(vals[0]-want) > 1e-12 {
			t.Errorf("d=%d: λ_min = %.15g, want %.15g", d, vals[0], want)
		}
	}
}

// TestDegenerateLimits checks the Hessian at exactly parallel and
// antiparallel students: the off-diagonal blocks take the limits ½I and 0,
// the diagonal blocks drop the h1 terms of those pairs, and the values are
// the limits of the Hessian at angles θ → 0, π (continuity to O(θ)).
func TestDegenerateLimits(t *testing.T) {
	t.Parallel()
	d := 4
	V := eye(d)
	w := []float64{0.6, -0.3, 0.5, 0.2}
	build := func(theta float64) *mat.Dense {
		// Rows: w, 2·R(θ)w (near parallel), −½·R(θ)w (near antiparallel),
		// with R(θ) a rotation in the plane of w and e₄.
		W := mat.NewDense(3, d, nil)
		u := mat.NewVecDense(d, append([]float64(nil), w...))
		nu := mat.Norm(u, 2)
		u.ScaleVec(1/nu, u)
		e := mat.NewVecDense(d, []float64{0, 0, 0, 1})
		var ep mat.VecDense // e ⊥ u
		ep.AddScaledVec(e, -mat.Dot(e, u), u)
		ep.ScaleVec(1/mat.Norm(&ep, 2), &ep)
		var r mat.VecDense
		r.AddScaledVec(scaledVec(math.Cos(theta)*nu, u), math.Sin(theta)*nu, &ep)
		for j := 0; j < d; j++ {
			W.Set(0, j, w[j])
			W.Set(1, j, 2*r.AtVec(j))
			W.Set(2, j, -0.5*r.AtVec(j))
		}
		return W
	}
	var h0 mat.SymDense
	landscape.Hessian(&h0, build(0), V)
	for a := 0; a < d; a++ {
		for b := 0; b < d; b++ {
			var half float64
			if a == b {
				half = 0.5
			}
			if got := h0.At(a, d+b); got != half {
				t.Errorf("parallel block H_01[%d,%d] = %g, want %g", a, b, got, half)
			}
			if got := h0.At(a, 2*d+b); got != 0 {
				t.Errorf("antiparallel block H_02[%d,%d] = %g, want 0", a, b, got)
			}
		}
	}
	// Continuity: at θ = 1e-5 (above DegenerateAngle) the blocks involving
	// the rotated neurons differ from the limits by O(θ).
	var h1 mat.SymDense
	landscape.Hessian(&h1, build(1e-5), V)
	n := 3 * d
	for i := 0; i < n; i++ {
		for j := i; j < n; j++ {
			if diff := math.Abs(h1.At(i, j) - h0.At(i, j)); diff > 1e-4 {
				t.Errorf("H[%d,%d]: %.10g at θ = 1e-5, limit %.10g", i, j, h1.At(i, j), h0.At(i, j))
			}
		}
	}
}

func scaledVec(f float64, v mat.Vector) *mat.VecDense {
	var r mat.VecDense
	r.ScaleVec(f, v)
	return &r
}

// TestGOMAXPROCSIndependence checks that loss, gradient, Hessian-vector
// product and Hessian are bit-for-bit the same on one and on several
// threads (the elementwise passes are split by rows, the BLAS products do not
// depend on GOMAXPROCS), and loss and gradient at a size the fused path
// shares among goroutines. Not parallel: it changes GOMAXPROCS.
func TestGOMAXPROCSIndependence(t *testing.T) {
	rng := rand.New(rand.NewPCG(51, 52))
	W, V := randn(70, 12, 1, rng), randn(60, 12, 1, rng)
	x := randVec(70*12, rng)
	eval := func() (float64, *mat.Dense, []float64, *mat.SymDense) {
		p, _ := landscape.NewProblem(V, nil, nil)
		ws := landscape.NewWorkspace(p, 70)
		var g mat.Dense
		f, err := ws.LossGrad(&g, W)
		if err != nil {
			t.Fatal(err)
		}
		y := make([]float64, len(x))
		if err := ws.HessVec(y, W, x); err != nil {
			t.Fatal(err)
		}
		var h mat.SymDense
		if err := ws.Hessian(&h, W); err != nil {
			t.Fatal(err)
		}
		return f, &g, y, &h
	}
	// A size from which the fused path (CPUs with AVX-512) shares loss and
	// gradient among goroutines, k(k+m)d ≥ 2¹⁹, from a Workspace's second
	// call on (its first runs on one thread); the same bits on every call.
	Wb, Vb := randn(61, 90, 1, rng), randn(40, 90, 1, rng)
	evalBig := func() (float64, *mat.Dense) {
		p, _ := landscape.NewProblem(Vb, nil, nil)
		ws := landscape.NewWorkspace(p, 61)
		var f0 float64
		var g0 mat.Dense
		for i := range 4 {
			var g mat.Dense
			f, err := ws.LossGrad(&g, Wb)
			if err != nil {
				t.Fatal(err)
			}
			if i == 0 {
				f0, g0 = f, g
			} else if f != f0 || !mat.Equal(&g, &g0) {
				t.Errorf("k=61: call %d differs from the first", i)
			}
		}
		return f0, &g0
	}
	old := runtime.GOMAXPROCS(1)
	f1, g1, y1, h1 := eval()
	fb1, gb1 := evalBig()
	runtime.GOMAXPROCS(4)
	f4, g4, y4, h4 := eval()
	fb4, gb4 := evalBig()
	runtime.GOMAXPROCS(old)
	if f1 != f4 || !mat.Equal(g1, g4) || !slices.Equal(y1, y4) || !mat.Equal(h1, h4) {
		t.Errorf("results depend on GOMAXPROCS (loss %v vs %v)", f1, f4)
	}
	if fb1 != fb4 || !mat.Equal(gb1, gb4) {
		t.Errorf("k=61: loss and gradient depend on GOMAXPROCS (loss %v vs %v)", fb1, fb4)
	}
}
