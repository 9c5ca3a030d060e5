// Copyright ©2026 The relulab Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package families

import (
	"context"
	"fmt"
	"io"
	"math"
	"os"
	"slices"
	"text/tabwriter"
	"time"

	"github.com/schollz/progressbar/v3"

	"github.com/relulab/relulab/examples/internal/cli"
	"github.com/relulab/relulab/landscape"
)

// Row is one JSON line: a family member at an integer d.
type Row struct {
	Family    string  `json:"family"`
	D         float64 `json:"d"`
	Loss      float64 `json:"loss"`
	LambdaMin float64 `json:"lambda_min"`
	Index     int     `json:"index"`
	NDistinct int     `json:"n_distinct"`
	// Seconds is the wall time of the symmetry-reduced spectrum (and the
	// full gradient norm) at this point.
	Seconds float64 `json:"seconds"`
}

// Track is one critical point of the search followed in d.
type Track struct {
	// Name is the family name, with "#2", "#3", … for further critical
	// points of the same fixed-point subspace (in order of loss at D0).
	Name   string
	Family landscape.Family
	// Points are the continuation's points in ascending d (integer and
	// intermediate real d), each with its spectrum.
	Points []landscape.FamilyPoint
	// Transitions are the real d where λ_min changes sign, with the sign
	// after the crossing (+1: saddle → minimum as d grows).
	Transitions []Transition
	// Fit is the least-squares fit d·F ≈ c₀ + c₁d^(−1/2) + c₂d^(−1) for
	// d ≥ FitFrom and FitRMS its residual (NaN without enough points).
	Fit    [3]float64
	FitRMS float64
	// Notes holds the continuation's stops (folds, ends).
	Notes []string
}

// Transition is a real d where λ_min of a family crosses zero.
type Transition struct {
	D    float64
	Loss float64
	// ToMinimum is true when the family is a minimum above D.
	ToMinimum bool
}

// Result is the outcome of the study.
type Result struct {
	Tracks []Track
	Rows   []Row
}

// Member is a critical point found on a family's fixed-point subspace.
type Member struct {
	// Name is the family name, with "#2", "#3", … for further critical
	// points of the same subspace (in order of loss at the search's d).
	Name   string
	Family landscape.Family
	// Point is the critical point at the search's d, with its spectrum.
	Point landscape.FamilyPoint
}

// Search finds the critical points other than the teacher W = I on the
// fixed-point subspace of each named family at d = d0 (landscape's
// FindCritical with starts starts, gdIters gradient steps, seed seed). A
// point already found for an earlier family (one of larger isotropy, which
// lies on the finer subspaces too) is kept under the earlier name only. It
// returns an error for a bad name, d0 below a family's smallest d or a
// cancelled context.
func Search(ctx context.Context, names []string, d0, starts, gdIters int, seed uint64) ([]Member, error) {
	var out []Member
	for _, name := range names {
		f, err := ParseFamily(name)
		if err != nil {
			return nil, err
		}
		if float64(d0) < f.MinD() {
			return nil, fmt.Errorf("families: d0 = %d is below the smallest d = %v of %s", d0, f.MinD(), name)
		}
		pts, err := f.Space(float64(d0)).FindCritical(ctx, starts, seed, &landscape.FamilySettings{GDIters: gdIters})
		if err != nil {
			return nil, fmt.Errorf("families: search on %s: %w", name, err)
		}
		n := 0
		for _, p := range pts {
			if p.Loss < 1e-9 || slices.ContainsFunc(out, func(m Member) bool { return samePoint(p, m.Point) }) {
				continue
			}
			n++
			tn := f.Name()
			if n > 1 {
				tn = fmt.Sprintf("%s#%d", tn, n)
			}
			out = append(out, Member{Name: tn, Family: f, Point: p})
		}
	}
	return out, nil
}

// Study finds and follows the families of c. The work is deterministic for
// c.Seed except the Seconds of the rows.
func Study(ctx context.Context, c Config, progress io.Writer) (*Result, error) {
	if err := c.validate(); err != nil {
		return nil, err
	}
	members, err := Search(ctx, c.Families, c.D0, c.Starts, c.GDIters, c.Seed)
	if err != nil {
		return nil, err
	}
	res := &Result{}
	var bar *progressbar.ProgressBar
	if c.Progress {
		bar = cli.NewBar(progress, len(members), "families")
	}
	for _, m := range members {
		tr, err := follow(ctx, c, m)
		if err != nil {
			return nil, err
		}
		res.Tracks = append(res.Tracks, tr)
		if bar != nil {
			bar.Add(1)
		}
	}
	if bar != nil {
		bar.Exit()
	}
	for _, tr := range res.Tracks {
		for _, p := range tr.Points {
			if !isInt(p.D) {
				continue
			}
			t0 := time.Now()
			sp, err := p.Space.Spectrum(p.U)
			if err != nil {
				return nil, fmt.Errorf("families: spectrum of %s at d = %v: %w", tr.Name, p.D, err)
			}
			if _, err := p.Space.FullGradNorm(p.U); err != nil {
				return nil, err
			}
			sec := time.Since(t0).Seconds()
			res.Rows = append(res.Rows, Row{
				Family: tr.Name, D: p.D, Loss: p.Loss, LambdaMin: sp.Min(),
				Index: int(math.Round(sp.Index(indexTol))), NDistinct: len(sp.Distinct(distinctTol)), Seconds: sec,
			})
		}
	}
	return res, nil
}

// indexTol decides that an eigenvalue is negative: the reduced spectra agree
// with the dense ones to 1e-12 here, and the smallest |λ| of the families
// away from their transitions is ≳ 1e-4.
const indexTol = 1e-9

// distinctTol merges eigenvalues of different isotypic components that
// agree to 1e-9 (relative): at W = I, for instance, S_d and Y_d share
// 1/4 − 1/(2π).
const distinctTol = 1e-9

// fitOK is the largest relative rms residual of a fit of d·F that is
// printed as such: the O(1/d) families fit to about 1e-4 relative.
const fitOK = 1e-3

func samePoint(p, q landscape.FamilyPoint) bool {
	return math.Abs(p.Loss-q.Loss) <= 1e-9*(1+p.Loss) &&
		math.Abs(p.Spectrum.Min()-q.Spectrum.Min()) <= 1e-9
}

// follow continues m down to the family's smallest d and up to c.DMax.
func follow(ctx context.Context, c Config, m Member) (Track, error) {
	f, p := m.Family, m.Point
	tr := Track{Name: m.Name, Family: f, FitRMS: math.NaN()}
	down, err := f.Continue(ctx, p.D, p.U, f.MinD(), nil)
	if err != nil {
		if ctx.Err() != nil {
			return tr, ctx.Err()
		}
		tr.Notes = append(tr.Notes, fmt.Sprintf("downward: %v", err))
	}
	var stops []float64
	for _, d := range append(append([]int{}, c.TableAt...), c.SpectraAt...) {
		stops = append(stops, float64(d))
	}
	up, err := f.Continue(ctx, p.D, p.U, float64(c.DMax), &landscape.FamilySettings{Stops: stops})
	if err != nil {
		if ctx.Err() != nil {
			return tr, ctx.Err()
		}
		tr.Notes = append(tr.Notes, fmt.Sprintf("upward: %v", err))
	}
	for i := len(down) - 1; i >= 1; i-- {
		tr.Points = append(tr.Points, down[i])
	}
	tr.Points = append(tr.Points, up...)
	for i := 1; i < len(tr.Points); i++ {
		a, b := tr.Points[i-1], tr.Points[i]
		if a.Spectrum.Min()*b.Spectrum.Min() >= 0 {
			continue
		}
		x, err := f.Transition(ctx, a, b, nil)
		if err != nil {
			tr.Notes = append(tr.Notes, fmt.Sprintf("transition between d = %v and %v: %v", a.D, b.D, err))
			continue
		}
		tr.Transitions = append(tr.Transitions, Transition{D: x.D, Loss: x.Loss, ToMinimum: b.Spectrum.Min() > 0})
	}
	if fit, rms, err := landscape.LossAsymptotics(tr.Points, c.FitFrom); err == nil {
		tr.Fit, tr.FitRMS = fit, rms
	}
	return tr, nil
}

// Run runs the study and writes the tables to stdout, the JSON lines and
// the figures where c asks.
func Run(ctx context.Context, c Config, stdout, stderr io.Writer) error {
	start := time.Now()
	res, err := Study(ctx, c, stderr)
	if err != nil {
		return err
	}
	if err := WriteReport(stdout, c, res); err != nil {
		return err
	}
	if c.JSON != "" {
		if err := writeJSON(c.JSON, res.Rows); err != nil {
			return err
		}
	}
	if c.Plots != "" {
		if err := os.MkdirAll(c.Plots, 0o755); err != nil {
			return fmt.Errorf("families: %w", err)
		}
		if err := plotAll(c.Plots, res); err != nil {
			return err
		}
	}
	fmt.Fprintf(stderr, "families: %d families followed in %v\n", len(res.Tracks), time.Since(start).Round(time.Millisecond))
	return nil
}

// WriteReport prints, per family, the table at c.TableAt, the transitions,
// the fit and the distinct eigenvalues at c.SpectraAt.
func WriteReport(w io.Writer, c Config, res *Result) error {
	for _, tr := range res.Tracks {
		lo, hi := tr.Points[0].D, tr.Points[len(tr.Points)-1].D
		fmt.Fprintf(w, "\n%s: isotropy %s, followed over d = %v…%v (%d points)\n", tr.Name, isoName(tr.Family), lo, hi, len(tr.Points))
		tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', tabwriter.AlignRight)
		fmt.Fprintln(tw, "d\tF\td·F\tλ_min\tindex\tdistinct\t")
		for _, p := range tr.Points {
			if !slices.Contains(c.TableAt, int(p.D)) || !isInt(p.D) {
				continue
			}
			fmt.Fprintf(tw, "%v\t%.10f\t%.6f\t%.6g\t%v\t%d\t\n", p.D, p.Loss, p.D*p.Loss, p.Spectrum.Min(),
				math.Round(p.Spectrum.Index(indexTol)), len(p.Spectrum.Distinct(distinctTol)))
		}
		if err := tw.Flush(); err != nil {
			return err
		}
		for _, t := range tr.Transitions {
			kind := "minimum → saddle"
			if t.ToMinimum {
				kind = "saddle → minimum"
			}
			fmt.Fprintf(w, "  transition %s at d = %.10f (F = %.8f)\n", kind, t.D, t.Loss)
		}
		switch {
		case math.IsNaN(tr.FitRMS):
		case tr.FitRMS <= fitOK*(1+math.Abs(tr.Fit[0])):
			fmt.Fprintf(w, "  fit d·F ≈ %.6f %+.6f d^(-1/2) %+.6f d^(-1) for d ≥ %v (rms %.2g)\n",
				tr.Fit[0], tr.Fit[1], tr.Fit[2], c.FitFrom, tr.FitRMS)
		default:
			last := tr.Points[len(tr.Points)-1]
			fmt.Fprintf(w, "  d·F does not level off (fit rms %.2g): F → %.6f, not O(1/d)\n", tr.FitRMS, last.Loss)
		}
		for _, n := range tr.Notes {
			fmt.Fprintf(w, "  note: %s\n", n)
		}
		for _, d := range c.SpectraAt {
			i := slices.IndexFunc(tr.Points, func(p landscape.FamilyPoint) bool { return p.D == float64(d) })
			if i < 0 {
				continue
			}
			sp := tr.Points[i].Spectrum
			fmt.Fprintf(w, "  spectrum at d = %d (%d eigenvalues):", d, d*d)
			for _, e := range sp.Distinct(distinctTol) {
				fmt.Fprintf(w, " %.6g (%.0f)", e.Value, e.Mult)
			}
			fmt.Fprintln(w)
		}
	}
	return nil
}

// isoName writes the isotropy group in the papers' notation.
func isoName(f landscape.Family) string {
	t := 0
	for _, v := range f.Tail {
		t += v
	}
	if t == 0 {
		return "ΔS_d"
	}
	s := fmt.Sprintf("Δ(S_{d−%d}", t)
	for _, v := range f.Tail {
		s += fmt.Sprintf("×S_%d", v)
	}
	return s + ")"
}

func writeJSON(path string, rows []Row) error {
	if err := cli.WriteJSONLines(path, rows); err != nil {
		return fmt.Errorf("families: %w", err)
	}
	return nil
}
