// Copyright ©2026 The relulab Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package spurious

import (
	"fmt"
	"slices"
	"strconv"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/plotutil"
	"gonum.org/v1/plot/vg"
)

// fractions is the spurious fraction against k of one ℓ with its
// interval, as plotter.XYer and plotter.YErrorer.
type fractions struct {
	plotter.XYs
	plotter.YErrors
}

// Plot draws the spurious fraction against k, one line per ℓ with its 95%
// Wilson intervals as error bars, and saves it to path (the format follows
// the extension: .png, .svg, .pdf).
func Plot(path string, c Config, rows []Row) error {
	p := plot.New()
	p.Title.Text = fmt.Sprintf("Safran–Shamir: runs ending at a spurious minimum (%d runs each)", c.Runs)
	p.X.Label.Text = "teacher neurons k (d = k)"
	p.Y.Label.Text = "spurious fraction (95% Wilson interval)"
	p.Y.Min, p.Y.Max = 0, 1
	p.Add(plotter.NewGrid())
	for i, l := range c.Extra {
		var f fractions
		for _, r := range rows {
			if r.N-r.K != l {
				continue
			}
			y, lo, hi := r.Fraction()
			// Offset the lines a little so their error bars do
			// not hide each other.
			x := float64(r.K) + 0.08*(float64(i)-float64(len(c.Extra)-1)/2)
			f.XYs = append(f.XYs, plotter.XY{X: x, Y: y})
			f.YErrors = append(f.YErrors, struct{ Low, High float64 }{y - lo, hi - y})
		}
		if len(f.XYs) == 0 {
			continue
		}
		line, points, err := plotter.NewLinePoints(f.XYs)
		if err != nil {
			return fmt.Errorf("spurious: plot: %w", err)
		}
		bars, err := plotter.NewYErrorBars(f)
		if err != nil {
			return fmt.Errorf("spurious: plot: %w", err)
		}
		color := plotutil.Color(i)
		line.Color = color
		points.Color = color
		points.Shape = plotutil.Shape(i)
		bars.Color = color
		p.Add(line, points, bars)
		p.Legend.Add(fmt.Sprintf("n = k + %d", l), line, points)
	}
	// One tick per k, and room for the offset points at the ends.
	var ticks []plot.Tick
	for _, k := range c.K {
		ticks = append(ticks, plot.Tick{Value: float64(k), Label: strconv.Itoa(k)})
	}
	p.X.Tick.Marker = plot.ConstantTicks(ticks)
	p.X.Min, p.X.Max = float64(slices.Min(c.K))-0.5, float64(slices.Max(c.K))+0.5
	p.Legend.Top = true
	p.Legend.Left = true
	if err := p.Save(8*vg.Inch, 5*vg.Inch, path); err != nil {
		return fmt.Errorf("spurious: plot: %w", err)
	}
	return nil
}
