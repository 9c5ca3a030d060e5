// Copyright ©2026 The relulab Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

// Package cli holds what the example commands (examples/*/main.go) and
// their study packages (examples/internal/*) share: the lists their flags
// take, the -progress flag, the progress bar, JSON-lines files, and Main,
// which runs a study under a context that SIGINT and SIGTERM cancel.
//
// # Lists
//
// A list flag is a comma-separated string. ParseInts reads integers and
// ranges ("6:20", "0,1,2", "6:10:2,15"); ParseFloats reads finite numbers;
// ParseStrings reads names. The empty string is the empty list, which a
// study reads as "skip this part" or rejects in its own validation.
// FormatInts and FormatFloats write a list the way the parsers read it, so
// that flag defaults print in the form the flag takes.
//
// # Errors
//
// The parsers' errors name the offending item but not the flag or the
// command; Main prefixes the command's name, and the caller the flag:
//
//	annihilation: -d: "7x" is not an integer in [-1e9, 1e9]
package cli
