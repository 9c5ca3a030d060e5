// Copyright ©2026 The relulab Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package overparam

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"text/tabwriter"
	"time"

	"github.com/schollz/progressbar/v3"
	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/stat"

	"github.com/relulab/relulab/datasets"
	"github.com/relulab/relulab/examples/internal/cli"
	"github.com/relulab/relulab/linalg"
	"github.com/relulab/relulab/relu"
)

// TrajectoryRow is one recorded step of one width in the trajectory study.
type TrajectoryRow struct {
	Study          string   `json:"study"` // "trajectory"
	N              int      `json:"n"`
	D              int      `json:"d"`
	M              int      `json:"m"`
	Step           int      `json:"step"`
	Loss           float64  `json:"loss"`            // ½ Σ (f(x_i) − y_i)²
	PatternChanged float64  `json:"pattern_changed"` // fraction of (i, r) with sign(w_r·x_i) changed
	MaxDist        float64  `json:"max_dist"`        // max_r ‖w_r(k) − w_r(0)‖
	LambdaMinH     *float64 `json:"lambda_min_H,omitempty"`
}

// WidthRow is the result of the width sweep for one n.
type WidthRow struct {
	Study   string  `json:"study"` // "width"
	N       int     `json:"n"`
	D       int     `json:"d"`
	MStar   int     `json:"m_star"` // smallest width reaching L ≤ ε in T steps; 0 if none up to MaxWidth
	Lambda0 float64 `json:"lambda0"`
	Phi     float64 `json:"phi"`
	// NotReached is set when no width up to MaxWidth converged.
	NotReached bool `json:"not_reached,omitempty"`
}

// Result holds the rows of both studies.
type Result struct {
	Eta        float64 // step size of the trajectory study
	Lambda0    float64 // λ0 = λ_min(H∞) of the trajectory data
	Trajectory []TrajectoryRow
	Width      []WidthRow
	// Exponent is the fitted a of m*(n) ∝ n^a, and DuExponent and
	// ZouGuExponent the log-log slopes of n⁶/λ0⁴ and n⁸/φ⁴ over the same
	// n; NaN when fewer than two n reached a width.
	Exponent, DuExponent, ZouGuExponent float64
}

// Seeds: one PCG stream per data set and per network, derived from the
// base seed, so that each part is reproducible on its own.
func dataRand(seed uint64, n, d, tag int) *rand.Rand {
	return rand.New(rand.NewPCG(seed, uint64(tag)<<48|uint64(n)<<24|uint64(d)))
}

func netRand(seed uint64, n, m, tag int) *rand.Rand {
	return rand.New(rand.NewPCG(seed^0x9e3779b97f4a7c15, uint64(tag)<<48|uint64(n)<<32|uint64(m)))
}

// Run runs the studies of c, prints their tables to stdout, writes the rows
// to c.JSON and the figures to c.Plots when they are set, and draws a
// progress bar (and the elapsed time) on stderr when c.Progress is set.
func Run(ctx context.Context, c Config, stdout, stderr io.Writer) error {
	start := time.Now()
	res, err := Study(ctx, c, stderr)
	if err != nil {
		return err
	}
	if len(c.Widths) > 0 {
		fmt.Fprintf(stdout, "Trajectory (Du et al. 2019, Fig. 1): n = %d points uniform on S^%d, y ~ N(0,1), λ0 = %.4f, "+
			"f = (1/√m) Σ a_r relu(w_r·x), GD with η = %.4g, %d steps\n",
			c.N, c.D-1, res.Lambda0, res.Eta, c.Steps)
		if err := writeTrajectoryTable(stdout, c, res); err != nil {
			return err
		}
	}
	if len(c.SweepN) > 0 {
		if len(c.Widths) > 0 {
			fmt.Fprintln(stdout)
		}
		fmt.Fprintf(stdout, "Width sweep: smallest m with L ≤ %g within T = %d GD steps (η = 1/λ_max(H∞)), points on S^%d\n",
			c.Eps, c.T, c.SweepD-1)
		if err := writeWidthTable(stdout, res); err != nil {
			return err
		}
	}
	if c.JSON != "" {
		if err := writeJSON(c.JSON, res); err != nil {
			return err
		}
	}
	if c.Plots != "" {
		if err := os.MkdirAll(c.Plots, 0o755); err != nil {
			return fmt.Errorf("overparam: %w", err)
		}
		if err := plotAll(c.Plots, c, res); err != nil {
			return err
		}
	}
	if c.Progress {
		fmt.Fprintf(stderr, "overparam: done in %v\n", time.Since(start).Round(time.Millisecond))
	}
	return nil
}

// Study runs the studies of c and returns their rows, drawing a progress
// bar on progress when c.Progress is set.
func Study(ctx context.Context, c Config, progress io.Writer) (*Result, error) {
	if err := c.validate(); err != nil {
		return nil, err
	}
	res := &Result{Exponent: math.NaN(), DuExponent: math.NaN(), ZouGuExponent: math.NaN()}
	total := len(c.Widths) * c.Steps
	var bar *progressbar.ProgressBar
	if c.Progress && total > 0 {
		bar = cli.NewBar(progress, total, "GD steps")
	}
	if len(c.Widths) > 0 {
		if err := c.trajectory(ctx, res, bar); err != nil {
			return nil, err
		}
		if bar != nil {
			bar.Exit()
			fmt.Fprintln(progress)
		}
	}
	if len(c.SweepN) > 0 {
		if err := c.sweep(ctx, res); err != nil {
			return nil, err
		}
	}
	return res, nil
}

// gramInfSpectrum returns λ0 = λ_min(H∞) of X (as relu.Lambda0 computes
// it) and the automatic step 1/λ_max(H∞), from one values-only
// eigendecomposition.
func gramInfSpectrum(X mat.Matrix) (lambda0, eta float64, err error) {
	e, err := linalg.EigenSym(relu.GramInf(nil, X), false)
	if err != nil {
		return 0, 0, fmt.Errorf("overparam: spectrum of H∞: %w", err)
	}
	return e.Values[0], 1 / e.Values[len(e.Values)-1], nil
}

func (c *Config) trajectory(ctx context.Context, res *Result, bar *progressbar.ProgressBar) error {
	rnd := dataRand(c.Seed, c.N, c.D, 1)
	X := datasets.Sphere(c.N, c.D, rnd)
	y := datasets.GaussianLabels(c.N, rnd)
	l0, eta, err := gramInfSpectrum(X)
	if err != nil {
		return err
	}
	if c.LR != 0 {
		eta = c.LR
	}
	res.Eta, res.Lambda0 = eta, l0
	for _, m := range c.Widths {
		net := relu.NewNTK(m, c.D, netRand(c.Seed, c.N, m, 1))
		W0 := mat.DenseCopyOf(net.W)
		var Z0 *mat.Dense
		var gram mat.SymDense
		var obsErr error
		tr := relu.Trainer{
			LearningRate: eta, MaxSteps: c.Steps, NoHistory: true,
			Observer: func(s *relu.State) error {
				if s.Step == 0 {
					Z0 = mat.DenseCopyOf(s.Preactivations)
				}
				if bar != nil && s.Step > 0 {
					bar.Add(1)
				}
				if s.Step%c.Every != 0 && s.Step != c.Steps {
					return nil
				}
				row := TrajectoryRow{
					Study: "trajectory", N: c.N, D: c.D, M: m, Step: s.Step, Loss: s.Loss,
					PatternChanged: relu.PatternChange(Z0, s.Preactivations),
					MaxDist:        relu.MaxDistance(W0, s.Net.W),
				}
				if !c.NoLambda {
					l, err := relu.LambdaMin(s.Net.Gram(&gram, X))
					if err != nil {
						obsErr = err
						return err
					}
					row.LambdaMinH = &l
				}
				res.Trajectory = append(res.Trajectory, row)
				return nil
			},
		}
		if _, err := tr.Train(ctx, net, X, y); err != nil {
			if obsErr != nil {
				return fmt.Errorf("overparam: m = %d: λ_min(H): %w", m, err)
			}
			return fmt.Errorf("overparam: m = %d: %w", m, err)
		}
	}
	return nil
}

// converges reports whether GD from each of c.Repeats fresh width-m
// networks reaches L ≤ ε within T steps; divergence counts as failure.
func (c *Config) converges(ctx context.Context, X *mat.Dense, y []float64, eta float64, m int) (bool, error) {
	n, d := X.Dims()
	for rep := 0; rep < c.Repeats; rep++ {
		net := relu.NewNTK(m, d, netRand(c.Seed, n, m, 2+rep))
		tr := relu.Trainer{LearningRate: eta, MaxSteps: c.T, LossTol: c.Eps, NoHistory: true}
		r, err := tr.Train(ctx, net, X, y)
		switch {
		case errors.Is(err, relu.ErrDiverged):
			return false, nil
		case err != nil:
			return false, fmt.Errorf("overparam: sweep n = %d, m = %d: %w", n, m, err)
		}
		if r.Stop != relu.StopLoss {
			return false, nil
		}
	}
	return true, nil
}

func (c *Config) sweep(ctx context.Context, res *Result) error {
	var logN, logM, logDu, logZG []float64
	for _, n := range c.SweepN {
		rnd := dataRand(c.Seed, n, c.SweepD, 2)
		X := datasets.Sphere(n, c.SweepD, rnd)
		y := datasets.GaussianLabels(n, rnd)
		l0, eta, err := gramInfSpectrum(X)
		if err != nil {
			return fmt.Errorf("overparam: sweep n = %d: %w", n, err)
		}
		phi, err := relu.Separation(X)
		if err != nil {
			return err
		}
		// Double the width until GD converges, then bisect between the
		// last failure and the first success.
		lo, hi := 0, 1
		found := false
		for hi <= c.MaxWidth {
			ok, err := c.converges(ctx, X, y, eta, hi)
			if err != nil {
				return err
			}
			if ok {
				found = true
				break
			}
			lo, hi = hi, 2*hi
		}
		row := WidthRow{Study: "width", N: n, D: c.SweepD, Lambda0: l0, Phi: phi}
		if found {
			for hi-lo > 1 {
				mid := lo + (hi-lo)/2
				ok, err := c.converges(ctx, X, y, eta, mid)
				if err != nil {
					return err
				}
				if ok {
					hi = mid
				} else {
					lo = mid
				}
			}
			row.MStar = hi
			if l0 > 0 && phi > 0 {
				logN = append(logN, math.Log(float64(n)))
				logM = append(logM, math.Log(float64(hi)))
				logDu = append(logDu, math.Log(duOrder(n, l0)))
				logZG = append(logZG, math.Log(zouGuOrder(n, phi)))
			}
		} else {
			row.NotReached = true
		}
		res.Width = append(res.Width, row)
	}
	if len(logN) >= 2 {
		_, res.Exponent = stat.LinearRegression(logN, logM, nil, false)
		_, res.DuExponent = stat.LinearRegression(logN, logDu, nil, false)
		_, res.ZouGuExponent = stat.LinearRegression(logN, logZG, nil, false)
	}
	return nil
}

// writeTrajectoryTable prints, per width, the loss at five steps and the
// final pattern change, distance (also times √m, and Du et al.'s bound
// 4√n ‖y − u(0)‖/(√m λ0) on it, ‖y − u(0)‖ = √(2L(0))) and λ_min(H).
func writeTrajectoryTable(w io.Writer, c Config, res *Result) error {
	rows := res.Trajectory
	// Five recorded steps from 0 to the end (quarters rounded down to
	// recorded steps, without repeats).
	var marks []int
	for q := 0; q <= 4; q++ {
		k := q * c.Steps / 4
		if q < 4 {
			k -= k % c.Every
		}
		if len(marks) == 0 || marks[len(marks)-1] != k {
			marks = append(marks, k)
		}
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprint(tw, "m\t")
	for _, k := range marks {
		fmt.Fprintf(tw, "loss(%d)\t", k)
	}
	fmt.Fprintln(tw, "pattern_changed\tmax_dist\tmax_dist·√m\tDu bound\tλ_min(H(0))\tλ_min(H(T))\t")
	for _, m := range c.Widths {
		var mine []TrajectoryRow
		for _, r := range rows {
			if r.M == m {
				mine = append(mine, r)
			}
		}
		fmt.Fprintf(tw, "%d\t", m)
		for _, k := range marks {
			fmt.Fprintf(tw, "%s\t", lossAt(mine, k))
		}
		last := mine[len(mine)-1]
		bound := 4 * math.Sqrt(float64(c.N)) * math.Sqrt(2*mine[0].Loss) / (math.Sqrt(float64(m)) * res.Lambda0)
		fmt.Fprintf(tw, "%.4f\t%.4f\t%.3f\t%.3g\t%s\t%s\t\n", last.PatternChanged, last.MaxDist,
			last.MaxDist*math.Sqrt(float64(m)), bound, fmtPtr(mine[0].LambdaMinH), fmtPtr(last.LambdaMinH))
	}
	return tw.Flush()
}

// lossAt returns the loss recorded at step k.
func lossAt(rows []TrajectoryRow, k int) string {
	for _, r := range rows {
		if r.Step == k {
			return fmt.Sprintf("%.3g", r.Loss)
		}
	}
	return "-"
}

func fmtPtr(p *float64) string {
	if p == nil {
		return "-"
	}
	return fmt.Sprintf("%.4f", *p)
}

func writeWidthTable(w io.Writer, res *Result) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "n\tλ0\tφ\tm*\tDu n⁶/λ0⁴\tZou–Gu n⁸/φ⁴\t")
	for _, r := range res.Width {
		ms := fmt.Sprint(r.MStar)
		if r.NotReached {
			ms = "not reached"
		}
		fmt.Fprintf(tw, "%d\t%.4f\t%.4f\t%s\t%.3g\t%.3g\t\n", r.N, r.Lambda0, r.Phi, ms, duOrder(r.N, r.Lambda0), zouGuOrder(r.N, r.Phi))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	if math.IsNaN(res.Exponent) {
		_, err := fmt.Fprintln(w, "fit: fewer than two n reached a width; no exponent")
		return err
	}
	_, err := fmt.Fprintf(w, "fit: m*(n) ∝ n^%.2f; over the same n the theory's orders grow as n^%.2f (Du, n⁶/λ0⁴) and n^%.2f (Zou–Gu, n⁸/φ⁴)\n",
		res.Exponent, res.DuExponent, res.ZouGuExponent)
	return err
}

func writeJSON(name string, res *Result) error {
	rows := make([]any, 0, len(res.Trajectory)+len(res.Width))
	for _, r := range res.Trajectory {
		rows = append(rows, r)
	}
	for _, r := range res.Width {
		rows = append(rows, r)
	}
	if err := cli.WriteJSONLines(name, rows); err != nil {
		return fmt.Errorf("overparam: %w", err)
	}
	return nil
}

// duOrder is Du et al.'s width order n⁶/λ0⁴ (relu.DuWidth without the
// failure probability δ, which does not change the exponent in n).
func duOrder(n int, lambda0 float64) float64 {
	return math.Pow(float64(n), 6) / math.Pow(lambda0, 4)
}

// zouGuOrder is Zou & Gu's two-layer width order n⁸/φ⁴ (relu.ZouGuWidth
// with L = 1).
func zouGuOrder(n int, phi float64) float64 {
	w, err := relu.ZouGuWidth(n, 1, phi)
	if err != nil {
		return math.NaN()
	}
	return w
}
