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
// arguments, reads the values of the flags given to IntsVar, FloatsVar,
// StringsVar and ProgressVar into their variables, and calls run with a
// context that the first SIGINT or SIGTERM cancels; a second signal kills
// the process at once. run runs the study with the Config the flags filled.
//
// If run returns nil, Main returns. If a flag's value is malformed, or run
// returns an error, Main prints the error on stderr prefixed with "name: "
// (unless it already starts so) and exits with status 1; if the error is
// the context's cancellation by a signal, it prints "name: interrupted"
// instead and exits with status 130 (a study that can resume says how
// before it returns).
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
	if code := runMain(ctx, name, commandLine, os.Stderr, run); code != 0 {
		stop()
		os.Exit(code)
	}
}

// runMain is Main after fs.fs.Parse and the signal set-up: it reads the
// list flags, calls run and reports an error to stderr, returning the exit
// status.
func runMain(ctx context.Context, name string, fs *flagSet, stderr io.Writer, run func(ctx context.Context) error) int {
	err := fs.read()
	if err == nil {
		err = run(ctx)
	}
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
