// Copyright ©2026 The relulab Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package adversarial

import (
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/mat"

	"github.com/relulab/relulab/relu"
)

// FGM is the fast gradient method in L2: one step of length ε along the
// normalized (and projected) input gradient of the logistic loss
// ℓ = log(1 + e^{−y f(x)}),
//
//	x′ = x + ε g/‖g‖,   g = Π ∇ₓℓ = −y σ(−y f(x)) Π∇f(x).
//
// It stores the adversarial points as the rows of dst (n×d; allocated if
// nil, resized if empty) and returns dst. A point whose projected gradient
// vanishes is left unchanged. p restricts the step to a subspace (nil:
// unrestricted). FGM returns the errors of Workspace.InputGrad (ErrEmpty,
// ErrNotFinite; dst is then unspecified). It panics on a shape mismatch,
// labels other than ±1 or ε not in [0, ∞).
func FGM(dst *mat.Dense, net *relu.Net, X mat.Matrix, y []float64, eps float64, p *Projector) (*mat.Dense, error) {
	n, d := X.Dims()
	checkLabels(y, n)
	if !(eps >= 0) || math.IsInf(eps, 1) {
		panic("adversarial: FGM: ε not in [0, ∞)")
	}
	var w Workspace
	G, _, err := w.lossGrad(nil, nil, net, X, logisticWeight(y), p)
	if err != nil {
		return dst, err
	}
	dst = ensureDst(dst, n, d)
	for i := 0; i < n; i++ {
		g := G.RawRowView(i)
		out := dst.RawRowView(i)
		nrm := rowNorm(g)
		for j := range out {
			out[j] = X.At(i, j)
			if nrm > 0 {
				out[j] += eps * g[j] / nrm
			}
		}
	}
	return dst, nil
}

// PGD is projected gradient ascent on the logistic loss
// ℓ = log(1 + e^{−y f(x)}) in an L2 ball (Madry et al. 2018):
//
//	δ₀ = 0 (or uniform in the ball),
//	δ_{t+1} = Π_ε(δ_t + α g_t/‖g_t‖),   g_t = Π ∇ₓℓ(x + δ_t),
//
// where Π projects onto the restriction subspace and Π_ε scales δ back
// onto the ball ‖δ‖ ≤ ε. Steps are batched: each costs one forward and one
// backward pass, two n×d×m matrix products, and allocates nothing after
// the first call with a given batch shape.
//
// The zero value is not useful: set Eps, Alpha and Steps. A PGD value keeps
// its buffers between calls and must not be used by two goroutines at once.
type PGD struct {
	Eps   float64 // radius ε of the L2 ball, > 0
	Alpha float64 // step length α, > 0
	Steps int     // number of steps, ≥ 0

	// RandomStart draws δ₀ uniformly from the ball (within the restriction
	// subspace) using Rand, which must then be non-nil.
	RandomStart bool
	Rand        *rand.Rand

	// Restrict, if non-nil, confines δ to the range of the projector.
	Restrict *Projector

	work       Workspace
	delta, adv *mat.Dense
	grad       *mat.Dense
	f          []float64
	// The batch (if a *mat.Dense) and whether this is the last step, for
	// stepRows, and that method's value, made once.
	xd   *mat.Dense
	last bool
	step func(lo, hi int)
}

// Attack stores the adversarial points x_i + δ_i as the rows of dst (n×d;
// allocated if nil, resized if empty) and returns dst. Every δ_i satisfies
// ‖δ_i‖ ≤ ε (up to one rounding of the rescaling) and lies in the range of
// Restrict.
//
// Attack returns an error wrapping ErrEmpty for an empty batch, and one
// wrapping ErrNotFinite if X holds NaN or ±Inf or a pass meets a non-finite
// value (see Workspace.InputGrad); dst is then unspecified. It panics on a
// shape mismatch, labels other than ±1, Eps or Alpha not in (0, ∞),
// negative Steps, or RandomStart without Rand.
func (a *PGD) Attack(dst *mat.Dense, net *relu.Net, X mat.Matrix, y []float64) (*mat.Dense, error) {
	n, d := X.Dims()
	checkLabels(y, n)
	if !(a.Eps > 0) || !(a.Alpha > 0) || math.IsInf(a.Eps, 1) || math.IsInf(a.Alpha, 1) || a.Steps < 0 {
		panic("adversarial: PGD: need Eps, Alpha in (0, ∞), Steps ≥ 0")
	}
	if a.RandomStart && a.Rand == nil {
		panic("adversarial: PGD: RandomStart without Rand")
	}
	if n == 0 {
		return dst, ErrEmpty
	}
	if err := checkFinite("X", X); err != nil {
		return dst, err
	}
	dst = ensureDst(dst, n, d)
	a.delta = ensure(a.delta, n, d)
	a.adv = ensure(a.adv, n, d)
	a.grad = ensure(a.grad, n, d)
	if len(a.f) != n {
		a.f = make([]float64, n)
	}
	delta, adv := a.delta, a.adv
	delta.Zero()
	if a.RandomStart {
		randomBall(delta, a.Eps, a.Restrict, a.Rand)
	}
	weight := logisticWeight(y)
	addRows(adv, X, delta)
	a.xd, _ = X.(*mat.Dense)
	if a.step == nil {
		a.step = a.stepRows
	}
	for t := 0; t < a.Steps; t++ {
		if _, _, err := a.work.lossGrad(a.grad, a.f, net, adv, weight, a.Restrict); err != nil {
			a.xd = nil
			return dst, err
		}
		a.last = t == a.Steps-1
		parallelRows(n, d, a.step)
		if a.xd == nil && !a.last {
			addRows(adv, X, delta)
		}
	}
	a.xd = nil
	addRows(dst, X, delta)
	return dst, nil
}

// stepRows makes the step of the rows lo…hi−1: δ += α g/‖g‖, rescaled
// onto the ball, and (unless it is the last step) the next x + δ when X is
// a *mat.Dense.
func (a *PGD) stepRows(lo, hi int) {
	dr, gr, ar := a.delta.RawMatrix(), a.grad.RawMatrix(), a.adv.RawMatrix()
	d := dr.Cols
	for i := lo; i < hi; i++ {
		g := gr.Data[i*gr.Stride : i*gr.Stride+d]
		dl := dr.Data[i*dr.Stride : i*dr.Stride+d]
		floats.AddScaled(dl, a.Alpha/math.Max(rowNorm(g), 1e-12), g)
		if nrm := rowNorm(dl); nrm > a.Eps {
			floats.Scale(a.Eps/nrm, dl)
		}
		if a.xd != nil && !a.last {
			floats.AddTo(ar.Data[i*ar.Stride:i*ar.Stride+d], a.xd.RawRowView(i), dl)
		}
	}
}

// addRows sets dst = X + delta.
func addRows(dst *mat.Dense, X mat.Matrix, delta *mat.Dense) {
	if xd, ok := X.(*mat.Dense); ok {
		dst.Add(xd, delta)
		return
	}
	n, d := X.Dims()
	for i := 0; i < n; i++ {
		for j := 0; j < d; j++ {
			dst.Set(i, j, X.At(i, j)+delta.At(i, j))
		}
	}
}

// randomBall fills the rows of delta with independent points uniform in the
// ball of radius eps of the range of p (dimension k): a projected Gaussian
// direction, radius eps·U^{1/k}.
func randomBall(delta *mat.Dense, eps float64, p *Projector, rnd *rand.Rand) {
	n, d := delta.Dims()
	k := p.rank(d)
	if k == 0 {
		delta.Zero()
		return
	}
	raw := delta.RawMatrix()
	for i := range raw.Data[:n*raw.Stride] {
		raw.Data[i] = rnd.NormFloat64()
	}
	p.apply(delta, nil)
	for i := 0; i < n; i++ {
		row := delta.RawRowView(i)
		nrm := rowNorm(row)
		if nrm == 0 {
			continue
		}
		r := eps * math.Pow(rnd.Float64(), 1/float64(k)) / nrm
		for j := range row {
			row[j] *= r
		}
	}
}
