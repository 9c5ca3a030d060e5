// Copyright ©2026 The relulab Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package overparam

import (
	"fmt"
	"math"
	"path/filepath"
	"strconv"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/plotutil"
	"gonum.org/v1/plot/vg"
)

// plotAll writes loss.png, pattern_changed.png and max_dist.png (one curve
// per width against the iteration) and, with a sweep, width.png (m*(n) on
// log-log axes beside the theory's orders scaled to meet it at the first n).
func plotAll(dir string, c Config, res *Result) error {
	if len(res.Trajectory) > 0 {
		figs := []struct {
			file, label string
			log         bool
			val         func(TrajectoryRow) float64
		}{
			{"loss.png", "training loss ½Σ(f(xᵢ) − yᵢ)²", true, func(r TrajectoryRow) float64 { return r.Loss }},
			{"pattern_changed.png", "fraction of activation patterns changed", false, func(r TrajectoryRow) float64 { return r.PatternChanged }},
			{"max_dist.png", "max_r ‖w_r(k) − w_r(0)‖", true, func(r TrajectoryRow) float64 { return r.MaxDist }},
		}
		for _, f := range figs {
			p := plot.New()
			p.Title.Text = fmt.Sprintf("n = %d, d = %d, η = %.3g", c.N, c.D, res.Eta)
			p.X.Label.Text = "iteration"
			p.Y.Label.Text = f.label
			if f.log {
				p.Y.Scale = plot.LogScale{}
				p.Y.Tick.Marker = decadeTicks{}
			}
			p.Add(plotter.NewGrid())
			for i, m := range c.Widths {
				var xy plotter.XYs
				for _, r := range res.Trajectory {
					v := f.val(r)
					if r.M != m || (f.log && !(v > 0)) {
						continue
					}
					xy = append(xy, plotter.XY{X: float64(r.Step), Y: v})
				}
				if len(xy) == 0 {
					continue
				}
				line, err := plotter.NewLine(xy)
				if err != nil {
					return fmt.Errorf("overparam: plot: %w", err)
				}
				line.Color = plotutil.Color(i)
				line.Dashes = plotutil.Dashes(i)
				p.Add(line)
				p.Legend.Add(fmt.Sprintf("m = %d", m), line)
			}
			p.Legend.Top = true
			if err := p.Save(7*vg.Inch, 4.5*vg.Inch, filepath.Join(dir, f.file)); err != nil {
				return fmt.Errorf("overparam: plot: %w", err)
			}
		}
	}
	var meas, du, zg plotter.XYs
	for _, r := range res.Width {
		if r.NotReached || !(r.Lambda0 > 0) || !(r.Phi > 0) {
			continue
		}
		n := float64(r.N)
		meas = append(meas, plotter.XY{X: n, Y: float64(r.MStar)})
		du = append(du, plotter.XY{X: n, Y: duOrder(r.N, r.Lambda0)})
		zg = append(zg, plotter.XY{X: n, Y: zouGuOrder(r.N, r.Phi)})
	}
	if len(meas) < 2 {
		return nil
	}
	// Scale the theory's orders (constants set to 1) to the measured m*
	// at the smallest n, so the plot compares slopes.
	for _, s := range []plotter.XYs{du, zg} {
		k := meas[0].Y / s[0].Y
		for i := range s {
			s[i].Y *= k
		}
	}
	p := plot.New()
	p.Title.Text = fmt.Sprintf("smallest width reaching L ≤ %g in %d steps (d = %d)", c.Eps, c.T, c.SweepD)
	p.X.Label.Text = "n"
	p.Y.Label.Text = "width m"
	p.X.Scale, p.Y.Scale = plot.LogScale{}, plot.LogScale{}
	p.X.Tick.Marker, p.Y.Tick.Marker = plot.LogTicks{}, decadeTicks{}
	p.Add(plotter.NewGrid())
	for i, s := range []struct {
		name string
		xy   plotter.XYs
	}{
		{fmt.Sprintf("measured m*, slope %.2f", res.Exponent), meas},
		{fmt.Sprintf("Du n⁶/λ0⁴ (scaled), slope %.2f", res.DuExponent), du},
		{fmt.Sprintf("Zou–Gu n⁸/φ⁴ (scaled), slope %.2f", res.ZouGuExponent), zg},
	} {
		line, points, err := plotter.NewLinePoints(s.xy)
		if err != nil {
			return fmt.Errorf("overparam: plot: %w", err)
		}
		line.Color, points.Color = plotutil.Color(i), plotutil.Color(i)
		points.Shape = plotutil.Shape(i)
		p.Add(line, points)
		p.Legend.Add(s.name, line, points)
	}
	p.Legend.Top, p.Legend.Left = true, true
	if math.IsNaN(res.Exponent) {
		return nil
	}
	if err := p.Save(7*vg.Inch, 4.5*vg.Inch, filepath.Join(dir, "width.png")); err != nil {
		return fmt.Errorf("overparam: plot: %w", err)
	}
	return nil
}

// decadeTicks marks the powers of ten in the axis range, labelling at most
// about eight of them so that long loss curves stay readable. A range of
// less than two decades also gets labelled ticks at 2 and 5 times the powers
// of ten, so that it is never left with one label or none.
type decadeTicks struct{}

// Ticks implements plot.Ticker.
func (decadeTicks) Ticks(lo, hi float64) []plot.Tick {
	if !(lo > 0) || !(hi > lo) {
		return nil
	}
	a, b := int(math.Floor(math.Log10(lo))), int(math.Ceil(math.Log10(hi)))
	mantissas := []float64{1}
	if math.Log10(hi/lo) < 2 {
		mantissas = []float64{1, 2, 5}
	}
	every := max(1, (b-a+7)/8)
	var ticks []plot.Tick
	for e := a; e <= b; e++ {
		for _, c := range mantissas {
			v := c * math.Pow(10, float64(e))
			if v < lo || v > hi {
				continue
			}
			t := plot.Tick{Value: v}
			if e%every == 0 {
				t.Label = strconv.FormatFloat(v, 'g', -1, 64)
			}
			ticks = append(ticks, t)
		}
	}
	return ticks
}
