// Copyright ©2026 The relulab Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package landscape

import (
	"context"
	"errors"
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"

	"github.com/relulab/relulab/linalg"
)

// Default settings, used for zero fields of Settings.
const (
	// DefaultGradTol is the gradient-descent stopping tolerance on ‖∇F‖_F,
	// the peers' Safran–Shamir protocol (shared/peers safran_gd).
	DefaultGradTol = 1e-10
	// DefaultMaxIter bounds the gradient-descent steps (the peers' protocol).
	DefaultMaxIter = 200000
	// DefaultPolishTol is Newton polishing's target ‖∇F‖_F. Rounding puts the
	// floor of the computed gradient at a few ε·Σ‖wᵢ‖ ≈ 1e-15 for the
	// papers' sizes, so 1e-13 is reachable with a margin.
	DefaultPolishTol = 1e-13
	// DefaultMaxNewton bounds the Newton steps of Polish.
	DefaultMaxNewton = 50
	// DefaultPolishFrom is the largest ‖∇F‖_F at which SafranRun polishes a
	// gradient-descent end point that did not reach its tolerance; farther
	// away Newton may converge to a different critical point than the one GD
	// was approaching, so the run is left Undecided instead.
	DefaultPolishFrom = 1e-6
	// DefaultCriticalTol is the largest ‖∇F‖_F at which Classify treats a
	// point as critical; 1e-8 is five orders above the polishing target and
	// two below the GD tolerance's typical distance to a critical point
	// (‖W − W*‖ ≈ ‖∇F‖/λ_min with λ_min ≳ 1e-2).
	DefaultCriticalTol = 1e-8
	// DefaultLossTol is the loss at or below which a critical point is a
	// global minimum (F ≥ 0 with equality exactly at global minima). A
	// minimum polished to ‖∇F‖ ≈ 1e-13 has F ≈ ‖∇F‖²/λ_min ≈ 1e-24, and
	// degenerate global minima (extra neurons) reached by GD have F ≲ 1e-12,
	// while the spurious minima of the papers have F ≳ 1e-3.
	DefaultLossTol = 1e-10
)

// ErrNotConverged is returned (wrapped) with a valid Result when an
// iteration stops before meeting its tolerance: an iteration limit, or a
// Newton line search that can no longer reduce ‖∇F‖.
var ErrNotConverged = errors.New("landscape: not converged")

// StopReason says why an iteration stopped.
type StopReason int

const (
	// GradientTolerance: ‖∇F‖_F reached the tolerance.
	GradientTolerance StopReason = iota + 1
	// IterationLimit: the maximum number of iterations was taken.
	IterationLimit
	// NoProgress: the Newton line search could not reduce ‖∇F‖² (usually the
	// rounding floor above the tolerance, or a singular direction).
	NoProgress
	// Canceled: the context was canceled or its deadline passed.
	Canceled
	// LossTolerance: gradient descent reached F ≤ Settings.StopLoss.
	LossTolerance
)

func (r StopReason) String() string {
	switch r {
	case GradientTolerance:
		return "gradient tolerance"
	case IterationLimit:
		return "iteration limit"
	case NoProgress:
		return "no progress"
	case Canceled:
		return "canceled"
	case LossTolerance:
		return "loss tolerance"
	}
	return fmt.Sprintf("StopReason(%d)", int(r))
}

// Settings configures GradientDescent, Polish, Classify and SafranRun. The
// zero value (and a nil *Settings) gives the Safran–Shamir protocol of the
// peers: step 5/k for student width k, ‖∇F‖_F ≤ 1e-10, at most 200000 steps,
// then Newton polishing to ‖∇F‖_F < 1e-13.
type Settings struct {
	// Step is the fixed gradient-descent step; zero means 5/k.
	Step float64
	// GradTol is GD's tolerance on ‖∇F‖_F; zero means DefaultGradTol.
	GradTol float64
	// MaxIter bounds GD's steps; zero means DefaultMaxIter.
	MaxIter int
	// StopLoss, when positive, also stops GD once F ≤ StopLoss (checked
	// every 256 steps, Stop LossTolerance). Zero means never, the papers'
	// protocol. Gradient descent at the protocol's step decreases F, so a
	// run that reaches F ≤ StopLoss can no longer end at a critical point of
	// higher loss: with StopLoss far below the smallest spurious loss (F ≳
	// 1e-2 for the papers' sizes) this cuts the long, sublinear approach to
	// the degenerate global minima of over-parameterized students without
	// changing which runs end at spurious minima. SafranRun then polishes
	// and classifies the point as usual, so a global verdict stays verified
	// (and goes on with GD when the polish does not verify it).
	StopLoss float64
	// PolishTol is Newton's tolerance on ‖∇F‖_F; zero means DefaultPolishTol.
	PolishTol float64
	// MaxNewton bounds Newton's steps; zero means DefaultMaxNewton.
	MaxNewton int
	// PolishFrom: see DefaultPolishFrom; zero means that value.
	PolishFrom float64
	// CriticalTol and LossTol: see DefaultCriticalTol and DefaultLossTol;
	// zero means those values.
	CriticalTol, LossTol float64
	// Eig decides which Hessian eigenvalues are zero and clusters the distinct
	// ones (linalg.Tolerance; the zero value is linalg's default,
	// δ = 1e-8·max|λᵢ|).
	Eig linalg.Tolerance
	// SymTol is the tolerance of the symmetry analysis (Type, Isotropy,
	// Canonical); zero means DefaultSymTol.
	SymTol float64
}

func (s *Settings) orDefault() Settings {
	var r Settings
	if s != nil {
		r = *s
	}
	if r.GradTol == 0 {
		r.GradTol = DefaultGradTol
	}
	if r.MaxIter == 0 {
		r.MaxIter = DefaultMaxIter
	}
	if r.PolishTol == 0 {
		r.PolishTol = DefaultPolishTol
	}
	if r.MaxNewton == 0 {
		r.MaxNewton = DefaultMaxNewton
	}
	if r.PolishFrom == 0 {
		r.PolishFrom = DefaultPolishFrom
	}
	if r.CriticalTol == 0 {
		r.CriticalTol = DefaultCriticalTol
	}
	if r.LossTol == 0 {
		r.LossTol = DefaultLossTol
	}
	if r.SymTol == 0 {
		r.SymTol = DefaultSymTol
	}
	if r.Step < 0 || r.GradTol < 0 || r.MaxIter < 0 || r.StopLoss < 0 || r.PolishTol < 0 || r.MaxNewton < 0 ||
		r.PolishFrom < 0 || r.CriticalTol < 0 || r.LossTol < 0 || r.SymTol < 0 {
		panic("landscape: negative field in Settings")
	}
	return r
}

// Result is the end point of GradientDescent or Polish.
type Result struct {
	// W is the final point (a new matrix, k×d).
	W *mat.Dense
	// Loss is F(W) and GradNorm is ‖∇F(W)‖_F.
	Loss, GradNorm float64
	// Iterations is the number of steps taken.
	Iterations int
	// Stop says why the iteration stopped.
	Stop StopReason
}

func frob(a []float64) float64 {
	var s float64
	for _, v := range a {
		s += v * v
	}
	return math.Sqrt(s)
}

// GradientDescent runs W ← W − η∇F(W) from W0 (not modified) with the fixed
// step η = s.Step (5/k by default): before each step it computes ∇F and stops
// when ‖∇F‖_F ≤ s.GradTol, so Iterations counts the steps taken, exactly as
// the peers' safran_gd. The context is checked every 256 steps, and so is
// F when s.StopLoss > 0 (a Result with Stop LossTolerance and a nil error).
//
// It returns the Result and a nil error when the tolerance is met. It returns
// the Result so far together with an error wrapping ErrNotConverged
// (IterationLimit) or the context's error (Canceled). It returns a nil Result
// and an error wrapping ErrZeroNeuron or ErrNotFinite if an iterate has a zero
// neuron or the iteration diverges. It panics if W0's width differs from p's
// (NewProblem's alpha, or the teacher's d).
func GradientDescent(ctx context.Context, p *Problem, W0 mat.Matrix, s *Settings) (*Result, error) {
	k, d := W0.Dims()
	if d != p.d {
		panic(mat.ErrShape)
	}
	set := s.orDefault()
	step := set.Step
	if step == 0 {
		step = 5 / float64(k)
	}
	ws := NewWorkspace(p, k)
	W := mat.DenseCopyOf(W0)
	g := mat.NewDense(k, d, nil)
	wd, gd := W.RawMatrix().Data, g.RawMatrix().Data
	it := 0
	for ; ; it++ {
		gn, err := ws.gradientNorm(g, W)
		if err != nil {
			return nil, fmt.Errorf("landscape: gradient descent step %d: %w", it, err)
		}
		if gn <= set.GradTol || it == set.MaxIter {
			r := &Result{W: W, GradNorm: gn, Iterations: it, Stop: GradientTolerance}
			var err error
			if gn > set.GradTol {
				r.Stop = IterationLimit
				err = fmt.Errorf("%w: gradient descent reached %d steps at ‖∇F‖ = %.3g", ErrNotConverged, it, gn)
			}
			f, lerr := ws.Loss(W)
			if lerr != nil {
				return nil, lerr
			}
			r.Loss = f
			return r, err
		}
		if it&255 == 255 {
			if err := ctx.Err(); err != nil {
				f, _ := ws.Loss(W)
				return &Result{W: W, Loss: f, GradNorm: gn, Iterations: it, Stop: Canceled}, err
			}
			if set.StopLoss > 0 {
				f, err := ws.Loss(W)
				if err != nil {
					return nil, fmt.Errorf("landscape: gradient descent step %d: %w", it, err)
				}
				if f <= set.StopLoss {
					// ws.Loss reloaded W; g still holds ∇F(W) of this step.
					return &Result{W: W, Loss: f, GradNorm: gn, Iterations: it, Stop: LossTolerance}, nil
				}
			}
		}
		for i, v := range gd {
			wd[i] -= step * v
		}
	}
}

// Polish finds a critical point near W0 (not modified) by Newton's method on
// ∇F = 0, so minima, saddles and maxima alike: the step δ solves H δ = −∇F
// (Cholesky when H is positive definite, otherwise the pseudo-inverse of H
// from its eigendecomposition, dropping |λ| ≤ 1e-12·max|λ|), and a
// backtracking line search on φ(t) = ‖∇F(W + tδ)‖² accepts the first t in
// 1, ½, ¼, … with φ(t) ≤ (1 − 1e-4·t)·φ(0). It stops when ‖∇F‖_F < s.PolishTol
// (Stop GradientTolerance, nil error), after s.MaxNewton steps
// (IterationLimit) or when the line search fails below t = 2⁻³⁰ (NoProgress);
// in the last two cases the error wraps ErrNotConverged and the Result holds
// the best point. Errors of the closed forms (zero neuron, non-finite) and of
// the eigensolver return a nil Result.
func Polish(ctx context.Context, p *Problem, W0 mat.Matrix, s *Settings) (*Result, error) {
	k, d := W0.Dims()
	if d != p.d {
		panic(mat.ErrShape)
	}
	set := s.orDefault()
	n := k * d
	ws := NewWorkspace(p, k)
	W := mat.DenseCopyOf(W0)
	g := mat.NewDense(k, d, nil)
	trial := mat.NewDense(k, d, nil)
	gt := mat.NewDense(k, d, nil)
	h := mat.NewSymDense(n, nil)
	delta := mat.NewVecDense(n, nil)
	var chol mat.Cholesky
	if err := ws.Gradient(g, W); err != nil {
		return nil, fmt.Errorf("landscape: Newton polishing: %w", err)
	}
	gn := frob(g.RawMatrix().Data)
	result := func(it int, stop StopReason) (*Result, error) {
		f, err := ws.Loss(W)
		if err != nil {
			return nil, err
		}
		return &Result{W: W, Loss: f, GradNorm: gn, Iterations: it, Stop: stop}, nil
	}
	for it := 0; ; it++ {
		if gn < set.PolishTol {
			return result(it, GradientTolerance)
		}
		if it == set.MaxNewton {
			r, err := result(it, IterationLimit)
			if err != nil {
				return nil, err
			}
			return r, fmt.Errorf("%w: Newton polishing took %d steps, ‖∇F‖ = %.3g", ErrNotConverged, it, gn)
		}
		if err := ctx.Err(); err != nil {
			r, lerr := result(it, Canceled)
			if lerr != nil {
				return nil, lerr
			}
			return r, err
		}
		if err := ws.Hessian(h, W); err != nil {
			return nil, fmt.Errorf("landscape: Newton polishing: %w", err)
		}
		rhs := mat.NewVecDense(n, append([]float64(nil), g.RawMatrix().Data...))
		rhs.ScaleVec(-1, rhs)
		if chol.Factorize(h) {
			if err := chol.SolveVecTo(delta, rhs); err != nil {
				// Ill-conditioned: fall back to the pseudo-inverse.
				if err := pinvSolve(delta, h, rhs); err != nil {
					return nil, err
				}
			}
		} else if err := pinvSolve(delta, h, rhs); err != nil {
			return nil, err
		}
		phi0 := gn * gn
		accepted := false
		for t := 1.0; t >= 0x1p-30; t /= 2 {
			trial.Copy(W)
			td := trial.RawMatrix().Data
			for i, v := range delta.RawVector().Data {
				td[i] += t * v
			}
			if err := ws.Gradient(gt, trial); err != nil {
				continue // a zero neuron on the way: shorter step
			}
			gtn := frob(gt.RawMatrix().Data)
			if gtn*gtn <= (1-1e-4*t)*phi0 {
				W.Copy(trial)
				g.Copy(gt)
				gn = gtn
				accepted = true
				break
			}
		}
		if !accepted {
			r, err := result(it, NoProgress)
			if err != nil {
				return nil, err
			}
			return r, fmt.Errorf("%w: Newton line search failed at ‖∇F‖ = %.3g", ErrNotConverged, gn)
		}
	}
}

// pinvSolve stores the minimum-norm least-squares solution of h·x = b in dst,
// treating eigenvalues with |λ| ≤ 1e-12·max|λ| as zero (1e-12 is about
// 1e4·ε: the rounding error of a computed eigenvalue is ≈ n·ε·max|λ|).
func pinvSolve(dst *mat.VecDense, h *mat.SymDense, b *mat.VecDense) error {
	e, err := linalg.EigenSym(h, true)
	if err != nil {
		return fmt.Errorf("landscape: Newton step: %w", err)
	}
	n := len(e.Values)
	var lmax float64
	for _, v := range e.Values {
		lmax = math.Max(lmax, math.Abs(v))
	}
	c := mat.NewVecDense(n, nil)
	c.MulVec(e.Vectors.T(), b)
	for i, v := range e.Values {
		if math.Abs(v) <= 1e-12*lmax {
			c.SetVec(i, 0)
		} else {
			c.SetVec(i, c.AtVec(i)/v)
		}
	}
	dst.MulVec(e.Vectors, c)
	return nil
}
