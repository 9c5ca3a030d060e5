// Copyright ©2026 The relulab Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package cli

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
)

// maxInt bounds the integers of ParseInts, far above any network size, so
// that ranges cannot overflow.
const maxInt = 1_000_000_000

// maxRange bounds the number of values of one range item of ParseInts.
const maxRange = 1_000_000

// ParseInts parses a list of integers: comma-separated items, each an
// integer "a", a range "a:b" (a, a+1, …, b) or a stepped range "a:b:s"
// (a, a+s, …, up to b), with spaces allowed around items and numbers. For
// example "6:20", "0,1,2" and "6:10,12,16:20:2". The empty (or blank)
// string gives an empty list. Values must lie in [-1e9, 1e9], a range needs
// a ≤ b and s ≥ 1, and one range may hold at most a million values.
// Duplicates and order are kept as written; callers that need distinct or
// positive values check that themselves.
func ParseInts(s string) ([]int, error) {
	var out []int
	for _, item := range items(s) {
		parts := strings.Split(item, ":")
		if len(parts) > 3 {
			return nil, fmt.Errorf("%q: want a, a:b or a:b:s", item)
		}
		var v [3]int
		for i, p := range parts {
			n, err := strconv.Atoi(strings.TrimSpace(p))
			if err != nil || n < -maxInt || n > maxInt {
				if len(parts) == 1 {
					return nil, fmt.Errorf("%q is not an integer in [-1e9, 1e9]", item)
				}
				return nil, fmt.Errorf("%q: %q is not an integer in [-1e9, 1e9]", item, p)
			}
			v[i] = n
		}
		switch len(parts) {
		case 1:
			out = append(out, v[0])
			continue
		case 2:
			v[2] = 1
		}
		if v[2] < 1 || v[1] < v[0] {
			return nil, fmt.Errorf("%q: want a ≤ b and a step ≥ 1", item)
		}
		n := (v[1]-v[0])/v[2] + 1
		if n > maxRange {
			return nil, fmt.Errorf("%q: %d values, more than %d", item, n, maxRange)
		}
		for i := range n {
			out = append(out, v[0]+i*v[2])
		}
	}
	return out, nil
}

// FormatInts writes a list of integers as ParseInts reads it, with runs of
// four or more consecutive values as ranges:
// FormatInts([]int{0, 1, 2, 6, 7, 8, 9}) = "0,1,2,6:9". The empty list
// gives "".
func FormatInts(v []int) string {
	var b strings.Builder
	for i := 0; i < len(v); {
		j := i
		for j+1 < len(v) && v[j+1] == v[j]+1 {
			j++
		}
		if j < i+3 {
			j = i // Up to three consecutive values read better as a list.
		}
		if b.Len() > 0 {
			b.WriteByte(',')
		}
		b.WriteString(strconv.Itoa(v[i]))
		if j > i {
			b.WriteByte(':')
			b.WriteString(strconv.Itoa(v[j]))
		}
		i = j + 1
	}
	return b.String()
}

// ParseFloats parses a comma-separated list of finite numbers in Go's
// syntax ("0.1, 1e-3"); the empty (or blank) string gives an empty list.
// NaN and ±Inf are errors.
func ParseFloats(s string) ([]float64, error) {
	var out []float64
	for _, f := range items(s) {
		v, err := strconv.ParseFloat(f, 64)
		if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
			return nil, fmt.Errorf("%q is not a finite number", f)
		}
		out = append(out, v)
	}
	return out, nil
}

// FormatFloats writes a list of numbers as ParseFloats reads it, each in
// the shortest form that reads back exactly. The empty list gives "".
func FormatFloats(v []float64) string {
	s := make([]string, len(v))
	for i, x := range v {
		s[i] = strconv.FormatFloat(x, 'g', -1, 64)
	}
	return strings.Join(s, ",")
}

// ParseStrings parses a comma-separated list of names, trimming spaces and
// dropping empty items: ParseStrings(" a, ,b") = [a b], and the empty
// string gives an empty list.
func ParseStrings(s string) []string {
	return slices.DeleteFunc(items(s), func(f string) bool { return f == "" })
}

// items returns the comma-separated items of s with the spaces around them
// trimmed, empty ones included; a blank s has none.
func items(s string) []string {
	if strings.TrimSpace(s) == "" {
		return nil
	}
	out := strings.Split(s, ",")
	for i, f := range out {
		out[i] = strings.TrimSpace(f)
	}
	return out
}
