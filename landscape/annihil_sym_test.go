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

func TestHalfCurvaturesAgainstDense(t *testing.T) {
	rnd := rand.New(rand.NewPCG(11, 12))
	for _, sz := range [][]float64{{6, 1}, {5, 2}, {4, 2, 1}, {6}, {3, 3}, {2, 1, 1}} {
		fs := NewFixedSpace(sz...)
		u := famRandomCoords(fs, rnd)
		W := fs.Matrix(u)
		d, _ := W.Dims()
		V := famEye(d)
		dense, err := SplitCurvature(W, V)
		if err != nil {
			t.Fatal(err)
		}
		hcs, err := fs.HalfCurvatures(u)
		if err != nil {
			t.Fatal(err)
		}
		var H mat.SymDense
		Hessian(&H, W, V)
		for _, hc := range hcs {
			// Same closed forms, reorganized: rounding of O(d) terms.
			if math.Abs(hc.Value-dense[hc.Neuron]) > 1e-12 {
				t.Errorf("%v block %d: λ_min(H_ii − ½I) = %v, dense %v", sz, hc.Block, hc.Value, dense[hc.Neuron])
			}
			// The eigenvector: ‖(H_ii − ½I)u − λu‖ ≈ 0, ‖u‖ = 1.
			i := hc.Neuron
			var res, nrm float64
			for a := range d {
				s := -hc.Value * hc.Vector[a]
				for b := range d {
					h := H.At(i*d+a, i*d+b)
					if a == b {
						h -= 0.5
					}
					s += h * hc.Vector[b]
				}
				res += s * s
				nrm += hc.Vector[a] * hc.Vector[a]
			}
			if math.Sqrt(res) > 1e-12 || math.Abs(nrm-1) > 1e-12 {
				t.Errorf("%v block %d (%s): residual %v, ‖u‖² = %v", sz, hc.Block, hc.Irrep, math.Sqrt(res), nrm)
			}
		}
	}
}
