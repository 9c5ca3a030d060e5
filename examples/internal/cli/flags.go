// Copyright ©2026 The relulab Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package cli

import (
	"flag"
	"fmt"
	"os"
	"strings"
)

// flagSet is a flag.FlagSet with the list flags defined on it, which are
// string flags read into their variables after parsing.
type flagSet struct {
	fs *flag.FlagSet
	// readers read the string of a list flag into its variable, in the
	// order of definition; always says whether to read it also when the
	// flag was not given.
	readers []reader
}

type reader struct {
	name   string
	always bool
	read   func() error
}

// commandLine is the flagSet of flag.CommandLine, which Main parses.
var commandLine = &flagSet{fs: flag.CommandLine}

// IntsVar defines on flag.CommandLine a list flag name whose value
// ParseInts reads into *p: a string flag whose default is FormatInts(*p).
// Main reads the value after parsing the command line; when the flag is
// not given, *p keeps its value.
func IntsVar(p *[]int, name, usage string) {
	commandLine.intsVar(p, name, usage)
}

// FloatsVar defines on flag.CommandLine a list flag name whose value
// ParseFloats reads into *p: a string flag whose default is
// FormatFloats(*p). Main reads the value after parsing the command line;
// when the flag is not given, *p keeps its value.
func FloatsVar(p *[]float64, name, usage string) {
	commandLine.floatsVar(p, name, usage)
}

// StringsVar defines on flag.CommandLine a list flag name whose value
// ParseStrings reads into *p: a string flag whose default is *p joined by
// commas. Main reads the value after parsing the command line; when the
// flag is not given, *p keeps its value.
func StringsVar(p *[]string, name, usage string) {
	commandLine.stringsVar(p, name, usage)
}

// ProgressVar defines on flag.CommandLine the flag -progress of every
// example command, "auto" (the default), "on" or "off". Main sets *p after
// parsing the command line: true for "on", false for "off", and for
// "auto" whether stderr is a terminal (a character device); other values
// are an error.
func ProgressVar(p *bool) {
	commandLine.progressVar(p, os.Stderr)
}

func (f *flagSet) intsVar(p *[]int, name, usage string) {
	s := f.fs.String(name, FormatInts(*p), usage)
	f.add(name, false, func() (err error) {
		*p, err = ParseInts(*s)
		return err
	})
}

func (f *flagSet) floatsVar(p *[]float64, name, usage string) {
	s := f.fs.String(name, FormatFloats(*p), usage)
	f.add(name, false, func() (err error) {
		*p, err = ParseFloats(*s)
		return err
	})
}

func (f *flagSet) stringsVar(p *[]string, name, usage string) {
	s := f.fs.String(name, strings.Join(*p, ","), usage)
	f.add(name, false, func() error {
		*p = ParseStrings(*s)
		return nil
	})
}

func (f *flagSet) progressVar(p *bool, stderr *os.File) {
	s := f.fs.String("progress", "auto", "progress bar on stderr: auto (when a terminal), on, off")
	f.add("progress", true, func() error {
		switch *s {
		case "auto":
			*p = isTerminal(stderr)
		case "on":
			*p = true
		case "off":
			*p = false
		default:
			return fmt.Errorf("%q: want auto, on or off", *s)
		}
		return nil
	})
}

func (f *flagSet) add(name string, always bool, read func() error) {
	f.readers = append(f.readers, reader{name: name, always: always, read: read})
}

// read refuses positional arguments and reads the list flags given on the
// command line, and those read always, into their variables. Its errors
// name the flag.
func (f *flagSet) read() error {
	if args := f.fs.Args(); len(args) > 0 {
		return fmt.Errorf("unexpected arguments %q", args)
	}
	set := make(map[string]bool)
	f.fs.Visit(func(fl *flag.Flag) { set[fl.Name] = true })
	for _, r := range f.readers {
		if !r.always && !set[r.name] {
			continue
		}
		if err := r.read(); err != nil {
			return fmt.Errorf("-%s: %w", r.name, err)
		}
	}
	return nil
}

// isTerminal reports whether f is a character device, as a terminal is.
func isTerminal(f *os.File) bool {
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}
