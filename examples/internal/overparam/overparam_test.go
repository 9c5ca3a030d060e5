// Copyright ©2026 The relulab Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package overparam_test

import (
	"bytes"
	"context"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/relulab/relulab/examples/internal/cli"
	"github.com/relulab/relulab/examples/internal/overparam"
)

func small() overparam.Config {
	return overparam.Config{
		N: 30, D: 15, Widths: []int{20, 200, 2000}, Steps: 60, Every: 3,
		SweepN: []int{6, 12, 24}, SweepD: 8, Eps: 1e-3, T: 500, MaxWidth: 1 << 12, Repeats: 2,
		Seed: 3,
	}
}

// TestTrends checks Du et al.'s picture on a small configuration: at every
// recorded step of the last two thirds (before, the different random
// outputs at initialization dominate), a wider network has a smaller loss; at the
// end it has changed fewer activation patterns and moved less, with the
// maximal movement falling roughly like 1/√m (a tenfold width divides it
// by √10 ≈ 3.2; we accept 2 to 5, the finite-width spread seen across seeds).
func TestTrends(t *testing.T) {
	c := small()
	res, err := overparam.Study(context.Background(), c, nil)
	if err != nil {
		t.Fatal(err)
	}
	at := map[[2]int]overparam.TrajectoryRow{}
	for _, r := range res.Trajectory {
		at[[2]int{r.M, r.Step}] = r
	}
	for step := (c.Steps/3 + c.Every - 1) / c.Every * c.Every; step <= c.Steps; step += c.Every {
		for i := 1; i < len(c.Widths); i++ {
			narrow, wide := at[[2]int{c.Widths[i-1], step}], at[[2]int{c.Widths[i], step}]
			if !(wide.Loss < narrow.Loss) {
				t.Errorf("step %d: loss %v at m = %d ≥ %v at m = %d", step, wide.Loss, wide.M, narrow.Loss, narrow.M)
			}
		}
	}
	for i := 1; i < len(c.Widths); i++ {
		narrow, wide := at[[2]int{c.Widths[i-1], c.Steps}], at[[2]int{c.Widths[i], c.Steps}]
		if !(wide.PatternChanged < narrow.PatternChanged) {
			t.Errorf("pattern changes %v at m = %d ≥ %v at m = %d", wide.PatternChanged, wide.M, narrow.PatternChanged, narrow.M)
		}
		if r := narrow.MaxDist / wide.MaxDist; r < 2 || r > 5 {
			t.Errorf("max_dist ratio %v between m = %d and m = %d, want ≈ √10", r, narrow.M, wide.M)
		}
		if wide.LambdaMinH == nil || !(*wide.LambdaMinH > 0) {
			t.Errorf("λ_min(H) at m = %d: %v", wide.M, wide.LambdaMinH)
		}
	}
	// The sweep found a width for every n, and m* grows with n overall.
	if len(res.Width) != len(c.SweepN) {
		t.Fatalf("%d sweep rows", len(res.Width))
	}
	for _, w := range res.Width {
		if w.NotReached || w.MStar < 1 || !(w.Lambda0 > 0) || !(w.Phi > 0) {
			t.Errorf("sweep row %+v", w)
		}
	}
	if math.IsNaN(res.Exponent) || !(res.DuExponent > 6) || !(res.ZouGuExponent > 8) {
		t.Errorf("exponents %v, %v, %v", res.Exponent, res.DuExponent, res.ZouGuExponent)
	}
}

// TestRunOutput runs the tour configuration with JSON and figures and checks
// the JSON lines (fields, counts), the tables and the figures.
func TestRunOutput(t *testing.T) {
	c := overparam.TourConfig()
	dir := t.TempDir()
	plots := filepath.Join(dir, "plots")
	c.JSON, c.Plots = filepath.Join(dir, "a.jsonl"), plots
	var outw, errw bytes.Buffer
	if err := overparam.Run(context.Background(), c, &outw, &errw); err != nil {
		t.Fatal(err)
	}
	if errw.Len() != 0 {
		t.Errorf("stderr without progress: %q", errw.String())
	}
	rows, err := cli.ReadJSONLines[map[string]any](c.JSON)
	if err != nil {
		t.Fatal(err)
	}
	out := outw.String()
	if !strings.Contains(out, "fit: m*(n) ∝ n^") || !strings.Contains(out, "max_dist·√m") {
		t.Errorf("output:\n%s", out)
	}
	traj, width := 0, 0
	for _, row := range rows {
		var want []string
		switch row["study"] {
		case "trajectory":
			traj++
			want = []string{"n", "d", "m", "step", "loss", "pattern_changed", "max_dist", "lambda_min_H"}
		case "width":
			width++
			want = []string{"n", "d", "m_star", "lambda0", "phi"}
		default:
			t.Fatalf("row %v", row)
		}
		for _, k := range want {
			if _, ok := row[k]; !ok {
				t.Errorf("row %v lacks %q", row, k)
			}
		}
	}
	if wantT := len(c.Widths) * (c.Steps/c.Every + 1); traj != wantT || width != len(c.SweepN) {
		t.Errorf("%d trajectory rows (want %d), %d width rows", traj, wantT, width)
	}
	for _, f := range []string{"loss.png", "pattern_changed.png", "max_dist.png", "width.png"} {
		if st, err := os.Stat(filepath.Join(plots, f)); err != nil || st.Size() == 0 {
			t.Errorf("figure %s: %v", f, err)
		}
	}
}

// TestDeterminism: a seed fixes the output, JSON lines included, bit for
// bit, whatever GOMAXPROCS is (on a smaller configuration than the tour's,
// to keep the race-enabled test short; the widest network has n·m above
// the size at which relu splits its row pass over goroutines).
func TestDeterminism(t *testing.T) {
	c := small()
	c.Widths, c.SweepN = []int{20, 1200}, []int{6, 12}
	c.Steps = 30
	dir := t.TempDir()
	run := func(name string, procs int) ([]byte, string) {
		defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(procs))
		c.JSON = filepath.Join(dir, name)
		var out bytes.Buffer
		if err := overparam.Run(context.Background(), c, &out, &bytes.Buffer{}); err != nil {
			t.Fatal(err)
		}
		b, err := os.ReadFile(c.JSON)
		if err != nil {
			t.Fatal(err)
		}
		return b, out.String()
	}
	a, outA := run("a.jsonl", 1)
	b, outB := run("b.jsonl", 4)
	if !bytes.Equal(a, b) || outA != outB {
		t.Error("runs with the same seed at GOMAXPROCS 1 and 4 differ")
	}
}

func TestValidate(t *testing.T) {
	c := small()
	c.Widths = []int{0}
	if err := overparam.Run(context.Background(), c, &bytes.Buffer{}, &bytes.Buffer{}); err == nil {
		t.Error("width 0 accepted")
	}
	c = small()
	c.LR = math.NaN()
	if err := overparam.Run(context.Background(), c, &bytes.Buffer{}, &bytes.Buffer{}); err == nil {
		t.Error("learning rate NaN accepted")
	}
	// Sizes beyond the seed streams' keys are refused before any work.
	for _, tc := range []struct {
		name string
		edit func(*overparam.Config)
	}{
		{"n", func(c *overparam.Config) { c.N = 1 << 16 }},
		{"sweep n", func(c *overparam.Config) {
			c.SweepN = []int{8, 1 << 16}
			c.SweepD = 4
			c.Eps = 1e-2
			c.T = 1
			c.MaxWidth = 8
			c.Repeats = 1
		}},
		{"d", func(c *overparam.Config) { c.D = 1 << 24 }},
		{"width", func(c *overparam.Config) { c.Widths = []int{8, 1 << 32} }},
	} {
		c := small()
		tc.edit(&c)
		if _, err := overparam.Study(context.Background(), c, nil); err == nil {
			t.Errorf("%s beyond the seed streams' range accepted", tc.name)
		}
	}
	// A sweep alone needs no trajectory settings.
	c = overparam.Config{SweepN: []int{4, 8}, SweepD: 4, Eps: 1e-2, T: 200, MaxWidth: 64, Repeats: 1, Seed: 1}
	if _, err := overparam.Study(context.Background(), c, nil); err != nil {
		t.Errorf("sweep alone: %v", err)
	}
}
