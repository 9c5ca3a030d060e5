// Copyright ©2026 The relulab Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package adversarial

import (
	"context"
	"math"
	"slices"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/stat"

	"github.com/relulab/relulab/relu"
)

// FlipDistances returns, per point, the length of the shortest
// sign-flipping perturbation found in the range of p (nil: unrestricted):
// the smaller of the exact flip distances (RayFlip) along the DeepFool
// direction and along the projected gradient direction −yΠ∇f(x). Each is
// an upper bound on the true minimal distance in the range of p, and equals
// it when the nearest boundary point lies in the linear region of x. The
// distance is 0 for misclassified points and +Inf where neither ray flips
// the sign. FlipDistances returns the errors of DeepFool and RayFlip
// (ErrEmpty, ErrNotFinite). It panics on a shape mismatch or labels other
// than ±1.
func FlipDistances(net *relu.Net, X mat.Matrix, y []float64, p *Projector) ([]float64, error) {
	n, d := X.Dims()
	df := DeepFool{Restrict: p}
	adv, _, err := df.Attack(nil, net, X, y)
	if err != nil {
		return nil, err
	}
	V := mat.NewDense(n, d, nil)
	V.Sub(adv, X)
	t, err := RayFlip(net, X, V, y)
	if err != nil {
		return nil, err
	}
	var w Workspace
	G, _, err := w.lossGrad(nil, nil, net, X, func(i int, _ float64) float64 { return -y[i] }, p)
	if err != nil {
		return nil, err
	}
	tg, err := RayFlip(net, X, G, y)
	if err != nil {
		return nil, err
	}
	for i := range t {
		t[i] = math.Min(t[i], tg[i])
	}
	return t, nil
}

// Summary summarizes per-point minimal flip distances.
type Summary struct {
	// Distances per point, in input order (0: misclassified, +Inf: no flip found).
	Distances []float64
	// Q1, Median and Q3 are the empirical quartiles (stat.Empirical) of
	// Distances; they are +Inf when more than that share has no flip.
	Q1, Median, Q3 float64
	// NotFound counts the points with distance +Inf.
	NotFound int
}

// Summarize returns the summary of the distances dist (not modified). It
// panics if dist is empty or contains NaN or negative values.
func Summarize(dist []float64) Summary {
	if len(dist) == 0 {
		panic("adversarial: Summarize: no distances")
	}
	s := append([]float64(nil), dist...)
	var nf int
	for _, v := range s {
		if math.IsNaN(v) || v < 0 {
			panic("adversarial: Summarize: distance NaN or negative")
		}
		if math.IsInf(v, 1) {
			nf++
		}
	}
	slices.Sort(s)
	return Summary{
		Distances: append([]float64(nil), dist...),
		Q1:        stat.Quantile(0.25, stat.Empirical, s, nil),
		Median:    stat.Quantile(0.5, stat.Empirical, s, nil),
		Q3:        stat.Quantile(0.75, stat.Empirical, s, nil),
		NotFound:  nf,
	}
}

// RobustAccuracy returns the fraction of points whose flip distance exceeds
// ε: correctly classified and not flipped by any perturbation found of norm
// ≤ ε (an upper bound on the true robust accuracy).
func (s Summary) RobustAccuracy(eps float64) float64 {
	var k int
	for _, v := range s.Distances {
		if v > eps {
			k++
		}
	}
	return float64(k) / float64(len(s.Distances))
}

// Robustness holds flip-distance summaries for unrestricted perturbations,
// perturbations within P, and perturbations within P⊥.
type Robustness struct {
	All, Par, Perp Summary
}

// Measure computes FlipDistances for unrestricted, P-only and P⊥-only
// perturbations, with onP and onPerp the projections onto P and P⊥. It
// returns ctx.Err() if ctx is done between the three passes, and the errors
// of FlipDistances. Measure panics on a shape mismatch or labels other than
// ±1.
func Measure(ctx context.Context, net *relu.Net, X mat.Matrix, y []float64, onP, onPerp *Projector) (Robustness, error) {
	var r Robustness
	for _, c := range []struct {
		dst *Summary
		p   *Projector
	}{{&r.All, nil}, {&r.Par, onP}, {&r.Perp, onPerp}} {
		if err := ctx.Err(); err != nil {
			return Robustness{}, err
		}
		t, err := FlipDistances(net, X, y, c.p)
		if err != nil {
			return Robustness{}, err
		}
		*c.dst = Summarize(t)
	}
	return r, nil
}
