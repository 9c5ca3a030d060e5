// Copyright ©2026 The relulab Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package landscape

import (
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/mat"
)

// famSingletons returns the all-singleton pattern of a square W: the general
// d×d matrix, on which every pattern operation is the dense one.
func famSingletons(W mat.Matrix) famMat {
	d, _ := W.Dims()
	p := make([]float64, d)
	for i := range p {
		p[i] = 1
	}
	return famFill(p, func(a, b int, dg bool) float64 { return W.At(a, b) })
}

func TestFamPatternAgainstClosedForm(t *testing.T) {
	rnd := rand.New(rand.NewPCG(1, 2))
	for _, d := range []int{3, 5, 8} {
		W := mat.NewDense(d, d, nil)
		Z := mat.NewDense(d, d, nil)
		for i := range d {
			for j := range d {
				W.Set(i, j, rnd.NormFloat64()/math.Sqrt(float64(d)))
				Z.Set(i, j, rnd.NormFloat64())
			}
		}
		V := famEye(d)
		pw := famSingletons(W)
		// Tolerances: both sides sum O(d²) terms of size O(1); 1e-12 is
		// a few thousand ulps.
		if got, want := famLoss(pw), Loss(W, V); math.Abs(got-want) > 1e-12 {
			t.Errorf("d=%d: loss %v, closed form %v", d, got, want)
		}
		g, z := famGeometry(pw)
		if z >= 0 {
			t.Fatal("zero neuron")
		}
		var gw mat.Dense
		Gradient(&gw, W, V)
		if !mat.EqualApprox(famDense(famGrad(&g)), &gw, 1e-12) {
			t.Errorf("d=%d: gradient differs", d)
		}
		hv := make([]float64, d*d)
		HessVec(hv, W, V, mat.DenseCopyOf(Z).RawMatrix().Data)
		got := famDense(famHessVec(&g, famSingletons(Z)))
		if !mat.EqualApprox(got, mat.NewDense(d, d, hv), 1e-11) {
			t.Errorf("d=%d: HVP differs\n%v\n%v", d, mat.Formatted(got), mat.Formatted(mat.NewDense(d, d, hv)))
		}
	}
}

func famEye(d int) *mat.Dense {
	m := mat.NewDense(d, d, nil)
	for i := range d {
		m.Set(i, i, 1)
	}
	return m
}
