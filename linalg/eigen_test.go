// Copyright ©2026 The relulab Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package linalg_test

import (
	"errors"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/mat"

	"github.com/relulab/relulab/linalg"
)

// eigenCase is a symmetric test matrix, with its exact spectrum when known.
type eigenCase struct {
	name  string
	a     mat.Symmetric
	exact []float64 // ascending, or nil
}

func eigenCases() []eigenCase {
	rng := rand.New(rand.NewPCG(1, 1))
	var cs []eigenCase
	for _, n := range []int{1, 2, 5, 30, 100} {
		cs = append(cs, eigenCase{name: "random", a: randSym(rng, n)})
	}
	// Known spectra through Q diag(λ) Qᵀ.
	spectra := map[string][]float64{
		"repeated": {-2, -2, -2, 0.5, 1, 1, 3, 3, 3, 3},
		"cluster":  {-1, 1, 1 + 1e-10, 1 + 2e-10, 1 + 3e-10, 4, 4 + 1e-12, 9},
		"zero":     {0, 0, 0, 0},
		"rank-one": {0, 0, 0, 0, 0, 0, 7},
		"wide":     {-1e6, -1, 1e-6, 1, 1e6},
	}
	for _, name := range []string{"repeated", "cluster", "zero", "rank-one", "wide"} {
		l := spectra[name]
		cs = append(cs, eigenCase{name: name, a: withSpectrum(rng, l), exact: l})
	}
	// Orders around the eigensolver's thresholds (QL/QR below 48, divide
	// and conquer above), the reduction's panel width (32) and the order
	// from which it runs on two goroutines (192), none a multiple of the
	// panel width but one.
	for _, n := range []int{47, 48, 97, 200, 261} {
		cs = append(cs, eigenCase{name: "random", a: randSym(rng, n)})
	}
	// Clusters of nearly equal and of repeated eigenvalues at an order
	// where divide and conquer deflates and rotates across its halves.
	clusters := make([]float64, 150)
	for i := range clusters {
		switch {
		case i < 50:
			clusters[i] = -1 + float64(i)*1e-11
		case i < 100:
			clusters[i] = 2
		default:
			clusters[i] = 3 + float64(i-100)/50
		}
	}
	cs = append(cs, eigenCase{name: "clusters", a: withSpectrum(rng, clusters), exact: clusters})
	// 1-D Laplacian tridiag(−1, 2, −1): λ_k = 2 − 2cos(kπ/(n+1)).
	const n = 40
	lap := mat.NewSymDense(n, nil)
	exact := make([]float64, n)
	for i := range n {
		lap.SetSym(i, i, 2)
		if i+1 < n {
			lap.SetSym(i, i+1, -1)
		}
		exact[i] = 2 - 2*math.Cos(float64(i+1)*math.Pi/(n+1))
	}
	cs = append(cs, eigenCase{name: "laplacian", a: lap, exact: exact})
	// Identity as a diagonal matrix type (not a *SymDense).
	cs = append(cs, eigenCase{name: "identity", a: mat.NewDiagDense(6, []float64{1, 1, 1, 1, 1, 1}), exact: []float64{1, 1, 1, 1, 1, 1}})
	// A strided view: a principal block of a larger matrix.
	big := randSym(rng, 12)
	cs = append(cs, eigenCase{name: "view", a: big.SliceSym(2, 9)})
	// The global-minimum Hessian of REFERENCE.md, d = 4 (16×16).
	cs = append(cs, eigenCase{name: "hessian", a: globalMinHessian(4)})
	return cs
}

func TestEigenSym(t *testing.T) {
	for _, c := range eigenCases() {
		n := c.a.SymmetricDim()
		before := mat.NewSymDense(n, nil)
		before.CopySym(c.a)

		got, err := linalg.EigenSym(c.a, true)
		if err != nil {
			t.Fatalf("%s n=%d: %v", c.name, n, err)
		}
		vals, err := linalg.EigenSym(c.a, false)
		if err != nil {
			t.Fatalf("%s n=%d values only: %v", c.name, n, err)
		}
		if vals.Vectors != nil {
			t.Errorf("%s n=%d: vectors computed without being asked", c.name, n)
		}
		if !mat.Equal(before, c.a) {
			t.Errorf("%s n=%d: input modified", c.name, n)
		}

		var ref mat.EigenSym
		if !ref.Factorize(c.a, true) {
			t.Fatalf("%s: gonum failed", c.name)
		}
		refVals := ref.Values(nil)
		norm := math.Max(math.Abs(refVals[0]), math.Abs(refVals[n-1]))
		// A backward-stable symmetric eigensolver returns eigenvalues
		// within p(n)·ε·‖A‖₂ of the exact ones; 64·n·ε·‖A‖₂ allows for
		// the modest p(n) of QL/QR on a tridiagonal matrix, for both
		// solvers and for the reconstruction error of Q diag(λ) Qᵀ.
		tol := 64 * float64(n) * eps * math.Max(norm, 1e-300)
		if norm == 0 {
			tol = 0
		}
		if !slices.IsSorted(got.Values) || !slices.IsSorted(vals.Values) {
			t.Errorf("%s n=%d: values not ascending", c.name, n)
		}
		for i := range n {
			if d := math.Abs(got.Values[i] - refVals[i]); d > tol {
				t.Errorf("%s n=%d: λ_%d = %v, gonum %v (|Δ| = %g > %g)", c.name, n, i, got.Values[i], refVals[i], d, tol)
			}
			if d := math.Abs(vals.Values[i] - got.Values[i]); d > tol {
				t.Errorf("%s n=%d: values-only λ_%d = %v, with vectors %v", c.name, n, i, vals.Values[i], got.Values[i])
			}
			if c.exact != nil {
				if d := math.Abs(got.Values[i] - c.exact[i]); d > tol {
					t.Errorf("%s n=%d: λ_%d = %v, exact %v (|Δ| = %g > %g)", c.name, n, i, got.Values[i], c.exact[i], d, tol)
				}
			}
		}
		checkEigenvectors(t, c.name, c.a, got, tol)

		// Eigenvectors of well-separated eigenvalues agree with gonum's up
		// to sign: sin∠ ≤ ε‖A‖/gap (Davis–Kahan); with gap ≥ 1e-6·‖A‖ the
		// angle is below 1e-9, so 1 − |cos∠| ≤ 1e-12 up to rounding.
		var refVecs mat.Dense
		ref.VectorsTo(&refVecs)
		for i := range n {
			gap := math.Inf(1)
			if i > 0 {
				gap = refVals[i] - refVals[i-1]
			}
			if i+1 < n {
				gap = math.Min(gap, refVals[i+1]-refVals[i])
			}
			if gap < 1e-6*norm {
				continue
			}
			cos := mat.Dot(got.Vectors.ColView(i), refVecs.ColView(i))
			if 1-math.Abs(cos) > 1e-12 {
				t.Errorf("%s n=%d: eigenvector %d differs from gonum's: |cos| = %v", c.name, n, i, math.Abs(cos))
			}
		}
	}
}

// checkEigenvectors checks ‖AQ − QΛ‖_max ≤ tol, QᵀQ = I and the sign
// convention.
func checkEigenvectors(t *testing.T, name string, a mat.Symmetric, e *linalg.Eigen, tol float64) {
	t.Helper()
	n := a.SymmetricDim()
	if r, c := e.Vectors.Dims(); r != n || c != n {
		t.Fatalf("%s: vectors are %d×%d, want %d×%d", name, r, c, n, n)
	}
	var aq, ql mat.Dense
	aq.Mul(a, e.Vectors)
	ql.Mul(e.Vectors, mat.NewDiagDense(n, e.Values))
	aq.Sub(&aq, &ql)
	if m := mat.Norm(&aq, math.Inf(1)); m > tol+1e-300 {
		t.Errorf("%s n=%d: ‖AQ − QΛ‖_∞ = %g > %g", name, n, m, tol)
	}
	var qtq mat.Dense
	qtq.Mul(e.Vectors.T(), e.Vectors)
	for i := range n {
		qtq.Set(i, i, qtq.At(i, i)-1)
	}
	// Orthogonality of Householder/Givens-based eigenvectors: O(n·ε).
	if m := mat.Norm(&qtq, math.Inf(1)); m > 64*float64(n)*eps {
		t.Errorf("%s n=%d: ‖QᵀQ − I‖_∞ = %g", name, n, m)
	}
	col := make([]float64, n)
	for j := range n {
		mat.Col(col, j, e.Vectors)
		k := floats.MaxIdx(absAll(col))
		if col[k] < 0 {
			t.Errorf("%s n=%d: column %d has a negative largest entry", name, n, j)
		}
	}
}

func absAll(x []float64) []float64 {
	y := make([]float64, len(x))
	for i, v := range x {
		y[i] = math.Abs(v)
	}
	return y
}

func TestEigenSymRepeatedSubspaces(t *testing.T) {
	// For a repeated eigenvalue only the eigenspace is defined: compare the
	// orthogonal projectors onto it with gonum's. The clusters are
	// separated by ≥ 0.5 with ‖A‖ = 3, so the projector error is O(ε).
	rng := rand.New(rand.NewPCG(2, 2))
	lambda := []float64{-2, -2, -2, 0.5, 1, 1, 3, 3, 3, 3}
	a := withSpectrum(rng, lambda)
	got, err := linalg.EigenSym(a, true)
	if err != nil {
		t.Fatal(err)
	}
	var ref mat.EigenSym
	ref.Factorize(a, true)
	var refVecs mat.Dense
	ref.VectorsTo(&refVecs)
	for _, r := range [][2]int{{0, 3}, {3, 4}, {4, 6}, {6, 10}} {
		p := projector(got.Vectors.Slice(0, 10, r[0], r[1]))
		q := projector(refVecs.Slice(0, 10, r[0], r[1]))
		p.Sub(p, q)
		if m := mat.Norm(p, math.Inf(1)); m > 1e-13 {
			t.Errorf("eigenspace %v: projectors differ by %g", r, m)
		}
	}
}

func projector(v mat.Matrix) *mat.Dense {
	var p mat.Dense
	p.Mul(v, v.T())
	return &p
}

// upperOnly is a mat.Symmetric that is not a *SymDense.
type upperOnly struct{ *mat.SymDense }

func (u upperOnly) At(i, j int) float64 { return u.SymDense.At(i, j) }

func TestEigenSymNotFinite(t *testing.T) {
	for _, c := range []struct {
		i, j     int
		v        float64
		row, col int
	}{
		{2, 3, math.NaN(), 2, 3},
		{0, 0, math.Inf(1), 0, 0},
		{4, 1, math.Inf(-1), 1, 4},
	} {
		for _, wrap := range []bool{false, true} {
			a := randSym(rand.New(rand.NewPCG(3, 3)), 5)
			a.SetSym(c.i, c.j, c.v)
			var in mat.Symmetric = a
			if wrap {
				in = upperOnly{a}
			}
			for _, vectors := range []bool{false, true} {
				e, err := linalg.EigenSym(in, vectors)
				if e != nil || !errors.Is(err, linalg.ErrNotFinite) {
					t.Fatalf("(%d, %d) = %v: got %v, %v", c.i, c.j, c.v, e, err)
				}
				var nf *linalg.NotFiniteError
				if !errors.As(err, &nf) || nf.Row != c.row || nf.Col != c.col || !(nf.Value == c.v || math.IsNaN(c.v)) {
					t.Errorf("(%d, %d) = %v: error %v does not say where", c.i, c.j, c.v, err)
				}
				if _, err := linalg.SpectrumOf(in, linalg.Tolerance{}); !errors.Is(err, linalg.ErrNotFinite) {
					t.Errorf("SpectrumOf: got %v, want ErrNotFinite", err)
				}
			}
		}
	}
}

func TestEigenSymEmpty(t *testing.T) {
	if _, err := linalg.EigenSym(&mat.SymDense{}, false); !errors.Is(err, linalg.ErrEmpty) {
		t.Errorf("got %v, want ErrEmpty", err)
	}
}

// TestEigenSymExtremeScales: finite input at the ends of the float64 range
// never gives a silent NaN or ±Inf. Diagonal matrices have exactly
// representable eigenvalues, which must come back exactly (power-of-two
// scaling is exact); an eigenvalue beyond the float64 range (2·1e308) is an
// error wrapping ErrNotFinite.
func TestEigenSymExtremeScales(t *testing.T) {
	for _, c := range []struct {
		name string
		a    []float64
		want []float64 // nil: an error is expected
	}{
		{"subnormal", []float64{2e-310, 0, 0, 1e-310}, []float64{1e-310, 2e-310}},
		{"tiny", []float64{3e-300, 0, 0, -1e-300}, []float64{-1e-300, 3e-300}},
		{"huge", []float64{1e308, 0, 0, -1.5e308}, []float64{-1.5e308, 1e308}},
		{"overflow", []float64{1e308, 1e308, 1e308, 1e308}, nil},
	} {
		for _, vectors := range []bool{false, true} {
			e, err := linalg.EigenSym(mat.NewSymDense(2, c.a), vectors)
			switch {
			case c.want == nil:
				if !errors.Is(err, linalg.ErrNotFinite) {
					t.Errorf("%s (vectors %v): got %v, %v; want ErrNotFinite", c.name, vectors, e, err)
				}
			case err != nil:
				// Not silent, but these are representable: log the
				// backend's failure rather than accept it quietly.
				if !errors.Is(err, linalg.ErrNotFinite) {
					t.Errorf("%s (vectors %v): %v", c.name, vectors, err)
				} else {
					t.Logf("%s (vectors %v): %v", c.name, vectors, err)
				}
			case !slices.Equal(e.Values, c.want):
				t.Errorf("%s (vectors %v): eigenvalues %v, want %v", c.name, vectors, e.Values, c.want)
			}
		}
	}
}

// TestEigenSymLarge checks an order where the reduction runs on two
// goroutines with many panels and divide and conquer has several levels:
// eigenvalues equal to gonum's Dsyev's to 1e-12·‖A‖ (the bound), and
// the residual and orthogonality bounds of checkEigenvectors.
func TestEigenSymLarge(t *testing.T) {
	const n = 400
	a := randSym(rand.New(rand.NewPCG(21, 22)), n)
	got, err := linalg.EigenSym(a, true)
	if err != nil {
		t.Fatal(err)
	}
	vals, err := linalg.EigenSym(a, false)
	if err != nil {
		t.Fatal(err)
	}
	var ref mat.EigenSym
	if !ref.Factorize(a, false) {
		t.Fatal("gonum failed")
	}
	want := ref.Values(nil)
	norm := math.Max(math.Abs(want[0]), math.Abs(want[n-1]))
	for i := range n {
		if d := math.Abs(got.Values[i] - want[i]); d > 1e-12*norm {
			t.Fatalf("λ_%d = %v, gonum %v: |Δ| = %.3g > 1e-12·‖A‖", i, got.Values[i], want[i], d)
		}
		if d := math.Abs(vals.Values[i] - want[i]); d > 1e-12*norm {
			t.Fatalf("values only: λ_%d = %v, gonum %v: |Δ| = %.3g > 1e-12·‖A‖", i, vals.Values[i], want[i], d)
		}
	}
	// As in TestEigenSym: 64·n·ε·‖A‖₂ for the residual.
	checkEigenvectors(t, "random", a, got, 64*n*eps*norm)
}
