// Copyright ©2026 The relulab Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

// Command tour runs a small version of every relulab study, one after the
// other, in a few seconds: the first command to run after cloning.
//
//	go run ./examples/tour
//	go run ./examples/tour -only spurious,families
//
// Each study is a short configuration of one of the example mains
// (examples/overparam, examples/spurious, examples/families,
// examples/annihilation, examples/offsubspace); run those with -h to see the
// flags for the paper-scale runs.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"slices"
	"strings"
	"syscall"
	"time"

	"github.com/relulab/relulab/examples/internal/annihilation"
	"github.com/relulab/relulab/examples/internal/families"
	"github.com/relulab/relulab/examples/internal/offsubspace"
	"github.com/relulab/relulab/examples/internal/overparam"
	"github.com/relulab/relulab/examples/internal/spurious"
)

// study is one stop of the tour.
type study struct {
	name  string
	title string
	run   func(ctx context.Context, seed uint64, stdout, stderr io.Writer) error
}

var studies = []study{
	newStudy("overparam", "Over-parameterized training (Du et al. 2019): wider networks fit faster and move less",
		overparam.TourConfig, func(c *overparam.Config, s uint64) { c.Seed = s }, overparam.Run),
	newStudy("spurious", "Spurious minima of the teacher–student loss (Safran & Shamir 2018)",
		spurious.TourConfig, func(c *spurious.Config, s uint64) { c.Seed = s }, spurious.Run),
	newStudy("families", "Symmetric families of critical points followed in d (Arjevani & Field)",
		families.TourConfig, func(c *families.Config, s uint64) { c.Seed = s }, families.Run),
	newStudy("annihilation", "Extra neurons turn spurious minima into saddles, with a certificate",
		annihilation.TourConfig, func(c *annihilation.Config, s uint64) { c.Seed = s }, annihilation.Run),
	newStudy("offsubspace", "Adversarial examples off the data subspace (Melamed, Yehudai & Vardi 2023)",
		offsubspace.TourConfig, func(c *offsubspace.Config, s uint64) { c.Seed = s }, offsubspace.Run),
}

// newStudy makes a tour stop of a study package: its TourConfig with the
// tour's seed, passed to its Run.
func newStudy[C any](name, title string, tour func() C, seed func(*C, uint64),
	run func(context.Context, C, io.Writer, io.Writer) error) study {
	return study{name: name, title: title,
		run: func(ctx context.Context, s uint64, stdout, stderr io.Writer) error {
			c := tour()
			seed(&c, s)
			return run(ctx, c, stdout, stderr)
		}}
}

func main() {
	only := flag.String("only", "", "comma-separated studies to run (default all): "+names())
	seed := flag.Uint64("seed", 1, "seed of every study")
	flag.Parse()
	var pick []string
	if *only != "" {
		pick = strings.Split(*only, ",")
		for _, p := range pick {
			if !slices.ContainsFunc(studies, func(s study) bool { return s.name == p }) {
				fmt.Fprintf(os.Stderr, "tour: unknown study %q (have %s)\n", p, names())
				os.Exit(2)
			}
		}
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	fmt.Println("relulab tour: a small version of every study; run the examples with -h for the full ones.")
	start := time.Now()
	for i, s := range studies {
		if pick != nil && !slices.Contains(pick, s.name) {
			continue
		}
		fmt.Printf("\n== %d. %s  [examples/%s]\n\n", i+1, s.title, s.name)
		t := time.Now()
		if err := s.run(ctx, *seed, os.Stdout, os.Stderr); err != nil {
			fmt.Fprintf(os.Stderr, "tour: %s: %v\n", s.name, err)
			os.Exit(1)
		}
		fmt.Printf("\n(%s took %.1fs)\n", s.name, time.Since(t).Seconds())
	}
	fmt.Printf("\ntour done in %.1fs\n", time.Since(start).Seconds())
}

func names() string {
	var n []string
	for _, s := range studies {
		n = append(n, s.name)
	}
	return strings.Join(n, ", ")
}
