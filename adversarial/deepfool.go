// Copyright ©2026 The relulab Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package adversarial

import (
	"math"

	"gonum.org/v1/gonum/mat"

	"github.com/relulab/relulab/relu"
)

// DeepFool is the binary DeepFool attack (Moosavi-Dezfooli et al. 2016) in
// L2: from x₀ = x, while y f(x_k) > 0,
//
//	r_k = −f(x_k) g_k/‖g_k‖²,   g_k = Π∇f(x_k),   x_{k+1} = x_k + r_k,
//
// and the adversarial point is x + (1 + η) Σ_k r_k. Inside one linear
// region of a ReLU network f is affine, so a single step lands exactly on the
// boundary: DeepFool is exact when the nearest boundary point (in the
// range of Π) shares the region of x.
type DeepFool struct {
	// MaxIter bounds the number of steps; zero means 50.
	MaxIter int
	// Overshoot η ≥ 0; zero means 0.02.
	Overshoot float64
	// Restrict, if non-nil, confines the perturbation to the range of the
	// projector.
	Restrict *Projector
}

// Attack stores the adversarial points in dst (n×d; allocated if nil,
// resized if empty) and returns dst and the per-point boundary distances
// ‖Σ_k r_k‖ (without overshoot). The walk ends strictly beyond the
// boundary, by a bound on the rounding error of f (so that y f ≤ 0 however f
// is recomputed); that last margin is not counted in the distance. A point that does not reach the boundary
// within MaxIter steps, or whose projected gradient vanishes, gets distance
// +Inf and is left unchanged; a misclassified point (y f(x) ≤ 0) gets
// distance 0. Every other adversarial point is flipped: where the
// overshoot would cross the boundary back (it is not convex), η is halved
// until the point is flipped, down to x + Σ_k r_k itself.
//
// Attack returns the errors of Workspace.InputGrad (ErrEmpty,
// ErrNotFinite); dst and the distances are then unspecified. It panics on
// a shape mismatch, labels other than ±1, negative MaxIter or Overshoot
// not in [0, ∞).
func (a *DeepFool) Attack(dst *mat.Dense, net *relu.Net, X mat.Matrix, y []float64) (*mat.Dense, []float64, error) {
	n, d := X.Dims()
	checkLabels(y, n)
	if a.MaxIter < 0 || !(a.Overshoot >= 0) || math.IsInf(a.Overshoot, 1) {
		panic("adversarial: DeepFool: need MaxIter ≥ 0 and Overshoot in [0, ∞)")
	}
	if n == 0 {
		return dst, nil, ErrEmpty
	}
	maxIter := a.MaxIter
	if maxIter == 0 {
		maxIter = 50
	}
	eta := a.Overshoot
	if eta == 0 {
		eta = 0.02
	}
	cur := mat.DenseCopyOf(X)
	// r is the walk to the boundary and push the last step's extra move
	// beyond it by the rounding margin: cur = X + r + push.
	r := mat.NewDense(n, d, nil)
	push := mat.NewDense(n, d, nil)
	G := mat.NewDense(n, d, nil)
	f := make([]float64, n)
	done := make([]bool, n)
	failed := make([]bool, n)
	var w Workspace
	margin := newFlipMargin(net)
	for it := 0; ; it++ {
		if _, _, err := w.lossGrad(G, f, net, cur, nil, a.Restrict); err != nil {
			return dst, nil, err
		}
		left := 0
		for i := 0; i < n; i++ {
			if done[i] || failed[i] {
				continue
			}
			// Flipped beyond rounding: every recomputation of f has y f ≤ 0.
			tau := margin.at(cur.RawRowView(i))
			if y[i]*f[i] <= -tau {
				done[i] = true
				continue
			}
			if it == maxIter {
				failed[i] = true
				continue
			}
			g := G.RawRowView(i)
			g2 := rowNorm(g)
			g2 *= g2
			if g2 == 0 {
				failed[i] = true
				continue
			}
			// Step onto the local hyperplane f = 0 (a relative nudge of a
			// few ulps makes the step cross it despite rounding), then on to
			// y f = −2τ, beyond it by the rounding margin.
			c := -f[i] / g2 * (1 + 4*eps64)
			cp := -2 * y[i] * tau / g2
			ri, pi := r.RawRowView(i), push.RawRowView(i)
			xi := cur.RawRowView(i)
			for j, v := range g {
				ri[j] += pi[j] + c*v
				pi[j] = cp * v
				xi[j] = X.At(i, j) + ri[j] + pi[j]
			}
			left++
		}
		if left == 0 {
			break
		}
	}
	dist := make([]float64, n)
	for i := 0; i < n; i++ {
		if failed[i] {
			dist[i] = math.Inf(1)
			r.SetRow(i, make([]float64, d))
			continue
		}
		dist[i] = rowNorm(r.RawRowView(i))
	}
	r.Add(r, push)
	return overshoot(ensureDst(dst, n, d), net, X, y, r, eta), dist, nil
}

// overshoot stores x_i + (1+η) r_i in the rows of dst and returns dst.
//
// A point counts as flipped only when y_i f ≤ −τ_i, where τ_i bounds the
// rounding error of f at that point (see flipMargin): then every
// recomputation of f, whatever the batch it is part of and whatever BLAS
// computes it, has y_i f ≤ 0. For rows with r_i ≠ 0 that are not flipped
// in this sense (the boundary is crossed back within the overshoot, or f
// lands within rounding of 0) η is halved until the point is flipped or
// (1+η) rounds to 1; a row that never flips keeps the tried η with the
// smallest y_i f.
func overshoot(dst *mat.Dense, net *relu.Net, X mat.Matrix, y []float64, R *mat.Dense, eta float64) *mat.Dense {
	n, d := X.Dims()
	if xd, ok := X.(*mat.Dense); ok && xd == dst {
		// Attacking in place: keep the original points for the retries.
		X = mat.DenseCopyOf(xd)
	}
	set := func(i int, e float64) {
		out, r := dst.RawRowView(i), R.RawRowView(i)
		for j := range out {
			out[j] = X.At(i, j) + (1+e)*r[j]
		}
	}
	for i := 0; i < n; i++ {
		set(i, eta)
	}
	margin := newFlipMargin(net)
	type retry struct {
		i            int
		best, bestYF float64
	}
	var bad []retry
	for i, v := range net.Forward(nil, dst) {
		if y[i]*v > -margin.at(dst.RawRowView(i)) && rowNorm(R.RawRowView(i)) > 0 {
			bad = append(bad, retry{i: i, best: eta, bestYF: y[i] * v})
		}
	}
	for len(bad) > 0 && 1+eta > 1 {
		eta /= 2
		sub := mat.NewDense(len(bad), d, nil)
		for k, b := range bad {
			set(b.i, eta)
			copy(sub.RawRowView(k), dst.RawRowView(b.i))
		}
		fs := net.Forward(nil, sub)
		still := bad[:0]
		for k, b := range bad {
			yf := y[b.i] * fs[k]
			if yf <= -margin.at(sub.RawRowView(k)) {
				continue
			}
			if yf < b.bestYF {
				b.best, b.bestYF = eta, yf
			}
			still = append(still, b)
		}
		bad = still
	}
	for _, b := range bad {
		set(b.i, b.best)
	}
	return dst
}

// flipMargin bounds the rounding error of f(p) = s Σ_r a_r relu(w_r·p + b_r)
// computed in floating point by any summation order:
//
//	|fl(f) − f| ≤ τ(p) = 2(d+m+2)ε · |s| (‖p‖ Σ_r |a_r|‖w_r‖ + Σ_r |a_r||b_r|),
//
// the standard bound γ_n Σ|terms| for dot products, with |w_r·p| ≤ ‖w_r‖‖p‖.
type flipMargin struct {
	gamma, aw, ab float64
}

func newFlipMargin(net *relu.Net) flipMargin {
	m, d := net.Dims()
	var fm flipMargin
	for r := 0; r < m; r++ {
		a := math.Abs(net.A[r])
		fm.aw += a * rowNorm(net.W.RawRowView(r))
		if net.B != nil {
			fm.ab += a * math.Abs(net.B[r])
		}
	}
	fm.gamma = 2 * float64(d+m+2) * eps64 * math.Abs(net.Scale)
	return fm
}

func (fm flipMargin) at(p []float64) float64 {
	return fm.gamma * (rowNorm(p)*fm.aw + fm.ab)
}

// eps64 is the float64 machine epsilon.
const eps64 = 0x1p-52
