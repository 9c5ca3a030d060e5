// Copyright ©2026 The relulab Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

// Command annihilation shows how over-parameterization annihilates the
// symmetric spurious minima of the teacher–student loss of two-layer ReLU
// networks (k = d neurons, teacher V = I_d), after Arjevani and Field and
// Safran, Yehudai and Shamir. Each spurious minimum of the families found
// on the fixed-point subspaces (-families, searched at -d0 and followed to
// each -d) is embedded into a student of k + ℓ neurons (-extra) by splitting
// ℓ neurons at t = ½, which keeps the loss and criticality. For each
// embedding the command prints the Hessian's λ_min and index, a certificate
// of negative curvature (a 2d×2d principal submatrix with a negative
// eigenvalue, Cauchy interlacing checked, the loss decrease along its
// eigenvector verified) and where gradient descent from there lands.
//
//	annihilation -json annihilation.jsonl -plots plots
//	annihilation -families 'S(d-1)xS1' -d 7,10,20,40 -extra 0,1,2
package main

import (
	"context"
	"flag"
	"os"

	"github.com/relulab/relulab/examples/internal/annihilation"
	"github.com/relulab/relulab/examples/internal/cli"
)

func main() {
	cfg := annihilation.DefaultConfig()
	cli.StringsVar(&cfg.Families, "families", "comma-separated families by isotropy: S(d), S(d-1)xS1, S(d-3)xS2xS1, …")
	flag.IntVar(&cfg.D0, "d0", cfg.D0, "d of the multi-start search")
	flag.IntVar(&cfg.Starts, "starts", cfg.Starts, "starts of the search per family")
	cli.IntsVar(&cfg.D, "d", "dimensions d = k of the embedded minima")
	cli.IntsVar(&cfg.Extra, "extra", "extra neurons ℓ")
	flag.IntVar(&cfg.MaxIter, "maxiter", cfg.MaxIter, "gradient-descent steps from each split point")
	cli.IntsVar(&cfg.BigD, "bigd", "larger d for the split certificate on the fixed-point subspace")
	flag.IntVar(&cfg.VerifyUpTo, "verify", cfg.VerifyUpTo, "verify the loss decrease with the dense loss for d ≤ `N`")
	flag.Uint64Var(&cfg.Seed, "seed", cfg.Seed, "seed of the search")
	flag.IntVar(&cfg.Workers, "workers", 0, "embeddings analysed at once (0: GOMAXPROCS)")
	flag.StringVar(&cfg.JSON, "json", "", "write one JSON line per (family, d, ℓ) to `FILE`")
	flag.StringVar(&cfg.Plots, "plots", "", "write annihilation.png to `DIR`")
	cli.ProgressVar(&cfg.Progress)
	cli.Main("annihilation", func(ctx context.Context) error {
		return annihilation.Run(ctx, cfg, os.Stdout, os.Stderr)
	})
}
