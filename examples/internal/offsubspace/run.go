// Copyright ©2026 The relulab Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package offsubspace

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"slices"
	"text/tabwriter"

	"github.com/schollz/progressbar/v3"
	"gonum.org/v1/gonum/mat"

	"github.com/relulab/relulab/adversarial"
	"github.com/relulab/relulab/datasets"
	"github.com/relulab/relulab/examples/internal/cli"
	"github.com/relulab/relulab/relu"
)

// Row is one JSON line of the output: one trained network. PerpGrad, FlipPerp
// and FlipPar are medians over the training points; Theory is
// β√(ℓ/2d)·(1 − ηλ)^T, omitted for the figure studies, whose output weights
// train too. FlipPerp and FlipPar are omitted when more than half of the
// points have no sign flip along the searched rays. Acc is the training
// accuracy (test accuracy for mnist).
type Row struct {
	Study    string   `json:"study"`
	D        int      `json:"d"`
	Ell      int      `json:"ell"`
	M        int      `json:"m"`
	Beta     float64  `json:"beta"`
	Lambda   *float64 `json:"lambda,omitempty"`
	PerpGrad float64  `json:"perp_grad"`
	Theory   *float64 `json:"theory,omitempty"`
	FlipPerp *float64 `json:"flip_perp,omitempty"`
	FlipPar  *float64 `json:"flip_par,omitempty"`
	Acc      float64  `json:"acc"`
}

// Result is a Row with the further measurements printed in the tables.
type Result struct {
	Row
	// Variant names the network in the figure studies (vanilla, small
	// init, regularized).
	Variant string
	// ParGrad is the median ‖P∇N(x_i)‖ over the training points, and
	// FlipAll the median unrestricted flip distance.
	ParGrad, FlipAll float64
	// RobustPerp and RobustPar are the robust accuracies at ε = RobustEps
	// against P⊥-only and P-only perturbations (flip distance > ε).
	RobustPerp, RobustPar float64
	// Steps and Margin describe the training run.
	Steps  int
	Margin float64
	// PerpW is ‖P⊥W(T)‖_F/‖P⊥W(0)‖_F and PerpWTheory its prediction
	// (1 − ηλ)^T.
	PerpW, PerpWTheory float64
	// Net is the trained network, Sub the data subspace.
	Net *relu.Net
	Sub *datasets.Subspace
}

// Run runs the studies selected by cfg, prints their tables on stdout,
// writes JSON lines (one per network, as each finishes) and figures where
// cfg asks, and draws a progress bar on stderr when cfg.Progress is set. It
// returns the first error, or ctx.Err() when cancelled.
func Run(ctx context.Context, cfg Config, stdout, stderr io.Writer) error {
	_, err := run(ctx, cfg, stdout, stderr)
	return err
}

// run is Run returning all results.
func run(ctx context.Context, cfg Config, stdout, stderr io.Writer) ([]Result, error) {
	if err := cfg.validate(); err != nil {
		return nil, err
	}
	// The rows go to the file as the networks finish, so that an
	// interrupted run keeps them.
	var jsonOut *os.File
	if cfg.JSON != "" {
		f, err := os.Create(cfg.JSON)
		if err != nil {
			return nil, err
		}
		defer f.Close() // On an early return; the Close below reports errors.
		jsonOut = f
	}
	if cfg.Plots != "" {
		if err := os.MkdirAll(cfg.Plots, 0o755); err != nil {
			return nil, err
		}
	}
	total := len(cfg.Ells)*len(cfg.Widths) + len(cfg.Betas) + len(cfg.Lambdas)
	total += 3 * len(cfg.Figures)
	if cfg.MNIST {
		total += 3
	}
	r := &runner{cfg: cfg, out: stdout}
	if jsonOut != nil {
		r.json = json.NewEncoder(jsonOut)
	}
	if cfg.Progress && total > 0 {
		r.bar = cli.NewBar(stderr, total, "networks")
	}
	studies := []func(context.Context) error{r.gradSplit, r.betaSweep, r.lambdaSweep, r.figures, r.mnist}
	for _, s := range studies {
		if err := s(ctx); err != nil {
			return r.results, err
		}
	}
	if r.bar != nil {
		r.bar.Finish()
	}
	if jsonOut != nil {
		if err := jsonOut.Close(); err != nil {
			return r.results, fmt.Errorf("offsubspace: %w", err)
		}
	}
	return r.results, nil
}

type runner struct {
	cfg     Config
	out     io.Writer
	json    *json.Encoder // nil without -json
	bar     *progressbar.ProgressBar
	results []Result
}

// Study identifiers for the seeds: each run's generator is seeded by
// (Seed, study<<32 | index), so a run's data and network do not depend on
// which other studies run.
const (
	idGradSplit uint64 = iota + 1
	idBeta
	idLambda
	idFigures
	idMNIST
)

// rand returns the generator of run index idx of a study.
func (r *runner) rand(study uint64, idx int) *rand.Rand {
	return rand.New(rand.NewPCG(r.cfg.Seed, study<<32|uint64(idx)))
}

func (r *runner) tick() {
	if r.bar != nil {
		r.bar.Add(1)
	}
}

// spec describes one training run.
type spec struct {
	study, variant string
	m              int
	beta, lambda   float64
	bias, trainA   bool
	lr             float64
	steps          int
	stopMargin     bool
}

// clusterData returns the synthetic training set: cfg.N points on a random
// subspace of codimension ell in Gaussian clusters with alternating labels,
// scaled so that ‖x‖ ≈ √d.
func (r *runner) clusterData(ell int, rnd *rand.Rand) (*datasets.Subspace, *mat.Dense, []float64) {
	c := r.cfg
	s := datasets.RandomSubspace(c.D, ell, rnd)
	X, y := s.Clusters(c.N, c.Clusters, c.ClusterStd, rnd)
	X.Scale(math.Sqrt(float64(c.D)), X)
	return s, X, y
}

// trainMeasure trains a network on (X, y) as sp says and measures it on
// the training points; accuracy is measured on (Xt, yt) when given.
func (r *runner) trainMeasure(ctx context.Context, sp spec, sub *datasets.Subspace, X *mat.Dense, y []float64, Xt *mat.Dense, yt []float64, rnd *rand.Rand) (Result, error) {
	_, d := X.Dims()
	net := relu.NewStandard(sp.m, d, sp.beta, sp.bias, rnd)
	// Biases, where trained, start like the pre-activations w·x of data of
	// norm ‖x‖ ≈ 1: N(0, β²), so the neurons' kinks spread over the data.
	for j := range net.B {
		net.B[j] = sp.beta * rnd.NormFloat64()
	}
	W0 := mat.DenseCopyOf(net.W)
	layers := relu.LayerW
	if sp.bias {
		layers |= relu.LayerB
	}
	if sp.trainA {
		layers |= relu.LayerA
	}
	tr := relu.Trainer{
		Loss: relu.Logistic{}, LearningRate: sp.lr, WeightDecay: sp.lambda, Layers: layers,
		Mean: true, MaxSteps: sp.steps, MarginTol: r.cfg.Margin, StopOnMargin: sp.stopMargin,
		NoHistory: true,
	}
	res, err := tr.Train(ctx, net, X, y)
	if err != nil {
		return Result{}, fmt.Errorf("offsubspace: %s (m = %d, β = %g, λ = %g): %w", sp.study, sp.m, sp.beta, sp.lambda, err)
	}
	if Xt == nil {
		Xt, yt = X, y
	}
	onP, onPerp := projectors(sub)
	split, err := adversarial.GradSplit(net, X, onP)
	if err != nil {
		return Result{}, fmt.Errorf("offsubspace: %s: %w", sp.study, err)
	}
	parGrad, perpGrad, _ := split.Medians()
	rob, err := adversarial.Measure(ctx, net, X, y, onP, onPerp)
	if err != nil {
		return Result{}, fmt.Errorf("offsubspace: %s: %w", sp.study, err)
	}
	flipAll, sumPerp, sumPar := rob.All.Median, rob.Perp, rob.Par
	ell := sub.Codim()
	decay := math.Pow(1-sp.lr*sp.lambda, float64(res.Steps))
	lambda := sp.lambda
	out := Result{
		Row: Row{
			Study: sp.study, D: d, Ell: ell, M: sp.m, Beta: sp.beta, Lambda: &lambda,
			PerpGrad: perpGrad,
			FlipPerp: finite(sumPerp.Median), FlipPar: finite(sumPar.Median),
			Acc: accuracy(net, Xt, yt),
		},
		Variant: sp.variant, ParGrad: parGrad, FlipAll: flipAll,
		RobustPerp: sumPerp.RobustAccuracy(r.cfg.RobustEps),
		RobustPar:  sumPar.RobustAccuracy(r.cfg.RobustEps),
		Steps:      res.Steps, Margin: res.Margin,
		PerpW:       mat.Norm(sub.ProjectPerp(nil, net.W), 2) / mat.Norm(sub.ProjectPerp(nil, W0), 2),
		PerpWTheory: decay,
		Net:         net, Sub: sub,
	}
	if !sp.trainA {
		th := sp.beta * math.Sqrt(float64(ell)/(2*float64(d))) * decay
		out.Theory = &th
	}
	r.results = append(r.results, out)
	// Rows are written as they finish, so an interrupted run keeps them.
	if r.json != nil {
		if err := r.json.Encode(out.Row); err != nil {
			return Result{}, fmt.Errorf("offsubspace: -json: %w", err)
		}
	}
	r.tick()
	return out, nil
}

// projectors returns the projections onto P and P⊥ in their cheaper forms.
func projectors(s *datasets.Subspace) (onP, onPerp *adversarial.Projector) {
	d, k := s.Dims()
	if k <= d-k {
		return adversarial.Onto(s.Basis), adversarial.OntoComplement(s.Basis)
	}
	return adversarial.OntoComplement(s.Complement), adversarial.Onto(s.Complement)
}

func finite(v float64) *float64 {
	if math.IsInf(v, 0) || math.IsNaN(v) {
		return nil
	}
	return &v
}

func accuracy(net *relu.Net, X mat.Matrix, y []float64) float64 {
	f := net.Forward(nil, X)
	var k int
	for i, v := range f {
		if y[i]*v > 0 {
			k++
		}
	}
	return float64(k) / float64(len(y))
}

func fmtFlip(v *float64) string {
	if v == nil {
		return "∞"
	}
	return fmt.Sprintf("%.3g", *v)
}

// gradSplit is the gradsplit study: β = 1, no weight decay, trained to the
// target margin, for every (ℓ, m).
func (r *runner) gradSplit(ctx context.Context) error {
	c := r.cfg
	if len(c.Ells) == 0 || len(c.Widths) == 0 {
		return nil
	}
	tw := tabwriter.NewWriter(r.out, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(r.out, "gradsplit: d = %d, %d points in %d clusters on P (dim d−ℓ), β = 1, GD to margin %g\n", c.D, c.N, c.Clusters, c.Margin)
	fmt.Fprintf(tw, "ℓ\tm\tsteps\t‖P∇N‖\t‖P⊥∇N‖\tβ√(ℓ/2d)\tflip P⊥\tflip P\tflip all\tacc\trobust P⊥@%g\trobust P@%g\t\n", c.RobustEps, c.RobustEps)
	for i, ell := range c.Ells {
		for j, m := range c.Widths {
			rnd := r.rand(idGradSplit, i*len(c.Widths)+j)
			sub, X, y := r.clusterData(ell, rnd)
			res, err := r.trainMeasure(ctx, spec{study: "gradsplit", m: m, beta: 1, lr: c.LR, steps: c.MaxSteps, stopMargin: true}, sub, X, y, nil, nil, rnd)
			if err != nil {
				return err
			}
			fmt.Fprintf(tw, "%d\t%d\t%d\t%.3f\t%.3f\t%.3f\t%s\t%s\t%.3g\t%.2f\t%.2f\t%.2f\t\n", ell, m, res.Steps, res.ParGrad, res.PerpGrad, *res.Theory, fmtFlip(res.FlipPerp), fmtFlip(res.FlipPar), res.FlipAll, res.Acc, res.RobustPerp, res.RobustPar)
		}
	}
	tw.Flush()
	fmt.Fprintln(r.out)
	return nil
}

// betaSweep trains on one data set with several init scales β.
func (r *runner) betaSweep(ctx context.Context) error {
	c := r.cfg
	if len(c.Betas) == 0 {
		return nil
	}
	tw := tabwriter.NewWriter(r.out, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(r.out, "beta: d = %d, ℓ = %d, m = %d, GD to margin %g; the P⊥ flip distance should grow like 1/β\n", c.D, c.RemedyEll, c.RemedyWidth, c.Margin)
	fmt.Fprintln(tw, "β\tsteps\t‖P⊥∇N‖\ttheory\tflip P⊥\tβ·flip P⊥\tflip P\tacc\t")
	sub, X, y := r.clusterData(c.RemedyEll, r.rand(idBeta, 0))
	// The same data and, up to the factor β, the same initial network.
	for _, beta := range c.Betas {
		res, err := r.trainMeasure(ctx, spec{study: "beta", m: c.RemedyWidth, beta: beta, lr: c.LR, steps: c.MaxSteps, stopMargin: true}, sub, X, y, nil, nil, r.rand(idBeta, 1))
		if err != nil {
			return err
		}
		bf := "∞"
		if res.FlipPerp != nil {
			bf = fmt.Sprintf("%.3g", beta**res.FlipPerp)
		}
		fmt.Fprintf(tw, "%g\t%d\t%.4f\t%.4f\t%s\t%s\t%s\t%.2f\t\n", beta, res.Steps, res.PerpGrad, *res.Theory, fmtFlip(res.FlipPerp), bf, fmtFlip(res.FlipPar), res.Acc)
	}
	tw.Flush()
	fmt.Fprintln(r.out)
	return nil
}

// lambdaSweep trains on one data set for a fixed number of steps with
// several weight decays λ.
func (r *runner) lambdaSweep(ctx context.Context) error {
	c := r.cfg
	if len(c.Lambdas) == 0 {
		return nil
	}
	tw := tabwriter.NewWriter(r.out, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(r.out, "lambda: d = %d, ℓ = %d, m = %d, β = 1, %d GD steps with η = %g; P⊥W should decay like (1 − ηλ)^t\n", c.D, c.RemedyEll, c.RemedyWidth, c.DecaySteps, c.LR)
	fmt.Fprintln(tw, "λ\t‖P⊥W‖/‖P⊥W(0)‖\t(1−ηλ)^T\t‖P⊥∇N‖\ttheory\tflip P⊥\tflip P\tmargin\tacc\t")
	// The same data and the same initial network for every λ.
	sub, X, y := r.clusterData(c.RemedyEll, r.rand(idLambda, 0))
	for _, lam := range c.Lambdas {
		res, err := r.trainMeasure(ctx, spec{study: "lambda", m: c.RemedyWidth, beta: 1, lambda: lam, lr: c.LR, steps: c.DecaySteps}, sub, X, y, nil, nil, r.rand(idLambda, 1))
		if err != nil {
			return err
		}
		fmt.Fprintf(tw, "%g\t%.4g\t%.4g\t%.4f\t%.4f\t%s\t%s\t%.3g\t%.2f\t\n", lam, res.PerpW, res.PerpWTheory, res.PerpGrad, *res.Theory, fmtFlip(res.FlipPerp), fmtFlip(res.FlipPar), res.Margin, res.Acc)
	}
	tw.Flush()
	fmt.Fprintln(r.out)
	return nil
}

// figures runs the diagonal and chessboard studies: vanilla, small init and
// regularized networks, with biases, and plots their decision boundaries.
func (r *runner) figures(ctx context.Context) error {
	c := r.cfg
	Xd, yd := datasets.Diagonal()
	Xc, yc := datasets.Chessboard()
	sets := []struct {
		name string
		m    int
		X    *mat.Dense
		y    []float64
		sub  *datasets.Subspace
	}{
		{"diagonal", 100, Xd, yd, datasets.DiagonalSubspace()},
		{"chessboard", 400, Xc, yc, datasets.ChessboardSubspace()},
	}
	for si, set := range sets {
		if !slices.Contains(c.Figures, set.name) {
			continue
		}
		tw := tabwriter.NewWriter(r.out, 0, 0, 2, ' ', tabwriter.AlignRight)
		_, d := set.X.Dims()
		fmt.Fprintf(r.out, "%s: %d points in R^%d, m = %d, biases trained, η = %g\n", set.name, len(set.y), d, set.m, c.FigLR)
		fmt.Fprintln(tw, "network\tβ\tλ\tsteps\t‖P∇N‖\t‖P⊥∇N‖\tflip P⊥\tflip P\tacc\t")
		var nets []Result
		for vi, v := range []spec{
			{variant: "vanilla", beta: 1, stopMargin: true},
			{variant: "small init", beta: c.FigSmallBeta, stopMargin: true},
			{variant: "regularized", beta: 1, lambda: c.FigLambda},
		} {
			v.study, v.m, v.bias, v.trainA, v.lr, v.steps = set.name, set.m, true, true, c.FigLR, c.FigSteps
			res, err := r.trainMeasure(ctx, v, set.sub, set.X, set.y, nil, nil, r.rand(idFigures, 3*si+vi))
			if err != nil {
				return err
			}
			nets = append(nets, res)
			fmt.Fprintf(tw, "%s\t%g\t%g\t%d\t%.3f\t%.3f\t%s\t%s\t%.2f\t\n", v.variant, v.beta, v.lambda, res.Steps, res.ParGrad, res.PerpGrad, fmtFlip(res.FlipPerp), fmtFlip(res.FlipPar), res.Acc)
		}
		tw.Flush()
		if c.Plots != "" {
			file, err := plotBoundaries(c.Plots, set.name, set.X, set.y, nets)
			if err != nil {
				return err
			}
			fmt.Fprintf(r.out, "wrote %s\n", file)
		}
		fmt.Fprintln(r.out)
	}
	return nil
}
