// Copyright ©2026 The relulab Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package cli

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func TestParseInts(t *testing.T) {
	for _, test := range []struct {
		in   string
		want []int
		err  string // a part of the error message; "" for none
	}{
		{in: "6:20", want: []int{6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20}},
		{in: "0,1,2", want: []int{0, 1, 2}},
		{in: "6:10:2, 15", want: []int{6, 8, 10, 15}},
		{in: " 6 : 10 : 2 ,15 ", want: []int{6, 8, 10, 15}},
		{in: "7", want: []int{7}},
		{in: "-1:1", want: []int{-1, 0, 1}},
		{in: "3,3,1", want: []int{3, 3, 1}},
		{in: "100,1000,10000", want: []int{100, 1000, 10000}},
		{in: "", want: nil},
		{in: "  ", want: nil},
		{in: "6:", err: `"6:": "" is not an integer`},
		{in: "8:6", err: `"8:6": want a ≤ b`},
		{in: "6:8:0", err: "step ≥ 1"},
		{in: "1:2:3:4", err: `"1:2:3:4": want a, a:b or a:b:s`},
		{in: "0:100000000", err: "more than 1000000"},
		{in: "0:999999", want: nil}, // checked by length below
		{in: "a", err: `"a" is not an integer in [-1e9, 1e9]`},
		{in: "3,x", err: `"x" is not an integer`},
		{in: "3,,4", err: `"" is not an integer`},
		{in: "3,", err: `"" is not an integer`},
		{in: "1.5", err: `"1.5" is not an integer`},
		{in: "9223372036854775800:9223372036854775807", err: "is not an integer in [-1e9, 1e9]"},
		{in: "-1000000000:-999999998", want: []int{-1000000000, -999999999, -999999998}},
		{in: "1000000000:1000000000", want: []int{1000000000}},
		{in: "0:1000000000:999999999", want: []int{0, 999999999}},
	} {
		got, err := ParseInts(test.in)
		if test.in == "0:999999" {
			if err != nil || len(got) != 1_000_000 || got[999_999] != 999_999 {
				t.Errorf("ParseInts(%q): %d values, last %d, %v; want 10⁶ values", test.in, len(got), got[len(got)-1], err)
			}
			continue
		}
		switch {
		case test.err == "" && (err != nil || !slices.Equal(got, test.want)):
			t.Errorf("ParseInts(%q) = %v, %v; want %v", test.in, got, err, test.want)
		case test.err != "" && (err == nil || !strings.Contains(err.Error(), test.err)):
			t.Errorf("ParseInts(%q) = %v, %v; want an error with %q", test.in, got, err, test.err)
		}
	}
}

func TestFormatInts(t *testing.T) {
	for _, test := range []struct {
		in   []int
		want string
	}{
		{nil, ""},
		{[]int{7}, "7"},
		{[]int{0, 1}, "0,1"},
		{[]int{0, 1, 2}, "0,1,2"},
		{[]int{6, 7, 8, 9, 10}, "6:10"},
		{[]int{0, 1, 2, 6, 7, 8, 9}, "0,1,2,6:9"},
		{[]int{6, 7, 8, 10, 20, 50}, "6,7,8,10,20,50"},
		{[]int{3, 2, 1}, "3,2,1"},
		{[]int{-2, -1, 0, 1}, "-2:1"},
	} {
		if got := FormatInts(test.in); got != test.want {
			t.Errorf("FormatInts(%v) = %q, want %q", test.in, got, test.want)
		}
	}
}

// FuzzParseInts checks that ParseInts never panics and that FormatInts
// writes what it reads back.
func FuzzParseInts(f *testing.F) {
	for _, s := range []string{"", "6:20", "0,1,2", "6:10:2,15", "-3:-1", "1:2:3:4", "9223372036854775807", "9223372036854775800:9223372036854775807", "1,2,3,3,4,5"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v, err := ParseInts(s)
		if err != nil {
			return
		}
		w, err := ParseInts(FormatInts(v))
		if err != nil || !slices.Equal(v, w) {
			t.Fatalf("%q: %v formats as %q, parsed back as %v, %v", s, v, FormatInts(v), w, err)
		}
	})
}

func TestParseFloats(t *testing.T) {
	for _, test := range []struct {
		in   string
		want []float64
		err  bool
	}{
		{in: "1,0.3,0.1", want: []float64{1, 0.3, 0.1}},
		{in: " 0 , 1e-3", want: []float64{0, 1e-3}},
		{in: "-2.5", want: []float64{-2.5}},
		{in: "", want: nil},
		{in: "1,,2", err: true},
		{in: "x", err: true},
		{in: "NaN", err: true},
		{in: "1,+Inf", err: true},
		{in: "1e400", err: true},
	} {
		got, err := ParseFloats(test.in)
		if (err != nil) != test.err || !slices.Equal(got, test.want) {
			t.Errorf("ParseFloats(%q) = %v, %v; want %v, error %t", test.in, got, err, test.want, test.err)
		}
	}
	v := []float64{1, 0.3, 0.1, 1e-300, -math.Pi}
	if got, err := ParseFloats(FormatFloats(v)); err != nil || !slices.Equal(got, v) {
		t.Errorf("ParseFloats(FormatFloats(%v)) = %v, %v", v, got, err)
	}
	if s := FormatFloats([]float64{0, 0.1, 0.3}); s != "0,0.1,0.3" {
		t.Errorf("FormatFloats = %q, want 0,0.1,0.3", s)
	}
}

func TestParseStrings(t *testing.T) {
	for _, test := range []struct {
		in   string
		want []string
	}{
		{"diagonal,chessboard", []string{"diagonal", "chessboard"}},
		{" a, ,b ,", []string{"a", "b"}},
		{"", nil},
	} {
		if got := ParseStrings(test.in); !slices.Equal(got, test.want) {
			t.Errorf("ParseStrings(%q) = %q, want %q", test.in, got, test.want)
		}
	}
}

// newFlagSet returns a flagSet with the flags of a small command, parsed
// from args, and the variables they set.
func newFlagSet(t *testing.T, args ...string) (*flagSet, *config) {
	t.Helper()
	c := &config{K: []int{6, 7, 8, 9}, Betas: []float64{1, 0.3}, Figures: []string{"diagonal"}, Runs: 16}
	f := &flagSet{fs: flag.NewFlagSet("cmd", flag.ContinueOnError)}
	f.fs.SetOutput(io.Discard)
	f.intsVar(&c.K, "k", "teacher sizes")
	f.floatsVar(&c.Betas, "betas", "init scales")
	f.stringsVar(&c.Figures, "figures", "figures")
	f.fs.IntVar(&c.Runs, "runs", c.Runs, "runs")
	// A regular file is not a terminal, so auto is off.
	stderr, err := os.Create(filepath.Join(t.TempDir(), "stderr"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { stderr.Close() })
	f.progressVar(&c.Progress, stderr)
	if err := f.fs.Parse(args); err != nil {
		t.Fatal(err)
	}
	return f, c
}

type config struct {
	K        []int
	Betas    []float64
	Figures  []string
	Runs     int
	Progress bool
}

func TestFlags(t *testing.T) {
	for _, test := range []struct {
		args []string
		want config
		err  string
	}{
		{args: nil, want: config{K: []int{6, 7, 8, 9}, Betas: []float64{1, 0.3}, Figures: []string{"diagonal"}, Runs: 16}},
		{args: []string{"-k", "6:20:7", "-betas", "0.1", "-figures", "diagonal,chessboard", "-runs", "3", "-progress", "on"},
			want: config{K: []int{6, 13, 20}, Betas: []float64{0.1}, Figures: []string{"diagonal", "chessboard"}, Runs: 3, Progress: true}},
		{args: []string{"-k=", "-betas=", "-figures=", "-progress=off"}, want: config{Runs: 16}},
		{args: []string{"-progress", "auto"}, want: config{K: []int{6, 7, 8, 9}, Betas: []float64{1, 0.3}, Figures: []string{"diagonal"}, Runs: 16}},
		{args: []string{"-k", "8:6"}, err: `-k: "8:6": want a ≤ b and a step ≥ 1`},
		{args: []string{"-betas", "1,x"}, err: `-betas: "x" is not a finite number`},
		{args: []string{"-progress", "yes"}, err: `-progress: "yes": want auto, on or off`},
		{args: []string{"-k", "6", "extra"}, err: `unexpected arguments ["extra"]`},
	} {
		f, c := newFlagSet(t, test.args...)
		err := f.read()
		switch {
		case test.err != "":
			if err == nil || err.Error() != test.err {
				t.Errorf("%q: error %v, want %s", test.args, err, test.err)
			}
		case err != nil:
			t.Errorf("%q: %v", test.args, err)
		case !slices.Equal(c.K, test.want.K) || !slices.Equal(c.Betas, test.want.Betas) || !slices.Equal(c.Figures, test.want.Figures) ||
			c.Runs != test.want.Runs || c.Progress != test.want.Progress:
			t.Errorf("%q: %+v, want %+v", test.args, *c, test.want)
		}
	}
	// The defaults print as the flags read them.
	f, _ := newFlagSet(t)
	for name, want := range map[string]string{"k": "6:9", "betas": "1,0.3", "figures": "diagonal", "progress": "auto"} {
		if got := f.fs.Lookup(name).DefValue; got != want {
			t.Errorf("-%s: default %q, want %q", name, got, want)
		}
	}
}

func TestRunMain(t *testing.T) {
	cancelled, cancel := context.WithCancel(context.Background())
	cancel()
	for _, test := range []struct {
		name   string
		ctx    context.Context
		args   []string
		err    error
		code   int
		stderr string
	}{
		{name: "ok", ctx: context.Background(), code: 0, stderr: ""},
		{name: "args", ctx: context.Background(), args: []string{"x"}, code: 1, stderr: "cmd: unexpected arguments [\"x\"]\n"},
		{name: "flag", ctx: context.Background(), args: []string{"-k", "6,x"}, code: 1, stderr: "cmd: -k: \"x\" is not an integer in [-1e9, 1e9]\n"},
		{name: "prefixed", ctx: context.Background(), err: errors.New("cmd: no k"), code: 1, stderr: "cmd: no k\n"},
		{name: "other", ctx: context.Background(), err: errors.New("sweep: bad shard"), code: 1, stderr: "cmd: sweep: bad shard\n"},
		{name: "interrupted", ctx: cancelled, err: fmt.Errorf("study: %w", context.Canceled), code: 130, stderr: "cmd: interrupted\n"},
		{name: "failed after interrupt", ctx: cancelled, err: errors.New("cmd: disk full"), code: 1, stderr: "cmd: disk full\n"},
	} {
		f, _ := newFlagSet(t, test.args...)
		var stderr bytes.Buffer
		called := false
		code := runMain(test.ctx, "cmd", f, &stderr, func(ctx context.Context) error {
			called = true
			return test.err
		})
		if code != test.code || stderr.String() != test.stderr {
			t.Errorf("%s: status %d, stderr %q; want %d, %q", test.name, code, stderr.String(), test.code, test.stderr)
		}
		if called == (len(test.args) > 0) {
			t.Errorf("%s: run called = %t with arguments %q", test.name, called, test.args)
		}
	}
}

func TestWriteJSONLines(t *testing.T) {
	type row struct {
		K int     `json:"k"`
		F float64 `json:"fraction"`
	}
	rows := []row{{6, 0}, {7, 0.25}, {8, 0.5}}
	path := filepath.Join(t.TempDir(), "rows.jsonl")
	if err := WriteJSONLines(path, rows); err != nil {
		t.Fatal(err)
	}
	got, err := ReadJSONLines[row](path)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(got, rows) {
		t.Errorf("read back %v, want %v", got, rows)
	}
	// Rows that cannot be encoded and folders that do not exist are errors.
	if err := WriteJSONLines(path, []float64{math.NaN()}); err == nil || !strings.Contains(err.Error(), path) {
		t.Errorf("NaN row: error %v, want one naming %s", err, path)
	}
	if err := WriteJSONLines(filepath.Join(path, "x", "y"), rows); err == nil {
		t.Error("no error for a path below a file")
	}
	// ReadJSONLines skips blank lines and names the line of a bad one.
	if err := os.WriteFile(path, []byte("{\"k\": 1}\n\n{\"k\": 2}\n{\"k\": \"x\"}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if got, err := ReadJSONLines[row](path); err == nil || !strings.Contains(err.Error(), path+":4:") {
		t.Errorf("ReadJSONLines of a bad line 4: %v, %v", got, err)
	}
	if got, err := ReadJSONLines[map[string]any](path); err != nil || len(got) != 3 {
		t.Errorf("ReadJSONLines into maps: %v, %v; want 3 rows", got, err)
	}
}
