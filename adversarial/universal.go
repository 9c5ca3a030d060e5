// Copyright ©2026 The relulab Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package adversarial

import (
	"math"

	"gonum.org/v1/gonum/mat"

	"github.com/relulab/relulab/relu"
)

// Universal finds one perturbation v, shared by all points of a set, in the
// L2 ball ‖v‖ ≤ ε of the range of Restrict (typically P⊥), by projected
// gradient ascent on the summed logistic loss
//
//	L(v) = Σ_i log(1 + e^{−y_i f(x_i + v)}),
//	v_{t+1} = Π_ε(v_t + α Πg_t/‖Πg_t‖),   g_t = ∇L(v_t) = Σ_i ∇ₓℓ_i(x_i + v_t).
type Universal struct {
	Eps   float64 // radius ε, > 0
	Alpha float64 // step length α, > 0
	Steps int     // number of steps, ≥ 0
	// Restrict, if non-nil, confines v to the range of the projector.
	Restrict *Projector
}

// Perturbation returns the universal perturbation v (length d) and the
// fraction of points it misclassifies, #{i : y_i f(x_i + v) ≤ 0}/n. It
// returns the errors of Workspace.InputGrad (ErrEmpty, ErrNotFinite). It
// panics on a shape mismatch, labels other than ±1, Eps or Alpha not in
// (0, ∞), or negative Steps.
func (u *Universal) Perturbation(net *relu.Net, X mat.Matrix, y []float64) (v []float64, fooled float64, err error) {
	n, d := X.Dims()
	checkLabels(y, n)
	if !(u.Eps > 0) || !(u.Alpha > 0) || math.IsInf(u.Eps, 1) || math.IsInf(u.Alpha, 1) || u.Steps < 0 {
		panic("adversarial: Universal: need Eps, Alpha in (0, ∞), Steps ≥ 0")
	}
	if n == 0 {
		return nil, 0, ErrEmpty
	}
	if err := checkFinite("X", X); err != nil {
		return nil, 0, err
	}
	vm := mat.NewDense(1, d, nil)
	v = vm.RawRowView(0)
	adv := mat.NewDense(n, d, nil)
	G := mat.NewDense(n, d, nil)
	gsum := mat.NewDense(1, d, nil)
	g := gsum.RawRowView(0)
	f := make([]float64, n)
	var w Workspace
	weight := logisticWeight(y)
	shift := func() {
		for i := 0; i < n; i++ {
			row := adv.RawRowView(i)
			for j := range row {
				row[j] = X.At(i, j) + v[j]
			}
		}
	}
	for t := 0; t < u.Steps; t++ {
		shift()
		if _, _, err := w.lossGrad(G, f, net, adv, weight, nil); err != nil {
			return nil, 0, err
		}
		for j := range g {
			g[j] = 0
		}
		for i := 0; i < n; i++ {
			for j, x := range G.RawRowView(i) {
				g[j] += x
			}
		}
		u.Restrict.apply(gsum, nil)
		step := u.Alpha / math.Max(rowNorm(g), 1e-12)
		for j := range v {
			v[j] += step * g[j]
		}
		if nrm := rowNorm(v); nrm > u.Eps {
			for j := range v {
				v[j] *= u.Eps / nrm
			}
		}
	}
	shift()
	if _, _, err := w.InputGrad(G, f, net, adv); err != nil {
		return nil, 0, err
	}
	var k int
	for i := range f {
		if y[i]*f[i] <= 0 {
			k++
		}
	}
	return v, float64(k) / float64(n), nil
}
