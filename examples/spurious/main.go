// Copyright ©2026 The relulab Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

// Command spurious reproduces Safran and Shamir's experiment on spurious
// local minima of two-layer ReLU networks: for each teacher size k (V = I_k)
// and student size n = k + ℓ, many gradient-descent runs from random
// initializations, each ending classified as a global minimum, a spurious
// minimum or a saddle/undecided point. It prints a table per (k, n) with the
// spurious fraction, its 95% Wilson interval and the block types of the
// spurious minima, and optionally writes JSON lines and a figure.
//
// The defaults (k = 6…20, ℓ = 0, 1, 2, 40 runs) take about 25 s on two
// cores. Gradient descent stops early once the loss is below -stoploss (by
// default 1e-6, four orders of magnitude below any spurious minimum's loss);
// -stoploss 0 runs the papers' protocol to its 200000-step limit, about 20
// times longer for the over-parameterized students. The paper-scale sweep is
//
//	spurious -k 6:20 -extra 0,1,2 -runs 500 -json spurious.jsonl -plots plots
//
// Every finished run is appended to a checkpoint (-checkpoint, by default
// the -json file with ".ckpt.jsonl" added); after an interruption the same
// command with -resume continues where it stopped. -shard i/N (or "auto" in
// a Slurm array or a Kubernetes Indexed Job) runs one part of the sweep into
// its own checkpoint, and -merge combines the parts into the same table,
// JSON and figure as one process would give.
package main

import (
	"context"
	"flag"
	"os"

	"github.com/relulab/relulab/examples/internal/cli"
	"github.com/relulab/relulab/examples/internal/spurious"
)

func main() {
	cfg := spurious.DefaultConfig()
	cli.IntsVar(&cfg.K, "k", "teacher sizes k = d: a list of integers and ranges, e.g. 6:20 or 6,8,10")
	cli.IntsVar(&cfg.Extra, "extra", "extra student neurons ℓ (student n = k + ℓ), e.g. 0,1,2")
	flag.IntVar(&cfg.Runs, "runs", cfg.Runs, "runs per (k, n)")
	flag.Uint64Var(&cfg.Seed, "seed", cfg.Seed, "base seed; run (k, n, r) has a seed derived from (seed, k, n, r)")
	flag.IntVar(&cfg.Workers, "workers", 0, "parallel runs (0: GOMAXPROCS)")
	flag.StringVar(&cfg.JSON, "json", "", "write one JSON line per (k, n) to `FILE`")
	flag.StringVar(&cfg.Checkpoint, "checkpoint", "", "record each finished run in `FILE` (default: the -json file + .ckpt.jsonl); a directory DIR/ means DIR/spurious-i-of-N.ckpt.jsonl for shard i/N")
	flag.BoolVar(&cfg.Resume, "resume", false, "continue from the checkpoint")
	flag.StringVar(&cfg.Shard, "shard", "", "run shard `i/N` only; auto or auto/N read i (and N) from SLURM_ARRAY_TASK_ID or JOB_COMPLETION_INDEX")
	cli.StringsVar(&cfg.Merge, "merge", "merge the shards' checkpoints (comma-separated files or glob patterns) instead of running")
	flag.StringVar(&cfg.Plots, "plots", "", "write spurious.png to `DIR`")
	cli.ProgressVar(&cfg.Progress)
	flag.Float64Var(&cfg.Settings.GradTol, "gradtol", 0, "gradient-descent tolerance on ‖∇F‖ (0: 1e-10)")
	flag.IntVar(&cfg.Settings.MaxIter, "maxiter", 0, "gradient-descent step limit (0: 200000)")
	flag.Float64Var(&cfg.Settings.StopLoss, "stoploss", cfg.Settings.StopLoss, "stop gradient descent once the loss is at most this, far below any spurious minimum's, then polish and classify (0: never, the papers' protocol)")
	// After the first SIGINT or SIGTERM the runs in progress finish or
	// stop, Run says how to resume and Main exits with status 130; a
	// second signal kills at once (the checkpoint survives that too).
	cli.Main("spurious", func(ctx context.Context) error {
		return spurious.Run(ctx, cfg, os.Stdout, os.Stderr)
	})
}
