// Copyright ©2026 The relulab Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

// Command overparam reproduces Du et al.'s (ICLR 2019) Figure 1 on
// over-parameterized two-layer ReLU networks and measures how wide a network
// must be for gradient descent to fit n points.
//
// The trajectory study trains f(x) = (1/√m) Σ_r a_r relu(w_r·x) (w_r(0) ~
// N(0, I), a_r = ±1 fixed) by full-batch GD on the square loss of n points
// uniform on the unit sphere of R^d with labels N(0, 1), for several widths,
// and prints and plots against the iteration the loss, the fraction of
// activation patterns changed and max_r ‖w_r(k) − w_r(0)‖: wider networks
// converge faster, change fewer patterns and move less (∝ 1/√m). The width
// sweep finds the smallest width m*(n) reaching L ≤ ε within T steps for
// several n, with λ0 and φ of the data, and fits the exponent of m*(n) to
// set beside Du et al.'s n⁶/λ0⁴ and Zou & Gu's n⁸/φ⁴.
//
// The defaults take about a minute on two cores. Du et al.'s scale is
//
//	overparam -n 1000 -d 1000 -widths 100,1000,10000 -steps 1000 -every 20 -nolambda -json overparam.jsonl -plots plots
//
// (tens of minutes on two cores; -nolambda skips the n³ eigenvalues of H(k) at
// every recorded step).
package main

import (
	"context"
	"flag"
	"os"

	"github.com/relulab/relulab/examples/internal/cli"
	"github.com/relulab/relulab/examples/internal/overparam"
)

func main() {
	cfg := overparam.DefaultConfig()
	flag.IntVar(&cfg.N, "n", cfg.N, "trajectory: number of points")
	flag.IntVar(&cfg.D, "d", cfg.D, "trajectory: input dimension")
	cli.IntsVar(&cfg.Widths, "widths", "trajectory: comma-separated widths m (empty: skip)")
	flag.IntVar(&cfg.Steps, "steps", cfg.Steps, "trajectory: GD steps")
	flag.Float64Var(&cfg.LR, "lr", cfg.LR, "trajectory: GD step size η (0: 1/λ_max(H∞))")
	flag.IntVar(&cfg.Every, "every", cfg.Every, "trajectory: record every `K` steps")
	flag.BoolVar(&cfg.NoLambda, "nolambda", cfg.NoLambda, "trajectory: skip λ_min(H(k)) at the recorded steps")
	cli.IntsVar(&cfg.SweepN, "sweep-n", "width sweep: comma-separated n (empty: skip)")
	flag.IntVar(&cfg.SweepD, "sweep-d", cfg.SweepD, "width sweep: input dimension")
	flag.Float64Var(&cfg.Eps, "eps", cfg.Eps, "width sweep: loss ε to reach")
	flag.IntVar(&cfg.T, "T", cfg.T, "width sweep: GD step budget")
	flag.IntVar(&cfg.MaxWidth, "max-width", cfg.MaxWidth, "width sweep: largest width tried")
	flag.IntVar(&cfg.Repeats, "repeats", cfg.Repeats, "width sweep: initializations that must all converge")
	flag.StringVar(&cfg.JSON, "json", "", "write JSON lines (one per (m, step) and per sweep n) to `FILE`")
	flag.StringVar(&cfg.Plots, "plots", "", "write loss.png, pattern_changed.png, max_dist.png and width.png to `DIR`")
	flag.Uint64Var(&cfg.Seed, "seed", cfg.Seed, "base seed")
	cli.ProgressVar(&cfg.Progress)
	cli.Main("overparam", func(ctx context.Context) error {
		return overparam.Run(ctx, cfg, os.Stdout, os.Stderr)
	})
}
