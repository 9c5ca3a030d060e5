// Copyright ©2026 The relulab Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package landscape_test

import (
	"math/rand/v2"
	"slices"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/relulab/relulab/landscape"
)

// permute returns P W Qᵀ: row i of W goes to row rp[i], column j to cp[j].
func permute(W mat.Matrix, rp, cp []int) *mat.Dense {
	k, d := W.Dims()
	out := mat.NewDense(k, d, nil)
	for i := 0; i < k; i++ {
		for j := 0; j < d; j++ {
			out.Set(rp[i], cp[j], W.At(i, j))
		}
	}
	return out
}

func TestIsotropySpurious7(t *testing.T) {
	t.Parallel()
	iso := landscape.IsotropyOf(spurious7(), 0)
	want := [][]int{{1, 2, 3, 4, 5, 6}, {0}}
	if !slices.EqualFunc(iso.NeuronOrbits, want, slices.Equal[[]int]) ||
		!slices.EqualFunc(iso.CoordOrbits, want, slices.Equal[[]int]) {
		t.Errorf("isotropy %+v, want neuron and coordinate orbits %v", iso, want)
	}
	if iso.Type() != "(6,1)" {
		t.Errorf("type %s", iso.Type())
	}
}

func TestCanonicalInvariance(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(31, 32))
	// Points with symmetry (the d = 7 minimum, a permuted identity with a
	// duplicated structure) and without (random), each permuted at random:
	// canonical forms must agree, and the isotropy type must not change.
	sym := mat.NewDense(5, 4, []float64{
		1, 0.2, 0.2, -0.1,
		0.2, 1, 0.2, -0.1,
		0.2, 0.2, 1, -0.1,
		0.5, 0.5, 0.5, 0.3,
		0.5, 0.5, 0.5, 0.3,
	})
	for _, W := range []*mat.Dense{spurious7(), sym, randn(5, 6, 1, rng), eye(6)} {
		c0, rp, cp := landscape.Canonical(W, 0)
		if !mat.Equal(c0, permute(W, rp, cp)) {
			t.Errorf("Canonical's permutations do not produce its form")
		}
		typ := landscape.IsotropyOf(W, 0).Type()
		k, d := W.Dims()
		for trial := 0; trial < 5; trial++ {
			P := permute(W, rng.Perm(k), rng.Perm(d))
			// Perturb by far less than the tolerance.
			for i := 0; i < k; i++ {
				for j := 0; j < d; j++ {
					P.Set(i, j, P.At(i, j)+1e-9*rng.NormFloat64())
				}
			}
			c, _, _ := landscape.Canonical(P, 0)
			if !mat.EqualApprox(c, c0, 1e-8) {
				t.Errorf("canonical forms differ:\n%v\n%v", mat.Formatted(c0), mat.Formatted(c))
			}
			if !landscape.SameOrbit(W, P, 0) {
				t.Errorf("SameOrbit false for a permuted copy")
			}
			if got := landscape.IsotropyOf(P, 0).Type(); got != typ {
				t.Errorf("type %s of a permuted copy, want %s", got, typ)
			}
		}
	}
	if got := landscape.IsotropyOf(sym, 0).Type(); got != "(3,2)" {
		t.Errorf("type of sym = %s, want (3,2)", got)
	}
	// A different point is not in the orbit.
	other := mat.DenseCopyOf(spurious7())
	other.Set(0, 0, other.At(0, 0)+1e-3)
	if landscape.SameOrbit(spurious7(), other, 0) {
		t.Error("SameOrbit true for different points")
	}
}

func TestOrbits(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(41, 42))
	a, b := spurious7(), eye(7)
	var pts []mat.Matrix
	var want []int // orbit of each point: 0 for a, 1 for b
	for i := 0; i < 12; i++ {
		src, o := a, 0
		if rng.IntN(3) == 0 {
			src, o = b, 1
		}
		pts = append(pts, permute(src, rng.Perm(7), rng.Perm(7)))
		want = append(want, o)
	}
	orbits := landscape.Orbits(pts, 0)
	if len(orbits) != 2 {
		t.Fatalf("%d orbits, want 2", len(orbits))
	}
	total := 0
	for _, o := range orbits {
		total += o.Count()
		for _, m := range o.Members {
			if want[m] != want[o.Members[0]] {
				t.Errorf("point %d merged into the wrong orbit", m)
			}
		}
		wantType := "(6,1)"
		if want[o.Members[0]] == 1 {
			wantType = "(7)"
		}
		if o.Type != wantType {
			t.Errorf("orbit type %s, want %s", o.Type, wantType)
		}
	}
	if total != len(pts) {
		t.Errorf("orbits hold %d points, want %d", total, len(pts))
	}
}
