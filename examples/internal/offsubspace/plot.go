// Copyright ©2026 The relulab Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package offsubspace

import (
	"fmt"
	"image/color"
	"os"
	"path/filepath"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
)

// signGrid is N's sign on a grid of a plane x = o + s·e₁ + t·e₂ in R^d.
type signGrid struct {
	xs, ys []float64
	z      []float64 // row-major over (y, x)
}

func (g *signGrid) Dims() (c, r int)   { return len(g.xs), len(g.ys) }
func (g *signGrid) Z(c, r int) float64 { return g.z[r*len(g.xs)+c] }
func (g *signGrid) X(c int) float64    { return g.xs[c] }
func (g *signGrid) Y(r int) float64    { return g.ys[r] }

type twoColors []color.Color

func (p twoColors) Colors() []color.Color { return p }

// slicePlane describes the plotted plane: point(s, t) in R^d, and the
// plane coordinates of a data point with its distance from the plane.
type slicePlane struct {
	xlabel, ylabel string
	x0, x1, y0, y1 float64
	point          func(dst []float64, s, t float64)
	coords         func(x []float64) (s, t float64, on bool)
}

func planeFor(name string) slicePlane {
	if name == "diagonal" {
		return slicePlane{
			xlabel: "x₁", ylabel: "x₂", x0: -1.5, x1: 1.5, y0: -1.5, y1: 1.5,
			point:  func(dst []float64, s, t float64) { dst[0], dst[1] = s, t },
			coords: func(x []float64) (float64, float64, bool) { return x[0], x[1], true },
		}
	}
	// Chessboard: the vertical plane y = 0 through the middle row, with the
	// data plane z = 0.5 crossing it horizontally.
	return slicePlane{
		xlabel: "x (slice y = 0)", ylabel: "z", x0: -1.5, x1: 1.5, y0: -0.5, y1: 1.5,
		point: func(dst []float64, s, t float64) { dst[0], dst[1], dst[2] = s, 0, t },
		coords: func(x []float64) (float64, float64, bool) {
			return x[0], x[2], x[1] == 0
		},
	}
}

// plotBoundaries writes <name>.png: one panel per network with the sign of
// N on the plotted plane (red N > 0, blue N < 0) and the data points in the
// plane (filled red: label +1, filled blue: −1).
func plotBoundaries(dir, name string, X *mat.Dense, y []float64, nets []Result) (string, error) {
	const res = 241
	pl := planeFor(name)
	_, d := X.Dims()
	plots := make([]*plot.Plot, len(nets))
	for k, nr := range nets {
		g := &signGrid{xs: make([]float64, res), ys: make([]float64, res), z: make([]float64, res*res)}
		pts := mat.NewDense(res*res, d, nil)
		for i := 0; i < res; i++ {
			g.xs[i] = pl.x0 + (pl.x1-pl.x0)*float64(i)/(res-1)
			g.ys[i] = pl.y0 + (pl.y1-pl.y0)*float64(i)/(res-1)
		}
		for r := 0; r < res; r++ {
			for c := 0; c < res; c++ {
				pl.point(pts.RawRowView(r*res+c), g.xs[c], g.ys[r])
			}
		}
		f := nr.Net.Forward(nil, pts)
		for i, v := range f {
			g.z[i] = -1
			if v > 0 {
				g.z[i] = 1
			}
		}
		p := plot.New()
		p.Title.Text = fmt.Sprintf("%s (β = %g, λ = %g)", nr.Variant, nr.Beta, *nr.Lambda)
		p.X.Label.Text, p.Y.Label.Text = pl.xlabel, pl.ylabel
		hm := plotter.NewHeatMap(g, twoColors{color.RGBA{R: 70, G: 110, B: 230, A: 255}, color.RGBA{R: 235, G: 90, B: 80, A: 255}})
		hm.Min, hm.Max = -1, 1
		p.Add(hm)
		var pos, neg plotter.XYs
		for i := range y {
			s, t, on := pl.coords(X.RawRowView(i))
			if !on {
				continue
			}
			if y[i] > 0 {
				pos = append(pos, plotter.XY{X: s, Y: t})
			} else {
				neg = append(neg, plotter.XY{X: s, Y: t})
			}
		}
		for _, set := range []struct {
			xy plotter.XYs
			c  color.Color
		}{{pos, color.RGBA{R: 150, A: 255}}, {neg, color.RGBA{B: 150, A: 255}}} {
			if len(set.xy) == 0 {
				continue
			}
			sc, err := plotter.NewScatter(set.xy)
			if err != nil {
				return "", fmt.Errorf("offsubspace: plot: %w", err)
			}
			sc.GlyphStyle.Shape = draw.CircleGlyph{}
			sc.GlyphStyle.Color = set.c
			sc.GlyphStyle.Radius = vg.Points(4)
			ring, _ := plotter.NewScatter(set.xy)
			ring.GlyphStyle.Shape = draw.RingGlyph{}
			ring.GlyphStyle.Color = color.White
			ring.GlyphStyle.Radius = vg.Points(4.5)
			p.Add(sc, ring)
		}
		p.X.Min, p.X.Max, p.Y.Min, p.Y.Max = pl.x0, pl.x1, pl.y0, pl.y1
		plots[k] = p
	}
	const w, h = 15 * vg.Inch, 5 * vg.Inch
	img := vgimg.New(w, h)
	dc := draw.New(img)
	t := draw.Tiles{Rows: 1, Cols: len(plots), PadX: vg.Millimeter * 4, PadY: vg.Millimeter * 2,
		PadTop: vg.Millimeter * 2, PadBottom: vg.Millimeter * 2, PadLeft: vg.Millimeter * 2, PadRight: vg.Millimeter * 2}
	canvases := plot.Align([][]*plot.Plot{plots}, t, dc)
	for j, p := range plots {
		p.Draw(canvases[0][j])
	}
	file := filepath.Join(dir, name+".png")
	f, err := os.Create(file)
	if err != nil {
		return "", err
	}
	if _, err := (vgimg.PngCanvas{Canvas: img}).WriteTo(f); err != nil {
		f.Close()
		return "", fmt.Errorf("offsubspace: plot: %w", err)
	}
	return file, f.Close()
}
