// Copyright ©2026 The relulab Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package cli_test

import (
	"context"
	"flag"
	"fmt"
	"os"

	"github.com/relulab/relulab/examples/internal/cli"
)

func ExampleParseInts() {
	k, err := cli.ParseInts("6:9, 11, 12:20:4")
	fmt.Println(k, err)
	fmt.Println(cli.FormatInts(k))
	_, err = cli.ParseInts("8:6")
	fmt.Println(err)
	// Output:
	// [6 7 8 9 11 12 16 20] <nil>
	// 6:9,11,12,16,20
	// "8:6": want a ≤ b and a step ≥ 1
}

// The main function of an example command: flags into a Config, then the
// study under Main.
func ExampleMain() {
	type config struct {
		K        []int
		Runs     int
		Progress bool
	}
	cfg := config{K: []int{6, 7, 8}, Runs: 16}
	k := flag.String("k", cli.FormatInts(cfg.K), "teacher sizes k")
	flag.IntVar(&cfg.Runs, "runs", cfg.Runs, "runs per k")
	progress := cli.ProgressFlag()
	cli.Main("study", func(ctx context.Context) error {
		var err error
		if cfg.K, err = cli.ParseInts(*k); err != nil {
			return fmt.Errorf("-k: %w", err)
		}
		if cfg.Progress, err = cli.ParseProgress(*progress); err != nil {
			return err
		}
		// The study's Run(ctx, cfg, os.Stdout, os.Stderr).
		_, err = fmt.Fprintln(os.Stdout, cfg)
		return err
	})
}
