// Copyright ©2026 The relulab Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package relu_test

import (
	"math"
	"testing"

	"gonum.org/v1/gonum/floats/scalar"
	"gonum.org/v1/gonum/mat"

	"github.com/relulab/relulab/relu"
)

// FuzzGramInf checks the closed form of H∞ on two arbitrary points: the
// entries are finite, H∞_ii = ‖x_i‖²/2, and |H∞_ij| ≤ ‖x_i‖‖x_j‖/2 (the
// indicator probability is at most ½), with H∞_ij ≥ 0 exactly when
// x_i·x_j ≥ 0.
func FuzzGramInf(f *testing.F) {
	f.Add(1.0, 0.0, 0.0, 1.0)
	f.Add(1.0, 2.0, 1.0, 2.0)
	f.Add(1.0, 2.0, -1.0, -2.0)
	f.Add(1e-200, 0.0, 3e200, 1.0)
	f.Add(0.0, 0.0, 1.0, 1.0)
	f.Fuzz(func(t *testing.T, a, b, c, d float64) {
		for _, v := range []float64{a, b, c, d} {
			if math.IsNaN(v) || math.Abs(v) > 1e150 {
				return // squares must not overflow
			}
		}
		X := mat.NewDense(2, 2, []float64{a, b, c, d})
		H := relu.GramInf(nil, X)
		n0, n1 := math.Hypot(a, b), math.Hypot(c, d)
		dot := a*c + b*d
		for i := 0; i < 2; i++ {
			for j := 0; j < 2; j++ {
				if v := H.At(i, j); math.IsNaN(v) || math.IsInf(v, 0) {
					t.Fatalf("H∞[%d,%d] = %v for %v", i, j, v, X.RawMatrix().Data)
				}
			}
		}
		// Rounding of the squared norms: a few ulps.
		if !scalar.EqualWithinAbsOrRel(H.At(0, 0), n0*n0/2, 1e-300, 1e-14) ||
			!scalar.EqualWithinAbsOrRel(H.At(1, 1), n1*n1/2, 1e-300, 1e-14) {
			t.Fatalf("diagonal %v, %v; want %v, %v", H.At(0, 0), H.At(1, 1), n0*n0/2, n1*n1/2)
		}
		h := H.At(0, 1)
		if math.Abs(h) > n0*n1/2*(1+1e-14) {
			t.Fatalf("|H∞_01| = %v > ‖x_0‖‖x_1‖/2 = %v", math.Abs(h), n0*n1/2)
		}
		// The sign is only defined when x_0·x_1 is clear of rounding
		// (two products and a sum: a few ulps of ‖x_0‖‖x_1‖).
		if math.Abs(dot) > 1e-14*n0*n1 && ((h < 0 && dot > 0) || (h > 0 && dot < 0)) {
			t.Fatalf("H∞_01 = %v has the wrong sign for x_0·x_1 = %v", h, dot)
		}
	})
}

// FuzzLoss checks the losses at arbitrary finite outputs: values and
// derivatives are never NaN, the margin losses are non-negative with
// |∂ℓ/∂f| ≤ 1 (logistic) and ∂ℓ/∂f = −y ℓ (exponential).
func FuzzLoss(f *testing.F) {
	f.Add(0.0, 1.0)
	f.Add(-800.0, 1.0)
	f.Add(800.0, -1.0)
	f.Add(1e-300, -1.0)
	f.Fuzz(func(t *testing.T, fv, y float64) {
		if math.IsNaN(fv) || math.IsInf(fv, 0) {
			return
		}
		if y >= 0 {
			y = 1
		} else {
			y = -1
		}
		v, dv := relu.Logistic{}.Eval(fv, y)
		if math.IsNaN(v) || math.IsNaN(dv) || v < 0 || math.Abs(dv) > 1 {
			t.Fatalf("logistic(%v, %v) = %v, %v", fv, y, v, dv)
		}
		v, dv = relu.Exponential{}.Eval(fv, y)
		if math.IsNaN(v) || math.IsNaN(dv) || v < 0 || dv != -y*v {
			t.Fatalf("exponential(%v, %v) = %v, %v", fv, y, v, dv)
		}
	})
}
