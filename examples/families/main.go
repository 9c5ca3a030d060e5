// Copyright ©2026 The relulab Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

// Command families follows the symmetric critical points of the
// teacher–student loss of two-layer ReLU networks (k = d neurons, teacher
// V = I_d) in the dimension d, after Arjevani and Field. On the fixed-point
// subspace of each isotropy group (ΔS_d, Δ(S_{d−p}×S_p), Safran's block
// patterns) the loss has a handful of unknowns whatever d is: the command
// finds the critical points there by multi-start Newton at d = -d0, follows
// each by continuation in d (real d in between) down to the smallest d of
// its family and up to -dmax, and prints per family the loss, d·F, λ_min and
// index of the Hessian (from its isotypic components, exact, at any d), the
// real d where the family turns from saddle into minimum, the fit of d·F
// against d^(−1/2), and the distinct Hessian eigenvalues with their
// multiplicities at -spectra.
//
//	families -json families.jsonl -plots plots
//	families -families 'S(d-1)xS1' -dmax 100000 -spectra 100000
package main

import (
	"context"
	"flag"
	"os"

	"github.com/relulab/relulab/examples/internal/cli"
	"github.com/relulab/relulab/examples/internal/families"
)

func main() {
	cfg := families.DefaultConfig()
	cli.StringsVar(&cfg.Families, "families", "comma-separated families by isotropy: S(d), S(d-1)xS1, S(d-3)xS2xS1, …")
	flag.IntVar(&cfg.D0, "d0", cfg.D0, "d of the multi-start search")
	flag.IntVar(&cfg.Starts, "starts", cfg.Starts, "starts of the search per family")
	flag.IntVar(&cfg.GDIters, "gditers", cfg.GDIters, "gradient steps on the subspace before Newton per start (0: 4000; negative: pure Newton, finds saddles too)")
	flag.IntVar(&cfg.DMax, "dmax", cfg.DMax, "largest d of the continuation")
	cli.IntsVar(&cfg.SpectraAt, "spectra", "d at which to print the distinct eigenvalues")
	cli.IntsVar(&cfg.TableAt, "table", "d of the printed table (JSON has every integer d)")
	flag.Float64Var(&cfg.FitFrom, "fitfrom", cfg.FitFrom, "smallest d of the fit of d·F")
	flag.Uint64Var(&cfg.Seed, "seed", cfg.Seed, "seed of the multi-start search")
	flag.StringVar(&cfg.JSON, "json", "", "write one JSON line per family and integer d to `FILE`")
	flag.StringVar(&cfg.Plots, "plots", "", "write loss.png and lambda_min.png to `DIR`")
	cli.ProgressVar(&cfg.Progress)
	cli.Main("families", func(ctx context.Context) error {
		return families.Run(ctx, cfg, os.Stdout, os.Stderr)
	})
}
