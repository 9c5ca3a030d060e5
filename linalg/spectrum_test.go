// Copyright ©2026 The relulab Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package linalg_test

import (
	"encoding/binary"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/relulab/relulab/linalg"
)

func TestNewSpectrum(t *testing.T) {
	for _, c := range []struct {
		name     string
		values   []float64
		tol      linalg.Tolerance
		distinct []linalg.Eigenvalue
		inertia  linalg.Inertia
		verdict  linalg.Verdict
		index    int
	}{
		{
			name: "simple", values: []float64{3, 1, 2},
			distinct: []linalg.Eigenvalue{{1, 1}, {2, 1}, {3, 1}},
			inertia:  linalg.Inertia{Pos: 3}, verdict: linalg.PositiveDefinite,
		},
		{
			// δ = 1e-8·2; 1e-12 apart merge.
			name: "near-equal", values: []float64{2, 1 + 1e-12, 1},
			distinct: []linalg.Eigenvalue{{1 + 0.5e-12, 2}, {2, 1}},
			inertia:  linalg.Inertia{Pos: 3}, verdict: linalg.PositiveDefinite,
		},
		{
			name: "equal", values: []float64{0.1, 0.1, 0.1},
			distinct: []linalg.Eigenvalue{{0.1, 3}},
			inertia:  linalg.Inertia{Pos: 3}, verdict: linalg.PositiveDefinite,
		},
		{
			// δ = 2e-8: 1e-12 is zero, −1 negative.
			name: "saddle", values: []float64{2, -1, 1e-12, 0},
			distinct: []linalg.Eigenvalue{{-1, 1}, {0.5e-12, 2}, {2, 1}},
			inertia:  linalg.Inertia{Neg: 1, Zero: 2, Pos: 1}, verdict: linalg.StrictSaddle, index: 1,
		},
		{
			name: "degenerate", values: []float64{0, 1},
			distinct: []linalg.Eigenvalue{{0, 1}, {1, 1}},
			inertia:  linalg.Inertia{Zero: 1, Pos: 1}, verdict: linalg.Degenerate,
		},
		{
			name: "neg-semidefinite", values: []float64{-1, 0},
			distinct: []linalg.Eigenvalue{{-1, 1}, {0, 1}},
			inertia:  linalg.Inertia{Neg: 1, Zero: 1}, verdict: linalg.StrictSaddle, index: 1,
		},
		{
			name: "neg-definite", values: []float64{-2, -1},
			distinct: []linalg.Eigenvalue{{-2, 1}, {-1, 1}},
			inertia:  linalg.Inertia{Neg: 2}, verdict: linalg.NegativeDefinite, index: 2,
		},
		{
			name: "all-zero", values: []float64{0, 0, 0},
			distinct: []linalg.Eigenvalue{{0, 3}},
			inertia:  linalg.Inertia{Zero: 3}, verdict: linalg.Degenerate,
		},
		{
			// Purely absolute tolerance: Rel is 0, δ = 0.6, and the
			// run 0, 0.5, 1, 1.5 chains into one cluster of width 1.5.
			name: "chain", values: []float64{1.5, 0, 1, 0.5, 3}, tol: linalg.Tolerance{Abs: 0.6},
			distinct: []linalg.Eigenvalue{{0.75, 4}, {3, 1}},
			inertia:  linalg.Inertia{Zero: 2, Pos: 3}, verdict: linalg.Degenerate,
		},
		{
			// A gap equal to δ joins; just above it separates.
			name: "gap=δ", values: []float64{0, 1, 2.5}, tol: linalg.Tolerance{Abs: 1},
			distinct: []linalg.Eigenvalue{{0.5, 2}, {2.5, 1}},
			inertia:  linalg.Inertia{Zero: 2, Pos: 1}, verdict: linalg.Degenerate,
		},
		{
			// δ = 0.1 + 0.1·4 = 0.5.
			name: "rel+abs", values: []float64{-4, -3.5, 1, 1.4, 2}, tol: linalg.Tolerance{Rel: 0.1, Abs: 0.1},
			distinct: []linalg.Eigenvalue{{-3.75, 2}, {1.2, 2}, {2, 1}},
			inertia:  linalg.Inertia{Neg: 2, Pos: 3}, verdict: linalg.StrictSaddle, index: 2,
		},
	} {
		in := slices.Clone(c.values)
		s := linalg.NewSpectrum(in, c.tol)
		if !slices.Equal(in, c.values) {
			t.Errorf("%s: input modified", c.name)
		}
		want := slices.Sorted(slices.Values(c.values))
		if !slices.Equal(s.Values, want) {
			t.Errorf("%s: Values = %v, want %v", c.name, s.Values, want)
		}
		if len(s.Distinct) != len(c.distinct) {
			t.Fatalf("%s: Distinct = %v, want %v", c.name, s.Distinct, c.distinct)
		}
		for i, d := range s.Distinct {
			// Cluster means are computed as lo + mean(v − lo): exact
			// to a few ulps of the values.
			if d.Mult != c.distinct[i].Mult || math.Abs(d.Value-c.distinct[i].Value) > 4*eps*math.Abs(c.distinct[i].Value)+1e-300 {
				t.Errorf("%s: Distinct = %v, want %v", c.name, s.Distinct, c.distinct)
			}
		}
		if got := s.Inertia(); got != c.inertia {
			t.Errorf("%s: Inertia = %+v, want %+v", c.name, got, c.inertia)
		}
		if v, idx := s.Verdict(); v != c.verdict || idx != c.index {
			t.Errorf("%s: Verdict = %v, %d, want %v, %d", c.name, v, idx, c.verdict, c.index)
		}
		if s.Min() != want[0] || s.Max() != want[len(want)-1] {
			t.Errorf("%s: Min, Max = %v, %v", c.name, s.Min(), s.Max())
		}
		if c.tol == (linalg.Tolerance{}) && s.Tol != (linalg.Tolerance{Rel: linalg.DefaultRel}) {
			t.Errorf("%s: Tol = %+v, want defaults", c.name, s.Tol)
		}
	}
}

func TestNewSpectrumPanics(t *testing.T) {
	for _, c := range []struct {
		name   string
		values []float64
		tol    linalg.Tolerance
	}{
		{"empty", nil, linalg.Tolerance{}},
		{"nan", []float64{1, math.NaN()}, linalg.Tolerance{}},
		{"inf", []float64{math.Inf(-1)}, linalg.Tolerance{}},
		{"negative rel", []float64{1}, linalg.Tolerance{Rel: -1}},
		{"nan abs", []float64{1}, linalg.Tolerance{Abs: math.NaN()}},
		{"inf rel", []float64{1}, linalg.Tolerance{Rel: math.Inf(1)}},
	} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("%s: no panic", c.name)
				}
			}()
			linalg.NewSpectrum(c.values, c.tol)
		}()
	}
}

func TestVerdictString(t *testing.T) {
	for v, want := range map[linalg.Verdict]string{
		linalg.PositiveDefinite: "positive definite",
		linalg.StrictSaddle:     "strict saddle",
		linalg.Degenerate:       "degenerate",
		linalg.NegativeDefinite: "negative definite",
		0:                       "Verdict(0)",
	} {
		if got := v.String(); got != want {
			t.Errorf("%d: %q, want %q", int(v), got, want)
		}
	}
}

// TestSpectrumOfReference checks the distinct eigenvalues and multiplicities
// of the global-minimum Hessian against REFERENCE.md §1 (values given there
// to 6 decimals; λ_min = 1/4 − 1/(2π) exactly).
func TestSpectrumOfReference(t *testing.T) {
	for _, c := range []struct {
		d      int
		values []float64
		mults  []int
	}{
		{6, []float64{0.090845, 0.287081, 0.409155, 0.889663, 1.712919, 2.065267}, []int{15, 5, 9, 1, 5, 1}},
		{20, []float64{0.090845, 0.260873, 0.409155, 2.979206, 5.239127, 5.703893}, []int{190, 19, 170, 1, 19, 1}},
	} {
		s, err := linalg.SpectrumOf(globalMinHessian(c.d), linalg.Tolerance{})
		if err != nil {
			t.Fatal(err)
		}
		if len(s.Distinct) != len(c.values) {
			t.Fatalf("d=%d: %d distinct eigenvalues %v, want %d", c.d, len(s.Distinct), s.Distinct, len(c.values))
		}
		for i, e := range s.Distinct {
			// The reference rounds to 6 decimals.
			if math.Abs(e.Value-c.values[i]) > 5e-7 || e.Mult != c.mults[i] {
				t.Errorf("d=%d: distinct %d = %v, want {%v %d}", c.d, i, e, c.values[i], c.mults[i])
			}
		}
		// Exact λ_min; the rounding error of the eigensolver is ≈ n·ε·‖H‖.
		if want := 0.25 - 1/(2*math.Pi); math.Abs(s.Min()-want) > 64*float64(c.d*c.d)*eps*s.Max() {
			t.Errorf("d=%d: λ_min = %.16g, want %.16g", c.d, s.Min(), want)
		}
		if v, idx := s.Verdict(); v != linalg.PositiveDefinite || idx != 0 {
			t.Errorf("d=%d: verdict %v %d", c.d, v, idx)
		}
	}
}

// TestSpectrumOfClusters checks SpectrumOf on Q diag(λ) Qᵀ with known
// multiplicities and a saddle's inertia.
func TestSpectrumOfClusters(t *testing.T) {
	rng := rand.New(rand.NewPCG(4, 4))
	lambda := []float64{-3, -3, -1e-3, 0, 0, 0, 2, 2, 2, 2, 2 + 1e-3, 5}
	s, err := linalg.SpectrumOf(withSpectrum(rng, lambda), linalg.Tolerance{})
	if err != nil {
		t.Fatal(err)
	}
	want := []linalg.Eigenvalue{{-3, 2}, {-1e-3, 1}, {0, 3}, {2, 4}, {2 + 1e-3, 1}, {5, 1}}
	if len(s.Distinct) != len(want) {
		t.Fatalf("Distinct = %v, want %v", s.Distinct, want)
	}
	for i, e := range s.Distinct {
		// Reconstruction and solver error ≈ n·ε·‖A‖.
		if e.Mult != want[i].Mult || math.Abs(e.Value-want[i].Value) > 64*12*eps*5 {
			t.Errorf("Distinct = %v, want %v", s.Distinct, want)
		}
		if m := s.Members(i); len(m) != e.Mult || m[0] > e.Value || m[len(m)-1] < e.Value {
			t.Errorf("Members(%d) = %v for %v", i, m, e)
		}
	}
	if in := s.Inertia(); in != (linalg.Inertia{Neg: 3, Zero: 3, Pos: 6}) {
		t.Errorf("Inertia = %+v", in)
	}
	if v, idx := s.Verdict(); v != linalg.StrictSaddle || idx != 3 {
		t.Errorf("Verdict = %v, %d", v, idx)
	}
}

// TestSpectrumHugeChain: a long run of values each within δ of the next is
// one cluster (single linkage), whatever its width.
func TestSpectrumHugeChain(t *testing.T) {
	const n = 100000
	v := make([]float64, n)
	for i := range v {
		v[i] = float64(i) * 1e-3
	}
	v = append(v, 1e3) // separated: gap > δ = 1e-3 + 0
	s := linalg.NewSpectrum(v, linalg.Tolerance{Abs: 1e-3 * (1 + 1e-9)})
	if len(s.Distinct) != 2 || s.Distinct[0].Mult != n || s.Distinct[1].Mult != 1 {
		t.Fatalf("got %d clusters, first %v", len(s.Distinct), s.Distinct[0])
	}
	m := s.Members(0)
	if w := m[len(m)-1] - m[0]; math.Abs(w-99.999) > 1e-9 {
		t.Errorf("chain width %v", w)
	}
	// The mean of 0, 1e-3, …, 99.999 is 49.9995.
	if math.Abs(s.Distinct[0].Value-49.9995) > 1e-9 {
		t.Errorf("chain value %v", s.Distinct[0].Value)
	}
}

// FuzzNewSpectrum checks the invariants of the clustering on arbitrary
// values and tolerances.
func FuzzNewSpectrum(f *testing.F) {
	enc := func(v ...float64) []byte {
		var b []byte
		for _, x := range v {
			b = binary.LittleEndian.AppendUint64(b, math.Float64bits(x))
		}
		return b
	}
	f.Add(enc(1, 2, 3), 0.0, 0.0)
	f.Add(enc(1, 1, 1+1e-12, -5, 0), 0.0, 0.0)
	f.Add(enc(0, 0.5, 1, 1.5, 3), 0.0, 0.6)
	f.Add(enc(-1e308, 1e308, 0, 1), 1.0, 0.0)
	f.Add(enc(1e-300, -1e-300, 0), 1e-3, 1e-301)
	f.Add(enc(5, 4, 3, 2, 1, 0, -1), 0.1, 0.2)
	f.Add(enc(0.1, 0.1, 0.1), 1e-300, 0.0)
	f.Fuzz(func(t *testing.T, data []byte, rel, abs float64) {
		var v []float64
		for len(data) >= 8 {
			x := math.Float64frombits(binary.LittleEndian.Uint64(data))
			data = data[8:]
			if !math.IsNaN(x) && !math.IsInf(x, 0) {
				v = append(v, x)
			}
		}
		rel, abs = math.Abs(rel), math.Abs(abs)
		if len(v) == 0 || math.IsNaN(rel) || math.IsInf(rel, 0) || math.IsNaN(abs) {
			return
		}
		in := slices.Clone(v)
		s := linalg.NewSpectrum(in, linalg.Tolerance{Rel: rel, Abs: abs})
		if !slices.Equal(in, v) {
			t.Fatal("input modified")
		}
		n := len(v)
		if !slices.Equal(s.Values, slices.Sorted(slices.Values(v))) {
			t.Fatal("Values is not the sorted input")
		}
		delta := s.Threshold()
		sum := 0
		for i, d := range s.Distinct {
			if d.Mult < 1 {
				t.Fatalf("cluster %d has multiplicity %d", i, d.Mult)
			}
			sum += d.Mult
			m := s.Members(i)
			lo, hi := m[0], m[len(m)-1]
			if !(lo <= d.Value && d.Value <= hi) {
				t.Fatalf("cluster %d value %v outside its members [%v, %v]", i, d.Value, lo, hi)
			}
			for j := 1; j < len(m); j++ {
				if !(m[j]-m[j-1] <= delta) {
					t.Fatalf("cluster %d: members %v, %v more than δ = %v apart", i, m[j-1], m[j], delta)
				}
			}
			// Every member is within the cluster's width, at most
			// (Mult−1)·δ (up to rounding of the summed gaps), of Value.
			for _, x := range m {
				if !(math.Abs(x-d.Value) <= hi-lo) {
					t.Fatalf("cluster %d: member %v farther than the width from %v", i, x, d.Value)
				}
			}
			if w, bound := hi-lo, float64(d.Mult-1)*delta; !math.IsInf(w, 0) && !math.IsInf(bound, 0) && w > bound*(1+1e-9) {
				t.Fatalf("cluster %d: width %v > (Mult−1)·δ = %v", i, w, bound)
			}
			if i > 0 {
				prev := s.Members(i - 1)
				if !(lo-prev[len(prev)-1] > delta) {
					t.Fatalf("clusters %d and %d are not separated by more than δ = %v", i-1, i, delta)
				}
				if !(d.Value-s.Distinct[i-1].Value > delta) {
					t.Fatalf("distinct values %v, %v not separated by more than δ = %v", s.Distinct[i-1].Value, d.Value, delta)
				}
			}
			if lo == hi && d.Value != lo {
				t.Fatalf("equal members %v give value %v", lo, d.Value)
			}
		}
		if sum != n {
			t.Fatalf("multiplicities sum to %d, want %d", sum, n)
		}
		in2 := s.Inertia()
		if in2.Neg+in2.Zero+in2.Pos != n {
			t.Fatalf("inertia %+v does not sum to %d", in2, n)
		}
		var neg, pos int
		for _, x := range v {
			if x < -delta {
				neg++
			} else if x > delta {
				pos++
			}
		}
		if in2.Neg != neg || in2.Pos != pos {
			t.Fatalf("inertia %+v, want Neg %d Pos %d", in2, neg, pos)
		}
		verdict, index := s.Verdict()
		if index != in2.Neg || verdict < linalg.PositiveDefinite || verdict > linalg.NegativeDefinite {
			t.Fatalf("verdict %v index %d for inertia %+v", verdict, index, in2)
		}
		// Order independence.
		r := slices.Clone(v)
		slices.Reverse(r)
		if s2 := linalg.NewSpectrum(r, s.Tol); !slices.Equal(s2.Distinct, s.Distinct) {
			t.Fatalf("clustering depends on input order")
		}
	})
}
