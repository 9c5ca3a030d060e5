// Copyright ©2026 The relulab Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package families

import (
	"fmt"
	"path/filepath"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/plotutil"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// plotAll writes loss.png (F against d, log–log: slope −1 for the families
// with F = O(1/d)) and lambda_min.png (λ_min against d, the transitions
// marked, logarithmic d axis).
func plotAll(dir string, res *Result) error {
	if len(res.Tracks) == 0 {
		return nil
	}
	figs := []struct {
		file, label string
		logY        bool
		val         func(d, loss, lmin float64) float64
	}{
		{"loss.png", "loss F", true, func(_, loss, _ float64) float64 { return loss }},
		{"lambda_min.png", "λ_min of the Hessian", false, func(_, _, lmin float64) float64 { return lmin }},
	}
	for fi, f := range figs {
		p := plot.New()
		p.Title.Text = "symmetric families of critical points (k = d, V = I)"
		p.X.Label.Text = "d"
		p.Y.Label.Text = f.label
		p.X.Scale = plot.LogScale{}
		p.X.Tick.Marker = plot.LogTicks{Prec: -1}
		if f.logY {
			p.Y.Scale = plot.LogScale{}
			p.Y.Tick.Marker = plot.LogTicks{Prec: 1}
		}
		p.Add(plotter.NewGrid())
		var marks plotter.XYs
		for i, tr := range res.Tracks {
			var xy plotter.XYs
			for _, pt := range tr.Points {
				v := f.val(pt.D, pt.Loss, pt.Spectrum.Min())
				if f.logY && !(v > 1e-6) {
					continue
				}
				xy = append(xy, plotter.XY{X: pt.D, Y: v})
			}
			if len(xy) == 0 {
				continue
			}
			line, err := plotter.NewLine(xy)
			if err != nil {
				return fmt.Errorf("families: plot: %w", err)
			}
			line.Color = plotutil.Color(i)
			line.Dashes = plotutil.Dashes(i / 7)
			p.Add(line)
			p.Legend.Add(tr.Name, line)
			for _, t := range tr.Transitions {
				marks = append(marks, plotter.XY{X: t.D, Y: f.val(t.D, t.Loss, 0)})
			}
		}
		if fi == 1 {
			zero, err := plotter.NewLine(plotter.XYs{{X: res.minD(), Y: 0}, {X: res.maxD(), Y: 0}})
			if err == nil {
				zero.Dashes = []vg.Length{vg.Points(2), vg.Points(2)}
				p.Add(zero)
			}
		}
		if len(marks) > 0 {
			sc, err := plotter.NewScatter(marks)
			if err == nil {
				sc.Shape = draw.CircleGlyph{}
				sc.Radius = vg.Points(3)
				p.Add(sc)
				p.Legend.Add("saddle/minimum transition", sc)
			}
		}
		p.Legend.Top = true
		p.Legend.Left = true
		if err := p.Save(7*vg.Inch, 4.5*vg.Inch, filepath.Join(dir, f.file)); err != nil {
			return fmt.Errorf("families: plot: %w", err)
		}
	}
	return nil
}

func (r *Result) minD() float64 {
	m := r.Tracks[0].Points[0].D
	for _, t := range r.Tracks {
		m = min(m, t.Points[0].D)
	}
	return m
}

func (r *Result) maxD() float64 {
	m := 0.0
	for _, t := range r.Tracks {
		m = max(m, t.Points[len(t.Points)-1].D)
	}
	return m
}
