// Copyright ©2026 The relulab Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package landscape_test

import (
	"errors"
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/mat"

	"github.com/relulab/relulab/landscape"
)

// fuzzPoint builds a student W (k×d) and teacher V from fuzz input, with a
// degenerate geometry chosen by mode: random, parallel, antiparallel, a tiny
// or huge neuron, a perturbed copy of a neuron at distance eps, or students
// equal to teachers.
func fuzzPoint(seed uint64, mode uint8, eps float64, kd uint8) (W, V *mat.Dense) {
	rng := rand.New(rand.NewPCG(seed, uint64(mode)))
	k := 1 + int(kd%4)
	d := 1 + int(kd/4%4)
	m := 1 + int(kd/16%3)
	W = randn(k, d, 1, rng)
	V = randn(m, d, 1, rng)
	if math.IsNaN(eps) || math.IsInf(eps, 0) {
		eps = 1e-9
	}
	eps = math.Mod(math.Abs(eps), 1)
	last := k - 1
	switch mode % 7 {
	case 1: // parallel
		for j := 0; j < d; j++ {
			W.Set(last, j, (1+3*eps)*W.At(0, j))
		}
	case 2: // antiparallel
		for j := 0; j < d; j++ {
			W.Set(last, j, -(0.5+eps)*W.At(0, j))
		}
	case 3: // tiny neuron
		s := math.Pow(10, -300*eps)
		for j := 0; j < d; j++ {
			W.Set(0, j, s*W.At(0, j))
		}
	case 4: // near copy at distance eps
		for j := 0; j < d; j++ {
			W.Set(last, j, W.At(0, j)+eps*eps*rng.NormFloat64())
		}
	case 5: // students equal to teachers
		for i := 0; i < k && i < m; i++ {
			for j := 0; j < d; j++ {
				W.Set(i, j, V.At(i, j))
			}
		}
	case 6: // large neuron
		s := math.Pow(10, 100*eps)
		for j := 0; j < d; j++ {
			W.Set(0, j, s*W.At(0, j))
		}
	}
	return W, V
}

func addFuzzSeeds(f *testing.F) {
	for mode := uint8(0); mode < 7; mode++ {
		for _, eps := range []float64{0, 1e-17, 1e-9, 1e-7, 1e-3, 0.5} {
			f.Add(uint64(mode)+1, mode, eps, uint8(5*mode+17))
		}
	}
}

// checkAll evaluates everything at (W, V) and reports NaN, asymmetry and
// inconsistency. Errors must be ErrZeroNeuron or ErrNotFinite (overflow).
func checkAll(t *testing.T, W, V *mat.Dense) {
	p, err := landscape.NewProblem(V, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	k, d := W.Dims()
	ws := landscape.NewWorkspace(p, k)
	var g mat.Dense
	f, err := ws.LossGrad(&g, W)
	if err != nil {
		if !errors.Is(err, landscape.ErrZeroNeuron) && !errors.Is(err, landscape.ErrNotFinite) {
			t.Fatalf("unexpected error %v", err)
		}
		return
	}
	if math.IsNaN(f) || math.IsInf(f, 0) {
		t.Fatalf("F = %v", f)
	}
	// F ≥ 0 up to the rounding of its cancelling sums, a few ε·Σ‖wᵢ‖‖wⱼ‖.
	var scale float64
	for i := 0; i < k; i++ {
		scale += mat.Norm(W.RowView(i), 2)
	}
	for i := 0; i < V.RawMatrix().Rows; i++ {
		scale += mat.Norm(V.RowView(i), 2)
	}
	if f < -64*eps*scale*scale {
		t.Fatalf("F = %g < 0", f)
	}
	for _, v := range g.RawMatrix().Data {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			t.Fatalf("gradient %v", g.RawMatrix().Data)
		}
	}
	n := k * d
	var h mat.SymDense
	if err := ws.Hessian(&h, W); err != nil {
		if errors.Is(err, landscape.ErrNotFinite) {
			return
		}
		t.Fatal(err)
	}
	var hmax float64
	for i := 0; i < n; i++ {
		for j := i; j < n; j++ {
			v := h.At(i, j)
			if math.IsNaN(v) || math.IsInf(v, 0) {
				t.Fatalf("H[%d,%d] = %v", i, j, v)
			}
			hmax = math.Max(hmax, math.Abs(v))
		}
	}
	// The operator x ↦ Hx of HessVec must be symmetric, xᵀ(Hy) = yᵀ(Hx), and
	// agree with the stored Hessian, up to n·ε·‖H‖·‖x‖‖y‖ rounding plus the
	// ε/θ error of the unit vectors n̄ of a pair at angle θ, at most
	// ε/DegenerateAngle ≈ 1e-10 relative (times 10 for the sums).
	rel := 64*float64(n)*eps + 10*eps/landscape.DegenerateAngle
	rng := rand.New(rand.NewPCG(1, 2))
	x, y := randVec(n, rng), randVec(n, rng)
	hx, hy := make([]float64, n), make([]float64, n)
	if err := ws.HessVec(hx, W, x); err != nil {
		t.Fatal(err)
	}
	if err := ws.HessVec(hy, W, y); err != nil {
		t.Fatal(err)
	}
	tol := rel * hmax * floats.Norm(x, 2) * floats.Norm(y, 2)
	if a, b := floats.Dot(x, hy), floats.Dot(y, hx); math.Abs(a-b) > tol {
		t.Fatalf("xᵀHy = %.17g, yᵀHx = %.17g", a, b)
	}
	want := mat.NewVecDense(n, nil)
	want.MulVec(&h, mat.NewVecDense(n, x))
	for i, v := range hx {
		if math.Abs(v-want.AtVec(i)) > rel*hmax*floats.Norm(x, 1) {
			t.Fatalf("HessVec[%d] = %.17g, H·x = %.17g", i, v, want.AtVec(i))
		}
	}
}

func FuzzLoss(f *testing.F) {
	addFuzzSeeds(f)
	f.Fuzz(func(t *testing.T, seed uint64, mode uint8, eps float64, kd uint8) {
		W, V := fuzzPoint(seed, mode, eps, kd)
		p, err := landscape.NewProblem(V, nil, nil)
		if err != nil {
			t.Fatal(err)
		}
		v, err := p.Loss(W)
		if err == nil && (math.IsNaN(v) || math.IsInf(v, 0)) {
			t.Fatalf("F = %v without error", v)
		}
		if err != nil && !errors.Is(err, landscape.ErrZeroNeuron) && !errors.Is(err, landscape.ErrNotFinite) {
			t.Fatalf("unexpected error %v", err)
		}
		checkAll(t, W, V)
	})
}

func FuzzGradient(f *testing.F) {
	addFuzzSeeds(f)
	f.Fuzz(func(t *testing.T, seed uint64, mode uint8, eps float64, kd uint8) {
		W, V := fuzzPoint(seed, mode, eps, kd)
		p, err := landscape.NewProblem(V, nil, nil)
		if err != nil {
			t.Fatal(err)
		}
		k, d := W.Dims()
		var g mat.Dense
		if err := p.Gradient(&g, W); err != nil {
			if !errors.Is(err, landscape.ErrZeroNeuron) && !errors.Is(err, landscape.ErrNotFinite) {
				t.Fatalf("unexpected error %v", err)
			}
			return
		}
		// Euler's relation: F = F_ww + F_wv + F_vv with F_ww = ½Σαα f(wᵢ,wⱼ)
		// homogeneous of degree 2 in W, F_wv = −Σαβ f(wᵢ,vⱼ) of degree 1 and
		// F_vv constant, so ⟨∇F, W⟩ = 2F_ww + F_wv.
		fw, err := p.Loss(W)
		if err != nil {
			return
		}
		// F_ww is the loss against a zero teacher; F_wv = F − F_ww − F_vv.
		zero := mat.NewDense(1, d, nil)
		pz, _ := landscape.NewProblem(zero, nil, nil)
		fww, err := pz.Loss(W)
		if err != nil {
			return
		}
		fvv := landscape.Loss(V, mat.NewDense(1, d, nil))
		fwv := fw - fww - fvv
		var inner float64
		for i := 0; i < k; i++ {
			inner += floats.Dot(g.RawRowView(i), W.RawRowView(i))
		}
		want := 2*fww + fwv
		scale := math.Abs(fww) + math.Abs(fwv) + math.Abs(fvv) + 1e-300
		if math.Abs(inner-want) > 1e-10*scale {
			t.Fatalf("⟨∇F, W⟩ = %.17g, 2F_ww + F_wv = %.17g", inner, want)
		}
		checkAll(t, W, V)
	})
}
