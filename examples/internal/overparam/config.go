// Copyright ©2026 The relulab Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

// Package overparam reproduces the experiment of Du, Zhai, Póczos and Singh
// (ICLR 2019, Figure 1) on over-parameterized two-layer ReLU networks, and
// measures how wide a network must be for gradient descent to fit n points.
// It is the library behind examples/overparam.
//
// The trajectory study trains f(x) = (1/√m) Σ_r a_r relu(w_r·x), with
// w_r(0) ~ N(0, I) and fixed a_r = ±1, by full-batch GD with a fixed step
// on the square loss L = ½ Σ_i (f(x_i) − y_i)² of n points uniform on the
// unit sphere in R^d with labels y_i ~ N(0, 1), for several widths m, and
// records against the iteration k the loss, the fraction of activation
// patterns changed since initialization, max_r ‖w_r(k) − w_r(0)‖ and
// λ_min(H(k)). Wider networks converge faster, change fewer patterns and
// move less (max distance ∝ 1/√m).
//
// The width sweep finds, for each n in a list, the smallest width m*(n) at
// which GD reaches L ≤ ε within T steps, and fits the exponent of m*(n) ∝ n^a
// to set beside the orders n⁶/λ0⁴ (Du et al.) and n⁸/φ⁴ (Zou & Gu) of the
// theory, evaluated on the same data.
package overparam

import (
	"errors"
	"fmt"
	"math"
)

// Config holds the settings of both studies; its fields are the flags of
// examples/overparam.
type Config struct {
	// N and D are the number of points and their dimension in the
	// trajectory study (-n, -d).
	N, D int
	// Widths lists the widths m of the trajectory study (-widths); empty
	// skips the study.
	Widths []int
	// Steps is the number of GD steps of the trajectory study (-steps).
	Steps int
	// LR is the GD step size η (-lr); zero means 1/λ_max(H∞) of the data,
	// half the largest step that is stable in the infinite-width limit
	// (where u(k+1) − y = (I − ηH∞)(u(k) − y)). The sweep always uses
	// this automatic step for each n.
	LR float64
	// Every is the interval of recorded steps (-every): rows are recorded at
	// steps 0, Every, 2·Every, … and at the last step.
	Every int
	// NoLambda skips λ_min(H(k)) at the recorded steps (-nolambda), whose
	// n³ eigenvalue cost dominates at paper scale; lambda_min_H is then
	// omitted from the rows.
	NoLambda bool

	// SweepN lists the n of the width sweep (-sweep-n); empty skips it.
	SweepN []int
	// SweepD is the dimension of the sweep's data (-sweep-d).
	SweepD int
	// Eps is the loss ε the sweep's GD must reach (-eps).
	Eps float64
	// T is the sweep's step budget (-T).
	T int
	// MaxWidth bounds the sweep's search for m* (-max-width).
	MaxWidth int
	// Repeats is the number of independent initializations that must all
	// reach ε for a width to count as converging (-repeats); it makes
	// m*(n) less sensitive to one lucky draw.
	Repeats int

	// JSON, if not empty, is the file for the JSON-lines rows (-json).
	JSON string
	// Plots, if not empty, is the directory for the PNG figures (-plots).
	Plots string
	// Seed is the base seed (-seed); every data set and network has a
	// seed derived from it.
	Seed uint64
	// Progress draws a progress bar on stderr.
	Progress bool
}

// DefaultConfig returns the defaults of examples/overparam: n = 200 points in
// d = 100, widths 25 to 6400, 200 steps; a sweep over n = 8…128 in d = 16
// with 3 initializations per width. Under a minute on two cores.
func DefaultConfig() Config {
	return Config{
		N: 200, D: 100, Widths: []int{25, 100, 400, 1600, 6400}, Steps: 200, Every: 5,
		SweepN: []int{8, 16, 32, 64, 128}, SweepD: 16, Eps: 1e-3, T: 1000, MaxWidth: 1 << 16, Repeats: 3,
		Seed: 1,
	}
}

// TourConfig returns a short version for examples/tour: n = 40 points in
// d = 20, widths 50, 400 and 3200, 100 steps, a sweep over n = 8, 16, 32;
// about a second.
func TourConfig() Config {
	return Config{
		N: 40, D: 20, Widths: []int{50, 400, 3200}, Steps: 100, Every: 10,
		SweepN: []int{8, 16, 32}, SweepD: 16, Eps: 1e-3, T: 1000, MaxWidth: 1 << 12, Repeats: 3,
		Seed: 1,
	}
}

func (c *Config) validate() error {
	switch {
	case len(c.Widths) > 0 && (c.N < 1 || c.D < 1):
		return fmt.Errorf("overparam: need n ≥ 1 and d ≥ 1, have n = %d, d = %d", c.N, c.D)
	case len(c.Widths) > 0 && c.Steps < 1:
		return fmt.Errorf("overparam: need steps ≥ 1, have %d", c.Steps)
	case len(c.Widths) > 0 && c.Every < 1:
		return fmt.Errorf("overparam: need every ≥ 1, have %d", c.Every)
	case !(c.LR >= 0) || math.IsInf(c.LR, 1):
		return fmt.Errorf("overparam: learning rate %v is not ≥ 0 and finite", c.LR)
	case len(c.SweepN) > 0 && (c.SweepD < 1 || !(c.Eps > 0) || c.T < 1 || c.MaxWidth < 1 || c.Repeats < 1):
		return fmt.Errorf("overparam: sweep needs d ≥ 1, ε > 0, T ≥ 1, max width ≥ 1, repeats ≥ 1; have %d, %v, %d, %d, %d",
			c.SweepD, c.Eps, c.T, c.MaxWidth, c.Repeats)
	case len(c.Widths) == 0 && len(c.SweepN) == 0:
		return errors.New("overparam: nothing to do: no widths and no sweep")
	}
	for _, m := range c.Widths {
		if m < 1 {
			return fmt.Errorf("overparam: width %d < 1", m)
		}
	}
	for _, n := range c.SweepN {
		if n < 2 {
			return fmt.Errorf("overparam: sweep n = %d < 2", n)
		}
	}
	// The seed streams (dataRand, netRand) hold n in 16 bits, d in 24 and
	// the width in 32; beyond, two parts of the study would share a stream.
	// (An n×n H∞ at n = 2¹⁶ would already take 34 GB.)
	for _, n := range append([]int{c.N}, c.SweepN...) {
		if n > maxN {
			return fmt.Errorf("overparam: n = %d data points: at most %d", n, maxN)
		}
	}
	for _, d := range []int{c.D, c.SweepD} {
		if d > maxD {
			return fmt.Errorf("overparam: dimension d = %d: at most %d", d, maxD)
		}
	}
	for _, m := range append([]int{c.MaxWidth}, c.Widths...) {
		if m > maxWidth {
			return fmt.Errorf("overparam: width %d: at most %d", m, maxWidth)
		}
	}
	return nil
}

// Limits of the seed streams' keys (see validate).
const (
	maxN     = 1<<16 - 1
	maxD     = 1<<24 - 1
	maxWidth = 1<<32 - 1
)
