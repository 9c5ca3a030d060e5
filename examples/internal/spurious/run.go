// Copyright ©2026 The relulab Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package spurious

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/schollz/progressbar/v3"
	"gonum.org/v1/gonum/mat"

	"github.com/relulab/relulab/examples/internal/cli"
	"github.com/relulab/relulab/landscape"
	"github.com/relulab/relulab/landscape/sweep"
)

// The verdicts of a run, as recorded in Outcome.Verdict.
const (
	Global     = "global"
	Spurious   = "spurious"
	Saddle     = "saddle"
	Degenerate = "degenerate"
	Undecided  = "undecided"
)

// Outcome is the end of one run: one line of the checkpoint.
type Outcome struct {
	// Verdict is Global, Spurious, Saddle, Degenerate or Undecided.
	Verdict string `json:"verdict"`
	// Loss is F at the end point.
	Loss float64 `json:"loss"`
	// Type is the block type "(p₁,…,p_r)" of the end point, when known.
	Type string `json:"type,omitempty"`
	// MinEig is λ_min of the Hessian at the end point (0 when it was
	// not critical).
	MinEig float64 `json:"min_eig"`
	// Grad is ‖∇F‖_F at the end point.
	Grad float64 `json:"grad"`
	// Iter is the number of gradient-descent steps.
	Iter int `json:"iter"`
	// W is the end point, n×k row-major, kept for spurious minima only.
	W []float64 `json:"w,omitempty"`
	// Error is the error that ended an Undecided run early, if any.
	Error string `json:"error,omitempty"`
}

// Row summarizes the runs of one (k, n): its JSON form is a line of -json.
type Row struct {
	K int `json:"k"`
	N int `json:"n"`
	// Runs = Global + Spurious + Saddle.
	Runs     int `json:"runs"`
	Global   int `json:"global"`
	Spurious int `json:"spurious"`
	// Saddle counts the runs that did not end at a minimum: saddles,
	// degenerate and undecided points.
	Saddle int `json:"saddle"`
	// Types counts the block types of the spurious minima found.
	Types map[string]int `json:"types"`
	// Orbits is the number of distinct spurious minima up to the
	// symmetry group S_n × S_k (landscape.Orbits); not in the JSON rows.
	Orbits int `json:"-"`
}

// Fraction returns the spurious fraction Spurious/Runs and its 95% Wilson
// score interval. It panics if Runs is 0.
func (r Row) Fraction() (p, lo, hi float64) {
	lo, hi = Wilson(r.Spurious, r.Runs, 0.95)
	return float64(r.Spurious) / float64(r.Runs), lo, hi
}

// study names the experiment and the version of its protocol in the
// checkpoint header: runs recorded under another name are not mixed in.
const study = "relulab/examples/spurious v1"

// plan returns the sweep of c: keys (k, k+ℓ, run) for k in c.K, ℓ in
// c.Extra and run < c.Runs, in that order.
func (c *Config) plan() sweep.Plan {
	conf, err := json.Marshal(struct {
		Study    string `json:"study"`
		Protocol any    `json:"protocol"`
	}{study, c.protocol()})
	if err != nil {
		panic("spurious: " + err.Error())
	}
	p := sweep.Plan{Seed: c.Seed, Config: string(conf)}
	for _, k := range c.K {
		for _, l := range c.Extra {
			for run := range c.Runs {
				p.Keys = append(p.Keys, sweep.Key{k, k + l, run})
			}
		}
	}
	return p
}

// checkpointPath returns the checkpoint file of c for shard sh, or "". A
// Checkpoint ending in a path separator, or naming a directory, means the
// file "spurious-i-of-N.ckpt.jsonl" in that directory (created if need be),
// so that every shard of an array job can be given the same flag.
func (c *Config) checkpointPath(sh sweep.Shard) (string, error) {
	switch {
	case c.Checkpoint == "" && c.JSON == "":
		return "", nil
	case c.Checkpoint == "":
		return c.JSON + ".ckpt.jsonl", nil
	}
	dir := strings.HasSuffix(c.Checkpoint, string(filepath.Separator)) || strings.HasSuffix(c.Checkpoint, "/")
	if fi, err := os.Stat(c.Checkpoint); err == nil && fi.IsDir() {
		dir = true
	}
	if !dir {
		return c.Checkpoint, nil
	}
	if err := os.MkdirAll(c.Checkpoint, 0o755); err != nil {
		return "", fmt.Errorf("spurious: %w", err)
	}
	return filepath.Join(c.Checkpoint, fmt.Sprintf("spurious-%d-of-%d.ckpt.jsonl", sh.I, sh.N)), nil
}

// Summarize counts the results per (k, n), in the order of c.K and
// c.Extra; pairs without results are left out. Spurious minima are merged
// into orbits with landscape.Orbits at tolerance c.Settings.SymTol.
func Summarize(c Config, results []sweep.Result[Outcome]) []Row {
	type kn struct{ k, n int }
	byKN := make(map[kn]*Row)
	points := make(map[kn][]mat.Matrix)
	for _, r := range results {
		key := kn{r.Key[0], r.Key[1]}
		row := byKN[key]
		if row == nil {
			row = &Row{K: key.k, N: key.n, Types: make(map[string]int)}
			byKN[key] = row
		}
		row.Runs++
		switch r.Value.Verdict {
		case Global:
			row.Global++
		case Spurious:
			row.Spurious++
			t := r.Value.Type
			if t == "" {
				t = "?"
			}
			row.Types[t]++
			if len(r.Value.W) == key.n*key.k {
				points[key] = append(points[key], mat.NewDense(key.n, key.k, r.Value.W))
			}
		default:
			row.Saddle++
		}
	}
	var rows []Row
	for _, k := range c.K {
		for _, l := range c.Extra {
			if row := byKN[kn{k, k + l}]; row != nil {
				if pts := points[kn{k, k + l}]; len(pts) > 0 {
					row.Orbits = len(landscape.Orbits(pts, c.Settings.SymTol))
				}
				rows = append(rows, *row)
			}
		}
	}
	return rows
}

// Run runs (or, with c.Merge, merges) the sweep c, prints a table per
// (k, n) to stdout, writes the rows to c.JSON and the figure to c.Plots
// when they are set, and draws a progress bar on stderr when c.Progress is
// set. When ctx is cancelled, the finished runs are in the checkpoint and
// Run returns ctx's error after saying how to resume.
func Run(ctx context.Context, c Config, stdout, stderr io.Writer) error {
	if err := c.validate(); err != nil {
		return err
	}
	p := c.plan()
	var (
		results []sweep.Result[Outcome]
		note    string
		err     error
	)
	start := time.Now()
	if len(c.Merge) > 0 {
		files, err := expand(c.Merge)
		if err != nil {
			return err
		}
		results, err = sweep.Merge[Outcome](p, files...)
		if err != nil {
			return fmt.Errorf("spurious: merging %d checkpoints: %w", len(files), err)
		}
		note = fmt.Sprintf("merged from %d checkpoints", len(files))
	} else {
		results, note, err = c.run(ctx, p, stderr)
		if err != nil {
			return err
		}
	}
	rows := Summarize(c, results)
	if c.Progress {
		fmt.Fprintf(stderr, "spurious: %s in %v\n", note, time.Since(start).Round(time.Millisecond))
	}
	fmt.Fprintf(stdout, "Safran–Shamir sweep: k = %s, ℓ = %s, %d runs each, seed %d; %s\n",
		cli.FormatInts(c.K), cli.FormatInts(c.Extra), c.Runs, c.Seed, note)
	if err := WriteTable(stdout, rows); err != nil {
		return err
	}
	if c.JSON != "" {
		if err := writeJSON(c.JSON, rows); err != nil {
			return err
		}
	}
	if c.Plots != "" {
		if err := os.MkdirAll(c.Plots, 0o755); err != nil {
			return fmt.Errorf("spurious: %w", err)
		}
		if err := Plot(filepath.Join(c.Plots, "spurious.png"), c, rows); err != nil {
			return err
		}
	}
	return nil
}

// run runs the runs of c's shard.
func (c *Config) run(ctx context.Context, p sweep.Plan, stderr io.Writer) (results []sweep.Result[Outcome], note string, err error) {
	shard, err := sweep.ParseShard(c.Shard, c.Getenv)
	if err != nil {
		return nil, "", fmt.Errorf("spurious: %w", err)
	}
	ckpt, err := c.checkpointPath(shard)
	if err != nil {
		return nil, "", err
	}
	switch {
	case ckpt == "" && shard.N > 1:
		return nil, "", errors.New("spurious: a shard's runs must go to a checkpoint: give -checkpoint (or -json)")
	case ckpt == "" && c.Resume:
		return nil, "", errors.New("spurious: -resume needs a checkpoint: give -checkpoint (or -json)")
	}
	opts := sweep.Options{Workers: c.Workers, Shard: shard, Checkpoint: ckpt, Resume: c.Resume}
	var bar *progressbar.ProgressBar
	if c.Progress {
		opts.Progress = func(done, total int) {
			if bar == nil {
				bar = cli.NewBar(stderr, total, "runs")
			}
			bar.Set(done)
		}
	}
	job := c.job()
	results, err = sweep.Run(ctx, p, opts, job)
	if bar != nil {
		if err == nil {
			bar.Finish()
		} else {
			bar.Exit()
			fmt.Fprintln(stderr)
		}
	}
	if err != nil {
		if ctx.Err() != nil && ckpt != "" {
			fmt.Fprintf(stderr, "spurious: interrupted with %d runs of this shard finished, recorded in %s; add -resume to continue\n", len(results), ckpt)
		}
		return nil, "", err
	}
	note = fmt.Sprintf("%d runs", len(results))
	if shard.N > 1 {
		note = fmt.Sprintf("shard %v only, %d runs (merge the shards with -merge)", shard, len(results))
	}
	return results, note, nil
}

// expand returns the files matching the patterns, in order, each once.
func expand(patterns []string) ([]string, error) {
	var files []string
	for _, pat := range patterns {
		m, err := filepath.Glob(pat)
		if err != nil {
			return nil, fmt.Errorf("spurious: -merge %q: %w", pat, err)
		}
		if m == nil {
			return nil, fmt.Errorf("spurious: -merge %q: no such file", pat)
		}
		for _, f := range m {
			if !slices.Contains(files, f) {
				files = append(files, f)
			}
		}
	}
	return files, nil
}

// WriteTable prints the rows as a table: runs, global, spurious and
// saddle/undecided counts, the spurious fraction with its 95% Wilson
// interval, the number of distinct spurious minima up to symmetry, and
// their types with counts, most frequent first.
func WriteTable(w io.Writer, rows []Row) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "k\tn\truns\tglobal\tspurious\tsaddle/undecided\tspurious fraction [95% CI]\torbits\t  types of the spurious minima")
	for _, r := range rows {
		f, lo, hi := r.Fraction()
		types := formatTypes(r.Types)
		if types != "" {
			types = "  " + types
		}
		fmt.Fprintf(tw, "%d\t%d\t%d\t%d\t%d\t%d\t%.3f [%.3f, %.3f]\t%d\t%s\n",
			r.K, r.N, r.Runs, r.Global, r.Spurious, r.Saddle, f, lo, hi, r.Orbits, types)
	}
	return tw.Flush()
}

// formatTypes writes type counts as "(5,1)×3 (4,2)×1", most frequent
// first, ties in lexical order.
func formatTypes(types map[string]int) string {
	keys := make([]string, 0, len(types))
	for t := range types {
		keys = append(keys, t)
	}
	slices.SortFunc(keys, func(a, b string) int {
		return cmp.Or(cmp.Compare(types[b], types[a]), cmp.Compare(a, b))
	})
	var b strings.Builder
	for i, t := range keys {
		if i > 0 {
			b.WriteByte(' ')
		}
		fmt.Fprintf(&b, "%s×%d", t, types[t])
	}
	return b.String()
}

// writeJSON writes one JSON object per row to path.
func writeJSON(path string, rows []Row) error {
	if err := cli.WriteJSONLines(path, rows); err != nil {
		return fmt.Errorf("spurious: %w", err)
	}
	return nil
}
