// Copyright ©2026 The relulab Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package landscape

import (
	"context"
	"math"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/relulab/relulab/linalg"
)

// famD7 returns Safran–Shamir's spurious minimum at d = 7 (REFERENCE.md),
// Newton-polished on its fixed-point subspace.
func famD7(t testing.TB) *mat.Dense {
	fs := Family{Tail: []int{1}}.Space(7)
	// Block 1 = neurons 2…7 (D, E, b), block 2 = neuron 1 (a, c).
	u0 := []float64{0.9969227988, -0.0350801559, 0.2616910758, -0.6327039049, 0.1859910463}
	u, _, err := fs.Newton(u0, nil)
	if err != nil {
		t.Fatal(err)
	}
	return fs.Matrix(u)
}

func TestSplitNeuronStaysCritical(t *testing.T) {
	W := famD7(t)
	V := famEye(7)
	f0 := Loss(W, V)
	for _, c := range []struct {
		i int
		t float64
	}{{0, 0.5}, {6, 0.5}, {6, 0.3}, {2, 0.9}} {
		Ws := SplitNeuron(W, c.i, c.t)
		// Same network: the loss agrees to rounding of O(d²) kernel terms.
		if f := Loss(Ws, V); math.Abs(f-f0) > 1e-13 {
			t.Errorf("split %v: loss %v, want %v", c, f, f0)
		}
		var G mat.Dense
		Gradient(&G, Ws, V)
		// W is polished to ‖∇F‖ < 1e-13 on the reduced equations; the split
		// point inherits it (each half's gradient is its parent's).
		if n := mat.Norm(&G, 2); n > 1e-12 {
			t.Errorf("split %v: ‖∇F‖ = %v", c, n)
		}
	}
	// A duplicated neuron changes the network: not critical.
	Wd := AddNeuron(W, mat.Row(nil, 6, W))
	var G mat.Dense
	Gradient(&G, Wd, V)
	if n := mat.Norm(&G, 2); n < 1e-3 {
		t.Errorf("duplicate: ‖∇F‖ = %v, expected far from critical", n)
	}
}

// TestSplitHalfCurvature checks REFERENCE.md's statement: at t = ½ the
// Hessian of the split point restricted to the directions (u, −u) of the
// two halves is 2(H_ii − ½I).
func TestSplitHalfCurvature(t *testing.T) {
	W := famD7(t)
	V := famEye(7)
	d := 7
	var H mat.SymDense
	Hessian(&H, W, V)
	for _, i := range []int{0, 6} {
		Ws := SplitNeuron(W, i, 0.5)
		var Hs mat.SymDense
		Hessian(&Hs, Ws, V)
		k := 7
		B := mat.NewSymDense(d, nil)
		A := mat.NewSymDense(d, nil)
		for a := range d {
			for b := a; b < d; b++ {
				// ½(u,−u)ᵀH'(u,−u) for unit-normalized (u,−u)/√2.
				v := (Hs.At(i*d+a, i*d+b) + Hs.At(k*d+a, k*d+b) - Hs.At(i*d+a, k*d+b) - Hs.At(k*d+a, i*d+b)) / 2
				B.SetSym(a, b, v)
				w := H.At(i*d+a, i*d+b)
				if a == b {
					w -= 0.5
				}
				A.SetSym(a, b, 2*w)
			}
		}
		eb, _ := linalg.EigenSym(B, false)
		ea, _ := linalg.EigenSym(A, false)
		for j := range d {
			// Both from the same closed forms; 1e-12 is rounding of O(d) terms.
			if math.Abs(eb.Values[j]-ea.Values[j]) > 1e-12 {
				t.Errorf("neuron %d: eigenvalue %d of the (u,−u) block %v, 2λ(H_ii−½I) %v", i, j, eb.Values[j], ea.Values[j])
			}
		}
		hc, err := SplitCurvature(W, V)
		if err != nil {
			t.Fatal(err)
		}
		if math.Abs(2*hc[i]-ea.Values[0]) > 1e-12 {
			t.Errorf("SplitCurvature[%d] = %v, want %v", i, hc[i], ea.Values[0]/2)
		}
	}
}

func TestAnnihilateD7(t *testing.T) {
	W := famD7(t)
	V := famEye(7)
	ctx := context.Background()
	an0, err := Annihilate(ctx, W, V, 0, nil)
	if err != nil {
		t.Fatal(err)
	}
	if an0.Class.Verdict != SpuriousMinimum {
		t.Fatalf("d = 7 point: verdict %v, want spurious minimum", an0.Class.Verdict)
	}
	an, err := Annihilate(ctx, W, V, 1, &AnnihilationSettings{MaxIter: 20000})
	if err != nil {
		t.Fatal(err)
	}
	c := an.Certificate
	if c == nil {
		t.Fatal("no certificate for ℓ = 1")
	}
	if !(c.Value < 0) || !c.Interlace.OK || !(c.Decrease < 0) {
		t.Errorf("certificate: λ_min(B) = %v, interlacing %v, ΔF = %v", c.Value, c.Interlace.OK, c.Decrease)
	}
	// Interlacing: λ_min(H') ≤ λ_min(B); at t = ½ λ_min(B) ≤ 2λ_min(H_ii − ½I).
	if an.Class.MinEig > c.Value+1e-12 || c.Value > 2*c.HalfCurvature+1e-12 {
		t.Errorf("λ_min(H') = %v, λ_min(B) = %v, 2λ_min(H_ii−½I) = %v", an.Class.MinEig, c.Value, 2*c.HalfCurvature)
	}
	// Second order: ΔF = ½ε²λ + O(ε³); the cubic term of F along a unit
	// direction is bounded by ‖∇³F‖ε³ ≲ ε³, so allow ε³.
	if pred := 0.5 * c.Step * c.Step * c.Value; math.Abs(c.Decrease-pred) > c.Step*c.Step*c.Step {
		t.Errorf("ΔF = %v, second-order prediction %v at ε = %v", c.Decrease, pred, c.Step)
	}
	if an.Landing == nil || an.Landing.Loss >= an.Class.Loss {
		t.Errorf("descent from the split point did not lower the loss: %+v", an.Landing)
	}
}

func TestZeroNeuronSlope(t *testing.T) {
	W := famD7(t)
	V := famEye(7)
	s, u := ZeroNeuronSlope(W, V)
	f0 := Loss(W, V)
	// One-sided difference along εu: F(W, εu) = F + εs(u) + O(ε²).
	eps := 1e-6
	fe := Loss(AddNeuron(W, scaleVec(eps, u)), V)
	// The O(ε²) term is ½ε²‖u‖²·(½ + …) ≲ ε²; rounding of F is 1e-16/ε.
	if got := (fe - f0) / eps; math.Abs(got-s) > 1e-6 {
		t.Errorf("slope %v, one-sided difference %v", s, got)
	}
	if s > 1e-12 {
		t.Errorf("minimal slope %v > 0: must be ≤ s(w̄ᵢ) = 0 at a critical point", s)
	}
}

func scaleVec(s float64, x []float64) []float64 {
	out := make([]float64, len(x))
	for i, v := range x {
		out[i] = s * v
	}
	return out
}
