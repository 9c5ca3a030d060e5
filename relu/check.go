// Copyright ©2026 The relulab Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package relu

import (
	"errors"
	"fmt"
	"math"

	"gonum.org/v1/gonum/diff/fd"
	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/mat"
)

// ErrNearKink is returned by CheckGradient when a preactivation is so close
// to zero that a finite-difference step could cross a ReLU kink.
var ErrNearKink = errors.New("relu: point too close to a ReLU kink for finite differences")

// GradCheck configures CheckGradient. The zero value uses the defaults.
type GradCheck struct {
	// Layers are the parameter groups whose gradients are checked; zero
	// means all of W, b (if the network has biases) and a.
	Layers Layers
	// Inputs also checks the batch of input gradients ∂L/∂x_i.
	Inputs bool
	// Step is the central-difference step h; zero means 1e-6.
	Step float64
	// Tol bounds max |analytic − fd| / max(1, max |fd|); zero means 1e-6.
	Tol float64
}

// CheckGradient is the finite-difference conformance check of LossGrad: it
// compares the analytic gradient of L = Σ_i ℓ(f(x_i), y_i) with respect to the
// chosen parameters (and, if asked, the inputs) of net against central
// differences (gonum.org/v1/gonum/diff/fd) and returns nil if they agree to
// within the tolerance, an error naming the worst coordinate otherwise.
//
// ReLU networks are only piecewise smooth, so the comparison is meaningful
// only away from kinks: CheckGradient returns an error wrapping ErrNearKink
// if some preactivation |z_ir| is smaller than 4h(‖x_i‖ + ‖w_r‖ + 1), the
// most a step of size h in any coordinate can move it (times 4).
//
// With the default step h = 1e-6, central differences are exact for the
// piecewise-quadratic square loss up to rounding, about ε|L|/h ≈ 1e-10|L|,
// and have truncation error O(h²) ≈ 1e-12 for the smooth margin losses, so
// the default tolerance 1e-6 leaves a wide margin while catching any wrong
// term. net, X and y are not modified.
func CheckGradient(net *Net, loss Loss, X mat.Matrix, y []float64, c GradCheck) error {
	net.check()
	h := c.Step
	if h == 0 {
		h = 1e-6
	}
	tol := c.Tol
	if tol == 0 {
		tol = 1e-6
	}
	ly := c.Layers
	if ly == 0 {
		ly = LayerW | LayerA
		if net.B != nil {
			ly |= LayerB
		}
	}
	m, d := net.W.Dims()
	n, _ := X.Dims()

	// Kink margin.
	Z := net.Preactivations(nil, X)
	xn := rowNorms(X)
	wn := rowNorms(net.W)
	for i := 0; i < n; i++ {
		for r := 0; r < m; r++ {
			if z := Z.At(i, r); math.Abs(z) < 4*h*(xn[i]+wn[r]+1) {
				return fmt.Errorf("relu: z[%d,%d] = %g: %w", i, r, z, ErrNearKink)
			}
		}
	}

	// Analytic gradient.
	g := NewGrad(net, ly)
	if c.Inputs {
		g.X = mat.NewDense(n, d, nil)
	}
	if _, err := net.LossGrad(g, loss, X, y, nil); err != nil {
		return err
	}

	// Pack the checked coordinates into one vector θ, in the order W
	// (row-major), b, a, X (row-major).
	work := net.Clone()
	Xw := mat.DenseCopyOf(X)
	type block struct {
		name string
		data []float64 // live storage in work / Xw
		grad []float64
		cols int
	}
	var blocks []block
	if g.W != nil {
		blocks = append(blocks, block{"W", denseData(work.W), denseData(g.W), d})
	}
	if g.B != nil {
		blocks = append(blocks, block{"b", work.B, g.B, m})
	}
	if g.A != nil {
		blocks = append(blocks, block{"a", work.A, g.A, m})
	}
	if g.X != nil {
		blocks = append(blocks, block{"X", denseData(Xw), denseData(g.X), d})
	}
	var theta, want []float64
	for _, b := range blocks {
		theta = append(theta, b.data...)
		want = append(want, b.grad...)
	}
	unpack := func(v []float64) {
		off := 0
		for _, b := range blocks {
			copy(b.data, v[off:off+len(b.data)])
			off += len(b.data)
		}
	}
	f := func(v []float64) float64 {
		unpack(v)
		L, _ := work.LossGrad(nil, loss, Xw, y, nil)
		return L
	}
	got := fd.Gradient(nil, f, theta, &fd.Settings{Formula: fd.Central, Step: h})
	scale := math.Max(1, floats.Norm(got, math.Inf(1)))
	worst, wi := 0.0, -1
	for i := range got {
		if e := math.Abs(got[i] - want[i]); e > worst || math.IsNaN(e) {
			worst, wi = e, i
		}
	}
	if wi >= 0 && !(worst <= tol*scale) {
		off := 0
		for _, b := range blocks {
			if wi < off+len(b.data) {
				k := wi - off
				return fmt.Errorf("relu: gradient check failed at ∂L/∂%s[%d,%d]: analytic %g, finite difference %g (error %g > %g)",
					b.name, k/b.cols, k%b.cols, want[wi], got[wi], worst, tol*scale)
			}
			off += len(b.data)
		}
	}
	return nil
}

// denseData returns the contiguous data of a freshly allocated matrix.
func denseData(a *mat.Dense) []float64 {
	raw := a.RawMatrix()
	if raw.Stride != raw.Cols {
		panic("relu: internal: non-contiguous matrix")
	}
	return raw.Data[:raw.Rows*raw.Cols]
}

// rowNorms returns the Euclidean norms of the rows of a.
func rowNorms(a mat.Matrix) []float64 {
	r, _ := a.Dims()
	out := make([]float64, r)
	for i := range out {
		out[i] = floats.Norm(mat.Row(nil, i, a), 2)
	}
	return out
}
