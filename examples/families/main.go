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
	"fmt"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"github.com/relulab/relulab/examples/internal/families"
)

func main() {
	cfg := families.DefaultConfig()
	fams := flag.String("families", strings.Join(cfg.Families, ","), "comma-separated families by isotropy: S(d), S(d-1)xS1, S(d-3)xS2xS1, …")
	flag.IntVar(&cfg.D0, "d0", cfg.D0, "d of the multi-start search")
	flag.IntVar(&cfg.Starts, "starts", cfg.Starts, "starts of the search per family")
	flag.IntVar(&cfg.GDIters, "gditers", cfg.GDIters, "gradient steps on the subspace before Newton per start (0: 4000; negative: pure Newton, finds saddles too)")
	flag.IntVar(&cfg.DMax, "dmax", cfg.DMax, "largest d of the continuation")
	spectra := flag.String("spectra", families.FormatInts(cfg.SpectraAt), "d at which to print the distinct eigenvalues")
	table := flag.String("table", families.FormatInts(cfg.TableAt), "d of the printed table (JSON has every integer d)")
	flag.Float64Var(&cfg.FitFrom, "fitfrom", cfg.FitFrom, "smallest d of the fit of d·F")
	flag.Uint64Var(&cfg.Seed, "seed", cfg.Seed, "seed of the multi-start search")
	flag.StringVar(&cfg.JSON, "json", "", "write one JSON line per family and integer d to `FILE`")
	flag.StringVar(&cfg.Plots, "plots", "", "write loss.png and lambda_min.png to `DIR`")
	progress := flag.String("progress", "auto", "progress bar on stderr: auto (when a terminal), on, off")
	flag.Parse()
	if flag.NArg() > 0 {
		fatalf("unexpected arguments %q", flag.Args())
	}
	cfg.Families = strings.Split(*fams, ",")
	var err error
	if cfg.SpectraAt, err = families.ParseInts(*spectra); err != nil {
		fatalf("-spectra: %v", err)
	}
	if cfg.TableAt, err = families.ParseInts(*table); err != nil {
		fatalf("-table: %v", err)
	}
	switch *progress {
	case "auto":
		fi, err := os.Stderr.Stat()
		cfg.Progress = err == nil && fi.Mode()&os.ModeCharDevice != 0
	case "on":
		cfg.Progress = true
	case "off":
	default:
		fatalf("-progress %q: want auto, on or off", *progress)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := families.Run(ctx, cfg, os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

func fatalf(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "families: "+format+"\n", args...)
	os.Exit(1)
}
