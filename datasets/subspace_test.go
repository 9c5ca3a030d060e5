// Copyright ©2026 The relulab Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package datasets

import (
	"errors"
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/mat"
)

// orthoTol bounds rounding in a Householder QR of a d×d matrix with d ≤ 50:
// a few hundred ulps.
const orthoTol = 1e-12

func TestRandomSubspace(t *testing.T) {
	for _, tc := range []struct{ d, ell int }{{1, 0}, {1, 1}, {2, 1}, {10, 3}, {50, 49}, {20, 0}, {20, 20}} {
		s := RandomSubspace(tc.d, tc.ell, rand.New(rand.NewPCG(1, 2)))
		d, k := s.Dims()
		if d != tc.d || k != tc.d-tc.ell || s.Codim() != tc.ell {
			t.Fatalf("d=%d ell=%d: Dims = %d, %d", tc.d, tc.ell, d, k)
		}
		// [U V] must be orthogonal.
		q := mat.NewDense(d, d, nil)
		if s.Basis != nil {
			q.Slice(0, d, 0, k).(*mat.Dense).Copy(s.Basis)
		}
		if s.Complement != nil {
			q.Slice(0, d, k, d).(*mat.Dense).Copy(s.Complement)
		}
		var qtq mat.Dense
		qtq.Mul(q.T(), q)
		if !mat.EqualApprox(&qtq, eye(d), orthoTol) {
			t.Errorf("d=%d ell=%d: [U V] not orthogonal", tc.d, tc.ell)
		}
		// P + P⊥ = I and P P⊥ = 0 on random points.
		rnd := rand.New(rand.NewPCG(3, 4))
		X := mat.NewDense(5, d, nil)
		for i := 0; i < 5; i++ {
			for j := 0; j < d; j++ {
				X.Set(i, j, rnd.NormFloat64())
			}
		}
		p := s.Project(nil, X)
		pp := s.ProjectPerp(nil, X)
		var sum mat.Dense
		sum.Add(p, pp)
		if !mat.EqualApprox(&sum, X, orthoTol*float64(d)) {
			t.Errorf("d=%d ell=%d: P + P⊥ ≠ I", tc.d, tc.ell)
		}
		if z := s.ProjectPerp(nil, p); mat.Norm(z, 2) > orthoTol*float64(d)*mat.Norm(X, 2) {
			t.Errorf("d=%d ell=%d: P⊥ P ≠ 0", tc.d, tc.ell)
		}
	}
}

func TestRandomSubspaceDeterministic(t *testing.T) {
	a := RandomSubspace(8, 3, rand.New(rand.NewPCG(5, 5)))
	b := RandomSubspace(8, 3, rand.New(rand.NewPCG(5, 5)))
	if !mat.Equal(a.Basis, b.Basis) || !mat.Equal(a.Complement, b.Complement) {
		t.Error("same seed gave different subspaces")
	}
}

func TestSubspaceData(t *testing.T) {
	rnd := rand.New(rand.NewPCG(1, 1))
	s := RandomSubspace(30, 10, rnd)
	X := s.Gaussian(200, 2, rnd)
	if off := mat.Norm(s.ProjectPerp(nil, X), 2); off > 1e-12 {
		t.Errorf("Gaussian points leave P: ‖P⊥X‖ = %g", off)
	}
	// E‖x‖² = σ² = 4; the sample mean of 200 χ²₂₀·4/20 values has standard
	// deviation 4·√(2/20)/√200 ≈ 0.09: allow 5 standard deviations.
	var ms float64
	for i := 0; i < 200; i++ {
		r := X.RawRowView(i)
		for _, v := range r {
			ms += v * v
		}
	}
	if ms /= 200; math.Abs(ms-4) > 0.45 {
		t.Errorf("mean ‖x‖² = %v, want 4", ms)
	}
	Xc, y := s.Clusters(40, 4, 0.1, rnd)
	if off := mat.Norm(s.ProjectPerp(nil, Xc), 2); off > 1e-12 {
		t.Errorf("cluster points leave P: ‖P⊥X‖ = %g", off)
	}
	for i, v := range y {
		if want := 1 - 2*float64(i%4%2); v != want {
			t.Fatalf("cluster label %d = %v, want %v", i, v, want)
		}
	}
	yr := RandomLabels(1000, rnd)
	var pos int
	for _, v := range yr {
		if v != 1 && v != -1 {
			t.Fatalf("random label %v", v)
		}
		if v == 1 {
			pos++
		}
	}
	// Binomial(1000, 1/2): standard deviation ≈ 15.8; allow 5.
	if pos < 420 || pos > 580 {
		t.Errorf("%d of 1000 random labels positive", pos)
	}
}

func TestSignLabels(t *testing.T) {
	X := mat.NewDense(3, 1, []float64{-2, 0.5, 3})
	id := func(dst []float64, X mat.Matrix) []float64 {
		for i := range dst {
			dst[i] = X.At(i, 0)
		}
		return dst
	}
	y, err := SignLabels(id, X)
	if err != nil || y[0] != -1 || y[1] != 1 || y[2] != 1 {
		t.Errorf("SignLabels = %v, %v", y, err)
	}
	X.Set(1, 0, 0)
	if _, err := SignLabels(id, X); !errors.Is(err, ErrZeroLabel) {
		t.Errorf("zero output: err = %v, want ErrZeroLabel", err)
	}
	X.Set(1, 0, math.NaN())
	if _, err := SignLabels(id, X); err == nil {
		t.Error("NaN output: no error")
	} else if !errors.Is(err, ErrNotFinite) {
		t.Errorf("NaN output: err = %v, want ErrNotFinite", err)
	}
}

func TestSmallSets(t *testing.T) {
	X, y := Diagonal()
	s := DiagonalSubspace()
	if r, c := X.Dims(); r != 7 || c != 2 {
		t.Fatalf("Diagonal dims %d×%d", r, c)
	}
	if off := mat.Norm(s.ProjectPerp(nil, X), 2); off > 1e-15 {
		t.Errorf("Diagonal points leave the diagonal: %g", off)
	}
	for i := 1; i < 7; i++ {
		if y[i] != -y[i-1] {
			t.Errorf("Diagonal labels do not alternate: %v", y)
		}
	}
	Xc, yc := Chessboard()
	if r, c := Xc.Dims(); r != 25 || c != 3 {
		t.Fatalf("Chessboard dims %d×%d", r, c)
	}
	var sum float64
	for i := 0; i < 25; i++ {
		if Xc.At(i, 2) != ChessboardHeight {
			t.Errorf("point %d off the plane", i)
		}
		sum += yc[i]
		// Grid neighbours have opposite labels.
		if i%5 > 0 && yc[i] != -yc[i-1] {
			t.Errorf("labels %d, %d equal", i-1, i)
		}
	}
	if sum != 1 {
		t.Errorf("Chessboard has label sum %v, want 1 (13 white, 12 black)", sum)
	}
	cs := ChessboardSubspace()
	if _, k := cs.Dims(); k != 2 || cs.Complement.At(2, 0) != 1 {
		t.Error("ChessboardSubspace is not span{e₁, e₂}")
	}
}

func eye(n int) *mat.Dense {
	m := mat.NewDense(n, n, nil)
	for i := 0; i < n; i++ {
		m.Set(i, i, 1)
	}
	return m
}

func TestSubspaceDestinations(t *testing.T) {
	// gonum's convention: an empty destination is resized, X may be its
	// own destination, and a wrong shape panics.
	rnd := rand.New(rand.NewPCG(9, 9))
	s := RandomSubspace(6, 2, rnd)
	X := s.Gaussian(3, 1, rnd)
	var p, q, e mat.Dense
	s.Project(&p, X)
	s.ProjectPerp(&q, X)
	s.Embed(&e, mat.NewDense(3, 4, nil))
	for name, m := range map[string]*mat.Dense{"Project": &p, "ProjectPerp": &q, "Embed": &e} {
		if r, c := m.Dims(); r != 3 || c != 6 {
			t.Errorf("%s: empty dst resized to %d×%d", name, r, c)
		}
	}
	Y := mat.DenseCopyOf(X)
	s.Project(Y, Y)
	// X lies on P: projecting it in place changes it by rounding only.
	if !mat.EqualApprox(Y, X, 1e-14) {
		t.Error("in-place Project changed points of P")
	}
	for name, f := range map[string]func(){
		"Project":     func() { s.Project(mat.NewDense(2, 6, nil), X) },
		"SignLabels":  func() { SignLabels(func([]float64, mat.Matrix) []float64 { return []float64{1} }, X) },
		"Embed shape": func() { s.Embed(nil, mat.NewDense(3, 3, nil)) },
	} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("%s: no panic", name)
				}
			}()
			f()
		}()
	}
}
