// Copyright ©2026 The relulab Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package linalg

import (
	"fmt"
	"math"
	"slices"

	"gonum.org/v1/gonum/mat"
)

// DefaultRel is the relative tolerance used when a Tolerance is the zero
// value. It is about √ε for float64: eigenvalues computed by a backward-stable
// solver from an exactly known matrix are accurate to about n·ε·‖A‖₂
// (≈ 1e-13·‖A‖₂ for n ≈ 1000), far below it, while matrices assembled at a
// point known only approximately (a critical point found to ‖∇F‖ ≈ 1e-12,
// a finite-difference Hessian) split exact multiplicities by much more than
// ε·‖A‖₂ but usually well below 1e-8·‖A‖₂.
const DefaultRel = 1e-8

// Tolerance is the threshold δ = Abs + Rel·scale, with scale = max |λᵢ|, used
// to decide that two eigenvalues are equal (clustering) and that an
// eigenvalue is zero (inertia).
//
// The zero value means {Rel: DefaultRel, Abs: 0}. If either field is non-zero
// both are used exactly as given, so {Abs: 1e-6} is a purely absolute
// tolerance. To cluster only exactly equal values use a tiny positive Rel
// such as math.SmallestNonzeroFloat64. Negative or NaN fields cause a panic.
type Tolerance struct {
	Rel, Abs float64
}

// orDefault returns the tolerance with the zero value replaced by the
// defaults. It panics if a field is negative or NaN, or Rel is +Inf.
func (t Tolerance) orDefault() Tolerance {
	if !(t.Rel >= 0) || !(t.Abs >= 0) || math.IsInf(t.Rel, 1) {
		panic(fmt.Sprintf("linalg: bad tolerance %+v", t))
	}
	if t == (Tolerance{}) {
		return Tolerance{Rel: DefaultRel}
	}
	return t
}

// Eigenvalue is a distinct eigenvalue together with its multiplicity.
type Eigenvalue struct {
	// Value is the mean of the clustered eigenvalues.
	Value float64
	// Mult is the number of eigenvalues in the cluster.
	Mult int
}

// Spectrum is the spectrum of a symmetric matrix: all eigenvalues, and the
// distinct ones with their multiplicities.
//
// Clustering is single linkage on the sorted values: with
// δ = Tol.Abs + Tol.Rel·max |λᵢ|, consecutive sorted values λᵢ ≤ λᵢ₊₁ belong
// to the same cluster exactly when λᵢ₊₁ − λᵢ ≤ δ. The clusters are therefore
// the connected components of the graph joining values at distance ≤ δ; they
// do not depend on the order of the input, adjacent clusters are separated by
// gaps > δ, and no value can be moved to another cluster without breaking
// that rule.
//
// Single linkage chains: a run of values each within δ of the next forms one
// cluster however wide the run is (at most (Mult−1)·δ). This is deliberate:
// every other rule would split a run of equally spaced values at an arbitrary
// point. A wide cluster is a sign that the tolerance is too coarse for the
// spectrum (for instance the dense bulk of a large random matrix with a large
// Rel); check it with Members, and use a smaller tolerance where it matters.
type Spectrum struct {
	// Values holds all eigenvalues in ascending order.
	Values []float64
	// Distinct holds the clusters in ascending order of Value; the
	// multiplicities sum to len(Values), and cluster i consists of the
	// Values from index Mult₀+…+Mult_{i−1}, see Members.
	Distinct []Eigenvalue
	// Tol is the tolerance actually used, with defaults filled in.
	Tol Tolerance
}

// NewSpectrum returns the Spectrum of the given eigenvalues, which may be in
// any order; values is not modified. Clustering is described at Spectrum; the
// Value of a cluster is the mean of its members (clamped to their range, so
// a cluster of equal values has exactly that value).
//
// NewSpectrum panics if values is empty, contains NaN or ±Inf, or tol has a
// negative or NaN field.
func NewSpectrum(values []float64, tol Tolerance) *Spectrum {
	tol = tol.orDefault()
	if len(values) == 0 {
		panic("linalg: empty spectrum")
	}
	for i, v := range values {
		if !isFinite(v) {
			panic(fmt.Sprintf("linalg: eigenvalue %d is %v", i, v))
		}
	}
	vals := slices.Clone(values)
	slices.Sort(vals)
	s := &Spectrum{Values: vals, Tol: tol}
	delta := s.threshold()
	start := 0
	for i := 1; i <= len(vals); i++ {
		if i < len(vals) && vals[i]-vals[i-1] <= delta {
			continue
		}
		s.Distinct = append(s.Distinct, Eigenvalue{Value: clusterMean(vals[start:i]), Mult: i - start})
		start = i
	}
	return s
}

// clusterMean returns the mean of the sorted, non-empty c computed as
// c₀ + mean(cᵢ − c₀), so that equal values give exactly that value, and
// clamped to [c₀, c_last].
func clusterMean(c []float64) float64 {
	lo, hi := c[0], c[len(c)-1]
	var m float64
	if math.IsInf(hi-lo, 0) {
		// Only with a huge tolerance: avoid overflow of the differences.
		for _, v := range c {
			m += v / float64(len(c))
		}
	} else {
		var sum float64
		for _, v := range c {
			sum += v - lo
		}
		m = lo + sum/float64(len(c))
	}
	return math.Min(math.Max(m, lo), hi)
}

// SpectrumOf returns the Spectrum of the symmetric matrix a, computed with the
// values-only path of EigenSym. Errors are those of EigenSym.
func SpectrumOf(a mat.Symmetric, tol Tolerance) (*Spectrum, error) {
	tol = tol.orDefault()
	e, err := EigenSym(a, false)
	if err != nil {
		return nil, err
	}
	return NewSpectrum(e.Values, tol), nil
}

// threshold returns δ = Tol.Abs + Tol.Rel·max |λᵢ|.
func (s *Spectrum) threshold() float64 {
	scale := math.Max(math.Abs(s.Values[0]), math.Abs(s.Values[len(s.Values)-1]))
	return s.Tol.Abs + s.Tol.Rel*scale
}

// Threshold returns δ = Tol.Abs + Tol.Rel·max |λᵢ|, the gap above which
// sorted eigenvalues start a new cluster and the magnitude at or below which
// an eigenvalue counts as zero.
func (s *Spectrum) Threshold() float64 { return s.threshold() }

// Members returns the eigenvalues in the cluster s.Distinct[i], ascending, as
// a subslice of s.Values. Its width Members[last] − Members[0] shows how far
// single linkage has chained. Members panics if i is out of range.
func (s *Spectrum) Members(i int) []float64 {
	if i < 0 || i >= len(s.Distinct) {
		panic("linalg: cluster index out of range")
	}
	start := 0
	for _, d := range s.Distinct[:i] {
		start += d.Mult
	}
	return s.Values[start : start+s.Distinct[i].Mult]
}

// Min returns the smallest eigenvalue λ₁.
func (s *Spectrum) Min() float64 { return s.Values[0] }

// Max returns the largest eigenvalue λₙ.
func (s *Spectrum) Max() float64 { return s.Values[len(s.Values)-1] }

// Inertia is the inertia of a symmetric matrix: the numbers of negative, zero
// and positive eigenvalues (Sylvester).
type Inertia struct {
	Neg, Zero, Pos int
}

// Inertia returns the inertia of the spectrum. An eigenvalue λ counts as zero
// when |λ| ≤ δ = Tol.Abs + Tol.Rel·max |λᵢ| (see Threshold), as negative when
// λ < −δ and as positive when λ > δ. Each eigenvalue is classified on its
// own, not by cluster, so Neg + Zero + Pos = len(s.Values).
func (s *Spectrum) Inertia() Inertia {
	delta := s.threshold()
	var in Inertia
	for _, v := range s.Values {
		switch {
		case v < -delta:
			in.Neg++
		case v > delta:
			in.Pos++
		default:
			in.Zero++
		}
	}
	return in
}

// Verdict classifies a symmetric matrix, typically the Hessian at a critical
// point, by the signs of its eigenvalues.
type Verdict int

const (
	// PositiveDefinite: every eigenvalue is positive (a strict local
	// minimum).
	PositiveDefinite Verdict = iota + 1
	// StrictSaddle: at least one eigenvalue is negative and at least one
	// is not (some direction of negative curvature exists, so the point is
	// not a local minimum); zero eigenvalues are allowed.
	StrictSaddle
	// Degenerate: no eigenvalue is negative but at least one is zero (the
	// second-order test is inconclusive).
	Degenerate
	// NegativeDefinite: every eigenvalue is negative (a strict local
	// maximum).
	NegativeDefinite
)

// String returns the verdict in words, e.g. "strict saddle".
func (v Verdict) String() string {
	switch v {
	case PositiveDefinite:
		return "positive definite"
	case StrictSaddle:
		return "strict saddle"
	case Degenerate:
		return "degenerate"
	case NegativeDefinite:
		return "negative definite"
	}
	return fmt.Sprintf("Verdict(%d)", int(v))
}

// Verdict classifies the spectrum using the signs of Inertia and returns the
// index, the number of negative eigenvalues (Inertia().Neg):
//
//	PositiveDefinite   Neg = 0, Zero = 0
//	Degenerate         Neg = 0, Zero > 0
//	StrictSaddle       0 < Neg < n
//	NegativeDefinite   Neg = n
func (s *Spectrum) Verdict() (v Verdict, index int) {
	in := s.Inertia()
	switch {
	case in.Neg == len(s.Values):
		return NegativeDefinite, in.Neg
	case in.Neg > 0:
		return StrictSaddle, in.Neg
	case in.Zero > 0:
		return Degenerate, 0
	}
	return PositiveDefinite, 0
}
