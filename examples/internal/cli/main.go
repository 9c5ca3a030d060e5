// Copyright ©2026 The relulab Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"
)

// Main is the body of an example command named name. It parses the command
// line (flag.Parse, which exits on -h or a bad flag), refuses positional
// arguments, and calls run with a context that the first SIGINT or SIGTERM
// cancels; a second signal kills the process at once. run parses the list
// flags, builds the study's Config and runs it.
//
// If run returns nil, Main returns. If run returns an error, Main prints
// it on stderr prefixed with "name: " (unless it already starts so) and
// exits with status 1, or with status 130 after printing "name:
// interrupted" if the error is the context's cancellation by a signal (a
// study that can resume says how before it returns).
func Main(name string, run func(ctx context.Context) error) {
	flag.Parse()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	go func() {
		// After the first signal the study stops at its next check of
		// ctx; restoring the default handling lets a second one kill.
		<-ctx.Done()
		stop()
	}()
	if code := runMain(ctx, name, flag.Args(), os.Stderr, run); code != 0 {
		stop()
		os.Exit(code)
	}
}

// runMain is Main after flag parsing and signal set-up: it calls run and
// reports its error to stderr, returning the exit status.
func runMain(ctx context.Context, name string, args []string, stderr io.Writer, run func(ctx context.Context) error) int {
	if len(args) > 0 {
		fmt.Fprintf(stderr, "%s: unexpected arguments %q\n", name, args)
		return 1
	}
	err := run(ctx)
	switch {
	case err == nil:
		return 0
	case ctx.Err() != nil && errors.Is(err, ctx.Err()):
		fmt.Fprintf(stderr, "%s: interrupted\n", name)
		return 130
	}
	msg := err.Error()
	if !strings.HasPrefix(msg, name+": ") {
		msg = name + ": " + msg
	}
	fmt.Fprintln(stderr, msg)
	return 1
}

// ProgressUsage is the usage of the -progress flag that every example
// command defines with ProgressFlag.
const ProgressUsage = "progress bar on stderr: auto (when a terminal), on, off"

// ProgressFlag defines the flag -progress (default "auto", usage
// ProgressUsage) on flag.CommandLine. After flag.Parse, ParseProgress of
// the returned string says whether to draw a progress bar.
func ProgressFlag() *string {
	return flag.String("progress", "auto", ProgressUsage)
}

// ParseProgress reads the value of -progress: "on" gives true, "off"
// false and "auto" whether stderr is a terminal (a character device).
// Anything else is an error.
func ParseProgress(s string) (bool, error) {
	switch s {
	case "auto":
		return isTerminal(os.Stderr), nil
	case "on":
		return true, nil
	case "off":
		return false, nil
	}
	return false, fmt.Errorf("-progress %q: want auto, on or off", s)
}

// isTerminal reports whether f is a character device, as a terminal is.
func isTerminal(f *os.File) bool {
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}
