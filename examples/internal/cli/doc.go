// Copyright ©2026 The relulab Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

// Package cli holds what the example commands (examples/*/main.go) and
// their study packages (examples/internal/*) share: the list flags, the
// -progress flag, Main, the progress bar and JSON-lines files.
//
// # Commands
//
// A command's main defines its flags on a study's Config and hands the
// study to Main:
//
//	cfg := spurious.DefaultConfig()
//	cli.IntsVar(&cfg.K, "k", "teacher sizes k = d")
//	flag.IntVar(&cfg.Runs, "runs", cfg.Runs, "runs per (k, n)")
//	cli.ProgressVar(&cfg.Progress)
//	cli.Main("spurious", func(ctx context.Context) error {
//		return spurious.Run(ctx, cfg, os.Stdout, os.Stderr)
//	})
//
// Main parses the command line, reads the list flags into the Config,
// cancels ctx on SIGINT or SIGTERM and reports errors as "spurious: …".
//
// # Lists
//
// A list flag is a comma-separated string, shown in -h as a string flag
// with the default written the way the flag reads it. ParseInts reads
// integers and ranges ("6:20", "0,1,2", "6:10:2,15"); ParseFloats reads
// finite numbers; ParseStrings reads names. The empty string is the empty
// list, which a study reads as "skip this part" or rejects in its own
// validation. FormatInts and FormatFloats write a list the way the parsers
// read it.
//
// # Errors
//
// The parsers' errors name the offending item but not the flag or the
// command; Main adds both:
//
//	annihilation: -d: "7x" is not an integer in [-1e9, 1e9]
package cli
