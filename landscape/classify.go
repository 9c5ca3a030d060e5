// Copyright ©2026 The relulab Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package landscape

import (
	"fmt"

	"gonum.org/v1/gonum/mat"

	"github.com/relulab/relulab/linalg"
)

// Verdict is the kind of a point found by a critical-point search.
type Verdict int

const (
	// Undecided: not a critical point within Settings.CriticalTol (for
	// example GD stopped at its iteration limit).
	Undecided Verdict = iota
	// GlobalMinimum: a critical point with F ≤ Settings.LossTol (F ≥ 0, so
	// it is a global minimum whatever its Hessian).
	GlobalMinimum
	// SpuriousMinimum: F > LossTol and the Hessian is positive definite
	// (every eigenvalue above the zero tolerance), a strict local minimum.
	SpuriousMinimum
	// Saddle: the Hessian has a negative eigenvalue (index ≥ 1); a local
	// maximum (all negative) counts here too.
	Saddle
	// Degenerate: F > LossTol, no negative but some zero eigenvalue; second
	// order does not decide.
	Degenerate
)

func (v Verdict) String() string {
	switch v {
	case Undecided:
		return "undecided"
	case GlobalMinimum:
		return "global minimum"
	case SpuriousMinimum:
		return "spurious minimum"
	case Saddle:
		return "saddle"
	case Degenerate:
		return "degenerate"
	}
	return fmt.Sprintf("Verdict(%d)", int(v))
}

// Classification describes a point W of a Problem.
type Classification struct {
	Verdict Verdict
	// Loss is F(W) and GradNorm is ‖∇F(W)‖_F.
	Loss, GradNorm float64
	// Spectrum is the Hessian's spectrum (all eigenvalues and the distinct
	// ones with multiplicities, clustered with Settings.Eig); nil when the
	// point is not critical.
	Spectrum *linalg.Spectrum
	// Inertia counts negative, zero and positive eigenvalues; Inertia.Neg is
	// the index of the critical point.
	Inertia linalg.Inertia
	// MinEig is λ_min of the Hessian (0 when Spectrum is nil).
	MinEig float64
}

// Classify computes F, ∇F and, when ‖∇F‖_F ≤ s.CriticalTol, the spectrum of
// the Hessian at W, and returns the verdict:
//
//	‖∇F‖_F > CriticalTol                 Undecided (no spectrum computed)
//	F ≤ LossTol                          GlobalMinimum
//	no zero or negative eigenvalue       SpuriousMinimum
//	a negative eigenvalue                Saddle
//	otherwise (zero but no negative)     Degenerate
//
// where an eigenvalue λ is zero when |λ| ≤ δ = Eig.Abs + Eig.Rel·max|λᵢ|
// (linalg.Tolerance; by default δ = 1e-8·max|λᵢ|, far above the Hessian's
// error ≈ ‖∇F‖ + n·ε·‖H‖ at a polished point and far below the smallest
// curvature of the published minima, 0.014 at d = 7). It returns the errors of
// the closed forms (zero neuron, non-finite) and of the eigensolver.
func Classify(p *Problem, W mat.Matrix, s *Settings) (*Classification, error) {
	set := s.orDefault()
	k, _ := W.Dims()
	ws := NewWorkspace(p, k)
	var g mat.Dense
	f, err := ws.LossGrad(&g, W)
	if err != nil {
		return nil, err
	}
	c := &Classification{Loss: f, GradNorm: frob(g.RawMatrix().Data)}
	if c.GradNorm > set.CriticalTol {
		return c, nil
	}
	var h mat.SymDense
	if err := ws.Hessian(&h, W); err != nil {
		return nil, err
	}
	sp, err := linalg.SpectrumOf(&h, set.Eig)
	if err != nil {
		return nil, fmt.Errorf("landscape: classify: %w", err)
	}
	c.Spectrum = sp
	c.Inertia = sp.Inertia()
	c.MinEig = sp.Min()
	switch {
	case f <= set.LossTol:
		c.Verdict = GlobalMinimum
	case c.Inertia.Neg > 0:
		c.Verdict = Saddle
	case c.Inertia.Zero > 0:
		c.Verdict = Degenerate
	default:
		c.Verdict = SpuriousMinimum
	}
	return c, nil
}
