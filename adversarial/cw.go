// Copyright ©2026 The relulab Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package adversarial

import (
	"math"

	"gonum.org/v1/gonum/mat"

	"github.com/relulab/relulab/relu"
)

// CarliniWagner is the Carlini–Wagner L2 attack (2017) on a binary logit:
// for each point it minimizes
//
//	‖δ‖² + c · max(y f(x + δ), −κ)
//
// over δ in the range of Restrict with Adam, and chooses the constant c by
// binary search per point (×10 until the first success, then bisection),
// keeping the smallest δ with y f(x + δ) < 0 seen.
type CarliniWagner struct {
	// C0 is the initial constant; zero means 1.
	C0 float64
	// Kappa κ ≥ 0 is the confidence margin.
	Kappa float64
	// BinarySteps is the number of constants tried; zero means 8.
	BinarySteps int
	// Steps is the number of Adam steps per constant; zero means 100.
	Steps int
	// LearningRate of Adam; zero means 0.01.
	LearningRate float64
	// Restrict, if non-nil, confines δ to the range of the projector.
	Restrict *Projector
}

// Attack stores the adversarial points in dst (n×d; allocated if nil,
// resized if empty) and returns dst and ‖δ_i‖ of the best perturbation
// found per point (+Inf and unchanged where none flipped the sign, 0 for
// misclassified points). It returns the errors of Workspace.InputGrad
// (ErrEmpty, ErrNotFinite); dst and the distances are then unspecified. It
// panics on a shape mismatch, labels other than ±1, or a negative or
// non-finite setting.
func (a *CarliniWagner) Attack(dst *mat.Dense, net *relu.Net, X mat.Matrix, y []float64) (*mat.Dense, []float64, error) {
	n, d := X.Dims()
	checkLabels(y, n)
	for _, v := range []float64{a.Kappa, a.C0, a.LearningRate} {
		if !(v >= 0) || math.IsInf(v, 1) {
			panic("adversarial: CarliniWagner: need Kappa, C0, LearningRate in [0, ∞)")
		}
	}
	if a.BinarySteps < 0 || a.Steps < 0 {
		panic("adversarial: CarliniWagner: negative step count")
	}
	if n == 0 {
		return dst, nil, ErrEmpty
	}
	dst = ensureDst(dst, n, d)
	c0, bin, steps, lr := a.C0, a.BinarySteps, a.Steps, a.LearningRate
	if c0 == 0 {
		c0 = 1
	}
	if bin == 0 {
		bin = 8
	}
	if steps == 0 {
		steps = 100
	}
	if lr == 0 {
		lr = 0.01
	}
	const beta1, beta2, adamEps = 0.9, 0.999, 1e-8
	best := make([]float64, n)
	for i := range best {
		best[i] = math.Inf(1)
	}
	bestX := mat.DenseCopyOf(X)
	c := make([]float64, n)
	lo := make([]float64, n)
	hi := make([]float64, n)
	for i := range c {
		c[i], hi[i] = c0, math.Inf(1)
	}
	delta := mat.NewDense(n, d, nil)
	mom := mat.NewDense(n, d, nil)
	vel := mat.NewDense(n, d, nil)
	step := mat.NewDense(n, d, nil)
	adv := mat.NewDense(n, d, nil)
	G := mat.NewDense(n, d, nil)
	f := make([]float64, n)
	success := make([]bool, n)
	var w Workspace
	// Misclassified points need no perturbation.
	_, f0, err := w.InputGrad(G, f, net, X)
	if err != nil {
		return dst, nil, err
	}
	for i := range f0 {
		if y[i]*f0[i] <= 0 {
			best[i] = 0
		}
	}
	for b := 0; b < bin; b++ {
		delta.Zero()
		mom.Zero()
		vel.Zero()
		for i := range success {
			success[i] = false
		}
		for t := 1; t <= steps+1; t++ {
			addRows(adv, X, delta)
			// Gradient of the hinge term: c y ∇f where y f > −κ.
			_, _, err := w.lossGrad(G, f, net, adv, func(i int, fi float64) float64 {
				if y[i]*fi > -a.Kappa {
					return c[i] * y[i]
				}
				return 0
			}, nil)
			if err != nil {
				return dst, nil, err
			}
			for i := 0; i < n; i++ {
				dl := delta.RawRowView(i)
				if y[i]*f[i] < 0 {
					if nrm := rowNorm(dl); nrm < best[i] {
						best[i] = nrm
						copy(bestX.RawRowView(i), adv.RawRowView(i))
					}
					success[i] = true
				}
			}
			if t > steps {
				break
			}
			// Adam on ‖δ‖² + c·hinge, then project the step.
			gr, dr := G.RawMatrix(), delta.RawMatrix()
			mr, vr, sr := mom.RawMatrix(), vel.RawMatrix(), step.RawMatrix()
			b1t := 1 - math.Pow(beta1, float64(t))
			b2t := 1 - math.Pow(beta2, float64(t))
			for k := range gr.Data {
				g := gr.Data[k] + 2*dr.Data[k]
				mr.Data[k] = beta1*mr.Data[k] + (1-beta1)*g
				vr.Data[k] = beta2*vr.Data[k] + (1-beta2)*g*g
				sr.Data[k] = -lr * (mr.Data[k] / b1t) / (math.Sqrt(vr.Data[k]/b2t) + adamEps)
			}
			w.coef = a.Restrict.apply(step, w.coef)
			delta.Add(delta, step)
		}
		for i := 0; i < n; i++ {
			if success[i] {
				hi[i] = math.Min(hi[i], c[i])
			} else {
				lo[i] = math.Max(lo[i], c[i])
			}
			if math.IsInf(hi[i], 1) {
				c[i] *= 10
			} else {
				c[i] = (lo[i] + hi[i]) / 2
			}
		}
	}
	dst.Copy(bestX)
	return dst, best, nil
}
