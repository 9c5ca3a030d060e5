// Copyright ©2026 The relulab Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package relu

import "math"

// Loss is a per-sample loss ℓ(f, y) of a network output f against a label y.
// The loss of a batch is the sum L = Σ_i ℓ(f(x_i), y_i) (or its mean, where
// a caller asks for it).
type Loss interface {
	// Eval returns ℓ(f, y) and its derivative ∂ℓ/∂f. It may be called
	// from several goroutines at once.
	Eval(f, y float64) (value, deriv float64)
}

// Square is the square loss ℓ(f, y) = ½ (f − y)², ∂ℓ/∂f = f − y, used by
// Du et al. (2019) for regression labels.
type Square struct{}

// Eval implements Loss.
func (Square) Eval(f, y float64) (value, deriv float64) {
	r := f - y
	return 0.5 * r * r, r
}

// Logistic is the margin-based logistic loss for labels y ∈ {−1, +1}:
//
//	ℓ(f, y) = log(1 + exp(−y f)),   ∂ℓ/∂f = −y / (1 + exp(y f)).
//
// It is evaluated without overflow for any finite margin y f.
type Logistic struct{}

// Eval implements Loss.
func (Logistic) Eval(f, y float64) (value, deriv float64) {
	t := -y * f // ℓ = softplus(t), ∂ℓ/∂f = −y σ(t)
	var sp, sig float64
	if t > 0 {
		e := math.Exp(-t)
		sp = t + math.Log1p(e)
		sig = 1 / (1 + e)
	} else {
		e := math.Exp(t)
		sp = math.Log1p(e)
		sig = e / (1 + e)
	}
	return sp, -y * sig
}

// Exponential is the margin-based exponential loss for labels y ∈ {−1, +1}:
//
//	ℓ(f, y) = exp(−y f),   ∂ℓ/∂f = −y exp(−y f).
type Exponential struct{}

// Eval implements Loss.
func (Exponential) Eval(f, y float64) (value, deriv float64) {
	e := math.Exp(-y * f)
	return e, -y * e
}
