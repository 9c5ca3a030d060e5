// Copyright ©2026 The relulab Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

// Package annihilation shows how extra neurons turn the symmetric spurious
// minima of the k = d teacher–student problem (V = I_d) into saddles, after
// Arjevani and Field and Safran, Yehudai and Shamir: each spurious minimum
// of the families found on the fixed-point subspaces (see package families)
// is embedded into a student of k + ℓ neurons by splitting ℓ neurons at
// t = ½, which keeps the loss and criticality; the embedded point is
// classified (λ_min, index), a principal submatrix of its Hessian with a
// negative eigenvalue certifies a descent direction (Cauchy interlacing),
// the loss decrease along it is verified, and gradient descent from there
// reports where it lands. It is the library behind examples/annihilation.
package annihilation

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"text/tabwriter"
	"time"

	"github.com/schollz/progressbar/v3"
	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/plotutil"
	"gonum.org/v1/plot/vg"

	"github.com/relulab/relulab/examples/internal/cli"
	"github.com/relulab/relulab/examples/internal/families"
	"github.com/relulab/relulab/landscape"
)

// Config holds the settings of the study; its fields are the flags of
// examples/annihilation.
type Config struct {
	// Families lists the isotropy groups searched (-families).
	Families []string
	// D0 and Starts configure the multi-start search on each fixed-point
	// subspace (-d0, -starts).
	D0, Starts int
	// D lists the dimensions d = k at which each family is embedded (-d).
	D []int
	// Extra lists the numbers ℓ of extra neurons (-extra).
	Extra []int
	// MaxIter bounds gradient descent from each split point (-maxiter).
	MaxIter int
	// BigD lists larger d (-bigd) at which the split certificate is
	// computed on the fixed-point subspace (landscape.HalfCurvatures, any
	// d): 2λ_min(H_ii − ½I) < 0 is an eigenvalue of the split point's
	// Hessian on the (u, −u) isotypic block, so the split point is a saddle.
	// The loss decrease along (u, −u) is verified with the dense loss for
	// d ≤ VerifyUpTo (-verify).
	BigD []int
	// VerifyUpTo is the largest d of BigD at which the loss decrease is
	// verified on the dense problem.
	VerifyUpTo int
	// Seed is the seed of the search (-seed).
	Seed uint64
	// Workers is the number of embeddings analysed at once; ≤ 0 means
	// GOMAXPROCS. Results do not depend on it.
	Workers int
	// JSON and Plots: the JSON-lines file and the figure directory.
	JSON, Plots string
	// Progress draws a progress bar on stderr.
	Progress bool
}

// DefaultConfig returns the defaults of examples/annihilation: four
// families searched at d = 10, embedded at d = 8, 12 and 20 with ℓ = 0, 1,
// 2; about half a minute on two cores.
func DefaultConfig() Config {
	return Config{
		Families: []string{"S(d)", "S(d-1)xS1", "S(d-2)xS2", "S(d-3)xS3"},
		D0:       10, Starts: 40,
		D:          []int{8, 12, 20},
		Extra:      []int{0, 1, 2},
		MaxIter:    50000,
		BigD:       []int{50, 200, 1000},
		VerifyUpTo: 200,
		Seed:       1,
	}
}

// TourConfig returns a short version for examples/tour: the Δ(S_{d−1}×S₁)
// family at d = 7, ℓ = 0, 1; a second or two.
func TourConfig() Config {
	c := DefaultConfig()
	c.Families = []string{"S(d-1)xS1"}
	c.D = []int{7}
	c.Extra = []int{0, 1}
	c.MaxIter = 20000
	c.BigD = []int{100}
	c.VerifyUpTo = 100
	return c
}

func (c *Config) validate() error {
	switch {
	case len(c.Families) == 0 || len(c.D) == 0 || len(c.Extra) == 0:
		return errors.New("annihilation: need families, d and extra")
	case c.Starts < 1 || c.MaxIter < 1:
		return fmt.Errorf("annihilation: need starts ≥ 1 and maxiter ≥ 1, have %d, %d", c.Starts, c.MaxIter)
	}
	for _, n := range c.Families {
		f, err := families.ParseFamily(n)
		if err != nil {
			return fmt.Errorf("annihilation: %w", err)
		}
		for _, d := range append([]int{c.D0}, c.D...) {
			if float64(d) < f.MinD() {
				return fmt.Errorf("annihilation: d = %d is below the smallest d = %v of %s", d, f.MinD(), n)
			}
		}
	}
	for _, l := range c.Extra {
		if l < 0 {
			return fmt.Errorf("annihilation: extra = %d < 0", l)
		}
	}
	return nil
}

// Row is one line of the table family × d × ℓ. Its JSON form, a line of
// -json, has exactly the fields
// {"family","d","extra","loss","lambda_min","index","lands"}; the
// certificate and the other embeddings are in the printed table only.
type Row struct {
	// Family is the family member's name, D = k the dimension of the
	// width-k spurious minimum and Extra the number ℓ of split neurons.
	Family string `json:"family"`
	D      int    `json:"d"`
	Extra  int    `json:"extra"`
	// Loss is F at the embedded point (that of the width-k point).
	Loss float64 `json:"loss"`
	// LambdaMin and Index are λ_min and the number of negative eigenvalues
	// of the embedded point's Hessian.
	LambdaMin float64 `json:"lambda_min"`
	Index     int     `json:"index"`
	// Lands is the verdict at the end of gradient descent from the
	// certified direction ("global minimum", "spurious minimum", "saddle",
	// "degenerate", "undecided"), or the embedded point's own verdict when
	// there is no certificate (ℓ = 0, or no negative curvature on the
	// split neurons).
	Lands string `json:"lands"`
	// LandsLoss is F at the landing point (the embedded point's F without
	// a certificate).
	LandsLoss float64 `json:"-"`
	// Certificate is λ_min of the 2d×2d principal submatrix on the two
	// halves of the split neuron (0 without a certificate), Interlacing
	// whether Cauchy interlacing was checked to hold, Decrease the verified
	// F(W + εv) − F(W) ≤ ¼ε²·Certificate < 0.
	Certificate float64 `json:"-"`
	Interlacing bool    `json:"-"`
	Decrease    float64 `json:"-"`

	// The other embeddings into k + 1 neurons, computed on the ℓ = 1 rows:
	// DupGrad is ‖∇F‖_F and DupDelta the loss change after duplicating
	// the split neuron (the network changes: not critical); ZeroSlope is
	// the steepest one-sided slope of F along the directions of an added
	// zero neuron (< 0: not a local minimum).
	DupGrad   float64 `json:"-"`
	DupDelta  float64 `json:"-"`
	ZeroSlope float64 `json:"-"`
}

// BigRow is one line of the large-d table: a spurious minimum of family
// Family at d = k, and the split certificate of its best block.
type BigRow struct {
	// Family is the member's name, D = k and Loss its F at D.
	Family string
	D      int
	Loss   float64
	// LambdaMin is λ_min of the width-k Hessian (> 0: a spurious minimum).
	LambdaMin float64
	// Block, Irrep and Split: the block whose neuron is split, where the
	// eigenvector lies, and 2λ_min(H_ii − ½I), the eigenvalue of the split
	// point's Hessian on (u, −u).
	Block int
	Irrep string
	Split float64
	// Verified reports whether the decrease of F along v = (u, −u)/√2 was
	// checked (d ≤ VerifyUpTo): Decrease = F(W' + εv) − F(W') at Step ε is
	// at most half the second-order prediction, ¼ε²·Split < 0, as in
	// landscape.Annihilate.
	Verified       bool
	Decrease, Step float64
}

type job struct {
	name string
	d    int
	W    *mat.Dense
}

// Study runs the searches, the continuations and the embeddings, and
// returns the rows in the order family member, d, ℓ, and the large-d rows.
// It is deterministic for c.Seed whatever c.Workers is.
func Study(ctx context.Context, c Config, progress io.Writer) ([]Row, []BigRow, error) {
	if err := c.validate(); err != nil {
		return nil, nil, err
	}
	members, err := families.Search(ctx, c.Families, c.D0, c.Starts, 0, c.Seed)
	if err != nil {
		return nil, nil, fmt.Errorf("annihilation: %w", err)
	}
	var jobs []job
	var big []BigRow
	for _, m := range members {
		f, p := m.Family, m.Point
		for _, d := range c.D {
			pts, err := f.Continue(ctx, p.D, p.U, float64(d), nil)
			if err != nil || pts[len(pts)-1].D != float64(d) {
				if ctx.Err() != nil {
					return nil, nil, ctx.Err()
				}
				continue // the member does not reach d (a fold): skip it
			}
			q := pts[len(pts)-1]
			if !(q.Spectrum.Min() > 0) {
				continue // a saddle already: nothing to annihilate
			}
			jobs = append(jobs, job{name: m.Name, d: d, W: q.Matrix()})
		}
		for _, d := range c.BigD {
			br, ok, err := bigRow(ctx, c, f, m.Name, p, d)
			if err != nil {
				return nil, nil, err
			}
			if ok {
				big = append(big, br)
			}
		}
	}
	type task struct {
		j     int
		extra int
	}
	var tasks []task
	for j := range jobs {
		for _, l := range c.Extra {
			tasks = append(tasks, task{j, l})
		}
	}
	rows := make([]Row, len(tasks))
	errs := make([]error, len(tasks))
	var bar *progressbar.ProgressBar
	if c.Progress && len(tasks) > 0 {
		bar = cli.NewBar(progress, len(tasks), "embeddings")
	}
	workers := c.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	next := make(chan int)
	var wg sync.WaitGroup
	var mu sync.Mutex
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				t := tasks[i]
				rows[i], errs[i] = analyse(ctx, c, jobs[t.j], t.extra)
				if bar != nil {
					mu.Lock()
					bar.Add(1)
					mu.Unlock()
				}
			}
		}()
	}
	for i := range tasks {
		if ctx.Err() != nil {
			break
		}
		next <- i
	}
	close(next)
	wg.Wait()
	if bar != nil {
		bar.Exit()
	}
	if err := ctx.Err(); err != nil {
		return nil, nil, err
	}
	for _, err := range errs {
		if err != nil {
			return nil, nil, err
		}
	}
	return rows, big, nil
}

// bigRow continues p to d and, if it is a spurious minimum there, computes
// the split certificate of its most negative block, verifying the loss
// decrease densely for d ≤ c.VerifyUpTo (an error if F does not decrease).
func bigRow(ctx context.Context, c Config, f landscape.Family, name string, p landscape.FamilyPoint, d int) (BigRow, bool, error) {
	pts, err := f.Continue(ctx, p.D, p.U, float64(d), &landscape.FamilySettings{IntegersUpTo: -1})
	if err != nil || pts[len(pts)-1].D != float64(d) {
		if ctx.Err() != nil {
			return BigRow{}, false, ctx.Err()
		}
		return BigRow{}, false, nil
	}
	q := pts[len(pts)-1]
	if !(q.Spectrum.Min() > 0) {
		return BigRow{}, false, nil
	}
	hcs, err := q.Space.HalfCurvatures(q.U)
	if err != nil {
		return BigRow{}, false, fmt.Errorf("annihilation: %s at d = %d: %w", name, d, err)
	}
	best := hcs[0]
	for _, h := range hcs[1:] {
		if h.Value < best.Value {
			best = h
		}
	}
	br := BigRow{Family: name, D: d, Loss: q.Loss, LambdaMin: q.Spectrum.Min(), Block: best.Block, Irrep: best.Irrep, Split: 2 * best.Value}
	if d > c.VerifyUpTo || !(best.Value < 0) {
		return br, true, nil
	}
	W := q.Matrix()
	Ws := landscape.SplitNeuron(W, best.Neuron, 0.5)
	V := mat.NewDiagDense(d, nil)
	for i := range d {
		V.SetDiag(i, 1)
	}
	f0 := landscape.Loss(Ws, V)
	for eps := 0.1; eps > 1e-6; eps /= 2 {
		Wt := mat.DenseCopyOf(Ws)
		for j, v := range best.Vector {
			Wt.Set(best.Neuron, j, Wt.At(best.Neuron, j)+eps*v/math.Sqrt2)
			Wt.Set(d, j, Wt.At(d, j)-eps*v/math.Sqrt2)
		}
		if fe := landscape.Loss(Wt, V); fe-f0 <= eps*eps*br.Split/4 {
			br.Verified, br.Decrease, br.Step = true, fe-f0, eps
			return br, true, nil
		}
	}
	return br, true, fmt.Errorf("annihilation: %s at d = %d: F does not decrease by ¼ε²·%.3g along (u, −u) for ε in [1e-6, 0.1]", name, d, br.Split)
}

func analyse(ctx context.Context, c Config, j job, extra int) (Row, error) {
	V := mat.NewDiagDense(j.d, nil)
	for i := range j.d {
		V.SetDiag(i, 1)
	}
	an, err := landscape.Annihilate(ctx, j.W, V, extra, &landscape.AnnihilationSettings{MaxIter: c.MaxIter})
	if err != nil {
		return Row{}, fmt.Errorf("annihilation: %s at d = %d, ℓ = %d: %w", j.name, j.d, extra, err)
	}
	r := Row{
		Family: j.name, D: j.d, Extra: extra, Loss: an.Class.Loss,
		LambdaMin: an.Class.MinEig, Index: an.Class.Inertia.Neg,
		Lands: an.Lands, LandsLoss: an.Class.Loss,
	}
	if ce := an.Certificate; ce != nil {
		r.Certificate, r.Interlacing, r.Decrease = ce.Value, ce.Interlace.OK, ce.Decrease
		r.LandsLoss = an.Landing.Loss
	}
	if extra == 1 {
		Wd := landscape.AddNeuron(j.W, mat.Row(nil, an.Split[0], j.W))
		var G mat.Dense
		f := landscape.LossGrad(&G, Wd, V)
		r.DupGrad, r.DupDelta = mat.Norm(&G, 2), f-r.Loss
		r.ZeroSlope, _ = landscape.ZeroNeuronSlope(j.W, V)
	}
	return r, nil
}

// Run runs the study, prints the table and writes the JSON lines and the
// figure where c asks.
func Run(ctx context.Context, c Config, stdout, stderr io.Writer) error {
	start := time.Now()
	rows, big, err := Study(ctx, c, stderr)
	if err != nil {
		return err
	}
	if err := WriteTable(stdout, rows); err != nil {
		return err
	}
	if err := WriteBigTable(stdout, big); err != nil {
		return err
	}
	if c.JSON != "" {
		if err := cli.WriteJSONLines(c.JSON, rows); err != nil {
			return fmt.Errorf("annihilation: %w", err)
		}
	}
	if c.Plots != "" && len(rows) > 0 {
		if err := os.MkdirAll(c.Plots, 0o755); err != nil {
			return fmt.Errorf("annihilation: %w", err)
		}
		if err := plotRows(filepath.Join(c.Plots, "annihilation.png"), rows); err != nil {
			return err
		}
	}
	fmt.Fprintf(stderr, "annihilation: %d embeddings in %v\n", len(rows), time.Since(start).Round(time.Millisecond))
	return nil
}

// WriteTable prints the table family × d × ℓ.
func WriteTable(w io.Writer, rows []Row) error {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "family\td=k\tℓ\tF\tλ_min\tindex\tλ_min(B) 2d×2d\tinterlacing\tΔF along v\tlands (F)")
	for _, r := range rows {
		cert, il, dec := "-", "-", "-"
		if r.Certificate != 0 {
			cert, il, dec = fmt.Sprintf("%.5f", r.Certificate), fmt.Sprint(r.Interlacing), fmt.Sprintf("%.3g", r.Decrease)
		}
		fmt.Fprintf(tw, "%s\t%d\t%d\t%.8f\t%.5f\t%d\t%s\t%s\t%s\t%s (%.3g)\n",
			r.Family, r.D, r.Extra, r.Loss, r.LambdaMin, r.Index, cert, il, dec, r.Lands, r.LandsLoss)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintln(w, "\nother embeddings into k + 1 neurons: duplicating the split neuron, adding a zero neuron")
	tw = tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "family\td=k\tduplicate: ‖∇F‖\tΔF\tzero neuron: min slope of F")
	for _, r := range rows {
		if r.Extra == 1 {
			fmt.Fprintf(tw, "%s\t%d\t%.3g\t%+.3g\t%.3g\n", r.Family, r.D, r.DupGrad, r.DupDelta, r.ZeroSlope)
		}
	}
	return tw.Flush()
}

// WriteBigTable prints the split certificates at large d.
func WriteBigTable(w io.Writer, big []BigRow) error {
	if len(big) == 0 {
		return nil
	}
	fmt.Fprintln(w, "\nsplitting one neuron (ℓ = 1) at large d, on the fixed-point subspace: 2λ_min(H_ii − ½I) is an eigenvalue of the split point's Hessian on (u, −u)")
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "family\td=k\tF\tλ_min (k = d)\tsplit block\tu in\t2λ_min(H_ii − ½I)\tΔF along (u,−u)")
	for _, r := range big {
		dec := "-"
		if r.Verified {
			dec = fmt.Sprintf("%.3g (ε = %g)", r.Decrease, r.Step)
		}
		fmt.Fprintf(tw, "%s\t%d\t%.8g\t%.5f\t%d\t%s\t%.5f\t%s\n", r.Family, r.D, r.Loss, r.LambdaMin, r.Block+1, r.Irrep, r.Split, dec)
	}
	return tw.Flush()
}

// plotRows draws λ_min of the embedded point against ℓ, one line per family
// member and d.
func plotRows(path string, rows []Row) error {
	p := plot.New()
	p.Title.Text = "splitting ℓ neurons of a spurious minimum (k = d → d + ℓ)"
	p.X.Label.Text = "extra neurons ℓ"
	p.Y.Label.Text = "λ_min of the Hessian"
	p.Add(plotter.NewGrid())
	type key struct {
		name string
		d    int
	}
	var keys []key
	lines := map[key]plotter.XYs{}
	for _, r := range rows {
		k := key{r.Family, r.D}
		if _, ok := lines[k]; !ok {
			keys = append(keys, k)
		}
		lines[k] = append(lines[k], plotter.XY{X: float64(r.Extra), Y: r.LambdaMin})
	}
	for i, k := range keys {
		l, s, err := plotter.NewLinePoints(lines[k])
		if err != nil {
			return fmt.Errorf("annihilation: plot: %w", err)
		}
		l.Color, s.Color = plotutil.Color(i), plotutil.Color(i)
		l.Dashes = plotutil.Dashes(i / 7)
		s.Shape = plotutil.Shape(i)
		p.Add(l, s)
		p.Legend.Add(fmt.Sprintf("%s, d = %d", k.name, k.d), l, s)
	}
	p.Legend.Top = true
	if err := p.Save(7*vg.Inch, 4.5*vg.Inch, path); err != nil {
		return fmt.Errorf("annihilation: plot: %w", err)
	}
	return nil
}
