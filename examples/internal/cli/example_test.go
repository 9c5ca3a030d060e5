// Copyright ©2026 The relulab Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package cli_test

import (
	"context"
	"flag"
	"fmt"

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

// The main function of an example command: the flags fill a Config, Main
// parses them and runs the study.
func ExampleMain() {
	type config struct {
		K        []int
		Runs     int
		Progress bool
	}
	cfg := config{K: []int{6, 7, 8}, Runs: 16}
	cli.IntsVar(&cfg.K, "k", "teacher sizes k")
	flag.IntVar(&cfg.Runs, "runs", cfg.Runs, "runs per k")
	cli.ProgressVar(&cfg.Progress)
	cli.Main("study", func(ctx context.Context) error {
		// The study's Run(ctx, cfg, os.Stdout, os.Stderr).
		_, err := fmt.Println(cfg)
		return err
	})
}
